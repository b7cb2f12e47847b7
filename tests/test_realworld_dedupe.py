"""Real-world shapes of duplicates: wire kickers, syndicated site names, AMP and tracking
URLs, translated headlines, daily columns at one address. All text invented."""

from __future__ import annotations

import pytest

from digest.dedupe import canonical_url, headline_cores, url_key
from tests.test_dedupe import art, groups

WIRE = [
    "Corvane Labs, the company behind the Tessel lending protocol, said on Tuesday that an "
    "attacker drained about $41 million from two of its lending pools after exploiting a flaw "
    "in a price oracle.",
    "The attacker borrowed heavily against collateral whose price had been pushed up on a "
    "thinly traded exchange, then withdrew the loans in stablecoins and bridged them away.",
    "Corvane paused deposits and borrowing on all markets within an hour of the first "
    "suspicious transaction and said user funds in other pools were not affected.",
    "The company said it was working with security firms to trace the funds and had offered "
    "the attacker a bounty of ten percent if the rest is returned within 72 hours.",
    "Tessel had held more than $300 million in deposits before the incident.",
]
REWRITE = [
    "An attacker took roughly $41 million out of Tessel, a lending protocol run by Corvane "
    "Labs, by manipulating the price feed it relies on.",
    "Deposits and loans were frozen shortly after the attack began, the team wrote on social "
    "media, adding that it is talking to investigators.",
    "The protocol's token dropped sharply on the news and users pulled funds from competing "
    "platforms as well.",
    "Corvane offered the hacker a reward if the bulk of the money is sent back over the next "
    "three days, a common tactic after such incidents.",
]
HEAD = "Corvane pauses Tessel markets after oracle exploit"


@pytest.mark.parametrize(
    "kicker", ["UPDATE 2-", "EXCLUSIVE: ", "Breaking: ", "WATCH: ", "REFILE-", "CORRECTED-"]
)
@pytest.mark.parametrize("hours", [3, 20])  # the same day, and the next calendar day
def test_wire_kicker_does_not_split_a_rewritten_copy(kicker: str, hours: float) -> None:
    """A kicker is not news: the rewritten copy under the same headline merges, on the same
    day or the next (before, "UPDATE 2" was read as a figure and "update" as a column)."""
    assert groups([art("a", HEAD, WIRE), art("b", kicker + HEAD, REWRITE, hours)]) == [
        {"a", "b"}
    ]


def test_numbered_wire_update_of_a_headline_only_item_merges() -> None:
    assert groups([art("a", HEAD, WIRE), art("b", "UPDATE 1-" + HEAD, [], 2)]) == [{"a", "b"}]


def test_syndicated_site_name_and_format_tags_are_not_headline_words() -> None:
    """An aggregator keeps the originating outlet's name ("- The Ledger", a source in the
    same batch) or a format tag ("[Video]", "(Reuters)") after the headline."""
    ledger = art("a", HEAD, WIRE, source="The Ledger")
    for suffix in (" - The Ledger", " | The Ledger", " [Video]", " (Reuters)", " | Video"):
        copy = art("b", HEAD + suffix, REWRITE, 3, source="Coin Aggregator")
        assert groups([ledger, copy]) == [{"a", "b"}], suffix


def test_headline_cores_keep_news_words() -> None:
    """Only kickers, tags and known names go: "Video-game", "- Again" and an unknown ending
    stay, so a follow-up or another story is not made to look like the first."""
    titles = [
        "Video-game maker Brindle cuts jobs",
        "Tessel pauses markets - Again",
        "Tessel pauses markets - Corvane responds",
        "EXCLUSIVE-Tessel pauses markets (Reuters)",
    ]
    cores = headline_cores([art(str(n), t) for n, t in enumerate(titles)])
    assert cores == [*titles[:3], "Tessel pauses markets"]


def test_translated_headline_over_the_same_text_merges() -> None:
    """The headline's "41 millones" reads as a plain 41, not $41 million; identical texts
    with identical figures are still one story."""
    es = "Protocolo de préstamos Tessel pierde 41 millones de dólares por un exploit"
    assert groups([art("a", "Tessel drained of $41 million", WIRE), art("b", es, WIRE, 2)]) == [
        {"a", "b"}
    ]


def _column(price: str, support: str) -> list[str]:
    return [
        f"Bitcoin traded at ${price} on the day, with support near ${support} and resistance "
        "overhead, our technical review finds.",
        "The relative strength index sat in neutral territory, while the moving averages "
        "pointed to a range-bound market for the coming days.",
        "Traders watched funding rates on perpetual futures, which stayed positive, and options "
        "open interest, which remained concentrated at round numbers.",
        "This column is published regularly and is not investment advice; readers should do "
        "their own research before trading.",
    ]


def test_price_column_two_days_apart_with_new_figures_stays_apart() -> None:
    """The same template text with new figures, within the window, is the next edition
    (before: merged on body similarity, since each body had fewer than three figures)."""
    title = "Bitcoin price analysis: bulls defend key support"
    a = art("a", title, _column("61,200", "59,800"))
    b = art("b", title, _column("63,450", "61,000"), 48)
    assert groups([a, b]) == [{"a"}, {"b"}]
    repost = art("c", title, _column("61,200", "59,800"), 30)
    assert groups([a, repost]) == [{"a", "c"}]


def test_daily_price_page_at_one_address_is_a_new_story_each_day() -> None:
    """"Bitcoin price today" rewritten daily at one URL: each day's edition is its own story;
    the same page seen twice on one day, or a live page that only grows, stays one."""

    def page(price: str, change: str) -> list[str]:
        return [
            f"The price of Bitcoin is ${price} today, {change} over the past 24 hours.",
            "Trading volume across major exchanges stood at levels typical for a weekday, and "
            "the market value of all cryptocurrencies moved in line with Bitcoin.",
            "This page is updated daily with the latest price and a short summary of the news.",
        ]

    url = "https://prices.example/price/bitcoin"
    day1 = art("a", "Bitcoin Price Today", page("62,100", "up 2.1%"), url=url)
    again = art("b", "Bitcoin Price Today", page("62,300", "up 2.4%"), 6, url=url)
    day2 = art("c", "Bitcoin Price Today", page("60,900", "down 1.9%"), 24, url=url)
    assert groups([day1, again, day2]) == [{"a", "b"}, {"c"}]
    grown = art("d", "Bitcoin Price Today", [*page("62,100", "up 2.1%"), "Later: flat."], 24, url)
    assert groups([day1, grown]) == [{"a", "d"}]


@pytest.mark.parametrize(
    "variant",
    [
        "https://news-example.cdn.ampproject.org/c/s/news.example/markets/tessel-exploit",
        "https://news.example/amp/markets/tessel-exploit",
        "https://news.example/markets/tessel-exploit?output=amp",
        "https://news.example/markets/tessel-exploit/index.html",
        "https://news.example/markets/tessel-exploit?__twitter_impression=true&taid=1a2b",
        "https://news.example/markets/tessel-exploit?ito=792&wt_mc=rss",
    ],
)
def test_more_amp_and_tracking_forms_fold_to_one_page(variant: str) -> None:
    page = "https://www.news.example/markets/tessel-exploit"
    assert url_key(canonical_url(variant)) == url_key(canonical_url(page))


def test_url_forms_that_select_content_are_kept() -> None:
    assert canonical_url("https://a.example/p?format=pdf") == "https://a.example/p?format=pdf"
    assert canonical_url("https://a.example/amp") == "https://a.example/amp"
    assert canonical_url("https://a.example/amp/story") == "https://a.example/amp/story"
