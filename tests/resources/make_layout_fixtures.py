"""Write the generated layout fixtures under tests/resources/fixtures/ (deterministic output).

Run: `uv run python tests/resources/make_layout_fixtures.py`

- mixed-font-baseline.pdf  WPS/Word-style lines: CJK in WenQuanYi Zen Hei, digits in DejaVu Sans
    whose FontDescriptor declares a descent of -1.25 em (so pdfminer puts the digits' boxes
    15 pt below the CJK boxes at 12 pt) and whose baseline sits 2 pt lower; a superscript `2`;
    a footer `— 1 —` with the digit in the second font.
- image-in-form.pdf  an A4 page whose only content is a grey 72×72 image drawn inside a form
    XObject that is placed scaled 6×9 (432×648 pt, 56 % of the page), as scanned tables are
    placed in a real handbook (tw_moea page 17), plus a page number `9`.
- sideways-text.pdf  an upright A4 page whose three body lines are drawn rotated 90° counter-clockwise
    (read bottom to top, lines following each other to the right), as landscape tables are.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import FIXTURES, register_font  # noqa: E402

CJK = "WQYZenHei"
LATIN = ("DejaVuLowDescent", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SIZE = 12
DIGIT_DROP = 2  # points: the digits' baseline sits this much lower than the CJK one


def _fonts() -> None:
    register_font(CJK)
    latin = TTFont(LATIN[0], LATIN[1])
    latin.face.descent = -1250  # the declared metric WPS writes for its digit font (1/1000 em)
    pdfmetrics.registerFont(latin)


def _mixed(pdf: canvas.Canvas, x: float, y: float, parts: list[tuple[str, bool]]) -> None:
    """Draw runs left to right: (text, is_latin); Latin runs in the second font, 2 pt lower."""
    for text, latin in parts:
        font = LATIN[0] if latin else CJK
        pdf.setFont(font, SIZE)
        pdf.drawString(x, y - (DIGIT_DROP if latin else 0), text)
        x += pdfmetrics.stringWidth(text, font, SIZE)


def mixed_font_baseline(path: Path) -> None:
    _fonts()
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    top = A4[1] - 100
    _mixed(pdf, 72, top, [("一、", False), ("2023", True), ("年财政预算执行情况", False)])
    _mixed(pdf, 72, top - 24, [("全年收入增长", False), ("5.2%", True), ("，完成预算。", False)])
    _mixed(pdf, 72, top - 48, [("面积为", False), ("35", True), ("平方米", False)])
    pdf.setFont(LATIN[0], 7)
    pdf.drawString(72 + 3 * SIZE + pdfmetrics.stringWidth("35", LATIN[0], SIZE), top - 48 + 5, "2")
    _mixed(pdf, 72, top - 72, [("二、主要工作", False)])
    _mixed(pdf, 270, 60, [("— ", False), ("1", True), (" —", False)])
    pdf.showPage()
    pdf.save()


def sideways_text(path: Path) -> None:
    _fonts()
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.saveState()
    pdf.translate(150, 150)
    pdf.rotate(90)  # text runs up the page; the next line is further right
    pdf.setFont(CJK, SIZE)
    for k, text in enumerate(["第一行：表格横排印刷", "第二行：从下往上读", "第三行：读完为止"]):
        pdf.drawString(0, -24 * k, text)
    pdf.restoreState()
    pdf.setFont(CJK, SIZE)
    pdf.drawString(72, 60, "正文页脚")
    pdf.showPage()
    pdf.save()


def image_in_form(path: Path) -> None:
    import io

    from PIL import Image
    from reportlab.lib.utils import ImageReader

    _fonts()
    buffer = io.BytesIO()
    Image.new("L", (72, 72), 128).save(buffer, format="PNG")
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.beginForm("scan")
    pdf.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, 72, 72)
    pdf.endForm()
    pdf.saveState()
    pdf.transform(6, 0, 0, 9, 90, 127)
    pdf.doForm("scan")
    pdf.restoreState()
    pdf.setFont(CJK, SIZE)
    pdf.drawString(300, 30, "9")
    pdf.showPage()
    pdf.save()


def main() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    mixed_font_baseline(FIXTURES / "mixed-font-baseline.pdf")
    sideways_text(FIXTURES / "sideways-text.pdf")
    image_in_form(FIXTURES / "image-in-form.pdf")


if __name__ == "__main__":
    main()
