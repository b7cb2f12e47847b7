# ruff: noqa: E501  (a sentence a line)
"""Summaries that carry no footnote marker and open with no label or dateline, and the page
furniture of the crypto / DeFi / tech news beat (cross-links to other stories, newsletter
plugs, credit lines, price widgets, syndication and wire update notes) in a feed item, a
scraped dump and a saved page, each beside the prose that shares its words and stays.

Every text is written for this file (invented outlets and people, ``.example`` hosts)."""

from __future__ import annotations

import html

import pytest

from digest.clean import clean_with_report, make_summary
from digest.ingest.feeds import parse_feed_bytes
from digest.ingest.html import parse_page_text
from digest.ingest.scraped import parse_dump_text
from digest.model import Article
from tests.test_realworld_prose_kept import WAYS, P


def _feed_item(content: str, description: str = "") -> Article:
    desc = f"<description><![CDATA[{description}]]></description>" if description else ""
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Quay Post</title><link>https://quay.example/</link><description>d</description>"
        "<item><title>Kestrel Cuts Bridge Fees</title><link>https://quay.example/a</link>"
        f"{desc}<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>"
    ).encode()
    [item] = parse_feed_bytes(rss, "feed.xml")
    return clean_with_report(item)[0]


# ---------------------------------------------------------------- summaries: footnotes


@pytest.mark.parametrize("text", [
    "Fees fell on Tuesday [1] after a pause.",
    "Fees fell on Tuesday[1] after a pause.",
    "Fees fell on Tuesday[^1] after a pause.",
    "Fees fell on Tuesday [12] after a pause.",
    "Fees fell on Tuesday[note 3] after a pause.",
    "Fees fell on Tuesday¹ after a pause.",
    "Fees fell on Tuesday<sup><a href='https://quay.example/a#fn:1'>1</a></sup> after a pause.",
    "Fees fell on Tuesday<sup>[1]</sup> after a pause.",
])
def test_a_summary_carries_no_footnote_marker(text: str) -> None:
    assert make_summary(f"<p>{text}</p>") == "Fees fell on Tuesday after a pause."


def test_a_summary_ends_without_the_marker_after_its_last_stop() -> None:
    assert make_summary("Fees fell on Tuesday.² Volumes held.[3]") == (
        "Fees fell on Tuesday. Volumes held.")


@pytest.mark.parametrize("text", [
    "The plot covers 40 km² of land near the 10³ mark.",
    "Tick the box marked [x] to opt out.",
    "The court cited [1](https://law.example/1) in its ruling.",
])
def test_units_powers_and_a_bracketed_letter_stay(text: str) -> None:
    assert make_summary(text) == text


def test_a_feed_items_footnotes_are_no_part_of_its_summary() -> None:
    article = _feed_item(
        "<p>Fees fell on Tuesday<sup><a href='#fn1'>1</a></sup> after a pause.</p>"
        "<ol><li><p>According to the operator's status page. <a href='#r1'>↩</a></p></li></ol>")
    assert article.summary == "Fees fell on Tuesday after a pause."


# ---------------------------------------------------------------- summaries: labels


@pytest.mark.parametrize("lead", [
    "<p><strong>Note</strong></p>", "<p><strong>Heads up:</strong></p>", "<p>Warning</p>",
    "<p>TL;DR:</p>", "<h2>Key takeaways</h2>", "<p><b>Why it matters</b></p>",
    "<p>November 20, 2026</p>", "<p>Updated: Nov 20, 2026, 10:30 UTC</p>",
])
def test_a_summary_does_not_open_with_a_label_or_a_dateline(lead: str) -> None:
    text = f"{lead}<p>The bridge reopened on Tuesday.</p>"
    assert make_summary(text) == "The bridge reopened on Tuesday."


def test_a_bold_lede_is_a_sentence_and_stays_in_the_summary() -> None:
    text = "<p><strong>The bridge reopened on Tuesday.</strong></p><p>Fees fell.</p>"
    assert make_summary(text) == "The bridge reopened on Tuesday. Fees fell."


def test_a_label_alone_is_still_a_summary() -> None:
    assert make_summary("<p><strong>Note</strong></p>") == "Note"


def test_a_feed_body_that_opens_with_a_dateline_or_a_bold_label_is_summed_up_from_its_text() -> None:
    for lead in ("<p>November 20, 2026</p>", "<p><strong>Warning</strong></p>"):
        article = _feed_item(f"{lead}<p>The bridge reopened on Tuesday.</p><p>Fees fell.</p>")
        assert article.summary == "The bridge reopened on Tuesday. Fees fell."


def test_a_bold_label_inside_the_body_is_no_part_of_the_summary() -> None:
    article = _feed_item("<p>The bridge reopened.</p><p><strong>Heads up</strong></p>"
                         "<p>Fees fell.</p>")
    assert article.summary == "The bridge reopened. Fees fell."
    assert "Heads up" in article.paragraphs  # the body keeps it


def test_a_dump_whose_standfirst_is_a_label_keeps_it_as_a_heading() -> None:
    dump = "\n".join(["Markets", "Kestrel Cuts Bridge Fees – Quay Post", "Key Takeaways",
                      "The bridge reopened on Tuesday after a pause of two days.",
                      "Fees fell by a third, the team said.", ""])
    article = clean_with_report(parse_dump_text(dump, "quay/bridge.txt"))[0]
    assert article.summary == "The bridge reopened on Tuesday after a pause of two days."
    assert article.headings == ("Key Takeaways",)
    assert article.paragraphs[0] == "The bridge reopened on Tuesday after a pause of two days."


# ---------------------------------------------------------------- the beat's furniture

# (rule, line): furniture that went through all three ways before ("Related: ...", "Sign up
# for ... newsletter", "Reporting by ...; Editing by ...", "Follow us on X and Telegram",
# "Listen to this article 5 min", "Advertisement", "Story continues below", "Share this
# article") is in the other files' tests; these did not go
FURNITURE = [
    ("read-more", "Magazine: Inside the Quiet Rise of Restaking Funds"),
    ("read-more", "Magazine: Why a small exchange outgrew its rivals"),
    ("read-more", "Don't miss: Harbor Exchange Lists Three New Tokens"),
    ("read-more", "Must read: Harbor Exchange Lists Three New Tokens"),
    ("read-more", "Related: U.S. Regulator Delays Its Ruling on Kestrel"),
    ("read-more", "ICYMI: Lantern Wallet adds passkeys for 2 million users"),
    ("newsletter", "Daily Debrief Newsletter: Start every day with the top stories right now, plus original features, a podcast and more."),
    ("newsletter", "The Ledger Letter Newsletter: Get the week's biggest DeFi stories in your inbox."),
    ("subscribe", "Subscribe to Quay Post on Substack"),
    ("subscribe", "Subscribe to the Ledger Letter on Substack for weekly analysis."),
    ("wire-credit", "Edited by Ann Example"),
    ("wire-credit", "Compiled by Dan Demo and Erin Sample"),
    ("wire-credit", "Editing by Ann Example; Reporting by Bob Sample"),
    ("price-widget", "Price data by Coinmock"),
    ("price-widget", "Market data provided by Coinmock and Ledgerly."),
    ("price-widget", "Prices as of 14:05 UTC"),
    ("price-widget", "Prices as of Nov. 25, 2026 at 2:05 p.m. ET"),
    ("price-widget", "All prices as of press time."),
    ("syndication-note", "This article was originally published on Quay Post"),
    ("syndication-note", "This story originally appeared in Ledger Weekly."),
    ("syndication-note", "Originally published at quay.example"),
    ("wire-note", "(Updates with comment in paragraph 5)"),
    ("wire-note", "(Adds analyst comment, byline)"),
]

# the sentences of a story that open as that furniture does, and stay
PROSE = [
    "Related: the fund's second vote failed too, its treasurer said.",
    "Related: The fund's second vote failed too, its treasurer said",
    "Magazine: the publisher said it would close its print edition in March.",
    "Don't miss: The vote closes on Friday. Members can still register.",
    "The Ledger Newsletter: a history of the list, from 2017 to its sale.",
    "Subscribers on Substack lost access to the archive on Monday.",
    "Subscribe to the scam's channel on Substack, the message urged victims.",
    "Edited by the committee, the report was published on Friday.",
    "Compiled by Chainalysis, the data show outflows rose in October.",
    "Prices by region rose sharply in the third quarter.",
    "Prices as of Friday had fallen by a fifth since the hack.",
    "This story first appeared in a 2019 lawsuit, the judge said.",
    "The token first appeared on Uniswap in May.",
    "This article was first published in 2019. Since then, the project has grown.",
    "(Adds that the exchange paused withdrawals on Friday, the spokesperson said.)",
]


@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize(("rule", "line"), FURNITURE, ids=[f"{r}:{t[:40]}" for r, t in FURNITURE])
def test_the_beats_furniture_goes(rule: str, line: str, way: str) -> None:
    kept, report = WAYS[way](line)
    assert line not in kept
    assert all(p in kept for p in P[1:])
    assert (line, rule) in report.dropped


@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize("line", PROSE, ids=[t[:40] for t in PROSE])
def test_a_sentence_that_opens_like_it_stays(line: str, way: str) -> None:
    kept, report = WAYS[way](line)
    assert line in kept, report.dropped
    assert P[3] in kept


# ---------------------------------------------------------------- cross-links as links


def _page(block: str) -> tuple[list[str], list[tuple[str, str]]]:
    body = "<h1>Kestrel Cuts Bridge Fees</h1>" + "".join(
        f"<p>{html.escape(text)}</p>" for text in P[:3]) + f"<p>{block}</p><p>{P[3]}</p>"
    page = ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<title>Kestrel Cuts Bridge Fees | Quay Post</title></head>"
            f"<body><main><article>{body}</article></main></body></html>")
    article, report = clean_with_report(parse_page_text(page, "bridge.html"))
    return list(article.paragraphs), list(report.dropped)


def _feed(block: str) -> tuple[list[str], list[tuple[str, str]]]:
    content = "".join(f"<p>{html.escape(text)}</p>" for text in P[:3])
    item = _feed_item(f"{content}<p>{block}</p><p>{P[3]}</p>")
    return list(item.paragraphs), []


LINKED = [
    # a linked headline with stops in it, and one in small letters
    ('Related: <a href="https://quay.example/b">Bitcoin tops $100K. What next for ether?</a>',
     "Related: Bitcoin tops $100K. What next for ether?"),
    ('Magazine: <a href="https://quay.example/m">inside the quiet rise of restaking funds</a>',
     "Magazine: inside the quiet rise of restaking funds"),
]


@pytest.mark.parametrize("way", [_feed, _page])
@pytest.mark.parametrize(("block", "text"), LINKED)
def test_a_label_and_a_link_to_another_story_is_a_cross_link(way, block: str, text: str) -> None:
    kept, dropped = way(block)
    assert text not in kept and P[3] in kept
    if way is _page:
        assert (text, "read-more") in dropped


@pytest.mark.parametrize("way", [_feed, _page])
def test_a_sentence_that_goes_on_after_its_link_stays(way) -> None:
    block = ('Related: <a href="https://quay.example/b">the fund\'s second vote</a> failed '
             "too, its treasurer said.")
    kept, _dropped = way(block)
    assert "Related: the fund's second vote failed too, its treasurer said." in kept


def test_leading_labels_are_skipped_in_one_pass_and_a_text_of_labels_keeps_its_last() -> None:
    """The summary skips the headings and labels a text opens with (a dozen at most), looks
    once whether text follows them (a look per label read the rest again each time: 4,000
    headings took 28 s), and a text of labels only is summed up by its last one."""
    assert make_summary("<h2>Overview</h2><p><strong>Note</strong></p><p>The fee fell.</p>"
                        ) == "The fee fell."
    assert make_summary("<h2>Overview</h2><p><strong>Note</strong></p>") == "Note"
    many = make_summary("<h2>Section</h2>" * 4000 + "<p>The fee fell.</p>")
    assert many.startswith("Section")  # past a dozen, a heading is the text's
