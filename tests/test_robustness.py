"""Every awkward PDF of tests/resources/robustness ends in text or a typed one-line error.

OCR is replaced by a fake engine here (routing, rendering and limits are what is under test);
tests/test_paddle.py runs the real models.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from extract.load import extract_document
from extract.model import ExtractedDocument
from extract.ocr_engine import OcrLine
from policyqa.errors import InputFileError, PolicyQAError
from policyqa.options import Options

CORPUS = Path(__file__).parent / "resources" / "robustness"
ROOT = Path(__file__).parents[1]
PASSWORDS = {"password-example.pdf": "test", "aes-256-r6.pdf": "usersecret"}  # MANIFEST.md


class FakeEngine:
    """Reports the image size it was given as its one line of text."""

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        height, width = image.shape[:2]
        return [OcrLine(f"{width}x{height}", (0.0, 0.0, float(width), float(height)), 0.5)]

    def version(self) -> dict[str, str]:
        return {"engine": "fake"}


def run(name: str, **changes: object) -> ExtractedDocument:
    options = Options(password=PASSWORDS.get(name), dpi=150).with_(**changes)
    return extract_document(CORPUS / name, options, FakeEngine())


def page_texts(doc: ExtractedDocument) -> list[str]:
    return ["\n".join(line.text for line in page.lines) for page in doc.pages]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", sorted(path.name for path in CORPUS.glob("*.pdf")))
def test_every_file_gives_text_or_a_typed_error(name: str) -> None:
    try:
        doc = run(name)
    except PolicyQAError as exc:
        message = exc.one_line()
        assert message and "\n" not in message and "Traceback" not in message
        return
    assert doc.pages
    for page in doc.pages:
        assert page.reason and "\n" not in page.reason
        if page.route == "failed":
            assert page.error and "\n" not in page.error
        else:
            assert page.error is None


@pytest.mark.parametrize("name", ["empty.pdf", "invalid.pdf"])
def test_not_a_pdf_fails_cleanly(name: str) -> None:
    with pytest.raises(InputFileError):
        run(name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("password-example.pdf", "Backup4all –backup solution for network environments"),  # page 1, line 1
        ("aes-256-r6.pdf", "Hello World"),
        ("issue_566_test_1.pdf", "ISSUE Date：2019-4-25 Buyer：黎荣"),
        ("issue_566_test_2.pdf", "甲方：中国饮料有限公司（盖章）"),
        (
            "embedded-cmap-cidfont.pdf",
            "Heading in Helvetica\nThis text uses an embedded CMap\nand should be extractable",
        ),
    ],
)
def test_known_answers_on_page_one(name: str, expected: str) -> None:
    doc = run(name)
    assert doc.pages[0].route == "text_layer"
    assert expected in page_texts(doc)[0]


def test_fake_bold_known_answer() -> None:
    text = page_texts(run("issue-71-duplicate-chars.pdf"))[0]
    assert "微软 培训课程" in text and "微微" not in text


def test_encrypted_algo4_opens_without_password() -> None:
    doc = run("encrypted_algo4.pdf")
    assert len(doc.pages) == 1 and doc.pages[0].route == "ocr"  # the page is one image


@pytest.mark.parametrize(
    ("name", "routes"),
    [
        ("multipage.pdf", ["ocr", "ocr", "ocr", "text_layer", "ocr", "ocr"]),  # page 4 carries text
        ("cardinal.pdf", ["ocr"] * 4),
        ("vector.pdf", ["ocr"]),
        ("truetype_font_nomapping.pdf", ["ocr"]),
        ("graph_ocred.pdf", ["text_layer"]),  # already has an invisible OCR layer
        ("zen_of_python_corrupted.pdf", ["text_layer"]),
    ],
)
def test_routes(name: str, routes: list[str]) -> None:
    assert [page.route for page in run(name).pages] == routes


def test_vector_reason_names_outlines() -> None:
    assert "vector outlines" in run("vector.pdf").pages[0].reason


def test_ocr_never_keeps_text_and_says_so() -> None:
    page = run("truetype_font_nomapping.pdf", ocr="never").pages[0]
    assert page.route == "text_layer" and "--ocr never" in page.reason


def test_evil_xobjects_terminate() -> None:
    assert "Hello world" in page_texts(run("issue-1113-evil-xobjects.pdf"))[0]


MEMORY_SCRIPT = """
import json, resource, sys
from pathlib import Path
from extract import render
from extract.load import extract_document
from extract.ocr_engine import OcrLine
from policyqa.options import Options

class Fake:
    def recognize(self, image):
        return [OcrLine("x", (0.0, 0.0, 1.0, 1.0), 1.0)]
    def version(self):
        return {}

doc = extract_document(Path(sys.argv[1]), Options(), Fake())
render.stop_worker()
print(json.dumps({
    "route": doc.pages[0].route, "reason": doc.pages[0].reason,
    "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


# ru_maxrss survives fork+exec, so the measured process is started by a small launcher rather
# than by pytest (which may already hold the OCR models); the launcher's RUSAGE_CHILDREN is the
# peak of the extracting process and of its render worker.
LAUNCHER = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=True)
print(done.stdout.strip().splitlines()[-1])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.slow
@pytest.mark.timeout(180)
@pytest.mark.parametrize(("name", "dpi"), [("hugemono.pdf", "60.6 dpi"), ("enormous.pdf", "235.7 dpi")])
def test_huge_pages_stay_well_under_3_gb(name: str, dpi: str) -> None:
    """Peak RSS of the extracting process and of its render worker, at the default 300 dpi."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, sys.executable, "-c", MEMORY_SCRIPT, str(CORPUS / name)],
        capture_output=True, text=True, cwd=ROOT, timeout=170, check=True,
    )
    report, peak_kb = done.stdout.strip().splitlines()[-2:]
    result = json.loads(report)
    assert result["route"] == "ocr" and dpi in result["reason"], result  # rendered at a capped dpi
    assert result["self_kb"] < 1_500_000 and result["children_kb"] < 1_500_000, result
    assert int(peak_kb) < 1_500_000
