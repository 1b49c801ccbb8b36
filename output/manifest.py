"""manifest.json: what was processed, with what, how it went. Its presence marks a complete folder."""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import policyqa
from output.atomic import atomic_write_text
from output.result import DocumentResult
from output.tables import identification_of, numbered_flags, reference_id_of

MANIFEST_NAME = "manifest.json"
SEVERITIES = ("error", "warning", "info")
MANIFEST_SCHEMA = 1  # bump when a key changes meaning or disappears

LIBRARIES = ("pdfplumber", "pypdfium2", "paddleocr", "paddlepaddle", "rapidocr-paddle", "openvino",
             "rapidocr-openvino", "opencc", "rapidfuzz", "pandas", "pyarrow", "prefect", "jinja2")  # fmt: skip


def library_versions(names: tuple[str, ...] = LIBRARIES) -> dict[str, str | None]:
    """Installed versions of the libraries that shape the outputs (None when not installed)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def utc_now_iso() -> str:
    """The current time in UTC, ISO 8601 to the second, e.g. `2026-11-21T23:15:44Z`."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _input_block(result: DocumentResult) -> dict[str, Any]:
    """The input file: path, size and SHA-256."""
    path = Path(result.source_path)
    try:
        size: int | None = os.path.getsize(path)
    except OSError:
        size = None
    return {"path": str(path), "name": path.name, "kind": result.extracted.kind,
            "size_bytes": size, "sha256": result.sha256}  # fmt: skip


def _reference_block(result: DocumentResult) -> dict[str, Any] | None:
    """The reference compared with (None: not compared)."""
    comparison = result.comparison
    if comparison is None:
        return None
    reference = result.reference
    return {
        "id": reference_id_of(result),
        "version": comparison.reference_version or (reference.version if reference else None),
        "title": reference.title if reference else None,
    }


def _identification_block(result: DocumentResult) -> dict[str, Any] | None:
    """Which reference the copy was identified as and how sure (None: identification not run)."""
    ident = identification_of(result)
    if ident is None:
        return None
    return {
        "reference_id": ident.reference_id,
        "score": ident.score,
        "coverage": ident.coverage,
        "reason": ident.reason,
        "candidates": [[ref_id, score] for ref_id, score in ident.candidates],
    }


def counts(result: DocumentResult) -> dict[str, Any]:
    """Counts by page route, clause status, flag kind and severity."""
    pages = result.extracted.pages
    flags = numbered_flags(result)
    rows = result.comparison.rows if result.comparison else []
    return {
        "pages": len(pages),
        "pages_by_route": dict(Counter(page.route for page in pages)),
        "failed_pages": [page.number for page in pages if page.route == "failed"],
        "paragraphs": len(result.clean.paragraphs),
        "removed_lines": len(result.clean.removed),
        "clauses": len(result.clauses),
        "clauses_by_status": dict(Counter(row.status for row in rows if row.status)),
        "flags": len(flags),
        "flags_by_kind": dict(Counter(flag.kind for flag in flags)),
        "flags_by_severity": {sev: sum(f.severity == sev for f in flags) for sev in SEVERITIES},
    }


def build_manifest(result: DocumentResult, files: list[str] | None = None) -> dict[str, Any]:
    """The manifest as a JSON-able dict."""
    return {
        "manifest_schema": MANIFEST_SCHEMA,
        "doc_id": result.doc_id,
        "input": _input_block(result),
        "reference": _reference_block(result),
        "identification": _identification_block(result),
        "tool": {"policyqa": policyqa.__version__, "pipeline": policyqa.PIPELINE_VERSION},
        "models": dict(result.extracted.engine),  # the OCR engine that read pages: runtime, models, hashes
        "ocr_engine": (result.options.get("models") or {}).get("engine"),  # the runtime chosen
        "libraries": library_versions(),
        "versions": dict(result.versions),
        "options": result.options,
        "timings": dict(result.timings),
        "text": _text_block(result),
        "counts": counts(result),
        "files": files or [],
        "created_utc": utc_now_iso(),
    }


def _text_block(result: DocumentResult) -> dict[str, Any]:
    """Script of the copy: conversion applied, and the regional variant found (reference.regional)."""
    comparison = result.comparison
    by_clause = Counter(r.variant for r in comparison.rows if r.variant) if comparison else Counter()
    return {"converted": result.clean.converted, "opencc_config": result.clean.opencc_config,
            "variant": (comparison.variant or None) if comparison else None,
            "variants_by_clause": dict(sorted(by_clause.items()))}


def manifest_json(manifest: dict[str, Any]) -> str:
    """The manifest serialised: UTF-8 JSON, CJK kept readable, trailing newline."""
    return json.dumps(manifest, ensure_ascii=False, indent=2, default=str) + "\n"


def write_manifest(
    doc_dir: Path, result: DocumentResult, files: list[str] | None = None
) -> dict[str, Any]:
    """Write doc_dir/manifest.json atomically and return what was written."""
    manifest = build_manifest(result, files)
    atomic_write_text(doc_dir / MANIFEST_NAME, manifest_json(manifest))
    return manifest


def read_manifest(doc_dir: Path) -> dict[str, Any] | None:
    """The manifest of a document folder, or None when it is absent (folder incomplete)."""
    path = doc_dir / MANIFEST_NAME
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
