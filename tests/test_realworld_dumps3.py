"""Scraped dumps, real-world shapes, round 5: tag lines, datelines and scripts' headers.

A page's tag list comes through a copy as a line of its own, under the byline or at the end
("Tags: DeFi, Ethereum, Layer 2", "Filed under: ...", "#defi #ethereum"): it fills the
article's tags (which the topics stage reads as labels) and leaves the text. Datelines come
in the forms the clean stage could not read (a Japanese era's short form "R8.11.20", the
German "20.11.2026, 14:30 Uhr", "20 Nov 2026 | 14:30 UTC", "Published: ... / Updated: ...").
Scraping scripts write a header of "Key: value" lines (or a YAML-like block between "---"
lines) above the text: its fields fill the article and its other keys are not prose. Every
text here was written for these tests; outlets, people and domains are invented.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.clean import clean_article
from digest.config import DEFAULT_TOPICS
from digest.ingest.dates import day_first_dotted_date, loose_date, whole_date, year_first_date
from digest.ingest.scraped import parse_dump_file, parse_dump_text
from digest.model import Article
from digest.topics import assign

HEAD = "Markets\nHarbour Port Authority Approves New Berth Fees \u2013 Quay Ledger\n"
LEAD = "The port authority voted on Monday to raise berth fees for container ships."
SECOND = "The vote passed seven to two after a long session in which shipping lines argued."
BODY = f"{LEAD}\n{SECOND}\n"
WIDGET = "-\nTechnology1 week agoPellham Labs Ships A Faster Compiler \u2013 Quay Ledger\n"


def at(day: int, hour: int = 0, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _clean(text: str) -> Article:
    return clean_article(parse_dump_text(text, "dump.txt"))


def _text_of(article: Article) -> str:
    return "\n".join((article.title, article.summary, *article.paragraphs, article.body_html))


# ---------------------------------------------------------------- tag lines

TAG_LINES = [
    ("Tags: DeFi, Ethereum, Layer 2", ("DeFi", "Ethereum", "Layer 2")),
    ("Tagged: DeFi, Ethereum", ("DeFi", "Ethereum")),
    ("Topics: DeFi | Ethereum | Layer 2", ("DeFi", "Ethereum", "Layer 2")),
    ("Filed under: Ports; Shipping", ("Ports", "Shipping")),
    ("Categories: Ports \u00b7 Shipping", ("Ports", "Shipping")),
    ("Keywords: berth fees, dredging", ("berth fees", "dredging")),
    ("#defi #ethereum #layer2", ("defi", "ethereum", "layer2")),
    ("Tags: #defi #ethereum", ("defi", "ethereum")),
    ("Schlagw\u00f6rter: Hafen, Geb\u00fchren", ("Hafen", "Geb\u00fchren")),
    ("Etiquetas: puertos, tasas", ("puertos", "tasas")),
    ("Mots-cl\u00e9s : ports, redevances", ("ports", "redevances")),
    ("\u0422\u0435\u0433\u0438: \u043f\u043e\u0440\u0442\u044b, \u0441\u0431\u043e\u0440\u044b",
     ("\u043f\u043e\u0440\u0442\u044b", "\u0441\u0431\u043e\u0440\u044b")),
    ("\u30bf\u30b0\uff1a\u6e2f\u6e7e\u3001\u4f7f\u7528\u6599",
     ("\u6e2f\u6e7e", "\u4f7f\u7528\u6599")),
    ("U.S., Web 3.0, Node.js", None),  # no label: not a tag line
]


@pytest.mark.parametrize(("line", "tags"), TAG_LINES)
def test_a_tag_line_under_the_byline_fills_tags_and_leaves_the_text(
    line: str, tags: tuple[str, ...] | None
) -> None:
    """Before, the line was the article's summary (or a paragraph), and tags stayed empty."""
    article = _clean(HEAD + "By Ann Writer\n" + line + "\n" + BODY + WIDGET)
    if tags is None:
        assert article.tags == ()
        return
    assert article.tags == tags
    assert article.summary == LEAD
    assert article.paragraphs == (SECOND,)
    assert line not in _text_of(article)
    assert article.author == "Ann Writer"


@pytest.mark.parametrize(("line", "tags"), [t for t in TAG_LINES if t[1]])
def test_a_tag_line_at_the_end_fills_tags_and_leaves_the_text(
    line: str, tags: tuple[str, ...]
) -> None:
    article = _clean(HEAD + BODY + "Disclaimer: the author holds no shares.\n" + line + "\n"
                     + WIDGET)
    assert article.tags == tags
    assert article.summary == LEAD
    assert article.paragraphs == (SECOND,)
    assert line not in _text_of(article)


def test_tags_are_trimmed_and_each_kept_once_in_order() -> None:
    text = (HEAD + "By Ann Writer\nTags:  DeFi ,  Ethereum,defi, Layer 2 ,  ETHEREUM \n" + BODY
            + "#Ethereum #rollups\n" + WIDGET)
    assert _clean(text).tags == ("DeFi", "Ethereum", "Layer 2", "rollups")


@pytest.mark.parametrize("line", [
    "Topics: the board discussed three proposals and voted on two.",
    "Topics: we covered the fees, the dredging and the new quay",
    "Keywords: a great many of them were about the fees, and none about the quay.",
    "Tags: the exchange added new tags to flag risky tokens, the team said.",
    "#1 in the league for a third year, the port said on Monday.",
])
def test_a_sentence_that_opens_with_a_tag_word_stays_a_paragraph(line: str) -> None:
    """Prose after the word is no tag list: no tags, and the sentence is kept (at the top
    as the standfirst, at the end as the last paragraph)."""
    top = _clean(HEAD + line + "\n" + BODY)
    assert top.tags == ()
    assert line.rstrip(".") in _text_of(top)
    end = _clean(HEAD + BODY + line + "\n" + WIDGET)
    assert end.tags == ()
    assert line.rstrip(".") in _text_of(end)


def test_a_tag_line_in_the_middle_of_a_long_text_is_left_to_the_text() -> None:
    middle = [f"Paragraph {n} of the report says the fees rise in step {n}." for n in range(16)]
    middle.insert(8, "Topics: Ports, Shipping")
    article = _clean(HEAD + BODY + "\n".join(middle) + "\n")
    assert article.tags == ()


# Quay Network's fee cut says nothing about any topic's keywords: only its tags name one.
TOPIC_DUMP = (
    "others\nQuay Network Cuts Its Fees In Half \u2013 Quay Ledger\nBy Ann Writer\n"
    "The network said on Monday that every transfer will cost half as much from December.\n"
    "The change follows a vote by the people who run its servers, the team said.\n"
)


def test_the_whole_way_a_tag_line_names_the_topic() -> None:
    """dump -> tags -> cleaned article -> topic: the tag is a label for the topics stage
    (after the site's own category, here "others", which names no topic)."""
    raw = parse_dump_text(TOPIC_DUMP + "Tags: Layer 2, Fees\n" + WIDGET, "dump.txt")
    assert raw.tags == ("Layer 2", "Fees")
    article = clean_article(raw)
    assert article.tags == ("Layer 2", "Fees")
    assert article.source_category == "others"
    assert "Tags:" not in _text_of(article)
    choice = assign([article], DEFAULT_TOPICS)
    assert (choice.topic, choice.signal) == ("blockchain", "label")
    assert "Layer 2" in choice.reason
    untagged = assign([clean_article(parse_dump_text(TOPIC_DUMP + WIDGET, "dump.txt"))],
                      DEFAULT_TOPICS)
    assert untagged.topic != "blockchain"


# ---------------------------------------------------------------- datelines

DUMP_DATES = [
    ("R8.11.20", at(20)),
    ("R08/11/20", at(20)),
    ("\u4ee4\u548c8.11.20", at(20)),
    ("H31.4.30", at(30, month=4, year=2019)),
    ("R8.11.20 14:30", at(20, 14, 30)),
    ("Nov. 20, 2026, 2:30 p.m. ET", at(20, 19, 30)),  # Eastern Time in November: -5
    ("Nov. 20, 2026, 2:30 p.m. EST", at(20, 19, 30)),
    ("Nov. 20, 2026, 2:30 p.m. EDT", at(20, 18, 30)),
    ("Nov. 20, 2026, 2:30 p.m. PT", at(20, 22, 30)),
    ("Nov. 20, 2026, 2:30 p.m. PST", at(20, 22, 30)),
    ("Nov. 20, 2026, 2:30 p.m. PDT", at(20, 21, 30)),
    ("Nov. 20, 2026, 2:30 p.m. CET", at(20, 13, 30)),
    ("Nov. 20, 2026, 2:30 p.m. CEST", at(20, 12, 30)),
    ("Nov. 20, 2026, 2:30 p.m. BST", at(20, 13, 30)),
    ("Nov. 20, 2026, 2:30 p.m. IST", at(20, 9, 0)),  # India: +5:30
    ("Nov. 20, 2026, 2:30 p.m. JST", at(20, 5, 30)),
    ("Nov. 20, 2026, 2:30 p.m. KST", at(20, 5, 30)),
    ("Nov. 20, 2026, 2:30 p.m. SGT", at(20, 6, 30)),
    ("Nov. 20, 2026, 2:30 p.m. HKT", at(20, 6, 30)),
    ("Thursday 20 November 2026 14.30 GMT", at(20, 14, 30)),
    ("20.11.2026, 14:30 Uhr", at(20, 14, 30)),
    ("Ver\u00f6ffentlicht: 20.11.2026, 14:30 Uhr", at(20, 14, 30)),
    ("2026\u5e7411\u670820\u65e5 14\u664230\u5206", at(20, 14, 30)),
    ("20 Nov 2026 | 14:30 UTC", at(20, 14, 30)),
    ("Published: 2026-11-20T14:30:00Z", at(20, 14, 30)),
]


@pytest.mark.parametrize(("line", "expected"), DUMP_DATES)
def test_a_dateline_under_the_byline_dates_the_dump(line: str, expected: datetime) -> None:
    """Before: the era forms, the German one and "20 Nov 2026 | 14:30 UTC" were unread (and
    kept as the summary), "14.30 GMT" lost its time and IST was read as UTC."""
    article = _clean(HEAD + "By Ann Writer\n" + line + "\n" + BODY + WIDGET)
    assert article.published == expected
    assert article.summary == LEAD
    assert article.paragraphs == (SECOND,)
    assert line not in _text_of(article)


@pytest.mark.parametrize("line", [
    "Published: 2026-11-20T14:30:00Z / Updated: 2026-11-21T09:00:00Z",
    "Published: 2026-11-20T14:30:00Z | Updated: 2026-11-21T09:00:00Z",
    "Updated: 2026-11-21T09:00:00Z / Published: 2026-11-20T14:30:00Z",
    "Published 20 Nov 2026 14:30 UTC \u00b7 Updated 21 Nov 2026 09:00 UTC",
])
def test_published_is_the_date_and_updated_is_updated(line: str) -> None:
    article = _clean(HEAD + line + "\n" + BODY)
    assert article.published == at(20, 14, 30)
    assert article.updated == at(21, 9, 0)
    assert article.summary == LEAD


@pytest.mark.parametrize("line", [
    "3 hours ago", "Updated 2 days ago", "Published 3 hours ago / Updated 1 hour ago",
])
def test_a_relative_age_is_never_a_date(line: str) -> None:
    """The article is dated by its first sighting, not by when the page was copied."""
    article = _clean(HEAD + "By Ann Writer\n" + line + "\n" + BODY)
    assert article.published is None and article.updated is None
    assert article.summary == LEAD
    assert line not in _text_of(article)


def test_a_sentence_with_a_date_in_it_stays_prose() -> None:
    first = "The board met on 20.11.2026 and voted on the fees."
    article = _clean(HEAD + first + "\n" + BODY)
    assert article.published is None
    assert article.summary == first


def test_the_short_era_forms_and_the_new_readings_in_the_dates_module() -> None:
    assert loose_date("R8.11.20") == year_first_date("R8.11.20") == at(20)
    assert loose_date("H31.4.30 9:05") == at(30, 9, 5, month=4, year=2019)
    assert loose_date("S64.1.7") == at(7, month=1, year=1989)
    assert loose_date("H32.1.1") is None  # Heisei had 31 years
    assert loose_date("R8.13.20") is None
    assert loose_date("Thursday 20 November 2026 14.30 GMT") == at(20, 14, 30)
    assert loose_date("20 November 2026, 18.00 Uhr") == at(20, 18)
    assert loose_date("Nov 20, 2026 2:30 PM IST") == at(20, 9)
    # an all-number date that opens with its day stays unread by loose_date (feeds and
    # files); only a dateline, dotted, reads it
    assert loose_date("20.11.2026") is None
    assert day_first_dotted_date("20.11.2026") == at(20)
    assert day_first_dotted_date("03.04.2026 09:00 MEZ") == at(3, 8, 0, month=4)
    assert day_first_dotted_date("31.11.2026") is None
    assert day_first_dotted_date("20/11/2026") is None
    assert whole_date("The board met on 20 November 2026") is None
    assert whole_date("Freitag, 20. November 2026, 14:30 Uhr") == at(20, 14, 30)


# ---------------------------------------------------------------- scripts' headers

SCRIPT_HEADER = (
    "Title: Harbour Port Authority Approves New Berth Fees\n"
    "URL: https://quay-ledger.example/news/berth-fees?id=7\n"
    "Source: Quay Ledger\n"
    "Author: Ann Writer\n"
    "Published: 2026-11-20T14:30:00Z\n"
    "Updated: 2026-11-21 09:00\n"
    "Scraped at: 2026-11-22T00:00:00Z\n"
    "Word count: 240\n"
    "\n"
)


def test_a_scripts_header_fills_the_article_and_the_text_after_it_is_the_body() -> None:
    """Before: "Title: ..." was the headline, "URL: ..." the summary, and the unknown keys
    paragraphs."""
    raw = parse_dump_text(SCRIPT_HEADER + BODY, "dump.txt")
    assert raw.title == "Harbour Port Authority Approves New Berth Fees"
    assert raw.url == "https://quay-ledger.example/news/berth-fees?id=7"
    assert raw.source_name == "Quay Ledger"
    assert raw.author == "Ann Writer"
    assert raw.published == at(20, 14, 30)
    assert raw.updated == at(21, 9)
    assert raw.source_category is None
    article = clean_article(raw)
    assert article.summary == LEAD
    assert article.paragraphs == (SECOND,)
    for word in ("Scraped", "Word count", "URL:", "Title:", "240"):
        assert word not in _text_of(article)


def test_a_yaml_block_between_dashes_at_the_top_of_a_txt(tmp_path: Path) -> None:
    path = tmp_path / "berth-fees.txt"
    path.write_text(
        "---\n"
        'title: "Harbour Port Authority Approves New Berth Fees"\n'
        "link: https://quay-ledger.example/news/berth-fees\n"
        "site_name: Quay Ledger\n"
        "authors:\n  - Ann Writer\n  - Bo Example\n"
        "date: 2026-11-20 14:30\n"
        "section: Markets\n"
        "tags: [ports, 'berth fees', ports]\n"
        "description: The port authority raised its berth fees for the first time in years.\n"
        "lang: en\n"
        "---\n"
        "Harbour Port Authority Approves New Berth Fees\n" + BODY,
        encoding="utf-8",
    )
    article = clean_article(parse_dump_file(path))
    assert article.title == "Harbour Port Authority Approves New Berth Fees"
    assert article.url == "https://quay-ledger.example/news/berth-fees"
    assert article.source_name == "Quay Ledger"
    assert article.author == "Ann Writer, Bo Example"
    assert article.published == at(20, 14, 30)
    assert article.source_category == "Markets"
    assert article.tags == ("ports", "berth fees")
    assert article.summary == (
        "The port authority raised its berth fees for the first time in years.")
    # the headline written again under the header is not a paragraph
    assert article.paragraphs == (LEAD, SECOND)
    assert "lang" not in _text_of(article)


def test_a_header_with_tags_and_a_tag_line_merge() -> None:
    text = ("Title: Quay Network Cuts Its Fees In Half\nSource: https://quay-ledger.example/\n"
            "Tags: Layer 2\n\n" + BODY + "Filed under: Fees, layer 2\n")
    article = _clean(text)
    assert article.tags == ("Layer 2", "Fees")
    assert article.url == "https://quay-ledger.example/"
    assert article.paragraphs == (SECOND,)


def test_the_sidecar_wins_over_the_dumps_header(tmp_path: Path) -> None:
    path = tmp_path / "fees.txt"
    path.write_text(SCRIPT_HEADER + BODY, encoding="utf-8")
    (tmp_path / "fees.meta.toml").write_text(
        'author = "Cy Editor"\npublished = "2026-11-19T08:00:00+00:00"\n', encoding="utf-8")
    article = parse_dump_file(path)
    assert article.author == "Cy Editor"
    assert article.published == at(19, 8)
    assert article.updated == at(21, 9)


def test_a_header_with_an_unreadable_date_or_a_bad_address_does_not_raise() -> None:
    text = ("Title: Harbour Port Authority Approves New Berth Fees\nURL: http://[x\n"
            "Date: sometime last week\n\n" + BODY)
    article = _clean(text)
    assert article.title == "Harbour Port Authority Approves New Berth Fees"
    assert article.url is None and article.published is None
    assert article.summary == LEAD


@pytest.mark.parametrize("text", [
    # one "Key: value" line that is prose, then the dump as usual
    "Note: the figures below are provisional.\nHarbour Port Authority Approves New Berth "
    "Fees \u2013 Quay Ledger\n" + BODY,
    # an interview's lines are no header: no key of a header among them
    HEAD + "Q: Why raise the fees now?\nA: The dredging has to be paid for.\n\n" + BODY,
    # a block of keys with a line of prose in it is no header either
    "Title: Harbour Port Authority Approves New Berth Fees\nAuthor: Ann Writer\n"
    "The port authority voted on Monday.\n\n" + BODY,
])
def test_text_that_only_looks_like_a_header_is_read_as_before(text: str) -> None:
    article = parse_dump_text(text, "dump.txt")
    lines = [article.title, article.summary, *article.raw_lines]
    assert LEAD in lines and SECOND in lines
    if text.startswith(HEAD):
        assert "Q: Why raise the fees now?" in lines
