"""Seals lifted off before OCR: pixel rules, seal-shaped regions only, and the real model on a sealed page."""

from __future__ import annotations

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from extract.seal import remove_seals, seal_boxes
from seal_page import CENTRE_TEXT, RING_TEXT, sealed_page


def _page(width: int = 600, height: int = 800) -> np.ndarray:
    return np.full((height, width, 3), 255, dtype=np.uint8)


def test_a_round_red_seal_is_lifted_and_the_print_under_it_stays() -> None:
    page = _page()
    yy, xx = np.mgrid[:800, :600]
    ring = np.abs(np.hypot(xx - 300, yy - 400) - 90) < 6
    page[ring] = (225, 35, 45)
    page[395:405, 150:450] = (30, 30, 30)  # a printed stroke through the seal
    page[398:402, 200:260] = (26, 5, 6)  # print under stamp ink: dark in every channel
    before = page.copy()
    out = remove_seals(page)
    assert len(seal_boxes(page)) == 1
    assert (out[ring & ~((yy >= 395) & (yy < 405))] > 240).all()  # the ring became paper
    assert (out[395:405, 150:450] < 60).all()  # the print, under the seal or not, is still ink
    assert np.array_equal(page, before)  # the input is not modified


def test_red_print_that_is_not_seal_shaped_is_kept() -> None:
    page = _page()
    page[60:110, 40:560] = (200, 20, 30)  # a red 版头 title band: far wider than tall
    page[300:330, 100:130] = (200, 20, 30)  # a small red heading character
    assert seal_boxes(page) == [] and np.array_equal(remove_seals(page), page)


def test_a_grey_scan_passes_through() -> None:
    rng = np.random.default_rng(1)
    grey = rng.integers(0, 256, (200, 300), dtype=np.uint8)
    page = np.stack([grey] * 3, axis=-1)
    assert remove_seals(page) is page


@pytest.fixture(scope="module")
def paddle():  # noqa: ANN201 - the real engine
    from extract.paddle import get_engine

    return get_engine()


@pytest.mark.ocr
@pytest.mark.slow
def test_text_under_a_seal_is_read_and_the_seal_is_not(paddle) -> None:  # noqa: ANN001
    image, printed, (x0, y0, x1, y1) = sealed_page()
    band = remove_seals(image)[y0:y1, x0:x1]
    read = "".join(line.text for line in paddle.recognize(np.ascontiguousarray(band)))
    expected = "".join(printed)
    cer = Levenshtein.distance(read, expected) / len(expected)
    assert cer <= 0.05, (read, expected)
    assert CENTRE_TEXT not in read and not any(RING_TEXT[k : k + 2] in read for k in range(len(RING_TEXT) - 1)
                                               if RING_TEXT[k : k + 2] not in expected)
