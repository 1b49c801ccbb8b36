"""Running headers and footers: printed page numbers and running titles.

Two settings. With geometry (PDF text layers, OCR) a candidate must sit in the top or bottom
band of its page; a running title is the same line, digits masked, in the band of many pages.
Without geometry (text and HTML copies) a page-number line is any line that is only a page
number, and a running title is a short title-like line repeated through the document.
The document's own title is kept: the first occurrence of a repeated title that is followed by
body text stays, the repeats go.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from extract.model import Line, RemovedLine
from extract.normalize import ZERO_WIDTH

BAND = 0.08  # top/bottom share of the page height where running headers/footers live
MIN_TITLE_PAGES = 3  # a running title repeats on at least this many pages ...
MIN_TITLE_SHARE = 0.30  # ... or on at least this share of the pages (and on two at least)
MAX_TITLE_WIDTH = 40  # characters: a running title is short

_DIGITS = "0-9\uff10-\uff19"
_NUM = rf"[{_DIGITS}]{{1,4}}"
_DASH = r"[-—–－―~～·•]"
_PAGE_NUMBER_FORMS = [
    rf"第\s*(?P<n>{_NUM})\s*页\s*(?:[,，/]?\s*共\s*(?P<t>{_NUM})\s*页)?",  # 第 5 页 共 26 页
    rf"第\s*(?P<n>{_NUM})\s*頁\s*(?:[,，/]?\s*共\s*(?P<t>{_NUM})\s*頁)?",  # 第 5 頁 共 26 頁
    rf"{_DASH}+\s*(?P<n>{_NUM})\s*{_DASH}+",  # — 5 —, —5—, － 5 －, - 5 -
    rf"(?P<n>{_NUM})\s*/\s*(?P<t>{_NUM})",  # 5/26
    rf"(?:page|p\.)\s*(?P<n>{_NUM})(?:\s*of\s*(?P<t>{_NUM}))?",  # Page 5 of 26
    rf"(?P<n>{_NUM})",  # a bare 5
]
_PAGE_NUMBER_RES = [re.compile(rf"^\s*{form}\s*$", re.IGNORECASE) for form in _PAGE_NUMBER_FORMS]
_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?]")
_FULL_TO_HALF_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})


@dataclass(frozen=True)
class PageNumber:
    """A printed page number: the number and, when printed, the page count."""

    number: int
    total: int | None = None


_INVISIBLE = str.maketrans(ZERO_WIDTH)


def parse_page_number(text: str) -> PageNumber | None:
    """The page number a line prints when the line is only a page number, else None."""
    # Match what the line will read as once normalised (zero-width characters gone), so that
    # cleaning a cleaned text removes nothing more: `0\u200b` is a page number too.
    text = text.translate(_INVISIBLE)
    for pattern in _PAGE_NUMBER_RES:
        match = pattern.match(text)
        if match:
            number = int(match.group("n").translate(_FULL_TO_HALF_DIGITS))
            total = match.groupdict().get("t")
            total_n = int(total.translate(_FULL_TO_HALF_DIGITS)) if total else None
            if total_n is not None and number > total_n:
                return None  # 12/5 is a date or a ratio, not page 12 of 5
            return PageNumber(number, total_n)
    return None


def title_key(text: str) -> str:
    """The comparison key of a running-title candidate: no whitespace, digits masked."""
    text = re.sub(r"\s+", "", text)
    return re.sub(rf"[{_DIGITS}]+", "#", text)


def is_title_like(text: str) -> bool:
    """True for a short line without sentence punctuation (a title, heading or running head)."""
    stripped = re.sub(r"\s+", "", text)
    return 0 < len(stripped) <= MAX_TITLE_WIDTH and not _SENTENCE_PUNCT.search(stripped)


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
    """Drop page numbers and running titles from band lines (geometry) or repeated lines (text)."""
    geometry = any(h for h in heights) and any(ln.bbox for page in pages for ln in page)
    if geometry:
        return _strip_with_geometry(pages, heights)
    return _strip_without_geometry(pages)


def _strip_with_geometry(
    pages: list[list[Line]], heights: list[float | None]
) -> tuple[list[list[Line]], list[RemovedLine]]:
    pages_by_key: dict[str, set[int]] = defaultdict(set)
    for index, page in enumerate(pages):
        for line in page:
            if _in_band(line, heights[index]) and is_title_like(line.text):
                pages_by_key[title_key(line.text)].add(index)
    threshold = _title_threshold(len(pages))
    kept: list[list[Line]] = []
    removed: list[RemovedLine] = []
    for index, page in enumerate(pages):
        keep_page: list[Line] = []
        for line in page:
            reason = None
            if _in_band(line, heights[index]):
                if parse_page_number(line.text):
                    reason = "page_number"
                elif len(pages_by_key.get(title_key(line.text), ())) >= threshold:
                    reason = "running_title"
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
