"""Safety limits: pages per file, pixels per page, and time per page (OCR in a killable worker).

The OCR worker (extract/ocr_worker.py) is driven here with small fake engines written to a
temporary module, so these tests need no PaddleOCR; tests/test_robustness_cli.py runs the real one.
"""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from extract import ocr_worker
from extract.load import extract_document, probe
from extract.render import choose_dpi
from extract import pages
from policyqa.errors import LimitExceededError, ModelMissingError
from policyqa.options import Limits, OcrModels, Options, build_options

FIXTURES = Path(__file__).parent / "resources" / "fixtures"

FAKE_ENGINES = '''
import os, time
from extract.ocr_engine import OcrLine
from policyqa.errors import ModelMissingError

class Echo:
    """One line: the image's width x height; an image 13 pixels wide hangs; 17 wide raises."""
    def __init__(self, models):
        self.models = models
    def recognize(self, image):
        height, width = image.shape[:2]
        if width == 13:
            time.sleep(3600)
        if width == 17:
            raise ValueError("cannot read this")
        if width == 19:
            os._exit(9)
        return [OcrLine(f"{width}x{height} pid {os.getpid()}", (0.0, 0.0, float(width), float(height)), 0.9)]
    def version(self):
        return {"engine": "echo"}

class Missing:
    def __init__(self, models):
        raise ModelMissingError("the det model folder /nowhere lacks inference.pdmodel")
'''


@pytest.fixture
def fake_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A module `fake_ocr_engines` importable by worker processes (via PYTHONPATH)."""
    (tmp_path / "fake_ocr_engines.py").write_text(textwrap.dedent(FAKE_ENGINES), encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])))
    return "fake_ocr_engines"


def image(width: int, height: int = 10) -> np.ndarray:
    return np.zeros((height, width, 3), dtype=np.uint8)


@pytest.fixture
def worker(fake_module: str) -> ocr_worker.OcrWorker:
    made = ocr_worker.OcrWorker(OcrModels(), factory=f"{fake_module}:Echo", recycle_after_pages=100)
    yield made
    made.stop()


@pytest.mark.timeout(120)
def test_a_stuck_page_fails_alone_and_the_next_page_gets_a_fresh_worker(worker: ocr_worker.OcrWorker) -> None:
    first = worker.recognize(image(20), timeout_s=60)
    assert first[0].text.startswith("20x10 pid ")
    started = time.monotonic()
    with pytest.raises(LimitExceededError, match=r"OCR took longer than 1\.5 s — raise --page-timeout"):
        worker.recognize(image(13), timeout_s=1.5)
    assert time.monotonic() - started < 30  # killed at the deadline, not after the hour-long sleep
    assert worker.pid is None  # the stuck process is gone
    after = worker.recognize(image(30), timeout_s=60)
    assert after[0].text.startswith("30x10 pid ") and after[0].text != first[0].text.replace("20x10", "30x10")
    assert worker.starts == 2


@pytest.mark.timeout(120)
def test_an_engine_error_fails_the_page_and_keeps_the_worker(worker: ocr_worker.OcrWorker) -> None:
    worker.recognize(image(20), timeout_s=60)
    pid = worker.pid
    with pytest.raises(RuntimeError, match="ValueError: cannot read this"):
        worker.recognize(image(17), timeout_s=60)
    assert worker.pid == pid
    assert worker.recognize(image(21), timeout_s=60)[0].text.startswith("21x10")


@pytest.mark.timeout(120)
def test_a_crashed_worker_is_replaced(worker: ocr_worker.OcrWorker) -> None:
    with pytest.raises(RuntimeError, match="the OCR worker died"):
        worker.recognize(image(19), timeout_s=60)
    assert worker.recognize(image(22), timeout_s=60)[0].text.startswith("22x10")
    assert worker.starts == 2


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("after_pages", "above_bytes", "starts"), [(2, 1 << 40, 3), (100, 1, 5), (100, 1 << 40, 1)])
def test_the_worker_is_recycled_after_n_pages_or_past_its_memory_cap(
    fake_module: str, after_pages: int, above_bytes: int, starts: int
) -> None:
    worker = ocr_worker.OcrWorker(
        OcrModels(), factory=f"{fake_module}:Echo", recycle_after_pages=after_pages, recycle_above_bytes=above_bytes
    )
    try:
        pids = {worker.recognize(image(20 + n), timeout_s=60)[0].text.split("pid ")[1] for n in range(5)}
    finally:
        worker.stop()
    assert worker.starts == starts and len(pids) == starts


@pytest.mark.timeout(120)
def test_a_missing_model_in_the_worker_is_a_typed_error(fake_module: str) -> None:
    worker = ocr_worker.OcrWorker(OcrModels(), factory=f"{fake_module}:Missing")
    with pytest.raises(ModelMissingError, match="lacks inference.pdmodel"):
        worker.recognize(image(20), timeout_s=60)
    assert worker.pid is None


@pytest.mark.timeout(180)
def test_a_stuck_ocr_page_of_a_document_fails_alone_with_its_number(
    fake_module: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """scan-200.pdf has three image-only pages; the worker hangs on page 2 only."""
    hang_on = {"count": 0}
    real_get_worker = ocr_worker.get_worker

    def fake_get_worker(models: OcrModels, **kwargs: object) -> ocr_worker.OcrWorker:
        return real_get_worker(models, factory=f"{fake_module}:Echo")

    class HangOnPage2:
        """Shrinks the second page it sees to 13 px wide: the fake engine's hang."""

        def __init__(self, inner: pages.LazyEngine) -> None:
            self.inner = inner

        def recognize(self, img: np.ndarray) -> list:
            hang_on["count"] += 1
            return self.inner.recognize(image(13) if hang_on["count"] == 2 else img)

        def version(self) -> dict[str, str]:
            return {"engine": "echo"}

    monkeypatch.setattr(ocr_worker, "get_worker", fake_get_worker)
    options = build_options(out_dir=tmp_path, dpi=50, page_timeout_s=20)  # room for a loaded machine to start the render worker
    lazy = pages.LazyEngine(options.models, options.limits.page_timeout_s)
    try:
        doc = extract_document(FIXTURES / "scan-200.pdf", options, HangOnPage2(lazy))
    finally:
        ocr_worker.stop_workers()
    assert [p.route for p in doc.pages] == ["ocr", "failed", "ocr"], [p.reason for p in doc.pages]
    assert doc.pages[1].reason == "limit exceeded: page 2: OCR took longer than 20 s — raise --page-timeout"
    assert doc.pages[0].lines[0].text.startswith("414x585 ") and doc.pages[2].lines  # A4 at 50 dpi


def test_too_many_pages_is_a_typed_error_naming_the_option() -> None:
    with pytest.raises(LimitExceededError, match=r"has 3 pages, over the limit of 2 — raise --max-pages"):
        probe(FIXTURES / "scan-200.pdf", Options(limits=Limits(max_pages=2)))


@pytest.mark.parametrize(
    ("width_pt", "height_pt", "dpi", "max_pixels", "expected"),
    [
        (595, 842, 300, 50_000_000, 300.0),  # A4 at 300 dpi: 8.7 Mpx, under the default cap
        (2160, 2160, 300, 50_000_000, 235.7),  # enormous.pdf: lowered to fit the cap
        (8400, 8400, 300, 50_000_000, 60.6),  # hugemono.pdf at the default cap
        (8400, 8400, 300, 10_000_000, None),  # even 50 dpi would be 19.6 Mpx: refused
    ],
)
def test_pixel_cap_lowers_the_dpi_or_refuses(
    width_pt: float, height_pt: float, dpi: int, max_pixels: int, expected: float | None
) -> None:
    assert choose_dpi(width_pt, height_pt, dpi, max_pixels) == expected


def test_default_limits_are_the_documented_ones() -> None:
    """docs/robustness.md lists these defaults; change both together."""
    assert Limits() == Limits(
        max_pages=1000, max_pixels_per_page=50_000_000, page_timeout_s=120.0, max_file_bytes=500 * 1024 * 1024
    )
    assert ocr_worker.RECYCLE_AFTER_PAGES == 50 and ocr_worker.RECYCLE_ABOVE_BYTES == 2560 * 1024**2
