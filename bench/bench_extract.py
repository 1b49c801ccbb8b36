"""Extraction speed and OCR accuracy on the generated fixtures, printed as one table.

Run: `uv run python bench/bench_extract.py [--repeats N]`

Seconds per page are the median over N runs of `extract_document` on the whole fixture, divided
by its page count; the OCR engine is created once beforehand (its start-up time is its own row).
CER = Levenshtein distance / reference length on NFC text with whitespace removed, body text only
(header and footer bands excluded), over every page of the scan.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "resources" / "fixtures"


def fixtures_module():
    """tests/resources/make_fixtures.py (ground truth: the printed body of each page)."""
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "tests" / "resources" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def time_document(path: Path, options, engine, repeats: int):
    """(median seconds per page, last ExtractedDocument) over `repeats` runs."""
    from extract.load import extract_document

    times, doc = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        doc = extract_document(path, options, engine)
        times.append((time.perf_counter() - started) / len(doc.pages))
    return statistics.median(times), doc


def scan_cer(doc, fixtures) -> float:
    """CER of a scan's OCR body text against the printed body of every page."""
    reference = "".join(fixtures.printed_body(page.number) for page in doc.pages)
    body = [
        line.text
        for page in doc.pages
        for line in page.lines
        if fixtures.HEADER_BAND_PT < line.bbox[1] < fixtures.FOOTER_BAND_PT
    ]
    return fixtures.character_error_rate(reference, "".join(body))


def main() -> None:
    """Time the born-digital and scanned fixtures side by side and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--ocr-engine", default="openvino", choices=("openvino", "paddle"))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from extract.ocr_engine import build_engine
    from policyqa.options import OcrModels, Options

    fixtures = fixtures_module()
    started = time.perf_counter()
    engine = build_engine(OcrModels(engine=args.ocr_engine))
    init_s = time.perf_counter() - started
    rows = []
    for name in ("born-digital.pdf", "scan-300.pdf", "scan-200.pdf"):
        per_page, doc = time_document(FIXTURES / name, Options(models=OcrModels(engine=args.ocr_engine)), engine,
                                      args.repeats)  # fmt: skip
        routes = "/".join(sorted({page.route for page in doc.pages}))
        cer = f"{scan_cer(doc, fixtures):.4f}" if routes == "ocr" else "-"
        rows.append((name, routes, str(len(doc.pages)), f"{per_page:.3f}", cer))
    rows.append((f"({args.ocr_engine} engine start-up)", "-", "-", f"{init_s:.1f} once", "-"))
    header = ("fixture", "route", "pages", f"s/page (median of {args.repeats})", "CER")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))


if __name__ == "__main__":
    main()
