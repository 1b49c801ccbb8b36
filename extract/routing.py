"""Per-page routing: trust a PDF text layer, or render the page and OCR it.

`route_page` is a pure decision on a small `PageStats`; `text_stats` measures the text side.
Every decision carries a one-line reason that ends up in pages.csv.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Route = Literal["text_layer", "ocr"]
OcrMode = Literal["auto", "always", "never"]

MIN_TEXT_CHARS = 20  # below this a page "has almost no text"
IMAGE_PAGE_RATIO = 0.5  # an image covering at least half the page makes it a scan
VECTOR_OUTLINES = 20  # this many curves/rects/lines with no text: glyphs drawn as outlines
JUNK_SHARE = 0.1  # (cid:NN), private-use, control chars, U+FFFD
MOJIBAKE_SHARE = 0.3  # Latin-1/Latin-extended letters: GBK bytes decoded as Latin-1

CID_RE = re.compile(r"\(cid:\d+\)")
# Font-name fragments of Chinese/Japanese fonts (PostScript names and Chinese names).
CJK_FONT_HINTS = (
    "song", "hei", "kai", "fang", "ming", "sun", "gb", "zenhei", "wenquanyi", "wqy",
    "mincho", "yahei", "宋", "黑", "楷", "仿",
)


@dataclass(frozen=True)
class PageStats:
    """What routing needs to know about one PDF page."""

    char_count: int  # non-whitespace characters in the text layer
    cjk_count: int = 0  # of which CJK ideographs
    junk_count: int = 0  # (cid:NN) glyphs, private-use/control characters, U+FFFD
    mojibake_count: int = 0  # letters in U+0080–U+024F (typical of mis-decoded GBK)
    image_ratio: float = 0.0  # share of the page area covered by images (0–1)
    vector_count: int = 0  # curves, rects and lines drawn on the page
    cjk_font: bool = False  # a font on the page is a Chinese/Japanese font


def is_cjk(char: str) -> bool:
    """True for a CJK unified ideograph (basic block or extension A)."""
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF


def is_junk(char: str) -> bool:
    """True for characters no honest text layer holds: private use, controls, U+FFFD."""
    if char == "\ufffd":
        return True
    category = unicodedata.category(char)
    return category in ("Co", "Cs") or (category == "Cc" and char not in "\t\n\r")


def is_cjk_font(fontname: str) -> bool:
    """True when a PDF font name looks like a Chinese/Japanese font."""
    name = fontname.split("+", 1)[-1].lower()
    return any(hint in name for hint in CJK_FONT_HINTS)


def text_stats(text: str) -> tuple[int, int, int, int]:
    """(chars, cjk, junk, mojibake) of a text layer; each `(cid:NN)` counts as one junk char."""
    cids = len(CID_RE.findall(text))
    text = CID_RE.sub("", text)
    chars = [c for c in text if not c.isspace()]
    cjk = sum(1 for c in chars if is_cjk(c))
    junk = cids + sum(1 for c in chars if is_junk(c))
    mojibake = sum(1 for c in chars if 0x80 <= ord(c) <= 0x24F and c.isalpha())
    return len(chars) + cids, cjk, junk, mojibake


def auto_route(stats: PageStats) -> tuple[Route, str]:
    """The routing decision for `--ocr auto`."""
    n = stats.char_count
    if stats.junk_count and stats.junk_count >= JUNK_SHARE * n:
        return "ocr", f"junk text layer: {stats.junk_count} of {n} chars are (cid:)/private-use/control/U+FFFD"
    if n < MIN_TEXT_CHARS:
        if stats.image_ratio >= IMAGE_PAGE_RATIO:
            return "ocr", f"image covers {stats.image_ratio:.0%} of the page with {n} text chars"
        if stats.vector_count >= VECTOR_OUTLINES:
            return "ocr", f"{n} text chars but {stats.vector_count} vector outlines: text drawn as curves"
        if n == 0 and stats.image_ratio > 0:
            return "ocr", f"no text layer; images cover {stats.image_ratio:.0%} of the page"
        if n == 0:
            return "text_layer", "blank page: no text, images or outlines"
    if stats.cjk_font and stats.cjk_count == 0 and n >= MIN_TEXT_CHARS:
        return "ocr", f"Chinese font but none of {n} chars is Chinese: broken ToUnicode"
    if stats.mojibake_count >= MOJIBAKE_SHARE * n and n:
        return "ocr", f"mojibake text layer: {stats.mojibake_count} of {n} chars are Latin-1 letters"
    return "text_layer", f"text layer: {n} chars"


def route_page(stats: PageStats, mode: OcrMode = "auto") -> tuple[Route, str]:
    """Decide how to read a page (`text_layer` or `ocr`) and say why, honouring `--ocr`."""
    if mode == "always":
        return "ocr", "--ocr always"
    route, reason = auto_route(stats)
    if mode == "never" and route == "ocr":
        return "text_layer", f"needs OCR ({reason}) but --ocr never: kept the text layer"
    return route, reason
