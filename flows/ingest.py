"""The `ingest` flow: named documents into their output folders (always processed, never skipped)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from flows.document import document_task
from extract.load import file_sha256
from flows.tasks import load_library_task
from policyqa import pipeline
from policyqa.ledger import Ledger, LedgerKey, output_lock
from policyqa.logging_setup import setup_file_logging
from policyqa.options import Options, build_options

log = logging.getLogger("policyqa.flows")

MAX_CONCURRENT_DOCUMENTS = 2  # documents in flight at once locally; OCR pages use all cores anyway


def process_files(
    files: list[Path], options: Options, library: Any, ledger: Ledger, skip_current: bool
) -> list[dict[str, Any]]:
    """Run every file through the document task; record each in the ledger as it finishes."""
    rows: dict[Path, dict[str, Any]] = {}
    pending: dict[Path, LedgerKey] = {}
    for path in files:
        name = str(path.resolve())
        try:
            key = pipeline.ledger_key(file_sha256(path), library, options)
        except OSError as error:
            rows[path] = pipeline.failed_outcome(path, error)
            continue
        if skip_current and not options.force and ledger.is_current(name, key):
            rows[path] = pipeline.skipped_outcome(ledger.summary(name))
            pipeline.notify(rows[path])
        else:
            pending[path] = key
    futures = {document_task.submit(path, options, library): path for path in pending}
    for future in as_completed(list(futures)):
        path = futures[future]
        rows[path] = future.result()
        _remember(ledger, path, pending[path], rows[path])
        pipeline.notify(rows[path])
    return [rows[path] for path in files]


def _remember(ledger: Ledger, path: Path, key: LedgerKey, row: dict[str, Any]) -> None:
    name = str(path.resolve())
    pipeline.remove_stale_output(ledger.summary(name), row, ledger.out_dir)
    ledger.record(name, key, row)
    log.info("%s: %s %s", path, row["status"], row["error"] or row["doc_dir"])


@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=MAX_CONCURRENT_DOCUMENTS))
def ingest(paths: list[str], options: dict[str, Any]) -> list[dict[str, Any]]:
    """Probe, extract, clean, segment, identify, align and write each named document."""
    opts = build_options(**options)
    with output_lock(opts.out_dir):
        setup_file_logging(opts.out_dir)
        library = load_library_task(opts.library_dir)
        ledger = Ledger.load(opts.out_dir)
        return process_files([Path(p) for p in paths], opts, library, ledger, skip_current=False)
