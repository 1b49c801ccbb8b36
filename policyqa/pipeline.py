"""Plain-Python helpers the flows wrap: page-parallel extraction, results, outcomes, inbox listing.

Nothing here imports prefect. The stage functions themselves are the agreed API of extract/,
reference/ and output/; this module holds only what joins them: an OCR engine that starts
lazily and caches pages, extraction of a multi-page document's pages in worker processes
(one PaddleOCR predictor per process), the DocumentResult assembly and the summary row of
each document.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

import policyqa
from extract.model import CleanDocument, ExtractedDocument, Page
from extract.ocr_cache import CachingEngine
from extract.ocr_engine import OcrEngine, OcrLine
from policyqa.errors import PolicyQAError
from policyqa.ledger import LedgerKey
from policyqa.options import OcrModels, Options
from reference.model import Clause, Comparison, Identification, Reference

log = logging.getLogger(__name__)

OCR_CACHE_DIR = Path(".cache") / "ocr"
MIN_PAGES_FOR_POOL = 2
WORKER_MEMORY_BYTES = 3 * 1024**3  # a PaddleOCR predictor at 300 dpi peaks near 2.5 GB (measured)


class LazyEngine:
    """An OcrEngine that starts this process's OCR worker only when a page needs OCR.

    OCR runs in a killable worker process (extract/ocr_worker.py), so a stuck page fails alone
    after `--page-timeout` seconds and PaddleOCR's memory never lands in this process.
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
    """The engine a run uses: PaddleOCR in a worker process, behind the page cache of the output folder."""
    from policyqa.logging_setup import log_path

    lazy = LazyEngine(options.models, options.limits.page_timeout_s, log_path(options.out_dir))
    return CachingEngine(lazy, ocr_cache_dir(options))


def _engine_versions(engine: CachingEngine, extracted: ExtractedDocument) -> dict[str, str]:
    if extracted.engine or not any(p.route == "ocr" for p in extracted.pages):
        return extracted.engine
    return dict(engine.version())


def extract_serial(path: Path, options: Options) -> ExtractedDocument:
    """extract.load.extract_document in this process, with the caching engine."""
    from extract.load import extract_document

    engine = make_engine(options)
    extracted = extract_document(Path(path), options, engine)
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


def extract_parallel(path: Path, kind: str, page_count: int, options: Options) -> ExtractedDocument:
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
    return ExtractedDocument(path=str(path), kind=kind, pages=pages, engine=engine)  # type: ignore[arg-type]


def extract_pages(path: Path, kind: str, page_count: int, options: Options) -> ExtractedDocument:
    """Extract a document: pages in parallel worker processes when that helps, else in-process."""
    if can_use_pool(kind, page_count, options):
        return extract_parallel(path, kind, page_count, options)
    return extract_serial(path, options)


def failed_page(number: int, reason: str) -> Page:
    """A page that could not be read, with its one-line reason."""
    return Page(number=number, route="failed", reason=reason, error=reason)


def choose_reference(
    identification: Identification | None, library: Any
) -> Reference | None:
    """The reference a witness was identified as (None when none matched or none wanted)."""
    if identification is None or identification.reference_id is None:
        return None
    return library.get(identification.reference_id)


def library_version(library: Any) -> str:
    """A short hash of every reference id and version in the library."""
    pairs = sorted((r.reference_id, r.version) for r in library.references)
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:16]


def options_record(options: Options) -> dict[str, Any]:
    """The options as a JSON-able dict (paths as strings, the password hidden)."""
    record = json.loads(json.dumps(asdict(options), default=str))
    if record.get("password"):
        record["password"] = "***"
    return record


def options_key(options: Options) -> str:
    """A hash of the options that change a document's outputs (not out_dir, workers, force …)."""
    relevant = {
        "reference": options.reference,
        "ocr": options.ocr,
        "dpi": options.dpi,
        "limits": asdict(options.limits),
        "models": {k: str(v) for k, v in asdict(options.models).items()},
    }
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]


def ledger_key(sha256: str, library: Any, options: Options) -> LedgerKey:
    """The ledger key of a file under this library and these options."""
    return LedgerKey(sha256, policyqa.PIPELINE_VERSION, library_version(library), options_key(options))


class StageClock:
    """Seconds spent per stage of one document: `with clock.stage("extract"): …`."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.started = time.monotonic()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block under `name`."""
        start = time.monotonic()
        try:
            yield
        finally:
            self.timings[name] = round(time.monotonic() - start, 3)

    @property
    def total(self) -> float:
        """Seconds since the clock started."""
        return round(time.monotonic() - self.started, 3)


def build_result(
    probe: Any,
    extracted: ExtractedDocument,
    clean: CleanDocument,
    clauses: list[Clause],
    comparison: Comparison | None,
    reference: Reference | None,
    options: Options,
    library: Any,
    timings: dict[str, float],
) -> Any:
    """The DocumentResult of one document."""
    from output.paths import doc_id_for
    from output.result import DocumentResult

    return DocumentResult(
        doc_id=doc_id_for(Path(probe.path), probe.sha256),
        source_path=str(probe.path),
        sha256=probe.sha256,
        extracted=extracted,
        clean=clean,
        clauses=clauses,
        comparison=comparison,
        options=options_record(options),
        timings=timings,
        versions={
            "policyqa": policyqa.__version__,
            "pipeline": policyqa.PIPELINE_VERSION,
            "reference_library": library_version(library),
        },
        reference=reference,
    )


def doc_dir_for(options: Options, probe: Any) -> Path:
    """The output folder of a probed input: <out>/<doc_id>, checked to stay inside <out>."""
    from output.paths import doc_id_for, safe_child

    return safe_child(options.out_dir, doc_id_for(Path(probe.path), probe.sha256))


def outcome(result: Any, doc_dir: Path, seconds: float) -> dict[str, Any]:
    """The summary row of a processed document (batch_summary.csv columns plus display fields)."""
    flags = result.comparison.flags if result.comparison else []
    ident = result.comparison.identification if result.comparison else None
    routes: dict[str, int] = {}
    for page in result.extracted.pages:
        routes[page.route] = routes.get(page.route, 0) + 1
    return {
        "file": result.source_path,
        "sha256": result.sha256,
        "status": "done",
        "error": "",
        "doc_id": result.doc_id,
        "reference_id": ident.reference_id if ident and ident.reference_id else "",
        "pages": len(result.extracted.pages),
        "flags_error": sum(f.severity == "error" for f in flags),
        "flags_warning": sum(f.severity == "warning" for f in flags),
        "flags_info": sum(f.severity == "info" for f in flags),
        "seconds": round(seconds, 3),
        "score": round(ident.score, 4) if ident else None,
        "pages_by_route": routes,
        "doc_dir": str(doc_dir),
    }


def failed_outcome(path: Path, error: BaseException, sha256: str = "") -> dict[str, Any]:
    """The summary row of a document that failed: a one-line reason; the traceback goes to the log.

    What is not known for a failed file (pages, flag counts, seconds) is None: an empty cell in
    batch_summary.csv, never a 0 that reads as "no flags".
    """
    if isinstance(error, PolicyQAError):
        reason, exit_code = error.one_line(), error.exit_code
        log.info("%s failed: %s", path, reason)
    else:
        reason, exit_code = f"internal error: {type(error).__name__}: {error}", 1
        log.error("%s failed:\n%s", path, "".join(traceback.format_exception(error)))
    return {
        "file": str(path), "sha256": sha256, "status": "failed", "error": " ".join(reason.split()),
        "doc_id": "", "reference_id": "", "pages": None, "flags_error": None, "flags_warning": None,
        "flags_info": None, "seconds": None, "score": None, "pages_by_route": {}, "doc_dir": "",
        "exit_code": exit_code,
    }  # fmt: skip


def skipped_outcome(previous: dict[str, Any]) -> dict[str, Any]:
    """The summary row of a file the ledger says is done: the earlier row with status skipped."""
    return {**previous, "status": "skipped", "seconds": None}


def list_inbox(inbox: Path, exclude: Path | None = None) -> list[Path]:
    """The input files of an inbox folder: regular, not hidden, recursively, sorted; `exclude`
    (the output folder, when it lies inside the inbox) is left out."""
    inbox = Path(inbox)
    skip = Path(exclude).resolve() if exclude else None
    files = [
        p for p in inbox.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(inbox).parts)
        and not (skip and p.resolve().is_relative_to(skip))
    ]  # fmt: skip
    return sorted(files)


def sweep_temp_files(out_dir: Path) -> int:
    """Delete temp files (`.*.tmp`) a killed run left in the output folder; returns how many."""
    count = 0
    for path in Path(out_dir).rglob(".*.tmp"):
        if path.is_file():
            path.unlink(missing_ok=True)
            count += 1
    return count


from policyqa.events import _LISTENERS, Listener, add_listener, notify, notify_stage, remove_listener  # noqa: E402,F401


def remove_stale_output(previous: dict[str, Any], current: dict[str, Any], out_dir: Path) -> bool:
    """Delete the folder of a file's earlier version once its new folder is complete."""
    old, new = previous.get("doc_dir", ""), current.get("doc_dir", "")
    if current.get("status") != "done" or not old or old == new:
        return False
    old_path = Path(old)
    if not old_path.is_dir() or old_path.resolve().parent != Path(out_dir).resolve():
        return False
    shutil.rmtree(old_path, ignore_errors=True)
    return True
