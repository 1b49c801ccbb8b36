"""PDF text layers: open a PDF safely, turn a page's characters into `Line`s, measure the page.

PDFium reads the text layer (characters, fonts, images, rules: extract/glyphs.py, about ten times
faster than pdfminer and reading CID fonts whose encoding is an embedded CMap stream, which
pdfminer misses); extract/layout.py makes lines by baseline in reading order and
extract/pdftables.py finds tables. pdfplumber is kept for opening checks and its table logic.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium

from extract.glyphs import Display, Glyph, PageObjects, read_glyphs, read_objects
from extract.layout import Row, drop_fake_bold, group_rows, reading_order
from extract.model import Line, PageTable
from extract.pdftables import FoundTable, ruled_tables, unruled_tables
from extract.routing import PageStats, is_cjk_font, text_stats
from policyqa.errors import EncryptedError, InputFileError

# pdfminer logs recoverable damage ("Data-loss while decompressing", circular XObjects) as
# warnings; the page's route and reason already tell the user what happened.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)



def _password_problem(password: str | None) -> EncryptedError:
    if password:
        return EncryptedError("the PDF password given is wrong", "pass the right --password")
    return EncryptedError("the PDF is encrypted and needs a password")


def open_pdf(path: Path, password: str | None = None) -> Any:
    """Open a PDF read-only with pdfplumber, mapping failures to typed errors."""
    try:
        return pdfplumber.open(path, password=password or "")
    except Exception as exc:  # pdfplumber wraps every pdfminer error in PdfminerException
        cause = exc.args[0] if exc.args else exc
        if type(cause).__name__ == "PDFPasswordIncorrect":
            raise _password_problem(password) from exc
        raise InputFileError(f"{path.name} is not a readable PDF ({_one_line(cause)})") from exc


def open_pdfium(path: Path, password: str | None = None) -> pdfium.PdfDocument:
    """Open a PDF read-only with PDFium, mapping failures to typed errors."""
    try:
        return pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise _password_problem(password) from exc
        raise InputFileError(f"{path.name} is damaged or not a PDF ({_one_line(exc)})") from exc


def _one_line(exc: object) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


@dataclass
class TextLayer:
    """A page's text layer as read by PDFium: lines in reading order, tables, routing figures.

    `width`/`height`: the displayed page (rotation applied), points; `lines` carry display boxes.
    """

    lines: list[Line]
    tables: list[PageTable]
    stats: PageStats
    width: float
    height: float


def read_text_layers(path: Path, password: str | None = None) -> list[TextLayer]:
    """Every page's text layer of the PDF at `path`, in page order (`read_text_layer` page by page).

    The pipeline reads page by page under its own guards (extract.load); this is for tools and tests
    that want the whole document's layers. Errors: EncryptedError, InputFileError (see open_pdfium).
    """
    doc = open_pdfium(path, password)
    try:
        with open_pdf(path, password) as plumber:
            return [read_text_layer(doc, i, i + 1, plumber) for i in range(len(doc))]
    finally:
        doc.close()


def read_text_layer(doc: pdfium.PdfDocument, index: int, number: int, plumber: Any = None) -> TextLayer:
    """Read page `index` (0-based) of a PDFium document: glyphs → lines by baseline → reading order.

    `plumber`: the same PDF opened with pdfplumber (optional): where PDFium cannot map glyphs to
    Unicode (predefined Chinese CMaps of non-embedded fonts) and pdfminer can, pdfminer's
    characters are used for the page.
    """
    page = doc[index]
    try:
        display = Display(page)
        glyphs = read_glyphs(page, display)
        objects = read_objects(page, display)
    finally:
        page.close()
    if plumber is not None and any(g.text == "\ufffd" for g in glyphs):
        glyphs = _fewer_unmapped(glyphs, plumber.pages[index])
    glyphs = drop_fake_bold(glyphs)
    ruled, prose = ruled_tables(objects.edges, glyphs, (display.width, display.height))
    unruled, rows = unruled_tables(group_rows(prose))
    tables = sorted(ruled + unruled, key=lambda t: (t.bbox[1], t.bbox[0]))
    lines = _place_tables([_line(row, number) for row in reading_order(rows)], tables, number)
    stats = _stats(lines, objects, display)
    found = [PageTable(number, t.bbox, tuple(tuple(r) for r in t.rows)) for t in tables]
    return TextLayer(lines, found, stats, display.width, display.height)


def _fewer_unmapped(glyphs: list[Glyph], page: Any) -> list[Glyph]:
    """pdfminer's characters of the page when they hold fewer unmapped glyphs than PDFium's."""
    try:
        theirs = [_plumber_glyph(c) for c in page.chars if c["text"].strip()]
    except Exception:  # pdfminer failing on a page PDFium could read is not fatal
        return glyphs
    finally:
        page.close()
    unmapped = sum(g.text == "\ufffd" for g in glyphs)
    return theirs if theirs and sum(g.text == "\ufffd" for g in theirs) < unmapped else glyphs


def _plumber_glyph(c: dict) -> Glyph:
    """A pdfplumber char as a Glyph: the baseline from its text matrix, the box's width."""
    size = float(c["size"]) or 1.0
    baseline = float(c["top"]) + float(c["y1"]) - float(c["matrix"][5])
    direction = (1.0, 0.0) if c.get("upright", True) else (0.0, -1.0)
    return Glyph(c["text"], float(c["x0"]), baseline, *direction, size, float(c["x1"]) - float(c["x0"]))


def _line(row: Row, number: int) -> Line:
    return Line(text=row.text(), page=number, bbox=row.bbox(), source="text")


def _place_tables(lines: list[Line], tables: list[FoundTable], number: int) -> list[Line]:
    """Each table's rows, one Line per row (cells joined by a tab), before the first line below its top."""
    out = list(lines)
    for table in tables:
        at = next((i for i, line in enumerate(out) if line.kind == "text" and _below(line, table)), len(out))
        rows = [
            Line(text="\t".join(cells), page=number, bbox=box, source="text", kind="table_row")
            for cells, box in zip(table.rows, table.row_boxes)
            if any(cell.strip() for cell in cells)
        ]
        out[at:at] = rows
    return out


def _below(line: Line, table: FoundTable) -> bool:
    x0, top, x1, _ = line.bbox
    return top >= table.bbox[1] and x0 < table.bbox[2] and x1 > table.bbox[0]


def _stats(lines: list[Line], objects: PageObjects, display: Display) -> PageStats:
    chars, cjk, junk, mojibake = text_stats("\n".join(line.text for line in lines))
    area = display.width * display.height or 1.0
    covered = sum(
        max(0.0, min(x1, display.width) - max(x0, 0)) * max(0.0, min(bottom, display.height) - max(top, 0))
        for x0, top, x1, bottom in objects.image_boxes
    )
    return PageStats(
        char_count=chars,
        cjk_count=cjk,
        junk_count=junk,
        mojibake_count=mojibake,
        image_ratio=min(1.0, covered / area),
        vector_count=objects.vector_count,
        cjk_font=any(is_cjk_font(name) for name in objects.fonts),
    )
