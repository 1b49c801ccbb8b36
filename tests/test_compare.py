"""Tests for reference.compare: rows and flags on hand-made witnesses and references."""

from __future__ import annotations

from extract.model import CleanDocument, Paragraph, Span
from reference.compare import compare
from reference.model import Clause, Comparison, Identification, Reference

REF = [
    ("S01", "section", "一、总体要求", 1, None),
    ("S01-C01", "clause", "（一）指导思想。以习近平新时代中国特色社会主义思想为指导，立足新发展阶段，完整、准确、全面贯彻新发展理念。", 1, 1),
    ("S01-C02", "clause", "（二）主要目标。到2025年，质量整体水平进一步全面提高，中国品牌影响力稳步提升，人民群众质量获得感明显增强。", 1, 2),
    ("S02", "section", "二、推动经济质量效益型发展", 2, None),
    ("S02-C03", "clause", "（三）增强质量发展创新动能。建立政产学研用深度融合的质量创新体系，协同开展质量领域技术、管理、制度创新。", 2, 3),
    ("S02-C04", "clause", "（四）树立质量发展绿色导向。开展重点行业和重点产品资源效率对标提升行动，加快低碳零碳负碳关键核心技术攻关，推动高耗能行业低碳转型。", 2, 4),
    ("S02-C05", "clause", "（五）强化质量发展利民惠民。开展质量惠民行动，顺应消费升级趋势，推动企业加快产品创新、服务升级、质量改进。", 2, 5),
]
Row = tuple[str, str, str, int, int | None]


def clauses_of(rows: list[Row]) -> list[Clause]:
    return [Clause(clause_id=i, kind=k, text=t, section_no=s, clause_no=c,  # type: ignore[arg-type]
                   paragraph_index=n, end=len(t), page_start=n + 1, page_end=n + 1)
            for n, (i, k, t, s, c) in enumerate(rows)]


def document(rows: list[Row], *, source: str = "plain", confidence: float | None = None,
             converted: bool = False) -> CleanDocument:
    """One paragraph per clause, paragraph n on page n + 1."""
    paragraphs = [Paragraph(text=t, original=t, spans=(Span(0, len(t), n + 1, source, confidence),))  # type: ignore[arg-type]
                  for n, (_i, _k, t, _s, _c) in enumerate(rows)]
    return CleanDocument(paragraphs=paragraphs, removed=[], converted=converted)


REFERENCE = Reference(reference_id="test-ref", title="t", issuer="i", date="2023-02-06", source="s",
                      note="", version="v1", text="\n".join(r[2] for r in REF), clauses=clauses_of(REF))


def run(rows: list[Row], **kwargs: object) -> Comparison:
    ident = Identification(reference_id="test-ref", score=1.0, coverage=1.0)
    return compare(document(rows, **kwargs), clauses_of(rows), REFERENCE, ident)  # type: ignore[arg-type]


def edit(n: int, old: str, new: str, rows: list[Row] = REF) -> list[Row]:
    """REF with `old` replaced by `new` in clause n."""
    out = list(rows)
    i, k, t, s, c = out[n]
    assert old in t
    out[n] = (i, k, t.replace(old, new, 1), s, c)
    return out


def serious(result: Comparison) -> list[tuple[str, str]]:
    return [(f.kind, f.clause_id) for f in result.flags if f.severity != "info"]


def test_identical_copy_has_no_flags() -> None:
    result = run(REF)
    assert result.flags == []
    assert [r.status for r in result.rows] == ["matched"] * len(REF)
    assert all(r.similarity == 1.0 for r in result.rows)
    assert result.reference_id == "test-ref" and result.reference_version == "v1"


def test_inserted_character_is_quoted_with_place_and_page() -> None:
    result = run(edit(4, "质量创新体系", "质量保证金创新体系"))
    [flag] = result.flags
    assert (flag.kind, flag.severity, flag.clause_id) == ("inserted_text", "error", "S02-C03")
    text = result.rows[4].clause.text
    assert text[flag.witness_start:flag.witness_end] == flag.witness_text == "保证金"
    assert flag.page == 5
    assert "保证金" in flag.context and len(flag.context) <= 3 + 30
    assert result.rows[4].status == "changed" and result.rows[4].flag_count == 1


def test_deleted_and_substituted_words() -> None:
    result = run(edit(2, "进一步全面提高", "进一步提高"))
    assert [(f.kind, f.reference_text, f.witness_text) for f in result.flags] == [
        ("deleted_text", "全面", "")]
    result = run(edit(2, "稳步提升", "逐步提升"))
    assert [(f.kind, f.reference_text, f.witness_text) for f in result.flags] == [
        ("substituted_text", "稳", "逐")]


def test_latin_letters_in_chinese_text() -> None:
    result = run(edit(5, "重点行业和重点产品", "重点行业and重点产品"))  # as in seed 004
    assert [(f.kind, f.witness_text) for f in result.flags] == [("latin_intrusion", "and")]


def test_visual_confusion_and_truncation() -> None:
    result = run(edit(6, "顺应消费升级趋势", "顺应消费升己趋势"))
    assert [(f.kind, f.witness_text) for f in result.flags] == [("substituted_text", "己")]
    result = run(edit(1, "立足新发展阶段", "立足新发展阶段已经"))
    assert ("inserted_text", "S01-C01") in serious(result)
    result = run(edit(1, "全面", "全靣"))
    assert serious(result) == [("substituted_text", "S01-C01")]
    result = run(edit(6, "推动企业加快产品创新、服务升级、质量改进。", ""))
    assert [f.kind for f in result.flags] == ["truncated_clause"]


def test_punctuation_only_is_info() -> None:
    result = run(edit(1, "完整、准确、全面", "完整，准确，全面"))
    assert {(f.kind, f.severity) for f in result.flags} == {("punctuation", "info")}
    assert result.rows[1].status == "matched"


def test_half_width_punctuation_is_quiet() -> None:
    result = run(edit(1, "完整、准确、全面贯彻新发展理念。", "完整、准确、全面贯彻新发展理念."))
    assert result.flags == []
    result = run(edit(2, "到2025年，", "到2025年,"))
    assert result.flags == []


def test_renumbered_clause() -> None:
    rows = list(REF)
    rows[5] = ("S02-C06", "clause", "（六）" + REF[5][2][3:], 2, 6)
    result = run(rows)
    assert serious(result) == [("numbering_error", "S02-C06")]
    assert result.rows[5].reference_clause_id == "S02-C04"


def test_missing_clause_gets_a_placeholder_row() -> None:
    result = run(REF[:4] + REF[5:])
    assert serious(result) == [("missing_clause", "S02-C03")]
    statuses = [(r.clause.clause_id, r.status) for r in result.rows]
    assert statuses[4] == ("S02-C03", "missing")  # placed after the clause before it
    assert result.rows[4].clause.text == "" and result.rows[4].flag_count == 1


def test_extra_content_is_one_flag_per_run() -> None:
    notice = [("X001", "other", "联系人：李述虎，电话号码请见通知附件，邮箱另行告知各单位。", None, None),
              ("X002", "other", "请各单位于二月底前报送学习情况，逾期不候，特此通知。", None, None),
              ("X003", "other", "新闻发布会现场答记者问实录节选如下，供各单位学习参考。", None, None)]
    result = run(REF + notice)
    assert [(f.kind, f.severity, f.clause_id) for f in result.flags] == [
        ("extra_content", "info", "X001")]
    assert [r.status for r in result.rows[-3:]] == ["extra"] * 3


def test_single_unknown_clause_inside_the_text_is_extra_clause() -> None:
    extra = ("S02-C09", "clause", "（九）加强虚构条款。这是参考文本中没有的一整条新条款，内容完全不同。", 2, 9)
    result = run(REF[:5] + [extra] + REF[5:])
    assert serious(result) == [("extra_clause", "S02-C09")]


def test_pasted_block_is_one_flag_naming_its_clause() -> None:
    pasted = REF[6][2][3:]  # （五）'s body pasted at the end of （四）
    result = run(edit(5, "推动高耗能行业低碳转型。", "推动高耗能行业低碳转型。" + pasted))
    assert [(f.kind, f.detail) for f in result.flags] == [
        ("duplicated_block", "text of S02-C05 repeated here")]
    flag = result.flags[0]
    assert flag.witness_text.startswith("强化质量发展利民惠民")


def test_repeated_clause_row_is_duplicated() -> None:
    result = run(REF + [("S02-C05~2", "clause", REF[6][2], 2, 5)])
    assert result.rows[-1].status == "duplicated"
    assert serious(result) == [("duplicated_block", "S02-C05~2")]


def test_ocr_difference_with_low_confidence_is_a_suspect() -> None:
    result = run(edit(4, "质量创新体系", "质量刨新体系"), source="ocr", confidence=0.7)
    assert [(f.kind, f.severity) for f in result.flags] == [("ocr_suspect", "warning")]
    result = run(edit(4, "质量创新体系", "质量刨新体系"), source="ocr", confidence=0.98)
    assert [(f.kind, f.severity) for f in result.flags] == [("substituted_text", "error")]


def test_regional_vocabulary_in_a_converted_copy_is_one_info_flag() -> None:
    rows = edit(2, "质量整体水平", "品质整体水准")
    rows = edit(2, "人民群众质量", "人民群众品质", rows)
    result = run(rows, converted=True)
    assert [(f.kind, f.severity) for f in result.flags] == [("conversion_variant", "info")]
    assert "×" in result.flags[0].detail
    assert serious(run(rows)) != []  # the same words in a Simplified copy are changes


def test_witness_without_reference_clauses() -> None:
    empty = Reference(reference_id="e", title="", issuer="", date="", source="", note="",
                      version="", text="", clauses=[])
    result = compare(document(REF), clauses_of(REF), empty,
                     Identification(reference_id=None, score=0.0, coverage=0.0))
    assert [f.kind for f in result.flags] == ["extra_content"]
    assert {r.status for r in result.rows} == {"extra"}


ITEMS_REF = [
    ("S01-C02", "clause", "（二）主要目标。到2025年，质量整体水平进一步全面提高，中国品牌影响力稳步提升。", 1, 2),
    ("S01-C02-I01", "item", "——经济发展质量效益明显提升。经济结构更加优化，创新能力显著提升，现代化经济体系建设取得重大进展。", 1, 2),
    ("S01-C02-I02", "item", "——产业质量竞争力持续增强。制约产业发展的质量瓶颈不断突破，产业链供应链整体现代化水平显著提高。", 1, 2),
    ("S01-C02-I03", "item", "——品牌建设取得更大进展。品牌培育、发展、壮大的促进机制和支持制度更加健全，品牌建设水平显著提高。", 1, 2),
]


def merged_witness(paragraphs: list[str]) -> tuple[CleanDocument, list[Clause]]:
    """One clause spanning all `paragraphs` (as when item markers were not recognised)."""
    doc = CleanDocument(paragraphs=[Paragraph(text=t, original=t, spans=(Span(0, len(t), 1, "ocr", 0.99),))
                                    for t in paragraphs], removed=[])
    text = "\n".join(paragraphs)
    clause = Clause(clause_id="S01-C02", kind="clause", text=text, section_no=1, clause_no=2,
                    pieces=tuple((i, 0, len(t)) for i, t in enumerate(paragraphs)))
    return doc, [clause]


def test_items_whose_markers_were_misread_merge_into_their_clause() -> None:
    # OCR reads the item marker "——" as "一", "一一" or "-一": the segmenter sees one long clause
    paragraphs = [ITEMS_REF[0][2]] + [m + r[2][2:] for m, r in zip(["一", "一一", "-一"], ITEMS_REF[1:])]
    reference = Reference(reference_id="r", title="", issuer="", date="", source="", note="",
                          version="", text="", clauses=clauses_of(ITEMS_REF))
    doc, clauses = merged_witness(paragraphs)
    result = compare(doc, clauses, reference, Identification("r", 1.0, 1.0))
    assert [(f.kind, f.severity) for f in result.flags] == [("numbering_error", "warning")]
    assert "S01-C02-I01, S01-C02-I02, S01-C02-I03" in result.flags[0].detail
    assert result.rows[0].reference_clause_id == "S01-C02+S01-C02-I01+S01-C02-I02+S01-C02-I03"


def test_a_whole_paragraph_not_in_the_reference_is_an_extra_clause() -> None:
    extra = "一建立质量违法行为举报奖励制度，畅通群众参与质量监督的渠道。"
    paragraphs = [ITEMS_REF[0][2], extra]
    reference = Reference(reference_id="r", title="", issuer="", date="", source="", note="",
                          version="", text="", clauses=clauses_of(ITEMS_REF[:1]))
    doc, clauses = merged_witness(paragraphs)
    result = compare(doc, clauses, reference, Identification("r", 1.0, 1.0))
    assert [(f.kind, f.witness_text) for f in result.flags] == [("extra_clause", extra[:-1])]
