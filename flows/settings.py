"""Prefect settings policyqa applies before Prefect is imported (environment defaults only).

Nothing here overrides a variable the user has set. Defaults:
- PREFECT_HOME=~/.cache/policyqa/prefect — the temporary server's database and Prefect's files;
- PREFECT_SERVER_ANALYTICS_ENABLED=false and DO_NOT_TRACK=1 — no telemetry, neither from a
  server policyqa starts nor from the Prefect client (prefect/_internal/analytics/enabled.py);
- PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=120 — the temporary server costs 7–20 s to
  start at a process's first flow on a slow machine;
- PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL=CRITICAL and PREFECT_LOGGING_LEVEL=WARNING — the console
  belongs to the policyqa CLI; details go to <out>/policyqa.log (policyqa.logging_setup).
These matter only when Prefect runs at all: without PREFECT_API_URL the CLI runs the recipe
(flows/recipe.py) without Prefect. With PREFECT_API_URL set, flows report to that server.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_PREFECT_HOME = Path("~/.cache/policyqa/prefect").expanduser()

DEFAULTS: dict[str, str] = {
    "PREFECT_HOME": str(DEFAULT_PREFECT_HOME),
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_CLI_PROMPT": "false",
}


def apply_defaults(environ: dict[str, str] | None = None) -> dict[str, str]:
    """Set every default the environment lacks; returns the ones applied."""
    env = os.environ if environ is None else environ
    applied = {key: value for key, value in DEFAULTS.items() if not env.get(key)}
    env.update(applied)
    try:  # Prefect creates its home without parents; the temporary server needs it to exist
        Path(env["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # Prefect warns and falls back; the run may still work with PREFECT_API_URL
    return applied
