# ruff: noqa: E501  (the pages are written out whole)
"""Saved article pages whose text comes in the shapes an article's body takes: a paragraph
wrapped in a link, text in <div>s with <br>s, blockquotes, lists, a table, a figure, a
definition list, a heading in a link, an <aside> pull quote, a <details> box, an inline
<q>, <abbr>, footnote markers in <sup>, <span>s inside a word, &nbsp; and soft hyphens.
The promise: every sentence of the article reaches ``paragraphs``, in order, whole, and
not glued to the next. Every page is written here (an invented council, ``.example``).
"""

from __future__ import annotations

import pytest

from digest.clean import clean_with_report
from digest.ingest.html import _quote_marks, _without_note_marks, parse_page_text
from digest.model import Article

T = "Valley Council Approves Bridge Repairs"
A = [
    "The valley council voted on Thursday to repair the old stone bridge before the winter floods arrive.",
    "Engineers found cracks in two of the arches during an inspection carried out in the early autumn.",
    "Work will start next month and traffic will be sent along the river road while the crews are there.",
    "Residents asked for a footpath to stay open, and the council agreed to keep one side clear for walkers.",
]
S1 = "The mayor said the bridge had carried farm carts for more than two hundred years without trouble."
S2 = "A second survey of the foundations will be done in spring, once the water level has gone down."
S3 = "Local shops said they expected fewer customers while the road is closed to heavy lorries."


def page(body: str, around: bool = True) -> str:
    """An article page: the headline, two paragraphs, ``body``, two more (``around``)."""
    before, after = (f"<p>{A[0]}</p><p>{A[1]}</p>", f"<p>{A[2]}</p><p>{A[3]}</p>") if around else ("", "")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{T} | Valley Post</title>"
            "<meta property='og:site_name' content='Valley Post'></head><body>"
            "<header><nav><a href='/'>Home</a><a href='/news'>News</a></nav></header>"
            f"<main><article><h1>{T}</h1>{before}{body}{after}</article></main>"
            "<footer><p>© 2026 Valley Post</p></footer></body></html>")


def paragraphs(html: str, method: str = "combined") -> list[str]:
    article, _report = clean_with_report(parse_page_text(html, "bridge.html", method=method))
    assert article.title == T
    return list(article.paragraphs)


def around(*middle: str) -> list[str]:
    return [A[0], A[1], *middle, A[2], A[3]]


# ------------------------------------------------------------------ shapes that lost text


def test_a_blockquote_of_paragraphs_is_kept() -> None:
    """The page's "<blockquote><p>One.</p><p>Two.</p></blockquote>" reads "One.Two." as one
    text, the extractor's copy "One. Two.": the quote counted as text from outside the
    page's <article> and went, with both its paragraphs."""
    html = page(f"<blockquote><p>{S1}</p><p>{S2}</p></blockquote><p>{S3}</p>")
    assert paragraphs(html) == around(S1, S2, S3)


def test_paragraphs_that_are_each_one_whole_link_are_all_kept() -> None:
    """trafilatura kept three of four "<p><a href>whole paragraph</a></p>": the last, all
    link at the end of the text, read to it as a link list."""
    body = "".join(f"<p><a href='/story/{i}'>{text}</a></p>" for i, text in enumerate(A))
    assert paragraphs(page(body, around=False)) == A


def test_a_related_list_after_linked_paragraphs_stays_out() -> None:
    """What the fix above puts back is prose: a related-posts list's headlines (no stop at
    their end) after the article stay out."""
    body = "".join(f"<p><a href='/story/{i}'>{text}</a></p>" for i, text in enumerate(A))
    body += "<p><a href='/r/1'>Ferry Timetable Changes For The Winter Months Ahead</a></p>"
    assert paragraphs(page(body, around=False)) == A


def test_an_inline_quotation_is_one_paragraph_with_its_quotation_marks() -> None:
    """trafilatura wrote the <q> as a <blockquote> inside its paragraph, which the cleaner
    cut into three ("The engineer called it" / "a sound old bridge..." / "at the meeting.");
    readability kept the <q> and its marks went with the tag."""
    html = page("<p>The engineer called it <q>a sound old bridge with tired arches</q> at the meeting.</p>")
    said = "The engineer called it “a sound old bridge with tired arches” at the meeting."
    assert paragraphs(html) == around(said)
    assert paragraphs(html, "readability") == around(said)


def test_quotation_marks_are_not_doubled_or_lost_inside() -> None:
    """The marks stand for the tag (a browser would add its own to a <q> left in)."""
    assert _quote_marks("<p><q>“Done”</q> and <q cite='x'>a <q>b</q> <em>c</em></q></p>") == (
        "<p>“Done” and “a ‘b’ <em>c</em>”</p>")


@pytest.mark.parametrize("marker", [
    "<sup>1</sup>",
    "<sup><a href='#n1'>1</a></sup>",
    "<a href='#note-1'><sup>1</sup></a>",
    "<sup>[1]</sup>",
    "<sup id='r1'><a href='#cite-1'>[1]</a></sup>",
    "<sup>*</sup>",
])
def test_a_footnote_marker_does_not_glue_to_its_word(marker: str) -> None:
    """Extractors drop the <sup> and keep its number: "parking fees1 to pay"."""
    html = page(f"<p>The council will raise parking fees{marker} to pay for the rest of the work.</p>")
    assert paragraphs(html) == around("The council will raise parking fees to pay for the rest of the work.")


def test_a_marker_after_a_sentence_and_the_note_itself_stay_apart() -> None:
    body = (f"<p>{A[0]}<sup id='r1'><a href='#note-1'>[1]</a></sup></p>"
            f"<p>{A[1]}</p><p>{A[2]}</p><p>{A[3]}</p>"
            "<ol class='notes'><li id='note-1'>The inspection report was published in October.</li></ol>")
    assert paragraphs(page(body, around=False)) == [*A, "The inspection report was published in October."]


def test_a_power_is_no_footnote_marker() -> None:
    """A number after a digit or a short unit is a power: its <sup> stays for the extractor."""
    for html in ("an area of 40 km<sup>2</sup>", "about 10<sup>6</sup> cells", "the 21<sup>st</sup> arch"):
        assert _without_note_marks(html) == html


def test_a_details_box_without_paragraphs_is_not_glued_to_its_summary() -> None:
    """readability keeps <details><summary>; the sanitiser drops both tags and read
    "How the vote wentSeven councillors voted..."."""
    html = page(f"<p>{S3}</p><details><summary>How the vote went</summary>Seven councillors voted in favour and two abstained.</details>")
    kept = paragraphs(html, "readability")
    assert "Seven councillors voted in favour and two abstained." in kept
    assert not any("wentSeven" in p for p in kept)


def test_sections_and_nested_divs_of_a_page_are_lines_of_their_own() -> None:
    """The clean stage alone: "<section>One.</section><section>Two.</section>" was one
    paragraph, "<div>One.<div>Two.</div></div>" one paragraph "One.Two."."""
    body = (f"<section>{A[0]}</section><section>{A[1]}</section>"
            f"<div>{A[2]}<div>{A[3]}</div></div>")
    article = Article(id="x", origin="page", location="x.html", title=T, source_name="Valley Post",
                      url="https://valley.example/bridge", body_html=body)
    cleaned, _report = clean_with_report(article)
    assert list(cleaned.paragraphs) == A
    assert "<div" not in cleaned.body_html and "<br" not in cleaned.body_html


# ------------------------------------------------------------------ shapes that already worked


SHAPES = {
    "link around a paragraph": (f"<a href='/survey'><p>{S1}</p></a><p>{S2}</p>", [S1, S2]),
    "link around a whole paragraph's text": (f"<p><a href='/survey'>{S1}</a></p><p>{S2}</p>", [S1, S2]),
    "divs with line breaks": (f"<div>{S1}<br>{S2}<br><br>{S3}</div>", [S1, S2, S3]),
    "blockquote of text": (f"<blockquote>{S1}</blockquote><p>{S2}</p>", [S1, S2]),
    "blockquote with a line break": (f"<blockquote>{S1}<br>{S2}</blockquote>", [S1, S2]),
    "ordered list": (f"<p>{S3}</p><ol><li>Close the road to lorries.</li><li>Repair the east arch.</li><li>Reopen the footpath.</li></ol>",
                     [S3, "Close the road to lorries.", "Repair the east arch.", "Reopen the footpath."]),
    "unordered list": (f"<p>{S3}</p><ul><li>Close the road to lorries</li><li>Repair the east arch</li><li>Reopen the footpath</li></ul>",
                       [S3, "Close the road to lorries", "Repair the east arch", "Reopen the footpath"]),
    "list of paragraphs": (f"<p>{S3}</p><ul><li><p>Close the road to lorries.</p></li><li><p>Repair the east arch.</p></li></ul>",
                           [S3, "Close the road to lorries.", "Repair the east arch."]),
    "table": (f"<p>{S3}</p><table><thead><tr><th>Item</th><th>Cost</th></tr></thead><tbody><tr><td>Arches</td><td>£120,000</td></tr><tr><td>Footpath</td><td>£15,000</td></tr></tbody></table>",
              [S3, "Item | Cost", "Arches | £120,000", "Footpath | £15,000"]),
    "definition list": (f"<p>{S3}</p><dl><dt>Arch</dt><dd>The curved stone span that carries the road.</dd><dt>Pier</dt><dd>The pillar that holds two arches up.</dd></dl>",
                        [S3, "Arch", "The curved stone span that carries the road.", "Pier", "The pillar that holds two arches up."]),
    # the caption is no paragraph (test_realworld_pages: Ghost's); the text around it is
    "figure with a caption": (f"<figure><img src='/bridge.jpg' alt='The bridge'><figcaption>The stone bridge seen from the river road.</figcaption></figure><p>{S1}</p>", [S1]),
    "heading inside a link": (f"<a href='/timeline'><h2>What Happens Next</h2></a><p>{S1}</p>", [S1]),
    "pull quote repeating a sentence": (f"<p>{S1}</p><aside class='pullquote'><p>{S1}</p></aside><p>{S2}</p>", [S1, S2]),
    "pull quote as a blockquote": (f"<p>{S1}</p><aside class='pullquote'><blockquote>{S1}</blockquote></aside><p>{S2}</p>", [S1, S2]),
    "details box": (f"<p>{S3}</p><details><summary>How the vote went</summary><p>Seven councillors voted in favour and two abstained.</p></details>",
                    [S3, "Seven councillors voted in favour and two abstained."]),
    "abbreviation": ("<p>The <abbr title='Valley Roads Authority'>VRA</abbr> will pay half of the cost, the council said.</p>",
                     ["The VRA will pay half of the cost, the council said."]),
    "spans inside a word": ("<p>The bridge is <span class='hl'>pic</span>turesque in the evening light, visitors said.</p>",
                            ["The bridge is picturesque in the evening light, visitors said."]),
    "no-break spaces": ("<p>The repairs will cost about&nbsp;£135,000 in&nbsp;total, officials said.</p>",
                        ["The repairs will cost about £135,000 in total, officials said."]),
    "soft hyphens": ("<p>The inter&shy;national engineers' society praised the council's plan.</p>",
                     ["The international engineers' society praised the council's plan."]),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_sentence_of_a_shape_is_a_paragraph_in_order(shape: str) -> None:
    body, middle = SHAPES[shape]
    assert paragraphs(page(body)) == around(*middle)


def test_a_heading_in_a_link_and_a_details_summary_are_headings_in_place() -> None:
    article, _report = clean_with_report(parse_page_text(page(SHAPES["heading inside a link"][0]), "b.html"))
    assert article.headings == ("What Happens Next",)
    assert article.body_html.index("What Happens Next") < article.body_html.index(S1)
    article, _report = clean_with_report(parse_page_text(page(SHAPES["details box"][0]), "b.html"))
    assert article.headings == ("How the vote went",)


@pytest.mark.parametrize("body", [
    "<div class='story'>" + "<br><br>".join(A) + "</div>",
    "<div class='story'>" + "<br>".join(A) + "</div>",
    "".join(f"<div>{text}</div>" for text in A),
    "".join(f"<a href='/s/{i}'><p>{text}</p></a>" for i, text in enumerate(A)),
])
def test_a_body_of_one_shape_only_is_every_paragraph(body: str) -> None:
    assert paragraphs(page(body, around=False)) == A
