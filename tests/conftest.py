"""Shared fixtures: the repo, a built demo site, a CLI runner."""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder`` served over http on 127.0.0.1 (a free port) while the block runs; yields
    its base URL, "http://127.0.0.1:PORT/". A site built for ``BASE + "repo/"`` and copied
    to ``folder / "repo"`` is served as a GitHub Pages project site is."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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


# ---------------------------------------------------------------- tools a laptop may lack
# Tests that need Chromium (or Java) skip with a printed reason on a laptop without it.
# .ci/run installs every tool and sets DIGEST_REQUIRE_ALL=1, which turns such a skip into a
# failure, so CI always runs everything.

REQUIRE_ALL = os.environ.get("DIGEST_REQUIRE_ALL") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require(available: bool, reason: str) -> None:
    """Skip (laptop) or fail (CI) when a tool the test needs is missing."""
    if available:
        return
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (DIGEST_REQUIRE_ALL=1: CI must have it)")
    pytest.skip(reason)


def chromium_executable() -> str | None:
    import shutil

    for candidate in (os.environ.get("DIGEST_CHROMIUM"), "chromium", "chromium-browser",
                      "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    """A real headless Chromium driven by Playwright (Debian's chromium, no download).

    One per test module, not per session: while Playwright runs, its connection thread is
    alive, and a process with threads does not fork workers (digest/parallel.py: can_fork),
    so the tests of forked workers that run after a browser test would quietly test none."""
    executable = chromium_executable()
    require(executable is not None, "Chromium not found: install the chromium package")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def read_search_index(path: Path) -> list[dict]:
    """The records of a site's search index (search-index.js: a script that sets
    window.digestSearchIndex to a JSON array), checked to be exactly that script."""
    text = path.read_text(encoding="utf-8")
    head, tail = "window.digestSearchIndex=", ";\n"
    assert text.startswith(head) and text.endswith(tail), text[:60] + " ... " + text[-20:]
    return json.loads(text[len(head):-len(tail)])
