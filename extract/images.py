"""Image inputs (PNG, JPEG, TIFF incl. multi-page): one page per frame, within the pixel cap."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
from PIL import Image

from extract.render import Rendered
from policyqa.errors import InputFileError, LimitExceededError

# Our own cap (options.limits.max_pixels_per_page) guards memory; Pillow's own bomb check
# (over ~179 Mpx) stays on and is reported as a limit.
DECODE_HEADROOM = 4  # decode at most this many times the cap before shrinking (JPEG draft is free) …
DECODE_FLOOR = 100_000_000  # … or this many pixels (300 MB as RGB), whichever is larger


def frame_count(path: Path) -> int:
    """Number of frames (pages) in an image file; raises InputFileError if unreadable."""
    try:
        with Image.open(path) as image:
            return int(getattr(image, "n_frames", 1))
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputFileError(f"{path.name} is not a readable image ({exc})") from exc


def _image_dpi(image: Image.Image, default: float) -> float:
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 30 <= value <= 2400 else default


def load_frame(path: Path, index: int, *, max_pixels: int, default_dpi: float = 300) -> Rendered:
    """Frame `index` as RGB pixels, shrunk to fit `max_pixels`; dpi from the file or `default_dpi`."""
    try:
        return _load_frame(path, index, max_pixels, default_dpi)
    except Image.DecompressionBombError as exc:
        raise LimitExceededError(f"frame {index + 1}: {exc}", "raise --max-pixels-per-page") from exc


def _load_frame(path: Path, index: int, max_pixels: int, default_dpi: float) -> Rendered:
    with Image.open(path) as image:
        image.seek(index)
        width, height = image.size
        dpi = _image_dpi(image, default_dpi)
        if width * height > max_pixels and image.format == "JPEG":
            factor = math.sqrt(max_pixels / (width * height))
            image.draft("RGB", (int(width * factor) + 1, int(height * factor) + 1))
        limit = max(DECODE_HEADROOM * max_pixels, DECODE_FLOOR)
        if image.size[0] * image.size[1] > limit:
            raise LimitExceededError(
                f"frame {index + 1} is {width}×{height} pixels, too many to decode safely (limit {limit})",
                "raise --max-pixels-per-page",
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            frame = image.convert("RGB")
    dpi *= frame.size[0] / width  # draft() may have decoded at a fraction of the size
    return _fit(frame, dpi, max_pixels)


def _fit(frame: Image.Image, dpi: float, max_pixels: int) -> Rendered:
    width, height = frame.size
    if width * height > max_pixels:
        factor = math.sqrt(max_pixels / (width * height))
        size = (max(1, int(width * factor)), max(1, int(height * factor)))
        frame = frame.resize(size, Image.Resampling.LANCZOS)
        dpi *= size[0] / width
    return Rendered(image=np.asarray(frame, dtype=np.uint8).copy(), dpi=dpi)
