"""Tests for extract.linebreaks: paragraph grouping and joining with spans."""

import pytest

from extract.linebreaks import (
    TextLine,
    choose_regime,
    ends_sentence,
    group_paragraphs,
    is_heading,
    join_paragraph,
    restore_item_markers,
    starts_paragraph_marker,
)
from extract.model import Span


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、形势背景", True),
        ("十一、组织保障", True),
        ("（三）增强质量发展创新动能。", True),
        ("(三)增强", True),
        ("——经济发展质量效益明显提升。", True),
        ("专栏1 区域质量发展示范工程", True),
        ("1.质量强国建设纲要", True),
        ("附件：1.质量强国建设纲要", True),
        ("3.5倍", False),
        ("质量是人类生产生活的重要保障。", False),
    ],
)
def test_starts_paragraph_marker(text: str, expected: bool) -> None:
    assert starts_paragraph_marker(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("本纲要。", True), ("新华社记者：", True), ("“舌尖上的安全”。", True), ("他说：“好。”", True),
     ("的重要举措，是满足", False), ("“舌尖上的安全”", False), ("", False)],
)
def test_ends_sentence(text: str, expected: bool) -> None:
    assert ends_sentence(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、形势背景", True),
        ("一、高度重视，狠抓落实", True),  # seed 004 line 13: commas allowed after a marker
        ("中共中央 国务院印发《质量强国建设纲要》", True),
        ("（七）提高产业质量竞争水平。推动产业质量升级", False),
        ("在总体要求部分，《纲要》明确了指导思想，提出了2025", False),  # seed 004 line 275
        ("质量是人类生产生活的重要保障。党的十八大以来，在以", False),
    ],
)
def test_is_heading(text: str, expected: bool) -> None:
    assert is_heading(text) is expected


def _lines(texts: list[str], blank_before: bool = False) -> list[TextLine]:
    return [TextLine(t, 1, after_blank=blank_before and i > 0) for i, t in enumerate(texts)]


# Seed 000 (lines 13-27), hard-wrapped with a blank line after every printed line.
SEED_000 = [
    "建设质量强国是推动高质量发展、促进我国经济由大向强",
    "转变的重要举措，是满足人民美好生活需要的重要途径。为",
    "统筹推进质量强国建设，全面提高我国质量总体水平，制定",
    "本纲要。",
    "一、形势背景",
    "质量是人类生产生活的重要保障。党的十八大以来，在以",
    "习近平同志为核心的党中央坚强领导下，我国质量事业实现",
    "跨越式发展，质量强国建设取得历史性成效。全民质量意识",
]


def test_wrapped_regime_joins_by_sentence_logic() -> None:
    lines = _lines(SEED_000, blank_before=True)
    assert choose_regime(lines) == "wrapped"
    paragraphs = [join_paragraph(p)[0] for p in group_paragraphs(lines)]
    assert paragraphs == [
        "".join(SEED_000[:4]),
        "一、形势背景",
        "".join(SEED_000[5:]),
    ]


def test_lines_regime_repairs_paragraph_broken_mid_sentence() -> None:
    # seed 002 lines 36/38: `…实现工业质量分析与控制软件关键` ⏎⏎ `技术突破。加强技术创新…`
    texts = [
        "（六）强化产业基础质量支撑。实现工业质量分析与控制软件关键",
        "技术突破。加强技术创新。",
        "（七）提高产业质量竞争水平。推动产业质量升级。",
        "四、增强产业质量竞争力",
        "（八）提升产业集群质量引领力。",
    ]
    lines = _lines(texts, blank_before=True)
    assert choose_regime(lines) == "lines"
    paragraphs = [join_paragraph(p)[0] for p in group_paragraphs(lines)]
    assert paragraphs[0].endswith("控制软件关键技术突破。加强技术创新。")
    assert paragraphs[1:] == texts[2:]


def test_lines_regime_keeps_headings_and_fields_apart() -> None:
    # seed 004 lines 39/41/45: contact fields, then the attachment's title
    texts = ["联系人：李述虎电话：2079642", "邮箱：xxssljjdk@163.com", "质量强国建设纲要", "建设质量强国是推动高质量发展的重要举措。"]
    paragraphs = [join_paragraph(p)[0] for p in group_paragraphs(_lines(texts, True))]
    assert paragraphs == texts


def test_blocks_regime_joins_lines_inside_blocks() -> None:
    lines = [
        TextLine("第一段第一行，", 1), TextLine("第一段第二行。", 1),
        TextLine("第二段第一行，", 1, after_blank=True), TextLine("第二段第二行。", 1),
        TextLine("第三段。", 1, after_blank=True),
    ]  # fmt: skip
    assert choose_regime(lines) == "blocks"
    assert [join_paragraph(p)[0] for p in group_paragraphs(lines)] == [
        "第一段第一行，第一段第二行。", "第二段第一行，第二段第二行。", "第三段。"
    ]


def test_join_keeps_one_space_between_latin_words_and_none_in_cjk() -> None:
    text, spans = join_paragraph([TextLine("质量 quality", 1), TextLine("management 体系", 2), TextLine("建设。", 2)])
    assert text == "质量 quality management 体系建设。"
    assert spans == (Span(0, 11, 1, "plain"), Span(11, len(text), 2, "plain"))


def test_spans_keep_confidence_per_line() -> None:
    text, spans = join_paragraph([TextLine("甲乙", 3, "ocr", 0.9), TextLine("丙丁。", 3, "ocr", 0.8)])
    assert text == "甲乙丙丁。"
    assert spans == (Span(0, 2, 3, "ocr", 0.9), Span(2, 5, 3, "ocr", 0.8))


# Geometry: an A4 page 595 x 842 pt, body from x=90 to x=505, 15-pt lines.
def _geo(text: str, page: int, x0: float, x1: float, top: float) -> TextLine:
    return TextLine(text, page, "text", None, (x0, top, x1, top + 15))


def test_geometry_indent_and_short_last_line_start_paragraphs() -> None:
    lines = [
        _geo("（一）指导思想。以习近平新时代中国特色社会主义思想", 1, 120, 505, 100),  # indented first line
        _geo("为指导，立足新发展阶段，完整、准确、全面贯彻新发展理", 1, 90, 505, 120),
        _geo("念。", 1, 90, 120, 140),  # short last line ending a sentence
        _geo("质量是人类生产生活的重要保障。党的十八大以来，在以", 1, 90, 505, 160),  # not indented
        _geo("习近平同志为核心的党中央坚强领导下，我国质量事业实现", 1, 90, 505, 180),
        _geo("跨越式发展。", 1, 90, 180, 200),
    ]
    assert choose_regime(lines) == "geometry"
    groups = group_paragraphs(lines)
    assert [len(g) for g in groups] == [3, 3]


def test_geometry_joins_across_a_page_break() -> None:
    lines = [
        _geo("质量是人类生产生活的重要保障。党的十八大以来，在以", 1, 120, 505, 700),
        _geo("习近平同志为核心的党中央坚强领导下，我国质量事业实现", 1, 90, 505, 720),
        _geo("跨越式发展，质量强国建设取得历史性成效。全民质量意识", 2, 90, 505, 80),
        _geo("显著提高。", 2, 90, 170, 100),
        _geo("一、形势背景", 2, 90, 200, 130),
    ]
    groups = group_paragraphs(lines)
    text, spans = join_paragraph(groups[0])
    assert len(groups) == 2
    assert [(s.page, text[s.start : s.end][:3]) for s in spans] == [(1, "质量是"), (2, "跨越式")]


def test_geometry_full_width_line_without_comma_is_not_a_heading() -> None:
    # born-digital.pdf page 1 prints the preamble's first line `建设质量强国是推动高质量发展、促进我国
    # 经济由大向强转` (no comma, so it reads like a heading) to the right margin: it continues.
    lines = [
        _geo("建设质量强国是推动高质量发展、促进我国经济由大向强转", 1, 120, 505, 100),
        _geo("变的重要举措，是满足人民美好生活需要的重要途径。为统筹推", 1, 90, 505, 120),
        _geo("进质量强国建设，全面提高我国质量总体水平，制定本纲要。", 1, 90, 490, 140),
        _geo("一、形势背景", 1, 120, 200, 160),
        _geo("中共中央国务院印发", 1, 90, 250, 180),  # a short heading-like line still ends its paragraph
        _geo("质量是人类生产生活的重要保障。", 1, 90, 400, 200),
    ]
    assert [len(g) for g in group_paragraphs(lines)] == [3, 1, 1, 1]


# OCR'd page as PaddleOCR reads scan-200 copies: left margin x=67, 16-pt cells, 28 cells a line,
# paragraphs indented 2 cells; an item `——` sits in cells 3–4 and is often dropped or misread.
def _ocr(text: str, x0: float, x1: float, top: float, source: str = "ocr") -> TextLine:
    return TextLine(text, 3, source, 0.99, (x0, top, x1, top + 20))  # type: ignore[arg-type]


_BODY = [_ocr("机制和支持制度更加健全，品牌建设水平显著提高，企业争创品", 67, 515, 300 + 28 * k)
         for k in range(4)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # seed-1 scan, page 3: `——品牌建设取得更大进展。` read as `品牌建设…` starting at x=134
        (_ocr("品牌建设取得更大进展。品牌培育、发展、壮大的促进", 131, 515, 200),
         "——品牌建设取得更大进展。品牌培育、发展、壮大的促进"),
        # seed-1 scan, page 2: `——产业质量竞争力持续增强。` read as `一产业…` from x=134
        (_ocr("一产业质量竞争力持续增强。制约产业发展的质量瓶颈不", 126, 515, 200),
         "——产业质量竞争力持续增强。制约产业发展的质量瓶颈不"),
        # seed-1 scan, page 3: the dash read as one `一` whose box is a cell wider than its text
        (_ocr("一产品、工程、服务质量水平显著提升。质量供给和需求", 99, 515, 200),
         "——产品、工程、服务质量水平显著提升。质量供给和需求"),
        (_ocr("一一产品、工程、服务质量水平显著提升。质量供给和", 99, 515, 200),
         "——产品、工程、服务质量水平显著提升。质量供给和"),
        (_ocr("-一产品、工程、服务质量水平显著提升。质量供给和", 99, 515, 200),
         "——产品、工程、服务质量水平显著提升。质量供给和"),
        (_ocr("一 —产品、工程、服务质量水平显著提升。质量供给和", 99, 515, 200),
         "——产品、工程、服务质量水平显著提升。质量供给和"),
        # a paragraph that really opens with 一: its box fits its text
        (_ocr("一批具有引领力的质量卓越产业集群建成，质量供给", 99, 467, 200),
         "一批具有引领力的质量卓越产业集群建成，质量供给"),
        (_ocr("一、形势背景", 99, 195, 200), "一、形势背景"),  # a section marker
        # a continuation line at the margin: `一二三产业质量效益稳步提高` is text
        (_ocr("一二三产业质量效益稳步提高，农业标准化生产普及率稳步", 67, 515, 200),
         "一二三产业质量效益稳步提高，农业标准化生产普及率稳步"),
        (_ocr("一一对应的质量追溯体系更加健全，企业主体责任全面压", 67, 515, 200),
         "一一对应的质量追溯体系更加健全，企业主体责任全面压"),
        (_ocr("到2025年，质量整体水平进一步全面提高，中国品牌影响", 99, 515, 200),
         "到2025年，质量整体水平进一步全面提高，中国品牌影响"),  # ordinary indent
        # a text layer or a plain copy is never touched
        (_ocr("品牌建设取得更大进展。品牌培育、发展、壮大的促进", 131, 515, 200, "text"),
         "品牌建设取得更大进展。品牌培育、发展、壮大的促进"),
        (_ocr("一一产品、工程、服务质量水平显著提升。质量供给和", 99, 515, 200, "plain"),
         "一一产品、工程、服务质量水平显著提升。质量供给和"),
    ],
)
def test_restore_item_markers_on_ocr_lines(line: TextLine, expected: str) -> None:
    restored = restore_item_markers([*_BODY[:2], line, *_BODY[2:]])[2]
    assert restored.text == expected
    assert restored.page == line.page and restored.bbox == line.bbox


def test_restore_item_markers_without_geometry_leaves_lines() -> None:
    lines = [TextLine("一一产品、工程、服务质量水平显著提升。", 1, "ocr", 0.9)]
    assert restore_item_markers(lines) == lines


FIELD = __import__("pathlib").Path(__file__).parent / "resources" / "field"


def _clean_pdf(name: str) -> list[str]:
    from extract.clean import clean_document
    from extract.load import extract_document
    from policyqa.options import Options

    return clean_document(extract_document(FIELD / name, Options())).text.split("\n")


def test_hanging_indent_items_are_kept_whole() -> None:
    # field/hanging-indent-1p.pdf rendered at 80 dpi: `第十五条 工会女职工委员会委员候选人应符合以下条件：`,
    # `（一）应由女性工会主席或副主席担任，若企业无女性工会主席或副主席的，由符` wrapping under its own text
    # to `合相应条件的女性工会委员担任。`, then `（二）有较强的参政议事能力。`
    assert _clean_pdf("hanging-indent-1p.pdf") == [
        "第十五条工会女职工委员会委员候选人应符合以下条件：",
        "（一）应由女性工会主席或副主席担任，若企业无女性工会主席或副主席的，由符合相应条件的女性工会委员担任。",
        "（二）有较强的参政议事能力。",
    ]


def test_latin_word_split_at_a_line_end_is_joined_without_a_space() -> None:
    # field/latin-split-1p.pdf rendered at 80 dpi: `…单位G` ⏎ `DP资源能源消耗不断下降…`
    (paragraph,) = _clean_pdf("latin-split-1p.pdf")
    assert "单位GDP资源能源消耗不断下降" in paragraph
    assert paragraph.startswith("——经济发展质量效益明显提升。") and paragraph.endswith("显著增强。")


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("单位G", "DP资源", "单位GDP资源"),  # a word set solid in Chinese text
        ("采用ISO", "9001标准", "采用ISO9001标准"),  # digits never took a space
        ("质量 quality", "management 体系", "质量 quality management 体系"),  # words set with spaces
        ("the", "GDP资源", "the GDP资源"),  # a Latin line: its words are spaced
    ],
)
def test_latin_join(first: str, second: str, joined: str) -> None:
    assert join_paragraph([TextLine(first, 1), TextLine(second, 1)])[0] == joined


def test_geometry_centred_title_over_two_lines_is_one_paragraph() -> None:
    # A 公文 title set centred over two lines (GB/T 9704: 2号小标宋, centred), then the addressee.
    lines = [
        TextLine("国务院关于印发质量强国建设纲要实施", 1, "text", None, (150, 60, 445, 82)),
        TextLine("方案的通知", 1, "text", None, (245, 88, 350, 110)),
        _geo("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：", 1, 90, 505, 140),
        _geo("现将《质量强国建设纲要实施方案》印发给你们，请结合本地区本部门", 1, 120, 505, 160),
        _geo("实际，认真贯彻执行。建设质量强国是推动高质量发展、促进我国经济", 1, 90, 505, 180),
        _geo("由大向强转变的重要举措，是满足人民美好生活需要的重要途径。", 1, 90, 480, 200),
        _geo("国务院", 1, 400, 445, 230),  # the issuer, right-aligned: not a title line
        _geo("2023年2月6日", 1, 380, 470, 250),
    ]
    groups = [join_paragraph(g)[0] for g in group_paragraphs(lines)]
    assert groups[0] == "国务院关于印发质量强国建设纲要实施方案的通知"
    assert groups[2].endswith("重要途径。") and groups[-2:] == ["国务院", "2023年2月6日"]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["关于印发《质量强国建设", "纲要》的通知", "各有关单位："], ["关于印发《质量强国建设纲要》的通知", "各有关单位："]),
        (["中共中央国务院关于", "加快建设质量强国的实施意见", "一、总体要求"],
         ["中共中央国务院关于加快建设质量强国的实施意见", "一、总体要求"]),
        (["质量强国建设纲要", "中共中央国务院印发"], ["质量强国建设纲要", "中共中央国务院印发"]),  # two headings
    ],
)  # fmt: skip
def test_text_copy_title_lines_with_open_brackets_or_connectors_are_joined(
    texts: list[str], expected: list[str]
) -> None:
    lines = [TextLine(t, 1) for t in texts]
    assert [join_paragraph(g)[0] for g in group_paragraphs(lines, "lines")] == expected


def test_cover_lines_in_other_sizes_or_far_apart_stay_apart() -> None:
    # realdocs/gbt3620_1_2016_titanium_std.pdf page 1 (the cover) rendered at 80 dpi: `中华人民共和国国家标准`
    # across the page in large type, `GB/T 3620.1—2016` small at the right below it; the title
    # `钛及钛合金牌号和化学成分`; at the foot `2016-12-30 发布` … `2017-11-01 实施` over a rule, then the two
    # issuers `中华人民共和国国家质量监督检验检疫总局` and `中国国家标准化管理委员会` stacked, `发布` beside them.
    from extract.clean import clean_document
    from extract.load import extract_page
    from extract.model import ExtractedDocument
    from policyqa.options import Options

    path = FIELD.parent / "realdocs" / "gbt3620_1_2016_titanium_std.pdf"
    page = extract_page(path, 1, Options(ocr="never"))
    paragraphs = clean_document(ExtractedDocument(str(path), "pdf", [page])).text.split("\n")
    assert "钛及钛合金牌号和化学成分" in paragraphs
    assert "中华人民共和国国家质量监督检验检疫总局" in paragraphs
    assert "中国国家标准化管理委员会" in paragraphs
    assert not any("国家标准" in p and "GB/T" in p for p in paragraphs)
    assert not any("实施" in p and "总局" in p for p in paragraphs)
