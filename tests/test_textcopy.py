"""Tests for extract.textcopy: reading text and HTML copies with page numbers."""

import codecs
from pathlib import Path

import pytest

from extract.load import sniff_kind
from extract.textcopy import chinese_share, decode_bytes, html_to_text, pages_from_text, read_text_copy
from policyqa.errors import InputFileError, TextEncodingError

SEEDS = Path(__file__).parent / "resources" / "seeds"
FIELD = Path(__file__).parent / "resources" / "field"
# The 纲要's preamble as printed (checked against seed 000, lines 25-28); Traditional as in Big5 copies.
PREAMBLE = (
    "建设质量强国是推动高质量发展、促进我国经济由大向强转变的重要举措，是满足人民美好生活需要的"
    "重要途径。为统筹推进质量强国建设，全面提高我国质量总体水平，制定本纲要。"
)
PREAMBLE_HANT = (
    "建設質量強國是推動高質量發展、促進我國經濟由大向強轉變的重要舉措，是滿足人民美好生活需要的"
    "重要途徑。為統籌推進質量強國建設，全面提高我國質量總體水平，制定本綱要。"
)


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
        (PREAMBLE.encode("gb18030"), PREAMBLE),
        ("㐀䶵𠀀".encode("gb18030") + PREAMBLE.encode("gb18030"), "㐀䶵𠀀"),  # 4-byte GB18030
        (PREAMBLE.encode("utf-32"), PREAMBLE),  # UTF-32 LE with BOM
        (codecs.BOM_UTF32_BE + PREAMBLE.encode("utf-32-be"), PREAMBLE),
        (PREAMBLE.encode("utf-16"), PREAMBLE),  # UTF-16 LE with BOM
        (codecs.BOM_UTF16_BE + PREAMBLE.encode("utf-16-be"), PREAMBLE),
        (PREAMBLE_HANT.encode("big5"), PREAMBLE_HANT),  # Big5 that GB18030 would also accept
        ("衞生".encode("big5hkscs") + PREAMBLE_HANT.encode("big5hkscs"), "衞生"),  # HKSCS
        ("English only, nothing to judge.".encode("ascii"), "English only"),
    ],
)
def test_decode_bytes(data: bytes, expected: str) -> None:
    assert decode_bytes(data).startswith(expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("big5-preamble.txt", PREAMBLE_HANT), ("utf16-preamble.txt", PREAMBLE)],
)
def test_field_copies_in_other_encodings(name: str, expected: str) -> None:
    # Expected text: the 纲要's preamble, read in the field README's description of each file.
    doc = read_text_copy(FIELD / name)
    assert [ln.text for p in doc.pages for ln in p.lines if ln.text] == [expected]
    assert sniff_kind((FIELD / name).read_bytes()[:100]) == "text"


@pytest.mark.parametrize(
    ("html", "codec"),
    [
        ('<html><head><meta charset="gbk"></head><body><p>{}</p></body></html>', "gbk"),
        (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5">'
            "</head><body><p>{}</p></body></html>",
            "big5",
        ),
        ('<?xml version="1.0" encoding="GB2312"?><html><body><p>{}</p></body></html>', "gb2312"),
    ],
)
def test_declared_html_charset(tmp_path: Path, html: str, codec: str) -> None:
    text = PREAMBLE_HANT if codec == "big5" else PREAMBLE
    path = tmp_path / "copy.html"
    path.write_bytes(html.format(text).encode(codec))
    doc = read_text_copy(path)
    assert doc.kind == "html"
    assert [ln.text for p in doc.pages for ln in p.lines if ln.text] == [text]


def test_wrong_declaration_falls_back_to_detection() -> None:
    # Pages labelled gb2312 that are really UTF-8 are common: the label must not win over the bytes.
    html = f'<html><head><meta charset="gb2312"></head><body><p>{PREAMBLE}</p></body></html>'
    assert PREAMBLE in decode_bytes(html.encode("utf-8"))


@pytest.mark.parametrize(
    "data",
    [
        PREAMBLE.encode("utf-8").decode("latin-1").encode("utf-8"),  # double-encoded: è´¨é‡
        "品質保証を推進し、経済の発展を図るために、すべての地域で取り組みを行う。".encode("shift_jis"),
        "Qualität für alle Bürger: Straßen, Brücken, Gebäude und Verwaltung.".encode("latin-1") * 8,
        b"\xff\xfe\xff",  # a UTF-16 mark followed by an odd byte
    ],
)
def test_text_that_does_not_read_as_chinese_is_a_typed_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "copy.txt"
    path.write_bytes(data)
    with pytest.raises(TextEncodingError) as info:
        read_text_copy(path)
    assert str(path) in str(info.value) and "UTF-8" in str(info.value)  # names the file and the fix
    assert isinstance(info.value, InputFileError) and path.read_bytes() == data


def test_chinese_share_tells_text_from_mojibake() -> None:
    big5 = (FIELD / "big5-preamble.txt").read_bytes()
    assert chinese_share(big5.decode("big5"))[0] == 1.0
    assert chinese_share(big5.decode("gb18030"))[0] < 0.6  # 砞借秖眏瓣…: rare characters
    assert chinese_share("⼀、形势背景质量是⼈类⽣产⽣活的重要保障") == (1.0, 19)  # Kangxi folded


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
