"""Dates and dumps, real-world shapes, round 6: ordinal days and "@"/"at" times, a dump's
"Category:" line, a script's headline written again with the site's name, and the headers
and lines scraping tools write (trafilatura's front matter, Obsidian's Web Clipper, "Saved
from:", "Retrieved on ..." and Instapaper's domain under the headline).

WordPress themes and print plugins print "Friday, 20th November 2026 at 9:05 am" and "2
March 2026 @ 9:00 am"; before, an ordinal day before its month ("20th November") was no
date at all. A clipper's "created:" and a citation's "Retrieved on ..." say when the page
was copied: before, they dated the article. Every text here was written for these tests;
outlets, people and domains are invented.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from digest.clean import clean_article
from digest.ingest.dates import loose_date, whole_date
from digest.ingest.scraped import parse_dump_file, parse_dump_text
from tests.test_realworld_dumps3 import _clean, _text_of, at

TITLE = "Bridge Reopens After Audit"
LEAD = "The bridge operator reopened the crossing on Monday after a three-week audit."
SECOND = "Traffic resumed within the hour, the operator said in a statement."
BODY = f"{LEAD}\n{SECOND}\n"
HEADLINE = f"{TITLE} \u2013 Quay Post"
WIDGET = "-\nTechnology1 week agoPellham Labs Ships A Faster Compiler \u2013 Quay Post\n"


# ---------------------------------------------------------------- ordinal days, "@" and "at"

ORDINALS = [
    ("Friday, 20th November 2026 at 9:05 am", at(20, 9, 5)),
    ("20th Nov 2026, 09:05 GMT", at(20, 9, 5)),
    ("1st December 2026", at(1, month=12)),
    ("Mon 2nd March 2026 @ 9:00 pm", at(2, 21, month=3)),
    ("3rd Mar 2026 09:00 CET", at(3, 8, month=3)),
    ("22nd Nov 2026", at(22)),
    ("the 20th of November 2026", at(20)),
    ("Friday 20th November 2026 @ 9:05pm", at(20, 21, 5)),
    ("20th November 2026 9.05am", at(20, 9, 5)),  # the British dotted clock
    ("20th November 2026 9.05 p.m.", at(20, 21, 5)),
    ("1er d\u00e9cembre 2026 \u00e0 9h05", at(1, 9, 5, month=12)),  # French
    ("1\u00ba de dezembro de 2026", at(1, month=12)),  # Portuguese and Spanish
]


@pytest.mark.parametrize(("text", "expected"), ORDINALS)
def test_an_ordinal_day_before_its_month_is_read(text: str, expected: datetime) -> None:
    """Before: None for every one of these (the ordinal ending parted the day from its
    month)."""
    assert loose_date(text) == expected
    assert whole_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("November 20th, 2026", at(20)),
    ("2 March 2026 @ 9:00 am", at(2, 9, month=3)),
    ("20. November 2026 um 9:05 Uhr", at(20, 9, 5)),
    ("November 20th, 2026 @ 9:05 AM EST", at(20, 14, 5)),
])
def test_forms_that_were_read_before_still_are(text: str, expected: datetime) -> None:
    assert loose_date(text) == expected


def test_what_stays_unread_stays_unread() -> None:
    assert loose_date("20.11.2026") is None  # all-number dates: the order is not known
    assert loose_date("03/04/2026") is None
    assert loose_date("2026th November") is None  # no day: a year is no ordinal
    # a dot alone is no time, also before German "am" ("on"), which is no a.m.
    assert loose_date("Der Zug um 14.30 am 20. November 2026") == at(20)
    assert whole_date("The 20th meeting of the board on 3 March 2026") is None


@pytest.mark.parametrize("line", [
    "Friday, 20th November 2026 at 9:05 am",
    "Posted on 20th Nov 2026, 09:05 GMT",
])
def test_a_wordpress_dateline_with_an_ordinal_dates_the_dump(line: str) -> None:
    """Before: the line was the summary and the dump had no date."""
    article = _clean(HEADLINE + "\n" + line + "\n" + BODY)
    assert article.published == at(20, 9, 5)
    assert article.summary == LEAD
    assert line not in _text_of(article)


# ---------------------------------------------------------------- "Category:" lines


def test_a_category_line_fills_the_category_the_dump_lacks() -> None:
    """A dump that opens with its headline has no category label; before, "Category: DeFi"
    was its summary."""
    for text in (HEADLINE + "\nBy Ann Writer\nCategory: DeFi\n" + BODY,
                 HEADLINE + "\n" + BODY + "Category: DeFi\n" + WIDGET):
        article = _clean(text)
        assert article.source_category == "DeFi"
        assert article.tags == ()
        assert article.summary == LEAD
        assert article.paragraphs == (SECOND,)
        assert "Category:" not in _text_of(article)


def test_a_category_line_under_a_dumps_own_label_is_a_tag() -> None:
    article = _clean("Markets\n" + HEADLINE + "\nCategory: DeFi\n" + BODY)
    assert article.source_category == "Markets"
    assert article.tags == ("DeFi",)
    assert article.summary == LEAD


def test_a_category_line_with_several_labels_and_in_another_language() -> None:
    article = _clean(HEADLINE + "\nKategorie: M\u00e4rkte, Br\u00fccken\n" + BODY)
    assert article.source_category == "M\u00e4rkte"
    assert article.tags == ("Br\u00fccken",)
    # under a script's header that names a section, the line's label is a tag
    headed = _clean(f"Title: {TITLE}\nSection: Markets\n\n" + BODY + "Category: DeFi\n")
    assert headed.source_category == "Markets"
    assert headed.tags == ("DeFi",)


def test_a_category_line_as_the_first_line_gives_its_label() -> None:
    """Before: the category was "Category: DeFi", label and all."""
    article = _clean("Category: DeFi\n" + HEADLINE + "\n" + BODY)
    assert article.source_category == "DeFi"
    assert article.summary == LEAD


@pytest.mark.parametrize("line", [
    "Category: the fund moved into a new category of risk, its filing says.",
    "Category: a new one for the regulator, which had no rules for it.",
])
def test_prose_after_the_word_category_stays(line: str) -> None:
    article = _clean("Markets\n" + HEADLINE + "\n" + line + "\n" + BODY)
    assert article.source_category == "Markets"
    assert article.tags == ()
    assert article.summary == line
    end = _clean(HEADLINE + "\n" + BODY + line + "\n")
    assert end.source_category is None
    assert line in end.paragraphs


# ---------------------------------------------------------------- the headline written again


@pytest.mark.parametrize("repeated", [
    f"{TITLE} \u2013 Quay Post",
    f"{TITLE} | Quay Post",
    f"Quay Post - {TITLE}",
    f"# {TITLE} \u2014 Quay Post",
])
def test_the_headline_again_with_the_sites_name_leaves_the_text(repeated: str) -> None:
    """Before: the line was the summary. The name after it names the site when the header
    does not."""
    raw = parse_dump_text(f"Title: {TITLE}\nURL: https://quay-post.example/b\n\n{repeated}\n"
                          + BODY, "dump.txt")
    assert raw.title == TITLE
    assert raw.source_name == "Quay Post"
    article = clean_article(raw)
    assert article.summary == LEAD
    assert article.paragraphs == (SECOND,)
    assert repeated not in _text_of(article)


def test_the_headers_site_name_wins_over_the_suffix() -> None:
    raw = parse_dump_text(f"Title: {TITLE}\nSource: The Quay Post\n\n{TITLE} \u2013 "
                          "quaypost.example\n" + BODY, "dump.txt")
    assert raw.source_name == "The Quay Post"
    assert raw.summary == LEAD


@pytest.mark.parametrize("first", [
    f"{TITLE} \u2013 and the operator says the tolls will stay as they were until March.",
    f"{TITLE}: the operator's statement in full",
])
def test_a_sentence_that_opens_with_the_headline_stays(first: str) -> None:
    raw = parse_dump_text(f"Title: {TITLE}\nURL: https://quay-post.example/b\n\n{first}\n"
                          + BODY, "dump.txt")
    assert raw.summary == first
    assert raw.source_name != "and the operator says the tolls will stay as they were"


# ---------------------------------------------------------------- scraping tools' shapes


def test_trafilaturas_front_matter_names_the_site(tmp_path: Path) -> None:
    """trafilatura's txt output with metadata: "sitename:" was dropped before."""
    path = tmp_path / "bridge.txt"
    path.write_text(
        f"---\ntitle: {TITLE}\nauthor: Ann Writer\nurl: https://quay-post.example/b\n"
        "hostname: quay-post.example\ndescription: The crossing is open again.\n"
        "sitename: Quay Post\ndate: 2026-11-20\ncategories: Transport;Audits\n"
        "fingerprint: 9f1c0aa2\nid: None\nlicense: None\n---\n" + BODY,
        encoding="utf-8",
    )
    article = clean_article(parse_dump_file(path))
    assert article.source_name == "Quay Post"
    assert article.published == at(20)
    assert article.tags == ("Transport", "Audits")
    assert article.paragraphs == (LEAD, SECOND)
    assert "fingerprint" not in _text_of(article)


OBSIDIAN = (
    '---\ntitle: "Bridge Reopens After Audit"\nsource: "https://quay-post.example/b"\n'
    'author:\n  - "[[Ann Writer]]"\n  - "[[people/Bo Example|Bo Example]]"\n'
    "published: {published}\ncreated: 2026-11-22\n"
    'description: "The crossing is open again."\ntags:\n  - "clippings"\n---\n'
)


def test_obsidians_web_clipper_front_matter() -> None:
    """Before: the author was "[[Ann Writer]]", and a page without a date was dated by
    "created:", the day it was clipped."""
    dated = _clean(OBSIDIAN.format(published="2026-11-20") + f"# {TITLE}\n" + BODY)
    assert dated.author == "Ann Writer, Bo Example"
    assert dated.url == "https://quay-post.example/b"
    assert dated.published == at(20)
    assert dated.paragraphs == (LEAD, SECOND)
    undated = _clean(OBSIDIAN.format(published="") + BODY)
    assert undated.published is None


@pytest.mark.parametrize("first", [
    "Saved from: https://quay-post.example/b",
    "saved from url=(0031)https://quay-post.example/b",
    "Source: https://quay-post.example/b",
    "URL: <https://quay-post.example/b>",
])
def test_a_labelled_address_above_the_dump_is_its_url(first: str) -> None:
    """Before: the line was the dump's category."""
    article = _clean(first + "\n" + HEADLINE + "\n" + BODY)
    assert article.url == "https://quay-post.example/b"
    assert article.source_category is None
    assert article.summary == LEAD


@pytest.mark.parametrize("line", [
    "Retrieved on 22 November 2026",
    "Accessed: November 22, 2026",
    "Retrieved 22 November 2026 from https://quay-post.example/b",
    "Retrieved from https://quay-post.example/b on 22 November 2026",
    "Clipped: 2026-11-22T10:00:00Z",
    "Saved 3 hours ago",
    "Abgerufen am 22.11.2026",
])
def test_when_the_page_was_copied_is_no_date_of_the_article(line: str) -> None:
    """Before: a line at the top dated the article by the day it was copied, and one at
    the end was its last paragraph."""
    for text in (HEADLINE + "\n" + line + "\n" + BODY, HEADLINE + "\n" + BODY + line + "\n"):
        article = _clean(text)
        assert article.published is None
        assert article.summary == LEAD
        assert article.paragraphs == (SECOND,)
    dated = _clean(HEADLINE + "\n20 November 2026\n" + line + "\n" + BODY)
    assert dated.published == at(20)


@pytest.mark.parametrize("line", [
    "Retrieved documents show the operator knew of the cracks in 2025.",
    "Saved by a late vote on 20 November 2026, the bridge reopened.",
    "Accessed 40,000 times since Monday, the page crashed twice.",
])
def test_prose_that_opens_with_such_a_word_stays(line: str) -> None:
    article = _clean(HEADLINE + "\n" + BODY + line + "\n")
    assert line in article.paragraphs


def test_instapapers_domain_under_the_headline() -> None:
    """A headline with no site's name after it, then the site's domain: before, the
    headline was the category and the domain the title."""
    article = _clean(f"{TITLE}\nquay-post.example\n" + BODY)
    assert article.title == TITLE
    assert article.source_category is None
    assert article.source_home == "https://quay-post.example/"
    assert article.summary == LEAD


def test_bad_input_in_the_new_lines_does_not_raise() -> None:
    for first in ("Saved from: http://[x", "Category:", "Retrieved on", "Retrieved from http://[x"):
        article = parse_dump_text(first + "\n" + HEADLINE + "\n" + BODY, "dump.txt")
        assert LEAD in (article.summary, *article.raw_lines)
