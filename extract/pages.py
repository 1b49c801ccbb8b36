"""Page extraction of a document: in this process, or its pages in parallel worker processes.

`make_engine(options)` is the one place a run's OCR engine is built: the runtime OcrModels.engine
names (extract.ocr_engine.build_engine), in this process's OCR worker process (extract/ocr_worker.py,
killed past `--page-timeout`), started only when a page needs OCR, behind the output folder's page
cache (extract/ocr_cache.py). A multi-page PDF or image is read page by page in a pool of worker
processes when there are cores for it (each with its own OCR worker); a page whose worker dies
becomes a `failed` page with its reason, and the rest goes on. Moved here from policyqa/pipeline.py.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from collections.abc import Callable
from pathlib import Path

import numpy as np

from extract.model import ExtractedDocument, Page
from extract.ocr_cache import CachingEngine
from extract.ocr_engine import OcrEngine, OcrLine
from policyqa.errors import PolicyQAError
from policyqa.options import OcrModels, Options

OCR_CACHE_DIR = Path(".cache") / "ocr"
MIN_PAGES_FOR_POOL = 2
WORKER_MEMORY_BYTES = 3 * 1024**3  # a PaddleOCR predictor at 300 dpi peaks near 2.5 GB (measured)


class LazyEngine:
    """An OcrEngine that starts this process's OCR worker only when a page needs OCR.

    OCR runs in a killable worker process (extract/ocr_worker.py), so a stuck page fails alone
    after `--page-timeout` seconds and the runtime's memory never lands in this process.
    """

    def __init__(self, models: OcrModels, timeout_s: float = 120.0, log_file: Path | None = None) -> None:
        self.models, self.timeout_s, self.log_file = models, timeout_s, log_file
        self.started = False

    def _engine(self) -> OcrEngine:
        from extract.ocr_worker import IsolatedEngine, get_worker

        self.started = True
        return IsolatedEngine(get_worker(self.models, log_file=self.log_file), self.timeout_s)

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        """Lines of the image, read in the worker process under the page timeout."""
        return self._engine().recognize(image)

    def version(self) -> dict[str, str]:
        """The real engine's version (starts the worker)."""
        return self._engine().version()


def ocr_cache_dir(options: Options) -> Path:
    """Where OCR'd pages are cached for this output folder."""
    return Path(options.out_dir) / OCR_CACHE_DIR


def make_engine(options: Options) -> CachingEngine:
    """The engine a run uses: OcrModels.engine's runtime in a worker process, behind the page cache."""
    from policyqa.logging_setup import log_path

    lazy = LazyEngine(options.models, options.limits.page_timeout_s, log_path(options.out_dir))
    return CachingEngine(lazy, ocr_cache_dir(options))


def _engine_versions(engine: CachingEngine, extracted: ExtractedDocument) -> dict[str, str]:
    if extracted.engine or not any(p.route == "ocr" for p in extracted.pages):
        return extracted.engine
    return dict(engine.version())


def extract_serial(path: Path, options: Options, on_page: Callable[[int, int], None] | None = None) -> ExtractedDocument:
    """extract.load.extract_document in this process, with the caching engine."""
    from extract.load import extract_document

    engine = make_engine(options)
    extracted = extract_document(Path(path), options, engine, on_page)
    extracted.engine = _engine_versions(engine, extracted)
    return extracted


def _page_in_worker(path: str, number: int, options: Options) -> tuple[Page, dict[str, str]]:
    """Worker-process body: one page with this process's engine; returns the page and versions."""
    from extract.load import extract_page

    engine = make_engine(options)
    page = extract_page(Path(path), number, options, engine)
    versions = dict(engine.version()) if page.route == "ocr" else {}
    return page, versions


_POOLS: dict[int, ProcessPoolExecutor] = {}


def page_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool of `workers` processes, kept for the life of this process (engines stay warm)."""
    pool = _POOLS.get(workers)
    if pool is None:
        context = multiprocessing.get_context("spawn")  # never fork a process holding threads
        pool = _POOLS[workers] = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    return pool


@atexit.register
def shutdown_pools() -> None:
    """Stop every page pool (at exit, or when a test wants a clean slate)."""
    for workers in list(_POOLS):
        _POOLS.pop(workers).shutdown(wait=True, cancel_futures=True)
    from extract.ocr_worker import stop_workers

    stop_workers()


def can_use_pool(kind: str, page_count: int, options: Options) -> bool:
    """Pages go to worker processes for multi-page PDFs/images, >1 worker, and not in a daemon."""
    return (
        kind in ("pdf", "image")
        and page_count >= MIN_PAGES_FOR_POOL
        and page_workers(options, page_count) > 1
        and not multiprocessing.current_process().daemon  # e.g. a Dask worker: no children
    )


def page_workers(options: Options, page_count: int) -> int:
    """Worker processes for a document: --workers, else one per two cores capped by memory.

    Auto uses half the cores because one PaddleOCR predictor already runs its MKL-DNN kernels on
    several threads: on 2 cores two processes were slower than one (bench/bench_batch.py).
    """
    if options.workers > 0:
        return max(1, min(options.workers, page_count))
    workers = min(max(1, options.worker_count // 2), page_count)
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return max(1, workers)
    return max(1, min(workers, memory // WORKER_MEMORY_BYTES))


def extract_parallel(
    path: Path, kind: str, page_count: int, options: Options, on_page: Callable[[int, int], None] | None = None
) -> ExtractedDocument:
    """Every page of a PDF/image extracted in worker processes; a crashed page becomes 'failed'."""
    workers = page_workers(options, page_count)
    pool = page_pool(workers)
    futures = [pool.submit(_page_in_worker, str(path), n, options) for n in range(1, page_count + 1)]
    pages: list[Page] = []
    engine: dict[str, str] = {}
    for number, future in enumerate(futures, start=1):
        try:
            page, versions = future.result()
        except BrokenProcessPool as error:
            _POOLS.pop(workers, None)
            page, versions = failed_page(number, f"OCR worker died: {error}"), {}
        except PolicyQAError as error:
            page, versions = failed_page(number, error.one_line()), {}
        pages.append(page)
        engine = engine or versions
        if on_page:
            on_page(number, page_count)
    return ExtractedDocument(path=str(path), kind=kind, pages=pages, engine=engine)  # type: ignore[arg-type]


def extract_pages(
    path: Path, kind: str, page_count: int, options: Options, on_page: Callable[[int, int], None] | None = None
) -> ExtractedDocument:
    """Extract a document: pages in parallel worker processes when that helps, else in-process.

    `on_page(number, count)` is called as each page is done (in page order), for progress.
    """
    if can_use_pool(kind, page_count, options):
        return extract_parallel(path, kind, page_count, options, on_page)
    return extract_serial(path, options, on_page)


def failed_page(number: int, reason: str) -> Page:
    """A page that could not be read, with its one-line reason."""
    return Page(number=number, route="failed", reason=reason, error=reason)
