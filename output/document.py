"""Write one document's output folder; manifest.json last, so its presence means 'complete'."""

from __future__ import annotations

from pathlib import Path

from output.atomic import atomic_write_text
from output.manifest import MANIFEST_NAME, write_manifest
from output.report import render_report
from output.result import DocumentResult
from output.tables import (
    CLAUSE_COLUMNS,
    FLAG_COLUMNS,
    PAGE_COLUMNS,
    REMOVED_COLUMNS,
    TABLE_COLUMNS,
    clause_records,
    flag_records,
    page_records,
    removed_records,
    table_records,
    write_csv,
)
from policyqa.errors import OutputError

CLEAN_TEXT = "clean.txt"
REMOVED_CSV = "removed.csv"
PAGES_CSV = "pages.csv"
CLAUSES_CSV = "clauses.csv"
FLAGS_CSV = "flags.csv"
REPORT_HTML = "report.html"
TABLES_CSV = "tables.csv"
DOCUMENT_FILES = (CLEAN_TEXT, REMOVED_CSV, PAGES_CSV, CLAUSES_CSV, FLAGS_CSV, TABLES_CSV, REPORT_HTML, MANIFEST_NAME)


def clean_text_content(result: DocumentResult) -> str:
    """clean.txt: one paragraph per line, trailing newline (empty file when nothing was kept)."""
    text = result.clean.text
    return text + "\n" if text else ""


def _prepare(doc_dir: Path) -> None:
    """Create the folder and drop a stale manifest, so a reader never trusts a half-rewritten folder."""
    try:
        doc_dir.mkdir(parents=True, exist_ok=True)
        (doc_dir / MANIFEST_NAME).unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {doc_dir}: {exc.strerror or exc}") from exc


def write_document(doc_dir: Path, result: DocumentResult) -> None:
    """Write every file of a document folder (DOCUMENT_FILES order), manifest.json last."""
    doc_dir = Path(doc_dir)
    _prepare(doc_dir)
    atomic_write_text(doc_dir / CLEAN_TEXT, clean_text_content(result))
    write_csv(doc_dir / REMOVED_CSV, removed_records(result), REMOVED_COLUMNS)
    write_csv(doc_dir / PAGES_CSV, page_records(result), PAGE_COLUMNS)
    write_csv(doc_dir / CLAUSES_CSV, clause_records(result), CLAUSE_COLUMNS)
    write_csv(doc_dir / FLAGS_CSV, flag_records(result), FLAG_COLUMNS)
    write_csv(doc_dir / TABLES_CSV, table_records(result), TABLE_COLUMNS)
    atomic_write_text(doc_dir / REPORT_HTML, render_report(result, result.reference))
    write_manifest(doc_dir, result, list(DOCUMENT_FILES))
