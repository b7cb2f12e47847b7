"""`digest serve`: serves under the base URL's path, rebuilds on change, reloads the browser,
and keeps the reload script out of the built files."""

from __future__ import annotations

import shutil
import time
import urllib.request
from pathlib import Path

from digest.build import BuildOptions
from digest.serve import GENERATION_PATH, Preview, ServeOptions

from .conftest import DEMO_NOW, ROOT

ARTICLE = (
    "---\ntitle: {title}\ndate: 2026-11-24T17:30:00Z\nsource: Test Desk\n---\n\n"
    "An invented paragraph about a harbour that does not exist.\n"
)


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _wait(check, seconds: float = 30.0) -> None:
    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.1)


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "content", root / "content")
    (root / "digest.toml").write_text(
        '[site]\ntitle = "Preview"\nbase_url = "https://user.github.io/repo/"\n', "utf-8"
    )
    return root


def _preview(tmp_path: Path, root: Path, interval: float) -> Preview:
    """A preview of the project at ``root`` on a free loopback port, looking for changes
    every ``interval`` seconds."""
    options = ServeOptions(
        port=0, interval=interval,
        build=BuildOptions(state_path=tmp_path / "s.sqlite", now=DEMO_NOW, offline=True),
    )
    return Preview(root / "digest.toml", options)


def test_serve_rebuilds_on_change_and_injects_reload_only_when_served(tmp_path, browser) -> None:
    root = _project(tmp_path)
    preview = _preview(tmp_path, root, interval=0.2)
    url = preview.start()
    try:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/repo/")
        home = _get(url)
        assert "/__digest__/reload.js" in home
        assert "__digest__" not in (root / "site" / "index.html").read_text("utf-8")
        generation = int(_get(url.split("/repo/")[0] + GENERATION_PATH))

        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + "archive/2026-11-24/")
        page.wait_for_timeout(800)  # let the reload script take its first look
        article = root / "content" / "articles" / "zz-served.md"
        article.write_text(ARTICLE.format(title="Invented Harbour Opens A Night Ferry"), "utf-8")
        _wait(lambda: preview.generation > generation)
        # the open page reloads by itself and shows the new story
        page.wait_for_selector("text=Invented Harbour Opens A Night Ferry", timeout=15000)
        assert "Invented Harbour Opens A Night Ferry" in _get(url + "archive/2026-11-24/")
        assert errors == []
        page.close()

        # a broken template keeps the last good site and says why
        (root / "templates").mkdir()
        (root / "templates" / "story.html").write_text("{{ story.nope }}", "utf-8")
        _wait(lambda: preview.error is not None)
        assert "story.html" in preview.error
        assert "Invented Harbour Opens A Night Ferry" in _get(url + "archive/2026-11-24/")
    finally:
        preview.stop()


def test_a_malformed_request_path_is_not_found_and_the_server_goes_on(
    tmp_path, capfd
) -> None:
    """A request for "http://[x/a" (a host with an unclosed bracket) makes urlsplit raise:
    the preview answers 404, prints no traceback, and serves the next request."""
    import socket

    preview = _preview(tmp_path, _project(tmp_path), interval=5)
    url = preview.start()
    try:
        host, port = url.split("//")[1].split("/")[0].split(":")
        for target in ("//[x/a", "http://[x/a", "http://127.0.0.1:1/repo/[x/"):
            for method in ("GET", "HEAD"):
                with socket.create_connection((host, int(port)), timeout=10) as raw:
                    raw.sendall(f"{method} {target} HTTP/1.0\r\n\r\n".encode())
                    status = raw.makefile("rb").readline()
                assert status.startswith(b"HTTP/1.0 404"), (method, target, status)
        assert "/__digest__/reload.js" in _get(url)
    finally:
        preview.stop()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "ValueError" not in err, err
