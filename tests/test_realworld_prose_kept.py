# ruff: noqa: E501  (a sentence a line)
"""A story's sentences that share their words with page furniture, and the furniture
itself, side by side in a feed item, a scraped dump and a saved page.

Each furniture rule once matched prose of the crypto and tech beat: "Copyright 2026 rules
were debated in parliament." (the copyright line), "The regulator said the site uses
cookies to track users without asking." (the cookie banner), "A newsletter delivered to
40,000 inboxes promoted the token, the complaint says." (the newsletter box), "Photos by
the hacker were posted on Telegram." (the image credit), "Users must sign in to unlock
the vault before withdrawing." (the paywall), ... Each rule now demands what furniture has
and prose lacks: the owner's name after a copyright's year, the site saying it uses
cookies or the reader addressed, a name after "Photo by", the article as what a paywall
unlocks; and a line that says who said it (", the regulator said.", "according to") is a
story's sentence, which furniture never is. The furniture beside each still goes.

Then the datelines of saved pages and dumps in two forms the dates module reads and the
cleaner's dateline did not: a Japanese era's year ("令和8年11月20日", "平成元年1月8日")
and a Hungarian date, year first with a month name ("2026. november 20.", "2026. nov. 20.
14:30").

Every text is written for this file (an invented network, invented outlets, ``.example``
addresses)."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest

from digest.clean import clean_with_report
from digest.ingest.feeds import parse_feed_bytes
from digest.ingest.html import parse_page_text
from digest.ingest.scraped import parse_dump_text

TITLE = "Kestrel Cuts Bridge Fees"
SITE = "Quay Post"
P = [
    "The Kestrel network opened a cheaper bridge between two chains on Monday.",
    "According to the team, the cost per transfer will fall by a third.",
    "Two exchanges plan to connect the new bridge later this week.",
    "Analysts expect volumes on the bridge to double by the end of the month.",
]

# (the rule that ate it, the sentence): each was dropped as that rule's furniture before
PROSE = [
    ("copyright", "Copyright 2026 rules were debated in parliament."),
    ("copyright", "Copyright 2026 reform stalled in Brussels."),
    ("copyright", "This material may not be published without the court's consent, the judge warned the parties."),
    ("copyright", "This content must not be copied into training sets, the lawsuit argues, according to the complaint."),
    ("cookie-banner", "The regulator said the site uses cookies to track users without asking."),
    ("cookie-banner", "The exchange uses cookies to keep traders logged in, a spokesperson said."),
    ("cookie-banner", "The watchdog found that the wallet app uses cookies from three ad networks."),
    ("cookie-banner", "Investigators said the exchange failed to accept cookies from its own login service."),
    ("cookie-banner", "The court ruled that the platform's cookie policy broke the law."),
    ("cookie-banner", "Regulators questioned the use of cookies by crypto lenders in their report on Tuesday."),
    ("cookie-banner", "The bank said it would not accept all cookies from third parties on its portal."),
    ("newsletter", "The exchange's newsletter told subscribers to sign up for the token sale before Friday."),
    ("newsletter", "A newsletter delivered to 40,000 inboxes promoted the token, the complaint says."),
    ("newsletter", "Subscribe to the newsletter and you will get a free NFT, the scam promised investors."),
    ("newsletter", "Get the token in your inbox, the phishing email promised, police said."),
    ("follow-us", "Follow us on X, the hackers wrote, before deleting the account."),
    ("follow-us", "Join our Telegram channel, the scammers wrote to victims, police said."),
    ("tags", "Tags: the exchange added new warning labels to 40 risky tokens"),
    ("author-bio", "Ann Example has been a contributor to the project since 2019 and writes most of its documentation."),
    ("image-credit", "Photos by the hacker were posted on Telegram."),
    ("image-credit", "Video by the attacker shows the exploit in progress."),
    ("image-credit", "Credit: the lender had extended credit to three funds."),
    ("image-credit", "Pictures via Telegram showed the seized servers."),
    ("paywall", "Users must register to read the full whitepaper, the project said."),
    ("paywall", "Users must sign in to unlock the vault before withdrawing."),
    ("paywall", "This content is only available to members of the DAO, the foundation said, and voting starts Monday."),
    ("paywall", "Get full access to your wallet again by resetting your password, the support page says."),
    ("disclaimer", "We earn a commission on every trade and on every withdrawal."),
    ("disclaimer", "We earn a commission on every trade, the exchange's chief executive said in an interview."),
    ("disclaimer", "The information is provided for informational purposes only, the foundation wrote in its filing with the court."),
    ("disclaimer", "This review contains affiliate links, the FTC found, but the site did not disclose them."),
    ("legal-notice", "The release of the audit was delayed over forward-looking statements about yields."),
    ("legal-notice", "The release of the report was delayed because it includes forward-looking statements about token prices, the SEC said."),
]

# (rule, line): furniture of the same rules, still dropped by them
FURNITURE = [
    ("copyright", "Copyright 2026 Quay Post"),
    ("copyright", "© 2026 Quay Post. All rights reserved."),
    ("copyright", "Copyright © 2026 Quay Post Media Ltd. All rights reserved."),
    ("copyright", "Copyright 2026 by Quay Post Media"),
    ("copyright", "Copyright (c) 2026 Quay Post"),
    ("copyright", "This material may not be published, broadcast, rewritten or redistributed."),
    ("cookie-banner", "We use cookies to improve your experience. By continuing, you agree to our cookie policy."),
    ("cookie-banner", "This website uses cookies."),
    ("cookie-banner", "We use cookies to personalise content and ads, to provide social media features and to analyse our traffic."),
    ("cookie-banner", "By continuing to browse, you agree to our use of cookies."),
    ("cookie-banner", "Accept all cookies"),
    ("cookie-banner", "Cookie settings"),
    ("cookie-banner", "Manage consent"),
    ("newsletter", "Get our free newsletter delivered to your inbox every morning."),
    ("subscribe", "Sign up for the Quay Post newsletter"),
    ("follow-us", "Follow us on X, Telegram and LinkedIn"),
    ("follow-us", "Join our Telegram channel for the latest news"),
    ("tags", "Tags: Bitcoin, DeFi, Ethereum ETF"),
    ("author-bio", "Jane Roe is a staff reporter at Quay Post. She covers DeFi and is based in London."),
    ("author-bio", "Ann Example has been a contributor to Quay Post since 2019 and writes about stablecoins."),
    ("image-credit", "Photo by Ann Example on Unsplash"),
    ("image-credit", "Photo courtesy of the Kestrel Foundation"),
    ("image-credit", "Credit: Kestrel Foundation"),
    ("paywall", "Subscribe to continue reading"),
    ("paywall", "Please sign in to read the full article"),
    ("paywall", "This article is for subscribers only"),
    ("disclaimer", "We may earn a commission when you buy through links on our site."),
    ("legal-notice", "This press release contains forward-looking statements about the merger."),
]


def _feed(line: str):
    blocks = [P[0], P[1], P[2], line, P[3]]
    content = "".join(f"<p>{html.escape(text)}</p>" for text in blocks)
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{SITE}</title><link>https://quay.example/</link><description>d</description>"
        f"<item><title>{TITLE}</title><link>https://quay.example/a</link>"
        "<pubDate>Wed, 25 Nov 2026 14:05:00 +0000</pubDate>"
        f"<description><![CDATA[{P[0]}]]></description>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>"
    ).encode()
    [item] = parse_feed_bytes(rss, "feed.xml")
    article, report = clean_with_report(item)
    return list(article.paragraphs), report


def _dump(line: str):
    lines = ["Markets", f"{TITLE} – {SITE}", "A cheaper bridge for two chains.", *P[:3], line, P[3]]
    article, report = clean_with_report(parse_dump_text("\n".join(lines) + "\n", "quay/bridge.txt"))
    return list(article.paragraphs) + list(article.headings), report


def _page(line: str):
    body = f"<h1>{TITLE}</h1>" + "".join(
        f"<p>{html.escape(text)}</p>" for text in [*P[:3], line, P[3]])
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{TITLE} | {SITE}</title><meta property='og:site_name' content='{SITE}'>"
        f"</head><body><main><article>{body}</article></main></body></html>")
    article, report = clean_with_report(parse_page_text(page, "bridge.html"))
    return list(article.paragraphs), report


WAYS = {"feed": _feed, "dump": _dump, "page": _page}


@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize(("rule", "line"), PROSE, ids=[f"{r}:{t[:40]}" for r, t in PROSE])
def test_a_sentence_that_shares_a_furniture_rules_words_is_kept(rule: str, line: str, way: str) -> None:
    kept, report = WAYS[way](line)
    assert line in kept, (rule, report.dropped)
    assert P[3] in kept  # nothing after it went with it (a legal notice's section)
    assert not [d for d in report.dropped if d[0] == line]


@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize(("rule", "line"), FURNITURE, ids=[f"{r}:{t[:40]}" for r, t in FURNITURE])
def test_the_furniture_beside_it_still_goes(rule: str, line: str, way: str) -> None:
    kept, report = WAYS[way](line)
    assert line not in kept
    assert all(p in kept for p in P[1:3])
    if way == "dump" and rule == "disclaimer":
        return  # a dump keeps a disclaimer as its editorial note
    assert (line, rule) in report.dropped


# ---------------------------------------------------------------- datelines


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


JA = ["クロスチェーンブリッジの手数料を三分の一に引き下げると、Kestrelネットワークが発表した。",
      "二つの取引所が今週中に新しいブリッジに接続する予定だ。"]
HU = ["A Kestrel hálózat hétfőn olcsóbb hidat nyitott két blokklánc között.",
      "A csapat szerint egy átutalás költsége a harmadával csökken."]

# (dateline, the paragraphs beside it, published, updated)
DATELINES = [
    ("令和8年11月20日", JA, at(2026, 11, 20), None),
    ("公開日：令和8年11月20日 14:30", JA, at(2026, 11, 20, 14, 30), None),
    ("平成元年1月8日", JA, at(1989, 1, 8), None),
    ("投稿日 令和8年11月20日（金）", JA, at(2026, 11, 20), None),
    ("2026. november 20.", HU, at(2026, 11, 20), None),
    ("2026. nov. 20. 14:30", HU, at(2026, 11, 20, 14, 30), None),
    ("Publikálva: 2026. november 20., péntek 9:15", HU, at(2026, 11, 20, 9, 15), None),
    ("Frissítve: 2026. nov. 21. 8:05", HU, None, at(2026, 11, 21, 8, 5)),
]


@pytest.mark.parametrize(("line", "text", "published", "updated"), DATELINES,
                         ids=[d[0] for d in DATELINES])
def test_a_dumps_dateline_with_an_era_year_or_year_first_month_name_dates_it(
        line: str, text: list[str], published: datetime | None, updated: datetime | None) -> None:
    dump = "\n".join(["Markets", f"{TITLE} – {SITE}", line, *text]) + "\n"
    article, report = clean_with_report(parse_dump_text(dump, "quay/dated.txt"))
    assert (line, "dateline") in report.dropped
    assert article.published == published
    assert article.updated == updated
    assert line not in article.paragraphs and article.paragraphs == (text[1],)


@pytest.mark.parametrize(("line", "text", "published", "updated"), DATELINES,
                         ids=[d[0] for d in DATELINES])
def test_a_saved_pages_dateline_with_an_era_year_or_year_first_month_name_dates_it(
        line: str, text: list[str], published: datetime | None, updated: datetime | None) -> None:
    body = f"<h1>{TITLE}</h1><p>{line}</p>" + "".join(f"<p>{t}</p>" for t in text)
    page = ("<!doctype html><html><head><meta charset='utf-8'>"
            f"<title>{TITLE}</title></head><body><main><article>{body}</article></main>"
            "</body></html>")
    article, report = clean_with_report(parse_page_text(page, "dated.html"))
    assert (line, "dateline") in report.dropped
    assert article.published == published
    assert article.updated == updated
    assert list(article.paragraphs) == text


@pytest.mark.parametrize("line", [
    "令和8年11月20日、取引所は取引を一時停止した。",
    "2026. november 20-án a tőzsde leállította a kereskedést.",
])
def test_a_sentence_that_opens_with_such_a_date_stays(line: str) -> None:
    dump = "\n".join(["Markets", f"{TITLE} – {SITE}", "Standfirst.", "First paragraph here.", line]) + "\n"
    article, _report = clean_with_report(parse_dump_text(dump, "quay/dated.txt"))
    assert line in article.paragraphs
    assert article.published is None
