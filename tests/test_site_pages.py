"""The built site's pages, read as files: every page's head, pagination, archive, sources,
about, 404, sitemap/robots/CNAME/OPML, static overrides, search switch, links under a sub-path.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from digest.build import BuildOptions, build
from digest.config import load_config

from .conftest import DEMO_NOW, ROOT


def build_site(out: Path, base_url: str = "https://user.github.io/repo/", **site: object) -> Path:
    """The demo content built with a sub-path base URL and any [site] overrides."""
    config = load_config(ROOT / "digest.toml")
    config = replace(config, site=replace(config.site, base_url=base_url, **site))
    build(config, BuildOptions(output_dir=out / "site", state_path=out / "state.sqlite",
                               now=DEMO_NOW))
    return out / "site"


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.meta: dict[str, str] = {}
        self.alternates: list[tuple[str, str]] = []
        self.canonical: str | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "title":
            self._in_title = True
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta[a.get("name") or a["property"]] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates.append((a.get("type", ""), a["href"]))
        for key in ("href", "src"):
            if key in a and tag in ("a", "link", "script", "img"):
                self.links.append(a[key])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_has_title_description_canonical_og_and_feeds(tmp_path: Path) -> None:
    site = build_site(tmp_path)
    pages = html_pages(site)
    assert len(pages) > 60
    for path in pages:
        rel = path.relative_to(site).as_posix()
        page = parse(path)
        assert page.title.strip(), rel
        assert page.meta.get("description", "").strip(), rel
        expected = "https://user.github.io/repo/" + rel.removesuffix("index.html")
        assert page.canonical == expected, rel
        for key in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
            assert page.meta.get(key), (rel, key)
        assert page.meta["og:url"] == expected
        kinds = {kind for kind, _ in page.alternates}
        assert {"application/rss+xml", "application/atom+xml",
                "application/feed+json"} <= kinds, rel
    story = parse(next(site.glob("story/*/index.html")))
    assert story.meta["og:type"] == "article"
    topic = parse(site / "topics" / "defi" / "index.html")
    assert ("application/atom+xml", "../../topics/defi/atom.xml") in topic.alternates


def test_internal_links_resolve_under_a_sub_path(tmp_path: Path) -> None:
    """Map https://user.github.io/repo/<x> to site/<x> and follow every link of every page."""
    site = build_site(tmp_path)
    base = "https://user.github.io/repo/"
    missing = []
    for path in html_pages(site):
        rel = path.relative_to(site).as_posix()
        for link in parse(path).links:
            target = urljoin(base + rel, link)
            if not target.startswith("https://user.github.io/"):
                continue  # an original article elsewhere
            local = urlsplit(target).path
            assert local.startswith("/repo/"), (rel, link)
            file = site / local.removeprefix("/repo/")
            if local.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                missing.append((rel, link))
    assert missing == []


def _cards(text: str) -> list[str]:
    return re.findall(r'<h2 dir="auto"><a href="[^"]*(story/[^/]+/)index.html', text)


def test_topic_pages_are_numbered_from_the_oldest_and_chained(tmp_path: Path) -> None:
    """topics/<slug>/ shows the top stories and the newest ones; page/1/ holds the oldest
    page_size, page/2/ the next, and so on: every story of the topic is on one of them, and
    Newer/Older links walk the chain."""
    import json

    site = build_site(tmp_path, page_size=4)
    topic = site / "topics" / "defi"
    numbered = sorted((topic / "page").glob("*/index.html"), key=lambda p: int(p.parent.name))
    count = len(numbered)
    assert count >= 2 and [int(p.parent.name) for p in numbered] == list(range(1, count + 1))
    stories = json.loads((site / "stories.json").read_text(encoding="utf-8"))
    members = {s["page"].split("/repo/")[-1]: s for s in stories
               if s["topic"] == "defi" or "defi" in s["secondary_topics"]}
    front = (topic / "index.html").read_text(encoding="utf-8")
    top, _, rest = front.partition('<h2 class="group">Latest</h2>')
    top, latest = _cards(top), _cards(rest)
    assert 1 <= len(top) <= 3 and 1 <= len(latest) <= 7  # 4 to 7 newest, less the top ones
    pages = [_cards(p.read_text(encoding="utf-8")) for p in numbered]
    assert all(len(cards) == 4 for cards in pages)
    everywhere = latest + [c for cards in reversed(pages) for c in cards]
    assert len(set(everywhere)) == len(everywhere) and set(everywhere) | set(top) == set(members)
    assert 4 <= len(latest) + len(set(top) - set(everywhere)) <= 7

    def when(cards: list[str]) -> list[tuple[str, str]]:
        return [(members[c]["published"], members[c]["id"]) for c in cards]

    # Newest first on every page, and each page older than the one before it in the chain.
    assert when(everywhere) == sorted(when(everywhere), reverse=True)
    assert f'rel="next" href="../../topics/defi/page/{count}/index.html"' in front
    assert 'rel="prev"' not in front
    for number, path in enumerate(numbered, start=1):
        text = path.read_text(encoding="utf-8")
        newer = f"page/{number + 1}/index.html" if number < count else "index.html"
        assert f'rel="prev" href="../../../../topics/defi/{newer}"' in text
        assert ('rel="next"' in text) == (number > 1)
        if number > 1:
            assert f'rel="next" href="../../../../topics/defi/page/{number - 1}/index.html"' in text
        assert "Stories of " in text  # the days it covers, in place of a page number


def test_archive_has_an_index_of_days_and_a_page_per_day(demo_site: Path, demo_stories) -> None:
    days = sorted({s["published"][:10] for s in demo_stories}, reverse=True)
    index = (demo_site / "archive" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="\.\./archive/(\d{4}-\d{2}-\d{2})/index.html"', index) == days
    for day in days:
        text = (demo_site / "archive" / day / "index.html").read_text(encoding="utf-8")
        expected = {s["id"] for s in demo_stories if s["published"].startswith(day)}
        titles = [s["title"] for s in demo_stories if s["id"] in expected]
        for title in titles:
            assert title.replace("&", "&amp;").replace("'", "&#39;") in text


def test_home_shows_each_topic_then_the_rest_once(demo_site: Path) -> None:
    text = (demo_site / "index.html").read_text(encoding="utf-8")
    for name in ("DeFi", "Blockchain", "Technology", "More stories"):
        assert f">{name}<" in text
    links = re.findall(r'href="(story/[^"]+)index.html"', text)
    assert len(links) == len(set(links))


def test_dates_are_absolute_in_html_and_relative_only_in_script(demo_site: Path) -> None:
    text = (demo_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}T[\d:]+Z">\d+ \w+ \d{4}', text)
    assert " ago" not in re.sub(r"<script.*?</script>", "", text, flags=re.S)


def test_sources_page_about_page_and_404(demo_site: Path) -> None:
    sources = (demo_site / "sources" / "index.html").read_text(encoding="utf-8")
    for name in ("Block Beat", "Chain Wire", "Ledger Lens", "Protocol Post"):
        assert f">{name}<" in sources
    assert "sources.opml" in sources
    about = (demo_site / "about" / "index.html").read_text(encoding="utf-8")
    assert "<h1>About this digest</h1>" in about
    notfound = (demo_site / "404.html").read_text(encoding="utf-8")
    # GitHub Pages serves 404.html at any depth: its links are absolute from the base path
    assert 'href="/digest/static/style.css"' in notfound
    assert 'href="/digest/index.html"' in notfound


def test_sources_page_shows_health_from_the_state(tmp_path: Path) -> None:
    from digest.store import FetchOutcome, Store

    root = tmp_path / "proj"
    shutil.copytree(ROOT / "content", root / "content")
    (root / "digest.toml").write_text(
        '[[sources]]\nurl = "http://127.0.0.1:9/feed.xml"\nname = "Lost Signal"\n',
        encoding="utf-8",
    )
    state = root / "state.sqlite"
    with Store(state) as store:
        for _ in range(3):
            store.record_fetch(
                FetchOutcome(key="http://127.0.0.1:9/feed.xml", ok=False,
                             error="connection refused"), DEMO_NOW
            )
    build(load_config(root / "digest.toml"),
          BuildOptions(state_path=state, now=DEMO_NOW, offline=True))
    text = (root / "site" / "sources" / "index.html").read_text(encoding="utf-8")
    block = text.split('id="s-lost-signal"', 1)[1].split("</section>", 1)[0]
    assert "Failing: 3 runs in a row (connection refused)" in block
    opml = ET.fromstring((root / "site" / "sources.opml").read_bytes())
    lost = [o for o in opml.iter("outline") if o.get("text") == "Lost Signal"]
    assert lost and lost[0].get("xmlUrl") == "http://127.0.0.1:9/feed.xml"


def test_sitemap_robots_nojekyll_cname_and_opml(tmp_path: Path) -> None:
    site = build_site(tmp_path, cname="news.example.org")
    assert (site / ".nojekyll").is_file()
    assert (site / "CNAME").read_text(encoding="utf-8") == "news.example.org\n"
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://user.github.io/repo/sitemap.xml" in robots
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = [u.findtext(f"{ns}loc") for u in ET.fromstring((site / "sitemap.xml").read_bytes())]
    assert "https://user.github.io/repo/" in urls
    assert "https://user.github.io/repo/about/" in urls
    assert not any("404" in u for u in urls)
    stories = list(site.glob("story/*/index.html"))
    assert sum("/story/" in u for u in urls) == len(stories)
    opml = ET.fromstring((site / "sources.opml").read_bytes())
    assert opml.get("version") == "2.0"
    assert len(list(opml.iter("outline"))) >= 5
    assert not (build_site(tmp_path / "b") / "CNAME").exists()


def test_user_static_file_overrides_and_adds(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "content", root / "content")
    (root / "templates" / "static").mkdir(parents=True)
    (root / "templates" / "static" / "style.css").write_text("body{color:red}\n", "utf-8")
    (root / "templates" / "static" / "logo.svg").write_text("<svg/>\n", "utf-8")
    (root / "digest.toml").write_text('[site]\ntitle = "T"\n', encoding="utf-8")
    build(load_config(root / "digest.toml"),
          BuildOptions(state_path=tmp_path / "s.sqlite", now=DEMO_NOW))
    assert (root / "site" / "static" / "style.css").read_text("utf-8") == "body{color:red}\n"
    assert (root / "site" / "static" / "logo.svg").is_file()
    assert (root / "site" / "static" / "site.js").is_file()  # the defaults are still there


def test_search_index_and_switch(tmp_path: Path, demo_site: Path, demo_stories) -> None:
    from tests.conftest import read_search_index

    index = read_search_index(demo_site / "search-index.js")
    assert {r["t"] for r in index} == {s["title"] for s in demo_stories}
    assert (demo_site / "search" / "index.html").is_file()
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "content", root / "content")
    (root / "digest.toml").write_text("[search]\nenabled = false\n", encoding="utf-8")
    build(load_config(root / "digest.toml"),
          BuildOptions(state_path=tmp_path / "s.sqlite", now=DEMO_NOW))
    assert not (root / "site" / "search-index.js").exists()
    assert not (root / "site" / "search").exists()
    assert "search/index.html" not in (root / "site" / "index.html").read_text("utf-8")


def test_css_is_small_and_nothing_external(demo_site: Path) -> None:
    assert (demo_site / "static" / "style.css").stat().st_size < 20_000
    for path in html_pages(demo_site):
        text = path.read_text(encoding="utf-8")
        for ref in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', text):
            if 'rel="canonical"' in ref:
                continue
            assert not ref.startswith(("http:", "https:", "//")) or "/digest/" in ref, (
                path, ref
            )
        assert "__digest__" not in text  # the serve-mode reload script never lands on disk
        assert "fonts.googleapis" not in text


def test_archive_days_sort_by_time_for_any_year() -> None:
    """Day keys (and so archive paths) have four-digit years: a story from the year 999
    is not filed after 2026 (strftime writes "999-01-02" on Linux)."""
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from digest.render.site import archive_days

    when = [datetime(2026, 11, 24, 9, tzinfo=UTC), datetime(999, 1, 2, tzinfo=UTC),
            datetime(1, 1, 1, tzinfo=UTC), datetime(2026, 11, 24, 7, tzinfo=UTC)]
    days = archive_days([SimpleNamespace(published=w) for w in when])
    assert [d.key for d in days] == ["2026-11-24", "0999-01-02", "0001-01-01"]
    assert days[1].path == "archive/0999-01-02/" and len(days[0].stories) == 2
