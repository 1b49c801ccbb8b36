"""OCR in-process versus in the killable worker (extract/ocr_worker.py): time and peak memory.

    uv run python bench/bench_ocr_worker.py speed [--runs 3]     # scan-200.pdf, fresh process per run
    uv run python bench/bench_ocr_worker.py memory [--pages 14]  # many page sizes, one engine

`speed` extracts tests/resources/fixtures/scan-200.pdf (3 image-only pages, OCR at 300 dpi) in a
fresh process per run, alternating the two modes, and prints the median seconds and each run's
peak RSS of the main process and of its children. `memory` OCRs page 1 of scan-200.pdf resized
by seeded random factors 0.6–1.6 (distinct shapes, like a long scanned copy) and prints RSS after
every page, in-process and through the worker (recycled as configured).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCAN = ROOT / "tests" / "resources" / "fixtures" / "scan-200.pdf"


def rss_mb() -> float:
    """Resident memory of this process now, MB."""
    from extract.ocr_worker import resident_bytes

    return resident_bytes() / 2**20


def peaks() -> dict[str, float]:
    """Peak RSS (MB) of this process and of its largest waited-for child."""
    return {
        "main_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "child_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def one_run(mode: str) -> dict[str, float]:
    """Extract scan-200.pdf once with OCR in this process or in the worker; seconds and peaks."""
    from extract.load import extract_document
    from extract.ocr_worker import stop_workers
    from extract.pages import LazyEngine
    from policyqa.options import Options

    options = Options(ocr="always")
    engine = LazyEngine(options.models, options.limits.page_timeout_s) if mode == "worker" else None
    started = time.monotonic()
    doc = extract_document(SCAN, options, engine)
    seconds = time.monotonic() - started
    stop_workers()
    assert [p.route for p in doc.pages] == ["ocr"] * 3, [p.reason for p in doc.pages]
    return {"seconds": round(seconds, 2), **peaks()}


def speed(runs: int) -> None:
    """Alternate the modes in fresh processes; print each run and the medians."""
    results: dict[str, list[dict[str, float]]] = {"inprocess": [], "worker": []}
    for _ in range(runs):
        for mode in results:
            out = subprocess.run(
                [sys.executable, __file__, "one", mode], capture_output=True, text=True, check=True, cwd=ROOT
            ).stdout.strip().splitlines()[-1]
            results[mode].append(json.loads(out))
            print(mode, out, flush=True)
    for mode, rows in results.items():
        print(f"{mode}: median {statistics.median(r['seconds'] for r in rows):.2f} s over {runs} runs;"
              f" main peak {max(r['main_peak_mb'] for r in rows):.0f} MB, child peak {max(r['child_peak_mb'] for r in rows):.0f} MB")


def memory(pages: int) -> None:
    """RSS after each page of varied size: in-process engine, then the recycling worker."""
    import cv2
    import numpy as np

    from extract.ocr_worker import get_worker, stop_workers
    from extract.paddle import PaddleEngine
    from extract.render import render_page
    from policyqa.options import OcrModels

    source = render_page(SCAN, 0, dpi=200, max_pixels=50_000_000).image
    factors = np.random.default_rng(0).uniform(0.6, 1.6, pages)
    images = [cv2.resize(source, None, fx=float(f), fy=float(f)) for f in factors]
    worker = get_worker(OcrModels())
    for number, img in enumerate(images, start=1):
        worker.recognize(img, timeout_s=600)
        print(f"worker page {number} {img.shape[1]}x{img.shape[0]}: worker rss {worker.last_rss / 2**20:.0f} MB,"
              f" starts {worker.starts}, main rss {rss_mb():.0f} MB", flush=True)
    stop_workers()
    print("worker mode:", json.dumps(peaks()), flush=True)
    engine = PaddleEngine()
    for number, img in enumerate(images, start=1):
        engine.recognize(img)
        print(f"in-process page {number} {img.shape[1]}x{img.shape[0]}: rss {rss_mb():.0f} MB", flush=True)
    print("in-process mode:", json.dumps(peaks()), flush=True)


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["speed", "memory", "one"])
    parser.add_argument("mode", nargs="?", default="worker")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=14)
    args = parser.parse_args()
    if args.what == "one":
        print(json.dumps(one_run(args.mode)))
    elif args.what == "speed":
        speed(args.runs)
    else:
        memory(args.pages)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
