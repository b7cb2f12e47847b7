"""Real-world misses of a crypto digest: a rounded headline figure, one outlet's page and its
aggregator item, one event rewritten by several outlets around one quotation. All outlets,
people and text invented."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from digest.dedupe import _quote_shingles, headline_figures_agree, numbers, with_canonical
from digest.model import Article
from tests.test_dedupe import T0, art, groups

# ------------------------------------------------------------ 1. rounded headline figures

HASH_A = [
    "Bitcoin's mining difficulty rose 6.2% at block 935,424 on Thursday, the largest "
    "increase in four months, as the network's hashrate climbed to a record of about "
    "1,100 EH/s.",
    "The adjustment, which happens every 2,016 blocks, keeps the average time between "
    "blocks near ten minutes as more machines join the network.",
    "Miners have kept adding capacity despite thin margins, with the bitcoin price steady "
    "and hashprice near $44 per petahash per day.",
    "Difficulty is chasing hashrate higher, and the miners who bought new machines this "
    "spring are the ones still making money, said Ilse Varga, an analyst at Quarrystone "
    "Research.",
    "Smaller operators with older equipment are likely to switch off some machines if the "
    "price does not rise before the next adjustment in two weeks.",
]
HASH_B = [
    "Bitcoin's mining difficulty rose 6.2% at block 935,424 late on Thursday, the biggest "
    "increase in four months, as the network's hashrate climbed to a record of about "
    "1,100 EH/s.",
    "The adjustment, which happens every 2,016 blocks, keeps the average time between "
    "blocks close to ten minutes as more machines come online.",
    "Miners have kept adding capacity despite thin margins, with the bitcoin price flat "
    "and hashprice near $44 per petahash per day.",
    "Difficulty is chasing hashrate higher, and the miners who bought new machines this "
    "spring are the ones still making money, said Ilse Varga, an analyst at Quarrystone "
    "Research.",
    "Smaller operators with older equipment are likely to switch off some machines if the "
    "price does not recover before the next adjustment in two weeks.",
]


def test_a_headline_figure_rounded_from_the_others_does_not_split_a_copy() -> None:
    """"6%" is "6.2%" rounded: a copy of the same text under a rounded headline figure
    (before, plain numbers compared exactly and the headline-figure veto fired)."""
    a = art("a", "Bitcoin Hashrate Hits Record as Difficulty Jumps 6.2%", HASH_A)
    b = art("b", "Bitcoin Mining Difficulty Jumps 6% to New All-Time High", HASH_B, 3)
    assert groups([a, b]) == [{"a", "b"}]


@pytest.mark.parametrize(
    "first, second",
    [
        ("Bitcoin Mining Difficulty Jumps 6% to New All-Time High",
         "Bitcoin Mining Difficulty Jumps 8% to New All-Time High"),
        ("Quarry Bridge Hacked for $12M as Attacker Drains Pools",
         "Quarry Bridge Hacked for $30M as Attacker Drains Pools"),
    ],
)
def test_a_headline_figure_beyond_rounding_still_vetoes(first: str, second: str) -> None:
    """Figures that differ beyond rounding are two events, even over a similar text."""
    a = art("a", first, HASH_A)
    b = art("b", second, HASH_B, 3)
    assert groups([a, b]) == [{"a"}, {"b"}]


@pytest.mark.parametrize(
    "coarse, fine, agree",
    [
        ("6%", "6.2%", True),
        ("6%", "6.5%", True),
        ("12.5%", "12.46%", True),
        ("$41M", "$41.3 million", True),
        ("$41 million", "$41.3 million", True),
        ("41.2M", "$41,234,567", True),
        ("6%", "8%", False),
        ("6%", "6.7%", False),
        ("$12M", "$30M", False),
        ("41.2M", "$41.3 million", False),
        # two decimals dropped is not a headline's rounding: a rate of 3.25% is not "3%"
        ("3 percent", "3.25 percent", False),
        ("935,000", "935,424", False),  # plain integers stay exact
    ],
)
def test_headline_figures_agree_by_rounding(coarse: str, fine: str, agree: bool) -> None:
    (x,), (y,) = numbers(coarse), numbers(fine)
    assert headline_figures_agree(x, y) is agree
    assert headline_figures_agree(y, x) is agree


# ------------------------------------------------- 2. one outlet's page and its aggregator item

TIDEWATER = [
    "Tidewater Bank, a regional lender based in Port Halden, said on Wednesday it has started "
    "issuing tokenized deposits on Base, letting business customers move dollars between "
    "accounts at any hour.",
    "The tokens, called TDX, are claims on ordinary deposits at the bank and are covered by "
    "deposit insurance up to the usual limit, the bank said.",
    "Tidewater said 40 corporate clients took part in a pilot that settled $18.5 million in "
    "payments over six weeks.",
    "\u201cOur customers asked for payments that do not stop at five o'clock on a Friday, and "
    "this is how we give them that,\u201d said Corinne Vale, the bank's head of treasury "
    "services.",
    "The bank plans to open the service to all of its business customers early next year.",
]
# Harbor Ledger's own piece: the same event in its own words, sharing no quotation
HARBOR_OWN = [
    "Tidewater, the Port Halden lender with branches across three states, now lets its "
    "business clients hold dollar balances as tokens on Base, a network run by a large "
    "exchange.",
    "Each TDX token stands for a dollar held at the bank, which says customers can send them "
    "to one another around the clock and redeem them for cash at any time.",
    "A six-week trial with a few dozen companies went well enough that the service will "
    "widen next year, according to the bank.",
    "Banks have been slow to put deposits on public networks because of rules on who may "
    "hold them, and Tidewater keeps a list of approved wallets for that reason.",
]
# ... and quoting the bank's statement, with the pilot's figure
HARBOR_QUOTING = [
    *HARBOR_OWN[:2],
    "Forty companies settled $18.5 million in a six-week trial that went well enough for "
    "the service to widen next year, according to the bank.",
    "\"Our customers asked for payments that do not stop at five o'clock on a Friday, and "
    "this is how we give them that,\" Corinne Vale, who runs treasury services at "
    "Tidewater, told Harbor Ledger.",
    HARBOR_OWN[3],
]
HARBOR_TITLE = "Regional lender Tidewater brings deposit tokens to Base"


def _harbor_pair(
    body: list[str], page_source: str, page_hours: float | None = 3
) -> list[Article]:
    """The outlet's saved page and a Google News item with its headline, credited to it.
    The page comes after the item in primary order (dated later, or undated as saved pages
    often are), so the item is placed first."""
    page = with_canonical(Article(
        id="page", origin="page", location="saved/tidewater.html", title=HARBOR_TITLE,
        source_name=page_source, site_names=(page_source, "Harbor Ledger"),
        url="https://www.harborledger.example/markets/tidewater-deposit-tokens-base",
        paragraphs=tuple(body),
        published=None if page_hours is None else T0 + timedelta(hours=page_hours),
    ))
    item = with_canonical(Article(
        id="gnews", origin="feed", location="https://news.google.com/rss/search?q=tidewater",
        title=HARBOR_TITLE + " - Harbor Ledger", source_name="Harbor Ledger",
        source_home="https://harborledger.example/",
        site_names=("Google News - Tokenization", "Harbor Ledger"),
        url="https://news.google.com/rss/articles/CBMiTmh0dHBzOi8vaGFyYm9ybGVkZ2Vy?oc=5",
        published=T0 + timedelta(hours=2),
    ))
    return [page, item]


@pytest.mark.parametrize("page_hours", [3, None])
@pytest.mark.parametrize("page_source", ["Harbor Ledger", "Saved pages"])
def test_an_outlets_page_and_its_aggregator_item_are_one_story(
    page_source: str, page_hours: float | None
) -> None:
    """The item joined the other outlet's story (its headline words are in that report's
    lead), the page stayed alone. One outlet (the item's source_home is the page's host, or
    the same source name) and one headline: one story, judged by the page's text, which
    does not match the other report."""
    event = art("chain", "Tidewater Bank launches tokenized deposits on Base network",
                TIDEWATER, source="Chainpost")
    assert groups([event, *_harbor_pair(HARBOR_OWN, page_source, page_hours)]) == [
        {"chain"}, {"gnews", "page"}
    ]


@pytest.mark.parametrize("page_hours", [1, 3, None])
def test_an_outlets_page_and_item_join_the_event_when_the_page_matches_it(
    page_hours: float | None,
) -> None:
    """The page quotes the bank's statement and gives the pilot's figure: all one story."""
    event = art("chain", "Tidewater Bank launches tokenized deposits on Base network",
                TIDEWATER, source="Chainpost")
    assert groups([event, *_harbor_pair(HARBOR_QUOTING, "Saved pages", page_hours)]) == [
        {"chain", "gnews", "page"}
    ]


def test_one_outlets_headline_four_days_apart_is_not_one_article() -> None:
    """The outlet rule keeps to the window: the same outlet's item under one headline four
    days later (a recurring feature) is not the same article."""
    _page, item = _harbor_pair(HARBOR_OWN, "Harbor Ledger")
    later = with_canonical(replace(
        item, id="later", published=T0 + timedelta(days=4), canonical_url=None,
        url="https://news.google.com/rss/articles/CBMiOther?oc=5",
    ))
    assert groups([item, later]) == [{"gnews"}, {"later"}]


# --------------------------------------- 3. one event rewritten by several outlets, one quote

PAUSE = ("We have paused all borrowing and are working with security firms and exchanges to "
         "trace the funds")
HALCYON = {
    "wire": ("Halcyon Finance Drained of $41M in Oracle Manipulation Attack", 0, [
        "An attacker drained about $41.3 million from Halcyon Finance on Tuesday by pushing up "
        "the price of its HLX-LP collateral token on a thinly traded market and borrowing "
        "against it.",
        f"\u201c{PAUSE},\u201d the team wrote in a post on its forum, adding that deposits "
        "in its savings vaults were not affected.",
        "The HLX-LP token had been reviewed by Redline Audits in March, according to the "
        "project's documentation, but the price feed it relied on was added later.",
        "Halcyon held close to $310 million in deposits before the attack.",
    ]),
    "lender": ("DeFi Lender Halcyon Pauses Borrowing After $41M Drained", 2, [
        "Lending protocol Halcyon has stopped all new loans after losing $41 million to an "
        "exploit that abused the price oracle behind its HLX-LP markets.",
        f"\"{PAUSE},\" Halcyon said on X a few hours after on-chain sleuths flagged large "
        "outflows.",
        "Security firm Redline Audits, which looked at parts of the code earlier this year, "
        "said it was helping with the investigation.",
        "The attacker swapped most of the stolen tokens for ether within an hour.",
    ]),
    "explainer": ("Halcyon Finance exploit: what we know so far", 5, [
        "Here is what has been confirmed about the attack on Halcyon Finance, which lost "
        "roughly $41.3 million from its lending markets early on Tuesday.",
        "The attacker used a flash loan to inflate the quoted price of HLX-LP, then borrowed "
        "stablecoins and ether against the inflated collateral.",
        f"In a statement the team said: \u201c{PAUSE}.\u201d Savings vaults remain open.",
        "Redline Audits had reviewed an earlier version of the contracts; the oracle change "
        "was not part of that review.",
        "It is unclear whether users will be made whole.",
    ]),
    "digestive": ("Oracle trick costs Halcyon users $41.3 million", 7, [
        "Users of Halcyon, a lending app, are out $41.3 million after a trader gamed the "
        "HLX-LP price feed and walked away with the loans.",
        f"\u201c{PAUSE} \u2026 we will share a full report,\u201d the team posted.",
        "Redline Audits said its review predated the oracle integration.",
    ]),
}


def _halcyon(names: list[str] | None = None) -> list[Article]:
    return [
        art(name, title, body, hours, source=name.title())
        for name, (title, hours, body) in HALCYON.items()
        if names is None or name in names
    ]


def test_rewrites_sharing_a_long_quotation_a_name_and_a_figure_are_one_story() -> None:
    """Four outlets' own words, one statement quoted verbatim (16 words), one name, one
    figure, within hours: before, four stories (their texts share too little wording)."""
    assert groups(_halcyon()) == [set(HALCYON)]


def test_each_pair_of_rewrites_is_one_story() -> None:
    names = list(HALCYON)
    for at, first in enumerate(names):
        for second in names[at + 1 :]:
            assert groups(_halcyon([first, second])) == [{first, second}], (first, second)


STANDING = ("Security comes first in everything we build, and every market we open is reviewed "
            "by two independent auditors before launch")


def test_one_companys_two_stories_quoting_a_standing_statement_stay_apart() -> None:
    """The same company, the same day, the same boilerplate statement, no figure in either
    headline: no figure of one text is in the other."""
    exploit = art("exploit", "Halcyon Finance hit by oracle manipulation attack", [
        *HALCYON["wire"][2][:1],
        f"\u201c{STANDING},\u201d a spokesperson for Halcyon said.",
        *HALCYON["wire"][2][2:],
    ])
    launch = art("launch", "Halcyon Finance opens lending markets on the Arbor chain", [
        "Halcyon Finance said on Tuesday it had opened three lending markets on Arbor, a "
        "newer network, with $5 million in incentives for early depositors.",
        f"\u201c{STANDING},\u201d a spokesperson for Halcyon said.",
        "The markets accept ether and two stablecoins as collateral, and borrowing limits "
        "will rise over the first month.",
    ], 2, source="Launchpad")
    assert groups([exploit, launch]) == [{"exploit"}, {"launch"}]


def test_a_follow_up_days_later_quoting_the_first_statement_stays_apart() -> None:
    """Two days later, quoting the statement of the day of the attack again: another story
    (the quotation rule keeps to quote_hours, 24)."""
    follow_up = art("reopen", "Halcyon Finance reopens borrowing after exploit", [
        "Halcyon Finance turned borrowing back on on Thursday, two days after an attacker took "
        "$41.3 million from its markets by gaming the HLX-LP price feed.",
        f"On the day of the attack the team had said: \u201c{PAUSE}.\u201d",
        "Redline Audits has since reviewed the new oracle, the team said.",
    ], 48, source="Followup")
    assert groups([*_halcyon(["wire"]), follow_up]) == [{"reopen"}, {"wire"}]


BOILERPLATE = ("We are excited to bring our products to a wider audience and look forward to "
               "working with partners across the industry")


def test_press_release_boilerplate_shared_by_unrelated_announcements_stays_apart() -> None:
    """Two companies' announcements through one wire service, one template quotation and
    even one figure: no name of one is in the other."""
    orbis = art("orbis", "Orbis Pay launches merchant card in Europe", [
        "Orbis Pay, a payments startup, launched a merchant card on Monday that lets shops "
        "in twelve countries take stablecoin payments, backed by $10 million in new funding.",
        f"\u201c{BOILERPLATE},\u201d said Orbis Pay chief executive Lena Brandt.",
        "The card will be available to shops from next month.",
    ], source="Prwire")
    tarn = art("tarn", "Tarn Wallet adds staking for retail users", [
        "Tarn Wallet added staking to its mobile app on Monday, letting retail users earn "
        "rewards on four networks, after raising $10 million from existing backers.",
        f"\u201c{BOILERPLATE},\u201d said Tarn Wallet founder Iker Osa.",
        "Staking is available in the app's latest version.",
    ], 1, source="Prwire2")
    assert groups([orbis, tarn]) == [{"orbis"}, {"tarn"}]


def test_quotation_runs_are_words_inside_quotation_marks() -> None:
    """Straight, curly, guillemet and low-high quotes; not the text outside them, nor across
    paragraphs; a quotation under 12 words gives no run."""
    from digest.dedupe import DEFAULTS

    runs = len(PAUSE.split()) - 11
    for text in (f'"{PAUSE}," she said.', f"\u201c{PAUSE}\u201d", f"\u00ab{PAUSE}\u00bb",
                 f"\u201e{PAUSE}\u201c", f"Intro.\n\u2018{PAUSE}\u2019 she said"):
        assert len(_quote_shingles(text, DEFAULTS)) == runs, text
    assert _quote_shingles(PAUSE, DEFAULTS) == frozenset()
    assert _quote_shingles('"We have paused all borrowing," she said.', DEFAULTS) == frozenset()
    assert _quote_shingles('He said "' + PAUSE, DEFAULTS) == frozenset()  # never closed
    half = len(PAUSE) // 2
    assert _quote_shingles(f'"{PAUSE[:half]}\n{PAUSE[half:]}"', DEFAULTS) == frozenset()


def test_malformed_addresses_of_an_outlet_do_not_raise() -> None:
    """A broken home page or link ("http://[x") is no outlet host; the source's name still
    names the outlet, and clustering goes on."""
    from digest.dedupe import _outlets

    page, item = _harbor_pair(HARBOR_OWN, "Harbor Ledger")
    broken = replace(item, source_home="http://[x", url="http://[x/story", canonical_url=None)
    assert _outlets(broken) == ("harborledger",)
    assert _outlets(page) == ("@harborledger.example", "harborledger")
    assert _outlets(replace(broken, source_name="")) == ()
    assert groups([page, broken, replace(broken, id="nameless", source_name="")]) == [
        {"gnews", "nameless", "page"}
    ]


def test_kept_groups_are_not_reused_when_an_articles_outlet_changes() -> None:
    """The clustering now reads who published an article: a build whose only change is an
    item's publisher (its home page and name) must not reuse the last build's groups."""
    from digest.dedupe import cluster
    from tests.test_dedupe import DictFeatures

    page, item = _harbor_pair(HARBOR_OWN, "Harbor Ledger")
    event = art("chain", "Tidewater Bank launches tokenized deposits on Base network",
                TIDEWATER, source="Chainpost")
    cache = DictFeatures()
    first = cluster([event, page, item], cache=cache)
    assert sorted(len(c.articles) for c in first) == [1, 2]
    other = replace(item, source_name="Quay Times", source_home="https://quaytimes.example/",
                    site_names=("Quay Times",))
    again = cluster([event, page, other], cache=cache)
    assert sorted(sorted(a.id for a in c.articles) for c in again) == [
        ["chain", "gnews"], ["page"]
    ]
