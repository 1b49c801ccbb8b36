"""Re-read before you accuse: every character-level difference on an OCR'd line is read again.

A difference found on an OCR'd line is either print corruption or a misreading. The spot's line
is read again another way through the same engine contract (extract.ocr_engine.OcrEngine): a
crop of the flagged characters and WINDOW characters either side, rendered from the source at
REREAD_DPI, and the same crop binarised by Otsu's
threshold. Each read is compared with the line as first read (the witness) and with the line as
the reference would have it (the flagged characters replaced by the reference's):

- every read agrees with the reference → `ocr_noise` (info): the page prints the reference's text;
- every read agrees with the witness, each at confidence ≥ SURE → the corruption kind, with its
  usual severity (the kind the classifier gives when OCR doubt is set aside);
- anything else → `ocr_suspect` (warning): a person must look at the page.

So an OCR misreading can only stay an error when two further reads, each near-certain, repeat
it. The recogniser's per-character probabilities are not reachable through the engine contract
(it returns a confidence per line); the line confidence of each read stands in for them.

The reads are kept on the flag (`ocr_read`, `ocr_confidence`, `reread`, `reread_confidence`:
flags.csv, docs/data-dictionary.md). Pure except for rendering the source and calling the engine.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz.distance import Levenshtein

from extract.model import ExtractedDocument, Line
from extract.ocr_engine import OcrEngine
from reference.align_chars import make_key
from reference.classify import SEVERITY, ChangeContext, classify
from reference.model import Clause, Comparison, Flag
from reference.place import bboxed_lines, place_flag

REVIEWED = frozenset({"substituted_text", "visual_confusion", "inserted_text", "deleted_text",
                      "latin_intrusion", "ocr_suspect"})
REREAD_DPI = 400.0  # the first read was at the run's dpi (300 by default): a finer, different raster
SURE = 0.95  # a read below this confidence cannot confirm a corruption (bench: real ones read 0.95–0.99)
PAD = 0.5  # white margin around the crop, in line heights (the detector needs some paper)
WINDOW = 6  # characters of the line either side of the flagged ones that are read again

Reader = Callable[[int, tuple[float, float, float, float]], list[np.ndarray]]
"""(page, line box in points) -> images of that region to read (one per way of reading)."""


@dataclass(frozen=True)
class Read:
    """One reading of a line: its text and the engine's confidence."""

    text: str
    confidence: float


def verdict(witness_line: str, reference_line: str, reads: list[Read]) -> str:
    """`reference`, `witness` or `unsure`: what the re-reads of a line say (see module doc)."""
    if not reads:
        return "unsure"
    sides = []
    for read in reads:
        to_witness = Levenshtein.distance(read.text, witness_line)
        to_reference = Levenshtein.distance(read.text, reference_line)
        sides.append("reference" if to_reference < to_witness else
                     "witness" if to_witness < to_reference else "unsure")
    if all(side == "reference" for side in sides):
        return "reference"
    if all(side == "witness" for side in sides) and min(r.confidence for r in reads) >= SURE:
        return "witness"
    return "unsure"


def corruption_kind(flag: Flag) -> str:
    """The kind of the flag's difference when OCR doubt is set aside (ocr_suspect → what it hid)."""
    if flag.kind != "ocr_suspect":
        return flag.kind
    kind, _ = classify(make_key(flag.reference_text).key, make_key(flag.witness_text).key,
                       ChangeContext(ocr=False))
    return kind


def window(line: Line, start: int, end: int) -> tuple[int, int]:
    """Character range of the line read again around its flagged characters [start, end)."""
    return max(0, start - WINDOW), min(len(line.text), end + WINDOW)


def window_box(line: Line, lo: int, hi: int) -> tuple[float, float, float, float]:
    """Box in points of the line's characters [lo, hi) (placed proportionally along the line)."""
    assert line.bbox is not None
    x0, top, x1, bottom = line.bbox
    step = (x1 - x0) / max(len(line.text), 1)
    return x0 + step * lo, top, x0 + step * hi, bottom


def decide(flag: Flag, line: Line, start: int, end: int, reads: list[Read]) -> Flag:
    """The flag after re-reading line.text[window(start, end)] (flagged: [start, end)) as `reads`."""
    lo, hi = window(line, start, end)
    witness = line.text[lo:hi]
    expected = line.text[lo:start] + flag.reference_text + line.text[end:hi]
    said = verdict(witness, expected, reads)
    if said == "reference":
        kind = "ocr_noise"
    elif said == "witness":
        kind = corruption_kind(flag)
    else:
        kind = "ocr_suspect"
    note = {"reference": "re-read agrees with the reference: an OCR misreading",
            "witness": "re-read confirms the witness", "unsure": "re-reads disagree: look at the page"}
    return replace(
        flag, kind=kind, severity=SEVERITY[kind],
        detail=f"{flag.detail}; {note[said]}" if flag.detail else note[said],
        ocr_read=witness, ocr_confidence=line.confidence,
        reread=" | ".join(r.text for r in reads),
        reread_confidence=min((r.confidence for r in reads), default=None),
    )  # fmt: skip


def otsu(gray: np.ndarray) -> np.ndarray:
    """Otsu's global threshold of a uint8 grey image: 0 (ink) or 255 (paper)."""
    histogram = np.bincount(gray.ravel(), minlength=256).astype(float)
    weights = np.cumsum(histogram)
    means = np.cumsum(histogram * np.arange(256))
    total, mean_all = weights[-1], means[-1]
    between = (mean_all * weights - means * total) ** 2 / np.maximum(weights * (total - weights), 1e-9)
    return np.where(gray > int(np.argmax(between)), 255, 0).astype(np.uint8)


class PdfLineReader:
    """Renders a line region of a PDF page at REREAD_DPI, as is and binarised (two ways of reading)."""

    def __init__(self, path: str, dpi: float = REREAD_DPI, password: str | None = None) -> None:
        import pypdfium2

        self.pdf = pypdfium2.PdfDocument(path, password=password or None)
        self.dpi = dpi

    def __call__(self, page: int, bbox: tuple[float, float, float, float]) -> list[np.ndarray]:
        """RGB images of the padded line region: as rendered, and Otsu-binarised."""
        pdf_page = self.pdf[page - 1]
        width, height = pdf_page.get_size()
        x0, top, x1, bottom = bbox
        pad = PAD * (bottom - top)
        crop = (max(0.0, x0 - pad), max(0.0, height - bottom - pad),
                max(0.0, width - x1 - pad), max(0.0, top - pad))  # fmt: skip
        image = pdf_page.render(scale=self.dpi / 72, crop=crop, grayscale=True).to_numpy()
        gray = np.array(image[..., 0] if image.ndim == 3 else image, dtype=np.uint8)
        margin = int(round(pad * self.dpi / 72))
        gray[:, :margin] = 255  # the side margins are blank paper: no half characters of the
        gray[:, gray.shape[1] - margin :] = 255  # neighbours, which read as unsure fragments
        return [np.stack([gray] * 3, axis=-1), np.stack([otsu(gray)] * 3, axis=-1)]

    def close(self) -> None:
        """Release the PDF."""
        self.pdf.close()


def read_all(engine: OcrEngine, images: list[np.ndarray]) -> list[Read]:
    """One Read per image: its lines joined left to right, their length-weighted confidence.

    (Weighted, not the lowest: a character cut in two at the window's edge reads as a short,
    unsure fragment that says nothing about the flagged characters in the middle.)
    """
    reads = []
    for image in images:
        lines = sorted(engine.recognize(image), key=lambda found: found.box[0])
        size = sum(len(found.text) for found in lines)
        confidence = sum(len(f.text) * f.confidence for f in lines) / size if size else 0.0
        reads.append(Read("".join(found.text for found in lines), confidence))
    return reads


@dataclass
class ReviewStats:
    """What re-reading did: spots (line windows) read again, seconds spent, flags per outcome."""

    lines: int = 0
    seconds: float = 0.0
    pages: int = 0  # pages of the documents reviewed (set by the caller, for seconds per page)
    cpu_seconds: float = 0.0  # CPU time of this process and its threads (a shared machine's wall time lies)
    outcomes: dict[str, int] | None = None


def review(comparison: Comparison, extracted: ExtractedDocument, clauses: list[Clause],
           engine: OcrEngine, reader: Reader, stats: ReviewStats | None = None) -> Comparison:
    """The comparison with every reviewable flag on an OCR'd page re-read and re-decided."""
    by_id = {clause.clause_id: clause for clause in clauses}
    cache: dict[tuple[int, int, int, int], list[Read]] = {}
    started, cpu = time.monotonic(), time.process_time()
    flags = [_review_flag(f, extracted, by_id, engine, reader, cache) for f in comparison.flags]
    if stats is not None:
        stats.lines += len(cache)
        stats.seconds += time.monotonic() - started
        stats.cpu_seconds += time.process_time() - cpu
        outcomes = stats.outcomes if stats.outcomes is not None else {}
        for old, new in zip(comparison.flags, flags):
            if old is not new:
                outcomes[new.kind] = outcomes.get(new.kind, 0) + 1
        stats.outcomes = outcomes
    serious = {flag.clause_id for flag in flags if flag.severity != "info"}
    rows = [replace(row, status="matched") if row.status == "changed" and
            row.clause.clause_id not in serious else row for row in comparison.rows]
    return replace(comparison, flags=flags, rows=rows)


def _review_flag(flag: Flag, extracted: ExtractedDocument, clauses: dict[str, Clause],
                 engine: OcrEngine, reader: Reader, cache: dict[tuple[int, int, int, int], list[Read]]) -> Flag:
    """One flag re-read (or the same flag when it is not a reviewable difference on an OCR'd line)."""
    clause = clauses.get(flag.clause_id)
    if flag.kind not in REVIEWED or clause is None or flag.page is None:
        return flag
    if not 1 <= flag.page <= len(extracted.pages) or extracted.pages[flag.page - 1].route != "ocr":
        return flag
    place = place_flag(extracted, clause, flag)
    if place is None or len(place.boxes) != 1:
        return replace(flag, kind="ocr_suspect", severity=SEVERITY["ocr_suspect"]) \
            if SEVERITY.get(flag.kind) == "error" else flag
    box = place.boxes[0]
    line = bboxed_lines(extracted, flag.page)[box.line]
    lo, hi = window(line, box.start, box.end)
    key = (flag.page, box.line, lo, hi)
    if key not in cache:
        try:
            cache[key] = read_all(engine, reader(flag.page, window_box(line, lo, hi)))
        except Exception:  # noqa: BLE001 - a spot that cannot be read again is unconfirmed, not fatal
            cache[key] = []
    return decide(flag, line, box.start, box.end, cache[key])


def needs_review(comparison: Comparison, extracted: ExtractedDocument) -> bool:
    """True when some reviewable flag sits on an OCR'd page of a PDF."""
    ocr_pages = {page.number for page in extracted.pages if page.route == "ocr"}
    return extracted.kind == "pdf" and any(
        flag.kind in REVIEWED and flag.page in ocr_pages for flag in comparison.flags)


def review_document(comparison: Comparison, extracted: ExtractedDocument, clauses: list[Clause],
                    source_path: str, engine_for: Callable[[], OcrEngine],
                    stats: ReviewStats | None = None, password: str | None = None) -> Comparison:
    """`review` for one PDF, the engine made (by `engine_for`) only when a flag needs re-reading.

    A spot that cannot be read again (the engine failed, its deadline passed) is unconfirmed:
    `ocr_suspect`. A source pdfium cannot open again leaves the flags as the classifier set them.
    Image files are not re-read yet (their flags keep the classifier's verdict).
    """
    if not needs_review(comparison, extracted):
        return comparison
    try:
        reader = PdfLineReader(source_path, password=password)
    except Exception:  # noqa: BLE001 - the comparison stands without re-reading
        return comparison
    try:
        return review(comparison, extracted, clauses, engine_for(), reader, stats)
    finally:
        reader.close()
