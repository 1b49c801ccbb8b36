"""Routing decisions: when a PDF page's text layer is trusted and when it is OCR'd."""

from __future__ import annotations

import pytest

from extract.routing import PageStats, is_cjk_font, route_page, text_stats


@pytest.mark.parametrize(
    ("stats", "route", "why"),
    [
        (PageStats(char_count=800, cjk_count=700), "text_layer", "text layer: 800 chars"),
        (PageStats(char_count=0, image_ratio=1.0), "ocr", "image covers 100%"),
        (PageStats(char_count=5, image_ratio=0.9), "ocr", "image covers 90%"),
        # an image page that carries an invisible OCR layer keeps it
        (PageStats(char_count=109, image_ratio=1.0), "text_layer", "text layer"),
        (PageStats(char_count=0, vector_count=183), "ocr", "vector outlines"),
        (PageStats(char_count=5, vector_count=553), "ocr", "vector outlines"),
        (PageStats(char_count=0, image_ratio=0.2), "ocr", "no text layer"),
        (PageStats(char_count=0), "text_layer", "blank page"),
        (PageStats(char_count=300, junk_count=120), "ocr", "junk text layer"),
        (PageStats(char_count=300, junk_count=2), "text_layer", "text layer"),
        (PageStats(char_count=200, cjk_count=0, cjk_font=True), "ocr", "broken ToUnicode"),
        (PageStats(char_count=27, cjk_count=2, cjk_font=True), "text_layer", "text layer"),
        (PageStats(char_count=200, mojibake_count=150), "ocr", "mojibake"),
        (PageStats(char_count=200, cjk_count=0), "text_layer", "text layer"),  # an English page
    ],
)
def test_auto_route(stats: PageStats, route: str, why: str) -> None:
    got, reason = route_page(stats)
    assert got == route
    assert why in reason


@pytest.mark.parametrize(
    ("stats", "mode", "route", "why"),
    [
        (PageStats(char_count=800), "always", "ocr", "--ocr always"),
        (PageStats(char_count=0, image_ratio=1.0), "never", "text_layer", "but --ocr never"),
        (PageStats(char_count=800), "never", "text_layer", "text layer: 800 chars"),
    ],
)
def test_ocr_mode_overrides(stats: PageStats, mode: str, route: str, why: str) -> None:
    got, reason = route_page(stats, mode)  # type: ignore[arg-type]
    assert (got, why in reason) == (route, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("质量强国 建设", (6, 6, 0, 0)),
        ("(cid:12)(cid:7)ab", (4, 0, 2, 0)),
        ("\ue000\ufffd\x07x", (4, 0, 3, 0)),
        ("ÖÐ¹ú", (4, 0, 0, 3)),  # GBK 中国 read as Latin-1 (¹ is not a letter)
        ("", (0, 0, 0, 0)),
    ],
)
def test_text_stats(text: str, expected: tuple[int, int, int, int]) -> None:
    assert text_stats(text) == expected


@pytest.mark.parametrize(
    ("name", "cjk"),
    [
        ("ABCDEE+宋体", True),
        ("QRCLKC+SimSun", True),
        ("AGCTTR+FZHei-B01", True),
        ("Helvetica", False),
        ("TimesNewRoman", False),
    ],
)
def test_is_cjk_font(name: str, cjk: bool) -> None:
    assert is_cjk_font(name) is cjk
