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
