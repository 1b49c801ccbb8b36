"""A generated page image with a red seal stamped over printed text (for tests/test_seal.py).

Page 3 of tests/resources/fixtures/born-digital.pdf rendered at DPI, then a red round seal
(ring, five-pointed star, the ring text 质量强国建设办公室 and 专用章 below the star, in the
fixture's font) multiplied over the right half of its last printed lines, the way stamp ink
lies over toner. Returns the image and the text layer's lines under the seal.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image, ImageChops, ImageDraw, ImageFont

from extract.load import extract_document
from policyqa.options import Options

FIXTURE = Path(__file__).parent / "resources" / "fixtures" / "born-digital.pdf"
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
DPI = 150
SEAL_RED = (225, 35, 45)
RING_TEXT = "质量强国建设办公室"
CENTRE_TEXT = "专用章"


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.4
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def seal_layer(size: tuple[int, int], centre: tuple[float, float], radius: float) -> Image.Image:
    """A white RGB layer with a red seal drawn on it (multiply it over a page)."""
    layer = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(layer)
    cx, cy = centre
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=SEAL_RED, width=max(3, int(radius / 14)))
    draw.polygon(_star(cx, cy, radius * 0.28), fill=SEAL_RED)
    font = ImageFont.truetype(FONT, int(radius * 0.24))
    for k, char in enumerate(RING_TEXT):  # along the upper arc, each character upright to the centre
        angle = math.radians(-150 + k * 120 / (len(RING_TEXT) - 1))
        glyph = Image.new("L", (int(radius * 0.3),) * 2, 0)
        ImageDraw.Draw(glyph).text((0, 0), char, font=font, fill=255)
        glyph = glyph.rotate(-math.degrees(angle) - 90, expand=True)
        x = cx + radius * 0.72 * math.cos(angle) - glyph.width / 2
        y = cy + radius * 0.72 * math.sin(angle) - glyph.height / 2
        layer.paste(Image.new("RGB", glyph.size, SEAL_RED), (int(x), int(y)), glyph)
    draw.text((cx, cy + radius * 0.5), CENTRE_TEXT, font=font, fill=SEAL_RED, anchor="mm")
    return layer


def sealed_page() -> tuple[np.ndarray, list[str], tuple[int, int, int, int]]:
    """(RGB page image, printed lines the seal covers, pixel box of the covered band)."""
    pdf = pypdfium2.PdfDocument(str(FIXTURE))
    try:
        page = pdf[2].render(scale=DPI / 72).to_pil().convert("RGB")
    finally:
        pdf.close()
    lines = [line for line in extract_document(FIXTURE, Options(ocr="never")).pages[2].lines if line.bbox]
    body = [line for line in lines if 70 < line.bbox[1] < 780]
    last = body[-3:]
    px = DPI / 72
    top, bottom = last[0].bbox[1] * px, last[-1].bbox[3] * px
    radius = 0.8 * (bottom - top)
    centre = (page.width * 0.62, (top + bottom) / 2)
    stamped = ImageChops.multiply(page, seal_layer(page.size, centre, radius))
    band = (0, int(centre[1] - radius - 5), page.width, int(centre[1] + radius + 5))
    return np.asarray(stamped), [line.text for line in last], band
