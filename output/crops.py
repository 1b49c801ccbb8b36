"""The page beside each flag: a crop of the flagged line from the source PDF, flagged characters boxed.

Where the flagged characters stand on the page comes from reference.place (the extracted
lines' boxes and a fuzzy alignment of the flagged stretch with the page's text).

The crop is rendered with pdfium when the report is written (the page once, at CROP_SCALE) and
embedded as a PNG data: URI, so report.html stays one self-contained file. A flag on a page with
no line boxes (a plain-text copy), no offsets (a missing clause), or a source that is no longer
readable gets no crop; the report says so instead.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from extract.model import ExtractedDocument, Line
from reference.model import Clause, Flag
from reference.place import Box, Place, bboxed_lines, place_flag

CROP_SCALE = 2.0  # pixels per PDF point (144 dpi): small print stays legible
PAD = 0.35  # padding around the crop, in line heights
MAX_CROPS = 300  # crops per report: a hopeless copy does not make a 100 MB page
BOX_RGB = (220, 0, 0)
PALETTE = 32  # colours of a crop (print on paper needs few); the last is the box's


@dataclass(frozen=True)
class Crop:
    """A rendered line crop: a PNG data: URI, the page, and a link to the source at that page."""

    page: int
    data_uri: str
    link: str
    width: int
    height: int


class PageRenderer:
    """Renders pages of one PDF once each (at CROP_SCALE) and cuts line crops from them."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._pdf = None
        self._pages: dict[int, Image.Image] = {}
        self.failed = False

    def page(self, number: int) -> Image.Image | None:
        """The rendered page (1-based), or None when the source cannot be read."""
        if number in self._pages or self.failed:
            return self._pages.get(number)
        try:
            import pypdfium2

            if self._pdf is None:
                self._pdf = pypdfium2.PdfDocument(self.path)
            bitmap = self._pdf[number - 1].render(scale=CROP_SCALE)
            self._pages[number] = bitmap.to_pil().convert("RGB")
        except Exception:  # noqa: BLE001 - any unreadable source: the report says "no crop"
            self.failed = True
            return None
        return self._pages[number]

    def close(self) -> None:
        """Release the PDF."""
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
        self._pages.clear()


def _crop_box(lines: list[Line], boxes: tuple[Box, ...], size: tuple[int, int]) -> tuple[int, ...]:
    """Pixel box of the crop: the lines touched, padded, clamped to the page."""
    bboxes = [lines[box.line].bbox for box in boxes]
    x0 = min(b[0] for b in bboxes if b)
    top = min(b[1] for b in bboxes if b)
    x1 = max(b[2] for b in bboxes if b)
    bottom = max(b[3] for b in bboxes if b)
    pad = PAD * max(b[3] - b[1] for b in bboxes if b)
    return (
        max(0, int((x0 - pad) * CROP_SCALE)),
        max(0, int((top - pad) * CROP_SCALE)),
        min(size[0], int((x1 + pad) * CROP_SCALE) + 1),
        min(size[1], int((bottom + pad) * CROP_SCALE) + 1),
    )


def draw_crop(page: Image.Image, lines: list[Line], places: list[Place]) -> Image.Image:
    """The crop of the lines the places touch, every flagged run boxed in red (a palette image)."""
    boxes = tuple(box for place in places for box in place.boxes)
    left, top, right, bottom = _crop_box(lines, boxes, page.size)
    image = page.crop((left, top, right, bottom)).quantize(colors=PALETTE - 1)
    palette = image.getpalette() or []
    palette[3 * (PALETTE - 1) : 3 * PALETTE] = BOX_RGB  # the box colour has an entry of its own
    image.putpalette(palette)
    draw = ImageDraw.Draw(image)
    for box in boxes:
        bbox = lines[box.line].bbox
        assert bbox is not None
        rect = (
            box.x0 * CROP_SCALE - left - 2,
            bbox[1] * CROP_SCALE - top - 2,
            box.x1 * CROP_SCALE - left + 2,
            bbox[3] * CROP_SCALE - top + 2,
        )
        draw.rectangle(rect, outline=PALETTE - 1, width=3)
    return image


def png_data_uri(image: Image.Image) -> str:
    """A PNG data: URI of the image."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def page_link(path: str, page: int) -> str:
    """A file:// link opening the source at a page (PDF viewers honour #page=N)."""
    try:
        return f"{Path(path).resolve().as_uri()}#page={page}"
    except ValueError:
        return ""


def line_crops(
    extracted: ExtractedDocument, source_path: str, cards: list[tuple[dict[str, Clause], list[Flag]]]
) -> dict[str, Crop]:
    """Crops by flag id; flags of one clause on the same lines share one crop (same Crop object)."""
    if extracted.kind != "pdf" or not Path(source_path).is_file():
        return {}
    renderer = PageRenderer(source_path)
    crops: dict[str, Crop] = {}
    try:
        for clauses, flags in cards:
            _card_crops(extracted, source_path, renderer, clauses, flags, crops)
            if len(crops) >= MAX_CROPS or renderer.failed:
                break
    finally:
        renderer.close()
    return crops


def _card_crops(extracted: ExtractedDocument, source_path: str, renderer: PageRenderer,
                clauses: dict[str, Clause], flags: list[Flag], crops: dict[str, Crop]) -> None:
    """Add the crops of one card's flags: flags on the same page lines share a crop."""
    groups: dict[tuple[int, tuple[int, ...]], list[tuple[Flag, Place]]] = {}
    for flag in flags:
        clause = clauses.get(flag.clause_id)
        place = place_flag(extracted, clause, flag) if clause is not None else None
        if place is not None:
            key = (place.page, tuple(sorted({box.line for box in place.boxes})))
            groups.setdefault(key, []).append((flag, place))
    for (page, _), members in groups.items():
        image = renderer.page(page)
        if image is None:
            return
        crop_image = draw_crop(image, bboxed_lines(extracted, page), [place for _, place in members])
        crop = Crop(page, png_data_uri(crop_image), page_link(source_path, page), *crop_image.size)
        for flag, _ in members:
            crops[flag.flag_id] = crop
