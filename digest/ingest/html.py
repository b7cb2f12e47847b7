"""Full HTML article pages: a saved page in, one raw Article out.

The page's metadata gives the headline (og:title, JSON-LD headline, the article's <h1>,
<title>), the site's name (og:site_name, JSON-LD publisher, and a <title> suffix that the
<h1> confirms), the author and the dates. The main text comes from an extractor:

* ``trafilatura``: precise, but on some pages it keeps only part of the body;
* ``readability``: readability-lxml, keeps whole bodies, sometimes with boilerplate;
* ``combined`` (the default, chosen by benchmarks/clean_quality.py): trafilatura, unless its
  text is much shorter than the page's largest text block, then readability-lxml.

Ingest returns the extracted HTML unsanitised; the clean stage sanitises it and drops the
page furniture an extractor let through, with the same rules as for scraped dumps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from digest.config import SourceConfig
from digest.errors import DigestError
from digest.model import Article
from digest.util import squash, stable_id, to_utc

EXTRACTORS = ("trafilatura", "readability", "combined")
# combined: fall back to readability when trafilatura keeps less than this share of the
# page's largest text block.
FALLBACK_SHARE = 0.6
PAGE_SUFFIXES = {".html", ".htm"}


@dataclass(frozen=True)
class PageMeta:
    titles: tuple[str, ...] = ()  # candidates, best first
    site_names: tuple[str, ...] = ()
    author: str | None = None
    published: str | None = None
    updated: str | None = None
    url: str | None = None
    section: str | None = None


def _first(doc: lxml.html.HtmlElement, xpath: str) -> str | None:
    for value in doc.xpath(xpath):
        text = value if isinstance(value, str) else value.text_content()
        text = squash(str(text))
        if text:
            return text
    return None


def _json_ld(doc: lxml.html.HtmlElement) -> list[dict]:
    found: list[dict] = []
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return [item for item in found if "headline" in item or "author" in item]


def _ld_name(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return squash(value) if isinstance(value, str) and squash(value) else None


def page_metadata(doc: lxml.html.HtmlElement) -> PageMeta:
    """Headline candidates, site names, author, dates and url from a parsed page."""
    from digest.clean import split_suffix  # the suffix rule is the clean stage's

    ld = _json_ld(doc)
    ld_item = ld[0] if ld else {}
    og_title = _first(doc, '//meta[@property="og:title"]/@content')
    ld_headline = ld_item.get("headline") if isinstance(ld_item.get("headline"), str) else None
    h1 = _first(doc, "//article//h1") or _first(doc, "//main//h1") or _first(doc, "//h1")
    title_tag = _first(doc, "//title")
    titles = tuple(t for t in (og_title, ld_headline, h1, title_tag) if t)
    names = [
        _first(doc, '//meta[@property="og:site_name"]/@content'),
        _first(doc, '//meta[@name="application-name"]/@content'),
        _ld_name(ld_item.get("publisher")),
    ]
    # "Headline | Site" in <title> (or og:title) while the <h1> says "Headline": Site is a name.
    for candidate in (title_tag, og_title):
        parts = split_suffix(candidate) if candidate else None
        if parts and h1 and squash(parts[0]).casefold() == h1.casefold():
            names.append(parts[1])
    author = (
        _ld_name(ld_item.get("author"))
        or _first(doc, '//meta[@name="author"]/@content')
        or _first(doc, '//meta[@property="article:author"]/@content')
        or _first(doc, '//*[@rel="author"]')
        or _first(doc, '//*[contains(concat(" ", @class, " "), " author ")]')
    )
    published = (
        (ld_item.get("datePublished") if isinstance(ld_item.get("datePublished"), str) else None)
        or _first(doc, '//meta[@property="article:published_time"]/@content')
        or _first(doc, "//article//time/@datetime")
        or _first(doc, "//time/@datetime")
    )
    updated = (
        ld_item.get("dateModified") if isinstance(ld_item.get("dateModified"), str) else None
    ) or _first(doc, '//meta[@property="article:modified_time"]/@content')
    url = _first(doc, '//link[@rel="canonical"]/@href') or _first(
        doc, '//meta[@property="og:url"]/@content'
    )
    section = _first(doc, '//meta[@property="article:section"]/@content')
    return PageMeta(
        titles=titles,
        site_names=tuple(dict.fromkeys(n for n in names if n)),
        author=author,
        published=published,
        updated=updated,
        url=url,
        section=section,
    )


# ------------------------------------------------------------------ extractors


def extract_trafilatura(page: str) -> str:
    import trafilatura

    return trafilatura.extract(
        page, output_format="html", include_comments=False, include_tables=True
    ) or ""


def extract_readability(page: str) -> str:
    from readability import Document

    try:
        return Document(page).summary(html_partial=True) or ""
    except Exception:  # readability raises its own Unparseable and lxml errors
        return ""


def _text_length(fragment: str) -> int:
    if not fragment.strip():
        return 0
    try:
        return len(squash(lxml.html.fromstring(fragment).text_content()))
    except (ValueError, lxml.etree.ParserError):
        return 0


def largest_text_block(page: str) -> tuple[int, int]:
    """(characters, paragraphs) of <p> text under the element that holds the most of it."""
    try:
        doc = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return 0, 0
    totals: dict[lxml.html.HtmlElement, tuple[int, int]] = {}
    for p in doc.iter("p"):
        parent = p.getparent()
        if parent is None:
            continue
        chars, count = totals.get(parent, (0, 0))
        totals[parent] = (chars + len(squash(p.text_content())), count + 1)
    return max(totals.values(), default=(0, 0))


def _block_count(fragment: str) -> int:
    if not fragment.strip():
        return 0
    try:
        doc = lxml.html.fromstring(fragment)
    except (ValueError, lxml.etree.ParserError):
        return 0
    return sum(1 for el in doc.iter("p", "li", "h2", "h3", "h4", "blockquote", "pre"))


def extract_main(page: str, method: str = "combined") -> tuple[str, str]:
    """The main-text HTML of a page and the name of the extractor that produced it."""
    if method == "trafilatura":
        return extract_trafilatura(page), "trafilatura"
    if method == "readability":
        return extract_readability(page), "readability"
    first = extract_trafilatura(page)
    chars, paragraphs = largest_text_block(page)
    # trafilatura kept too little, or fell back to one run-on block where the page has many
    enough = _text_length(first) >= FALLBACK_SHARE * chars
    merged = paragraphs >= 3 and _block_count(first) <= 1
    if enough and not merged:
        return first, "trafilatura"
    second = extract_readability(page)
    if (not enough and _text_length(second) > _text_length(first)) or (
        merged and _block_count(second) > 1
    ):
        return second, "readability"
    return first, "trafilatura"


# ------------------------------------------------------------------ ingest


def parse_page_text(
    page: str, location: str, source: SourceConfig | None = None, method: str = "combined"
) -> Article:
    try:
        doc = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise DigestError(location, f"not an HTML page ({exc})", "save the page as HTML") from exc
    meta = page_metadata(doc)
    body, _extractor = extract_main(page, method)
    if not meta.titles or not body.strip():
        raise DigestError(
            location,
            "no article found in the page (no headline or no main text)",
            "save the article page itself, not an index or a login page",
        )
    configured = source.name if source and source.name else None
    names = tuple(dict.fromkeys(n for n in (configured, *meta.site_names) if n))
    return Article(
        id=stable_id("page", meta.url or Path(location).name),
        origin="page",
        location=location,
        title=meta.titles[0],
        source_name=names[0] if names else "",
        url=meta.url,
        source_category=meta.section,
        category_hint=source.category if source else None,
        body_html=body,
        author=meta.author,
        published=to_utc(meta.published),
        updated=to_utc(meta.updated),
        site_names=names,
    )


def parse_page_file(
    path: Path, source: SourceConfig | None = None, method: str = "combined"
) -> Article:
    from digest.ingest.scraped import read_text

    try:
        text = read_text(path)
    except OSError as exc:
        raise DigestError(str(path), f"cannot read the file ({exc.strerror})") from exc
    return parse_page_text(text, str(path), source, method)
