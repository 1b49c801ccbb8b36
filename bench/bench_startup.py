"""Start-up: `policyqa ingest` of one text copy in a fresh process, without and with Prefect.

    uv run python bench/bench_startup.py [--runs 3] [--prefect]

Each run is a new `python -m policyqa.cli ingest <seed 003> --out <tmp>` process, timed from outside
(wall and the child's CPU seconds), rows in turn. Rows: no PREFECT_API_URL (the
recipe without Prefect: the default); with --prefect also the ingest flow on Prefect's
temporary server (PREFECT_API_URL unset, called through flows/batch.py), which is what every
call cost before. Prints one table of medians; the machine's load makes wall > CPU when shared.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT_COPY = ROOT / "tests" / "resources" / "seeds" / "003_7545518e94772d14.txt"
PREFECT_RUN = (
    "import sys; from flows.batch import run_ingest; "
    "rows = run_ingest([sys.argv[1]], {'out_dir': sys.argv[2]}); sys.exit(rows[0]['status'] != 'done')"
)


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--prefect", action="store_true", help="also time the flow on a temporary server")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    with tempfile.TemporaryDirectory() as tmp:
        rows = {"ingest, no Prefect server (default)": [sys.executable, "-m", "policyqa.cli", "ingest",
                                                       str(TEXT_COPY), "--out", f"{tmp}/plain"]}  # fmt: skip
        if args.prefect:
            rows["ingest flow, temporary Prefect server"] = [sys.executable, "-c", PREFECT_RUN, str(TEXT_COPY),
                                                            f"{tmp}/prefect"]  # fmt: skip
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in rows}
        for _ in range(args.runs):
            for name, command in rows.items():
                times[name].append(timed(command, env))
    print(f"{'what':<42} {'wall s':>8} {'cpu s':>8}   ({args.runs} runs, medians, {os.cpu_count()} cores)")
    for name, values in times.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        print(f"{name:<42} {wall:8.2f} {cpu:8.2f}")


if __name__ == "__main__":
    main()
