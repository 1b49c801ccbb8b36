"""Run records of one document: the stage clock, the DocumentResult, its folder and summary rows.

Plain Python (no prefect): flows/recipe.py builds every document's row with these.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import policyqa
from extract.model import CleanDocument, ExtractedDocument
from policyqa.errors import PolicyQAError
from policyqa.ledger import library_version
from policyqa.options import Options
from reference.model import Clause, Comparison, Identification, Reference

log = logging.getLogger("policyqa.flows")


def choose_reference(
    identification: Identification | None, library: Any
) -> Reference | None:
    """The reference a witness was identified as (None when none matched or none wanted)."""
    if identification is None or identification.reference_id is None:
        return None
    return library.get(identification.reference_id)


def options_record(options: Options) -> dict[str, Any]:
    """The options as a JSON-able dict (paths as strings, the password hidden)."""
    record = json.loads(json.dumps(asdict(options), default=str))
    if record.get("password"):
        record["password"] = "***"
    return record


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
