"""Real-world splits of a tech digest, fourth round: rewrites of one event that share its
names, a short quotation and its figures but little wording, and figures that were not
amounts (a model's or a region's name, a clock time, a date). All outlets, people and
text invented; the labelled pairs of the same kinds are in tests/data/dedupe_pairs.jsonl
("short-quote-*", "figures-percent-*", "names-times-not-figures", "date-not-figures",
"model-names-two-products", "amount-with-dated-headline")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest.dedupe import DEFAULTS, cluster, numbers, with_canonical
from digest.model import Article
from digest.util import to_utc
from tests.test_dedupe import art, groups

# ------------------------------------------------------------------ figures


@pytest.mark.parametrize(
    "text",
    [
        "Halcyon releases Lumen-4",
        "Veridian unveils the VX-900",
        "an outage in nf-east-2",
        "GPT-5, ERC-20 tokens and COVID-19",
        "service came back at 13:05 UTC",
        "posted at 4:02 PM",
        "from 8 a.m. to 5 pm",
        "on March 10, 2026",
        "10 March 2026",
        "a review dated Mar. 10",
        "a plan for MARCH 2026",
    ],
)
def test_names_clock_times_and_dates_are_not_figures(text: str) -> None:
    assert numbers(text) == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("returned $12.1M", ((12_100_000.0, 3),)),
        ("a flash loan of 40,000 ETH", ((40_000.0, 0),)),
        ("a 10% bounty", ((10.0, 0),)),
        ("2x faster", ((2.0, 0),)),
        ("my 4-GPU rig", ((4.0, 0),)),  # a count before the hyphen stays
        ("a 3:1 ratio", ((1.0, 0), (3.0, 0))),  # not a clock: one digit after the colon
        ("prices may 10 times", ((10.0, 0),)),  # "may" in lower case is no month
        ("raised $5M on March 3", ((5_000_000.0, 1),)),
        ("the 2024-2025 season", ((2024.0, 0), (2025.0, 0))),
    ],
)
def test_amounts_keep_their_values(text: str, expected: tuple) -> None:
    assert numbers(text) == expected


def test_a_dated_headline_no_longer_vetoes_its_copy() -> None:
    """"... announced on June 8, 2027" read as figures 8 and 2027, none in the wire's
    headline ("12,000"): the headline veto kept a syndicated copy apart."""
    body = [
        "Wrenfield Cycles is recalling 12,000 electric bikes sold since last spring after "
        "reports that their battery packs can overheat while charging.",
        "The company said it had received 31 reports of smoke or fire, and no injuries.",
        "Owners should stop charging the bikes and contact a dealer for a free replacement "
        "pack, Wrenfield said.",
        "The recall covers two models sold in shops and online across the country.",
    ]
    a = art("a", "Wrenfield Recalls 12,000 E-Bikes Over Battery Fires", body)
    b = art("b", "Wrenfield e-bike recall announced on June 8, 2027", body[:3], 2)
    assert groups([a, b]) == [{"a", "b"}]


def test_two_products_of_one_company_stay_apart_without_their_model_numbers() -> None:
    """"OX-900" / "OX-500" are no longer figures (no headline-figure veto): their texts
    and headlines keep them apart."""
    a = art("a", "Ostra Semiconductor Unveils OX-900 Inference Chip", [
        "Ostra Semiconductor introduced the OX-900 on Tuesday, a data-centre chip for "
        "running trained models that draws 640 watts and carries 144 GB of memory.",
        "The company said the chip serves 3.2 times as many requests per second as its "
        "previous part.",
        "Samples go to cloud customers in the autumn and volume shipments follow in 2028.",
    ])
    b = art("b", "Ostra Semiconductor Unveils OX-500 Edge Chip", [
        "Ostra Semiconductor also announced the OX-500 on Tuesday, a small chip for cameras "
        "and factory sensors that draws 9 watts and carries 8 GB of memory.",
        "It runs vision models on the device itself, so footage need not leave the building, "
        "the company said.",
        "The OX-500 is available to industrial customers now at $89 in volume.",
    ], 1)
    assert groups([a, b]) == [{"a"}, {"b"}]


# ------------------------------------------------------------------ a short quotation

WIRE = [
    "Corvane Protocol, a cross-chain lending service with about $240 million in deposits, "
    "lost roughly $7.6 million early on Tuesday when an attacker forged withdrawal messages "
    "on its bridge.",
    "The forged messages released tokens on the destination chain without a matching "
    "deposit, according to the security firm Thornbeck Analytics.",
    '"Funds held outside the bridge remain completely safe," chief technology officer '
    "Aurelio Banks said in a post.",
    "The team froze the bridge contracts and asked exchanges to block the attacker's "
    "addresses.",
]
REWRITE = [
    "Someone walked off with $7.6 million from Corvane on Tuesday morning by faking the "
    "messages its bridge uses to confirm deposits.",
    "Banks, who runs engineering at the lending project, told users on social media: "
    '"Funds held outside the bridge remain completely safe, and we are tracing every '
    'transfer with investigators."',
    "Bridges remain the weakest link of cross-chain finance, analysts said, and message "
    "verification is where most of them fail.",
    "Corvane has not said when the bridge will reopen.",
]
AUDIT = [
    "Corvane Protocol has hired the security firm Redline Labs to review its lending "
    "contracts every quarter, the company said on Tuesday afternoon.",
    "The agreement covers the markets that hold most of Corvane's $240 million in deposits "
    "and starts next month.",
    '"Funds held outside the bridge remain completely safe," a spokesperson repeated when '
    "asked about the morning's events, declining to give details.",
    "Redline Labs previously reviewed contracts for several payment networks in the region.",
]
WEEKLY = [
    "Two incidents made the week. The lending service Corvane lost $7.6 million on Tuesday "
    'when its bridge accepted forged messages; its team said: "Funds held outside the '
    'bridge remain completely safe."',
    "Tillbrook Finance lost $1.3 million to a rounding error in its vault contract on "
    "Monday, and the small exchange Ashgrove paused withdrawals overnight after a hot "
    "wallet leak.",
    "Oracle attacks, last month's favourite, were absent for the first time since November.",
    "Losses for the week were below the monthly average, researchers at Thornbeck "
    "Analytics said.",
]


def test_a_rewrite_sharing_a_short_quotation_a_name_and_the_headline_figure_joins() -> None:
    """An 8-word quotation in common (the rewrite quotes more of the statement), the
    subject's name and the headline's amount: one event (body Jaccard about 0.05; the
    12-word quotation rule did not apply)."""
    a = art("a", "Corvane Protocol Loses $7.6M in Bridge Exploit", WIRE)
    b = art("b", "Attacker Drains $7.6 Million From Corvane's Cross-Chain Bridge", REWRITE, 3)
    assert groups([a, b]) == [{"a", "b"}]


@pytest.mark.parametrize(
    "title, body, hours",
    [
        # one company's other story of the day repeats its stock line and one background
        # figure ($240 million in deposits), not a figure of either headline
        ("Corvane Signs Audit Deal With Redline Labs", AUDIT, 9),
        # a weekly column quoting the week's statements, with the headline's amount
        ("This Week in DeFi Security: Corvane, Tillbrook and a Quiet Week for Oracles",
         WEEKLY, 14),
        # the same statement again with the same figure three days later
        ("Corvane Reopens Bridge Three Days After $7.6M Exploit",
         [WIRE[2], "Corvane Protocol reopened its bridge on Friday with a second signer for "
          "large withdrawal messages, three days after an attacker took $7.6 million.",
          "Deposits have fallen to about $205 million since the attack."], 72),
    ],
)
def test_a_short_quotation_does_not_join_another_story(
    title: str, body: list[str], hours: float
) -> None:
    a = art("a", "Corvane Protocol Loses $7.6M in Bridge Exploit", WIRE)
    b = art("b", title, body, hours)
    assert groups([a, b]) == [{"a"}, {"b"}]


def test_a_short_quotation_with_two_shared_figures_joins_without_headline_figures() -> None:
    """No headline figure ("Osprey-12" is a name), two telling figures in common ($649,
    1.4 micron) and an 8-word quotation: one launch."""
    a = art("a", "Kestrel Optics Unveils Osprey-12 Camera Module", [
        "Kestrel Optics on Tuesday introduced the Osprey-12, a camera module for phones with "
        "a 1.4 micron pixel and a sensor that reads out in a single pass.",
        "Phone makers can order samples now; Kestrel quoted a price of $649 for a developer "
        "kit.",
        '"We built it for the photos people actually take at night," product head Solveig '
        "Amari said.",
        "Volume shipments are planned for the second half of the year.",
    ])
    b = art("b", "Kestrel's New Phone Camera Module Bets on Night Photos", [
        "The headline number on Kestrel's new Osprey-12 module is its 1.4 micron pixel, "
        "large for a phone sensor and aimed squarely at dim scenes.",
        'Amari framed the launch plainly: "We built it for the photos people actually take, '
        'not for the spec sheet."',
        "A developer kit costs $649, which puts it in reach of smaller phone brands that "
        "want to test it.",
        "We expect the first phones with it late this year.",
    ], 5)
    assert groups([a, b]) == [{"a", "b"}]


# ------------------------------------------------------------------ a percentage

HALVARD = [
    "Halvard Lending lost about $9.2 million on Tuesday after an attacker used a flash loan "
    "of 25,000 ETH to push up the price of a thinly traded collateral token.",
    "The protocol read that price straight from one pool, so the inflated collateral let the "
    "attacker borrow far more than it was worth.",
    "Halvard paused its markets within the hour and offered a 15% bounty for the return of "
    "the rest.",
    "Auditors at Quenby Security said the pattern matched several attacks last year.",
]
HALVARD_REWRITE = [
    "Borrowing is frozen at Halvard after someone drained roughly $9.2 million through a "
    "manipulated price feed early on Tuesday.",
    "On-chain records show a 25,000 ETH flash loan at the start of the attack, used to buy "
    "up the collateral token on a shallow pool.",
    "The team has put a 15% bounty on the table if the attacker sends back the remainder.",
    "No date has been given for reopening.",
]


def test_a_shared_percentage_counts_as_a_telling_figure() -> None:
    """The headline's amount, "25,000 ETH" and "a 15% bounty" in both texts: two figures
    besides the headline's (before, a percentage under 100 did not count)."""
    a = art("a", "Halvard Lending Loses $9.2M to Oracle Manipulation", HALVARD)
    b = art("b", "Halvard Pauses Markets After $9.2 Million Drain", HALVARD_REWRITE, 6)
    assert groups([a, b]) == [{"a", "b"}]


def test_a_shared_percentage_alone_is_not_enough() -> None:
    """Without the flash loan's size the texts share one percentage only besides the
    headline's amount: apart."""
    a = art("a", "Halvard Lending Loses $9.2M to Oracle Manipulation", HALVARD)
    rewrite = [HALVARD_REWRITE[0], HALVARD_REWRITE[1].replace("a 25,000 ETH", "a large"),
               *HALVARD_REWRITE[2:]]
    b = art("b", "Halvard Pauses Markets After $9.2 Million Drain", rewrite, 6)
    assert groups([a, b]) == [{"a"}, {"b"}]


# ------------------------------------------------------------------ the labelled rows

PAIRS = Path(__file__).parent / "data" / "dedupe_pairs.jsonl"
KINDS = {
    "short-quote-rewrite", "figures-percent-rewrite", "names-times-not-figures",
    "date-not-figures", "short-quote-same-company-same-day", "short-quote-weekly-column",
    "short-quote-follow-up", "figures-percent-follow-up", "model-names-two-products",
    "amount-with-dated-headline",
}


def _article(row: dict) -> Article:
    return with_canonical(Article(
        id=row["id"], origin="feed", location=row["url"], title=row["title"],
        source_name=row["source"], url=row["url"],
        paragraphs=tuple(p for p in row["text"].split("\n") if p.strip()),
        published=to_utc(row["published"]),
    ))


def test_the_labelled_rows_of_this_round_are_all_right() -> None:
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()
            if line]
    mine = [row for row in rows if row["kind"] in KINDS]
    assert len(mine) == 11
    for row in mine:
        merged = len(cluster([_article(row["a"]), _article(row["b"])], DEFAULTS)) == 1
        assert merged == row["duplicate"], (row["kind"], row["a"]["title"], row["b"]["title"])


# ------------------------------------------------------------------ the primary


def test_a_full_text_leads_a_story_that_a_headline_only_link_opened() -> None:
    """An aggregator's link (no text) posted before the report it links: the story shows
    the report's headline, text and credit; the link follows it."""
    link = art("hn", "Corvane Protocol loses $7.6M in bridge exploit", [], 0,
               source="Link Board")
    wire = art("wire", "Corvane Protocol Loses $7.6M in Bridge Exploit", WIRE, 1)
    rewrite = art("rewrite", "Attacker Drains $7.6 Million From Corvane's Cross-Chain Bridge",
                  REWRITE, 3)
    for order in ([link, wire, rewrite], [rewrite, wire, link]):
        (story,) = cluster(order)
        assert [a.id for a in story.articles] == ["wire", "hn", "rewrite"]


def test_the_earliest_article_stays_primary_when_it_has_text_or_none_has() -> None:
    wire = art("wire", "Corvane Protocol Loses $7.6M in Bridge Exploit", WIRE, 0)
    link = art("hn", "Corvane Protocol loses $7.6M in bridge exploit", [], 1)
    (story,) = cluster([link, wire])
    assert story.primary.id == "wire"
    first = art("a", "Corvane Protocol loses $7.6M in bridge exploit", [], 0)
    second = art("b", "Corvane Protocol loses $7.6M in bridge exploit", [], 1,
                 url="https://a.example/news/a")
    (story,) = cluster([second, first])
    assert [a.id for a in story.articles] == ["a", "b"]


def test_a_story_keeps_its_id_when_a_full_text_takes_the_lead() -> None:
    """Day 1: the link alone makes the story (its id from the link). Day 2: the report
    joins and leads, and the story keeps its id."""
    from digest.dedupe import assign_identities

    link = art("hn", "Corvane Protocol loses $7.6M in bridge exploit", [], 0)
    (day1,) = cluster([link])
    (first,) = assign_identities([day1], {}, day1.primary.published)
    wire = art("wire", "Corvane Protocol Loses $7.6M in Bridge Exploit", WIRE, 1)
    (day2,) = cluster([link, wire])
    assert day2.primary.id == "wire"
    (second,) = assign_identities([day2], {"hn": first}, wire.published)
    assert second.id == first.id
