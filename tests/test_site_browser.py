"""The built site in real headless Chromium, served over HTTP under a sub-path like GitHub Pages
(http://127.0.0.1:PORT/repo/ maps to site/): no console errors, every internal link resolves,
search finds a story, nothing scrolls sideways at 375 px, axe-core finds nothing serious.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import require, serving
from .test_site_pages import build_site

AXE_CACHE = Path(os.environ.get("DIGEST_TEST_CACHE", Path.home() / ".cache" / "digest-tests"))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """(base URL, site folder): the demo built for http://127.0.0.1:PORT/repo/ and served."""
    parent = tmp_path_factory.mktemp("served")
    with serving(parent) as root:
        base = root + "repo/"
        work = tmp_path_factory.mktemp("build")
        site = build_site(work, base_url=base, page_size=5)
        shutil.copytree(site, parent / "repo")
        yield base, parent / "repo"


@pytest.fixture(scope="module")
def axe_script() -> Path:
    """axe-core from the npm registry, installed once into a cache folder (never vendored)."""
    target = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if not target.is_file():
        npm = shutil.which("npm")
        require(npm is not None, "npm not found: install Node.js to run the axe-core checks")
        result = subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(AXE_CACHE),
             "axe-core@4"],
            capture_output=True, text=True, timeout=300,
        )
        require(result.returncode == 0 and target.is_file(),
                f"npm install axe-core failed: {result.stderr[-500:]}")
    return target


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_crawl_every_page_without_errors_or_broken_links(browser, served) -> None:
    base, site = served
    page = browser.new_page()
    errors = _watch(page)
    broken: list[tuple[str, str, int]] = []
    todo, seen = [base], {base}
    checked: dict[str, int] = {}
    while todo:
        url = todo.pop()
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        hrefs = page.eval_on_selector_all(
            "a[href], link[href], script[src]",
            "els => els.map(e => e.getAttribute('href') || e.getAttribute('src'))",
        )
        for href in hrefs:
            target = urljoin(url, href).split("#")[0]
            if not target.startswith(base):
                assert urlsplit(target).hostname != "127.0.0.1", (url, href)
                continue
            if target.endswith((".html", "/")):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
            elif target not in checked:
                checked[target] = page.request.get(target).status
                if checked[target] != 200:
                    broken.append((url, href, checked[target]))
    assert broken == []
    assert errors == []
    pages = len(list(site.rglob("*.html"))) - 1  # every page but 404.html is linked
    assert len(seen) >= pages - 1  # search/ is reached too; "/" and index.html are one page
    page.close()


def test_search_finds_a_known_story(browser, served) -> None:
    base, _site = served
    page = browser.new_page()
    errors = _watch(page)
    page.goto(base + "search/index.html")
    page.fill("#q", "liquidation curve")
    page.click("form.search button")
    page.wait_for_selector("#search-results li")
    titles = page.locator("#search-results li a").all_inner_texts()
    assert "Reading a Liquidation Curve" in " ".join(titles) or titles
    assert any("Liquidation" in t for t in titles)
    first = page.locator("#search-results li a").first
    title = first.inner_text()
    with page.expect_navigation():  # else the search page's own h1 may still be read
        first.click()
    assert page.locator("h1").inner_text() == title
    # a query string works on its own (a shareable search link)
    page.goto(base + "search/index.html?q=zzzznotaword")
    page.wait_for_function("document.getElementById('search-status').textContent.startsWith('0')")
    assert errors == []
    page.close()


def test_words_typed_while_the_index_loads_are_kept(browser, served) -> None:
    """A slow search index: what the reader typed before it arrived is searched, not wiped.
    The index is held back until the words are typed, so the order is certain."""
    base, _site = served
    page = browser.new_page()
    errors = _watch(page)
    held: list = []

    def hold(route) -> None:  # answered below, after the typing
        held.append(route)

    page.route("**/search-index.js", hold)
    page.goto(base + "search/index.html", wait_until="domcontentloaded")
    page.fill("#q", "liquidation curve")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "search.js never asked for search-index.js"
    assert page.locator("#search-results li").count() == 0
    held[0].continue_()
    page.wait_for_selector("#search-results li")
    assert page.input_value("#q") == "liquidation curve"
    assert any("Liquidation" in t for t in page.locator("#search-results li a").all_inner_texts())
    assert errors == []
    page.close()


PAGES = ["", "topics/defi/", "topics/defi/page/2/", "archive/", "sources/", "about/",
         "search/", "404.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_width_has_no_sideways_scroll(browser, served, scheme: str) -> None:
    base, site = served
    context = browser.new_context(viewport={"width": 375, "height": 740}, color_scheme=scheme)
    page = context.new_page()
    story = sorted((site / "story").iterdir())[0].name
    day = sorted(p.name for p in (site / "archive").iterdir() if p.is_dir())[-1]
    for path in [*PAGES, f"story/{story}/", f"archive/{day}/"]:
        page.goto(base + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path}: {overflow}px sideways at 375px ({scheme})"
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(browser, served, axe_script, scheme) -> None:
    """Every axe rule at every impact level (minor and moderate ones too: heading order,
    landmarks, ...) on the demo site's page kinds and a story page."""
    base, site = served
    # the pages' Content-Security-Policy forbids injected scripts; axe is a test-only guest
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    story = sorted((site / "story").iterdir())[0].name
    found = []
    for path in [*PAGES, f"story/{story}/"]:
        page.goto(base + path)
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("async () => await axe.run(document)")
        for violation in result["violations"]:
            nodes = [n["target"] for n in violation["nodes"]][:3]
            found.append((path, violation["id"], violation["impact"], nodes))
    assert found == []
    context.close()


def test_right_to_left_stories_read_right_to_left(browser, tmp_path: Path) -> None:
    """A feed in Arabic beside one in English: each story's headline, opening paragraph and
    body take the direction of their own text (dir="auto"), in the page and in the lists."""
    from digest.build import BuildOptions, build
    from digest.config import load_config

    from .test_site_pages import DEMO_NOW, ROOT

    feeds = tmp_path / "content" / "feeds"
    feeds.mkdir(parents=True)
    items = (("rtl", "ارتفاع رسوم الشبكة للأسبوع الثالث",
              "ارتفعت رسوم المعاملات على الشبكة للأسبوع الثالث على التوالي."),
             ("ltr", "Network fees rise for a third week",
              "Transaction fees on the network rose for the third week running."))
    for name, title, text in items:
        (feeds / f"{name}.xml").write_text(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{name} desk</title><link>https://{name}.example/</link><description>d"
            f"</description><item><title>{title}</title><link>https://{name}.example/1</link>"
            "<pubDate>Wed, 25 Nov 2026 10:00:00 +0000</pubDate>"
            f"<description>&lt;p&gt;{text}&lt;/p&gt;</description></item></channel></rss>",
            encoding="utf-8",
        )
    build(load_config(ROOT / "digest.toml"),
          BuildOptions(content_dir=tmp_path / "content", output_dir=tmp_path / "site",
                       state_path=tmp_path / "state.sqlite", now=DEMO_NOW))
    site = (tmp_path / "site").resolve()
    page = browser.new_page()
    seen = {}
    for story in sorted((site / "story").iterdir()):
        page.goto((story / "index.html").as_uri())
        directions = page.evaluate(
            "['h1', '.body p', '.body'].map("
            "s => getComputedStyle(document.querySelector(s)).direction)"
        )
        seen[page.locator("h1").inner_text()] = directions
    assert seen == {items[0][1]: ["rtl"] * 3, items[1][1]: ["ltr"] * 3}
    page.goto((site / "index.html").as_uri())
    cards = page.evaluate(
        "[...document.querySelectorAll('.card h3')].map(h => [h.innerText,"
        " getComputedStyle(h).direction])"
    )
    assert sorted(cards) == sorted([[items[0][1], "rtl"], [items[1][1], "ltr"]])
    page.close()
