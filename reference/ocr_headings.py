"""Structure survives OCR: heading markers whose punctuation OCR dropped or misread, restored
where the reference agrees the paragraph is that heading.

OCR loses small marks: `二、总体要求` is read `二总体要求`, `（十二）` is read `（十二`, `——` is read
`—` or `一`, or dropped whole (OpenVINO's PP-OCRv4 run does this to a short line-initial `——`). Segmentation (reference.segment) then sees no marker, runs the heading into the unit
before it, and comparison reports a missing section plus extra text — errors about print that is
fine. The reference knows its headings, so before comparing, each OCR'd paragraph (its first
character from an OCR span) is matched with the reference's numbered units: when the paragraph's
opening, with punctuation and dashes set aside, is the unit's marker number followed by the first
MATCH_CHARS characters of its body, and the paragraph does not already start with a marker, the
damaged marker is replaced by the reference's. Each reference unit restores at most one
paragraph, in reading order.

The witness text changes only in its marker, and each change is returned as a Restoration, which
becomes an `ocr_noise` info flag naming what OCR read (`restoration_flags`): nothing is hidden.
Paragraph spans are shifted so offsets and pages stay right. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from extract.model import CleanDocument, Paragraph
from reference.align_clauses import body_start
from reference.compare import compare
from reference.model import Clause, Comparison, Flag, Identification, Reference
from reference.segment import segment

MATCH_CHARS = 4  # body characters after the number that must agree with the reference
MATCH_CHARS_BARE = 8  # … when OCR left no trace of an item's `——` at all (a paragraph that opens
# with the first 8 characters of a reference item is that item, its dashes lost)
HEADED = ("section", "clause", "item", "box")
SOFT = set("、，,.．。:：（）()〔〕[]【】—–-－_ \u3000")  # marks OCR drops or misreads around a number
DASHES = set("—–-－一_")  # what OCR makes of an item's —— (一 too: the same stroke)


@dataclass(frozen=True)
class Restoration:
    """One marker put back: paragraph index, what OCR read in its place, the reference marker."""

    paragraph: int
    read: str
    marker: str
    reference_clause_id: str


def _hard(text: str) -> str:
    """The characters of `text` that OCR keeps: punctuation and dashes set aside."""
    return "".join(ch for ch in text if ch not in SOFT)


def _marker_end(paragraph: str, number: str, body: str) -> int | None:
    """Where the body begins in `paragraph` when it opens with a damaged `number` + `body` marker."""
    at = 0
    for ch in number:
        while at < len(paragraph) and paragraph[at] in SOFT:
            at += 1
        if at >= len(paragraph) or paragraph[at] != ch:
            return None
        at += 1
    lead = at
    skip = SOFT if number else SOFT | DASHES
    while at < len(paragraph) and paragraph[at] in skip and paragraph[at] not in body[:1]:
        at += 1
    if not number and not all(ch in DASHES for ch in paragraph[lead:at]):
        return None  # a dash item: only dash-like residue may stand before the body
    need = MATCH_CHARS if number or at > 0 else MATCH_CHARS_BARE  # `——` dropped whole: ask for more
    return at if len(_hard(body)) >= need and _hard(paragraph[at:])[:need] == _hard(body)[:need] else None


def _candidates(reference: Reference) -> list[tuple[Clause, str, str]]:
    """(unit, marker, body) of the reference's numbered units with a body long enough to match."""
    out = []
    for clause in reference.clauses:
        if clause.kind in HEADED:
            cut = body_start(clause.text)
            marker, body = clause.text[:cut], clause.text[cut:]
            if marker and len(_hard(body)) >= MATCH_CHARS:
                out.append((clause, marker, body))
    return out


def _from_ocr(paragraph: Paragraph) -> bool:
    return bool(paragraph.spans) and paragraph.spans[0].source == "ocr"


def find_restorations(clean: CleanDocument, reference: Reference) -> list[Restoration]:
    """The damaged markers of OCR'd paragraphs the reference can restore, in reading order."""
    candidates = _candidates(reference)
    used: set[str] = set()
    found = []
    for index, paragraph in enumerate(clean.paragraphs):
        text = paragraph.text
        if not _from_ocr(paragraph) or body_start(text) > 0:
            continue
        for clause, marker, body in candidates:
            if clause.clause_id in used:
                continue
            end = _marker_end(text, _hard(marker), body)
            if end is not None and text[:end] != marker:
                found.append(Restoration(index, text[:end], marker, clause.clause_id))
                used.add(clause.clause_id)
                break
    return found


def _shifted(paragraph: Paragraph, cut: int, marker: str) -> Paragraph:
    """The paragraph with text[:cut] replaced by `marker`, spans moved to match."""
    delta = len(marker) - cut
    spans = []
    for k, span in enumerate(paragraph.spans):
        start = 0 if k == 0 else span.start + delta
        spans.append(replace(span, start=start, end=max(start, span.end + delta)))
    original = marker + paragraph.original[cut:] if paragraph.original else paragraph.original
    return Paragraph(text=marker + paragraph.text[cut:], original=original, spans=tuple(spans))


def restore_markers(clean: CleanDocument, reference: Reference) -> tuple[CleanDocument, list[Restoration]]:
    """The witness with damaged OCR heading markers restored (the same object when none were)."""
    restorations = find_restorations(clean, reference)
    if not restorations:
        return clean, []
    paragraphs = list(clean.paragraphs)
    for r in restorations:
        paragraphs[r.paragraph] = _shifted(paragraphs[r.paragraph], len(r.read), r.marker)
    return replace(clean, paragraphs=paragraphs), restorations


def restoration_flags(restorations: list[Restoration], clauses: list[Clause]) -> list[Flag]:
    """One `ocr_noise` info flag per restored marker, on the witness unit that now begins with it."""
    flags = []
    for r in restorations:
        clause = next((c for c in clauses if c.paragraph_index == r.paragraph and c.start == 0), None)
        if clause is None:
            continue
        flags.append(Flag(
            kind="ocr_noise", severity="info", clause_id=clause.clause_id, section_no=clause.section_no,
            clause_no=clause.clause_no, page=clause.page_start or None, reference_text=r.marker,
            witness_text=clause.text[: len(r.marker)], context=clause.text[:30],
            detail=f"OCR read the marker as “{r.read}”; the reference's heading {r.reference_clause_id} "
                   f"agrees, so it is read as “{r.marker}”",
            witness_start=0, witness_end=len(r.marker), ocr_read=r.read,
        ))  # fmt: skip
    return flags


def align_restoring_markers(clean: CleanDocument, clauses: list[Clause], reference: Reference,
                            identification: Identification) -> tuple[CleanDocument, list[Clause], Comparison]:
    """(clean, clauses, comparison): `compare` after restoring damaged OCR heading markers.

    When a marker was restored the witness is segmented again and its restorations join the
    comparison's flags as `ocr_noise` info, after the flags of the clause they open.
    """
    restored, restorations = restore_markers(clean, reference)
    if restorations:
        clean, clauses = restored, segment(restored)
    comparison = compare(clean, clauses, reference, identification)
    if restorations:
        order = {clause.clause_id: k for k, clause in enumerate(clauses)}
        flags = comparison.flags + restoration_flags(restorations, clauses)
        flags.sort(key=lambda f: (order.get(f.clause_id, len(order)), f.witness_start or 0))
        comparison = replace(comparison, flags=flags)
    return clean, clauses, comparison
