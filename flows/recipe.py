"""The recipe of a run in plain Python: one document's stages, a list of files, a batch.

This module never imports prefect. The same functions run two ways:
- with a Prefect API (PREFECT_API_URL set, a deployment, a Dask cluster): flows/batch.py and
  flows/ingest.py pass `Steps` whose stages are Prefect tasks, so every stage is a task run;
- without one (the default on a desk): `PLAIN` below calls the stage functions directly and runs
  documents on a thread pool — no temporary Prefect server, no Prefect import (start-up ≤ 3 s).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows import records
from flows.inbox import list_inbox, remove_stale_output, sweep_temp_files
from extract import pages
from policyqa import events
from policyqa.errors import ExitCode, InputFileError
from policyqa.ledger import Ledger, LedgerKey, ledger_key, output_lock
from policyqa.logging_setup import setup_file_logging
from policyqa.options import Options, build_options

log = logging.getLogger("policyqa.flows")

MAX_CONCURRENT_DOCUMENTS = 2  # documents in flight at once locally; OCR pages use all cores anyway
STAGES = ("probe", "extract", "clean", "segment", "identify", "align", "re-read", "write")

Row = dict[str, Any]
RunDocuments = Callable[[list[Path], Options, Any], Iterable[tuple[Path, Row]]]


@dataclass(frozen=True)
class Steps:
    """The callables a run is made of: stage functions (or their Prefect tasks) and the document runner."""

    probe: Callable[..., Any]
    extract: Callable[..., Any]
    clean: Callable[..., Any]
    segment: Callable[..., Any]
    identify: Callable[..., Any]
    align: Callable[..., Any]  # (clean, clauses, reference, identification) -> (clean, clauses, comparison)
    review: Callable[..., Any]  # (comparison, extracted, clauses, path, options) -> comparison
    write: Callable[..., Any]
    load_library: Callable[..., Any]
    write_summary: Callable[..., Any]
    write_corpus: Callable[..., Any]
    run_documents: RunDocuments
    publish: Callable[[list[Row], Path], None]


def run_document(path: Path, options: Options, library: Any, steps: Steps) -> Row:
    """Process one input file into its output folder; returns its summary row (never raises)."""
    clock = records.StageClock()
    sha256 = ""
    try:
        events.notify_stage(path, "probe")
        with clock.stage("probe"):
            probed = steps.probe(Path(path), options)
            sha256 = probed.sha256
        events.notify_stage(path, "extract", pages=probed.page_count)
        with clock.stage("extract"):
            extracted = steps.extract(Path(path), probed.kind, probed.page_count, options)
        events.notify_stage(path, "clean")
        with clock.stage("clean"):
            clean = steps.clean(extracted)
        with clock.stage("segment"):
            clauses = steps.segment(clean)
        events.notify_stage(path, "identify")
        with clock.stage("identify"):
            wanted = options.reference != "none"
            identification = steps.identify(clean, library, options.reference) if wanted else None
            reference = records.choose_reference(identification, library)
        events.notify_stage(path, "align")
        with clock.stage("align"):
            comparison = None
            if reference:
                clean, clauses, comparison = steps.align(clean, clauses, reference, identification)
            comparison = _doubtful_readings(comparison, options)
        events.notify_stage(path, "re-read")
        with clock.stage("re-read"):
            comparison = steps.review(comparison, extracted, clauses, Path(path), options)
        result = records.build_result(
            probed, extracted, clean, clauses, comparison, reference, options, library, clock.timings
        )
        doc_dir = records.doc_dir_for(options, probed)
        events.notify_stage(path, "write")
        with clock.stage("write"):
            steps.write(doc_dir, result)
        return records.outcome(result, doc_dir, clock.total)
    except Exception as error:  # one bad file must never sink the batch
        return records.failed_outcome(Path(path), error, sha256)


def _doubtful_readings(comparison: Any, options: Options) -> Any:
    """Flags on the doubtful places of a reference established from witnesses become info (issue 13)."""
    from reference.collate_establish import soften_comparison  # on first use: keeps this import cheap

    return soften_comparison(comparison, options.library_dir)


def known_failure(ledger: Ledger, name: str, key: LedgerKey) -> Row | None:
    """The earlier row of an unchanged file that failed with a typed input error, marked as not retried.

    Bad input, encryption and limits do not change while the file and options do not; internal
    errors (a crashed worker, a full disk) may, so those are retried. `--force` retries all.
    """
    if not ledger.has_key(name, key):
        return None
    previous = ledger.summary(name)
    code = int(previous.get("exit_code", ExitCode.FAILED))
    if previous.get("status") != "failed" or code in (ExitCode.FAILED, ExitCode.OUTPUT):
        return None
    reason = str(previous.get("error", ""))
    note = "unchanged since it failed, not retried (--force retries): "
    return {**previous, "seconds": None, "error": reason if reason.startswith(note) else note + reason}


def process_files(
    files: list[Path], options: Options, library: Any, ledger: Ledger, skip_current: bool, steps: Steps
) -> list[Row]:
    """Run every file through the document recipe; record each in the ledger as it finishes."""
    from extract.load import file_sha256

    rows: dict[Path, Row] = {}
    pending: dict[Path, LedgerKey] = {}
    for path in files:
        name = str(path.resolve())
        try:
            key = ledger_key(file_sha256(path), library, options)
        except OSError as error:
            rows[path] = records.failed_outcome(path, error)
            continue
        known = known_failure(ledger, name, key) if skip_current and not options.force else None
        if skip_current and not options.force and ledger.is_current(name, key):
            rows[path] = records.skipped_outcome(ledger.summary(name))
        elif known is not None:
            rows[path] = known
            log.info("%s: %s", path, known["error"])
        else:
            pending[path] = key
            continue
        events.notify(rows[path])
    for path, row in steps.run_documents(list(pending), options, library):
        rows[path] = row
        _remember(ledger, path, pending[path], row)
        events.notify(row)
    return [rows[path] for path in files]


def _remember(ledger: Ledger, path: Path, key: LedgerKey, row: Row) -> None:
    name = str(path.resolve())
    remove_stale_output(ledger.summary(name), row, ledger.out_dir)
    ledger.record(name, key, row)
    log.info("%s: %s %s", path, row["status"], row["error"] or row["doc_dir"])


def document_folders(out_dir: Path) -> list[Path]:
    """Every complete document folder of an output folder (manifest.json written), inbox or not."""
    return sorted(p for p in Path(out_dir).iterdir() if (p / "manifest.json").is_file())


def inbox_files(inbox: Path, out_dir: Path) -> list[Path]:
    """The files of an inbox; InputFileError when the inbox is not a folder."""
    if not inbox.is_dir():
        raise InputFileError(f"inbox {inbox} is not a folder", hint="pass an existing folder")
    return list_inbox(inbox, exclude=out_dir)


def failure_message(rows: list[Row]) -> str | None:
    """'N of M files failed: a.pdf (bad input: …); …' or None when nothing failed."""
    failed = [row for row in rows if row.get("status") == "failed"]
    if not failed:
        return None
    named = "; ".join(f"{Path(row['file']).name} ({row.get('error', '')[:120]})" for row in failed[:10])
    more = f"; and {len(failed) - 10} more" if len(failed) > 10 else ""
    return f"{len(failed)} of {len(rows)} files failed: {named}{more}"


def batch_body(inbox: str, options: dict[str, Any], steps: Steps) -> list[Row]:
    """Process an inbox: skip unchanged files, process the rest, write the summary and corpus tables."""
    opts = build_options(**options)
    with output_lock(opts.out_dir):
        setup_file_logging(opts.out_dir)
        sweep_temp_files(opts.out_dir)
        files = inbox_files(Path(inbox), opts.out_dir)
        library = steps.load_library(opts.library_dir)
        ledger = Ledger.load(opts.out_dir)
        rows = process_files(files, opts, library, ledger, skip_current=True, steps=steps)
        steps.write_summary(opts.out_dir, rows)
        steps.write_corpus(opts.out_dir, document_folders(opts.out_dir))
        steps.publish(rows, opts.out_dir)
        return rows


def ingest_body(paths: list[str], options: dict[str, Any], steps: Steps) -> list[Row]:
    """Process the named documents (always, never skipped); the corpus tables are batch's."""
    opts = build_options(**options)
    with output_lock(opts.out_dir):
        setup_file_logging(opts.out_dir)
        library = steps.load_library(opts.library_dir)
        ledger = Ledger.load(opts.out_dir)
        return process_files([Path(p) for p in paths], opts, library, ledger, skip_current=False, steps=steps)


def run_on_threads(files: list[Path], options: Options, library: Any) -> Iterator[tuple[Path, Row]]:
    """Documents on a small thread pool, yielded as each finishes (the no-API runner)."""
    if not files:
        return
    # not a `with` block: on Ctrl-C the pool must not wait for the documents in flight
    pool = ThreadPoolExecutor(max_workers=MAX_CONCURRENT_DOCUMENTS, thread_name_prefix="document")
    futures = {pool.submit(run_document, path, options, library, PLAIN): path for path in files}
    try:
        for future in as_completed(futures):
            yield futures[future], future.result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def review_ocr_differences(comparison: Any, extracted: Any, clauses: Any, path: Path, options: Options) -> Any:
    """Re-read the differences found on OCR'd lines (reference.ocr_review) with the run's engine."""
    if comparison is None:
        return None
    from reference.ocr_review import review_document

    return review_document(comparison, extracted, clauses, str(path), lambda: pages.make_engine(options),
                           password=options.password)


def extract_with_page_progress(path: Path, kind: str, page_count: int, options: Options) -> Any:
    """extract.pages.extract_pages, telling listeners as each page is done (the CLI's progress)."""
    def page_done(number: int, total: int) -> None:
        if total > 1:
            events.notify_stage(path, "extract", page=number, pages=total)

    return pages.extract_pages(path, kind, page_count, options, page_done)


def plain_steps() -> Steps:
    """Steps that call the stage functions directly (imported here, on first use)."""
    from extract.clean import clean_document
    from extract.load import probe
    from output.batch_tables import write_batch_summary, write_corpus_tables
    from output.document import write_document
    from reference.identify import identify
    from reference.library import load_library
    from reference.ocr_headings import align_restoring_markers
    from reference.segment import segment

    return Steps(
        probe=probe, extract=extract_with_page_progress, clean=clean_document, segment=segment,
        identify=identify, align=align_restoring_markers, review=review_ocr_differences,
        write=write_document, load_library=load_library,
        write_summary=write_batch_summary, write_corpus=write_corpus_tables,
        run_documents=run_on_threads, publish=lambda rows, out_dir: None,
    )  # fmt: skip


class _LazySteps:
    """PLAIN: plain_steps() built on first attribute access, so importing this module stays cheap."""

    _steps: Steps | None = None

    def __getattr__(self, name: str) -> Any:
        if _LazySteps._steps is None:
            _LazySteps._steps = plain_steps()
        return getattr(_LazySteps._steps, name)


PLAIN: Any = _LazySteps()


def run_batch_plain(inbox: str, options: dict[str, Any]) -> list[Row]:
    """The batch recipe without Prefect (no API configured)."""
    return batch_body(inbox, options, PLAIN)


def run_ingest_plain(paths: list[str], options: dict[str, Any]) -> list[Row]:
    """The ingest recipe without Prefect (no API configured)."""
    return ingest_body(paths, options, PLAIN)
