"""What the console shows while a run goes: progress with an estimate, then one line per document.

In a terminal: a rich progress bar over the documents, the current file and its stage
(probe → extract (N pages) → clean → identify → align → write), elapsed time and rich's estimate
of the time left. Not in a terminal (a pipe, a log file): plain timestamped lines as each document
enters a stage and finishes, never wrapped mid-phrase, with the estimate after each finished file.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from policyqa import events
from policyqa.errors import ExitCode

Row = dict[str, Any]


def _stage_text(event: Row) -> str:
    pages = event.get("pages")
    if event.get("page"):
        return f"{event['stage']} page {event['page']}/{pages} done"
    return f"{event['stage']} ({pages} page{'s' if pages != 1 else ''})" if pages else str(event["stage"])


class PlainProgress:
    """Timestamped lines for logs, an estimate per finished file.

    `[  12s] batch 3/10 done · a.pdf: extract (18 pages)`: the count is of files finished, since
    several documents are in flight at once and their stages interleave.
    """

    def __init__(self, console: Console, total: int, label: str) -> None:
        self.console, self.total, self.label = console, total, label
        self.done = 0
        self.started = time.monotonic()
        self.lock = threading.Lock()

    def line(self, text: str) -> None:
        """Print one unwrapped line, prefixed with the seconds since the run started."""
        elapsed = time.monotonic() - self.started
        self.console.print(f"[{elapsed:6.0f}s] {text}", soft_wrap=True, markup=False, highlight=False)

    def __call__(self, event: Row) -> None:
        name = Path(event["file"]).name
        with self.lock:
            if event.get("event") == "stage":
                self.line(f"{self.label} {self.done}/{self.total} done · {name}: {_stage_text(event)}")
                return
            self.done += 1
            self.line(f"{self.label} {self.done}/{self.total} done · {name}: {event['status']}{self._estimate()}")

    def _estimate(self) -> str:
        left = self.total - self.done
        if left <= 0 or self.done == 0:
            return ""
        seconds = (time.monotonic() - self.started) / self.done * left
        return f" — about {seconds:.0f} s left" if seconds < 120 else f" — about {seconds / 60:.0f} min left"


def run_with_progress(console: Console, total: int, label: str, run: Callable[[], list[Row]]) -> list[Row]:
    """Run `run()` while showing progress from the run events (policyqa.events); returns its rows."""
    if not console.is_terminal:
        listener: Callable[[Row], None] = PlainProgress(console, total, label)
        return _listening(listener, run)
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
        TimeRemainingColumn,
    )  # fmt: skip

    columns = (
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
    )  # fmt: skip
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task(label, total=total or None)

        def show(event: Row) -> None:
            name = Path(event["file"]).name
            if event.get("event") == "stage":
                progress.update(bar, description=f"{label} — {name}: {_stage_text(event)}")
            else:
                progress.update(bar, advance=1, description=f"{label} — {name}: {event['status']}")

        return _listening(show, run)


def _listening(listener: Callable[[Row], None], run: Callable[[], list[Row]]) -> list[Row]:
    events.add_listener(listener)
    try:
        return run()
    finally:
        events.remove_listener(listener)


def describe(row: Row) -> str:
    """One document's summary line (rich markup)."""
    name = Path(row["file"]).name
    if row["status"] == "failed":
        return f"[red]✗ {name}[/red]: {row['error']}"
    ref = row["reference_id"] or "no reference"
    score = f" (score {row['score']:.2f})" if row.get("score") is not None else ""
    routes = ", ".join(f"{n} {r}" for r, n in sorted(row.get("pages_by_route", {}).items()))
    flags = f"flags {row['flags_error']} error / {row['flags_warning']} warning / {row['flags_info']} info"
    mark = "[green]✓[/green]" if row["status"] == "done" else "[dim]=[/dim]"
    skipped = " [dim](unchanged, skipped)[/dim]" if row["status"] == "skipped" else ""
    return f"{mark} {name}{skipped}: {ref}{score}; pages {row['pages']} ({routes}); {flags}\n    → {row['doc_dir']}"


def summarise(console: Console, rows: list[Row], single: bool) -> int:
    """Print every document's line and the totals; return the exit code."""
    wrap = not console.is_terminal
    for row in rows:
        console.print(describe(row), soft_wrap=wrap, highlight=False)
    failed = [r for r in rows if r["status"] == "failed"]
    counts = {s: sum(r["status"] == s for r in rows) for s in ("done", "skipped", "failed")}
    console.print(", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no input files", soft_wrap=wrap)
    if not failed:
        return ExitCode.OK
    return int(failed[0].get("exit_code", ExitCode.FAILED)) if single else ExitCode.FAILED
