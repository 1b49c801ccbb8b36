"""The `ingest` flow: named documents into their output folders (always processed, never skipped)."""

from __future__ import annotations

from typing import Any

from prefect import flow
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner

from flows.document import PREFECT_STEPS
from flows.recipe import MAX_CONCURRENT_DOCUMENTS, failure_message, ingest_body


@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=MAX_CONCURRENT_DOCUMENTS))
def ingest(paths: list[str], options: dict[str, Any]) -> Any:
    """Probe, extract, clean, segment, identify, align and write each named document.

    Ends Failed (message naming the failed files, the rows as its data) when any file failed.
    """
    rows = ingest_body(paths, options, PREFECT_STEPS)
    message = failure_message(rows)
    return Failed(message=message, data=rows) if message else rows
