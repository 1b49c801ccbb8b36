"""Per-page routing: trust a PDF text layer, or render the page and OCR it.

`route_page` is a pure decision on a small `PageStats`; `text_stats` measures the text side and
`assess_text_layer` adds what says whether the layer reads as Chinese: a language-model score
(extract/plausibility.py), the share of punctuation and symbols (custom-encoded fonts without a
ToUnicode map come out as `!"#$%…`), private-use glyphs standing inside words (`3602\U00100170 08`).
A layer of GBK bytes read as Latin-1 (`Í¼ »ùÒò`) is re-decoded when the result reads as Chinese
(`图 基因`), and the reason says so. Every decision carries a one-line reason for pages.csv.

Private-use glyphs: a glyph standing between two letters, digits or ideographs stands for a
character we cannot know (a decimal point, a rare ideograph), so the page is OCR'd; one standing
alone (a Wingdings bullet before a list item) is only counted in the reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from extract.model import Line
from extract.plausibility import PLAUSIBLE_SCORE

if TYPE_CHECKING:
    from extract.plausibility import PlausibilityScorer

Route = Literal["text_layer", "ocr"]
OcrMode = Literal["auto", "always", "never"]

MIN_TEXT_CHARS = 20  # below this a page "has almost no text"
IMAGE_PAGE_RATIO = 0.5  # an image covering at least half the page makes it a scan
VECTOR_OUTLINES = 20  # this many curves/rects/lines with no text: glyphs drawn as outlines
JUNK_SHARE = 0.1  # (cid:NN), private-use, control chars, U+FFFD
MOJIBAKE_SHARE = 0.3  # Latin-1/Latin-extended letters: GBK bytes decoded as Latin-1
SYMBOL_SHARE = 0.5  # punctuation and symbols (leaders aside) ...
MAX_LETTER_SHARE = 0.35  # ... with this few letters/ideographs: glyphs of fonts without a Unicode mapping
MIN_MOJIBAKE_TO_REDECODE = 4  # Latin-1 letters a page needs before re-decoding is tried

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
    symbol_count: int = 0  # punctuation and symbol characters (Unicode categories P*, S*), leaders aside
    leader_count: int = 0  # characters in leaders (one mark repeated 3+ times: `……`, `-----`)
    letter_count: int = 0  # letters and ideographs (Unicode categories L*)
    plausibility: float | None = None  # mean log10 bigram probability of the Han text (None: too little)
    private_inside: int = 0  # private-use glyphs standing between two letters/digits/ideographs


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
    if stats.private_inside:
        return "ocr", f"{stats.private_inside} private-use glyphs inside words: characters the text layer cannot give"
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
    unled = n - stats.leader_count
    symbols = stats.symbol_count >= SYMBOL_SHARE * unled and stats.letter_count <= MAX_LETTER_SHARE * unled
    if unled >= MIN_TEXT_CHARS and symbols:
        why = "glyphs without Unicode mapping"
        return "ocr", f"text layer is {stats.symbol_count} of {unled} punctuation/symbols: {why}"
    if stats.plausibility is not None and stats.plausibility < PLAUSIBLE_SCORE:
        return "ocr", f"text layer does not read as Chinese: bigram score {stats.plausibility:.2f} < {PLAUSIBLE_SCORE}"
    return "text_layer", f"text layer: {n} chars"


def route_page(stats: PageStats, mode: OcrMode = "auto") -> tuple[Route, str]:
    """Decide how to read a page (`text_layer` or `ocr`) and say why, honouring `--ocr`."""
    if mode == "always":
        return "ocr", "--ocr always"
    route, reason = auto_route(stats)
    if mode == "never" and route == "ocr":
        return "text_layer", f"needs OCR ({reason}) but --ocr never: kept the text layer"
    return route, reason


LEADER_RE = re.compile(r"(\S)\1{2,}")  # a run of one repeated mark: dot leaders `……`, `······`, rules


def symbol_count(text: str) -> int:
    """Punctuation and symbol characters (Unicode categories P* and S*) of a text, not counting
    leaders (a mark repeated three times or more, as in a table of contents)."""
    return sum(1 for c in LEADER_RE.sub("", text) if unicodedata.category(c)[0] in "PS")


def private_inside(text: str) -> int:
    """Private-use glyphs with a letter, digit or ideograph right before and after them."""
    count = 0
    for i in range(1, len(text) - 1):
        if unicodedata.category(text[i]) == "Co" and text[i - 1].isalnum() and text[i + 1].isalnum():
            count += 1
    return count


def _latin1_byte(char: str) -> bytes | None:
    """The byte a single-byte (WinAnsi/Latin-1) decoder turned into `char`, or None."""
    for encoding in ("cp1252", "latin-1"):
        try:
            return char.encode(encoding)
        except UnicodeEncodeError:
            continue
    return None


def redecode_gbk(text: str) -> str | None:
    """`text` re-decoded as GBK (GB18030) when it is GBK bytes read as Latin-1/WinAnsi, else None."""
    data = [_latin1_byte(c) for c in text]
    if any(b is None for b in data) or all(c.isascii() for c in text):
        return None
    return b"".join(data).decode("gb18030", errors="replace")  # type: ignore[arg-type]


def _mojibake_letters(text: str) -> int:
    return sum(1 for c in text if 0x80 <= ord(c) <= 0x24F and c.isalpha())


def _redecoded(lines: list[Line], scorer: PlausibilityScorer) -> tuple[list[Line], str]:
    """Lines with GBK-read-as-Latin-1 re-decoded, when the page then reads as Chinese."""
    text = "\n".join(line.text for line in lines)
    if _mojibake_letters(text) < MIN_MOJIBAKE_TO_REDECODE:
        return lines, ""
    fixed = [
        replace(line, text=redecode_gbk(line.text) or line.text) if _mojibake_letters(line.text) else line
        for line in lines
    ]
    fixed_text = "\n".join(line.text for line in fixed)
    gained = text_stats(fixed_text)[1] - text_stats(text)[1]
    if gained <= 0 or not scorer.score(fixed_text).plausible:
        return lines, ""
    changed = sum(1 for a, b in zip(lines, fixed) if a.text != b.text)
    return fixed, f" (re-decoded {changed} lines: GBK bytes read as Latin-1)"


def assess_text_layer(
    stats: PageStats, lines: list[Line], scorer: PlausibilityScorer | None = None
) -> tuple[PageStats, list[Line], str]:
    """Re-decode a GBK-as-Latin-1 layer where that reads as Chinese, then measure whether the
    layer reads as Chinese. Returns (stats with the text measures, lines, note for the reason)."""
    if scorer is None:
        from extract.plausibility import default_scorer

        scorer = default_scorer()
    lines, note = _redecoded(lines, scorer)
    text = "\n".join(line.text for line in lines)
    chars, cjk, junk, mojibake = text_stats(text)
    measured = replace(
        stats,
        char_count=chars,
        cjk_count=cjk,
        junk_count=junk,
        mojibake_count=mojibake,
        symbol_count=symbol_count("".join(text.split())),
        letter_count=sum(1 for c in text if unicodedata.category(c)[0] == "L"),
        leader_count=sum(len(m.group()) for m in LEADER_RE.finditer("".join(text.split()))),
        plausibility=scorer.score(text).score,
        private_inside=private_inside(text),
    )
    return measured, lines, note
