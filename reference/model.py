"""Data of the comparison stage: clauses, references, identification and flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ClauseKind = Literal[
    "title", "preamble", "section", "clause", "item", "box", "other", "chapter", "article", "table"
]  # chapter 第X章 / article 第X条: the units of regulations (reference/segment.py); table: a table of rows
ClauseStatus = Literal["matched", "changed", "missing", "extra", "duplicated", ""]
Severity = Literal["info", "warning", "error"]

FLAG_KINDS = (
    "duplicated_block",
    "truncated_clause",
    "missing_clause",
    "extra_clause",
    "missing_text",
    "extra_content",
    "inserted_text",
    "deleted_text",
    "substituted_text",
    "latin_intrusion",
    "visual_confusion",
    "numbering_error",
    "conversion_variant",
    "punctuation",
    "ocr_suspect",
    "ocr_noise",
    "moved_boundary",
)


@dataclass
class Clause:
    """One unit of a document's own structure (a section heading, a clause, an item, a box …).

    `text` is the unit's full cleaned text including its marker (`（三）`, `——`, `专栏2`);
    `original` is the same before Traditional→Simplified conversion.
    `paragraph_index`/`start`/`end` locate `text` in the CleanDocument it came from
    (start/end are offsets within that paragraph), so flags can find their page.
    """

    clause_id: str
    kind: ClauseKind
    text: str
    title: str = ""
    section_no: int | None = None
    clause_no: int | None = None
    item_no: int | None = None
    box_no: int | None = None
    original: str = ""
    page_start: int = 0
    page_end: int = 0
    paragraph_index: int = 0
    start: int = 0
    end: int = 0
    # (paragraph_index, start, end) of each paragraph piece of `text` when a unit spans several
    # paragraphs (pieces are joined by "\n" in `text`); reference.segment.locate() maps offsets.
    pieces: tuple[tuple[int, int, int], ...] = ()


@dataclass
class Reference:
    """A reference text with its metadata and its clauses."""

    reference_id: str
    title: str
    issuer: str
    date: str
    source: str
    note: str
    version: str  # changes whenever the text changes (content hash prefix)
    text: str  # one paragraph per line, as clean.txt
    clauses: list[Clause] = field(default_factory=list)


@dataclass(frozen=True)
class Identification:
    """Which reference a witness is, and how sure we are."""

    reference_id: str | None  # None: no matching reference
    score: float  # containment of the witness in the reference, in [0, 1]
    coverage: float  # share of the reference found in the witness, in [0, 1]
    candidates: tuple[tuple[str, float], ...] = ()  # (reference_id, score), best first
    reason: str = ""


@dataclass
class Flag:
    """One finding in a witness, with its kind, place and evidence."""

    kind: str  # one of FLAG_KINDS
    severity: Severity
    clause_id: str
    section_no: int | None
    clause_no: int | None
    page: int | None
    reference_text: str
    witness_text: str
    context: str  # witness text around the finding
    detail: str
    flag_id: str = ""  # assigned when flags are numbered for output
    doc_id: str = ""
    witness_start: int | None = None  # offsets into the witness clause text
    witness_end: int | None = None
    # OCR'd lines re-read before accusing (reference.ocr_review): the line as first read, and the
    # re-reads (" | "-joined, one per way of reading) with the lowest of their confidences
    ocr_read: str = ""
    ocr_confidence: float | None = None
    reread: str = ""
    reread_confidence: float | None = None


@dataclass
class ClauseRow:
    """One row of clauses.csv: a witness clause and how it compares with the reference."""

    clause: Clause
    reference_clause_id: str = ""
    similarity: float | None = None
    status: ClauseStatus = ""
    flag_count: int = 0
    # regional variant the clause's text follows: "simplified", or an OpenCC configuration that
    # writes such a copy ("s2t", "s2tw", "s2twp+words" …; reference.regional); "" when unknown
    variant: str = ""


@dataclass
class Comparison:
    """The result of comparing a witness with a reference."""

    identification: Identification
    rows: list[ClauseRow]
    flags: list[Flag]
    reference_id: str | None = None
    reference_version: str | None = None
    variant: str = ""  # the witness's regional variant, as ClauseRow.variant, for the document
