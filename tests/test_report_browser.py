"""report.html in a real browser: headless Chromium renders it, runs its script, draws something."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from output.document import write_document
from output.sample import sample_result

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"),
]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", *args,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    result = sample_result("（二十）<script>document.title='pwned'</script>强化企业质量保证金能力建设。")
    write_document(tmp_path / "doc", result)
    return tmp_path / "doc" / "report.html"


def test_screenshot_is_not_blank(tmp_path: Path, report: Path) -> None:
    png = tmp_path / "report.png"
    _chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,2000", report.as_uri())
    assert png.is_file() and png.stat().st_size > 0
    with Image.open(png) as image:
        gray = image.convert("L")
        assert gray.size == (1280, 2000)
        dark = sum(count for level, count in enumerate(gray.histogram()) if level < 128)
    assert dark > 2000  # text was drawn, not an empty white page


def test_script_ran_and_document_script_did_not(tmp_path: Path, report: Path) -> None:
    done = _chromium(tmp_path, "--dump-dom", report.as_uri())
    dom = done.stdout
    assert "显示 1 / 1 条标记 flags shown" in dom  # written by the report's own filter script
    assert "pwned" not in dom.split("<title>")[1].split("</title>")[0]
    assert "&lt;script&gt;document.title" in dom  # the document's script is shown as text
