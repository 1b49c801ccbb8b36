"""`policyqa ingest` over the whole robustness corpus: text or a typed one-line error per file.

One CLI process for all 24 PDFs (a Prefect start costs 10–40 s here), then the two encrypted
files with their passwords (MANIFEST.md). Real OCR, at 100 dpi to keep the run short. Peak
memory is the largest resident set of any process of the run (getrusage RUSAGE_CHILDREN of a
wrapper whose only child is the CLI).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.flow, pytest.mark.slow, pytest.mark.ocr, pytest.mark.timeout(1500)]

CORPUS = Path(__file__).parent / "resources" / "robustness"
POLICYQA = Path(sys.executable).parent / "policyqa"
LIMIT_KB = 3 * 1024 * 1024  # 3 GB, as ru_maxrss counts (KiB on Linux)
RUN_BOUND_S = 1200

# MANIFEST.md: "invalid.pdf | a PDF header then EOF: not a PDF | must fail cleanly",
# "empty.pdf | zero bytes | must fail cleanly", and the two with user passwords.
EXPECTED_FAILURES = {
    "empty.pdf": "bad input: empty.pdf is empty (0 bytes)",
    "invalid.pdf": "bad input:",
    "password-example.pdf": "encrypted:",
    "aes-256-r6.pdf": "encrypted:",
}

WRAPPER = (
    "import resource, subprocess, sys, json;"
    "rc = subprocess.call(sys.argv[1:]);"
    "print(json.dumps({'rc': rc, 'maxrss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}),"
    " file=sys.stderr)"
)


def run_cli(*args: str, out: Path) -> dict:
    """Run `policyqa ingest … --out out` under the wrapper; rc, console, peak memory, seconds, ledger."""
    env = dict(os.environ, COLUMNS="400", NO_COLOR="1")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(POLICYQA), "ingest", "--out", str(out), "--dpi", "100", *args],
        capture_output=True, text=True, env=env, timeout=RUN_BOUND_S,
    )  # fmt: skip
    *console_err, measured = done.stderr.rstrip("\n").split("\n")
    ledger = json.loads((out / ".policyqa-ledger.json").read_text(encoding="utf-8"))["entries"]
    rows = {Path(name).name: entry["summary"] for name, entry in ledger.items()}
    return {"console": done.stdout + "\n".join(console_err), "seconds": time.monotonic() - started,
            "rows": rows, **json.loads(measured)}  # fmt: skip


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    files = sorted(str(p) for p in CORPUS.glob("*.pdf"))
    return run_cli(*files, out=tmp_path_factory.mktemp("corpus"))


def test_the_whole_corpus_ends_in_one_bounded_run_without_a_traceback(corpus_run: dict) -> None:
    assert corpus_run["rc"] == 1  # some files failed (exit code of a run over several files)
    assert "Traceback" not in corpus_run["console"]
    assert corpus_run["seconds"] < RUN_BOUND_S
    assert corpus_run["maxrss_kb"] < LIMIT_KB, f"peak RSS {corpus_run['maxrss_kb'] / 1024:.0f} MB"


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.pdf")))
def test_each_file_is_done_or_failed_with_a_typed_one_line_reason(corpus_run: dict, name: str) -> None:
    row = corpus_run["rows"][name]
    console_lines = [line for line in corpus_run["console"].splitlines() if f" {name}" in line]
    assert console_lines, f"{name} missing from the console summary"
    if name in EXPECTED_FAILURES:
        assert row["status"] == "failed"
        assert row["error"].startswith(EXPECTED_FAILURES[name]) and "\n" not in row["error"]
        assert "internal error" not in row["error"]
        assert any(row["error"] in line for line in console_lines)
    else:
        assert row["status"] == "done", row["error"]
        assert (Path(row["doc_dir"]) / "manifest.json").is_file()


def test_encrypted_files_ask_for_a_password(corpus_run: dict) -> None:
    for name in ("password-example.pdf", "aes-256-r6.pdf"):
        assert corpus_run["rows"][name]["error"].endswith("— pass --password")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("issue_566_test_2.pdf", "甲方：中国饮料有限公司（盖章）"),  # MANIFEST known answer
        ("embedded-cmap-cidfont.pdf", "This text uses an embedded CMap"),  # MANIFEST known answer
        ("issue-71-duplicate-chars.pdf", "微软"),  # MANIFEST: deduplicated `微软 培训课程`
        # MANIFEST: empty user password, "opens; text extractable"; the page (one image, so OCR)
        # read at 80 dpi: "MESSAGE / OF THE / PRESIDENT OF THE UNITED STATES, / COMMUNICATING …"
        ("encrypted_algo4.pdf", "PRESIDENT OF THE UNITED STATES"),
    ],
)
def test_known_answers_reach_clean_txt(corpus_run: dict, name: str, expected: str) -> None:
    clean = (Path(corpus_run["rows"][name]["doc_dir"]) / "clean.txt").read_text(encoding="utf-8")
    assert clean.strip() and expected in clean
    assert "微微软软" not in clean


@pytest.mark.parametrize(
    ("name", "password", "expected"),
    [
        ("password-example.pdf", "test", "Backup4all"),  # page 1: "Backup4all –backup solution …"
        ("aes-256-r6.pdf", "usersecret", "Hello World"),  # MANIFEST: user password `usersecret`
    ],
)
def test_encrypted_files_open_with_their_password(
    tmp_path: Path, name: str, password: str, expected: str
) -> None:
    run = run_cli("--password", password, str(CORPUS / name), out=tmp_path)
    assert run["rc"] == 0 and "Traceback" not in run["console"]
    clean = (Path(run["rows"][name]["doc_dir"]) / "clean.txt").read_text(encoding="utf-8")
    assert expected in clean
