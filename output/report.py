"""report.html: a self-contained page an archivist reads in a minute.

From the top: a verdict (errors to check, warnings, OCR noise hidden, or not compared), jump
links to every error, the summary, then the flagged clauses worst first (errors, warnings, then
the info cards folded away), each with its witness and reference side by side and, for a PDF,
the crop of the flagged line from the page with the flagged characters boxed (output.crops) and
a link opening the source at that page. Kind, status and severity names are Chinese with the
English beside them, and a legend explains each kind.

All document text reaches the page through jinja2 autoescaping (never `|safe`), so a document
that contains `<script>` shows it as text. No network resources: inline CSS, vanilla JS, and
images as data: URIs only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

import policyqa
from output.crops import Crop, line_crops
from output.result import DocumentResult
from output.tables import identification_of, numbered_flags, reference_id_of
from reference.classify import SEVERITY
from reference.model import Clause, ClauseRow, Flag, Reference

SEVERITIES = ("error", "warning", "info")
_RANK = {"info": 1, "warning": 2, "error": 3}
SEVERITY_LABELS = {"error": "错误 error", "warning": "待核 warning", "info": "提示 info"}
# kind: (Chinese name, what it means) — the legend; the English name is the kind itself
KIND_LABELS: dict[str, tuple[str, str]] = {
    "duplicated_block": ("重复段落", "另一条的文字在此重复 text of another clause repeated"),
    "truncated_clause": ("条文截断", "条文提前结束 the clause stops early"),
    "missing_clause": ("缺失条目", "整条缺失 a whole reference clause is absent"),
    "extra_clause": ("多出条目", "对照文本没有的条目 a numbered clause the reference lacks"),
    "missing_text": ("缺失文字", "缺一句或更多 a sentence or more is absent"),
    "extra_content": ("额外内容", "对照文本之外的材料 material beyond the reference"),
    "inserted_text": ("多字", "多出文字 characters inserted"),
    "deleted_text": ("漏字", "缺少文字 characters deleted"),
    "substituted_text": ("错字", "文字被替换 characters replaced"),
    "latin_intrusion": ("混入字母", "中文中混入拉丁字母 Latin letters in Chinese text"),
    "visual_confusion": ("形近字", "形近字互换 look-alike characters swapped"),
    "numbering_error": ("编号不符", "序号或标记不同 marker or number differs"),
    "conversion_variant": ("地区用语", "繁简转换后的地区用语 regional vocabulary after conversion"),
    "punctuation": ("标点差异", "标点不同 punctuation differs"),
    "ocr_suspect": ("识别存疑", "OCR 不确定，请看原件 OCR unsure: look at the page"),
    "ocr_noise": ("识别噪声", "重读与对照一致：OCR 误识，非原件问题 re-read agrees with the reference"),
}
STATUS_LABELS = {"matched": "一致 matched", "changed": "有改动 changed", "missing": "缺失 missing",
                 "extra": "多出 extra", "duplicated": "重复 duplicated"}
HIDDEN_KINDS = ("ocr_noise",)  # unticked in the filter when the page opens
EVIDENCE_MAX = 40  # characters of a flag's evidence quoted in its line (the sides show it all)
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
    crops: dict[str, Crop] = field(default_factory=dict)  # by flag id (output.crops)

    @property
    def anchor(self) -> str:
        """The card's id in the page (for jump links): its first flag's id."""
        return f"card-{self.flags[0].flag_id}" if self.flags else f"card-{self.clause_id}"

    @property
    def card_crops(self) -> list[Crop]:
        """The card's distinct crops, in flag order (flags on the same line share one)."""
        seen: list[Crop] = []
        for flag in self.flags:
            crop = self.crops.get(flag.flag_id)
            if crop is not None and all(crop is not other for other in seen):
                seen.append(crop)
        return seen

    def crop_number(self, flag: Flag) -> int:
        """1-based number of the crop showing `flag` in this card, 0 when it has none."""
        crop = self.crops.get(flag.flag_id)
        return next((i + 1 for i, c in enumerate(self.card_crops) if c is crop), 0)

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
    """The flagged clauses in document order (order of each clause's first flag), no crops."""
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


def with_crops(result: DocumentResult, cards: list[FlaggedClause]) -> list[FlaggedClause]:
    """The cards with the page crops of their flags attached (PDF sources only)."""
    clauses = {clause.clause_id: clause for clause in result.clauses}
    groups = [(clauses, [f for f in card.flags if card.status != "missing"]) for card in cards]
    crops = line_crops(result.extracted, result.source_path, groups)
    for card in cards:
        card.crops = {f.flag_id: crops[f.flag_id] for f in card.flags if f.flag_id in crops}
    return cards


def worst_first(cards: list[FlaggedClause]) -> list[FlaggedClause]:
    """Cards with an error first, then warnings, then info; document order within each."""
    return sorted(cards, key=lambda card: -_RANK.get(card.worst, 0))


def evidence(text: str) -> str:
    """A flag's evidence as quoted in its line: short, the card's sides hold the whole text."""
    return text if len(text) <= EVIDENCE_MAX else text[: EVIDENCE_MAX - 1] + "…"


def adds_to_evidence(flag: Flag) -> bool:
    """True when the flag's detail says more than its evidence pair (shown only then)."""
    quoted = [t for t in (flag.reference_text, flag.witness_text) if t]
    return bool(flag.detail) and not (quoted and all(t in flag.detail for t in quoted))


def verdict(result: DocumentResult, flags: list[Flag]) -> dict[str, object]:
    """The line at the top of the report: what the archivist has to do with this copy.

    `state`: `not_compared` (no reference matched: nothing was checked, never "no flags"),
    `errors`, `warnings` or `clean`; `hidden`: OCR-noise flags folded away.
    """
    counts = Counter(flag.severity for flag in flags if flag.kind not in HIDDEN_KINDS)
    hidden = sum(flag.kind in HIDDEN_KINDS for flag in flags)
    if result.comparison is None:
        state, headline = "not_compared", "未比对 Not compared: no reference matched"
    elif counts["error"]:
        state, headline = "errors", f"{counts['error']} 处错误待核 {counts['error']} error(s) to check"
    elif counts["warning"]:
        state, headline = "warnings", f"{counts['warning']} 处待核 {counts['warning']} warning(s) to look at"
    else:
        state, headline = "clean", "未发现错误 No errors or warnings: the copy agrees with the reference"
    return {"state": state, "headline": headline, "errors": counts["error"],
            "warnings": counts["warning"], "info": counts["info"], "hidden": hidden}


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
    cards = worst_first(with_crops(result, flagged_clauses(result, reference)))
    return template.render(
        s=summary(result, reference),
        v=verdict(result, numbered_flags(result)),
        clauses=cards,
        errors=[(card, f) for card in cards for f in card.flags if f.severity == "error"],
        kind_labels=KIND_LABELS,
        kind_severity=SEVERITY,
        status_labels=STATUS_LABELS,
        hidden_kinds=HIDDEN_KINDS,
        evidence=evidence,
        adds_to_evidence=adds_to_evidence,
        removed_counts=sorted(removed.items(), key=lambda item: (-item[1], item[0])),
        removed_lines=result.clean.removed,
        severities=SEVERITIES,
        severity_labels=SEVERITY_LABELS,
        version=policyqa.__version__,
    )
