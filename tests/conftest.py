"""Shared fixtures: the repo, a built demo site, a CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from digest.build import BuildOptions, build
from digest.config import load_config
from digest.util import to_utc

ROOT = Path(__file__).resolve().parent.parent
DEMO_NOW = to_utc("2026-11-24T18:00:00Z")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def demo_expected() -> dict:
    return json.loads((ROOT / "tests" / "demo_expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled demo content built once, into a temporary folder with its own state."""
    base = tmp_path_factory.mktemp("demo")
    config = load_config(ROOT / "digest.toml")
    options = BuildOptions(
        output_dir=base / "site", state_path=base / "state.sqlite", now=DEMO_NOW
    )
    report = build(config, options)
    assert report.problems == []
    return base / "site"


@pytest.fixture(scope="session")
def demo_stories(demo_site: Path) -> list[dict]:
    return json.loads((demo_site / "stories.json").read_text(encoding="utf-8"))


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None):
    """Run ``python -m digest`` as a real subprocess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "digest", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


@pytest.fixture
def cli():
    return run_cli
