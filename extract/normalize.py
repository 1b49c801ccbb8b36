"""Character-level normalisation of one line of Chinese text (pure `str -> str`, idempotent).

Applied per line, before lines are joined into paragraphs, so that span offsets built while
joining stay true. What changes (every substitution is listed in a table below):
NFC; zero-width characters removed; full-width digits and Latin letters to half-width;
half-width punctuation inside Chinese text to full-width; spaces between CJK characters and
between CJK and digits/Latin removed; leading and trailing whitespace stripped.
Markdown marks are removed separately by `strip_markdown`, which reports what it took.
"""

from __future__ import annotations

import re
import unicodedata

ZERO_WIDTH = {
    "\u200b": "",  # ZERO WIDTH SPACE
    "\u200c": "",  # ZERO WIDTH NON-JOINER
    "\u200d": "",  # ZERO WIDTH JOINER
    "\u2060": "",  # WORD JOINER
    "\ufeff": "",  # ZERO WIDTH NO-BREAK SPACE (byte-order mark inside text)
    "\u00ad": "",  # SOFT HYPHEN (invisible unless a line breaks there)
}

SPACE_LIKE = {
    "\u3000": " ",  # IDEOGRAPHIC SPACE: full-width space used for indents
    "\u00a0": " ",  # NO-BREAK SPACE (&nbsp; in HTML copies)
    "\t": " ",  # TAB
    "\u2002": " ",  # EN SPACE
    "\u2003": " ",  # EM SPACE
    "\u2009": " ",  # THIN SPACE
    "\u202f": " ",  # NARROW NO-BREAK SPACE
}

HALF_WIDTH_EXTRA = {
    "\uff05": "%",  # FULLWIDTH PERCENT SIGN: the references write 98%
    "\uff0e": ".",  # FULLWIDTH FULL STOP between digits (３．５); a sentence end is 。
}

PUNCT_TO_FULL_WIDTH = {
    ",": "\uff0c",  # comma -> ，
    ";": "\uff1b",  # semicolon -> ；
    ":": "\uff1a",  # colon -> ：
    "?": "\uff1f",  # question mark -> ？
    "!": "\uff01",  # exclamation mark -> ！
    "(": "\uff08",  # left parenthesis -> （
    ")": "\uff09",  # right parenthesis -> ）
}

FULL_STOP = "\u3002"  # 。 : a half-width `.` ending a Chinese sentence becomes this

_FULL_WIDTH_ALNUM = {
    chr(code): chr(code - 0xFEE0)
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}  # ０-９ Ａ-Ｚ ａ-ｚ -> 0-9 A-Z a-z

_TABLE = str.maketrans({**ZERO_WIDTH, **SPACE_LIKE, **HALF_WIDTH_EXTRA, **_FULL_WIDTH_ALNUM})

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2014\u2026"
_CJK = _HAN + _CJK_PUNCT
_ALNUM = r"0-9A-Za-z%"

_SPACE_CJK_CJK = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}{_ALNUM}])")
_SPACE_ALNUM_CJK = re.compile(rf"(?<=[{_ALNUM}]) +(?=[{_CJK}])")
_HALF_PUNCT = re.compile(
    rf"(?<=[{_CJK}]) *([,;:?!()]) *|(?<=[{_CJK}{_ALNUM}]) *([()]) *(?=[{_HAN}])|"
    rf" *([,;:?!()]) *(?=[{_CJK}])"
)
_FULL_STOP_RE = re.compile(rf"(?<=[{_HAN}\uff09\u201d])\.(?![.\d])(?=[{_CJK}]|$)")
_MARKDOWN_HEAD = re.compile(r"^\s*(#{1,6})(?:\s+|$)")
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")


def strip_markdown(line: str) -> tuple[str, str]:
    """Remove markdown heading marks (`## `) and bold marks (`**`); return (text, removed marks)."""
    removed: list[str] = []
    match = _MARKDOWN_HEAD.match(line)
    if match:
        removed.append(match.group(1))
        line = line[match.end():]
    found = _MARKDOWN_EMPHASIS.findall(line)
    if found:
        removed.extend(found)
        line = _MARKDOWN_EMPHASIS.sub("", line)
    return line, "".join(removed)


def _full_width_punct(match: re.Match[str]) -> str:
    mark = next(group for group in match.groups() if group)
    return PUNCT_TO_FULL_WIDTH[mark]


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_TABLE)
    text = re.sub(r" {2,}", " ", text).strip()
    text = _HALF_PUNCT.sub(_full_width_punct, text)
    text = _FULL_STOP_RE.sub(FULL_STOP, text)
    text = _SPACE_CJK_CJK.sub("", text)
    return _SPACE_ALNUM_CJK.sub("", text)


def normalize_line(text: str) -> str:
    """Normalise one line of text (see the module docstring); idempotent."""
    for _ in range(4):
        again = _normalize_once(text)
        if again == text:
            break
        text = again
    return text


def is_cjk(char: str) -> bool:
    """True for a Han character or CJK/full-width punctuation."""
    return bool(re.match(rf"[{_CJK}]", char))
