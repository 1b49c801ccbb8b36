"""`policyqa serve` against a real Prefect server: deploy, trigger, run, outputs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SEEDS = Path(__file__).parent / "resources" / "seeds"


pytestmark = [pytest.mark.flow, pytest.mark.slow, pytest.mark.timeout(900)]

BIN = Path(sys.executable).parent
TISHENG = "003_7545518e94772d14.txt"  # seed README: 《关于开展质量提升行动的指导意见》 (2017)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check, seconds: float, what: str) -> object:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out after {seconds:.0f}s waiting for {what}")


def get_json(url: str, body: dict | None = None) -> object:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def healthy(api: str) -> bool:
    try:
        return bool(get_json(f"{api}/health"))
    except OSError:
        return False


def finished_runs(api: str) -> list[dict]:
    runs = get_json(f"{api}/flow_runs/filter", {"limit": 20})
    return [r for r in runs if r.get("state_type") in ("COMPLETED", "FAILED", "CRASHED")]  # type: ignore[union-attr]


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


def test_serve_registers_a_deployment_whose_runs_process_the_inbox(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(SEEDS / TISHENG, inbox / TISHENG)
    # robustness MANIFEST: "a PDF header then EOF: not a PDF | must fail cleanly"
    shutil.copy(Path(__file__).parent / "resources" / "robustness" / "invalid.pdf", inbox / "invalid.pdf")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    logs = open(tmp_path / "processes.log", "wb")
    server = served = None
    try:
        server = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, start_new_session=True, stdout=logs, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for(lambda: healthy(api), 240, "the Prefect server")
        env["PREFECT_API_URL"] = api
        served = subprocess.Popen(
            [str(BIN / "policyqa"), "serve", str(inbox), "--out", str(out), "--cron", "30 3 * * 1",
             "--timezone", "Asia/Shanghai", "--dpi", "200", "--name", "itest", "--workers", "1"],
            env=env, start_new_session=True, stdout=logs, stderr=subprocess.STDOUT,
        )  # fmt: skip

        def trigger() -> bool:
            run = subprocess.run(
                [str(BIN / "prefect"), "deployment", "run", "batch/itest"],
                env=env, capture_output=True, timeout=120,
            )  # fmt: skip
            return run.returncode == 0

        wait_for(trigger, 240, "deployment batch/itest")
        deployment = get_json(f"{api}/deployments/name/batch/itest")
        schedule = deployment["schedules"][0]["schedule"]  # type: ignore[index]
        assert (schedule["cron"], schedule["timezone"]) == ("30 3 * * 1", "Asia/Shanghai")
        assert deployment["parameters"]["options"]["dpi"] == 200  # type: ignore[index]
        runs = wait_for(lambda: finished_runs(api), 480, "a finished flow run")
        # one file failed: the run is FAILED (so automations on failed runs fire), naming the file
        assert runs[0]["state_type"] == "FAILED"  # type: ignore[index]
        assert "1 of 2 files failed: invalid.pdf (bad input:" in runs[0]["state"]["message"]  # type: ignore[index]
        summary = (out / "batch_summary.csv").read_text(encoding="utf-8-sig")
        assert TISHENG in summary and ",done," in summary and ",failed," in summary
        assert list(out.glob("003_7545518e94772d14-*/manifest.json"))
    finally:
        stop(served)
        stop(server)
        logs.close()
