"""Boilerplate real article bodies carry that the cleaner kept: press releases' closing
sections ("About Acme Corp", "Media contact:", "Forward-looking statements", "SOURCE ...",
"###"), disclaimers without a "Disclaimer:" label, author boxes, sponsor labels, audio
players, copyright and wire credit lines, agency photo credits, the publisher's own channel
promotions, comment prompts, story navigation, consent banners, embedded tweets' picture
links and attributions, and podcast chapter lists; each beside the prose it must not take.

Every fixture is written for this file (invented outlets, ``.example`` addresses)."""

from __future__ import annotations

import pytest

from digest.clean import clean_article, clean_with_report, drop_feed_furniture, sanitize_html
from digest.ingest.feeds import parse_feed_bytes
from digest.ingest.html import parse_page_text
from digest.ingest.scraped import parse_dump_text

HEAD = (
    "Markets\n"
    "Harbor Chain Raises Its Gas Limit – Quay Post\n"
    "The network's validators agreed to raise the limit by a fifth.\n"
    "The change lets each block carry more transactions, the developers said on Monday.\n"
)
FIRST = "The change lets each block carry more transactions, the developers said on Monday."
LAST = "Fees fell by about a tenth in the first hour, a tracker showed."


def clean_dump(text: str):
    return clean_article(parse_dump_text(text, "dump.txt"))


def _rss(body: str, title: str = "Acme launches a wallet") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Desk</title>'
        "<link>https://desk.example/</link><description>d</description><item>"
        f"<title>{title}</title><link>https://desk.example/a</link>"
        "<pubDate>Wed, 25 Nov 2026 14:05:00 +0000</pubDate>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"
    ).encode()


def clean_feed_item(body: str, title: str = "Acme launches a wallet"):
    [article] = parse_feed_bytes(_rss(body, title), "feed.xml")
    return clean_with_report(article)


# ---------------------------------------------------------------- press releases

RELEASE_BODY = [
    "The network settles card payments in stablecoins within minutes, the company said.",
    '"Merchants wanted faster payouts," chief executive Ann Example said.',
]
RELEASE_TAIL = [
    "About Acme Corp",
    "Acme Corp is a payments company headquartered in Example City. It serves 4,000 merchants.",
    "For more information, visit acme.example.",
    "Media contact:",
    "Jo Press",
    "Head of Communications, Acme Corp",
    "press@acme.example",
    "+1 555 0100 123",
    "Forward-Looking Statements",
    "This press release contains forward-looking statements. Actual results may differ.",
    "Acme undertakes no obligation to update these statements.",
    "SOURCE Acme Corp",
    "###",
]


def test_a_press_releases_closing_sections_go_from_a_dump() -> None:
    """A release republished on a news site: the company boilerplate, the contact block,
    the legal notice and the wire's end marks were all kept as the story's paragraphs and
    headings ("Jo Press" and "SOURCE Acme Corp" as section headings)."""
    dump = ("Press Releases\nAcme Corp Launches Settlement Network – Wire Desk\n"
            "Acme Corp said on Tuesday it had launched a settlement network for merchants.\n"
            + "\n".join(RELEASE_BODY + RELEASE_TAIL) + "\n")
    article, report = clean_with_report(parse_dump_text(dump, "release.txt"))
    assert list(article.paragraphs) == RELEASE_BODY
    assert article.headings == ()
    rules = {rule for _line, rule in report.dropped}
    assert {"about-company", "press-contact", "legal-notice", "press-release"} <= rules

    # "About Ethereum" followed by a section of the article's own is the article
    article = clean_dump(
        "Explainers\nWhat Is Ethereum? – Quay Post\nA short guide to the network.\n"
        "The network launched in 2015 and now hosts thousands of applications.\n"
        "About Ethereum\n"
        "Ethereum is a programmable blockchain founded in 2015 by a group of developers.\n"
        "How Fees Work\n"
        "Every transaction pays a fee in ether, set by demand for block space.\n")
    assert article.headings == ("About Ethereum", "How Fees Work")
    assert len(article.paragraphs) == 3


def test_a_press_releases_closing_sections_go_from_a_feed_item_and_a_page() -> None:
    """In a feed item the contact block is one paragraph of lines (<br>), which read as
    "Jo Presspress@acme.example" and matched nothing; in a saved page the sections came
    through the extractor as headings and paragraphs."""
    body = ("<p>Acme launched a wallet on Tuesday.</p><p>The wallet supports three chains.</p>"
            "<h2>About Acme Corp</h2><p>Acme Corp is a payments company based in Example "
            "City. For more information, visit acme.example.</p><h3>Media contact</h3>"
            "<p>Jo Press<br>press@acme.example<br>+1 555 0100 123</p>"
            "<h3>Forward-Looking Statements</h3><p>This press release contains forward-looking"
            " statements. Actual results may differ materially.</p><p>SOURCE Acme Corp</p>"
            "<p>###</p>")
    article, report = clean_feed_item(body)
    assert article.paragraphs == ("Acme launched a wallet on Tuesday.",
                                  "The wallet supports three chains.")
    assert article.headings == ()
    assert "Jo Press press@acme.example +1 555 0100 123" in [t for t, _r in report.dropped]
    for gone in ("About Acme", "press@", "forward-looking", "SOURCE", "###"):
        assert gone not in article.body_html, gone

    page = ("<html><head><title>Acme Launches Settlement Network</title></head><body>"
            "<article><h1>Acme Launches Settlement Network</h1>"
            + "".join(f"<p>{p}</p>" for p in RELEASE_BODY)
            + "<h2>About Acme Corp</h2><p>Acme Corp is a payments company headquartered in "
            "Example City. It serves 4,000 merchants.</p><h3>Media contact</h3><p>Jo Press</p>"
            "<p>press@acme.example</p><p>SOURCE Acme Corp</p></article></body></html>")
    article = clean_article(parse_page_text(page, "release.html"))
    assert list(article.paragraphs) == RELEASE_BODY and article.headings == ()


# ---------------------------------------------------------------- one-line furniture


@pytest.mark.parametrize(
    ("furniture", "prose"),
    [
        ("Jane Roe is a senior reporter at Quay Post. Follow her on X @janeroe.",
         "Ann Example is a former reporter at the paper who now runs the fund."),
        ("Follow her on X @janeroe", "Contact them at the embassy, the ministry advised."),
        ("Partner content", "Sponsored content on exchanges is now regulated in the region."),
        ("Sponsored by Example Wallet",
         "Sponsored by the foundation, the study found that fees fell."),
        ("Advertisement - Scroll to continue", "Scroll down the list and the fees rise."),
        ("Article continues below advertisement",
         "Advertisement revenue at the exchange fell by a third in the quarter."),
        ("Listen to this article · 4:12 min",
         "Listen to this: the governor said rates would stay high."),
        ("Audio version", "Audio versions of the hearing were posted by the committee."),
        ("© 2026 Quay Post. All rights reserved.", "Copyright law is changing in the region."),
        ("Copyright 2026 Quay Post",
         "Copyright 2026 will be a busy year for courts and lawyers, experts say."),
        ("This material may not be published, broadcast, rewritten or redistributed.",
         "The material was published in a court filing on Monday."),
        ("Reporting by Ann Example in Example City; additional reporting by Cy Three; "
         "editing by Dee Four",
         "Reporting by the Financial Times showed that the fund lost money."),
        ("Ann Example/Getty Images",
         "Getty Images sued the model maker in 2023, court records show."),
        ("(AP Photo/Ann Example)", "Photos of the launch were shared widely."),
        ("Follow Quay Post on Google News", "Follow the money on Ethereum, investigators said."),
        ("Join our Telegram channel for the latest news.",
         "Join us in welcoming the new validators, the foundation wrote."),
        ("Want more? Follow us on X", "Follow the developers on GitHub to see the code."),
        ("Got a news tip? Email us at tips@quay.example",
         "Have a tip for beginners? Keep your keys offline."),
        ("Did you find this article useful? Share it with your friends.",
         "Share it with your friends, the founder urged, and the token rose."),
        ("What do you think? Let us know in the comments below.",
         "Comments from regulators are due by March."),
        ("View comments", "View the comments filed with the regulator online."),
        ("Click here to subscribe", "Subscribe to the view that rates will fall."),
        ("Enjoyed this article? Subscribe to our newsletter.",
         "The newsletter's subscribers doubled this year, the firm said."),
        ("« Previous post", "Previous posts on the forum had warned of the bug."),
        ("Back to top", "Back to the top of the order book went the bid."),
        ("Read next", "Read next to the chart, the numbers tell a different story."),
        ("Recommended Stories", "Recommended stories about the fork drew many readers."),
        ("Last Updated: 2 hours ago", "Last updated in 2019, the rules are now out of date."),
        ("By continuing to use this site, you agree to our use of cookies.",
         "Cookies and other trackers are under review by the regulator."),
        ("We value your privacy", "We value your privacy, the exchange said in its letter."),
        ("Do Not Sell or Share My Personal Information",
         "The app may not sell personal information, the rules say."),
        ("pic.twitter.com/AbCdEf123", "The picture on Twitter was shared widely."),
        ("Watch:", "Watch the fees, the analyst said."),
        ("-ENDS-", "Ends of trading days saw volatility."),
        ("SOURCE Acme Corp", "The source said Acme Corp had hired bankers."),
        ("Press contact: Jo Press, press@acme.example",
         "Contacts between the two firms began in May, people familiar said."),
    ],
)
def test_boilerplate_lines_go_and_the_prose_they_resemble_stays(furniture: str, prose: str) -> None:
    article = clean_dump(HEAD + furniture + "\n" + prose + "\n" + LAST + "\n")
    assert list(article.paragraphs) + list(article.headings) == [FIRST, prose, LAST]
    assert article.note is None


def test_a_sign_up_sentence_about_something_else_stays() -> None:
    """"Sign up for (the|our) ..." was a subscribe button whatever followed: a sentence
    about an airdrop's sign-up went."""
    line = "Sign up for the airdrop closed on Friday after two weeks."
    article = clean_dump(HEAD + line + "\n" + "Sign up for our free trial\n")
    assert list(article.paragraphs) == [FIRST, line]


# ---------------------------------------------------------------- disclaimers


@pytest.mark.parametrize(
    "line",
    [
        "This article contains affiliate links. We may earn a commission if you buy.",
        "Not financial advice.",
        "The views expressed in this article are those of the author and do not necessarily "
        "reflect the views of Quay Post.",
        "This article is for informational purposes only and does not constitute advice.",
        "Disclosure: The author holds small amounts of the token.",
    ],
)
def test_a_disclaimer_without_its_label_is_the_note_of_a_dump_and_leaves_a_feed_body(
    line: str,
) -> None:
    """Only "Disclaimer:" lines were the editorial note; these were paragraphs (and in a
    feed item, the summary's second sentence)."""
    prose = "The views expressed by the minister were not shared by the central bank."
    opinion = "This is not financial advice, but I would not buy this token at these prices."
    article = clean_dump(HEAD + prose + "\n" + opinion + "\n" + line + "\n")
    assert list(article.paragraphs) == [FIRST, prose, opinion]
    assert article.note == line

    item, _report = clean_feed_item(f"<p>{prose}</p><p><em>{line}</em></p><p>{opinion}</p>")
    assert item.paragraphs == ((prose, opinion) if not line.startswith("Disclosure")
                               else (prose, line, opinion))


# ---------------------------------------------------------------- embedded posts, chapters

TWEET = ('<p>Acme launched a wallet on Tuesday.</p><blockquote class="twitter-tweet"><p>Our '
         'wallet is live today. <a href="https://t.co/abc">pic.twitter.com/abc</a></p>&mdash; '
         'Acme (@acme) <a href="https://twitter.example/acme/status/1">November 24, 2026</a>'
         '</blockquote><script src="https://platform.twitter.example/widgets.js"></script>'
         "<p>The wallet supports three chains.</p>")


def test_an_embedded_tweet_keeps_its_text_loses_its_picture_link_and_its_byline_is_a_caption(
) -> None:
    """The tweet is the news and stays a paragraph; its "pic.twitter.com/..." link and its
    "— Acme (@acme) November 24, 2026" line were read as text (and the summary's)."""
    article, _report = clean_feed_item(TWEET)
    assert article.paragraphs == ("Acme launched a wallet on Tuesday.",
                                  "Our wallet is live today.",
                                  "The wallet supports three chains.")
    assert "pic.twitter" not in article.body_html
    assert "(@acme)" in article.body_html  # who said it stays on the page
    # an address in an attribute is not text
    kept = sanitize_html('<p><a href="https://pic.twitter.com/abc">the photo</a></p>')
    assert 'href="https://pic.twitter.com/abc"' in kept

    dump = clean_dump(HEAD + "Our wallet is live today. pic.twitter.com/AbC12\n")
    assert list(dump.paragraphs) == [FIRST, "Our wallet is live today."]


def test_a_podcasts_chapter_list_is_not_its_text_and_a_live_blogs_times_stay() -> None:
    """"Timestamps:" and "00:00 Intro" ... were paragraphs (the first of them the summary's
    second sentence); a chapter list opens at 0:00, a live blog's entries do not."""
    intro = "In this episode we talk about fees with two guests."
    item, _report = clean_feed_item(
        f"<p>{intro}</p><p>Timestamps:<br>00:00 Intro<br>02:15 Why fees fell<br>14:40 What "
        "comes next</p><p>Thanks for listening.</p>", "Episode 88")
    assert item.paragraphs == (intro, "Thanks for listening.")
    kept, dropped, _blocks = drop_feed_furniture(
        f"<p>{intro}</p><p>Chapters:</p><ul><li>0:00 Intro</li><li>2:15 Fees</li></ul>", "T")
    assert kept == f"<p>{intro}</p>" and {r for _t, r in dropped} == {"chapters"}

    dump = clean_dump(HEAD + "Timestamps:\n00:00 Intro\n02:15 Why fees fell\n" + LAST + "\n")
    assert list(dump.paragraphs) == [FIRST, LAST]
    live = ["The upgrade activates at 00:00 UTC on Friday, the developers said.",
            "10:30 Validators begin to upgrade their clients.",
            "11:15 Half of the stake has upgraded, a tracker shows."]
    assert list(clean_dump(HEAD + "\n".join(live) + "\n").paragraphs) == [FIRST, *live]


# ---------------------------------------------------------------- last round's leftovers

REDDIT_LINK_POST = (
    '<table> <tr><td> <a href="https://www.reddit.example/r/defi/comments/9/chain_halts/">'
    ' <img src="https://thumbs.reddit.example/a.jpg" alt="Chain halts" title="Chain halts" />'
    ' </a> </td><td> &#32; submitted by &#32; <a href="https://www.reddit.example/user/kelp">'
    ' /u/kelp </a> <br/> <span><a href="https://news.example/chain-halts">[link]</a></span>'
    ' &#32; <span><a href="https://www.reddit.example/r/defi/comments/9/chain_halts/">'
    "[comments]</a></span> </td></tr></table>")


def test_a_reddit_link_posts_footer_in_a_table_goes_and_a_lone_thumbnail_is_no_body() -> None:
    """A link post's footer sits in a table cell, so the table's closing tags followed it
    and "submitted by /u/kelp" and "[link] [comments]" were its paragraphs."""
    item, report = clean_feed_item(REDDIT_LINK_POST, "Chain halts")
    assert item.paragraphs == () and item.body_html == "" and item.summary == ""
    assert {rule for _text, rule in report.dropped} == {"reddit-footer"}
    # a picture that links elsewhere is the post's own, and stays
    own = REDDIT_LINK_POST.replace(
        '<a href="https://www.reddit.example/r/defi/comments/9/chain_halts/"> <img',
        '<a href="https://img.example/chart.png"> <img')
    item, _report = clean_feed_item(own, "Chain halts")
    assert "img.example/chart.png" in item.body_html and "submitted" not in item.body_html
    # a self post's text before the footer stays
    text = ('<div class="md"><p>Why did the chain halt for an hour?</p></div> &#32; submitted by'
            ' &#32; <a href="https://www.reddit.example/user/kelp"> /u/kelp </a>')
    item, _report = clean_feed_item(text, "Chain halts")
    assert item.paragraphs == ("Why did the chain halt for an hour?",)


def test_a_labelled_disclaimer_closing_a_feed_item_or_a_page_goes() -> None:
    """"Disclaimer:" and "Disclosure:" lines (a dump's note) were kept as paragraphs of feed
    items and pages; one the text goes on after, in an opinion, stays."""
    prose = "The exchange listed the token on Monday after a month of review."
    more = "Trading opened at noon and volume rose to a record within an hour."
    note = "Disclaimer: This article is not investment advice. Do your own research."
    item, report = clean_feed_item(
        f"<p>{prose}</p><p>{more}</p><p><em>{note}</em></p>"
        "<h3>Share this:</h3><ul><li>X</li><li>Telegram</li></ul>")
    assert item.paragraphs == (prose, more)
    assert (note, "disclaimer") in report.dropped
    item, _report = clean_feed_item(f"<p>{prose}</p><p>{more}</p><h4>Disclosure</h4>"
                                    "<p>The author holds none of the tokens named.</p>")
    assert item.paragraphs == (prose, more) and item.headings == ()
    # in an opinion, the disclaimer opens an argument that goes on: it stays
    opinion = ("Disclaimer: I once worked for the exchange, and that is exactly why I think "
               "this listing is a mistake.")
    item, _report = clean_feed_item(f"<p>{prose}</p><p>{opinion}</p><p>{more}</p>")
    assert item.paragraphs == (prose, opinion, more)

    page = ("<html><head><title>Exchange Lists Token</title></head><body><article>"
            f"<h1>Exchange Lists Token</h1><p>{prose}</p><p>{more}</p><p>{note}</p>"
            "</article></body></html>")
    article, report = clean_with_report(parse_page_text(page, "page.html"))
    assert list(article.paragraphs) == [prose, more]
    assert (note, "disclaimer") in report.dropped


DUMP_NEWS = ("Markets\nExchange Lists New Token – Dump News\n"
             "The exchange listed the token on Monday.\n"
             "Trading opened at noon and volume rose to a record within an hour.\n")


@pytest.mark.parametrize(
    ("extra", "location", "meta"),
    [
        ("© 2026 Dump News. All rights reserved.\n", "dump.txt", None),
        ("Follow Dump News on Google News\n", "dump.txt", None),
        ("", "dump-news/listing.txt", None),
        ("", "dump.txt", {"url": "https://www.dump-news.example/2026/11/listing"}),
        ("", "dump.txt", {"url": "https://dump.example/2026/11/listing"}),
    ],
)
def test_a_dumps_site_name_its_own_file_confirms_leaves_the_headline(
    extra: str, location: str, meta: dict | None
) -> None:
    """No related-posts widget and no configured name: "– Dump News" stayed in the
    headline, though the dump's copyright line, folder or address named the site."""
    article = clean_article(parse_dump_text(DUMP_NEWS + extra, location, meta=meta))
    assert article.title == "Exchange Lists New Token"
    assert article.source_name == "Dump News"


@pytest.mark.parametrize(
    ("headline", "extra", "meta"),
    [
        ("Rates Rise - Again", "© 2026 Quay Post. All rights reserved.\n", None),
        ("Rates Rise - Again", "", {"url": "https://rates.example/2026/again"}),
        ("Bitcoin – The Next Decade", "", {"url": "https://thenext.example/decade"}),
        ("Bitcoin – The Next Decade", "Read more: The Next Decade of Mining Rigs\n", None),
    ],
)
def test_a_headlines_own_ending_stays_though_the_file_names_something(
    headline: str, extra: str, meta: dict | None
) -> None:
    dump = (f"Markets\n{headline}\nThe bank raised rates again on Tuesday.\n"
            f"Markets had expected the move for weeks.\n{extra}")
    assert clean_article(parse_dump_text(dump, "dump.txt", meta=meta)).title == headline


def test_a_summary_is_not_cut_at_or_inside_a_link() -> None:
    """"… the full report is at https://qu…" ended an auto-made summary: cut at the
    sentence before the address instead."""
    from digest.clean import make_summary

    first = "The vault grew by a third in October as three new strategies drew deposits. "
    second = "Fees fell by a tenth in the first hour, and the team expects them to fall more. "
    text = first * 2 + second + "The full report is at https://quay.example/r/2026/11/vault?id=7."
    summary = make_summary("", text)
    assert summary == (first * 2 + second).strip()
    assert "http" not in summary and not summary.endswith(("at…", "at"))
    cut = make_summary("", first * 2 + second + "See https://quay.example/" + "x" * 200)
    assert cut == (first * 2 + second).strip()
    # an address well inside the summary stays; a long text still ends in an ellipsis
    inside = make_summary("", "Read https://quay.example/a first. " + second * 5)
    assert inside.startswith("Read https://quay.example/a first.") and inside.endswith("…")


def test_links_in_a_body_lose_their_tracking_parameters_in_clean() -> None:
    """utm_*, fbclid, gclid, mc_cid ... stayed in body links until the renderer (clean is
    where untrusted HTML is made ready, once); the rest of the link stays as written."""
    kept = sanitize_html(
        '<p><a href="https://news.example/a?utm_source=rss&amp;id=3&amp;fbclid=x#part">a</a>'
        ' <a href="/b?gclid=1&amp;mc_cid=2">b</a> <a href="https://news.example/c?page=2">c</a>'
        ' <a href="mailto:desk@news.example?subject=tip">d</a></p>',
        "https://news.example/post")
    assert 'href="https://news.example/a?id=3#part"' in kept
    assert 'href="https://news.example/b"' in kept
    assert 'href="https://news.example/c?page=2"' in kept
    assert 'href="mailto:desk@news.example?subject=tip"' in kept
    item, _report = clean_feed_item(
        '<p>The <a href="https://news.example/x?utm_medium=feed">filing</a> is out.</p>')
    assert 'href="https://news.example/x"' in item.body_html


def test_cleaning_links_loads_no_template_engine() -> None:
    import subprocess
    import sys

    code = ("import sys; from digest.clean import sanitize_html; "
            "sanitize_html('<a href=\"https://a.example/?utm_source=x\">a</a>'); "
            "print('jinja2' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == "False"
