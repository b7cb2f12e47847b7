"""Ranking and briefs (digest/rank.py, digest/brief.py) on synthetic days written here."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from digest.brief import make_brief, sentences
from digest.build import BuildOptions, build
from digest.config import RankingConfig, load_config, parse_config
from digest.errors import DigestError
from digest.model import Article, Story
from digest.rank import annotate, by_score, publishers, registrable_domain, score
from digest.util import to_utc, url_host

NOW = to_utc("2026-11-24T18:00:00Z")
DEFAULT = RankingConfig()


def article(n: int, source: str, url: str | None, hours_ago: float = 1.0, **kw) -> Article:
    return Article(
        id=f"a{n}-{source}",
        origin="feed",
        location="test",
        title=kw.pop("title", f"Story {n}"),
        source_name=source,
        url=url,
        published=NOW - timedelta(hours=hours_ago),
        **kw,
    )


def story(sid: str, articles: list[Article], first_seen_hours_ago: float = 1.0) -> Story:
    return Story(
        id=sid,
        slug=sid,
        primary=articles[0],
        others=tuple(articles[1:]),
        first_seen=NOW - timedelta(hours=first_seen_hours_ago),
        published=articles[0].published,
    )


def outlets(sid: str, count: int, hours_ago: float = 1.0) -> Story:
    return story(
        sid,
        [article(i, f"Outlet {i}", f"https://outlet{i}.example/{sid}", hours_ago)
         for i in range(count)],
        hours_ago,
    )


def test_five_outlets_outrank_one() -> None:
    wide, single = outlets("wide", 5), outlets("single", 1)
    ranked = by_score(annotate([single, wide], DEFAULT, NOW))
    assert [s.id for s in ranked] == ["wide", "single"]
    assert ranked[0].source_count == 5 and ranked[1].source_count == 1
    assert ranked[0].score == pytest.approx(5 * 0.5 ** (1 / 12))


def test_two_feeds_of_one_publisher_count_once() -> None:
    s = story("s", [
        article(1, "Harbor Times Markets", "https://markets.harbortimes.co.uk/a"),
        article(2, "Harbor Times Tech", "https://www.harbortimes.co.uk/b", hours_ago=2),
        article(3, "Elsewhere Daily", "https://elsewhere.example/c"),
    ])
    found = publishers(s, DEFAULT)
    assert sorted(p.key for p in found) == ["elsewhere.example", "harbortimes.co.uk"]
    [annotated] = annotate([s], DEFAULT, NOW)
    assert annotated.source_count == 2
    assert annotated.outlets == ("Harbor Times Tech", "Elsewhere Daily")  # order reported


def _reference_host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


_url_parts = st.sampled_from([
    "http://", "https://", "HTTPS://", "ftp://", "//", "http:", "www.", "Example", "news",
    ".com", ".co.uk", ".", "-", ":", ":8080", ":x", "@", "user:pw@", "[::1]", "/", "/path",
    "?q=1", "#frag", "\t", "\n", " ", "\x00", "%41", "_", "\u212a", "\u017f", "\u00e9",
    "\uff0f", "1", "a",
])


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.lists(_url_parts, max_size=8).map("".join))
@example("https://a.b.Example.co.uk./x")
@example("http://exa\tmple.com/")
@example("https://example.com\u212a/")
def test_url_host_is_what_urlsplit_gives(url: str) -> None:
    """The fast path for plain http(s) hosts reads the same host urlsplit does."""
    assert url_host(url) == _reference_host(url)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.lists(_url_parts, max_size=8).map("".join))
@example(" https://pics.example/a.png\n")
@example("http://[x/a.png")
@example("https://")
def test_web_address_is_an_http_address_with_a_host(url: str) -> None:
    """The one check the lead pictures of feeds, JSON Feeds and pages share: the address
    stripped when it is http(s) with a host, else None; it never raises."""
    from urllib.parse import urlsplit

    from digest.util import web_address

    stripped = url.strip()
    try:
        netloc = urlsplit(stripped).netloc
    except ValueError:
        netloc = ""
    expected = (stripped if stripped.lower().startswith(("http://", "https://")) and netloc
                else None)
    assert web_address(url) == expected
    assert url_host(None) == "" and url_host("") == ""


def test_publisher_identity_falls_back_to_home_then_name() -> None:
    assert registrable_domain("https://a.b.example.co.uk/x") == "example.co.uk"
    assert registrable_domain("http://127.0.0.1:8000/feed") == "127.0.0.1"
    assert registrable_domain(None) is None
    s = story("s", [
        article(1, "Quiet Desk", None, source_home="https://news.quietdesk.example/"),
        article(2, "Quiet Desk", None),
        article(3, "  quiet   DESK ", None),
    ])
    # the copies known by the name only are the outlet whose site the first names
    assert [p.key for p in publishers(s, DEFAULT)] == ["quietdesk.example"]
    alone = story("a", [article(2, "Quiet Desk", None), article(3, "  quiet   DESK ", None),
                        article(4, "Loud Desk", None)])
    assert sorted(p.key for p in publishers(alone, DEFAULT)) == ["name:loud desk",
                                                                 "name:quiet desk"]


def test_old_wide_story_ranks_below_fresh_one_at_default_half_life() -> None:
    old, fresh = outlets("old", 6, hours_ago=72), outlets("fresh", 4, hours_ago=2)
    ranked = by_score(annotate([old, fresh], DEFAULT, NOW))
    assert [s.id for s in ranked] == ["fresh", "old"]
    # ... while a week-long half-life lets the wider story win
    slow = RankingConfig(half_life_hours=24 * 7)
    assert [s.id for s in by_score(annotate([old, fresh], slow, NOW))] == ["old", "fresh"]


def test_a_story_that_gains_a_source_rises() -> None:
    a, b = outlets("a", 2, hours_ago=1), outlets("b", 2, hours_ago=3)
    assert [s.id for s in by_score(annotate([a, b], DEFAULT, NOW))] == ["a", "b"]
    grown = outlets("b", 3, hours_ago=3)
    assert [s.id for s in by_score(annotate([a, grown], DEFAULT, NOW))] == ["b", "a"]


def test_source_weights_by_name_or_domain() -> None:
    config = RankingConfig(source_weights=(("Outlet 0", 3.0), ("outlet1.example", 0.5)))
    s = outlets("s", 3)
    assert score(s, config, NOW) == pytest.approx((3.0 + 0.5 + 1.0) * 0.5 ** (1 / 12))


def test_ranking_is_deterministic_for_a_fixed_now() -> None:
    days = [outlets(f"s{i}", 1 + i % 4, hours_ago=(i * 7) % 30) for i in range(30)]
    first = [(s.id, s.score) for s in by_score(annotate(days, DEFAULT, NOW))]
    again = [(s.id, s.score) for s in by_score(annotate(list(reversed(days)), DEFAULT, NOW))]
    assert first == again
    later = by_score(annotate(days, DEFAULT, NOW + timedelta(hours=15)))
    assert [s.id for s in later] == [i for i, _ in first]  # decay scales every score alike


def test_config_ranking_table_and_errors() -> None:
    config = parse_config({"ranking": {
        "source_weights": {"Chain Wire": 2.0, "x.example": 1}, "half_life_hours": 6,
        "top_n": 4, "topic_top_n": 2, "brief_sentences": 2,
    }})
    assert config.ranking.source_weights == (("Chain Wire", 2.0), ("x.example", 1.0))
    assert config.ranking.half_life_hours == 6.0 and config.ranking.top_n == 4
    assert parse_config({}).ranking == RankingConfig()
    for bad in ({"half_life_hours": 0}, {"source_weights": {"A": "high"}}, {"top_n": -1},
                {"half_life": 12}):
        with pytest.raises(DigestError, match="ranking"):
            parse_config({"ranking": bad})


# ---------------------------------------------------------------- briefs

BODY_ONE = (
    "Marlow Bank opened a public testnet for its settlement ledger on Tuesday morning. "
    "The testnet settles payments between twelve partner banks in under two seconds. "
    "The weather in the capital was mild for the season."
)
BODY_TWO = (
    "A settlement ledger run by Marlow Bank went live as a public testnet on Tuesday. "
    "Twelve partner banks can now settle payments on the testnet in under two seconds. "
    "Our reporter first covered the bank in a profile three years ago."
)
BODY_THREE = (
    "Marlow Bank has launched a public testnet for settlement between partner banks. "
    "Payments between the twelve banks settle in under two seconds, the bank said."
)


def brief_articles() -> list[Article]:
    return [
        article(1, "One", "https://one.example/x", paragraphs=(BODY_ONE,),
                title="Marlow Bank Opens Settlement Testnet"),
        article(2, "Two", "https://two.example/x", paragraphs=(BODY_TWO,),
                title="Marlow Bank settlement ledger goes live on testnet"),
        article(3, "Three", "https://three.example/x", paragraphs=(BODY_THREE,),
                title="Marlow Bank launches testnet"),
    ]


def test_brief_sentences_come_only_from_the_cluster_and_never_repeat() -> None:
    items = brief_articles()
    brief = make_brief(items, 3)
    assert 1 <= len(brief) <= 3
    found = {s for a in items for p in a.paragraphs for s in sentences(p)}
    assert all(s in found for s in brief)
    assert len(set(brief)) == len(brief)
    # the asides of a single outlet are not central to the story
    assert "The weather in the capital was mild for the season." not in brief
    assert "Our reporter first covered the bank in a profile three years ago." not in brief


def test_brief_is_empty_safe_for_headline_only_items() -> None:
    bare = [article(1, "One", "https://one.example/y"), article(2, "Two", "https://two.example/y")]
    assert make_brief(bare) == ()
    with_summary = [bare[0], article(2, "Two", None, summary="A short   standfirst, as given.")]
    assert make_brief(with_summary) == ("A short standfirst, as given.",)
    [s] = annotate([story("s", with_summary)], DEFAULT, NOW)
    assert s.brief == ("A short standfirst, as given.",)
    [single] = annotate([outlets("single", 1)], DEFAULT, NOW)
    assert single.brief == ()


def test_brief_falls_back_to_the_primary_lead() -> None:
    items = [
        article(1, "One", "https://one.example/z",
                paragraphs=("Copperfield Rail reopened its northern line after repairs. More."
                            " Trains run hourly on the line from today onwards.",)),
        article(2, "Two", "https://two.example/z",
                paragraphs=("Unrelated words about gardening and tomatoes grown indoors.",)),
    ]
    assert make_brief(items) == ("Copperfield Rail reopened its northern line after repairs.",)


# ---------------------------------------------------------------- builds


def write_item(folder: Path, name: str, title: str, source: str, url: str, when: str,
               body: str) -> None:
    (folder / f"{name}.md").write_text(
        f"---\ntitle: {title}\ndate: {when}\nsource: {source}\nurl: {url}\n---\n{body}\n",
        encoding="utf-8",
    )


def test_a_source_joining_later_marks_the_story_developing(tmp_path: Path) -> None:
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    body = ("Quiet Harbor Bridge reopened to traffic after a safety audit found no faults. "
            "Engineers checked every cable of the bridge during the three week audit.")
    write_item(content, "one", "Quiet Harbor Bridge Reopens After Audit", "Desk One",
               "https://one.example/bridge", "2026-11-24T08:00:00Z", body)
    write_item(content, "other", "Pelican Ferry Adds Night Sailings", "Desk One",
               "https://one.example/ferry", "2026-11-24T09:00:00Z",
               "The ferry company added sailings at night for the winter season.")
    config = load_config(None, root=tmp_path)
    state = tmp_path / "s.sqlite"

    def run(out: str, now: str) -> dict[str, dict]:
        build(config, BuildOptions(content_dir=tmp_path / "content", output_dir=tmp_path / out,
                                   state_path=state, now=to_utc(now)))
        data = json.loads((tmp_path / out / "stories.json").read_text(encoding="utf-8"))
        return {s["title"]: s for s in data}

    first = run("a", "2026-11-24T12:00:00Z")
    bridge = first["Quiet Harbor Bridge Reopens After Audit"]
    assert bridge["source_count"] == 1 and not bridge["developing"]
    write_item(content, "two", "Quiet Harbor bridge reopens after audit!", "Desk Two",
               "https://two.example/b", "2026-11-24T10:00:00Z",
               body.replace("to traffic", "to cars and cyclists"))
    second = run("b", "2026-11-24T14:00:00Z")
    bridge = second["Quiet Harbor Bridge Reopens After Audit"]
    assert bridge["source_count"] == 2 and bridge["developing"]
    assert not second["Pelican Ferry Adds Night Sailings"]["developing"]
    assert bridge["brief"] and all(s in body or s in body.replace("to traffic",
                                   "to cars and cyclists") for s in bridge["brief"])
    [html] = [
        p.read_text(encoding="utf-8") for p in (tmp_path / "b" / "story").rglob("index.html")
        if ">Quiet Harbor Bridge Reopens After Audit</h1>" in p.read_text(encoding="utf-8")
    ]
    assert "Developing" in html
    order = html.index("In the order they reported it")
    assert html.index("Desk One", order) < html.index("Desk Two", order)  # 08:00 before 10:00
    # Both brief sentences are the first paragraph's own here, which the page prints
    # anyway: no "In brief" box to say them twice (test_realworld_render covers the box).
    assert "In brief, from 2 sources" not in html
    assert all(sentence in html for sentence in bridge["brief"])
    # the same build again (same state, same now) says the same; the next build does not
    assert run("c", "2026-11-24T14:00:00Z") == second
    third = run("d", "2026-11-24T16:00:00Z")
    assert not third["Quiet Harbor Bridge Reopens After Audit"]["developing"]
    # ranked first: two sources beat one
    home = (tmp_path / "d" / "index.html").read_text(encoding="utf-8")
    top = home[home.index("Top stories"):]
    assert top.index("Quiet Harbor") < top.index("Pelican Ferry")
    assert "2 sources" in top


def test_kept_and_worker_made_briefs_are_make_brief(tmp_path: Path) -> None:
    """digest/cache.py BriefCache: briefs made in worker processes (300 stories, 2 jobs)
    and briefs read back from the state are the ones make_brief gives."""
    from digest.cache import BriefCache
    from digest.rank import make_briefs
    from digest.store import Store

    def paragraphs(n: int, outlet: int) -> tuple[str, ...]:
        return (
            f"The harbour board of town {n} approved a plan for {n + 3} new berths on Monday.",
            f"Outlet {outlet} heard that work starts in spring and ends within {n % 7 + 2} years.",
            f"Fishing crews in town {n} said the berths were overdue after a decade of delays.",
        )

    groups = [
        tuple(article(n * 10 + o, f"Outlet {o}", f"https://o{o}.example/{n}",
                      paragraphs=paragraphs(n, o)) for o in range(2))
        for n in range(300)
    ]
    expected = make_briefs(groups, 3)
    assert all(expected) and len(set(expected)) > 250
    with Store(tmp_path / "state.sqlite") as store:
        made = BriefCache(store, jobs=2)
        assert made.briefs(groups, 3) == expected
        made.save()
        kept = BriefCache(store, jobs=1)
        assert len(kept.known) == 300  # one per story
        assert kept.briefs(groups, 3) == expected and kept.fresh == {}  # all read back


def test_an_aggregators_items_count_as_the_publishers_their_feed_credits() -> None:
    """Google News links every item to its own redirect page: the publishers its <source>
    names (the article's source home, digest/ingest/feeds.py) are the story's, not Google."""
    gn = "https://news.google.com/rss/articles/CBMi{}?oc=5"
    s = story("s", [
        article(1, "Chain Ledger", gn.format("AA"), source_home="https://www.chainledger.example"),
        article(2, "Quay Post", gn.format("BB"), source_home="https://quaypost.example/"),
        article(3, "Quay Post", "https://quaypost.example/2026/11/vote"),
        article(4, "Google News", gn.format("CC")),  # credits nobody: Google's own
    ])
    keys = sorted(p.key for p in publishers(s, DEFAULT))
    assert keys == ["chainledger.example", "google.com", "quaypost.example"]
    # a site's own item linking a page elsewhere still counts as that page's publisher
    other = story("o", [article(5, "Link Blog", "https://quaypost.example/a",
                                source_home="https://linkblog.example/")])
    assert [p.key for p in publishers(other, DEFAULT)] == ["quaypost.example"]
