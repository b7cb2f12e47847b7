"""The keyword classifier against the hand-labelled headline sets (see docs/topics.md)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from digest.config import DEFAULT_TOPICS, load_config
from digest.topics import OTHER, evaluate, load_labelled

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "data" / "topics_labelled.jsonl"
HELDOUT = ROOT / "tests" / "data" / "topics_heldout.jsonl"


def test_labelled_set_is_big_and_covers_every_section_and_hard_case() -> None:
    items = load_labelled(LABELLED)
    assert len(items) >= 150
    by_topic = Counter(i.expected for i in items)
    assert set(by_topic) == {t.slug for t in DEFAULT_TOPICS} | {OTHER}
    assert min(by_topic.values()) >= 20
    cases = {i.case for i in items if i.case}
    for kind in ("ethereum-label-lending", "spanish-sol", "ticker", "business-crypto-firm",
                 "eth-inside-word", "others-label", "markets-label", "yield-not-defi"):
        assert kind in cases, kind
    assert len({i.title for i in items}) == len(items)


def test_keyword_classifier_accuracy_on_the_labelled_set() -> None:
    result = evaluate(load_labelled(LABELLED), DEFAULT_TOPICS)
    assert result.accuracy >= 0.9, "\n" + result.table()


def test_keyword_classifier_on_the_held_out_set() -> None:
    # Written after the keyword lists; lower bar, since it was not tuned against.
    result = evaluate(load_labelled(HELDOUT), DEFAULT_TOPICS)
    assert result.total >= 40
    assert result.accuracy >= 0.85, "\n" + result.table()


def test_digest_toml_topics_score_the_same() -> None:
    topics = load_config(ROOT / "digest.toml").topics
    items = load_labelled(LABELLED)
    assert evaluate(items, topics).correct == evaluate(items, DEFAULT_TOPICS).correct


def test_benchmark_script_prints_accuracy_and_confusion_matrix() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "topics_quality.py")],
        capture_output=True, text=True, timeout=120, check=True,
    )
    accuracy = float(re.search(r"accuracy: ([0-9.]+)", result.stdout).group(1))
    assert accuracy >= 0.9
    assert "expected \\ got" in result.stdout
    for slug in ("defi", "blockchain", "technology", "other"):
        assert re.search(rf"^{slug}\s+\d+", result.stdout, re.MULTILINE), slug


def _no_prefilter(title: str, text: str):
    """The prepared text of score_topic with its shortcut disabled: every regex runs."""
    from digest.topics import _Text

    class Everything(_Text):
        def may_match(self, keyword: str) -> bool:
            return True

        def candidates(self, topic, terms) -> list[int]:
            return list(range(len(terms)))

    return Everything(title, text, f"{title}\n{text}".lower())


def _same_scores(title: str, text: str, topics) -> None:
    from digest.topics import score_topic

    for topic in topics:
        fast = score_topic(title, text, topic)
        slow = score_topic(title, text, topic, _no_prefilter(title, text))
        assert (fast.score, fast.hits, fast.vetoed_by) == (
            slow.score, slow.hits, slow.vetoed_by
        ), (title, text, topic.slug)


def test_keyword_prefilter_never_changes_a_score() -> None:
    """The token prefilter in score_topic is only a shortcut: with it disabled (every
    keyword's regex run) each score on the labelled set is the same."""
    import json
    from pathlib import Path

    from digest.config import DEFAULT_TOPICS

    data = Path(__file__).parent / "data" / "topics_labelled.jsonl"
    items = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line]
    for item in items:
        title = item.get("title") or item.get("headline") or ""
        text = item.get("summary") or item.get("text") or ""
        _same_scores(title, text, DEFAULT_TOPICS)


def _keyword_soup():
    """Text made of the default keywords' words, bent: case, plurals, hyphens, punctuation,
    letters glued on, and non-ASCII look-alikes (the prefilter's fallback path)."""
    from hypothesis import strategies as st

    from digest.config import DEFAULT_TOPICS

    words = sorted({w for t in DEFAULT_TOPICS for k, _ in (*t.terms, *((e, 0) for e in t.exclude))
                    for w in k.replace("-", " ").split()})
    word = st.sampled_from(words)
    bent = st.one_of(
        word, word.map(str.upper), word.map(str.title), word.map(lambda w: w + "s"),
        word.map(lambda w: w + "es"), word.map(lambda w: "x" + w), word.map(lambda w: w + "ing"),
        st.sampled_from(["ı", "ſ", "K", "é", "-", "_", "$", "2"]),
    )
    glue = st.sampled_from([" ", "  ", "-", " - ", ", ", ". ", "\n", "/", "", "'s "])
    piece = st.tuples(bent, glue).map("".join)
    return st.lists(piece, max_size=30).map("".join)


def test_keyword_prefilter_property() -> None:
    """Any text, ASCII or not: the shortcut gives exactly the full regex scan's scores."""
    from hypothesis import given, settings

    from digest.config import DEFAULT_TOPICS

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(_keyword_soup(), _keyword_soup())
    def check(title: str, text: str) -> None:
        _same_scores(title, text, DEFAULT_TOPICS)

    check()


def test_fast_keyword_search_finds_what_the_plain_regex_finds() -> None:
    """score_topic searches ASCII text with a faster pattern (lower-cased text, literal
    first). For keywords of every shape (phrases, hyphens, tickers, digits, punctuation,
    non-ASCII) and any text, the spans are exactly keyword_pattern's, field by field."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from digest.topics import _Text, keyword_pattern

    keywords = ["lending", "Proof of Stake", "layer-2", "ETH", "SOL", "L2", "BTC ETF", "c++",
                "S&P 500", "web3", "DeFi", "bus", "of of", "x", "é", "naïve", "perp",
                "perpetuals", "$ETH", "Ethereum's", "K"]
    pieces = st.sampled_from(
        keywords + [k.upper() for k in keywords] + [k.lower() + "s" for k in keywords]
        + [k.lower() + "es" for k in keywords]
        + ["-", " ", "  ", "\n", "_", "a", "of", "ſ", "ı", "K", "'", ".", "$", "-x", "2"]
    )
    text = st.lists(pieces, max_size=40).map("".join)

    @settings(max_examples=400, deadline=None, derandomize=True)
    @given(text, text)
    def check(title: str, body: str) -> None:
        page = _Text.of(title, body)
        for keyword in keywords:
            pattern = keyword_pattern(keyword)
            for field, source in enumerate((title, body)):
                want = [m.span() for m in pattern.finditer(source)]
                assert page.spans(keyword, field) == want, (keyword, field, title, body)

    check()
    # The fast path is the one taken for ASCII text (else this test would prove nothing).
    assert _Text.of("ETH news", "proof of stake").tokens is not None
