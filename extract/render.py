"""Render PDF pages to RGB images with PDFium, within a pixel cap and a time limit.

Rendering runs in a separate worker *process* (one per calling process, started on first use,
reused for every page). A process, not a thread, because PDFium is native code: a page that
hangs it (recursive XObjects, a decompression bomb) cannot be interrupted in a thread, and a
thread would share the caller's memory. When the deadline passes the worker is killed, its
memory goes back to the system, that page fails alone and the next page starts a fresh worker.
The worker also runs under an address-space limit, so a bomb fails the page, not the machine.
The worker is extract.worker.PipeWorker, the one mechanism the OCR worker uses too.
"""

from __future__ import annotations

import atexit
import math
import resource
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from extract.worker import PipeWorker, child_pipes, one_line
from policyqa.errors import LimitExceededError

MIN_DPI = 50
FULL_PAGE_SLACK = 0.01  # an embedded scan may miss each page edge by this fraction of the page
WORKER_MEMORY_BYTES = 3 * 1024**3  # address-space cap of the render worker


@dataclass(frozen=True)
class Rendered:
    """A rendered page: RGB uint8 pixels and the resolution they were rendered at."""

    image: np.ndarray
    dpi: float
    embedded: bool = False  # True: the page's own scanned image, not a rendering

    @property
    def scale(self) -> float:
        """Points per pixel: multiply a pixel coordinate by this to get points."""
        return 72.0 / self.dpi


def choose_dpi(width_pt: float, height_pt: float, dpi: float, max_pixels: int) -> float | None:
    """The dpi to render at: `dpi`, lowered to fit `max_pixels`; None if even 50 dpi does not fit."""
    area_in = (width_pt / 72.0) * (height_pt / 72.0)
    if area_in <= 0:
        return None
    if area_in * dpi * dpi <= max_pixels:
        return float(dpi)
    fitted = math.floor(math.sqrt(max_pixels / area_in) * 100) / 100
    return fitted if fitted >= MIN_DPI else None


def _single_image(page: Any) -> Any:
    """The page's only image object when the page is that image and nothing drawn (text may be
    there: an invisible OCR layer); None otherwise (several strips, vector drawings, a form)."""
    import pypdfium2.raw as pdfium_c

    found = None
    for obj in page.get_objects(max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE and found is None:
            found = obj
        elif obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
            return None
    return found


def embedded_scan(page: Any, dpi: float, max_pixels: int) -> Rendered | None:
    """A scanned page's one full-page image at its own resolution, or None where rendering is needed.

    Used when the page is unrotated, holds one upright image covering the page (within
    FULL_PAGE_SLACK of each edge) with square pixels, at most `dpi` and `max_pixels`: OCR then
    reads the scanner's own pixels instead of a re-rendered copy (a 200-dpi scan is not blown up
    to 300 dpi). None for anything else, e.g. realdocs/scan_das_kapital_zh_p12.pdf (62 strips).
    """
    image = _single_image(page) if page.get_rotation() % 360 == 0 else None
    if image is None:
        return None
    width, height = page.get_size()
    a, b, c, d, e, f = image.get_matrix().get()
    px_w, px_h = image.get_px_size()
    if b or c or a <= 0 or d <= 0 or px_w * px_h == 0 or px_w * px_h > max_pixels:
        return None
    if max(abs(e), abs(f), abs(e + a - width), abs(f + d - height)) > FULL_PAGE_SLACK * max(width, height):
        return None
    dpi_x, dpi_y = px_w / (a / 72.0), px_h / (d / 72.0)
    if abs(dpi_x - dpi_y) > 0.02 * dpi_x or not MIN_DPI <= dpi_x <= dpi * 1.02:
        return None
    bitmap = image.get_bitmap(render=False)
    try:
        pixels = np.asarray(bitmap.to_pil().convert("RGB"), dtype=np.uint8).copy()
    finally:
        bitmap.close()
    return Rendered(image=pixels, dpi=dpi_x, embedded=True) if pixels.shape[:2] == (px_h, px_w) else None


def render_page(
    path: Path, index: int, *, dpi: float, max_pixels: int, password: str | None = None, embedded: bool = True
) -> Rendered:
    """Page `index` (0-based) of a PDF as pixels, in this process; LimitExceededError if too big.

    With `embedded`, a page that is one scanned image comes at the image's own resolution
    (embedded_scan); anything else is rendered at `dpi`, lowered to fit `max_pixels`.
    """
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path), password=password or None)
    try:
        page = doc[index]
        scan = embedded_scan(page, dpi, max_pixels) if embedded else None
        if scan is not None:
            return scan
        width, height = page.get_size()
        used = choose_dpi(width, height, dpi, max_pixels)
        if used is None:
            raise LimitExceededError(
                f"page {index + 1} is {width:.0f}×{height:.0f} pt: over {max_pixels} pixels even at {MIN_DPI} dpi",
                "raise --max-pixels-per-page",
            )
        bitmap = page.render(scale=used / 72.0, rev_byteorder=True)
        image = np.array(bitmap.to_numpy()[:, :, :3], dtype=np.uint8, copy=True)
        bitmap.close()
        return Rendered(image=image, dpi=used)
    finally:
        doc.close()


def serve_stdio() -> None:
    """Worker entry point: serve render requests on stdin, answer on stdout."""
    _serve(*child_pipes())


def _serve(conn: Any, out: Any) -> None:
    """Worker loop: render requests from `conn` until it closes, replies on `out`."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    except (ValueError, OSError):
        pass
    while True:
        try:
            path, index, dpi, max_pixels, password, embedded = conn.recv()
        except EOFError:
            return
        try:
            done = render_page(Path(path), index, dpi=dpi, max_pixels=max_pixels, password=password, embedded=embedded)
        except LimitExceededError as exc:
            out.send(("limit", exc.message, exc.hint))
        except MemoryError:
            out.send(("limit", f"page {index + 1} needs more than {WORKER_MEMORY_BYTES >> 30} GiB to render", ""))
        except Exception as exc:  # damaged page: report it, keep serving
            out.send(("error", one_line(exc), ""))
        else:
            out.send(("ok", done.image.shape, done.dpi, done.embedded))
            out.send_bytes(memoryview(np.ascontiguousarray(done.image)).cast("B"))


def _receive(reply: Any, conn: Any) -> Any:
    """The rendered pixels after an 'ok' reply; other replies as they are."""
    if reply[0] != "ok":
        return reply
    pixels = np.frombuffer(bytearray(conn.recv_bytes()), dtype=np.uint8)
    return Rendered(image=pixels.reshape(reply[1]), dpi=reply[2], embedded=reply[3])


class RenderWorker:
    """One render process (extract.worker.PipeWorker), restarted after a timeout or a crash."""

    def __init__(self) -> None:
        self.pipe = PipeWorker("from extract.render import serve_stdio; serve_stdio()",
                               died="the render worker died (out of memory or a PDFium crash)")  # fmt: skip

    def stop(self) -> None:
        """Kill the worker process (if any)."""
        self.pipe.stop()

    def render(self, request: tuple, timeout_s: float) -> Rendered:
        """Send one request; kill the worker and raise LimitExceededError past `timeout_s`."""
        reply = self.pipe.call(lambda conn: conn.send(request), timeout_s, "rendering", receive=_receive)
        if isinstance(reply, Rendered):
            return reply
        if reply[0] == "limit":
            raise LimitExceededError(reply[1], reply[2] or None)
        raise RuntimeError(reply[1])


_WORKER = RenderWorker()


def render_page_isolated(
    path: Path,
    index: int,
    *,
    dpi: float,
    max_pixels: int,
    timeout_s: float,
    password: str | None = None,
    embedded: bool = True,
) -> Rendered:
    """render_page in the worker process, killing it past `timeout_s` (LimitExceededError)."""
    request = (str(path), index, dpi, max_pixels, password, embedded)
    return _WORKER.render(request, timeout_s)


@atexit.register
def stop_worker() -> None:
    """Stop this process's render worker (also at interpreter exit, so none outlives its caller)."""
    _WORKER.stop()
