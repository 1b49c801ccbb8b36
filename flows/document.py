"""The recipe for one document: probe, extract pages, clean, segment, identify, align, write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.tasks import (
    align_task,
    clean_task,
    extract_task,
    identify_task,
    probe_task,
    review_task,
    segment_task,
    write_task,
)
from policyqa import pipeline
from policyqa.options import Options


def run_document(path: Path, options: Options, library: Any) -> dict[str, Any]:
    """Process one input file into its output folder; returns its summary row (never raises)."""
    clock = pipeline.StageClock()
    sha256 = ""
    try:
        with clock.stage("probe"):
            probed = probe_task(Path(path), options)
            sha256 = probed.sha256
        with clock.stage("extract"):
            extracted = extract_task(Path(path), probed.kind, probed.page_count, options)
        with clock.stage("clean"):
            clean = clean_task(extracted)
        with clock.stage("segment"):
            clauses = segment_task(clean)
        with clock.stage("identify"):
            identification = (
                identify_task(clean, library, options.reference) if options.reference != "none" else None
            )
            reference = pipeline.choose_reference(identification, library)
        with clock.stage("align"):
            comparison = None
            if reference:
                clean, clauses, comparison = align_task(clean, clauses, reference, identification)
        with clock.stage("re-read"):
            comparison = review_task(comparison, extracted, clauses, Path(path), options)
        result = pipeline.build_result(
            probed, extracted, clean, clauses, comparison, reference, options, library, clock.timings
        )
        doc_dir = pipeline.doc_dir_for(options, probed)
        with clock.stage("write"):
            write_task(doc_dir, result)
        return pipeline.outcome(result, doc_dir, clock.total)
    except Exception as error:  # one bad file must never sink the batch
        return pipeline.failed_outcome(Path(path), error, sha256)


document_task = task(run_document, name="document", cache_policy=NO_CACHE, task_run_name="{path}")
