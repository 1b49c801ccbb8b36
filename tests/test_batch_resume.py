"""A batch killed with SIGKILL mid-run resumes: every document ends in the corpus exactly once."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policyqa.ledger import LEDGER_NAME

SEEDS = Path(__file__).parent / "resources" / "seeds"


pytestmark = [pytest.mark.flow, pytest.mark.slow, pytest.mark.timeout(900)]

POLICYQA = Path(sys.executable).parent / "policyqa"
NAMES = (
    "000_9b2215ac29e8729a.txt",
    "002_06e29e5cb5eabbe7.txt",
    "003_7545518e94772d14.txt",
    "004_a095563d9a1bfe59.txt",
)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")  # its own temporary server and database
    return env


def complete_folders(out: Path) -> list[Path]:
    return sorted(p.parent for p in out.glob("*/manifest.json"))


def recorded_done(out: Path) -> set[str]:
    """Document folders the ledger records as done: what a resumed batch must skip.

    Not the folders with a manifest: the ledger is written just after a document's manifest, so a
    kill between the two leaves a complete folder the ledger does not know, which is redone.
    """
    try:
        entries = json.loads((out / LEDGER_NAME).read_text(encoding="utf-8"))["entries"]
    except (OSError, ValueError, KeyError):
        return set()
    done = [e["summary"] for e in entries.values() if e["summary"].get("status") == "done"]
    return {Path(summary["doc_dir"]).name for summary in done}


def start_batch(inbox: Path, out: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [str(POLICYQA), "batch", str(inbox), "--out", str(out), "--workers", "1"]
    return subprocess.Popen(
        command, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the batch and everything it started (its temporary Prefect server)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


def test_a_killed_batch_resumes_and_holds_every_document_once(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for copy in range(3):  # twelve files, so the first run is still going when it is killed
        for name in NAMES:
            shutil.copy(SEEDS / name, inbox / f"{copy}_{name}")
    out, env = tmp_path / "out", environment(tmp_path)
    first = start_batch(inbox, out, env)
    try:
        deadline = time.monotonic() + 600
        while not recorded_done(out) and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert recorded_done(out), "no document finished before the deadline"
        assert first.poll() is None, "the batch finished before it could be killed"
    finally:
        kill_group(first)
    finished_before = recorded_done(out)
    assert 0 < len(finished_before) < 3 * len(NAMES)

    second = subprocess.run(
        [str(POLICYQA), "batch", str(inbox), "--out", str(out), "--workers", "1"],
        env=env, capture_output=True, text=True, timeout=800,
    )  # fmt: skip
    assert second.returncode == 0, second.stdout + second.stderr

    summary = read_csv(out / "batch_summary.csv")
    assert sorted(Path(r["file"]).name for r in summary) == sorted(f"{c}_{n}" for c in range(3) for n in NAMES)
    # what the killed run finished is skipped, everything else is done now: nothing twice, nothing lost
    assert {r["doc_id"]: r["status"] for r in summary} == {
        r["doc_id"]: "skipped" if r["doc_id"] in finished_before else "done" for r in summary
    }
    folders = complete_folders(out)
    assert sorted(f.name for f in folders) == sorted(r["doc_id"] for r in summary)
    corpus = read_csv(out / "clauses.csv")
    for folder in folders:  # each document's rows appear once, in its own order
        own = [r["clause_id"] for r in read_csv(folder / "clauses.csv")]
        assert [r["clause_id"] for r in corpus if r["doc_id"] == folder.name] == own
    assert len(corpus) == sum(len(read_csv(f / "clauses.csv")) for f in folders)
    assert [str(p) for p in out.rglob("*.tmp")] == []
