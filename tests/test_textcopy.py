"""Tests for extract.textcopy: reading text and HTML copies with page numbers."""

from pathlib import Path

import pytest

from extract.textcopy import decode_bytes, html_to_text, pages_from_text, read_text_copy
from policyqa.errors import InputFileError

SEEDS = Path(__file__).parent / "resources" / "seeds"


def _page_of(doc, needle: str) -> int:
    return next(line.page for page in doc.pages for line in page.lines if needle in line.text)


def test_seed_000_pages_follow_printed_numbers() -> None:
    doc = read_text_copy(SEEDS / "000_9b2215ac29e8729a.txt")
    assert doc.kind == "text"
    assert all(line.source == "plain" for page in doc.pages for line in page.lines)
    # `第 5 页 共 26 页` (line 162) stands before `三、推动经济质量效益型发展` (line 164);
    # the page joins before it (` 施效能…` line 38, ` 程、服务…` 79, ` ——产品…` 118) make it page 5.
    assert _page_of(doc, "第 5 页 共 26 页") == 5
    assert _page_of(doc, "三、推动经济质量效益型发展") == 5
    assert _page_of(doc, "施效能逐步彰显") == 2
    assert _page_of(doc, "力度。将质量内容纳入中小学义务教育") == 22  # line 750, after `第 22 页`
    assert _page_of(doc, "（三十二）开展督察评估") == 26
    assert max(page.number for page in doc.pages) == 26  # `共 26 页`


@pytest.mark.parametrize("name", ["001_65449852ce879aa7.txt", "003_7545518e94772d14.txt"])
def test_copies_without_page_marks_are_one_page(name: str) -> None:
    doc = read_text_copy(SEEDS / name)
    assert [page.number for page in doc.pages] == [1]


def test_form_feeds_split_pages() -> None:
    pages = pages_from_text("第一页正文。\f第二页正文。\n更多。\f第三页。")
    assert [(p.number, [ln.text for ln in p.lines]) for p in pages] == [
        (1, ["第一页正文。"]), (2, ["第二页正文。", "更多。"]), (3, ["第三页。"])
    ]


def test_footers_label_the_page_before_them() -> None:
    pages = pages_from_text("甲。\n— 1 —\n乙。\n— 2 —\n丙。\n— 3 —")
    assert {ln.text: p.number for p in pages for ln in p.lines} == {
        "甲。": 1, "— 1 —": 1, "乙。": 2, "— 2 —": 2, "丙。": 3, "— 3 —": 3
    }


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("质量强国".encode("utf-8"), "质量强国"),
        ("\ufeff质量强国".encode("utf-8"), "质量强国"),  # UTF-8 with BOM
        ("质量强国".encode("gb18030"), "质量强国"),
        (b"\xff\xfe\xff", "\ufffd"),  # undecodable bytes never raise
    ],
)
def test_decode_bytes(data: bytes, expected: str) -> None:
    assert decode_bytes(data).startswith(expected)


def test_html_copy(tmp_path: Path) -> None:
    html = (
        "<html><head><title>t</title><style>p{}</style></head><body>"
        "<nav>首页 > 政策</nav><script>var a=1;</script>"
        "<h1>中共中央 国务院印发《质量强国建设纲要》</h1>"
        "<p>近日，中共中央、国务院印发了<b>《质量强国建设纲要》</b>。</p>"
        "<div>一、形势背景<br>质量是人类生产生活的重要保障。</div></body></html>"
    )
    path = tmp_path / "copy.html"
    path.write_text(html, encoding="utf-8")
    doc = read_text_copy(path)
    texts = [ln.text for p in doc.pages for ln in p.lines if ln.text.strip()]
    assert doc.kind == "html"
    assert texts == [
        "中共中央 国务院印发《质量强国建设纲要》",
        "近日，中共中央、国务院印发了《质量强国建设纲要》。",
        "一、形势背景",
        "质量是人类生产生活的重要保障。",
    ]


def test_html_to_text_separates_blocks_with_blank_lines() -> None:
    assert html_to_text("<p>甲</p><p>乙</p>") == "甲\n\n乙"


@pytest.mark.parametrize("content", [b"", b"  \n\n "])
def test_empty_file_is_a_typed_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match="empty"):
        read_text_copy(path)


def test_missing_file_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError):
        read_text_copy(tmp_path / "nope.txt")
