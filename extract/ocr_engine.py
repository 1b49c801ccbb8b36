"""The OCR engine contract: recognise one page image, report what model did it.

Two runtimes read the same PP-OCRv4 models: OpenVINO (extract/openvino_engine.py, the default)
and PaddleOCR on Paddle Inference (extract/paddle.py); `engine_in_process` is the one place that
picks between them, by OcrModels.engine. A run never calls an engine in its own process:
extract.pages.make_engine wraps it in the OCR worker process (extract/ocr_worker.py, killed past
`--page-timeout`) and the page cache (extract/ocr_cache.py). Tests use a fake or a recorded
result that follows the same contract.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from policyqa.options import OcrModels


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


_ENGINES: dict["OcrModels", OcrEngine] = {}
_ENGINES_LOCK = threading.Lock()


def build_engine(models: "OcrModels") -> OcrEngine:
    """A new engine of the runtime `models.engine` names, in this process (takes seconds).

    Raises ModelMissingError when a model file is missing, ValueError for an unknown runtime.
    """
    if models.engine == "openvino":
        from extract.openvino_engine import OpenVinoEngine

        return OpenVinoEngine(models)
    if models.engine == "paddle":
        from extract.paddle import PaddleEngine

        return PaddleEngine(models)
    raise ValueError(f"unknown OCR engine {models.engine!r} (openvino or paddle)")


def engine_in_process(models: "OcrModels") -> OcrEngine:
    """This process's engine for these models, built on first use and then reused."""
    with _ENGINES_LOCK:
        if models not in _ENGINES:
            _ENGINES[models] = build_engine(models)
        return _ENGINES[models]
