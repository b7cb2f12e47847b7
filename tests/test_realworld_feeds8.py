# ruff: noqa: E501  (an item a line)
"""Feed shapes a reader's review of a realistic build met: GitHub release feeds whose only
picture is the committer's avatar, arXiv's listing line served from another host, Hacker
News's format tags in headlines, a feed cut short mid-item, platform-made feed titles used
as outlet names (GitHub, arXiv, Medium, GlobeNewswire, "Site – News"), a YouTube channel
credited as its own videos' author, and Blogger's several categories.

Every feed here is synthetic, in the shape those services write (element names, markers),
with invented outlets and people and ``.example`` addresses."""

from __future__ import annotations

import pytest

from digest.clean import clean_all
from digest.config import SourceConfig
from digest.errors import DigestError
from digest.ingest.feeds import _shown_name, parse_feed_bytes
from digest.model import Article
from digest.topics import _labels


def _read(feed: bytes, name: str = "feed.xml", notices: list[str] | None = None) -> list[Article]:
    return clean_all(parse_feed_bytes(feed, name, notices=notices))


def _atom(title: str, entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:media="http://search.yahoo.com/mrss/">\n'
        "<id>tag:code.example,2008:https://code.example/orbit-labs/kestrel/releases</id>\n"
        '<link type="text/html" rel="alternate" href="https://code.example/orbit-labs/kestrel/releases"/>\n'
        f"<title>{title}</title><updated>2026-03-09T15:02:11Z</updated>\n{entries}</feed>"
    ).encode()


def _release(tag: str, thumbnail: str, extra: str = "") -> str:
    return (
        f"<entry><id>tag:code.example,2008:Repository/1/{tag}</id><updated>2026-03-09T15:02:11Z</updated>\n"
        f'<link rel="alternate" type="text/html" href="https://code.example/orbit-labs/kestrel/releases/tag/{tag}"/>\n'
        f"<title>{tag}</title>\n"
        '<content type="html">&lt;p&gt;This release adds a streaming decoder and drops the old plugin loader.&lt;/p&gt;</content>\n'
        f"<author><name>dvarga</name></author>\n{thumbnail}{extra}</entry>\n"
    )


def _rss(title: str, items: str, ns: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" {ns}>'
        f"<channel><title>{title}</title><link>https://site.example/</link>{items}</channel></rss>"
    ).encode()


# ------------------------------------------------------------------ avatars as lead pictures


def test_a_release_feeds_committer_avatar_is_no_lead_picture() -> None:
    avatar = '<media:thumbnail height="30" width="30" url="https://avatars.code.example/u/4455?s=60&amp;v=4"/>'
    [release] = _read(_atom("Release notes from kestrel", _release("v2.0.0", avatar)))
    assert release.image is None
    assert release.title == "kestrel v2.0.0"


@pytest.mark.parametrize("thumbnail", [
    # a size asked of the picture server, no width or height declared
    '<media:thumbnail url="https://img.site.example/u/77.png?s=60"/>',
    # a declared size under 200 px
    '<media:thumbnail url="https://img.site.example/thumbs/77.png" width="72" height="72"/>',
    # an avatar by its path: Gravatar's shape
    '<media:thumbnail url="https://secure.pics.example/avatar/9f8e7d6c5b4a"/>',
    '<media:content url="https://pics.example/profile_images/77/me.jpg" medium="image"/>',
])
def test_small_or_person_pictures_are_no_lead_picture(thumbnail: str) -> None:
    [release] = _read(_atom("Kestrel", _release("v2.0.1", thumbnail)))
    assert release.image is None


def test_a_story_picture_beside_an_avatar_is_the_lead_picture() -> None:
    pictures = (
        '<media:thumbnail url="https://avatars.code.example/u/4455?s=60" width="30" height="30"/>'
        '<media:content url="https://img.site.example/2026/03/decoder-diagram.png?w=1200&amp;h=800" '
        'medium="image" width="1200" height="800"/>'
    )
    [release] = _read(_atom("Kestrel", _release("v2.0.2", pictures)))
    assert release.image == "https://img.site.example/2026/03/decoder-diagram.png?w=1200&h=800"


@pytest.mark.parametrize("address", [
    "https://img.site.example/2026/03/avatar-sequel-poster.jpg",  # a word in a file name
    "https://img.site.example/2026/03/harbour.jpg?s=1600",
    "https://img.site.example/2026/03/harbour.jpg",
])
def test_a_story_picture_stays_the_lead_picture(address: str) -> None:
    thumbnail = f'<media:content url="{address}" medium="image" width="1200" height="675"/>'
    [release] = _read(_atom("Kestrel", _release("v2.0.3", thumbnail)))
    assert release.image == address


def test_a_json_feed_items_avatar_image_is_no_lead_picture() -> None:
    feed = (b'{"version": "https://jsonfeed.org/version/1.1", "title": "Tallow Notes", "items": ['
            b'{"id": "1", "url": "https://tallow.example/1", "content_text": "A note on the harbour ferry.",'
            b' "image": "https://cdn.tallow.example/avatars/rhona.png"},'
            b'{"id": "2", "url": "https://tallow.example/2", "content_text": "A second note.",'
            b' "image": "https://cdn.tallow.example/2026/ferry.jpg"}]}')
    avatar, picture = parse_feed_bytes(feed, "notes.json")
    assert avatar.image is None
    assert picture.image == "https://cdn.tallow.example/2026/ferry.jpg"


def test_a_malformed_picture_address_does_not_raise() -> None:
    thumbnail = '<media:content url="http://[x/pic.jpg?s=60" medium="image"/>'
    [release] = _read(_atom("Kestrel", _release("v2.0.4", thumbnail)))
    assert release.image is None


# ------------------------------------------------------------------ arXiv's listing line

ARXIV = _rss("cs.LG updates on arXiv.example", """
<item><title>Sparse Routing Under Long Contexts</title><link>https://arxiv.example/abs/2603.01111</link>
<description>arXiv:2603.01111v1 Announce Type: new\x20
Abstract: Expert routing collapses onto a few experts as contexts grow. A load-balancing
penalty during long-context fine-tuning restores most of the lost accuracy.</description>
<guid isPermaLink="false">oai:arXiv.example:2603.01111v1</guid><category>cs.LG</category><category>cs.CL</category>
<pubDate>Tue, 10 Mar 2026 00:00:00 -0500</pubDate><dc:creator>Ilse Marr, Tomas Quint</dc:creator></item>
<item><title>Oracle Graphs</title><link>https://mirror.example/abs/2603.02222</link>
<description>arXiv:2603.02222v2 Announce Type: replace-cross\x20
Abstract: We model a block's transactions as a graph.</description>
<guid isPermaLink="false">2603.02222</guid>
<pubDate>Tue, 10 Mar 2026 00:00:00 -0500</pubDate></item>""")


def test_arxivs_listing_line_leaves_body_and_summary_on_any_host() -> None:
    routing, oracle = _read(ARXIV)
    assert routing.paragraphs == (
        "Expert routing collapses onto a few experts as contexts grow. A load-balancing "
        "penalty during long-context fine-tuning restores most of the lost accuracy.",)
    assert routing.summary.startswith("Expert routing collapses")
    assert oracle.paragraphs == ("We model a block's transactions as a graph.",)
    assert "Announce Type" not in oracle.summary + oracle.body_html
    assert routing.tags == ("cs.LG", "cs.CL")


def test_arxivs_listing_line_leaves_a_separate_summary() -> None:
    feed = _atom("Kestrel", """<entry><id>oai:arXiv.org:2603.03333v1</id>
<link rel="alternate" href="https://arxiv.example/abs/2603.03333"/><title>Quiet Gradients</title>
<updated>2026-03-10T00:00:00Z</updated>
<summary>arXiv:2603.03333v1 Announce Type: new Abstract: Gradients go quiet late in training.</summary>
<content type="html">&lt;p&gt;arXiv:2603.03333v1 Announce Type: new&lt;/p&gt;&lt;p&gt;Gradients go quiet late in training, and we show why.&lt;/p&gt;</content>
</entry>""")
    [paper] = parse_feed_bytes(feed, "papers.atom")
    assert "Announce Type" not in paper.summary and paper.summary.startswith("Gradients go quiet")
    assert "Announce Type" not in paper.body_html


def test_prose_mentioning_an_announce_type_is_kept() -> None:
    feed = _rss("Tallow Notes", """<item><title>Release planning</title><link>https://tallow.example/r</link>
<description>Our tracker now has a field called Announce Type: new items get a badge.</description></item>""")
    [note] = _read(feed)
    assert note.paragraphs == ("Our tracker now has a field called Announce Type: new items get a badge.",)


# ------------------------------------------------------------------ Hacker News's format tags


@pytest.mark.parametrize(("given", "headline"), [
    ("Inside the Ostrava 3nm fab tour [video]", "Inside the Ostrava 3nm fab tour"),
    ("Harbourline post-incident review (PDF)", "Harbourline post-incident review"),
    ("Formal proofs for bridge contracts [pdf]", "Formal proofs for bridge contracts"),
    ("A history of the tram network (2019)", "A history of the tram network (2019)"),
    ("Ask HN: What do you use for backups?", "Ask HN: What do you use for backups?"),
    ("[video]", "[video]"),  # nothing else: kept, there is no other headline
])
def test_link_aggregators_format_tags_leave_the_headline(given: str, headline: str) -> None:
    feed = _rss("Hacker News: Front Page", f"""<item><title><![CDATA[{given}]]></title>
<description><![CDATA[<p>Article URL: <a href="https://tallow.example/x">https://tallow.example/x</a></p>
<p>Comments URL: <a href="https://news.aggregator.example/item?id=1">https://news.aggregator.example/item?id=1</a></p>
<p>Points: 203</p><p># Comments: 97</p>]]></description>
<link>https://tallow.example/x</link><dc:creator>hnuser</dc:creator>
<guid isPermaLink="false">https://news.aggregator.example/item?id=1</guid></item>""")
    [item] = parse_feed_bytes(feed, "hn.rss")
    assert item.title == headline


# ------------------------------------------------------------------ truncated and malformed feeds

GHOST_ITEM = """<item><title><![CDATA[Ferries return to the north quay]]></title>
<description><![CDATA[The north quay reopened after a month of repairs.]]></description>
<link>https://quaypost.example/ferries-return/</link><guid isPermaLink="false">a1</guid>
<pubDate>Tue, 10 Mar 2026 16:10:00 GMT</pubDate></item>"""


def test_a_truncated_feed_gives_its_items_and_a_notice() -> None:
    whole = _rss("Quay Post", GHOST_ITEM + GHOST_ITEM.replace("a1", "a2").replace(
        "Ferries return", "Tolls fall").replace("ferries-return", "tolls-fall"))
    cut = whole[: whole.index(b"month of repairs.", whole.index(b"Tolls fall"))]
    notices: list[str] = []
    items = _read(cut, "content/feeds/quaypost.xml", notices)
    assert [i.title for i in items] == ["Ferries return to the north quay", "Tolls fall to the north quay"]
    [notice] = notices
    assert notice.startswith("content/feeds/quaypost.xml: the feed is cut short")
    assert "</rss>" in notice and "line" in notice and "2 items read" in notice
    assert "fetch the feed again" in notice


def test_a_build_says_which_feed_was_cut_short_and_says_it_again_from_its_caches(
    tmp_path,
) -> None:
    """The reader's notice reaches the user: the build prints it ("warning: ", not a
    [limits] "limit: " line), keeps the items it could read, and says it again on a later
    build that takes the feed from its caches (or with no caches at all)."""
    import os

    from digest.build import BuildOptions, build
    from digest.config import load_config
    from digest.util import to_utc

    whole = _rss("Quay Post", GHOST_ITEM + GHOST_ITEM.replace("a1", "a2").replace(
        "Ferries return", "Tolls fall").replace("ferries-return", "tolls-fall"))
    feed = tmp_path / "content" / "feeds" / "quaypost.xml"
    feed.parent.mkdir(parents=True)
    feed.write_bytes(whole[: whole.index(b"month of repairs.", whole.index(b"Tolls fall"))])
    config = load_config(None, root=tmp_path)

    def run(now: str, **options) -> tuple[list[str], int]:
        said: list[str] = []
        report = build(config, BuildOptions(
            content_dir=tmp_path / "content", output_dir=tmp_path / "site",
            state_path=tmp_path / "state.sqlite", now=to_utc(now), on_notice=said.append,
            **options))
        return [line for line in said if "cut short" in line], report.articles

    for now, options in (("2026-11-20T10:00:00Z", {}), ("2026-11-20T11:00:00Z", {}),
                         ("2026-11-20T12:00:00Z", {"full": True})):
        os.utime(feed)  # a new stat: read from the caches, not skipped as up to date
        lines, articles = run(now, **options)
        assert articles == 2
        [line] = lines
        assert line.startswith(f"warning: {feed}: the feed is cut short")


def test_a_malformed_but_closed_feed_gives_a_notice() -> None:
    broken = _rss("Quay Post", GHOST_ITEM + "<item><title>Tolls</b></title><link>https://quaypost.example/t</link></item>")
    notices: list[str] = []
    items = parse_feed_bytes(broken, "quay.xml", notices=notices)
    assert items and items[0].title == "Ferries return to the north quay"
    [notice] = notices
    assert notice.startswith("quay.xml: the feed is not well-formed XML (feedparser: mismatched tag")


@pytest.mark.parametrize("feed", [
    b"\n\n" + _rss("Quay Post", GHOST_ITEM),  # a blank line before <?xml
    _rss("Quay Post", GHOST_ITEM.replace("a month of", "a month&nbsp;of")),  # an HTML entity
    _rss("Quay Post", GHOST_ITEM) + b"\n<!-- cached page generated in 0.08 seconds -->\n",
    _rss("Quay Post", GHOST_ITEM),
])
def test_a_feed_read_whole_gives_no_notice(feed: bytes) -> None:
    notices: list[str] = []
    [item] = parse_feed_bytes(feed, "quay.xml", notices=notices)
    assert item.title == "Ferries return to the north quay"
    assert notices == []


def test_a_feed_cut_before_any_item_is_still_an_error() -> None:
    whole = _rss("Quay Post", GHOST_ITEM)
    with pytest.raises(DigestError) as caught:
        parse_feed_bytes(whole[: whole.index(b"<item>") + 20], "quay.xml", notices=[])
    assert "quay.xml" in caught.value.message and "fix" in caught.value.message


# ------------------------------------------------------------------ source names


@pytest.mark.parametrize(("title", "shown"), [
    ("Release notes from kestrel", "kestrel"),
    ("Tags from kestrel", "kestrel"),
    ("cs.LG updates on arXiv.example", "arXiv cs.LG"),
    ("Tallow Engineering - Medium", "Tallow Engineering"),
    ("Stories by Rhona Vell on Medium", "Stories by Rhona Vell on Medium"),
    ("Zeitgleis – Nachrichten", "Zeitgleis"),
    ("Diario Puerto – Noticias", "Diario Puerto"),
    ("Quay Post - Latest News", "Quay Post"),
    ("Quay Post | RSS Feed", "Quay Post"),
    ("Wirewell Example - News about Harbourline, Inc.", "Wirewell Example"),
    # kept: no platform's shape, or a section that is news of its own
    ("Quay Post - Technology", "Quay Post - Technology"),
    ("Hacker News: Front Page", "Hacker News: Front Page"),
    ("News - Quay Post", "News - Quay Post"),
    ("Medium", "Medium"),
    ("Kestrel releases", "Kestrel releases"),
])
def test_platform_feed_titles_show_the_sources_name(title: str, shown: str) -> None:
    assert _shown_name(title) == shown


def test_a_feed_title_name_is_shown_but_ids_stay() -> None:
    feed = _rss("Zeitgleis – Nachrichten", """<item><title>Neue Fähre für den Nordhafen – Zeitgleis</title>
<link>https://zeitgleis.example/faehre</link><description>Die Fähre fährt ab Montag.</description>
<guid>https://zeitgleis.example/faehre</guid></item>""")
    [item] = _read(feed)
    assert item.source_name == "Zeitgleis"
    assert item.title == "Neue Fähre für den Nordhafen"
    [raw] = parse_feed_bytes(feed.replace("Zeitgleis – Nachrichten".encode(), b"Zeitgleis"), "f.xml")
    assert item.id != raw.id  # made with the title as the feed gives it, as before


def test_a_configured_source_name_wins() -> None:
    feed = _rss("Tallow Engineering - Medium", """<item><title>Queues</title>
<link>https://tallow.example/q</link><description>On queues.</description></item>""")
    [item] = parse_feed_bytes(feed, "f.xml", SourceConfig("f.xml", name="Tallow Eng Blog"))
    assert item.source_name == "Tallow Eng Blog"


YOUTUBE = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
<title>WattWorks</title><link rel="alternate" href="https://video.example/channel/UC123"/>
<author><name>WattWorks</name><uri>https://video.example/channel/UC123</uri></author>
<entry><id>yt:video:abc</id><yt:videoId>abc</yt:videoId><title>Inside a solar inverter</title>
<link rel="alternate" href="https://video.example/watch?v=abc"/>
<author><name>WattWorks</name></author><published>2026-03-10T12:00:00+00:00</published>
<media:group><media:title>Inside a solar inverter</media:title>
<media:thumbnail url="https://i.video.example/vi/abc/hqdefault.jpg" width="480" height="360"/>
<media:description>We open a 5 kW inverter and look at its cooling.</media:description></media:group></entry>
<entry><id>yt:video:def</id><title>Guest episode</title><link rel="alternate" href="https://video.example/watch?v=def"/>
<author><name>Ines Harrow</name></author><published>2026-03-09T12:00:00+00:00</published>
<media:group><media:description>Ines Harrow on grid batteries.</media:description></media:group></entry>
</feed>"""


def test_an_author_who_is_the_source_is_no_author() -> None:
    channel, guest = parse_feed_bytes(YOUTUBE, "yt.xml")
    assert channel.source_name == "WattWorks" and channel.author is None
    assert channel.image == "https://i.video.example/vi/abc/hqdefault.jpg"  # 480 px: kept
    assert guest.author == "Ines Harrow"


# ------------------------------------------------------------------ several categories

BLOGGER = b"""<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom'>
<id>tag:blogger.com,1999:blog-1</id><category term="breach"/><category term="ransomware"/>
<title type='text'>Lockpick Journal</title><link rel='alternate' type='text/html' href='https://lockpick.blog.example/'/>
<entry><id>tag:blogger.com,1999:blog-1.post-1</id><published>2026-03-10T10:30:00.000-08:00</published>
<category scheme="http://www.blogger.example/atom/ns#" term="breach"/>
<category scheme="http://www.blogger.example/atom/ns#" term="ransomware"/>
<category scheme="http://www.blogger.example/atom/ns#" term="breach"/>
<title type='text'>A courier firm's records listed on a leak site</title>
<content type='html'>&lt;p&gt;A crew listed a courier firm's customer records this morning.&lt;/p&gt;</content>
<link rel='alternate' type='text/html' href='https://lockpick.blog.example/2026/03/leak.html'/>
<author><name>Ada Quill</name></author></entry></feed>"""


def test_every_category_is_a_label_the_topic_stage_reads() -> None:
    [post] = _read(BLOGGER, "blogger.atom")
    assert post.source_category == "breach"
    assert post.tags == ("breach", "ransomware")
    assert _labels(post) == ["breach", "ransomware"]


def test_a_json_feeds_writer_who_is_the_site_is_no_author() -> None:
    feed = (b'{"version": "https://jsonfeed.org/version/1.1", "title": "Rhona Vell",'
            b' "authors": [{"name": "Rhona Vell"}], "items": ['
            b'{"id": "1", "url": "https://rhona.example/1", "content_text": "Ferry notes."},'
            b'{"id": "2", "url": "https://rhona.example/2", "content_text": "Guest notes.",'
            b' "authors": [{"name": "Ilse Marr"}]}]}')
    own, guest = parse_feed_bytes(feed, "micro.json")
    assert own.source_name == "Rhona Vell" and own.author is None
    assert guest.author == "Ilse Marr"


def _reddit(items: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f'<title>Lending desks</title><link href="https://www.reddit.com/r/lending/"/>'
            f"{items}</feed>").encode()


def _reddit_post(pid: str, title: str, shared: str, text: str = "") -> str:
    footer = (f'submitted by <a href="https://www.reddit.com/user/kestrel"> /u/kestrel </a> '
              f'<br/> <span><a href="{shared}">[link]</a></span> <span><a '
              f'href="https://www.reddit.com/r/lending/comments/{pid}/x/">[comments]</a></span>')
    body = f"<div><p>{text}</p></div>" if text else (
        f'<table><tr><td><a href="{shared}"><img src="https://b.thumbs.redditmedia.com/'
        f'{pid}.jpg" alt="thumb"/></a></td></tr></table>')
    from html import escape
    return (f"<entry><id>t3_{pid}</id><title>{title}</title>"
            f'<link href="https://www.reddit.com/r/lending/comments/{pid}/x/"/>'
            f"<updated>2026-03-10T12:00:00+00:00</updated>"
            f'<content type="html">{escape(body + footer)}</content></entry>')


def test_a_reddit_link_post_is_one_story_with_the_article_it_shares(tmp_path) -> None:
    """A link post's footer [link] is the article it shares: that is its canonical address,
    so the post joins the article's story, as a Hacker News item does; a picture post's
    [link] is its lead picture; a text post's [link] (the post itself) is neither."""
    from digest.build import BuildOptions, build
    from digest.config import load_config
    from digest.util import to_utc

    article = "https://ledgerline.example/news/vault-exploiter-returns-funds"
    feed = _reddit(
        _reddit_post("a1", "Vault exploiter sends the funds back", f"{article}?utm_source=reddit")
        + _reddit_post("a2", "My lending dashboard", "https://i.redd.it/abc123.jpg")
        + _reddit_post("a3", "Which vaults do you use?",
                       "https://www.reddit.com/r/lending/comments/a3/x/",
                       "Asking for a friend who keeps everything in one vault."))
    link_post, picture_post, text_post = parse_feed_bytes(feed, "content/feeds/lending.xml")
    assert link_post.canonical_url == article and link_post.image is None
    assert picture_post.image == "https://i.redd.it/abc123.jpg"
    assert picture_post.canonical_url is None
    assert text_post.canonical_url is None and text_post.image is None

    content = tmp_path / "content"
    (content / "feeds").mkdir(parents=True)
    (content / "feeds" / "lending.xml").write_bytes(feed)
    (content / "articles").mkdir()
    (content / "articles" / "returns.md").write_text(
        f"---\ntitle: Vault Exploiter Returns $12.1M\nsource: Ledgerline\nurl: {article}\n"
        "date: 2026-03-10T10:00:00Z\n---\n\nThe exploiter of the Tidewater vault sent back "
        "$12.1 million on Tuesday, keeping a bounty, the protocol said.\n", encoding="utf-8")
    report = build(load_config(None, root=tmp_path), BuildOptions(
        content_dir=content, output_dir=tmp_path / "site", state_path=tmp_path / "s.sqlite",
        now=to_utc("2026-03-11T00:00:00Z")))
    assert report.articles == 4 and report.stories == 3
