"""Prefect tasks: thin wrappers over the stage functions (retries only where I/O can flake)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from extract.clean import clean_document
from extract.load import probe
from output.batch_tables import write_batch_summary, write_corpus_tables
from output.document import write_document
from flows.recipe import review_ocr_differences
from extract.pages import extract_pages
from reference.identify import identify
from reference.library import load_library
from reference.ocr_headings import align_restoring_markers
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
extract_task = _task(extract_pages, name="extract pages")
clean_task = _task(clean_document, name="clean")
segment_task = _task(segment, name="segment")
identify_task = _task(identify, name="identify")
align_task = _task(align_restoring_markers, name="align")  # compare, OCR-damaged heading markers restored
review_task = _task(review_ocr_differences, name="re-read")
write_task = _task(
    write_document, name="write", retries=2, retry_delay_seconds=1, retry_condition_fn=_is_io_error
)

write_corpus_task = _task(write_corpus_tables, name="corpus tables", retries=1)
write_summary_task = _task(write_batch_summary, name="batch summary", retries=1)

ARTIFACT_COLUMNS = (
    "file", "doc_id", "status", "reference_id", "pages",
    "flags_error", "flags_warning", "flags_info", "report", "error",
)  # fmt: skip


def publish_summary(rows: list[dict[str, Any]], out_dir: Path) -> None:
    """A Prefect table artifact of the batch (one row per file) and a markdown line of totals."""
    table = []
    for row in rows:
        report = str(Path(row["doc_dir"]) / "report.html") if row.get("doc_dir") else ""
        table.append({column: row.get(column, "") for column in ARTIFACT_COLUMNS} | {"report": report})
    create_table_artifact(table=table, key="policyqa-batch", description=f"policyqa batch → {out_dir}")
    counts = {s: sum(r["status"] == s for r in rows) for s in ("done", "skipped", "failed")}
    create_markdown_artifact(
        markdown=f"**{len(rows)} files** into `{out_dir}`: "
        + ", ".join(f"{n} {s}" for s, n in counts.items()),
        key="policyqa-batch-totals",
    )
