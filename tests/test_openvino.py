"""OpenVinoEngine: the real PP-OCRv4 models on OpenVINO, model checks, the angle classifier, the choice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.ocr_engine import build_engine
from policyqa.errors import ModelMissingError
from policyqa.options import OcrModels, Options, build_options
from tests.test_paddle import body_text, fixtures_module

FIXTURES = Path(__file__).parent / "resources" / "fixtures"


def test_a_missing_model_is_a_typed_error_before_openvino_loads(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="det model folder .* lacks inference.pdmodel"):
        build_engine(OcrModels(det_model_dir=tmp_path, engine="openvino"))


def test_the_runtime_is_chosen_in_one_place() -> None:
    assert build_options().models.engine == "openvino"
    assert build_options(ocr_engine="paddle").models.engine == "paddle"
    with pytest.raises(ValueError, match="--ocr-engine must be openvino or paddle"):
        build_options(ocr_engine="tesseract")
    with pytest.raises(ValueError, match="unknown OCR engine"):
        build_engine(OcrModels(engine="tesseract"))


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    from extract.openvino_engine import OpenVinoEngine

    return OpenVinoEngine(OcrModels())


def page_pixels(dpi: int = 200) -> np.ndarray:
    from extract.render import render_page

    return render_page(FIXTURES / "scan-300.pdf", 0, dpi=dpi, max_pixels=50_000_000, embedded=False).image


def body_cer(lines: list, dpi: int, flip: bool = False, height: int = 0) -> float:
    """CER of page 1's printed body against the lines' text inside the body band."""
    fixtures = fixtures_module()
    scale = 72.0 / dpi
    tops = [((height - line.box[3]) if flip else line.box[1]) * scale for line in lines]
    text = "".join(line.text for line, top in zip(lines, tops) if fixtures.HEADER_BAND_PT < top < fixtures.FOOTER_BAND_PT)
    return fixtures.character_error_rate(fixtures.printed_body(1), text)


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.timeout(300)
def test_real_ocr_of_the_300_dpi_scan_through_the_document_path(engine) -> None:  # type: ignore[no-untyped-def]
    """Page 1 of the degraded scan (its own 300-dpi image) reads back with CER ≤ 1%."""
    from extract.load import extract_page

    fixtures = fixtures_module()
    page = extract_page(FIXTURES / "scan-300.pdf", 1, Options(dpi=300), engine)
    assert page.route == "ocr" and page.ocr_confidence is not None and page.ocr_confidence > 0.9
    text = body_text(page.lines, fixtures.HEADER_BAND_PT, fixtures.FOOTER_BAND_PT)
    assert fixtures.character_error_rate(fixtures.printed_body(1), text) <= 0.01
    version = engine.version()
    assert version["engine"] == "OpenVINO" and version["openvino"] and version["rec_model"] == "ch_PP-OCRv4_rec_infer"
    from extract.paddle import _short_hash, model_dirs

    assert version["rec_params_sha256"] == _short_hash(model_dirs(OcrModels())["rec"] / "inference.pdiparams")


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.timeout(300)
def test_an_upside_down_page_is_turned_by_the_angle_classifier_an_upright_one_is_not(engine) -> None:  # type: ignore[no-untyped-def]
    upright = page_pixels()
    before = engine.classified_pages
    assert body_cer(engine.recognize(upright), 200) <= 0.01
    assert engine.classified_pages == before  # upright: the sample said so, no full pass
    flipped = np.ascontiguousarray(upright[::-1, ::-1])
    lines = engine.recognize(flipped)
    assert engine.classified_pages == before + 1
    # lines come in the flipped page's order: read them back to front, tops measured from the foot
    assert body_cer(lines[::-1], 200, flip=True, height=flipped.shape[0]) <= 0.02


def test_a_missing_runtime_is_a_typed_error_saying_how_to_fix_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "rapidocr_openvino.ch_ppocr_cls", None)  # import now raises ImportError
    with pytest.raises(ModelMissingError, match="OpenVINO runtime is not installed.*--ocr-engine paddle"):
        build_engine(OcrModels(engine="openvino"))
