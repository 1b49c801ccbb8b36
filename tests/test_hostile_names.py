"""Nothing leaks: odd input names stay inside --out, CSV formulas are neutralised, HTML is escaped.

One `policyqa ingest` (a real subprocess, one Prefect start) over text copies with hostile names
and hostile content; every check reads what that run wrote.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

pytestmark = [pytest.mark.flow, pytest.mark.slow, pytest.mark.timeout(600)]

SEED = Path(__file__).parent / "resources" / "seeds" / "003_7545518e94772d14.txt"
POLICYQA = Path(sys.executable).parent / "policyqa"

HOSTILE_NAMES = [
    "..txt",  # a dot name with an extension
    "...",  # only dots
    "..\\..\\escape.txt",  # Windows separators are plain characters on Linux
    "\u202eevil\u202dtxt.exe.txt",  # right-to-left override: shows as 'evil' + reversed extension
    "line\nbreak.txt",  # a newline in the name
    "x" * 250 + ".txt",  # near the 255-byte name limit (300 chars cannot exist on ext4)
    "质" * 80 + ".txt",  # 240 bytes of UTF-8
    "$(touch PWNED).txt",  # shell syntax must stay a name
    "CON.txt",  # a Windows device name
    " spaced .txt",
    "tab\there.txt",
    "e\u0301\u200b.txt",  # combining accent, zero-width space
]

FORMULA_LINES = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)"]
SCRIPT_LINE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def policy_text(extra: list[str]) -> str:
    """The first paragraphs of seed 003 (质量提升行动 2017) with extra lines in front."""
    body = SEED.read_text(encoding="utf-8").splitlines()[5:12]
    return "\n".join(extra + body) + "\n"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Write the inputs, run the CLI once, return what it produced."""
    root = tmp_path_factory.mktemp("hostile")
    inbox, out = root / "inbox", root / "out"
    inbox.mkdir()
    inputs = []
    for number, name in enumerate(HOSTILE_NAMES):
        path = inbox / name
        path.write_text(policy_text([f"第{number}号文件"]), encoding="utf-8")
        inputs.append(path)
    formula = inbox / "formula.txt"
    formula.write_text(policy_text(FORMULA_LINES), encoding="utf-8")
    script = inbox / "script.html"
    script.write_text(f"<html><body><p>{SCRIPT_LINE.replace('<', '&lt;')}</p>"
                      + "".join(f"<p>{line}</p>" for line in policy_text([]).splitlines()) + "</body></html>",
                      encoding="utf-8")
    inputs += [formula, script]
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    env = dict(os.environ, COLUMNS="400", NO_COLOR="1")
    result = subprocess.run(
        [str(POLICYQA), "ingest", "--out", str(out), "--", *map(str, inputs)],
        capture_output=True, text=True, env=env, cwd=inbox, timeout=540,
    )  # fmt: skip
    after = sorted(p.relative_to(root) for p in root.rglob("*") if not p.is_relative_to(out))
    ledger = json.loads((out / ".policyqa-ledger.json").read_text(encoding="utf-8"))["entries"]
    return {"root": root, "out": out, "inputs": inputs, "result": result, "before": before,
            "after": after, "ledger": ledger}  # fmt: skip


def test_every_hostile_name_is_done_into_a_safe_child_of_out(run: dict) -> None:
    result = run["result"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    out = run["out"].resolve()
    for path in run["inputs"]:
        summary = run["ledger"][str(path.resolve())]["summary"]
        assert summary["status"] == "done", summary
        doc_dir = Path(summary["doc_dir"])
        assert doc_dir.parent == out and (doc_dir / "manifest.json").is_file()
        name = doc_dir.name
        assert len(name.encode()) <= 255 and not name.startswith(".")
        assert all(unicodedata.category(c) not in ("Cc", "Cf", "Zs") for c in name), name


def test_nothing_is_written_outside_out_and_no_name_ran_as_a_command(run: dict) -> None:
    """The only paths outside --out are the inputs themselves (nothing created, e.g. PWNED)."""
    assert [p for p in run["after"] if p not in run["before"]] == []
    assert not list(Path(run["root"]).rglob("PWNED")) and not (Path.cwd() / "PWNED").exists()


def test_doc_ids_are_distinct(run: dict) -> None:
    dirs = [run["ledger"][str(p.resolve())]["summary"]["doc_dir"] for p in run["inputs"]]
    assert len(set(dirs)) == len(dirs)


def _cells(out: Path) -> list[str]:
    cells = []
    for table in out.rglob("*.csv"):
        rows = csv.reader(io.StringIO(table.read_bytes().decode("utf-8-sig"), newline=""))
        cells += [cell for row in rows for cell in row]
    return cells


def test_csv_cells_never_start_with_a_formula_character(run: dict) -> None:
    cells = _cells(run["out"])
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
    # the formula paragraph did reach a CSV cell, neutralised with a leading apostrophe
    assert any(c.startswith("'=cmd|") for c in cells)


def test_report_html_shows_a_script_as_text(run: dict) -> None:
    summary = run["ledger"][str(run["inputs"][-1].resolve())]["summary"]
    html = (Path(summary["doc_dir"]) / "report.html").read_text(encoding="utf-8")
    clean = (Path(summary["doc_dir"]) / "clean.txt").read_text(encoding="utf-8")
    assert "<script>alert" in clean  # the document really contains the markup, as text
    assert "<script>alert" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(" in html
