"""report.html in a real browser: headless Chromium renders it, runs its script, draws something."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from output.document import write_document
from output.sample import sample_result
from report_docs import make_result

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


def _red(image: Image.Image) -> int:
    """Pixels of the crops' box red (220, 0, 0), give or take the browser's scaling."""
    red, green, blue = (band.point(lambda v, hi=hi: 255 if (v > 170) == hi else 0)
                        for band, hi in zip(image.convert("RGB").split(), (True, False, False)))
    return ImageChops.multiply(ImageChops.multiply(red, green), blue).histogram()[255]


@pytest.mark.parametrize("scanned", [False, True])
def test_crop_is_drawn_beside_the_flag(tmp_path: Path, scanned: bool) -> None:
    result = make_result(tmp_path, corrupt=True, scanned=scanned)
    write_document(tmp_path / "doc", result)
    page = tmp_path / "doc" / "report.html"
    png = tmp_path / "shot.png"
    _chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,1400", page.as_uri())
    with Image.open(png) as shot:
        assert _red(shot) > 150  # the crop's box is on screen, drawn by the browser from the data: URI
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    link = re.search(r'<a class="page-link" href="([^"]+)"', dom)
    assert link and link.group(1) == f"{Path(result.source_path).resolve().as_uri()}#page=1"
    assert re.search(r'<a href="#F0001">F0001</a>', dom)  # the error's jump link


@pytest.mark.parametrize(
    ("corrupt", "compared", "headline"),
    [
        (True, True, "1 处错误待核 1 error(s) to check"),
        (False, True, "未发现错误 No errors or warnings"),
        (False, False, "未比对 Not compared: no reference matched"),
    ],
)
def test_verdict_as_the_browser_shows_it(tmp_path: Path, corrupt: bool, compared: bool, headline: str) -> None:
    write_document(tmp_path / "doc", make_result(tmp_path, corrupt=corrupt, compared=compared))
    dom = _chromium(tmp_path, "--dump-dom", (tmp_path / "doc" / "report.html").as_uri()).stdout
    shown = dom.split('id="verdict">')[1].split("</div>")[0]
    assert shown.startswith(headline)
    if not compared:
        assert "No flags" not in dom  # an uncompared copy was not checked: never "no flags"
