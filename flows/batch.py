"""The `batch` flow: every file of an inbox folder, skipping what the ledger says is done.

Writes per-document folders, batch_summary.csv, corpus-wide clauses/flags tables and a Prefect
table artifact. `run_batch` picks the task runner: threads here, or a Dask cluster when
`dask_address` is set (workers need policyqa installed and the same output folder mounted).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.ingest import MAX_CONCURRENT_DOCUMENTS, ingest, process_files
from flows.tasks import load_library_task
from output.batch_tables import write_batch_summary, write_corpus_tables
from policyqa import pipeline
from policyqa.errors import InputFileError
from policyqa.ledger import Ledger, output_lock
from policyqa.logging_setup import setup_file_logging
from policyqa.options import build_options

ARTIFACT_COLUMNS = ("file", "status", "reference_id", "pages", "flags_error", "flags_warning", "error")

write_corpus_task = task(write_corpus_tables, name="corpus tables", cache_policy=NO_CACHE, retries=1)
write_summary_task = task(write_batch_summary, name="batch summary", cache_policy=NO_CACHE, retries=1)


def inbox_files(inbox: Path, out_dir: Path) -> list[Path]:
    """The files of an inbox; InputFileError when the inbox is not a folder."""
    if not inbox.is_dir():
        raise InputFileError(f"inbox {inbox} is not a folder", hint="pass an existing folder")
    return pipeline.list_inbox(inbox, exclude=out_dir)


def publish_summary(rows: list[dict[str, Any]], out_dir: Path) -> None:
    """A Prefect table artifact of the batch and a markdown line of totals."""
    table = [{column: row.get(column, "") for column in ARTIFACT_COLUMNS} for row in rows]
    create_table_artifact(table=table, key="policyqa-batch", description=f"policyqa batch → {out_dir}")
    counts = {s: sum(r["status"] == s for r in rows) for s in ("done", "skipped", "failed")}
    create_markdown_artifact(
        markdown=f"**{len(rows)} files** into `{out_dir}`: "
        + ", ".join(f"{n} {s}" for s, n in counts.items()),
        key="policyqa-batch-totals",
    )


@flow(name="batch", task_runner=ThreadPoolTaskRunner(max_workers=MAX_CONCURRENT_DOCUMENTS))
def batch(inbox: str, options: dict[str, Any]) -> list[dict[str, Any]]:
    """Process an inbox: skip unchanged files, process the rest, write the corpus tables."""
    opts = build_options(**options)
    with output_lock(opts.out_dir):
        setup_file_logging(opts.out_dir)
        pipeline.sweep_temp_files(opts.out_dir)
        files = inbox_files(Path(inbox), opts.out_dir)
        library = load_library_task(opts.library_dir)
        ledger = Ledger.load(opts.out_dir)
        rows = process_files(files, opts, library, ledger, skip_current=True)
        write_summary_task(opts.out_dir, rows)
        write_corpus_task(opts.out_dir, [Path(r["doc_dir"]) for r in rows if r["doc_dir"]])
        publish_summary(rows, opts.out_dir)
        return rows


def _runner(options: dict[str, Any]) -> Any:
    address = build_options(**options).dask_address
    if not address:
        return None
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(address=address)


def run_batch(inbox: str, options: dict[str, Any]) -> list[dict[str, Any]]:
    """Run the batch flow on the runner the options ask for (Dask when dask_address is set)."""
    runner = _runner(options)
    chosen = batch.with_options(task_runner=runner) if runner else batch
    return chosen(inbox=str(inbox), options=options)


def run_ingest(paths: list[str], options: dict[str, Any]) -> list[dict[str, Any]]:
    """Run the ingest flow on the runner the options ask for."""
    runner = _runner(options)
    chosen = ingest.with_options(task_runner=runner) if runner else ingest
    return chosen(paths=[str(p) for p in paths], options=options)


def serve_batch(inbox: str, options: dict[str, Any], cron: str, name: str) -> None:
    """Register the batch flow as deployment `batch/<name>` on a cron schedule and serve it."""
    batch.serve(
        name=name,
        cron=cron,
        parameters={"inbox": str(inbox), "options": options},
        print_starting_message=False,
    )
