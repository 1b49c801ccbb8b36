"""Shared fixtures. The Prefect test harness is session-scoped and requested only by flow tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# CI (CI=true) searches the same examples on every run, so a red run is reproducible and a green
# one is not luck; a developer's run searches at random (and keeps what it finds in .hypothesis/).
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

RESOURCES = Path(__file__).parent / "resources"
SEEDS = RESOURCES / "seeds"


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server and database for every flow test of the session."""
    import flows  # noqa: F401  (applies policyqa's Prefect environment defaults first)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
