"""The page beside each flag: crops from generated PDFs (born-digital and scanned), boxes where the print is."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image, ImageChops

from output.crops import CROP_SCALE
from reference.place import bboxed_lines, place_flag
from output.report import flagged_clauses, render_report, verdict, with_crops
from report_docs import CORRUPTED, make_result


def _printed_box(pdf: Path, text: str) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) in points of `text` as pdfplumber's own characters place it on page 1."""
    with pdfplumber.open(pdf) as doc:
        chars = doc.pages[0].chars
        joined = "".join(c["text"] for c in chars)
        at = joined.index(text)
        run = chars[at : at + len(text)]
        return min(c["x0"] for c in run), min(c["top"] for c in run), max(c["x1"] for c in run), max(c["bottom"] for c in run)


@pytest.mark.parametrize("scanned", [False, True])
def test_flag_is_placed_on_the_printed_characters(tmp_path: Path, scanned: bool) -> None:
    result = make_result(tmp_path, corrupt=True, scanned=scanned)
    assert result.comparison is not None
    (flag,) = [f for f in result.comparison.flags if f.severity == "error"]
    clause = next(c for c in result.clauses if c.clause_id == flag.clause_id)
    place = place_flag(result.extracted, clause, flag)
    assert place is not None and place.page == 1 and len(place.boxes) == 1
    box = place.boxes[0]
    line = bboxed_lines(result.extracted, 1)[box.line]
    x0, top, x1, bottom = _printed_box(tmp_path / "witness.pdf", CORRUPTED[-2:])  # 降低 as printed
    em = bottom - top
    assert abs(box.x0 - x0) < 0.5 * em and abs(box.x1 - x1) < 0.5 * em  # within half a character
    assert line.bbox is not None and line.bbox[1] - em < top < line.bbox[3]


def _red_pixels(image: Image.Image) -> int:
    red, green, blue = (band.point(lambda v, lo=lo: 255 if (v > 180) == lo else 0) for band, lo in
                        zip(image.convert("RGB").split(), (True, False, False)))
    return ImageChops.multiply(ImageChops.multiply(red, green), blue).histogram()[255]


@pytest.mark.parametrize("scanned", [False, True])
def test_crop_is_embedded_with_the_flagged_characters_boxed(tmp_path: Path, scanned: bool) -> None:
    result = make_result(tmp_path, corrupt=True, scanned=scanned)
    (card,) = with_crops(result, flagged_clauses(result, result.reference))
    (crop,) = card.card_crops
    assert crop.page == 1 and crop.link.startswith("file://") and crop.link.endswith("#page=1")
    image = Image.open(io.BytesIO(base64.b64decode(crop.data_uri.split(",", 1)[1])))
    assert image.size == (crop.width, crop.height) and image.width > 4 * image.height  # one line, not a page
    assert _red_pixels(image) > 100  # the box was drawn
    gray = image.convert("L")
    assert sum(gray.histogram()[:100]) > 0.03 * image.width * image.height  # print is visible in it
    html = render_report(result)
    assert crop.data_uri in html and html.count(crop.data_uri) == 1  # each crop shown once


def test_crop_scale_renders_legible_print(tmp_path: Path) -> None:
    result = make_result(tmp_path, corrupt=True)
    (card,) = with_crops(result, flagged_clauses(result, result.reference))
    (crop,) = card.card_crops
    assert crop.height >= 16 * CROP_SCALE  # a 16 pt line is at least 32 pixels tall


def test_no_crop_without_a_readable_source(tmp_path: Path) -> None:
    result = make_result(tmp_path, corrupt=True)
    result.source_path = str(tmp_path / "gone.pdf")
    (card,) = with_crops(result, flagged_clauses(result, result.reference))
    assert card.card_crops == [] and "data:image" not in render_report(result)


@pytest.mark.parametrize(
    ("corrupt", "compared", "state"),
    [(True, True, "errors"), (False, True, "clean"), (False, False, "not_compared")],
)
def test_verdict(tmp_path: Path, corrupt: bool, compared: bool, state: str) -> None:
    result = make_result(tmp_path, corrupt=corrupt, compared=compared)
    flags = result.comparison.flags if result.comparison else []
    assert verdict(result, flags)["state"] == state
