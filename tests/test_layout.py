"""Page layout of text layers (issue 8): lines by baseline, fake bold, columns, rotation, tables.

Every expected string was read off the page rendered with `pdftoppm -r 80 -png`.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pdfplumber
import pytest

from extract.glyphs import Glyph
from extract.layout import drop_fake_bold
from extract.pdf import read_text_layers

RESOURCES = Path(__file__).parent / "resources"
FIXTURES = RESOURCES / "fixtures"
FIELD = RESOURCES / "field"
REALDOCS = RESOURCES / "realdocs"


def texts(path: Path, page: int = 1) -> list[str]:
    return [line.text for line in read_text_layers(path)[page - 1].lines]


def test_mixed_font_line_is_one_line() -> None:
    """Digits in a second font with a -1.25 em descent and a baseline 2 pt lower stay in their line."""
    path = FIXTURES / "mixed-font-baseline.pdf"
    assert texts(path) == [
        "一、2023年财政预算执行情况",
        "全年收入增长5.2%，完成预算。",
        "面积为352平方米",  # the superscript ² joins its line
        "二、主要工作",
        "— 1 —",
    ]


def test_mixed_font_fixture_splits_box_based_lines() -> None:
    """The fixture reproduces the reported failure: lines built from boxes split (pdfplumber)."""
    with pdfplumber.open(FIXTURES / "mixed-font-baseline.pdf") as pdf:
        rows = [row["text"] for row in pdf.pages[0].extract_text_lines()]
    assert "2023" in rows and "一、2023年财政预算执行情况" not in rows


def test_sideways_text_reads_in_order() -> None:
    path = FIXTURES / "sideways-text.pdf"
    assert texts(path) == ["第一行：表格横排印刷", "第二行：从下往上读", "第三行：读完为止", "正文页脚"]


@pytest.mark.parametrize(
    ("path", "first", "absent"),
    [
        (FIELD / "fakebold-1.5pt-1p.pdf", "一、形势背景", "一一、、"),
        (REALDOCS / "fakebold_annual_report_cover.pdf", "安徽安利合成革股份有限公司", "股股票票"),
    ],
)
def test_fake_bold_dropped(path: Path, first: str, absent: str) -> None:
    lines = texts(path)
    assert lines[0] == first
    assert not any(absent in line for line in lines)


def test_real_repeated_characters_stay() -> None:
    """`2011 年年度报告` prints 年 twice, side by side: not fake bold."""
    lines = texts(REALDOCS / "fakebold_annual_report_cover.pdf")
    assert "2011 年年度报告" in lines
    assert "股票代码：300218" in lines


def _glyph(x: float, width: float, size: float = 12.0) -> Glyph:
    return Glyph("势", x, 100.0, 1.0, 0.0, size, width)


@pytest.mark.parametrize(
    ("offset", "width", "kept"),
    [(1.5, 12.0, 1), (2.0, 12.0, 1), (5.9, 12.0, 1), (12.0, 12.0, 2), (2.0, 3.0, 2)],
)
def test_fake_bold_offset_is_measured_against_the_glyph_width(offset: float, width: float, kept: int) -> None:
    assert len(drop_fake_bold([_glyph(100, width), _glyph(100 + offset, width)])) == kept


def test_two_columns_read_column_by_column() -> None:
    assert texts(FIELD / "twocol-1p.pdf") == [
        "建设质量强国是推动高质量发展、促进我",
        "国经济由大向强转变的重要举措，是满足人民",
        "美好生活需要的重要途径。为统筹推进质量强",
        "国建设，全面提高我国质量总体水平，制定本",
        "纲要。",
    ]


def test_rotated_page_geometry_is_the_displayed_page() -> None:
    """`/Rotate 90` on a landscape MediaBox: the page displays 595×842 pt, the footer `— 1 —`
    about 2/3 down (pdftoppm puts it at y≈561 pt), under the text block."""
    first, second = read_text_layers(FIELD / "rot-landscape-footer-2p.pdf")
    assert (round(first.width), round(first.height)) == (595, 842)
    footer = first.lines[-1]
    assert footer.text == "— 1 —" and 540 < footer.bbox[1] < 575 and 390 < footer.bbox[0] < 420
    assert first.lines[0].text.startswith("建设质量强国是推动高质量发展")
    assert second.lines[-1].text == "— 2 —"


def test_unruled_table_rows() -> None:
    layer = read_text_layers(FIELD / "table-3col-1p.pdf")[0]
    assert [list(row) for row in layer.tables[0].rows] == [
        ["职位", "人数", "工作职责"],
        ["工会主席", "1", "全面负责工会工作"],
        ["工会副主席", "1", "主持工会日常工作"],
    ]
    assert [line.kind for line in layer.lines] == ["table_row"] * 3


def test_ruled_table_stays_out_of_prose() -> None:
    layer = read_text_layers(REALDOCS / "dangwei_union_rules_p4.pdf")[0]
    (table,) = layer.tables
    assert table.rows[0] == ("职位", "人数", "工作职责")
    assert table.rows[1] == ("工会主席", "1", "全面负责工会工作")
    assert table.rows[-1] == ("宣传委员", "1", "负责工会宣传工作")
    assert len(table.rows) == 8
    prose = [line.text for line in layer.lines if line.kind == "text"]
    assert not any("工会主席" in text and "全面负责" in text for text in prose)
    # the table sits between the caption and 第四章, as printed
    order = [line.text for line in layer.lines]
    caption, chapter = order.index("表1 工会委员介绍表"), order.index("第四章 工作职责")
    assert order[caption + 1] == "职位\t人数\t工作职责" and chapter == caption + 9


def test_letter_spaced_title_is_not_a_table() -> None:
    """Two title lines set one character every two em: aligned 'columns', but no table."""
    from extract.layout import group_rows
    from extract.pdftables import unruled_tables

    glyphs = [Glyph(c, 100 + 40 * k, y, 1.0, 0.0, 12.0, 12.0) for y, text in ((100, "关于印发"), (124, "通知全文")) for k, c in enumerate(text)]
    tables, rest = unruled_tables(group_rows(glyphs))
    assert tables == [] and [row.text() for row in rest] == ["关 于 印 发", "通 知 全 文"]


def test_image_inside_a_form_counts_for_routing() -> None:
    """A 432×648 pt image placed through a form XObject covers 56 % of the page: it is a scan page."""
    from extract.routing import route_page

    layer = read_text_layers(FIXTURES / "image-in-form.pdf")[0]
    assert 0.5 < layer.stats.image_ratio < 0.6
    assert route_page(layer.stats, "auto")[0] == "ocr"


def test_footnote_call_joins_its_title_and_table_pages() -> None:
    """tw_cssta page 1: the title ends in a raised footnote call `1`; page 2 (printed 第 13 頁):
    a ruled table whose header row reads 部門或次部門 | 市場開放承諾 | 其他承諾, the footer below it."""
    first, second = read_text_layers(REALDOCS / "tw_cssta_annex1_commitments.pdf")[:2]
    # the layer spells 金 and 諾 with CJK compatibility ideographs (U+F90A, U+F95D): compare folded
    assert "臺灣方面非金融服務部門的開放承諾1" in [unicodedata.normalize("NFKC", line.text) for line in first.lines]
    assert [unicodedata.normalize("NFKC", cell) for cell in second.tables[0].rows[0]] == ["部門或次部門", "市場開放承諾", "其他承諾"]
    assert second.lines[-1].text == "第 13 頁，共 51 頁" and second.lines[-1].kind == "text"
    assert second.lines[0].text.startswith("服務提供模式：(1)跨境提供服務") and second.lines[0].kind == "text"
