"""OCR in a killable worker process: a stuck page fails alone, and memory stays bounded.

One worker *process* per calling process and model set, started on first use and kept warm
(building the predictor takes seconds). Each page is sent over a pipe and its lines awaited
with a deadline (`--page-timeout`); past it the worker is killed, that page fails with
LimitExceededError ("OCR took longer than 120 s") and the next page starts a fresh worker.
The worker is also recycled after `recycle_after_pages` pages or once its resident memory
passes `recycle_above_bytes`, because PaddlePaddle keeps memory for every distinct input shape
it has met, so a long document of varied pages grows (extract/paddle.py keeps the recogniser's
shapes few; docs/robustness.md has the measurements). Like the render worker (extract/render.py) it
is an extract.worker.PipeWorker; its stderr (the runtime's C++ warnings) goes to a log file, never
to the console. Which runtime it builds (OpenVINO or Paddle) is OcrModels.engine
(extract.ocr_engine.engine_in_process).
"""

from __future__ import annotations

import atexit
import importlib
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from extract.ocr_engine import OcrLine
from extract.worker import PipeWorker, child_pipes, one_line
from policyqa.errors import ModelMissingError
from policyqa.options import OcrModels

DEFAULT_FACTORY = "extract.ocr_engine:engine_in_process"
STARTUP_TIMEOUT_S = 300.0  # building the predictor: seconds normally, minutes on a loaded machine
RECYCLE_AFTER_PAGES = 50
RECYCLE_ABOVE_BYTES = 2560 * 1024**2  # 2.5 GiB: one page at 300 dpi takes a fresh worker to ~2.5 GB


def resident_bytes() -> int:
    """This process's resident set size now (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def load_factory(spec: str) -> Any:
    """The callable named by 'module:attribute' (the engine class the worker builds)."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def serve_stdio(factory: str) -> None:
    """Worker entry point: build the engine, then serve OCR requests on stdin, replies on stdout."""
    reader, writer = child_pipes()
    try:
        models = reader.recv()
        engine = load_factory(factory)(models)
    except ModelMissingError as exc:
        writer.send(("missing", exc.message, exc.hint))
        return
    except Exception as exc:
        writer.send(("error", one_line(exc), ""))
        return
    writer.send(("ready", engine.version()))
    _serve(engine, reader, writer)


def _serve(engine: Any, conn: Any, out: Any) -> None:
    """Worker loop: (shape,) then the pixels; reply ('ok', lines, rss) or ('error', reason, '')."""
    while True:
        try:
            shape = conn.recv()
            pixels = np.frombuffer(bytearray(conn.recv_bytes()), dtype=np.uint8).reshape(shape)
        except EOFError:
            return
        try:
            lines = [(x.text, tuple(x.box), x.confidence) for x in engine.recognize(pixels)]
        except Exception as exc:  # a page the engine cannot read: report it, keep serving
            out.send(("error", one_line(exc), ""))
        else:
            out.send(("ok", lines, resident_bytes()))


class OcrWorker:
    """One OCR process (extract.worker.PipeWorker) for one model set, restarted after a timeout,
    a crash or enough pages."""

    def __init__(
        self,
        models: OcrModels,
        *,
        factory: str = DEFAULT_FACTORY,
        log_file: Path | None = None,
        recycle_after_pages: int = RECYCLE_AFTER_PAGES,
        recycle_above_bytes: int = RECYCLE_ABOVE_BYTES,
    ) -> None:
        self.models, self.factory = models, factory
        self.recycle_after_pages, self.recycle_above_bytes = recycle_after_pages, recycle_above_bytes
        code = f"from extract.ocr_worker import serve_stdio; serve_stdio({factory!r})"
        self.pipe = PipeWorker(code, died="the OCR worker died (out of memory or a crash in the OCR runtime)",
                               log_file=log_file)  # fmt: skip
        self._version: dict[str, str] | None = None
        self.pages_served = 0  # pages by the current process
        self.last_rss = 0

    @property
    def pid(self) -> int | None:
        """The worker process id, or None when none is running."""
        return self.pipe.pid

    @property
    def starts(self) -> int:
        """Processes started so far (tests and measurements read it)."""
        return self.pipe.starts

    def _start(self) -> None:
        """Start a worker and wait until its engine is built; typed errors if it cannot be."""
        self.pipe.start()
        self.pages_served = 0
        reply = self.pipe.call(lambda conn: conn.send(self.models), STARTUP_TIMEOUT_S, "starting the OCR engine")
        if reply[0] == "missing":
            self.stop()
            raise ModelMissingError(reply[1], reply[2] or None)
        if reply[0] != "ready":
            self.stop()
            raise RuntimeError(f"the OCR worker could not start: {reply[1]}")
        self._version = dict(reply[1])

    def stop(self) -> None:
        """Kill the worker process (if any); the next request starts a fresh one."""
        self.pipe.stop()

    def _ensure(self) -> None:
        if not self.pipe.running:
            self._start()

    def version(self) -> dict[str, str]:
        """The engine's version (starts the worker the first time)."""
        with self.pipe.lock:
            if self._version is None:
                self._ensure()
            return dict(self._version or {})

    def recognize(self, image: np.ndarray, timeout_s: float) -> list[OcrLine]:
        """Lines of an RGB uint8 image, read in the worker within `timeout_s` seconds."""
        pixels = np.ascontiguousarray(image, dtype=np.uint8)

        def send(conn: Any) -> None:
            conn.send(pixels.shape)
            conn.send_bytes(memoryview(pixels).cast("B"))

        with self.pipe.lock:
            self._ensure()
            reply = self.pipe.call(send, timeout_s, "OCR")
            self.pages_served += 1
            self._maybe_recycle(reply)
        if reply[0] != "ok":
            raise RuntimeError(reply[1])
        return [OcrLine(text, tuple(box), confidence) for text, box, confidence in reply[1]]  # type: ignore[arg-type]

    def _maybe_recycle(self, reply: Any) -> None:
        """Stop the worker once it has served enough pages or grown too big."""
        self.last_rss = int(reply[2]) if reply[0] == "ok" else self.last_rss
        if self.pages_served >= self.recycle_after_pages or self.last_rss > self.recycle_above_bytes:
            self.stop()


class IsolatedEngine:
    """OcrEngine that reads pages in the process's OcrWorker, each page under a deadline."""

    def __init__(self, worker: OcrWorker, timeout_s: float) -> None:
        self.worker, self.timeout_s = worker, timeout_s

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        """Lines of the image; LimitExceededError when OCR takes longer than the page timeout."""
        return self.worker.recognize(image, self.timeout_s)

    def version(self) -> dict[str, str]:
        """The worker engine's version."""
        return self.worker.version()


_WORKERS: dict[tuple[OcrModels, str], OcrWorker] = {}
_WORKERS_LOCK = threading.Lock()


def get_worker(models: OcrModels, *, factory: str = DEFAULT_FACTORY, log_file: Path | None = None) -> OcrWorker:
    """This process's OCR worker for these models (created on first use, started on first page)."""
    key = (models, factory)
    with _WORKERS_LOCK:
        if key not in _WORKERS:
            _WORKERS[key] = OcrWorker(models, factory=factory, log_file=log_file)
        return _WORKERS[key]


@atexit.register
def stop_workers() -> None:
    """Stop every OCR worker of this process (at exit, or when a test wants a clean slate)."""
    with _WORKERS_LOCK:
        for worker in _WORKERS.values():
            worker.stop()
        _WORKERS.clear()
