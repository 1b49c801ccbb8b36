"""Time to collate 2–16 copies of a 纲要-length text (median over repeats), and how it grows.

    uv run python bench/bench_collate.py --repeats 3

Copies: generated corrupted copies of gangyao-2023 (bench/corrupt.py, one corruption of every
kind per copy, each copy with its own seed, so each is corrupted in different places), cleaned
and segmented once outside the timing. What is timed is reference.collate.collate alone: clause
columns, character alignment, places, votes and the consensus. Wall time and the process's CPU
time are both printed: on a shared machine the wall time also counts other people's work.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.corrupt import corrupt
from extract.clean import clean_text
from reference.collate import Witness, collate, witness_from_clean
from reference.library import load_library

COUNTS = (2, 4, 6, 8, 10, 12, 14, 16)


def copies(n: int, reference_id: str = "gangyao-2023") -> list[Witness]:
    """n cleaned, segmented corrupted copies of a reference."""
    reference = load_library().get(reference_id)
    return [witness_from_clean(f"c{i}", clean_text(corrupt(reference, seed=i, per_kind=1).text))
            for i in range(n)]


def time_collate(witnesses: list[Witness], repeats: int) -> tuple[float, float, int]:
    """(median wall seconds, median CPU seconds, variant places) of collating the witnesses."""
    walls, cpus, places = [], [], 0
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = collate(witnesses)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        places = len(result.places)
    return statistics.median(walls), statistics.median(cpus), places


def main() -> None:
    """Print one row per number of copies: seconds, seconds per copy, growth against 2 copies."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--counts", type=int, nargs="*", default=list(COUNTS))
    args = parser.parse_args()
    pool = copies(max(args.counts))
    chars = sum(len(c.text) for c in pool[0].clauses)
    print(f"gangyao-2023 copies of about {chars} characters; median of {args.repeats} runs")
    print(f"{'copies':>6} {'wall s':>8} {'cpu s':>8} {'cpu s/copy':>11} {'cpu vs 2':>9} {'places':>7}")
    base = None
    for n in args.counts:
        wall, cpu, places = time_collate(pool[:n], args.repeats)
        base = base or cpu / n * 2
        print(f"{n:>6} {wall:>8.2f} {cpu:>8.2f} {cpu / n:>11.3f} {cpu / base:>9.1f} {places:>7}")


if __name__ == "__main__":
    main()
