"""The born-digital fixtures extract and clean to exactly their source text.

tests/resources/fixtures/policy-source.txt is the opening of seed 000, one paragraph per line,
checked by reading against the seed; make_fixtures.py typesets it with justified lines, first-line
indents, a running title and page footers. Extraction + cleaning must undo all of that.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.clean import clean_document
from extract.load import extract_document
from policyqa.options import Options

FIXTURES = Path(__file__).parent / "resources" / "fixtures"


def _source_paragraphs() -> list[str]:
    text = (FIXTURES / "policy-source.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line]


@pytest.mark.parametrize(
    ("name", "head", "paragraphs", "footer"),
    [
        # three pages: the header line repeats on every page, so it is a running title and goes
        ("born-digital.pdf", [], None, "第 1 页 共 3 页"),
        # one page (the first six paragraphs): a header line seen once cannot be told from the
        # document's own title by repetition, so it stays as the first paragraph
        ("born-digital-dash.pdf", ["质量强国建设纲要"], 6, "— 1 —"),
    ],
)
def test_born_digital_pdf_cleans_to_its_source(
    name: str, head: list[str], paragraphs: int | None, footer: str
) -> None:
    clean = clean_document(extract_document(FIXTURES / name, Options()))
    expected = head + _source_paragraphs()[:paragraphs]
    assert [p.text for p in clean.paragraphs] == expected
    reasons = {(r.reason, r.text.strip()) for r in clean.removed}
    assert ("page_number", footer) in reasons
    assert not clean.converted


def test_born_digital_pdf_paragraphs_carry_their_pages() -> None:
    clean = clean_document(extract_document(FIXTURES / "born-digital.pdf", Options()))
    assert clean.paragraphs[0].page_start == 1
    assert clean.paragraphs[-1].page_end == 3
    # every page contributes text and the pages never go backwards
    pages = [span.page for p in clean.paragraphs for span in p.spans]
    assert pages == sorted(pages) and set(pages) == {1, 2, 3}
