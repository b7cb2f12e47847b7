# ruff: noqa: E501  (a sentence a line)
"""Feeds of popular generators after the clean stage, continued: the links inside a Medium
item's body lose Medium's "?source=rss..." as the item's own link does; the lines podcast
hosts add to every episode's notes (Acast, Megaphone, Anchor / Spotify for Podcasters,
Buzzsprout, Simplecast, Omny, ART19, RedCircle, Spreaker, Libsyn, Transistor, Podbean) are
furniture, and a story's sentence about a podcast, its host or its support is not; a code
block is never a summary. Every feed, page and dump here is synthetic, written in the shape
those services write."""

from __future__ import annotations

import pytest

from digest.clean import clean_with_report, furniture_rule
from digest.dedupe import canonical_url, clean_link
from digest.ingest.html import parse_page_text
from tests.test_realworld_feeds4 import _read, _rss
from tests.test_realworld_prose_kept import WAYS, P

MEDIUM = _rss(
    "<title><![CDATA[Layer Notes - Medium]]></title>"
    "<link>https://medium.com/layer-notes?source=rss----0a1b2c3d4e5f---4</link>"
    "<description><![CDATA[Notes on layers - Medium]]></description><generator>Medium</generator>",
    """<item><title><![CDATA[Blob fees, a month on]]></title>
<link>https://medium.com/layer-notes/blob-fees-a-month-on-77aa88bb99cc?source=rss----0a1b2c3d4e5f---4</link>
<guid isPermaLink="false">https://medium.com/p/77aa88bb99cc</guid>
<dc:creator><![CDATA[Wen Rollup]]></dc:creator><pubDate>Wed, 02 Dec 2026 09:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Blob fees stayed low all month, as <a
href="https://medium.com/layer-notes/why-rollup-fees-fell-1a2b3c4d5e6f?source=rss----0a1b2c3d4e5f---4">our
last post</a> expected and <a
href="https://medium.com/@wenrollup/restaking-briefly-9f8e7d6c5b4a?source=rss-8a7b6c5d4e3f------2">the
one before</a> did not.</p>
<p>The numbers are in <a href="https://medium.com/p/5d6e7f8a9b0c?source=rss-8a7b6c5d4e3f------2&amp;sk=abc123#numbers">the
dashboard post</a>, the method in <a href="https://docs.example/method?source=docs">the docs</a>
and the raw data on <a href="https://data.example/export?id=9&amp;source=explorer">the explorer</a>.</p>
]]></content:encoded></item>""",
    'xmlns:content="http://purl.org/rss/1.0/modules/content/"',
)


def test_a_medium_bodys_links_lose_the_feeds_source_parameter() -> None:
    [post] = _read(MEDIUM)
    assert post.url == "https://medium.com/layer-notes/blob-fees-a-month-on-77aa88bb99cc"
    body = post.body_html
    assert "source=rss" not in body
    # a publication's feed ("rss----<id>---4") and a writer's ("rss-<user>------2")
    assert 'href="https://medium.com/layer-notes/why-rollup-fees-fell-1a2b3c4d5e6f"' in body
    assert 'href="https://medium.com/@wenrollup/restaking-briefly-9f8e7d6c5b4a"' in body
    # the other parameters and the fragment stay, as written
    assert 'href="https://medium.com/p/5d6e7f8a9b0c?sk=abc123#numbers"' in body
    # another site's "source=" can select content: kept
    assert 'href="https://docs.example/method?source=docs"' in body
    assert 'href="https://data.example/export?id=9&amp;source=explorer"' in body


@pytest.mark.parametrize(("url", "cleaned"), [
    ("https://medium.com/p/1a2b?source=rss----0a1b2c3d4e5f---4", "https://medium.com/p/1a2b"),
    ("https://medium.com/@ann/x-1a2b?source=rss-8a7b6c5d4e3f------2", "https://medium.com/@ann/x-1a2b"),
    ("https://medium.com/@ann/x-1a2b?source=rss-8a7b6c5d4e3f------2#part", "https://medium.com/@ann/x-1a2b#part"),
    ("https://blog.example/a?id=3&source=rss_feed", "https://blog.example/a?id=3"),
    ("https://blog.example/a?source=RSS", "https://blog.example/a"),
    # kept: a value that does not open with "rss"
    ("https://docs.example/a?source=docs", "https://docs.example/a?source=docs"),
    ("https://shop.example/a?source=en&id=3", "https://shop.example/a?source=en&id=3"),
    ("https://maps.example/a?source=mrss", "https://maps.example/a?source=mrss"),
])
def test_a_source_parameter_is_tracking_only_when_it_names_a_feed(url: str, cleaned: str) -> None:
    assert clean_link(url) == cleaned
    assert "source=rss" not in (canonical_url(url) or "").lower()
    # one story for a writer's feed and a publication's
    assert canonical_url("https://medium.com/p/1a2b?source=rss----0a1b2c3d4e5f---4") == \
        canonical_url("https://medium.com/p/1a2b?source=rss-8a7b6c5d4e3f------2")


# ------------------------------------------------------------------ podcast hosts' notes

NOTES = "<p>We talk bridges with an auditor.</p><p>Chapters and links are on our site.</p>"
KEPT = ("We talk bridges with an auditor.", "Chapters and links are on our site.")

# (host, the lines it adds, as its feeds write them)
HOSTS = [
    ("acast", '<p>Hosted on Acast. See <a href="https://acast.com/privacy">acast.com/privacy</a> for more information.</p>'),
    ("acast-optout", "<p>Hosted on Acast. See acast.com/privacy for privacy and opt-out information.</p>"),
    ("acast-plus", '<p>Become a member at <a href="https://plus.acast.com/s/block-talk">https://plus.acast.com/s/block-talk</a>.</p>'
     "<hr><p style=\"color: grey; font-size: 0.75em;\"> Hosted on Acast. See <a style=\"color: grey;\" "
     'target="_blank" rel="noopener noreferrer" href="https://acast.com/privacy">acast.com/privacy</a> for more information.</p>'),
    ("megaphone", "<p>Learn more about your ad choices. Visit <a href=\"https://megaphone.fm/adchoices\">megaphone.fm/adchoices</a></p>"),
    ("podcastchoices", "<p>Learn more about your ad choices. Visit podcastchoices.com/adchoices</p>"),
    ("anchor", '<p>--- </p><p>Send in a voice message: <a href="https://podcasters.spotify.com/pod/show/blocktalk/message" '
     'rel="noopener">https://podcasters.spotify.com/pod/show/blocktalk/message</a></p>'
     '<p>Support this podcast: <a href="https://podcasters.spotify.com/pod/show/blocktalk/support" rel="noopener">'
     "https://podcasters.spotify.com/pod/show/blocktalk/support</a></p>"),
    ("anchor-one-line", "<p>--- Support this podcast: https://podcasters.spotify.com/pod/show/blocktalk/support</p>"),
    ("anchor-voice", '<p>Send us a voice message</p><p><a href="https://anchor.fm/blocktalk/support">Support this podcast</a></p>'),
    ("buzzsprout", '<p><a href="https://www.buzzsprout.com/123/456/text">Send us a text</a></p>'
     '<p><a href="https://www.buzzsprout.com/123/support">Support the show</a></p>'),
    ("support-link", '<p>Support the show: <a href="https://blocktalk.example/support">blocktalk.example/support</a></p>'),
    ("simplecast", "<p>Hosted by Simplecast, an AdsWizz company. See pcm.adswizz.com for information about our "
     "collection and use of personal data for advertising.</p>"),
    ("omny", "<p>See omnystudio.com/listener for privacy information.</p>"),
    ("art19", "<p>See Privacy Policy at https://art19.com/privacy and California Privacy Notice at "
     "https://art19.com/privacy#do-not-sell-my-info.</p>"),
    ("redcircle", "<p>Advertising Inquiries: <a href='https://redcircle.com/brands'>https://redcircle.com/brands</a></p>"
     "<p>Privacy &amp; Opt-Out: <a href='https://redcircle.com/privacy'>https://redcircle.com/privacy</a></p>"),
    ("spreaker", "<p>Become a supporter of this podcast: <a href='https://www.spreaker.com/podcast/block-talk--123/support'>"
     "https://www.spreaker.com/podcast/block-talk--123/support</a>.</p>"),
    ("libsyn", "<p>Powered by Libsyn</p>"),
    ("transistor", "<p>Hosted by Transistor.fm</p>"),
    ("podbean", "<p>Hosted on Podbean</p><p>Powered by Podbean.com</p>"),
]


def _episode(description: str) -> bytes:
    return _rss(
        "<title>Block Talk</title><link>https://blocktalk.example/</link><description>d"
        "</description>",
        f"""<item><title>Ep. 86: Bridges</title><guid isPermaLink="false">ep-86</guid>
<enclosure url="https://media.blocktalk.example/ep86.mp3" length="1" type="audio/mpeg"/>
<description><![CDATA[{description}]]></description></item>""",
    )


@pytest.mark.parametrize(("host", "lines"), HOSTS, ids=[h for h, _ in HOSTS])
def test_a_podcast_hosts_lines_are_furniture(host: str, lines: str) -> None:
    [episode] = _read(_episode(NOTES + lines))
    assert episode.paragraphs == KEPT, host
    assert episode.summary == " ".join(KEPT)
    # ... where the show puts them first as well
    [episode] = _read(_episode(lines + NOTES))
    assert episode.paragraphs == KEPT, host


def test_a_podcast_hosts_lines_leave_the_feeds_own_summary_as_well() -> None:
    feed = _rss(
        "<title>Block Talk</title><link>https://blocktalk.example/</link><description>d"
        "</description>",
        """<item><title>Ep. 85</title><guid isPermaLink="false">ep-85</guid>
<description><![CDATA[<p>We talk oracles with two operators.</p><p>Hosted on Acast. See
acast.com/privacy for more information.</p>]]></description>
<content:encoded><![CDATA[<p>We talk oracles with two operators.</p><p>Chapters are on our
site.</p><p>Hosted on Acast. See acast.com/privacy for more information.</p>]]></content:encoded>
</item>
<item><title>Ep. 84</title><guid isPermaLink="false">ep-84</guid>
<itunes:summary>We talk fees. --- Send in a voice message: https://podcasters.spotify.com/pod/show/blocktalk/message Support this podcast: https://podcasters.spotify.com/pod/show/blocktalk/support</itunes:summary>
<content:encoded><![CDATA[<p>We talk fees.</p><p>--- </p><p>Send in a voice message:
https://podcasters.spotify.com/pod/show/blocktalk/message</p>]]></content:encoded></item>
<item><title>Ep. 83</title><guid isPermaLink="false">ep-83</guid>
<description>Learn more about your ad choices. Visit megaphone.fm/adchoices</description>
<content:encoded><![CDATA[<p>We talk custody.</p><p>Learn more about your ad choices.
Visit megaphone.fm/adchoices</p>]]></content:encoded></item>""",
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"',
    )
    oracles, fees, custody = _read(feed)
    assert oracles.paragraphs == ("We talk oracles with two operators.", "Chapters are on our site.")
    assert oracles.summary == "We talk oracles with two operators."
    assert fees.paragraphs == ("We talk fees.",)
    assert fees.summary == "We talk fees."
    # a summary that is nothing but the host's lines: the body's text instead
    assert custody.summary == "We talk custody."


# A story's sentence about a podcast, its host or its support: never furniture
PROSE = [
    "Hosted on Acast since 2021, the show reached a million listeners last year.",
    "Hosted on Acast, the podcast was taken down on Monday, the company said.",
    "Hosted by Anchor Bank, the summit drew 400 people to the harbour.",
    "Powered by Libsyn, the feed passed two million downloads in November.",
    "The show is hosted on Acast and earns most of its money from ads.",
    "Support the show's hosts, the network urged listeners in a statement.",
    "Support the show, the network said, or it may close by March.",
    "Support for the show fell after its host left for a rival network.",
    "Support the show: listeners gave $2 million to the network last year.",
    "Learn more about your ad choices, the regulator told users of the app.",
    "Send us a voice message if you were affected, the exchange wrote to its users.",
    "Become a member at the DAO and you can vote on the fee switch, the foundation said.",
    "See the filing at sec.example/filing for more information, the company said.",
    "Privacy and opt-out rules for podcast ads changed last week.",
]
# ... and the hosts' lines beside it, whatever the input
FURNITURE = [
    "Hosted on Acast. See acast.com/privacy for more information.",
    "Learn more about your ad choices. Visit megaphone.fm/adchoices",
    "Support the show: blocktalk.example/support",
    "Support this podcast: https://podcasters.spotify.com/pod/show/blocktalk/support",
    "See omnystudio.com/listener for privacy information.",
]



@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize("line", PROSE, ids=[t[:40] for t in PROSE])
def test_a_sentence_about_a_podcast_or_its_support_is_kept(line: str, way: str) -> None:
    assert furniture_rule(line) is None
    kept, _report = WAYS[way](line)
    assert line in kept
    assert P[3] in kept


@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize("line", FURNITURE, ids=[t[:40] for t in FURNITURE])
def test_a_podcast_hosts_line_goes_whatever_the_input(line: str, way: str) -> None:
    assert furniture_rule(line) == "podcast-host"
    kept, _report = WAYS[way](line)
    assert line not in kept
    assert all(p in kept for p in P[1:])


# ------------------------------------------------------------------ code is no summary

def test_a_saved_pages_code_is_not_its_summary() -> None:
    page = ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<title>Batch your state writes | Node Notes</title></head><body><main><article>"
            "<h1>Batch your state writes</h1>"
            "<pre><code>db.batch(writes)\ndb.commit()</code></pre>"
            "<p>One transaction for the whole block cuts the import time by a third.</p>"
            "<p>The disk is no longer the bottleneck on a small board.</p>"
            "</article></main></body></html>")
    article = clean_with_report(parse_page_text(page, "batch.html"))[0]
    assert "db.batch" not in article.summary
    assert article.summary.startswith("One transaction for the whole block")
