"""What feeds add around an item's text (digest/clean.py: drop_feed_furniture): the shapes
of WordPress, Medium, Reddit, Hacker News, YouTube, podcast and Google News feeds, written
here with synthetic content. The real paragraphs stay, in order, with their markup; the
furniture goes from the page, the summary and the text dedupe and topics read."""

from __future__ import annotations

from digest.cache import prepare_plain
from digest.clean import drop_feed_furniture
from digest.config import LimitsConfig
from digest.ingest.feeds import parse_feed_bytes
from digest.model import Article


def _rss(items: str, extra_ns: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        f'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" {extra_ns}>'
        "<channel><title>Desk</title><link>https://desk.example/</link><description>d"
        f"</description>{items}</channel></rss>"
    ).encode()


def _prepared(feed: bytes, name: str = "f.xml") -> list[Article]:
    return prepare_plain(parse_feed_bytes(feed, name), LimitsConfig(), None)[0]


WORDPRESS = _rss("""<item><title>Validators raise the gas limit</title>
<link>https://desk.example/gas-limit/</link><pubDate>Wed, 25 Nov 2026 14:05:00 +0000</pubDate>
<description><![CDATA[<p>Validators voted to raise the gas limit&#8230;</p>
<p>The post <a href="https://desk.example/gas-limit/">Validators raise the gas limit</a>
appeared first on <a href="https://desk.example">Desk</a>.</p>]]></description>
<content:encoded><![CDATA[<figure><img src="https://desk.example/up/v.jpg" alt=""><figcaption>The
vote closed on Tuesday.</figcaption></figure>
<p>Validators voted on Tuesday to raise the block gas limit by a third.</p>
<p>&nbsp;</p>
<p>The change takes effect next week, after two testnets ran it since October.</p>
<blockquote><p>Passed with 71% of stake.</p></blockquote>
<p>Some operators warned about hardware costs for home stakers.</p>
<div class="sharedaddy"><h3 class="sd-title">Share this:</h3><ul><li><a
href="https://desk.example/?share=x">X</a></li><li><a href="https://desk.example/?share=fb"
>Facebook</a></li></ul></div>
<h3>Related</h3><ul><li><a href="https://desk.example/upgrade/">The upgrade goes live</a></li></ul>
<p>The post <a href="https://desk.example/gas-limit/">Validators raise the gas limit</a>
appeared first on <a href="https://desk.example">Desk</a>.</p>]]></content:encoded></item>""")


def test_wordpress_share_buttons_related_posts_and_the_post_note_go() -> None:
    [article] = _prepared(WORDPRESS)
    assert article.paragraphs == (
        "Validators voted on Tuesday to raise the block gas limit by a third.",
        "The change takes effect next week, after two testnets ran it since October.",
        "Passed with 71% of stake.",
        "Some operators warned about hardware costs for home stakers.",
    )
    body = article.body_html
    for gone in ("Share this", "Facebook", "Related", "The upgrade goes live", "appeared first",
                 "<p>\xa0</p>", "<p>&nbsp;</p>", "<ul>"):
        assert gone not in body, gone
    for kept in ("<figure>", "<figcaption>", "<blockquote>", 'src="https://desk.example/up/v.jpg"'):
        assert kept in body, kept
    assert article.summary == "Validators voted to raise the gas limit…"


MEDIUM = _rss("""<item><title>Why rollup fees fell</title>
<link>https://medium.example/@w/why-1a2b</link><pubDate>Tue, 24 Nov 2026 09:12:44 GMT</pubDate>
<content:encoded><![CDATA[<h3>Why rollup fees fell</h3><figure><img src="https://cdn.example/1.png"
alt=""><figcaption>Median fee by week</figcaption></figure><p>Fees on the largest rollups fell by
half.</p><p>Blob space stayed cheap all month.</p><img src="https://medium.example/_/stat?event=x"
width="1" height="1" alt=""><hr><p><a href="https://medium.example/@w/why-1a2b">Why rollup fees
fell</a> was originally published in <a href="https://medium.example/notes">Notes</a> on Medium,
where people are continuing the conversation by highlighting and responding to this story.</p>
]]></content:encoded></item>""")


def test_medium_headline_copy_and_originally_published_note_go_captions_stay_out_of_text() -> None:
    [article] = _prepared(MEDIUM)
    assert article.paragraphs == ("Fees on the largest rollups fell by half.",
                                  "Blob space stayed cheap all month.")
    assert article.summary.startswith("Fees on the largest rollups"), "not the caption"
    body = article.body_html
    assert "<h3>" not in body and "originally published" not in body and "<hr>" not in body
    assert "<figcaption>Median fee by week</figcaption>" in body  # on the page, not in text
    assert "_/stat" not in body  # the tracking pixel


REDDIT = b"""<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>r/defi</title><link rel="alternate" href="https://www.reddit.example/r/defi"/>
<id>/r/defi.rss</id><updated>2026-11-25T10:00:00+00:00</updated>
<entry><author><name>/u/kelp</name></author><id>t3_1</id>
<link href="https://www.reddit.example/r/defi/comments/1/rates/"/>
<updated>2026-11-25T09:40:00+00:00</updated><title>Lending rates converging?</title>
<content type="html">&lt;!-- SC_OFF --&gt;&lt;div class="md"&gt;&lt;p&gt;Supply rates on the three
largest pools are within 0.2% of each other.&lt;/p&gt; &lt;p&gt;Arbitrage bots, or whales?&lt;/p&gt;
&lt;/div&gt;&lt;!-- SC_ON --&gt; &amp;#32; submitted by &amp;#32; &lt;a
href="https://www.reddit.example/user/kelp"&gt; /u/kelp &lt;/a&gt; &lt;br/&gt; &lt;span&gt;&lt;a
href="https://www.reddit.example/r/defi/comments/1/rates/"&gt;[link]&lt;/a&gt;&lt;/span&gt;
&amp;#32; &lt;span&gt;&lt;a href="https://www.reddit.example/r/defi/comments/1/rates/"&gt;[comments]
&lt;/a&gt;&lt;/span&gt;</content></entry></feed>"""

HACKER_NEWS = _rss("""<item><title>A tiny SQLite extension</title>
<link>https://blog.example/sqlite</link><pubDate>Wed, 25 Nov 2026 11:02:11 +0000</pubDate>
<description><![CDATA[<p>Article URL: <a href="https://blog.example/sqlite">https://blog.example/sqlite</a></p>
<p>Comments URL: <a href="https://hn.example/item?id=1">https://hn.example/item?id=1</a></p>
<p>Points: 212</p><p># Comments: 64</p>]]></description></item>""")


def test_reddit_footer_and_aggregator_counters_go() -> None:
    [post] = _prepared(REDDIT, "r.atom")
    assert post.paragraphs == (
        "Supply rates on the three largest pools are within 0.2% of each other.",
        "Arbitrage bots, or whales?",
    )
    assert "submitted" not in post.body_html and "[comments]" not in post.body_html
    assert "submitted" not in post.summary
    [link] = _prepared(HACKER_NEWS)
    assert link.paragraphs == () and link.summary == ""
    assert link.url == "https://blog.example/sqlite"


def test_plain_text_descriptions_become_paragraphs() -> None:
    """YouTube's media:description (typed HTML, no tags) and a podcast's text/plain summary:
    a paragraph for each blank-line-separated part, escaped only when it is plain text."""
    youtube = b"""<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"
xmlns:media="http://search.yahoo.com/mrss/"><title>Chain Explained</title>
<link rel="alternate" href="https://video.example/c/1"/><id>yt:channel:1</id>
<entry><id>yt:video:v1</id><title>How restaking works</title>
<link rel="alternate" href="https://video.example/watch?v=v1"/>
<published>2026-11-24T16:00:00+00:00</published><media:group><media:description>
Restaking lets staked coins secure other services too.

The risks: slashing twice &amp; correlated failures.

Follow us on X: https://x.example/chain</media:description></media:group></entry></feed>"""
    [video] = _prepared(youtube, "v.atom")
    assert video.paragraphs == (
        "Restaking lets staked coins secure other services too.",
        "The risks: slashing twice & correlated failures.",
    )
    podcast = _rss("""<item><title>Episode 88: Q&amp;A</title><guid>ep88</guid>
<pubDate>Mon, 23 Nov 2026 05:00:00 -0800</pubDate><itunes:summary>Listener Q&amp;A:
is &lt;1% slippage real?

Two oracle operators answer.</itunes:summary></item>""")
    [episode] = _prepared(podcast)
    # a single newline is the author's line break
    assert episode.paragraphs == ("Listener Q&A:", "is <1% slippage real?",
                                  "Two oracle operators answer.")
    assert "&lt;1% slippage" in episode.body_html  # escaped, not a tag
    # <guid>ep88</guid> is no address: no link made up from it and the site's address
    assert episode.url is None


def test_an_aggregators_publisher_suffix_leaves_the_headline() -> None:
    feed = _rss("""<item><title>Regulators publish reserve rules - The Daily Ledger</title>
<link>https://news.example/rss/articles/CBMi?oc=5</link><guid isPermaLink="false">CBMi</guid>
<pubDate>Wed, 25 Nov 2026 08:00:00 GMT</pubDate><description>Rules.</description>
<source url="https://ledger.example">The Daily Ledger</source></item>""")
    [article] = _prepared(feed)
    assert article.title == "Regulators publish reserve rules"


def test_prose_that_looks_like_furniture_words_stays() -> None:
    """Block rules match whole short lines: prose that mentions sharing, related stories or
    points stays, and a body with nothing to drop is returned as it came."""
    body = ("<p>Share this with care: the exploit is still live on two forks.</p>"
            "<h3>Related risks</h3><ul><li>Bridges that share a multisig</li></ul>"
            "<p>Points: the fee fell, the queue shrank and the backlog cleared.</p>")
    assert drop_feed_furniture(body, "A title")[:2] == (body, [])
    kept, dropped, _blocks = drop_feed_furniture("<h2>A title</h2><p>Text.</p><p>Share this:</p>",
                                        "A title")
    assert kept == "<p>Text.</p>"
    assert [rule for _text, rule in dropped] == ["headline", "share-widget"]


def test_substack_buttons_and_ghost_preview_cards_are_not_text() -> None:
    """Substack's "Subscribe now" and "Share" buttons go; a Ghost bookmark card (a link's
    preview, <div>s inside a <figure>) stays on the page, its parts apart, but is neither a
    paragraph nor the summary."""
    feed = _rss("""<item><title>Three charts</title><link>https://letter.example/p/3</link>
<pubDate>Tue, 24 Nov 2026 13:00:00 GMT</pubDate><content:encoded><![CDATA[<p>Sequencer
revenue rose again.</p><p class="button-wrapper"><a class="button primary"
href="https://letter.example/subscribe?"><span>Subscribe now</span></a></p><figure
class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="https://other.example/r"><div
class="kg-bookmark-title">The State of Staking</div><div
class="kg-bookmark-description">An annual report.</div></a></figure><p>Margins shrank.</p>
<p class="button-wrapper"><a class="button primary" href="https://letter.example/p/3?action=share"><span>Share</span></a></p>
]]></content:encoded></item>""")
    [article] = _prepared(feed)
    assert article.paragraphs == ("Sequencer revenue rose again.", "Margins shrank.")
    assert article.summary == "Sequencer revenue rose again. Margins shrank."
    assert "Subscribe" not in article.body_html and ">Share<" not in article.body_html
    assert "The State of Staking An annual report." in article.body_html  # not "StakingAn"


def test_a_long_note_at_the_end_goes_after_quotes_and_figures() -> None:
    """Furniture longer than a short block is matched at the end: the last three blocks of
    the body as the rules see them, however many quotes and captions stand before them."""
    headline = "A very long headline about " + "staking and restaking and yields " * 8
    note = (f"<p>The post <a href='https://desk.example/x'>{headline}</a> appeared first on "
            "<a href='https://desk.example'>Desk</a>.</p>")
    assert len(f"The post {headline} appeared first on Desk.") > 300  # not a short block
    body = ("<p>One.</p><blockquote><p>Quoted.</p></blockquote>"
            "<figure><img src='https://desk.example/i.png' alt=''><figcaption>A caption."
            "</figcaption></figure>" + "".join(f"<p>Paragraph {n}.</p>" for n in range(6))
            + "<blockquote>Another quote.</blockquote>" + note)
    kept, dropped, blocks = drop_feed_furniture(body, "Title")
    assert "appeared first" not in kept and [rule for _t, rule in dropped] == ["syndication-note"]
    assert [text for kind, text in blocks if kind == "p"][-1] == "Another quote."


def test_explain_names_the_feed_rules(tmp_path) -> None:
    """digest clean FEED --explain lists what the feed pass dropped, by rule."""
    import json
    import subprocess
    import sys

    feed = tmp_path / "wordpress.xml"
    feed.write_bytes(WORDPRESS)
    result = subprocess.run([sys.executable, "-m", "digest", "clean", "--explain", str(feed)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    (item,) = json.loads(result.stdout)
    rules = {d["rule"] for d in item["explain"]["clean"]["dropped"]}
    assert {"share-widget", "read-more", "syndication-note"} <= rules


def test_a_summary_made_from_plain_text_keeps_its_angle_brackets_and_entities() -> None:
    """An Atom summary of type text is the body; the summary made from its paragraph keeps
    what the reader is meant to see ("<not a tag>", a literal "&lt;"), as the page does."""
    feed = (
        b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        b"<title>Notes</title><id>urn:x</id><updated>2026-11-24T10:00:00Z</updated>"
        b'<link rel="alternate" href="https://notes.example/"/>'
        b"<entry><title>Escaping in templates</title><id>tag:notes.example,2026:2</id>"
        b"<updated>2026-11-24T11:00:00Z</updated><link href='https://notes.example/e'/>"
        b'<summary type="text">Write &lt;b&gt; for bold &amp; &amp;lt; for a "&lt;".'
        b"</summary></entry></feed>"
    )
    (article,) = _prepared(feed, "notes.atom")
    assert article.paragraphs == ('Write <b> for bold & &lt; for a "<".',)
    assert article.summary == 'Write <b> for bold & &lt; for a "<".'
    assert "&lt;b&gt;" in article.body_html  # shown as text on the page, not made bold


WORDPRESS_EXCERPTS = _rss("""<item><title>Weekly Wrap</title>
<link>https://desk.example/wrap/</link><pubDate>Tue, 24 Nov 2026 09:00:00 +0000</pubDate>
<description><![CDATA[<p>This week in chains, fees fell and two bridges reopened.</p>
<p><a href="https://desk.example/wrap/" class="more-link">Continue reading <span
class="screen-reader-text">Weekly Wrap</span></a></p>]]></description></item>
<item><title>Vault Hits A Billion</title><link>https://desk.example/vault/</link>
<pubDate>Tue, 24 Nov 2026 08:00:00 +0000</pubDate><description><![CDATA[A lending vault \
crossed $1 billion in deposits on Monday, its team said. The vault&#8217;s growth \
[&#8230;]]]></description></item>
<item><title>Read On</title><link>https://desk.example/on/</link>
<pubDate>Tue, 24 Nov 2026 07:00:00 +0000</pubDate><description><![CDATA[<p>Continue
reading the fine print and the vote looks closer: 51% of stake.</p><p>The team will publish
the full tally on Friday.</p>]]></description></item>""")


def test_an_excerpts_continue_reading_link_and_bracketed_ellipsis_go() -> None:
    """WordPress excerpts: the closing "Continue reading <title>" link is not a paragraph
    (the page links to the original already), and "[…]" becomes an ellipsis in the summary;
    the same words opening a paragraph that is not the last are prose, and stay."""
    wrap, vault, read_on = _prepared(WORDPRESS_EXCERPTS)
    assert wrap.paragraphs == ("This week in chains, fees fell and two bridges reopened.",)
    assert "Continue reading" not in wrap.body_html and "Continue" not in wrap.summary
    assert vault.summary.endswith("The vault’s growth…")
    assert "[" not in vault.summary
    assert read_on.paragraphs[0].startswith("Continue reading the fine print")
    assert len(read_on.paragraphs) == 2


def test_a_feed_name_escaped_twice_is_read_once_more_and_its_ids_stay() -> None:
    """"Messy &amp;amp; Co" as a channel title: the source reads "Messy & Co", as its
    headlines do, and its suffix on a headline is the site's name; the articles' ids are
    those ingest made from the name as given, so no story changes its address."""
    feed = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        b"<title>Messy &amp;amp; Co</title><link>https://messy.example/</link>"
        b"<item><title>AT&amp;amp;T Tests A Ledger - Messy &amp;amp; Co</title>"
        b"<link>https://messy.example/att</link><description>AT&amp;amp;T said the pilot "
        b"settled 1,000 invoices.</description></item></channel></rss>"
    )
    (raw,) = parse_feed_bytes(feed, "messy.xml")
    (article,) = _prepared(feed, "messy.xml")
    assert article.source_name == "Messy & Co"
    assert article.title == "AT&T Tests A Ledger"
    assert article.id == raw.id and raw.source_name == "Messy &amp; Co"
