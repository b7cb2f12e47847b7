"""Properties, not only examples (hypothesis).

Example counts are kept moderate for CI (see EXAMPLES); raise them locally with
``HYPOTHESIS_EXAMPLES=2000 pytest tests/test_properties.py``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone
from html import escape
from pathlib import Path

import feedparser
import html5lib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.build import BuildOptions, build
from digest.clean import clean_article, normalize_text
from digest.config import load_config
from digest.dedupe import canonical_url
from digest.errors import DigestError
from digest.ingest.feeds import parse_feed_bytes
from digest.model import Article
from digest.output import check_relative_path
from digest.util import slugify, squash
from tests.conftest import DEMO_NOW, ROOT

SCALE = int(os.environ.get("HYPOTHESIS_EXAMPLES", "0"))


def examples(n: int) -> settings:
    return settings(
        max_examples=SCALE or n,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        derandomize=True,  # the same examples on every run: CI failures reproduce
        database=None,  # so no .hypothesis/ folder is left in the repository
    )


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)
url_parts = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x2FF, blacklist_characters="#"),
    max_size=25,
)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "ftp", "", "javascript"]))
    host = draw(st.sampled_from(["Example.COM", "amp.example.com", "m.news.example",
                                 "example.com:80", "example.com:443", "xn--bcher-kva.example",
                                 "", "exa mple.com", "user:pw@host.example"]))
    path = draw(st.lists(url_parts, max_size=4))
    query = draw(st.lists(st.tuples(
        st.sampled_from(["utm_source", "id", "amp", "outputType", "fbclid", "a", "B"]),
        url_parts), max_size=4))
    fragment = draw(st.one_of(st.none(), url_parts))
    url = f"{scheme}://{host}/" + "/".join(path)
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query)
    if fragment is not None:
        url += "#" + fragment
    return url


# ---------------------------------------------------------------- URLs


@examples(400)
@given(st.one_of(urls(), text))
def test_canonical_url_never_raises_and_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    if once:  # None or "": no usable URL
        assert canonical_url(once) == once


def test_canonical_url_of_an_ipv6_host_is_idempotent() -> None:
    once = canonical_url("http://[::1]/")
    assert once is not None and canonical_url(once) == once


# ---------------------------------------------------------------- slugs


def test_slugs_of_other_scripts_are_readable() -> None:
    """A headline in another script gives its letters in ASCII, not a bare "item" slug;
    scripts without spaces get a word a syllable; emoji and symbols are no words."""
    cases = {
        "Биткоин вырос на 5%": "bitkoin-vyros-na-5",
        "Ελληνικά νέα": "ellinika-nea",
        "网络费用上涨": "wang-luo-fei-yong-shang-zhang",
        "ETF获批了": "etf-huo-pi-le",
        "Straße und Æther": "strasse-und-aether",
        "Café Chaîne": "cafe-chaine",
        "🚀 DeFi hits a record": "defi-hits-a-record",
        "🚀🚀": "item",
    }
    assert {title: slugify(title) for title in cases} == cases


@examples(400)
@given(text, st.integers(min_value=1, max_value=120))
def test_slugs_are_safe_bounded_and_deterministic(title: str, limit: int) -> None:
    slug = slugify(title, limit)
    assert slug == slugify(title, limit)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    assert 1 <= len(slug) <= max(limit, len("item"))
    assert slug not in {"con", "prn", "aux", "nul", "com1", "lpt1"}
    check_relative_path(f"story/{slug}-1a2b3c/index.html")


# ---------------------------------------------------------------- the cleaner

def norm(text: str) -> str:
    """The cleaner's own per-text normalisation (NFC, invisible characters dropped, whitespace
    squashed, certain mojibake repaired): none of it adds words to a paragraph."""
    text = normalize_text(text)
    return squash("".join(c for c in text if unicodedata.category(c) != "Cf"))


paragraph = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80)


@examples(250)
@given(st.lists(paragraph, min_size=1, max_size=6), text)
def test_cleaner_never_invents_a_paragraph_of_html(paragraphs: list[str], title: str) -> None:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    article = Article(id="x", origin="feed", location="f.xml", title=title, source_name="S",
                      body_html=body, url="https://s.example/a")
    cleaned = clean_article(article)
    sources = [norm(p) for p in paragraphs]
    for out in cleaned.paragraphs:
        assert any(norm(out) in source for source in sources), (out, sources)


@examples(250)
@given(st.lists(paragraph, min_size=1, max_size=10), paragraph)
def test_cleaner_never_invents_a_paragraph_of_a_dump(lines: list[str], headline: str) -> None:
    article = Article(id="x", origin="scraped", location="d.txt", title=headline,
                      source_name="", raw_lines=tuple(lines))
    cleaned = clean_article(article)
    sources = [norm(line) for line in lines]
    for out in cleaned.paragraphs:
        assert any(norm(out) in source for source in sources), (out, sources)


@examples(200)
@given(text)
def test_cleaner_never_raises_on_arbitrary_html(fragment: str) -> None:
    article = Article(id="x", origin="feed", location="f.xml", title=fragment, source_name="S",
                      body_html=fragment, summary=fragment)
    clean_article(article)


# ---------------------------------------------------------------- the feed parser

DEMO_FEED = sorted((ROOT / "content" / "feeds").glob("*.xml"))[0].read_bytes()


@examples(300)
@given(st.one_of(
    st.binary(max_size=400),
    st.tuples(st.integers(0, len(DEMO_FEED)), st.binary(max_size=40)).map(
        lambda cut: DEMO_FEED[: cut[0]] + cut[1] + DEMO_FEED[cut[0]:]
    ),
    st.integers(0, len(DEMO_FEED)).map(lambda n: DEMO_FEED[:n]),
    st.text(max_size=200).map(lambda t: ('{"version": "https://jsonfeed.org/version/1.1", '
                                         f'"items": [{{"title": {json.dumps(t)}}}]}}').encode()),
))
def test_feed_parser_raises_only_digest_errors(data: bytes) -> None:
    try:
        articles = parse_feed_bytes(data, "fuzz.xml")
    except DigestError:
        return
    assert isinstance(articles, list)


# ---------------------------------------------------------------- rendering

CONFIG = load_config(ROOT / "digest.toml")


@examples(30)
@given(title=text.filter(lambda t: t.strip()), summary=text, body=text, author=text, tag=text)
def test_any_story_renders_to_well_formed_html_and_feeds(
    title: str, summary: str, body: str, author: str, tag: str
) -> None:
    item = {"id": "p1", "url": "https://prop.example/1", "title": title, "summary": summary,
            "content_html": body, "authors": [{"name": author}], "tags": [tag],
            "date_published": "2026-11-23T10:00:00Z"}
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Prop", "items": [item]}
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "content" / "feeds").mkdir(parents=True)
        (base / "content" / "feeds" / "prop.json").write_text(json.dumps(feed), encoding="utf-8")
        build(CONFIG, BuildOptions(content_dir=base / "content", output_dir=base / "site",
                                   state_path=base / "s.sqlite", now=DEMO_NOW))
        site = (base / "site").resolve()
        for page in site.rglob("*.html"):
            html5lib.HTMLParser(strict=True).parse(page.read_bytes())  # raises on any error
        [story] = json.loads((site / "stories.json").read_text(encoding="utf-8"))
        for name in ("feed.xml", "atom.xml"):
            if not (site / name).exists():
                continue
            ET.fromstring((site / name).read_bytes())  # well-formed XML
            parsed = feedparser.parse((site / name).read_bytes())
            assert not parsed.bozo, parsed.get("bozo_exception")
            assert [e.title for e in parsed.entries] == [story["title"]]
        if (site / "feed.json").exists():
            feed_json = json.loads((site / "feed.json").read_text(encoding="utf-8"))
            assert [i["title"] for i in feed_json["items"]] == [story["title"]]


_TRICKY = st.sampled_from(
    ["\x00", "\x1f", "\x7f", "\x9f", "\ud800", "\ufdd0", "\ufffe", "\uffff", "\U0001fffe",
     "\U0010ffff", "\U0001f600", "é", "“", "\t", "\n", "a"]
)


@given(st.lists(st.one_of(_TRICKY, st.characters()), max_size=40).map("".join))
def test_fast_bad_character_test_agrees_with_the_full_one(text: str) -> None:
    """limits._has_bad (two quick passes) finds exactly what the full class finds."""
    from digest.limits import _BAD_CHARS, _has_bad

    assert _has_bad(text) == bool(_BAD_CHARS.search(text))


@given(st.lists(st.one_of(st.sampled_from(
    [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2003", "\u2028",
     "\u3000", "\u200b", "\ufeff", "a", "é"]), st.characters()), max_size=30).map("".join))
def test_squash_collapses_exactly_the_whitespace_re_knows(text: str) -> None:
    import unicodedata

    from digest.util import squash

    assert squash(text) == re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@given(
    st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
        timezones=st.one_of(st.just(UTC), st.builds(
            lambda m: timezone(timedelta(minutes=m)), st.integers(-23 * 60, 23 * 60))),
    )
)
def test_iso_writes_what_isoformat_writes(value: datetime) -> None:
    """``util.iso`` formats by hand; it must be isoformat's text, in UTC, to the second."""
    from digest.util import iso

    expected = value.astimezone(UTC).replace(microsecond=0).isoformat()
    assert iso(value) == expected.replace("+00:00", "Z")


@given(st.text(st.characters(max_codepoint=127), max_size=60))
def test_ascii_words_are_what_the_word_pattern_finds(text: str) -> None:
    """dedupe._words splits an ASCII text on its non-word characters instead of running
    ``\\w+``; the words must be the same."""
    from digest.dedupe import _words

    assert _words(text) == re.findall(r"\w+", text.casefold())


_SPACED = st.text(alphabet=st.sampled_from("ab c\n\t\u00a0\u2003…."), max_size=12)


@given(st.lists(_SPACED, max_size=6), _SPACED)
@settings(max_examples=400, deadline=None)
def test_opening_check_reads_only_what_it_needs_and_agrees_with_the_whole_body(
    paragraphs: list[str], text: str
) -> None:
    """The story page's standfirst check stops reading paragraphs once it has as many
    characters as the summary: the same answer as joining and flattening the whole body."""
    from digest.render.context import _flat, _opens_with

    text = _flat(text)
    assert _opens_with(paragraphs, text) == _flat(" ".join(paragraphs)).startswith(text)
