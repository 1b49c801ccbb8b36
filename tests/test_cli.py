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


NO_SERVER = {"PREFECT_API_URL": ""}  # the recipe runs without Prefect


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=NO_SERVER if env is None else env)
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


def test_reference_list_prints_whole_chinese_titles() -> None:
    # reference/texts/*.json "title": a pipe or a file gets every title whole, one reference a line
    code, output = invoke("reference", "list")
    lines = output.splitlines()
    assert code == 0
    assert "gangyao-2023\t质量强国建设纲要\t" in output
    assert "zhiliang-tisheng-2017\t中共中央 国务院关于开展质量提升行动的指导意见\t" in output
    assert all(line.count("\t") == 5 for line in lines)


def test_reference_show_of_an_unknown_id_exits_6() -> None:
    code, output = invoke("reference", "show", "no-such-policy")
    assert code == 6
    assert output.startswith("unknown reference:") and "Traceback" not in output


def test_reference_show_lists_clauses() -> None:
    code, output = invoke("reference", "show", "zhiliang-tisheng-2017")
    assert code == 0
    assert "2017-09-05" in output  # reference/texts/zhiliang-tisheng-2017.json "date"


def test_ingest_prints_a_summary_per_document(tmp_path: Path) -> None:
    code, output = invoke("ingest", str(TISHENG), "--out", str(tmp_path / "out"), "--workers", "1")
    assert code == 0, output
    assert "zhiliang-tisheng-2017" in output and "1 done" in output
    folders = [p for p in (tmp_path / "out").iterdir() if (p / "manifest.json").is_file()]
    assert len(folders) == 1 and folders[0].name.startswith("003_7545518e94772d14-")
    assert (tmp_path / "out" / "policyqa.log").is_file()


def test_progress_is_plain_unwrapped_lines_when_not_a_terminal(tmp_path: Path) -> None:
    code, output = invoke("ingest", str(TISHENG), "--out", str(tmp_path / "out"))
    assert code == 0, output
    lines = output.splitlines()
    stages = [line.split(": ", 1)[1] for line in lines if line.startswith("[") and "ingest " in line and " done · " in line]
    assert stages == ["probe", "extract (1 page)", "clean", "identify", "align", "re-read", "write", "done"]
    # the summary line is longer than 80 columns and stays one line in a log
    summary = "✓ 003_7545518e94772d14.txt: zhiliang-tisheng-2017 (score 1.00); pages 1 (1 plain); flags 0 error"
    assert any(line.startswith(summary) and line.endswith("0 info") for line in lines), output


def test_a_bad_single_file_exits_with_its_error_code(tmp_path: Path) -> None:
    code, output = invoke("ingest", str(INVALID_PDF), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "bad input:" in output and "Traceback" not in output


def test_a_batch_with_a_failed_file_exits_1(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(TISHENG, inbox)
    shutil.copy(INVALID_PDF, inbox)
    code, output = invoke("batch", str(inbox), "--out", str(tmp_path / "out"), "--workers", "1")
    assert code == 1
    assert "1 done, 1 failed" in output
    assert (tmp_path / "out" / "batch_summary.csv").is_file()


def test_a_busy_output_folder_exits_7(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with output_lock(out):
        code, output = invoke("ingest", str(TISHENG), "--out", str(out))
    assert code == 7
    assert "another policyqa run is writing to" in output.replace("\n", " ")


@pytest.mark.flow
@pytest.mark.slow
def test_with_a_server_the_cli_batch_is_a_failed_flow_run_naming_the_file(tmp_path: Path, prefect_harness: None) -> None:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(TISHENG, inbox)
    shutil.copy(INVALID_PDF, inbox)
    code, output = invoke("batch", str(inbox), "--out", str(tmp_path / "out"), env={"PREFECT_API_URL": PREFECT_API_URL.value()})
    assert code == 1 and "1 done, 1 failed" in output
    with get_client(sync_client=True) as client:
        runs = [r for r in client.read_flow_runs(limit=200) if r.parameters.get("inbox") == str(inbox)]
    assert [r.state.type.value for r in runs] == ["FAILED"]
    assert runs[0].state.message.startswith("1 of 2 files failed: invalid.pdf (bad input:")


def test_progress_reports_each_page_of_a_pdf(tmp_path: Path) -> None:
    """An archivist waiting on a long PDF sees each page finish, not one line for the whole extract."""
    pdf = Path(__file__).parent / "resources" / "fixtures" / "born-digital.pdf"  # 3 pages (resources README)
    code, output = invoke("ingest", str(pdf), "--out", str(tmp_path / "out"), "--reference", "none")
    assert code == 0, output
    pages = [line.split(": ", 1)[1] for line in output.splitlines() if "extract page" in line]
    assert pages == ["extract page 1/3 done", "extract page 2/3 done", "extract page 3/3 done"]
