"""Prefect flows wiring the stages; the only package that imports prefect.

Importing this package first applies policyqa's Prefect environment defaults (flows/settings.py),
so they are in place before prefect itself is imported.
"""

from flows.settings import apply_defaults

apply_defaults()
