"""report.html: summary, flagged clauses side by side, highlights, filters, escaping, self-contained."""

from __future__ import annotations

import re

import pytest

from extract.model import RemovedLine
from output.report import Segment, flagged_clauses, highlight_segments, render_report
from output.sample import REFERENCE_CLAUSE, WITNESS_CLAUSE, sample_result
from reference.model import Flag, Identification


@pytest.mark.parametrize(
    ("text", "ranges", "expected"),
    [
        ("abc", [], [Segment("abc")]),
        ("", [(0, 1, "error")], []),
        ("abcdef", [(2, 4, "error")], [Segment("ab"), Segment("cd", "error"), Segment("ef")]),
        ("abcdef", [(0, 3, "info"), (2, 5, "error")],
         [Segment("ab", "info"), Segment("cde", "error"), Segment("f")]),
        ("abc", [(-5, 99, "warning")], [Segment("abc", "warning")]),  # clamped to the text
        ("abc", [(2, 1, "error")], [Segment("abc")]),  # empty range marks nothing
    ],
)  # fmt: skip
def test_highlight_segments(text: str, ranges: list[tuple[int, int, str]], expected: list[Segment]) -> None:
    assert highlight_segments(text, ranges) == expected


def test_flagged_clause_sides_and_highlights() -> None:
    (clause,) = flagged_clauses(sample_result(), sample_result().reference)
    assert clause.clause_id == "S06-C20" and clause.reference_clause_id == "S06-C20"
    assert "".join(s.text for s in clause.witness) == WITNESS_CLAUSE
    assert "".join(s.text for s in clause.reference) == REFERENCE_CLAUSE
    assert [s.text for s in clause.witness if s.severity] == ["金"]
    assert clause.pages == "2" and clause.worst == "error"


def test_reference_text_is_highlighted_on_the_reference_side() -> None:
    result = sample_result()
    assert result.comparison is not None
    result.comparison.flags.append(
        Flag("deleted_text", "warning", "S06-C20", 6, 20, 2, "数字化、", "", "", "deleted")
    )
    (clause,) = flagged_clauses(result, result.reference)
    assert [(s.text, s.severity) for s in clause.reference if s.severity] == [("数字化、", "warning")]


def test_report_summary_and_structure() -> None:
    html = render_report(sample_result())
    assert "《质量强国建设纲要》" in html and "gangyao-2023" in html
    assert "0.970" in html and "0.050" in html  # identification score and coverage
    assert '<mark class="error">金</mark>' in html
    assert 'class="f-sev" value="error"' in html and 'class="f-kind" value="inserted_text"' in html
    assert 'data-kinds="inserted_text"' in html
    assert re.search(r"<td>page_number</td><td>2</td>", html)  # removed-lines count table


def test_report_is_self_contained() -> None:
    html = render_report(sample_result())
    # the only references are in-page jump links (#F0001); images would be data: URIs
    targets = re.findall(r"""(?:src|href)\s*=\s*["']?([^"' >]*)""", html, re.I)
    assert targets and all(t.startswith(("#", "data:image/png;base64,", "file://")) for t in targets)
    assert "http://" not in html and "https://" not in html and "@import" not in html


def test_document_text_is_escaped() -> None:
    evil = "（二十）<script>alert('x')</script>&<b>金</b>"
    result = sample_result(evil)
    result.clean.removed.append(RemovedLine(1, "<img src=x onerror=alert(1)>", "running_title"))
    result.doc_id = '"><script>alert(2)</script>'
    html = render_report(result)
    assert "<script>alert" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("<script>") == 1  # only the report's own filter script


def test_report_without_comparison() -> None:
    result = sample_result(compared=False)
    result.identification = Identification(None, 0.12, 0.01, (), "no reference above 0.5")
    html = render_report(result)
    assert "未比对 not compared — no reference above 0.5" in html
    verdict = html.split('id="verdict">')[1].split("</div>")[0]
    assert verdict.startswith("未比对 Not compared: no reference matched")
    assert "No flags" not in html  # an uncompared copy was not checked: never "no flags"
    assert 'class="clause' not in html


def test_missing_clause_flag_gets_its_own_card_and_merged_reference_ids_resolve() -> None:
    result = sample_result()
    assert result.comparison is not None and result.reference is not None
    # the witness title row is said to cover two reference clauses merged into one
    result.comparison.rows[0].reference_clause_id = "T+S06"
    result.comparison.flags.insert(0, Flag("substituted_text", "warning", "T", None, None, 1, "纲要", "纲", "", ""))
    # a missing_clause flag naming the reference's S06-C20 while the witness also has an S06-C20
    result.comparison.flags.append(Flag("missing_clause", "error", "S06-C20", 6, 20, None, REFERENCE_CLAUSE, "", "", ""))
    cards = flagged_clauses(result, result.reference)
    assert [(c.clause_id, c.status) for c in cards] == [("T", "matched"), ("S06-C20", "changed"), ("S06-C20", "missing")]
    assert "".join(s.text for s in cards[0].reference) == "质量强国建设纲要\n六、增强企业质量和品牌发展能力"
    assert cards[2].witness == [] and [s.severity for s in cards[2].reference] == ["error"]


def test_reference_side_takes_the_occurrence_nearest_the_witness_offset() -> None:
    result = sample_result()
    assert result.comparison is not None
    # "质量" occurs three times in the reference clause (全面质量, 企业质量保证, 智能化质量);
    # the flag sits at 企业质量保证 in the witness, so the second occurrence is the one meant
    at = WITNESS_CLAUSE.index("质量保证")
    result.comparison.flags[0] = Flag("substituted_text", "error", "S06-C20", 6, 20, 2, "质量", "质量",
                                      "", "", witness_start=at, witness_end=at + 2)
    (clause,) = flagged_clauses(result, result.reference)
    marked = [i for i, seg in enumerate(clause.reference) if seg.severity]
    before = "".join(seg.text for seg in clause.reference[: marked[0]])
    assert REFERENCE_CLAUSE.startswith(before + "质量保证能力")


def test_ocr_noise_is_counted_as_hidden_and_unticked() -> None:
    result = sample_result()
    assert result.comparison is not None
    result.comparison.flags.append(Flag("ocr_noise", "info", "S06-C20", 6, 20, 2, "提高", "提商", "", "",
                                        reread="提高 | 提高", ocr_read="提商"))
    html = render_report(result)
    verdict = html.split('id="verdict">')[1].split("</div>")[0]
    assert verdict.startswith("1 处错误待核 1 error(s) to check") and "OCR noise hidden: 1" in verdict
    assert 'class="f-kind" value="ocr_noise"> 识别噪声 ocr_noise (1)' in html  # not checked
    assert 'class="f-kind" value="inserted_text" checked> 多字 inserted_text (1)' in html
    assert "识别噪声 ocr_noise</td>" in html  # the legend names it
    assert '重读 re-read <span class="evidence">提高 | 提高</span>' in html  # both reads shown
