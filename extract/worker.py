"""One worker mechanism: a child process serving requests over pipes, each under a deadline.

Rendering (extract/render.py) and OCR (extract/ocr_worker.py) both run native code that can hang
or exhaust memory on one bad page, so both run in a child process that is killed past the page's
deadline and started afresh on the next request. The child is a plain `python -c` subprocess
talking over its stdin/stdout (multiprocessing.connection framing), not multiprocessing's spawn:
spawn re-imports the caller's `__main__` and daemonic processes (a Dask worker, a pool worker) may
not have multiprocessing children at all. pebble and loky were considered: both build on
multiprocessing, so neither can start from a daemonic process, and neither recycles a worker by
its resident memory, which the OCR worker needs (docs/robustness.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable

from policyqa.errors import LimitExceededError

ROOT = Path(__file__).resolve().parents[1]


def child_pipes() -> tuple[Connection, Connection]:
    """In the child: (reader, writer) over stdin/stdout; stray prints go to stderr instead."""
    reader = Connection(os.dup(sys.stdin.fileno()), writable=False)
    writer = Connection(os.dup(sys.stdout.fileno()), readable=False)
    sys.stdout = sys.stderr  # stray prints must not corrupt the reply stream
    return reader, writer


def one_line(exc: BaseException) -> str:
    """`Type: message` on one line, at most 200 characters (a page's failure reason)."""
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:200]


def open_log(log_file: Path | None) -> Any:
    """The child's stderr: appended to the run's log file, else discarded."""
    if log_file is None:
        return subprocess.DEVNULL
    try:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        return open(log_file, "ab")
    except OSError:
        return subprocess.DEVNULL


class PipeWorker:
    """A `python -c <code>` child; `call` sends a request and awaits the reply under a deadline.

    Past the deadline the child is killed and LimitExceededError raised; if it dies (out of
    memory, a native crash) RuntimeError(`died`) is raised. Either way the next call starts a
    fresh child. Calls from several threads are serialised.
    """

    def __init__(self, code: str, *, died: str, log_file: Path | None = None) -> None:
        self.code, self.died, self.log_file = code, died, log_file
        self._proc: Any = None
        self._send: Any = None
        self._recv: Any = None
        self.starts = 0  # children started so far (tests and measurements read it)
        self.lock = threading.RLock()

    @property
    def pid(self) -> int | None:
        """The child's process id, or None when none is running."""
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        """Whether a child is alive now."""
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        """Start a fresh child (stopping any old one)."""
        self.stop()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        stderr = open_log(self.log_file)
        try:
            self._proc = subprocess.Popen([sys.executable, "-c", self.code], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=stderr, env=env)  # fmt: skip
        finally:
            if stderr is not subprocess.DEVNULL:
                stderr.close()
        self._send = Connection(os.dup(self._proc.stdin.fileno()), readable=False)
        self._recv = Connection(os.dup(self._proc.stdout.fileno()), writable=False)
        self._proc.stdin.close()
        self._proc.stdout.close()
        self.starts += 1

    def stop(self) -> None:
        """Kill the child (if any); the next call starts a fresh one."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait(10)
            self._send.close()
            self._recv.close()
        self._proc = self._send = self._recv = None

    def call(self, send: Callable[[Connection], None], timeout_s: float, doing: str, *,
             receive: Callable[[Any, Connection], Any] | None = None) -> Any:  # fmt: skip
        """Start the child if needed, `send(conn)` a request, return its reply (`receive` reads any rest)."""
        with self.lock:
            if not self.running:
                self.start()
            try:
                send(self._send)
                reply = self.reply(timeout_s, doing)
                return receive(reply, self._recv) if receive else reply
            except (EOFError, OSError):
                self.stop()
                raise RuntimeError(self.died) from None
            except BaseException:
                self.stop()  # the reply stream may be out of step: start afresh next time
                raise

    def reply(self, timeout_s: float, doing: str) -> Any:
        """The child's next reply; past `timeout_s` the child is killed (LimitExceededError)."""
        if not self._recv.poll(timeout_s):
            self.stop()
            raise LimitExceededError(f"{doing} took longer than {timeout_s:g} s", "raise --page-timeout")
        return self._recv.recv()
