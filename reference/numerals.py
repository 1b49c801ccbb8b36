"""Chinese numerals as used in policy-document numbering (`一`, `十一`, `三十二`, `两`, `〇`) → int."""

from __future__ import annotations

DIGITS: dict[str, int] = {
    "〇": 0,  # ideographic zero, as in 二〇二三
    "零": 0,  # financial/long-form zero, as in 一百零五
    "一": 1,
    "二": 2,
    "两": 2,  # colloquial two (两百)
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

UNITS: dict[str, int] = {
    "十": 10,
    "百": 100,
    "千": 1000,
}

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)
"""Every character `parse_numeral` accepts besides Arabic digits (for building regexes)."""


def parse_numeral(text: str) -> int | None:
    """Value of a Chinese or Arabic numeral (`三十二` → 32, `12` → 12), or None if it is not one."""
    text = text.strip().translate(FULLWIDTH_DIGITS)
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    if not any(ch in UNITS for ch in text):
        return _positional(text)
    return _with_units(text)


def _positional(text: str) -> int:
    """Digit-by-digit reading without units: `二〇二三` → 2023."""
    value = 0
    for ch in text:
        value = value * 10 + DIGITS[ch]
    return value


def _with_units(text: str) -> int | None:
    """Reading with 十/百/千 units: `十一` → 11, `二十三` → 23, `一百零五` → 105."""
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0 and digit != 0:
                return None  # two digits in a row: `三二十`
            digit = DIGITS[ch]
            continue
        unit = UNITS[ch]
        if unit >= last_unit:
            return None  # units must fall: `十百` is not a number
        total += (1 if digit is None else digit) * unit
        digit, last_unit = None, unit
    return total + (digit or 0)
