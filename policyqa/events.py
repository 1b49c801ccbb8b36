"""Run events: whoever listens (the CLI's progress display) hears when a document enters a stage
and when it finishes. Plain Python, shared by the recipe (flows/recipe.py) and the CLI."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

Listener = Callable[[dict[str, Any]], None]
_LISTENERS: list[Listener] = []


def add_listener(listener: Listener) -> None:
    """Call `listener(row)` whenever a document finishes (the CLI's progress bar listens)."""
    _LISTENERS.append(listener)


def notify_stage(path: Path, stage: str, **details: Any) -> None:
    """Tell listeners that a document entered a stage: a row {"event": "stage", "file", "stage", …}."""
    notify({"event": "stage", "file": str(path), "stage": stage, **details})


def remove_listener(listener: Listener) -> None:
    """Stop calling a listener added with add_listener."""
    if listener in _LISTENERS:
        _LISTENERS.remove(listener)


def notify(row: dict[str, Any]) -> None:
    """Tell every listener that a document finished; a failing listener is logged, not raised."""
    for listener in list(_LISTENERS):
        try:
            listener(row)
        except Exception:  # progress display must never break a run
            log.exception("progress listener failed")


