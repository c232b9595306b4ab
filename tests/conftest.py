"""Shared fixtures: the real documents and their gold annotation live in ../shared (never copied here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(__import__("os").environ.get("KEHOACH_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.json"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"real seed documents not found at {SEEDS} (../shared is absent on this checkout)")
    return SEEDS


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD.is_file():
        pytest.skip(f"gold annotation not found at {GOLD} (../shared is absent on this checkout)")
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_records(seeds_dir):
    """Extraction records (dicts) of every seed file, extracted once per test session."""
    from kehoach import extract_file

    return [extract_file(p).to_dict() for p in sorted(seeds_dir.glob("*.txt"))]


@pytest.fixture(scope="session")
def seeds_graph_dir(seeds_dir, tmp_path_factory) -> Path:
    """A full ``kehoach build`` of the seeds (all writers), built once per test session."""
    from kehoach.graph.pipeline import build_paths

    out = tmp_path_factory.mktemp("seeds-graph")
    build_paths([seeds_dir], out, jobs=1)
    return out


from bolt import bolt_server  # noqa: E402,F401  (Bolt server fixture: tests/bolt.py)

