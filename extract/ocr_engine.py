"""The OCR engine contract: recognise one page image, report what model did it.

PaddleOCR (extract/paddle.py) is the engine; tests use a fake or a recorded result that follows
the same contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class OcrLine:
    """One recognised line: text, box in *pixels* of the image given, confidence in [0, 1]."""

    text: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom (pixels)
    confidence: float


class OcrEngine(Protocol):
    """Anything that can read a page image."""

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        """Lines of an RGB uint8 image (H×W×3), in reading order."""
        ...

    def version(self) -> dict[str, str]:
        """Engine and model names/versions, recorded in every output."""
        ...
