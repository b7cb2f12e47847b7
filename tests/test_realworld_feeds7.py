# ruff: noqa: E501  (an item a line)
"""Google News feeds and WordPress/Ghost page widgets, as a reviewer's crypto digest met
them: a Google News item's description is a list of other outlets' headlines ("full
coverage"), not a text; its older links hold the publisher's address; a search feed is
named after its query; WordPress's button blocks and Ghost's call-to-action card are the
page's, not the post's.

Every feed here is synthetic, in the shape those services write (element names, classes,
the protobuf of Google's ids), with invented outlets and ``.example`` addresses."""

from __future__ import annotations

import base64
import time

import pytest

from digest.ingest.feeds import _aggregator_original, _headlines_only, parse_feed_bytes
from digest.util import stable_id
from tests.test_realworld_feeds4 import _read, _rss

CONTENT_NS = 'xmlns:content="http://purl.org/rss/1.0/modules/content/"'


def _google_id(url: str, prefix: bytes = b"\x08\x13\x22", tail: bytes = b"\xd2\x01\x00") -> str:
    """An article id as Google News's older feeds write it: a protobuf message (field 1
    a number, field 4 the publisher's address, then an empty AMP field), base64url."""
    raw = url.encode()
    size = bytes([len(raw)]) if len(raw) < 128 else bytes([len(raw) & 0x7F | 0x80, len(raw) >> 7])
    return base64.urlsafe_b64encode(prefix + size + raw + tail).decode().rstrip("=")


LEDGER = "https://ledger.example/2026/12/01/halcyon-pauses-its-bridge/"
OLD_ID = _google_id(LEDGER)
# a newer id: the field holds an encrypted token, no address
NEW_ID = _google_id("AU_yqLPx7Qm2ZbTn0kVq9sHd4eJw1Rc8uYgA5fLtXo3iNvB6", tail=b"")


def _cluster(*reports: tuple[str, str, str], full_coverage: bool = True) -> str:
    """Google News's description of a story many outlets ran: an <ol> of (id, headline,
    outlet), the last item its "View Full Coverage" link; escaped, as the feed has it."""
    items = "".join(
        f'<li><a href="https://news.google.example/rss/articles/{gid}?oc=5" target="_blank">{head}</a>'
        f'&nbsp;&nbsp;<font color="#6f6f6f">{outlet}</font></li>'
        for gid, head, outlet in reports)
    if full_coverage:
        items += ('<li><strong><a href="https://news.google.example/stories/CAAqNggKIjBDQklTSGpv?oc=5" '
                  'target="_blank">View Full Coverage on Google News</a></strong></li>')
    return f"<ol>{items}</ol>".replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _google_item(title: str, gid: str, description: str, outlet: str, home: str) -> str:
    return (f"<item><title>{title}</title>"
            f"<link>https://news.google.example/rss/articles/{gid}?oc=5</link>"
            f'<guid isPermaLink="false">{gid}</guid><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate>'
            f'<description>{description}</description><source url="{home}">{outlet}</source></item>')


SINGLE = (f'&lt;a href="https://news.google.example/rss/articles/{NEW_ID}?oc=5" target="_blank"&gt;'
          'Stablecoin issuer publishes its reserve audit&lt;/a&gt;&amp;nbsp;&amp;nbsp;'
          '&lt;font color="#6f6f6f"&gt;Coin Wire&lt;/font&gt;')

GOOGLE_NEWS = _rss(
    '<title>"halcyon finance" OR stablecoin - Google News</title>'
    "<link>https://news.google.example/search?q=halcyon</link><description>Google News</description>",
    _google_item("Halcyon pauses its bridge after a faulty upgrade - The Daily Ledger", OLD_ID,
                 _cluster((OLD_ID, "Halcyon pauses its bridge after a faulty upgrade", "The Daily Ledger"),
                          (NEW_ID, "Bridge halted as Halcyon reviews the upgrade", "Coin Wire"),
                          (_google_id("https://blockpost.example/news/halcyon-bridge"),
                           "What the Halcyon pause means for stakers", "Block Post Weekly")),
                 "The Daily Ledger", "https://ledger.example")
    + _google_item("Stablecoin issuer publishes its reserve audit - Coin Wire", NEW_ID, SINGLE,
                   "Coin Wire", "https://coinwire.example"),
)


def test_a_google_news_cluster_is_no_text_the_item_is_headline_only() -> None:
    cluster, single = _read(GOOGLE_NEWS, "google.xml")
    for item in (cluster, single):
        assert item.paragraphs == () and item.summary == "" and item.body_html == ""
    # the headline and the <source> stay
    assert cluster.title == "Halcyon pauses its bridge after a faulty upgrade"
    assert cluster.source_name == "The Daily Ledger"
    assert single.title == "Stablecoin issuer publishes its reserve audit"
    assert single.source_name == "Coin Wire" and single.source_home == "https://coinwire.example/"
    # other outlets' headlines are nowhere in the item (dedupe and topics read these)
    raw = parse_feed_bytes(GOOGLE_NEWS, "google.xml")
    assert all("Bridge halted" not in a.body_html + a.summary for a in raw)


def test_an_older_google_news_link_leads_to_the_publishers_article() -> None:
    cluster, single = _read(GOOGLE_NEWS, "google.xml")
    assert cluster.url == LEDGER
    # credited as before: the <source> is the publisher whose address the link held
    assert cluster.source_name == "The Daily Ledger"
    assert cluster.source_home == "https://ledger.example/"
    # a newer (encrypted) id: the redirect stays
    assert single.url == f"https://news.google.example/rss/articles/{NEW_ID}?oc=5"
    # the ids stay the ones the guids made (the stories keep their addresses)
    raw = parse_feed_bytes(GOOGLE_NEWS, "google.xml")
    assert raw[0].id == stable_id('"halcyon finance" OR stablecoin - Google News', OLD_ID)


@pytest.mark.parametrize("link", [
    "https://news.google.example/rss/articles/CBMi",  # too short
    "https://news.google.example/rss/articles/CBMiAAAA?oc=5",  # no address in it
    "https://news.google.example/rss/articles/CBMiQ",  # a length base64 has no reading of
    "https://news.google.example/rss/articles/C" + "A" * 5000,  # longer than any id
    "https://news.google.example/rss/articles/" + _google_id("javascript:alert(1)"),
    "https://news.google.example/rss/articles/" + _google_id("https://"),  # no host
    "https://news.google.example/rss/articles/" + _google_id("https://a.example/\x01x"),
    "http://[x/rss/articles/" + OLD_ID,
    "https://news.google.example/rss/articles/" + base64.urlsafe_b64encode(
        b"\x08\x13\x22\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff").decode().rstrip("="),
    "https://news.google.example/rss/articles/" + base64.urlsafe_b64encode(
        b"\x08\x13\x22\x7fhttps://short.example/").decode().rstrip("="),  # length past the end
    "https://news.google.example/rss/articles/" + base64.urlsafe_b64encode(
        b"\x08" * 200 + b"\x22\x17https://late.example/a/b").decode().rstrip("="),  # past 32 fields
])
def test_a_google_news_id_that_holds_no_address_is_kept_as_given(link: str) -> None:
    assert _aggregator_original(link) is None


def test_a_long_address_and_one_in_another_field_are_read() -> None:
    long_url = "https://ledger.example/" + "a" * 300
    assert _aggregator_original(
        f"https://news.google.example/rss/articles/{_google_id(long_url)}?oc=5") == long_url
    gid = _google_id("https://ledger.example/x/y", prefix=b"\x08\x02\x22")  # "CAIi..."
    assert _aggregator_original(f"https://news.google.example/__i/rss/rd/articles/{gid}") == (
        "https://ledger.example/x/y")


def test_a_google_news_search_feed_is_named_after_its_query() -> None:
    feed = _rss(
        '<title>"halcyon finance" OR stablecoin when:7d - Google News</title>'
        "<link>https://news.google.example/</link><description>Google News</description>",
        "<item><title>Weekly digest of the search</title><link>https://news.google.example/x/1</link>"
        "<description>No source named.</description></item>")
    [item] = _read(feed)
    assert item.source_name == "Google News: halcyon finance, stablecoin"
    # the id stays the one the feed's own title made
    assert parse_feed_bytes(feed, "g.xml")[0].id == stable_id(
        '"halcyon finance" OR stablecoin when:7d - Google News', "https://news.google.example/x/1")


@pytest.mark.parametrize(("title", "shown"), [
    ("Business - Google News", "Google News: Business"),
    ("Google News", "Google News"),
    ('"a rather long search phrase" OR "another long phrase" - Google News', "Google News"),
    ("Notes on Google News", "Notes on Google News"),  # not Google News's own feed
])
def test_google_news_feed_names(title: str, shown: str) -> None:
    feed = _rss(f"<title>{title}</title><link>https://news.google.example/</link>"
                "<description>d</description>",
                "<item><title>An item</title><link>https://news.google.example/x/2</link>"
                "<description>Text of it.</description></item>")
    assert _read(feed)[0].source_name == shown


def test_a_sources_own_name_wins_over_the_query() -> None:
    from digest.config import SourceConfig

    feed = _rss('<title>"halcyon finance" - Google News</title><link>https://news.google.example/</link>'
                "<description>d</description>",
                "<item><title>An item</title><link>https://news.google.example/x/3</link>"
                "<description>Text.</description></item>")
    source = SourceConfig(location="https://news.google.example/rss/search?q=halcyon", name="Halcyon watch")
    assert parse_feed_bytes(feed, "g.xml", source)[0].source_name == "Halcyon watch"


# ------------------------------------------------------------------ lists that are text

@pytest.mark.parametrize("body", [
    # a link that is a word of the sentence
    '<p><a href="https://x.example/r">Rollup fees</a> fell by half</p>',
    # a sentence after the link
    '<p><a href="https://x.example/r">The report</a> - it says fees fell by half.</p>',
    # text before the link
    '<p>Read the audit: <a href="https://x.example/a">Halcyon audit</a>&nbsp;<font>Audit Lab</font></p>',
    # links without outlets (a reading list)
    '<ul><li><a href="https://x.example/1">Part one</a></li><li><a href="https://x.example/2">Part two</a></li></ul>',
    # a picture in it
    '<a href="https://x.example/1">A chart</a>&nbsp;<font>Chart Desk</font><img src="https://x.example/c.png">',
    # an outlet's "name" that is a sentence
    '<a href="https://x.example/1">Fees</a>&nbsp;&nbsp;<font>fell by half in one month, the team said.</font>',
    # text in the next item, no link before it
    '<ol><li><a href="https://x.example/1">One</a>&nbsp;<font>Desk</font></li><li>Fees fell by half</li></ol>',
    # a headline whose link never closes
    '<a href="https://x.example/1">Fees fell by half</a>&nbsp;<font>Desk</font><a href="https://x.example/2">and more',
])
def test_a_body_of_links_and_prose_is_text(body: str) -> None:
    assert not _headlines_only(body)
    feed = _rss("<title>Desk</title><link>https://desk.example/</link><description>d</description>",
                f"<item><title>An item</title><link>https://desk.example/1</link>"
                f"<description><![CDATA[{body}]]></description></item>")
    assert parse_feed_bytes(feed, "d.xml")[0].body_html


def test_a_list_of_headlines_is_read_in_one_pass() -> None:
    many = "<ol>" + '<li><a href="https://x.example/1">A headline</a>&nbsp;&nbsp;<font>Desk</font></li>' * 400 + "</ol>"
    assert _headlines_only(many)
    unclosed = '<a href="https://x.example/1">A headline&nbsp;<font>Desk</font>' * 3000 + "</a>"
    started = time.perf_counter()
    _headlines_only(unclosed)
    _headlines_only("<a>" * 20_000 + "</a>")
    assert time.perf_counter() - started < 1.0


# ------------------------------------------------------------------ page widgets

WORDPRESS = _rss(
    "<title>Coin Corner</title><link>https://coincorner.example</link><description>d</description>"
    "<generator>https://wordpress.org/?v=6.7</generator>",
    """<item><title>Halcyon publishes its post-mortem</title>
<link>https://coincorner.example/halcyon-post-mortem/</link><dc:creator>Mara Lind</dc:creator>
<pubDate>Tue, 01 Dec 2026 09:00:00 +0000</pubDate><description>The bridge's upgrade skipped a check.</description>
<content:encoded><![CDATA[<p>The bridge's upgrade skipped a check, the post-mortem says.</p>
<div class="wp-block-buttons is-content-justification-center is-layout-flex"><div class="wp-block-button"><a class="wp-block-button__link wp-element-button" href="https://t.me/coincornerchannel">Join our Telegram channel for breaking news</a></div></div>
<p>Deposits reopen on Friday.</p>
<div class="wp-block-buttons is-layout-flex"><div class="wp-block-button"><a class="wp-block-button__link wp-element-button" href="https://coincorner.example/files/halcyon-post-mortem.pdf">Download the post-mortem</a></div><div class="wp-block-button is-style-outline"><a class="wp-block-button__link" href="https://exchange.example/signup?ref=corner">Trade with a welcome bonus</a></div></div>
<div class="wp-block-button"><a class="wp-block-button__link" href="https://coincorner.example/newsletter/">Get our newsletter</a></div>
<p>The team will pay back the users who lost funds.</p>]]></content:encoded></item>""",
    CONTENT_NS,
)

GHOST_CTA = _rss(
    "<title><![CDATA[Node Letter]]></title><link>https://nodeletter.example/</link>"
    "<description>d</description><generator>Ghost 5.110</generator>",
    """<item><title><![CDATA[Validators after the upgrade]]></title>
<link>https://nodeletter.example/validators-after-the-upgrade/</link>
<guid isPermaLink="false">75a1b2c3d4e5f6a7b8c9d0e1</guid><pubDate>Tue, 01 Dec 2026 06:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Validators upgraded within a day.</p><div class="kg-card kg-cta-card kg-cta-bg-grey kg-cta-minimal" data-layout="minimal"><div class="kg-cta-content"><div class="kg-cta-content-inner"><div class="kg-cta-text"><p>Become a member to read every letter.</p></div><a href="#/portal/signup" class="kg-cta-button kg-style-accent">Become a member</a></div></div></div><p>Missed blocks fell to a new low.</p><div class="kg-card kg-cta-card kg-cta-bg-none kg-cta-immersive"><div class="kg-cta-sponsor-label-wrapper"><div class="kg-cta-sponsor-label"><span>Sponsored</span></div></div><div class="kg-cta-content"><div class="kg-cta-text"><p>Stake with Vault Nine and earn more.</p></div><a href="https://vaultnine.example/?ref=nodeletter" class="kg-cta-button">Start staking</a></div></div><p>The next upgrade is planned for spring.</p>]]></content:encoded></item>""",
    CONTENT_NS,
)


def test_wordpress_button_blocks_are_no_text_but_a_document_to_download_stays() -> None:
    [post] = _read(WORDPRESS)
    assert post.paragraphs[0] == "The bridge's upgrade skipped a check, the post-mortem says."
    assert "Deposits reopen on Friday." in post.paragraphs
    assert post.paragraphs[-1] == "The team will pay back the users who lost funds."
    body = post.body_html
    for gone in ("Telegram", "welcome bonus", "exchange.example", "Get our newsletter"):
        assert gone not in body
    # the story's own document: its button stays (its row's other button goes)
    assert 'href="https://coincorner.example/files/halcyon-post-mortem.pdf"' in body
    assert post.author == "Mara Lind"


def test_ghosts_call_to_action_cards_are_no_text() -> None:
    [post] = _read(GHOST_CTA)
    assert post.paragraphs == ("Validators upgraded within a day.", "Missed blocks fell to a new low.",
                               "The next upgrade is planned for spring.")
    body = post.body_html
    assert "member" not in body and "Vault Nine" not in body and "Sponsored" not in body
    assert post.summary.startswith("Validators upgraded within a day.")


def test_a_class_that_only_mentions_buttons_is_kept() -> None:
    feed = _rss(
        "<title>Coin Corner</title><link>https://coincorner.example</link><description>d</description>",
        """<item><title>A post</title><link>https://coincorner.example/p/</link>
<content:encoded><![CDATA[<p>First line of the post.</p><div class="wp-block-group"><p>The wallet's buttons were redesigned, the team said.</p></div><div class="my-cta-card"><p>A card the theme names for itself keeps its text.</p></div>]]></content:encoded></item>""",
        CONTENT_NS,
    )
    [post] = _read(feed)
    assert post.paragraphs == ("First line of the post.",
                               "The wallet's buttons were redesigned, the team said.",
                               "A card the theme names for itself keeps its text.")
