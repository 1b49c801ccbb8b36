"""Tests for extract.clean on the seed documents and on hand-made page lines."""

from functools import lru_cache
from pathlib import Path

import pytest

from extract.clean import clean_document, clean_text
from extract.model import CleanDocument, ExtractedDocument, Line, Page
from extract.textcopy import read_text_copy

SEEDS = Path(__file__).parent / "resources" / "seeds"
S000, S001, S002, S003, S004 = (
    "000_9b2215ac29e8729a.txt", "001_65449852ce879aa7.txt", "002_06e29e5cb5eabbe7.txt",
    "003_7545518e94772d14.txt", "004_a095563d9a1bfe59.txt",
)  # fmt: skip


@lru_cache(maxsize=None)
def _clean(name: str) -> CleanDocument:
    return clean_document(read_text_copy(SEEDS / name))


def _texts(name: str) -> list[str]:
    return [p.text for p in _clean(name).paragraphs]


@pytest.mark.parametrize(
    ("name", "count"),
    [
        # 000 and 001: title, lead (近日…), 主要内容如下, preamble, 11 sections, 32 clauses,
        # 6 + 5 items (——), 2 target paragraphs (到2025年 / 到2035年) … counted by reading 001,
        # whose blank-separated lines are its paragraphs: 58 once boilerplate and repeats are out.
        (S000, 58),
        (S001, 58),
    ],
)
def test_paragraph_count(name: str, count: int) -> None:
    assert len(_clean(name).paragraphs) == count


def test_seed_000_structure() -> None:
    texts = _texts(S000)
    assert texts[4] == "一、形势背景"  # line 21, its own paragraph
    guiding = next(t for t in texts if t.startswith("（一）指导思想。"))
    # line 66 `（一）指导思想。以习近平…` through line 87 `中国梦提供质量支撑。`
    assert guiding.endswith("为全面建设社会主义现代化国家、实现中华民族伟大复兴的中国梦提供质量支撑。")
    assert "到2025年，质量整体水平进一步全面提高" in texts[texts.index("（二）主要目标") + 1]
    # line 37/38 `…质量基础设` + ` 施效能逐步彰显` (stray space at a page join)
    assert any("质量基础设施效能逐步彰显" in t for t in texts)
    text = _clean(S000).text
    assert "第 5 页" not in text and "共 26 页" not in text
    assert texts[-1].startswith("（三十二）开展督察评估") and texts[-1].endswith("请示报告。")


def test_seed_000_removed_lines_are_accounted_for() -> None:
    removed = {(r.page, r.reason, r.text.strip()) for r in _clean(S000).removed}
    assert removed == {
        (1, "metadata", "2023-02-06 21:14 来源： 新华社"),
        (5, "page_number", "第 5 页 共 26 页"),
        (22, "page_number", "第 22 页 共 26 页"),
        (26, "running_title", "中共中央 国务院印发《质量强国建设纲要》"),  # last line, tab-indented
    }


def test_seed_000_paragraph_pages() -> None:
    paragraph = next(p for p in _clean(S000).paragraphs if p.text.startswith("质量是人类生产生活"))
    assert (paragraph.page_start, paragraph.page_end) == (1, 2)  # crosses the join at line 38
    assert paragraph.page_at(paragraph.text.index("施效能逐步彰显") + 1) == 2


def test_seed_001_is_converted_and_cleaned() -> None:
    doc = _clean(S001)
    texts = _texts(S001)
    assert doc.converted and doc.opencc_config == "tw2s"
    assert texts[0] == "中共中央国务院印发《品质强国建设纲要》"  # line 13, the real title, kept once
    assert sum("印发《品质强国建设纲要》" in t and len(t) < 25 for t in texts) == 1
    assert doc.paragraphs[0].original == "中共中央國務院印發《品質強國建設綱要》"
    assert texts[1] == "近日，中共中央、国务院印发了《品质强国建设纲要》，并发出通知，要求各地区各部门结合实际认真贯彻落实。"
    reasons = [r.reason for r in doc.removed]
    assert reasons.count("running_title") == 7  # repeats at lines 71, 81, 91, 101, 111, 121, 135
    removed = {r.text.strip() for r in doc.removed}
    assert {"政務公開 > 政策公開 > 國務院文件", "分享:", "相關解讀", "相關政策"} <= removed
    assert "10. [文件來源] 政府公報\xa0年\xa0第期(總第期)" in removed
    assert "您訪問的連結即將離開“首都之窗”門戶網站 是否繼續?" in removed
    assert not any("字號" in t or "分享" in t for t in texts)


def test_seed_002_broken_paragraphs_markdown_and_punctuation() -> None:
    texts = _texts(S002)
    joined = "\n".join(texts)
    assert "控制软件关键技术突破。" in joined  # lines 36 + 38
    assert "加强公共配套设施适老化、适儿化、无障碍改造。" in joined  # lines 70 + 72
    assert "#" not in joined
    assert "三、推动经济质量效益型发展" in texts  # line 26 `## 三、推动经济质量效益型发展`
    assert "（二）主要目标" in texts  # line 9 `(二)主要目标  `
    assert texts[2].startswith("（上接一版）立足新发展阶段，完整、准确")  # line 7 `(上接一版)立足…,完整、`
    assert not any(ch in joined for ch in ",;:()")
    assert [r.text for r in _clean(S002).removed if r.reason == "markdown"][:2] == ["#", "##"]


def test_seed_003_database_fields_are_metadata() -> None:
    doc = _clean(S003)
    assert [r.text for r in doc.removed] == [
        "法规标题：中共中央、国务院关于开展质量提升行动的指导意见", "颁布时间：20170905",
        "颁布主体：中共中央、国务院", "通过会议：", "法规正文：",
    ]  # fmt: skip
    assert "（四）增加农产品、食品药品优质供给" in _texts(S003)  # line 22, a heading


def test_seed_004_mid_sentence_breaks_are_joined() -> None:
    joined = "\n".join(_texts(S004))
    assert "提出了2025年和2035年两阶段发展目标" in joined  # lines 275 + 277
    assert "品牌是经济高质量发展的重要象征" in joined  # lines 337 + 339
    assert "邮箱：xxssljjdk@163.com\n质量强国建设纲要" in joined  # lines 41, 45 stay apart


@pytest.mark.parametrize("name", [S000, S001, S002, S003, S004])
def test_cleaning_is_idempotent_on_seeds(name: str) -> None:
    once = _clean(name)
    again = clean_text(once.text)
    assert again.text == once.text
    assert again.removed == []


@pytest.mark.parametrize("name", [S000, S001, S002, S003, S004])
def test_spans_cover_every_paragraph(name: str) -> None:
    for paragraph in _clean(name).paragraphs:
        assert paragraph.spans[0].start == 0 and paragraph.spans[-1].end == len(paragraph.text)
        assert all(a.end == b.start for a, b in zip(paragraph.spans, paragraph.spans[1:]))


def test_clean_text_uses_printed_footers() -> None:
    doc = clean_text("第一页的正文，\n第 1 页 共 2 页\n接着写完。\n第 2 页 共 2 页\n")
    assert doc.text == "第一页的正文，接着写完。"
    paragraph = doc.paragraphs[0]
    assert (paragraph.page_start, paragraph.page_end) == (1, 2)
    assert [r.reason for r in doc.removed] == ["page_number", "page_number"]


def _pdf_page(number: int, lines: list[tuple[str, float, float, float]]) -> Page:
    return Page(
        number=number,
        lines=[Line(t, number, (x0, top, x1, top + 15)) for t, x0, x1, top in lines],
        width=595.0,
        height=842.0,
    )


def test_clean_document_with_geometry() -> None:
    pages = [
        _pdf_page(1, [
            ("质量强国建设纲要", 200, 400, 20),  # running title in the top band
            ("一、形势背景", 90, 200, 100),
            ("质量是人类生产生活的重要保障。党的十八大以来，在以", 120, 505, 130),
            ("习近平同志为核心的党中央坚强领导下，我国质量事业实现", 90, 505, 150),
            ("— 1 —", 280, 320, 800),
        ]),
        _pdf_page(2, [
            ("质量强国建设纲要", 200, 400, 20),
            ("跨越式发展，质量强国建设取得历史性成效。", 90, 400, 80),
            ("二、总体要求", 90, 200, 110),
            ("— 2 —", 280, 320, 800),
        ]),
        _pdf_page(3, [("质量强国建设纲要", 200, 400, 20), ("（一）指导思想。", 120, 250, 80), ("3", 290, 300, 810)]),
    ]  # fmt: skip
    doc = clean_document(ExtractedDocument("x.pdf", "pdf", pages))
    assert doc.text.split("\n") == [
        "一、形势背景",
        "质量是人类生产生活的重要保障。党的十八大以来，在以习近平同志为核心的党中央坚强领导下，"
        "我国质量事业实现跨越式发展，质量强国建设取得历史性成效。",
        "二、总体要求",
        "（一）指导思想。",
    ]
    assert sorted(r.reason for r in doc.removed) == ["page_number"] * 3 + ["running_title"] * 3
    assert not doc.converted and doc.opencc_config is None


def test_clean_empty_document() -> None:
    assert clean_document(ExtractedDocument("x", "text", [])).paragraphs == []
    assert clean_text("").paragraphs == []


def _scan_page(source: str) -> Page:
    """Page 2 of the seed-1 scan copy as PaddleOCR read it (boxes in points, 16-pt cells): the
    item `——经济发展质量效益明显提升。` lost its dash; `——产业质量竞争力…` became `一一`."""
    rows = [
        ("到2025年，质量整体水平进一步全面提高，中国品牌影响", 105, 523, 495),
        ("力稳步提升，人民群众质量获得感、满意度明显增强，质量", 74, 524, 523),
        ("经济社会发展的作用更加突出，质量强国建设取得阶段性成效。", 74, 513, 552),
        ("经济发展质量效益明显提升。经济结构更加优化，创新", 137, 526, 580),
        ("能力显著提升，现代化经济体系建设取得重大进展，单位", 75, 526, 608),
        ("源消耗不断下降，经济发展新动能和质量新优势显著增强。", 76, 487, 636),
        ("一一产业质量竞争力持续增强。制约产业发展的质量瓶颈", 105, 526, 664),
        ("不断突破，产业链供应链整体现代化水平显著提高，一二三", 77, 527, 692),
    ]
    lines = [Line(t, 2, (x0, top, x1, top + 22), source, 0.99 if source == "ocr" else None)
             for t, x0, x1, top in rows]  # type: ignore[arg-type]
    return Page(number=2, lines=lines, width=595.0, height=842.0,
                route="ocr" if source == "ocr" else "text_layer")


def test_ocr_item_markers_are_restored_and_text_layers_left_alone() -> None:
    ocr = clean_document(ExtractedDocument("scan.pdf", "pdf", [_scan_page("ocr")])).text.split("\n")
    assert [p[:8] for p in ocr] == ["到2025年，质", "——经济发展质量", "——产业质量竞争"]
    assert ocr[2].endswith("一二三")  # `一二三产业` at a line start is text
    text = clean_document(ExtractedDocument("x.pdf", "pdf", [_scan_page("text")])).text
    assert "——" not in text and "一一产业" in text


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_item_markers_of_the_200_dpi_scan_fixture_are_restored() -> None:
    # policy-source.txt lines 12–15, printed on pages 2–3 of scan-200.pdf: PaddleOCR drops the
    # `——` of “——经济发展…” and “——品牌建设…” and reads those of the two others as one `一`.
    # The page is rendered at the pipeline's default 300 dpi, as `policyqa ingest` does. (Rendered
    # at 200 dpi, OCR loses two of the four dashes together with their place: not recoverable.)
    from extract.load import extract_document
    from policyqa.options import Options

    fixture = Path(__file__).parent / "resources" / "fixtures" / "scan-200.pdf"
    doc = clean_document(extract_document(fixture, Options()))
    starts = [p.text[:8] for p in doc.paragraphs if p.text.startswith("——")]
    assert starts == ["——经济发展质量", "——产业质量竞争", "——产品、工程、", "——品牌建设取得"]


@pytest.mark.parametrize(("source", "expected"), [("ocr", "计量、标准、认证"), ("plain", "计量丶标准丶认证")])
def test_dot_radical_is_a_comma_only_on_ocr_lines(source: str, expected: str) -> None:
    # OCR reads the 顿号 `、` as `丶`; a text layer or a text copy holds what its source holds.
    page = Page(number=1, lines=[Line("计量丶标准丶认证等实现更高水平协同发展。", 1, source=source)])
    doc = clean_document(ExtractedDocument("x", "pdf", [page]))
    assert doc.text.startswith(expected)
