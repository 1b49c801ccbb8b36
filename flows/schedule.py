"""Checks `policyqa serve` makes before registering anything: the schedule and the server.

Both run before Prefect starts anything, so a typo in --cron or a server that is not there is one
line and an exit code at once (2 and 8), not a process that prints "serving…" and waits forever.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from policyqa.errors import BadOptionError, ServerError

HEALTH_TIMEOUT_S = 5.0


def check_schedule(cron: str, timezone: str) -> None:
    """BadOptionError unless `cron` is a five-field cron string and `timezone` an IANA zone Prefect knows."""
    from prefect.client.schemas.schedules import CronSchedule  # validates both, as the server will

    try:
        CronSchedule(cron=cron, timezone=timezone)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        problem = "; ".join(e.get("msg", "") for e in getattr(error, "errors", lambda: [])()) or str(error)
        raise BadOptionError(
            f"--cron {cron!r} / --timezone {timezone!r}: {problem}",
            hint="e.g. --cron '0 2 * * *' --timezone Asia/Shanghai",
        ) from None


def check_server(api_url: str, timeout_s: float = HEALTH_TIMEOUT_S) -> None:
    """ServerError unless PREFECT_API_URL is set and `<api_url>/health` answers."""
    if not api_url:
        raise ServerError("serve needs a running Prefect server, and PREFECT_API_URL is not set")
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout_s) as response:
            healthy = json.loads(response.read() or b"null")
    except (OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise ServerError(f"the Prefect server at {api_url} does not answer ({reason})") from None
    if healthy is not True:
        raise ServerError(f"the Prefect server at {api_url} is not healthy ({healthy!r})")
