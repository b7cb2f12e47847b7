# ruff: noqa: E501  (a sentence a line)
"""The clean stage, round 4: an editor's update note that tops (or closes) a republished
page or a feed item ("Update (18:40 UTC, Nov. 21): ...", "UPDATE 2 — ...", "Editor's note
(Nov. 21): ...", "Correction (Nov. 22): ...") is the article's note, not its lead or
summary; share counters copied as text ("Share 14 Tweet 9 Share 3", "14 shares 9
comments") are furniture; a Substack footnote's number, a link of its own before the
note's text, is no paragraph "1".

Every text is written for this file (invented outlets and people, ``.example`` hosts)."""

from __future__ import annotations

import html
import time

import pytest

from digest.clean import furniture_rule, note_ends
from tests.test_realworld_clean4 import _dump, _feed, _page, _paras
from tests.test_realworld_prose_kept import WAYS, P

WAY_NAMES = ["feed", "page", "dump"]
RETURNED = "The attacker returned 4,000 ETH to the bridge's recovery wallet."


def _read(way: str, lines: list[str]):
    """The article and what was dropped, ``lines`` as a feed item's, a page's or (under a
    standfirst-less headline) a dump's paragraphs."""
    if way == "dump":
        return _dump(lines)
    return (_feed if way == "feed" else _page)(_paras(lines))


# ---------------------------------------------------------------- 1. update notes

NOTES = [
    f"Update (18:40 UTC, Nov. 21): {RETURNED}",
    f"Update: {RETURNED}",
    f"Updated: {RETURNED}",
    f"UPDATE 2 — {RETURNED}",
    f"Update, Nov. 21, 18:40 UTC: {RETURNED}",
    f"Editor's note (Nov. 21): {RETURNED}",
    "Correction (Nov. 22): An earlier version of this story misstated the size of the fee cut.",
    f"[Update: {RETURNED}]",
]


@pytest.mark.parametrize("note", NOTES, ids=[n[:30] for n in NOTES])
@pytest.mark.parametrize("way", WAY_NAMES)
def test_an_update_note_on_top_is_the_articles_note_not_its_lead(note: str, way: str) -> None:
    """It was the first paragraph of a feed item and a page, and the summary of all three
    (a dump's standfirst)."""
    article, dropped = _read(way, [note, *P])
    assert article.note == note
    assert article.summary.startswith(P[0])
    assert note not in article.paragraphs
    if way != "dump":  # (a dump's first line is its standfirst)
        assert list(article.paragraphs) == P
        assert note not in article.body_html
    assert not [d for d in dropped if d[0] == note]  # kept, as the note: not dropped


@pytest.mark.parametrize("way", WAY_NAMES)
def test_an_update_note_at_the_bottom_is_the_articles_note(way: str) -> None:
    note = NOTES[0]
    article, _dropped = _read(way, [*P, note])
    assert article.note == note
    assert note not in article.paragraphs


@pytest.mark.parametrize("way", ["feed", "page"])
def test_notes_on_top_and_at_the_bottom_make_one_note_in_their_order(way: str) -> None:
    article, _dropped = _read(way, [NOTES[3], NOTES[5], *P, NOTES[6]])
    assert article.note == f"{NOTES[3]} {NOTES[5]} {NOTES[6]}"
    assert list(article.paragraphs) == P


@pytest.mark.parametrize("way", ["feed", "page"])
def test_a_bold_label_before_the_note_reads_the_same(way: str) -> None:
    body = (f"<p><strong>Update (18:40 UTC, Nov. 21):</strong> {html.escape(RETURNED)}</p>"
            + _paras(P))
    article, _dropped = (_feed if way == "feed" else _page)(body)
    assert article.note == NOTES[0]
    assert article.summary.startswith(P[0])
    assert list(article.paragraphs) == P


@pytest.mark.parametrize("label", ["<p><strong>Update (18:40 UTC, Nov. 21):</strong></p>",
                                   "<h3>Update (18:40 UTC, Nov. 21):</h3>"])
@pytest.mark.parametrize("way", ["feed", "page"])
@pytest.mark.parametrize("where", ["top", "bottom"])
def test_a_notes_label_in_a_block_of_its_own_takes_the_block_after_it(
        label: str, way: str, where: str) -> None:
    note = f"{label}<p>{html.escape(RETURNED)}</p>"
    body = note + _paras(P) if where == "top" else _paras(P) + note
    article, _dropped = (_feed if way == "feed" else _page)(body)
    assert article.note == NOTES[0]
    assert list(article.paragraphs) == P and article.headings == ()
    assert article.summary.startswith(P[0])


def test_a_label_with_no_text_after_it_is_no_note() -> None:
    article, _dropped = _feed(_paras(P) + "<p><strong>Update:</strong></p>")
    assert article.note is None


def test_a_feed_items_note_in_a_box_leaves_no_empty_box() -> None:
    article, _dropped = _feed(f"<blockquote><p>{html.escape(NOTES[0])}</p></blockquote>" + _paras(P))
    assert article.note == NOTES[0]
    assert "<blockquote" not in article.body_html


def test_a_feed_items_excerpt_that_opens_with_the_note_sums_up_the_text() -> None:
    """WordPress's excerpt is cut from the body: it opened with the note."""
    excerpt = html.escape(f"{NOTES[0]} {P[0]} According to the team […]")
    article, _dropped = _feed(_paras([NOTES[0], *P]), extra=f"<description>{excerpt}</description>")
    assert article.note == NOTES[0]
    assert article.summary.startswith(P[0])
    # an excerpt cut inside the note sums up nothing: the text's own paragraphs do
    cut = html.escape(NOTES[0][:40] + " […]")
    article, _dropped = _feed(_paras([NOTES[0], *P]), extra=f"<description>{cut}</description>")
    assert article.summary.startswith(P[0])


def test_a_feed_items_own_summary_is_kept_as_written() -> None:
    article, _dropped = _feed(_paras([NOTES[0], *P]),
                              extra="<description>A cheaper bridge &amp; a refund.</description>")
    assert article.summary == "A cheaper bridge & a refund."
    assert article.note == NOTES[0]


# sentences that open with an update's or a correction's word: no editor's note
NOT_NOTES = [
    "Update 2.0 of the wallet app shipped on Tuesday.",
    "Updates to the bridge contract shipped on Tuesday.",
    "Update on the exploit: the team has paused all withdrawals.",
    "Updated guidance from the regulator arrived on Monday.",
    "Correction in the token's price deepened on Wednesday.",
    "Correction (a fall of 20%) deepened on Tuesday.",
]


@pytest.mark.parametrize("line", NOT_NOTES, ids=[n[:30] for n in NOT_NOTES])
@pytest.mark.parametrize("way", WAY_NAMES)
def test_sentences_that_open_like_a_note_stay(line: str, way: str) -> None:
    lines = [line, *P] if way != "dump" else ["A cheaper bridge for two chains.", line, *P]
    article, _dropped = _read(way, lines)
    assert line in article.paragraphs
    assert article.note is None
    if way != "dump":
        assert article.summary.startswith(line)


@pytest.mark.parametrize("way", ["feed", "page"])
def test_a_note_in_the_middle_or_a_live_blogs_entries_stay_in_the_text(way: str) -> None:
    middle = [P[0], P[1], NOTES[1], P[2], P[3]]
    article, _dropped = _read(way, middle)
    assert list(article.paragraphs) == middle and article.note is None
    live = [f"Update 14:{m}0 UTC: The bridge processed {m} more withdrawals." for m in range(1, 6)]
    article, _dropped = _read(way, live)
    assert list(article.paragraphs) == live and article.note is None
    # ... and a body of nothing but a note keeps it as its text
    article, _dropped = _read(way, [NOTES[0]])
    assert list(article.paragraphs) == [NOTES[0]] and article.note is None


@pytest.mark.parametrize("way", ["feed", "page"])
def test_an_updated_dateline_is_still_a_dateline(way: str) -> None:
    article, dropped = _read(way, ["Updated: Nov 21, 2026, 09:00 UTC", *P])
    assert article.note is None
    assert ("Updated: Nov 21, 2026, 09:00 UTC", "dateline") in dropped


def test_note_ends_reads_a_body_in_one_pass() -> None:
    texts = [P[0]] * 50000 + [NOTES[0]]
    start = time.perf_counter()
    assert note_ends(texts) == (0, 1)
    assert note_ends([NOTES[1]] * 50000) == (0, 0)
    assert time.perf_counter() - start < 5


# ---------------------------------------------------------------- 2. share counters

COUNTERS = [
    "Share 14 Tweet 9 Share 3",
    "Share on X 12 · Telegram 4",
    "14 shares 9 comments",
    "Tweet 9",
    "Like 120 Share",
    "Likes 1.2K | Comments 40",
    "Share 14 · Email · Print",
]


@pytest.mark.parametrize("line", COUNTERS)
@pytest.mark.parametrize("way", WAY_NAMES)
def test_share_counters_under_the_headline_are_furniture(line: str, way: str) -> None:
    """They were the standfirst (a dump's) and the summary."""
    article, dropped = _read(way, [line, *P])
    assert (line, "social-count") in dropped
    assert article.summary.startswith(P[0])
    assert line not in article.paragraphs


@pytest.mark.parametrize("line", COUNTERS)
@pytest.mark.parametrize("way", sorted(WAYS))
def test_share_counters_in_the_text_are_furniture(line: str, way: str) -> None:
    kept, report = WAYS[way](line)
    assert line not in kept and (line, "social-count") in report.dropped
    assert all(p in kept for p in P)


COUNTER_PROSE = [
    "Shares fell 14% on Tuesday.",
    "Shares 14 and 15 of the pool went to the team.",
    "Tweet 9 of the thread named the wallet.",
    "Likes and shares fell by half in May.",
    "Save 20% on fees until Friday, the exchange told its users.",
    "14 shares of the fund changed hands.",
    "Views 3 and 4 of the report differ.",
]


@pytest.mark.parametrize("line", COUNTER_PROSE)
@pytest.mark.parametrize("way", sorted(WAYS))
def test_sentences_with_share_words_and_counts_stay(line: str, way: str) -> None:
    kept, report = WAYS[way](line)
    assert line in kept, report.dropped
    assert furniture_rule(line) is None


@pytest.mark.parametrize("line", [
    "Share " + "twitter " * 5000 + "!",
    "Share 1" + " x" * 20000 + "!",
    "14 shares " + "9 " * 20000 + "!",
    "Share " + "1.2K · " * 5000 + "and more",
])
def test_a_long_run_of_buttons_is_read_in_linear_time(line: str) -> None:
    start = time.perf_counter()
    assert furniture_rule(line) is None
    assert time.perf_counter() - start < 1


# ---------------------------------------------------------------- 3. Substack's footnotes

MARKED = "The bridge reopened on Tuesday after a pause."
NOTE_1 = "Measured over one week by the team."
NOTE_2 = "Second note, with a link."
SUBSTACK = (
    '<p>The bridge reopened on Tuesday<a class="footnote-anchor" data-component-name="FootnoteAnchorToDOM"'
    ' id="footnote-anchor-1" href="#footnote-1" target="_self">1</a> after a pause.</p>'
    + _paras(P[1:3])
    + '<div class="footnote" data-component-name="FootnoteToDOM"><a id="footnote-1" href="#footnote-anchor-1"'
    ' class="footnote-number" contenteditable="false" target="_self">1</a><div class="footnote-content">'
    f"<p>{NOTE_1}</p></div></div>"
    '<div class="footnote" data-component-name="FootnoteToDOM"><a id="footnote-2" href="#footnote-anchor-2"'
    ' class="footnote-number" contenteditable="false" target="_self">2</a><div class="footnote-content">'
    '<p>Second note, with <a href="https://ledger.example/">a link</a>.</p></div></div>'
)


@pytest.mark.parametrize("link", ["https://quay.example/a", "http://[x"])
def test_a_substack_notes_number_opens_its_note_in_a_feed_item(link: str) -> None:
    """A paragraph "1" stood above the note, and the marker read "Tuesday1"."""
    article, _dropped = _feed(SUBSTACK, link=link)
    assert list(article.paragraphs) == [MARKED, *P[1:3], f"[1] {NOTE_1}", f"[2] {NOTE_2}"]
    assert article.summary.startswith(MARKED)
    assert "<p>[1] Measured" in article.body_html
    assert "Tuesday<sup><a" in article.body_html  # the marker, shown as one


def test_a_substack_notes_number_is_no_paragraph_of_a_page_either() -> None:
    """The page's reader takes the notes' numbers and markers out (digest/ingest/html.py)."""
    article, _dropped = _page(SUBSTACK)
    assert list(article.paragraphs) == [MARKED, *P[1:3], NOTE_1, NOTE_2]


def test_a_dumps_note_number_on_a_line_of_its_own_opens_its_note() -> None:
    """It was a heading "1"."""
    article, _dropped = _dump(["A cheaper bridge for two chains.", *P, "1", NOTE_1, "2", NOTE_2])
    assert list(article.paragraphs) == [*P, f"1. {NOTE_1}", f"2. {NOTE_2}"]
    assert article.headings == ()


def test_a_number_under_the_headline_is_not_joined_to_the_standfirst() -> None:
    """A comment counter's "3" before any text is no note's number."""
    article, _dropped = _dump(["3", "A cheaper bridge for two chains.", *P])
    assert not any(text.startswith("3. ") for text in (article.summary, *article.paragraphs))


def test_number_links_that_are_no_notes_stay() -> None:
    """A page's link to the next page, a marker glued to a word with no note of its number."""
    body = ('<p>Read on.</p><a href="/page/2">2</a><p>More text here, on the next part.</p>'
            '<p>Clause<a href="#c7">7</a> applies.</p>')
    article, _dropped = _feed(body)
    assert "More text here, on the next part." in article.paragraphs
    assert "[2] More" not in article.body_html and "<sup>" not in article.body_html


def test_many_number_links_are_read_in_linear_time() -> None:
    body = ('<p>' + 'fees<a href="#footnote-1">1</a> ' * 20000 + '</p>'
            + '<a href="#footnote-anchor-1">1</a><p>A note.</p>' * 2000)
    start = time.perf_counter()
    article, _dropped = _feed(body)
    assert time.perf_counter() - start < 10
    assert article.paragraphs[0].startswith("fees fees fees")


def test_a_malformed_base_address_costs_a_body_only_its_relative_links() -> None:
    """An item whose own address is malformed ("http://[x") keeps its absolute links: only
    a link that needed the base to resolve goes (every link's address went)."""
    from digest.clean import sanitize_html

    body = ('<p>See <a href="https://ledger.example/report">the report</a> and '
            '<a href="/notes">the notes</a>.</p>')
    kept = sanitize_html(body, "http://[x")
    assert 'href="https://ledger.example/report"' in kept and 'href="/notes"' not in kept
    assert "the notes" in kept
