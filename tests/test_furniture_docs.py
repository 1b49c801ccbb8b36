"""Page furniture on real and generated PDFs: which page numbers and running headers go, page by page.

Every expected value was read off the pages rendered with `pdftoppm -r 80 -png`.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import pytest

from extract.headers import strip_page_furniture
from extract.load import extract_document
from extract.model import Line, RemovedLine
from extract.pagenumbers import parse_page_number
from policyqa.options import Options

RESOURCES = Path(__file__).parent / "resources"


@cache
def _furniture(relative: str) -> tuple[list[list[Line]], list[RemovedLine]]:
    doc = extract_document(RESOURCES / relative, Options(ocr="never"))
    return strip_page_furniture([p.lines for p in doc.pages], [p.height for p in doc.pages])


def _numbers(removed: list[RemovedLine]) -> dict[int, int]:
    """Printed page number removed from each page (page -> number)."""
    found = {}
    for r in removed:
        if r.reason == "page_number":
            number = parse_page_number(r.text, roman=True)
            assert number is not None, r
            found[r.page] = number.number
    return found


def _kept_text(kept: list[list[Line]], page: int) -> list[str]:
    """The kept lines of a page, spaces removed, compatibility ideographs (U+F900…) unified (NFC)."""
    return [unicodedata.normalize("NFC", "".join(line.text.split())) for line in kept[page - 1]]


def test_gbt9704_numbers_under_the_text_block_outside_the_band() -> None:
    # `— 1 —` … `— 4 —`, right on odd pages and left on even pages, under the text block
    kept, removed = _furniture("field/footer-gbt9704-4p.pdf")
    assert _numbers(removed) == {1: 1, 2: 2, 3: 3, 4: 4}
    assert all(not text.startswith("—") for page in range(1, 5) for text in _kept_text(kept, page))


def test_fullwidth_dashes_alternating_top_and_bottom_and_a_reworded_header() -> None:
    # `－1－` top right (above the header) on odd pages, `－2－` under the text on even pages; the header
    # `质量强国建设纲要（征求意见稿）` reads `质量强国建设纲要（修改稿）` on page 4 only
    kept, removed = _furniture("fixtures/furniture-alternate-4p.pdf")
    assert _numbers(removed) == {1: 1, 2: 2, 3: 3, 4: 4}
    titles = [(r.page, "".join(r.text.split())) for r in removed if r.reason == "running_title"]
    assert titles == [(1, "质量强国建设纲要（征求意见稿）"), (2, "质量强国建设纲要（征求意见稿）"),
                      (3, "质量强国建设纲要（征求意见稿）"), (4, "质量强国建设纲要（修改稿）")]  # fmt: skip
    assert _kept_text(kept, 4)[0].startswith("二）主要目标到2025年")


def test_bare_numbers_of_an_excerpt_with_a_gap_confirmed_by_sequence() -> None:
    # printed 12, 13, (nothing), 15 under the text block; page 2's last body line is `2025`
    kept, removed = _furniture("fixtures/furniture-excerpt-4p.pdf")
    assert _numbers(removed) == {1: 12, 2: 13, 4: 15}
    assert _kept_text(kept, 2)[-1] == "2025"
    assert [r.reason for r in removed] == ["page_number"] * 3


def test_dangwei_page_keeps_articles_drops_document_number_header_and_footer() -> None:
    # header `党委【2017】010 号` above the text, footer `4`; the page opens with `（四）热心群众工作`
    kept, removed = _furniture("realdocs/dangwei_union_rules_p4.pdf")
    assert [(r.page, "".join(r.text.split()), r.reason) for r in removed] == [
        (1, "党委【2017】010号", "running_title"),
        (1, "4", "page_number"),
    ]
    assert "热心群众工作" in _kept_text(kept, 1)[0]


def test_gbt3620_standard_code_header_and_roman_then_arabic_numbers() -> None:
    # pages 2–13 head `GB/T 3620.1—2016`; page 2 (前言) prints `Ⅰ`, pages 3–12 print 1–10, 13 none
    kept, removed = _furniture("realdocs/gbt3620_1_2016_titanium_std.pdf")
    assert _numbers(removed) == {2: 1, **{page: page - 2 for page in range(3, 13)}}
    headers = {r.page for r in removed if r.reason == "running_title" and "GB/T" in r.text}
    # pages 5–9 are sideways tables whose text layer is punctuation (they go to OCR); on the
    # upright text-layer pages the header goes on every page but the cover
    assert headers - set(range(5, 10)) == set(range(2, 14)) - set(range(5, 10))
    assert "前言" in _kept_text(kept, 2)[0]


@pytest.mark.slow
def test_taiwan_annex_excerpt_numbers_and_reworded_running_header() -> None:
    # `第 12 頁，共 51 頁` … `第 48 頁，共 51 頁` (an excerpt; 51 is not this file's count);
    # `服務提供模式：(1)跨境提供服務…` heads pages 2–14, from page 16 `服務提供模式：(1)跨境交付…`
    kept, removed = _furniture("realdocs/tw_cssta_annex1_commitments.pdf")
    assert _numbers(removed) == {page: page + 11 for page in range(1, 38)}
    mode_left = [page for page in range(1, 38) if any(t.startswith("服務提供模式") for t in _kept_text(kept, page))]
    assert mode_left == [1, 16]  # each wording's first occurrence, under the section title
    assert _kept_text(kept, 16)[0] == "大陸方面非金融服務部門的開放承諾8"
