"""probe / extract_page / extract_document: kinds, typed errors, routing, lazy engine, images."""

from __future__ import annotations

import hashlib
import shutil
import sys
import types
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extract import load
from extract.load import extract_document, extract_page, probe, sniff_kind
from extract.model import ExtractedDocument, Line, Page
from extract.ocr_engine import OcrLine
from policyqa.errors import EncryptedError, InputFileError, LimitExceededError
from policyqa.options import Limits, Options

RESOURCES = Path(__file__).parent / "resources"
FIXTURES = RESOURCES / "fixtures"
CORPUS = RESOURCES / "robustness"


class FakeEngine:
    """Returns one fixed line per image, box in pixels; counts calls."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[int, ...]] = []
        self.fail = fail

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        self.calls.append(image.shape)
        if self.fail:
            raise RuntimeError("engine exploded\non two lines")
        return [
            OcrLine("第一行", (300.0, 600.0, 900.0, 660.0), 0.9),
            OcrLine("第二行", (300.0, 700.0, 900.0, 760.0), 0.7),
        ]

    def version(self) -> dict[str, str]:
        return {"engine": "fake"}


@pytest.fixture
def no_paddle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the real engine would be created."""

    def refuse(models: object) -> None:
        raise AssertionError("the OCR engine was created although no page needed it")

    monkeypatch.setattr("extract.ocr_engine.engine_in_process", refuse)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image"),
        (b"II*\x00\x08\x00", "image"),
        (b"MM\x00*\x00\x08", "image"),
        ("<!DOCTYPE html><html><body>质量</body></html>".encode(), "html"),
        ("<div>正文</div><BODY>".encode(), "html"),
        ("质量强国建设纲要\n一、形势背景".encode("utf-8"), "text"),
        ("质量强国建设纲要".encode("gb18030"), "text"),
        ("质量".encode("utf-8")[:-1], "text"),  # a character cut at the sniff boundary
        (b"\x00\x01\x02\x03binary", None),
    ],
)
def test_sniff_kind(head: bytes, kind: str | None) -> None:
    assert sniff_kind(head) == kind


def test_probe_born_digital() -> None:
    path = FIXTURES / "born-digital.pdf"
    info = probe(path, Options())
    assert (info.kind, info.page_count, info.size_bytes) == ("pdf", 3, path.stat().st_size)
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_probe_ignores_extension(tmp_path: Path) -> None:
    disguised = tmp_path / "scan.txt"
    shutil.copy(FIXTURES / "scan-page1.png", disguised)
    assert probe(disguised, Options()).kind == "image"


@pytest.mark.parametrize(
    ("content", "options", "error", "words"),
    [
        (b"", Options(), InputFileError, "empty"),
        (b"\x00\x01\x02\x03" * 100, Options(), InputFileError, "neither"),
        (b"%PDF-1.4\n%%EOF\n", Options(), InputFileError, "not a PDF"),
        (b"x" * 2000, Options(limits=Limits(max_file_bytes=1000)), LimitExceededError, "over the 1000-byte"),
    ],
)
def test_probe_errors(tmp_path: Path, content: bytes, options: Options, error: type, words: str) -> None:
    path = tmp_path / "input.pdf"
    path.write_bytes(content)
    with pytest.raises(error, match=words) as caught:
        probe(path, options)
    assert "\n" not in caught.value.one_line()


def test_probe_page_limit_and_password() -> None:
    with pytest.raises(LimitExceededError, match="3 pages"):
        probe(FIXTURES / "born-digital.pdf", Options(limits=Limits(max_pages=2)))
    with pytest.raises(EncryptedError, match="pass --password"):
        probe(CORPUS / "password-example.pdf", Options())
    assert probe(CORPUS / "password-example.pdf", Options(password="test")).page_count == 4


def test_text_layer_page_does_not_create_engine(no_paddle: None) -> None:
    page = extract_page(FIXTURES / "born-digital.pdf", 1, Options())
    assert page.route == "text_layer" and page.error is None
    assert page.lines[0].text == "质量强国建设纲要"  # the running title printed in the header band
    assert (page.width, page.height) == pytest.approx((595.28, 841.89), abs=0.01)
    assert page.seconds > 0


def test_scan_page_is_ocrd_and_boxes_become_points() -> None:
    engine = FakeEngine()
    page = extract_page(FIXTURES / "scan-300.pdf", 2, Options(dpi=300), engine)
    assert page.route == "ocr" and "image covers" in page.reason and "300 dpi (the page's own image)" in page.reason
    assert [line.text for line in page.lines] == ["第一行", "第二行"]
    assert page.lines[0].bbox == pytest.approx((72.0, 144.0, 216.0, 158.4), abs=0.1)  # the scan is 300.08 dpi
    assert all(line.source == "ocr" and line.page == 2 for line in page.lines)
    assert page.ocr_confidence == pytest.approx(0.8)
    assert len(engine.calls) == 1 and engine.calls[0][2] == 3


def test_ocr_never_keeps_the_empty_text_layer() -> None:
    engine = FakeEngine()
    page = extract_page(FIXTURES / "scan-200.pdf", 1, Options(ocr="never"), engine)
    assert (page.route, page.lines, engine.calls) == ("text_layer", [], [])
    assert "--ocr never" in page.reason


def test_ocr_always_ocrs_a_born_digital_page() -> None:
    engine = FakeEngine()
    page = extract_page(FIXTURES / "born-digital.pdf", 3, Options(ocr="always", dpi=100), engine)
    assert page.route == "ocr" and "--ocr always" in page.reason
    assert engine.calls[0][:2] == (1170, 827)  # A4 at 100 dpi


def test_a_failing_page_fails_alone() -> None:
    doc = extract_document(CORPUS / "multipage.pdf", Options(dpi=72), FakeEngine(fail=True))
    routes = [page.route for page in doc.pages]
    assert routes == ["failed", "failed", "failed", "text_layer", "failed", "failed"]  # page 4 has text
    failed = doc.pages[0]
    assert failed.error == failed.reason and "engine exploded" in failed.error and "\n" not in failed.error


def test_document_records_engine_version_only_when_ocr_ran(no_paddle: None) -> None:
    assert extract_document(FIXTURES / "born-digital.pdf", Options()).engine == {}
    doc = extract_document(FIXTURES / "scan-200.pdf", Options(dpi=72), FakeEngine())
    assert doc.engine == {"engine": "fake"} and doc.kind == "pdf" and len(doc.pages) == 3


def test_extract_page_out_of_range() -> None:
    with pytest.raises(InputFileError, match="no page 4"):
        extract_page(FIXTURES / "born-digital.pdf", 4, Options())


def test_multipage_tiff_one_page_per_frame(tmp_path: Path) -> None:
    frame = Image.open(FIXTURES / "scan-page1.png").convert("L")
    tiff = tmp_path / "two.tif"
    frame.save(tiff, save_all=True, append_images=[frame.rotate(180)], dpi=(200, 200))
    engine = FakeEngine()
    doc = extract_document(tiff, Options(), engine)
    assert doc.kind == "image" and [p.route for p in doc.pages] == ["ocr", "ocr"]
    assert doc.pages[1].number == 2 and doc.pages[1].lines[0].page == 2
    width_px = frame.size[0]
    assert doc.pages[0].width == pytest.approx(width_px * 72 / 200)
    assert doc.pages[0].lines[0].bbox[0] == pytest.approx(300 * 72 / 200)


def test_image_over_pixel_cap_is_shrunk() -> None:
    engine = FakeEngine()
    cap = 400_000
    page = extract_page(FIXTURES / "scan-page1.png", 1, Options(limits=Limits(max_pixels_per_page=cap)), engine)
    height, width = engine.calls[0][:2]
    assert width * height <= cap and page.route == "ocr"
    assert page.width == pytest.approx(Image.open(FIXTURES / "scan-page1.png").size[0] * 72 / 200, rel=0.01)


def test_image_with_ocr_never_fails_the_page() -> None:
    page = extract_page(FIXTURES / "scan-page1.png", 1, Options(ocr="never"), FakeEngine())
    assert page.route == "failed" and "only be read by OCR" in (page.error or "")


def test_text_copy_goes_to_read_text_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "copy.html"
    copy.write_text("<html><body>质量强国建设纲要</body></html>", encoding="utf-8")
    seen: list[Path] = []

    def read_text_copy(path: Path) -> ExtractedDocument:
        seen.append(path)
        page = Page(number=1, lines=[Line("质量强国建设纲要", 1, source="plain")], route="plain")
        return ExtractedDocument(path=str(path), kind="html", pages=[page])

    monkeypatch.setitem(sys.modules, "extract.textcopy", types.SimpleNamespace(read_text_copy=read_text_copy))
    doc = extract_document(copy, Options())
    assert seen == [copy] and doc.kind == "html"


def test_originals_are_not_modified() -> None:
    path = FIXTURES / "scan-200.pdf"
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    extract_document(path, Options(dpi=72), FakeEngine())
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def test_load_module_exports_probe_dataclass() -> None:
    info = load.Probe(path=Path("x"), kind="pdf", page_count=1, sha256="0" * 64, size_bytes=1)
    assert info.kind == "pdf"


def test_a_file_named_pdf_whose_bytes_are_text_is_bad_input(tmp_path: Path) -> None:
    """An operator who hands over x.pdf must hear that it is not a PDF, not get a plain-text run."""
    from extract.load import probe
    from policyqa.errors import InputFileError
    from policyqa.options import build_options

    misnamed = tmp_path / "notice.pdf"
    misnamed.write_text("关于开展质量提升行动的指导意见\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="named as a pdf"):
        probe(misnamed, build_options())
