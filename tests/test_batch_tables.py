"""Corpus tables: every complete document once, same schema as the per-document files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow.parquet as pq

from output.batch_tables import read_csv_records, write_batch_summary, write_corpus_tables
from output.document import write_document
from output.sample import sample_result
from output.tables import (
    BATCH_SUMMARY_COLUMNS,
    CLAUSE_COLUMNS,
    CLAUSE_SCHEMA,
    FLAG_COLUMNS,
    FLAG_SCHEMA,
    PAGE_SCHEMA,
    REMOVED_SCHEMA,
)
from reference.model import Flag


def _batch(tmp_path: Path) -> list[Path]:
    one = sample_result(doc_id="one-11111111")
    assert one.comparison is not None
    one.comparison.flags.append(Flag("punctuation", "info", "S06", 6, None, 1, "，", "-1", "=x", "formula-like"))
    two = sample_result(doc_id="two-22222222", compared=False)
    dirs = [tmp_path / "one-11111111", tmp_path / "two-22222222", tmp_path / "half-33333333"]
    write_document(dirs[0], one)
    write_document(dirs[1], two)
    write_document(dirs[2], sample_result(doc_id="half-33333333"))
    (dirs[2] / "manifest.json").unlink()  # interrupted: not complete, must be left out
    return dirs


def test_corpus_tables_hold_each_complete_document_once(tmp_path: Path) -> None:
    dirs = _batch(tmp_path)
    out = tmp_path / "corpus"
    counts = write_corpus_tables(out, dirs + [dirs[0]])  # a folder given twice still counts once
    assert counts == {"documents": 2, "clauses": 6, "flags": 2, "pages": 4, "removed": 4}
    clauses = pq.read_table(out / "clauses.parquet")
    assert clauses.schema == CLAUSE_SCHEMA
    assert sorted(set(clauses.column("doc_id").to_pylist())) == ["one-11111111", "two-22222222"]
    flags = pq.read_table(out / "flags.parquet")
    assert flags.schema == FLAG_SCHEMA
    assert flags.column("flag_id").to_pylist() == ["F0001", "F0002"]
    # the anti-formula quote is a CSV matter: Parquet holds the real text
    assert flags.column("witness_text").to_pylist() == ["金", "-1"]
    assert flags.column("context").to_pylist()[1] == "=x"
    assert flags.column("witness_start").to_pylist() == [33, None]


def test_corpus_csv_equals_per_document_rows(tmp_path: Path) -> None:
    dirs = _batch(tmp_path)
    write_corpus_tables(tmp_path, dirs)
    text = (tmp_path / "flags.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    per_doc = (dirs[0] / "flags.csv").read_bytes().decode("utf-8-sig")
    assert rows[0] == list(FLAG_COLUMNS)
    assert text == per_doc  # only document one has flags: the corpus file is identical
    assert read_csv_records(tmp_path / "clauses.csv", CLAUSE_COLUMNS)[2]["similarity"] == 0.98


def test_corpus_pages_and_removed_carry_each_documents_id(tmp_path: Path) -> None:
    dirs = _batch(tmp_path)
    write_corpus_tables(tmp_path, dirs)
    for name, schema in (("pages", PAGE_SCHEMA), ("removed", REMOVED_SCHEMA)):
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.schema == schema
        per_doc = [read_csv_records(d / f"{name}.csv", table.schema.names) for d in dirs[:2]]
        assert table.column("doc_id").to_pylist() == [r["doc_id"] for rows in per_doc for r in rows]
        assert {r["doc_id"] for r in per_doc[0]} == {"one-11111111"}  # the per-document file has it too


def test_empty_batch_writes_header_only_tables(tmp_path: Path) -> None:
    assert write_corpus_tables(tmp_path, []) == {"documents": 0, "clauses": 0, "flags": 0, "pages": 0, "removed": 0}
    assert pq.read_table(tmp_path / "flags.parquet").num_rows == 0
    assert pq.read_schema(tmp_path / "clauses.parquet") == CLAUSE_SCHEMA


def test_batch_summary(tmp_path: Path) -> None:
    path = write_batch_summary(tmp_path, [
        {"file": "a.pdf", "sha256": "ab", "status": "done", "doc_id": "a-abababab", "pages": 3,
         "flags_error": 1, "flags_warning": 0, "flags_info": 2, "seconds": 1.5},
        {"file": "=bad.pdf", "status": "failed", "error": "bad input: not a PDF — check the file"},
    ])  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(BATCH_SUMMARY_COLUMNS)
    assert rows[0]["pages"] == "3" and rows[0]["error"] == ""
    assert rows[1]["file"] == "'=bad.pdf" and rows[1]["status"] == "failed"
