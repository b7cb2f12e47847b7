"""Feeds made for machines, read as people expect: Bluesky's "@handle - Name" channel title
names the source Name, and a release feed's bare version headlines ("v2.4.0") name their
project. Synthetic feeds written here, in the shapes those services write."""

from __future__ import annotations

from digest.config import SourceConfig
from digest.ingest.feeds import parse_feed_bytes
from digest.util import stable_id

BSKY = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>@chainwatch.bsky.social - Chain Watch</title>
<link>https://bsky.app/profile/chainwatch.bsky.social</link><description>alerts</description>
<item><link>https://bsky.app/profile/chainwatch.bsky.social/post/3kx2</link>
<description>Bridge outflows from Arbitrum reached $210M in 24 hours.</description>
<pubDate>02 Dec 2026 11:00 +0000</pubDate>
<guid isPermaLink="false">at://did:plc:abc/app.bsky.feed.post/3kx2</guid></item>
</channel></rss>"""


def release_feed(feed_title: str, *titles: str) -> bytes:
    entries = "".join(
        f"""<entry><id>tag:github.com,2008:Repository/1/{n}</id>
<updated>2026-12-01T09:00:00Z</updated>
<link rel="alternate" type="text/html" href="https://github.com/example/node/releases/tag/{n}"/>
<title>{title}</title><content type="html">&lt;p&gt;Faster block sync.&lt;/p&gt;</content>
<author><name>bot</name></author></entry>"""
        for n, title in enumerate(titles)
    )
    return (f"""<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<id>tag:github.com,2008:https://github.com/example/node/releases</id>
<link type="text/html" rel="alternate" href="https://github.com/example/node/releases"/>
<title>{feed_title}</title><updated>2026-12-01T09:00:00Z</updated>{entries}</feed>""").encode()


def test_a_bluesky_feed_is_named_by_its_display_name_and_keeps_its_ids() -> None:
    [post] = parse_feed_bytes(BSKY, "bsky.rss")
    assert post.source_name == "Chain Watch"
    assert "Chain Watch" in post.site_names
    # the id is the one the feed's own title made, as before: stories keep their ids
    guid = "at://did:plc:abc/app.bsky.feed.post/3kx2"
    assert post.id == stable_id("@chainwatch.bsky.social - Chain Watch", guid)


def test_a_name_given_in_the_settings_is_kept_as_written() -> None:
    source = SourceConfig(location="bsky.rss", name="@chainwatch.bsky.social - CW")
    [post] = parse_feed_bytes(BSKY, "bsky.rss", source)
    assert post.source_name == "@chainwatch.bsky.social - CW"


def test_release_versions_are_headed_by_their_project() -> None:
    items = parse_feed_bytes(
        release_feed("Release notes from node", "v2.4.0", "2.5.0-rc.1", "Release 1.14",
                     "Faster sync lands in 2.6"),
        "releases.atom",
    )
    assert [a.title for a in items] == [
        "node v2.4.0", "node 2.5.0-rc.1", "node Release 1.14", "Faster sync lands in 2.6",
    ]
    [tag] = parse_feed_bytes(release_feed("Tags from node", "v1.0.3"), "tags.atom")
    assert tag.title == "node v1.0.3"
    [other] = parse_feed_bytes(release_feed("geth releases", "v1.14.12"), "g.atom")
    assert other.title == "geth v1.14.12"


def test_a_version_headline_in_a_feed_of_news_is_left_alone() -> None:
    [item] = parse_feed_bytes(release_feed("Ledger Daily", "2.0"), "news.atom")
    assert item.title == "2.0"


WP_POSTS = b"""[{"id":101,"date":"2026-12-01T09:00:00","date_gmt":"2026-12-01T08:00:00",
"guid":{"rendered":"https://blog.example/?p=101"},"modified_gmt":"2026-12-01T09:30:00",
"link":"https://blog.example/2026/12/vault-fees/",
"title":{"rendered":"Vault fees cut to 0.1% &#8211; what it means"},
"content":{
"rendered":"<p>The vault&#8217;s fee fell to 0.1% after a vote.</p><p>Depositors added $40M.</p>",
"protected":false},
"excerpt":{"rendered":"<p>The vault&#8217;s fee fell.</p>\\n","protected":false}},
{"id":102,"date":"2026-12-02T09:00:00","date_gmt":"2026-12-02T08:00:00",
"guid":{"rendered":"https://blog.example/?p=102"},"link":"https://blog.example/members-only/",
"title":{"rendered":"Members only"},
"content":{"rendered":"","protected":true},
"excerpt":{"rendered":"<p>A note for members about the vault.</p>","protected":true}}]"""

RSS2JSON = b"""{"status":"ok","feed":{"url":"https://news.example/feed","title":"News Example",
"link":"https://news.example/","author":"","description":"d","image":""},
"items":[{"title":"Bridge reopens after audit","pubDate":"2026-12-01 10:00:00",
"link":"https://news.example/bridge-reopens","guid":"https://news.example/?p=9","author":"Ann",
"description":"<p>The bridge reopened.</p>",
"content":"<p>The bridge reopened after an audit found no flaw in its contracts.</p>",
"enclosure":{},"categories":["Bridges"]}]}"""


def test_wordpress_rest_api_posts_are_read_as_a_feed() -> None:
    from datetime import UTC, datetime

    first, second = parse_feed_bytes(WP_POSTS, "posts.json")
    assert first.title == "Vault fees cut to 0.1% \u2013 what it means"
    assert first.url == "https://blog.example/2026/12/vault-fees/"
    assert first.published == datetime(2026, 12, 1, 8, tzinfo=UTC)  # date_gmt, in UTC
    assert first.updated == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    assert "Depositors added $40M." in first.body_html
    assert first.source_name == "blog.example"
    # a password-protected post: its excerpt is all there is to show
    assert "A note for members" in second.body_html
    [one] = parse_feed_bytes(WP_POSTS[1:WP_POSTS.index(b"},\n{") + 1], "post.json")
    assert one.title.startswith("Vault fees")  # /posts/101: one post, not a list


def test_rss2json_output_is_read_as_a_feed() -> None:
    from datetime import UTC, datetime

    [item] = parse_feed_bytes(RSS2JSON, "r2j.json")
    assert (item.title, item.source_name, item.author) == (
        "Bridge reopens after audit", "News Example", "Ann")
    assert item.published == datetime(2026, 12, 1, 10, tzinfo=UTC)
    assert "no flaw in its contracts" in item.body_html
    assert item.tags == ("Bridges",)


def test_other_json_is_still_not_a_feed() -> None:
    import pytest

    from digest.errors import DigestError

    with pytest.raises(DigestError, match="not a JSON Feed"):
        parse_feed_bytes(b'[{"title": "x", "link": "https://a.example/"}]', "other.json")


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example/2026/12/02/bridge-reopens</loc>
    <news:news>
      <news:publication><news:name>News Example</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2026-12-02T10:15:00+01:00</news:publication_date>
      <news:title>Bridge reopens after audit finds no flaw</news:title>
      <news:keywords>bridges, audits</news:keywords>
    </news:news></url>
  <url><loc>https://news.example/about</loc></url>
</urlset>"""


def test_a_news_sitemap_gives_headline_items() -> None:
    from datetime import UTC, datetime

    [item] = parse_feed_bytes(NEWS_SITEMAP, "news-sitemap.xml")
    assert item.title == "Bridge reopens after audit finds no flaw"
    assert item.url == "https://news.example/2026/12/02/bridge-reopens"
    assert item.source_name == "News Example"
    assert item.published == datetime(2026, 12, 2, 9, 15, tzinfo=UTC)
    assert item.tags == ("bridges", "audits")


def test_sitemaps_without_news_say_they_are_not_feeds() -> None:
    import pytest

    from digest.errors import DigestError

    plain = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<url><loc>https://a.example/x</loc></url></urlset>")
    with pytest.raises(DigestError, match="sitemap of 1 page without news titles"):
        parse_feed_bytes(plain, "sitemap.xml")
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
             b"<loc>https://a.example/s1.xml</loc></sitemap></sitemapindex>")
    with pytest.raises(DigestError, match="sitemap index"):
        parse_feed_bytes(index, "sitemap_index.xml")


def test_a_saved_web_page_among_the_feeds_names_the_feed_it_announces() -> None:
    import pytest

    from digest.errors import DigestError

    page = (b'<!DOCTYPE html><html><head><title>Ledger</title><link rel="alternate" '
            b'type="application/rss+xml" href="https://ledger.example/feed/"></head>'
            b"<body><p>Hi<br></body></html>")
    with pytest.raises(DigestError) as caught:
        parse_feed_bytes(page, "ledger.xml")
    assert "the feed it announces is https://ledger.example/feed/" in caught.value.problem
    assert '[[sources]] url = "https://ledger.example/feed/"' in caught.value.fix
    with pytest.raises(DigestError, match="not a readable RSS/Atom feed|no RSS"):
        parse_feed_bytes(b"<!DOCTYPE html><html><body><p>No feed here<br></body></html>", "x.xml")
