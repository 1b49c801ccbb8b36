"""Batch throughput: pages per minute of a scanned batch with 1 worker vs all cores, and a rerun.

    uv run python bench/bench_batch.py [SCAN.pdf …]   (default: fixtures scan-200.pdf, scan-300.pdf)

Copies the scanned PDFs (different page images, so the OCR page cache cannot short-cut one with
another) into a temporary inbox, runs the batch
flow with --workers 1 and with --workers <cores> into fresh output folders, then reruns
the second batch (everything skipped). Prints one table. Times include Prefect's temporary
server start for the first run of the process only (a warm-up flow runs first).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.batch import run_batch  # noqa: E402  (flows first: Prefect settings before prefect)
from policyqa.options import build_options  # noqa: E402

FIXTURES = ROOT / "tests" / "resources" / "fixtures"
SCANS = (FIXTURES / "scan-200.pdf", FIXTURES / "scan-300.pdf")


def make_inbox(folder: Path, scans: list[Path]) -> int:
    """Copy the scans into an inbox; returns their total page count."""
    folder.mkdir(parents=True)
    for scan in scans:
        shutil.copy(scan, folder / scan.name)
    from extract.load import probe

    return sum(probe(p, build_options()).page_count for p in folder.iterdir())


def timed_batch(inbox: Path, out: Path, workers: int) -> tuple[float, list[dict]]:
    """Seconds for one batch run and its rows."""
    start = time.perf_counter()
    rows = run_batch(str(inbox), {"out_dir": str(out), "workers": workers, "ocr": "always"})
    return time.perf_counter() - start, rows


def main() -> None:
    """Run the three batches and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scans", nargs="*", type=Path, default=list(SCANS))
    args = parser.parse_args()
    cores = build_options().worker_count
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pages = make_inbox(root / "inbox", args.scans)
        warm = root / "warm"
        warm.mkdir()
        run_batch(str(warm), {"out_dir": str(root / "warm-out")})  # starts the temporary server
        rows = []
        for label, workers, out in (("1 worker", 1, "out1"), (f"{cores} workers", cores, "outN")):
            seconds, result = timed_batch(root / "inbox", root / out, workers)
            done = sum(r["status"] == "done" for r in result)
            rows.append((label, pages, done, seconds, pages / seconds * 60))
        seconds, result = timed_batch(root / "inbox", root / "outN", cores)
        skipped = sum(r["status"] == "skipped" for r in result)
        rows.append(("rerun (all skipped)", pages, skipped, seconds, float("nan")))
    print(f"{'run':<22}{'pages':>6}{'docs':>6}{'seconds':>10}{'pages/min':>11}")
    for label, n_pages, docs, secs, rate in rows:
        print(f"{label:<22}{n_pages:>6}{docs:>6}{secs:>10.1f}{rate:>11.1f}")


if __name__ == "__main__":
    main()
