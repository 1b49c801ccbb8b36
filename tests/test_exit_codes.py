"""What an operator meets at the command line: exit codes, one-line messages, no tracebacks.

Every case runs the real `policyqa` command (CliRunner, or a real process where the case is about
the process: Ctrl-C, a read-only mount, start-up without Prefect).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyqa.cli import app
from policyqa.errors import ExitCode, exit_code_table
from policyqa.logging_setup import close_file_logging

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = Path(__file__).parent / "resources"
SEEDS = RESOURCES / "seeds"
TISHENG = SEEDS / "003_7545518e94772d14.txt"  # seed README: 《关于开展质量提升行动的指导意见》 (2017)
GANGYAO = SEEDS / "000_9b2215ac29e8729a.txt"  # seed README: 《质量强国建设纲要》, the 新华社 release
INVALID_PDF = RESOURCES / "robustness" / "invalid.pdf"  # MANIFEST: "a PDF header then EOF: not a PDF"


@pytest.fixture(autouse=True)
def _close_logs() -> Iterator[None]:
    yield
    close_file_logging()


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


def one_line_no_traceback(output: str) -> bool:
    return "Traceback" not in output and len(output.strip().splitlines()) == 1


def policyqa(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "policyqa.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)


def no_prefect_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}


# --- the docs agree with the enum ------------------------------------------------------------


def test_the_docs_exit_code_table_is_the_enums() -> None:
    docs = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert exit_code_table() in docs
    assert "| 8 |" in docs and "| 130 |" in docs


def test_every_typed_error_carries_a_code_of_the_enum() -> None:
    from policyqa import errors

    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.PolicyQAError)]
    assert len(classes) >= 8
    assert all(isinstance(c.exit_code, ExitCode) for c in classes)


# --- bad input: 2 -----------------------------------------------------------------------------


def test_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    code, output = invoke("ingest", str(tmp_path / "nope.pdf"), "--out", str(tmp_path / "out"))
    assert code == ExitCode.BAD_INPUT == 2
    assert output.startswith("bad input:") and "does not exist" in output and one_line_no_traceback(output)
    assert not (tmp_path / "out").exists()  # checked before anything was written


def test_an_unknown_reference_stops_before_any_work(tmp_path: Path) -> None:
    code, output = invoke("ingest", str(TISHENG), "--reference", "no-such-policy", "--out", str(tmp_path / "out"))
    assert code == ExitCode.UNKNOWN_REFERENCE == 6
    assert "no-such-policy" in output and one_line_no_traceback(output)
    assert not [p for p in (tmp_path / "out").iterdir() if p.is_dir()]  # no document was read


def test_a_folder_given_to_ingest_is_bad_input(tmp_path: Path) -> None:
    code, output = invoke("ingest", str(SEEDS), "--out", str(tmp_path / "out"))
    assert code == 2 and "is a folder" in output and "policyqa batch" in output
    assert one_line_no_traceback(output)


def test_a_missing_inbox_is_bad_input(tmp_path: Path) -> None:
    code, output = invoke("batch", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"))
    assert code == 2 and "does not exist" in output and one_line_no_traceback(output)


# --- output not writable: 7 ---------------------------------------------------------------------


def test_out_that_is_a_file_exits_7(tmp_path: Path) -> None:
    blocker = tmp_path / "out.txt"
    blocker.write_text("x", encoding="utf-8")
    code, output = invoke("ingest", str(TISHENG), "--out", str(blocker))
    assert code == ExitCode.OUTPUT == 7
    assert output.startswith("cannot write output:") and "is a file" in output
    assert one_line_no_traceback(output) and blocker.read_text(encoding="utf-8") == "x"


def test_out_in_a_folder_even_root_cannot_write_exits_7() -> None:
    # /sys refuses new entries to every user, root included (EPERM), so this runs in CI as root
    code, output = invoke("ingest", str(TISHENG), "--out", "/sys/policyqa-out")
    assert code == 7 and output.startswith("cannot write output:") and one_line_no_traceback(output)


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs util-linux unshare")
def test_out_on_a_read_only_mount_exits_7(tmp_path: Path) -> None:
    out = tmp_path / "ro"
    out.mkdir()
    script = f'mount -o bind,ro "{out}" "{out}" && exec "{sys.executable}" -m policyqa.cli ingest "{TISHENG}" --out "{out}"'
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"user namespaces unavailable here: {probe.stderr.decode().strip()}")
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, cwd=ROOT,
                            env=no_prefect_env(), timeout=120)  # fmt: skip
    assert result.returncode == 7, result.stdout + result.stderr
    assert "Read-only file system" in result.stdout and "Traceback" not in result.stdout + result.stderr


# --- serve: 2 for a bad schedule, 8 without a server -------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_without_a_server_fails_at_once(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    started = time.monotonic()
    code, output = invoke("serve", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), env={"PREFECT_API_URL": ""})
    assert code == ExitCode.SERVER == 8
    assert "PREFECT_API_URL is not set" in output and one_line_no_traceback(output)
    assert time.monotonic() - started < 30  # not a process waiting forever


def test_serve_with_an_unreachable_server_says_so(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    api = f"http://127.0.0.1:{free_port()}/api"
    code, output = invoke("serve", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), env={"PREFECT_API_URL": api})
    assert code == 8 and f"the Prefect server at {api} does not answer" in output.replace("\n", "")
    assert "Traceback" not in output


def test_batch_with_an_unreachable_server_says_so_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    shutil.copy(TISHENG, tmp_path / "inbox")
    api = f"http://127.0.0.1:{free_port()}/api"
    code, output = invoke("batch", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), env={"PREFECT_API_URL": api})
    assert code == 8 and f"the Prefect server at {api} does not answer" in output.replace("\n", "")
    assert "Traceback" not in output and not list((tmp_path / "out").glob("*/manifest.json"))


@pytest.mark.parametrize(
    ("args", "named"),
    [(["--cron", "0 2 * *"], "--cron '0 2 * *'"), (["--timezone", "Mars/Olympus"], "--timezone 'Mars/Olympus'")],
)
def test_serve_with_a_bad_schedule_is_a_bad_option(tmp_path: Path, args: list[str], named: str) -> None:
    (tmp_path / "inbox").mkdir()
    code, output = invoke("serve", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), *args)
    assert code == 2 and output.startswith("bad option:") and named in output
    assert "Traceback" not in output


def test_serve_takes_the_batch_options() -> None:
    code, output = invoke("serve", "--help")
    assert code == 0
    for option in ("--timezone", "--dpi", "--password", "--max-pages", "--max-pixels", "--page-timeout", "--force"):
        assert option in output


# --- version, -h, help that tells the truth --------------------------------------------------------


def test_version_and_short_help() -> None:
    import policyqa

    assert invoke("--version") == (0, f"policyqa {policyqa.__version__}\n")
    code, output = invoke("-h")
    assert code == 0 and "ingest" in output and "PREFECT_API_URL" in output
    code, output = invoke("ingest", "-h")
    assert code == 0 and "one per two cores" in " ".join(output.split())


# --- a run without Prefect, in a fresh process -----------------------------------------------------


@pytest.mark.slow
def test_ingest_without_a_server_imports_no_prefect(tmp_path: Path) -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['policyqa', 'ingest', sys.argv[1], '--out', sys.argv[2]]\n"
        "try:\n    runpy.run_module('policyqa.cli', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    heavy = sorted(m for m in ('prefect', 'paddle', 'openvino', 'dask', 'distributed') if m in sys.modules)\n"
        "    print('EXIT', exit.code, 'HEAVY', heavy)\n"
    )  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code, str(TISHENG), str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=ROOT, env=no_prefect_env(), timeout=120)  # fmt: skip
    assert "EXIT 0 HEAVY []" in result.stdout, result.stdout + result.stderr
    assert "zhiliang-tisheng-2017" in result.stdout


@pytest.mark.slow
def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(40):  # enough text copies that the run is still going when the signal comes
        shutil.copy(GANGYAO, inbox / f"copy{n:02d}.txt")
    command = [sys.executable, "-m", "policyqa.cli", "batch", str(inbox), "--out", str(tmp_path / "out")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
                               env=no_prefect_env())  # fmt: skip
    lines = []
    assert process.stdout is not None
    for line in process.stdout:  # plain progress lines (not a terminal): wait for the first finished file
        lines.append(line)
        if ": done" in line:
            break
    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=60)
    output = "".join(lines) + rest
    assert process.returncode == ExitCode.INTERRUPTED == 130, output
    assert "interrupted" in rest and "Traceback" not in output
