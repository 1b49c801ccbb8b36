"""Tests for extract.headers: page numbers and running titles."""

import pytest

from extract.headers import PageNumber, parse_page_number, strip_page_furniture, title_key
from extract.model import Line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第 5 页 共 26 页", PageNumber(5, 26)),  # seed 000 line 162
        ("第2 页共6 页", PageNumber(2, 6)),
        ("第５页", PageNumber(5)),  # full-width digit
        ("— 5 —", PageNumber(5)),
        ("—5—", PageNumber(5)),
        ("－ 5 －", PageNumber(5)),
        ("- 5 -", PageNumber(5)),
        ("5/26", PageNumber(5, 26)),
        ("  12  ", PageNumber(12)),
        ("Page 3 of 9", PageNumber(3, 9)),
        ("－1－", PageNumber(1)),  # FULLWIDTH HYPHEN-MINUS, no spaces
        ("―3―", PageNumber(3)),  # HORIZONTAL BAR
        ("─ 7 ─", PageNumber(7)),  # BOX DRAWINGS LIGHT HORIZONTAL
        ("– 8 –", PageNumber(8)),  # EN DASH
        ("－１２－", PageNumber(12)),  # full-width digits
        ("一2—", PageNumber(2)),  # OCR read the opening `—` as 一
        ("-2一", PageNumber(2)),
        ("·3·", PageNumber(3)),
        ("• 3 •", PageNumber(3)),
        ("第 12 頁，共 51 頁", PageNumber(12, 51)),
        ("第 52 頁，共 51 頁", PageNumber(52, 51)),  # a wrong printed total does not unmake the number
        ("共 5 页 第 2 页", PageNumber(2, 5)),
        ("Ⅰ", None),  # Roman numerals only where asked for (page geometry)
        ("一、", None),
        ("一2", None),
        ("（1）", None),
        ("12/5", None),  # page 12 of 5 is a date, not a page number
        ("第 5 页 共 26 页的内容", None),
        ("2025年", None),
        ("一、形势背景", None),
        ("", None),
    ],
)
def test_parse_page_number(text: str, expected: PageNumber | None) -> None:
    assert parse_page_number(text) == expected


@pytest.mark.parametrize(
    ("text", "number"),
    [("Ⅰ", 1), ("Ⅳ", 4), ("ⅱ", 2), ("iii", 3), ("XII", 12), ("— iv —", 4), ("IIII", None), ("mix", None), ("I am", None)],
)
def test_parse_roman_page_number(text: str, number: int | None) -> None:
    parsed = parse_page_number(text, roman=True)
    assert (parsed.number if parsed else None) == number
    assert parsed is None or parsed.roman


def test_title_key_ignores_spaces_and_digits() -> None:
    # seed 001: the real title `中共中央 國務院印發…` (line 13) and the repeats without the space
    assert title_key("中共中央 國務院印發《品質強國建設綱要》") == title_key(
        "中共中央國務院印發《品質強國建設綱要》"
    )
    assert title_key("第 5 页") == title_key("第 22 页")


def _plain(texts: list[str]) -> list[list[Line]]:
    return [[Line(text, 1, source="plain") for text in texts]]


def test_text_copy_keeps_first_title_and_drops_repeats() -> None:
    title = "中共中央国务院印发《质量强国建设纲要》"
    texts = [title, "近日，中共中央印发了纲要。", title, "一、形势背景", "正文。", title, "正文二。", title]
    kept, removed = strip_page_furniture(_plain(texts), [None])
    assert [line.text for line in kept[0]] == [title, "近日，中共中央印发了纲要。", "一、形势背景", "正文。", "正文二。"]
    assert [r.reason for r in removed] == ["running_title"] * 3


def test_text_copy_drops_trailing_repeat_of_title() -> None:
    # seed 000 starts with ` 中共中央 国务院印发《质量强国建设纲要》` and ends with it once more
    texts = [" 中共中央 国务院印发《质量强国建设纲要》", "正文。", "更多正文。", "\t中共中央 国务院印发《质量强国建设纲要》"]
    kept, removed = strip_page_furniture(_plain(texts), [None])
    assert [line.text for line in kept[0]] == texts[:3]
    assert [(r.text, r.reason) for r in removed] == [(texts[3], "running_title")]


def test_text_copy_keeps_a_heading_seen_twice_in_the_body() -> None:
    texts = ["（二）主要目标", "正文。", "（二）主要目标", "正文。"]
    kept, removed = strip_page_furniture(_plain(texts), [None])
    assert len(kept[0]) == 4 and removed == []


def test_text_copy_drops_page_number_lines() -> None:
    kept, removed = strip_page_furniture(_plain(["正文。", "第 5 页 共 26 页", "更多。"]), [None])
    assert [line.text for line in kept[0]] == ["正文。", "更多。"]
    assert [(r.page, r.reason) for r in removed] == [(1, "page_number")]


def _page(number: int, header: str, body: str, footer: str) -> list[Line]:
    return [
        Line(header, number, (100, 20, 400, 35)),  # top band of an 842-pt page
        Line(body, number, (90, 300, 500, 315)),
        Line(footer, number, (280, 800, 320, 815)),  # bottom band
    ]


def test_geometry_drops_band_furniture_repeated_on_pages() -> None:
    pages = [_page(n, "质量强国建设纲要", f"正文第{n}段。", f"— {n} —") for n in (1, 2, 3)]
    kept, removed = strip_page_furniture(pages, [842.0] * 3)
    assert [[line.text for line in page] for page in kept] == [["正文第1段。"], ["正文第2段。"], ["正文第3段。"]]
    assert sorted({r.reason for r in removed}) == ["page_number", "running_title"]
    assert len(removed) == 6


def test_geometry_keeps_band_line_on_one_page_only() -> None:
    pages = [_page(1, "一次性标题", "正文。", "1"), _page(2, "另一个标题", "正文。", "2"), _page(3, "第三个", "正文。", "3")]
    kept, removed = strip_page_furniture(pages, [842.0] * 3)
    assert [page[0].text for page in kept] == ["一次性标题", "另一个标题", "第三个"]
    assert [r.reason for r in removed] == ["page_number"] * 3


def test_geometry_needs_a_sequence_for_bare_numbers_outside_the_band() -> None:
    # a bare number under the text block (not in the band) is a page number only when the
    # numbers of other pages agree with it: 7, 8 on pages 1, 2 do; a lone 300 does not
    def page(number: int, last: str) -> list[Line]:
        return [Line("正文。", number, (90, 100, 500, 115)), Line(last, number, (290, 600, 310, 612))]

    kept, removed = strip_page_furniture([page(1, "7"), page(2, "8"), page(3, "300")], [842.0] * 3)
    assert [(r.page, r.text) for r in removed] == [(1, "7"), (2, "8")]
    assert kept[2][-1].text == "300"


def test_geometry_keeps_body_text_that_looks_like_a_number() -> None:
    page = [Line("2025", 1, (90, 400, 130, 415)), Line("5", 1, (290, 810, 300, 820))]
    kept, removed = strip_page_furniture([page], [842.0])
    assert [line.text for line in kept[0]] == ["2025"]
    assert [r.text for r in removed] == ["5"]
