"""An OcrEngine decorator that remembers each page's OCR lines on disk.

A page's key is sha256 of the image bytes, its shape and dtype, and the wrapped engine's
`version()`; the lines are stored as JSON under `<cache_dir>/<key[:2]>/<key>.json`, written
atomically. A run killed mid-document therefore resumes without redoing finished pages, and a
new model version never reuses old results. A damaged cache file is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import numpy as np

from extract.ocr_engine import OcrEngine, OcrLine

log = logging.getLogger(__name__)


def page_key(image: np.ndarray, version: dict[str, str]) -> str:
    """The cache key of one page image read by one engine version."""
    digest = hashlib.sha256()
    digest.update(json.dumps(version, sort_keys=True, ensure_ascii=True).encode())
    digest.update(f"|{image.shape}|{image.dtype}|".encode())
    digest.update(np.ascontiguousarray(image).tobytes())
    return digest.hexdigest()


def lines_to_json(lines: list[OcrLine]) -> str:
    """Serialise OCR lines (text, box, confidence) as JSON."""
    rows = [{"text": x.text, "box": list(x.box), "confidence": x.confidence} for x in lines]
    return json.dumps(rows, ensure_ascii=False)


def lines_from_json(text: str) -> list[OcrLine]:
    """Read lines written by lines_to_json; raises ValueError on anything malformed."""
    rows = json.loads(text)
    if not isinstance(rows, list):
        raise ValueError("OCR cache entry is not a list")
    try:
        return [
            OcrLine(str(r["text"]), tuple(float(v) for v in r["box"]), float(r["confidence"]))
            for r in rows
        ]
    except (KeyError, TypeError) as error:
        raise ValueError(f"malformed OCR cache entry: {error}") from error


class CachingEngine:
    """Wraps an OcrEngine; pages already recognised by the same engine version come from disk."""

    def __init__(self, engine: OcrEngine, cache_dir: Path) -> None:
        self.engine = engine
        self.cache_dir = Path(cache_dir)
        self._version: dict[str, str] | None = None
        self.hits = 0
        self.misses = 0

    def version(self) -> dict[str, str]:
        """The wrapped engine's version (asked once, then remembered)."""
        if self._version is None:
            self._version = dict(self.engine.version())
        return self._version

    def path_for(self, image: np.ndarray) -> Path:
        """Where the lines of this image are (or would be) cached."""
        key = page_key(image, self.version())
        return self.cache_dir / key[:2] / f"{key}.json"

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        """Cached lines of the image, or the engine's lines (then stored)."""
        path = self.path_for(image)
        cached = self._read(path)
        if cached is not None:
            self.hits += 1
            return cached
        lines = self.engine.recognize(image)
        self.misses += 1
        self._write(path, lines)
        return lines

    def _read(self, path: Path) -> list[OcrLine] | None:
        try:
            return lines_from_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            log.warning("ignoring damaged OCR cache file %s: %s", path, error)
            return None

    def _write(self, path: Path, lines: list[OcrLine]) -> None:
        from output.atomic import atomic_write_text

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, lines_to_json(lines))
        except OSError as error:  # a cache that cannot be written only costs time
            log.warning("cannot write OCR cache file %s: %s", path, error)
