"""Real-world article content through the site pages, the feeds and the e-mail newsletter.

Every fixture here is synthetic and written for this file (invented outlets on ``.example``
domains, invented text): Markdown articles, RSS feeds and a scraped dump holding the shapes
real news brings. Very long unbroken words and URLs, a huge image, a wide table and ``<pre>``
block, Arabic, Hebrew and Chinese headlines, emoji, a headline with ``<``, ``&`` and quotes,
a 300-character headline, one story reported by 40 outlets, outbound links that carry
``utm_*``/``fbclid``/``gclid``/``mc_cid``, no author, no date, no summary.

What is checked: outbound links lose their tracking parameters in the pages, the feeds, the
JSON exports and the body (and keep everything else); a story with 40 sources names three
on its card and folds the rest away on its page (real Chromium, 360 px phone); an empty
summary leaves no empty paragraph in RSS; the newsletter's HTML part fits a 360 px screen
with an unbreakable outlet name and follows the reader's dark mode; its plain-text part is
wrapped for reading with every URL whole on its own line; its subject stays short.
"""

from __future__ import annotations

import email
import html
import json
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path

import feedparser
import pytest

from digest.build import BuildOptions, build
from digest.config import load_config
from digest.newsletter import (
    Issue,
    IssueSection,
    IssueStory,
    NewsletterOptions,
    make_subject,
    run_newsletter,
)
from digest.render.links import clean_link, clean_links_in_html

from .conftest import DEMO_NOW, ROOT

NO_CREDENTIALS = {"DIGEST_SMTP_USER": "", "DIGEST_SMTP_PASSWORD": ""}
TRACKING = re.compile(r"utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid")
LONG_WORD = "Antidisestablishmentarianismwise" * 4  # 128 letters, no place to break
LONG_OUTLET = "TheNorthernHarbourAndRiverDistrictEveningChronicleDotExample"
MANY = 40
BRIDGE = "Harbour bridge closes for a week of repairs"
LONG_TITLE = ("Ferry operators along the northern coast warn that " * 6).strip() + " again"


def _md(folder: Path, name: str, front: dict[str, str], body: str) -> None:
    lines = ["---", *(f"{key}: {json.dumps(value, ensure_ascii=False)}"
                      for key, value in front.items()), "---", body, ""]
    (folder / f"{name}.md").write_text("\n".join(lines), encoding="utf-8")


def _rss(folder: Path, name: str, channel: str, home: str, items: list[dict[str, str]]) -> None:
    entries = "".join(
        "<item>"
        f"<title>{html.escape(item['title'])}</title>"
        f"<link>{html.escape(item['link'])}</link>"
        f"<guid isPermaLink=\"false\">{html.escape(item.get('guid', item['link']))}</guid>"
        + (f"<category>{html.escape(item['category'])}</category>" if "category" in item else "")
        + f"<pubDate>{item['date']}</pubDate>"
        f"<description>{html.escape(item['body'])}</description>"
        "</item>"
        for item in items
    )
    (folder / f"{name}.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{html.escape(channel)}</title><link>{home}</link><description>News"
        f"</description>{entries}</channel></rss>",
        encoding="utf-8",
    )


def write_content(root: Path) -> Path:
    """The synthetic content folder (see the module docstring); returns it."""
    content = root / "content"
    articles, feeds, scraped = (content / n for n in ("articles", "feeds", "scraped"))
    for folder in (articles, feeds, scraped):
        folder.mkdir(parents=True)
    long_url = "https://archive.harbor-ledger.example/" + "/".join(["no-break-here"] * 12)
    _md(articles, "council-report", {
        "title": f"Council publishes the {LONG_WORD} report",
        "date": "2026-11-24T08:00:00Z",
        "source": "Harbor Ledger",
        "url": "https://harbor-ledger.example/2026/11/report?utm_source=newsletter"
               "&utm_medium=email&fbclid=IwAR0abc&id=42",
        "summary": f"The council's {LONG_WORD} findings, in full.",
        "author": "R. Quill",
    }, "\n\n".join([
        f"The council published its {LONG_WORD} findings on Tuesday; the full text is at "
        f"{long_url} for anyone who wants it.",
        '<img src="https://img.harbor-ledger.example/huge.jpg" width="4000" height="3000" '
        'alt="The council chamber">',
        "| Year | Q1 | Q2 | Q3 | Q4 | Total | Change | Region | Notes | Source | Reviewed |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|\n"
        "| 2025 | 1,000,000 | 2,000,000 | 3,000,000 | 4,000,000 | 10,000,000 | +12.5% | "
        "Northern district | provisional figures | council register | yes |",
        "```\n$ fetch --header 'Authorization: Bearer " + "a" * 90 + "' " + long_url + "\n```",
        "Read more at [the council site](https://council.example/report?utm_campaign=nov"
        "&gclid=Cj0KCQ&mc_cid=abc123&mc_eid=def&page=2#section-3).",
    ]))
    _md(articles, "fees-arabic", {
        "title": "ارتفاع رسوم الشبكة للأسبوع الثالث على التوالي",
        "date": "2026-11-24T07:00:00Z", "source": "Desert Wire",
        "url": "https://desert-wire.example/ar/1?fbclid=PAZXh0bgNhZW0",
    }, "ارتفعت رسوم المعاملات على الشبكة للأسبوع الثالث على التوالي، وفق بيانات جمعتها الصحيفة.")
    _md(articles, "rates-hebrew", {
        "title": "הבנק המרכזי משאיר את הריבית ללא שינוי",
        "date": "2026-11-24T06:00:00Z", "source": "Coastline Daily",
        "url": "https://coastline.example/he/2",
    }, "הבנק המרכזי הודיע היום כי הריבית תישאר ללא שינוי בחודש הבא, כך נמסר.")
    _md(articles, "hours-chinese", {
        "title": "港口交易所宣布延长交易时间以吸引更多海外投资者参与本地市场的长期发展计划",
        "date": "2026-11-24T05:00:00Z", "source": "Lantern Post",
        "url": "https://lantern.example/zh/3",
    }, "港口交易所周二宣布，将从明年起延长交易时间，以便海外投资者参与。" * 5)
    _md(articles, "rocket-emoji", {
        "title": "🚀 Rocket token soars 300% 🔥🔥 as traders pile in 🐸",
        "date": "2026-11-24T04:00:00Z", "source": "Meme Monitor",
    }, "Traders piled into the rocket token 🚀 on Tuesday, sending it up threefold.")
    _md(articles, "quotes-markup", {
        "title": 'Tide & Co merger: "Why 5 < 6" & the pier\'s <fallout>',
        "date": "2026-11-24T03:00:00Z", "source": "Quote & Co",
        "url": "https://quote-co.example/a?x=1&y=2",
    }, 'A story with ampersands & angle brackets < > and "quotes" in its text.')
    _md(articles, "long-title", {
        "title": LONG_TITLE, "date": "2026-11-24T02:00:00Z", "source": "Verbose Times",
    }, "Ferry operators said the warning stands for the whole winter season this year.")
    # no author, no date, no summary, no body: a headline-only note
    _md(articles, "bare", {"title": "Tram depot opens its doors on Saturday",
                           "source": "Plain Gazette"}, "")
    for n in range(MANY):
        _rss(feeds, f"outlet{n:02d}", f"Outlet {n:02d} Wire", f"https://outlet{n:02d}.example/", [{
            "title": BRIDGE,
            "link": f"https://outlet{n:02d}.example/bridge?utm_source=rss&utm_medium=feed"
                    f"&fbclid=XYZ{n}",
            "guid": f"outlet{n:02d}-bridge",
            "date": f"Tue, 24 Nov 2026 09:{n:02d}:00 +0000",
            "body": "<p>The harbour bridge will close for a week from Monday while crews "
                    "replace worn expansion joints, the port authority said on Tuesday, "
                    "adding that ferries will run every ten minutes.</p>",
        }])
    _rss(feeds, "long-outlet", LONG_OUTLET, "https://chronicle.example/", [{
        "title": f"Read the {LONG_WORD} guide before markets open",
        "link": "https://chronicle.example/guide?mc_cid=1a2b&mc_eid=3c4d&ref=home",
        "guid": "chronicle-guide",
        "date": "Tue, 24 Nov 2026 10:30:00 +0000",
        "body": f"<p>A guide with a link: <a href=\"https://docs.chronicle.example/{'x' * 120}"
                "?utm_term=a&amp;gclid=zz&amp;lang=en\">the full guide</a>.</p>"
                f"<blockquote><pre>{'y' * 300}</pre></blockquote>",
    }])
    (scraped / "listing.txt").write_text(
        "Markets\n"
        f"Exchange lists the {LONG_WORD} token – Dump News\n"
        "The exchange listed the token on Tuesday after a short review.\n"
        "Traders were cautious as the listing went live across several venues this week.\n",
        encoding="utf-8",
    )
    return content


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_content(tmp_path_factory.mktemp("realworld"))


@pytest.fixture(scope="module")
def site(content: Path) -> Path:
    work = content.parent
    report = build(load_config(ROOT / "digest.toml"),
                   BuildOptions(content_dir=content, output_dir=work / "site",
                                state_path=work / "state.sqlite", now=DEMO_NOW))
    assert report.problems == []
    return (work / "site").resolve()


@pytest.fixture(scope="module")
def stories(site: Path) -> list[dict]:
    return json.loads((site / "stories.json").read_text(encoding="utf-8"))


def _page(site: Path, stories: list[dict], title: str) -> Path:
    [story] = [s for s in stories if s["title"] == title]
    return site / story["page"].split("/digest/", 1)[1] / "index.html"


# ---------------------------------------------------------------- tracking parameters


def test_clean_link_drops_only_what_canonical_url_calls_tracking() -> None:
    url = ("https://Shop.example/a/b/?utm_source=x&id=7&fbclid=1&gclid=2&mc_cid=3&Page=2"
           "&utm_medium=y#part-2")
    # the rest is kept as written: host case, trailing slash, order, fragment
    assert clean_link(url) == "https://Shop.example/a/b/?id=7&Page=2#part-2"
    assert clean_link("https://a.example/x?utm_source=feed") == "https://a.example/x"
    assert clean_link("https://a.example/x?utm_source=feed#c") == "https://a.example/x#c"
    assert clean_link("https://a.example/x?campaign=7", ["campaign"]) == "https://a.example/x"
    assert clean_link("https://a.example/x?q=a+b&n=%2F") == "https://a.example/x?q=a+b&n=%2F"
    assert clean_link("mailto:desk@a.example?subject=utm_source") == (
        "mailto:desk@a.example?subject=utm_source")
    assert clean_link(None) is None
    body = ('<p><a href="https://a.example/x?utm_source=s&amp;id=1" rel="noopener">a</a> and '
            '<a href="https://b.example/?fbclid=z">b</a></p>')
    assert clean_links_in_html(body) == (
        '<p><a href="https://a.example/x?id=1" rel="noopener">a</a> and '
        '<a href="https://b.example/">b</a></p>')


def test_outbound_links_carry_no_tracking_parameters(site: Path, stories: list[dict]) -> None:
    """Pages, RSS, Atom, JSON Feed and stories.json: not one utm_*/fbclid/gclid/mc_cid in
    any link (the fixture's text holds none), and the link's own parameters are kept."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            for match in TRACKING.finditer(path.read_text(encoding="utf-8")):
                found.append((path.relative_to(site).as_posix(), match[0]))
    assert found == []
    by_title = {s["title"]: s for s in stories}
    council = by_title[f"Council publishes the {LONG_WORD} report"]
    assert council["url"] == "https://harbor-ledger.example/2026/11/report?id=42"
    page = _page(site, stories, council["title"]).read_text(encoding="utf-8")
    assert 'href="https://council.example/report?page=2#section-3"' in page
    assert 'href="https://harbor-ledger.example/2026/11/report?id=42"' in page
    bridge = by_title[BRIDGE]
    assert len(bridge["sources"]) == MANY
    assert {s["url"] for s in bridge["sources"]} == {
        f"https://outlet{n:02d}.example/bridge" for n in range(MANY)}
    assert by_title[f"Read the {LONG_WORD} guide before markets open"]["url"] == (
        "https://chronicle.example/guide")  # "ref" is on canonical_url's list too
    feed = feedparser.parse((site / "atom.xml").read_bytes())
    related = [link.href for e in feed.entries for link in e.links if link.rel == "related"]
    assert "https://desert-wire.example/ar/1" in related


# ---------------------------------------------------------------- many sources


def test_a_card_names_three_of_forty_outlets(site: Path) -> None:
    text = (site / "index.html").read_text(encoding="utf-8")
    [card] = [c for c in text.split('<article class="card">') if BRIDGE in c]
    meta = card.split('<p class="meta">', 1)[1].split("</p>", 1)[0]
    assert f"{MANY} sources" in meta
    assert "Outlet 00 Wire, Outlet 01 Wire, Outlet 02 Wire and 37 more" in meta
    assert "Outlet 03 Wire" not in meta


def test_feed_item_without_summary_has_no_empty_paragraph(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    [entry] = [e for e in feed.entries if e.title == "Tram depot opens its doors on Saturday"]
    assert "<p></p>" not in entry.description
    assert entry.description.startswith("<p>Source: ")


# ---------------------------------------------------------------- in a real browser


def _overflow(page) -> float:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_forty_sources_fold_away_on_a_phone(
    browser, site: Path, stories: list[dict], scheme: str
) -> None:
    """At 360 px the story page of 40 outlets does not scroll sideways, its source box fits
    in one screen, and every outlet is one tap away (<details>, no script needed)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme,
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(_page(site, stories, BRIDGE).as_uri())
    assert _overflow(page) <= 0
    box = page.evaluate("document.querySelector('aside.sources').getBoundingClientRect().height")
    assert box < 740, f"the source list is {box}px tall"
    visible = page.locator("aside.sources a:visible").count()
    assert 0 < visible <= 10
    for summary in page.locator("aside.sources details > summary").all():
        summary.click()
    names = page.locator("aside.sources ul a:visible").all_inner_texts()
    assert sorted(names) == [f"Outlet {n:02d} Wire" for n in range(1, MANY)]
    assert page.locator("ol.reports a:visible").count() == MANY
    context.close()


# ---------------------------------------------------------------- the newsletter


@pytest.fixture(scope="module")
def message(content: Path) -> EmailMessage:
    base = content.parent / "mail"
    base.mkdir()
    (base / "digest.toml").write_text(
        "\n".join([
            "[site]", 'title = "Harbour Digest"', 'base_url = "https://news.example.org/"',
            "[paths]", f"content = {json.dumps(str(content))}", 'state = "state.sqlite"',
            'output = "site"',
            "[newsletter]", 'from = "Harbour Digest <digest@example.org>"',
            'list_id = "news.example.org"',
            'unsubscribe_url = "https://news.example.org/unsubscribe?email={email}"',
            "max_stories_per_topic = 20", "",
        ]),
        encoding="utf-8",
    )
    result = run_newsletter(load_config(base / "digest.toml"),
                            NewsletterOptions(now=DEMO_NOW, days=3), env=NO_CREDENTIALS)
    assert result.eml is not None
    parsed = email.message_from_bytes(result.eml.read_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _part(message: EmailMessage, kind: str) -> str:
    body = message.get_body((kind,))
    assert body is not None
    return body.get_content()


def test_plain_text_part_is_wrapped_with_every_url_whole(message: EmailMessage) -> None:
    text = _part(message, "plain")
    assert LONG_TITLE.split()[0] in text and BRIDGE in text
    urls = re.findall(r"https?://\S+", text)
    assert len(urls) > 10
    for line in text.splitlines():
        words = line.split()
        columns = sum(2 if ord(c) > 0x2E80 else 1 for c in line)
        # a line is short, or it is one word (a URL, an unbreakable word) alone
        assert columns <= 78 or len(words) == 1, line
    stories = [url for url in urls if "/story/" in url]
    assert len(stories) >= 10
    for url in stories:  # each story's link stands alone on its line, whole
        assert any(line.strip() == url for line in text.splitlines()), url
    # the 300-character headline reads as a paragraph of lines under its bullet
    start = text.index("* " + LONG_TITLE[:30])
    block = text[start:].split("\n")[:6]
    assert all(line.startswith("  ") for line in block[1:5])
    assert " ".join(w for line in block for w in line.split()).startswith("* " + LONG_TITLE)


def test_subject_keeps_a_long_headline_short(message: EmailMessage) -> None:
    """The subject names the top headline, cut at a word to a length mail apps show."""
    assert str(message["Subject"]).startswith("Harbour Digest #1: ")
    story = IssueStory(id="s1", title=LONG_TITLE, path="story/s1/",
                       page_url="https://news.example.org/story/s1/", url=None,
                       source="Verbose Times", others=0, summary="", published=DEMO_NOW,
                       topic="other")
    issue = Issue(number=3, date=DEMO_NOW, since=None, title="Harbour Digest",
                  site_url="https://news.example.org/",
                  sections=(IssueSection("other", "Other news", (story,)),))
    subject = make_subject("{title} #{number}: {top_headline}", issue)
    assert len(LONG_TITLE) > 300
    assert len(subject) <= 120, subject
    assert subject.startswith("Harbour Digest #3: " + LONG_TITLE[:60])
    assert subject.endswith("…") and not subject.endswith(" …")


def test_the_subject_names_the_issues_most_widely_reported_story() -> None:
    """Not the first story of the first topic (a single-source item when that topic had a
    quiet week) but the story most sources report; of equals, the first in the issue."""
    def story(sid: str, title: str, others: int, topic: str) -> IssueStory:
        return IssueStory(id=sid, title=title, path=f"story/{sid}/",
                          page_url=f"https://news.example.org/story/{sid}/", url=None,
                          source="Desk", others=others, summary="", published=DEMO_NOW,
                          topic=topic)

    issue = Issue(number=4, date=DEMO_NOW, since=None, title="Harbour Digest",
                  site_url="https://news.example.org/", sections=(
                      IssueSection("defi", "DeFi", (story("a", "Quiet peg wobble", 0, "defi"),)),
                      IssueSection("technology", "Technology", (
                          story("b", "Chipmaker unveils accelerator", 2, "technology"),
                          story("c", "Cloud region goes dark", 2, "technology"))),
                  ))
    subject = make_subject("{title} #{number}: {top_headline}", issue)
    assert subject == "Harbour Digest #4: Chipmaker unveils accelerator"
    lone = Issue(number=5, date=DEMO_NOW, since=None, title="Harbour Digest",
                 site_url="https://news.example.org/", sections=(IssueSection(
                     "defi", "DeFi", (story("a", "Quiet peg wobble", 0, "defi"),
                                      story("d", "Vault fees fall", 0, "defi"))),))
    assert lone.top_headline == "Quiet peg wobble"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_newsletter_html_fits_a_phone_and_follows_dark_mode(
    browser, message: EmailMessage, scheme: str
) -> None:
    """An outlet name of 60 letters and words of 128 do not widen the mail past a 360 px
    screen; in dark mode the mail is dark with readable text; nothing is fetched."""
    markup = _part(message, "html")
    assert "<link" not in markup and "@import" not in markup
    assert LONG_OUTLET in markup
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_content(markup, wait_until="load")
    assert _overflow(page) <= 0
    assert page.evaluate(
        "document.querySelector('table.container').getBoundingClientRect().width") == 360
    colours = page.evaluate(
        """() => {
          const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
            return (x + 0.05) / (y + 0.05); };
          const bg = getComputedStyle(document.querySelector('table.container')).backgroundColor;
          const pick = sel => [...document.querySelectorAll(sel)].map(
            e => ratio(getComputedStyle(e).color, bg));
          return {bg: lum(bg), headline: pick('a.headline'), summary: pick('p.summary'),
                  source: pick('p.source'), link: pick('p.read a')};
        }"""
    )
    if scheme == "dark":
        assert colours["bg"] < 0.05, "the mail stays light in dark mode"
    else:
        assert colours["bg"] > 0.9
    assert min(colours["headline"] + colours["summary"] + colours["link"]) >= 4.5, colours
    assert min(colours["source"]) >= 4.5, colours
    assert [u for u in requests if not u.startswith(("about:", "data:"))] == []
    context.close()


# ---------------------------------------------------------------- one sentence, said once


def _one_item_view(body: str, summary: str = "", brief: tuple[str, ...] = ()):
    """The view of a story of one feed item (``body``: its HTML), cleaned as a build does."""
    from digest.cache import prepare_plain
    from digest.model import Article, Story
    from digest.render.context import story_view

    config = load_config(ROOT / "digest.toml")
    raw = Article(id="a1", origin="feed", location="feed.xml", title="Harbour pier reopens",
                  source_name="Pier Desk", url="https://pier.example/1", summary=summary,
                  body_html=body, published=DEMO_NOW)
    [article], _notices = prepare_plain([raw], config.limits, None)
    story = Story(id="s1", slug="harbour-pier", primary=article, others=(),
                  first_seen=DEMO_NOW, published=DEMO_NOW, brief=brief)
    return story_view(story, config, {"other": "Other"})


def test_the_standfirst_is_left_out_when_the_body_opens_with_it() -> None:
    """A feed item with no summary of its own gets one cut from its first paragraph: the
    page prints that paragraph once, in the body. A long one is cut with "…" (or the feed's
    own "..."), and the body's spacing may differ: still the same words."""
    short = _one_item_view("<p>The pier reopens on Monday after a month of repairs.</p>"
                           "<p>Ferries keep their winter timetable.</p>")
    assert short.summary and short.standfirst == ""
    long_text = "The pier reopens on Monday after a month of repairs, " * 8 + "said the port."
    cut = _one_item_view(f"<p>{long_text}</p>")
    assert cut.summary.endswith("…") and cut.standfirst == ""
    spaced = _one_item_view("<p>The pier   reopens\n on Monday after a month of repairs.</p>",
                            summary="The pier reopens on Monday after...")
    assert spaced.standfirst == ""
    # a summary of its own, or one that is not how the body opens, stays
    own = _one_item_view("<p>Crews worked through the night to finish the decking.</p>",
                         summary="The pier reopens on Monday.")
    assert own.standfirst == "The pier reopens on Monday."
    later = _one_item_view("<p>Crews worked through the night.</p><p>The pier reopens.</p>",
                           summary="The pier reopens.")
    assert later.standfirst == "The pier reopens."


def test_the_brief_is_left_out_when_the_opening_paragraphs_say_it_all() -> None:
    body = ("<p>The pier reopens on Monday after a month of repairs. Ferries keep their "
            "winter timetable until March.</p><p>The council paid for the work.</p>"
            "<p>Divers checked the piles.</p><p>A cafe opens on the pier in spring.</p>")
    inside = ("The pier reopens on Monday after a month of repairs.",
              "Ferries keep their  winter timetable until March.")
    assert _one_item_view(body, brief=inside).page_brief == ()
    # the first sentences of the first three paragraphs (the brief of a story whose other
    # sources are an aggregator's headlines) are what the page prints right below
    leads = (inside[0], "The council paid for the work.", "Divers checked the piles.")
    assert _one_item_view(body, brief=leads).page_brief == ()
    further = (inside[0], "A cafe opens on the pier in spring.")
    assert _one_item_view(body, brief=further).page_brief == further
    elsewhere = (inside[0], "Another outlet adds that the ferry company agreed.")
    assert _one_item_view(body, brief=elsewhere).page_brief == elsewhere
    # the brief itself is kept whole: the newsletter and stories.json print it alone
    assert _one_item_view(body, brief=inside).brief == inside


def test_a_story_page_says_its_only_sentence_once(site: Path, stories: list[dict]) -> None:
    """Forty outlets, one sentence each and no summary: the page printed it three times
    (standfirst, "In brief", body). Now once, in the body; the card still shows it."""
    sentence = ("The harbour bridge will close for a week from Monday while crews replace "
                "worn expansion joints, the port authority said on Tuesday, adding that "
                "ferries will run every ten minutes.")
    [bridge] = [s for s in stories if s["title"] == BRIDGE]
    assert bridge["brief"] == [sentence] and bridge["summary"] == sentence
    page = _page(site, stories, BRIDGE).read_text(encoding="utf-8")
    article = page.split('<article class="story">', 1)[1].split("</article>", 1)[0]
    assert article.count(sentence) == 1
    assert 'class="standfirst"' not in article and 'class="brief"' not in article
    body = article.split('<div class="body"', 1)[1]
    assert sentence in body.split("</div>", 1)[0]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<p class="summary" dir="auto">{sentence}</p>' in home
    # a scraped dump's standfirst is its own line, not the body's: it stays
    [listing] = [s for s in stories if s["title"].startswith("Exchange lists the")]
    text = _page(site, stories, listing["title"]).read_text(encoding="utf-8")
    assert '<p class="standfirst" dir="auto">The exchange listed the token' in text


# ---------------------------------------------------------------- one page read twice


def test_an_outlets_page_read_twice_is_one_source_not_also_reported_by_itself(
    tmp_path: Path,
) -> None:
    """The outlet's feed item and a scraped dump of the same page (its mobile address, with
    a tracking tag) are one story; the page said "Also reported by Wren Desk" under "Read
    the original at Wren Desk", and listed the outlet twice in the reports."""
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "scraped").mkdir()
    text = ("Harbour Lab shipped its first quiet engine on Friday, after three years of work "
            "on the design.\n\nThe company said the engine runs at half the noise of the old "
            "model and will sell from March.")
    _md(content / "articles", "wren", {
        "title": "Harbour Lab Ships Its First Quiet Engine", "date": "2026-11-20T08:00:00Z",
        "source": "Wren Desk", "url": "https://www.wren.example/news/harbour-lab-engine",
    }, text)
    (content / "scraped" / "wren-copy.txt").write_text(
        "Harbour Lab Ships Its First Quiet Engine\n\n" + text + "\n", encoding="utf-8")
    (content / "scraped" / "wren-copy.meta.toml").write_text(
        'url = "https://m.wren.example/news/harbour-lab-engine?utm_source=share"\n'
        'published = "2026-11-20T09:00:00+00:00"\nsource = "Wren Desk"\n', encoding="utf-8")
    _md(content / "articles", "quay", {
        "title": "Harbour Lab ships a quieter engine", "date": "2026-11-20T10:00:00Z",
        "source": "Quay Post", "url": "https://quay.example/harbour-lab-quiet-engine",
    }, text.replace("on Friday", "on Friday morning"))
    build(load_config(ROOT / "digest.toml"),
          BuildOptions(content_dir=content, output_dir=tmp_path / "site",
                       state_path=tmp_path / "state.sqlite", now=DEMO_NOW))
    [story] = json.loads((tmp_path / "site" / "stories.json").read_text(encoding="utf-8"))
    [html_path] = list((tmp_path / "site" / "story").rglob("index.html"))
    text_of = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html_path.read_text("utf-8")))
    also = text_of.split("Also reported by", 1)[1].split("In the order", 1)[0]
    assert "Quay Post" in also and "Wren Desk" not in also, also
    reports = text_of.split("In the order they reported it", 1)[1].split("Filed under", 1)[0]
    assert reports.count("Wren Desk") == 1 and reports.count("Quay Post") == 1, reports
    assert story["title"] == "Harbour Lab Ships Its First Quiet Engine"
