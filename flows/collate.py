"""The `collate` flow: several copies of one document read as ingest reads them, then collated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from output.collation import write_collation, write_failed
from policyqa.errors import InputFileError, ModelMissingError, PolicyQAError
from policyqa.ledger import output_lock
from policyqa.logging_setup import setup_file_logging
from policyqa.options import build_options
from reference.collate import collate
from reference.collate_read import read_witness, reference_witness, unique_names
from reference.library import load_library

read_task = task(read_witness, name="read copy", cache_policy=NO_CACHE, task_run_name="{path}")
collate_task = task(collate, name="collate", cache_policy=NO_CACHE)
write_collation_task = task(write_collation, name="write collation", cache_policy=NO_CACHE)

MAX_CONCURRENT_COPIES = 2


@flow(name="collate", task_runner=ThreadPoolTaskRunner(max_workers=MAX_CONCURRENT_COPIES))
def collate_flow(paths: list[str], options: dict[str, Any], reference: str = "none") -> dict[str, Any]:
    """Read every copy, collate those read (a reference shown beside them unless 'none'), write.

    A copy that cannot be read is left out and listed in failed.csv with its reason; fewer than
    two copies read is an InputFileError.
    """
    opts = build_options(**options)
    with output_lock(opts.out_dir):
        setup_file_logging(opts.out_dir)
        files = [Path(p) for p in paths]
        futures = [read_task.submit(p, opts, n) for p, n in zip(files, unique_names(files))]
        witnesses, failed = [], []
        for path, future in zip(files, futures):
            try:
                witnesses.append(future.result())
            except ModelMissingError:
                raise
            except Exception as error:  # one unreadable copy must not sink the others
                failed.append({"file": str(path), "error": one_line(error)})
        write_failed(opts.out_dir, failed)
        if len(witnesses) < 2:
            raise InputFileError(f"only {len(witnesses)} of {len(files)} copies could be read",
                                 "collate needs two readable copies; see failed.csv")
        if reference != "none":
            witnesses.append(reference_witness(load_library(opts.library_dir).get(reference)))
        result = collate_task(witnesses)
        written = write_collation_task(opts.out_dir, result)
    return {"files": {name: str(path) for name, path in written.items()}, "failed": failed}


def one_line(error: BaseException) -> str:
    """A failure's one-line reason (the typed message of our errors)."""
    return error.one_line() if isinstance(error, PolicyQAError) else f"{type(error).__name__}: {error}"
