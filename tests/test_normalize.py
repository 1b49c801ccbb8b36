"""Tests for extract.normalize: per-line character normalisation."""

import pytest

from extract.normalize import fold_ocr_confusions, is_cjk, normalize_line, strip_markdown


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
        # look-alike code points (issue 8): Kangxi radicals, radicals supplement, compatibility
        ("⼀、形势背景", "一、形势背景"),  # field/kangxi-2lines.txt line 1: U+2F00 `⼀`
        ("质量是⼈类⽣产⽣活", "质量是人类生产生活"),  # its line 2: ⼈ U+2F08, ⽣ U+2F63
        ("⼗⼋⼤以来", "十八大以来"),  # ⼗ U+2F17, ⼋ U+2F0B, ⼤ U+2F24
        ("\u2ed3江\u2ed4户\u2eda码", "长江门户页码"),  # ⻓ ⻔ ⻚: radicals supplement, by table
        ("\u2e9f亲\u2ef3山", "母亲龟山"),  # ⺟ ⻳: the two NFKC covers
        ("\uf9a8\U0002f800\ufa10", "令丽塚"),  # compatibility ideographs: NFC folds them
        ("\ufa11", "\ufa11"),  # 﨑 is a unified ideograph inside that block: kept
        # dash variants of the item marker `——` (field/dash-u2015-items.txt: U+2015 twice)
        ("――经济发展质量效益明显提升。", "——经济发展质量效益明显提升。"),
        ("──产业质量竞争力持续增强。", "——产业质量竞争力持续增强。"),  # U+2500 box drawing
        ("－－品牌建设取得更大进展。", "——品牌建设取得更大进展。"),  # U+FF0D
        ("—―质量治理体系更加完善。", "——质量治理体系更加完善。"),  # mixed
        ("质量――发展", "质量——发展"),  # a 破折号 from a cp936 source, mid-line too
        ("－－1－－", "－－1－－"),  # a page number, left to the furniture stage
        ("---", "---"),  # a rule, not a marker
        ("──", "──"),  # a table border with no text
        ("丶", "丶"),  # not an OCR line: kept
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


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("一丶总体要求", "一、总体要求"), ("计量丶标准丶认证", "计量、标准、认证"), ("质量", "质量")],
)
def test_fold_ocr_confusions(raw: str, expected: str) -> None:
    assert fold_ocr_confusions(raw) == expected


def test_no_kangxi_radical_survives() -> None:
    every = "".join(map(chr, range(0x2F00, 0x2FD6)))
    assert not any(0x2F00 <= ord(c) <= 0x2FDF for c in normalize_line(every))
