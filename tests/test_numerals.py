"""Tests for reference.numerals."""

import pytest

from reference.numerals import parse_numeral


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一", 1),
        ("二", 2),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十三", 23),
        ("三十二", 32),
        ("两", 2),
        ("两百", 200),
        ("一百零五", 105),
        ("一百一十", 110),
        ("〇", 0),
        ("零", 0),
        ("二〇二三", 2023),
        ("7", 7),
        ("12", 12),
        ("１２", 12),
        (" 五 ", 5),
    ],
)
def test_parse_numeral(text: str, expected: int) -> None:
    assert parse_numeral(text) == expected


@pytest.mark.parametrize("text", ["", " ", "甲", "三a", "十百", "第一", "1.5", "三二十"])
def test_parse_numeral_rejects(text: str) -> None:
    assert parse_numeral(text) is None
