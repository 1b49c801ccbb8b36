"""Prefect environment defaults applied before prefect is imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.settings import DEFAULTS, apply_defaults


def test_defaults_fill_only_what_the_user_left_unset(tmp_path: Path) -> None:
    env = {"PREFECT_HOME": str(tmp_path / "mine"), "PREFECT_LOGGING_LEVEL": "DEBUG"}
    applied = apply_defaults(env)
    assert env["PREFECT_HOME"] == str(tmp_path / "mine") and env["PREFECT_LOGGING_LEVEL"] == "DEBUG"
    assert "PREFECT_HOME" not in applied and (tmp_path / "mine").is_dir()
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"


@pytest.mark.parametrize("name", ["PREFECT_SERVER_ANALYTICS_ENABLED", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"])
def test_telemetry_off_and_a_generous_startup_timeout(name: str) -> None:
    value = DEFAULTS[name]
    assert value == "false" if "ANALYTICS" in name else int(value) >= 60


def test_the_prefect_client_sends_no_telemetry_either() -> None:
    # prefect/_internal/analytics/enabled.py: the client's SDK telemetry is off when DO_NOT_TRACK is set
    env: dict[str, str] = {}
    apply_defaults(env)
    assert env["DO_NOT_TRACK"] == "1"
    assert apply_defaults({"DO_NOT_TRACK": "0", "PREFECT_HOME": "/tmp"}).get("DO_NOT_TRACK") is None  # the user's choice stays
