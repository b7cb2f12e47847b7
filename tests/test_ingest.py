"""Ingest: each input format becomes raw Articles; a broken file is reported, others go on."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.errors import DigestError
from digest.ingest import discover, ingest
from digest.ingest.feeds import parse_feed_bytes
from digest.ingest.markdown import parse_markdown_file
from digest.ingest.scraped import parse_dump_text

RSS2 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Tiny Wire</title><link>https://tiny.example/</link>
<item><title>First &lt;b&gt;bold&lt;/b&gt; item</title><link>https://tiny.example/a</link>
<guid>https://tiny.example/a</guid><pubDate>Mon, 23 Nov 2026 08:15:00 +0200</pubDate>
<category>De-fi</category><description>Short text.</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Tiny Atom</title>
<link href="https://atom.example/"/><id>tag:atom.example,2026:feed</id>
<updated>2026-11-23T10:00:00Z</updated>
<entry><title>Atom entry</title><link rel="alternate" href="https://atom.example/e1"/>
<id>tag:atom.example,2026:e1</id><published>2026-11-23T10:00:00Z</published>
<updated>2026-11-23T11:00:00Z</updated><author><name>Ada</name></author>
<category term="Technology"/><content type="html">&lt;p&gt;Body one.&lt;/p&gt;</content></entry>
</feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>Tiny RDF</title>
<link>https://rdf.example/</link><description>d</description></channel>
<item rdf:about="https://rdf.example/x"><title>RDF item</title><link>https://rdf.example/x</link>
<description>Plain.</description><dc:date>2026-11-22T09:00:00+01:00</dc:date>
<dc:subject>Blockchain</dc:subject></item></rdf:RDF>"""

JSONFEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "Tiny JSON",
"home_page_url": "https://json.example/", "items": [
{"id": "1", "url": "/posts/one", "title": "JSON item", "content_html": "<p>Hi</p>",
 "date_published": "2026-11-24T07:30:00-05:00", "tags": ["DeFi"], "authors": [{"name": "Bo"}]}
]}"""


def test_rss2_item() -> None:
    [article] = parse_feed_bytes(RSS2, "tiny.xml")
    assert article.source_name == "Tiny Wire"
    assert article.url == "https://tiny.example/a"
    assert article.published == datetime(2026, 11, 23, 6, 15, tzinfo=UTC)
    assert article.source_category == "De-fi"
    assert article.origin == "feed"


def test_markup_escaped_twice_is_read_as_markup() -> None:
    """A publisher that escapes its HTML twice ("&amp;lt;p&amp;gt;") would print "<p>" on
    the page: such a body (it opens with an escaped tag and holds no real one) is unescaped
    once more. A body that only mentions a tag, or holds real markup, is left as it is."""

    def body(description: str) -> str:
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            "<link>https://t.example/</link><description>d</description><item><title>A</title>"
            f"<link>https://t.example/a</link><description>{description}</description>"
            "</item></channel></rss>"
        ).encode()
        [article] = parse_feed_bytes(feed, "t.xml")
        return article.body_html

    twice = "&amp;lt;p&amp;gt;The river rose &amp;amp;amp; fell.&amp;lt;/p&amp;gt;"
    assert body(twice) == "<p>The river rose &amp; fell.</p>"
    once = "&lt;p&gt;The river rose &amp;amp; fell.&lt;/p&gt;"
    assert body(once) == "<p>The river rose &amp; fell.</p>"
    mention = "Use the &amp;lt;p&amp;gt; tag for paragraphs."
    assert body(mention) == "<p>Use the &lt;p&gt; tag for paragraphs.</p>"  # a tagless body
    mixed = "&lt;p&gt;Write &amp;lt;p&amp;gt; for a paragraph.&lt;/p&gt;"
    assert body(mixed) == "<p>Write &lt;p&gt; for a paragraph.</p>"


def test_atom_entry() -> None:
    [article] = parse_feed_bytes(ATOM, "tiny.atom")
    assert article.title == "Atom entry"
    assert article.author == "Ada"
    assert "Body one." in article.body_html
    assert article.updated == datetime(2026, 11, 23, 11, 0, tzinfo=UTC)


def test_rdf_item_uses_dc_date() -> None:
    [article] = parse_feed_bytes(RDF, "tiny.rdf")
    assert article.published == datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    assert article.source_category == "Blockchain"


def test_json_feed_item_resolves_relative_url() -> None:
    [article] = parse_feed_bytes(JSONFEED, "tiny.json")
    assert article.url == "https://json.example/posts/one"
    assert article.published == datetime(2026, 11, 24, 12, 30, tzinfo=UTC)
    assert article.author == "Bo"
    assert article.source_category == "DeFi"


def _dated_feed(dates: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Item {n}</title><link>https://loc.example/{n}</link>"
        f"<pubDate>{when}</pubDate><description>Text {n}.</description></item>"
        for n, when in enumerate(dates)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Loc</title>'
        f"<link>https://loc.example/</link><description>d</description>{items}</channel></rss>"
    ).encode()


def test_dates_with_names_of_other_languages_are_read() -> None:
    """Day and month names of other languages, and CMS formats feedparser does not read,
    still date the item; an all-number date (day and month order unknown) is left undated,
    for the build to date by its first sighting."""
    cases = {
        "Lun, 23 Nov 2026 10:00:00 +0100": datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        "mar., 24 nov. 2026 10:00:00 +0100": datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        "Di, 24 Dez 2026 10:00:00 MEZ": datetime(2026, 12, 24, 9, 0, tzinfo=UTC),
        "Mo, 23 Mär 2026 08:30:00 +0100": datetime(2026, 3, 23, 7, 30, tzinfo=UTC),
        "Lunes, 23 Noviembre 2026 10:00:00 GMT": datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
        "gio, 5 mag 2026 07:00:00 +0200": datetime(2026, 5, 5, 5, 0, tzinfo=UTC),
        "sáb, 28 fev 2026 23:59:59 -0300": datetime(2026, 3, 1, 2, 59, 59, tzinfo=UTC),
        "zo, 1 mrt 2026 08:00:00 +0100": datetime(2026, 3, 1, 7, 0, tzinfo=UTC),
        "26 août 2026 10:00:00 +0200": datetime(2026, 8, 26, 8, 0, tzinfo=UTC),
        "Thursday, November 26, 2026 - 10:00": datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
        "Thu,26 Nov 2026 10:00:00 +0000": datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
        "26-Nov-2026 09:30 pm": datetime(2026, 11, 26, 21, 30, tzinfo=UTC),
        "26/11/2026 10:00": None,
        "31 Feb 2026 10:00:00 +0000": None,
        "sometime soon": None,
    }
    articles = parse_feed_bytes(_dated_feed(list(cases)), "loc.xml")
    assert [a.published for a in articles] == list(cases.values())
    # JSON Feed: RFC 3339 as the spec says, or an RFC 822 date as some publishers write
    doc = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": ['
        b'{"id": "1", "title": "a", "date_published": "Thu, 26 Nov 2026 10:00:00 +0100"},'
        b'{"id": "2", "title": "b", "date_published": "jeu., 26 nov. 2026 10:00:00 +0100"}]}'
    )
    assert [a.published for a in parse_feed_bytes(doc, "j.json")] == [
        datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    ] * 2


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31)),
       st.integers(-14 * 60, 14 * 60), st.booleans(), st.booleans())
@settings(max_examples=300, deadline=None, derandomize=True)
def test_loose_dates_agree_with_feedparser_where_it_reads_them(
    when: datetime, minutes: int, weekday: bool, seconds: bool
) -> None:
    """RFC 822 dates, the format feedparser reads: the fallback reads them the same."""
    import feedparser

    from digest.ingest.dates import loose_date

    sign, offset = ("-" if minutes < 0 else "+"), abs(minutes)
    text = (("%a, " if weekday else "") + "%d %b %Y %H:%M" + (":%S" if seconds else "")
            + f" {sign}{offset // 60:02d}{offset % 60:02d}")
    text = when.strftime(text)
    expected = feedparser.datetimes._parse_date(text)
    assert expected is not None, text
    found = loose_date(text)
    assert found is not None, text
    assert found.timetuple()[:6] == tuple(expected)[:6], text


def test_an_item_listed_twice_is_read_once_in_its_latest_version() -> None:
    feed = _dated_feed([]).replace(b"</channel>", b"""
<item><title>Old</title><link>https://loc.example/1</link><guid>g1</guid>
<pubDate>Wed, 25 Nov 2026 10:00:00 +0000</pubDate><description>v1</description></item>
<item><title>Other</title><link>https://loc.example/2</link><guid>g2</guid></item>
<item><title>New</title><link>https://loc.example/1</link><guid>g1</guid>
<pubDate>Wed, 25 Nov 2026 11:00:00 +0000</pubDate><description>v2</description></item>
</channel>""")
    assert [a.title for a in parse_feed_bytes(feed, "twice.xml")] == ["New", "Other"]


def test_an_item_without_guid_or_link_keeps_its_id_when_its_body_is_made_paragraphs() -> None:
    """Such an item is known by its headline and text as the feed gives them: making a
    tagless body into paragraphs must not change its id (its story and its address)."""
    from digest.util import stable_id

    feed = _dated_feed([]).replace(b"</channel>", b"""<item><title>No guid</title>
<description>Plain text without tags
and a second line</description></item></channel>""")
    [article] = parse_feed_bytes(feed, "noguid.xml")
    assert article.body_html == "<p>Plain text without tags<br>and a second line</p>"
    raw = "Plain text without tags\nand a second line"
    assert article.id == stable_id("Loc", f"No guid\n{raw[:200]}")


def test_json_feed_items_with_nothing_to_show_or_odd_fields_are_handled() -> None:
    doc = (b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": ['
           b'{"id": "1", "title": "Kept", "tags": "DeFi"}, {"id": "2"}, "text", null,'
           b'{"id": "3", "content_text": "Text only.", "tags": ["Blockchain", 3]}]}')
    articles = parse_feed_bytes(doc, "j.json")
    assert [(a.title, a.tags) for a in articles] == [("Kept", ()), ("", ("Blockchain",))]


def test_ids_are_stable_and_distinct() -> None:
    first = parse_feed_bytes(RSS2, "tiny.xml")[0].id
    assert first == parse_feed_bytes(RSS2, "tiny.xml")[0].id
    assert first != parse_feed_bytes(ATOM, "tiny.atom")[0].id


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"<html><body><p>Just a page</p></body></html>", "feed"),
        (b'{"title": "not a feed"}', "not a JSON Feed"),
        (b"{broken json", "invalid JSON"),
    ],
)
def test_broken_feeds_raise_clear_errors(data: bytes, expected: str) -> None:
    with pytest.raises(DigestError) as info:
        parse_feed_bytes(data, "bad.xml")
    assert "bad.xml" in info.value.message
    assert expected in info.value.message


def test_dump_parts() -> None:
    article = parse_dump_text(
        "De-fi\nBig News – Some Site\nThe standfirst.\nBody one.\n-\nOther1 day agoX – Some Site\n",
        "x.txt",
    )
    assert article.source_category == "De-fi"
    assert article.title == "Big News – Some Site"
    assert article.summary == "The standfirst."
    assert article.raw_lines[0] == "Body one."


@pytest.mark.parametrize(("text", "category", "title", "summary"), [
    # the page's label was not copied: the headline, with the site's name, comes first
    ("Restaking Protocol Caps Deposits - Block Ledger\nThe protocol paused deposits.\n"
     "Body one.\n", None, "Restaking Protocol Caps Deposits - Block Ledger",
     "The protocol paused deposits."),
    # a long headline without the site's name
    ("Validators Agree On A Fee Market Change\nAfter a month of debate.\nBody one.\n",
     None, "Validators Agree On A Fee Market Change", "After a month of debate."),
    # a label and a short headline without a suffix: as before
    ("Markets\nBitcoin Rallies\nA standfirst.\nBody one.\n", "Markets", "Bitcoin Rallies",
     "A standfirst."),
    # a long label, and the headline after it ends with the site's name: the label stays one
    ("Decentralized Finance And Lending News\nVault Opens – Coin Post\nA standfirst.\n"
     "Body.\n", "Decentralized Finance And Lending News", "Vault Opens – Coin Post",
     "A standfirst."),
])
def test_a_dump_without_its_category_line_starts_with_its_headline(
    text: str, category: str | None, title: str, summary: str
) -> None:
    article = parse_dump_text(text, "x.txt")
    assert (article.source_category, article.title, article.summary) == (
        category, title, summary)


def test_dump_too_short_is_an_error() -> None:
    with pytest.raises(DigestError, match="not a scraped dump"):
        parse_dump_text("only one line\n", "short.txt")


def test_a_binary_file_dropped_as_a_dump_is_an_error(tmp_path: Path) -> None:
    """An image or a PDF saved as .txt is no article: a clear error, not a story of
    replacement characters. A dump with a few bad bytes is still read."""
    import random

    rng = random.Random(5)
    noise = bytes(rng.randrange(1, 256) for _ in range(3000))  # no NUL: the ratio tells
    (tmp_path / "scraped").mkdir()
    (tmp_path / "scraped" / "photo.txt").write_bytes(noise)
    (tmp_path / "scraped" / "nul.txt").write_bytes(b"Tech\nHeadline\x00 here\nBody.\n")
    (tmp_path / "scraped" / "image.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + noise[:500])
    good = "Tech\nA Headline About Sluices\nThe standfirst.\nA body line of text.\n"
    (tmp_path / "scraped" / "good.txt").write_bytes(
        good.encode() + b"\xff\xfe two bad bytes in a long enough line of text\n")
    result = ingest(discover(tmp_path))
    assert [a.title for a in result.articles] == ["A Headline About Sluices"]
    assert sorted(p.split(":")[0].rsplit("/", 1)[-1] for p in result.problems) == [
        "image.txt", "nul.txt", "photo.txt"]
    assert all("binary data" in p for p in result.problems)


def test_markdown_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: Hello\ndate: 2026-11-23 10:00\ncategory: DeFi\ntags: [a, b]\n"
        "source: Desk\nurl: https://desk.example/hello\nsummary: Sum.\nauthor: Me\n---\n"
        "Para *one*.\n\n## Head\n\n- item\n",
        encoding="utf-8",
    )
    article = parse_markdown_file(path)
    assert article is not None
    assert article.title == "Hello"
    assert article.published == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert article.tags == ("a", "b")
    assert "<em>one</em>" in article.body_html
    assert "<h2>Head</h2>" in article.body_html


def test_toml_and_json_front_matter_read_as_yaml_does(tmp_path: Path) -> None:
    """Hugo's other two front matter formats: TOML between +++ lines, a JSON object."""
    body = "\nValidators agreed on a new fee market after a month of debate.\n"
    (tmp_path / "yaml.md").write_text(
        "---\ntitle: Validators agree on fees\ndate: 2026-11-25T08:00:00Z\n"
        "tags: [DeFi, fees]\nauthor: Ana Fell\n---\n" + body, encoding="utf-8")
    (tmp_path / "toml.md").write_text(
        '+++\ntitle = "Validators agree on fees"\ndate = 2026-11-25T08:00:00Z\n'
        'tags = ["DeFi", "fees"]\nauthor = "Ana Fell"\n+++\n' + body, encoding="utf-8")
    (tmp_path / "json.md").write_text(
        '{\n  "title": "Validators agree on fees", "date": "2026-11-25T08:00:00Z",\n'
        '  "tags": ["DeFi", "fees"], "author": "Ana Fell"\n}\n' + body, encoding="utf-8")
    read = {name: parse_markdown_file(tmp_path / f"{name}.md") for name in ("yaml", "toml", "json")}
    fields = {name: (a.title, a.published, a.tags, a.author, a.body_html)
              for name, a in read.items() if a is not None}
    assert fields["toml"] == fields["yaml"] == fields["json"]
    assert fields["yaml"][1] == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    (tmp_path / "bad.md").write_text('+++\ntitle = "Broken\n+++\nBody.\n', encoding="utf-8")
    with pytest.raises(DigestError, match="invalid TOML front matter"):
        parse_markdown_file(tmp_path / "bad.md")
    (tmp_path / "open.md").write_text('+++\ntitle = "Never closed"\n', encoding="utf-8")
    with pytest.raises(DigestError, match=r"\+\+\+ is never closed"):
        parse_markdown_file(tmp_path / "open.md")
    (tmp_path / "badjson.md").write_text('{"title": "x",\n}\nBody.\n', encoding="utf-8")
    with pytest.raises(DigestError, match="invalid JSON front matter"):
        parse_markdown_file(tmp_path / "badjson.md")


def test_markdown_dates_with_a_named_month_are_read(tmp_path: Path) -> None:
    for n, (text, expected) in enumerate((
        ("November 25, 2026", datetime(2026, 11, 25, tzinfo=UTC)),
        ("25 Nov 2026 10:00", datetime(2026, 11, 25, 10, 0, tzinfo=UTC)),
        ("2026-11-25 10:20:00 +0100", datetime(2026, 11, 25, 9, 20, tzinfo=UTC)),
    )):
        path = tmp_path / f"d{n}.md"
        path.write_text(f"---\ntitle: T\ndate: {text}\n---\nBody.\n", encoding="utf-8")
        article = parse_markdown_file(path)
        assert article is not None and article.published == expected, text
    path = tmp_path / "ambiguous.md"
    path.write_text("---\ntitle: T\ndate: 03/04/2026\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(DigestError, match="is not a date"):
        parse_markdown_file(path)


def test_hugo_shortcodes_leave_no_tags_on_the_page() -> None:
    from digest.ingest.markdown import render_markdown

    html = render_markdown(
        "Before.\n\n{{< youtube w7Ft2ymGmfc >}}\n\n{{% notice info %}}\nKept text.\n"
        '{{% /notice %}}\n\n{{< tweet user="x" id="1" >}}\n\nA {{ template }} stays.\n'
    )
    assert html == "<p>Before.</p>\n<p>Kept text.</p>\n<p>A {{ template }} stays.</p>\n"


def test_markdown_draft_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_text("---\ntitle: Draft\ndraft: true\n---\nText\n", encoding="utf-8")
    assert parse_markdown_file(path) is None


def test_markdown_with_windows_or_old_mac_line_ends_reads_the_same(tmp_path: Path) -> None:
    text = "---\ntitle: Line ends\ndate: 2026-11-23\n---\n\nFirst line.\n\nSecond one.\n"
    plain = tmp_path / "plain.md"
    plain.write_bytes(text.encode())
    expected = parse_markdown_file(plain)
    for name, newline in (("crlf.md", "\r\n"), ("cr.md", "\r")):
        other = tmp_path / name
        other.write_bytes(text.replace("\n", newline).encode())
        article = parse_markdown_file(other)
        assert article is not None and expected is not None
        assert (article.title, article.paragraphs, article.body_html) == (
            expected.title, expected.paragraphs, expected.body_html
        )


def test_markdown_without_title_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_text("---\ndate: 2026-11-23\n---\nText\n", encoding="utf-8")
    with pytest.raises(DigestError, match="no title"):
        parse_markdown_file(path)


def test_dropped_files_are_discovered_and_broken_ones_reported(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "scraped").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "feeds" / "good.xml").write_bytes(RSS2)
    (tmp_path / "feeds" / "bad.xml").write_bytes(b"<rss><channel><item>")
    (tmp_path / "feeds" / "notes.pdf").write_bytes(b"ignored: not a feed suffix")
    (tmp_path / "scraped" / "d.txt").write_text("Tech\nA – S\nStand.\nBody.\n", encoding="utf-8")
    (tmp_path / "articles" / "a.md").write_text("---\ntitle: T\n---\nx\n", encoding="utf-8")
    inputs = discover(tmp_path)
    assert [i.path.name for i in inputs] == ["bad.xml", "good.xml", "a.md", "d.txt"]
    result = ingest(inputs)
    assert result.inputs == 4
    assert len(result.articles) == 3
    assert len(result.problems) == 1
    assert "bad.xml" in result.problems[0]


def test_discovery_skips_hidden_names_and_counts_a_linked_file_once(tmp_path: Path) -> None:
    """Names starting with "." or "_" are skipped (with what is under them); a symlinked file
    is read under its own name, once (the same file twice is one input); a symlinked folder
    is not entered; a broken link is skipped; suffixes match in any case."""
    articles, other = tmp_path / "articles", tmp_path / "elsewhere"
    for folder in (articles / "sub", articles / ".hidden", articles / "_drafts", other):
        folder.mkdir(parents=True)
    for name in ("a.md", "a-b.md", "sub/b.MD", ".hidden/c.md", "_drafts/d.md", "_e.md"):
        (articles / name).write_text("---\ntitle: T\n---\nx\n", encoding="utf-8")
    (other / "o.md").write_text("---\ntitle: O\n---\nx\n", encoding="utf-8")
    (articles / "linked.md").symlink_to(other / "o.md")
    (articles / "linked-again.md").symlink_to(other / "o.md")
    (articles / "folder").symlink_to(other, target_is_directory=True)
    (articles / "broken.md").symlink_to(tmp_path / "nowhere.md")
    found = [i.path.relative_to(articles).as_posix() for i in discover(tmp_path)]
    assert found == ["a-b.md", "a.md", "linked-again.md", "sub/b.MD"]


def test_feed_origin_link_becomes_the_canonical_url() -> None:
    feed = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel><title>Proxy</title><link>https://proxy.example/</link>
<item><title>Proxied item</title><link>https://proxy.example/~r/abc</link>
<feedburner:origLink>https://origin.example/story?utm_source=feed</feedburner:origLink>
</item></channel></rss>"""
    [article] = parse_feed_bytes(feed, "proxy.xml")
    assert article.url == "https://proxy.example/~r/abc"
    assert article.canonical_url == "https://origin.example/story"


@pytest.mark.parametrize(("front", "where", "fix"), [
    # The most common slip: a headline with ": " in it, unquoted.
    ("title: Bridge Audit: What Changed\ndate: 2026-11-22\n", "line 2, column 20",
     'put the value in double quotes: title: "Bridge Audit: What Changed"'),
    ('date: 2026-11-22\ntitle: Say "yes": or no\n', "line 3, column 17",
     'put the value in double quotes: title: "Say \\"yes\\": or no"'),
    ("title: @handle joins\n", "line 2, column 8",
     'put the value in double quotes: title: "@handle joins"'),
    ("title: One\n  date: 2026-11-22\n", "line 3",
     "remove the spaces before 'date: 2026-11-22': keys start at the line's start"),
    ('title: "Never closed\ndate: 2026-11-22\n', "line 2",
     "close the quote or bracket opened on line 2"),
    ("title: One\n\tdate: 2026-11-22\n", "line 3", "indent with spaces, not tabs"),
])
def test_broken_yaml_front_matter_names_the_line_and_the_fix(
    tmp_path: Path, front: str, where: str, fix: str
) -> None:
    path = tmp_path / "broken.md"
    path.write_text(f"---\n{front}---\n\nBody.\n", encoding="utf-8")
    with pytest.raises(DigestError) as caught:
        parse_markdown_file(path)
    assert caught.value.where == str(path)
    assert f"invalid YAML front matter at {where}" in caught.value.message
    assert caught.value.fix == fix
    if "double quotes" in fix:  # the fix it gives does fix the file
        line = next(li for li in front.splitlines() if fix.split(": ", 1)[1].startswith(
            li.partition(": ")[0] + ":"))
        path.write_text(f"---\n{front.replace(line, fix.split(': ', 1)[1])}---\n\nBody.\n",
                        encoding="utf-8")
        assert parse_markdown_file(path) is not None


def test_a_markdown_file_may_open_with_its_headline_instead_of_front_matter(
    tmp_path: Path,
) -> None:
    """"# Title" (or "Title" over "===") at the top is the title when the front matter names
    none, and is not repeated in the body; inline Markdown in it reads as its text."""
    (tmp_path / "atx.md").write_text(
        "---\ndate: 2026-11-20T10:00:00Z\n---\n\n# Rollup *Fees* & [Blobs](https://b.example) ##"
        "\n\nFees fell again.\n", encoding="utf-8")
    (tmp_path / "setext.md").write_text("Validators Vote\n===\n\nThe vote passed.\n",
                                        encoding="utf-8")
    (tmp_path / "named.md").write_text(
        "---\ntitle: The Named One\n---\n# A Heading In The Body\n\nText.\n", encoding="utf-8")
    atx = parse_markdown_file(tmp_path / "atx.md")
    setext = parse_markdown_file(tmp_path / "setext.md")
    named = parse_markdown_file(tmp_path / "named.md")
    assert atx is not None and setext is not None and named is not None
    assert atx.title == "Rollup Fees & Blobs"
    assert atx.published == datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert "<h1>" not in atx.body_html and "Fees fell again." in atx.body_html
    assert setext.title == "Validators Vote" and setext.published is None
    assert "<h1>" not in setext.body_html and "The vote passed." in setext.body_html
    assert named.title == "The Named One"  # the front matter's title wins
    assert "<h1>A Heading In The Body</h1>" in named.body_html
    for name, text in (("plain.md", "Just text.\n\nMore text.\n"),
                       ("second.md", "## Only A Subheading\n\nText.\n"),
                       ("empty.md", "---\ndate: 2026-11-20\n---\n#\n\nText.\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(DigestError) as caught:
            parse_markdown_file(tmp_path / name)
        assert caught.value.problem.startswith("no title")
        assert "start the text with a # Your headline line" in caught.value.fix


def test_an_atom_entry_without_a_link_is_not_linked_to_its_id() -> None:
    """feedparser gives an entry without <link> its id as a link; a tag: or urn: id is no
    address, so the story has no link (and no 'link dropped' notice); an http id is one."""
    from digest.cache import prepare_plain
    from digest.config import LimitsConfig

    feed = (
        b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        b"<title>Notes</title><id>urn:x</id><updated>2026-11-24T10:00:00Z</updated>"
        b'<link rel="alternate" href="https://notes.example/"/>'
        b"<entry><title>Tagged</title><id>tag:notes.example,2026:2</id>"
        b"<updated>2026-11-24T11:00:00Z</updated><summary>One.</summary></entry>"
        b"<entry><title>Urn</title><id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>"
        b"<updated>2026-11-24T11:00:00Z</updated><summary>Two.</summary></entry>"
        b"<entry><title>Web id</title><id>https://notes.example/3</id>"
        b"<updated>2026-11-24T11:00:00Z</updated><summary>Three.</summary></entry>"
        b"<entry><title>Linked</title><id>tag:notes.example,2026:4</id>"
        b'<link href="/4"/><updated>2026-11-24T11:00:00Z</updated><summary>Four.</summary>'
        b"</entry></feed>"
    )
    articles = parse_feed_bytes(feed, "notes.atom")
    assert [a.url for a in articles] == [
        None, None, "https://notes.example/3", "https://notes.example/4"]
    assert len({a.id for a in articles}) == 4  # still told apart by their ids
    prepared, notices = prepare_plain(articles, LimitsConfig(), None)
    assert notices == [] and len(prepared) == 4
