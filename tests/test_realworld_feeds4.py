"""Feeds of popular generators, read as a reader sees them after the clean stage: Hacker
News (news.ycombinator.com and hnrss.org), Mastodon, arXiv (RSS since 2024, the older RSS
1.0, the API's Atom), Medium, Blogger, Tumblr, Lemmy, RSSHub, GitHub commits, Stack
Exchange and podcasts. Every feed here is synthetic, written in the shape those services
write: headline, link, date, author, source name, summary and paragraphs are checked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from digest.clean import clean_all
from digest.ingest.feeds import parse_feed_bytes, person_name
from digest.model import Article
from digest.util import stable_id


def _read(feed: bytes, name: str = "feed.xml") -> list[Article]:
    return clean_all(parse_feed_bytes(feed, name))


def _rss(channel: str, items: str, ns: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f"{ns}><channel>{channel}{items}</channel></rss>"
    ).encode()


# ------------------------------------------------------------------ Hacker News

HN = _rss(
    "<title>Hacker News</title><link>https://news.ycombinator.com/</link>"
    "<description>Links for the intellectually curious, ranked by readers.</description>",
    """<item><title>Show HN: A ledger in 400 lines of Zig</title>
<link>https://ledger-zig.example.dev/</link><pubDate>Tue, 1 Dec 2026 10:15:02 +0000</pubDate>
<comments>https://news.ycombinator.com/item?id=45001234</comments>
<description><![CDATA[<a href="https://news.ycombinator.com/item?id=45001234">Comments</a>]]>
</description></item>""",
)

HNRSS = _rss(
    "<title>Hacker News: Front Page</title><link>https://news.ycombinator.com/</link>"
    "<description>Hacker News RSS</description><generator>hnrss v2.1.1</generator>",
    """<item><title><![CDATA[Rollup fees fell by half in November]]></title><description><![CDATA[
<p>Article URL: <a href="https://fees.example.org/november">https://fees.example.org/november</a></p>
<p>Comments URL: <a href="https://news.ycombinator.com/item?id=45001300">https://news.ycombinator.com/item?id=45001300</a></p>
<p>Points: 212</p>
<p># Comments: 64</p>
]]></description><pubDate>Tue, 01 Dec 2026 10:02:11 +0000</pubDate>
<link>https://fees.example.org/november</link><dc:creator>kelpdev</dc:creator>
<comments>https://news.ycombinator.com/item?id=45001300</comments>
<guid isPermaLink="false">https://news.ycombinator.com/item?id=45001300</guid></item>
<item><title><![CDATA[Ask HN: Anyone running a light client at home?]]></title>
<description><![CDATA[
<p>I run one on a small board. It syncs in minutes and uses 2 GB.</p>
<p>What broke for you?</p>
<hr><p>Comments URL: <a href="https://news.ycombinator.com/item?id=45001301">https://news.ycombinator.com/item?id=45001301</a></p>
<p>Points: 12</p>
<p># Comments: 3</p>
]]></description><pubDate>Tue, 01 Dec 2026 09:02:11 +0000</pubDate>
<link>https://news.ycombinator.com/item?id=45001301</link><dc:creator>nodeuser</dc:creator>
<guid isPermaLink="false">https://news.ycombinator.com/item?id=45001301</guid></item>""",
)


def test_hacker_news_links_the_article_and_its_furniture_is_no_text() -> None:
    [story] = _read(HN)
    assert story.url == "https://ledger-zig.example.dev/"
    assert story.paragraphs == () and story.summary == ""
    link, ask = _read(HNRSS)
    assert link.url == "https://fees.example.org/november"
    assert link.paragraphs == () and link.summary == ""
    assert link.author == "kelpdev"
    assert link.published == datetime(2026, 12, 1, 10, 2, 11, tzinfo=UTC)
    # an Ask HN post's own text stays; its counters go
    assert ask.paragraphs == ("I run one on a small board. It syncs in minutes and uses 2 GB.",
                              "What broke for you?")
    assert "Points" not in ask.body_html and "Comments URL" not in ask.body_html


# ------------------------------------------------------------------ Mastodon

MASTODON_NS = ('xmlns:webfeeds="http://webfeeds.org/rss/1.0" '
               'xmlns:media="http://search.yahoo.com/mrss/"')
MASTODON = _rss(
    "<title>Chain Watch</title><description>Public posts from @chainwatch@social.example"
    "</description><link>https://social.example/@chainwatch</link>"
    "<generator>Mastodon v4.3.0</generator>",
    """<item><guid isPermaLink="true">https://social.example/@chainwatch/1135001</guid>
<link>https://social.example/@chainwatch/1135001</link>
<pubDate>Tue, 01 Dec 2026 10:30:00 +0000</pubDate>
<description>&lt;p&gt;Bridge outflows from the big rollup bridge reached $210M in the last 24 \
hours, the largest daily figure since March. Most of it went to two exchanges.&lt;/p&gt;\
&lt;p&gt;cc &lt;span class="h-card" translate="no"&gt;&lt;a href="https://social.example/@analyst" \
class="u-url mention"&gt;@&lt;span&gt;analyst&lt;/span&gt;&lt;/a&gt;&lt;/span&gt; \
&lt;a href="https://social.example/tags/defi" class="mention hashtag" rel="tag"&gt;#&lt;span&gt;\
defi&lt;/span&gt;&lt;/a&gt;&lt;/p&gt;</description>
<media:content url="https://files.social.example/media/1/chart.png" type="image/png"
fileSize="81234" medium="image"><media:rating scheme="urn:simple">nonadult</media:rating>
<media:description type="plain">A bar chart of daily bridge outflows</media:description>
</media:content><category>defi</category></item>
<item><guid isPermaLink="true">https://social.example/@chainwatch/1135002</guid>
<link>https://social.example/@chainwatch/1135002</link>
<pubDate>Tue, 01 Dec 2026 09:00:00 +0000</pubDate>
<media:content url="https://files.social.example/media/2/gas.png" type="image/png"
medium="image"><media:description type="plain">A line chart of gas prices</media:description>
</media:content>
<description>&lt;p&gt;Gas is at 3 gwei, the lowest this year.&lt;/p&gt;</description></item>""",
    MASTODON_NS,
)


def test_a_mastodon_post_is_its_text_not_its_images_alt_text() -> None:
    """feedparser reads an item's second description (the image's media:description) as
    its content: the post was only the summary, and the alt text its body and headline."""
    first, second = _read(MASTODON)
    assert first.paragraphs[0].startswith("Bridge outflows from the big rollup bridge")
    assert first.paragraphs[1] == "cc @analyst #defi"
    assert "bar chart" not in first.body_html and "bar chart" not in first.summary
    # no <title>: a headline from the text, cut at a word, not the whole post
    assert first.title.startswith("Bridge outflows") and first.title.endswith("…")
    assert len(first.title) <= 81
    assert first.url == "https://social.example/@chainwatch/1135001"
    assert first.source_name == "Chain Watch"
    assert first.published == datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    # the alt text before the post: then it was the summary
    assert second.paragraphs == ("Gas is at 3 gwei, the lowest this year.",)
    assert second.summary == "Gas is at 3 gwei, the lowest this year."
    assert second.title == "Gas is at 3 gwei, the lowest this year."


def test_an_older_mastodons_new_status_by_headline_gives_way_to_the_text() -> None:
    feed = b"""<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<id>https://social.example/users/chainwatch.atom</id><title>Chain Watch</title>
<link rel="alternate" type="text/html" href="https://social.example/@chainwatch"/>
<updated>2026-12-01T10:00:00Z</updated>
<entry><id>https://social.example/users/chainwatch/statuses/1</id>
<published>2026-12-01T10:00:00Z</published><updated>2026-12-01T10:00:00Z</updated>
<title>New status by chainwatch</title>
<content type="html">&lt;p&gt;The testnet fork went live at block 4,200,000.&lt;/p&gt;</content>
<link rel="alternate" type="text/html" href="https://social.example/@chainwatch/1"/></entry>
<entry><id>https://social.example/users/chainwatch/statuses/2</id>
<published>2026-12-01T09:00:00Z</published><updated>2026-12-01T09:00:00Z</updated>
<title>chainwatch shared a status by analyst</title>
<content type="html">&lt;p&gt;Validators upgraded faster than last time.&lt;/p&gt;</content>
<link rel="alternate" type="text/html" href="https://social.example/@chainwatch/2"/></entry>
</feed>"""
    fork, boost = _read(feed, "m.atom")
    assert fork.title == "The testnet fork went live at block 4,200,000."
    assert boost.title == "Validators upgraded faster than last time."
    # the id is the one the entry's id made, as before
    assert fork.id == stable_id("Chain Watch", "https://social.example/users/chainwatch/statuses/1")


# ------------------------------------------------------------------ arXiv

ARXIV_NEW = _rss(
    "<title>cs.CR updates on arXiv.org</title><link>http://rss.arxiv.org/rss/cs.CR</link>"
    "<description>cs.CR updates on the arXiv.org e-print archive.</description>"
    "<managingEditor>rss-help@arxiv.org</managingEditor>"
    "<pubDate>Tue, 01 Dec 2026 00:00:00 -0500</pubDate>"
    "<skipDays><day>Saturday</day><day>Sunday</day></skipDays>",
    """<item><title>Front-Running Resistance in Threshold-Encrypted Mempools</title>
<link>https://arxiv.org/abs/2611.01234</link>
<description>arXiv:2611.01234v1 Announce Type: new
Abstract: We measure how often threshold-encrypted mempools leak ordering information to \
block builders. We propose a padding scheme that lowers the leak to under 1%.</description>
<guid isPermaLink="false">oai:arXiv.org:2611.01234v1</guid>
<category>cs.CR</category><category>cs.DC</category>
<arxiv:announce_type>new</arxiv:announce_type>
<dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
<dc:creator>Ana Lima, Bo Chen</dc:creator></item>""",
    'xmlns:arxiv="http://arxiv.org/schemas/atom"',
)

ARXIV_OLD = b"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://arxiv.org/"><title>cs.CR updates on arXiv.org</title>
<link>http://arxiv.org/</link><description rdf:parseType="Literal">Computer Science --
Cryptography and Security (cs.CR) updates on the arXiv.org e-print archive</description>
<dc:date>2026-11-30T20:30:00-05:00</dc:date>
<items><rdf:Seq><rdf:li rdf:resource="http://arxiv.org/abs/2610.04321"/></rdf:Seq></items>
</channel>
<item rdf:about="http://arxiv.org/abs/2610.04321">
<title>Auditing Light-Client Bridges. (arXiv:2610.04321v2 [cs.CR] UPDATED)</title>
<link>http://arxiv.org/abs/2610.04321</link>
<description rdf:parseType="Literal">&lt;p&gt;Light-client bridges verify consensus proofs
on chain. We audit five of them.&lt;/p&gt;</description>
<dc:creator> &lt;a href="http://arxiv.org/find/cs/1/au:+Evans_D/0/1/0/all/0/1"&gt;Dan
Evans&lt;/a&gt;,
&lt;a href="http://arxiv.org/find/cs/1/au:+Ito_K/0/1/0/all/0/1"&gt;Kei Ito&lt;/a&gt;</dc:creator>
</item></rdf:RDF>"""

ARXIV_API = b"""<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<link href="http://arxiv.org/api/query?search_query%3Dall%3Amempool" rel="self"
type="application/atom+xml"/>
<title type="html">ArXiv Query: search_query=all:mempool&amp;id_list=&amp;start=0</title>
<id>http://arxiv.org/api/q1w2e3</id><updated>2026-12-01T00:00:00-05:00</updated>
<entry><id>http://arxiv.org/abs/2611.01234v1</id><updated>2026-11-29T18:00:01Z</updated>
<published>2026-11-29T18:00:01Z</published>
<title>Front-Running Resistance in Threshold-Encrypted
  Mempools</title>
<summary>  We measure how often threshold-encrypted mempools leak ordering information
to block builders. We propose a padding scheme that lowers the leak to under 1%.
</summary>
<author><name>Ana Lima</name></author><author><name>Bo Chen</name></author>
<link href="http://arxiv.org/abs/2611.01234v1" rel="alternate" type="text/html"/>
<link title="pdf" href="http://arxiv.org/pdf/2611.01234v1" rel="related" type="application/pdf"/>
<category term="cs.CR" scheme="http://arxiv.org/schemas/atom"/></entry></feed>"""

ABSTRACT = ("We measure how often threshold-encrypted mempools leak ordering information to "
            "block builders. We propose a padding scheme that lowers the leak to under 1%.")


def test_arxivs_listing_line_is_no_text_and_its_items_take_the_days_date() -> None:
    [paper] = _read(ARXIV_NEW)
    assert paper.title == "Front-Running Resistance in Threshold-Encrypted Mempools"
    assert paper.paragraphs == (ABSTRACT,)
    assert paper.summary == ABSTRACT
    assert "Announce Type" not in paper.body_html
    assert paper.url == "https://arxiv.org/abs/2611.01234"
    assert paper.author == "Ana Lima, Bo Chen"
    assert paper.tags == ("cs.CR", "cs.DC")
    # the items carry no date: the listing's is theirs
    assert paper.published == datetime(2026, 12, 1, 5, 0, tzinfo=UTC)


def test_arxivs_older_feed_loses_the_identifier_tail_and_its_authors_markup() -> None:
    [paper] = _read(ARXIV_OLD)
    assert paper.title == "Auditing Light-Client Bridges"
    assert paper.author == "Dan Evans, Kei Ito"
    assert paper.paragraphs == ("Light-client bridges verify consensus proofs on chain. "
                                "We audit five of them.",)
    assert paper.published == datetime(2026, 12, 1, 1, 30, tzinfo=UTC)


def test_an_arxiv_abstract_wrapped_at_eighty_characters_is_one_paragraph() -> None:
    [paper] = _read(ARXIV_API, "arxiv.atom")
    assert paper.paragraphs == (ABSTRACT,)
    assert paper.title == "Front-Running Resistance in Threshold-Encrypted Mempools"
    assert paper.author == "Ana Lima, Bo Chen"
    assert paper.source_name == "arXiv"  # not "ArXiv Query: search_query=..."


# ------------------------------------------------------------------ Medium

MEDIUM = _rss(
    "<title><![CDATA[Stories by Wen Rollup on Medium]]></title>"
    "<description><![CDATA[Stories by Wen Rollup on Medium]]></description>"
    "<link>https://medium.com/@wenrollup?source=rss-8a7b6c5d4e3f------2</link>"
    "<generator>Medium</generator>",
    """<item><title><![CDATA[Why rollup fees fell]]></title>
<link>https://medium.com/@wenrollup/why-rollup-fees-fell-1a2b3c4d5e6f?source=rss-8a7b6c5d4e3f------2</link>
<guid isPermaLink="false">https://medium.com/p/1a2b3c4d5e6f</guid>
<category><![CDATA[ethereum]]></category><dc:creator><![CDATA[Wen Rollup]]></dc:creator>
<pubDate>Tue, 01 Dec 2026 09:12:44 GMT</pubDate>
<atom:updated>2026-12-01T09:20:01.123Z</atom:updated>
<content:encoded><![CDATA[<h3>Why rollup fees fell</h3><p>Fees on the largest rollups fell by
half.</p><p>Blob space stayed cheap all month.</p><img
src="https://medium.com/_/stat?event=post.clientViewed&referrerSource=full_rss&postId=1a2b3c4d5e6f"
width="1" height="1" alt=""><hr><p><a
href="https://medium.com/layer-notes/why-rollup-fees-fell-1a2b3c4d5e6f">Why rollup fees fell</a>
was originally published in <a href="https://medium.com/layer-notes">Layer Notes</a> on Medium,
where people are continuing the conversation by highlighting and responding to this story.</p>
]]></content:encoded></item>
<item><title><![CDATA[Restaking, briefly]]></title>
<link>https://medium.com/layer-notes/restaking-briefly-9f8e7d6c5b4a?source=rss----0a1b2c3d4e5f---4</link>
<guid isPermaLink="false">https://medium.com/p/9f8e7d6c5b4a</guid>
<dc:creator><![CDATA[Wen Rollup]]></dc:creator><pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate>
<description><![CDATA[<div class="medium-feed-item"><p class="medium-feed-image"><a
href="https://medium.com/layer-notes/restaking-briefly-9f8e7d6c5b4a"><img
src="https://cdn-images-1.medium.com/max/1024/1*cover.png" width="1024"></a></p><p
class="medium-feed-snippet">Restaking lets staked coins secure other services too.</p><p
class="medium-feed-link"><a href="https://medium.com/layer-notes/restaking-briefly-9f8e7d6c5b4a"
>Continue reading on Medium »</a></p></div>]]></description></item>""",
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:atom="http://www.w3.org/2005/Atom"',
)


def test_medium_links_lose_the_feeds_source_parameter_and_furniture_goes() -> None:
    full, snippet = _read(MEDIUM)
    assert full.url == "https://medium.com/@wenrollup/why-rollup-fees-fell-1a2b3c4d5e6f"
    assert snippet.url == "https://medium.com/layer-notes/restaking-briefly-9f8e7d6c5b4a"
    assert full.paragraphs == ("Fees on the largest rollups fell by half.",
                               "Blob space stayed cheap all month.")
    assert "_/stat" not in full.body_html and "originally published" not in full.body_html
    assert full.author == "Wen Rollup" and full.tags == ("ethereum",)
    assert snippet.paragraphs == ("Restaking lets staked coins secure other services too.",)
    assert "Continue reading" not in snippet.body_html
    # the id is the guid's, as before
    [raw, _] = parse_feed_bytes(MEDIUM, "feed.xml")
    assert raw.id == full.id


# ------------------------------------------------------------------ Blogger

BLOGGER = b"""<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom'
xmlns:gd="http://schemas.google.com/g/2005" xmlns:thr='http://purl.org/syndication/thread/1.0'>
<id>tag:blogger.com,1999:blog-1234567890</id><updated>2026-12-01T10:05:12.345-08:00</updated>
<title type='text'>Node Notes</title>
<link rel='alternate' type='text/html' href='https://nodenotes.blogspot.com/'/>
<author><name>Rita Node</name><uri>http://www.blogger.com/profile/0123</uri>
<email>noreply@blogger.com</email></author><generator version='7.00'
uri='http://www.blogger.com'>Blogger</generator>
<entry><id>tag:blogger.com,1999:blog-1234567890.post-111</id>
<published>2026-12-01T09:30:00.000-08:00</published><updated>2026-12-01T10:05:12.345-08:00</updated>
<category scheme="http://www.blogger.com/atom/ns#" term="staking"/>
<title type='text'>Moving my validator</title><content type='html'>&lt;div class="separator"
style="clear: both;"&gt;&lt;a href="https://blogger.example/img/s1600/rack.jpg"&gt;&lt;img
border="0" width="400" src="https://blogger.example/img/s400/rack.jpg"/&gt;&lt;/a&gt;&lt;/div&gt;
&lt;div&gt;I moved my validator to a machine with twice the memory.&lt;/div&gt;&lt;div&gt;&lt;br
/&gt;&lt;/div&gt;&lt;div&gt;The move took forty minutes.&lt;/div&gt;</content>
<link rel='replies' type='text/html' href='https://nodenotes.blogspot.com/2026/12/moving.html#comment-form'
title='4 Comments'/>
<link rel='alternate' type='text/html' href='https://nodenotes.blogspot.com/2026/12/moving.html'
title='Moving my validator'/>
<author><name>Rita Node</name><email>noreply@blogger.com</email></author>
<media:thumbnail xmlns:media="http://search.yahoo.com/mrss/"
url="https://blogger.example/img/s72-c/rack.jpg" height="72" width="72"/>
<thr:total>4</thr:total></entry>
<entry><id>tag:blogger.com,1999:blog-1234567890.post-112</id>
<published>2026-11-28T08:00:00.000-08:00</published><updated>2026-11-28T08:00:00.000-08:00</updated>
<title type='text'>A quiet week</title><content type='html'>Nothing broke this week.&lt;br
/&gt;&lt;br /&gt;Every node took the update.</content>
<link rel='alternate' type='text/html' href='https://nodenotes.blogspot.com/2026/11/quiet.html'/>
<author><name>Unknown</name><email>noreply@blogger.com</email></author><thr:total>0</thr:total>
</entry></feed>"""


def test_blogger_links_the_post_and_an_unknown_author_is_nobody() -> None:
    moving, quiet = _read(BLOGGER, "blogger.atom")
    assert moving.url == "https://nodenotes.blogspot.com/2026/12/moving.html"  # not comments
    assert moving.author == "Rita Node"
    assert moving.published == datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
    assert moving.paragraphs == ("I moved my validator to a machine with twice the memory.",
                                 "The move took forty minutes.")
    assert moving.source_name == "Node Notes" and moving.tags == ("staking",)
    # Blogger's "Unknown": no name, and not the blog's owner's either
    assert quiet.author is None
    assert quiet.paragraphs == ("Nothing broke this week.", "Every node took the update.")


@pytest.mark.parametrize("field", ["Unknown", "Unknown (noreply@blogger.com)", "anonymous"])
def test_a_placeholder_author_names_nobody(field: str) -> None:
    assert person_name(field) == ""


# ------------------------------------------------------------------ Tumblr

TUMBLR = _rss(
    "<description>a blog about nodes</description><title>Node Diary</title>"
    "<generator>Tumblr (3.0; @nodediary)</generator><link>https://nodediary.tumblr.com/</link>",
    """<item><title>Photo</title><description>&lt;img
src="https://64.media.tumblr.com/abc/s540x810/rack.jpg"/&gt;&lt;br/&gt;&lt;br/&gt;\
&lt;p&gt;The new rack, finally cabled.&lt;/p&gt;</description>
<link>https://nodediary.tumblr.com/post/765432109876543211</link>
<guid>https://nodediary.tumblr.com/post/765432109876543211</guid>
<pubDate>Mon, 30 Nov 2026 18:00:00 -0500</pubDate><dc:creator>nodediary</dc:creator></item>
<item><title>Swapped the SSD tonight.</title><description>&lt;p&gt;Swapped the SSD \
tonight.&lt;/p&gt;&lt;p&gt;The node resynced in four hours.&lt;/p&gt;</description>
<link>https://nodediary.tumblr.com/post/765432109876543210/swapped-the-ssd-tonight</link>
<guid>https://nodediary.tumblr.com/post/765432109876543210</guid>
<pubDate>Tue, 01 Dec 2026 21:14:03 -0500</pubDate><category>nodes</category>
<dc:creator>nodediary</dc:creator></item>""",
)


def test_tumblrs_photo_headline_gives_way_to_the_caption() -> None:
    photo, text = _read(TUMBLR)
    assert photo.title == "The new rack, finally cabled."
    assert photo.paragraphs == ("The new rack, finally cabled.",)
    assert photo.author == "nodediary"
    assert photo.published == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    # a text post's headline is its first words: kept, and so is the paragraph
    assert text.title == "Swapped the SSD tonight."
    assert text.paragraphs == ("Swapped the SSD tonight.", "The node resynced in four hours.")


def test_a_photo_headline_elsewhere_is_a_headline() -> None:
    feed = _rss("<title>Desk</title><link>https://desk.example/</link><description>d"
                "</description>",
                "<item><title>Photo</title><link>https://desk.example/p</link>"
                "<description>&lt;p&gt;The winners of our contest.&lt;/p&gt;</description>"
                "</item>")
    [item] = _read(feed)
    assert item.title == "Photo"


# ------------------------------------------------------------------ Lemmy

LEMMY = _rss(
    "<title>Lemmy.example - defi</title><link>https://lemmy.example/c/defi</link>"
    "<description>Talk about decentralised finance.</description>",
    """<item><title>Lending rates are converging across the big pools</title>
<link>https://rates.example.net/analysis/converging</link>
<guid>https://lemmy.example/post/123456</guid><pubDate>Tue, 01 Dec 2026 10:11:12 +0000</pubDate>
<dc:creator>https://lemmy.example/u/kelp</dc:creator>
<comments>https://lemmy.example/post/123456</comments>
<description>submitted by &lt;a href="https://lemmy.example/u/kelp"&gt;kelp&lt;/a&gt; to \
&lt;a href="https://lemmy.example/c/defi"&gt;defi&lt;/a&gt;&lt;br&gt;42 points | \
&lt;a href="https://lemmy.example/post/123456"&gt;7 comments&lt;/a&gt;&lt;br&gt;\
&lt;a href="https://rates.example.net/analysis/converging"&gt;\
https://rates.example.net/analysis/converging&lt;/a&gt;&lt;p&gt;Supply rates on the three \
largest pools are within 0.2% of each other.&lt;/p&gt;
&lt;p&gt;Arbitrage bots, or whales?&lt;/p&gt;
</description></item>
<item><title>Which wallet do you use for hardware keys?</title>
<link>https://lemmy.example/post/123457</link><guid>https://lemmy.example/post/123457</guid>
<pubDate>Tue, 01 Dec 2026 09:00:00 +0000</pubDate>
<dc:creator>https://other.example/u/nodeuser</dc:creator>
<description>submitted by &lt;a href="https://other.example/u/nodeuser"&gt;nodeuser&lt;/a&gt; \
to &lt;a href="https://lemmy.example/c/defi"&gt;defi&lt;/a&gt;&lt;br&gt;5 points | \
&lt;a href="https://lemmy.example/post/123457"&gt;2 comments&lt;/a&gt;</description></item>""",
)


def test_lemmys_submitted_by_line_is_no_text_and_its_creator_is_named() -> None:
    link, question = _read(LEMMY)
    assert link.url == "https://rates.example.net/analysis/converging"
    assert link.paragraphs == (
        "Supply rates on the three largest pools are within 0.2% of each other.",
        "Arbitrage bots, or whales?",
    )
    assert link.summary.startswith("Supply rates")
    assert "points" not in link.body_html and "submitted" not in link.body_html
    assert link.author == "kelp" and question.author == "nodeuser"
    assert question.paragraphs == () and question.summary == ""
    assert link.source_name == "Lemmy.example - defi"


# ------------------------------------------------------------------ RSSHub

RSSHUB = _rss(
    "<title><![CDATA[Chain Daily - Latest]]></title><link>https://chaindaily.example/latest</link>"
    '<atom:link href="http://rsshub.example/chaindaily/latest" rel="self" '
    'type="application/rss+xml"/><description><![CDATA[Chain Daily - Latest - Powered by '
    "RSSHub]]></description><generator>RSSHub</generator><webMaster>contact@rsshub.example "
    "(RSSHub)</webMaster><ttl>5</ttl>",
    """<item><title><![CDATA[Exchange pauses withdrawals after a drain]]></title>
<description><![CDATA[<p>An exchange paused withdrawals after its hot wallet lost $18M.</p>
<p>Cold storage was not touched.</p>]]></description>
<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>
<guid isPermaLink="false">https://chaindaily.example/news/pause</guid>
<link>https://chaindaily.example/news/pause</link><author><![CDATA[Mia Ledger]]></author>
<category>Exchanges</category></item>""",
    'xmlns:atom="http://www.w3.org/2005/Atom"',
)


def test_rsshub_output_reads_as_the_site_it_was_made_from() -> None:
    [item] = _read(RSSHUB)
    assert item.title == "Exchange pauses withdrawals after a drain"
    assert item.url == "https://chaindaily.example/news/pause"
    assert item.author == "Mia Ledger" and item.source_category == "Exchanges"
    assert item.paragraphs == ("An exchange paused withdrawals after its hot wallet lost $18M.",
                               "Cold storage was not touched.")


# ------------------------------------------------------------------ GitHub commits

COMMITS = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
<id>tag:github.com,2008:/example/node/commits/main</id>
<link type="text/html" rel="alternate" href="https://github.com/example/node/commits/main"/>
<title>Recent Commits to node:main</title><updated>2026-12-01T09:41:02Z</updated>
<entry><id>tag:github.com,2008:Grit::Commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567</id>
<link type="text/html" rel="alternate"
href="https://github.com/example/node/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"/>
<title>
    sync: cut block import time by a third
</title><updated>2026-12-01T09:41:02Z</updated>
<media:thumbnail height="30" width="30" url="https://avatars.example/u/1?s=30&amp;v=4"/>
<author><name>rita-node</name><uri>https://github.com/rita-node</uri></author>
<content type="html">
  &lt;pre style=&#39;white-space:pre-wrap;width:81ex&#39;&gt;sync: cut block import time by a third

Batch the state writes and skip the second hash of each header; the
import loop no longer waits on the disk.

- state writes go in one transaction
- headers are hashed once

Signed-off-by: Rita Node &amp;lt;rita@node.example&amp;gt;&lt;/pre&gt;
</content></entry>
<entry><id>tag:github.com,2008:Grit::Commit/1b2c3d4e5f60718293a4b5c6d7e8f9012345678a</id>
<link type="text/html" rel="alternate"
href="https://github.com/example/node/commit/1b2c3d4e5f60718293a4b5c6d7e8f9012345678a"/>
<title>docs: fix a typo</title><updated>2026-11-30T15:00:00Z</updated>
<author><name>rita-node</name></author>
<content type="html">&lt;pre style=&#39;white-space:pre-wrap;width:81ex&#39;&gt;docs: fix a \
typo&lt;/pre&gt;
</content></entry></feed>"""


def test_a_commit_message_is_its_body_without_the_subject_line() -> None:
    commit, typo = _read(COMMITS, "commits.atom")
    assert commit.title == "sync: cut block import time by a third"
    assert commit.paragraphs == (
        "Batch the state writes and skip the second hash of each header; the import loop "
        "no longer waits on the disk.",
        "- state writes go in one transaction",
        "- headers are hashed once",
    )
    assert commit.summary.startswith("Batch the state writes")
    assert "Signed-off-by" not in commit.body_html
    assert commit.author == "rita-node"
    assert commit.url.endswith("/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567")
    assert typo.paragraphs == () and typo.summary == ""


# ------------------------------------------------------------------ Stack Exchange

STACK = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"
xmlns:re="http://purl.org/atompub/rank/1.0">
<title type="text">Newest questions tagged ethereum - Stack Overflow</title>
<link rel="alternate" href="https://stackoverflow.com/questions/tagged/?tagnames=ethereum"
type="text/html"/><subtitle>most recent 30 from stackoverflow.com</subtitle>
<updated>2026-12-01T11:00:00Z</updated><id>https://stackoverflow.com/feeds/tag/ethereum</id>
<entry><id>https://stackoverflow.com/q/79000001</id><re:rank scheme="https://stackoverflow.com">2</re:rank>
<title type="text">Why does estimateGas return more than the gas used?</title>
<category scheme="https://stackoverflow.com/tags" term="ethereum"/>
<category scheme="https://stackoverflow.com/tags" term="web3js"/>
<author><name>node_dev</name><uri>https://stackoverflow.com/users/1234567</uri></author>
<link rel="alternate" href="https://stackoverflow.com/questions/79000001/why-does-estimategas"/>
<published>2026-12-01T10:40:12Z</published><updated>2026-12-01T10:52:30Z</updated>
<summary type="html">&lt;p&gt;I call &lt;code&gt;estimateGas&lt;/code&gt; before a transfer and it
returns 46,000, but the receipt says 41,200.&lt;/p&gt;
&lt;pre class=&quot;lang-js s-code-block&quot;&gt;&lt;code&gt;const gas = await estimateGas(tx);
&lt;/code&gt;&lt;/pre&gt;
&lt;p&gt;Is the difference a refund?&lt;/p&gt;</summary></entry></feed>"""


def test_a_stack_exchange_question_links_the_question_and_keeps_its_code() -> None:
    [question] = _read(STACK, "so.atom")
    assert question.url == "https://stackoverflow.com/questions/79000001/why-does-estimategas"
    assert question.author == "node_dev"
    assert question.tags == ("ethereum", "web3js")
    assert question.published == datetime(2026, 12, 1, 10, 40, 12, tzinfo=UTC)
    assert "<pre>" in question.body_html and "const gas" in question.body_html
    assert question.paragraphs[0].startswith("I call estimateGas before a transfer")
    assert question.paragraphs[-1] == "Is the difference a refund?"


def test_a_questions_code_is_not_its_summary() -> None:
    [question] = _read(STACK, "so.atom")
    assert "const gas" not in question.summary
    assert question.summary == ("I call estimateGas before a transfer and it returns 46,000, "
                                "but the receipt says 41,200. Is the difference a refund?")
    # the code stays in the body, and is one of its paragraphs
    assert "const gas = await estimateGas(tx);" in question.paragraphs


def test_a_body_that_opens_with_code_is_summed_up_by_its_first_prose() -> None:
    feed = _rss(
        "<title>Snippets</title><link>https://snippets.example/</link><description>d"
        "</description>",
        """<item><title>Batch your state writes</title><link>https://snippets.example/1</link>
<description><![CDATA[<pre><code>db.batch(writes)
db.commit()</code></pre>
<p>One transaction for the whole block cuts the import time by a third.</p>]]></description>
</item>
<item><link>https://snippets.example/2</link>
<description><![CDATA[<pre>SELECT * FROM blocks;</pre><p>Why is this query slow on a node?</p>]]>
</description></item>
<item><title>Only code</title><link>https://snippets.example/3</link>
<description><![CDATA[<pre>make sync<br>make test</pre>]]></description></item>
<item><title>A summary with code</title><link>https://snippets.example/4</link>
<description><![CDATA[<pre>rm -rf ./state</pre><p>Wiping the state is the fix.</p>]]>
</description>
<content:encoded><![CDATA[<p>Wiping the state is the fix.</p><p>Then resync.</p>]]>
</content:encoded></item>""",
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"',
    )
    batch, query, only, summed = _read(feed)
    assert batch.summary == "One transaction for the whole block cuts the import time by a third."
    assert batch.paragraphs[0].startswith("db.batch(writes)")
    assert "<pre>" in batch.body_html
    # an untitled item's headline is its first prose, not its code
    assert query.title == "Why is this query slow on a node?"
    assert query.summary == "Why is this query slow on a node?"
    # nothing but code: no summary (the code is still the body)
    assert only.summary == ""
    assert only.paragraphs
    # the feed's own summary loses its code as well
    assert summed.summary == "Wiping the state is the fix."


# ------------------------------------------------------------------ podcasts

PODCAST = _rss(
    "<title>Block Talk</title><link>https://blocktalk.example/</link>"
    "<itunes:author>Block Talk Media</itunes:author><description>A weekly show.</description>",
    """<item><title>Ep. 88: Oracle operators answer your questions</title>
<itunes:episode>88</itunes:episode>
<guid isPermaLink="false">a1b2c3d4-0000-4000-8000-000000000088</guid>
<pubDate>Mon, 30 Nov 2026 05:00:00 -0800</pubDate>
<enclosure url="https://media.blocktalk.example/ep88.mp3" length="48123456" type="audio/mpeg"/>
<itunes:duration>00:52:10</itunes:duration><itunes:author>Block Talk Media</itunes:author>
<itunes:summary>Two oracle operators answer questions about price feeds and outages.

Links from the show are on our site.</itunes:summary></item>
<item><title>Ep. 87: Restaking risks</title>
<guid isPermaLink="false">a1b2c3d4-0000-4000-8000-000000000087</guid>
<pubDate>Mon, 23 Nov 2026 05:00:00 -0800</pubDate>
<enclosure url="/audio/ep87.mp3" length="40000000" type="audio/mpeg"/>
<description><![CDATA[<p>We talk restaking risks with a validator operator.</p>
<p>Chapters: <a href="https://blocktalk.example/87#c1">slashing</a>,
<a href="https://blocktalk.example/87#c2">insurance</a>.</p>]]></description>
<itunes:summary>We talk restaking risks with a validator operator.</itunes:summary></item>""",
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"',
)


def test_a_podcast_episode_links_its_audio_and_keeps_its_show_notes() -> None:
    ep88, ep87 = _read(PODCAST)
    assert ep88.url == "https://media.blocktalk.example/ep88.mp3"
    assert ep88.paragraphs == ("Two oracle operators answer questions about price feeds and "
                               "outages.", "Links from the show are on our site.")
    assert ep88.author == "Block Talk Media"
    assert ep88.published == datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    # a relative enclosure is the show's
    assert ep87.url == "https://blocktalk.example/audio/ep87.mp3"
    # itunes:summary, a plain copy of the start of the description, is not the body: the
    # description's show notes are not lost
    assert ep87.paragraphs == ("We talk restaking risks with a validator operator.",
                               "Chapters: slashing, insurance.")
    assert 'href="https://blocktalk.example/87#c1"' in ep87.body_html
    # ids stay the guid's
    assert ep88.id == parse_feed_bytes(PODCAST, "feed.xml")[0].id


def test_podcast_hosts_notes_are_furniture() -> None:
    feed = _rss(
        "<title>Block Talk</title><link>https://blocktalk.example/</link><description>d"
        "</description>",
        """<item><title>Ep. 86</title><guid isPermaLink="false">ep-86</guid>
<enclosure url="https://media.blocktalk.example/ep86.mp3" length="1" type="audio/mpeg"/>
<description><![CDATA[<p>We talk bridges with an auditor.</p>
<p>Support the show: <a href="https://blocktalk.example/support">blocktalk.example/support</a></p>
<p>Hosted on Acast. See <a href="https://acast.example/privacy">acast.example/privacy</a> for
more information.</p>]]></description></item>""",
    )
    [episode] = _read(feed)
    assert episode.paragraphs == ("We talk bridges with an auditor.",)
