"""The policyqa command: options, exit codes, one-line errors, summaries."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyqa.cli import app
from policyqa.ledger import output_lock
from policyqa.logging_setup import close_file_logging

RESOURCES = Path(__file__).parent / "resources"
SEEDS = Path(__file__).parent / "resources" / "seeds"

INVALID_PDF = RESOURCES / "robustness" / "invalid.pdf"  # MANIFEST: "a PDF header then EOF: not a PDF"
TISHENG = SEEDS / "003_7545518e94772d14.txt"  # seed README: 《关于开展质量提升行动的指导意见》 (2017)


@pytest.fixture(autouse=True)
def _close_logs() -> Iterator[None]:
    yield
    close_file_logging()


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ocr", "sometimes"], "--ocr must be auto, always or never"),
        (["--dpi", "20"], "--dpi must be between 50 and 1200"),
        (["--workers", "-1"], "--workers must be 0"),
        (["--max-pages", "0"], "limits must be positive"),
        (["--ocr-engine", "tesseract"], "--ocr-engine must be openvino or paddle"),
    ],
)
def test_bad_option_values_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    code, output = invoke("ingest", str(TISHENG), "--out", str(tmp_path), *args)
    assert code == 2
    assert "bad option" in output and message in output.replace("\n", " ")


def test_reference_list_shows_the_bundled_references() -> None:
    code, output = invoke("reference", "list")
    assert code == 0
    assert "gangyao-2023" in output and "zhiliang-tisheng-2017" in output


def test_reference_show_of_an_unknown_id_exits_6() -> None:
    code, output = invoke("reference", "show", "no-such-policy")
    assert code == 6
    assert output.startswith("unknown reference:") and "Traceback" not in output


def test_reference_show_lists_clauses() -> None:
    code, output = invoke("reference", "show", "zhiliang-tisheng-2017")
    assert code == 0
    assert "2017-09-05" in output  # reference/texts/zhiliang-tisheng-2017.json "date"


@pytest.mark.flow
@pytest.mark.slow
def test_ingest_prints_a_summary_per_document(tmp_path: Path, prefect_harness: None) -> None:
    code, output = invoke("ingest", str(TISHENG), "--out", str(tmp_path / "out"), "--workers", "1")
    assert code == 0, output
    assert "zhiliang-tisheng-2017" in output and "1 done" in output
    folders = [p for p in (tmp_path / "out").iterdir() if (p / "manifest.json").is_file()]
    assert len(folders) == 1 and folders[0].name.startswith("003_7545518e94772d14-")
    assert (tmp_path / "out" / "policyqa.log").is_file()


@pytest.mark.flow
@pytest.mark.slow
def test_a_bad_single_file_exits_with_its_error_code(tmp_path: Path, prefect_harness: None) -> None:
    code, output = invoke("ingest", str(INVALID_PDF), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "bad input:" in output and "Traceback" not in output


@pytest.mark.flow
@pytest.mark.slow
def test_a_batch_with_a_failed_file_exits_1(tmp_path: Path, prefect_harness: None) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(TISHENG, inbox)
    shutil.copy(INVALID_PDF, inbox)
    code, output = invoke("batch", str(inbox), "--out", str(tmp_path / "out"), "--workers", "1")
    assert code == 1
    assert "1 done, 1 failed" in output
    assert (tmp_path / "out" / "batch_summary.csv").is_file()


@pytest.mark.flow
@pytest.mark.slow
def test_a_busy_output_folder_exits_7(tmp_path: Path, prefect_harness: None) -> None:
    out = tmp_path / "out"
    with output_lock(out):
        code, output = invoke("ingest", str(TISHENG), "--out", str(out))
    assert code == 7
    assert "another policyqa run is writing to" in output.replace("\n", " ")
