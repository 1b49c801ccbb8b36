"""The batch ledger: which input files are already done, so a rerun skips them.

The ledger is `<out>/.policyqa-ledger.json`, one entry per input file (by absolute path) holding
the key it was processed under — file SHA-256, policyqa.PIPELINE_VERSION, the reference library
version and the options that change outputs — and that run's summary row. A file is skipped when
its key is unchanged and its folder still has manifest.json (written last, so it marks a complete
folder). The file is rewritten atomically after every document.

Two runs on one output folder: `output_lock` takes an exclusive fcntl.flock on `<out>/.policyqa.lock`;
the second run waits up to `wait_s` seconds and then fails with OutputError (exit 7) saying that
another run holds the folder. The lock goes with the process, so a killed run never leaves it held.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import policyqa
from policyqa.errors import OutputError
from policyqa.options import Options

LEDGER_NAME = ".policyqa-ledger.json"
LOCK_NAME = ".policyqa.lock"
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class LedgerKey:
    """What a document's outputs depend on; a change in any field means redo."""

    sha256: str
    pipeline_version: str
    library_version: str
    options_key: str


def library_version(library: Any) -> str:
    """A short hash of every reference id and version in the library."""
    pairs = sorted((r.reference_id, r.version) for r in library.references)
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:16]


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


class Ledger:
    """Entries for one output folder; load with Ledger.load, persist with save()."""

    def __init__(self, out_dir: Path, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self.out_dir = Path(out_dir)
        self.entries: dict[str, dict[str, Any]] = entries or {}

    @classmethod
    def load(cls, out_dir: Path) -> "Ledger":
        """The ledger of an output folder (empty when none, or when the file is unreadable)."""
        path = Path(out_dir) / LEDGER_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data.get("entries", {}) if isinstance(data, dict) else {}
        except (OSError, ValueError):
            entries = {}
        return cls(out_dir, entries if isinstance(entries, dict) else {})

    def is_current(self, file: str, key: LedgerKey) -> bool:
        """True when `file` was done under `key` and its output folder is complete."""
        entry = self.entries.get(file)
        if not entry or entry.get("key") != asdict(key):
            return False
        summary = entry.get("summary", {})
        doc_dir = summary.get("doc_dir", "")
        return summary.get("status") == "done" and bool(doc_dir) and (
            Path(doc_dir) / MANIFEST_NAME
        ).is_file()

    def has_key(self, file: str, key: LedgerKey) -> bool:
        """True when `file` was last processed (done or failed) under `key`."""
        return self.entries.get(file, {}).get("key") == asdict(key)

    def summary(self, file: str) -> dict[str, Any]:
        """The summary row recorded for `file` (empty dict when none)."""
        return dict(self.entries.get(file, {}).get("summary", {}))

    def record(self, file: str, key: LedgerKey, summary: dict[str, Any]) -> None:
        """Remember the outcome of processing `file` under `key` and save at once."""
        self.entries[file] = {"key": asdict(key), "summary": summary}
        self.save()

    def save(self) -> None:
        """Write the ledger atomically."""
        from output.atomic import atomic_write_text

        payload = {"version": 1, "entries": self.entries}
        self.out_dir.mkdir(parents=True, exist_ok=True)
        text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)
        atomic_write_text(self.out_dir / LEDGER_NAME, text)


@contextmanager
def output_lock(out_dir: Path, wait_s: float = 0.0) -> Iterator[Path]:
    """Hold the exclusive lock of an output folder; OutputError if another run keeps it."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise OutputError(f"cannot create {out_dir}: {error.strerror}") from error
    try:
        _acquire(fd, out_dir, wait_s)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield out_dir / LOCK_NAME
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _acquire(fd: int, out_dir: Path, wait_s: float) -> None:
    deadline = time.monotonic() + max(0.0, wait_s)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise OutputError(
                    f"another policyqa run is writing to {out_dir}",
                    hint="wait for it to finish, or choose another --out folder",
                ) from None
            time.sleep(0.2)
