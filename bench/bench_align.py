"""Time to compare a whole 纲要-length copy with its reference (median over repeats).

    uv run python bench/bench_align.py --repeats 20

Cleaning and segmentation run once, outside the timing; what is timed is
reference.compare.compare alone: clause alignment, block detection, character diff, flags.
Witnesses: seed 000 (clean), seed 002 (heavily corrupted newspaper copy), seed 004 (the 纲要
plus notice, boxes and transcript) and one synthetic copy from bench/corrupt.py.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench.corrupt import corrupt
from extract.clean import clean_text
from reference.compare import compare
from reference.library import load_library
from reference.model import Identification
from reference.segment import segment

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "resources" / "seeds"


def witnesses(reference_id: str) -> dict[str, str]:
    """Name -> text of each witness timed."""
    texts = {name: next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
             for name in ("000", "002", "004")}
    texts["synthetic"] = corrupt(load_library().get(reference_id), seed=1).text
    return texts


def time_compare(text: str, reference_id: str, repeats: int) -> tuple[float, int, int]:
    """(median seconds, witness clauses, flags) of comparing one witness."""
    reference = load_library().get(reference_id)
    clean = clean_text(text)
    clauses = segment(clean)
    ident = Identification(reference_id=reference_id, score=1.0, coverage=1.0)
    times, flags = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        flags = len(compare(clean, clauses, reference, ident).flags)
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(clauses), flags


def main() -> None:
    """Print the median compare time per witness."""
    parser = argparse.ArgumentParser(description="time reference.compare.compare")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--reference", default="gangyao-2023")
    args = parser.parse_args()
    print(f"{'witness':10} {'chars':>7} {'clauses':>8} {'flags':>6} {'median s':>9}")
    for name, text in witnesses(args.reference).items():
        median, clauses, flags = time_compare(text, args.reference, args.repeats)
        print(f"{name:10} {len(text):>7} {clauses:>8} {flags:>6} {median:>9.3f}")


if __name__ == "__main__":
    main()
