# ruff: noqa: E501  (the pages are written out whole)
"""Saved article pages, round 6: a Next.js App Router page saved "HTML only" (its article
in the React Server Components stream the page pushes to ``self.__next_f``: element rows,
text rows of HTML or Markdown), an Apollo cache whose article refers to its author (or
its body) by ``__ref``, the WP-Print page's "2 March 2026 @ 9:00 am", and a byline that
gives its date after the name ("By Nell Brook, 2 March 2026"). Every page is written here
(an invented river trust, ``.example`` hosts); each is read with the public page reader,
then cleaned.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

import digest.ingest.html as page_reader
from digest.clean import clean_with_report
from digest.ingest.html import parse_page_text
from tests.test_realworld_pages5 import (
    ARTICLE,
    HTML_BODY,
    PUBLISHED,
    SHELL,
    WP_PRINT,
    H,
    P,
    T,
    page,
)


def clean(text: str, method: str = "combined"):
    article, _report = clean_with_report(parse_page_text(text, "saved.html", method=method))
    return article


# ------------------------------------------------------------------ Next.js's flight stream

def el(tag: str, children: object = None, **props: object) -> list:
    """A React element as the flight stream writes one."""
    if children is not None:
        props["children"] = children
    return ["$", tag, None, props]


TEXT_ROW = re.compile(r"[0-9a-f]+:T[0-9a-f]+,")


def text_row(row: str, text: str) -> str:
    return f"{row}:T{len(text.encode('utf-8')):x},{text}"


def flight_page(rows: list[str], shown: str = SHELL, head: str = "", piece: int = 97) -> str:
    """A page of the App Router: the stream cut into pieces (mid-row, mid-character, as
    the server flushes it), each pushed by a script, escaped as Next.js escapes them."""
    stream = "".join(row if TEXT_ROW.match(row) else row + "\n" for row in rows)  # (a text row ends where its length says)
    pieces = [stream[i:i + piece] for i in range(0, len(stream), piece)]
    scripts = '<script>(self.__next_f=self.__next_f||[]).push([0])</script><script>self.__next_f.push([2,null])</script>'
    for chunk in pieces:
        escaped = json.dumps(chunk, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        scripts += f"<script>self.__next_f.push([1,{escaped}])</script>"
    return page(shown + scripts, head='<script src="/_next/static/chunks/main-app-4f2a.js" async=""></script>' + head)


LAYOUT = [
    '1:HL["/_next/static/css/app-9c1d.css","style"]',
    '2:I[7411,["static/chunks/7411-8e2b.js","static/chunks/app/layout-1f0a.js"],"default"]',
    # the root: a client component (row 2, a module) around the page's tree (row 3)
    "0:" + json.dumps(["$", "$L2", None, {"buildId": "b1x9", "assetPrefix": "", "initialTree": ["", {"children": ["news", {}]}], "children": "$L3"}]),
]
NAV = el("nav", [el("a", "Home", href="/"), el("a", "News", href="/news")])
FOOTER = el("footer", el("p", "© 2026 River Times. All rights reserved by the trust's paper."))
RELATED = el("aside", [el("h2", "Read next"), el("ul", [el("li", el("a", "Weir Walk Reopens After Repairs", href="/news/weir-walk")), el("li", el("a", "Trust Elects New Chair", href="/news/new-chair"))])])


def element_rows() -> list[str]:
    """The article as elements: its header (headline, byline, date) in one row, its
    paragraphs in another the first refers to ("$L5"), a link and bold text inside them."""
    header = el("header", [el("h1", T), el("p", ["By ", el("a", "Nell Brook", href="/authors/nell-brook", rel="author")]),
                           el("time", "2 March 2026", dateTime="2026-03-02T09:00:00Z")])
    article = el("article", [header, "$L5"], className="story")
    body = el("div", [
        el("p", P[0]),
        el("p", [P[1][:12], el("a", P[1][12:40], href="https://weir.example/"), P[1][40:]]),
        el("h2", H),
        el("p", [el("strong", P[2][:10]), P[2][10:]]),
        el("p", P[3]),
    ], className="prose")
    return [*LAYOUT, "3:" + json.dumps(el("html", el("body", [NAV, el("main", [article, RELATED]), FOOTER]))),
            "5:" + json.dumps(body)]


def html_text_row() -> list[str]:
    """The body as a text row of HTML, a component's prop ("$6") beside the article's fields."""
    props = {"article": {**ARTICLE, "body": "$6"}}
    return [*LAYOUT, "3:" + json.dumps(el("html", el("body", [NAV, el("main", ["$", "$L4", None, props]), FOOTER]))),
            text_row("6", HTML_BODY)]


def markdown_text_row() -> list[str]:
    markdown = f"{P[0]}\n\n{P[1]}\n\n## {H}\n\n{P[2][:20]}**{P[2][20:30]}**{P[2][30:]}\n\n{P[3]}\n"
    props = {"post": {**ARTICLE, "content": "$6"}}
    return [*LAYOUT, "3:" + json.dumps(el("html", el("body", [el("main", ["$", "$L4", None, props])]))),
            text_row("6", markdown)]


def inner_html_row() -> list[str]:
    """A text row of HTML set as a <div>'s inner HTML, the page's headline and date beside it."""
    header = el("header", [el("h1", T), el("time", "2 March", dateTime="2026-03-02T09:00:00Z")])
    article = el("article", [header, el("div", None, className="prose", dangerouslySetInnerHTML={"__html": "$7"})])
    return [*LAYOUT, "3:" + json.dumps(el("html", el("body", [NAV, el("main", article), FOOTER]))), text_row("7", HTML_BODY)]


@pytest.mark.parametrize("rows", [element_rows, html_text_row, markdown_text_row, inner_html_row])
@pytest.mark.parametrize("piece", [97, 4096])
def test_an_app_router_pages_text_is_read_from_its_flight_stream(rows, piece: int) -> None:
    article = clean(flight_page(rows(), piece=piece))
    assert list(article.paragraphs) == P
    assert H in article.body_html
    assert "All rights reserved" not in article.body_html and "Weir Walk Reopens" not in article.body_html
    assert article.title == T
    assert article.published == PUBLISHED
    if rows is not inner_html_row:  # (its page names nobody)
        assert article.author == "Nell Brook"


def test_a_text_rows_length_counts_bytes_not_characters() -> None:
    # "café", "—" and "€" are two and three bytes in UTF-8: the row after the text is found
    # where the byte count says, and the text is whole
    accented = "The café by the weir — open since the spring — sold tea for €2 to the volunteers at the pass."
    body = HTML_BODY.replace(f"<p>{P[3]}</p>", f"<p>{P[3]}</p><p>{accented}</p>")
    rows = [*LAYOUT, "3:" + json.dumps(el("main", ["$", "$L4", None, {"article": {**ARTICLE, "body": "$6"}}])),
            text_row("6", body), "8:" + json.dumps(["$", "$L9", None, {"x": 1}])]
    for piece in (5, 61, 4096):
        article = clean(flight_page(rows, piece=piece))
        assert list(article.paragraphs) == [*P, accented]


def test_an_app_router_page_that_shows_its_text_keeps_it() -> None:
    shown = f"<main><article><h1>{T}</h1>" + "".join(f"<p>{p}</p>" for p in P) + "</article></main>"
    article = clean(flight_page(element_rows(), shown=shown))
    assert list(article.paragraphs) == P
    # and another story's text in the stream does not replace a story the page shows
    other = el("article", [el("h1", "Weir Walk Reopens After Repairs"), *(el("p", f"The weir walk reopened on Friday after repairs to its railings and steps, part {i} of the council's plan for the river path.") for i in range(8))])
    shown = f"<main><article><h1>{T}</h1><p>{P[0]}</p><p>{P[1]}</p></article></main>"
    article = clean(flight_page([*LAYOUT, "3:" + json.dumps(el("main", other))], shown=shown))
    assert article.title == T and list(article.paragraphs) == P[:2]


@pytest.mark.parametrize("stream", [
    # a text row longer than the stream
    [*LAYOUT, "6:T99999," + HTML_BODY],
    # rows that are not JSON, or no rows at all
    ['3:["$","p",null,{"children":"broken', "zz not a row", ":N1234.5", "4:E{\"digest\":\"1\"}"],
    # nesting deeper than any page's
    ["3:" + "[" * 5000 + "]" * 5000],
    # elements nested deeper than the walk follows, and rows that refer to each other
    ["3:" + json.dumps(el("main", "$L4")), "4:" + json.dumps(el("div", "$L3"))],
], ids=["long-text-row", "not-json", "deep", "cycle"])
def test_a_malformed_flight_stream_is_ignored(stream: list[str]) -> None:
    shown = f"<main><article><h1>{T}</h1><p>{P[0]}</p><p>{P[3]}</p></article></main>"
    article = clean(flight_page(stream, shown=shown))
    assert list(article.paragraphs) == [P[0], P[3]]


def test_deeply_nested_elements_are_walked_within_the_bound() -> None:
    tree = el("div", [el("p", p) for p in P])
    for _ in range(150):
        tree = el("div", tree)
    assert list(clean(flight_page([*LAYOUT, "3:" + json.dumps(el("main", [el("h1", T), tree]))])).paragraphs) == P


def test_a_flight_stream_larger_than_the_bound_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    text = flight_page(element_rows())
    assert list(clean(text).paragraphs) == P
    monkeypatch.setattr(page_reader, "_DATA_MAX", 1000)
    assert page_reader.data_body(page_reader.lxml.html.fromstring(text)) is None


# ------------------------------------------------------------------ Apollo's references

def apollo(author_ref: bool = True, body_ref: bool = False) -> str:
    blocks = "".join(f"<p>{p}</p>" for p in P[:2]) + f"<h2>{H}</h2>" + "".join(f"<p>{p}</p>" for p in P[2:])
    article = {**ARTICLE, "body": blocks}
    state: dict = {"ROOT_QUERY": {"__typename": "Query", 'article({"slug":"fish-pass"})': {"__ref": "Article:a-77"}}}
    if author_ref:
        article["author"] = {"__ref": "Author:12"}
        state["Author:12"] = {"__typename": "Author", "id": "12", "name": "Nell Brook", "slug": "nell-brook"}
    if body_ref:
        article["body"] = {"__ref": "RichText:5"}
        state["RichText:5"] = {"__typename": "RichText", "id": "5", "html": blocks}
    state["Article:a-77"] = article
    return f"<script>window.__APOLLO_STATE__ = {json.dumps(state)};</script>"


@pytest.mark.parametrize("body_ref", [False, True], ids=["body", "body-ref"])
def test_an_apollo_authors_reference_is_followed_for_the_name(body_ref: bool) -> None:
    article = clean(page(SHELL + apollo(body_ref=body_ref), title="River Times"))
    assert list(article.paragraphs) == P
    assert article.author == "Nell Brook"
    assert article.title == T
    assert article.published == PUBLISHED


def test_a_reference_to_nothing_in_the_state_names_nobody() -> None:
    state = apollo().replace('"Author:12": {', '"Author:99": {')
    article = clean(page(SHELL + state))
    assert list(article.paragraphs) == P
    assert article.author is None


# ------------------------------------------------------------------ WP-Print's date

@pytest.mark.parametrize(("written", "when"), [
    ("2 March 2026 @ 9:00 am", PUBLISHED),
    ("March 2, 2026 @ 9:00 pm", datetime(2026, 3, 2, 21, 0, tzinfo=UTC)),
    ("2 March 2026", datetime(2026, 3, 2, tzinfo=UTC)),
])
def test_a_wp_print_pages_date_is_read(written: str, when: datetime) -> None:
    text = WP_PRINT.replace("2 March 2026 @ 9:00 am", written)
    article = clean(text)
    assert article.published == when
    assert (article.title, article.author) == (T, "Nell Brook")
    assert list(article.paragraphs) == P


def test_a_wp_print_page_without_a_date_has_none() -> None:
    text = WP_PRINT.replace("2 March 2026 @ 9:00 am", "")
    article = clean(text)
    assert article.published is None and article.author == "Nell Brook"


# ------------------------------------------------------------------ bylines with a date

@pytest.mark.parametrize("byline", [
    "By Nell Brook, 2 March 2026",
    "By <a href='/authors/nell-brook'>Nell Brook</a>, <time datetime='2026-03-02'>2 March 2026</time>",
    "By Nell Brook | March 2, 2026, 9:00 am",
    "By Nell Brook - 2 March 2026",
    "By Nell Brook on Monday 2 March 2026",
    "By Nell Brook 2 March 2026",
    "By Nell Brook March 2, 2026",
])
def test_a_bylines_name_is_read_before_its_date(byline: str) -> None:
    text = page(f"<main><article><h1>{T}</h1><p class='byline'>{byline}</p>" + "".join(f"<p>{p}</p>" for p in P) + "</article></main>")
    assert parse_page_text(text, "saved.html").author == "Nell Brook"


def test_a_three_word_name_before_a_date_is_whole() -> None:
    text = page(f"<main><article><h1>{T}</h1><p class='byline'>By Nell Rowan Brook, 2 March 2026</p><p>{P[0]}</p><p>{P[1]}</p></article></main>")
    assert parse_page_text(text, "saved.html").author == "Nell Rowan Brook"


@pytest.mark.parametrize("byline", [
    "By Nell Brook and Ann Writer, 2 March 2026",  # two names: the clean stage's
    "By Nell Brook, River Desk, 2 March 2026",  # a desk
    "By Nell Brook, 14 comments",  # no date
    "By 2 March 2026 the trust hopes to have counted 400 fish",  # prose
])
def test_a_byline_of_another_shape_names_nobody_here(byline: str) -> None:
    text = page(f"<main><article><h1>{T}</h1><p class='byline'>{byline}</p><p>{P[0]}</p><p>{P[1]}</p></article></main>")
    assert parse_page_text(text, "saved.html").author is None


def test_a_paragraph_outlined_as_a_text_row_is_read_as_text() -> None:
    """React writes a long string as a text row, also a paragraph's ("children": "$9"):
    its text as written, not read as Markdown or HTML, in its place among the others."""
    long = "The trust's report, which runs to forty pages, counts every fish & every eel.\n\nIt says the <pass> works " + "and the counts will go on every spring " * 6 + "until the weir is gone."
    body = el("div", [el("p", P[0]), el("p", "$9"), el("p", ["Then: ", "$a"]), el("p", P[3])])
    rows = [*LAYOUT, "3:" + json.dumps(el("main", [el("h1", T), el("article", "$L5")])), "5:" + json.dumps(body),
            text_row("9", long), text_row("a", P[2])]
    article = clean(flight_page(rows))
    assert list(article.paragraphs) == [P[0], " ".join(long.split()), f"Then: {P[2]}", P[3]]
