"""Tests for extract.convert: Traditional detection and OpenCC conversion."""

import pytest

from extract.convert import DEFAULT_CONFIG, is_traditional, to_simplified, traditional_share


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中共中央 國務院印發《品質強國建設綱要》", True),  # seed 001 line 13
        ("近日,中共中央、國務院印發了《品質強國建設綱要》,併發出通知", True),  # seed 001 line 17
        ("中共中央 国务院印发《质量强国建设纲要》", False),  # seed 000 line 1
        ("着力提升关键环节", False),
        ("著", False),  # one character that t2s changes is not a Traditional copy
        ("", False),
        ("hello 123", False),
    ],
)
def test_is_traditional(text: str, expected: bool) -> None:
    assert is_traditional(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中共中央國務院印發《品質強國建設綱要》", "中共中央国务院印发《品质强国建设纲要》"),  # 品質 stays 品质
        ("建立政產學研用深度融合的品質創新體系", "建立政产学研用深度融合的品质创新体系"),  # 建立 untouched
        ("著力提升", "着力提升"),  # tw2s: Taiwan 著 -> 着
        ("", ""),
    ],
)
def test_to_simplified_default(text: str, expected: str) -> None:
    assert DEFAULT_CONFIG == "tw2s"
    assert to_simplified(text) == expected


def test_to_simplified_other_config() -> None:
    assert to_simplified("軟體", "tw2sp") == "软件"


def test_traditional_share_of_simplified_is_zero() -> None:
    assert traditional_share("质量强国建设纲要") == 0.0
