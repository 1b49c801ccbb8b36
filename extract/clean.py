"""Clean an extracted document: furniture and boilerplate out, line breaks repaired, text normalised
and, for Traditional copies, converted to Simplified.

Order: page numbers and running titles (headers.py) → web boilerplate and metadata
(boilerplate.py) → markdown marks and character normalisation per line (normalize.py) →
item markers `——` that OCR misread or dropped put back on OCR'd lines, then paragraphs
(linebreaks.py) → OpenCC per line (convert.py), so that every Span stays exact.
Every dropped line is kept in CleanDocument.removed with its page and reason; blank lines are
layout and are not recorded. Cleaning is idempotent: cleaning `clean.text` again gives it back.
"""

from __future__ import annotations

from dataclasses import replace

from extract.boilerplate import strip_boilerplate
from extract.convert import DEFAULT_CONFIG, is_traditional, to_simplified
from extract.headers import strip_page_furniture
from extract.linebreaks import TextLine, group_paragraphs, join_paragraph, restore_item_markers
from extract.model import CleanDocument, ExtractedDocument, Line, Paragraph, RemovedLine, Span
from extract.normalize import fold_ocr_confusions, normalize_line, strip_markdown
from extract.textcopy import pages_from_text

TABLE_CELL = "\x1f"  # unit separator: marks a table row's cell boundaries between normalisation and output


def clean_document(doc: ExtractedDocument) -> CleanDocument:
    """Clean every page of an extracted document into paragraphs with provenance."""
    pages = [page.lines for page in doc.pages]
    heights = [page.height for page in doc.pages]
    kept_pages, removed = strip_page_furniture(pages, heights)
    lines, boiler = strip_boilerplate([line for page in kept_pages for line in page])
    text_lines, marks = _normalised_lines(lines)
    removed = sorted([*removed, *boiler, *marks], key=lambda r: r.page)
    convert = is_traditional("".join(line.text for line in text_lines))
    paragraphs = []
    for run, is_table in _runs(text_lines):  # table rows stay one line each, cells tab-separated
        if is_table:
            paragraphs += [_table_row(line, convert) for line in run]
        else:
            paragraphs += [_paragraph(group, convert) for group in group_paragraphs(restore_item_markers(run))]
    return CleanDocument(
        paragraphs=paragraphs,
        removed=removed,
        converted=convert,
        opencc_config=DEFAULT_CONFIG if convert else None,
    )


def clean_text(text: str) -> CleanDocument:
    """Clean a plain-text copy given as a string (pages from form feeds and printed footers)."""
    doc = ExtractedDocument(path="<text>", kind="text", pages=pages_from_text(text))
    return clean_document(doc)


def _normalised_lines(lines: list[Line]) -> tuple[list[TextLine], list[RemovedLine]]:
    """Normalise each line; blank lines become the `after_blank` flag of the next line."""
    result: list[TextLine] = []
    marks: list[RemovedLine] = []
    blank_before = False
    for line in lines:
        if line.kind == "table_row":
            cells = [normalize_line(cell) for cell in line.text.split("\t")]
            result.append(TextLine(TABLE_CELL.join(cells), line.page, line.source, line.confidence, line.bbox))
            continue
        text, removed_marks = strip_markdown(line.text)
        if removed_marks:
            marks.append(RemovedLine(line.page, removed_marks, "markdown"))
        text = normalize_line(fold_ocr_confusions(text) if line.source == "ocr" else text)
        if not text:
            blank_before = True
            continue
        result.append(
            TextLine(text, line.page, line.source, line.confidence, line.bbox, blank_before)
        )
        blank_before = False
    return result, marks


def _runs(lines: list[TextLine]) -> list[tuple[list[TextLine], bool]]:
    """Consecutive prose lines and consecutive table rows, in order: (run, is_table)."""
    runs: list[tuple[list[TextLine], bool]] = []
    for line in lines:
        is_table = TABLE_CELL in line.text
        if runs and runs[-1][1] == is_table:
            runs[-1][0].append(line)
        else:
            runs.append(([line], is_table))
    return runs


def _table_row(line: TextLine, convert: bool) -> Paragraph:
    """One table row as one clean.txt line, its cells separated by a tab (see docs/data-dictionary.md)."""
    original = line.text.replace(TABLE_CELL, "\t")
    text = "\t".join(to_simplified(cell) for cell in original.split("\t")) if convert else original
    return Paragraph(text=text, original=original, spans=(Span(0, len(text), line.page, line.source, line.confidence),))


def _paragraph(lines: list[TextLine], convert: bool) -> Paragraph:
    original, spans = join_paragraph(lines)
    original = _across_joins(original)
    if not convert:
        return Paragraph(text=original, original=original, spans=spans)
    converted = [replace(line, text=to_simplified(line.text)) for line in lines]
    text, spans = join_paragraph(converted)
    return Paragraph(text=_across_joins(text), original=original, spans=spans)


def _across_joins(text: str) -> str:
    """Normalise a joined paragraph again where a join gave punctuation new neighbours (`,` at a
    line's end before a line opening with `—` becomes `，`); only one-for-one changes are kept,
    so the spans stay exact."""
    again = normalize_line(text)
    return again if len(again) == len(text) else text
