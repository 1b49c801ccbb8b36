"""The `batch` flow: every file of an inbox folder, skipping what the ledger says is done.

Writes per-document folders, batch_summary.csv, corpus-wide tables and a Prefect table artifact,
and ends Failed — its message naming the failed files — when any file failed, so Prefect
automations on failed runs fire. `run_batch` picks the task runner: threads here, or a Dask
cluster when `dask_address` is set (workers need policyqa installed and the same output folder).
"""

from __future__ import annotations

from typing import Any

from prefect import flow
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner

from flows.document import PREFECT_STEPS
from flows.ingest import ingest
from flows.recipe import MAX_CONCURRENT_DOCUMENTS, batch_body, failure_message
from policyqa.options import build_options


@flow(name="batch", task_runner=ThreadPoolTaskRunner(max_workers=MAX_CONCURRENT_DOCUMENTS))
def batch(inbox: str, options: dict[str, Any]) -> Any:
    """Process an inbox: skip unchanged files, process the rest, write the corpus tables.

    Ends Failed (message naming the failed files, the rows as its data) when any file failed.
    """
    rows = batch_body(inbox, options, PREFECT_STEPS)
    message = failure_message(rows)
    return Failed(message=message, data=rows) if message else rows


def _runner(options: dict[str, Any]) -> Any:
    address = build_options(**options).dask_address
    if not address:
        return None
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(address=address)


def _rows(state: Any) -> list[dict[str, Any]]:
    """The rows of a finished flow run: its return value, or the data of its Failed state.

    A run that crashed or raised (a bad inbox, a busy output folder) re-raises its exception.
    """
    result = state.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        raise result
    return result


def run_batch(inbox: str, options: dict[str, Any]) -> list[dict[str, Any]]:
    """Run the batch flow on the runner the options ask for (Dask when dask_address is set)."""
    runner = _runner(options)
    chosen = batch.with_options(task_runner=runner) if runner else batch
    return _rows(chosen(inbox=str(inbox), options=options, return_state=True))


def run_ingest(paths: list[str], options: dict[str, Any]) -> list[dict[str, Any]]:
    """Run the ingest flow on the runner the options ask for."""
    runner = _runner(options)
    chosen = ingest.with_options(task_runner=runner) if runner else ingest
    return _rows(chosen(paths=[str(p) for p in paths], options=options, return_state=True))


def serve_batch(inbox: str, options: dict[str, Any], cron: str, name: str, timezone: str | None = None) -> None:
    """Register the batch flow as deployment `batch/<name>` on a cron schedule and serve it."""
    from prefect.schedules import Cron

    batch.serve(
        name=name,
        schedule=Cron(cron, timezone=timezone or "UTC"),
        parameters={"inbox": str(inbox), "options": options},
        print_starting_message=False,
    )
