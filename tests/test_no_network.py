"""No network at run time: a full ingest with networking cut off, and a socket guard in-process."""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

RESOURCES = Path(__file__).parent / "resources"
SCAN = RESOURCES / "fixtures" / "scan-200.pdf"  # 3 image-only pages: OCR
TISHENG = RESOURCES / "seeds" / "003_7545518e94772d14.txt"
POLICYQA = Path(sys.executable).parent / "policyqa"


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        try:
            return ipaddress.ip_address(str(address[0]).split("%")[0]).is_loopback
        except ValueError:
            return str(address[0]) == "localhost"
    return True  # AF_UNIX paths are local


@pytest.fixture
def socket_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Fail any connect to a non-loopback address; yields the list of attempts."""
    attempts: list[object] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guard(real):  # type: ignore[no-untyped-def]
        def connect(self: socket.socket, address: object):  # type: ignore[no-untyped-def]
            if not _is_loopback(address):
                attempts.append(address)
                raise ConnectionRefusedError(f"network access during a test: {address}")
            return real(self, address)

        return connect

    monkeypatch.setattr(socket.socket, "connect", guard(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guard(real_connect_ex))
    yield attempts


def test_the_guard_catches_a_connect(socket_guard: list[object]) -> None:
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1: never routed
    assert socket_guard == [("192.0.2.1", 80)]


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_library_pipeline_with_real_ocr_makes_no_connection(socket_guard: list[object], tmp_path: Path) -> None:
    from extract.clean import clean_document
    from extract.load import extract_document
    from policyqa.options import Options
    from reference.identify import identify
    from reference.library import load_library
    from reference.segment import segment

    extracted = extract_document(SCAN, Options(out_dir=tmp_path, dpi=150))  # PaddleOCR in this process
    assert [p.route for p in extracted.pages] == ["ocr", "ocr", "ocr"]
    clean = clean_document(extracted)
    segment(clean)
    identify(clean, load_library(), "auto")
    assert "质量" in clean.text  # fixtures README: the pages print the opening of 质量强国建设纲要
    assert socket_guard == []


def _unshare_works() -> bool:
    try:
        done = subprocess.run(["unshare", "--net", "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@pytest.mark.flow
@pytest.mark.slow
@pytest.mark.ocr
@pytest.mark.timeout(900)
def test_cli_ingest_in_a_network_namespace_with_only_loopback(tmp_path: Path) -> None:
    if not _unshare_works():
        pytest.skip("unshare --net refused (needs root or user namespaces)")
    script = 'ip link set lo up && exec "$@"'
    env = dict(os.environ, COLUMNS="400", NO_COLOR="1")
    done = subprocess.run(
        ["unshare", "--net", "sh", "-c", script, "sh", str(POLICYQA), "ingest", "--out", str(tmp_path),
         "--dpi", "100", str(SCAN), str(TISHENG)],
        capture_output=True, text=True, env=env, timeout=840,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 done" in done.stdout and "Traceback" not in done.stdout + done.stderr
