# ruff: noqa: E501  (the pages are written out whole)
"""Saved article pages, round 7: a news CMS's labels around the headline (Arc XP's
"overline" above it and "subheadline" under it, a kicker, an eyebrow, a dek, WordPress's
Newspaper theme's "td-post-sub-title"), JSON-LD's ``articleSection`` and its several
authors, and a republished page's update time (its "Update (18:40 UTC, Nov. 21):" note is
no publication date). Every page is written here (an invented coast's crypto desk,
``.example`` hosts); each is read with the public page reader, then cleaned.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

import digest.ingest.html as page_reader
from digest.clean import clean_with_report
from digest.ingest.html import parse_page_text

T = "Saltmarsh Credit Union Adds Stablecoin Payments"
DEK = "The cooperative lender will let members settle invoices in dollar tokens from March, a first for the coast."
P = [
    "Saltmarsh Credit Union, a cooperative lender on the east coast of the county, said on Tuesday that members could pay invoices in dollar-backed tokens from March.",
    "The union's board approved the plan after a pilot with forty small businesses, which settled about three hundred payments over the autumn.",
    "Members will hold the tokens in a custodial wallet run by the union, which said it would keep reserves in short-dated treasury bills.",
    "A spokesperson said fees would match those of a card payment for the first year while the union studied demand from its members.",
]
URL = "https://harborledger.example/business/2026/02/10/saltmarsh-stablecoin/"
METHODS = ("combined", "trafilatura", "readability")
KICKER = '<div class="overline-wrapper"><a class="overline" href="/business/">Business</a></div>'
SUBHEADLINE = f'<h2 class="subheadline">{DEK}</h2>'


def page(header: str, body: str = "", head: str = "", og_description: bool = True) -> str:
    """An Arc-style article page: the site's header, then the article's header (its labels
    around the <h1>, the byline) and its text."""
    body = body or "".join(f"<p>{p}</p>" for p in P)
    description = '<meta property="og:description" content="Members can pay in dollar tokens from March.">' if og_description else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{T} | Harbor Ledger</title>
<meta property="og:site_name" content="Harbor Ledger"><link rel="canonical" href="{URL}">{description}{head}</head>
<body><header class="site-header"><div class="site-eyebrow"><a href="/subscribe">Subscribe</a></div><nav><a href="/">Home</a> <a href="/business/">Business</a> <a href="/markets/">Markets</a></nav></header>
<main><article class="b-article"><header class="article-header">{header}
<div class="byline">By <a href="/people/ann-quay/">Ann Quay</a></div></header>
<div class="article-body">{body}</div></article></main>
<footer><p>© 2026 Harbor Ledger</p></footer></body></html>"""


def arc(kicker: str = KICKER, dek: str = SUBHEADLINE, **kwargs: object) -> str:
    return page(f'{kicker}<div class="headline-wrapper"><h1 class="headline">{T}</h1></div>{dek}', **kwargs)


def clean(text: str, method: str = "combined"):
    article, _report = clean_with_report(parse_page_text(text, "saved.html", method=method))
    return article


# ------------------------------------------------------------------ the headline's labels

@pytest.mark.parametrize("method", METHODS)
def test_an_arc_pages_overline_is_its_section_and_its_subheadline_its_summary(method: str) -> None:
    """Before: readability's text opened with "Business" (the summary read "Business
    Saltmarsh Credit Union, ...") and had the subheadline as a section heading; the page
    had no category, and trafilatura's summary was its first paragraph."""
    article = clean(arc(), method)
    assert article.source_category == "Business"
    assert list(article.paragraphs) == P
    assert article.headings == ()
    # the standfirst, not og:description ("Members can pay in dollar tokens from March.")
    assert article.summary == DEK
    assert article.title == T and article.author == "Ann Quay"


@pytest.mark.parametrize("kicker", [
    '<span class="kicker">Business</span>',
    '<p class="eyebrow"><a href="/business/">Business</a></p>',
    '<div class="section-label">Business</div>',
    '<a class="rubric" href="/business/">Business</a>',
    '<div class="article__kicker"><a href="/business/">Business</a> / <a href="/business/banking/">Banking</a></div>',
])
@pytest.mark.parametrize("dek", [
    f'<p class="dek">{DEK}</p>',
    f'<p class="standfirst">{DEK}</p>',
    f'<h2 class="subtitle">{DEK}</h2>',
    f'<h3 class="sub-headline">{DEK}</h3>',
    f'<div class="article-summary">{DEK}</div>',
    f'<h2 class="c-entry__dek">{DEK}</h2>',
])
@pytest.mark.parametrize("method", ["trafilatura", "readability"])
def test_other_spellings_of_the_labels_are_read_alike(kicker: str, dek: str, method: str) -> None:
    article = clean(arc(kicker, dek), method)
    assert article.source_category == "Business"
    # a standfirst written as a paragraph may stay the text's first, as the page shows it;
    # never a heading, never after the section's name
    assert [p for p in article.paragraphs if p != DEK] == P
    assert article.headings == ()
    assert article.summary == DEK


NEWSPAPER = f"""<!DOCTYPE html><html><head><title>{T} - Coin Tideline</title><meta property="og:site_name" content="Coin Tideline">
<link rel="canonical" href="https://cointideline.example/saltmarsh-stablecoin/"></head><body>
<div class="td-header-wrap"><div class="td-header-menu-wrap"><ul class="sf-menu"><li><a href="/">Home</a></li><li><a href="/category/defi/">DeFi</a></li></ul></div></div>
<div class="td-main-content-wrap"><div class="td-container"><div class="td-pb-row"><div class="td-pb-span8 td-main-content"><div class="td-ss-main-content">
<article class="post type-post"><div class="td-post-header"><header class="td-post-title"><h1 class="entry-title">{T}</h1>
<p class="td-post-sub-title">{DEK}</p>
<div class="td-module-meta-info"><div class="td-post-author-name"><div class="td-author-by">By</div> <a href="/author/ann/">Ann Quay</a></div><span class="td-post-date"><time class="entry-date updated td-module-date" datetime="2026-02-10T09:00:00+00:00">February 10, 2026</time></span></div>
</header></div><div class="td-post-content tagdiv-type">{"".join(f"<p>{p}</p>" for p in P)}</div></article>
</div></div></div></div></div></body></html>"""


@pytest.mark.parametrize("method", METHODS)
def test_the_newspaper_themes_sub_title_is_the_summary(method: str) -> None:
    article = clean(NEWSPAPER, method)
    assert article.summary == DEK
    assert [p for p in article.paragraphs if p != DEK] == P
    assert article.headings == ()
    assert article.published == datetime(2026, 2, 10, 9, 0, tzinfo=UTC)


def test_a_standfirsts_markup_and_entities_are_read_as_text() -> None:
    dek = "Fees &amp; limits stay as they are for members who pay by card <b>or</b> by token."
    article = clean(arc(dek=f'<h2 class="dek">{dek}</h2>'))
    assert article.summary == "Fees & limits stay as they are for members who pay by card or by token."


def test_the_pages_own_section_tag_comes_before_its_overline() -> None:
    article = clean(arc(head='<meta property="article:section" content="Markets">'))
    assert article.source_category == "Markets"
    assert list(article.paragraphs) == P  # the overline is still no text


def test_a_page_without_a_standfirst_is_summed_up_by_its_text() -> None:
    article = clean(arc(dek=""))
    assert article.summary.startswith(P[0])
    assert article.source_category == "Business"


# ------------------------------------------------------------------ prose kept

def test_a_themes_subtitle_class_on_each_heading_is_no_standfirst() -> None:
    """A theme that writes class="subtitle" on every heading of the text: the first,
    under the headline, is the text's heading like the others."""
    first, second = "Why The Signing Service Stopped Answering", "What Members Should Do Before March"
    body = f'<h2 class="subtitle">{first}</h2><p>{P[0]}</p><p>{P[1]}</p><h2 class="subtitle">{second}</h2><p>{P[2]}</p><p>{P[3]}</p>'
    text = page(f'<h1 class="headline">{T}</h1>', body=body)
    article = clean(text, "readability")
    assert article.summary.startswith(P[0])
    assert second in article.headings
    assert list(article.paragraphs) == P


@pytest.mark.parametrize("method", METHODS)
def test_labels_classes_inside_the_text_leave_it_whole(method: str) -> None:
    """A closing paragraph styled as a "kicker" (the newsroom's word for a story's last
    line) and a "subtitle" paragraph in the middle of the text are text: only a label
    beside the headline is read as one."""
    closing = "Whether the members will use the tokens is another matter, the union's oldest member said with a laugh."
    middle = "The pilot's businesses said payments arrived within minutes, where bank transfers had taken a day or more."
    body = f'<p>{P[0]}</p><p>{P[1]}</p><p class="subtitle">{middle}</p><p>{P[2]}</p><p>{P[3]}</p><p class="kicker">{closing}</p>'
    article = clean(arc(body=body), method)
    assert [P[0], P[1], middle, P[2], P[3], closing] == [p for p in article.paragraphs if p != DEK]
    assert article.summary == DEK


def test_a_long_eyebrow_sentence_is_no_section() -> None:
    eyebrow = '<p class="eyebrow">Members of the union voted for the plan at a meeting in the harbour hall on Monday.</p>'
    article = clean(arc(kicker=eyebrow))
    assert article.source_category is None


def test_a_sites_tagline_under_its_logo_is_no_standfirst() -> None:
    """A blog whose <h1> is its name, its tagline a "subtitle" under it: no headline, so
    no standfirst; the article's own heading is an <h2>."""
    text = f"""<!DOCTYPE html><html><head><title>{T} | Coin Tideline</title></head><body>
<header><h1 class="site-title">Coin Tideline</h1><p class="site-subtitle">Notes on chains, coins and the people who run them</p></header>
<div class="post"><h2 class="post-title">{T}</h2>{"".join(f"<p>{p}</p>" for p in P)}</div></body></html>"""
    raw = parse_page_text(text, "saved.html")
    assert raw.summary == ""
    assert clean(text).summary.startswith(P[0])


def test_a_page_without_labels_is_not_rewritten() -> None:
    text = arc(kicker="", dek="").replace('class="site-eyebrow"', 'class="site-top"')
    assert page_reader._headline_labels(text) == (text, None, None)


@pytest.mark.parametrize("text", [
    '<div class="kicker">Business</div>',  # a fragment, no headline
    '<html><body><h1>Only A Headline Here</h1><h2 class="dek">A dek under a headline of no page</h2></body></html>',
    '<p class="dek">\x00</p>',
    '<h1 class="kicker">x</h1><div class="dek">',
    "",
])
def test_odd_pages_with_label_classes_do_not_raise(text: str) -> None:
    page_reader._headline_labels(text)


# ------------------------------------------------------------------ JSON-LD's section and authors

def ld(**item: object) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": T, **item})}</script>'


def plain(head: str) -> str:
    return page(f'<h1 class="headline">{T}</h1>', head=head).replace('<div class="byline">By <a href="/people/ann-quay/">Ann Quay</a></div>', "")


@pytest.mark.parametrize(("section", "expected"), [
    (["DeFi", "Hacks"], "DeFi"),
    ("DeFi", "DeFi"),
    (["", "Hacks"], "Hacks"),
    ([], None),
    ({"name": "DeFi"}, None),  # no shape JSON-LD gives it
])
def test_json_lds_article_section_is_the_category(section: object, expected: str | None) -> None:
    assert clean(plain(ld(articleSection=section))).source_category == expected


def test_the_section_tag_comes_before_json_lds() -> None:
    head = '<meta property="article:section" content="Markets">' + ld(articleSection=["DeFi"])
    assert clean(plain(head)).source_category == "Markets"


@pytest.mark.parametrize(("author", "expected"), [
    ([{"@type": "Person", "name": "Owen Fairley"}, {"@type": "Person", "name": "Grace Liu"}], "Owen Fairley, Grace Liu"),
    (["Owen Fairley", "Grace Liu", "Owen Fairley"], "Owen Fairley, Grace Liu"),
    ([{"@type": "Person", "name": "Owen Fairley"}, {"@type": "Person", "url": "https://harborledger.example/people/x"}, {"@type": "Person", "name": "https://harborledger.example/people/grace"}], "Owen Fairley"),
    ({"@type": "Person", "name": "Owen Fairley"}, "Owen Fairley"),
    ([{"@type": "Organization", "name": "Harbor Ledger Staff"}], "Harbor Ledger Staff"),
])
def test_every_author_json_ld_names_is_kept(author: object, expected: str) -> None:
    """Before: only the first of several authors was kept."""
    assert clean(plain(ld(author=author))).author == expected


# ------------------------------------------------------------------ a republished page's times

H2 = "Harbor Exchange Restores Withdrawals After Wallet Fault"
Q = [
    "Harbor Exchange restored withdrawals on Friday after a fault in one of its hot wallets kept customers from moving funds for most of a day.",
    "The exchange said no customer funds were lost and that it had moved the affected balances to a new wallet before reopening.",
    "Engineers traced the fault to a signing service that stopped answering after a routine update on Thursday night, the company said.",
]
UPDATE = "The exchange said all pending withdrawals had been processed and fees for the day would be refunded."
PLAIN_UPDATE = f"<p>Update (18:40 UTC, Nov. 21): {UPDATE}</p>"
TIMED_UPDATE = f'<p><strong>Update (<time datetime="2026-11-21T18:40:00Z">18:40 UTC, Nov. 21</time>):</strong> {UPDATE}</p>'
BYLINE = '<p class="byline">By Ann Quay, <time datetime="2026-11-20T09:00:00Z">Nov. 20, 2026</time></p>'
PUBLISHED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
MODIFIED = datetime(2026, 11, 21, 18, 45, tzinfo=UTC)
NOTED = datetime(2026, 11, 21, 18, 40, tzinfo=UTC)


def exchange(head: str = "", before: str = "", after: str = PLAIN_UPDATE) -> str:
    return f"""<!DOCTYPE html><html><head><title>{H2} | Coin Tideline</title><meta property="og:site_name" content="Coin Tideline">
<link rel="canonical" href="https://cointideline.example/markets/harbor-exchange-withdrawals">{head}</head><body>
<header><nav><a href="/">Home</a> <a href="/markets/">Markets</a></nav></header>
<main><article><h1>{H2}</h1>{before}{after}{"".join(f"<p>{q}</p>" for q in Q)}</article></main></body></html>"""


@pytest.mark.parametrize("head", [
    '<meta property="article:published_time" content="2026-11-20T09:00:00Z"><meta property="article:modified_time" content="2026-11-21T18:45:00Z">',
    '<script type="application/ld+json">' + json.dumps({"@type": "NewsArticle", "headline": H2, "datePublished": "2026-11-20T09:00:00Z", "dateModified": "2026-11-21T18:45:00Z"}) + "</script>",
    '<meta itemprop="datePublished" content="2026-11-20T09:00:00Z"><meta itemprop="dateModified" content="2026-11-21T18:45:00Z">',
], ids=["open-graph", "json-ld", "microdata"])
@pytest.mark.parametrize("after", [PLAIN_UPDATE, TIMED_UPDATE], ids=["plain", "timed"])
def test_a_republished_pages_modified_time_is_its_update(head: str, after: str) -> None:
    article = clean(exchange(head, after=after))
    assert (article.published, article.updated) == (PUBLISHED, MODIFIED)
    # the update's note is kept whole (as the article's note, or a paragraph); before, with
    # its <time>, trafilatura dropped the time's text and the page reader the paragraph
    assert f"Update (18:40 UTC, Nov. 21): {UPDATE}" in f"{article.note} {' '.join(article.paragraphs)}"
    assert list(article.paragraphs)[-3:] == Q


def test_an_update_notes_time_is_no_publication_date() -> None:
    """Before: the page's only <time>, in "Update (18:40 UTC, Nov. 21):", was its
    publication date."""
    raw = parse_page_text(exchange(after=TIMED_UPDATE), "saved.html")
    assert raw.published is None
    assert raw.updated == NOTED
    article = clean(exchange(after=TIMED_UPDATE))
    assert article.published is None and article.updated == NOTED


@pytest.mark.parametrize("note", [
    TIMED_UPDATE,
    TIMED_UPDATE.replace("Update (", "UPDATED ("),
    f'<div class="correction">Correction, <time datetime="2026-11-21T18:40:00Z">Nov. 21</time>: {UPDATE}</div>',
    f'<p><em>Updated <time datetime="2026-11-21T18:40:00Z">Nov. 21, 18:40 UTC</time></em></p><p>{UPDATE}</p>',
])
def test_the_bylines_time_after_an_update_note_is_the_publication_date(note: str) -> None:
    """Before: the note above the byline gave its time as the publication date."""
    raw = parse_page_text(exchange(before=note, after=BYLINE), "saved.html")
    assert (raw.published, raw.updated) == (PUBLISHED, NOTED)
    assert raw.author == "Ann Quay"


def test_a_plain_update_note_dates_nothing() -> None:
    article = clean(exchange())
    assert article.published is None and article.updated is None
    assert list(article.paragraphs)[-3:] == Q


def test_a_time_in_a_paragraph_about_an_update_of_software_is_the_date() -> None:
    """Only a note that opens with "Update" is one: a paragraph that mentions a software
    update further on keeps its <time> the article's."""
    dated = '<p>Engineers shipped the fix on <time datetime="2026-11-20T09:00:00Z">Nov. 20</time>, after a failed update.</p>'
    assert parse_page_text(exchange(before=dated, after=""), "saved.html").published == PUBLISHED


@pytest.mark.parametrize("method", ["combined", "trafilatura"])
def test_a_time_inside_a_sentence_keeps_its_text(method: str) -> None:
    """Before: trafilatura dropped a <time> with its text: "The fix shipped on , after a
    failed update." """
    said = '<p>Engineers shipped the fix on <time datetime="2026-11-20T09:00:00Z">Nov. 20</time>, after a failed update.</p>'
    article = clean(exchange('<meta property="article:published_time" content="2026-11-20T09:00:00Z">', before=said, after=""), method)
    assert list(article.paragraphs) == ["Engineers shipped the fix on Nov. 20, after a failed update.", *Q]


def test_a_datelines_times_stay_out_of_the_text() -> None:
    dateline = '<p class="dates">Published <time datetime="2026-11-20T09:00:00Z">November 20, 2026 at 9:00 am UTC</time> | Updated <time datetime="2026-11-21T18:45:00Z">November 21, 2026 at 6:45 pm UTC</time></p>'
    article = clean(exchange(before=dateline, after=""))
    assert list(article.paragraphs) == Q
    assert article.published == PUBLISHED


def test_a_headline_that_opens_with_update_leaves_its_time_the_publication_date() -> None:
    text = exchange(after="").replace(f"<article><h1>{H2}</h1>", f'<article><div class="story-top"><h1>Update: {H2}</h1><time datetime="2026-11-20T09:00:00Z">Nov. 20</time></div>')
    raw = parse_page_text(text, "saved.html")
    assert (raw.published, raw.updated) == (PUBLISHED, None)
