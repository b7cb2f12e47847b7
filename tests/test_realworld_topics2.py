"""Topic choice on crypto regulation, bank tokenisation and banking stories.

A newsletter post on stablecoin reserve rules ("e-money token issuers must keep 60% of
reserves in deposits at EU banks ... no more than 25% at a single bank") went to "Other news":
the DeFi negative keyword "bank" (-2 for every mention) cancelled "stablecoin" (+3). Now a
negative keyword counts once, and one found only in the text cannot cancel a keyword that
names the topic (``topics._with_negatives``); a negative in the headline still counts in full
(a ransom asked in bitcoin stays a security story). The built-in topics also know the beat's
regulation words: e-money token and EMT (DeFi: stablecoins), crypto-asset, CASP, VASP,
tokenised deposits and MiCA (Blockchain).

Every headline, text, outlet and host here and in the rows these tests read was written for
these tests; none is taken from a real article.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from digest.config import DEFAULT_TOPICS, load_config
from digest.model import Article, Topic
from digest.topics import OTHER, assign, evaluate, load_labelled, score_topic

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT / "tests" / "data" / "topics_realworld.jsonl"
CRYPTO = {"defi", "blockchain"}

RESERVE_TITLE = "Reserve rules are final, and they are tougher than issuers hoped"
RESERVE_PARAGRAPHS = (
    "The securities watchdog published its last word on stablecoin reserves on Thursday. "
    "The figure that matters: large e-money token issuers must hold at least 60% of "
    "reserves as deposits at EU banks.",
    "At most a quarter of the reserve may sit with one bank, so the biggest issuers will "
    "have to spread deposits across many institutions.",
    "The rules apply from the first of March.",
)


def story(title: str, text: str = "", *paragraphs: str, label: str | None = None) -> Article:
    return Article(id=title, origin="feed", location="test", title=title, source_name="Test",
                   summary=text, paragraphs=paragraphs, source_category=label)


def topic_of(title: str, text: str = "", *paragraphs: str, label: str | None = None) -> str:
    return assign([story(title, text, *paragraphs, label=label)], DEFAULT_TOPICS).topic


def defi() -> Topic:
    return next(t for t in DEFAULT_TOPICS if t.slug == "defi")


# ---------------------------------------------------------------- the reported story


def test_stablecoin_reserve_rules_with_banks_in_the_text_are_defi() -> None:
    """The reported post: a teaser for a summary, "bank" three times in the text."""
    choice = assign([story(RESERVE_TITLE, "Plus: what it means for the big issuers.",
                           *RESERVE_PARAGRAPHS)], DEFAULT_TOPICS)
    assert choice.topic == "defi", choice
    assert "stablecoin" in choice.reason
    assert dict(choice.scores)["defi"] >= 3


def test_the_same_story_with_a_summary_cut_from_its_text_is_defi() -> None:
    summary = " ".join(RESERVE_PARAGRAPHS)[:200] + "…"
    assert topic_of(RESERVE_TITLE, summary, *RESERVE_PARAGRAPHS) == "defi"


def test_clean_explain_files_the_feed_item_under_defi(tmp_path: Path) -> None:
    """`digest clean FEED --explain` on the story as a feed item shows it and its scores."""
    body = "".join(f"<p>{p}</p>" for p in RESERVE_PARAGRAPHS)
    feed = tmp_path / "letters.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Quarry Letters</title><link>https://quarry-letters.example/</link>"
        f"<item><title>{RESERVE_TITLE}</title>"
        "<link>https://quarry-letters.example/p/reserve-rules</link>"
        "<description>Plus: what it means for the big issuers.</description>"
        "<pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>",
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, "-m", "digest", "clean", "--explain", str(feed)],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (item,) = json.loads(result.stdout)
    explained = item["explain"]["topic"]
    assert item["topic"] == explained["topic"] == "defi"
    assert explained["topic_signal"] == "keywords"
    scores = explained["topic_scores"]
    assert scores["defi"] >= 3 and scores["defi"] > scores["blockchain"]


# ---------------------------------------------------------------- how negatives count


def test_a_negative_keyword_in_the_text_counts_once() -> None:
    once = score_topic("Lending Desk Widens Its Offer", "The bank said lending grew.", defi())
    thrice = score_topic("Lending Desk Widens Its Offer",
                         "The bank said lending grew. The bank's bank arm agreed.", defi())
    assert once.score == thrice.score


def test_a_negative_in_the_text_cannot_cancel_a_keyword_naming_the_topic() -> None:
    text = "Its stablecoin keeps reserves at a bank; the bank pays interest; a second bank too."
    scored = score_topic("Issuer Publishes Attestation", text, defi())
    assert scored.score == 3.0  # "stablecoin" (3), the banks take nothing from it
    assert scored.hits == ("stablecoin",)


def test_a_negative_in_the_text_still_cancels_supporting_keywords() -> None:
    """"lending" (2) and "loan" (1) at a bank: the negatives take them, down to nothing."""
    scored = score_topic("Quarterly Figures", "Lending and loan growth at the bank; mortgage "
                         "demand rose.", defi())
    assert scored.score == 0.0


def test_a_negative_in_the_headline_counts_in_full() -> None:
    scored = score_topic("Bank Says Stablecoin Pilot Is Years Away", "", defi())
    assert scored.score == 3 * 3 - 3 * 2  # stablecoin in the headline, bank in the headline
    assert topic_of("Ransomware Gang Demands Bitcoin From Clinic",
                    "Attackers asked for bitcoin to unlock the files.") == "technology"


@pytest.mark.parametrize(("title", "text"), [
    ("Harbourview Bank Profit Climbs 7% As Mortgage Book Grows",
     "The bank said it was studying stablecoin custody but had no plans to launch one."),
    ("Lender's Profit Rises On Higher Lending Margins",
     "The bank earned more from mortgages and business loans as rates stayed high."),
    ("Mortgage Costs Ease As Bond Yields Fall",
     "Lenders trimmed fixed rates for the third week running."),
    ("Central Bank Leaves Interest Rates On Hold",
     "Lending to households picked up as mortgage approvals rose."),
])
def test_banking_stories_stay_out_of_defi(title: str, text: str) -> None:
    assert topic_of(title, text) not in ("defi",)


# ---------------------------------------------------------------- regulation vocabulary


@pytest.mark.parametrize(("title", "text", "want"), [
    ("Issuers Of E-Money Tokens Get Six Months To Comply",
     "The authority set new redemption and liquidity rules.", "defi"),
    ("New Liquidity Rules For EMT Issuers",
     "Issuers must redeem e-money holdings within a day.", "defi"),
    ("Crypto-Asset Service Providers Face July Deadline",
     "Firms without authorisation must stop serving customers.", "blockchain"),
    ("Regulator Licenses Two More CASPs", "Both firms run trading platforms.", "blockchain"),
    ("Capital Rules Set For Virtual Asset Service Providers",
     "Exchanges and custodians must hold a minimum of capital.", "blockchain"),
    ("Cooperative Bank Issues Tokenised Deposits To Exporters",
     "Firms can move the money between accounts at any hour.", "blockchain"),
    ("MiCA Transition Ends For Trading Venues",
     "Platforms serving cryptoasset traders need a licence by July.", "blockchain"),
])
def test_crypto_regulation_words_file_the_story(title: str, text: str, want: str) -> None:
    assert topic_of(title, text) == want


@pytest.mark.parametrize(("title", "text"), [
    ("Mica Mining Town Fights For Clean Water", "The mineral is dug from open pits nearby."),
    ("Paramedic Shortage: EMT Training Places Doubled", "The ambulance service hired 300."),
])
def test_regulation_words_with_another_sense_file_nothing_alone(title: str, text: str) -> None:
    assert topic_of(title, text) == OTHER


def test_digest_toml_still_repeats_the_built_in_topics() -> None:
    assert load_config(ROOT / "digest.toml").topics == DEFAULT_TOPICS


# ---------------------------------------------------------------- the labelled rows


REGULATION_KINDS = ("stablecoin-regulation", "crypto-regulation", "exchange-licensing",
                    "bank-tokenisation", "cbdc")


def test_realworld_regulation_rows_land_in_a_crypto_section() -> None:
    items = [i for i in load_labelled(REALWORLD) if i.case in REGULATION_KINDS]
    assert len(items) >= 15
    assert {i.case for i in items} == set(REGULATION_KINDS)
    placed = {i.title: assign([i.article()], DEFAULT_TOPICS).topic for i in items}
    assert not [t for t, got in placed.items() if got not in CRYPTO]
    result = evaluate(items, DEFAULT_TOPICS)
    assert result.accuracy >= 0.85, [(m.title, c.topic) for m, c in result.misses]


def test_realworld_banking_rows_stay_out_of_defi() -> None:
    kinds = ("bank-earnings", "bank-earnings-crypto-mention", "macro", "lending-not-defi")
    items = [i for i in load_labelled(REALWORLD) if i.case in kinds]
    assert len(items) >= 5
    assert all(i.expected == OTHER for i in items)
    assert not [i.title for i in items if assign([i.article()], DEFAULT_TOPICS).topic == "defi"]
