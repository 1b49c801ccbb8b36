"""Entry points of extraction: probe a file, extract one page, extract a whole document.

Originals are only ever opened for reading. A problem with one page becomes a `failed` Page with
a one-line reason; a problem with the whole file (empty, not a PDF, encrypted, over a limit)
raises a typed PolicyQAError.

Time per page: rendering, where decompression bombs and PDFium hangs live, runs in a killable
worker process under `options.limits.page_timeout_s` (see extract/render.py). Text-layer reading
(pure Python, bounded by the file-size limit) runs in the caller's process. OCR runs in whatever
engine the caller passes: the pipeline passes one whose pages are read in a killable worker process
under the same per-page limit (extract/ocr_worker.py); with no engine given, the engine
OcrModels.engine names runs in this process (library use and tests). A LimitExceededError from the engine fails that page alone,
its reason naming the page ("page 3: OCR took longer than 120 s").
"""

from __future__ import annotations

import codecs
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal

from extract import images, orientation, pdf, render
from extract.model import ExtractedDocument, Line, Page
from extract.ocr_engine import OcrEngine
from extract.routing import assess_text_layer, route_page
from extract.seal import remove_seals
from policyqa.errors import InputFileError, LimitExceededError, ModelMissingError, PolicyQAError
from policyqa.options import Options

Kind = Literal["pdf", "image", "text", "html"]
SNIFF_BYTES = 64 * 1024
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
UTF16_32_BOMS = (  # as extract/textcopy.py's BOMS; UTF-32 LE first, its mark starts with UTF-16 LE's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip


@dataclass(frozen=True)
class Probe:
    """What a file is, before any extraction."""

    path: Path
    kind: Kind
    page_count: int
    sha256: str
    size_bytes: int


def sniff_kind(head: bytes) -> Kind | None:
    """The kind of a file from its first bytes (magic numbers, then text/HTML); None if binary."""
    if head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF") or head[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    if head.startswith(IMAGE_MAGIC):
        return "image"
    text = _decode(head)
    if text is None:
        return None
    lowered = text[:4096].lower()
    return "html" if ("<html" in lowered or "<body" in lowered or "<!doctype html" in lowered) else "text"


def _decode(head: bytes) -> str | None:
    for bom, codec in UTF16_32_BOMS:  # such copies hold NULs: their mark decides first
        if head.startswith(bom):
            return head.decode(codec, errors="ignore")  # the head may end inside a character
    if b"\x00" in head:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a multi-byte char cut at the sniff boundary
                return head[: exc.start].decode(encoding)
    return None


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes (hex), read in blocks: the identity of an input everywhere."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _page_count(path: Path, kind: Kind, options: Options) -> int:
    if kind == "image":
        return images.frame_count(path)
    if kind != "pdf":
        return 1
    doc = pdf.open_pdfium(path, options.password)
    try:
        return len(doc)
    finally:
        doc.close()


def _identify(path: Path, options: Options) -> tuple[Kind, int, int]:
    """(kind, page count, size) of a file, with every file-level check; no hashing."""
    if not path.is_file():
        raise InputFileError(f"{path} does not exist or is not a file", "check the path")
    size = path.stat().st_size
    if size == 0:
        raise InputFileError(f"{path.name} is empty (0 bytes)")
    if size > options.limits.max_file_bytes:
        raise LimitExceededError(f"{path.name} is {size} bytes, over the {options.limits.max_file_bytes}-byte limit")
    with path.open("rb") as handle:
        kind = sniff_kind(handle.read(SNIFF_BYTES))
    if kind is None:
        raise InputFileError(f"{path.name} is neither a PDF, an image nor UTF-8/GB18030 text")
    _check_extension(path, kind)
    count = _page_count(path, kind, options)
    if count > options.limits.max_pages:
        raise LimitExceededError(
            f"{path.name} has {count} pages, over the limit of {options.limits.max_pages}", "raise --max-pages"
        )
    if count == 0:
        raise InputFileError(f"{path.name} has no pages")
    return kind, count, size


# A name that promises a PDF or an image whose bytes are something else is a damaged or misnamed
# file: an operator must hear of it, not see it processed as plain text.
_PROMISED_KIND = {".pdf": "pdf", ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image"}


def _check_extension(path: Path, kind: str) -> None:
    """InputFileError when the file's extension promises a PDF/image that its bytes are not."""
    promised = _PROMISED_KIND.get(path.suffix.lower())
    if promised and kind != promised:
        raise InputFileError(f"{path.name} is named as a {promised} but its bytes are {kind}",
                             "check the file (damaged or misnamed) and rename or replace it")


def probe(path: Path, options: Options) -> Probe:
    """Identify a file (by content, not extension), count its pages and hash it; typed errors."""
    path = Path(path)
    kind, count, size = _identify(path, options)
    return Probe(path=path, kind=kind, page_count=count, sha256=file_sha256(path), size_bytes=size)


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, PolicyQAError):
        return exc.one_line()
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:200]


def _failed(number: int, exc: BaseException, started: float) -> Page:
    reason = _one_line(exc)
    return Page(number=number, route="failed", reason=reason, error=reason, seconds=time.monotonic() - started)


def _ocr_lines(rendered: render.Rendered, number: int, engine: OcrEngine) -> list[Line]:
    scale = rendered.scale
    lines = []
    for found in engine.recognize(remove_seals(rendered.image)):  # seals lifted, print kept
        x0, top, x1, bottom = found.box
        box = (x0 * scale, top * scale, x1 * scale, bottom * scale)
        lines.append(Line(text=found.text, page=number, bbox=box, source="ocr", confidence=found.confidence))
    return lines


def _fill_ocr(page: Page, rendered: render.Rendered, engine: OcrEngine) -> None:
    rendered, turned = orientation.upright(rendered)  # a page scanned sideways, turned before OCR
    if turned in (90, 270):
        page.width, page.height = page.height, page.width
    try:
        page.lines = _ocr_lines(rendered, page.number, engine)
    except LimitExceededError as exc:  # e.g. the OCR worker's deadline: name the page
        raise LimitExceededError(f"page {page.number}: {exc.message}", exc.hint or None) from exc
    page.route = "ocr"
    confidences = [line.confidence for line in page.lines if line.confidence is not None]
    page.ocr_confidence = sum(confidences) / len(confidences) if confidences else None
    if rendered.embedded:
        page.reason += f"; OCR at {rendered.dpi:.0f} dpi (the page's own image)"
    else:
        page.reason += f"; OCR at {rendered.dpi:g} dpi"
    if turned:
        page.reason += f"; turned {turned}° upright first"


def _guarded(number: int, read: Callable[[], Page]) -> Page:
    """Run one page's extraction; any page-level failure becomes a `failed` Page."""
    started = time.monotonic()
    try:
        page = read()
    except ModelMissingError:  # not the page's fault: the installation must be fixed
        raise
    except Exception as exc:  # a bad page fails alone, with a one-line reason
        return _failed(number, exc, started)
    page.seconds = time.monotonic() - started
    return page


class _PdfSource:
    """One open PDF (pdfplumber + PDFium) shared by the pages of a document."""

    def __init__(self, path: Path, options: Options) -> None:
        self.path, self.options = path, options
        self.plumber = pdf.open_pdf(path, options.password)
        try:
            self.pdfium = pdf.open_pdfium(path, options.password)
        except PolicyQAError:
            self.plumber.close()
            raise

    def close(self) -> None:
        self.plumber.close()
        self.pdfium.close()

    def page(self, number: int, engine_for: Callable[[], OcrEngine]) -> Page:
        started = time.monotonic()
        layer = pdf.read_text_layer(self.pdfium, number - 1, number, self.plumber)  # display orientation
        stats, lines, repaired = assess_text_layer(layer.stats, layer.lines)
        route, reason = route_page(stats, self.options.ocr)
        page = Page(number=number, lines=lines, width=layer.width, height=layer.height, route=route,
                    reason=reason + repaired)
        page.tables = layer.tables if route == "text_layer" else []
        if route == "ocr":
            _fill_ocr(page, self._render(number, started), engine_for())
        return page

    def _render(self, number: int, started: float) -> render.Rendered:
        limits = self.options.limits
        remaining = limits.page_timeout_s - (time.monotonic() - started)
        return render.render_page_isolated(
            self.path,
            number - 1,
            dpi=self.options.dpi,
            max_pixels=limits.max_pixels_per_page,
            timeout_s=max(remaining, 1.0),
            password=self.options.password,
        )


def _image_page(path: Path, number: int, options: Options, engine_for: Callable[[], OcrEngine]) -> Page:
    if options.ocr == "never":
        raise LimitExceededError("an image page can only be read by OCR", "drop --ocr never")
    cap = options.limits.max_pixels_per_page
    rendered = images.load_frame(path, number - 1, max_pixels=cap, default_dpi=options.dpi)
    height_px, width_px = rendered.image.shape[:2]
    page = Page(number=number, width=width_px * rendered.scale, height=height_px * rendered.scale)
    page.reason = "image file: always OCR"
    _fill_ocr(page, rendered, engine_for())
    return page


class _EngineHolder:
    """Creates the OCR engine only when a page first needs it."""

    def __init__(self, options: Options, engine: OcrEngine | None) -> None:
        self.options, self.engine = options, engine

    def __call__(self) -> OcrEngine:
        if self.engine is None:
            from extract.ocr_engine import engine_in_process

            self.engine = engine_in_process(self.options.models)
        return self.engine


def _check_page(number: int, count: int, path: Path) -> None:
    if not 1 <= number <= count:
        raise InputFileError(
            f"{path.name} has {count} pages; there is no page {number}", "pass a page between 1 and the page count"
        )


def extract_page(path: Path, page_number: int, options: Options, engine: OcrEngine | None = None) -> Page:
    """Extract one page (1-based) of a PDF or image; a page-level problem gives route="failed"."""
    path = Path(path)
    kind, count, _ = _identify(path, options)
    _check_page(page_number, count, path)
    holder = _EngineHolder(options, engine)
    if kind == "image":
        return _guarded(page_number, lambda: _image_page(path, page_number, options, holder))
    if kind != "pdf":
        return extract_document(path, options, engine).pages[page_number - 1]
    source = _PdfSource(path, options)
    try:
        return _guarded(page_number, lambda: source.page(page_number, holder))
    finally:
        source.close()


PageDone = Callable[[int, int], None]  # on_page(page number, page count)


def _told(done: PageDone, number: int, count: int, page: Page) -> Page:
    done(number, count)
    return page


def extract_document(
    path: Path, options: Options, engine: OcrEngine | None = None, on_page: PageDone | None = None
) -> ExtractedDocument:
    """Extract every page of a file: PDF pages routed one by one, image frames OCR'd, text copies read.

    `on_page(number, count)` is called after each PDF page or image frame (progress display).
    """
    path = Path(path)
    kind, count, _ = _identify(path, options)
    if kind in ("text", "html"):
        from extract.textcopy import read_text_copy  # engineer B's module; imported only when needed

        return read_text_copy(path)
    holder = _EngineHolder(options, engine)
    numbers = range(1, count + 1)
    done = on_page or (lambda number, total: None)
    if kind == "image":
        pages = [_told(done, n, count, _guarded(n, lambda n=n: _image_page(path, n, options, holder))) for n in numbers]
    else:
        source = _PdfSource(path, options)
        try:
            pages = [_told(done, n, count, _guarded(n, lambda n=n: source.page(n, holder))) for n in numbers]
        finally:
            source.close()
    used = holder.engine.version() if holder.engine is not None and any(p.route == "ocr" for p in pages) else {}
    return ExtractedDocument(path=str(path), kind=kind, pages=pages, engine=used)
