"""Dedupe: canonical URLs, exact and near duplicates, hard non-duplicates, identity across runs."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from digest.build import BuildOptions, build
from digest.config import load_config
from digest.dedupe import (
    DedupeSettings,
    canonical_from_entry,
    canonical_from_html,
    canonical_url,
    cluster,
    url_key,
    with_canonical,
)
from digest.model import Article
from digest.store import Store

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
BODY = [
    "Harbourline Bank said on Monday it would stop charging fees on international transfers.",
    "The change applies to personal accounts in all twelve countries where the bank operates.",
    "Chief executive Moira Tansley said the fees had become hard to justify as costs fell.",
    "Rivals are expected to follow, analysts said, though none has announced a change.",
    "The bank will recover some of the lost income through a small monthly account charge.",
]


def art(
    aid: str,
    title: str,
    body: list[str] | tuple[str, ...] = (),
    hours: float = 0,
    url: str | None = None,
    canonical: str | None = None,
    source: str | None = None,
) -> Article:
    return with_canonical(
        Article(
            id=aid,
            origin="feed",
            location="test",
            title=title,
            source_name=source or aid,
            url=url or f"https://{aid}.example/news/{aid}",
            canonical_url=canonical,
            paragraphs=tuple(body),
            published=T0 + timedelta(hours=hours),
        )
    )


def groups(articles: list[Article]) -> list[set[str]]:
    return sorted(({a.id for a in c.articles} for c in cluster(articles)), key=sorted)


# ------------------------------------------------------------------ URLs


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("HTTPS://News.Example:443/a/b/?utm_source=x&id=3#top", "https://news.example/a/b?id=3"),
        (
            "http://news.example:80/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=home",
            "http://news.example/a",
        ),
        ("https://m.news.example/story/1/", "https://news.example/story/1"),
        ("https://amp.news.example/story/1", "https://news.example/story/1"),
        ("https://mobile.news.example/story/1", "https://news.example/story/1"),
        ("https://news.example/story/1/amp", "https://news.example/story/1"),
        ("https://news.example/story/1?amp=1", "https://news.example/story/1"),
        ("https://news.example/story/1?outputType=amp", "https://news.example/story/1"),
        ("https://news.example:8443/", "https://news.example:8443/"),
        (
            "https://m.example/x",
            "https://m.example/x",
        ),  # a bare two-label host is not a mobile copy
    ],
)
def test_canonical_url_normalises(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


def test_canonical_url_configurable_params_and_www_key() -> None:
    assert (
        canonical_url("https://a.example/x?campaign=9&p=2", ["campaign"])
        == "https://a.example/x?p=2"
    )
    assert url_key("http://www.a.example/x") == url_key("https://a.example/x")


def test_canonical_links_from_html_and_feed_entries() -> None:
    html = '<html><head><link rel="canonical" href="/news/1?utm_medium=rss"></head></html>'
    assert canonical_from_html(html, "https://site.example/amp/1") == "https://site.example/news/1"
    assert (
        canonical_from_entry({"feedburner_origlink": "https://orig.example/p/"})
        == "https://orig.example/p"
    )
    assert (
        canonical_from_entry({"links": [{"rel": "canonical", "href": "https://c.example/q"}]})
        == "https://c.example/q"
    )
    assert canonical_from_entry({"links": [{"rel": "alternate", "href": "x"}]}) is None


def test_canonical_given_by_ingest_wins() -> None:
    a = art("a", "Headline", canonical="https://Orig.example/story?utm_source=feed")
    assert a.canonical_url == "https://orig.example/story"


# ------------------------------------------------------------------ duplicates


def test_exact_duplicates_by_url_even_days_apart() -> None:
    a = art("a", "One thing", BODY, url="https://x.example/s?utm_source=a")
    b = art("b", "Another headline entirely", hours=24 * 20, url="https://www.x.example/s/")
    assert groups([a, b]) == [{"a", "b"}]


def test_exact_copies_by_headline_and_text_even_days_apart() -> None:
    """The same headline and the same text, whatever its whitespace: one story, however far
    apart in time (near duplicates must fall within the window). A word changed, or another
    headline, is not an exact copy."""
    title = "Harbourline Bank Scraps Fees On International Transfers"
    a = art("a", title, BODY)
    spaced = ["  " + p.replace(" ", "\n \t") + " " for p in BODY]
    b = art("b", title.upper(), spaced, hours=24 * 30)
    c = art("c", title, [*BODY[:-1], BODY[-1].replace("small", "large")], hours=24 * 60)
    d = art("d", "Harbourline Bank Keeps Its Fees", BODY, hours=24 * 90)
    assert groups([a, b, c, d]) == [{"a", "b"}, {"c"}, {"d"}]


def test_syndicated_copy_with_new_headline_and_trimmed_body_merges() -> None:
    a = art("a", "Harbourline Bank Scraps Fees On International Transfers", BODY)
    b = art(
        "b",
        "No more transfer fees at Harbourline",
        [s.replace("said", "says") for s in BODY[:3]],
        hours=5,
    )
    c = art(
        "c",
        "Harbourline Bank Scraps Fees On International Transfers – Money Wire",
        [*BODY, "Readers can find our earlier coverage of the bank in the archive section."],
        hours=8,
    )
    assert groups([c, b, a]) == [{"a", "b", "c"}]


def test_headline_only_item_joins_its_story() -> None:
    a = art("a", "Harbourline Bank Scraps Fees On International Transfers", BODY)
    b = art("b", "Harbourline scraps international transfer fees", hours=1)
    assert groups([a, b]) == [{"a", "b"}]


def test_follow_up_with_new_amount_is_not_a_duplicate() -> None:
    a = art("a", "Quillmark Raises $10 Million For Invoice Software", BODY)
    b = art("b", "Quillmark Raises Another $20 Million For Invoice Software", BODY[1:4], hours=30)
    c = art("c", "Quillmark Raises $20 Million For Invoice Software", BODY, hours=24 * 30)
    assert groups([a, b, c]) == [{"a"}, {"b"}, {"c"}]


def test_template_headline_on_different_days_is_not_a_duplicate() -> None:
    def day(n: int) -> Article:
        return art(
            f"d{n}",
            "Bitcoin Price Today: Markets Wait For Rate Decision",
            [
                f"Bitcoin traded near ${61000 + 700 * n:,} on the day, "
                f"{n + 1}.5 percent from the close.",
                f"Trading volume was about ${30 + n} billion across the largest exchanges.",
                f"The fear and greed gauge read {40 + 3 * n} and funding rates were steady.",
            ],
            hours=24 * n,
        )

    assert len(groups([day(0), day(1), day(2)])) == 3


def test_other_news_about_the_same_company_is_not_a_duplicate() -> None:
    a = art("a", "Harbourline Bank Scraps Fees On International Transfers", BODY)
    b = art(
        "b",
        "Harbourline Bank Names New Chief Risk Officer",
        [
            "Harbourline Bank has appointed Teodor Vance as chief risk officer.",
            "He joins from an insurer where he ran the credit team for six years.",
            "The bank said he would start in March and report to the chief executive.",
        ],
        hours=3,
    )
    assert groups([a, b]) == [{"a"}, {"b"}]


def test_chain_does_not_snowball_beyond_the_window() -> None:
    """A~B and B~C, but C is four days after A: C must not join A's story."""
    a = art("a", "Harbourline Bank Scraps Fees On International Transfers", BODY)
    b = art(
        "b",
        "Harbourline Bank Scraps Fees On International Transfers",
        [s.replace("said", "says") for s in BODY],
        hours=48,
    )
    c = art("c", "Harbourline Bank Scraps Fees On International Transfers", BODY[:4], hours=96)
    found = groups([a, b, c])
    assert {"a", "c"} not in found and not any({"a", "c"} <= g for g in found)


def test_primary_is_earliest_and_order_does_not_matter() -> None:
    a = art("a", "Harbourline Bank Scraps Fees On International Transfers", BODY, hours=2)
    b = art("b", "Harbourline Bank Scraps Fees On International Transfers", BODY[:4])
    first = cluster([a, b])
    assert first[0].primary.id == "b"
    assert [[x.id for x in c.articles] for c in cluster([b, a])] == [
        [x.id for x in c.articles] for c in first
    ]


# ------------------------------------------------------------------ quality


def test_labelled_pairs_precision_and_recall() -> None:
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "dedupe_quality.py"
    spec = importlib.util.spec_from_file_location("dedupe_quality", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pairs = module.load_pairs()
    assert len(pairs) >= 200
    precision, recall, _ = module.evaluate(pairs=pairs)
    assert precision >= 0.99
    assert recall >= 0.95
    precision, recall, _ = module.evaluate_together(pairs=pairs)
    assert precision >= 0.99
    assert recall >= 0.95


# ------------------------------------------------------------------ across runs


def _markdown(folder: Path, name: str, title: str, source: str, url: str, body: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n\n".join(body)
    (folder / f"{name}.md").write_text(
        f'---\ntitle: "{title}"\ndate: 2026-11-23T08:00:00Z\nsource: {source}\nurl: {url}\n---\n\n'
        f"{text}\n",
        encoding="utf-8",
    )


def test_story_keeps_id_and_first_seen_when_a_new_source_joins(tmp_path: Path) -> None:
    config = load_config(None, root=tmp_path)
    content, state = tmp_path / "content", tmp_path / "state.sqlite"
    _markdown(
        content / "articles",
        "first",
        "Harbourline Bank Scraps Fees On International Transfers",
        "Money Wire",
        "https://moneywire.example/harbourline-fees",
        BODY,
    )
    day1 = datetime(2026, 11, 23, 12, tzinfo=UTC)
    build(
        config,
        BuildOptions(
            content_dir=content, output_dir=tmp_path / "site1", state_path=state, now=day1
        ),
    )
    with Store(state) as store:
        before = store.story_identities(store.db.execute("SELECT id FROM articles").fetchone())
    (story_before,) = set(before.values())

    _markdown(
        content / "articles",
        "second",
        "No more transfer fees at Harbourline",
        "Coin Ledger",
        "https://coinledger.example/harbourline",
        [s.replace("said", "says") for s in BODY[:4]],
    )
    day2 = day1 + timedelta(days=1)
    build(
        config,
        BuildOptions(
            content_dir=content, output_dir=tmp_path / "site2", state_path=state, now=day2
        ),
    )
    with Store(state) as store:
        rows = store.db.execute("SELECT id, story_id FROM articles").fetchall()
        assert len(rows) == 2 and len({r[1] for r in rows}) == 1
        identities = store.story_identities(r[0] for r in rows)
        assert store.count("stories") == 1
    assert {i.id for i in identities.values()} == {story_before.id}
    assert all(i.first_seen == day1 for i in identities.values())  # not "new" on day 2
    pages = sorted(
        p.name for p in (tmp_path / "site2").rglob("*.html") if story_before.slug in str(p)
    )
    assert pages, "the story page keeps its URL"


# ------------------------------------------------------------------ configuration


def test_dedupe_table_is_parsed_and_checked(tmp_path: Path) -> None:
    from digest.config import parse_config
    from digest.errors import DigestError

    config = parse_config(
        {"dedupe": {"tracking_params": ["Campaign"], "window_hours": 48, "threshold": 0.6}}
    )
    assert config.dedupe.tracking_params == ("campaign",)
    assert (config.dedupe.window_hours, config.dedupe.threshold) == (48, 0.6)
    text = "[dedupe]\nthreshhold = 0.5\n"
    with pytest.raises(DigestError) as info:
        parse_config({"dedupe": {"threshhold": 0.5}}, path=tmp_path / "digest.toml", text=text)
    assert "did you mean 'threshold'" in str(info.value) and "line 2" in str(info.value)
    with pytest.raises(DigestError, match="at most 1"):
        parse_config({"dedupe": {"threshold": 5}})
    with pytest.raises(DigestError, match="between 1 and 720"):
        parse_config({"dedupe": {"window_hours": 0}})


def test_configured_tracking_param_and_window_reach_the_build(tmp_path: Path) -> None:
    (tmp_path / "digest.toml").write_text(
        '[dedupe]\ntracking_params = ["campaign"]\nwindow_hours = 24\n', encoding="utf-8"
    )
    config = load_config(tmp_path / "digest.toml")
    articles = tmp_path / "content" / "articles"
    _markdown(
        articles,
        "one",
        "Harbourline Bank Scraps Transfer Fees",
        "Money Wire",
        "https://bank.example/fees?campaign=autumn",
        BODY,
    )
    _markdown(
        articles,
        "two",
        "A Completely Different Headline Here",
        "Coin Ledger",
        "https://bank.example/fees?campaign=winter",
        ["Short note."],
    )
    report = build(config, BuildOptions(now=datetime(2026, 11, 24, tzinfo=UTC)))
    assert report.stories == 1


def test_window_setting_limits_near_duplicates() -> None:
    from digest.dedupe import DEFAULTS

    a = art("a", "Harbourline Bank Scraps Fees On International Transfers", BODY)
    b = art(
        "b",
        "No more transfer fees at Harbourline",
        [s.replace("said", "says") for s in BODY],
        hours=30,
    )
    assert groups([a, b]) == [{"a", "b"}]
    assert groups_with([a, b], replace(DEFAULTS, window_hours=24)) == [{"a"}, {"b"}]


def groups_with(articles: list[Article], settings: DedupeSettings) -> list[set[str]]:
    return sorted(({a.id for a in c.articles} for c in cluster(articles, settings)), key=sorted)


def test_a_split_story_never_hands_its_id_to_two_groups() -> None:
    from digest.dedupe import Cluster, StoryIdentity, assign_identities

    old = StoryIdentity("s1", "harbourline-s1", T0)
    a = art("a", "Harbourline Bank Scraps Fees On International Transfers", BODY)
    b = art("b", "Harbourline Bank Scraps Fees", BODY[:3], hours=1)
    c = art("c", "Something Else Entirely", ["x"], hours=2)
    known = {"a": old, "b": old, "c": old}
    groups = [Cluster((c,)), Cluster((a, b))]
    ids = assign_identities(groups, known, T0 + timedelta(days=1))
    assert ids[1] == old  # the group holding most of the story's articles keeps it
    assert ids[0].id != old.id and ids[0].slug != old.slug


# ------------------------------------------------------------------ features kept between builds


class DictFeatures:
    """A FeatureCache in a dict, counting what it is asked for and given."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}
        self.fresh: list[str] = []

    def fetch(self, keys):
        return {k: self.entries[k] for k in keys if k in self.entries}

    def keep(self, fresh, used):
        self.fresh.extend(fresh)
        self.entries = {k: v for k, v in self.entries.items() if k in used}
        self.entries.update(fresh)

    kept_groups: tuple[str, list[list[int]]] | None = None

    def groups(self, key):
        return self.kept_groups[1] if self.kept_groups and self.kept_groups[0] == key else None

    def keep_groups(self, key, groups):
        self.kept_groups = (key, groups)


def _mixed_articles() -> list[Article]:
    other = [
        "Kestrel Bank opened four branches in market towns on the northern coast this week.",
        "The branches offer late opening hours and a desk for small business customers.",
        "A spokesperson said footfall in the pilot towns had beaten every forecast so far.",
        "Unions welcomed the move after years of closures across the wider region.",
    ]
    return [
        art("a", "Harbourline Bank Drops Transfer Fees", BODY),
        art("b", "Harbourline drops international transfer fees", BODY[:4], hours=2),
        art("c", "Kestrel Bank Drops Transfer Fees", other, hours=3),
        art("d", "Harbourline Bank Drops Transfer Fees", (), hours=1),  # headline only
        art("e", "Unrelated Tram Line Opens In Port Alder", ["Trams run again."], hours=5),
    ]


def test_text_features_do_not_depend_on_the_other_texts() -> None:
    """Word hashes, not ids numbered in order of appearance: an article's signatures are the
    same whatever it is hashed with, so they can be kept between builds."""
    from digest.dedupe import text_features

    texts = [" ".join(BODY), " ".join(BODY[:3]), "two words", ""]
    alone = [text_features([t])[0] for t in texts]
    assert text_features(texts) == alone
    assert text_features(list(reversed(texts))) == list(reversed(alone))
    assert len(set(alone)) == len(texts)


def test_kept_figure_keys_are_the_keys_read_from_the_text() -> None:
    """The figure search indexes a text by the figure keys kept with its features; they are
    those its text gives, and a text with more figures than the slots hold is read again."""
    import numpy as np

    from digest.dedupe import (
        DEFAULTS,
        _features,
        feature_dtype,
        figure_keys,
        numbers,
        text_features,
    )

    few = "Reserves fell to $41.3 million on 12 March, from 62,460 ETH and a 6.2% buffer."
    many = " ".join(f"Pool {k} held ${k / 10:.1f} million." for k in range(11, 40))
    none = "No figures in this one, only words."
    for text in (few, many, none):
        row = np.frombuffer(text_features([text])[0], dtype=feature_dtype(DEFAULTS))[0]
        expected = figure_keys(numbers(text))
        if len(expected) > 16:
            assert row["figures"] == -1
        else:
            assert row["figures"] == len(expected)
            assert row["figure_keys"][: len(expected)].tolist() == expected
    assert len(figure_keys(numbers(many))) > 16 and figure_keys(numbers(few))
    ordered = [art(f"k{k}", f"Headline {k}: 41 million", [text], hours=k)
               for k, text in enumerate((few, many, none))]
    f = _features(ordered, DEFAULTS)
    assert [f.figure_keys_of(i) for i in range(3)] == [
        figure_keys(numbers(t)) for t in (few, many, none)
    ]


def test_cached_features_give_the_same_stories_and_are_not_made_again() -> None:
    articles = _mixed_articles()
    expected = groups(articles)
    assert {"a", "b", "d"} in expected and {"c"} in expected  # the case is not trivial
    cache = DictFeatures()
    first = cluster(articles, cache=cache)
    assert len(cache.fresh) == len({a.text for a in articles})  # one entry per distinct text
    cache.fresh.clear()
    again = cluster(list(reversed(articles)), cache=cache)
    assert cache.fresh == []  # every text found
    for result in (first, again):
        assert sorted(({a.id for a in c.articles} for c in result), key=sorted) == expected
    # An edited article is the only one made again; entries no article uses are dropped.
    edited = [*articles[:4], replace(articles[4], paragraphs=("Trams run late again.",))]
    cluster(edited, cache=cache)
    assert len(cache.fresh) == 1 and len(cache.entries) == len({a.text for a in edited})


def test_the_cache_is_really_used() -> None:
    """Mutation check of the test above: a cache entry that lies changes the result, so a
    hit really replaces the computation."""
    import numpy as np

    from digest.dedupe import DEFAULTS, feature_dtype, text_features

    articles = _mixed_articles()[:3]
    cache = DictFeatures()
    cluster(articles, cache=cache)
    # Make c's body signature equal to a's: c now looks like a copy of a.
    key_of = {value: key for key, value in cache.entries.items()}
    a_key, c_key = (key_of[text_features([articles[i].text])[0]] for i in (0, 2))
    a, c = (np.frombuffer(cache.entries[k], dtype=feature_dtype(DEFAULTS)).copy()
            for k in (a_key, c_key))
    c["sig"], c["lead"] = a["sig"], a["lead"]
    cache.entries[c_key] = c.tobytes()
    cache.kept_groups = None  # else the same articles take the kept groups (next test)
    assert not any({"a", "c"} <= {x.id for x in g.articles} for g in cluster(articles))
    merged = cluster(articles, cache=cache)
    assert any({"a", "c"} <= {x.id for x in c.articles} for c in merged)


def test_the_same_articles_again_take_the_kept_groups(monkeypatch) -> None:
    """A build with the same articles (only the clock moved) does not search again: the
    groups kept by the last one are used, and are the ones a search finds. Any change to an
    article (here a headline) searches again."""
    import digest.dedupe as dedupe

    articles = _mixed_articles()
    cache = DictFeatures()
    first = cluster(articles, cache=cache)
    assert cache.kept_groups is not None

    def no_search(*_args):
        raise AssertionError("searched again")

    monkeypatch.setattr(dedupe, "_group", no_search)
    again = cluster(list(reversed(articles)), cache=cache)
    assert [[a.id for a in c.articles] for c in again] == [
        [a.id for a in c.articles] for c in first
    ]
    monkeypatch.undo()
    edited = [replace(articles[0], title="Harbourline Bank Scraps Its Transfer Fees"),
              *articles[1:]]
    expected = groups(edited)
    searched: list[int] = []
    real = dedupe._group
    monkeypatch.setattr(dedupe, "_group", lambda *a: searched.append(1) or real(*a))
    assert sorted(({x.id for x in c.articles} for c in cluster(edited, cache=cache)),
                  key=sorted) == expected
    assert searched == [1]


def test_kept_groups_are_really_used() -> None:
    """Mutation check of the test above: planted groups under the right key are what
    cluster returns (so a hit really replaces the search); a damaged set is not used."""
    articles = _mixed_articles()
    cache = DictFeatures()
    cluster(articles, cache=cache)
    key, _found = cache.kept_groups
    cache.kept_groups = (key, [[i] for i in range(len(articles))])  # every article alone
    assert len(cluster(articles, cache=cache)) == len(articles)
    cache.kept_groups = (key, [[0, 1]])  # does not cover every article: searched again
    assert sorted(({x.id for x in c.articles} for c in cluster(articles, cache=cache)),
                  key=sorted) == groups(articles)


def test_features_made_in_worker_processes_are_the_same(monkeypatch) -> None:
    import digest.dedupe as dedupe

    articles = [art(f"x{n}", f"Item {n}", [*BODY[: 1 + n % 5], f"Item {n} of the set."])
                for n in range(100)]
    wanted = list(range(0, 100, 5)) + list(range(1, 100, 2))  # 70 of them, out of order
    monkeypatch.setattr(dedupe, "_FEATURE_CHUNK", 16)  # 5 shares: worker processes start
    monkeypatch.setattr("digest.parallel.ROUND_ITEMS", 48)  # and two rounds of them
    expected = dedupe.text_features([articles[i].text for i in wanted])
    assert dedupe._missing_features(articles, wanted, dedupe.DEFAULTS, 2) == expected


def test_stored_features_skip_a_damaged_entry(tmp_path: Path) -> None:
    from digest.cache import StoredFeatures
    from digest.dedupe import DEFAULTS

    articles = _mixed_articles()
    with Store(tmp_path / "state.sqlite") as store:
        cluster(articles, cache=StoredFeatures(store, DEFAULTS))
        rows = store.db.execute("SELECT COUNT(*) FROM feature_cache").fetchone()[0]
        assert rows == len({a.text for a in articles})
        store.db.execute("UPDATE feature_cache SET value = x'00'")  # every entry cut short
        store.db.execute("UPDATE meta SET value = '{' WHERE key = 'dedupe_groups'")
        stored = StoredFeatures(store, DEFAULTS)
        result = cluster(articles, cache=stored)
    assert sorted(({a.id for a in c.articles} for c in result), key=sorted) == groups(articles)


def _headline_pairs_reference(f, settings, doc_freq) -> set[tuple[int, int]]:
    """What the headline candidate search must find, by brute force over every pair (j, i),
    j before i in primary order, both headlines of 3 words or more, within the window (an
    undated item is within every window): a headline-only item paired with any item that
    shares a word with it; two others whose headlines reach the Jaccard threshold. (The
    search reads only the newest 64 entries of a word's list: the same while no word is in
    more than 64 headlines.)"""
    window = settings.window_hours * 3600.0
    t = settings.headline_threshold
    times = f.times.tolist()
    heads = f.heads
    short = (f.body_words < settings.short_words).tolist()
    pairs = set()
    for i in range(len(heads)):
        for j in range(i):
            a, b = heads[i], heads[j]
            if len(a) < 3 or len(b) < 3:
                continue
            t_i, t_j = times[i], times[j]
            if not (abs(t_i - t_j) <= window or t_i != t_i or t_j != t_j):
                continue
            if short[i] or short[j]:
                if a & b:
                    pairs.add((j, i))
            elif len(a & b) >= t * len(a | b):
                pairs.add((j, i))
    return pairs


@pytest.mark.parametrize("seed", range(16))
def test_headline_candidates_equal_the_reference_search(seed: int) -> None:
    """Random headlines from a small vocabulary (many shared words), dated and undated (in
    primary order, as cluster() sorts them), short and long items, ties in time, several
    thresholds and windows: the same candidate pairs as the brute force."""
    import random
    from collections import Counter

    import numpy as np

    from digest.dedupe import _Features, _headline_pairs

    rng = random.Random(seed)
    n = 300
    vocabulary = [f"w{k}" for k in range(rng.choice([40, 60, 120]))]
    heads = [frozenset(rng.sample(vocabulary, rng.randint(1, 9))) for _ in range(n)]
    hours = sorted(rng.uniform(0, 24 * 20) for _ in range(n))
    times = np.array([math_nan if rng.random() < 0.05 else h * 3600.0 for h in hours])
    times = np.concatenate([times[~np.isnan(times)], times[np.isnan(times)]])
    if seed % 4 == 0:  # ties: many items at the same instant
        times = np.floor(times / 7200.0) * 7200.0
    words = np.array([rng.choice([0, 3, 10, 40, 200]) for _ in range(n)])
    empty = np.zeros((n, 1), dtype=np.uint32)
    f = _Features(
        times=times, days=[None] * n, heads=heads, head_numbers=[()] * n,
        templates=[False] * n, body_words=words, shingles=words, sig=empty, lead=empty,
        prints=[0] * n, articles=[],
    )
    doc_freq = Counter(w for head in heads for w in head)
    assert max(doc_freq.values()) <= 64  # what the brute force assumes
    for threshold in (0.5, 0.6, 0.75):
        settings = DedupeSettings(headline_threshold=threshold, window_hours=rng.choice([24, 72]))
        expected = _headline_pairs_reference(f, settings, doc_freq)
        assert expected  # not a vacuous case
        assert _headline_pairs(f, settings, doc_freq) == expected
    shuffled = replace(f, times=f.times[::-1].copy())  # not in primary order: refused
    with pytest.raises(ValueError, match="primary order"):
        _headline_pairs(shuffled, settings, doc_freq)


math_nan = float("nan")


def _reference_url_key(url: str | None) -> str | None:
    """url_key as first written: urlsplit for every URL."""
    from urllib.parse import urlsplit, urlunsplit

    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme not in ("http", "https"):
        return url
    host = parts.netloc.removeprefix("www.")
    return urlunsplit(("https", host, parts.path, parts.query, ""))


_url_bits = st.sampled_from([
    "http://", "https://", "HTTP://", "ftp://", "//", "http:", "www.", "www", "Example",
    ".com", ".", ":", ":8080", "@", "user:pw@", "[::1]", "[", "]", "/", "/path", "//x", "?",
    "?q=1", "&a=b", "#frag", "#", "\t", "\n", " ", "\x00", "\\", "%41", "\u00e9", "\uff0f",
    "1", "a",
])


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.lists(_url_bits, max_size=9).map("".join))
@example("https://www.x.example/a/b?c=1&d=2#top")
@example("http://www./?#")
@example("http://www.//x")
@example("https://x.example?#a?b")
def test_url_key_is_what_urlsplit_gives(url: str) -> None:
    """The fast path for plain http(s) URLs gives the key urlsplit and urlunsplit do."""
    assert url_key(url) == _reference_url_key(url)
