"""PDF text layers: open a PDF safely, turn a page's characters into `Line`s, measure the page.

pdfplumber (pdfminer) reads the text layer; where pdfminer misses text that PDFium sees (a CID
font whose encoding is an embedded CMap stream), PDFium's text is used instead.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium

from extract.model import Line
from extract.routing import PageStats, is_cjk_font, text_stats
from policyqa.errors import EncryptedError, InputFileError

# pdfminer logs recoverable damage ("Data-loss while decompressing", circular XObjects) as
# warnings; the page's route and reason already tell the user what happened.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)

DEDUPE_TOLERANCE = 1  # points: fake-bold glyphs are drawn twice, offset by a fraction of a point
PDFIUM_MIN_GAIN = 5  # PDFium must find this many more chars (and 1.5×) to replace pdfminer's text


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


def text_lines(page: Any, number: int) -> list[Line]:
    """The printed lines of a pdfplumber page (fake-bold doubles removed), top to bottom."""
    deduped = page.dedupe_chars(tolerance=DEDUPE_TOLERANCE)
    lines = []
    for row in deduped.extract_text_lines(strip=True, return_chars=False):
        if row["text"].strip():
            box = (float(row["x0"]), float(row["top"]), float(row["x1"]), float(row["bottom"]))
            lines.append(Line(text=row["text"], page=number, bbox=box, source="text"))
    return lines


def pdfium_lines(doc: pdfium.PdfDocument, index: int, number: int) -> list[Line]:
    """The text of a page as PDFium reads it, one Line per text run (points, top origin)."""
    page = doc[index]
    height = page.get_height()
    textpage = page.get_textpage()
    lines = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top).strip()
        if text:
            box = (left, height - top, right, height - bottom)
            lines.append(Line(text=text, page=number, bbox=box, source="text"))
    return lines


def _image_ratio(page: Any) -> float:
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for image in page.images:
        x0, x1 = max(image["x0"], 0), min(image["x1"], page.width)
        top, bottom = max(image["top"], 0), min(image["bottom"], page.height)
        covered += max(0.0, x1 - x0) * max(0.0, bottom - top)
    return min(1.0, covered / area)


def page_stats(page: Any, lines: list[Line]) -> PageStats:
    """Measure a page for routing: its text (from `lines`), images, vector drawing and fonts."""
    chars, cjk, junk, mojibake = text_stats("\n".join(line.text for line in lines))
    fonts = {c.get("fontname", "") for c in page.chars}
    objects = page.objects
    vectors = sum(len(objects.get(kind, [])) for kind in ("curve", "rect", "line"))
    return PageStats(
        char_count=chars,
        cjk_count=cjk,
        junk_count=junk,
        mojibake_count=mojibake,
        image_ratio=_image_ratio(page),
        vector_count=vectors,
        cjk_font=any(is_cjk_font(name) for name in fonts),
    )


def best_text_lines(page: Any, doc: pdfium.PdfDocument | None, number: int) -> tuple[list[Line], str]:
    """pdfminer's lines, or PDFium's when it finds clearly more text; plus a note saying which."""
    lines = text_lines(page, number)
    if doc is None:
        return lines, ""
    try:
        alt = pdfium_lines(doc, number - 1, number)
    except Exception:  # PDFium failing on a page pdfminer could read is not fatal
        return lines, ""
    ours = sum(len("".join(line.text.split())) for line in lines)
    theirs = sum(len("".join(line.text.split())) for line in alt)
    if theirs >= ours * 1.5 + PDFIUM_MIN_GAIN:
        return alt, f" (PDFium text: pdfminer read {ours} of {theirs} chars)"
    return lines, ""
