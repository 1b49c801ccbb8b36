"""Plain-Python helpers the flows wrap: results, outcomes, inbox listing.

Nothing here imports prefect. The stage functions themselves are the agreed API of extract/,
reference/ and output/; this module holds only what joins them: the DocumentResult assembly and
the summary row of each document. Page extraction (OCR engine, page pool) is extract/pages.py;
`extract_pages` is imported here for the flows.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import policyqa
from extract.model import CleanDocument, ExtractedDocument
from extract.pages import extract_pages  # noqa: F401  (page extraction lives in extract/pages.py)
from policyqa.errors import PolicyQAError
from policyqa.ledger import LedgerKey
from policyqa.options import Options
from reference.model import Clause, Comparison, Identification, Reference

log = logging.getLogger(__name__)


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
    """The summary row of a document that failed: a one-line reason; the traceback goes to the log."""
    if isinstance(error, PolicyQAError):
        reason, exit_code = error.one_line(), error.exit_code
        log.info("%s failed: %s", path, reason)
    else:
        reason, exit_code = f"internal error: {type(error).__name__}: {error}", 1
        log.error("%s failed:\n%s", path, "".join(traceback.format_exception(error)))
    return {
        "file": str(path), "sha256": sha256, "status": "failed", "error": " ".join(reason.split()),
        "doc_id": "", "reference_id": "", "pages": 0, "flags_error": 0, "flags_warning": 0,
        "flags_info": 0, "seconds": 0.0, "score": None, "pages_by_route": {}, "doc_dir": "",
        "exit_code": exit_code,
    }  # fmt: skip


def skipped_outcome(previous: dict[str, Any]) -> dict[str, Any]:
    """The summary row of a file the ledger says is done: the earlier row with status skipped."""
    return {**previous, "status": "skipped", "seconds": 0.0}


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


Listener = Callable[[dict[str, Any]], None]
_LISTENERS: list[Listener] = []


def add_listener(listener: Listener) -> None:
    """Call `listener(row)` whenever a document finishes (the CLI's progress bar listens)."""
    _LISTENERS.append(listener)


def remove_listener(listener: Listener) -> None:
    """Stop calling a listener added with add_listener."""
    if listener in _LISTENERS:
        _LISTENERS.remove(listener)


def notify(row: dict[str, Any]) -> None:
    """Tell every listener that a document finished; a failing listener is logged, not raised."""
    for listener in list(_LISTENERS):
        try:
            listener(row)
        except Exception:  # progress display must never break a run
            log.exception("progress listener failed")


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
