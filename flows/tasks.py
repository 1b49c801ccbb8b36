"""Prefect tasks: thin wrappers over the stage functions (retries only where I/O can flake)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from extract.clean import clean_document
from extract.load import probe
from output.document import write_document
from policyqa import pipeline
from reference.compare import compare
from reference.identify import identify
from reference.library import load_library
from reference.ocr_headings import align_restoring_markers
from reference.ocr_review import review_document
from reference.segment import segment


def _is_io_error(task: Any, run: Any, state: Any) -> bool:
    """Retry condition: only OSError (a busy disk or network share), never a bad input."""
    try:
        state.result()
    except OSError:
        return True
    except BaseException:
        return False
    return False


def _task(fn: Any, **kwargs: Any) -> Any:
    return task(fn, cache_policy=NO_CACHE, **kwargs)


load_library_task = _task(load_library, name="load library")
probe_task = _task(probe, name="probe", retries=2, retry_delay_seconds=1, retry_condition_fn=_is_io_error)
extract_task = _task(pipeline.extract_pages, name="extract pages")
clean_task = _task(clean_document, name="clean")
segment_task = _task(segment, name="segment")
identify_task = _task(identify, name="identify")
compare_task = _task(compare, name="align")
align_task = _task(align_restoring_markers, name="align")  # compare, OCR-damaged heading markers restored


def _review(comparison: Any, extracted: Any, clauses: Any, path: Any, options: Any) -> Any:
    """Re-read the differences found on OCR'd lines (reference.ocr_review) with the run's engine."""
    if comparison is None:
        return None
    return review_document(comparison, extracted, clauses, str(path), lambda: pipeline.make_engine(options),
                           password=options.password)


review_task = _task(_review, name="re-read")
write_task = _task(
    write_document, name="write", retries=2, retry_delay_seconds=1, retry_condition_fn=_is_io_error
)

