"""The middle stages on small hand-made inputs: clean, dedupe, topics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from digest.clean import clean_article, clean_title, make_summary, sanitize_html
from digest.config import DEFAULT_TOPICS
from digest.dedupe import canonical_url, cluster, headline_key, with_canonical
from digest.ingest.scraped import parse_dump_text
from digest.model import Article
from digest.topics import classify

DUMP = """\
De-fi
Harbor Mesh Opens Lending Vaults – Tidal Desk
Harbor Mesh opened its first lending vaults on Monday.
The vaults accept three stablecoins and pay a variable yield.
"The launch – delayed twice – is finally done," said a core developer.
Technology has changed how small funds borrow, analysts said.
Risks Ahead
The proposal, first posted 1 week ago, passed with a large majority.
It went live at noon.
Disclaimer: This article is not financial advice.
-
Technology1 week agoQuiet Cedar Ships A Phone Chip – Tidal Desk
-
Business2 weeks ago
Amber Ridge Hires A New Chief – Tidal Desk
-
Technology1 week agoQuiet Cedar Ships A Phone Chip – Tidal Desk
-
Business2 weeks ago
Amber Ridge Hires A New Chief – Tidal Desk
"""


def make(title: str, **fields) -> Article:
    defaults = {"id": title, "origin": "feed", "location": "test", "source_name": "S"}
    return Article(title=title, **{**defaults, **fields})


def test_dump_widget_and_suffix_removed_real_paragraphs_kept() -> None:
    article = clean_article(parse_dump_text(DUMP, "dump.txt"))
    assert article.title == "Harbor Mesh Opens Lending Vaults"
    assert article.source_name == "Tidal Desk"
    assert article.summary == "Harbor Mesh opened its first lending vaults on Monday."
    assert article.headings == ("Risks Ahead",)
    assert article.paragraphs == (
        "The vaults accept three stablecoins and pay a variable yield.",
        '"The launch – delayed twice – is finally done," said a core developer.',
        "Technology has changed how small funds borrow, analysts said.",
        "The proposal, first posted 1 week ago, passed with a large majority.",
        "It went live at noon.",
    )
    assert article.note == "Disclaimer: This article is not financial advice."
    everything = article.title + article.body_html + article.summary
    assert "Quiet Cedar" not in everything
    assert "Amber Ridge" not in everything


def test_headline_dash_that_is_not_a_site_name_stays() -> None:
    assert clean_title("Bitcoin – The Next Decade", ["Tidal Desk"]) == "Bitcoin – The Next Decade"
    assert (
        clean_title("Bitcoin – The Next Decade – Tidal Desk", ["Tidal Desk"])
        == "Bitcoin – The Next Decade"
    )
    assert clean_title("Markets | Tidal Desk", ["tidal desk"]) == "Markets"


def test_title_markup_and_entities_removed() -> None:
    assert clean_title("<h1>Big <b>news</b></h1> &amp; more") == "Big news & more"


def test_sanitiser_drops_script_handlers_and_bad_urls() -> None:
    dirty = (
        '<p onclick="x()">Hi<script>alert(1)</script></p><img src="x.png" onerror="y()">'
        '<a href="javascript:alert(1)">bad</a><a href="/rel">rel</a><iframe src="https://e"></iframe>'
    )
    clean = sanitize_html(dirty, "https://site.example/post/1")
    assert "script" not in clean and "onclick" not in clean and "onerror" not in clean
    assert "javascript:" not in clean and "iframe" not in clean
    assert 'href="https://site.example/rel"' in clean
    assert 'rel="noopener nofollow ugc"' in clean
    assert 'src="https://site.example/post/x.png"' in clean


def test_summary_is_bounded_and_tail_free() -> None:
    text = "<p>" + "word " * 200 + "</p><p>The post X appeared first on Y.</p>"
    summary = make_summary(text, limit=100)
    assert len(summary) <= 101 and summary.endswith("…")
    assert "appeared first" not in make_summary("Short. The post X appeared first on Y.")


def test_canonical_url_strips_tracking_and_normalises() -> None:
    assert (
        canonical_url("HTTPS://News.Example:443/a/b/?utm_source=x&id=3&fbclid=z#frag")
        == "https://news.example/a/b?id=3"
    )
    assert canonical_url("http://news.example") == "http://news.example/"
    assert canonical_url(None) is None


def test_dedupe_merges_same_canonical_url_and_same_headline() -> None:
    when = datetime(2026, 11, 23, tzinfo=UTC)
    a = with_canonical(make("One thing happened today", id="a", url="https://x.example/s?utm_medium=rss",
                            published=when))
    b = with_canonical(make("Totally different words here", id="b", url="https://x.example/s",
                            published=when))
    c = make("Harbor Swap launches perpetuals!", id="c", published=when)
    d = make("harbor swap Launches Perpetuals", id="d", published=when + timedelta(hours=5))
    e = make("An unrelated story about chips", id="e", published=when)
    groups = cluster([e, d, c, b, a])
    assert sorted(sorted(x.id for x in g.articles) for g in groups) == [
        ["a", "b"], ["c", "d"], ["e"]
    ]
    # deterministic whatever the input order
    assert [g.primary.id for g in cluster([a, b, c, d, e])] == [g.primary.id for g in groups]


def test_same_template_headline_far_apart_is_not_merged() -> None:
    first = make("Bitcoin price today: markets wait", id="x",
                 published=datetime(2026, 11, 1, tzinfo=UTC))
    later = make("Bitcoin price today: markets wait", id="y",
                 published=datetime(2026, 11, 20, tzinfo=UTC))
    assert len(cluster([first, later])) == 2
    assert headline_key("Bitcoin price today: Markets wait!") == headline_key(first.title)


def test_topics_label_hint_keywords_and_other() -> None:
    topics = DEFAULT_TOPICS
    assert classify([make("x", source_category="De-fi")], topics) == (
        "defi", "source category De-fi"
    )
    assert classify([make("x", source_category="others", category_hint="Technology")],
                    topics)[0] == "technology"
    slug, reason = classify(
        [make("Rollup validators vote on a hard fork", paragraphs=("The mainnet upgrade.",))],
        topics,
    )
    assert slug == "blockchain" and reason.startswith("keywords:")
    assert classify([make("City council approves new bike lanes")], topics)[0] == "other"


def test_hash_parts_feeds_each_part_after_its_length() -> None:
    """hash_parts feeds the bytes it always fed (each part after its length, one update per
    part, as first written), so kept cache entries keep their keys; and no two lists of
    parts feed the same bytes."""
    import hashlib

    from digest.util import hash_parts

    for parts in [(), ("",), ("a", "bc"), ("é\u2028x", "\ud800", "1:2", "\x1e")]:
        one, two = hashlib.blake2b(digest_size=20), hashlib.blake2b(digest_size=20)
        hash_parts(one, parts)
        for part in parts:
            two.update(f"{len(part)}:{part}".encode("utf-8", "surrogatepass"))
        assert one.digest() == two.digest()
    ab, a_b = hashlib.sha256(), hashlib.sha256()
    hash_parts(ab, ("ab", "c"))
    hash_parts(a_b, ("a", "bc"))
    assert ab.digest() != a_b.digest()
