"""The tabular outputs: fixed column orders, record builders and the CSV/Parquet writers.

The column orders below are a documented, stable schema (docs/data-dictionary.md): new columns
are appended at the END only. Records are plain dicts keyed by column name; a missing key or
None is an empty cell (CSV) or a null (Parquet).

CSV injection (OWASP): a text cell that starts with `=`, `+`, `-`, `@`, TAB or CR is written with
a leading `'` so a spreadsheet shows it as text instead of running it as a formula. Numeric
columns (NUMERIC_COLUMNS) are never prefixed: their cells are numbers written by Python, so a
negative number stays a number.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from output.atomic import atomic_write_bytes, atomic_writer
from output.result import DocumentResult
from reference.model import Clause, ClauseRow, Flag, Identification

Record = dict[str, Any]

CLAUSE_COLUMNS: tuple[str, ...] = (
    "doc_id", "clause_id", "section_no", "clause_no", "item_no", "box_no", "kind", "title",
    "text", "char_count", "page_start", "page_end", "reference_id", "reference_clause_id",
    "similarity", "status", "flag_count", "variant",
)  # fmt: skip
FLAG_COLUMNS: tuple[str, ...] = (
    "doc_id", "flag_id", "kind", "severity", "clause_id", "section_no", "clause_no", "page",
    "reference_text", "witness_text", "context", "detail", "witness_start", "witness_end",
    "ocr_read", "ocr_confidence", "reread", "reread_confidence",
)  # fmt: skip
PAGE_COLUMNS: tuple[str, ...] = (
    "page", "route", "reason", "chars_kept", "lines_removed", "ocr_confidence", "seconds", "error",
    "doc_id",
)  # fmt: skip
REMOVED_COLUMNS: tuple[str, ...] = ("page", "reason", "text", "doc_id")
TABLE_COLUMNS: tuple[str, ...] = ("doc_id", "table_id", "page", "row", "col", "text")
BATCH_SUMMARY_COLUMNS: tuple[str, ...] = (
    "file", "sha256", "status", "error", "doc_id", "reference_id", "pages", "flags_error",
    "flags_warning", "flags_info", "seconds",
)  # fmt: skip

# Parquet types of every column that is not a string (all others are pa.string()).
_INT32 = pa.int32()
_INT64 = pa.int64()
_FLOAT = pa.float64()
_TYPES: dict[str, pa.DataType] = {
    "section_no": _INT32, "clause_no": _INT32, "item_no": _INT32, "box_no": _INT32,
    "char_count": _INT64, "page_start": _INT32, "page_end": _INT32, "similarity": _FLOAT,
    "flag_count": _INT32, "page": _INT32, "witness_start": _INT64, "witness_end": _INT64,
    "chars_kept": _INT64, "lines_removed": _INT32, "ocr_confidence": _FLOAT, "seconds": _FLOAT,
    "pages": _INT32, "reread_confidence": _FLOAT, "flags_error": _INT32, "flags_warning": _INT32, "flags_info": _INT32,
    "row": _INT32, "col": _INT32,
}  # fmt: skip
NUMERIC_COLUMNS: frozenset[str] = frozenset(_TYPES)
FLOAT_COLUMNS: frozenset[str] = frozenset(name for name, dtype in _TYPES.items() if dtype == _FLOAT)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def schema_for(columns: Sequence[str]) -> pa.Schema:
    """The explicit Parquet schema of a table: nullable int32/int64/float64, else string."""
    return pa.schema([pa.field(name, _TYPES.get(name, pa.string()), nullable=True) for name in columns])


CLAUSE_SCHEMA = schema_for(CLAUSE_COLUMNS)
FLAG_SCHEMA = schema_for(FLAG_COLUMNS)
PAGE_SCHEMA = schema_for(PAGE_COLUMNS)
REMOVED_SCHEMA = schema_for(REMOVED_COLUMNS)
BATCH_SUMMARY_SCHEMA = schema_for(BATCH_SUMMARY_COLUMNS)


def _page_or_none(page: int | None) -> int | None:
    """Pages are 1-based; 0 or None means unknown (an empty cell)."""
    return page if page else None


def identification_of(result: DocumentResult) -> Identification | None:
    """The identification of the document: the comparison's, else the one recorded alone."""
    if result.comparison is not None:
        return result.comparison.identification
    return result.identification


def reference_id_of(result: DocumentResult) -> str | None:
    """The id of the reference the document was compared with, if any."""
    comparison = result.comparison
    if comparison is None:
        return None
    return comparison.reference_id or comparison.identification.reference_id


def _clause_record(
    doc_id: str, clause: Clause, row: ClauseRow | None, ref_id: str | None, flag_count: int
) -> Record:
    """One clauses.csv row."""
    return {
        "doc_id": doc_id,
        "clause_id": clause.clause_id,
        "section_no": clause.section_no,
        "clause_no": clause.clause_no,
        "item_no": clause.item_no,
        "box_no": clause.box_no,
        "kind": clause.kind,
        "title": clause.title,
        "text": clause.text,
        "char_count": len(clause.text),
        "page_start": _page_or_none(clause.page_start),
        "page_end": _page_or_none(clause.page_end),
        "reference_id": ref_id,
        "reference_clause_id": (row.reference_clause_id or None) if row else None,
        "similarity": row.similarity if row else None,
        "status": (row.status or None) if row else None,
        "flag_count": flag_count,
        "variant": (row.variant or None) if row else None,
    }


def clause_records(result: DocumentResult) -> list[Record]:
    """clauses.csv rows: the comparison's rows, or the segmented clauses when nothing was compared.

    flag_count is the number of flags.csv rows with this clause_id (what a join finds).
    """
    if result.comparison is None:
        return [_clause_record(result.doc_id, c, None, None, 0) for c in result.clauses]
    counts = Counter(flag.clause_id for flag in result.comparison.flags)
    ref_id = reference_id_of(result)
    return [
        _clause_record(result.doc_id, row.clause, row, ref_id, counts.get(row.clause.clause_id, 0))
        for row in result.comparison.rows
    ]


def numbered_flags(result: DocumentResult) -> list[Flag]:
    """The document's flags in document order with flag_id `F0001`… and doc_id filled in."""
    if result.comparison is None:
        return []
    flags = []
    for number, flag in enumerate(result.comparison.flags, start=1):
        flag.flag_id = f"F{number:04d}"
        flag.doc_id = result.doc_id
        flags.append(flag)
    return flags


def flag_records(result: DocumentResult) -> list[Record]:
    """flags.csv rows (flag ids `F0001`… in document order, doc_id filled)."""
    return [{name: getattr(flag, name) for name in FLAG_COLUMNS} for flag in numbered_flags(result)]


def page_records(result: DocumentResult) -> list[Record]:
    """pages.csv rows: how each page was read, what was kept and what was removed."""
    kept: Counter[int] = Counter()
    for paragraph in result.clean.paragraphs:
        for span in paragraph.spans:
            kept[span.page] += span.end - span.start
    removed = Counter(line.page for line in result.clean.removed)
    return [
        {
            "page": page.number,
            "route": page.route,
            "reason": page.reason,
            "chars_kept": kept.get(page.number, 0),
            "lines_removed": removed.get(page.number, 0),
            "ocr_confidence": page.ocr_confidence,
            "seconds": round(page.seconds, 3),
            "error": page.error,
            "doc_id": result.doc_id,
        }
        for page in result.extracted.pages
    ]


def removed_records(result: DocumentResult) -> list[Record]:
    """removed.csv rows: every line cleaning dropped, with its page and reason."""
    removed = result.clean.removed
    return [{"page": line.page, "reason": line.reason, "text": line.text, "doc_id": result.doc_id} for line in removed]


def table_records(result: DocumentResult) -> list[Record]:
    """tables.csv rows: one per cell of every table found in a text layer (ids `TB01`… in page
    order; row and col 1-based; an empty cell is a row with empty text)."""
    records: list[Record] = []
    tables = [table for page in result.extracted.pages for table in page.tables]
    for number, table in enumerate(tables, start=1):
        for row, cells in enumerate(table.rows, start=1):
            records += [
                {"doc_id": result.doc_id, "table_id": f"TB{number:02d}", "page": table.page, "row": row,
                 "col": col, "text": text}
                for col, text in enumerate(cells, start=1)
            ]  # fmt: skip
    return records


def safe_cell(value: object, column: str) -> object:
    """A cell as the csv module should write it: None → empty, formula-like text defused."""
    if value is None:
        return ""
    if column in NUMERIC_COLUMNS:
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_bytes(records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """The CSV file content: UTF-8 with BOM, a header row, fixed column order, CRLF rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([safe_cell(record.get(name), name) for name in columns])
    return buffer.getvalue().encode("utf-8-sig")


def write_csv(path: Any, records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """Write records as CSV (see csv_bytes) atomically; columns not in `columns` are ignored."""
    atomic_write_bytes(path, csv_bytes(records, columns))


def arrow_table(
    records: Iterable[Mapping[str, Any]], columns: Sequence[str], schema: pa.Schema | None = None
) -> pa.Table:
    """An Arrow table of the records with exactly the given columns and schema."""
    schema = schema or schema_for(columns)
    rows = list(records)
    arrays = [
        pa.array([_arrow_value(row.get(field.name), field.type) for row in rows], type=field.type)
        for field in schema
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def _arrow_value(value: object, dtype: pa.DataType) -> object:
    """Coerce a record value to the column type ('' → null for numbers; numbers → str for text)."""
    if value is None or (value == "" and not pa.types.is_string(dtype)):
        return None
    if pa.types.is_integer(dtype):
        return int(value)  # type: ignore[call-overload]
    if pa.types.is_floating(dtype):
        return float(value)  # type: ignore[arg-type]
    return value if isinstance(value, str) else str(value)


def write_parquet(
    path: Any,
    records: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    schema: pa.Schema | None = None,
) -> None:
    """Write records as Parquet with an explicit schema (same types in every file), atomically."""
    table = arrow_table(records, columns, schema)
    with atomic_writer(path, "wb") as handle:
        pq.write_table(table, handle)
