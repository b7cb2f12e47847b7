"""A story's lead picture: the one its source names for it (a feed's media:content,
media:thumbnail or image enclosure, a JSON Feed item's image, a saved page's og:image, front
matter's image or cover) is shown above the body on the story page and in the site's feeds,
when the body shows no picture of its own. Real builds; every feed, page and post is
synthetic."""

from __future__ import annotations

import json
import re
from pathlib import Path

from digest.config import load_config
from digest.ingest.feeds import parse_feed_bytes
from digest.ingest.html import parse_page_text
from digest.util import to_utc

from .test_media import name_of, png, run, story_page

ROOT = Path(__file__).resolve().parent.parent
NOW = to_utc("2026-12-01T18:00:00Z")
MEDIA_NS = 'xmlns:media="http://search.yahoo.com/mrss/"'


def rss(items: str) -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0" {MEDIA_NS}><channel><title>Quay Post'
            f"</title><link>https://quaypost.example/</link><description>d</description>"
            f"{items}</channel></rss>").encode()


def item(n: int, title: str, extra: str, body: str = "") -> str:
    body = body or f"&lt;p&gt;{title} was reported on Tuesday by our desk.&lt;/p&gt;"
    return (f"<item><title>{title}</title><link>https://quaypost.example/{n}</link>"
            f"<pubDate>Tue, 01 Dec 2026 {8 + n:02d}:00:00 GMT</pubDate>"
            f"<description>{body}</description>{extra}</item>")


def test_a_feed_items_picture_is_read_from_media_rss_or_an_enclosure() -> None:
    items = parse_feed_bytes(rss(
        item(1, "Bridge reopens", '<media:content url="https://img.example/a.jpg" '
             'medium="image" width="1200"/>')
        + item(2, "Vault fees fall", '<media:thumbnail url="https://img.example/t.jpg"/>')
        + item(3, "Podcast episode", '<enclosure url="https://cdn.example/e.mp3" '
               'type="audio/mpeg" length="1"/><enclosure url="https://img.example/e.png" '
               'type="image/png" length="1"/>')
        + item(4, "A video", '<media:content url="https://cdn.example/v.mp4" medium="video"/>')
        + item(5, "Bad address", '<media:content url="javascript:alert(1)" medium="image"/>'
               '<media:thumbnail url="http://[x/t.jpg"/>')
        + item(6, "Picture in text", '<media:content url="https://img.example/b.jpg" '
               'medium="image"/>', "&lt;p&gt;Text.&lt;/p&gt;&lt;img src="
               "&quot;https://img.example/in.jpg&quot;&gt;")), "quay.xml")
    assert [a.image for a in items] == [
        "https://img.example/a.jpg", "https://img.example/t.jpg", "https://img.example/e.png",
        None, None, None]


def test_a_saved_pages_og_image_is_its_lead_picture() -> None:
    text = "".join(f"<p>The harbour council met on Tuesday and voted on item {n} of its list."
                   "</p>" for n in range(6))
    page = ('<html><head><title>Council votes | Quay Post</title><link rel="canonical" '
            'href="https://quaypost.example/news/council">'
            '<meta property="og:image" content="/pics/council.jpg"></head><body><article>'
            f"<h1>Council votes</h1>{text}</article></body></html>")
    assert parse_page_text(page, "p.html").image == "https://quaypost.example/pics/council.jpg"
    broken = page.replace("/pics/council.jpg", "http://[x/a.jpg")
    assert parse_page_text(broken, "p.html").image is None


def test_the_lead_picture_is_shown_on_the_page_and_in_the_feeds(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "feeds").mkdir(parents=True)
    (content / "feeds" / "quay.xml").write_bytes(rss(
        item(1, "Bridge Reopens After Audit", '<media:content url="https://img.example/a.jpg?'
             'w=1200&amp;h=800" medium="image"/>')
        + item(2, "Council Votes On Ferry Budget", "")))
    post = content / "articles" / "fees"
    post.mkdir(parents=True)
    (post / "index.md").write_text(
        "---\ntitle: Vault Fees Fell In November\ndate: 2026-12-01T10:00:00Z\n"
        "cover:\n  image: chart.png\n---\n\nVault fees fell for a third month.\n",
        encoding="utf-8")
    (post / "chart.png").write_bytes(png())
    run(tmp_path, content, now=NOW)
    site = tmp_path / "site"

    def page(start: str) -> str:
        return story_page(site, start).read_text(encoding="utf-8")

    lead = re.compile(r'<figure class="lead"><img src="([^"]+)" alt=""')
    assert lead.findall(page("bridge-reopens")) == ["https://img.example/a.jpg?w=1200&amp;h=800"]
    assert lead.findall(page("council-votes")) == []
    assert lead.findall(page("vault-fees")) == [f"../../media/{name_of(png())}"]
    assert (site / "media" / name_of(png())).read_bytes() == png()
    base = load_config(ROOT / "digest.toml").site.base_url
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "&lt;img src=&#34;https://img.example/a.jpg?w=1200&amp;amp;h=800&#34;" in feed or (
        "&lt;img src=&quot;https://img.example/a.jpg?w=1200&amp;amp;h=800&quot;" in feed)
    assert f"{base}media/{name_of(png())}" in feed
    items = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
    images = {i["title"]: i.get("image") for i in items}
    assert images["Bridge Reopens After Audit"] == "https://img.example/a.jpg?w=1200&h=800"
    assert images["Vault Fees Fell In November"] == f"{base}media/{name_of(png())}"
    assert images["Council Votes On Ferry Budget"] is None


def test_a_story_updated_well_after_it_was_published_says_so(tmp_path: Path) -> None:
    """An item changed hours after it was published shows "updated" and its time on the
    story page and in the feeds (Atom's <updated>, JSON Feed's date_modified); one edited
    minutes after (a typo) does not."""
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Quay Post'
            '</title><id>urn:quay</id><updated>2026-12-01T12:00:00Z</updated>'
            '<link href="https://quaypost.example/"/>'
            + "".join(
                f'<entry><title>{title}</title><id>urn:quay:{n}</id>'
                f'<link href="https://quaypost.example/{n}"/>'
                f"<published>2026-12-01T08:00:00Z</published><updated>{updated}</updated>"
                f'<content type="html">&lt;p&gt;{title} was reported by our desk on '
                f"Tuesday.&lt;/p&gt;</content></entry>"
                for n, title, updated in [
                    (1, "Attacker Returns Stolen Funds", "2026-12-01T11:30:00Z"),
                    (2, "Council Votes On Ferry Budget", "2026-12-01T08:05:00Z")])
            + "</feed>")
    content = tmp_path / "content"
    (content / "feeds").mkdir(parents=True)
    (content / "feeds" / "quay.atom").write_text(atom, encoding="utf-8")
    run(tmp_path, content, now=NOW)
    site = tmp_path / "site"

    def page(start: str) -> str:
        return story_page(site, start).read_text(encoding="utf-8")

    assert 'updated <time datetime="2026-12-01T11:30:00Z">' in page("attacker-returns")
    assert "updated <time" not in page("council-votes")
    feed = (site / "atom.xml").read_text(encoding="utf-8")
    assert "<updated>2026-12-01T11:30:00Z</updated>" in feed
    items = {i["title"]: i for i in json.loads(
        (site / "feed.json").read_text(encoding="utf-8"))["items"]}
    assert items["Attacker Returns Stolen Funds"]["date_modified"] == "2026-12-01T11:30:00Z"
    assert "date_modified" not in items["Council Votes On Ferry Budget"]


def test_a_storys_note_reaches_the_feeds_as_its_page_shows_it(tmp_path: Path) -> None:
    """An editor's note (here a dump's "Disclaimer:" line) is printed under the story on its
    page; the site's RSS, Atom and JSON feeds carry it too (they left it out)."""
    content = tmp_path / "content"
    (content / "scraped").mkdir(parents=True)
    (content / "scraped" / "vote.txt").write_text(
        "Markets\nHarbour Council Approves The Night Ferry Budget – Quay Post\n"
        "The harbour council approved the night ferry budget on Tuesday evening.\n"
        "The vote was seven to two, and the first crossings start in March next year.\n"
        "Disclaimer: the writer lives on the island the ferry serves.\n", encoding="utf-8")
    run(tmp_path, content, now=NOW)
    site = tmp_path / "site"
    [page] = list((site / "story").glob("*/index.html"))
    assert "the writer lives on the island" in page.read_text(encoding="utf-8")
    for feed in ("feed.xml", "atom.xml", "feed.json"):
        assert "the writer lives on the island" in (site / feed).read_text(encoding="utf-8")
