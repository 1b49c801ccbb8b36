"""Text layers: lines from the born-digital fixture and from awkward corpus PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.pdf import open_pdf, open_pdfium, read_text_layers
from policyqa.errors import EncryptedError, InputFileError

RESOURCES = Path(__file__).parent / "resources"
FIXTURES = RESOURCES / "fixtures"
CORPUS = RESOURCES / "robustness"


def squeeze(text: str) -> str:
    """Text with all whitespace removed."""
    return "".join(text.split())


def body_lines(pdf_path: Path) -> list[list[str]]:
    """Each page's lines without the running title (first line) and the footer (last line)."""
    return [[line.text for line in layer.lines][1:-1] for layer in read_text_layers(pdf_path)]


def test_born_digital_text_equals_source() -> None:
    """The body text of every page, joined naively, is the source text (policy-source.txt)."""
    source = (FIXTURES / "policy-source.txt").read_text(encoding="utf-8")
    pages = body_lines(FIXTURES / "born-digital.pdf")
    assert squeeze("".join(line for page in pages for line in page)) == squeeze(source)
    assert len(pages) == 3


def test_born_digital_lines_are_printed_lines() -> None:
    """Line breaks fall where the page printed them: read from the fixture, page 1."""
    page = body_lines(FIXTURES / "born-digital.pdf")[0]
    assert page[0] == "新华社北京2月6日电近日，中共中央、国务院印发了《质量"
    assert page[1] == "强国建设纲要》，并发出通知，要求各地区各部门结合实际认真"
    assert page[2] == "贯彻落实。"
    assert "一、形势背景" in page


def test_born_digital_header_footer_and_boxes() -> None:
    lines = read_text_layers(FIXTURES / "born-digital.pdf")[1].lines
    header, first, footer = lines[0], lines[1], lines[-1]
    assert header.text == "质量强国建设纲要" and header.bbox[1] < 60
    assert footer.text == "第 2 页 共 3 页" and footer.bbox[1] > 780
    assert all(line.page == 2 and line.source == "text" for line in lines)
    assert 71 <= first.bbox[0] <= 105  # left margin 72 pt, first-line indent 2 em of 16 pt
    assert first.bbox[1] < first.bbox[3]


def test_dash_footer_fixture() -> None:
    lines = read_text_layers(FIXTURES / "born-digital-dash.pdf")[0].lines
    assert lines[-1].text == "— 1 —"
    assert lines[1].text.startswith("新华社北京2月6日电")


def test_fake_bold_is_deduplicated() -> None:
    # MANIFEST.md: every glyph drawn twice (`微微软软`); known answer `微软 培训课程`
    texts = [line.text for line in read_text_layers(CORPUS / "issue-71-duplicate-chars.pdf")[0].lines]
    assert any(text.startswith("微软 培训课程") for text in texts)
    assert not any("微微软软" in text for text in texts)


def test_embedded_cmap_is_read() -> None:
    # MANIFEST.md known answer: the three strings below; pdfminer reads only the first
    lines = read_text_layers(CORPUS / "embedded-cmap-cidfont.pdf")[0].lines
    assert [line.text for line in lines] == [
        "Heading in Helvetica",
        "This text uses an embedded CMap",
        "and should be extractable",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("issue_566_test_1.pdf", "ISSUE Date：2019-4-25 Buyer：黎荣"),
        ("issue_566_test_2.pdf", "甲方：中国饮料有限公司（盖章）"),
    ],
)
def test_chinese_cmaps(name: str, expected: str) -> None:
    layer = read_text_layers(CORPUS / name)[0]
    assert [line.text for line in layer.lines] == [expected]
    assert layer.stats.cjk_font


def test_vector_page_stats() -> None:
    stats = read_text_layers(CORPUS / "vector.pdf")[0].stats
    assert stats.char_count == 0 and stats.vector_count >= 100 and stats.image_ratio == 0


@pytest.mark.parametrize(
    ("name", "password", "error"),
    [
        ("password-example.pdf", None, EncryptedError),
        ("password-example.pdf", "wrong", EncryptedError),
        ("aes-256-r6.pdf", None, EncryptedError),
        ("invalid.pdf", None, InputFileError),
    ],
)
def test_open_errors_are_typed(name: str, password: str | None, error: type) -> None:
    with pytest.raises(error) as caught:
        open_pdf(CORPUS / name, password)
    assert "\n" not in caught.value.one_line()
    with pytest.raises(error):
        open_pdfium(CORPUS / name, password)


def test_wrong_password_message_says_wrong() -> None:
    with pytest.raises(EncryptedError, match="wrong"):
        open_pdf(CORPUS / "password-example.pdf", "wrong")
    with pytest.raises(EncryptedError, match="--password"):
        open_pdf(CORPUS / "password-example.pdf")
