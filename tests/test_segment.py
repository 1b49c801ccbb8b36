"""Tests for reference.segment: the structure of policy texts, on small tables and on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.model import CleanDocument, Paragraph, Span
from reference.model import Clause
from reference.segment import locate, page_of, segment, segment_paragraphs

SEEDS = Path(__file__).parent / "resources" / "seeds"
FIELD = Path(__file__).parent / "resources" / "field"


def seed_paragraphs(name: str) -> list[str]:
    """The non-empty lines of a seed that already has one paragraph a line (003, 004)."""
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def ids(clauses: list[Clause]) -> list[str]:
    return [c.clause_id for c in clauses]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["一、总体要求", "（一）指导思想。正文。"], [("S01", "section"), ("S01-C01", "clause")]),
        # half-width brackets and markdown marks (seed 002: `## 三、…`, `(三)增强…`)
        (["## 三、推动发展", "(三)增强动能。正文。"], [("S03", "section"), ("S03-C03", "clause")]),
        (["（ 十二 ）标题。正文。"], [("C12", "clause")]),
        (["标题", "前言一段。", "一、甲"], [("T", "title"), ("P", "preamble"), ("S01", "section")]),
        (["这是很长的一段前言文字。", "一、甲"], [("P", "preamble"), ("S01", "section")]),
        (
            ["二、乙", "（二）主要目标", "——一项。", "——二项。", "到2035年，更好。"],
            [
                ("S02", "section"),
                ("S02-C02", "clause"),
                ("S02-C02-I01", "item"),
                ("S02-C02-I02", "item"),
            ],
        ),
        (["一、甲", "——项。"], [("S01", "section"), ("S01-I01", "item")]),
        (["——项。"], [("I01", "item")]),
        (["专栏3 工程", "——项目一。", "——项目二。", "（五）条。"], [("B03", "box"), ("C05", "clause")]),
        (["一、甲", "一、甲"], [("S01", "section"), ("S01~2", "section")]),
        (["1.第一条", "2.第二条"], [("X001", "other"), ("X002", "other")]),
        (["（一）条。", "附件所列事项。", "附件：名单"], [("C01", "clause"), ("X001", "other")]),
        (["", "   ", "。。。"], [("P", "preamble")]),
        ([], []),
    ],
)
def test_segment_paragraphs_ids(paragraphs: list[str], expected: list[tuple[str, str]]) -> None:
    assert [(c.clause_id, c.kind) for c in segment_paragraphs(paragraphs)] == expected


@pytest.mark.parametrize(
    ("paragraphs", "clause_id", "text", "title"),
    [
        (["（一）指导思想。以思想为指导。"], "C01", "（一）指导思想。以思想为指导。", "指导思想"),
        (["（一）指导思想", "全面贯彻精神。"], "C01", "（一）指导思想\n全面贯彻精神。", "指导思想"),
        (["二、总体要求"], "S02", "二、总体要求", "总体要求"),
        (["## 四、增强竞争力  "], "S04", "四、增强竞争力", "增强竞争力"),
        (["专栏1 区域质量发展示范工程", "——建设先导区。"], "B01", "专栏1 区域质量发展示范工程\n——建设先导区。", "区域质量发展示范工程"),
        (["（二）目标", "——甲项。"], "C02-I01", "——甲项。", "甲项"),
        # an item broken mid-sentence continues in the next paragraph
        (["（二）目标", "——甲项，", "乙。"], "C02-I01", "——甲项，\n乙。", "甲项，"),
        # a finished item: the next loose paragraph goes back to its clause
        (["（二）目标", "——甲项。", "到2035年。"], "C02", "（二）目标\n到2035年。", "目标"),
    ],
)
def test_segment_paragraphs_text(paragraphs: list[str], clause_id: str, text: str, title: str) -> None:
    clause = next(c for c in segment_paragraphs(paragraphs) if c.clause_id == clause_id)
    assert (clause.text, clause.title) == (text, title)


def test_numbers_are_parsed() -> None:
    clauses = segment_paragraphs(["十一、组织保障", "（三十二）开展督察评估。正文。", "——项。"])
    assert [(c.section_no, c.clause_no, c.item_no) for c in clauses] == [
        (11, None, None),
        (11, 32, None),
        (11, 32, 1),
    ]


def test_pages_offsets_and_original() -> None:
    text = "（一）標題。正文"
    paragraphs = [
        Paragraph("前言", "前言", (Span(0, 2, 1, "text"),)),
        Paragraph("（一）标题。正文", text, (Span(0, 6, 2, "text"), Span(6, 8, 3, "text"))),
        Paragraph("续文。", "續文。", (Span(0, 3, 4, "text"),)),
    ]
    clause = segment(CleanDocument(paragraphs, []))[1]
    assert (clause.clause_id, clause.original) == ("C01", "（一）標題。正文\n續文。")
    assert (clause.page_start, clause.page_end) == (2, 4)
    assert (clause.paragraph_index, clause.start, clause.end) == (1, 0, 8)
    assert clause.pieces == ((1, 0, 8), (2, 0, 3))
    assert locate(clause, 9) == (2, 0)  # "续" after the joining newline
    assert page_of(clause, 7, CleanDocument(paragraphs, [])) == 3


def test_attachment_parts_get_prefixes() -> None:
    clauses = segment_paragraphs(
        ["通知", "一、要求", "附件：1.纲要", "2.稿件", "纲要", "一、背景", "（一）思想。文。", "二、目标", "稿件", "记者问。"]
    )
    assert ids(clauses) == ["N:T", "N:S01", "N:X001", "N:X002", "T", "S01", "S01-C01", "S02", "A2:T", "A2:P"]


# --- the seeds ---------------------------------------------------------------------------------


def test_seed_003_clause_titles() -> None:
    clauses = [c for c in segment_paragraphs(seed_paragraphs("003")) if c.kind == "clause"]
    # 003 line 8: `（一）指导思想`, line 10: `（二）基本原则`, line 84: `（三十）加强宣传动员`
    assert [c.title for c in clauses[:2]] == ["指导思想", "基本原则"]
    assert (clauses[-1].clause_id, clauses[-1].title) == ("S06-C30", "加强宣传动员")
    assert [c.clause_no for c in clauses] == list(range(1, 31))
    # 003 line 9: the body of （一） is its own paragraph `全面贯彻党的十八大…`
    assert clauses[0].text.startswith("（一）指导思想\n全面贯彻党的十八大")


def test_seed_003_items_of_basic_principles() -> None:
    items = [c for c in segment_paragraphs(seed_paragraphs("003")) if c.clause_id.startswith("S01-C02-I")]
    # 003 lines 11-14: four `——坚持以…` principles under （二）基本原则
    assert [c.title for c in items] == [
        "坚持以质量第一为价值导向",
        "坚持以满足人民群众需求和增强国家综合实力为根本目的",
        "坚持以企业为质量提升主体",
        "坚持以改革创新为根本途径",
    ]


def test_seed_004_boxes() -> None:
    boxes = [c for c in segment_paragraphs(seed_paragraphs("004")) if c.kind == "box"]
    # 004 lines 109 `专栏1 区域质量发展示范工程` … 235 `专栏7 质量安全监管筑堤工程`
    assert [(c.clause_id, c.title) for c in boxes] == [
        ("B01", "区域质量发展示范工程"),
        ("B02", "重点产品质量阶梯攀登工程"),
        ("B03", "建设工程质量管理升级工程"),
        ("B04", "服务品质提升工程"),
        ("B05", "中国品牌建设工程"),
        ("B06", "质量基础设施升级增效工程"),
        ("B07", "质量安全监管筑堤工程"),
    ]
    # 004 line 111: the box's first line `——建设国家质量创新先导区。…` is box text, not an item
    assert "\n——建设国家质量创新先导区。" in boxes[0].text


def test_seed_004_notice_and_attachments() -> None:
    clauses = segment_paragraphs(seed_paragraphs("004"))
    by_id = {c.clause_id: c for c in clauses}
    # 004 line 35 `附件：1.质量强国建设纲要`, line 37 `2.国务院新闻办公室发布会稿件（节选）`
    assert (by_id["N:X001"].kind, by_id["N:X001"].text) == ("other", "附件：1.质量强国建设纲要")
    assert by_id["N:X002"].text.startswith("2.国务院新闻办公室发布会稿件（节选）")
    # 004 line 13 `一、高度重视，狠抓落实`: the notice's own section, prefixed
    assert by_id["N:S01"].title == "高度重视，狠抓落实"
    # the attached 纲要 keeps the plain ids: 11 sections, 32 clauses
    assert [c.clause_id for c in clauses if c.kind == "section" and ":" not in c.clause_id] == [
        f"S{n:02d}" for n in range(1, 12)
    ]
    assert [c.clause_no for c in clauses if c.kind == "clause"] == list(range(1, 33))
    # the transcript after the 纲要 is its own part, not text of clause （三十二）: 004 line 251
    # `(三十二) 开展督察评估。…重大事项及时向党中央、国务院请示报告。`, line 253 `国务院新闻办公室发布会稿件（节选）`
    assert by_id["A2:T"].text == "国务院新闻办公室发布会稿件（节选）"
    assert by_id["S11-C32"].text.endswith("重大事项及时向党中央、国务院请示报告。")


# --- the seeds as a witness is cleaned (engineer B's text-copy reading and cleaning) -------------


def clean_seed(name: str) -> CleanDocument:
    from extract.clean import clean_document
    from extract.textcopy import read_text_copy

    return clean_document(read_text_copy(next(SEEDS.glob(f"{name}_*.txt"))))


def test_seed_000_structure() -> None:
    clauses = segment(clean_seed("000"))
    # 000 line 21 `一、形势背景` … line 859 ` 十一、组织保障`; line 66 `（一）指导思想。` … line 882 `（三十二）开展督察评估。`
    assert [c.clause_id for c in clauses if c.kind == "section"] == [f"S{n:02d}" for n in range(1, 12)]
    numbered = [c for c in clauses if c.kind == "clause"]
    assert [c.clause_no for c in numbered] == list(range(1, 33))
    assert [c.clause_id for c in numbered[:3]] == ["S02-C01", "S02-C02", "S03-C03"]
    # 000 lines 99, 107, 118, 128, 138, 146: six `——` items in （二）主要目标, the third one
    # ` ——产品、工程、服务质量水平显著提升。` (with a stray leading space at a page join)
    items = [c for c in clauses if c.kind == "item"]
    assert [c.clause_id for c in items] == [f"S02-C02-I0{n}" for n in range(1, 7)]
    assert items[2].text.startswith("——产品、工程、服务质量水平显著提升。质量供给和需求更加适配")
    # 000 line 157 `到 2035 年，质量强国建设基础更加牢固，…`: after the items, back in clause （二）
    assert numbered[1].text.split("\n")[-1].startswith("到2035年，质量强国建设基础更加牢固")
    # 000 line 1 ` 中共中央 国务院印发《质量强国建设纲要》` is the title; the 新华社 lead is preamble
    assert clauses[0].kind == "title" and clauses[1].clause_id == "P"
    assert "新华社北京2月6日电" in clauses[1].text


def test_seed_002_starts_at_clause_two() -> None:
    clauses = segment(clean_seed("002"))
    # 002 line 9 `(二)主要目标`: the newspaper copy lacks the opening up to （一）
    numbered = [c for c in clauses if c.kind == "clause"]
    assert (numbered[0].clause_id, numbered[0].title) == ("C02", "主要目标")
    assert [c.clause_no for c in numbered] == list(range(2, 33))
    # 002 line 26 `## 三、推动经济质量效益型发展`
    assert [c.section_no for c in clauses if c.kind == "section"] == list(range(3, 12))


def test_kangxi_section_marker_becomes_a_section() -> None:
    # field/kangxi-2lines.txt reads `⼀、形势背景` ⏎ `质量是⼈类⽣产⽣活的重要保障。…`
    from extract.clean import clean_text

    clean = clean_text((FIELD / "kangxi-2lines.txt").read_text(encoding="utf-8"))
    clauses = segment(clean)
    assert [(c.clause_id, c.kind, c.title) for c in clauses] == [("S01", "section", "形势背景")]
    assert clauses[0].text.endswith("质量是人类生产生活的重要保障。党的十八大以来，在以习近平同志为核心的党中央坚强领。")


def test_u2015_item_markers_are_items() -> None:
    # field/dash-u2015-items.txt: `（二）主要目标` then six `――` items (经济发展… to 质量治理…)
    from extract.clean import clean_text

    clean = clean_text((FIELD / "dash-u2015-items.txt").read_text(encoding="utf-8"))
    clauses = segment(clean)
    assert ids(clauses) == ["C02", *(f"C02-I{n:02d}" for n in range(1, 7))]
    assert clauses[1].text.startswith("——经济发展质量效益明显提升。")
    assert clauses[6].title == "质量治理体系更加完善"


def test_articles_and_chapters_are_units() -> None:
    # field/articles.txt: 第三章 职工代表大会 / 第十六条 … / 第十七条 …：（一）（二） / 第十八条 …：（一）（二）
    from extract.clean import clean_text

    clauses = segment(clean_text((FIELD / "articles.txt").read_text(encoding="utf-8")))
    assert [(c.clause_id, c.kind, c.section_no, c.clause_no) for c in clauses] == [
        ("CH03", "chapter", 3, None),
        ("AR016", "article", 3, 16),
        ("AR017", "article", 3, 17),
        ("AR017-C01", "clause", 3, 1),
        ("AR017-C02", "clause", 3, 2),
        ("AR018", "article", 3, 18),
        ("AR018-C01", "clause", 3, 1),
        ("AR018-C02", "clause", 3, 2),
    ]
    assert clauses[0].title == "职工代表大会"
    assert clauses[1].text == "第十六条职工代表大会是工会工作的重点。"
    assert clauses[6].text == "（一）维护职工合法权益。"


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # a 款 after the points of an article belongs to the article, not to its last point
        (["第十条劳动合同应当具备以下条款：", "（一）劳动合同期限；", "（二）工作内容。", "劳动合同除前款规定外，可以约定。"],
         {"AR010": "第十条劳动合同应当具备以下条款：\n劳动合同除前款规定外，可以约定。",
          "AR010-C02": "（二）工作内容。"}),
        # Arabic numbers, and a `——` item inside an article
        (["第3章 附则", "第45条 本办法自发布之日起施行。", "——由市政府负责解释。"],
         {"CH03": "第3章 附则", "AR045": "第45条 本办法自发布之日起施行。", "AR045-I01": "——由市政府负责解释。"}),
        # a sentence that mentions an article is not one
        (["一、总则", "依照第十条规定执行。"], {"S01": "一、总则\n依照第十条规定执行。"}),
    ],
)  # fmt: skip
def test_article_texts(paragraphs: list[str], expected: dict[str, str]) -> None:
    texts = {c.clause_id: c.text for c in segment_paragraphs(paragraphs)}
    assert {k: texts.get(k) for k in expected} == expected
    assert set(texts) == set(expected) | (set(texts) - set(expected))


def test_real_regulation_chapters_articles_and_contents() -> None:
    # realdocs/sh_labor_contract_regs.pdf (上海市劳动合同条例), read off the rendered pages: page 1 has
    # a 目录 of 第一章 总则 … 第七章 附则, then 第一章 总则 and 第一条 to 第八条; page 8 ends with
    # 第七章 附则, 第六十条, 第六十一条 (plus an unnumbered 款) and 第六十二条 本条例自2002年5月1日起施行。
    from extract.clean import clean_document
    from extract.load import extract_document
    from policyqa.options import Options

    path = Path(__file__).parent / "resources" / "realdocs" / "sh_labor_contract_regs.pdf"
    clauses = segment(clean_document(extract_document(path, Options())))
    by_kind: dict[str, list[Clause]] = {}
    for clause in clauses:
        by_kind.setdefault(clause.kind, []).append(clause)
    assert [c.clause_id for c in by_kind["chapter"]] == [f"CH0{n}" for n in range(1, 8)]
    assert [c.title for c in by_kind["chapter"]][::6] == ["总则", "附则"]
    assert [c.clause_no for c in by_kind["article"]] == list(range(1, 63))
    contents = next(c for c in clauses if c.title == "目录")
    assert contents.kind == "other" and contents.text.count("\n") == 7  # 目录 and seven entries
    last = by_kind["article"][-1]
    assert (last.clause_id, last.text, last.page_end) == ("AR062", "第六十二条本条例自2002年5月1日起施行。", 8)
    art61 = next(c for c in clauses if c.clause_id == "AR061")
    assert art61.text.endswith("不再适用《上海市外商投资企业劳动人事管理条例》中关于劳动合同的规定。")


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # a lost paragraph break ran the next clause / item / section / article into the paragraph
        (["（三）增强动能。建立体系。（四）树立导向。开展行动。"], ["C03", "C04"]),
        (["（二）主要目标", "——经济发展质量效益明显提升。——产业质量竞争力持续增强。"], ["C02", "C02-I01", "C02-I02"]),
        (["（二）基本原则——坚持以质量第一为价值导向。"], ["C02", "C02-I01"]),  # after a bare heading
        (["（五）强化民生。", "四、增强产业质量竞争力（六）强化产业基础质量支撑。"], ["C05", "S04", "S04-C06"]),
        (["第十六条 职工代表大会是重点。第十七条 任务是："], ["AR016", "AR017"]),
        (["建设质量强国是重要举措。一、形势背景"], ["P", "S01"]),
        # not the next number, or not after a sentence: text
        (["（三）增强动能。建立体系。（一）另有所指。"], ["C03"]),
        (["（三）主要任务包括（四）项内容。"], ["C03"]),  # a count, not a marker
        (["（三）依照第（四）项执行。"], ["C03"]),  # a reference to a point
        (["（三）增强动能，——要点。"], ["C03"]),
    ],
)  # fmt: skip
def test_markers_run_in_by_a_lost_paragraph_break(paragraphs: list[str], expected: list[str]) -> None:
    assert ids(segment_paragraphs(paragraphs)) == expected
