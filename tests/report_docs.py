"""Document results for report tests, made the way the pipeline makes them, from generated PDFs.

The witness is the fixture text (tests/resources/make_fixtures.py) typeset as a born-digital
PDF, optionally with one printed corruption (`显著提高` → `显著降低`, page 1, the sentence
`全民质量意识显著提高`) and optionally degraded into an image-only scan. The scan is read by
`LayoutEngine`, a test double of the OCR engine contract that returns the lines the typesetter
put on the page (their text and boxes, in pixels of the image it is given): the geometry of a
real scan, without the minutes real OCR takes on a shared machine. tests/test_ocr_review.py
runs the real model.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from extract.clean import clean_document
from extract.load import extract_document
from extract.ocr_engine import OcrLine
from output.result import DocumentResult
from policyqa.options import Options
from reference.compare import compare
from reference.library import make_reference
from reference.model import Identification
from reference.segment import segment

RESOURCES = Path(__file__).parent / "resources"
sys.path.insert(0, str(RESOURCES))
import make_fixtures  # type: ignore[import-not-found]  # noqa: E402

PRINTED = "全民质量意识显著提高"
CORRUPTED = "全民质量意识显著降低"
A4_WIDTH_PT = 595.2756


class LayoutEngine:
    """OCR double: the text-layer lines of the typeset PDF, boxes scaled to the image's pixels."""

    def __init__(self, digital_pdf: Path, misread: dict[str, str] | None = None) -> None:
        doc = extract_document(digital_pdf, Options(ocr="never"))
        self.pages = [page.lines for page in doc.pages]
        self.misread = misread or {}  # printed text -> what the "first read" makes of it
        self.calls = 0

    def _text(self, text: str) -> str:
        for printed, read in self.misread.items():
            text = text.replace(printed, read)
        return text

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        lines = self.pages[self.calls]
        self.calls += 1
        px = image.shape[1] / A4_WIDTH_PT
        return [OcrLine(self._text(line.text), tuple(v * px for v in line.bbox), 0.99) for line in lines if line.bbox]

    def version(self) -> dict[str, str]:
        return {"engine": "layout-double"}


def witness_paragraphs(corrupt: bool) -> list[str]:
    """The fixture text, with the one printed corruption when `corrupt`."""
    paragraphs = make_fixtures.source_paragraphs()
    return [p.replace(PRINTED, CORRUPTED) for p in paragraphs] if corrupt else paragraphs


def make_result(tmp_path: Path, *, corrupt: bool, scanned: bool = False, compared: bool = True,
                misread: dict[str, str] | None = None) -> DocumentResult:
    """The DocumentResult of the generated witness, compared with the fixture text unless not `compared`.

    `misread` (scans only): printed text → what the first OCR read makes of it (a misreading).
    """
    tmp_path.mkdir(parents=True, exist_ok=True)
    digital = tmp_path / "witness.pdf"
    make_fixtures.render_policy_pdf(witness_paragraphs(corrupt), digital, title=make_fixtures.TITLE)
    source, engine = digital, None
    if scanned:
        source = tmp_path / "witness-scan.pdf"
        make_fixtures.degrade_to_scan(digital, source, dpi=150, seed=1)
        engine = LayoutEngine(digital, misread)
    extracted = extract_document(source, Options(dpi=150), engine)
    clean = clean_document(extracted)
    clauses = segment(clean)
    reference = make_reference("fixture", "\n".join(witness_paragraphs(False)), {"title": "质量强国建设纲要"})
    comparison = None
    if compared:
        comparison = compare(clean, clauses, reference, Identification("fixture", 1.0, 1.0))
    return DocumentResult(
        doc_id=f"witness-{'scan' if scanned else 'pdf'}", source_path=str(source), sha256="0" * 64,
        extracted=extracted, clean=clean, clauses=clauses, comparison=comparison,
        reference=reference if compared else None,
        identification=None if compared else Identification(None, 0.1, 0.0, (), "no reference above 0.5"),
    )  # fmt: skip
