"""Corpus-wide tables of a batch: every complete document's clauses and flags, once each."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from output.manifest import read_manifest
from output.tables import (
    BATCH_SUMMARY_COLUMNS,
    CLAUSE_COLUMNS,
    CLAUSE_SCHEMA,
    FLAG_COLUMNS,
    FLAG_SCHEMA,
    FLOAT_COLUMNS,
    NUMERIC_COLUMNS,
    PAGE_COLUMNS,
    PAGE_SCHEMA,
    REMOVED_COLUMNS,
    REMOVED_SCHEMA,
    Record,
    write_csv,
    write_parquet,
)

BATCH_SUMMARY_CSV = "batch_summary.csv"


def _parse_cell(value: str, column: str) -> object:
    """A CSV cell read back: empty → None, numbers parsed, the anti-formula `'` removed."""
    if value == "":
        return None
    if column in FLOAT_COLUMNS:
        return float(value)
    if column in NUMERIC_COLUMNS:
        return int(value)
    if value.startswith("'") and value[1:].startswith(("=", "+", "-", "@", "\t", "\r")):
        return value[1:]
    return value


def read_csv_records(path: Path, columns: tuple[str, ...]) -> list[Record]:
    """Rows of a CSV this package wrote, as records keyed by the given columns."""
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return [{name: _parse_cell(row.get(name) or "", name) for name in columns} for row in reader]


def complete_documents(doc_dirs: Iterable[Path]) -> list[tuple[str, Path]]:
    """(doc_id, folder) of every folder with a manifest, each doc_id once (the first seen), sorted."""
    found: dict[str, Path] = {}
    for folder in doc_dirs:
        manifest = read_manifest(Path(folder))
        if manifest is None:
            continue
        doc_id = str(manifest.get("doc_id") or Path(folder).name)
        found.setdefault(doc_id, Path(folder))
    return sorted(found.items())


def _gather(documents: list[tuple[str, Path]], name: str, columns: tuple[str, ...]) -> list[Record]:
    """All rows of one per-document table, doc_id forced to the manifest's."""
    rows: list[Record] = []
    for doc_id, folder in documents:
        path = folder / name
        if not path.is_file():
            continue
        for record in read_csv_records(path, columns):
            record["doc_id"] = doc_id
            rows.append(record)
    return rows


CORPUS_TABLES = (
    ("clauses", CLAUSE_COLUMNS, CLAUSE_SCHEMA),
    ("flags", FLAG_COLUMNS, FLAG_SCHEMA),
    ("pages", PAGE_COLUMNS, PAGE_SCHEMA),
    ("removed", REMOVED_COLUMNS, REMOVED_SCHEMA),
)


def write_corpus_tables(out_dir: Path, doc_dirs: Iterable[Path]) -> dict[str, int]:
    """Write out_dir/{clauses,flags,pages,removed}.csv|.parquet from the given document folders.

    Each complete folder (manifest.json) is read once, doc_id set from its manifest; the caller
    passes every document folder of the output folder, so a document that left the inbox stays.
    Returns the number of documents and the row count of each table.
    """
    out_dir = Path(out_dir)
    documents = complete_documents(doc_dirs)
    counts = {"documents": len(documents)}
    for name, columns, schema in CORPUS_TABLES:
        rows = _gather(documents, f"{name}.csv", columns)
        write_csv(out_dir / f"{name}.csv", rows, columns)
        write_parquet(out_dir / f"{name}.parquet", rows, columns, schema)
        counts[name] = len(rows)
    return counts


def _as_record(row: Mapping[str, Any] | object) -> Mapping[str, Any]:
    """A summary row given as a mapping or a dataclass instance."""
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return dataclasses.asdict(row)
    if isinstance(row, Mapping):
        return row
    raise TypeError(f"batch summary rows must be mappings or dataclasses, not {type(row).__name__}")


def write_batch_summary(out_dir: Path, rows: Iterable[Mapping[str, Any] | object]) -> Path:
    """Write out_dir/batch_summary.csv (BATCH_SUMMARY_COLUMNS) atomically and return its path."""
    path = Path(out_dir) / BATCH_SUMMARY_CSV
    write_csv(path, [_as_record(row) for row in rows], BATCH_SUMMARY_COLUMNS)
    return path
