"""Hostile feed content never runs: proven in a real headless Chromium, page by page.

tests/fixtures/hostile/ holds RSS, Atom and JSON Feed files whose items carry script tags, event
handlers, javascript:/vbscript:/data: URLs, SVG with script, meta refresh, CSS expressions and
mixed-case and entity-encoded variants, in titles, summaries, content, authors, categories and
links (written by make_hostile.py there). The built site is served from 127.0.0.1 and every page
opened in Chromium **with the Content-Security-Policy removed**, so the sanitiser alone is on
trial: no canary, no dialog, no navigation, no event-handler attribute, no script URL.
A second pass keeps the CSP and checks every page carries it.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.build import BuildOptions, build
from digest.config import load_config
from tests.conftest import DEMO_NOW, ROOT

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
CSP_META = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>\s*', re.I)

# Runs in the page: everything that would let content script run or leave the page.
INSPECT = """() => {
  const handlers = [];
  const badUrls = [];
  const scripts = [];
  const ok = new Set(['http:', 'https:', 'mailto:']);
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) handlers.push(el.tagName + ' ' + name);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'poster',
           'data', 'srcdoc', 'srcset'].includes(name)) {
        if (name === 'srcdoc') { badUrls.push(el.tagName + ' srcdoc'); continue; }
        let url;
        try { url = new URL(attr.value, document.baseURI); } catch (e) { continue; }
        if (!ok.has(url.protocol)) badUrls.push(el.tagName + ' ' + name + '=' + attr.value);
      }
    }
  }
  for (const s of document.querySelectorAll('script')) {
    const src = s.getAttribute('src');
    if (!src || new URL(src, document.baseURI).origin !== location.origin) {
      scripts.push(s.outerHTML.slice(0, 120));
    }
  }
  const refresh = [...document.querySelectorAll('meta[http-equiv]')]
    .filter(m => m.httpEquiv.toLowerCase() === 'refresh').length;
  const frames = document.querySelectorAll('iframe, frame, object, embed, base').length;
  return {pwned: window.__pwned === undefined ? null : String(window.__pwned),
          handlers, badUrls, scripts, refresh, frames};
}"""


def hostile_items() -> int:
    from digest.ingest.feeds import parse_feed_file

    return sum(
        len(parse_feed_file(path))
        for path in sorted(HOSTILE.iterdir())
        if path.name.startswith("hostile-")
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    feeds = base / "content" / "feeds"
    feeds.mkdir(parents=True)
    for path in HOSTILE.iterdir():
        if path.name.startswith("hostile-"):
            shutil.copy(path, feeds / path.name)
    notices: list[str] = []
    report = build(
        load_config(ROOT / "digest.toml"),
        BuildOptions(
            content_dir=base / "content",
            output_dir=base / "site",
            state_path=base / "state.sqlite",
            now=DEMO_NOW,
            on_notice=notices.append,
        ),
    )
    assert report.problems == []
    assert report.stories >= 100
    # The item links that are not http(s) were dropped, and said so, per source.
    assert any("hostile-links.xml" in n and "not an absolute http(s) URL" in n for n in notices)
    return base / "site"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; under /nocsp/ its pages come with the CSP meta tag removed."""

    def do_GET(self) -> None:
        if not self.path.startswith("/nocsp/"):
            return super().do_GET()
        self.path = self.path.removeprefix("/nocsp")
        path = Path(self.translate_path(self.path))
        if path.suffix != ".html" or not path.is_file():
            return super().do_GET()
        body = CSP_META.sub(b"", path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(hostile_site: Path) -> Iterator[str]:
    handler = functools.partial(_Handler, directory=str(hostile_site.resolve()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def pages_of(site: Path) -> list[str]:
    root = site.resolve()
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


def test_corpus_has_at_least_100_hostile_items() -> None:
    assert hostile_items() >= 100


def test_no_hostile_script_runs_in_chromium_even_without_csp(
    browser, hostile_site: Path, served: str
) -> None:
    """Every page, CSP stripped: nothing from the feeds runs, opens a dialog or navigates."""
    pages = pages_of(hostile_site)
    assert len(pages) > 100
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    navigations: list[str] = []
    outside: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on(
        "framenavigated",
        lambda frame: navigations.append(frame.url) if frame == page.main_frame else None,
    )

    def route(r) -> None:  # noqa: ANN001 - playwright Route
        outside.append(r.request.url)  # never leave 127.0.0.1: images of the items included
        r.abort()

    # Only requests to other hosts are routed (and refused); the site's own go straight through.
    page.route(re.compile(rf"^(?!{re.escape(served)})"), route)
    problems: dict[str, dict] = {}
    try:
        for relative in pages:
            navigations.clear()
            url = served + "nocsp/" + relative
            page.goto(url, wait_until="load")
            page.wait_for_timeout(20)  # let a 0-second meta refresh or a timer fire
            found = page.evaluate(INSPECT)
            if navigations != [url]:
                found["navigated"] = list(navigations)
            bad = {k: v for k, v in found.items() if v}
            if bad:
                problems[relative] = bad
    finally:
        context.close()
    assert dialogs == []
    assert problems == {}
    # Fetches to other hosts were only ever for images (<img src="https://...">), never scripts.
    assert not [u for u in outside if u.endswith((".js", ".css"))]


def test_every_page_has_a_csp_that_forbids_inline_script(hostile_site: Path) -> None:
    for relative in pages_of(hostile_site):
        html = (hostile_site / relative).read_bytes()
        metas = CSP_META.findall(html)
        assert len(metas) == 1, relative
        policy = metas[0].decode()
        script_src = re.search(r"script-src ([^;\"]*)", policy)
        assert script_src and script_src.group(1).split() == ["'self'"], relative
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        # The meta must come before anything it is meant to govern.
        assert html.index(metas[0]) < html.find(b"<script") or b"<script" not in html


def test_the_detector_works_and_the_csp_blocks_inline_script(browser, tmp_path: Path) -> None:
    """Controls: the same canary fires on a page with a raw payload, and the CSP stops it."""
    payload = '<img src="x" onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    bare = tmp_path / "bare.html"
    bare.write_text(f"<!doctype html><title>t</title>{payload}", encoding="utf-8")
    policy = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    meta = re.search(r'<meta http-equiv="Content-Security-Policy"[^>]*>', policy)
    assert meta, "templates/base.html lost its CSP meta tag"
    guarded = tmp_path / "guarded.html"
    guarded.write_text(
        f"<!doctype html><meta charset=utf-8>{meta.group(0)}<title>t</title>{payload}",
        encoding="utf-8",
    )
    page = browser.new_page()
    try:
        page.goto(bare.as_uri(), wait_until="load")
        page.wait_for_timeout(50)
        assert page.evaluate("window.__pwned") is not None
        page.goto(guarded.as_uri(), wait_until="load")
        page.wait_for_timeout(50)
        assert page.evaluate("window.__pwned === undefined")
    finally:
        page.close()


def test_site_scripts_still_run_under_the_csp(browser, hostile_site: Path, served: str) -> None:
    """The CSP allows the site's own scripts: no violation is reported on any page kind."""
    violations: list[str] = []
    page = browser.new_page()
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith(served) else r.abort()
    )
    kinds = ["index.html", "archive/index.html"]
    kinds += [p for p in pages_of(hostile_site) if p.startswith(("search/", "topics/"))][:3]
    try:
        for relative in kinds:
            page.goto(served + relative, wait_until="load")
            page.wait_for_timeout(50)
    finally:
        page.close()
    assert violations == []


def test_hostile_content_through_the_newsletter_has_none_of_it(tmp_path: Path) -> None:
    from digest.newsletter import compose_issue, render_issue
    from digest.store import Store

    content = tmp_path / "content" / "feeds"
    content.mkdir(parents=True)
    for path in HOSTILE.iterdir():
        if path.name.startswith("hostile-"):
            shutil.copy(path, content / path.name)
    config = load_config(ROOT / "digest.toml")
    with Store(tmp_path / "state.sqlite") as store:
        issue = compose_issue(
            config, store, DEMO_NOW, since=DEMO_NOW.replace(year=2020),
            content_dir=tmp_path / "content",
        )
    assert issue is not None and len(issue.stories) > 5
    rendered = render_issue(config, issue, "reader@example.org")
    import lxml.html

    doc = lxml.html.fromstring(rendered.html)
    found = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("script", "iframe", "object", "embed", "svg", "math", "base", "form"):
            found.append(el.tag)
        if el.tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            found.append("meta refresh")
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{el.tag} {name}")
            if name in ("href", "src") and re.match(r"\s*(javascript|vbscript|data):", value, re.I):
                found.append(f"{el.tag} {name}={value}")
    assert found == []
