"""Shared fixtures. The Prefect test harness is session-scoped and requested only by flow tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

RESOURCES = Path(__file__).parent / "resources"
SEEDS = RESOURCES / "seeds"


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server and database for every flow test of the session."""
    import flows  # noqa: F401  (applies policyqa's Prefect environment defaults first)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
