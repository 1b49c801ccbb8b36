"""Write the page-furniture fixtures under tests/resources/fixtures/ (deterministic output).

Run: `uv run python tests/resources/make_furniture_fixtures.py`

- furniture-alternate-4p.pdf  `－N－` page numbers with no spaces: odd pages print theirs at the top
                              right above the running header, even pages at the bottom left just
                              under the text block (far above any bottom band); the running header
                              `质量强国建设纲要（征求意见稿）` is reworded on page 4 (`（修改稿）`)
- furniture-excerpt-4p.pdf    an excerpt whose bare page numbers start at 12 with a gap (12, 13, —,
                              15), printed under the text block outside the bottom band; page 2's last
                              body line is the bare number `2025` (a table cell), which must stay
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import FIXTURES, register_font, source_paragraphs  # noqa: E402

SIZE = 14
LEADING = 26
LINES_PER_PAGE = 10
CHARS_PER_LINE = 30
TOP = 130  # first baseline, points from the top


def body_pages(count: int) -> list[list[str]]:
    """`count` pages of LINES_PER_PAGE body lines cut from the fixture source text."""
    text = "".join(source_paragraphs()[2:])
    lines = [text[i : i + CHARS_PER_LINE] for i in range(0, len(text), CHARS_PER_LINE)]
    return [lines[p * LINES_PER_PAGE : (p + 1) * LINES_PER_PAGE] for p in range(count)]


def _body(pdf: canvas.Canvas, lines: list[str], font: str) -> float:
    """Draw body lines; return the baseline of the last one (points from the top)."""
    pdf.setFont(font, SIZE)
    y = TOP
    for row, line in enumerate(lines):
        y = TOP + row * LEADING
        pdf.drawString(72, A4[1] - y, line)
    return y


def make_alternate(path: Path) -> None:
    """Page numbers at the top of odd pages and under the text block of even pages."""
    font = register_font("WQYZenHei")
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number, lines in enumerate(body_pages(4), 1):
        header = "质量强国建设纲要（征求意见稿）" if number < 4 else "质量强国建设纲要（修改稿）"
        pdf.setFont(font, 10.5)
        pdf.drawString(72, A4[1] - 80, header)
        if number % 2:
            pdf.drawRightString(A4[0] - 72, A4[1] - 56, f"－{number}－")
        last = _body(pdf, lines, font)
        if not number % 2:
            pdf.setFont(font, 10.5)
            pdf.drawString(72, A4[1] - (last + 60), f"－{number}－")
        pdf.showPage()
    pdf.save()


def make_excerpt(path: Path) -> None:
    """Bare page numbers 12, 13, (none), 15 under the text block; a body `2025` on page 2."""
    font = register_font("WQYZenHei")
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for index, lines in enumerate(body_pages(4)):
        if index == 1:
            lines = [*lines[:-1], "2025"]
        last = _body(pdf, lines, font)
        if index != 2:
            pdf.setFont(font, 10.5)
            pdf.drawCentredString(A4[0] / 2, A4[1] - (last + 80), str(12 + index))
        pdf.showPage()
    pdf.save()


def main() -> None:
    """Regenerate the furniture fixtures."""
    FIXTURES.mkdir(parents=True, exist_ok=True)
    make_alternate(FIXTURES / "furniture-alternate-4p.pdf")
    make_excerpt(FIXTURES / "furniture-excerpt-4p.pdf")


if __name__ == "__main__":
    main()
