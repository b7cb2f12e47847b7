"""Scraped dumps, real-world shapes, round 4: how copy-pasted text comes through.

Text copied from a terminal, an e-mail or a PDF is hard-wrapped at some 72 columns; lists
come with "- ", "1. ", emoji or a bullet on a line of its own, or with no marker at all
under a lead-in; tables are pasted with tabs or aligned with spaces; short lines of prose
end with an address or a figure instead of a full stop. Every sentence must come through
whole and in order, and only real section headings may become headings. Every text here was
written for these tests; outlets and domains are invented.
"""

from __future__ import annotations

from pathlib import Path

from digest.clean import clean_article, clean_with_report
from digest.ingest.scraped import parse_dump_file, parse_dump_text
from digest.model import Article

HEAD = "Markets\nHarbour Port Authority Approves New Berth Fees \u2013 Quay Ledger\n"
WIDGET = (
    "-\nTechnology1 week agoPellham Labs Ships A Faster Compiler \u2013 Quay Ledger\n"
    "-\nBusiness2 weeks ago\nNorth Quay Dockers Agree A New Contract \u2013 Quay Ledger\n"
)


def _clean(text: str) -> Article:
    return clean_article(parse_dump_text(text, "dump.txt"))


# ---------------------------------------------------------------- hard-wrapped text

WRAPPED = (
    "The port authority voted on Monday to raise berth fees for container ships\n"
    "starting in the spring, the first increase in six years.\n"
    "\n"
    "The vote passed seven to two after a long session in which shipping lines\n"
    "argued that the increase would push traffic to rival ports further down the\n"
    "coast. The authority said the money would pay for dredging.\n"
    "\n"
    "Fees Rise In Two Steps\n"
    "\n"
    "The first step lands in April and the second in October, when the new\n"
    "quay is due to open. Smaller vessels are exempt from the second step\n"
    "because they cannot use the deeper berths.\n"
    "\n"
    "Officials said they would review the fees again next year.\n"
)
STANDFIRST = ("The port authority voted on Monday to raise berth fees for container ships "
              "starting in the spring, the first increase in six years.")
PARAGRAPHS = (
    "The vote passed seven to two after a long session in which shipping lines argued that "
    "the increase would push traffic to rival ports further down the coast. The authority "
    "said the money would pay for dredging.",
    "The first step lands in April and the second in October, when the new quay is due to "
    "open. Smaller vessels are exempt from the second step because they cannot use the "
    "deeper berths.",
    "Officials said they would review the fees again next year.",
)


def test_hard_wrapped_paragraphs_apart_by_blank_lines_come_back_whole() -> None:
    """Each wrapped line was a paragraph of its own (a sentence cut into three), and the
    standfirst and summary stopped at "container ships"."""
    article = _clean(HEAD + WRAPPED + WIDGET)
    assert article.summary == STANDFIRST
    assert article.paragraphs == PARAGRAPHS
    assert article.headings == ("Fees Rise In Two Steps",)
    assert "Pellham" not in article.body_html and "Dockers" not in article.body_html


def test_hard_wrapped_text_without_blank_lines_comes_back_whole() -> None:
    """Without blank lines a paragraph ends where a line ends a sentence and the next
    line's first word would have fitted on it; a short heading stays a heading."""
    text = HEAD + "\n".join(line for line in WRAPPED.splitlines() if line) + "\n" + WIDGET
    article = _clean(text)
    assert article.summary == STANDFIRST
    assert article.paragraphs == PARAGRAPHS
    assert article.headings == ("Fees Rise In Two Steps",)


def test_a_wrapped_dump_with_windows_line_ends_and_non_breaking_spaces(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(
        (HEAD + "The port authority voted on Monday to raise berth fees.  \n\n"
         "The vote\u00a0passed seven to two after a long session in which shipping\u00a0\n"
         "lines argued that the increase would push traffic to rival ports.\u00a0\u00a0\n"
         "\u00a0\n"
         "Officials said they would review the fees again next year.\t\n"
         ).replace("\n", "\r\n").encode("utf-8")
    )
    article = clean_article(parse_dump_file(path))
    assert article.summary == "The port authority voted on Monday to raise berth fees."
    assert article.paragraphs == (
        "The vote passed seven to two after a long session in which shipping lines argued "
        "that the increase would push traffic to rival ports.",
        "Officials said they would review the fees again next year.",
    )


def test_a_word_hyphenated_at_the_end_of_a_wrapped_line_is_joined_without_a_space() -> None:
    text = HEAD + (
        "The authority said the vote on the berth fees was the last one of the long-\n"
        "running review, and that no other fee would change before the summer of next\n"
        "year at the earliest, whatever the shipping lines said about the dredging.\n"
    )
    assert _clean(text).summary.startswith("The authority said the vote on the berth fees "
                                           "was the last one of the long-running review,")


def test_a_dump_of_a_paragraph_a_line_is_not_joined() -> None:
    """The usual dump (a paragraph a line, no blank lines) stays as it is: lines of prose
    wider than any wrapping, and short lines that break off no sentence."""
    text = HEAD + (
        "The port authority voted on Monday to raise berth fees for container ships from "
        "the spring, the first increase in six years, after a long and heated session.\n"
        "What Comes Next\n"
        "The vote passed seven to two after shipping lines argued that the increase would "
        "push traffic to rival ports further down the coast, which the authority denied.\n"
        "Share this article\nfacebook\ntwitter\n"
        "Officials said they would review the fees again next year, once the quay opens.\n"
    )
    lines = parse_dump_text(text, "dump.txt").raw_lines
    assert len(lines) == 6 and lines[0] == "What Comes Next"


def test_wrapped_list_items_keep_their_continuation_and_stay_apart() -> None:
    text = HEAD + (
        "The port authority voted on Monday to raise berth fees for container ships\n"
        "starting in the spring. The changes include:\n"
        "\n"
        "- a higher fee for ships longer than three hundred metres, charged by the\n"
        "  hour from the moment the ship is made fast\n"
        "- a discount for night arrivals\n"
        "- a cap on waiting charges\n"
        "\n"
        "Officials said they would review the fees again next year, when the new\n"
        "quay opens to the larger ships that the dredging is meant for.\n"
    )
    assert _clean(text).paragraphs == (
        "- a higher fee for ships longer than three hundred metres, charged by the hour from "
        "the moment the ship is made fast",
        "- a discount for night arrivals",
        "- a cap on waiting charges",
        "Officials said they would review the fees again next year, when the new quay opens "
        "to the larger ships that the dredging is meant for.",
    )


# ---------------------------------------------------------------- lists

def test_list_items_of_every_marker_are_paragraphs_not_headings() -> None:
    """"1. The first step lands in April" and "2) ..." were headings."""
    text = HEAD + (
        "The port authority voted on Monday to raise berth fees.\nThe changes include:\n"
        "- A higher fee for ships over 300 metres\n* A cap on waiting charges\n"
        "\u2022 Free berths for research vessels\n1. The first step lands in April\n"
        "2) The second step lands in October\n\u2705 Smaller vessels are exempt\n"
        "\U0001f449 The review comes next year\nThe article goes on after the list.\n"
    )
    article = _clean(text)
    assert article.headings == ()
    assert article.paragraphs == (
        "The changes include:", "- A higher fee for ships over 300 metres",
        "* A cap on waiting charges", "\u2022 Free berths for research vessels",
        "1. The first step lands in April", "2) The second step lands in October",
        "\u2705 Smaller vessels are exempt", "\U0001f449 The review comes next year",
        "The article goes on after the list.",
    )


def test_numbered_section_headings_with_text_between_stay_headings() -> None:
    text = HEAD + (
        "The port authority voted on Monday to raise berth fees.\n1. Bigger Ships Pay More\n"
        "Ships over 300 metres pay a higher fee from April.\n2. Night Arrivals Pay Less\n"
        "Ships that arrive at night get a discount.\n"
    )
    assert _clean(text).headings == ("1. Bigger Ships Pay More", "2. Night Arrivals Pay Less")


def test_items_without_markers_under_a_lead_in_are_paragraphs() -> None:
    """A browser copies a list's items without their bullets: under "... include:" they
    were headings, one an item."""
    text = HEAD + (
        "The port authority voted on Monday to raise berth fees.\nThe changes include:\n"
        "A higher fee for ships over 300 metres\nA discount for night arrivals\n"
        "A cap on waiting charges\nThe rest of the article carries on here.\n"
        "What Comes Next\nOfficials said they would review the fees again next year.\n"
    )
    article = _clean(text)
    assert article.headings == ("What Comes Next",)
    assert article.paragraphs[1:4] == (
        "A higher fee for ships over 300 metres", "A discount for night arrivals",
        "A cap on waiting charges",
    )


def test_bullets_on_lines_of_their_own_under_a_lead_in_keep_the_items_and_the_text() -> None:
    """A PDF's or a word processor's copy puts a list's bullet on a line of its own. The
    bullet was read as the related-posts widget's dash: the items and the rest of the
    article were dropped as related posts."""
    text = HEAD + (
        "The port authority voted on Monday to raise berth fees.\nThe changes include:\n"
        "\u2022\nA higher fee for ships over 300 metres\n\u2022\nA discount for night arrivals\n"
        "The rest of the article carries on here with more detail.\n" + WIDGET
    )
    article = _clean(text)
    assert article.paragraphs == (
        "The changes include:", "\u2022 A higher fee for ships over 300 metres",
        "\u2022 A discount for night arrivals",
        "The rest of the article carries on here with more detail.",
    )


def test_a_lone_bullet_after_the_text_still_opens_the_widget() -> None:
    text = HEAD + (
        "The port authority voted on Monday to raise berth fees.\n"
        "Officials said they would review the fees again next year.\n"
        "\u2022\nNorth Quay Dockers Agree A New Contract\n"
        "\u2022\nPellham Labs Ships A Faster Compiler\n"
    )
    assert _clean(text).paragraphs == (
        "Officials said they would review the fees again next year.",
    )


# ---------------------------------------------------------------- prose without a full stop

def test_lines_ending_with_an_address_or_a_figure_are_prose_not_headings() -> None:
    text = HEAD + (
        "The port authority voted on Monday to raise berth fees.\n"
        "The full filing is at https://port.example/filings/2026-berth\n"
        "See the chart at www.port.example\nQuestions go to desk@port.example\n"
        "The fee for a feeder rose to 1,300\nPanamax fees rose 15%\n"
        "Feeder lines took it calmly \U0001f6a2\nWhat Comes Next\n"
        "Officials said they would review the fees again next year.\n"
    )
    article = _clean(text)
    assert article.headings == ("What Comes Next",)
    assert "The full filing is at https://port.example/filings/2026-berth" in article.paragraphs
    assert "Panamax fees rose 15%" in article.paragraphs


def test_a_pull_quote_without_a_full_stop_is_a_paragraph() -> None:
    text = HEAD + (
        "The port authority voted on Monday to raise berth fees.\n"
        "\u201cWe have no other way to pay for the dredging\u201d\n\"Yes\"\n"
        "The chair said so after the vote.\n"
    )
    article = _clean(text)
    assert article.headings == ()
    assert article.paragraphs[:2] == ("\u201cWe have no other way to pay for the dredging\u201d",
                                      '"Yes"')


# ---------------------------------------------------------------- tables

def test_a_pasted_table_is_a_line_a_row_with_its_cells_a_bar_apart() -> None:
    """Rows were headings with their cells run together ("Feeder 1,200 1,300")."""
    text = HEAD + (
        "The port authority voted on Monday to raise berth fees.\nThe new fees per call are:\n"
        "Vessel\tOld fee\tNew fee\nFeeder\t1,200\t1,300\n"
        "Class      Old      New\nSmall      100      110\n"
        "The authority will publish the full schedule next week.\n"
    )
    article = _clean(text)
    assert article.headings == ()
    assert article.paragraphs == (
        "The new fees per call are:", "Vessel | Old fee | New fee", "Feeder | 1,200 | 1,300",
        "Class | Old | New", "Small | 100 | 110",
        "The authority will publish the full schedule next week.",
    )


def test_prose_with_runs_of_spaces_is_not_a_table() -> None:
    text = HEAD + (
        "The port authority voted on Monday to raise berth fees.\n"
        "Founder Ann Lee said the money would pay for   twelve new pilots.\n"
        "He left.  She stayed.  The vote went on.\n"
    )
    assert _clean(text).paragraphs == (
        "Founder Ann Lee said the money would pay for twelve new pilots.",
        "He left. She stayed. The vote went on.",
    )


# ---------------------------------------------------------------- furniture in the text

def test_a_photo_credit_and_the_tags_line_are_dropped_the_text_around_them_kept() -> None:
    text = HEAD + (
        "The port authority voted on Monday to raise berth fees.\n"
        "The vote passed seven to two after a long session.\nPhoto: Quay Ledger staff\n"
        "Officials said they would review the fees again next year.\nTags: ports, shipping\n"
    )
    article, report = clean_with_report(parse_dump_text(text, "dump.txt"))
    assert article.paragraphs == (
        "The vote passed seven to two after a long session.",
        "Officials said they would review the fees again next year.",
    )
    assert ("Photo: Quay Ledger staff", "image-credit") in report.dropped
    assert ("Tags: ports, shipping", "tags") in report.dropped
