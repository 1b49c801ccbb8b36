"""Only flows/ may import prefect: library code stays plain Python."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("policyqa", "extract", "reference", "output", "bench")
FORBIDDEN = ("prefect", "prefect_dask")


def imported_modules(source: str) -> set[str]:
    """Top-level names of every module an ast imports (also inside functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import prefect", True),
        ("from prefect.tasks import task", True),
        ("def f():\n    import prefect_dask", True),
        ("import prefecture", False),
        ("from flows.batch import run_batch", False),
    ],
)
def test_imported_modules_sees_nested_and_from_imports(source: str, found: bool) -> None:
    assert bool(imported_modules(source) & set(FORBIDDEN)) is found


def test_no_module_outside_flows_imports_prefect() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if imported_modules(path.read_text(encoding="utf-8")) & set(FORBIDDEN)
    ]
    assert offenders == []
