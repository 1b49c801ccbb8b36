"""The inbox and the output folder between runs: which files to read, stray temp files, stale folders.

Plain Python (no prefect).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any


def list_inbox(inbox: Path, exclude: Path | None = None) -> list[Path]:
    """The input files of an inbox folder: regular, not hidden, recursively, sorted; `exclude`
    (the output folder, when it lies inside the inbox) is left out."""
    inbox = Path(inbox)
    skip = Path(exclude).resolve() if exclude else None
    files = [
        p for p in inbox.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(inbox).parts)
        and not (skip and p.resolve().is_relative_to(skip))
    ]  # fmt: skip
    return sorted(files)


def sweep_temp_files(out_dir: Path) -> int:
    """Delete temp files (`.*.tmp`) a killed run left in the output folder; returns how many."""
    count = 0
    for path in Path(out_dir).rglob(".*.tmp"):
        if path.is_file():
            path.unlink(missing_ok=True)
            count += 1
    return count


def remove_stale_output(previous: dict[str, Any], current: dict[str, Any], out_dir: Path) -> bool:
    """Delete the folder of a file's earlier version once its new folder is complete."""
    old, new = previous.get("doc_dir", ""), current.get("doc_dir", "")
    if current.get("status") != "done" or not old or old == new:
        return False
    old_path = Path(old)
    if not old_path.is_dir() or old_path.resolve().parent != Path(out_dir).resolve():
        return False
    shutil.rmtree(old_path, ignore_errors=True)
    return True
