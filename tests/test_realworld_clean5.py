# ruff: noqa: E501  (a sentence a line)
"""The clean stage, round 3: powers and indices written as <sup>/<sub> read the same from a
feed item, a Markdown file and a saved page ("10³", "CO₂"); a dateline whose time is a part
of its own ("20 Nov 2026 | 14:30 UTC"); bylines with a date beside the name ("By Nell
Brook, 2 March 2026", "By Jane Roe | Nov 20, 2026", "Jane Roe — 20 November 2026"); a
Markdown file's footnote markers (" [1]") out of its paragraphs' text.

Every text is written for this file (invented outlets and people, ``.example`` hosts)."""

from __future__ import annotations

import html
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.clean import clean_with_report, meta_line
from digest.ingest.markdown import parse_markdown_file
from digest.model import Article
from tests.test_realworld_clean4 import _dump, _feed, _page, _paras
from tests.test_realworld_prose_kept import TITLE, P


def at(day: int, hour: int = 0, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _markdown(tmp_path: Path, text: str) -> Article:
    path = tmp_path / "bridge.md"
    path.write_text(f"---\ntitle: {TITLE}\n---\n\n{text}\n", encoding="utf-8")
    article = parse_markdown_file(path)
    assert article is not None
    return clean_with_report(article)[0]


# ---------------------------------------------------------------- 1. powers and indices

# (the paragraph's HTML, its text): the same from a feed, a Markdown file and a page
SCRIPTS = [
    ("The weir's pool covers 3 km<sup>2</sup> and the pass lifts 10<sup>3</sup> litres a second.",
     "The weir's pool covers 3 km² and the pass lifts 10³ litres a second."),
    ("Leaks fell to 10<sup>-3</sup> of the flow, then to 10<sup>−6</sup>.",
     "Leaks fell to 10⁻³ of the flow, then to 10⁻⁶."),
    ("The plant emits CO<sub>2</sub> and H<sub>2</sub>O but no NO<sub>x</sub>.",
     "The plant emits CO₂ and H₂O but no NOx."),
    ("The trust came 2<sup>nd</sup> and paid x<sup>n</sup> in fees.",
     "The trust came 2nd and paid xn in fees."),
    # a note's marker goes, as a page's does: a number after a word or a stop, a sign
    ("The trust paid its fees<sup>1</sup> to the council.",
     "The trust paid its fees to the council."),
    ("The council agreed.<sup>2</sup> The fees were paid.<sup>*</sup>",
     "The council agreed. The fees were paid."),
    # ... one in brackets stays as written, as a page's does
    ("The council agreed<sup>(2)</sup> to the plan.",
     "The council agreed(2) to the plan."),
]


@pytest.mark.parametrize(("markup", "text"), SCRIPTS, ids=[s[1][:40] for s in SCRIPTS])
def test_powers_and_indices_read_the_same_from_a_feed_a_markdown_file_and_a_page(
        markup: str, text: str, tmp_path: Path) -> None:
    """A feed's and a Markdown file's paragraphs read "103" and "CO2" where a saved page's
    read "10³" and "CO₂"."""
    body = f"<p>{P[0]}</p><p>{markup}</p><p>{P[1]}</p>"
    feed, _dropped = _feed(body)
    page, _dropped = _page(body)
    markdown = _markdown(tmp_path, f"{P[0]}\n\n{markup}\n\n{P[1]}")
    for article in (feed, markdown, page):
        assert list(article.paragraphs) == [P[0], text, P[1]], article.origin


def test_a_feeds_body_keeps_its_sup_and_sub_markup() -> None:
    feed, _dropped = _feed(f"<p>{SCRIPTS[0][0]} {SCRIPTS[2][0]}</p><p>{SCRIPTS[4][0]}</p>")
    assert "km<sup>2</sup>" in feed.body_html and "CO<sub>2</sub>" in feed.body_html
    assert "fees<sup>1</sup>" in feed.body_html
    assert feed.summary.startswith("The weir's pool covers 3 km² and the pass lifts 10³ litres")


def test_a_linked_note_marker_beside_a_power() -> None:
    article, _dropped = _feed("<p>The pool covers 3 km<sup>2</sup><sup><a href='#fn1'>1</a></sup> in all.</p>"
                              "<ol><li id='fn1'>Measured in May.</li></ol>")
    assert article.paragraphs[0] == "The pool covers 3 km² in all."


def test_many_superscripts_are_read_in_linear_time() -> None:
    body = "<p>" + "fees<sup>1</sup> km<sup>2</sup> " * 20000 + "</p>"
    start = time.perf_counter()
    article, _dropped = _feed(body)
    assert time.perf_counter() - start < 10
    assert article.paragraphs[0].startswith("fees km² fees km²")


# ---------------------------------------------------------------- 2. a dateline's time apart

# (dateline, published, updated)
SPLIT_TIMES = [
    ("20 Nov 2026 | 14:30 UTC", at(20, 14, 30), None),
    ("Nov 20, 2026 | 14:30", at(20, 14, 30), None),
    ("November 20, 2026 · 2:30 pm", at(20, 14, 30), None),
    ("Published: 2026-11-20 | 14:30", at(20, 14, 30), None),
    ("Updated: 21 Nov 2026 | 09:00 GMT", None, at(21, 9)),
    ("By Jane Roe | 20 Nov 2026 | 14:30 UTC", at(20, 14, 30), None),
]


@pytest.mark.parametrize(("line", "published", "updated"), SPLIT_TIMES, ids=[s[0] for s in SPLIT_TIMES])
@pytest.mark.parametrize("way", ["feed", "page", "dump"])
def test_a_dateline_with_its_time_apart_dates_the_text_and_goes(
        line: str, published: datetime | None, updated: datetime | None, way: str) -> None:
    """Read for dumps only (by their reader: still so); kept as the first paragraph of a
    feed item and a saved page, which went undated."""
    if way == "dump":
        article, dropped = _dump(["A cheaper bridge for two chains.", line, *P])
    else:
        article, dropped = (_feed if way == "feed" else _page)(_paras([line, *P]))
        assert any(text == line for text, _rule in dropped)
    assert list(article.paragraphs) == P
    assert article.published == published
    assert article.updated == updated


def test_meta_line_joins_a_bare_time_to_the_date_before_it_only() -> None:
    assert meta_line("20 Nov 2026 | 14:30 UTC") == meta_line("20 Nov 2026 14:30 UTC")
    assert meta_line("By Jane Roe | 14:30") is None  # a time after no date dates nothing
    assert meta_line("Nov 20, 2026 | 14:30 | 1.2M") is None  # a table's row
    assert meta_line("Block 20 | 14:30") is None


@pytest.mark.parametrize("line", [
    "Fees: 20 Nov 2026 | 14:30 UTC | 0.12 USDC",
    "Kickoff 20 | 14:30 in the main hall, the organisers said.",
])
def test_lines_with_a_date_and_a_time_that_are_no_dateline_stay(line: str) -> None:
    for way in (_feed, _page):
        article, _dropped = way(_paras([line, *P]))
        assert line in article.paragraphs, way
        assert article.published is None


# ---------------------------------------------------------------- 3. bylines with a date

# (byline, author, published)
DATED_BYLINES = [
    ("By Nell Brook, 2 March 2026", "Nell Brook", at(2, month=3)),
    ("By Jane Roe | Nov 20, 2026", "Jane Roe", at(20)),
    ("Jane Roe — 20 November 2026", "Jane Roe", at(20)),
    ("Jane Roe – Nov 20, 2026, 14:30 UTC", "Jane Roe", at(20, 14, 30)),
    ("By Jane Roe, Nov 20, 2026", "Jane Roe", at(20)),
    ("By Ann One and Bob Two, 20 November 2026", "Ann One and Bob Two", at(20)),
    ("By Ann One, Bob Two, Nov 20, 2026", "Ann One, Bob Two", at(20)),
]


@pytest.mark.parametrize(("line", "author", "published"), DATED_BYLINES, ids=[b[0] for b in DATED_BYLINES])
@pytest.mark.parametrize("way", ["feed", "page", "dump"])
def test_a_byline_with_a_date_names_the_author_and_dates_the_text(
        line: str, author: str, published: datetime, way: str) -> None:
    """Only the author was taken (a page's, a dump's; a feed item's: nothing), or, for the
    first, nothing at all and the line stayed as the text's first paragraph."""
    if way == "dump":
        article, dropped = _dump(["A cheaper bridge for two chains.", line, *P])
    else:
        article, dropped = (_feed if way == "feed" else _page)(_paras([line, *P]))
    assert list(article.paragraphs) == P
    assert (line, "byline") in dropped
    assert article.author == author
    assert article.published == published


def test_a_feeds_own_author_and_date_win_over_the_byline() -> None:
    article, _dropped = _feed(_paras(["By Nell Brook, 2 March 2026", *P]),
                              extra="<pubDate>Wed, 25 Nov 2026 14:05:00 +0000</pubDate>"
                                    "<author>desk@quay.example (Quay Desk)</author>")
    assert article.published == at(25, 14, 5)
    assert article.author is not None and "Nell Brook" not in article.author
    assert list(article.paragraphs) == P


@pytest.mark.parametrize("line", [
    "By March 2026, the fund had doubled.",
    "By Friday, 20 November 2026, the vault was empty.",
    "By Tuesday - 20 Nov 2026 - the queue had cleared.",
    "Jane Roe — 20 November 2026 was her last day at the desk.",
    "By then, 20 November 2026 had come and gone.",
])
@pytest.mark.parametrize("way", ["feed", "page", "dump"])
def test_prose_that_opens_like_a_dated_byline_stays(line: str, way: str) -> None:
    if way == "dump":
        article, _dropped = _dump(["A cheaper bridge for two chains.", line, *P])
    else:
        article, _dropped = (_feed if way == "feed" else _page)(_paras([line, *P]))
    assert line in article.paragraphs
    assert article.author is None and article.published is None


def test_a_name_and_a_date_further_down_stay() -> None:
    """A bare name beside a date is a byline under the headline only: further down it may
    head a timeline's section ("Mainnet Launch — 20 November 2026")."""
    line = "Mainnet Launch — 20 November 2026"
    for way in (_feed, _page):
        article, _dropped = way(_paras([*P[:3], line, P[3]]))
        assert line in article.paragraphs + article.headings, way
    assert meta_line(line, top=False) is None


def test_a_place_or_a_wire_dateline_names_nobody() -> None:
    assert meta_line("NEW YORK — 20 November 2026") is None
    said = meta_line("Berlin, 20 November 2026")
    assert said is None or said.author is None
    assert meta_line("Jane Roe, 20 November 2026") is None or meta_line("Jane Roe, 20 November 2026").author is None


# ---------------------------------------------------------------- 4. Markdown footnotes

NOTES = ("The bridge reopened on Tuesday[^1] after a pause. Fees fell too.[^fee]\n\n"
         "The index `rates [1]` and the entry a[1] are the text's own, as is [3].\n\n"
         "[^1]: According to the operator's status page.\n"
         "[^fee]: Measured over one week.\n")


def test_a_markdown_files_paragraph_text_carries_no_footnote_marker(tmp_path: Path) -> None:
    """It read "Tuesday [1]" (what the dedupe stage and the topics read); the summary had
    it out already."""
    article = _markdown(tmp_path, NOTES)
    assert article.paragraphs[0] == "The bridge reopened on Tuesday after a pause. Fees fell too."
    assert article.summary.startswith("The bridge reopened on Tuesday after a pause. Fees fell too.")
    # the notes stay, each a paragraph that opens with its number, and the body keeps its markers
    assert article.paragraphs[-2:] == ("[1] According to the operator's status page.",
                                       "[2] Measured over one week.")
    assert "Tuesday&nbsp;[1]" in article.body_html and "too.[2]" in article.body_html


def test_brackets_that_mark_no_note_stay(tmp_path: Path) -> None:
    """Code, an index glued to a short word, a number with no note of its own: not markers."""
    article = _markdown(tmp_path, NOTES)
    assert article.paragraphs[1] == "The index rates [1] and the entry a[1] are the text's own, as is [3]."


def test_a_text_without_notes_keeps_its_brackets(tmp_path: Path) -> None:
    article = _markdown(tmp_path, "Clause [1] of the charter and the box marked [2] apply.")
    assert article.paragraphs == ("Clause [1] of the charter and the box marked [2] apply.",)


def test_a_feed_item_written_from_markdown_drops_its_markers_too() -> None:
    body = ("<p>The bridge reopened on Tuesday&nbsp;[1] after a pause.</p>"
            "<p>[1] According to the operator's status page.</p>")
    article, _dropped = _feed(body, link="http://[x")
    assert article.paragraphs[0] == "The bridge reopened on Tuesday after a pause."
    assert "[1]" in article.body_html


def test_many_bracket_markers_are_read_in_linear_time() -> None:
    body = ("<p>" + "fees&nbsp;[1] <code>a[1]</code> " * 20000 + "</p>"
            "<p>[1] " + html.escape("A note.") + "</p>")
    start = time.perf_counter()
    article, _dropped = _feed(body)
    assert time.perf_counter() - start < 10
    assert article.paragraphs[0].startswith("fees a[1] fees a[1]")
