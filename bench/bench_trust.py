"""Page furniture, text-layer trust and scan orientation on the real documents, side by side.

Run: `uv run python bench/bench_trust.py` (text layers only, no OCR; about a minute).

1. Furniture: per document, the pages that print a page number (read off the rendered pages:
   PRINTED below), how many of those numbers the furniture stage removed, how many printed
   numbers are left in the kept lines of pages whose text layer is used (a page routed to OCR
   discards its layer), and the running-header lines removed.
2. Trust: per page, the route and the bigram score; the lowest score of a page that reads as
   Chinese against the highest of a page that does not.
3. Orientation: fixtures/scan-page1.png turned to 0/90/180/270 and the first pages of
   scan-300.pdf turned likewise: share detected right and seconds per page.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from extract.headers import strip_page_furniture
from extract.load import extract_document
from extract.orientation import upright
from extract.pagenumbers import parse_page_number
from extract.plausibility import default_scorer
from extract.render import Rendered
from policyqa.options import Options

RESOURCES = Path(__file__).resolve().parent.parent / "tests" / "resources"
# Pages that print a page number, and the number printed (read off `pdftoppm -r 80` renders).
PRINTED = {
    "field/footer-gbt9704-4p.pdf": {p: p for p in range(1, 5)},
    "realdocs/dangwei_union_rules_p4.pdf": {1: 4},
    "realdocs/gbt3620_1_2016_titanium_std.pdf": {2: 1, **{p: p - 2 for p in range(3, 13)}},
    "realdocs/tw_cssta_annex1_commitments.pdf": {p: p + 11 for p in range(1, 38)},
    "fixtures/furniture-alternate-4p.pdf": {p: p for p in range(1, 5)},
    "fixtures/furniture-excerpt-4p.pdf": {1: 12, 2: 13, 4: 15},
}
# Pages known not to read as Chinese (text layer scrambled or GBK read as Latin-1 before repair).
UNREADABLE = {"field/tounicode-scrambled-1p.pdf": {1}}


def furniture_rows() -> list[tuple]:
    rows = []
    for name, printed in PRINTED.items():
        doc = extract_document(RESOURCES / name, Options(ocr="never"))
        started = time.perf_counter()
        kept, removed = strip_page_furniture([p.lines for p in doc.pages], [p.height for p in doc.pages])
        seconds = time.perf_counter() - started
        found = {r.page for r in removed if r.reason == "page_number"}
        to_ocr = {p.number for p in doc.pages if p.reason.startswith("needs OCR")}  # layer discarded
        left = sum(
            1
            for page in kept
            for line in page
            if line.page not in to_ocr
            and (n := parse_page_number(line.text, roman=True))
            and printed.get(line.page) == n.number
        )
        titles = sum(1 for r in removed if r.reason == "running_title")
        rows.append((name, len(doc.pages), len(printed), len(found & set(printed)), left, titles, seconds))
    return rows


def trust_rows() -> tuple[list[float], list[float]]:
    readable, unreadable = [], []
    names = [*PRINTED, *UNREADABLE, "realdocs/biomed_figpage_gbk_winansi.pdf"]
    for name in names:
        doc = extract_document(RESOURCES / name, Options(ocr="never"))
        for page in doc.pages:
            score = default_scorer().score("\n".join(line.text for line in page.lines)).score
            if score is not None:
                bad = page.number in UNREADABLE.get(name, set())
                (unreadable if bad else readable).append(score)
    return readable, unreadable


def _turn(image: np.ndarray, angle: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(image, -(angle // 90)))


def orientation_rows() -> tuple[int, int, list[float]]:
    pages = [(np.asarray(Image.open(RESOURCES / "fixtures" / "scan-page1.png").convert("RGB")), 200.0)]
    scan = pdfium.PdfDocument(str(RESOURCES / "fixtures" / "scan-300.pdf"))
    pages += [(scan[i].render(scale=150 / 72).to_numpy()[:, :, :3].copy(), 150.0) for i in range(len(scan))]
    right, total, seconds = 0, 0, []
    for image, dpi in pages:
        for angle in (0, 90, 180, 270):
            started = time.perf_counter()
            _, found = upright(Rendered(_turn(image, angle), dpi))
            seconds.append(time.perf_counter() - started)
            right += found == angle
            total += 1
    return right, total, seconds


# ../shared/corpus beside the repository (not copied into tests/resources: used by this bench only)
SCAN = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "realdocs" / "scan_das_kapital_zh_p12.pdf"
SCAN_NUMBERS = {p: p + 11 for p in range(1, 9)}  # printed 12 … 19 at the top outer corner


def scan_row() -> str:
    """OCR the real scan and count its page numbers and running headers removed."""
    doc = extract_document(SCAN, Options())
    kept, removed = strip_page_furniture([p.lines for p in doc.pages], [p.height for p in doc.pages])
    numbers = {r.page: parse_page_number(r.text) for r in removed if r.reason == "page_number"}
    right = sum(1 for page, n in numbers.items() if n and SCAN_NUMBERS[page] == n.number)
    headers = sorted(r.page for r in removed if r.reason == "running_title")
    return f"scan (OCR): page numbers removed {right}/{len(SCAN_NUMBERS)}; running headers removed on pages {headers}"


def main() -> None:
    print("| document | pages | printed numbers | removed | left | running-header lines removed | s |")
    print("|---|---|---|---|---|---|---|")
    for name, pages, printed, found, left, titles, seconds in furniture_rows():
        print(f"| {name} | {pages} | {printed} | {found} | {left} | {titles} | {seconds:.3f} |")
    readable, unreadable = trust_rows()
    print(f"\nbigram score: {len(readable)} readable pages {min(readable):.2f}…{max(readable):.2f}; "
          f"{len(unreadable)} unreadable {min(unreadable):.2f}…{max(unreadable):.2f}")  # fmt: skip
    right, total, seconds = orientation_rows()
    print(f"orientation: {right}/{total} right, median {statistics.median(seconds):.2f} s/page")
    if "--ocr" in sys.argv[1:]:
        print(scan_row())


if __name__ == "__main__":
    main()
