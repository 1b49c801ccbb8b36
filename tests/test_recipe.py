"""The run recipe without Prefect (what `policyqa` does when no PREFECT_API_URL is set).

Inputs are the seed text copies (tests/resources/seeds) and the robustness corpus's invalid.pdf.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest

from flows.recipe import failure_message, run_batch_plain, run_ingest_plain

RESOURCES = Path(__file__).parent / "resources"
SEEDS = RESOURCES / "seeds"
NEWSPAPER = "002_06e29e5cb5eabbe7.txt"  # seed README: the corrupt newspaper copy of the 纲要
TISHENG = "003_7545518e94772d14.txt"  # seed README: 《关于开展质量提升行动的指导意见》 (2017)
INVALID = RESOURCES / "robustness" / "invalid.pdf"  # MANIFEST: "a PDF header then EOF: not a PDF"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dict]]:
    root = tmp_path_factory.mktemp("recipe")
    inbox, out = root / "inbox", root / "out"
    inbox.mkdir()
    for name in (NEWSPAPER, TISHENG):
        shutil.copy(SEEDS / name, inbox / name)
    shutil.copy(INVALID, inbox / "invalid.pdf")
    return inbox, out, run_batch_plain(str(inbox), {"out_dir": str(out), "workers": 1})


def test_the_plain_batch_writes_what_the_flow_writes(batch: tuple[Path, Path, list[dict]]) -> None:
    _, out, rows = batch
    assert sorted((Path(r["file"]).name, r["status"]) for r in rows) == [
        (NEWSPAPER, "done"), (TISHENG, "done"), ("invalid.pdf", "failed"),
    ]  # fmt: skip
    summary = {Path(r["file"]).name: r for r in read_csv(out / "batch_summary.csv")}
    # unknown values of the failed file are empty cells, not 0
    assert [summary["invalid.pdf"][c] for c in ("pages", "flags_error", "flags_info", "seconds")] == ["", "", "", ""]
    for table in ("clauses", "flags", "pages", "removed"):
        assert (out / f"{table}.parquet").is_file()
        assert {r["doc_id"] for r in read_csv(out / f"{table}.csv")} <= {r["doc_id"] for r in rows if r["doc_id"]}


def test_clause_ids_are_unique_per_document_except_missing_placeholders(batch: tuple[Path, Path, list[dict]]) -> None:
    _, out, _ = batch
    clauses = read_csv(out / "clauses.csv")
    present = Counter((r["doc_id"], r["clause_id"]) for r in clauses if r["status"] != "missing")
    assert [key for key, n in present.items() if n > 1] == []
    # 002 opens "(上接一版)": its preamble P is a `missing` placeholder beside the copy's own P
    placeholders = [(r["clause_id"], r["reference_clause_id"]) for r in clauses if r["status"] == "missing"]
    assert ("P", "P") in placeholders


def test_the_failure_message_names_the_failed_files(batch: tuple[Path, Path, list[dict]]) -> None:
    message = failure_message(batch[2])
    assert message is not None and message.startswith("1 of 3 files failed: invalid.pdf (bad input:")
    assert failure_message([r for r in batch[2] if r["status"] == "done"]) is None


def test_a_known_bad_unchanged_file_is_noted_not_retried_until_forced(batch: tuple[Path, Path, list[dict]]) -> None:
    inbox, out, _ = batch
    again = {Path(r["file"]).name: r for r in run_batch_plain(str(inbox), {"out_dir": str(out), "workers": 1})}
    assert again["invalid.pdf"]["status"] == "failed"
    assert again["invalid.pdf"]["error"].startswith("unchanged since it failed, not retried (--force retries): bad input:")
    assert again[TISHENG]["status"] == again[NEWSPAPER]["status"] == "skipped"
    forced = {Path(r["file"]).name: r for r in run_batch_plain(str(inbox), {"out_dir": str(out), "force": True})}
    assert forced["invalid.pdf"]["error"].startswith("bad input:")  # read again, failed again
    assert forced[TISHENG]["status"] == "done"


def test_a_document_that_left_the_inbox_stays_in_the_corpus_tables(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for name in (NEWSPAPER, TISHENG):
        shutil.copy(SEEDS / name, inbox / name)
    first = {Path(r["file"]).name: r["doc_id"] for r in run_batch_plain(str(inbox), {"out_dir": str(out)})}
    (inbox / NEWSPAPER).unlink()
    run_batch_plain(str(inbox), {"out_dir": str(out)})
    for table in ("clauses", "pages"):
        assert {r["doc_id"] for r in read_csv(out / f"{table}.csv")} == set(first.values())


def test_ingest_leaves_a_later_batch_nothing_to_do(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(SEEDS / TISHENG, inbox / TISHENG)
    assert run_ingest_plain([str(inbox / TISHENG)], {"out_dir": str(out)})[0]["status"] == "done"
    assert run_batch_plain(str(inbox), {"out_dir": str(out)})[0]["status"] == "skipped"
