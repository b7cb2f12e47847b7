"""Malformed URLs in real-world inputs ("http://[x", an unclosed IPv6 bracket, a port that is
no number) make Python's URL functions raise ValueError. They must cost the link only: never
the build, never the input file, never the item."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.build import BuildOptions, build
from digest.config import load_config
from digest.dedupe import canonical_from_html, url_key
from digest.fetch import discover_feed
from digest.model import BuildReport

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
BAD = ["http://[broken/x", "https://[::1/y", "http://news.example:port/z", "http://a]b/c"]
BODY = (
    "Turbine makers said orders were flat in the quarter, citing delays in grid connections "
    "that have left finished projects waiting for months."
)


def _build(tmp_path: Path, notices: list[str] | None = None) -> tuple[BuildReport, list]:
    """Build ``tmp_path/content`` offline into ``tmp_path/site``: the report, and the
    stories of its stories.json."""
    report = build(load_config(None), BuildOptions(
        content_dir=tmp_path / "content", output_dir=tmp_path / "site",
        state_path=tmp_path / "s.sqlite", now=NOW, offline=True,
        on_notice=notices.append if notices is not None else None,
    ))
    stories = json.loads((tmp_path / "site" / "stories.json").read_text(encoding="utf-8"))
    return report, stories


def _markdown(folder: Path, name: str, title: str, url: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(
        f'---\ntitle: "{title}"\ndate: 2026-11-23T09:00:00Z\nsource: Desk {name}\n'
        f'url: "{url}"\n---\n\n{body}\n',
        encoding="utf-8",
    )


def _inputs(content: Path) -> list[str]:
    """Inputs in every format, each with malformed URLs in its items' links and bodies;
    returns the headlines that must all be in the site."""
    titles = []
    for index, bad in enumerate(BAD):
        title = f"Markdown story {index} about wind turbine orders"
        _markdown(content / "articles", f"m{index}", title, bad,
                  f"{BODY} [Read more]({bad}/more) ![chart]({bad}/c.png) {index}")
        titles.append(title)
    feeds = content / "feeds"
    feeds.mkdir(parents=True)
    items = [
        {"id": f"j{i}", "url": bad, "title": f"JSON item {i} on grid capacity auctions",
         "content_html": f'<p>{BODY} {i}</p><p><a href="{bad}">link</a> <img src="{bad}"></p>',
         "date_published": "2026-11-23T10:00:00Z"}
        for i, bad in enumerate(BAD)
    ]
    items.append({"id": "ok", "url": "/fine", "title": "JSON item with a good relative link",
                  "content_text": BODY, "date_published": "2026-11-23T10:30:00Z"})
    (feeds / "bad.json").write_text(json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Bad Links Weekly",
        "home_page_url": "https://badlinks.example/", "items": items,
    }), encoding="utf-8")
    titles += [item["title"] for item in items]
    rss_items = "".join(
        f"<item><title>RSS item {i} on transformer shortages</title><link>{bad}</link>"
        f"<guid isPermaLink=\"false\">r{i}</guid><pubDate>Mon, 23 Nov 2026 11:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;{BODY} {i} &lt;a href=\"{bad}\"&gt;x&lt;/a&gt;&lt;/p&gt;"
        f"</description></item>"
        for i, bad in enumerate(BAD)
    )
    (feeds / "bad.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Bad RSS</title>'
        f"<link>https://badrss.example/</link><description>d</description>{rss_items}"
        "</channel></rss>", encoding="utf-8")
    titles += [f"RSS item {i} on transformer shortages" for i in range(len(BAD))]
    entries = "".join(
        f'<entry><title>Atom entry {i} on cable factories</title><id>urn:a:{i}</id>'
        f'<link rel="alternate" href="{bad}"/><link rel="canonical" href="{bad}/canon"/>'
        f"<updated>2026-11-23T12:00:00Z</updated>"
        f'<content type="html">&lt;p&gt;{BODY} {i}&lt;/p&gt;</content></entry>'
        for i, bad in enumerate(BAD)
    )
    (feeds / "bad.atom").write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Bad Atom</title>'
        f'<id>urn:bad</id><updated>2026-11-23T12:00:00Z</updated>{entries}</feed>',
        encoding="utf-8")
    titles += [f"Atom entry {i} on cable factories" for i in range(len(BAD))]
    scraped = content / "scraped"
    scraped.mkdir(parents=True)
    for i, bad in enumerate(BAD):
        (scraped / f"s{i}.txt").write_text(
            f"Energy\nScraped report {i} on substation permits - Scrapes\n"
            f"Permits for new substations are taking longer.\n{BODY} {i}\n", encoding="utf-8")
        (scraped / f"s{i}.meta.toml").write_text(
            f'url = "{bad}"\npublished = "2026-11-23T13:00:00+00:00"\nsource = "Scrapes"\n',
            encoding="utf-8")
        titles.append(f"Scraped report {i} on substation permits")
    return titles


def test_malformed_urls_cost_the_link_not_the_item_or_the_build(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    titles = _inputs(content)
    notices: list[str] = []
    report, stories = _build(tmp_path, notices)
    assert report.problems == []  # no input failed
    built = {s["title"] for s in stories}
    assert set(titles) <= built, sorted(set(titles) - built)
    for story in stories:  # a malformed link is dropped: the story links to its own page
        for url in [story["url"], *(s["url"] for s in story["sources"] if s["url"])]:
            assert not any(bad in url for bad in BAD), (story["title"], url)
    good = next(s for s in stories if s["title"] == "JSON item with a good relative link")
    assert good["url"] == "https://badlinks.example/fine"
    assert any("malformed host" in n for n in notices), notices
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))
    assert "[broken" not in pages and "[::1/y" not in pages and ":port/" not in pages
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception ignored" not in err, err


@pytest.mark.parametrize("bad", BAD)
def test_url_helpers_never_raise_on_a_malformed_url(bad: str) -> None:
    assert url_key(bad) in (bad, bad.replace("http://", "https://"))  # compared as it is
    html = f'<link rel="canonical" href="{bad}">'
    bracket = "[" in bad or "]" in bad  # these raise; a bad port is dropped (canonical_url)
    found = canonical_from_html(html, "https://site.example/")
    assert found is None if bracket else found == "http://news.example/z"
    found = canonical_from_html('<link rel="canonical" href="/a">', bad)  # a bad base
    assert found is None if bracket else found == "http://news.example/a"
    page = f'<link rel="alternate" type="application/rss+xml" href="{bad}">'
    found = discover_feed(page.encode(), "https://site.example/")
    assert found is None if bracket else found == bad  # the fetch of it fails, reported


def test_an_atom_feed_without_a_link_has_no_home_and_no_notice(tmp_path: Path) -> None:
    """feedparser gives an Atom feed with no <link> its id as its link ("urn:..."): that is
    no home page, and not a link every item of the feed should be told off for."""
    feeds = tmp_path / "content" / "feeds"
    feeds.mkdir(parents=True)
    (feeds / "nolink.atom").write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>No Link</title>'
        "<id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>"
        "<updated>2026-11-23T12:00:00Z</updated>"
        + "".join(
            f'<entry><title>Entry {i} about signal boxes on the line</title><id>urn:e:{i}</id>'
            f'<link href="https://nolink.example/{i}"/><updated>2026-11-23T12:00:00Z</updated>'
            f'<content type="html">&lt;p&gt;{BODY} {i}&lt;/p&gt;</content></entry>'
            for i in range(3)
        )
        + "</feed>", encoding="utf-8")
    notices: list[str] = []
    report, stories = _build(tmp_path, notices)
    assert report.problems == [] and report.stories == 3
    assert not any("absolute http(s) URL" in n for n in notices), notices
    assert {s["url"] for s in stories} == {f"https://nolink.example/{i}" for i in range(3)}
    assert all(not (s["sources"][0]["url"] or "").startswith("urn:") for s in stories)


def test_relative_links_in_a_feed_point_into_its_site_or_nowhere(tmp_path: Path) -> None:
    """A feed read from a file has no address: its items' relative links ("/news/1") are
    resolved against its site's address (its <link>), and so are the links in their bodies.
    A relative link that nothing resolves is dropped (its text kept): on this site it would
    point into this site."""
    feeds = tmp_path / "content" / "feeds"
    feeds.mkdir(parents=True)
    (feeds / "rel.atom").write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Rel</title>'
        '<id>urn:rel</id><link href="https://rel.example/"/>'
        "<updated>2026-11-23T12:00:00Z</updated><entry><title>Pier history told again"
        '</title><id>urn:rel:1</id><link href="/news/1"/><updated>2026-11-23T12:00:00Z'
        '</updated><content type="html">&lt;p&gt;The pier and its &lt;a href="/pier"&gt;'
        "history&lt;/a&gt;, with a &lt;img src=\"/i.jpg\" alt=\"chart\"&gt; chart. "
        f"{BODY}&lt;/p&gt;</content></entry></feed>", encoding="utf-8")
    (feeds / "nohome.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>No Home</title>'
        "<description>d</description><item><title>Lock keepers change shifts</title>"
        "<link>/items/7</link><guid>n7</guid><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate>"
        '<description>&lt;p&gt;Read the &lt;a href="/rota"&gt;rota&lt;/a&gt; and the '
        '&lt;a href="#notes"&gt;notes&lt;/a&gt;. Keepers on the lower canal swap shifts '
        "at dawn from next week, and the rota lists who opens each gate.&lt;/p&gt;"
        "</description></item>"
        "</channel></rss>", encoding="utf-8")
    _report, stories = _build(tmp_path)
    urls = {s["title"]: s["url"] for s in stories}
    assert len(urls) == 2
    assert urls["Pier history told again"] == "https://rel.example/news/1"
    assert "/items/7" not in urls["Lock keepers change shifts"]  # no site: its own page
    site = tmp_path / "site"
    pier = next(site.glob("story/pier-history-told-again-*/index.html")).read_text("utf-8")
    assert '<a href="https://rel.example/pier"' in pier
    assert 'src="https://rel.example/i.jpg"' in pier
    lock = next(site.glob("story/lock-keepers-change-shifts-*/index.html")).read_text("utf-8")
    assert 'href="/rota"' not in lock and 'href="#notes"' not in lock
    assert re.search(r"Read the <a [^>]*>rota</a> and the <a [^>]*>notes</a>\.", lock)
    assert not re.search(r"<a [^>]*href[^>]*>(rota|notes)<", lock)  # text kept, no link


@pytest.mark.parametrize("bad", BAD)
def test_a_malformed_home_link_or_enclosure_costs_nothing_but_the_link(bad: str) -> None:
    """The newer per-feed checks (a Tumblr home, an arXiv link, a podcast's enclosure as its
    address) read hosts too: a malformed one must not cost the feed."""
    from digest.ingest.feeds import parse_feed_bytes

    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Cast</title>'
            f"<link>{bad}</link>"
            f'<item><title>Episode one</title><guid>e1</guid><enclosure url="{bad}.mp3" '
            f'type="audio/mpeg" length="1"/><description>{BODY}</description></item>'
            f'<item><title>Episode two</title><guid>e2</guid><enclosure url="/ep[2.mp3" '
            f'type="audio/mpeg" length="1"/><description>{BODY}</description></item>'
            f"<item><title>A post</title><link>{bad}/post</link>"
            f"<description>{BODY}</description></item></channel></rss>").encode()
    articles = parse_feed_bytes(feed, "cast.xml")
    assert [a.title for a in articles] == ["Episode one", "Episode two", "A post"]


@pytest.mark.parametrize("bad", BAD)
def test_a_malformed_address_in_a_news_sitemap_or_wordpress_posts_costs_its_item_only(
        bad: str) -> None:
    """A Google News sitemap's <loc> and a WordPress REST post's link name the site's home
    too: a malformed one costs that home, not the file."""
    from digest.ingest.feeds import parse_feed_bytes

    news = ('<url><loc>{}</loc><news:news><news:publication><news:name>Quay Post</news:name>'
            "</news:publication><news:title>{}</news:title></news:news></url>")
    sitemap = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
               ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
               + news.format(bad, "Ferry fares rise") + news.format("https://quay.example/b",
                                                                     "Harbour opens")
               + "</urlset>").encode()
    articles = parse_feed_bytes(sitemap, "news-sitemap.xml")
    assert [a.title for a in articles] == ["Ferry fares rise", "Harbour opens"]
    assert articles[1].source_home == "https://quay.example/"
    posts = json.dumps([{"id": 1, "guid": {"rendered": "p1"}, "link": bad,
                         "title": {"rendered": "Ferry fares rise"},
                         "content": {"rendered": f"<p>{BODY}</p>"}, "excerpt": {"rendered": ""},
                         "date_gmt": "2026-11-20T10:00:00"}]).encode()
    [post] = parse_feed_bytes(posts, "posts.json")
    assert post.title == "Ferry fares rise"
