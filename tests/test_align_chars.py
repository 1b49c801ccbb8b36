"""Tests for reference.align_chars: comparison keys, index maps and merged changes."""

from __future__ import annotations

import pytest

from reference.align_chars import Change, diff_keys, join_keys, make_key, normalise_punctuation


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("质量强国", "质量强国"),
        ("到 2025 年，", "到2025年"),  # spaces and full-width comma dropped
        ("ＧＤＰ资源", "gdp资源"),  # full-width Latin folded and lower-cased
        ("“标准化+”行动", "标准化行动"),  # quotes and symbols dropped
        ("（三）", "三"),
        ("", ""),
        ("，。、；", ""),
    ],
)
def test_make_key(text: str, key: str) -> None:
    assert make_key(text).key == key


def test_index_maps_key_back_to_text() -> None:
    keyed = make_key("到 2025 年，质量")
    assert [keyed.text[i] for i in keyed.index] == list("到2025年质量")
    assert keyed.text_span(6, 8) == (9, 11)  # 质量
    assert keyed.text_span(6, 6) == (8, 8)  # insertion point right after "，"


@pytest.mark.parametrize(
    ("reference", "witness", "expected"),
    [
        ("质量保证能力", "质量保证金能力", [Change(4, 4, 4, 5)]),  # seed 002: 质量保证金能力
        ("进一步全面提高", "进一步提高", [Change(3, 5, 3, 3)]),  # seed 002: 进一步提高
        ("质量效益稳步提高", "质量素养普遍提高", [Change(2, 6, 2, 6)]),
        ("安全与投资", "与安全投资", [Change(0, 3, 0, 3)]),  # swap: one change, not two
        ("一样的文字", "一样的文字", []),
        ("", "新增", [Change(0, 0, 0, 2)]),
    ],
)
def test_diff_keys_merges_nearby_edits(reference: str, witness: str, expected: list[Change]) -> None:
    assert diff_keys(reference, witness) == expected


def test_distant_edits_stay_apart() -> None:
    changes = diff_keys("甲乙丙丁戊己庚辛壬癸子丑寅卯", "甲乙X丙丁戊己庚辛壬癸子丑Y寅卯")
    assert len(changes) == 2


def test_join_keys_quotes_real_text_across_pieces() -> None:
    joined = join_keys(["（一）甲，乙", "——丙。丁"], [3, 2])
    assert joined.key == "甲乙丙丁"
    assert joined.quote(1, 3) == "乙丙"  # markers are not part of a body
    assert joined.span(2, 4) == (1, 2, 5)  # cut at the piece of the first character
    assert joined.point(0) == (0, 3)  # insertion before the body: right after the marker


@pytest.mark.parametrize(
    ("text", "expected"), [("，", ","), (" 、 ", "、"), ("“”", '""'), ("——", "--")]
)
def test_normalise_punctuation(text: str, expected: str) -> None:
    assert normalise_punctuation(text) == expected
