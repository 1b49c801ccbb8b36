"""Where a flag's witness characters stand on their page: line and x-extent, in PDF points.

A flag knows its witness clause and offsets in that clause's cleaned text, and its page; the
extracted lines of that page know their boxes (PDF points, origin top left, whatever the route:
text layer or OCR, see extract.model). The flagged stretch plus a few characters either side is
found in the page's raw line text by a fuzzy alignment (cleaning and Traditional→Simplified
conversion change a few characters, never the order), then mapped character by character
through the edit operations. Inside a line, characters are placed proportionally along the
line's box: Chinese print is monospaced, so this is exact to a fraction of a character.
Used by output.crops (the page beside each flag) and reference.ocr_review (re-reading).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from extract.model import ExtractedDocument, Line
from reference.model import Clause, Flag

PROBE = 8  # clause characters either side of the flagged stretch used to find it on the page
MIN_SCORE = 60.0  # partial_ratio (0–100) below which the stretch is not trusted to be found


@dataclass(frozen=True)
class Box:
    """A flagged run of characters on one line: the line and the run's x-extent, in points."""

    line: int  # index into bboxed_lines(page)
    x0: float
    x1: float
    start: int = 0  # the run's character offsets in the line's text
    end: int = 0


@dataclass(frozen=True)
class Place:
    """Where a flag's characters stand on its page."""

    page: int
    boxes: tuple[Box, ...]


def _needle(text: str, start: int, end: int) -> tuple[str, int, int]:
    """(probe text, flagged start, flagged end) around text[start:end], newlines dropped."""
    lo, hi = max(0, start - PROBE), min(len(text), end + PROBE)
    before, flagged, after = text[lo:start], text[start:end], text[end:hi]
    before, flagged, after = (part.replace("\n", "") for part in (before, flagged, after))
    return before + flagged + after, len(before), len(before) + len(flagged)


def _map_offset(opcodes: Iterable[tuple[str, int, int, int, int]], offset: int) -> int:
    """Where `offset` of the source string falls in the destination string of an alignment."""
    for tag, i1, i2, j1, j2 in opcodes:
        if i1 <= offset < i2 or (offset == i2 and tag == "equal" and i1 == i2):
            return j1 + (min(offset - i1, j2 - j1) if tag in ("equal", "replace") else 0)
        if offset < i1:
            return j1
    return max((j2 for *_, j2 in opcodes), default=0)


def _line_boxes(lines: list[Line], starts: list[int], lo: int, hi: int) -> tuple[Box, ...]:
    """Boxes of page-text characters [lo, hi) (at least a caret), one per line they touch."""
    boxes = []
    for index, line in enumerate(lines):
        if line.bbox is None or not line.text:
            continue
        a, b = max(lo, starts[index]), min(hi, starts[index] + len(line.text))
        caret = lo == hi and starts[index] <= lo <= starts[index] + len(line.text)
        if a >= b and not caret:
            continue
        x0, _, x1, _ = line.bbox
        step = (x1 - x0) / len(line.text)
        left = x0 + step * (a - starts[index])
        right = x0 + step * (b - starts[index]) if a < b else left
        widen = 0.3 * step if caret else 0.0
        boxes.append(Box(index, left - widen, right + widen, a - starts[index], max(a, b) - starts[index]))
        if caret:
            break
    return tuple(boxes)


def place_flag(extracted: ExtractedDocument, clause: Clause, flag: Flag) -> Place | None:
    """Where on its page the flag's witness characters stand, or None when that is unknown."""
    if flag.page is None or flag.witness_start is None or flag.witness_end is None:
        return None
    if not 1 <= flag.page <= len(extracted.pages):
        return None
    lines = bboxed_lines(extracted, flag.page)
    if not lines:
        return None
    needle, a, b = _needle(clause.text, flag.witness_start, flag.witness_end)
    haystack = "".join(line.text for line in lines)
    found = fuzz.partial_ratio_alignment(needle, haystack)
    if not needle or found is None or found.score < MIN_SCORE:
        return None
    window = haystack[found.dest_start : found.dest_end]
    ops = Levenshtein.opcodes(needle, window)
    lo, hi = (found.dest_start + _map_offset(ops, x) for x in (a, b))
    starts, total = [], 0
    for line in lines:
        starts.append(total)
        total += len(line.text)
    boxes = _line_boxes(lines, starts, lo, max(lo, hi))
    return Place(flag.page, boxes) if boxes else None


def bboxed_lines(extracted: ExtractedDocument, page: int) -> list[Line]:
    """The lines of a page that have boxes (the list place_flag's Box.line indexes)."""
    return [line for line in extracted.pages[page - 1].lines if line.bbox is not None]


