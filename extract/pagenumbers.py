"""A grammar for printed page numbers: the whole line is a page number, or it is not one.

Forms (each with half- or full-width digits, with or without spaces):
- dashes around a number, any dash: `— 5 —`, `－5－`, `- 5 -`, `―5―`, `─ 5 ─`, `–5–`, and the
  OCR confusions of a dash with the ideograph `一` (`一2—`, `-2一`, `一2一`);
- dots around a number: `·5·`, `• 5 •`;
- `第 5 页 共 26 页`, `第 5 頁，共 26 頁`, `共 26 页 第 5 页` (a printed total may be wrong: it is
  kept, never used to reject the number);
- `5/26`, `Page 5 of 26`, a bare `5`;
- Roman numerals in front matter (`Ⅰ`, `ⅱ`, `iv`, `— III —`): only when asked for (`roman=True`),
  because a lone `I` or `V` in a text copy is more often something else.

A line that matches is only a candidate: headers.py confirms it by position and sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.normalize import ZERO_WIDTH

DIGITS = "0-9\uff10-\uff19"
_NUM = rf"[{DIGITS}]{{1,4}}"
# Dashes printed around page numbers, one per entry:
_DASH_CHARS = (
    "-"  # U+002D HYPHEN-MINUS
    "\u2010\u2011\u2012"  # HYPHEN, NON-BREAKING HYPHEN, FIGURE DASH
    "\u2013\u2014\u2015"  # EN DASH, EM DASH, HORIZONTAL BAR (`―`)
    "\u2212"  # MINUS SIGN
    "\u2500\u2501"  # BOX DRAWINGS LIGHT/HEAVY HORIZONTAL (`─`), used by some Word templates
    "\u30fc"  # KATAKANA-HIRAGANA PROLONGED SOUND MARK, OCR's reading of a short dash
    "\ufe58\ufe63"  # SMALL EM DASH, SMALL HYPHEN-MINUS
    "\uff0d"  # FULLWIDTH HYPHEN-MINUS (`－`)
    "~\uff5e"  # TILDE, FULLWIDTH TILDE (`~5~`)
)
_DASH = f"[{re.escape(_DASH_CHARS)}]"
_OCR_DASH = f"[{re.escape(_DASH_CHARS)}\u4e00]"  # `一` (U+4E00) is how OCR reads a short `—`
_DOT = "[·•・‧∙⋅\u00b7]"  # middle dots: `·5·`
_ROMAN_UPPER = "\u2160-\u216b"  # Ⅰ … Ⅻ
_ROMAN_LOWER = "\u2170-\u217b"  # ⅰ … ⅻ
_ROMAN_ASCII = r"(?:[ivxlc]+|[IVXLC]+)"
_ROMAN = rf"(?:[{_ROMAN_UPPER}]|[{_ROMAN_LOWER}]|{_ROMAN_ASCII})"
_PAGE = "[页頁]"
_SEP = r"[,，、;；/\s]*"

_DECORATED_FORMS = [
    rf"第\s*(?P<n>{_NUM})\s*{_PAGE}\s*{_SEP}\s*共\s*(?P<t>{_NUM})\s*{_PAGE}",  # 第 5 页 共 26 页
    rf"共\s*(?P<t>{_NUM})\s*{_PAGE}\s*{_SEP}\s*第\s*(?P<n>{_NUM})\s*{_PAGE}",  # 共 26 页 第 5 页
    rf"第\s*(?P<n>{_NUM})\s*{_PAGE}",  # 第 5 页
    rf"{_DASH}+\s*(?P<n>{_NUM})\s*{_DASH}+",  # — 5 —, －5－, ―5―
    rf"{_OCR_DASH}+\s*(?P<n>{_NUM})\s*{_OCR_DASH}+",  # OCR: 一2—, -2一, 一2一
    rf"{_DOT}\s*(?P<n>{_NUM})\s*{_DOT}",  # ·5·
    rf"(?:page|p\.)\s*(?P<n>{_NUM})(?:\s*of\s*(?P<t>{_NUM}))?",  # Page 5 of 26
]
_RATIO_FORM = rf"(?P<n>{_NUM})\s*/\s*(?P<t>{_NUM})"  # 5/26 (12/5 is a date: rejected)
_BARE_FORM = rf"(?P<n>{_NUM})"
_ROMAN_FORMS = [
    rf"{_DASH}*\s*(?P<r>{_ROMAN})\s*{_DASH}*",  # Ⅰ, ii, — iii —
    rf"{_DOT}\s*(?P<r>{_ROMAN})\s*{_DOT}",
]


def _compile(form: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{form}\s*$", re.IGNORECASE)


_DECORATED = [_compile(form) for form in _DECORATED_FORMS]
_RATIO = _compile(_RATIO_FORM)
_BARE = _compile(_BARE_FORM)
_ROMAN_RES = [re.compile(rf"^\s*{form}\s*$") for form in _ROMAN_FORMS]
_FULL_TO_HALF_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})
_INVISIBLE = str.maketrans(ZERO_WIDTH)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ROMAN_CANONICAL = re.compile(r"^c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


@dataclass(frozen=True)
class PageNumber:
    """A printed page number: the number, the printed page count, and whether it is decorated.

    `decorated` is True for forms that say "page number" by themselves (dashes, `第…页`, dots,
    `Page`); a bare `5` or a Roman `ii` is not. `roman` marks front-matter numbering.
    """

    number: int
    total: int | None = None
    decorated: bool = field(default=False, compare=False)
    roman: bool = field(default=False, compare=False)


def _int(text: str | None) -> int | None:
    return int(text.translate(_FULL_TO_HALF_DIGITS)) if text else None


def roman_value(text: str) -> int | None:
    """The value of a Roman numeral (`Ⅳ`, `ⅳ`, `iv`, `IV`), or None when it is not a well-formed one."""
    if len(text) == 1 and "\u2160" <= text <= "\u216b":
        return ord(text) - 0x2160 + 1
    if len(text) == 1 and "\u2170" <= text <= "\u217b":
        return ord(text) - 0x2170 + 1
    lowered = text.lower()
    if not lowered or not _ROMAN_CANONICAL.match(lowered):
        return None
    total = 0
    for i, char in enumerate(lowered):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[lowered[i + 1]] if i + 1 < len(lowered) else 0
        total += -value if value < following else value
    return total


def parse_page_number(text: str, *, roman: bool = False) -> PageNumber | None:
    """The page number a line prints when the line is only a page number, else None.

    `roman=True` also accepts Roman numerals (front matter); callers with page geometry use it.
    """
    # Match what the line will read as once normalised (zero-width characters gone), so that
    # cleaning a cleaned text removes nothing more: `0\u200b` is a page number too.
    text = text.translate(_INVISIBLE)
    for pattern in _DECORATED:
        if match := pattern.match(text):
            groups = match.groupdict()
            return PageNumber(_int(groups["n"]) or 0, _int(groups.get("t")), decorated=True)
    if match := _RATIO.match(text):
        number, total = _int(match.group("n")) or 0, _int(match.group("t"))
        return PageNumber(number, total) if total is not None and number <= total else None
    if match := _BARE.match(text):
        return PageNumber(_int(match.group("n")) or 0)
    if roman:
        return _parse_roman(text)
    return None


def _parse_roman(text: str) -> PageNumber | None:
    for pattern in _ROMAN_RES:
        if (match := pattern.match(text)) and (value := roman_value(match.group("r"))):
            return PageNumber(value, roman=True)
    return None
