"""The OCR page cache: finished pages come from disk, keyed by image and engine version."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.ocr_cache import CachingEngine, lines_from_json, lines_to_json, page_key
from extract.ocr_engine import OcrLine


class CountingEngine:
    """A fake engine: one line naming the image's mean, and a call counter."""

    def __init__(self, version: str = "1") -> None:
        self.calls = 0
        self._version = version

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        self.calls += 1
        return [OcrLine(f"质量{int(image.mean())}", (1.0, 2.0, 30.5, 12.0), 0.97)]

    def version(self) -> dict[str, str]:
        return {"engine": "fake", "model": self._version}


def image(value: int, shape: tuple[int, int] = (8, 6)) -> np.ndarray:
    return np.full((*shape, 3), value, dtype=np.uint8)


def test_second_read_of_a_page_comes_from_the_cache(tmp_path: Path) -> None:
    engine = CountingEngine()
    first = CachingEngine(engine, tmp_path).recognize(image(10))
    again = CachingEngine(engine, tmp_path).recognize(image(10))  # a new run, same folder
    assert again == first
    assert engine.calls == 1


@pytest.mark.parametrize(
    ("other_image", "other_version"),
    [
        (image(11), "1"),  # different pixels
        (image(10, (6, 8)), "1"),  # same bytes, different shape
        (image(10), "2"),  # new model version
    ],
)
def test_a_different_page_or_model_is_a_miss(
    tmp_path: Path, other_image: np.ndarray, other_version: str
) -> None:
    CachingEngine(CountingEngine("1"), tmp_path).recognize(image(10))
    engine = CountingEngine(other_version)
    CachingEngine(engine, tmp_path).recognize(other_image)
    assert engine.calls == 1


def test_a_damaged_cache_file_is_recomputed(tmp_path: Path) -> None:
    cache = CachingEngine(CountingEngine(), tmp_path)
    cache.recognize(image(10))
    cache.path_for(image(10)).write_text("{not json", encoding="utf-8")
    engine = CountingEngine()
    lines = CachingEngine(engine, tmp_path).recognize(image(10))
    assert engine.calls == 1 and lines[0].text == "质量10"


@pytest.mark.parametrize(
    "lines",
    [[], [OcrLine("第 5 页 共 26 页", (0.0, 0.0, 1.0, 1.0), 1.0), OcrLine("（三）", (2, 3, 4, 5), 0.5)]],
)
def test_lines_survive_json(lines: list[OcrLine]) -> None:
    assert lines_from_json(lines_to_json(lines)) == lines


@pytest.mark.parametrize("bad", ['{"a": 1}', '[{"text": "x"}]', "[1]"])
def test_malformed_entries_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        lines_from_json(bad)


def test_key_depends_on_version_and_pixels() -> None:
    keys = {page_key(image(1), {"m": "a"}), page_key(image(2), {"m": "a"}), page_key(image(1), {"m": "b"})}
    assert len(keys) == 3
