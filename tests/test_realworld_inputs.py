"""Shapes that real publishers' feeds and files take and the other tests do not hold: authors
written as e-mail addresses or given once for a whole feed, zone names feedparser reads as
UTC, whole web pages pasted into an item, FeedBurner's buttons, aggregator items that only
repeat their headline, untitled items, feed titles that carry more than the site's name,
and the front matter of Jekyll, Pelican and Hugo as people write it. Every fixture here is
written for this file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.clean import clean_article, sanitize_html
from digest.errors import DigestError
from digest.ingest.feeds import parse_feed_bytes, person_name
from digest.ingest.markdown import parse_markdown_file
from digest.model import Article


def _rss(items: str, title: str = "Desk", ns: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:content="http://purl.org/rss/1.0/modules/content/" {ns}><channel>'
        f"<title>{title}</title><link>https://desk.example/</link><description>d</description>"
        f"{items}</channel></rss>"
    ).encode()


def _clean(feed: bytes, name: str = "f.xml") -> list[Article]:
    return [clean_article(a) for a in parse_feed_bytes(feed, name)]


# ------------------------------------------------------------------ authors


@pytest.mark.parametrize(
    ("field", "name"),
    [
        ("jane@desk.example (Jane Roe)", "Jane Roe"),
        ("Jane Roe <jane@desk.example>", "Jane Roe"),
        ("Jane Roe (jane@desk.example)", "Jane Roe"),
        ('"Jane Roe" <jane@desk.example>', "Jane Roe"),
        ("noreply@desk.example", ""),
        ("mailto:desk@desk.example", ""),
        ("Jane Roe", "Jane Roe"),
        ("Desk Staff (Markets)", "Desk Staff (Markets)"),
    ],
)
def test_an_author_field_gives_the_name_not_the_address(field: str, name: str) -> None:
    assert person_name(field) == name


def test_rss_authors_lose_their_addresses_and_every_creator_is_named() -> None:
    """RSS 2.0's <author> is "address (Name)"; feedparser splits it wrongly for some
    domains, and keeps one of several <dc:creator>s. A channel's managingEditor is its
    editor, not each item's writer."""
    feed = _rss(
        "<managingEditor>ed@desk.example (Ed Itor)</managingEditor>"
        "<item><title>One</title><link>https://desk.example/1</link>"
        "<author>jane@desk.example (Jane Roe)</author><description>A.</description></item>"
        "<item><title>Two</title><link>https://desk.example/2</link>"
        "<author>noreply@desk.example</author><description>B.</description></item>"
        "<item><title>Three</title><link>https://desk.example/3</link>"
        "<dc:creator>Ann One</dc:creator><dc:creator>Bob Two</dc:creator>"
        "<description>C.</description></item>"
    )
    one, two, three = parse_feed_bytes(feed, "f.xml")
    assert one.author == "Jane Roe"
    assert two.author is None
    assert three.author == "Ann One, Bob Two"


def test_atom_entries_without_an_author_have_the_feeds() -> None:
    feed = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Notes</title><id>tag:n.example,2026:f</id>
<link href="https://n.example/"/><updated>2026-11-22T10:00:00Z</updated>
<author><name>Riley Penn</name><email>riley@n.example</email></author>
<entry><title>Inherits</title><id>tag:n.example,2026:1</id><link href="https://n.example/1"/>
<updated>2026-11-22T10:00:00Z</updated><content type="html">&lt;p&gt;A.&lt;/p&gt;</content></entry>
<entry><title>Its own two</title><id>tag:n.example,2026:2</id><link href="https://n.example/2"/>
<updated>2026-11-22T11:00:00Z</updated><author><name>Ann One</name></author>
<author><name>Bob Two</name></author><content type="html">&lt;p&gt;B.&lt;/p&gt;</content></entry>
</feed>"""
    inherits, own = parse_feed_bytes(feed, "n.atom")
    assert inherits.author == "Riley Penn"
    assert own.author == "Ann One, Bob Two"


def test_json_feed_items_have_the_feeds_authors_unless_they_name_their_own() -> None:
    feed = b"""{"version": "https://jsonfeed.org/version/1", "title": "Micro",
"home_page_url": "https://m.example/", "author": {"name": "Feed Writer"},
"items": [{"id": "1", "url": "/1", "content_text": "First."},
          {"id": "2", "url": "/2", "content_text": "Second.", "authors": ["Plain String"]},
          {"id": "3", "url": "/3", "content_text": "Third.",
           "authors": [{"name": "Ana Ko"}, {"name": "Ben Lu"}]}]}"""
    first, second, third = parse_feed_bytes(feed, "m.json")
    assert first.author == "Feed Writer"
    assert second.author == "Plain String"
    assert third.author == "Ana Ko, Ben Lu"


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("Mon, 23 Nov 2026 08:00:00 CEST", datetime(2026, 11, 23, 6, 0, tzinfo=UTC)),
        ("Mon, 23 Nov 2026 08:00:00 CET", datetime(2026, 11, 23, 7, 0, tzinfo=UTC)),
        ("Mon, 23 Nov 2026 08:00:00 BST", datetime(2026, 11, 23, 7, 0, tzinfo=UTC)),
        ("Mon, 23 Nov 2026 09:00:00 AEDT", datetime(2026, 11, 22, 22, 0, tzinfo=UTC)),
        ("Mon, 23 Nov 2026 09:00:00 JST", datetime(2026, 11, 23, 0, 0, tzinfo=UTC)),
        # the zones feedparser knows, and offsets, read as before
        ("Mon, 23 Nov 2026 08:00:00 PDT", datetime(2026, 11, 23, 15, 0, tzinfo=UTC)),
        ("Mon, 23 Nov 2026 08:00:00 +0530", datetime(2026, 11, 23, 2, 30, tzinfo=UTC)),
        ("Mon, 23 Nov 2026 08:00:00 GMT", datetime(2026, 11, 23, 8, 0, tzinfo=UTC)),
        # year-first numbers: feedparser made midnight of the first, 1 December of the
        # second, and a date of a day that does not exist
        ("2026-11-23 08:00:00 CET", datetime(2026, 11, 23, 7, 0, tzinfo=UTC)),
        ("2026/11/23 08:00", datetime(2026, 11, 23, 8, 0, tzinfo=UTC)),
        ("2026/13/45", None),
        ("2026-11-23T08:00:00.250+05:30", datetime(2026, 11, 23, 2, 30, tzinfo=UTC)),
        ("2026-11-23", datetime(2026, 11, 23, 0, 0, tzinfo=UTC)),
    ],
)
def test_a_zone_named_in_an_rss_date_is_applied(written: str, utc: datetime | None) -> None:
    """feedparser knows only the US zone names: "08:00 CEST" came out two hours late."""
    feed = _rss(f"<item><title>T</title><link>https://desk.example/1</link>"
                f"<pubDate>{written}</pubDate><description>A.</description></item>")
    [article] = parse_feed_bytes(feed, "f.xml")
    assert article.published == utc


# ------------------------------------------------------------------ bodies


WHOLE_PAGE = """<!DOCTYPE html><html><head><title>Vault reopens | Desk</title>
<style>body { color: red }</style><script>var tracking = 1;</script></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/markets">Markets</a></li></ul></nav>
<article><h1>Vault reopens</h1>
<p>The lending vault reopened for deposits on Monday after a week of audits by two firms.</p>
<p>Its operators said withdrawals would follow once the new oracle had run for a day.</p>
<p>Depositors who left during the pause keep their share of the interest paid so far.</p>
</article><footer><p>Copyright 2026 Desk. All rights reserved.</p></footer></body></html>"""


@pytest.mark.parametrize("escaped", [False, True])
def test_a_whole_web_page_in_an_item_is_cut_to_its_main_text(escaped: bool) -> None:
    """feedparser's sanitiser flattened such a page: its <title> text was glued to the menu
    ("Vault reopens | Desk Home Markets ...") and became the summary."""
    if escaped:
        body = WHOLE_PAGE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    else:
        body = f"<![CDATA[{WHOLE_PAGE}]]>"
    feed = _rss(f"<item><title>Vault reopens</title><link>https://desk.example/v</link>"
                f"<description>{body}</description></item>"
                "<item><title>Other</title><link>https://desk.example/o</link>"
                "<description>A plain item stays as it was.</description></item>")
    page, other = _clean(feed)
    assert page.paragraphs == (
        "The lending vault reopened for deposits on Monday after a week of audits by two firms.",
        "Its operators said withdrawals would follow once the new oracle had run for a day.",
        "Depositors who left during the pause keep their share of the interest paid so far.",
    )
    assert page.summary.startswith("The lending vault reopened")
    for gone in ("| Desk", "Home", "Markets", "tracking", "Copyright", "color"):
        assert gone not in page.body_html, gone
    assert other.paragraphs == ("A plain item stays as it was.",)


def test_an_h1_in_a_body_is_a_heading_not_text_glued_to_the_next() -> None:
    """<h1> is not allowed in a body (the page's own is the headline), and the sanitiser
    flattened it to loose text: a feed's copy of the headline stayed and led the summary,
    and any other h1 ran into the paragraph after it."""
    feed = _rss("<item><title>Bridge limits lifted</title><link>https://desk.example/b</link>"
                "<content:encoded><![CDATA[<h1>Bridge limits lifted</h1><p>The bridge lifted "
                "its daily limits.</p><h1>What changes</h1><p>Transfers settle at once.</p>"
                "]]></content:encoded></item>")
    [article] = _clean(feed)
    assert article.paragraphs == ("The bridge lifted its daily limits.",
                                  "Transfers settle at once.")
    assert article.headings == ("What changes",)
    assert article.summary == "The bridge lifted its daily limits. Transfers settle at once."
    assert "<h2>What changes</h2>" in article.body_html
    assert "Bridge limits lifted" not in article.body_html


def test_a_markdown_body_heading_of_level_one_stays_a_heading(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: Named\n---\nIntro text.\n\n# Part One\n\n"
                                   "Body text.\n", encoding="utf-8")
    article = parse_markdown_file(tmp_path / "a.md")
    assert article is not None
    cleaned = clean_article(article)
    assert cleaned.headings == ("Part One",)
    assert cleaned.paragraphs == ("Intro text.", "Body text.")


def test_feedburner_flare_buttons_and_ad_slots_go() -> None:
    body = ('<p>Fees fell for the third week.</p><div class="feedflare">'
            '<a href="http://feeds.feedburner.com/~ff/Desk?a=Xy:Zw"><img '
            'src="http://feeds.feedburner.com/~ff/Desk?d=yIl2AUoC8zA" border="0"></img></a> '
            '<a href="http://feeds.feedburner.com/~ff/Desk?a=Qr:St"><img '
            'src="http://feeds.feedburner.com/~ff/Desk?i=Qr:St" border="0"></img></a></div>'
            '<p><a href="http://feedads.g.doubleclick.net/~a/Abc/0/da"><img '
            'src="http://feedads.g.doubleclick.net/~a/Abc/0/di" border="0" ismap="true">'
            '</img></a></p><p>See <a href="https://desk.example/~team/">the team page</a>.</p>')
    clean = sanitize_html(body, "https://desk.example/p")
    assert "feedburner" not in clean and "doubleclick" not in clean
    assert "<p>Fees fell for the third week.</p>" in clean
    assert '<a href="https://desk.example/~team/"' in clean  # a "~" in an author's link stays


def test_an_aggregator_item_that_only_repeats_its_headline_has_no_body() -> None:
    """Google News's description is the headline linked and the publisher's name: it was
    shown as the story's text and made its summary ("Headline The Daily Ledger")."""
    feed = _rss(
        "<item><title>Staking yields fall to a two-year low - The Daily Ledger</title>"
        "<link>https://news.example/rss/articles/CBMi1?oc=5</link>"
        '<guid isPermaLink="false">CBMi1</guid>'
        "<description>&lt;a href=\"https://news.example/rss/articles/CBMi1?oc=5\" "
        "target=\"_blank\"&gt;Staking yields fall to a two-year low&lt;/a&gt;&amp;nbsp;"
        "&amp;nbsp;&lt;font color=\"#6f6f6f\"&gt;The Daily Ledger&lt;/font&gt;</description>"
        '<source url="https://ledger.example">The Daily Ledger</source></item>'
        "<item><title>Yields fall</title><link>https://news.example/2</link>"
        "<description>Yields fall again, the desk says.</description></item>",
        title="&quot;staking&quot; - News",
    )
    aggregated, written = _clean(feed)
    assert aggregated.title == "Staking yields fall to a two-year low"
    assert aggregated.body_html == "" and aggregated.summary == ""
    assert aggregated.paragraphs == ()
    assert written.paragraphs == ("Yields fall again, the desk says.",)  # more than the title


def test_an_untitled_items_headline_is_cut_at_a_word() -> None:
    long = ("An item with no title, as RSS 2.0 allows: its text says what happened in one "
            "sentence that goes on well past the length of a headline.")
    feed = _rss(f"<item><link>https://desk.example/1</link><description>{long}</description>"
                "</item><item><link>https://desk.example/2</link><description>Short note."
                "</description></item>")
    cut, short = _clean(feed)
    assert cut.title == ("An item with no title, as RSS 2.0 allows: its text says what happened "
                         "in one…")
    assert len(cut.title) <= 81
    assert short.title == "Short note."


@pytest.mark.parametrize(
    "feed_title", ["Markets Archives - Coin Corner", "Coin Corner: Crypto news and analysis"]
)
def test_the_site_name_in_a_longer_feed_title_leaves_the_headlines(feed_title: str) -> None:
    """A category feed's title ("Markets Archives - Coin Corner") or one with a tagline
    holds the site's name that the headlines end with: it is stripped as the whole title
    is; a part no headline ends with ("Markets") strips nothing."""
    feed = _rss(
        "<item><title>Bolt pauses withdrawals - Coin Corner</title>"
        "<link>https://cc.example/1</link><description>A.</description></item>"
        "<item><title>Outlook for the year - Markets</title>"
        "<link>https://cc.example/2</link><description>B.</description></item>"
        "<item><title>Bitcoin – The Next Decade</title>"
        "<link>https://cc.example/3</link><description>C.</description></item>",
        title=feed_title,
    )
    titles = [a.title for a in _clean(feed)]
    assert titles == ["Bolt pauses withdrawals", "Outlook for the year - Markets",
                      "Bitcoin – The Next Decade"]


# ------------------------------------------------------------------ Markdown front matter


def _md(tmp_path: Path, text: str, name: str = "a.md") -> Article | None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_markdown_file(path)


def test_authors_written_as_objects_or_lists_are_names_not_python_reprs(
    tmp_path: Path,
) -> None:
    one = _md(tmp_path, "---\ntitle: A\nauthor:\n  name: Dee Writer\n  url: https://d.example"
                        "\n---\nText.\n")
    two = _md(tmp_path, "---\ntitle: A\nauthor: [Ann One, Bob Two]\n---\nText.\n")
    three = _md(tmp_path, "---\ntitle: A\nauthors:\n  - name: Cy Three\n  - Di Four\n---\nT.\n")
    assert one is not None and two is not None and three is not None
    assert one.author == "Dee Writer"
    assert two.author == "Ann One, Bob Two"
    assert three.author == "Cy Three, Di Four"


def test_a_title_yaml_reads_as_a_number_or_a_boolean_is_kept_as_written(
    tmp_path: Path,
) -> None:
    year = _md(tmp_path, "---\ntitle: 2026\ndate: 2026-11-20\n---\nThe year in review.\n")
    yes = _md(tmp_path, "---\ntitle: Yes\n---\nAn answer.\n")
    toml = _md(tmp_path, "+++\ntitle = 1999\n+++\nA year.\n")
    assert year is not None and yes is not None and toml is not None
    assert (year.title, yes.title, toml.title) == ("2026", "Yes", "1999")


@pytest.mark.parametrize(
    "front",
    ["---\ntitle: Hidden\npublished: false\n---\n",  # Jekyll
     "---\ntitle: Hidden\ndraft: \"true\"\n---\n",
     "Title: Hidden\nStatus: draft\n\n"],  # Pelican
)
def test_drafts_as_jekyll_and_pelican_mark_them_are_skipped(tmp_path: Path, front: str) -> None:
    assert _md(tmp_path, front + "Not ready.\n") is None


def test_capitalised_keys_string_categories_and_other_date_keys_are_read(
    tmp_path: Path,
) -> None:
    """Hugo reads front matter keys in any case; Jekyll writes categories as one string;
    Hugo also dates a page by publishDate, and Jekyll's published: true is no date."""
    article = _md(tmp_path, "---\nTitle: Capital Keys\nDate: 2026-11-24 10:20\n"
                            "Categories: DeFi, Markets\nTags: a, b\n---\nText.\n")
    hugo = _md(tmp_path, "---\ntitle: Later\npublishDate: 2026-11-25T08:00:00Z\n"
                         "published: true\nlastmod: 2026-11-26T08:00:00Z\n---\nText.\n")
    assert article is not None and hugo is not None
    assert article.title == "Capital Keys"
    assert article.published == datetime(2026, 11, 24, 10, 20, tzinfo=UTC)
    assert article.source_category == "DeFi"
    assert article.tags == ("a", "b")
    assert hugo.published == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert hugo.updated == datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def test_pelican_metadata_lines_without_dashes_are_front_matter(tmp_path: Path) -> None:
    article = _md(tmp_path, "Title: Reading the order book\nDate: 2026-11-24 10:20\n"
                            "Category: Markets\nTags: books, depth\nAuthors: Some One\n"
                            "Summary: How depth is read,\n    line by line.\n\n"
                            "The body starts here.\n\nSecond paragraph.\n")
    assert article is not None
    assert article.title == "Reading the order book"
    assert article.published == datetime(2026, 11, 24, 10, 20, tzinfo=UTC)
    assert article.source_category == "Markets"
    assert article.tags == ("books", "depth")
    assert article.author == "Some One"
    assert article.summary == "How depth is read, line by line."
    assert "Title:" not in article.body_html
    assert "<p>The body starts here.</p>" in article.body_html


def test_a_text_that_opens_with_a_label_line_is_not_read_as_metadata(tmp_path: Path) -> None:
    """Only lines that name a title are metadata: "Note: ..." opening the text stays text,
    and the file still needs a title."""
    with pytest.raises(DigestError) as caught:
        _md(tmp_path, "Note: this post was moved.\n\nThe rest of the text.\n")
    assert caught.value.problem.startswith("no title")
    article = _md(tmp_path, "# Headline\n\nNote: read the terms.\nThen more.\n")
    assert article is not None and article.title == "Headline"
    assert "Note: read the terms." in article.body_html


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("Nov 23, 2026, 10:30 AM ET", datetime(2026, 11, 23, 15, 30, tzinfo=UTC)),  # EST
        ("June 3, 2026 10:30 am ET", datetime(2026, 6, 3, 14, 30, tzinfo=UTC)),  # EDT
        ("Updated 23 November 2026 9:05 PT", datetime(2026, 11, 23, 17, 5, tzinfo=UTC)),
        ("23 novembre 2026 et 10:30", datetime(2026, 11, 23, 10, 30, tzinfo=UTC)),  # a word
    ],
)
def test_a_us_zone_without_daylight_saving_named_takes_the_dates_own(
    written: str, utc: datetime
) -> None:
    """"10:30 AM ET", as US sites print their datelines, was read as UTC: ET is EST or EDT
    as the date falls."""
    from digest.ingest.dates import loose_date

    assert loose_date(written) == utc
