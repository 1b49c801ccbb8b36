"""The flags on the seed documents, each expected finding checked by reading the seed.

Pipeline: extract.clean.clean_text → reference.segment.segment → compare with "gangyao-2023".
Every assertion about a corruption quotes the seed line it was read from.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from extract.clean import clean_text
from reference.compare import compare
from reference.library import load_library
from reference.model import Comparison, Flag, Identification
from reference.segment import segment

SEEDS = Path(__file__).parent / "resources" / "seeds"


@lru_cache(maxsize=None)
def compared(name: str) -> Comparison:
    """Seed `name` (e.g. "002") compared with the 纲要 reference."""
    text = next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    clean = clean_text(text)
    reference = load_library().get("gangyao-2023")
    ident = Identification(reference_id="gangyao-2023", score=1.0, coverage=1.0)
    return compare(clean, segment(clean), reference, ident)


def find(name: str, kind: str, witness: str = "", reference: str = "") -> list[Flag]:
    """Flags of `kind` whose witness and reference texts contain the given strings."""
    return [f for f in compared(name).flags
            if f.kind == kind and witness in f.witness_text and reference in f.reference_text]


def serious(name: str) -> list[Flag]:
    return [f for f in compared(name).flags if f.severity != "info"]


def test_bundled_reference_is_seed_000_read_without_the_cleaner() -> None:
    """The reference was established from 000 by our own cleaner; checked here without it: the
    seed with every whitespace removed, from the preamble (建设质量强国是推动高质量发展) to the end
    of （三十二） (…重大事项及时向党中央、国务院请示报告。), less the page footers 第N页共26页 printed inside it."""
    raw = re.sub(r"\s", "", next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8"))
    first, last = "建设质量强国是推动高质量发展", "重大事项及时向党中央、国务院请示报告。"
    body, footers = re.subn(r"第\d+页共26页", "", raw[raw.index(first) : raw.index(last) + len(last)])
    assert footers == 2  # 000: "第5页共26页" in 二、总体要求, "第22页共26页" in （二十四）
    assert load_library().get("gangyao-2023").text.replace("\n", "") == body


def test_000_against_the_bundled_reference_is_clean() -> None:
    assert serious("000") == []
    statuses = {r.status for r in compared("000").rows}
    assert "missing" not in statuses and "changed" not in statuses


def test_000_with_one_planted_character_has_exactly_that_error() -> None:
    """The control that lets the test above fail: 000 with 002's 金 planted (质量保证能力 →
    质量保证金能力) gives one serious flag, and it is that insertion."""
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    assert text.count("质量保证能力") == 1
    clean = clean_text(text.replace("质量保证能力", "质量保证金能力"))
    ident = Identification(reference_id="gangyao-2023", score=1.0, coverage=1.0)
    flags = compare(clean, segment(clean), load_library().get("gangyao-2023"), ident).flags
    [planted] = [f for f in flags if f.severity != "info"]
    assert (planted.kind, planted.witness_text, planted.reference_text) == ("inserted_text", "金", "")
    assert planted.severity == "error" and "质量保证金能力" in planted.context


def test_000_news_lead_and_title_are_extra_content() -> None:
    # 000: "新华社北京 2 月 6 日电 近日，中共中央、国务院印发了" — the lead before the preamble
    assert find("000", "extra_content", witness="新华社北京2月6日电")
    # 000: " 中共中央 国务院印发《质量强国建设纲要》" — the headline
    assert find("000", "extra_content", witness="印发《质量强国建设纲要》")


def test_001_converted_copy_has_no_error() -> None:
    assert [f for f in compared("001").flags if f.severity == "error"] == []
    assert serious("001") == []
    # 001: "品質是人類生產生活的重要保障" — 品质 for 质量, a regional variant
    [variant] = [f for f in find("001", "conversion_variant") if f.clause_id == "S01"]
    assert "品质→质量" in variant.detail


@pytest.mark.parametrize(
    ("kind", "witness", "reference", "seen"),  # seen: the seed line's words around the change
    [
        # 002: "强化新一代信息技术应用和企业质量保证金能力建设" (reference: 质量保证能力)
        ("inserted_text", "金", "", "质量保证金能力"),
        # 002: "到2025年,质量整体水平进一步提高" (reference: 进一步全面提高)
        ("deleted_text", "", "全面", "质量整体水平进一步提高"),
        # 002: "一二三产业质量素养普遍提高" (reference: 质量效益稳步提高)
        ("substituted_text", "素养普遍", "效益稳步", "质量素养普遍提高"),
        # 002: "制造业产品抽样合格率达到94%" (reference: 产品质量合格率)
        ("substituted_text", "抽样", "质量", "产品抽样合格率"),
        # 002: "大众信赖品牌的氛围更加浓厚" (reference: 社会氛围)
        ("deleted_text", "", "社会", "品牌的氛围更加浓厚"),
        # 002: "加快低碳零碳负碳关键技术攻关" (reference: 关键核心技术)
        ("deleted_text", "", "核心", "关键技术攻关"),
        # 002: "检验检测等要素深度融合" (reference: 要素集成融合)
        ("substituted_text", "深度", "集成", "要素深度融合"),
        # 002: "(二十六)健全质量统计制度" (reference: 健全质量政策制度)
        ("substituted_text", "统计", "政策", "健全质量统计制度"),
        # 002: "保障重大设备质量与安全与投资效益" (reference: 质量安全与投资效益)
        ("inserted_text", "与", "", "质量与安全与投资效益"),
        # 002: "引导网约车出租车、定制公交" (reference: 网约出租车)
        ("inserted_text", "车", "", "网约车出租车"),
        # 002: "深入开展多边双边质量合作交流" (reference: 双多边)
        ("substituted_text", "多边双边", "双多边", "多边双边质量合作"),
        # 002: "将纲要实施纳入各级党委领导班子" (reference: 将考核结果纳入)
        ("substituted_text", "纲要实施", "考核结果", "纲要实施纳入"),
    ],
)
def test_002_corruptions(kind: str, witness: str, reference: str, seen: str) -> None:
    # a one-character witness like 金 matches many flags: the flag must sit where the seed has it
    flags = [f for f in find("002", kind, witness, reference) if seen in f.context]
    assert flags, f"no {kind} flag with witness {witness!r} / reference {reference!r} in context {seen!r}"
    assert all(f.severity == "error" for f in flags)


def test_002_block_of_clause_24_repeated_in_clause_23() -> None:
    # 002: "(二十三)…开展先进质量检测设备、仪器、设备资源开放共享,更好服务市场需求。深入实施“标准化+”行动…"
    # — the tail of （二十四） repeated at the end of （二十三）, whose own tail is gone
    [block] = find("002", "duplicated_block", witness="更好服务市场需求")
    assert block.clause_id.endswith("C23") and block.detail == "text of S09-C24 repeated here"
    [truncated] = [f for f in find("002", "truncated_clause") if f.clause_id.endswith("C23")]
    assert "检验检测方法" in truncated.reference_text


def test_002_clause_5_body_replaced_by_clause_6() -> None:
    # 002: "(五)强化质量发展利民惠民。开展质量惠民行动,顺应消费升级趋势,推动企业加大产品质量升级,
    # 加强重点领域产业基础质量攻关,实现工程化突破和产业化应用。…" — text of （六）
    [block] = find("002", "duplicated_block", witness="加强重点领域产业基础质量攻关")
    assert block.clause_id.endswith("C05") and block.detail == "text of S04-C06 repeated here"
    assert [f for f in find("002", "truncated_clause") if f.clause_id.endswith("C05")]


def test_002_opening_is_on_page_one_of_the_paper() -> None:
    # 002 opens "(上接一版)立足新发展阶段": the preamble, 一、形势背景, 二、总体要求 and the start
    # of （一）指导思想 were printed on page one of the paper, which this copy does not include
    [elsewhere] = find("002", "missing_text")
    assert (elsewhere.severity, elsewhere.clause_id) == ("info", "P")
    assert elsewhere.detail.startswith("not in this copy: continued from page one (上接一版)")
    assert "P, S01, S02" in elsewhere.detail and "the start of S02-C01" in elsewhere.detail
    assert elsewhere.reference_text.endswith("指导思想。以习近平新时代中国特色社会主义思想为指导")
    assert find("002", "missing_clause") == [] and find("002", "numbering_error") == []
    missing = [r.clause.clause_id for r in compared("002").rows if r.status == "missing"]
    assert missing == ["P", "S01", "S02"]  # still rows: the clauses are not in this copy
    # the marker is not reference text and is no finding of its own
    assert not [f for f in compared("002").flags if "上接" in f.witness_text]


def test_002_no_error_or_warning_before_its_first_real_corruption() -> None:
    flags = compared("002").flags
    first = next(f for f in flags if f.severity != "info")
    # 002: "到2025年,质量整体水平进一步提高" (reference: 进一步全面提高)
    assert (first.kind, first.clause_id, first.reference_text) == ("deleted_text", "C02", "全面")


def test_002_newspaper_heading_is_extra_content() -> None:
    # 002: "# 到2025年形成一大批质量过硬优势明显的中国品牌" — a newspaper heading
    [heading] = find("002", "extra_content", witness="到2025年形成一大批质量过硬优势明显的中国品牌")
    assert "上接" not in heading.witness_text


@pytest.mark.parametrize(
    ("kind", "witness", "reference", "clause"),
    [
        # 004: "开展重点行业 and 重点产品资源效率对标提升行动"
        ("latin_intrusion", "and", "和", "S03-C04"),
        # 004: "在以习近平总书记为核心的党中央坚强领导下" (reference: 习近平同志)
        ("substituted_text", "总书记", "同志", "S01"),
        # 004: "满足多样化、多层次消费需求" (reference: 多层级)
        ("substituted_text", "次", "级", "S03-C05"),
        # 004: "人工智能等新技术的深度学习" (reference: 深度应用)
        ("substituted_text", "学习", "应用", "S04-C07"),
        # 004: "（十二）推动工业品质迈向中高端" (reference: 工业品质量)
        ("deleted_text", "", "量", "S05-C12"),
        # 004: "加强标后合同履行监管" (reference: 合同履约监管)
        ("substituted_text", "行", "约", "S06-C13"),
        # 004: "创新开展工程建造工法研发" (reference: 工程建设工法)
        ("substituted_text", "造", "设", "S06-C15"),
        # 004: "提升旅游管理和水平" (reference: 旅游管理和服务水平)
        ("deleted_text", "", "服务", "S07-C17"),
        # 004: "完善多元化、多层次的质量激励机制" (reference: 多层级)
        ("substituted_text", "次", "级", "S10-C26"),
        # 004: "加强工业品和消费品质量监督抽查" (reference: 监督检查)
        ("substituted_text", "抽", "检", "S10-C27"),
    ],
)
def test_004_corruptions(kind: str, witness: str, reference: str, clause: str) -> None:
    flags = [f for f in find("004", kind, witness, reference) if f.clause_id == clause]
    assert flags, f"no {kind} flag in {clause}"


def test_004_content_beyond_the_reference_is_info_one_flag_per_block() -> None:
    extra = find("004", "extra_content")
    assert all(f.severity == "info" for f in extra)
    # 004 opens with the notice "新乡市水利局 / 关于组织开展《质量强国建设纲要》学习活动的通知"
    assert len([f for f in extra if f.clause_id.startswith("N:")]) == 1
    # 004: "专栏1 区域质量发展示范工程" … "专栏7 质量安全监管筑堤工程": one flag each
    boxes = sorted(f.witness_text[:3] for f in extra if f.witness_text.startswith("专栏"))
    assert boxes == [f"专栏{n}" for n in range(1, 8)]
    # 004: "国务院新闻办公室发布会稿件（节选）" — the press-conference transcript
    assert len(find("004", "extra_content", witness="国务院新闻办公室发布会稿件")) == 1


def test_004_has_no_missing_clause() -> None:
    assert find("004", "missing_clause") == []


def test_every_flag_offset_lies_in_its_clause() -> None:
    for name in ("000", "001", "002", "004"):
        texts = {r.clause.clause_id: r.clause.text for r in compared(name).rows}
        for flag in compared(name).flags:
            if flag.witness_start is None:
                continue
            text = texts[flag.clause_id]
            assert 0 <= flag.witness_start <= flag.witness_end <= len(text)
            assert text[flag.witness_start:flag.witness_end] == flag.witness_text
