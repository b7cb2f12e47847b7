# ruff: noqa: E501  (a sentence a line)
"""The clean stage, round 2: datelines of the forms the dump reader learnt (Japanese short
era dates, day-first dotted dates, parts apart by " / ") in feeds and saved pages; footnote
markers glued to their word in a body's text; a microblog's post whose headline is its
text; summaries of replies that quote another post; the lines newsletters and forums add to
every post, in a feed item, a scraped dump and a saved page.

Every text is written for this file (invented outlets and people, ``.example`` hosts)."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest

from digest.clean import clean_with_report, meta_line
from digest.ingest.feeds import parse_feed_bytes
from digest.ingest.html import parse_page_text
from digest.ingest.scraped import parse_dump_text
from digest.model import Article
from tests.test_realworld_prose_kept import SITE, TITLE, WAYS, P


def at(day: int, hour: int = 0, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _feed(body: str, *, title: str = TITLE, link: str = "https://quay.example/a",
          extra: str = "") -> tuple[Article, tuple[tuple[str, str], ...]]:
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{SITE}</title><link>https://quay.example/</link><description>d</description>"
        f"<item><title>{html.escape(title)}</title><link>{html.escape(link)}</link>{extra}"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"
    ).encode()
    [item] = parse_feed_bytes(rss, "feed.xml")
    article, report = clean_with_report(item)
    return article, report.dropped


def _page(body: str) -> tuple[Article, tuple[tuple[str, str], ...]]:
    page = ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{TITLE} | {SITE}</title></head><body><main><article><h1>{TITLE}</h1>"
            f"{body}</article></main></body></html>")
    article, report = clean_with_report(parse_page_text(page, "https://quay.example/b.html"))
    return article, report.dropped


def _dump(lines: list[str]) -> tuple[Article, tuple[tuple[str, str], ...]]:
    dump = "\n".join(["Markets", f"{TITLE} – {SITE}", *lines]) + "\n"
    article, report = clean_with_report(parse_dump_text(dump, "quay/bridge.txt"))
    return article, report.dropped


def _paras(lines: list[str]) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines)


# ---------------------------------------------------------------- 1. datelines

# (dateline, published, updated): each was kept as the text's first paragraph of a feed
# item (a feed's body had no dateline rule at all) and, but for the last two, of a saved
# page, which were then dated by their first sighting
DATELINES = [
    ("R8.11.20", at(20), None),
    ("令和8.11.20", at(20), None),
    ("H31.4.30", at(30, month=4, year=2019), None),
    ("R8.11.20 14:30", at(20, 14, 30), None),
    ("20.11.2026, 14:30 Uhr", at(20, 14, 30), None),
    ("Veröffentlicht: 20.11.2026, 14:30 Uhr", at(20, 14, 30), None),
    ("Aktualisiert: 21.11.2026, 09:00 Uhr", None, at(21, 9)),
    ("20.11.2026 14.30 GMT", at(20, 14, 30), None),
    ("Published: 2026-11-20T14:30:00Z / Updated: 2026-11-21T09:00:00Z", at(20, 14, 30), at(21, 9)),
    ("Updated: 2026-11-21T09:00:00Z / Published: 2026-11-20T14:30:00Z", at(20, 14, 30), at(21, 9)),
    ("By Ann Writer / 20.11.2026", at(20), None),
    ("Thursday 20 November 2026 14.30 GMT", at(20, 14, 30), None),
    ("Published: Nov 20, 2026", at(20), None),
]


@pytest.mark.parametrize(("line", "published", "updated"), DATELINES, ids=[d[0] for d in DATELINES])
def test_a_feed_items_dateline_under_the_headline_dates_it_and_goes(
        line: str, published: datetime | None, updated: datetime | None) -> None:
    article, dropped = _feed(_paras([line, *P]))
    assert line not in article.paragraphs and line not in article.body_html
    assert list(article.paragraphs) == P
    assert any(text == line and rule in ("dateline", "byline") for text, rule in dropped)
    assert article.published == published
    assert article.updated == updated
    assert article.summary.startswith(P[0])


@pytest.mark.parametrize(("line", "published", "updated"), DATELINES, ids=[d[0] for d in DATELINES])
def test_a_saved_pages_dateline_under_the_headline_dates_it_and_goes(
        line: str, published: datetime | None, updated: datetime | None) -> None:
    article, dropped = _page(_paras([line, *P]))
    assert list(article.paragraphs) == P
    assert any(text == line and rule in ("dateline", "byline") for text, rule in dropped)
    assert article.published == published
    assert article.updated == updated


@pytest.mark.parametrize(("line", "published", "updated"), DATELINES[:10], ids=[d[0] for d in DATELINES[:10]])
def test_a_dumps_dateline_still_dates_it(
        line: str, published: datetime | None, updated: datetime | None) -> None:
    """(The dump reader read these first; what the clean stage now reads it leaves to it.)"""
    article, _dropped = _dump(["A cheaper bridge for two chains.", line, *P])
    assert line not in article.paragraphs
    assert article.published == published
    assert article.updated == updated


def test_the_feeds_own_date_wins_over_the_dateline() -> None:
    article, _dropped = _feed(_paras(["20.11.2026, 14:30 Uhr", *P]),
                              extra="<pubDate>Wed, 25 Nov 2026 14:05:00 +0000</pubDate>")
    assert article.published == at(25, 14, 5)
    assert list(article.paragraphs) == P


@pytest.mark.parametrize("line", [
    "The board met on 20.11.2026 and voted on the fees.",
    "R8.11.20 was the day the bridge opened, the team said.",
    "20.11.2026 saw the bridge open, the board met and fees fell.",
    "Fees: 20.11 / 21.11 compared",
])
def test_a_sentence_with_such_a_date_stays_in_feeds_and_pages(line: str) -> None:
    for way in (_feed, _page):
        article, _dropped = way(_paras([line, *P]))
        assert line in article.paragraphs, way
        assert article.published is None


def test_a_bare_dotted_date_further_down_stays() -> None:
    """A bare date is a dateline under the headline only: further down it may head a
    timeline's section."""
    for way in (_feed, _page):
        article, _dropped = way(_paras([*P[:3], "20.11.2026", P[3]]))
        assert "20.11.2026" in article.paragraphs + article.headings, way
        assert article.published is None


def test_the_slash_parts_and_the_new_forms_in_meta_line() -> None:
    assert meta_line("Published: 2026-11-20T14:30:00Z / Updated: 2026-11-21T09:00:00Z") is not None
    assert meta_line("Kestrel / Harbor 2026 results") is None
    assert meta_line("R8.11.20", top=False) is None  # a bare date: only under the headline
    assert meta_line("Veröffentlicht: 20.11.2026", top=False) is not None  # a label makes it one
    assert meta_line("H32.1.1") is None  # Heisei had 31 years: no date, no dateline


# ---------------------------------------------------------------- 2. footnote markers

NOTED = ("<p>Fees fell on Tuesday<sup><a href='#fn1'>1</a></sup> after a pause of two days.</p>"
         "<p>The plot covers 40 km² and 10<sup>3</sup> tonnes of CO<sub>2</sub> were saved.</p>"
         "<p>Volumes held, the desk said.<sup>[2]</sup></p>"
         "<ol><li id='fn1'><p>According to the operator's status page. <a href='#r1'>↩</a></p></li></ol>")


def test_a_feed_items_paragraphs_carry_no_footnote_marker_and_its_body_still_shows_it() -> None:
    """The paragraphs (which the dedupe stage and the topics read) said "Tuesday1"."""
    article, _dropped = _feed(NOTED)
    assert article.paragraphs[0] == "Fees fell on Tuesday after a pause of two days."
    assert article.paragraphs[2] == "Volumes held, the desk said."
    assert 'Tuesday<sup><a href="https://quay.example/a#fn1"' in article.body_html
    assert "<sup>[2]</sup>" in article.body_html
    assert article.summary.startswith("Fees fell on Tuesday after a pause of two days.")


def test_powers_and_units_keep_their_digits() -> None:
    article, _dropped = _feed(NOTED)
    # (and a power or an index reads as one in the text, as a saved page's does)
    assert article.paragraphs[1] == "The plot covers 40 km² and 10³ tonnes of CO₂ were saved."
    assert "10<sup>3</sup>" in article.body_html and "CO<sub>2</sub>" in article.body_html


def test_a_saved_pages_paragraphs_carry_no_footnote_marker() -> None:
    """(The page reader takes markers out and writes powers as characters already.)"""
    article, _dropped = _page(NOTED)
    assert article.paragraphs[0] == "Fees fell on Tuesday after a pause of two days."
    assert "10³" in article.paragraphs[1] and "CO₂" in article.paragraphs[1]


# ---------------------------------------------------------------- 3. headline = text

POST = "Kestrel bridge fees fall by a third from today"


@pytest.mark.parametrize(("body", "link", "title"), [
    # a picture (an X/Twitter bridge's, a Mastodon post's attachment)
    (f"<p>{POST}</p><img src='https://quay.example/media/bridge.jpg' alt='The bridge'>",
     "https://quay.example/a", POST),
    # a quoted post
    (f"<p>{POST}</p><blockquote><p>Fees will fall soon, the team hinted.</p></blockquote>",
     "https://quay.example/a", f"{POST} Fees will fall soon, the team hinted."),
    # a link of the post's own
    (f"<p>{POST} <a href='https://kestrel.example/fees'>kestrel.example/fees</a></p>",
     "https://quay.example/a", f"{POST} kestrel.example/fees"),
    # the headline made from the post: its address is a post's ...
    (f"<p>{POST}</p>", "https://nitter.example/kestrel/status/1861234567890", POST),
    (f"<p>{POST}</p>", "https://social.example/@kestrel/113456789012345678", POST),
    (f"<p>{POST}</p>", "https://bsky.example/profile/kestrel.example/post/3kx2abc", POST),
    # ... or it holds a post's marks (a hashtag, a handle)
    (f"<p>{POST} #defi</p>", "https://quay.example/a", f"{POST} #defi"),
    (f"<p>{POST}, thanks @harbor</p>", "https://quay.example/a", f"{POST}, thanks @harbor"),
])
def test_a_post_whose_headline_is_its_text_keeps_its_body(body: str, link: str, title: str) -> None:
    """The body went as "only the headline", its picture with it."""
    article, dropped = _feed(body, title=title, link=link)
    assert article.body_html
    assert not [d for d in dropped if d[1] == "headline"]
    if "<img" in body:
        assert "https://quay.example/media/bridge.jpg" in article.body_html


@pytest.mark.parametrize(("body", "link"), [
    (f"<p>{POST}</p>", "https://quay.example/a"),
    (f"<p><a href='https://quay.example/a'>{POST}</a></p>", "https://quay.example/a"),
    (f"<p>{POST}</p>", "https://medium.example/@kestrel/kestrel-bridge-fees-fall-3f2a"),
    (f"<p>{POST}</p>", "http://[x"),
])
def test_a_body_that_is_only_the_headline_again_still_goes(body: str, link: str) -> None:
    article, dropped = _feed(body, link=link, title=POST)
    assert article.body_html == "" and article.paragraphs == ()
    assert (POST, "headline") in dropped


# ---------------------------------------------------------------- 4. quotes in summaries

QUOTED = "The fee switch should wait until the audit of the new vault is done."
REPLY = "I disagree: the audit covers another contract, and fees can start in December."
DISCOURSE = (
    '<aside class="quote no-group" data-username="bob" data-post="2" data-topic="42">'
    '<div class="title"><div class="quote-controls"></div>'
    '<img alt="" width="24" height="24" src="https://gov.example/u/bob.png" class="avatar"> bob:</div>'
    f"<blockquote><p>{QUOTED}</p></blockquote></aside><p>{REPLY}</p>")


def test_a_forum_reply_is_summed_up_by_its_own_text_not_the_quote() -> None:
    article, _dropped = _feed(DISCOURSE, link="https://gov.example/t/fee-switch/42/3",
                              extra='<guid isPermaLink="false">gov.example-post-42-3</guid>')
    assert article.summary == REPLY
    assert QUOTED in article.paragraphs  # the text keeps the quote


def test_a_reply_with_a_plain_blockquote_and_a_lead_in_line() -> None:
    body = f"<p>Bob Example wrote:</p><blockquote><p>{QUOTED}</p></blockquote><p>{REPLY}</p>"
    article, _dropped = _feed(body)
    assert article.summary == REPLY


def test_a_text_that_is_only_a_quote_is_summed_up_by_it() -> None:
    article, _dropped = _feed(f"<blockquote><p>{QUOTED}</p></blockquote>")
    assert article.summary == QUOTED


def test_a_news_article_that_opens_with_a_pull_quote_is_summed_up_by_its_text() -> None:
    """The rule chosen: a pull quote (another's words) is no summary of the article when
    the article has text of its own; the quote stays in the text."""
    pull = "“We will not pause the bridge again,” the chief executive said."
    body = f"<blockquote><p>{html.escape(pull)}</p></blockquote>" + _paras(P)
    for way in (_feed, _page):
        article, _dropped = way(body)
        assert article.summary.startswith(P[0]), way
        assert pull in article.paragraphs, way


def test_a_callout_written_as_a_quote_is_the_authors_own_text() -> None:
    """A quote that opens with a label (Markdown's admonitions, "> **Note**") is a callout."""
    body = "<p>Opening paragraph.</p><blockquote><p><strong>Note</strong></p><p>The text.</p></blockquote>"
    article, _dropped = _feed(body)
    assert article.summary == "Opening paragraph. The text."


# ---------------------------------------------------------------- 5. mail and forum lines

MAIL = [
    ("mail-links", "View this post online"),
    ("mail-links", "View in browser"),
    ("mail-links", "View this email in your browser"),
    ("mail-links", "Having trouble reading this? View it in your browser"),
    ("mail-links", "Unsubscribe"),
    ("mail-links", "Unsubscribe | Update your preferences"),
    ("mail-links", "Update your email preferences or unsubscribe from this list."),
    ("mail-links", "Manage your subscription"),
    ("mail-links", "Don't want these emails? Unsubscribe"),
    ("mail-links", "You are receiving this email because you signed up for Quay Post updates."),
    ("mail-links", "This email was sent to reader@mail.example"),
    ("read-more", "Read full topic"),
    ("forum-counter", "12 posts - 7 participants"),
    ("forum-counter", "1 post - 1 participant"),
]

LOOK_ALIKES = [
    "Unsubscribe requests rose 40% after the change, the report says.",
    "Update your preferences before Friday or lose the airdrop, the phishing message warned.",
    "View in browser counts fell as more readers opened the letter in apps.",
    "Manage your subscription costs carefully, the adviser told the panel.",
    "This email was sent to every customer of the exchange on Monday.",
    "You are receiving this email because your wallet was drained, the scam message said.",
    "12 posts - 7 participants discussed the fee switch before the vote closed on Friday.",
    "Read full topic summaries on the governance forum before voting, the delegates urged.",
]


@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize(("rule", "line"), MAIL, ids=[m[1][:40] for m in MAIL])
def test_mail_and_forum_lines_go_in_every_input(rule: str, line: str, way: str) -> None:
    """They went in a feed only, and only where a link made them (digest/ingest/feeds.py)."""
    kept, report = WAYS[way](line)
    assert line not in kept
    assert (line, rule) in report.dropped
    assert all(p in kept for p in P)


@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize("line", LOOK_ALIKES, ids=[t[:40] for t in LOOK_ALIKES])
def test_prose_that_looks_like_them_stays(line: str, way: str) -> None:
    kept, report = WAYS[way](line)
    assert line in kept, report.dropped
