"""Rendering: dpi under the pixel cap, the isolated worker, its deadline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract import render
from extract.render import choose_dpi, render_page, render_page_isolated
from policyqa.errors import LimitExceededError

RESOURCES = Path(__file__).parent / "resources"
BORN_DIGITAL = RESOURCES / "fixtures" / "born-digital.pdf"
A4 = (595.28, 841.89)


@pytest.mark.parametrize(
    ("size", "dpi", "cap", "expected"),
    [
        (A4, 300, 50_000_000, 300.0),  # 8.7 Mpx fits
        ((2160, 2160), 300, 50_000_000, 235.7),  # enormous.pdf: 30 in square
        ((8400, 8400), 300, 50_000_000, 60.6),  # hugemono.pdf
        ((8400, 8400), 300, 10_000_000, None),  # would need < 50 dpi
        ((72, 72), 1200, 10_000, 100.0),
        ((0, 100), 300, 50_000_000, None),
    ],
)
def test_choose_dpi(size: tuple[float, float], dpi: int, cap: int, expected: float | None) -> None:
    got = choose_dpi(size[0], size[1], dpi, cap)
    assert got == expected
    if got is not None:
        assert (size[0] / 72 * got) * (size[1] / 72 * got) <= cap


def test_render_in_process_size_and_scale() -> None:
    done = render_page(BORN_DIGITAL, 0, dpi=72, max_pixels=50_000_000)
    assert done.image.dtype == np.uint8 and done.image.shape[0] == 842 and done.image.shape[1] in (595, 596)
    assert done.scale == 1.0
    assert done.image.min() < 50 and done.image.max() == 255  # black text on white


def test_isolated_render_matches_in_process() -> None:
    here = render_page(BORN_DIGITAL, 1, dpi=100, max_pixels=50_000_000)
    there = render_page_isolated(BORN_DIGITAL, 1, dpi=100, max_pixels=50_000_000, timeout_s=60)
    assert there.dpi == here.dpi == 100
    assert np.array_equal(there.image, here.image)


def test_pixel_cap_fails_with_reason() -> None:
    with pytest.raises(LimitExceededError, match="even at 50 dpi"):
        render_page_isolated(BORN_DIGITAL, 0, dpi=300, max_pixels=10_000, timeout_s=60)


def test_page_out_of_range_is_an_error_not_a_crash() -> None:
    with pytest.raises(RuntimeError):
        render_page_isolated(BORN_DIGITAL, 99, dpi=72, max_pixels=50_000_000, timeout_s=60)
    # the worker keeps serving afterwards
    assert render_page_isolated(BORN_DIGITAL, 0, dpi=72, max_pixels=50_000_000, timeout_s=60).dpi == 72


@pytest.mark.timeout(120)
def test_deadline_kills_the_worker_and_the_next_page_works() -> None:
    hugemono = RESOURCES / "robustness" / "hugemono.pdf"  # takes seconds to render
    with pytest.raises(LimitExceededError, match="longer than"):
        render_page_isolated(hugemono, 0, dpi=300, max_pixels=50_000_000, timeout_s=0.05)
    assert render._WORKER.pipe.pid is None  # killed
    done = render_page_isolated(BORN_DIGITAL, 0, dpi=72, max_pixels=50_000_000, timeout_s=60)
    assert done.image.shape[:2] == (842, 596) or done.image.shape[:2] == (842, 595)
    render.stop_worker()


SCAN_200 = RESOURCES / "fixtures" / "scan-200.pdf"  # one 1654×2339 JPEG per A4 page (make_fixtures.py)
STRIPS = RESOURCES / "scan_das_kapital_zh_p12.pdf"  # 62 horizontal image strips, not one image


def test_a_one_image_scan_is_read_at_its_own_resolution_not_re_rendered() -> None:
    done = render_page_isolated(SCAN_200, 0, dpi=300, max_pixels=50_000_000, timeout_s=60)
    assert done.image.shape == (2339, 1654, 3) and round(done.dpi) == 200 and done.embedded
    assert done.scale * 1654 == pytest.approx(595.28, abs=0.5)  # pixel → point mapping still spans A4
    rendered = render_page(SCAN_200, 0, dpi=300, max_pixels=50_000_000, embedded=False)
    assert rendered.image.shape[0] == 3508 and rendered.image.shape[1] in (2480, 2481)  # before: 2.25× the pixels


def test_an_embedded_scan_finer_than_asked_is_rendered_at_the_dpi_asked() -> None:
    assert render_page(SCAN_200, 0, dpi=100, max_pixels=50_000_000).dpi == 100


def test_a_page_of_image_strips_is_rendered() -> None:
    done = render_page(STRIPS, 0, dpi=100, max_pixels=50_000_000)
    assert done.dpi == 100 and done.image.shape[:2] == (2500, 1703)  # the whole 1225.5×1800 pt page
