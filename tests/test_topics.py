"""Topic assignment: labels, hints, weighted keywords, tickers, secondary topics, catch-all."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from digest.config import DEFAULT_TOPICS, load_config, parse_config
from digest.errors import DigestError
from digest.model import Article, Topic
from digest.topics import (
    OTHER,
    KeywordClassifier,
    assign,
    classify,
    keyword_pattern,
    normalise_label,
)

ROOT = Path(__file__).resolve().parent.parent


def art(title: str, summary: str = "", **fields: object) -> Article:
    base = Article(id=title, origin="feed", location="test", title=title,
                   source_name="Test", summary=summary)
    return replace(base, **fields)


# ---------------------------------------------------------------- labels


@pytest.mark.parametrize("label", ["De-fi", "DeFi", "defi", "DEFI", "Decentralized Finance",
                                   "decentralised-finance", "DeFi News"])
def test_spellings_of_defi_are_one_label(label: str) -> None:
    choice = assign([art("Nothing to see", source_category=label)], DEFAULT_TOPICS)
    assert (choice.topic, choice.reason, choice.signal) == (
        "defi", f"source category {label}", "label"
    )


def test_normalise_label() -> None:
    assert normalise_label("De-fi") == normalise_label("DeFi") == "defi"
    assert normalise_label("  Decentralized   Finance ") == "decentralizedfinance"
    assert normalise_label(None) == ""


@pytest.mark.parametrize("label", ["others", "Business", "News", "Markets"])
def test_labels_that_say_nothing_fall_through_to_keywords(label: str) -> None:
    story = art("Cobbler Finance launches fixed-rate borrowing on its lending market",
                source_category=label)
    choice = assign([story], DEFAULT_TOPICS)
    assert choice.topic == "defi"
    assert choice.signal == "keywords"
    assert choice.reason.startswith("keywords: ")
    assert "lending market" in choice.reason


@pytest.mark.parametrize("label", ["Cryptocurrency", "Bitcoin", "Ethereum", "crypto"])
def test_crypto_labels_point_to_blockchain(label: str) -> None:
    story = art("Price slips after a quiet weekend", "Holders moved coins off exchanges.",
                source_category=label)
    assert classify([story], DEFAULT_TOPICS) == ("blockchain", f"source category {label}")


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("Orrin protocol lowers interest rates for borrowers",
         "Lending markets for ETH and USDC saw utilisation drop; liquidations were rare."),
        ("New DEX aggregator routes trades across twelve chains",
         "The aggregator splits swaps between liquidity pools to cut slippage."),
        ("Perps venue raises open interest limits", "Perpetual futures traders can hold more."),
        ("Stablecoin protocol adds a third collateral type",
         "Minters lock staked ETH to borrow the protocol's dollar token."),
    ],
)
def test_crypto_labels_yield_to_defi_text(title: str, summary: str) -> None:
    story = art(title, summary, source_category="Ethereum")
    choice = assign([story], DEFAULT_TOPICS)
    assert choice.topic == "defi"
    assert choice.reason.startswith("source category Ethereum, but keywords: ")


def test_soft_label_holds_against_a_passing_mention() -> None:
    story = art("Ethereum validators set a date for the next upgrade",
                "The hard fork also touches how stablecoin transfers are priced.",
                source_category="Ethereum")
    assert classify([story], DEFAULT_TOPICS)[0] == "blockchain"


def test_other_tags_are_labels_too_and_primary_label_wins() -> None:
    tagged = art("Weekly notes", source_category="News", tags=("News", "Technology"))
    assert classify([tagged], DEFAULT_TOPICS) == ("technology", "source category Technology")
    both = art("Weekly notes", source_category="DeFi", tags=("DeFi", "Technology"))
    assert classify([both], DEFAULT_TOPICS)[0] == "defi"


def test_a_later_article_label_is_used_when_the_primary_says_nothing() -> None:
    primary = art("Weekly notes", source_category="others")
    other = art("Weekly notes again", source_category="De-fi")
    assert classify([primary, other], DEFAULT_TOPICS) == ("defi", "source category De-fi")


def test_hint_is_used_after_labels_and_before_keywords() -> None:
    hinted = art("Rollup validators vote on a hard fork", source_category="Business",
                 category_hint="Technology")
    assert classify([hinted], DEFAULT_TOPICS) == ("technology", "source hint Technology")
    labelled = replace(hinted, source_category="DeFi")
    assert classify([labelled], DEFAULT_TOPICS)[0] == "defi"


# ---------------------------------------------------------------- keywords


def test_tickers_match_case_sensitively_and_as_whole_words() -> None:
    sol = keyword_pattern("SOL")
    assert sol.search("SOL climbs 12 percent")
    assert not sol.search("Vacaciones de sol y playa")
    assert not sol.search("El Sol brilla")
    assert not sol.search("Solar farm approved")
    eth = keyword_pattern("ETH")
    assert eth.search("ETH slides overnight") and eth.search("staked ETH, and more")
    assert not eth.search("Ethernet cable maker") and not eth.search("a new method")
    assert not eth.search("eth")
    assert keyword_pattern("DEX").search("volume on DEXs beat order books")


def test_words_match_whole_any_case_with_plurals_and_flexible_spaces() -> None:
    pattern = keyword_pattern("liquidity pool")
    assert pattern.search("New Liquidity Pools open")
    assert pattern.search("liquidity-pool fees")
    assert not pattern.search("liquiditypool")
    assert not keyword_pattern("node").search("a nodest word")
    assert keyword_pattern("on-chain").search("On-chain data shows")


def test_spanish_sol_does_not_make_a_blockchain_story() -> None:
    spanish = art("Vacaciones de sol y playa: récord de turistas",
                  "El sol y la playa atraen a más visitantes que nunca.")
    assert classify([spanish], DEFAULT_TOPICS)[0] == OTHER
    ticker = art("SOL jumps as the network handles record load",
                 "Validators on Solana upgraded without downtime.")
    assert classify([ticker], DEFAULT_TOPICS)[0] == "blockchain"


def test_headline_outweighs_body() -> None:
    topics = (
        Topic("a", "A", weighted_keywords=(("alpha", 1.0),)),
        Topic("b", "B", weighted_keywords=(("beta", 1.0),)),
    )
    story = art("Alpha news", "beta and beta again")  # headline 3 vs body 2
    assert classify([story], topics) == ("a", "keywords: alpha")
    body_heavy = art("News", "beta beta beta beta beta alpha")  # body hits are capped at 3
    assert classify([body_heavy], topics)[0] == "b"


def test_weights_negative_weights_and_minimum_score() -> None:
    topics = (Topic("d", "D", weighted_keywords=(("yield", 1.0), ("bond yield", -3.0))),)
    assert classify([art("Yield climbs on vaults")], topics)[0] == "d"
    assert classify([art("Bond yields climb")], topics)[0] == OTHER
    assert classify([art("Markets", "yield")], topics)[0] == OTHER  # 1 < minimum score


def test_exclusions_veto_a_topic() -> None:
    tech = Topic("tech", "Tech", keywords=("wallet", "app"), exclude=("leather",))
    story = art("Wallet app adds passkeys")
    assert classify([story], (tech,))[0] == "tech"
    leather = art("Wallet app for leather goods shop")
    choice = assign([leather], (tech,))
    assert choice.topic == OTHER
    assert dict(choice.scores)["tech"] == 0


def test_reason_lists_the_strongest_keywords() -> None:
    story = art("Lending protocol liquidations spike as perps unwind",
                "Borrowers faced liquidation on the lending market.")
    choice = assign([story], DEFAULT_TOPICS)
    assert choice.topic == "defi"
    assert choice.reason.startswith("keywords: ")
    named = choice.reason.removeprefix("keywords: ").split(", ")
    assert 1 <= len(named) <= 4 and "lending protocol" in named


def test_ties_go_to_the_earlier_topic_and_nothing_goes_to_other() -> None:
    topics = (Topic("a", "A", keywords=("shared",)), Topic("b", "B", keywords=("shared",)))
    assert classify([art("Shared thing")], topics)[0] == "a"
    assert classify([art("Unrelated")], topics) == (OTHER, "no category or keyword matched")
    assert assign([], topics).topic == OTHER


def test_any_classifier_with_assign_can_replace_the_default() -> None:
    strict = KeywordClassifier(min_score=100)
    story = art("Rollup validators vote on a hard fork")
    assert assign([story], DEFAULT_TOPICS).topic == "blockchain"
    assert assign([story], DEFAULT_TOPICS, strict).topic == OTHER


# ---------------------------------------------------------------- secondary topics


EXPLOIT = art(
    "Perps exchange drained in exploit on Ethereum",
    "An attacker abused the margin engine of the perpetuals venue and took the collateral.",
)


def test_secondary_topics_only_when_configured() -> None:
    assert assign([EXPLOIT], DEFAULT_TOPICS).secondary == ()
    topics = tuple(
        replace(t, secondary_score=6.0) if t.slug == "blockchain" else t for t in DEFAULT_TOPICS
    )
    choice = assign([EXPLOIT], topics)
    assert (choice.topic, choice.secondary) == ("defi", ("blockchain",))
    quiet = art("Perps exchange adds isolated margin", "Traders can cap losses per position.")
    assert assign([quiet], topics).secondary == ()


# ---------------------------------------------------------------- config


def test_digest_toml_repeats_the_built_in_topics() -> None:
    assert load_config(ROOT / "digest.toml").topics == DEFAULT_TOPICS


def test_config_keywords_in_three_forms_order_and_extras() -> None:
    config = parse_config({
        "topics": [
            {"slug": "b", "name": "B", "order": 2, "keywords": ["plain"]},
            {"slug": "a", "name": "A", "order": 1, "soft_aliases": ["Crypto"],
             "exclude": ["bond yield"], "secondary_score": 5,
             "keywords": {"flash loan": 3, "2": ["lending", "perps"], "-3": ["mortgage"]}},
        ],
        "site": {"other_topic": "hide"},
    })
    a, b = config.topics
    assert [a.slug, b.slug] == ["a", "b"]  # sorted by order
    assert b.terms == (("plain", 1.0),)
    assert a.terms == (("flash loan", 3.0), ("lending", 2.0), ("perps", 2.0), ("mortgage", -3.0))
    assert (a.soft_aliases, a.exclude, a.secondary_score) == (("crypto",), ("bond yield",), 5.0)
    assert config.site.other_topic == "hide"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"site": {"other_topic": "maybe"}}, r"site\.other_topic: must be"),
        ({"topics": [{"slug": "a", "name": "A", "keywords": {"x": "high"}}]},
         r"topics\[0\]\.keywords\.x: weight must be a number"),
        ({"topics": [{"slug": "a", "name": "A", "keywords": 3}]},
         r"topics\[0\]\.keywords: must be a list or a table"),
        ({"topics": [{"slug": "a", "name": "A", "secondary_score": -1}]},
         r"topics\[0\]\.secondary_score"),
        ({"topics": [{"slug": "a", "name": "A", "exclud": ["x"]}]},
         r"(?s)unknown key.*did you mean 'exclude'"),
    ],
)
def test_config_errors_name_the_key(data: dict, message: str) -> None:
    with pytest.raises(DigestError, match=message):
        parse_config(data)


# ---------------------------------------------------------------- end to end


DUMP = "{label}\n{title} – Test Wire\n{summary}\nA body paragraph about it.\n"


def _content(tmp_path: Path) -> Path:
    scraped = tmp_path / "content" / "scraped"
    scraped.mkdir(parents=True)
    stories = {
        "exploit": ("Markets", "Perps Exchange Drained In Exploit On Ethereum",
                    "An attacker abused the margin engine of the perpetuals venue."),
        "rollup": ("Blockchain", "Rollup Opens Its Sequencer", "Operators can now join."),
        "tram": ("others", "Council Approves Tram Extension", "The line opens in 2029."),
    }
    for name, (label, title, summary) in stories.items():
        (scraped / f"{name}.txt").write_text(
            DUMP.format(label=label, title=title, summary=summary), encoding="utf-8"
        )
    return tmp_path / "content"


def _build(tmp_path: Path, extra: str) -> Path:
    from digest.build import BuildOptions, build
    from digest.util import to_utc

    content = _content(tmp_path)
    config_path = tmp_path / "digest.toml"
    config_path.write_text(
        (ROOT / "digest.toml").read_text(encoding="utf-8").replace(
            'other_topic = "show"', extra
        ),
        encoding="utf-8",
    )
    config = load_config(config_path)
    out = tmp_path / "site"
    build(config, BuildOptions(content_dir=content, output_dir=out,
                               state_path=tmp_path / "state.sqlite",
                               now=to_utc("2026-11-24T12:00:00Z")))
    return out


def _by_title(out: Path) -> dict[str, dict]:
    """stories.json by headline, without the " – Test Wire" suffix of an unknown site."""
    stories = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    return {s["title"].removesuffix(" – Test Wire"): s for s in stories}


def test_build_catch_all_show_hide_drop_and_secondary(tmp_path: Path) -> None:
    for mode in ("show", "hide", "drop"):
        base = tmp_path / mode
        base.mkdir()
        out = _build(base, f'other_topic = "{mode}"')
        stories = _by_title(out)
        home = (out / "index.html").read_text(encoding="utf-8")
        tram = "Council Approves Tram Extension"
        assert stories["Perps Exchange Drained In Exploit On Ethereum"]["topic"] == "defi"
        assert stories["Perps Exchange Drained In Exploit On Ethereum"]["secondary_topics"] == []
        if mode == "show":
            assert stories[tram]["topic"] == OTHER
            assert tram in home and (out / "topics" / "other" / "index.html").is_file()
        elif mode == "hide":
            assert stories[tram]["topic"] == OTHER
            assert tram not in home and "Other news" not in home.split("<main")[-1]
            page = (out / "topics" / "other" / "index.html").read_text(encoding="utf-8")
            assert tram in page
        else:
            assert tram not in stories and tram not in home
            assert not (out / "topics" / "other").exists()


def test_build_lists_secondary_topic_stories_on_both_pages(tmp_path: Path) -> None:
    out = _build(tmp_path, 'other_topic = "show"')
    # rebuild with Blockchain taking secondary stories
    config_path = tmp_path / "digest.toml"
    text = config_path.read_text(encoding="utf-8")
    text = text.replace('slug = "blockchain"', 'slug = "blockchain"\nsecondary_score = 6', 1)
    config_path.write_text(text, encoding="utf-8")
    from digest.build import BuildOptions, build
    from digest.util import to_utc

    build(load_config(config_path), BuildOptions(
        content_dir=tmp_path / "content", output_dir=out, state_path=tmp_path / "state.sqlite",
        now=to_utc("2026-11-24T12:00:00Z")))
    stories = _by_title(out)
    exploit = stories["Perps Exchange Drained In Exploit On Ethereum"]
    assert (exploit["topic"], exploit["secondary_topics"]) == ("defi", ["blockchain"])
    assert exploit["topic_reason"].startswith("keywords: ")
    for slug in ("defi", "blockchain"):
        page = (out / "topics" / slug / "index.html").read_text(encoding="utf-8")
        assert "Perps Exchange Drained In Exploit On Ethereum" in page, slug
    tech = (out / "topics" / "technology" / "index.html").read_text(encoding="utf-8")
    assert "Perps Exchange Drained" not in tech


def test_clean_explain_shows_topic_reason_and_scores(cli, tmp_path: Path) -> None:
    content = _content(tmp_path)
    dump = content / "scraped" / "exploit.txt"
    plain = cli("clean", str(dump))
    assert plain.returncode == 0, plain.stderr
    assert "explain" not in json.loads(plain.stdout)[0]
    result = cli("clean", "--explain", str(dump))
    assert result.returncode == 0, result.stderr
    (item,) = json.loads(result.stdout)
    assert item["topic"] == "defi" and item["topic_reason"].startswith("keywords: ")
    explain = item["explain"]["topic"]
    assert explain["topic_signal"] == "keywords"
    assert explain["topic_scores"]["defi"] > explain["topic_scores"]["technology"]
    assert explain["secondary_topics"] == []


# ---------------------------------------------------------------- scores made ahead


def _old_label_match(label: str | None, topics) -> tuple[Topic, bool] | None:
    """The label look-up as it was written before its index: a loop over the topics."""
    key = normalise_label(label)
    if not key:
        return None
    for topic in topics:
        if key == normalise_label(topic.slug) or key in {normalise_label(a) for a in topic.aliases}:
            return topic, False
    for topic in topics:
        if key in {normalise_label(a) for a in topic.soft_aliases}:
            return topic, True
    return None


def test_the_label_index_answers_as_the_loop_over_topics() -> None:
    """Shared aliases: the first topic wins; a hard alias beats an earlier topic's soft one;
    a label that is a slug of one topic and an alias of another; lists as well as tuples."""
    from digest.topics import _label_match

    crowded = (
        Topic("markets", "Markets", aliases=("trading", "prices"), soft_aliases=("eth",)),
        Topic("defi", "DeFi", aliases=("de-fi", "lending"), soft_aliases=("ethereum", "yield")),
        Topic("chains", "Chains", aliases=("eth", "trading"), soft_aliases=("yield", "markets")),
        Topic("tech", "Tech", aliases=("markets",), soft_aliases=("ai",)),
    )
    labels = ["eth", "ETH News", "trading", "Markets", "yield", "ai", "lending", "De-Fi",
              "ethereum", "chains", "tech", "nothing", "", None, "News", "the news"]
    for topics in (crowded, DEFAULT_TOPICS, list(crowded), crowded[::-1]):
        for label in labels:
            assert _label_match(label, topics) == _old_label_match(label, topics), (label, topics)
    changing = list(crowded)
    assert _label_match("ai", changing) == (crowded[3], True)
    changing[3] = replace(crowded[3], soft_aliases=())
    assert _label_match("ai", changing) is None  # a list that changed is read again


def test_scores_made_ahead_give_the_same_choice() -> None:
    """assign(..., ranked=primary_scores(primary)) is assign(...): labels, soft labels that
    the keywords overrule, hints, keywords, nothing; the labelled set's items too."""
    from digest.topics import load_labelled, primary_scores

    stories = [
        [art("Aave Opens A Lending Market", "A lending pool for stablecoins.",
             source_category="Ethereum")],
        [art("Validator Client Release", "Ethereum validators upgrade their client.",
             source_category="Ethereum")],
        [art("A Chip Maker Ships", "A new processor for servers.", category_hint="technology")],
        [art("Quiet Day", "Nothing happened."), art("Quiet Day Too", source_category="defi")],
        [art("Swap Volumes Rise On A DEX", "Liquidity pools grew as swap fees fell.")],
        [art("Weather Report", "Rain later.")],
    ]
    stories += [[item.article()] for item in
                load_labelled(ROOT / "tests" / "data" / "topics_labelled.jsonl")]
    for articles in stories:
        ahead = primary_scores(articles[0], DEFAULT_TOPICS)
        assert assign(articles, DEFAULT_TOPICS, ranked=ahead) == assign(articles, DEFAULT_TOPICS)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers: Linux only")
def test_the_topic_cache_takes_scores_made_ahead_by_a_worker(tmp_path: Path, monkeypatch) -> None:
    """PrimaryScores: the new articles' keyword scores, made in a worker; the topic cache
    then classifies none of their stories the long way, and chooses as it would have."""
    import threading

    import digest.cache
    from digest.cache import PrimaryScores, TopicCache
    from digest.parallel import can_fork
    from digest.store import Store
    from digest.topics import primary_scores

    assert can_fork(), f"threads alive in the test process: {threading.enumerate()}"

    items = load_labelled_items()
    articles = [replace(item.article(), id=f"a{n}") for n, item in enumerate(items)]
    articles = (articles * (300 // len(articles) + 1))[:300]
    articles = [replace(a, id=f"a{n}") for n, a in enumerate(articles)]
    groups = [[a] for a in articles]
    with Store(tmp_path / "plain.sqlite") as store:
        plain = TopicCache(store, DEFAULT_TOPICS).assign_all(groups, jobs=1)
    asked: list[int] = []
    classify = digest.cache._classify

    def counting(groups, topics, jobs):
        asked.append(len(groups))
        return classify(groups, topics, jobs)

    monkeypatch.setattr(digest.cache, "_classify", counting)
    ahead = PrimaryScores(articles, DEFAULT_TOPICS, jobs=2)
    ahead.start()
    with Store(tmp_path / "ahead.sqlite") as store:
        chosen = TopicCache(store, DEFAULT_TOPICS).assign_all(groups, jobs=2, scores=ahead)
    assert chosen == plain
    assert asked == [0]  # every story had its primary's scores
    assert len(ahead.get()) == 300
    monkeypatch.setattr(digest.cache, "ROUND_ITEMS", 64)  # rounds of workers: the same
    rounds = PrimaryScores(articles, DEFAULT_TOPICS, jobs=2)
    rounds.start()
    assert rounds.get() == ahead.get()
    for article in articles[:50]:  # unpacked, as primary_scores gives them
        assert ahead.ranked(ahead.get()[article.id]) == primary_scores(article, DEFAULT_TOPICS)
    few = PrimaryScores(articles[:10], DEFAULT_TOPICS, jobs=2)  # not worth a worker
    few.start()
    assert few.get() == {}


def load_labelled_items():
    from digest.topics import load_labelled

    return load_labelled(ROOT / "tests" / "data" / "topics_labelled.jsonl")


def test_a_summary_cut_from_the_text_is_scored_once() -> None:
    """A feed's description is often the text's first sentences: scored beside the text,
    its keywords counted twice, so a bank's results whose opening mentions bitcoin once
    weighed as if it said it twice. A summary of its own still counts."""
    from digest.topics import primary_scores

    opening = "The lender said a bitcoin custody pilot had drawn few clients this quarter."
    rest = ("Its net interest income rose on higher rates, and mortgage lending slowed "
            "across its retail arm, the bank said in its quarterly results.")
    plain = art("Harbour Bank profit beats forecasts", paragraphs=(opening, rest))
    cut = replace(plain, summary=opening[:-1] + "…")
    own = replace(plain, summary="A custody pilot for bitcoin drew few takers.")

    def blockchain(article: Article) -> float:
        return next(s.score for s in primary_scores(article, DEFAULT_TOPICS)
                    if s.topic.slug == "blockchain")

    assert blockchain(plain) > 0
    assert blockchain(cut) == blockchain(plain)
    assert blockchain(own) > blockchain(plain)
