"""A small hand-built DocumentResult, for tests and for previewing the report without a pipeline.

Its witness text comes from seed 002 (the newspaper copy of 《质量强国建设纲要》), clause
（二十）, where `质量保证能力` became `质量保证金能力`; the reference side is the same clause as
seed 000 prints it. `python -m output.sample OUT_DIR` writes its document folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from extract.model import CleanDocument, ExtractedDocument, Line, Page, Paragraph, RemovedLine, Span
from output.result import DocumentResult
from reference.model import Clause, ClauseRow, Comparison, Flag, Identification, Reference

TITLE = "质量强国建设纲要"
# seed 002 line 78, shortened: "…强化新一代信息技术应用和企业质量保证金能力建设,…"
# (its half-width punctuation made full-width)
WITNESS_CLAUSE = (
    "（二十）提升全面质量管理水平。"
    "强化新一代信息技术应用和企业质量保证金能力建设，构建数字化、智能化质量管控模式。"
)
REFERENCE_CLAUSE = (
    "（二十）提升全面质量管理水平。"
    "强化新一代信息技术应用和企业质量保证能力建设，构建数字化、智能化质量管控模式。"
)
SECTION = "六、增强企业质量和品牌发展能力"


def _paragraph(text: str, page: int) -> Paragraph:
    """A paragraph that comes wholly from one text-layer page."""
    return Paragraph(text=text, original=text, spans=(Span(0, len(text), page, "text"),))


def sample_result(
    witness_clause: str = WITNESS_CLAUSE, *, doc_id: str = "sample-0a1b2c3d", compared: bool = True
) -> DocumentResult:
    """A two-page document with a title, a section and one clause carrying one inserted_text flag."""
    texts = [(TITLE, 1), (SECTION, 1), (witness_clause, 2)]
    paragraphs = [_paragraph(text, page) for text, page in texts]
    footers = [f"第 {n} 页 共 2 页" for n in (1, 2)]
    pages = [
        Page(1, [Line(TITLE, 1), Line(SECTION, 1), Line(footers[0], 1)], width=595, height=842),
        Page(2, [Line(witness_clause, 2), Line(footers[1], 2)], width=595, height=842, seconds=0.25),
    ]
    removed = [RemovedLine(1, footers[0], "page_number"), RemovedLine(2, footers[1], "page_number")]
    clauses = [
        Clause("T", "title", TITLE, title=TITLE, page_start=1, page_end=1, end=len(TITLE)),
        Clause("S06", "section", SECTION, title="增强企业质量和品牌发展能力", section_no=6, page_start=1,
               page_end=1, paragraph_index=1, end=len(SECTION)),
        Clause("S06-C20", "clause", witness_clause, title="提升全面质量管理水平", section_no=6, clause_no=20,
               page_start=2, page_end=2, paragraph_index=2, end=len(witness_clause)),
    ]  # fmt: skip
    reference = Reference(
        reference_id="gangyao-2023", title=f"《{TITLE}》", issuer="中共中央 国务院", date="2023-02-06",
        source="新华社", note="", version="abc123", text="\n".join([TITLE, SECTION, REFERENCE_CLAUSE]),
        clauses=[Clause("T", "title", TITLE), Clause("S06", "section", SECTION, section_no=6),
                 Clause("S06-C20", "clause", REFERENCE_CLAUSE, section_no=6, clause_no=20)],
    )  # fmt: skip
    comparison = _comparison(clauses, witness_clause) if compared else None
    return DocumentResult(
        doc_id=doc_id, source_path=f"/inbox/{doc_id}.pdf", sha256="0a1b2c3d" + "0" * 56,
        extracted=ExtractedDocument(path=f"/inbox/{doc_id}.pdf", kind="pdf", pages=pages),
        clean=CleanDocument(paragraphs=paragraphs, removed=removed),
        clauses=clauses, comparison=comparison, options={"ocr": "auto", "reference": "auto"},
        timings={"extract": 0.5, "compare": 0.1}, reference=reference if compared else None,
    )  # fmt: skip


def _comparison(clauses: list[Clause], witness_clause: str) -> Comparison:
    """The comparison of the sample: one inserted `金` in S06-C20."""
    at = witness_clause.find("金")
    flags = []
    if at >= 0:
        flags.append(Flag(
            kind="inserted_text", severity="error", clause_id="S06-C20", section_no=6, clause_no=20,
            page=2, reference_text="", witness_text="金", context=witness_clause[max(0, at - 15): at + 16],
            detail="'金' inserted after 质量保证", witness_start=at, witness_end=at + 1,
        ))  # fmt: skip
    rows = [
        ClauseRow(clauses[0], "T", 1.0, "matched"),
        ClauseRow(clauses[1], "S06", 1.0, "matched"),
        ClauseRow(clauses[2], "S06-C20", 0.98 if flags else 1.0, "changed" if flags else "matched",
                  len(flags)),
    ]
    ident = Identification("gangyao-2023", 0.97, 0.05, (("gangyao-2023", 0.97),), "best containment")
    return Comparison(ident, rows, flags, reference_id="gangyao-2023", reference_version="abc123")


def main(argv: list[str]) -> int:
    """Write the sample document folder to argv[0] (default ./sample-out)."""
    from output.document import write_document

    out = Path(argv[0]) if argv else Path("sample-out")
    result = sample_result()
    write_document(out / result.doc_id, result)
    print(out / result.doc_id / "report.html")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
