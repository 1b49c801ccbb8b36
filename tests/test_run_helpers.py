"""Page extraction pools, ledger keys, inbox handling and run events (the helpers the flows wrap)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import pages as extraction
from flows import inbox, records
from policyqa import events, ledger
from policyqa.errors import InputFileError
from policyqa.options import build_options

FIXTURES = Path(__file__).parent / "resources" / "fixtures"


@pytest.mark.parametrize(
    ("kind", "pages", "workers", "expected"),
    [
        ("pdf", 3, 2, True),
        ("image", 2, 4, True),
        ("pdf", 1, 4, False),  # one page: nothing to share out
        ("pdf", 3, 1, False),  # --workers 1
        ("text", 1, 4, False),  # text copies never need OCR
        ("html", 5, 4, False),
    ],
)
def test_when_pages_go_to_worker_processes(kind: str, pages: int, workers: int, expected: bool) -> None:
    assert extraction.can_use_pool(kind, pages, build_options(workers=workers)) is expected


@pytest.mark.parametrize(("workers", "pages", "expected"), [(3, 10, 3), (8, 2, 2), (1, 5, 1)])
def test_explicit_workers_are_capped_by_pages_only(workers: int, pages: int, expected: int) -> None:
    assert extraction.page_workers(build_options(workers=workers), pages) == expected


@pytest.mark.parametrize(
    ("change", "same"),
    [({"out_dir": "elsewhere"}, True), ({"workers": 3}, True), ({"force": True}, True),
     ({"dpi": 200}, False), ({"ocr": "always"}, False), ({"reference": "none"}, False), ({"ocr_engine": "paddle"}, False)],
)  # fmt: skip
def test_options_key_follows_only_what_changes_outputs(change: dict, same: bool) -> None:
    base = ledger.options_key(build_options())
    assert (ledger.options_key(build_options(**change)) == base) is same


def test_password_is_hidden_in_recorded_options() -> None:
    assert records.options_record(build_options(password="secret"))["password"] == "***"


def test_inbox_listing_skips_hidden_files_and_the_output_folder(tmp_path: Path) -> None:
    for name in ("b.txt", "a/c.pdf", ".hidden.txt", ".git/x", "out/d/clauses.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in inbox.list_inbox(tmp_path, tmp_path / "out")]
    assert found == ["a/c.pdf", "b.txt"]


def test_temp_files_left_by_a_killed_run_are_swept(tmp_path: Path) -> None:
    (tmp_path / "doc").mkdir()
    for name in ("doc/.clauses.csv.abc.tmp", ".policyqa-ledger.json.x.tmp", "doc/clauses.csv"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert inbox.sweep_temp_files(tmp_path) == 2
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["clauses.csv"]


def test_stale_output_is_removed_only_inside_the_output_folder(tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "precious"
    (out / "old").mkdir(parents=True)
    outside.mkdir()
    new = {"status": "done", "doc_dir": str(out / "new")}
    assert not inbox.remove_stale_output({"doc_dir": str(outside)}, new, out)
    assert not inbox.remove_stale_output({"doc_dir": str(out / "old")}, {**new, "status": "failed"}, out)
    assert inbox.remove_stale_output({"doc_dir": str(out / "old")}, new, out)
    assert outside.is_dir() and not (out / "old").exists()


@pytest.mark.parametrize(
    ("error", "start", "code"),
    [(InputFileError("x.pdf is empty (0 bytes)"), "bad input: x.pdf is empty", 2),
     (RuntimeError("boom\nsecond line"), "internal error: RuntimeError: boom second line", 1)],
)  # fmt: skip
def test_a_failed_document_gets_a_one_line_reason(error: Exception, start: str, code: int) -> None:
    row = records.failed_outcome(Path("x.pdf"), error)
    assert row["status"] == "failed" and row["error"].startswith(start) and "\n" not in row["error"]
    assert row["exit_code"] == code


def test_listeners_hear_finished_documents_and_a_broken_one_is_ignored() -> None:
    heard: list[str] = []

    def broken(row: dict) -> None:
        raise ValueError("display failed")

    for listener in (broken, lambda row: heard.append(row["file"])):
        events.add_listener(listener)
    try:
        events.notify({"file": "a.txt"})
    finally:
        events._LISTENERS.clear()
    assert heard == ["a.txt"]


@pytest.mark.slow
def test_pages_extracted_in_worker_processes_equal_in_process_pages(tmp_path: Path) -> None:
    pdf = FIXTURES / "born-digital.pdf"  # a born-digital fixture: every page has a text layer
    options = build_options(out_dir=tmp_path, ocr="never", workers=2)
    try:
        parallel = extraction.extract_parallel(pdf, "pdf", 3, options)
    finally:
        extraction.shutdown_pools()
    serial = extraction.extract_serial(pdf, options)
    assert [p.route for p in parallel.pages] == [p.route for p in serial.pages]
    assert [[line.text for line in p.lines] for p in parallel.pages] == [
        [line.text for line in p.lines] for p in serial.pages
    ]
