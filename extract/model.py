"""Data passed between the extraction, cleaning and later stages.

Coordinates are PDF points (1/72 inch) with the origin at the top left of the page, as
pdfplumber gives them; OCR boxes are converted from pixels to points by the renderer's scale
so that every line of a document, whatever its route, lives in one coordinate system.
Page numbers are 1-based, as printed in reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

LineSource = Literal["text", "ocr", "plain"]
"""Where a line came from: a PDF text layer, OCR of a rendered page, or a text/HTML copy."""

PageRoute = Literal["text_layer", "ocr", "plain", "failed"]

BBox = tuple[float, float, float, float]
"""(x0, top, x1, bottom) in points, origin top left."""


@dataclass(frozen=True)
class Line:
    """One printed line of a page, as extracted, before any cleaning."""

    text: str
    page: int
    bbox: BBox | None = None
    source: LineSource = "text"
    confidence: float | None = None  # OCR recognition confidence in [0, 1]; None for text layers
    kind: Literal["text", "table_row"] = "text"  # table_row: one table row, cells separated by a tab


@dataclass(frozen=True)
class PageTable:
    """One table found on a page: its box and its cells' text, row by row (empty string: empty cell)."""

    page: int
    bbox: BBox
    rows: tuple[tuple[str, ...], ...]


@dataclass
class Page:
    """One page of an input and how it was read."""

    number: int
    lines: list[Line] = field(default_factory=list)
    width: float | None = None  # points; None for plain-text copies
    height: float | None = None
    route: PageRoute = "text_layer"
    reason: str = ""  # why this route was taken (or why the page failed)
    ocr_confidence: float | None = None  # mean line confidence when OCR'd
    seconds: float = 0.0
    error: str | None = None  # one-line reason when route == "failed"
    tables: list[PageTable] = field(default_factory=list)  # tables of the text layer, top to bottom


@dataclass
class ExtractedDocument:
    """Every page of one input file, in order."""

    path: str
    kind: Literal["pdf", "image", "text", "html"]
    pages: list[Page]
    engine: dict[str, str] = field(default_factory=dict)  # OCR model names/versions when OCR ran


@dataclass(frozen=True)
class Span:
    """A run of characters of a paragraph that came from one page and one source.

    `start`/`end` are offsets into `Paragraph.text` (the cleaned, simplified text).
    """

    start: int
    end: int
    page: int
    source: LineSource
    confidence: float | None = None


@dataclass(frozen=True)
class Paragraph:
    """One cleaned paragraph (one line of clean.txt) with its provenance."""

    text: str  # cleaned and, when the copy was Traditional, converted to Simplified
    original: str  # the same paragraph cleaned but not converted (equal to text when no conversion)
    spans: tuple[Span, ...]  # cover text from 0 to len(text) in order

    @property
    def page_start(self) -> int:
        return self.spans[0].page if self.spans else 0

    @property
    def page_end(self) -> int:
        return self.spans[-1].page if self.spans else 0

    def page_at(self, offset: int) -> int:
        """Page number of the character at `offset` (clamped to the paragraph)."""
        for span in self.spans:
            if offset < span.end:
                return span.page
        return self.page_end

    def span_at(self, offset: int) -> Span | None:
        """The span holding the character at `offset`, or None for an empty paragraph."""
        for span in self.spans:
            if offset < span.end:
                return span
        return self.spans[-1] if self.spans else None


@dataclass(frozen=True)
class RemovedLine:
    """A line that cleaning dropped, with why: every dropped character is accounted for here."""

    page: int
    text: str
    reason: str  # e.g. "page_number", "running_title", "web_boilerplate", "blank"


@dataclass
class CleanDocument:
    """The cleaned text of one input: paragraphs in reading order plus what was removed."""

    paragraphs: list[Paragraph]
    removed: list[RemovedLine]
    converted: bool = False  # True when Traditional text was converted to Simplified
    opencc_config: str | None = None

    @property
    def text(self) -> str:
        """The clean.txt content: one paragraph per line."""
        return "\n".join(p.text for p in self.paragraphs)
