"""Saved pages, real-world shapes, round 8: a status page's incident report.

A hosted status page (Atlassian Statuspage's shape) shows its date only as text under the
headline, "Posted Mar 11, 2026 - 08:00 UTC", in a <small> with a <span class="ago"
data-datetime-unix="..."> and no <time> or meta tag: the page was dated by the build's
clock. And trafilatura dropped the report's "What we are changing" heading with the list
under it, while readability kept them. Every page here was written for these tests;
outlets, people and domains are invented.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from digest.clean import clean_article
from digest.ingest.html import extract_main, parse_page_text

STEPS = (
    "Canary brokers now receive the full set of production queues.",
    "Broker configuration changes roll out one zone at a time, with a 30-minute soak.",
    "Consumers will keep a last-known-good route table for 15 minutes.",
)


def status_page(posted: str = "Mar 11, 2026 - 08:00 UTC", epoch: str = "1773216000000",
                steps: str = "", after: str = "") -> str:
    items = steps or "".join(f"<li>{step}</li>" for step in STEPS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Post-incident review: eu-south-1 queue disruption | Quillfield Status</title>
<meta property="og:site_name" content="Quillfield Status">
<link rel="canonical" href="https://status.quillfield.example/incidents/eu-south-1">
</head><body>
<header class="masthead"><a href="/"><img src="/logo.svg" alt="Quillfield"></a>
<a class="subscribe" href="/subscribe">Subscribe to updates</a></header>
<div class="incident-container">
<h1 class="incident-name">Post-incident review: eu-south-1 queue disruption</h1>
<div class="incident-meta">Resolved · This incident affected: Queues (eu-south-1), Streams
(eu-south-1) and Scheduled Jobs (eu-south-1).</div>
<div class="update"><strong>Postmortem</strong> - <small>Posted <span class="ago"
data-datetime-unix="{epoch}">{posted}</span></small>
<div class="update-body">
<h2>Summary</h2>
<p>Between 09:12 and 12:40 UTC on March 10, 2026, customers in eu-south-1 saw failed
publishes and stalled consumers on Queues, Streams and Scheduled Jobs. About 3,200
customers were affected.</p>
<h2>What happened</h2>
<p>At 09:05 UTC an automated deployment pushed a routing change to the broker fleet in
eu-south-1. The change held a malformed rule that made brokers refuse connections from
internal clients. Our canary stage ran the change against a broker that served no
production queues, so the fault was not caught.</p>
<p>Because every consumer reconnects through the routing layer, healthy brokers could not
be reached. Rolling back took 38 minutes; draining the backlog took most of the remaining
time.</p>
<h2>What we are changing</h2>
<ul>{items}</ul>
<p>We are issuing a credit of 20% of the monthly charge for affected services. We are
sorry for the disruption this caused. — Odile Brannock, VP Engineering</p>
{after}
</div></div></div>
<footer><a href="https://quillfield.example">Quillfield home</a> ·
<a href="/history">Incident history</a> · Powered by StatusKit</footer>
</body></html>"""


def read(page: str):
    return clean_article(parse_page_text(page, "status.html"))


# ---------------------------------------------------------------- the date shown as text

def test_a_status_pages_posted_line_dates_it() -> None:
    assert read(status_page()).published == datetime(2026, 3, 11, 8, 0, tzinfo=UTC)


def test_the_unix_time_beside_a_posted_line_in_a_local_form_dates_it() -> None:
    # a script wrote the time in the reader's own form, which is not read: its attribute is
    page = status_page(posted="11/03/2026, 09:00:00", epoch="1773216000000")
    assert read(page).published == datetime(2026, 3, 11, 8, 0, tzinfo=UTC)


def test_a_posted_line_in_neither_form_leaves_the_page_undated() -> None:
    page = status_page(posted="yesterday", epoch="soon")
    assert read(page).published is None


@pytest.mark.parametrize(("line", "expected"), [
    ("Published: 2 March 2026", datetime(2026, 3, 2, tzinfo=UTC)),
    ("Posted on March 2, 2026", datetime(2026, 3, 2, tzinfo=UTC)),
    ("First published 2 March 2026 09:30 GMT", datetime(2026, 3, 2, 9, 30, tzinfo=UTC)),
])
def test_other_labelled_datelines_after_the_headline_date_a_page(
        line: str, expected: datetime) -> None:
    page = (f"<html><head><title>Quillfield Moves Its Offices</title></head><body>"
            f"<h1>Quillfield Moves Its Offices</h1><div class='meta'><span>{line}</span></div>"
            "<p>Quillfield said on Monday that it would move its offices to the old harbour "
            "warehouse by the end of the year, after a long search.</p><p>The move brings "
            "its three teams under one roof for the first time since the company began.</p>"
            "</body></html>")
    assert read(page).published == expected


def test_a_posted_line_after_the_text_is_a_comments_not_the_pages() -> None:
    page = ("<html><head><title>Quillfield Moves Its Offices</title></head><body>"
            "<h1>Quillfield Moves Its Offices</h1>"
            "<p>Quillfield said on Monday that it would move its offices to the old harbour "
            "warehouse by the end of the year, after a long search.</p><p>The move brings "
            "its three teams under one roof for the first time since the company began.</p>"
            "<div class='comment'><small>Posted Mar 12, 2026 - 10:00 UTC</small>"
            "<p>Good luck with the move.</p></div></body></html>")
    assert read(page).published is None


def test_a_posted_line_in_a_sidebar_is_not_the_pages() -> None:
    page = ("<html><head><title>Quillfield Moves Its Offices</title></head><body>"
            "<h1>Quillfield Moves Its Offices</h1><aside><ul><li><a href='/a'>Older post</a>"
            " <small>Posted Jan 5, 2026</small></li></ul></aside>"
            "<p>Quillfield said on Monday that it would move its offices to the old harbour "
            "warehouse by the end of the year, after a long search.</p><p>The move brings "
            "its three teams under one roof for the first time since the company began.</p>"
            "</body></html>")
    assert read(page).published is None


# ---------------------------------------------------------------- a heading and its list

def test_the_reports_list_and_its_heading_are_kept() -> None:
    article = read(status_page())
    assert article.headings == ("Summary", "What happened", "What we are changing")
    for step in STEPS:
        assert step in article.paragraphs
    # in the page's order: after "What happened", before the closing paragraph
    assert article.paragraphs.index(STEPS[0]) == 3
    assert article.paragraphs[-1].startswith("We are issuing a credit")


def test_the_combined_extractor_keeps_what_readability_keeps() -> None:
    body, extractor = extract_main(status_page())
    assert extractor == "trafilatura"
    assert "What we are changing" in body and body.count("<li") == 3


def test_a_list_of_links_between_paragraphs_stays_out() -> None:
    links = "".join(f"<li><a href='/incidents/{n}'>Queue delays in eu-south-{n} region</a></li>"
                    for n in (2, 3, 4))
    article = read(status_page(steps=links))
    assert not any("Queue delays" in p for p in article.paragraphs)


def test_a_list_of_labels_between_paragraphs_stays_out() -> None:
    article = read(status_page(steps="<li>Queues</li><li>Streams</li><li>Jobs</li>"))
    assert "Queues" not in article.paragraphs


@pytest.mark.parametrize("page", [
    status_page(posted="Posted", epoch=""),
    status_page(epoch="99999999999999999999"),
    status_page(steps="<li></li><li><ul><li>x</li></ul></li>"),
    status_page(after="<ul><li>one two three</li><!-- c --><li>four five six</li></ul>"),
    "<html><body><h1>Only a headline</h1><small>Posted </small><ul><li>a b c</li>"
    "<li>d e f</li></ul><p>One paragraph of text that is long enough to be the article's "
    "body, and then some more words.</p></body></html>",
])
def test_odd_status_pages_do_not_raise(page: str) -> None:
    read(page)
