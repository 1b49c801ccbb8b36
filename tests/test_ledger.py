"""The batch ledger and the output-folder lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policyqa.errors import OutputError
from policyqa.ledger import LEDGER_NAME, LOCK_NAME, Ledger, LedgerKey, output_lock

KEY = LedgerKey("a" * 64, "1", "lib1", "opt1")


def done_row(doc_dir: Path) -> dict[str, object]:
    doc_dir.mkdir(parents=True, exist_ok=True)
    (doc_dir / "manifest.json").write_text("{}", encoding="utf-8")
    return {"status": "done", "doc_dir": str(doc_dir), "file": "x.txt"}


def test_a_recorded_file_is_current_after_reloading(tmp_path: Path) -> None:
    Ledger.load(tmp_path).record("/in/x.txt", KEY, done_row(tmp_path / "x-1"))
    ledger = Ledger.load(tmp_path)
    assert ledger.is_current("/in/x.txt", KEY)
    assert ledger.summary("/in/x.txt")["status"] == "done"


@pytest.mark.parametrize(
    "changed",
    [
        LedgerKey("b" * 64, "1", "lib1", "opt1"),  # the file changed
        LedgerKey("a" * 64, "2", "lib1", "opt1"),  # a new pipeline version
        LedgerKey("a" * 64, "1", "lib2", "opt1"),  # a reference text changed
        LedgerKey("a" * 64, "1", "lib1", "opt2"),  # options that alter outputs
    ],
)
def test_any_change_of_key_means_redo(tmp_path: Path, changed: LedgerKey) -> None:
    ledger = Ledger(tmp_path)
    ledger.record("/in/x.txt", KEY, done_row(tmp_path / "x-1"))
    assert not ledger.is_current("/in/x.txt", changed)


def test_failed_files_and_incomplete_folders_are_not_current(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path)
    ledger.record("/in/bad.pdf", KEY, {"status": "failed", "doc_dir": ""})
    row = done_row(tmp_path / "x-1")
    ledger.record("/in/x.txt", KEY, row)
    (tmp_path / "x-1" / "manifest.json").unlink()  # the folder lost its completion mark
    assert not ledger.is_current("/in/bad.pdf", KEY)
    assert not ledger.is_current("/in/x.txt", KEY)


@pytest.mark.parametrize("content", ["", "{truncated", "[1, 2]", '{"entries": 5}'])
def test_an_unreadable_ledger_starts_empty(tmp_path: Path, content: str) -> None:
    (tmp_path / LEDGER_NAME).write_text(content, encoding="utf-8")
    assert Ledger.load(tmp_path).entries == {}


def test_save_leaves_no_temp_file(tmp_path: Path) -> None:
    Ledger(tmp_path).record("/in/x.txt", KEY, done_row(tmp_path / "x-1"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [LEDGER_NAME, "x-1"]


def test_a_second_run_on_the_same_folder_fails_clearly(tmp_path: Path) -> None:
    with output_lock(tmp_path):
        with pytest.raises(OutputError, match="another policyqa run") as raised:
            with output_lock(tmp_path, wait_s=0.3):
                pass
    assert raised.value.exit_code == 7
    with output_lock(tmp_path):  # released when the first run ends
        pass


def test_a_killed_holder_releases_the_lock(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(tmp_path / LOCK_NAME)!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)\n"
        )],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputError):
            with output_lock(tmp_path):
                pass
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
    deadline = time.monotonic() + 5
    with output_lock(tmp_path, wait_s=max(0.0, deadline - time.monotonic())):
        pass


def test_an_unwritable_output_folder_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError):
        with output_lock(blocker / "out"):
            pass
