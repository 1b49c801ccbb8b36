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
WORKER_MEMORY_BYTES = 3 * 1024**3  # address-space cap of the render worker


@dataclass(frozen=True)
class Rendered:
    """A rendered page: RGB uint8 pixels and the resolution they were rendered at."""

    image: np.ndarray
    dpi: float

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


def render_page(path: Path, index: int, *, dpi: float, max_pixels: int, password: str | None = None) -> Rendered:
    """Render page `index` (0-based) of a PDF in this process; raises LimitExceededError if too big."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path), password=password or None)
    try:
        page = doc[index]
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
            path, index, dpi, max_pixels, password = conn.recv()
        except EOFError:
            return
        try:
            done = render_page(Path(path), index, dpi=dpi, max_pixels=max_pixels, password=password)
        except LimitExceededError as exc:
            out.send(("limit", exc.message, exc.hint))
        except MemoryError:
            out.send(("limit", f"page {index + 1} needs more than {WORKER_MEMORY_BYTES >> 30} GiB to render", ""))
        except Exception as exc:  # damaged page: report it, keep serving
            out.send(("error", one_line(exc), ""))
        else:
            out.send(("ok", done.image.shape, done.dpi))
            out.send_bytes(memoryview(np.ascontiguousarray(done.image)).cast("B"))


def _receive(reply: Any, conn: Any) -> Any:
    """The rendered pixels after an 'ok' reply; other replies as they are."""
    if reply[0] != "ok":
        return reply
    pixels = np.frombuffer(bytearray(conn.recv_bytes()), dtype=np.uint8)
    return Rendered(image=pixels.reshape(reply[1]), dpi=reply[2])


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
) -> Rendered:
    """Render a page in the worker process, killing it past `timeout_s` (LimitExceededError)."""
    request = (str(path), index, dpi, max_pixels, password)
    return _WORKER.render(request, timeout_s)


@atexit.register
def stop_worker() -> None:
    """Stop this process's render worker (also at interpreter exit, so none outlives its caller)."""
    _WORKER.stop()
