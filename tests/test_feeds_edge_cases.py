"""Feeds at the edges of their formats: titles typed as HTML, empty feeds, rare encodings and
odd prologs. Each feed here is a small one written for its case; the checks are on what a
build makes of it (parse, then clean, as digest/cache.py's prepare_plain does)."""

from __future__ import annotations

import pytest

from digest.clean import clean_article
from digest.errors import DigestError
from digest.ingest.feeds import guard_xml, parse_feed_bytes


def _prepared(data: bytes, name: str = "edge.xml"):
    return [clean_article(a) for a in parse_feed_bytes(data, name)]


# ------------------------------------------------------------------ source names


def test_an_atom_feed_title_typed_html_names_the_source_by_its_text():
    feed = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Harbour &lt;b&gt;Ledger&lt;/b&gt; &amp;amp; Co</title>
  <id>urn:example:harbour</id>
  <entry><title>Tide tables move online</title><id>urn:example:harbour:1</id>
    <link href="https://harbour.example/tides"/></entry>
</feed>"""
    [article] = _prepared(feed)
    assert article.source_name == "Harbour Ledger & Co"
    assert article.title == "Tide tables move online"


def test_an_xhtml_feed_title_names_the_source_by_its_text():
    feed = b"""<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Quarry <em>Notes</em></div></title>
  <id>urn:example:quarry</id>
  <entry><title>Gravel prices settle</title><id>urn:example:quarry:1</id>
    <link href="https://quarry.example/gravel"/></entry>
</feed>"""
    [article] = _prepared(feed)
    assert article.source_name == "Quarry Notes"


def test_an_rss_channel_title_with_markup_names_the_source_by_its_text():
    feed = b"""<rss version="2.0"><channel>
  <title>Orchard &lt;i&gt;Weekly&lt;/i&gt;</title><link>https://orchard.example/</link>
  <item><title>Late frost spares the pears</title><link>https://orchard.example/frost</link></item>
</channel></rss>"""
    [article] = _prepared(feed)
    assert article.source_name == "Orchard Weekly"


def test_a_plain_text_feed_title_keeps_its_angle_brackets():
    # type="text": "<" is a character of the name, not markup
    feed = b"""<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Signal &lt;Noise&gt; Review</title><id>urn:example:signal</id>
  <entry><title>Filters compared</title><id>urn:example:signal:1</id>
    <link href="https://signal.example/filters"/></entry>
</feed>"""
    [article] = _prepared(feed)
    assert article.source_name == "Signal <Noise> Review"


def test_a_feed_title_of_markup_alone_falls_back_to_the_file_name():
    feed = b"""<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">&lt;img src="https://logo.example/l.png"&gt;</title><id>urn:example:logo</id>
  <entry><title>Logo redesign</title><id>urn:example:logo:1</id>
    <link href="https://logo.example/redesign"/></entry>
</feed>"""
    [article] = _prepared(feed, "content/feeds/logo-works.xml")
    assert article.source_name == "logo-works"


def test_the_markup_free_name_leaves_the_item_id_as_it_was():
    # ids are made from the feed's title as given: a story keeps its address
    marked = b"""<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Kiln &lt;b&gt;Report&lt;/b&gt;</title><id>urn:example:kiln</id>
  <entry><title>Glaze costs rise</title><id>urn:example:kiln:1</id></entry>
</feed>"""
    # the same name given as plain text: shown with its brackets, the same id
    plain = marked.replace(b'type="html">Kiln &lt;b&gt;Report&lt;/b&gt;',
                           b'type="text">Kiln &lt;b&gt;Report&lt;/b&gt;')
    [shown] = parse_feed_bytes(marked, "k.xml")
    [given] = parse_feed_bytes(plain, "k.xml")
    assert (shown.source_name, given.source_name) == ("Kiln Report", "Kiln <b>Report</b>")
    assert shown.id == given.id


def test_an_atom_entry_source_title_typed_html_credits_the_publisher_by_its_text():
    feed = b"""<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Aggregator</title><id>urn:example:agg</id>
  <entry><title>Ferry timetable changes</title><id>urn:example:agg:1</id>
    <link href="https://ferry.example/timetable"/>
    <source><title type="html">Ferry &lt;b&gt;Gazette&lt;/b&gt;</title>
      <id>urn:example:ferry</id></source></entry>
</feed>"""
    [article] = _prepared(feed)
    assert article.source_name == "Ferry Gazette"


# ------------------------------------------------------------------ feeds with no items yet


def test_an_empty_feed_with_an_html_entity_in_its_channel_is_empty_not_unreadable():
    # "&copy;" and "&nbsp;" are HTML's, undefined in XML: feedparser reads around them, as
    # it does in a feed with items (whose items are read)
    feed = b"""<?xml version="1.0"?>
<rss version="2.0"><channel>
  <title>Lantern&nbsp;Press</title><link>https://lantern.example/</link>
  <copyright>&copy; 2026 Lantern Press</copyright>
</channel></rss>"""
    assert parse_feed_bytes(feed, "lantern.xml") == []


def test_an_empty_atom_feed_with_an_html_entity_is_empty_not_unreadable():
    feed = b"""<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Mill Pond &hellip; Notes</title><id>urn:example:mill</id>
</feed>"""
    assert parse_feed_bytes(feed, "mill.atom") == []


def test_an_empty_feed_cut_short_is_still_reported():
    feed = b"""<rss version="2.0"><channel>
  <title>Lantern&nbsp;Press</title><link>https://lantern.example/</link>
</channel>"""
    with pytest.raises(DigestError, match="not a readable RSS/Atom feed"):
        parse_feed_bytes(feed, "lantern-cut.xml")


def test_an_empty_feed_with_a_real_xml_fault_is_still_reported():
    feed = b"""<rss version="2.0"><channel>
  <title>Lantern</title><x:tag>undeclared prefix</x:tag>
</channel></rss>"""
    with pytest.raises(DigestError, match="unbound prefix"):
        parse_feed_bytes(feed, "lantern-prefix.xml")


# ------------------------------------------------------------------ wide encodings

_WEIR = (
    '<?xml version="1.0" encoding="{}"?>\n<rss version="2.0"><channel><title>Weir Watch</title>'
    "<link>https://weir.example/</link><item><title>River levels r\u00e9duits \u2013 week 48"
    "</title><link>https://weir.example/48</link><description>The gauge read 1.2 m."
    "</description></item></channel></rss>"
)


@pytest.mark.parametrize(
    ("codec", "mark"),
    [("utf-32-be", b""), ("utf-32-be", b"\x00\x00\xfe\xff"),
     ("utf-32-le", b""), ("utf-32-le", b"\xff\xfe\x00\x00"),
     ("utf-16-be", b""), ("utf-16-le", b"")],
)
def test_a_feed_in_utf32_or_utf16_is_read_not_called_binary(codec, mark):
    # UTF-32 big-endian has three NULs a character: still text, not "binary data"
    data = mark + _WEIR.format(codec[:6]).encode(codec)
    [article] = _prepared(data, "weir.xml")
    assert article.title == "River levels r\u00e9duits \u2013 week 48"
    assert article.source_name == "Weir Watch"
    assert article.paragraphs == ("The gauge read 1.2 m.",)


# ------------------------------------------------------------------ the prolog


def test_a_prolog_comment_that_mentions_a_doctype_is_left_whole():
    # the DOCTYPE cut once started inside the comment and took its "-->": the rest of the
    # document was then part of the comment and the feed unreadable
    feed = b"""<?xml version="1.0"?>
<!-- exported by a small tool; it writes no <!DOCTYPE line, and needs none -->
<rss version="2.0"><channel><title>Cellar Log</title><link>https://cellar.example/</link>
<item><title>Casks moved to the north wall</title><link>https://cellar.example/casks</link>
<description>Humidity is steadier there.</description></item>
</channel></rss>"""
    [article] = _prepared(feed)
    assert article.title == "Casks moved to the north wall"
    assert article.paragraphs == ("Humidity is steadier there.",)


def test_an_external_doctype_after_a_prolog_comment_is_still_cut_out():
    feed = b"""<?xml version="1.0"?>
<!-- a note -->
<!DOCTYPE rss PUBLIC "-//Example//DTD Feeds//EN" "http://127.0.0.1:9/feeds.dtd">
<rss version="2.0"><channel><title>Cellar Log</title><link>https://cellar.example/</link>
<item><title>New racks</title><link>https://cellar.example/racks</link></item>
</channel></rss>"""
    guarded = guard_xml(feed, "cellar.xml")
    assert b"DOCTYPE" not in guarded and b"<!-- a note -->" in guarded
    assert [a.title for a in parse_feed_bytes(feed, "cellar.xml")] == ["New racks"]


def test_a_news_sitemap_with_a_stylesheet_instruction_is_read_as_one():
    # SEO plugins put "<?xml-stylesheet ...?>" after the XML declaration: the root was
    # not found past it, and the sitemap was "no RSS, Atom or JSON Feed"
    sitemap = b"""<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" \
href="//pier.example/map.xsl"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://pier.example/2026/11/dredging</loc><news:news>
  <news:publication><news:name>Pier Post</news:name><news:language>en</news:language>
  </news:publication><news:publication_date>2026-11-20T10:00:00Z</news:publication_date>
  <news:title>Dredging starts at the east pier</news:title></news:news></url>
</urlset>"""
    [article] = parse_feed_bytes(sitemap, "pier-sitemap.xml")
    assert (article.title, article.source_name) == ("Dredging starts at the east pier",
                                                    "Pier Post")


def test_a_feed_cut_short_after_a_comment_and_a_stylesheet_is_still_said_to_be():
    feed = b"""<!-- cached copy -->
<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="rss.xsl"?>
<rss version="2.0"><channel><title>Pier Post</title><link>https://pier.example/</link>
<item><title>Dredging starts</title><link>https://pier.example/d</link></item>
<item><title>Ferry"""
    notices: list[str] = []
    [article] = parse_feed_bytes(feed, "pier.xml", notices=notices)
    assert article.title == "Dredging starts"
    assert len(notices) == 1 and "cut short" in notices[0]
    # ... and with no whole item in it, it is no empty feed: it is reported
    empty = feed[: feed.index(b"<item>")] + b"<item><title>Dredg"
    with pytest.raises(DigestError, match="not a readable RSS/Atom feed"):
        parse_feed_bytes(empty, "pier-empty.xml")
