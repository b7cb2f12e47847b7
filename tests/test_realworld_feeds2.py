"""More shapes that real feeds take and the other feed tests do not hold: links wrapped in a
redirector's (Google Alerts), an empty <link/> beside a permalink <guid>, a body of loose
inline markup (Hacker News's "Comments" link), Unix times and RFC 850 two-digit years as
dates, Atom's out-of-line content, and a JSON Feed item with only a summary. Every fixture
here is written for this file: the outlets, addresses and text are made up."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from digest.cache import prepare_plain
from digest.config import LimitsConfig
from digest.ingest.dates import loose_date
from digest.ingest.feeds import parse_feed_bytes
from digest.model import Article
from digest.util import stable_id


def _rss(items: str, title: str = "Desk") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        f"<title>{title}</title><link>https://desk.example/</link><description>d</description>"
        f"{items}</channel></rss>"
    ).encode()


def _atom(entries: str, title: str = "Blog") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>{title}</title><link href="https://blog.example/"/><id>tag:blog.example,2026:f'
        f"</id><updated>2026-11-20T10:00:00Z</updated>{entries}</feed>"
    ).encode()


def _prepared(feed: bytes, name: str = "f.xml") -> list[Article]:
    return prepare_plain(parse_feed_bytes(feed, name), LimitsConfig(), None)[0]


# ------------------------------------------------------------------ links


@pytest.mark.parametrize(
    ("wrapped", "real"),
    [
        # Google Alerts (and Google search results): the address in "url"
        ("https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://ledger.example/news/vote"
         "%3Fref%3Dalert&amp;ct=ga&amp;cd=CAIyZz&amp;usg=AOvVaw1x",
         "https://ledger.example/news/vote?ref=alert"),
        ("https://google.co.uk/url?q=https%3A%2F%2Fledger.example%2Fa&amp;sa=U",
         "https://ledger.example/a"),
        ("https://www.bing.com/news/apiclick.aspx?ref=FexRss&amp;aid=&amp;tid=1"
         "&amp;url=https%3a%2f%2fledger.example%2fb&amp;c=1", "https://ledger.example/b"),
        ("https://l.facebook.com/l.php?u=https%3A%2F%2Fledger.example%2Fc&amp;h=AT0",
         "https://ledger.example/c"),
    ],
    ids=["google-alerts", "google-search", "bing-news", "facebook"],
)
def test_a_redirectors_link_leads_to_the_address_it_wraps(wrapped: str, real: str) -> None:
    """Every item of a Google Alerts feed linked to google.com: the publisher's page was
    neither linked nor known to dedupe. The id stays the one the guid gives."""
    feed = _atom(f"""<entry><id>tag:alerts.example,2013:feed:1</id>
<title type="html">Validators vote on &lt;b&gt;staking&lt;/b&gt; rewards</title>
<link href="{wrapped}"/><published>2026-11-20T09:00:00Z</published>
<updated>2026-11-20T09:00:00Z</updated><content type="html">The vote on &lt;b&gt;staking
&lt;/b&gt; rewards closes on Friday, operators say &lt;b&gt;...&lt;/b&gt;</content>
<author><name></name></author></entry>""", title="Alert - staking")
    [article] = parse_feed_bytes(feed, "alerts.atom")
    assert article.url == real
    assert article.id == stable_id("Alert - staking", "tag:alerts.example,2013:feed:1")


def test_an_unwrapped_link_keeps_its_id_and_look_alikes_stay() -> None:
    """An item without a guid is known by its link as the feed gives it: its id, so its
    story's address, does not move when the link is unwrapped. Links that only look like a
    redirector's (another host, another path, no web address inside) stay as they are."""
    wrapped = "https://www.google.com/url?sa=t&url=https://ledger.example/d&usg=AOv"
    look_alikes = ["https://www.google.com/url?sa=t&url=ftp://x.example/",
                   "https://google.example/url?url=https://ledger.example/b",
                   "https://www.google.com/search?q=https://ledger.example/c"]
    feed = _rss("".join(
        f"<item><title>T{i}</title><link>{link.replace('&', '&amp;')}</link>"
        f"<description>Text {i}.</description></item>"
        for i, link in enumerate([wrapped, *look_alikes])))
    unwrapped, *kept = parse_feed_bytes(feed, "f.xml")
    assert unwrapped.url == "https://ledger.example/d"
    assert unwrapped.id == stable_id("Desk", wrapped)
    assert [a.url for a in kept] == look_alikes


@pytest.mark.parametrize("empty", ["<link/>", "<link />", "<link></link>", "<link>\n  </link>"])
def test_an_empty_link_element_leaves_the_guid_as_the_items_address(empty: str) -> None:
    """Some CMSs write <link/> for every item, filled or not. feedparser took the empty one
    for the link, so a permalink <guid> (RSS: one unless isPermaLink="false") was not, and
    the item had no address at all."""
    feed = _rss(
        f"<item><title>Fees fall</title>{empty}<guid>https://desk.example/news/fees-fall</guid>"
        "<description>Fees fell.</description></item>"
        f'<item><title>Not a permalink</title>{empty}<guid isPermaLink="false">'
        "https://desk.example/?p=77</guid><description>Not linked.</description></item>"
        '<item><title>Atom link</title><atom:link rel="self" href="https://desk.example/i.xml"/>'
        "<link>https://desk.example/news/atom-link</link><description>x</description></item>"
    )
    permalink, not_one, atom = parse_feed_bytes(feed, "f.xml")
    assert permalink.url == "https://desk.example/news/fees-fall"
    assert permalink.id == stable_id("Desk", "https://desk.example/news/fees-fall")
    assert not_one.url is None
    assert atom.url == "https://desk.example/news/atom-link"


def test_atom_out_of_line_content_is_the_entrys_link() -> None:
    """<content type="text/html" src="..."/> (RFC 4287, 4.1.3.2) and no alternate link: the
    content's address is the entry's page; it had none."""
    feed = _atom(
        '<entry><title>Out of line</title><id>tag:blog.example,2026:1</id>'
        '<updated>2026-11-20T10:00:00Z</updated><content type="text/html" '
        'src="/posts/out-of-line"/><summary>Where the post is.</summary></entry>'
        '<entry><title>Image</title><id>tag:blog.example,2026:2</id>'
        '<updated>2026-11-20T10:00:00Z</updated><content type="image/png" '
        'src="https://blog.example/i.png"/><summary>A chart.</summary></entry>'
    )
    page, image = parse_feed_bytes(feed, "b.atom")
    assert page.url == "https://blog.example/posts/out-of-line"
    assert page.id == stable_id("Blog", "tag:blog.example,2026:1")
    assert image.url is None  # a picture is no page to read the entry on


# ------------------------------------------------------------------ bodies


def test_a_body_of_loose_inline_markup_is_judged_as_paragraphs() -> None:
    """Hacker News's feed: the description is only '<a href="...">Comments</a>', no <p>.
    Loose text is no block the clean stage judges, so "Comments" was the story's text and
    summary. A body with only inline markup is paragraphs, one a blank line apart."""
    feed = _rss(
        "<item><title>Show: a tiny ledger in one file</title>"
        "<link>https://ledger.example/tiny</link>"
        "<comments>https://forum.example/item?id=42</comments><description><![CDATA["
        '<a href="https://forum.example/item?id=42">Comments</a>]]></description></item>'
        "<item><title>Two parts</title><link>https://desk.example/two</link>"
        "<description><![CDATA[Fees <b>fell</b> by half in a month.\n\nThe <a "
        'href="https://desk.example/q">queue</a> cleared by Friday.]]></description></item>'
    )
    link, prose = _prepared(feed)
    assert link.paragraphs == () and link.summary == ""
    assert prose.paragraphs == ("Fees fell by half in a month.", "The queue cleared by Friday.")
    assert "<b>fell</b>" in prose.body_html and 'href="https://desk.example/q"' in prose.body_html


def test_a_json_feed_item_with_only_a_summary_has_it_as_its_text() -> None:
    """The spec asks for content_html or content_text; some publishers give a summary only.
    Its text was no paragraph (an RSS item's only <description> is the body)."""
    doc = {"version": "https://jsonfeed.org/version/1", "title": "Letters",
           "items": [{"id": "s1", "url": "https://letters.example/s1", "title": "Summary only",
                      "summary": "Fees fell by half.\n\nQueues cleared."},
                     {"title": "No id", "summary": "Only words."}]}
    first, second = _prepared(json.dumps(doc).encode(), "l.json")
    assert first.paragraphs == ("Fees fell by half.", "Queues cleared.")
    # an item without id or url keeps the id its (empty) content gave it
    assert second.id == stable_id("Letters", "No id\n")


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("1796288700", datetime(2026, 12, 3, 9, 5, tzinfo=UTC)),
        ("1796288700000", datetime(2026, 12, 3, 9, 5, tzinfo=UTC)),
        (" 1796288700.25 ", datetime(2026, 12, 3, 9, 5, tzinfo=UTC)),
        ("179628870", None),  # 1975: no Unix time a feed item has
        ("123456789012345", None),
    ],
)
def test_a_unix_time_as_a_date_is_read_not_taken_for_a_year(
    written: str, utc: datetime | None
) -> None:
    """feedparser read "1796288700" as a day of the year 1796."""
    feed = _rss(f"<item><title>T</title><link>https://desk.example/t</link>"
                f"<pubDate>{written}</pubDate><description>x</description></item>")
    [article] = parse_feed_bytes(feed, "f.xml")
    assert article.published == utc


def test_a_json_feed_date_written_as_a_unix_time_is_read() -> None:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
        {"id": "1", "title": "A", "content_text": "x", "date_published": 1796288700},
        {"id": "2", "title": "B", "content_text": "x", "date_modified": "1796288700000"}]}
    first, second = parse_feed_bytes(json.dumps(doc).encode(), "j.json")
    assert first.published == second.published == datetime(2026, 12, 3, 9, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("Thursday, 03-Dec-26 09:05:00 GMT", datetime(2026, 12, 3, 9, 5, tzinfo=UTC)),
        ("Thu, 03-Dec-26 09:05:00 +0530", datetime(2026, 12, 3, 3, 35, tzinfo=UTC)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC)),
        ("Do, 03-Dez-26 09:05:00 MEZ", datetime(2026, 12, 3, 8, 5, tzinfo=UTC)),
    ],
)
def test_rfc_850_dates_with_two_digit_years_are_read(written: str, utc: datetime) -> None:
    """RFC 850's "Weekday, DD-Mon-YY" (old servers, some feed generators) was no date to
    feedparser nor to the fallback, which wanted a four-digit year: the item was dated by
    when it was first seen."""
    feed = _rss(f"<item><title>T</title><link>https://desk.example/t</link>"
                f"<pubDate>{written}</pubDate><description>x</description></item>")
    [article] = parse_feed_bytes(feed, "f.xml")
    assert article.published == utc


def test_two_digit_years_are_read_in_feed_dates_only() -> None:
    """In a line of text "3 Dec 26" may be anything: the reader the clean stage uses for
    datelines still wants a four-digit year."""
    assert loose_date("Top 3 Dec 26 picks") is None
    assert loose_date("Top 3 Dec 26 picks", short_year=True) == datetime(2026, 12, 3, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("Thu, 03 Dec 2026 09:05:00 UTC+0530", datetime(2026, 12, 3, 3, 35, tzinfo=UTC)),
        ("Thu, 03 Dec 2026 09:05:00 GMT+05:30", datetime(2026, 12, 3, 3, 35, tzinfo=UTC)),
        ("Thu, 03 Dec 2026 09:05:00 GMT-0800", datetime(2026, 12, 3, 17, 5, tzinfo=UTC)),
        ("20261203T090500Z", datetime(2026, 12, 3, 9, 5, tzinfo=UTC)),
        ("20261203T0905+0100", datetime(2026, 12, 3, 8, 5, tzinfo=UTC)),
    ],
)
def test_a_zone_name_with_an_offset_and_iso_basic_dates_keep_their_time(
    written: str, utc: datetime
) -> None:
    """feedparser reads "UTC+0530" as UTC (five and a half hours off) and ISO 8601's basic
    "20261203T090500Z" as midnight."""
    feed = _rss(f"<item><title>T</title><link>https://desk.example/t</link>"
                f"<pubDate>{written}</pubDate><description>x</description></item>")
    [article] = parse_feed_bytes(feed, "f.xml")
    assert article.published == utc


def test_an_item_dated_only_by_dcterms_created_has_that_date() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/">'
        b"<channel><title>Archive</title><link>https://archive.example/</link>"
        b"<description>d</description><item><title>Deposit</title>"
        b"<link>https://archive.example/d/1</link>"
        b"<dcterms:created>2026-12-03T09:05:00Z</dcterms:created>"
        b"<description>x</description></item></channel></rss>"
    )
    [article] = parse_feed_bytes(feed, "f.xml")
    assert article.published == datetime(2026, 12, 3, 9, 5, tzinfo=UTC)


def test_a_json_feed_file_saved_with_a_byte_order_mark_is_read() -> None:
    """Notepad and some exporters write a UTF-8 BOM first: the file was taken for XML."""
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
        {"id": "1", "url": "https://j.example/1", "title": "Validators ship the upgrade",
         "content_text": "The upgrade went live on Tuesday."}]}
    data = b"\xef\xbb\xbf" + json.dumps(doc).encode()
    [article] = parse_feed_bytes(data, "feed.json")
    assert article.title == "Validators ship the upgrade"
