"""One document as a Prefect task whose stages are Prefect tasks (flows/recipe.py holds the recipe)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed

from flows import tasks
from flows.recipe import Row, Steps, run_document
from policyqa.options import Options


def run_document_with_tasks(path: Path, options: Options, library: Any) -> Row:
    """The recipe of one document, each stage a task run (never raises: a failure is its row)."""
    return run_document(path, options, library, PREFECT_STEPS)


document_task = task(run_document_with_tasks, name="document", cache_policy=NO_CACHE, task_run_name="{path}")


def run_on_task_runner(files: list[Path], options: Options, library: Any) -> Iterator[tuple[Path, Row]]:
    """Each document submitted to the flow's task runner (threads, or Dask), yielded as it finishes."""
    futures = {document_task.submit(path, options, library): path for path in files}
    for future in as_completed(list(futures)):
        yield futures[future], future.result()


PREFECT_STEPS = Steps(
    probe=tasks.probe_task, extract=tasks.extract_task, clean=tasks.clean_task,
    segment=tasks.segment_task, identify=tasks.identify_task, align=tasks.align_task, review=tasks.review_task,
    write=tasks.write_task, load_library=tasks.load_library_task,
    write_summary=tasks.write_summary_task, write_corpus=tasks.write_corpus_task,
    run_documents=run_on_task_runner, publish=tasks.publish_summary,
)  # fmt: skip
