"""report.html: a self-contained page an archivist can read: summary, then each flagged clause.

All document text reaches the page through jinja2 autoescaping (never `|safe`), so a document
that contains `<script>` shows it as text. No network resources: inline CSS and vanilla JS only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

import policyqa
from output.result import DocumentResult
from output.tables import identification_of, numbered_flags, reference_id_of
from reference.model import Clause, ClauseRow, Flag, Reference

SEVERITIES = ("error", "warning", "info")
_RANK = {"info": 1, "warning": 2, "error": 3}
SEVERITY_LABELS = {"error": "错误 error", "warning": "待核 warning", "info": "提示 info"}
TEMPLATE_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Segment:
    """A run of clause text, highlighted with a severity class or plain (severity '')."""

    text: str
    severity: str = ""


@dataclass
class FlaggedClause:
    """One clause of the report with its flags, witness side and reference side."""

    clause_id: str
    witness: list[Segment]
    reference: list[Segment]
    reference_clause_id: str
    pages: str
    status: str
    flags: list[Flag] = field(default_factory=list)

    @property
    def kinds(self) -> str:
        """Space-separated kinds of the clause's flags (for the JS filter)."""
        return " ".join(sorted({flag.kind for flag in self.flags}))

    @property
    def severities(self) -> str:
        """Space-separated severities of the clause's flags (for the JS filter)."""
        return " ".join(sorted({flag.severity for flag in self.flags}))

    @property
    def worst(self) -> str:
        """The most serious severity among the clause's flags."""
        return max((flag.severity for flag in self.flags), key=lambda s: _RANK.get(s, 0), default="info")


def highlight_segments(text: str, ranges: list[tuple[int, int, str]]) -> list[Segment]:
    """Split text into runs, each marked with the worst severity of the ranges covering it."""
    marks = [""] * len(text)
    for start, end, severity in ranges:
        start, end = max(0, start), min(len(text), end)
        for index in range(start, end):
            if _RANK.get(severity, 0) > _RANK.get(marks[index], 0):
                marks[index] = severity
    segments: list[Segment] = []
    for index, char in enumerate(text):
        if segments and segments[-1].severity == marks[index]:
            segments[-1] = Segment(segments[-1].text + char, marks[index])
        else:
            segments.append(Segment(char, marks[index]))
    return segments


def _witness_ranges(text: str, flags: list[Flag]) -> list[tuple[int, int, str]]:
    """Flag ranges inside the witness clause (offsets given, else the witness text if found)."""
    ranges = []
    for flag in flags:
        if flag.witness_start is not None and flag.witness_end is not None:
            ranges.append((flag.witness_start, flag.witness_end, flag.severity))
        elif flag.witness_text and (at := text.find(flag.witness_text)) >= 0:
            ranges.append((at, at + len(flag.witness_text), flag.severity))
    return ranges


def _occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of every occurrence of needle in text (overlapping ones included)."""
    starts, at = [], text.find(needle)
    while needle and at >= 0:
        starts.append(at)
        at = text.find(needle, at + 1)
    return starts


def _reference_ranges(text: str, flags: list[Flag]) -> list[tuple[int, int, str]]:
    """Where each flag's reference_text occurs in the reference clause.

    When it occurs more than once, the occurrence nearest the flag's witness offset is taken:
    witness and reference clause run roughly in step, so that is most likely the one meant.
    """
    ranges = []
    for flag in flags:
        starts = _occurrences(text, flag.reference_text)
        if starts:
            near = flag.witness_start or 0
            at = min(starts, key=lambda start: abs(start - near))
            ranges.append((at, at + len(flag.reference_text), flag.severity))
    return ranges


def _pages(clause: Clause | None, flags: list[Flag]) -> str:
    """Pages to show for a clause: its page range, else the pages its flags name."""
    if clause is not None and clause.page_start:
        end = clause.page_end or clause.page_start
        return str(clause.page_start) if end == clause.page_start else f"{clause.page_start}–{end}"
    pages = sorted({flag.page for flag in flags if flag.page})
    return ", ".join(str(page) for page in pages)


def _reference_text(ref_id: str, ref_clauses: dict[str, Clause]) -> str:
    """Text of a reference clause, or of several joined by `+` (a merged witness clause)."""
    return "\n".join(ref_clauses[part].text for part in ref_id.split("+") if part in ref_clauses)


def _group_flags(flags: list[Flag]) -> dict[tuple[str, bool], list[Flag]]:
    """Flags by (clause_id, is a missing_clause flag), in order of each group's first flag.

    A missing_clause flag names a *reference* clause id, which may also be a witness clause's id
    (a witness preamble `P` while the reference's `P` is absent): the two never share a card.
    """
    grouped: dict[tuple[str, bool], list[Flag]] = {}
    for flag in flags:
        grouped.setdefault((flag.clause_id, flag.kind == "missing_clause"), []).append(flag)
    return grouped


def _witness_rows(result: DocumentResult) -> dict[str, ClauseRow]:
    """Comparison rows of witness clauses by clause id (placeholders of missing clauses left out)."""
    rows: dict[str, ClauseRow] = {}
    for row in result.comparison.rows if result.comparison else []:
        if row.status != "missing":
            rows.setdefault(row.clause.clause_id, row)
    return rows


def flagged_clauses(result: DocumentResult, reference: Reference | None) -> list[FlaggedClause]:
    """The flagged clauses in document order (order of each clause's first flag)."""
    rows = _witness_rows(result)
    clauses = {clause.clause_id: clause for clause in result.clauses}
    ref_clauses = {clause.clause_id: clause for clause in (reference.clauses if reference else [])}
    out = []
    for (clause_id, missing), flags in _group_flags(numbered_flags(result)).items():
        row = None if missing else rows.get(clause_id)
        clause = None if missing else clauses.get(clause_id) or (row.clause if row else None)
        own_id = clause_id if clause_id in ref_clauses else ""
        ref_id = (row.reference_clause_id if row else "") or own_id
        ref_text = _reference_text(ref_id, ref_clauses)
        witness_text = clause.text if clause else ""
        out.append(FlaggedClause(
            clause_id=clause_id,
            witness=highlight_segments(witness_text, _witness_ranges(witness_text, flags)),
            reference=highlight_segments(ref_text, _reference_ranges(ref_text, flags)),
            reference_clause_id=ref_id,
            pages=_pages(clause, flags),
            status="missing" if missing else (row.status if row else ""),
            flags=flags,
        ))  # fmt: skip
    return out


def _reference_version(result: DocumentResult, reference: Reference | None) -> str:
    """Version of the reference compared with ('' when unknown)."""
    version = result.comparison.reference_version if result.comparison else None
    return version or (reference.version if reference else "")


def summary(result: DocumentResult, reference: Reference | None) -> dict[str, object]:
    """The figures of the report's summary block."""
    flags = numbered_flags(result)
    ident = identification_of(result)
    pages = result.extracted.pages
    return {
        "doc_id": result.doc_id,
        "file": Path(result.source_path).name,
        "sha256": result.sha256,
        "reference_id": reference_id_of(result),
        "reference_title": reference.title if reference else "",
        "reference_version": _reference_version(result, reference),
        "score": ident.score if ident else None,
        "coverage": ident.coverage if ident else None,
        "reason": ident.reason if ident else "",
        "pages": len(pages),
        "routes": sorted(Counter(page.route for page in pages).items()),
        "failed_pages": [(p.number, p.error or p.reason) for p in pages if p.route == "failed"],
        "converted": result.clean.converted,
        "clauses": len(result.clauses),
        "flags": len(flags),
        "by_severity": [(sev, sum(f.severity == sev for f in flags)) for sev in SEVERITIES],
        "by_kind": sorted(Counter(flag.kind for flag in flags).items()),
    }  # fmt: skip


def _environment() -> jinja2.Environment:
    """The jinja2 environment: autoescape always on, undefined names are errors."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(result: DocumentResult, reference: Reference | None = None) -> str:
    """The report.html content for one document (reference: to show the reference clauses)."""
    reference = reference if reference is not None else result.reference
    removed = Counter((line.reason or "?") for line in result.clean.removed)
    template = _environment().get_template("report.html.j2")
    return template.render(
        s=summary(result, reference),
        clauses=flagged_clauses(result, reference),
        removed_counts=sorted(removed.items(), key=lambda item: (-item[1], item[0])),
        removed_lines=result.clean.removed,
        severities=SEVERITIES,
        severity_labels=SEVERITY_LABELS,
        version=policyqa.__version__,
    )
