"""Trusting a text layer only if it reads as Chinese: the bigram scorer, GBK re-decoding,
punctuation-only layers, private-use glyphs, and the routes of real pages.

Expected texts were read off the pages rendered with `pdftoppm -r 80 -png`.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest

from extract.load import extract_document
from extract.model import ExtractedDocument, Line
from extract.plausibility import PLAUSIBLE_SCORE, Plausibility, default_scorer
from extract.routing import PageStats, assess_text_layer, private_inside, redecode_gbk, route_page
from policyqa.options import Options

RESOURCES = Path(__file__).parent / "resources"
# Read off field/tounicode-scrambled-1p.pdf and realdocs/dangwei_union_rules_p4.pdf (rendered):
PRINTED_GANGYAO = (
    "建设质量强国是推动高质量发展、促进我国经济由大向强转变的重要举措，是满足人民美好生活需要的"
    "重要途径。为统筹推进质量强国建设，全面提高我国质量总体水平，制定本纲要。一、形势背景"
)
PRINTED_DANGWEI = (
    "第十六条 职工代表大会是工会工作的重点，工会委员会是职工代表大会的工作机构，支持职工代表大会"
    "闭会后的日常工作，各分工会负责本部门的民主管理日常工作。第十七条 职工代表大会工作机构的任务是："
)
# A Traditional page (tw_cssta_annex1_commitments.pdf page 2, as printed)
PRINTED_TRADITIONAL = (
    "「高級經理人員」係指有權任免或推薦公司人員，且對日常業務有決策權的部門負責人或管理人員。"
    "「專家」係指組織內擁有先進的專業技術，且對該組織的服務、研發設備、技術或管理擁有專門知識的人員。"
)


@cache
def _doc(relative: str) -> ExtractedDocument:
    return extract_document(RESOURCES / relative, Options(ocr="never"))


@pytest.mark.parametrize("text", [PRINTED_GANGYAO, PRINTED_DANGWEI, PRINTED_TRADITIONAL])
def test_printed_chinese_reads_as_chinese(text: str) -> None:
    assert default_scorer().score(text).plausible


@pytest.mark.parametrize("text", [PRINTED_GANGYAO, PRINTED_DANGWEI, PRINTED_TRADITIONAL])
def test_the_same_characters_shuffled_do_not(text: str) -> None:
    chars = list(text)
    random.Random(8).shuffle(chars)
    result = default_scorer().score("".join(chars))
    assert result.score is not None and result.score < PLAUSIBLE_SCORE


def test_too_little_han_text_is_not_judged() -> None:
    assert default_scorer().score("钛种板 YS/T 794—2012").score is None
    assert default_scorer().score("GB/T 3620.1—2016").plausible


def test_scorer_version_names_its_sources() -> None:
    version = default_scorer().version()
    assert version["plausibility"] == "char-bigram-v1"
    assert version["jieba"] == "0.42.1"
    assert "gangyao-2023" in version["library"]


class _Fixed:
    """A test double of the PlausibilityScorer contract: every text gets the same score."""

    def __init__(self, score: float) -> None:
        self.value = score

    def score(self, text: str) -> Plausibility:
        return Plausibility(self.value, 100, 0.5)

    def version(self) -> dict[str, str]:
        return {"plausibility": "fixed"}


@pytest.mark.parametrize(("score", "route"), [(-3.0, "text_layer"), (-6.0, "ocr")])
def test_route_follows_the_scorer(score: float, route: str) -> None:
    lines = [Line(PRINTED_GANGYAO, 1, (0, 0, 100, 10))]
    stats, _, _ = assess_text_layer(PageStats(char_count=1), lines, _Fixed(score))
    assert route_page(stats)[0] == route


@pytest.mark.parametrize(
    ("stats", "route", "why"),
    [
        (PageStats(char_count=300, cjk_count=280, plausibility=-5.5), "ocr", "does not read as Chinese"),
        (PageStats(char_count=300, cjk_count=280, plausibility=-3.2), "text_layer", "text layer: 300"),
        # gbt3620 page 5 (`10/.’-,+*%)%&!(’&!!%$#"!!!`…), as measured
        (PageStats(char_count=2689, symbol_count=1470, leader_count=437, letter_count=169), "ocr", "punctuation/symbols"),
        (PageStats(char_count=800, symbol_count=200), "text_layer", "text layer"),  # a budget table
        # a contents page: dot leaders are not what makes a layer unreadable
        (PageStats(char_count=3161, symbol_count=400, leader_count=2300, letter_count=500), "text_layer", "text layer"),
        (PageStats(char_count=500, cjk_count=450, private_inside=1), "ocr", "private-use glyphs inside words"),
    ],
)
def test_auto_route_on_text_measures(stats: PageStats, route: str, why: str) -> None:
    got, reason = route_page(stats)
    assert (got, why in reason) == (route, True)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("产值3602\U001001b008亿元", 1),  # a decimal point drawn as a private-use glyph
        ("\uf06c 申请条件", 0),  # a Wingdings bullet before an item
        ("\uf06c申请条件", 0),
        ("申请\ue000条件", 1),
        ("正文。", 0),
    ],
)
def test_private_use_inside_words(text: str, count: int) -> None:
    assert private_inside(text) == count


def test_redecode_gbk_read_as_latin1() -> None:
    # biomed_figpage_gbk_winansi.pdf prints `Í¼ 1 FHIT »ùÒò…` (its fonts draw the Latin-1 glyphs)
    assert redecode_gbk("Í¼ 1 FHIT »ùÒòÍâÏÔ×Ó") == "图 1 FHIT 基因外显子"
    assert redecode_gbk("plain ASCII") is None
    assert redecode_gbk("中国") is None  # not Latin-1 at all


@pytest.mark.slow
def test_scrambled_tounicode_page_goes_to_ocr() -> None:
    page = _doc("field/tounicode-scrambled-1p.pdf").pages[0]
    assert "does not read as Chinese" in page.reason


@pytest.mark.slow
def test_gbk_winansi_page_is_re_decoded() -> None:
    # the figure captions: `图 1 FHIT 基因外显子…`, `图 3 FHIT 基因外显子 3 的 SSCP 分析`
    page = _doc("realdocs/biomed_figpage_gbk_winansi.pdf").pages[0]
    text = "\n".join(line.text for line in page.lines)
    assert page.route == "text_layer"
    # PDFium's text layer already maps these WinAnsi codes to the GBK characters; where a layer
    # still shows Latin-1 (pdfminer's reading), assess_text_layer re-decodes it (next test)
    assert "基因外显子" in text and "分析" in text and "»ùÒò" not in text


@pytest.mark.slow
def test_gbt3620_punctuation_table_pages_go_to_ocr() -> None:
    # pages 5–9 are landscape tables turned 90°; their text layer is `!"#$%…`
    pages = _doc("realdocs/gbt3620_1_2016_titanium_std.pdf").pages
    to_ocr = [p.number for p in pages if "punctuation/symbols" in p.reason]
    assert to_ocr == [5, 6, 7, 8, 9]
    assert all(p.reason.startswith("text layer:") for p in pages if p.number not in to_ocr)


def test_a_damaged_table_cache_is_rebuilt_not_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bigram table cache lives in the user's cache folder: a damaged file must not stop a run."""
    from extract import plausibility

    monkeypatch.setenv("POLICYQA_CACHE_DIR", str(tmp_path))
    plausibility.cache_path().write_bytes(b"PK\x03\x04 not a zip archive")
    plausibility.default_table.cache_clear()
    try:
        table = plausibility.default_table()
        assert table.bigrams and plausibility.cache_path().read_bytes()[:2] == b"PK"
        assert plausibility._load_table(plausibility.cache_path()) is not None  # rewritten whole
    finally:
        plausibility.default_table.cache_clear()
