"""Read a PDF page's characters, images and rules with PDFium, in the displayed page's orientation.

PDFium (pypdfium2's raw API) parses a page about ten times faster than pdfminer, so the text layer
of every page is read here; pdfplumber is kept for what it does best (see extract/pdftables.py).

Coordinates: PDF points, origin at the top left of the page *as displayed*, i.e. after the page's
`/Rotate` is applied (a landscape page stored as a rotated portrait one has width > height here).
Each glyph carries its baseline origin and the direction its text runs in, so lines can be built
from baselines rather than from the font's declared ascent (which differs between the CJK and the
Latin font of one WPS/Word line by most of a line height).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as raw

RULE_MAX_THICKNESS = 3.0  # points: a filled rectangle thinner than this is a drawn rule
MAX_PATH_SEGMENTS = 20_000  # per page: past this a page is a drawing, not a ruled table


@dataclass(frozen=True)
class Glyph:
    """One character of a text layer (display coordinates, points).

    `x`/`y`: the baseline origin; `dx`/`dy`: unit vector of the writing direction ((1, 0) for
    upright text); `size`: the font size times the text matrix scale; `width`: the advance box
    width along the writing direction.
    """

    text: str
    x: float
    y: float
    dx: float
    dy: float
    size: float
    width: float
    space_before: bool = False  # the content stream has a space character just before this glyph


@dataclass
class PageObjects:
    """What a page holds besides text: font names, path count, image cover, straight rules."""

    fonts: set[str] = field(default_factory=set)
    vector_count: int = 0
    image_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)  # pdfplumber-style edge dicts (x0, x1, top, bottom, orientation)


class Display:
    """Maps PDF user-space points of one page to display coordinates (rotation applied, top-left origin)."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        self.left, self.bottom, self.right, self.top = page.get_bbox()
        self.rotation = page.get_rotation() % 360
        w, h = self.right - self.left, self.top - self.bottom
        self.width, self.height = (h, w) if self.rotation in (90, 270) else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(X, Y) on the displayed page of the user-space point (x, y)."""
        r = self.rotation
        if r == 90:
            return y - self.bottom, x - self.left
        if r == 180:
            return self.right - x, y - self.bottom
        if r == 270:
            return self.top - y, self.right - x
        return x - self.left, self.top - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) on the displayed page of a user-space rectangle."""
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def read_glyphs(page: pdfium.PdfPage, display: Display) -> list[Glyph]:
    """The page's characters in content-stream order, without PDFium's generated spaces/breaks or whitespace."""
    textpage = page.get_textpage()
    try:
        return list(_glyphs(textpage.raw, display))
    finally:
        textpage.close()


def _glyphs(tp: object, display: Display) -> Iterator[Glyph]:
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    space = False
    for i in range(raw.FPDFText_CountChars(tp)):
        code = raw.FPDFText_GetUnicode(tp, i)
        if raw.FPDFText_IsGenerated(tp, i):
            continue
        if 0 < code <= 32 or code in (0x7F, 0xA0, 0x3000):
            space = space or code in (32, 0xA0, 0x3000)
            continue
        if code in (0, 0xFFFE, 0xFFFF) or raw.FPDFText_HasUnicodeMapError(tp, i):
            code = 0xFFFD  # a glyph with no Unicode value: junk that routing counts
        raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
        raw.FPDFText_GetMatrix(tp, i, matrix)
        raw.FPDFText_GetLooseCharBox(tp, i, rect)
        x, y = display.point(ox.value, oy.value)
        tx, ty = display.point(ox.value + matrix.a, oy.value + matrix.b)
        dx, dy = _unit(tx - x, ty - y)
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0  # Tf 1 with a scaled Tm is common
        size = (raw.FPDFText_GetFontSize(tp, i) or 1.0) * scale
        x0, top, x1, bottom = display.box(rect.left, rect.bottom, rect.right, rect.top)
        width = abs((x1 - x0) * dx) + abs((bottom - top) * dy)
        yield Glyph(_char(code), x, y, dx, dy, size, width, space)
        space = False


def _char(code: int) -> str:
    try:
        return chr(code)
    except ValueError:
        return "\ufffd"


def _unit(dx: float, dy: float) -> tuple[float, float]:
    """The writing direction snapped to the nearest right angle (skewed text reads as its nearest axis)."""
    if abs(dx) >= abs(dy):
        return (1.0, 0.0) if dx >= 0 else (-1.0, 0.0)
    return (0.0, 1.0) if dy > 0 else (0.0, -1.0)


def read_objects(page: pdfium.PdfPage, display: Display) -> PageObjects:
    """Fonts, path count, image boxes and straight rules of a page, form XObjects included."""
    found = PageObjects()
    budget = [MAX_PATH_SEGMENTS]
    handle = page.raw
    for i in range(raw.FPDFPage_CountObjects(handle)):
        _visit(raw.FPDFPage_GetObject(handle, i), display, found, budget)
    return found


def _visit(obj: object, display: Display, found: PageObjects, budget: list[int]) -> None:
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == raw.FPDF_PAGEOBJ_TEXT:
        found.fonts.add(_font_name(obj))
    elif kind == raw.FPDF_PAGEOBJ_PATH:
        found.vector_count += 1
        _rules(obj, display, found.edges, budget)
    elif kind == raw.FPDF_PAGEOBJ_IMAGE:
        found.image_boxes.append(_bounds(obj, display))
    elif kind == raw.FPDF_PAGEOBJ_FORM:
        inner = _InForm(display, obj)  # the form's objects report coordinates in the form's space
        for j in range(raw.FPDFFormObj_CountObjects(obj)):
            _visit(raw.FPDFFormObj_GetObject(obj, j), inner, found, budget)


class _InForm:
    """Display coordinates for objects inside a form XObject: the form's matrix, then the outer mapping."""

    def __init__(self, outer: Display | _InForm, form: object) -> None:
        m = raw.FS_MATRIX()
        raw.FPDFPageObj_GetMatrix(form, m)
        self.outer, self.m = outer, (m.a, m.b, m.c, m.d, m.e, m.f)

    def point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.m
        return self.outer.point(a * x + c * y + e, b * x + d * y + f)

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        corners = [self.point(x, y) for x in (left, right) for y in (bottom, top)]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        return min(xs), min(ys), max(xs), max(ys)


def _font_name(obj: object) -> str:
    font = raw.FPDFTextObj_GetFont(obj)
    if not font:
        return ""
    buffer = ctypes.create_string_buffer(256)
    size = raw.FPDFFont_GetBaseFontName(font, buffer, 256)
    name = buffer.raw[: max(size - 1, 0)]
    for encoding in ("utf-8", "gb18030"):  # names are raw bytes; Chinese tools write UTF-8 or GBK
        try:
            return name.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name.decode("latin-1")


def _bounds(obj: object, display: Display) -> tuple[float, float, float, float]:
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    return display.box(left.value, bottom.value, right.value, top.value)


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict:
    return {
        "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
        "orientation": orientation, "object_type": "line",
    }  # fmt: skip


def _rules(obj: object, display: Display, edges: list[dict], budget: list[int]) -> None:
    """Straight horizontal/vertical rules drawn by one path: a thin filled box, or its line segments.
    A path drawn neither stroked nor filled with a visible (non-white) colour draws no rule."""
    if not _visible(obj):
        return
    x0, top, x1, bottom = _bounds(obj, display)
    if min(x1 - x0, bottom - top) <= RULE_MAX_THICKNESS and max(x1 - x0, bottom - top) > RULE_MAX_THICKNESS:
        if x1 - x0 >= bottom - top:
            edges.append(_edge(x0, (top + bottom) / 2, x1, (top + bottom) / 2, "h"))
        else:
            edges.append(_edge((x0 + x1) / 2, top, (x0 + x1) / 2, bottom, "v"))
        return
    count = raw.FPDFPath_CountSegments(obj)
    budget[0] -= count
    if count <= 0 or budget[0] < 0:
        return
    edges.extend(_segment_edges(obj, count, display))


def _visible(obj: object) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fill, stroke):
        return True
    if stroke.value:
        return True
    if not fill.value:
        return False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not raw.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return True
    return a.value > 0 and min(r.value, g.value, b.value) < 245


def _segment_edges(obj: object, count: int, display: Display) -> Iterator[dict]:
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, matrix)
    px, py = ctypes.c_float(), ctypes.c_float()
    start = last = None
    for k in range(count):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        raw.FPDFPathSegment_GetPoint(seg, px, py)
        x = matrix.a * px.value + matrix.c * py.value + matrix.e
        y = matrix.b * px.value + matrix.d * py.value + matrix.f
        point = display.point(x, y)
        if raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_LINETO and last is not None:
            yield from _straight(last, point)
        if raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_MOVETO:
            start = point
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            yield from _straight(point, start)
        last = point


def _straight(a: tuple[float, float], b: tuple[float, float]) -> Iterator[dict]:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 1 and abs(ax - bx) >= 1:
        yield _edge(min(ax, bx), ay, max(ax, bx), ay, "h")
    elif abs(ax - bx) < 1 and abs(ay - by) >= 1:
        yield _edge(ax, min(ay, by), ax, max(ay, by), "v")
