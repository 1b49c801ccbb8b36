"""Tests for reference.align_clauses: pairing witness and reference clauses by number and content."""

from __future__ import annotations

from pathlib import Path

import pytest

from reference.align_clauses import align_clauses, body_start
from reference.model import Clause

REF = [
    ("S01", "section", "一、总体要求"),
    ("S01-C01", "clause", "（一）指导思想。以习近平新时代中国特色社会主义思想为指导，立足新发展阶段，完整、准确、全面贯彻新发展理念。"),
    ("S01-C02", "clause", "（二）主要目标。到2025年，质量整体水平进一步全面提高，中国品牌影响力稳步提升，人民群众质量获得感明显增强。"),
    ("S02", "section", "二、推动经济质量效益型发展"),
    ("S02-C03", "clause", "（三）增强质量发展创新动能。建立政产学研用深度融合的质量创新体系，协同开展质量领域技术、管理、制度创新。"),
    ("S02-C04", "clause", "（四）树立质量发展绿色导向。开展重点行业和重点产品资源效率对标提升行动，加快低碳零碳负碳关键核心技术攻关。"),
    ("S02-C05", "clause", "（五）强化质量发展利民惠民。开展质量惠民行动，顺应消费升级趋势，推动企业加快产品创新、服务升级、质量改进。"),
]
OTHER = "联系人：李述虎，电话号码请见通知附件，邮箱另行告知各单位。"


def make(rows: list[tuple[str, str, str]]) -> list[Clause]:
    return [Clause(clause_id=i, kind=k, text=t, paragraph_index=n, end=len(t))  # type: ignore[arg-type]
            for n, (i, k, t) in enumerate(rows)]


@pytest.mark.parametrize(
    ("text", "start"),
    [("（三）增强", 3), ("(十二)推动", 4), ("十一、组织保障", 3), ("——经济", 2), ("专栏2 工程", 4),
     ("正文没有标号", 0), ("1.附件", 2)],
)
def test_body_start(text: str, start: int) -> None:
    assert body_start(text) == start


def test_identical_copy_pairs_every_clause() -> None:
    result = align_clauses(make(REF), make(REF))
    assert result.pairs == {i: [i] for i in range(len(REF))}
    assert not result.missing and not result.extra and not result.duplicates


def test_missing_and_extra_clauses() -> None:
    witness = REF[:4] + [("X001", "other", OTHER)] + REF[5:]
    result = align_clauses(make(witness), make(REF))
    assert result.missing == [4]  # （三） absent
    assert result.extra == [4]  # the contact line


def test_repeated_clause_is_a_duplicate() -> None:
    witness = REF + [("S02-C04~2", "clause", REF[5][2])]
    result = align_clauses(make(witness), make(REF))
    assert result.duplicates == {7: 5}


def test_swapped_clauses_pair_out_of_order() -> None:
    witness = REF[:4] + [REF[5], REF[4]] + REF[6:]
    result = align_clauses(make(witness), make(REF))
    assert result.pairs[4] == [5] and result.pairs[5] == [4]
    assert len(result.moved) == 1
    assert not result.missing


def test_clause_run_into_its_neighbour_is_merged() -> None:
    merged = REF[4][2] + REF[5][2][3:]  # （四）'s marker lost: its body runs on in （三）
    witness = REF[:4] + [("S02-C03", "clause", merged)] + REF[6:]
    result = align_clauses(make(witness), make(REF))
    assert result.pairs[4] == [4, 5]
    assert result.merged == {5: 4}
    assert not result.missing


def test_clause_broken_in_two_is_split() -> None:
    text = REF[5][2]
    cut = text.index("加快")
    witness = REF[:5] + [("S02-C04", "clause", text[:cut]), ("X001", "other", text[cut:])] + REF[6:]
    result = align_clauses(make(witness), make(REF))
    assert result.split_of == {6: 5}
    assert not result.extra and not result.missing


def test_clause_whose_body_was_replaced_keeps_its_number() -> None:
    # seed 002: （五）'s body was replaced by text of （六）; it still pairs with （五）
    replaced = "（五）" + REF[5][2][3:]
    witness = REF[:6] + [("S02-C05", "clause", replaced)]
    result = align_clauses(make(witness), make(REF))
    assert result.pairs[6] == [6]
    assert result.pairs[5] == [5]


def test_fragment_before_its_clause_is_split() -> None:
    # a PDF line broken off the start of the preamble reads as a title of its own
    text = REF[1][2]
    witness = [("T", "title", text[:20]), ("S01-C01", "clause", "（一）" + text[20:])]
    result = align_clauses(make(witness), make(REF[1:2]))
    assert result.split_of == {0: 1}
    assert not result.extra


# A moved unit boundary. In the 纲要 (reference/texts/gangyao-2023.txt, lines 15-16) the item
# `——质量治理体系更加完善。…质量发展环境更加优化。` is followed by the paragraph `到2035年，…`, which closes
# clause （二）主要目标 after its six items. A reflowed copy that loses that paragraph break files
# `到2035年…` under the item: every character is present once, in order.
GANGYAO = Path(__file__).parent.parent / "reference" / "texts" / "gangyao-2023.txt"
BREAK = "质量发展环境更加优化。\n到2035年"


def _compare_copy(text: str):
    from extract.clean import clean_text
    from reference.compare import compare
    from reference.library import load_library
    from reference.model import Identification
    from reference.segment import segment

    clean = clean_text(text)
    ident = Identification(reference_id="gangyao-2023", score=1.0, coverage=1.0)
    return compare(clean, segment(clean), load_library().get("gangyao-2023"), ident)


def test_lost_paragraph_break_is_an_info_flag_only() -> None:
    text = GANGYAO.read_text(encoding="utf-8")
    assert text.count(BREAK) == 1
    result = _compare_copy(text.replace(BREAK, BREAK.replace("\n", "")))
    assert [(f.kind, f.severity, f.clause_id) for f in result.flags] == [
        ("moved_boundary", "info", "S02-C02-I06")
    ]
    (flag,) = result.flags
    assert flag.witness_text.startswith("到2035年，质量强国建设基础更加牢固")
    assert flag.witness_text.endswith("质量和品牌综合实力达到更高水平。")
    statuses = {row.clause.clause_id: row.status for row in result.rows}
    assert statuses["S02-C02"] == statuses["S02-C02-I06"] == "matched"


def test_run_on_text_that_is_also_in_its_own_unit_is_still_a_duplicate() -> None:
    # The same paragraph twice (once run on, once in its place) is a repeat, not a move.
    text = GANGYAO.read_text(encoding="utf-8")
    line = next(ln for ln in text.split("\n") if ln.startswith("到2035年"))
    result = _compare_copy(text.replace(BREAK, BREAK.replace("\n", "") + line[len("到2035年"):] + "\n到2035年"))
    assert any(f.kind == "duplicated_block" and f.severity == "error" for f in result.flags)
    assert not any(f.kind == "moved_boundary" for f in result.flags)


def test_changed_words_in_run_on_text_are_still_flagged() -> None:
    text = GANGYAO.read_text(encoding="utf-8").replace(BREAK, BREAK.replace("\n", ""))
    result = _compare_copy(text.replace("先进质量文化蔚然成风", "先进质量文化基本形成", 1))
    assert [f.kind for f in result.flags if f.severity != "info"] == ["substituted_text"]
    assert any(f.kind == "moved_boundary" for f in result.flags)


@pytest.mark.parametrize(
    "joined",
    [
        "制定本纲要。\n一、形势背景",  # preamble ⏎ first section heading (lines 2-3)
        "更高水平。\n三、推动经济质量效益型发展",  # clause （二）'s closing paragraph ⏎ section 三
        "推动经济质量效益型发展\n（三）增强质量发展创新动能",  # a section heading ⏎ its first clause
        "转化应用渠道。\n（四）树立质量发展绿色导向",  # clause ⏎ next clause
        "目标\n到2025年",  # a clause heading ⏎ its own body: the same unit
    ],
)
def test_any_lost_paragraph_break_of_the_reference_is_at_most_info(joined: str) -> None:
    # Every character is there once, in reference order: no warning, no error.
    text = GANGYAO.read_text(encoding="utf-8")
    assert text.count(joined) == 1
    result = _compare_copy(text.replace(joined, joined.replace("\n", "")))
    assert [(f.kind, f.clause_id) for f in result.flags if f.severity != "info"] == []


def test_extra_paragraph_break_inside_an_item_is_an_info_flag_only() -> None:
    # `——产品、工程、服务质量水平显著提升。质量供给和需求更加适配，…` (line 11) split after its first
    # sentence: the second half is filed under clause （二）, the item's parent.
    text = GANGYAO.read_text(encoding="utf-8")
    old = "服务质量水平显著提升。质量供给"
    result = _compare_copy(text.replace(old, old.replace("。", "。\n"), 1))
    assert [(f.kind, f.severity, f.clause_id) for f in result.flags] == [
        ("moved_boundary", "info", "S02-C02")
    ]
    assert result.flags[0].witness_text.startswith("质量供给和需求更加适配")
