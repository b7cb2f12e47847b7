# ruff: noqa: E501  (prose data: one sentence per string reads better than wrapped fragments)
"""Writes tests/data/dedupe_pairs.jsonl: labelled article pairs for the dedupe stage.

Every story below is invented. Each seed is written the way an editor would see the story
arrive from several sites; the variants are the edits syndication really makes (new headline,
site suffix, trimmed or extended body, copy edits), and the hard negatives are the mistakes a
digest must not make (follow-up rounds, template columns, other news about the same company).

Run: python tests/data/dedupe_pairs_make.py  (deterministic; the .jsonl is committed)
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

# (slug, headline, rewritten headline, body sentences, other story headline, other story body,
#  follow-up headline)
SEEDS = [
    (
        "penrose",
        "Penrose Labs Raises $38 Million For AI Code Review Software",
        "AI code reviewer Penrose lands $38M Series B",
        [
            "Penrose Labs has raised $38 million in a Series B round led by Northgate Ventures.",
            "The company sells software that reads pull requests and flags risky changes before they are merged.",
            "Chief executive Dana Whitfield said the money would pay for a larger research team in Leeds.",
            "Penrose says more than 900 engineering teams now use the tool, up from 300 a year ago.",
            "Existing backers Harlow Capital and Finch Partners also took part in the round.",
        ],
        "Penrose Labs Opens Office In Toronto",
        "Penrose Labs is opening a sales office in Toronto to serve customers in Canada. The office will start with twelve staff and is led by a former cloud executive. The company said hiring would begin next month.",
        "Penrose Labs Raises Another $60 Million As Demand For AI Review Grows",
    ),
    (
        "tidewell",
        "Tidewell Finance Launches Perpetuals On Its DEX",
        "Tidewell adds leveraged perps to its exchange",
        [
            "Tidewell Finance switched on perpetual futures trading on its exchange early on Monday.",
            "Six markets are live at launch, including ETH and SOL, with leverage of up to 20 times.",
            "Trades settle against a shared liquidity pool rather than an order book.",
            "Liquidity providers earn fees and funding payments but take the other side of winning traders.",
            "Open interest is capped at $15 million per market for the first two weeks.",
        ],
        "Tidewell Finance Names New Head Of Security",
        "Tidewell Finance has hired Priya Anand as head of security. She joins from a payments company where she ran incident response. Tidewell said she would report to the chief technology officer and oversee audits.",
        "Tidewell Finance Raises Perpetuals Cap To $40 Million Per Market",
    ),
    (
        "quarry",
        "Quarry Network Validators Approve Hard Fork Date",
        "Quarry hard fork set for December after validator vote",
        [
            "Validators on the Quarry Network voted to schedule a hard fork for the second week of December.",
            "The upgrade shortens block times and changes how transaction fees are burned.",
            "About 82 percent of staked tokens were cast in favour, well above the two-thirds needed.",
            "Node operators have three weeks to install the new client release.",
            "Exchanges are expected to pause deposits for a few hours around the fork.",
        ],
        "Quarry Network Foundation Publishes Annual Grants Report",
        "The Quarry Network Foundation said it handed out grants to 46 projects last year. Most went to wallet and tooling teams. The foundation plans to publish quarterly updates from now on.",
        "Quarry Network Validators Approve Second Hard Fork For 2027",
    ),
    (
        "lumenvault",
        "Lumenvault DAO Treasury Votes To Diversify Into Stablecoins",
        "Lumenvault holders back plan to move treasury into stablecoins",
        [
            "Lumenvault DAO members approved a proposal to move part of the treasury into stablecoins.",
            "The plan converts 30 percent of the treasury's native tokens over twelve weeks.",
            "Supporters argued the DAO needed two years of runway in assets that do not swing with the market.",
            "Critics warned that steady selling could weigh on the token price.",
            "The conversion will run through several exchanges in small daily batches.",
        ],
        "Lumenvault DAO Elects New Grants Committee",
        "Lumenvault DAO members chose five people for a new grants committee. The committee will review funding requests from developers. Its first budget round opens in January.",
        "Lumenvault DAO Votes To Move A Further 20 Percent Into Stablecoins",
    ),
    (
        "graniteware",
        "Graniteware Unveils 2-Nanometre AI Chip For Phones",
        "Graniteware shows off 2nm phone processor with AI engine",
        [
            "Graniteware has unveiled a phone processor built on a 2-nanometre process.",
            "The chip includes a dedicated engine for running language models on the device.",
            "The company claims a 35 percent gain in battery life over its previous design.",
            "Three handset makers have signed up to use the chip in phones due next spring.",
            "Analysts said the launch puts pressure on rivals still shipping older designs.",
        ],
        "Graniteware Settles Patent Dispute With Display Maker",
        "Graniteware has settled a patent case brought by a display maker over touch controllers. Terms were not disclosed. Both companies said the settlement includes a licence for future products.",
        "Graniteware Unveils 1.4-Nanometre Chip Roadmap For 2028",
    ),
    (
        "pebblestone",
        "Pebblestone Vaults Passes $1.2 Billion In TVL",
        "Pebblestone deposits top $1.2bn as vault strategies draw inflows",
        [
            "Total value locked in Pebblestone Vaults passed $1.2 billion on Thursday.",
            "Deposits have doubled since August as traders chased yield on stablecoin strategies.",
            "The largest vault lends stablecoins across four lending markets and rebalances daily.",
            "Pebblestone charges a 10 percent performance fee and no management fee.",
            "The team said it would add two new strategies before the end of the year.",
        ],
        "Pebblestone Vaults Pauses One Strategy After Oracle Delay",
        "Pebblestone Vaults paused a single lending strategy after a price oracle stopped updating. No funds were lost, the team said. The strategy will reopen once the oracle provider confirms a fix.",
        "Pebblestone Vaults Passes $2 Billion In TVL",
    ),
    (
        "nimbra",
        "Cloud Provider Nimbra Opens Data Centre Near Lisbon",
        "Nimbra brings new cloud region online in Portugal",
        [
            "Nimbra has opened a data centre near Lisbon, its first cloud region in Portugal.",
            "The site draws most of its power from wind and solar contracts signed last year.",
            "Nimbra said the region would cut delays for customers in Spain and Portugal.",
            "The company plans to spend 400 million euros on the site over five years.",
            "About 150 people will work at the facility when it is fully staffed.",
        ],
        "Nimbra Cuts Storage Prices For Archive Data",
        "Nimbra has lowered the price of its archive storage tier. The cut applies in all regions from next month. The company said demand from backup customers had grown sharply.",
        "Nimbra Opens Second Portuguese Data Centre Near Porto",
    ),
    (
        "cinderpeak",
        "Cinderpeak Lending Pauses Borrowing After Oracle Glitch",
        "Oracle fault forces Cinderpeak to halt new loans",
        [
            "Cinderpeak Lending paused new borrowing after a price feed briefly reported a wrong value.",
            "The fault lasted two blocks, during which one token appeared to be worth ten times its price.",
            "The team said it stopped new loans before anyone could borrow against the bad price.",
            "Withdrawals and repayments kept working throughout the incident.",
            "Cinderpeak plans to add a second price source before borrowing resumes.",
        ],
        "Cinderpeak Lending Lists Three New Collateral Assets",
        "Cinderpeak Lending has added three tokens as collateral. Each comes with a conservative borrowing limit at first. The risk team said limits would rise as liquidity deepens.",
        "Cinderpeak Lending Pauses Borrowing Again After Second Oracle Fault",
    ),
    (
        "orchard",
        "Orchard Labs Raises $21 Million For Open Source Chip Design Software",
        "Open source chip tools maker Orchard Labs secures $21M",
        [
            "Orchard Labs has raised $21 million to build open source software for designing chips.",
            "The round was led by Larch Street Capital with support from two university funds.",
            "Orchard's tools let students and small firms lay out a chip without paying for costly licences.",
            "Chief executive Naveen Kadam said the money would fund a hosted version for companies.",
            "The company employs 40 people across Bangalore and Eindhoven.",
        ],
        "Orchard Labs Releases Free Course On Chip Layout",
        "Orchard Labs has published a free online course on chip layout. It uses the company's open source tools and takes about six weeks. Several universities plan to use it in class.",
        "Orchard Labs Raises $55 Million To Expand Hosted Chip Design Tools",
    ),
    (
        "kestrel",
        "Kestrel Rollup Moves To Permissionless Validators",
        "Anyone can now run a Kestrel validator after rollup opens its set",
        [
            "Kestrel Rollup has opened its validator set to anyone who stakes the minimum deposit.",
            "Until now, only eight operators chosen by the founding team could propose blocks.",
            "More than thirty new validators registered within the first day.",
            "The team said the change removes one of the main criticisms of the rollup's design.",
            "Rewards will be split in proportion to stake, with a small share kept for a security fund.",
        ],
        "Kestrel Rollup Cuts Fees During Network Anniversary",
        "Kestrel Rollup is cutting transaction fees by half for one week to mark its first year. The discount applies to all transfers and swaps. The team said it would cover the cost from its treasury.",
        "Kestrel Rollup Raises Minimum Validator Stake To 50,000 Tokens",
    ),
    (
        "fernleaf",
        "Fernleaf Capital Closes $90 Million Fund For Yield Vault Strategies",
        "Fernleaf wraps up $90M vehicle aimed at DeFi yield vaults",
        [
            "Fernleaf Capital has closed a $90 million fund that will invest in yield vault strategies.",
            "Pension funds and family offices make up most of the investors.",
            "The fund will only use lending markets that have run for at least two years without a loss.",
            "Managing partner Elodie Marsh said investors wanted steady income rather than token bets.",
            "Fernleaf's first fund, raised in 2024, returned 11 percent a year after fees.",
        ],
        "Fernleaf Capital Hires Former Regulator As Adviser",
        "Fernleaf Capital has hired a former markets regulator as a senior adviser. He will help the firm with licensing in Europe. Fernleaf said the appointment was part of plans to open an office in Paris.",
        "Fernleaf Capital Closes $150 Million Second Fund For Yield Vaults",
    ),
    (
        "brightwater",
        "Brightwater DEX Tops Weekly Volume As AMM Fees Fall",
        "Fee cut lifts Brightwater to the top of weekly DEX rankings",
        [
            "Brightwater DEX handled more trading volume than any other exchange on its chain last week.",
            "Volume reached $2.4 billion, helped by a fee cut on its most popular pools.",
            "The exchange lowered fees on stablecoin pairs from 0.05 percent to 0.01 percent.",
            "Rivals have not matched the cut, though two said they were reviewing their fees.",
            "Markets for smaller tokens were quieter, and Brightwater's share there barely moved.",
        ],
        "Brightwater DEX Launches Mobile App",
        "Brightwater DEX has released a mobile app for swapping tokens. The app connects to existing wallets and supports price alerts. It is available in 40 countries at launch.",
        "Brightwater DEX Tops Weekly Volume Again With $3.1 Billion Traded",
    ),
    (
        "veldmark",
        "Veldmark Central Bank Holds Rates Steady For Third Meeting",
        "Veldmark keeps policy rate at 3.25 percent",
        [
            "The Veldmark Central Bank kept its main rate at 3.25 percent on Monday.",
            "It is the third meeting in a row without a change.",
            "Governor Anneke Dahl said wage growth remained firm and the board wanted more inflation data.",
            "Seven of the nine board members voted to hold, while two preferred a cut.",
            "Economists expect the first reduction in the spring if price growth keeps slowing.",
        ],
        "Veldmark Central Bank Names New Deputy Governor",
        "The Veldmark Central Bank has named a new deputy governor. She previously led the bank's financial stability team. Her term begins in February and lasts five years.",
        "Veldmark Central Bank Cuts Rates To 3 Percent",
    ),
    (
        "portalder",
        "Port Alder Council Approves Riverside Tram Extension",
        "Riverside tram line gets the go-ahead from Port Alder councillors",
        [
            "Port Alder council voted to extend the tram line along the riverside to the old docks.",
            "The extension adds 3.2 kilometres and five stops to the existing route.",
            "Construction is due to start next summer and take about two years.",
            "Business leaders said the line would help shops on the waterfront outside the summer months.",
            "Some residents objected to the loss of parking on two streets.",
        ],
        "Port Alder Council Launches Consultation On Bus Lanes",
        "Port Alder council has opened a consultation on new bus lanes in the town centre. Residents have six weeks to respond. The council said the lanes could cut journey times at peak hours.",
        "Port Alder Council Approves Second Tram Extension To Airport",
    ),
    (
        "marlow",
        "Marlow Rollup Cuts Withdrawal Time To One Hour",
        "Marlow shortens exits to mainnet from a week to an hour",
        [
            "Marlow Rollup users can now withdraw to the main chain in about one hour.",
            "Withdrawals previously took seven days because of the rollup's challenge window.",
            "The change comes from a new proof system that checks every batch before it is posted.",
            "Marlow said proving costs had fallen enough to make the switch affordable.",
            "Bridges that offered fast exits for a fee may lose much of their business.",
        ],
        "Marlow Rollup Hires Developer Relations Team",
        "Marlow Rollup has hired four people to help developers build on the network. The team will run workshops and write guides. Marlow said it wanted more games and payment apps on the chain.",
        "Marlow Rollup Cuts Withdrawal Time Again To 15 Minutes",
    ),
    (
        "vesper",
        "Vesper Semiconductor Posts Record Quarter On Server Demand",
        "Server chip sales drive Vesper to best quarter yet",
        [
            "Vesper Semiconductor reported record revenue of $4.8 billion for the third quarter.",
            "Sales of chips for data centre servers rose 62 percent from a year earlier.",
            "Phone chip sales fell slightly as handset makers worked through stock.",
            "Vesper expects revenue of about $5.1 billion in the current quarter.",
            "Shares rose 7 percent in after-hours trading.",
        ],
        "Vesper Semiconductor Opens Design Centre In Krakow",
        "Vesper Semiconductor is opening a chip design centre in Krakow. The site will employ engineers working on networking chips. The company said it chose the city for its universities.",
        "Vesper Semiconductor Posts Record Quarter With $5.6 Billion In Revenue",
    ),
    (
        "saltmarsh",
        "Saltmarsh Wallet Adds Passkey Recovery For Ethereum Users",
        "Lost your seed phrase? Saltmarsh now lets you recover with a passkey",
        [
            "Saltmarsh Wallet now lets Ethereum users recover their accounts with a passkey.",
            "The feature stores a recovery key in the phone's secure hardware instead of a written seed phrase.",
            "Users can still export a seed phrase if they prefer the old method.",
            "Saltmarsh said lost seed phrases were the most common reason people contacted support.",
            "The option is available on phones released in the last four years.",
        ],
        "Saltmarsh Wallet Ends Support For Older Android Versions",
        "Saltmarsh Wallet will stop supporting older Android versions next month. Users on those phones will still be able to export their keys. The company said the change lets it use newer security features.",
        "Saltmarsh Wallet Adds Passkey Recovery For Bitcoin Users",
    ),
    (
        "hazelbrook",
        "Hazelbrook Stablecoin Peg Holds Through Weekend Sell-Off",
        "Hazelbrook dollar token stays near $1 despite heavy selling",
        [
            "Hazelbrook's stablecoin stayed within a cent of its dollar peg during a weekend sell-off.",
            "Holders redeemed about $180 million over two days, the most since launch.",
            "The issuer said its reserves in short-term government bonds covered every redemption.",
            "Trading volume in the token tripled as market makers stepped in.",
            "An independent attestation of the reserves is due next week.",
        ],
        "Hazelbrook Stablecoin Launches On Two New Chains",
        "Hazelbrook's stablecoin is now available on two more blockchains. The issuer said the move would make payments cheaper. Bridged versions of the token will be phased out.",
        "Hazelbrook Stablecoin Peg Holds As Redemptions Reach $400 Million",
    ),
    (
        "lattix",
        "Quantum Startup Lattix Demonstrates Error-Corrected Qubits",
        "Lattix shows logical qubits that outlast their physical parts",
        [
            "Quantum computing startup Lattix says it has kept error-corrected qubits stable for longer than the physical qubits beneath them.",
            "The experiment used 48 physical qubits to build four logical ones.",
            "Researchers described the result in a paper posted online on Tuesday.",
            "Outside experts called it a meaningful step but said practical machines remain years away.",
            "Lattix plans to build a larger device with 200 physical qubits next year.",
        ],
        "Quantum Startup Lattix Partners With National Lab",
        "Lattix has agreed to work with a national laboratory on cooling systems for quantum computers. The deal runs for three years. Neither side disclosed its value.",
        "Quantum Startup Lattix Demonstrates 12 Logical Qubits On Larger Chip",
    ),
    (
        "stillwater",
        "Stillwater Staking Service Lowers Fees For Small Holders",
        "Stillwater cuts staking commission for accounts under 32 ETH",
        [
            "Stillwater, a staking service, has cut its fee for customers staking small amounts.",
            "Accounts holding less than 32 ETH will pay 5 percent of rewards instead of 10 percent.",
            "The company said small holders had moved to rivals with lower fees over the summer.",
            "Larger customers keep their existing rates.",
            "Stillwater runs about 4,000 validators across three cloud providers and its own servers.",
        ],
        "Stillwater Staking Service Publishes Validator Uptime Report",
        "Stillwater has published a report on how often its validators were online last quarter. It said uptime stayed above its target. The report also lists two short outages and their causes.",
        "Stillwater Staking Service Lowers Fees Again To 3 Percent",
    ),
]

TEMPLATE_DAYS = [
    (
        "Bitcoin Price Today: BTC Trades Near ${p}",
        "Bitcoin traded near ${p} on {day}, {d} percent from the previous close. Ether changed hands at ${e}. Trading volume across major exchanges was about ${v} billion over 24 hours. Funding rates on perpetual futures stayed {mood}, and the fear and greed gauge read {g}. Analysts pointed to {why} as the main driver of the session.",
    ),
    (
        "Weekly DeFi Recap: Total Value Locked At ${t} Billion",
        "Total value locked across DeFi protocols stood at ${t} billion at the end of the week, {d} percent from seven days earlier. Lending markets held ${l} billion of that. Exchange volume reached ${v} billion. The biggest mover was {why}, which drew {g} percent more deposits than the week before.",
    ),
]

MOODS = ["positive", "flat", "slightly negative", "neutral", "elevated"]
WHYS = [
    "fund flows",
    "a strong dollar",
    "options expiry",
    "quiet weekend trading",
    "rate comments",
    "miner selling",
    "exchange outflows",
]

SITE_SUFFIXES = [" – Chainwire", " | LedgerLens", " - BlockBeat News", " – Protocol Post"]
T0 = datetime(2026, 11, 2, 8, 0)


def _article(aid: str, title: str, body: list[str] | str, when: datetime, source: str) -> dict:
    text = "\n".join(body) if isinstance(body, list) else body
    return {
        "id": aid,
        "title": title,
        "text": text,
        "published": when.isoformat() + "Z",
        "source": source,
        "url": f"https://{source}.example/news/{aid}",
    }


def _edit(sentences: list[str]) -> list[str]:
    """Copy edits a syndicating desk makes: a word here and there, a sentence merged."""
    swaps = [
        ("said", "says"),
        (" has ", " has now "),
        ("about", "roughly"),
        ("percent", "per cent"),
        (" will ", " is set to "),
        ("The company", "The firm"),
        ("next", "the coming"),
    ]
    out = []
    for n, sentence in enumerate(sentences):
        a, b = swaps[n % len(swaps)]
        out.append(sentence.replace(a, b, 1))
    return out


def build() -> list[dict]:
    pairs: list[dict] = []
    for n, (slug, head, alt, body, other_head, other_body, follow) in enumerate(SEEDS):
        t = T0 + timedelta(days=n % 9, hours=n)
        base = _article(f"{slug}-orig", head, body, t, "wire")
        suffix = SITE_SUFFIXES[n % len(SITE_SUFFIXES)]
        variants = [
            (
                "syndicated-with-edits",
                _article(
                    f"{slug}-synd",
                    head,
                    _edit(body) + ["This article first appeared on a partner site."],
                    t + timedelta(hours=3),
                    "syndic",
                ),
            ),
            (
                "rewritten-headline",
                _article(f"{slug}-rewrite", alt, _edit(body), t + timedelta(hours=5), "rewrite"),
            ),
            (
                "trimmed-body",
                _article(f"{slug}-trim", head, body[:3], t + timedelta(hours=2), "brief"),
            ),
            (
                "site-suffix-extended",
                _article(
                    f"{slug}-suffix",
                    head + suffix,
                    body
                    + [
                        "Our newsroom asked the company for further comment but did not hear back by publication time.",
                        "Readers can find earlier coverage of the project in our archive, along with background on the people involved.",
                    ],
                    t + timedelta(hours=9),
                    "suffixed",
                ),
            ),
            ("headline-only", _article(f"{slug}-short", alt, "", t + timedelta(hours=1), "ticker")),
            (
                "rewritten-and-trimmed",
                _article(
                    f"{slug}-rt",
                    alt,
                    _edit(body[:3]) + [body[4]],
                    t + timedelta(hours=20),
                    "digestly",
                ),
            ),
        ]
        for kind, other in variants:
            pairs.append({"kind": kind, "duplicate": True, "a": base, "b": other})
        negatives = [
            (
                "same-company-other-story",
                _article(f"{slug}-other", other_head, other_body, t + timedelta(hours=6), "wire"),
            ),
            (
                "follow-up-month-later",
                _article(
                    f"{slug}-follow",
                    follow,
                    other_body.split(". ")[0] + ". " + " ".join(_edit(body[1:4])),
                    t + timedelta(days=33),
                    "wire",
                ),
            ),
            (
                "follow-up-in-window",
                _article(
                    f"{slug}-follow2",
                    follow,
                    " ".join(body[1:3]),
                    t + timedelta(hours=30),
                    "rewrite",
                ),
            ),
        ]
        # Added after the first tuning round: headline-only items that must NOT join.
        negatives += [
            (
                "same-company-other-story-headline-only",
                _article(f"{slug}-other-short", other_head, "", t + timedelta(hours=4), "ticker"),
            ),
            (
                "follow-up-headline-only",
                _article(f"{slug}-follow-short", follow, "", t + timedelta(hours=40), "ticker"),
            ),
        ]
        for kind, other in negatives:
            pairs.append({"kind": kind, "duplicate": False, "a": base, "b": other})
    # Template columns on different days: same headline shape, same body shape, new figures.
    for k, (head_t, body_t) in enumerate(TEMPLATE_DAYS):
        days = []
        for d in range(9):
            when = T0 + timedelta(days=d, hours=7 + k)
            vals = {
                "p": f"{61000 + 730 * d + 17 * k:,}",
                "e": f"{2400 + 31 * d:,}",
                "v": f"{38 + 3 * d}",
                "d": f"{(d % 5) + 0.4:.1f}",
                "g": f"{40 + 4 * d}",
                "mood": MOODS[d % len(MOODS)],
                "why": WHYS[d % len(WHYS)],
                "day": when.strftime("%A"),
                "t": f"{88 + 2 * d}.{d}",
                "l": f"{31 + d}.{d + 1}",
            }
            title = head_t.replace("${p}", "$" + vals["p"]).replace("${t}", "$" + vals["t"])
            text = body_t
            for key, value in vals.items():
                text = text.replace("${" + key + "}", "$" + value).replace("{" + key + "}", value)
            days.append(_article(f"template{k}-day{d}", title, text, when, "markets"))
        for d in range(len(days) - 1):
            pairs.append(
                {"kind": "template-next-day", "duplicate": False, "a": days[d], "b": days[d + 1]}
            )
        for d in range(0, len(days) - 2, 2):
            pairs.append(
                {"kind": "template-two-days", "duplicate": False, "a": days[d], "b": days[d + 2]}
            )
    # Different stories, same day, same beat: headlines that share words.
    for n in range(0, len(SEEDS) - 1, 2):
        a, b = SEEDS[n], SEEDS[n + 1]
        t = T0 + timedelta(days=n % 9, hours=n)
        pairs.append(
            {
                "kind": "same-day-other-company",
                "duplicate": False,
                "a": _article(f"{a[0]}-orig", a[1], a[3], t, "wire"),
                "b": _article(f"{b[0]}-orig", b[1], b[3], t + timedelta(hours=1), "wire"),
            }
        )
    return pairs


if __name__ == "__main__":
    out = Path(__file__).with_name("dedupe_pairs.jsonl")
    # Pairs written by hand after the seeds (real-world shapes: wire copies with their own
    # first paragraph, template earnings headlines, a shared home-page address) follow them.
    extra = Path(__file__).with_name("dedupe_pairs_extra.jsonl").read_text(encoding="utf-8")
    rows = build() + [json.loads(line) for line in extra.splitlines() if line.strip()]
    out.write_text(
        "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows),
        encoding="utf-8",
    )
    print(f"wrote {len(rows)} pairs ({sum(r['duplicate'] for r in rows)} duplicates) to {out}")
