"""A news aggregator's feed (Google News's shape: every item links the aggregator's redirect
page and names its publisher in <source>), built end to end: the copies of one story from
three publishers are one story of three publishers, each credited by name, and the
configured aggregator source lists the stories it found on the sources page. Every feed
here is synthetic (invented outlets and stories)."""

from __future__ import annotations

import json
from pathlib import Path

from digest.build import BuildOptions, build
from digest.config import load_config
from digest.util import to_utc

from .test_media import run

NOW = to_utc("2026-12-01T18:00:00Z")


def item(n: int, title: str, publisher: str, home: str, hour: int) -> str:
    return (f"<item><title>{title} - {publisher}</title>"
            f"<link>https://news.google.com/rss/articles/CBMi{n}xyz?oc=5</link>"
            f'<guid isPermaLink="false">CBMi{n}xyz</guid>'
            f"<pubDate>Tue, 01 Dec 2026 {hour:02d}:00:00 GMT</pubDate>"
            f"<description>{title} - {publisher}</description>"
            f'<source url="{home}">{publisher}</source></item>')


FEED = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        '<title>"restaking" - Google News</title><link>https://news.google.com/search?q=x</link>'
        "<description>Google News</description>"
        + item(1, "Kestrel Restaking Pauses Withdrawals After Oracle Fault", "The Daily Ledger",
               "https://www.dailyledger.example", 9)
        + item(2, "Kestrel restaking pauses withdrawals after oracle fault", "Quay Post",
               "https://quaypost.example", 10)
        + item(3, "Kestrel Restaking Pauses Withdrawals After Oracle Fault", "Chain Wire",
               "https://chainwire.example", 11)
        + item(4, "Harbour Council Approves Night Ferry Budget", "Quay Post",
               "https://quaypost.example", 12)
        + "</channel></rss>")


def test_an_aggregators_copies_are_one_story_of_every_publisher(tmp_path: Path) -> None:
    (tmp_path / "gnews.xml").write_text(FEED, encoding="utf-8")
    (tmp_path / "content").mkdir()
    root = Path(__file__).resolve().parent.parent
    config = (root / "digest.toml").read_text(encoding="utf-8")
    config += ('\n[[sources]]\nname = "Google News: restaking"\npath = "gnews.xml"\n')
    (tmp_path / "digest.toml").write_text(config, encoding="utf-8")
    report = build(load_config(tmp_path / "digest.toml"), BuildOptions(
        content_dir=tmp_path / "content", output_dir=tmp_path / "site",
        state_path=tmp_path / "state.sqlite", now=NOW))
    assert report.articles == 4 and report.stories == 2
    stories = json.loads((tmp_path / "site" / "stories.json").read_text(encoding="utf-8"))
    stories = stories["stories"] if isinstance(stories, dict) else stories
    kestrel = next(s for s in stories if s["title"].startswith("Kestrel"))
    assert sorted(s["name"] for s in kestrel["sources"]) == [
        "Chain Wire", "Quay Post", "The Daily Ledger"]
    assert kestrel["source_count"] == 3  # three publishers, not Google News once
    assert " - " not in kestrel["title"]  # the publisher's name is off the headline
    sources = (tmp_path / "site" / "sources" / "index.html").read_text(encoding="utf-8")
    for name in ("Google News: restaking", "The Daily Ledger", "Quay Post", "Chain Wire"):
        assert name in sources
    block = sources[sources.index("Google News: restaking"):]
    block = block[:block.index("</section>")] if "</section>" in block else block[:3000]
    assert "Kestrel" in block and "Harbour Council" in block  # the stories it found


DUMP = """Mining
Bitcoin Mining Difficulty Jumps 6% to New All-Time High | Hashrate Herald
Bitcoin's mining difficulty climbed 6.2% on Friday to a new all-time high.
The adjustment at block 935,424 came as the network's average hashrate rose above 1,100 EH/s.
Hashprice, what miners earn per petahash per day, fell to around $44 after the change.
"""
HERALD = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
          "<title>Google News</title><link>https://news.google.com/</link><description>d"
          "</description>"
          + item(9, "Bitcoin Mining Difficulty Jumps 6% to New All-Time High", "Hashrate Herald",
                 "https://hashrateherald.example", 17)
          + "</channel></rss>")


def test_an_outlets_copy_and_its_aggregator_item_are_one_outlet(tmp_path: Path) -> None:
    """A dump of an outlet's page (no address: known by the outlet's name) and the outlet's
    Google News item (known by its site) are one outlet, not "2 sources: Hashrate Herald,
    Hashrate Herald"; the story links the article through the item's address, and never
    lists the outlet as also reporting its own story."""
    content = tmp_path / "content"
    (content / "scraped").mkdir(parents=True)
    (content / "feeds").mkdir()
    (content / "scraped" / "difficulty.txt").write_text(DUMP, encoding="utf-8")
    (content / "feeds" / "gnews.xml").write_text(HERALD, encoding="utf-8")
    report = run(tmp_path, content, now=NOW)
    assert report.articles == 2 and report.stories == 1
    stories = json.loads((tmp_path / "site" / "stories.json").read_text(encoding="utf-8"))
    [story] = stories["stories"] if isinstance(stories, dict) else stories
    assert story["source_count"] == 1 and story["outlets"] == ["Hashrate Herald"]
    assert [s["name"] for s in story["sources"]] == ["Hashrate Herald"]
    assert story["url"].startswith("https://news.google.com/rss/articles/CBMi9")
    page = next((tmp_path / "site" / "story").glob("*/index.html")).read_text(encoding="utf-8")
    assert "Also reported by" not in page


def test_the_sources_page_dates_each_story_by_that_sources_own_report(tmp_path: Path) -> None:
    """A story's date is its first report's; on the sources page each outlet's entry is
    dated by its own report (Quay Post's 12:00 copy, not The Daily Ledger's 09:00)."""
    content = tmp_path / "content"
    (content / "feeds").mkdir(parents=True)
    (content / "feeds" / "gnews.xml").write_text(FEED, encoding="utf-8")
    run(tmp_path, content, now=NOW)
    page = (tmp_path / "site" / "sources" / "index.html").read_text(encoding="utf-8")

    def section(name: str) -> str:
        start = page.index(f">{name}<")
        return page[start:page.index("</section>", start)]

    assert 'datetime="2026-12-01T09:00:00Z"' in section("The Daily Ledger")
    quay = section("Quay Post")
    # its Kestrel copy at 10:00 (the story's date is 09:00), its Harbour story at 12:00
    assert 'datetime="2026-12-01T10:00:00Z"' in quay and "09:00:00Z" not in quay
    assert quay.index("Harbour Council") < quay.index("Kestrel")  # newest first


def test_an_outlet_is_listed_once_whatever_copies_of_its_story_were_read(tmp_path: Path) -> None:
    """The outlet's dump (no address, the story's text) and its own headline-only feed item
    (its real address, as a decoded Google News link also gives): one source, linked at the
    item's address (it was "Hashrate Herald, Hashrate Herald")."""
    own = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Hashrate Herald</title>'
           "<link>https://hashrateherald.example/</link><description>d</description><item>"
           "<title>Bitcoin Mining Difficulty Jumps 6% to New All-Time High</title>"
           "<link>https://hashrateherald.example/news/difficulty-jumps</link>"
           "<pubDate>Tue, 01 Dec 2026 17:00:00 GMT</pubDate></item></channel></rss>")
    content = tmp_path / "content"
    (content / "scraped").mkdir(parents=True)
    (content / "feeds").mkdir()
    dated = DUMP.replace("| Hashrate Herald\n", "| Hashrate Herald\nPublished: Dec 1, 2026, "
                         "09:00 UTC\n")  # (the first report: the story's primary)
    (content / "scraped" / "difficulty.txt").write_text(dated, encoding="utf-8")
    (content / "feeds" / "herald.xml").write_text(own, encoding="utf-8")
    report = run(tmp_path, content, now=NOW)
    assert report.stories == 1
    stories = json.loads((tmp_path / "site" / "stories.json").read_text(encoding="utf-8"))
    [story] = stories["stories"] if isinstance(stories, dict) else stories
    assert [s["name"] for s in story["sources"]] == ["Hashrate Herald"]
    assert story["url"] == "https://hashrateherald.example/news/difficulty-jumps"
