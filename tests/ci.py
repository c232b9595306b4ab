"""Test helpers about the CI environment."""

from __future__ import annotations

import os

import pytest


def skip_unless_ci(reason: str) -> None:
    """Skip a test whose tool is missing on a developer's machine, but fail under CI (CI=true), where
    ``make test`` installs every tool: a missing install step must not pass as a skip."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI must install it: make test / make system-deps)")
    pytest.skip(reason)
