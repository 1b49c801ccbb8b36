"""Tables of a text layer: ruled tables from the page's rules, unruled ones from aligned cells.

Ruled tables: the page's straight rules (read by PDFium, extract/glyphs.py) go through
pdfplumber's own table-finding steps (`merge_edges` → `edges_to_intersections` →
`intersections_to_cells` → `cells_to_tables`, pdfplumber's "lines" strategy with its default
tolerances), so the table logic is the library's while the page is parsed once, by PDFium.
A table needs at least two rows and two columns (a box drawn around a paragraph is no table).

Unruled tables: at least `MIN_UNRULED_ROWS` consecutive rows of upright text each cut into the
same number (≥ `MIN_UNRULED_COLUMNS`) of segments by wide gaps, each segment overlapping the one
above it and some segment longer than one character (a letter-spaced title is not a table):
columns that line up are a table, not prose.
"""

from __future__ import annotations

from dataclasses import dataclass

from pdfplumber import table as plumber_table

from extract.glyphs import Glyph
from extract.layout import Row, group_rows

TOLERANCE = 3  # points: pdfplumber's default snap/join/intersection tolerance
MIN_EDGE = 3  # points: pdfplumber's default edge_min_length
MIN_UNRULED_ROWS = 2
MIN_UNRULED_COLUMNS = 3


@dataclass
class FoundTable:
    """A table on the page: its box (display points) and its rows of cell texts."""

    bbox: tuple[float, float, float, float]
    rows: list[list[str]]
    row_boxes: list[tuple[float, float, float, float]]


def ruled_cells(edges: list[dict]) -> list[list[tuple[float, float, float, float]]]:
    """Cell boxes of each ruled table the rules draw (pdfplumber's lines strategy)."""
    if len(edges) < 4:
        return []
    merged = plumber_table.merge_edges(edges, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
    kept = [e for e in merged if (e["width"] if e["orientation"] == "h" else e["height"]) >= MIN_EDGE]
    points = plumber_table.edges_to_intersections(kept, TOLERANCE, TOLERANCE)
    cells = plumber_table.intersections_to_cells(points)
    return plumber_table.cells_to_tables(cells)


def ruled_tables(
    edges: list[dict], glyphs: list[Glyph], page: tuple[float, float]
) -> tuple[list[FoundTable], list[Glyph]]:
    """Tables drawn with rules on a page of size `page` (width, height), filled with the upright
    glyphs inside their cells; plus the glyphs left over. A table has two rows of two cells or more
    (panels and boxes drawn around text are not tables); cells off the page do not count."""
    found, rest = [], list(glyphs)
    for cells in ruled_cells(edges):
        cells = [c for c in cells if c[0] >= -TOLERANCE and c[1] >= -TOLERANCE and c[2] <= page[0] + TOLERANCE
                 and c[3] <= page[1] + TOLERANCE]  # fmt: skip
        grid = plumber_table.Table(None, cells).rows if cells else []
        if sum(sum(c is not None for c in row.cells) >= 2 for row in grid) < 2:
            continue
        inside, rest = _split(rest, _bbox(cells))
        found.append(_fill(grid, inside))
    return found, rest


def _bbox(cells: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells)


def _centre(g: Glyph) -> tuple[float, float]:
    return g.x + g.width / 2 * g.dx, g.y - 0.35 * g.size


def _within(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _split(glyphs: list[Glyph], box: tuple[float, float, float, float]) -> tuple[list[Glyph], list[Glyph]]:
    inside, outside = [], []
    for g in glyphs:
        (inside if g.dx == 1.0 and _within(_centre(g), box) else outside).append(g)
    return inside, outside


def _fill(grid: list, glyphs: list[Glyph]) -> FoundTable:
    held: dict[tuple[int, int], list[Glyph]] = {}
    for g in glyphs:
        point = _centre(g)
        for r, row in enumerate(grid):
            if row.bbox[1] <= point[1] <= row.bbox[3]:
                c = next((c for c, cell in enumerate(row.cells) if cell and _within(point, cell)), None)
                if c is not None:
                    held.setdefault((r, c), []).append(g)
                    break
    rows = [
        [cell_text(group_rows(held.get((r, c), []))) if cell else "" for c, cell in enumerate(row.cells)]
        for r, row in enumerate(grid)
    ]
    boxes = [row.bbox for row in grid]
    return FoundTable(_bbox(boxes), rows, boxes)


def cell_text(rows: list[Row]) -> str:
    """The lines of one cell joined: a space only between two Latin words (letters or digits)."""
    text = ""
    for row in rows:
        part = row.text().strip()
        if text and part and text[-1].isascii() and text[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            text += " "
        text += part
    return text


def unruled_tables(rows: list[Row]) -> tuple[list[FoundTable], list[Row]]:
    """Runs of rows whose segments line up in columns, as tables; plus the rows left over."""
    found, rest, run = [], [], []
    for row in rows + [None]:
        segments = row.segments() if row is not None and row.glyphs[0].dx == 1.0 else []
        if not any(len(seg.glyphs) > 1 for seg in segments):  # a letter-spaced title is no table row
            segments = []
        if segments and len(segments) >= MIN_UNRULED_COLUMNS and (not run or _aligned(run[-1][1], segments)):
            run.append((row, segments))
            continue
        if len(run) >= MIN_UNRULED_ROWS:
            found.append(_unruled(run))
        else:
            rest.extend(r for r, _ in run)
        run = [(row, segments)] if len(segments) >= MIN_UNRULED_COLUMNS else []
        if row is not None and not run:
            rest.append(row)
    return found, rest


def _aligned(above: list[Row], below: list[Row]) -> bool:
    return len(above) == len(below) and all(a.u0 < b.u1 and b.u0 < a.u1 for a, b in zip(above, below))


def _unruled(run: list[tuple[Row, list[Row]]]) -> FoundTable:
    rows = [[seg.text() for seg in segments] for _, segments in run]
    boxes = [row.bbox() for row, _ in run]
    return FoundTable(_bbox(boxes), rows, boxes)
