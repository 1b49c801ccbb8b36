"""Tables: fixed column orders, record builders, CSV (BOM, formula-safe) and Parquet (fixed schema)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from output.sample import WITNESS_CLAUSE, sample_result
from output.tables import (
    BATCH_SUMMARY_COLUMNS,
    CLAUSE_COLUMNS,
    CLAUSE_SCHEMA,
    FLAG_COLUMNS,
    FLAG_SCHEMA,
    PAGE_COLUMNS,
    REMOVED_COLUMNS,
    clause_records,
    csv_bytes,
    flag_records,
    page_records,
    removed_records,
    safe_cell,
    write_csv,
    write_parquet,
)
from reference.model import Flag


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, for Excel
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_column_orders_are_the_documented_schema() -> None:
    assert CLAUSE_COLUMNS == (
        "doc_id", "clause_id", "section_no", "clause_no", "item_no", "box_no", "kind", "title", "text",
        "char_count", "page_start", "page_end", "reference_id", "reference_clause_id", "similarity",
        "status", "flag_count", "variant",
    )  # fmt: skip
    assert FLAG_COLUMNS == (
        "doc_id", "flag_id", "kind", "severity", "clause_id", "section_no", "clause_no", "page",
        "reference_text", "witness_text", "context", "detail", "witness_start", "witness_end",
        "ocr_read", "ocr_confidence", "reread", "reread_confidence",
    )  # fmt: skip
    assert PAGE_COLUMNS == (
        "page", "route", "reason", "chars_kept", "lines_removed", "ocr_confidence", "seconds", "error", "doc_id",
    )  # fmt: skip
    assert REMOVED_COLUMNS == ("page", "reason", "text", "doc_id")
    assert BATCH_SUMMARY_COLUMNS[:3] == ("file", "sha256", "status")
    assert CLAUSE_SCHEMA.names == list(CLAUSE_COLUMNS) and FLAG_SCHEMA.names == list(FLAG_COLUMNS)


@pytest.mark.parametrize(
    ("value", "column", "expected"),
    [
        ("=HYPERLINK(\"http://x\")", "text", "'=HYPERLINK(\"http://x\")"),
        ("+1", "text", "'+1"),
        ("-2", "witness_text", "'-2"),
        ("@SUM(A1)", "detail", "'@SUM(A1)"),
        ("\tx", "context", "'\tx"),
        ("\rx", "context", "'\rx"),
        ("——加快质量变革", "text", "——加快质量变革"),  # an em-dash item marker is not a formula
        ("a=b", "text", "a=b"),
        (-3, "witness_start", -3),  # numeric column: a negative number stays a number
        (-0.5, "similarity", -0.5),
        (None, "page", ""),
        (None, "text", ""),
        (7, "text", "7"),
    ],
)
def test_safe_cell(value: object, column: str, expected: object) -> None:
    assert safe_cell(value, column) == expected


def test_write_csv_round_trips_through_csv_module(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    nasty = 'line one\nline "two", with comma'
    write_csv(path, [{"page": 3, "reason": "=cmd", "text": nasty, "ignored": "x"}, {}], REMOVED_COLUMNS)
    rows = _read_csv(path)
    assert rows == [["page", "reason", "text", "doc_id"], ["3", "'=cmd", nasty, ""], ["", "", "", ""]]


def test_csv_rows_end_with_crlf() -> None:
    assert csv_bytes([{"page": 1}], ("page",)).decode("utf-8-sig") == "page\r\n1\r\n"


def test_clause_records_with_comparison() -> None:
    records = clause_records(sample_result())
    assert [r["clause_id"] for r in records] == ["T", "S06", "S06-C20"]
    last = records[-1]
    assert last["text"] == WITNESS_CLAUSE and last["char_count"] == len(WITNESS_CLAUSE)
    assert (last["reference_id"], last["reference_clause_id"], last["status"], last["flag_count"]) == (
        "gangyao-2023", "S06-C20", "changed", 1,
    )
    assert (last["section_no"], last["clause_no"], last["item_no"], last["page_start"]) == (6, 20, None, 2)
    assert list(last) == list(CLAUSE_COLUMNS)


def test_clause_records_without_comparison_leave_reference_columns_empty() -> None:
    records = clause_records(sample_result(compared=False))
    assert [r["clause_id"] for r in records] == ["T", "S06", "S06-C20"]
    for record in records:
        assert record["reference_id"] is record["reference_clause_id"] is record["similarity"] is None
        assert record["status"] is None and record["flag_count"] == 0


def test_flag_records_are_numbered_in_order_with_doc_id() -> None:
    result = sample_result()
    assert result.comparison is not None
    first = result.comparison.flags[0]
    result.comparison.flags.append(
        Flag("punctuation", "info", "S06", 6, None, 1, "，", ",", "", "half-width comma")
    )
    records = flag_records(result)
    assert [(r["flag_id"], r["kind"]) for r in records] == [("F0001", "inserted_text"), ("F0002", "punctuation")]
    assert {r["doc_id"] for r in records} == {"sample-0a1b2c3d"}
    assert records[0]["witness_start"] == first.witness_start == WITNESS_CLAUSE.index("金")
    assert list(records[0]) == list(FLAG_COLUMNS)
    assert flag_records(sample_result(compared=False)) == []


def test_page_and_removed_records() -> None:
    result = sample_result()
    pages = page_records(result)
    # page 1 keeps the title (8 chars) and the section heading (15 chars); page 2 the clause
    assert [(p["page"], p["chars_kept"], p["lines_removed"]) for p in pages] == [(1, 23, 1), (2, len(WITNESS_CLAUSE), 1)]
    assert pages[1]["seconds"] == 0.25 and pages[0]["route"] == "text_layer"
    assert removed_records(result) == [
        {"page": 1, "reason": "page_number", "text": "第 1 页 共 2 页", "doc_id": "sample-0a1b2c3d"},
        {"page": 2, "reason": "page_number", "text": "第 2 页 共 2 页", "doc_id": "sample-0a1b2c3d"},
    ]


def test_parquet_has_fixed_types_even_when_columns_are_empty(tmp_path: Path) -> None:
    empty, full = tmp_path / "empty.parquet", tmp_path / "full.parquet"
    write_parquet(empty, [], FLAG_COLUMNS, FLAG_SCHEMA)
    write_parquet(full, flag_records(sample_result()), FLAG_COLUMNS, FLAG_SCHEMA)
    assert pq.read_schema(empty) == pq.read_schema(full) == FLAG_SCHEMA
    table = pq.read_table(full)
    assert table.schema.field("witness_start").type == pa.int64()
    assert table.column("reference_text").to_pylist() == [""]
    assert table.column("section_no").to_pylist() == [6]


def test_parquet_all_null_numeric_column_keeps_its_type(tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    write_parquet(path, clause_records(sample_result(compared=False)), CLAUSE_COLUMNS, CLAUSE_SCHEMA)
    table = pq.read_table(path)
    assert table.schema.field("similarity").type == pa.float64()
    assert table.column("similarity").null_count == 3
    assert table.schema.field("item_no").type == pa.int32()


def test_parquet_readable_by_pandas(tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    write_parquet(path, clause_records(sample_result()), CLAUSE_COLUMNS)
    frame = pq.read_table(path).to_pandas()
    assert list(frame.columns) == list(CLAUSE_COLUMNS)
    assert frame.loc[2, "similarity"] == pytest.approx(0.98)
