"""Read plain-text and HTML copies into an ExtractedDocument of `plain` lines, with page numbers.

Text copies carry no geometry, but many were extracted from a PDF and still show where the
pages were: form feeds, printed page numbers (`第 5 页 共 26 页`) and, in copies with a blank
line after every printed line, a line that starts with stray whitespace right after a printed
line (seed 000: ` 施效能逐步彰显`), which is where pdftotext joined two pages. These split the
copy into page segments; the printed numbers then anchor the numbering (a printed number may
label the segment before it, as a footer, or the one after it, as a header: whichever reading
agrees with more printed numbers wins, and the first page is page 1 when they tie).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from extract.headers import PageNumber, parse_page_number
from extract.model import ExtractedDocument, Line, Page
from policyqa.errors import InputFileError

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
DROP_TAGS = ["script", "style", "nav", "noscript", "template", "iframe", "head"]
BLOCK_TAGS = [
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "ol", "p", "pre", "section", "table", "tr", "td", "th", "ul", "title",
]  # fmt: skip
BLANK_AFTER_SHARE = 0.6  # copies where this share of lines is followed by a blank line
MAX_JOIN_SHARE = 0.15  # page joins are rare: more lines than this starting with spaces is indenting


def read_text_copy(path: Path) -> ExtractedDocument:
    """Read a plain-text or HTML copy; raises InputFileError when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not data.strip():
        raise InputFileError(f"{path} is empty")
    text = decode_bytes(data)
    is_html = path.suffix.lower() in HTML_SUFFIXES or looks_like_html(text)
    if is_html:
        text = html_to_text(text)
    pages = pages_from_text(text)
    return ExtractedDocument(path=str(path), kind="html" if is_html else "text", pages=pages)


def decode_bytes(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), else GB18030, else UTF-8 with replacement marks."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def looks_like_html(text: str) -> bool:
    """True when the start of a text looks like an HTML document."""
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(body|p|div)[ >]", head))


def html_to_text(html: str) -> str:
    """Visible text of an HTML page: scripts, styles and navigation dropped, blocks on own lines."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    lines = [line.rstrip() for line in soup.get_text().split("\n")]
    return re.sub(r"\n(?:[ \t\u3000\xa0]*\n)+", "\n\n", "\n".join(lines)).strip("\n")


def pages_from_text(text: str) -> list[Page]:
    """Split a text copy into pages (form feeds, printed page numbers, page joins)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines, hard_breaks = _split_form_feeds(raw)
    breaks = hard_breaks | _join_breaks(lines)
    numbers = _assign_pages(lines, breaks)
    pages: dict[int, list[Line]] = {}
    for line_text, number in zip(lines, numbers):
        pages.setdefault(number, []).append(Line(text=line_text, page=number, source="plain"))
    return [
        Page(number=n, lines=pages[n], route="plain", reason="text copy") for n in sorted(pages)
    ]


def _split_form_feeds(raw: list[str]) -> tuple[list[str], set[int]]:
    """Lines with form feeds split out; the indexes of lines that begin a new page."""
    lines: list[str] = []
    breaks: set[int] = set()
    for line in raw:
        parts = line.split("\f")
        for i, part in enumerate(parts):
            if i > 0:
                breaks.add(len(lines))
            if i == 0 or part or i == len(parts) - 1:
                lines.append(part)
    return lines, breaks


def _join_breaks(lines: list[str]) -> set[int]:
    """Page joins in copies with a blank line after every printed line (see module docstring)."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    if len(content) < 4:
        return set()
    followed = sum(1 for i in content if i + 1 < len(lines) and not lines[i + 1].strip())
    if followed / len(content) < BLANK_AFTER_SHARE:
        return set()
    indented = [i for i in content if lines[i][:1].isspace()]
    if len(indented) > MAX_JOIN_SHARE * len(content):
        return set()  # lines are indented as a rule: leading whitespace marks nothing
    return {
        i for i in content[1:] if lines[i][:1].isspace() and lines[i - 1].strip()
    }


def _assign_pages(lines: list[str], breaks: set[int]) -> list[int]:
    """Page number of every line, from page segments anchored on printed page numbers."""
    printed = {i: n for i, line in enumerate(lines) if line.strip() and (n := parse_page_number(line))}
    segment_of: list[int] = []
    segment = 0
    seen_content = False
    for i, line in enumerate(lines):
        if (i in breaks or i in printed) and seen_content:
            segment += 1
            seen_content = False
        segment_of.append(segment)
        if line.strip() and i not in printed:
            seen_content = True
    offset = _choose_offset(printed, segment_of, lines)
    total = max((n.total or 0 for n in printed.values()), default=0)
    numbers = []
    for i, seg in enumerate(segment_of):
        number = printed[i].number if i in printed else seg + offset
        numbers.append(min(max(1, number), total) if total else max(1, number))
    return numbers


def _choose_offset(printed: dict[int, PageNumber], segment_of: list[int], lines: list[str]) -> int:
    """The offset (page = segment + offset) that the printed page numbers agree with most."""
    has_content = {seg for i, seg in enumerate(segment_of) if lines[i].strip() and i not in printed}
    votes: Counter[int] = Counter()
    for i, number in printed.items():
        seg = segment_of[i]
        if seg in has_content:  # the number opens its segment: it labels this one (a header)...
            votes[number.number - seg] += 1
        if seg - 1 in has_content:  # ...or the segment before it (a footer)
            votes[number.number - (seg - 1)] += 1
    if not votes:
        return 1
    best = max(votes.values())
    return min((o for o, v in votes.items() if v == best), key=lambda o: (abs(o - 1), -o))
