"""Running headers and footers: printed page numbers and running titles.

Two settings. With geometry (PDF text layers, OCR) a line is furniture by grammar, position and
sequence, never by a band alone:
- position: it sits in one of the first or last EDGE_ROWS rows of its page, above or below the
  text block (wherever the block ends: GB/T 9704 prints the number under the text block, far
  above any fixed bottom band), or in the top/bottom BAND;
- grammar: a page number (extract/pagenumbers.py: every dash, `第N页 共M页`, `·N·`, bare and
  Roman numbers, OCR confusions), or a short title-like line, or a document identifier
  (`GB/T 3620.1—2016`, `党委【2017】010 号`);
- sequence: a bare number is a page number when another page's number agrees with it on the
  offset between printed and physical page (gaps allowed, an excerpt may start at 12; numbers
  only on even pages still agree); alone, a bare number must sit in the band. A decorated
  number (`— 5 —`, `第 5 页`) at an edge needs no confirmation. A running title is the same
  line, digits masked, at the edge of many pages; a line at the same place whose wording
  differs a little from a confirmed running title (a header that changes part-way) is one too.
Without geometry (text and HTML copies) a page-number line is any line that is only a page
number, and a running title is a short title-like line repeated through the document.
The document's own title is kept: the first occurrence of a repeated title that is followed by
body text stays, the repeats go.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable

from rapidfuzz import fuzz

from extract.model import Line, RemovedLine
from extract.pagenumbers import DIGITS, PageNumber, parse_page_number

__all__ = ["PageNumber", "parse_page_number", "strip_page_furniture", "title_key", "is_title_like"]

BAND = 0.08  # top/bottom share of the page height where running headers/footers live
EDGE_ROWS = 2  # rows at the top and at the bottom of a page's text where furniture is looked for
MIN_TITLE_PAGES = 3  # a running title repeats on at least this many pages ...
MIN_TITLE_SHARE = 0.30  # ... or on at least this share of the pages (and on two at least)
MAX_TITLE_WIDTH = 40  # characters: a repeated title in a text copy is short
MAX_HEADER_WIDTH = 60  # characters: a running header at a page edge may be longer
SIMILAR_HEADER = 70  # rapidfuzz ratio: a changed wording of a running header at the same place
SAME_PLACE_PT = 3.0  # points: "the same place" for the top of a running header

_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?]")
# Document identifiers printed as running headers:
_IDENTIFIERS = [
    re.compile(r"^[\u4e00-\u9fff]{1,12}[〔【\[（(]\d{4}[〕】\]）)]\d{1,4}号$"),  # 党委【2017】010号
    re.compile(r"^[A-Z]{1,4}(?:/[A-Z])?\d+(?:\.\d+)*[-—–－―]+\d{4}$"),  # GB/T 3620.1—2016
]


def title_key(text: str) -> str:
    """The comparison key of a running-title candidate: no whitespace, digits masked."""
    text = re.sub(r"\s+", "", text)
    return re.sub(rf"[{DIGITS}]+", "#", text)


def is_title_like(text: str, width: int = MAX_TITLE_WIDTH) -> bool:
    """True for a short line without sentence punctuation (a title, heading or running head)."""
    stripped = re.sub(r"\s+", "", text)
    return 0 < len(stripped) <= width and not _SENTENCE_PUNCT.search(stripped)


def is_identifier(text: str) -> bool:
    """True for a document number or standard code alone (`党委【2017】010号`, `GB/T 3620.1—2016`)."""
    stripped = re.sub(r"\s+", "", text)
    return any(pattern.match(stripped) for pattern in _IDENTIFIERS)


def _in_band(line: Line, height: float | None) -> bool:
    if line.bbox is None or not height:
        return False
    _, top, _, bottom = line.bbox
    return bottom <= height * BAND or top >= height * (1 - BAND)


def _title_threshold(page_count: int) -> int:
    return max(2, min(MIN_TITLE_PAGES, round(page_count * MIN_TITLE_SHARE + 0.4999)))


def strip_page_furniture(
    pages: list[list[Line]], heights: list[float | None]
) -> tuple[list[list[Line]], list[RemovedLine]]:
    """Drop page numbers and running titles: by edge position, grammar and sequence (geometry) or
    by grammar and repetition (text copies). Returns the kept lines per page and the removed lines."""
    geometry = any(h for h in heights) and any(ln.bbox for page in pages for ln in page)
    if geometry:
        return _strip_with_geometry(pages, heights)
    return _strip_without_geometry(pages)


@dataclass(frozen=True)
class Edge:
    """A line at the top or bottom edge of its page's text."""

    page: int  # 0-based index into the document's pages
    index: int  # index into the page's lines
    where: str  # "top" or "bottom"
    top: float  # points from the top of the page
    in_band: bool  # inside the top/bottom BAND as well
    depth: int  # rows between it and its edge: 0 for the outermost row


def _rows(lines: list[Line]) -> list[list[int]]:
    """Indexes of the lines with a box, grouped into rows that overlap vertically, top to bottom."""
    boxed = sorted((line.bbox[1], i) for i, line in enumerate(lines) if line.bbox)
    rows: list[list[int]] = []
    row_bottom = float("-inf")
    for top, i in boxed:
        bottom = lines[i].bbox[3]  # type: ignore[index]
        if rows and top < row_bottom - 0.5 * (bottom - top):
            rows[-1].append(i)
            row_bottom = max(row_bottom, bottom)
        else:
            rows.append([i])
            row_bottom = bottom
    return rows


def page_edges(lines: list[Line], height: float | None, page: int = 0) -> list[Edge]:
    """The lines in the first and last EDGE_ROWS rows of a page's text, or in its top/bottom band."""
    rows = _rows(lines)
    middle = (height or 0) / 2
    edges = []
    for rank, row in enumerate(rows):
        for i in row:
            _, top, _, bottom = lines[i].bbox  # type: ignore[misc]
            upper = not height or (top + bottom) / 2 < middle
            # a short page's rows are at both edges: the half of the page decides
            at_top = rank < EDGE_ROWS and (rank < len(rows) - EDGE_ROWS or upper)
            at_bottom = rank >= len(rows) - EDGE_ROWS and (rank >= EDGE_ROWS or not upper)
            band = _in_band(lines[i], height)
            if at_top or at_bottom or band:
                where = "top" if at_top or (band and upper) else "bottom"
                depth = rank if where == "top" else len(rows) - 1 - rank
                edges.append(Edge(page, i, where, top, band, depth))
    return edges


def _confirmed_page_numbers(pages: list[list[Line]], edges: list[Edge]) -> dict[tuple[int, int], PageNumber]:
    """Edge lines that are page numbers by grammar, confirmed by decoration, sequence or band."""
    found = {}
    for edge in edges:
        if number := parse_page_number(pages[edge.page][edge.index].text, roman=True):
            found[edge] = number
    support: dict[tuple[bool, int], set[int]] = defaultdict(set)
    for edge, number in found.items():
        support[(number.roman, number.number - edge.page)].add(edge.page)
    confirmed = {}
    for edge, number in found.items():
        in_sequence = len(support[(number.roman, number.number - edge.page)]) >= 2
        if number.decorated or in_sequence or edge.in_band:
            confirmed[(edge.page, edge.index)] = number
    # A number alone at the very edge where other pages' confirmed numbers stand (front matter's
    # `Ⅰ` before the Arabic sequence restarts at 1) takes its place from that sequence.
    placed = Counter(edge.where for edge in found if (edge.page, edge.index) in confirmed and edge.depth == 0)
    for edge, number in found.items():
        if number.roman and edge.depth == 0 and placed[edge.where] >= 2:
            confirmed.setdefault((edge.page, edge.index), number)
    return confirmed


def _running_titles(
    pages: list[list[Line]], edges: list[Edge], numbers: dict[tuple[int, int], PageNumber]
) -> set[tuple[int, int]]:
    """Edge lines repeated (digits masked) at the edge of many pages, their changed wordings at
    the same place, and document identifiers heading any page but the document's first."""
    text = {(e.page, e.index): pages[e.page][e.index].text for e in edges}
    candidates = [
        e for e in edges if (e.page, e.index) not in numbers and is_title_like(text[e.page, e.index], MAX_HEADER_WIDTH)
    ]
    pages_by_key: dict[str, set[int]] = defaultdict(set)
    for edge in candidates:
        pages_by_key[title_key(text[edge.page, edge.index])].add(edge.page)
    threshold = _title_threshold(len(pages))
    repeated = {key for key, on in pages_by_key.items() if len(on) >= threshold}
    places = [(e.where, e.top, key) for e in candidates if (key := title_key(text[e.page, e.index])) in repeated]
    later = _pages_after_the_first(numbers, len(pages))
    first_page = _first_pages(pages, repeated)
    body_outside = _text_outside(edges, text, numbers, repeated)
    titles = set()
    for edge in candidates:
        key = title_key(text[edge.page, edge.index])
        if key in repeated and edge.page == first_page[key] and not edge.in_band and body_outside(edge):
            continue  # its first occurrence, under/over the page's own text: a section opening
        if key in repeated or _changed_wording(edge, key, places):
            titles.add((edge.page, edge.index))
        elif edge.where == "top" and edge.page in later and is_identifier(text[edge.page, edge.index]):
            titles.add((edge.page, edge.index))
    return titles


def _text_outside(
    edges: list[Edge], text: dict[tuple[int, int], str], numbers: dict, repeated: set[str]
) -> Callable[[Edge], bool]:
    """A test: is a line printed between this edge line and its page edge that is not furniture?"""
    body = {
        (e.page, e.where, e.depth)
        for e in edges
        if (e.page, e.index) not in numbers and title_key(text[e.page, e.index]) not in repeated
    }
    return lambda edge: any((edge.page, edge.where, d) in body for d in range(edge.depth))


def _first_pages(pages: list[list[Line]], keys: set[str]) -> dict[str, int]:
    """The first page on which each key is printed anywhere (edge or body)."""
    first: dict[str, int] = {}
    for index, page in enumerate(pages):
        for line in page:
            key = title_key(line.text)
            if key in keys:
                first.setdefault(key, index)
    return first


def _changed_wording(edge: Edge, key: str, places: list[tuple[str, float, str]]) -> bool:
    """True when a running title at the same place reads nearly the same (a header reworded)."""
    return any(
        where == edge.where and abs(top - edge.top) <= SAME_PLACE_PT and fuzz.ratio(key, other) >= SIMILAR_HEADER
        for where, top, other in places
    )


def _pages_after_the_first(numbers: dict[tuple[int, int], PageNumber], count: int) -> set[int]:
    """Pages that are not the document's first: every page after the file's first, and a first
    page whose printed number says it comes later (an excerpt)."""
    later = set(range(1, count))
    if any(page == 0 and not n.roman and n.number > 1 for (page, _), n in numbers.items()):
        later.add(0)
    return later


def _strip_with_geometry(
    pages: list[list[Line]], heights: list[float | None]
) -> tuple[list[list[Line]], list[RemovedLine]]:
    edges = [e for index, page in enumerate(pages) for e in page_edges(page, heights[index], index)]
    numbers = _confirmed_page_numbers(pages, edges)
    titles = _running_titles(pages, edges, numbers)
    kept: list[list[Line]] = []
    removed: list[RemovedLine] = []
    for index, page in enumerate(pages):
        keep_page: list[Line] = []
        for i, line in enumerate(page):
            reason = "page_number" if (index, i) in numbers else "running_title" if (index, i) in titles else None
            if reason:
                removed.append(RemovedLine(line.page, line.text, reason))
            else:
                keep_page.append(line)
        kept.append(keep_page)
    return kept, removed


def _strip_without_geometry(pages: list[list[Line]]) -> tuple[list[list[Line]], list[RemovedLine]]:
    flat = [line for page in pages for line in page]
    drop = _page_number_indexes(flat) | _running_title_indexes(flat)
    removed: list[RemovedLine] = []
    position = 0
    kept: list[list[Line]] = []
    for page in pages:
        keep_page = []
        for line in page:
            if position in drop:
                reason = "page_number" if parse_page_number(line.text) else "running_title"
                removed.append(RemovedLine(line.page, line.text, reason))
            else:
                keep_page.append(line)
            position += 1
        kept.append(keep_page)
    return kept, removed


def _page_number_indexes(lines: list[Line]) -> set[int]:
    return {i for i, line in enumerate(lines) if line.text.strip() and parse_page_number(line.text)}


def _running_title_indexes(lines: list[Line]) -> set[int]:
    """Repeated short title lines; keep a first occurrence that has body text after it."""
    content = [i for i, line in enumerate(lines) if line.text.strip()]
    by_key: dict[str, list[int]] = defaultdict(list)
    for i in content:
        if is_title_like(lines[i].text) and not parse_page_number(lines[i].text):
            by_key[title_key(lines[i].text)].append(i)
    last = content[-1] if content else -1
    drop: set[int] = set()
    for positions in by_key.values():
        if len(positions) >= MIN_TITLE_PAGES:
            first = positions[0]
            followed_by_body = any(j > first and j not in positions for j in content)
            drop.update(positions[1:] if followed_by_body else positions)
        elif len(positions) == 2 and positions[1] == last:
            drop.add(positions[1])  # a running title printed once more at the very end
    return drop


def most_common_total(lines: list[Line]) -> int | None:
    """The page count printed in page footers (`共 26 页`), when any footer prints one."""
    totals = Counter(
        number.total for line in lines if (number := parse_page_number(line.text)) and number.total
    )
    return totals.most_common(1)[0][0] if totals else None
