# ruff: noqa: E501  (the pages are written out whole)
"""Saved article pages whose text is not where an extractor looks: a page of a Next.js, Nuxt
or headless-CMS site saved "HTML only" (the article in the page's data, the HTML a shell or a
teaser), page 1 of an article split over pages (its pager), a print version, a photo essay
told in its captions, and powers and indices written as <sup>/<sub>. Every page is written
here (an invented river trust, ``.example`` hosts); each is read with the public page reader,
then cleaned.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

import digest.ingest.html as page_reader
from digest.clean import clean_with_report
from digest.ingest.html import parse_page_text, unprinted_url

T = "Fish Pass Opens At Old Weir"
P = [
    "The river trust opened its new fish pass at the old weir on Monday morning, after two years of work.",
    "Salmon had been unable to climb the weir since a flood moved its stones in the winter of the storm.",
    "Volunteers counted the first fish through the pass within an hour of the gates being opened, the trust said.",
    "The pass cost the trust a little over two hundred thousand pounds, most of it raised by its members.",
]
H = "Counting The Fish"  # a section heading between P[1] and P[2]
URL = "https://rivertimes.example/news/fish-pass"
PUBLISHED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PARAGRAPHS = "".join(f"<p>{p}</p>" for p in P)


def page(body: str, head: str = "", title: str = f"{T} | River Times") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="River Times"><link rel="canonical" href="{URL}">{head}</head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
{body}
<footer><p>© 2026 River Times</p></footer></body></html>"""


def clean(text: str, method: str = "combined"):
    article, _report = clean_with_report(parse_page_text(text, "saved.html", method=method))
    return article


# ------------------------------------------------------------------ text in the page's data

ARTICLE = {"__typename": "Article", "id": "a-77", "title": T, "slug": "fish-pass",
           "author": {"__typename": "Author", "name": "Nell Brook"},
           "publishedAt": "2026-03-02T09:00:00Z", "updatedAt": "2026-03-02T11:30:00Z"}
RELATED = [{"title": "Weir Walk Reopens After Repairs", "slug": "weir-walk"},
           {"title": "Trust Elects New Chair", "slug": "new-chair"}]
HTML_BODY = f"<p>{P[0]}</p><p>{P[1]}</p><h2>{H}</h2><p>{P[2]}</p><p>{P[3]}</p>"


def next_data() -> str:
    data = {"props": {"pageProps": {"article": {**ARTICLE, "body": HTML_BODY}, "related": RELATED}},
            "page": "/news/[slug]", "query": {"slug": "fish-pass"}, "buildId": "b1x9", "isFallback": False}
    return f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'


def apollo_state() -> str:
    # Contentful's rich text, in an Apollo cache assigned to window
    def paragraph(text: str) -> dict:
        return {"nodeType": "paragraph", "data": {}, "content": [{"nodeType": "text", "value": text, "marks": [], "data": {}}]}
    blocks = [paragraph(P[0]), paragraph(P[1]),
              {"nodeType": "heading-2", "data": {}, "content": [{"nodeType": "text", "value": H, "marks": [], "data": {}}]},
              paragraph(P[2]), paragraph(P[3])]
    state = {"ROOT_QUERY": {"article({\"slug\":\"fish-pass\"})": {"__ref": "Article:a-77"}},
             "Article:a-77": {**ARTICLE, "body": {"json": {"nodeType": "document", "data": {}, "content": blocks}}}}
    return f"<script>window.__APOLLO_STATE__ = {json.dumps(state)};window.__CONFIG__ = {{\"env\": \"prod\"}};</script>"


def sanity_state() -> str:
    # Sanity's portable text, in a Redux store
    def block(text: str, style: str = "normal") -> dict:
        return {"_type": "block", "_key": "k", "style": style, "markDefs": [], "children": [{"_type": "span", "_key": "s", "text": text, "marks": []}]}
    post = {**ARTICLE, "body": [block(P[0]), block(P[1]), block(H, "h2"), block(P[2]), block(P[3])]}
    return f'<script type="text/javascript">window["__PRELOADED_STATE__"]={json.dumps({"post": {"current": post}})}</script>'


def nuxt_data() -> str:
    # Nuxt 3's payload: a flat array, values by index (devalue)
    data = [["ShallowReactive", 1], {"data": 2}, {"article-fish-pass": 3}, {"title": 4, "body": 5}, T, HTML_BODY]
    return f'<script type="application/json" id="__NUXT_DATA__" data-ssr="true">{json.dumps(data)}</script>'


def plain_state() -> str:
    # a body kept as lines of text, in a store assigned to window
    post = {**ARTICLE, "body": f"{P[0]}\n\n{P[1]}\n\n## {H}\n\n{P[2]}\n\n{P[3]}"}
    return f"<script>\n  window.__INITIAL_STATE__ = {json.dumps({'story': post})};\n</script>"


SHELL = '<div id="__next"><main><div class="skeleton"></div></main></div>'
TEASER = f'<div id="__next"><main><article><h1>{T}</h1><p>{P[0]}</p><div class="paywall"><p>Subscribe to keep reading.</p></div></article></main></div>'


@pytest.mark.parametrize("data", [next_data, apollo_state, sanity_state, nuxt_data, plain_state])
@pytest.mark.parametrize("shown", [SHELL, TEASER], ids=["shell", "teaser"])
def test_a_script_drawn_pages_text_is_read_from_its_data(data, shown: str) -> None:
    article = clean(page(shown + data()))
    assert list(article.paragraphs) == P
    assert H in article.body_html
    assert article.title == T
    if data is not nuxt_data:  # (devalue's payload names nothing by key)
        assert article.author == "Nell Brook"
        assert article.published == PUBLISHED


def test_a_pages_own_headline_comes_before_its_datas_and_its_datas_before_title() -> None:
    data = next_data().replace(f'"title": "{T}"', '"title": "Fish Pass Opens"')
    with_og = page(SHELL + data, head=f'<meta property="og:title" content="{T}">')
    assert clean(with_og).title == T
    # no og:title, no <h1>: the data's title, not the <title>'s "River Times | Home"
    assert clean(page(SHELL + data, title="River Times | Home")).title == "Fish Pass Opens"


def test_a_page_that_shows_its_whole_text_keeps_it_whatever_its_data_holds() -> None:
    shown = f"<main><article><h1>{T}</h1>{PARAGRAPHS}</article></main>"
    article = clean(page(shown + next_data()))
    assert list(article.paragraphs) == P
    # a state of headlines and labels, no article: the page's text alone
    state = {"menu": [{"text": "News"}, {"text": "Sport"}], "related": [{"text": f"Headline number {i} about the weir and the river"} for i in range(20)]}
    article = clean(page(f"<main><article><h1>{T}</h1><p>{P[0]}</p></article></main>"
                         f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'))
    assert list(article.paragraphs) == [P[0]]


def test_another_articles_text_in_the_data_never_replaces_the_pages_own() -> None:
    """A short story of its own (more than a shell shows) whose data carries a longer story,
    a related one with another headline, in full: the page's story stays (found in review:
    the longest text of the data replaced any page that showed less than 0.6 of it)."""
    other = {"title": "Weir Walk Reopens After Repairs", "body": "".join(
        f"<p>The weir walk reopened on Friday after repairs to its railings and steps, part {i} of "
        f"the council's plan for the river path, which walkers had asked for since the storm.</p>"
        for i in range(8))}
    data = {"props": {"pageProps": {"article": {**ARTICLE, "body": f"<p>{P[0]}</p><p>{P[1]}</p>"},
                                    "related": [other]}}}
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
    article = clean(page(f"<main><article><h1>{T}</h1><p>{P[0]}</p><p>{P[1]}</p></article></main>"
                         + script))
    assert article.title == T and list(article.paragraphs) == P[:2]
    # ... and the same data behind a teaser of the page's story is the story's, not the other
    teaser = clean(page(TEASER + next_data()))
    assert list(teaser.paragraphs) == P


@pytest.mark.parametrize("script", [
    '<script id="__NEXT_DATA__" type="application/json">{"props": {"pageProps": {"article": {"body": "<p>broken</p>' + "x" * 300,
    # Nuxt 2's state is code: never run, never read
    '<script>window.__NUXT__=(function(a,b){return {data:[{body:"<p>' + P[1] + '</p><p>' + P[2] + '</p>"}]}}(1,2));</script>',
    '<script type="application/json">' + "[" * 50000 + "]" * 50000 + "</script>",
    "<script>window.__APOLLO_STATE__ = {\"a\": [1, 2,</script>",
], ids=["truncated", "nuxt2-code", "deep", "unclosed"])
def test_a_malformed_or_coded_data_script_is_ignored(script: str) -> None:
    article = clean(page(f"<main><article><h1>{T}</h1><p>{P[0]}</p><p>{P[3]}</p></article></main>{script}"))
    assert list(article.paragraphs) == [P[0], P[3]]


def test_a_data_script_larger_than_the_bound_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    text = page(SHELL + next_data())
    assert list(clean(text).paragraphs) == P
    monkeypatch.setattr(page_reader, "_DATA_MAX", 500)
    assert page_reader.data_body(page_reader.lxml.html.fromstring(text)) is None


# ------------------------------------------------------------------ pagers and print versions

ARTICLE_HTML = f"<main><article><h1>{T}</h1><p class='byline'>By Nell Brook</p>{PARAGRAPHS}"
PAGERS = {
    "page-of": '<div class="pagination"><span>Page 1 of 3</span> <a href="?page=2" rel="next">Next page</a></div>',
    "continue-link": '<p><a href="/news/fish-pass/2">Continue reading on page 2</a></p>',
    "continue-text": "<p>Continue reading on page 2 &raquo;</p>",
    "numbers": '<nav class="pager"><a href="?page=1">1</a> <a href="?page=2">2</a> <a href="?page=3">3</a> <a href="?page=2" rel="next">Next »</a></nav>',
    "next-headline": '<p class="page-count">Page 1 of 3</p><p><a href="?page=2" rel="next">Next page: Volunteers count the first fish</a></p>',
    "page-numbers": '<ul class="page-numbers"><li><span class="current">1</span></li><li><a href="/2/">2</a></li><li><a href="/3/">3</a></li><li><a class="next" href="/2/">Next</a></li></ul>',
    "wp-pages": "<p>Pages: 1 <a href=\"/2/\">2</a> <a href=\"/3/\">3</a></p>",
    "wp-page-links": '<div class="page-links">Pages: <span>1</span> <a href="/2/"><span>2</span></a> <a href="/3/"><span>3</span></a></div>',
    "german": '<div class="paging">Seite 1 von 3 <a href="?seite=2" rel="next">Weiter</a></div>',
}


@pytest.mark.parametrize("method", ["combined", "readability", "trafilatura"])
@pytest.mark.parametrize("name", PAGERS)
def test_page_one_of_a_split_article_keeps_its_text_and_loses_its_pager(name: str, method: str) -> None:
    article = clean(page(ARTICLE_HTML + PAGERS[name] + "</article></main>", head='<link rel="next" href="?page=2">'), method)
    assert list(article.paragraphs) == P
    assert article.author == "Nell Brook"


@pytest.mark.parametrize("sentence", [
    "The plan is set out on page 3 of the report the trust sent to the council.",
    "Turn to page 2.",
    "Next, the trust will build a second pass.",
    "Page 4 of the survey lists every fish seen.",
])
def test_a_paragraph_about_pages_is_prose_and_stays(sentence: str) -> None:
    pager = PAGERS["numbers"]
    text = page(f"<main><article><h1>{T}</h1><p>{P[0]}</p><p>{sentence}</p><p>{P[1]}</p>{pager}</article></main>")
    assert list(clean(text).paragraphs) == [P[0], sentence, P[1]]


WP_PRINT = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>River Times &raquo; {T} &raquo; Print</title>
<meta name="robots" content="noindex, nofollow"><link rel="stylesheet" href="https://rivertimes.example/wp-content/plugins/wp-print/print-css.css" media="screen, print">
</head><body>
<p style="text-align: center;"><strong>- River Times - https://rivertimes.example -</strong></p>
<div class="Center"><div id="Outline">
<p id="BlogTitle">{T}</p>
<p id="BlogDate">Posted By <u>Nell Brook</u> On 2 March 2026 @ 9:00 am In <u>News</u> | <u>No Comments</u></p>
<div id="BlogContent">{PARAGRAPHS}</div>
</div></div>
<hr class="Divider" style="text-align: center;" />
<p>Article printed from River Times: <strong dir="ltr">https://rivertimes.example</strong></p>
<p>URL to article: <strong dir="ltr">{URL}/</strong></p>
<p>URLs in this post:</p><p>[1] tide tables: <strong dir="ltr">https://tides.example/</strong></p>
<p style="text-align: center;">Copyright &copy; 2026 River Times. All rights reserved.</p>
<p style="text-align: center;"><a href="#Print" onclick="window.print(); return false;" title="Click here to print.">Click here to print.</a></p>
</body></html>"""


def test_a_wp_print_page_reads_as_the_article() -> None:
    article = clean(WP_PRINT)
    assert (article.title, article.author, article.url) == (T, "Nell Brook", URL + "/")
    assert list(article.paragraphs) == P


def test_a_print_versions_address_is_the_articles() -> None:
    text = f"""<!DOCTYPE html><html><head><title>{T} - River Times</title><link rel="canonical" href="{URL}?print=1&amp;ref=home"></head>
<body class="print" onload="window.print()"><div class="print-header"><img src="/logo.png" alt="River Times"><a href="javascript:window.print()">Print this page</a> | <a href="javascript:window.close()">Close window</a></div>
<h1>{T}</h1>{PARAGRAPHS}<div class="print-footer"><p>This article was printed from rivertimes.example</p></div></body></html>"""
    article = clean(text)
    assert article.url == URL + "?ref=home"
    assert list(article.paragraphs) == P


@pytest.mark.parametrize(("url", "printing", "own"), [
    (f"{URL}?print=1", False, URL),
    (f"{URL}?view=print&id=4", False, f"{URL}?id=4"),
    (f"{URL}?output=printable", False, URL),
    (f"{URL}/print/", False, f"{URL}/"),
    ("https://rivertimes.example/print/node/12", True, "https://rivertimes.example/node/12"),
    # a section called "print", on a page that does not print itself
    ("https://rivertimes.example/print/2026/weekly-edition", False, "https://rivertimes.example/print/2026/weekly-edition"),
    ("https://rivertimes.example/news/blueprint-for-the-weir", True, "https://rivertimes.example/news/blueprint-for-the-weir"),
    (f"{URL}?printer=laser", False, URL),
    ("http://[x/print/?print=1", True, "http://[x/print/?print=1"),
])
def test_a_print_address_is_unwrapped_and_no_other(url: str, printing: bool, own: str) -> None:
    assert unprinted_url(url, "<body onload='window.print()'>" if printing else "<body>") == own


# ------------------------------------------------------------------ captions

CREDITS = ["Photo: Ann Lens/River Agency", "© River Agency", "Photograph by Ann Lens"]


def essay(credit: str) -> str:
    figures = "".join(
        f"<figure><img src='/essay/{i}.jpg' alt=''><figcaption>{text} <span class='credit'>{credit}</span></figcaption></figure>"
        f"<figure><img src='/essay/{i}b.jpg' alt=''><figcaption>Looking upstream from the bank. {credit}</figcaption></figure>"
        for i, text in enumerate(P))
    return page(f"<main><article><h1>{T}</h1><p class='byline'>By Nell Brook</p>{figures}<p>All pictures were taken on the opening day.</p></article></main>")


@pytest.mark.parametrize("method", ["combined", "readability", "trafilatura"])
@pytest.mark.parametrize("credit", CREDITS)
def test_a_photo_essays_captions_are_its_paragraphs_without_credits(credit: str, method: str) -> None:
    article = clean(essay(credit), method)
    assert list(article.paragraphs) == [*P, "All pictures were taken on the opening day."]
    assert "Ann Lens" not in article.body_html and "Agency" not in article.body_html


def test_a_caption_on_a_page_of_paragraphs_stays_a_caption() -> None:
    caption = "The new pass, which rises nine metres over the weir, was built from local stone."
    text = page(f"<main><article><h1>{T}</h1><p>{P[0]}</p><p>{P[1]}</p><figure><img src='/a.jpg' alt=''><figcaption>{caption}</figcaption></figure>"
                f"<figure><img src='/b.jpg' alt=''><figcaption>Volunteers on the bank watch the first salmon of the spring go through.</figcaption></figure><p>{P[2]}</p><p>{P[3]}</p></article></main>")
    assert list(clean(text).paragraphs) == P


def test_a_photo_essay_of_credits_alone_has_no_caption_paragraphs() -> None:
    figures = "".join(f"<figure><img src='/{i}.jpg' alt=''><figcaption>Photo: Ann Lens/River Agency</figcaption></figure>" for i in range(6))
    text = page(f"<main><article><h1>{T}</h1>{figures}<p>{P[0]}</p><p>{P[1]}</p></article></main>")
    assert list(clean(text).paragraphs) == [P[0], P[1]]


# ------------------------------------------------------------------ <sup> and <sub>

@pytest.mark.parametrize("method", ["combined", "readability"])
def test_powers_and_indices_read_as_superscript_and_subscript_characters(method: str) -> None:
    text = page(f"""<main><article><h1>{T}</h1>
<p>{P[0]} The pool below the weir covers 3 km<sup>2</sup> and the pass lifts 10<sup>3</sup> litres a second, or 10<sup>−3</sup> of the flow.</p>
<p>{P[1]} The water carries CO<sub>2</sub> and NO<sub>x</sub> past the gates, and the trust came 2<sup>nd</sup> in the county.</p>
<p>{P[2]} The trust paid its fees<sup>1</sup> to the council, as agreed<sup>(2)</sup>.</p>
<p>{P[3]}</p></article></main>""")
    paragraphs = list(clean(text, method).paragraphs)
    assert paragraphs[0].endswith("covers 3 km² and the pass lifts 10³ litres a second, or 10⁻³ of the flow.")
    assert paragraphs[1].endswith("carries CO₂ and NOx past the gates, and the trust came 2nd in the county.")
    # a note's marker is gone as before; one in brackets stays as it was written
    assert paragraphs[2].endswith("paid its fees to the council, as agreed(2).")
