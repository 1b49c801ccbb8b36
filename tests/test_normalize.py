"""Tests for extract.normalize: per-line character normalisation."""

import pytest

from extract.normalize import is_cjk, normalize_line, strip_markdown


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("领 袖 嘱 托", "领袖嘱托"),  # spaces between CJK characters
        ("到 2025 年，质量", "到2025年，质量"),  # seed 000: `到 2025 年，质量整体水平`
        ("新华社北京 2 月 6 日电", "新华社北京2月6日电"),  # seed 000 line 5
        ("单位 GDP 资源", "单位GDP资源"),  # seed 000: `GDP 资源能源消耗`
        ("达到 98%以上", "达到98%以上"),  # seed 000: `均达到 98%以上`
        ("近日,中共中央", "近日，中共中央"),  # seed 001/002 half-width comma
        ("(一)指导思想。", "（一）指导思想。"),  # seed 001 `(一)指導思想。`
        ("(十三) 强化工程", "（十三）强化工程"),  # seed 004 `(十三) 强化工程质量保障`
        ("(上接一版)立足", "（上接一版）立足"),  # seed 002 line 7
        ("是否继续?", "是否继续？"),
        ("字号:", "字号："),
        ("品质升级.", "品质升级。"),  # a full stop ending a Chinese sentence
        ("增长3.5倍", "增长3.5倍"),  # a decimal stays
        ("1.质量强国建设纲要", "1.质量强国建设纲要"),  # seed 004 `附件：1.质量强国建设纲要`
        ("２０２５年ＧＤＰ", "2025年GDP"),  # full-width digits and letters
        ("百分之９８％", "百分之98%"),
        ("质\u200b量\ufeff强国", "质量强国"),  # zero-width characters
        ("\u3000\u3000近日", "近日"),  # ideographic-space indent
        ("hello world", "hello world"),  # Latin words keep their space
        ("2023-02-06 21:14", "2023-02-06 21:14"),  # a time is not Chinese punctuation
        ("互联网+监管", "互联网+监管"),
        ("", ""),
    ],
)
def test_normalize_line(raw: str, expected: str) -> None:
    assert normalize_line(raw) == expected


@pytest.mark.parametrize(
    "raw", ["近日 , 中共 ( 一 ) 2 月 .", "ａ ， b", "。. . .", "(((", "第 5 页 共 26 页", "A. B. 中"]
)
def test_normalize_line_is_idempotent(raw: str) -> None:
    once = normalize_line(raw)
    assert normalize_line(once) == once


@pytest.mark.parametrize(
    ("raw", "text", "marks"),
    [
        ("# 到2025年形成一大批质量过硬", "到2025年形成一大批质量过硬", "#"),  # seed 002 line 5
        ("## 三、推动经济质量效益型发展", "三、推动经济质量效益型发展", "##"),  # seed 002 line 26
        ("**加粗**文本", "加粗文本", "****"),
        ("#5 号文件", "#5 号文件", ""),  # not a heading mark: no space after it
        ("普通文本", "普通文本", ""),
    ],
)
def test_strip_markdown(raw: str, text: str, marks: str) -> None:
    assert strip_markdown(raw) == (text, marks)


@pytest.mark.parametrize(("char", "expected"), [("质", True), ("，", True), ("a", False), ("5", False)])
def test_is_cjk(char: str, expected: bool) -> None:
    assert is_cjk(char) is expected
