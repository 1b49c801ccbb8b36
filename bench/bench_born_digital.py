"""Born-digital speed: the text layer read by pdfplumber (before issue 8) vs by PDFium (now).

Run: `uv run python bench/bench_born_digital.py [--repeats 3] [PDF ...]`

For each PDF (default: the two long real reports in ../shared/corpus/realdocs) it prints, as
medians over the repeats, CPU seconds of this process (`time.process_time`, less disturbed by a
shared machine than wall time) and wall seconds for:

- `pdfplumber lines`: the old path, pdfplumber's `dedupe_chars` + `extract_text_lines` per page;
- `pdfium layer`: `extract.pdf.read_text_layer` (glyphs, baselines, fake bold, tables, order);
- `extract+clean`: `extract_document(ocr="never")` then `clean_document`, end to end in-process
  (the CLI adds interpreter and Prefect start-up, a constant per run, not per page).

Pages per second are pages / median CPU seconds.

`--once PDF`: extract and clean PDF once and exit, for timing the whole process with farm-bench
(interpreter and imports included), e.g. against the tree before issue 8 (`git archive dfb15f3`):

    farm-bench -n 3 --timeout 600 --vs "sh -c 'PYTHONPATH=OLD_TREE exec .venv/bin/python \
        bench/bench_born_digital.py --once PDF'" -- .venv/bin/python bench/bench_born_digital.py --once PDF

(with PYTHONPATH set, the packages are imported from there instead of this tree).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT))

from extract.clean import clean_document  # noqa: E402
from extract.load import extract_document  # noqa: E402
from extract.pdf import open_pdf, open_pdfium  # noqa: E402
from policyqa.options import Options  # noqa: E402

REALDOCS = ROOT.parent / "shared" / "corpus" / "realdocs"
DEFAULT = [REALDOCS / "tw_cssta_annex1_commitments.pdf", REALDOCS / "tw_moea_demand_control_handbook.pdf"]


def plumber_lines(path: Path) -> int:
    """The pre-issue-8 text layer: pdfplumber lines, fake bold deduplicated at 1 pt."""
    count = 0
    with open_pdf(path) as pdf:
        for page in pdf.pages:
            count += len(page.dedupe_chars(tolerance=1).extract_text_lines(strip=True, return_chars=False))
            page.close()
    return count


def pdfium_layer(path: Path) -> int:
    from extract.pdf import read_text_layers

    return sum(len(layer.lines) for layer in read_text_layers(path))


def extract_and_clean(path: Path) -> int:
    return len(clean_document(extract_document(path, Options(ocr="never"))).paragraphs)


def timed(run: Callable[[Path], int], path: Path, repeats: int) -> tuple[float, float]:
    """(median CPU seconds, median wall seconds) of `run(path)`."""
    cpu, wall = [], []
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        run(path)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--once", type=Path, help="extract and clean this PDF once, print nothing")
    args = parser.parse_args()
    if args.once:
        extract_and_clean(args.once)
        return
    print(f"| document | pages | path | CPU s (median of {args.repeats}) | wall s | pages/s (CPU) |")
    print("|---|---|---|---|---|---|")
    for path in args.pdfs:
        doc = open_pdfium(path)
        pages = len(doc)
        doc.close()
        for name, run in (
            ("pdfplumber lines (before)", plumber_lines),
            ("pdfium layer (now)", pdfium_layer),
            ("extract+clean (now)", extract_and_clean),
        ):
            cpu, wall = timed(run, path, args.repeats)
            print(f"| {path.name} | {pages} | {name} | {cpu:.2f} | {wall:.2f} | {pages / cpu:.1f} |", flush=True)


if __name__ == "__main__":
    main()
