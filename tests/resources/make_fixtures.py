"""Write the generated test fixtures under tests/resources/fixtures/ (deterministic output).

Run: `uv run python tests/resources/make_fixtures.py`

- policy-source.txt   the source text: seed 000's opening, one paragraph per line
- born-digital.pdf    A4, embedded WenQuanYi Zen Hei, first-line indents, justified CJK lines,
                      running title in the header band, `第 N 页 共 M 页` footers
- born-digital-dash.pdf  the same with `— N —` footers, set in AR PL UMing
- scan-200.pdf / scan-300.pdf  degraded image-only scans of born-digital.pdf (skew, blur, noise, JPEG)
- scan-page1.png      page 1 of the 200-dpi scan as a PNG

`render_policy_pdf` and `degrade_to_scan` are imported by the corruption generator too.
"""

from __future__ import annotations

import io
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
FONTS = {
    "WQYZenHei": Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    "ARPLUMing": Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
}
BODY_SIZE = 16  # 三号, as in official documents
LEADING = 28
MARGIN_X = 72
TOP = 120  # first baseline, from the top
LINES_PER_PAGE = 24
# Characters that may not start a line (they hang on the line before) or end one.
NO_LINE_START = set("，。、；：！？）》”’」』】")
NO_LINE_END = set("（《“‘「『【")


@dataclass(frozen=True)
class LaidLine:
    """One printed body line: its text, whether it starts a paragraph, and whether it is justified."""

    text: str
    first: bool
    justify: bool


def register_font(name: str) -> str:
    """Register a CJK TrueType collection with reportlab (subfont 0) and return its name."""
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(FONTS[name]), subfontIndex=0))
    return name


def wrap_paragraph(text: str, font: str, width: float, indent: float) -> list[LaidLine]:
    """Break one paragraph into lines that fit `width`, keeping closing punctuation off line starts."""
    lines: list[LaidLine] = []
    current, room = "", width - indent
    for char in text:
        if pdfmetrics.stringWidth(current + char, font, BODY_SIZE) > room and current:
            if char in NO_LINE_START or current[-1] in NO_LINE_END:
                current, char = current[:-1], current[-1] + char
            lines.append(LaidLine(current, not lines, True))
            current, room = "", width
        current += char
    lines.append(LaidLine(current, not lines, False))
    return lines


def layout(paragraphs: list[str], font: str) -> list[list[LaidLine]]:
    """All paragraphs wrapped and cut into pages of LINES_PER_PAGE lines."""
    width = A4[0] - 2 * MARGIN_X
    lines = [line for text in paragraphs for line in wrap_paragraph(text, font, width, 2 * BODY_SIZE)]
    return [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]


def _draw_line(pdf: canvas.Canvas, line: LaidLine, font: str, y: float) -> None:
    x = MARGIN_X + (2 * BODY_SIZE if line.first else 0)
    text = pdf.beginText(x, y)
    text.setFont(font, BODY_SIZE)
    if line.justify and len(line.text) > 1:
        slack = (A4[0] - MARGIN_X) - x - pdfmetrics.stringWidth(line.text, font, BODY_SIZE)
        text.setCharSpace(max(0.0, slack) / (len(line.text) - 1))
    text.textOut(line.text)
    pdf.drawText(text)


def _footer(style: str, number: int, total: int) -> str:
    return f"第 {number} 页 共 {total} 页" if style == "page_of" else f"— {number} —"


def render_policy_pdf(
    paragraphs: list[str],
    path: Path,
    *,
    title: str,
    footer_style: str = "page_of",
    font: str = "WQYZenHei",
) -> list[list[str]]:
    """Typeset paragraphs as an A4 policy PDF; return the printed body lines of each page."""
    font = register_font(font)
    pages = layout(paragraphs, font)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    pdf.setTitle(title)
    for number, lines in enumerate(pages, 1):
        pdf.setFont(font, 10.5)
        pdf.drawCentredString(A4[0] / 2, A4[1] - 50, title)
        pdf.line(MARGIN_X, A4[1] - 58, A4[0] - MARGIN_X, A4[1] - 58)
        for row, line in enumerate(lines):
            _draw_line(pdf, line, font, A4[1] - TOP - row * LEADING)
        pdf.setFont(font, 10.5)
        pdf.drawCentredString(A4[0] / 2, 40, _footer(footer_style, number, len(pages)))
        pdf.showPage()
    pdf.save()
    return [[line.text for line in lines] for lines in pages]


def degrade_image(image: Image.Image, *, dpi: int, seed: int) -> Image.Image:
    """Make a clean page image look scanned: ~1° skew, blur, noise (grey, deterministic)."""
    rng = np.random.default_rng(seed)
    grey = image.convert("L")
    angle = float(rng.uniform(0.7, 1.2)) * (1 if rng.random() < 0.5 else -1)
    grey = grey.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(grey, dtype=np.float32) * 0.9 + 16  # grey paper, lifted blacks
    pixels += rng.normal(0, 12, pixels.shape)  # sensor noise, softened by the blur below
    noisy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    return noisy.filter(ImageFilter.GaussianBlur(radius=dpi / 250))


def degrade_to_scan(pdf_path: Path, out_path: Path, *, dpi: int = 200, seed: int = 0, quality: int = 35) -> None:
    """Render a PDF, degrade each page like a scan and pack the JPEG pages into an image-only PDF."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    out = canvas.Canvas(str(out_path), pagesize=A4, invariant=1)
    try:
        for index in range(len(doc)):
            page = doc[index]
            width, height = page.get_size()
            clean = page.render(scale=dpi / 72).to_pil()
            scanned = degrade_image(clean, dpi=dpi, seed=seed * 1000 + index)
            buffer = io.BytesIO()
            scanned.save(buffer, format="JPEG", quality=quality)
            buffer.seek(0)
            out.setPageSize((width, height))
            out.drawImage(_ImageReader(buffer), 0, 0, width=width, height=height)
            out.showPage()
    finally:
        doc.close()
    out.save()


def _ImageReader(buffer: io.BytesIO):  # noqa: N802 - mirrors reportlab's class name
    from reportlab.lib.utils import ImageReader

    return ImageReader(buffer)


def scan_page_png(scan_pdf: Path, out_path: Path, *, dpi: int) -> None:
    """Write page 1 of an image-only scan PDF as a 1-bit (thresholded, fax-like) PNG."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(scan_pdf))
    try:
        image = doc[0].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()
    image = image.point(lambda value: 255 if value > 150 else 0).convert("1")
    image.save(out_path, format="PNG", dpi=(dpi, dpi), optimize=True)


def source_paragraphs(path: Path = FIXTURES / "policy-source.txt") -> list[str]:
    """The fixture's source text: one paragraph per line (blank lines ignored)."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


TITLE = "质量强国建设纲要"
HEADER_BAND_PT = 70  # the running title sits above this line (points from the top)
FOOTER_BAND_PT = 780  # the page footer sits below it


def printed_body(page_number: int) -> str:
    """The body text printed on a page of born-digital.pdf (its scans too), lines joined."""
    pages = layout(source_paragraphs(), register_font("WQYZenHei"))
    return "".join(line.text for line in pages[page_number - 1])


def character_error_rate(reference: str, hypothesis: str) -> float:
    """CER = Levenshtein distance / reference length, on NFC text with all whitespace removed.

    An empty reference gives 0.0 for an empty hypothesis and 1.0 otherwise.
    """
    from rapidfuzz.distance import Levenshtein

    ref = "".join(unicodedata.normalize("NFC", reference).split())
    hyp = "".join(unicodedata.normalize("NFC", hypothesis).split())
    if not ref:
        return 0.0 if not hyp else 1.0
    return Levenshtein.distance(ref, hyp) / len(ref)


def main() -> None:
    """Regenerate every fixture file."""
    FIXTURES.mkdir(exist_ok=True)
    paragraphs = source_paragraphs()
    render_policy_pdf(paragraphs, FIXTURES / "born-digital.pdf", title=TITLE, footer_style="page_of")
    render_policy_pdf(
        paragraphs[:6], FIXTURES / "born-digital-dash.pdf", title=TITLE, footer_style="dash", font="ARPLUMing"
    )
    degrade_to_scan(FIXTURES / "born-digital.pdf", FIXTURES / "scan-200.pdf", dpi=200, seed=200)
    degrade_to_scan(FIXTURES / "born-digital.pdf", FIXTURES / "scan-300.pdf", dpi=300, seed=300)
    scan_page_png(FIXTURES / "scan-200.pdf", FIXTURES / "scan-page1.png", dpi=200)
    for path in sorted(FIXTURES.iterdir()):
        print(f"{path.stat().st_size:>9}  {path.relative_to(HERE)}", file=sys.stdout)


if __name__ == "__main__":
    main()
