"""Real-world shapes of duplicates: wire kickers, syndicated site names, AMP and tracking
URLs, translated headlines, daily columns at one address. All text invented."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from digest.build import BuildOptions, build
from digest.config import load_config
from digest.dedupe import canonical_url, headline_cores, url_key
from digest.model import Article
from digest.store import Store
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


# ------------------------------------------------------------ syndication, templates, hubs

ORLEN = [
    "Brackwater Finance, which runs the Orlen swap protocol, said on Wednesday that a hacker "
    "stole about $12 million from its liquidity pools by abusing a rounding error in the "
    "pricing code.",
    "The attacker repeated a series of tiny swaps thousands of times, each one rounding "
    "slightly in their favour, before draining the pools of two stablecoins and wrapped ether.",
    "Brackwater said it halted trading on the protocol about forty minutes after the first "
    "transfers and that deposits on its lending product were not touched.",
    "The company has hired two security firms to follow the funds, which were moved through a "
    "mixing service within hours, according to public blockchain records.",
    "Orlen had processed more than $2 billion in trades since it launched in March, making it "
    "one of the larger exchanges on its network.",
    "Brackwater offered the hacker a ten percent bounty if the remaining funds are returned by "
    "Friday and said it would compensate affected users from its treasury.",
    "It is the third attack on a swap protocol this month, following incidents at two smaller "
    "rivals that together lost less than $3 million.",
]
ORLEN_HEAD = "Brackwater's Orlen protocol hit by $12 million exploit"
OUTLETS = [
    ("Orlen swap protocol loses $12 million to rounding bug exploit",
     "Another decentralised exchange has been hit, and this time the losses run into eight "
     "figures."),
    ("Hacker drains $12M from Brackwater's Orlen exchange",
     "Crypto security researchers are once again counting the cost of a subtle arithmetic bug."),
    ("Orlen halts trading after $12 million exploit",
     "Users of the Orlen exchange woke up to frozen markets on Wednesday morning."),
    ("Brackwater: rounding error let attacker take $12m",
     "The decentralised finance sector suffered another setback this week."),
    ("What we know about the $12 million Orlen hack",
     "Here is what we know so far about the Orlen incident."),
]


def _outlet_copies(first: int = 0, last: int = 5, own_lead: bool = True) -> list[Article]:
    """Five outlets republish the wire: a first paragraph of their own (replacing the
    wire's, or before it) over the wire's body, trimmed to three to five paragraphs."""
    copies = []
    for k in range(first, last):
        head, intro = OUTLETS[k]
        kept = ORLEN[1 : 4 + k % 3] if own_lead else ORLEN[: 3 + k % 3]
        copies.append(art(f"o{k}", head, [intro, *kept], 1 + k, source=f"Outlet {k}"))
    return copies


@pytest.mark.parametrize("own_lead", [True, False])
def test_wire_story_republished_by_five_outlets_is_one_story(own_lead: bool) -> None:
    """Each outlet writes its own first paragraph (instead of the wire's, or before it) and
    trims the end. Before: a copy's lead differed from the wire's, so a copy mostly made of
    the wire's text (80%+) was no trimmed copy; one that missed the wire made a story of its
    own, and the copies after it divided between the two: one story shown twice."""
    wire = art("w", ORLEN_HEAD, ORLEN, source="Wire")
    copies = _outlet_copies(own_lead=own_lead)
    assert groups([wire, *copies]) == [{"w", *(c.id for c in copies)}]


@pytest.mark.parametrize(
    "blurb",
    [
        "Orlen swap protocol loses $12 million",
        "Brackwater halts Orlen trading",
        ORLEN_HEAD,
    ],
)
def test_aggregator_blurb_dated_before_the_report_does_not_split_it(blurb: str) -> None:
    """A headline-only item dated an hour before the wire became the story's primary, and
    every later copy was checked against its few words: the copies that fit the wire but
    not the blurb split off. Now a story is anchored by its first full text."""
    wire = art("w", ORLEN_HEAD, ORLEN, source="Wire")
    early = art("e", blurb, [], -1, source="Aggregator")
    copies = _outlet_copies()
    assert groups([wire, *copies, early]) == [{"w", "e", *(c.id for c in copies)}]


def test_two_hacks_with_the_same_loss_on_one_day_stay_apart() -> None:
    """The same figure is a strong sign only with a name to go with it: "Tamsin bridge
    hacked for $12 million" (a headline-only item) is not the Orlen exploit."""
    orlen = art("w", "Orlen swap protocol hacked for $12 million", ORLEN)
    tamsin = art("t", "Tamsin bridge hacked for $12 million", [], 3)
    assert groups([orlen, tamsin]) == [{"t"}, {"w"}]
    orlen_short = art("w", "Orlen swap protocol hacked for $12 million", [])
    tamsin_short = art("t", "Tamsin bridge protocol hacked for $12 million", [], 3)
    assert groups([orlen_short, tamsin_short]) == [{"t"}, {"w"}]
    # the same story, headline-only, still joins: one of its own words is in the report
    assert groups([orlen, art("h", "Rounding bug costs Orlen $12 million", [], 2)]) == [
        {"h", "w"}
    ]


def _earnings(company: str, revenue: str, growth: str, boss: str, product: str) -> list[str]:
    return [
        f"{company} reported quarterly revenue of ${revenue} billion on Thursday, up {growth} "
        "percent from a year earlier and ahead of analyst estimates.",
        f"Chief executive {boss} said demand for its {product} remained strong through the "
        "quarter.",
        "The company raised its full-year outlook and said it would buy back more shares.",
        "Shares rose in after-hours trading following the report.",
    ]


@pytest.mark.parametrize(
    "tail_a, tail_b",
    [("", ""), (" 12%", " 12%"), (" quarterly", "")],  # the last: two words differ
)
def test_template_earnings_stories_about_two_companies_stay_apart(
    tail_a: str, tail_b: str
) -> None:
    """An automated results story: one template, two companies, the same day. Their
    bodies are alike (Jaccard about 0.58), which used to lift every headline veto: two
    companies' results shown as one story."""
    title = "{} beats estimates as{} revenue rises"
    a = art("a", title.format("Varnell", tail_a), _earnings("Varnell", "4.2", "12", "Ada Morrow",
                                                             "cloud servers"))
    b = art("b", title.format("Quintrel", tail_b), _earnings("Quintrel", "1.8", "9", "Joss Pike",
                                                             "payment terminals"), 2)
    assert groups([a, b]) == [{"a"}, {"b"}]
    # one company's story republished under the same template headline still merges
    again = art("c", title.format("Varnell", tail_a),
                _earnings("Varnell", "4.2", "12", "Ada Morrow", "cloud servers")[:3], 3)
    assert groups([a, again]) == [{"a", "c"}]


OTHER_NEWS = [
    "Harbourline Bank has appointed Teodor Vance as chief risk officer after a search that "
    "took most of the year, the bank said on Tuesday.",
    "Vance joins from an insurer where he ran the credit team for six years and will report "
    "to the chief executive from March.",
]


@pytest.mark.parametrize(
    "url_a, url_b, canonical",
    [
        ("https://news.example/", "https://www.news.example", None),  # items link the home page
        ("https://news.example/news", "https://news.example/news/", None),  # a section page
        ("https://news.example/a/orlen", "https://news.example/b/harbourline",
         "https://news.example/"),  # a template naming the home page as canonical
    ],
)
def test_a_shared_home_or_section_address_does_not_merge_two_stories(
    url_a: str, url_b: str, canonical: str | None
) -> None:
    """The same address was an exact duplicate whatever the texts: a feed that links every
    item to its home page (or a section page), or pages whose canonical link names the home
    page, made every article of the site one story."""
    a = art("a", ORLEN_HEAD, ORLEN, url=url_a, canonical=canonical)
    b = art("b", "Harbourline names new chief risk officer", OTHER_NEWS, 3, url=url_b,
            canonical=canonical)
    assert groups([a, b]) == [{"a"}, {"b"}]
    if canonical:
        assert a.canonical_url == "https://news.example/a/orlen"  # its own address instead


def test_one_address_still_joins_a_short_item_a_growing_page_and_a_rewrite() -> None:
    """What the address rule is for stays: a feed's one-line item and the page, a live page
    that grows under new headlines, a rewrite that keeps part of its text."""
    url = "https://live.example/markets/orlen-exploit"
    item = art("i", "Orlen paused", ["Brackwater paused its Orlen exchange."], url=url)
    page = art("p", ORLEN_HEAD, ORLEN, 1, url=url + "?utm_source=rss")
    grown = art("g", "Orlen hack live: security firms trace funds",
                [*ORLEN, "16:05 Two firms are tracing the funds."], 6, url=url)
    rewrite = art("r", "Orlen exploit blamed on rounding bug",
                  ["Investigators blamed a rounding bug on Thursday.", *ORLEN[2:5]], 20, url=url)
    assert groups([item, page, grown, rewrite]) == [{"g", "i", "p", "r"}]


@pytest.mark.parametrize(
    "variant",
    [
        "https://news.example/markets/orlen-exploit?mod=rss_markets_main",
        "https://news.example/markets/orlen-exploit?ocid=rss",
        "https://news.example/markets/orlen-exploit?mbid=social_twitter",
        "https://news.example/markets/orlen-exploit?xtor=RSS-1",
        "https://news.example/markets/orlen-exploit?ns_source=rss&ns_mchannel=rss",
        "https://news.example/markets/orlen-exploit?guce_referrer=aHR0&guccounter=2",
        "https://news.example/markets/orlen-exploit?sh=5a3b2c1d0e9f",
        "https://news.example/markets/orlen-exploit?source=rss",
        "https://news.example/markets/orlen-exploit?feature=share",
        "https://news.example/markets/orlen-exploit?traffic_source=rss",
        "https://news.example/markets/orlen-exploit;jsessionid=0A1B2C3D",
    ],
)
def test_feed_and_share_tracking_parameters_fold(variant: str) -> None:
    page = "https://www.news.example/markets/orlen-exploit"
    assert url_key(canonical_url(variant)) == url_key(canonical_url(page))


def test_tracking_words_that_select_content_are_kept() -> None:
    for url in (
        "https://a.example/index.php?mod=forum",
        "https://a.example/p?source=annual-report",
        "https://a.example/p?sh=summary",
        "https://a.example/p?feature=latest",
    ):
        assert canonical_url(url) == url


# ------------------------------------------------------------ across builds


def _write(folder: Path, name: str, title: str, source: str, hours: float, body: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    date = (datetime(2026, 11, 25, 9, tzinfo=UTC) + timedelta(hours=hours)).isoformat()
    text = "\n\n".join(body)
    (folder / f"{name}.md").write_text(
        f'---\ntitle: "{title}"\ndate: {date}\nsource: {source}\n'
        f"url: https://{name}.example/markets/{name}\n---\n\n{text}\n",
        encoding="utf-8",
    )


def _build(tmp_path: Path, day: int) -> tuple[set[str], dict[str, object]]:
    """One build of the content folder; the story ids of its articles and their identities."""
    content, state = tmp_path / "content", tmp_path / "state.sqlite"
    now = datetime(2026, 11, 25, 18, tzinfo=UTC) + timedelta(days=day)
    build(
        load_config(None, root=tmp_path),
        BuildOptions(content_dir=content, output_dir=tmp_path / f"site{day}", state_path=state,
                     now=now),
    )
    with Store(state) as store:
        rows = store.db.execute("SELECT id, story_id FROM articles").fetchall()
        identities = store.story_identities(r[0] for r in rows)
    return {r[1] for r in rows}, identities


def test_copies_arriving_in_later_builds_join_the_story_and_keep_its_address(
    tmp_path: Path,
) -> None:
    """Build 1: the wire and two outlets' copies, one story. Build 2: two more copies (each
    with a first paragraph of its own in place of the wire's) and
    an aggregator's one-line blurb dated an hour before the wire. Before, the blurb became the
    primary, copies that fit the wire but not the blurb's few words split off into a story of
    their own (a new page, the same news twice); now every article stays in the first story:
    same id, same page, first seen on day 1."""
    folder = tmp_path / "content" / "articles"
    _write(folder, "wire", ORLEN_HEAD, "Wire", 0, ORLEN)
    for copy in _outlet_copies(1, 3, own_lead=False):
        _write(folder, copy.id, copy.title, copy.source_name, 1 + int(copy.id[1:]),
               list(copy.paragraphs))
    day1_ids, day1 = _build(tmp_path, 0)
    assert len(day1_ids) == 1
    (story,) = {identity.id: identity for identity in day1.values()}.values()

    for copy in _outlet_copies(3, 5):
        _write(folder, copy.id, copy.title, copy.source_name, 1 + int(copy.id[1:]),
               list(copy.paragraphs))
    _write(folder, "blurb", "Orlen swap protocol loses $12 million", "Aggregator", -1,
           ["Brackwater paused its Orlen exchange after the loss."])
    day2_ids, day2 = _build(tmp_path, 1)
    assert day2_ids == {story.id}, "one story, under its first id"
    assert len(day2) == 6
    assert {(i.id, i.slug, i.first_seen) for i in day2.values()} == {
        (story.id, story.slug, story.first_seen)
    }
    assert any(story.slug in str(p) for p in (tmp_path / "site1").rglob("*.html"))


def test_google_news_links_to_one_article_fold_to_one_page() -> None:
    """Its feeds link /rss/articles/<id>?oc=5, its pages /articles/<id>?hl=..&gl=..&ceid=..:
    the same item, which made two stories of one aggregator entry read twice."""
    from digest.dedupe import canonical_url, url_key

    forms = [
        "https://news.google.com/rss/articles/CBMiQmh0dHBzOi8vd3Jlbi5leGFtcGxl0gEA?oc=5",
        "https://news.google.com/articles/CBMiQmh0dHBzOi8vd3Jlbi5leGFtcGxl0gEA"
        "?hl=en-US&gl=US&ceid=US:en",
        "https://news.google.com/__i/rss/rd/articles/CBMiQmh0dHBzOi8vd3Jlbi5leGFtcGxl0gEA?oc=5",
    ]
    assert len({url_key(canonical_url(form)) for form in forms}) == 1
    other = "https://news.google.com/rss/articles/CBMiQmh0dHBzOi8vcXVheS5leGFtcGxl0gEA?oc=5"
    assert url_key(canonical_url(other)) != url_key(canonical_url(forms[0]))
    # other Google News pages keep their query: it selects what they show
    topic = "https://news.google.com/topics/CAAqJggKIiBDQkFTRWdvSUwyMHZNRGRqTVhZU0FtVnVHZ0pWVXlnQVAB?hl=en"
    assert canonical_url(topic).endswith("?hl=en")


def test_a_syndicated_rewrite_under_the_originals_address_joins_it() -> None:
    """A republisher links its rewrite to the original's page: two full texts that share
    little wording, at one address, with headlines that share the story's names. The address
    says they are one story (a shared section page's items share at most a word)."""
    url = "https://beat.example/quarry-network-validators-hard-fork"
    original = art("o", "Quarry Network Validators Approve Hard Fork Date", [
        "Validators on Quarry Network approved 9 December as the activation date for a hard "
        "fork that changes how fees are shared between validators and the protocol's fund.",
        "Under the new rules, 15 percent of base fees go to the fund, down from 25 percent, "
        "and the rest to validators. Node operators have two weeks to upgrade.",
    ], url=url)
    rewrite = art("r", "Quarry hard fork set for December after validator vote", [
        "This story first appeared elsewhere and is republished with permission here today.",
        "The chain's operators backed a date in December for its next upgrade, which splits "
        "transaction charges differently; anyone running old software will drop off.",
    ], 3, url=url + "?utm_source=partner")
    assert groups([original, rewrite]) == [{"o", "r"}]
