"""The collate recipe without Prefect: read every copy as ingest reads it, collate, write.

`flows/collate.py` runs the same recipe as a Prefect flow (each copy a task) when a server is
configured; the CLI runs it directly otherwise, so a collation pays no Prefect start-up.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

from output.collation import write_collation, write_failed
from policyqa.errors import InputFileError, ModelMissingError, PolicyQAError
from policyqa.ledger import output_lock
from policyqa.logging_setup import setup_file_logging
from policyqa.options import build_options
from reference.collate import collate
from reference.collate_read import read_witness, reference_witness, unique_names
from reference.library import load_library

MAX_CONCURRENT_COPIES = 2

Submit = Callable[..., Any]  # submit(path, options, name) -> an object with .result()


def run_collation(
    paths: list[str],
    options: dict[str, Any],
    reference: str,
    submit: Submit,
    collate_fn: Callable[..., Any] = collate,
    write_fn: Callable[..., Any] = write_collation,
) -> dict[str, Any]:
    """Read every copy (through `submit`), collate those read, write the outputs.

    A copy that cannot be read is left out and listed in failed.csv with its reason; fewer than
    two copies read is an InputFileError. A reference other than 'none' is shown beside the
    copies and never votes. Returns {"files": {name: path}, "failed": [{"file", "error"}]}.
    """
    opts = build_options(**options)
    with output_lock(opts.out_dir):
        setup_file_logging(opts.out_dir)
        files = [Path(p) for p in paths]
        futures = [submit(p, opts, n) for p, n in zip(files, unique_names(files))]
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
        written = write_fn(opts.out_dir, collate_fn(witnesses))
    return {"files": {name: str(path) for name, path in written.items()}, "failed": failed}


def run_collation_plain(paths: list[str], options: dict[str, Any], reference: str = "none") -> dict[str, Any]:
    """`run_collation` on a small thread pool, without Prefect."""
    with ThreadPoolExecutor(max_workers=MAX_CONCURRENT_COPIES) as pool:
        return run_collation(paths, options, reference, lambda *args: pool.submit(read_witness, *args))


def one_line(error: BaseException) -> str:
    """A failure's one-line reason (the typed message of our errors)."""
    return error.one_line() if isinstance(error, PolicyQAError) else f"{type(error).__name__}: {error}"
