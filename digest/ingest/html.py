"""Full HTML article pages: a saved page in, one raw Article out.

The page's metadata gives the headline (og:title, JSON-LD headline, the article's <h1>,
<title>), the site's name (og:site_name, JSON-LD publisher, and a <title> suffix that the
<h1> confirms), the author (every one JSON-LD lists, "Ann One, Bob Two"), the section
(article:section, JSON-LD articleSection, else the "overline" or "kicker" above the <h1>),
the dates (a <time> in an "Update (18:40 UTC, Nov. 21):" note is an update's, never the
publication's) and the summary (the "dek" or "subheadline" under the <h1>, its standfirst:
neither label is text, nor a heading of it). The main text comes from an extractor:

* ``trafilatura``: precise, but on some pages it keeps only part of the body;
* ``readability``: readability-lxml, keeps whole bodies, sometimes with boilerplate;
* ``combined`` (the default, chosen by benchmarks/clean_quality.py): trafilatura, unless its
  text is much shorter than the page's largest text block, then readability-lxml. The
  headings and lists of the article trafilatura dropped between paragraphs it kept go back
  in (a status page's "What we are changing" and its steps), as readability keeps them.

A page dated by nothing but a labelled dateline shown under its headline ("Posted Mar 11,
2026 - 08:00 UTC", a status page's) is dated by it.

Ingest returns the extracted HTML unsanitised; the clean stage sanitises it and drops the
page furniture an extractor let through, with the same rules as for scraped dumps.

A page is read as the site served it however it was kept: played back from the Wayback
Machine or archive.today (the archive's toolbar dropped, its addresses unwrapped to the
originals, its capture time never the publication date), saved by SingleFile (its comment
gives the address), or as one MHTML file (the page is its text/html part).

What a page shows is not always where its text is:

* a page of a Next.js, Nuxt or headless-CMS site saved "HTML only" shows a shell or a teaser
  and holds the article in its data (``__NEXT_DATA__``, a ``type="application/json"``
  script, a ``window.__STATE__ = {...}``, the App Router's React Server Components stream
  pushed to ``self.__next_f``): when the extractor found much less text than the data
  holds, the data's text is the body, with its headline, author and dates (an Apollo
  cache's ``{"__ref": "Author:12"}`` followed one level; JSON only, never a script run, a
  malformed or too large one ignored);
* page 1 of an article split over pages loses its pager ("Page 1 of 3", "1 2 3 Next",
  "Continue reading on page 2"); a print version (WP-Print's page, "?print=1", ".../print/")
  reads as the article, at the article's address (WP-Print's with its author and its
  date, "2 March 2026 @ 9:00 am");
* a caption is not a paragraph (the clean stage reads a <figcaption> as a caption), except
  on a photo essay: a page whose captions that read as prose hold more text than its
  paragraphs has them as paragraphs, each after its picture, without its credit ("Photo:
  Ann Lens/Agency", "©", class="credit"). A caption on a page of paragraphs stays out, even
  one that says what the paragraphs do not;
* a power or index in markup reads as one ("km<sup>2</sup>" "km²", "CO<sub>2</sub>" "CO₂").
"""

from __future__ import annotations

import contextlib
import copy
import email
import email.message
import email.policy
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html

from digest.config import SourceConfig
from digest.errors import DigestError
from digest.model import Article
from digest.util import SUBSCRIPTS, SUPERSCRIPTS, squash, stable_id, to_utc, web_address

EXTRACTORS = ("trafilatura", "readability", "combined")
# combined: fall back to readability when trafilatura keeps less than this share of the
# page's largest text block.
FALLBACK_SHARE = 0.6


@dataclass(frozen=True)
class PageMeta:
    titles: tuple[str, ...] = ()  # candidates, best first
    site_names: tuple[str, ...] = ()
    author: str | None = None
    published: str | None = None
    updated: str | None = None
    url: str | None = None
    section: str | None = None
    body: str | None = None  # JSON-LD articleBody: the text as the publisher gives it
    # A LiveBlogPosting's liveBlogUpdate entries: (headline, text), in the page's order
    updates: tuple[tuple[str, str], ...] = ()


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


def _ld_authors(value: object) -> str | None:
    """Every author JSON-LD names (a list of Person objects, or of names), joined as the
    feeds join several authors, "Ann One, Bob Two"; a profile's address names nobody."""
    listed = value if isinstance(value, list) else [value]
    names = (_ld_name(item) for item in listed[:20])
    return ", ".join(dict.fromkeys(n for n in names if n and not _URLISH.match(n))) or None


def _ld_section(value: object) -> str | None:
    """JSON-LD's ``articleSection``: a string, or a list whose first entry is the section."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and squash(v)), None)
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
    # No <h1> but the site's logo (or none at all), and <title> and og:title end alike: the
    # ending they share is the site's name ("Headline | Northside Bulletin" in both)
    if og_title and title_tag and (not h1 or not any(
            squash(t).casefold() == h1.casefold() for t in (og_title, title_tag))):
        og_parts, tag_parts = split_suffix(og_title), split_suffix(title_tag)
        if og_parts and tag_parts and og_parts[1].casefold() == tag_parts[1].casefold() and (
                not h1 or h1.casefold() == og_parts[1].casefold()):
            names.append(og_parts[1])
    # A profile page's address (WordPress's article:author holds one) names nobody
    author = next((name for name in (
        _ld_authors(ld_item.get("author")),
        _first(doc, '//meta[@name="author"]/@content'),
        _first(doc, '//meta[@property="article:author"]/@content'),
        _first(doc, '//meta[@name="parsely-author"]/@content'),
        _first(doc, '//*[@rel="author"]'),
        _first(doc, '//*[@itemprop="author"]//*[@itemprop="name"]'),
        _first(doc, '//*[contains(concat(" ", @class, " "), " author ")]'),
        # <p class="byline">By Ann Writer</p>: a name after "By" and nothing else
        _byline_name(doc),
        # Ghost's, and the BEM spellings many themes use, when nothing above names anyone
        _first(doc, '//*[contains(concat(" ", @class, " "), " author-name ")'
                    ' or contains(concat(" ", @class, " "), " author__name ")'
                    ' or contains(concat(" ", @class, " "), " byline-name ")'
                    ' or contains(concat(" ", @class, " "), " byline__name ")]'),
    ) if name and not _URLISH.match(name)), None)
    if author:
        author = _BY.sub("", author) or None  # class="author" holds "By Ann Writer"
    published = (
        (ld_item.get("datePublished") if isinstance(ld_item.get("datePublished"), str) else None)
        or _first(doc, '//meta[@property="article:published_time"]/@content')
        or _first(doc, '//meta[@itemprop="datePublished"]/@content')
        or _first(doc, '//meta[@name="parsely-pub-date"]/@content')
        or _first(doc, '//meta[@name="pubdate" or @name="publish-date" or @name="date"'
                       ' or @name="DC.date.issued" or @name="dcterms.created"]/@content')
        or _first(doc, '//*[@itemprop="datePublished"]/@datetime')
        or _time_of(doc, "//article//time")
        or _time_after_headline(doc)
        or _time_of(doc, "//time")
        or _first(doc, "//relative-time/@datetime")  # GitHub's
        or _shown_dateline(doc)
    )
    updated = (
        ld_item.get("dateModified") if isinstance(ld_item.get("dateModified"), str) else None
    ) or _first(doc, '//meta[@property="article:modified_time"]/@content') or _first(
        doc, '//meta[@itemprop="dateModified"]/@content') or _time_of(doc, "//time", update=True)
    body = ld_item.get("articleBody")
    url = (
        _first(doc, '//link[@rel="canonical"]/@href')
        or _first(doc, '//meta[@property="og:url"]/@content')
        or _ld_url(ld_item)
        or _saved_from(doc)
    )
    url = unarchived_url(url) if url else url
    section = _first(doc, '//meta[@property="article:section"]/@content') or _ld_section(
        ld_item.get("articleSection"))
    return PageMeta(
        titles=titles,
        site_names=tuple(dict.fromkeys(n for n in names if n)),
        author=author,
        published=published,
        updated=updated,
        url=url,
        section=section,
        body=squash(body) and body if isinstance(body, str) else None,
        updates=_ld_updates(ld_item),
    )


def _ld_updates(item: dict) -> tuple[tuple[str, str], ...]:
    updates = item.get("liveBlogUpdate")
    if isinstance(updates, dict):
        updates = [updates]
    if not isinstance(updates, list):
        return ()
    found = []
    for update in updates:
        if not isinstance(update, dict) or not isinstance(update.get("articleBody"), str):
            continue
        text = update["articleBody"]
        headline = update.get("headline") if isinstance(update.get("headline"), str) else ""
        if squash(text):
            found.append((squash(headline), text))
    return tuple(found)


_URLISH = re.compile(r"^(https?:)?//|^www\.", re.IGNORECASE)
_BY = re.compile(r"^\s*by\s+(?=\S)", re.IGNORECASE)
# Browsers mark a page saved with "Save page as" with its address:
# <!-- saved from url=(0045)https://news.example/2026/11/story -->
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(https?://\S+?)\s*$", re.IGNORECASE)
# and the SingleFile extension with a comment of its own (its "saved date:" line is when the
# page was saved, not when it was published, and is not read):
# <!--\n Page saved with SingleFile \n url: https://news.example/2026/11/story \n saved date: ...
_SINGLEFILE = re.compile(r"Page saved with SingleFile\s+url:\s*(https?://\S+)", re.IGNORECASE)


def _byline_name(doc: lxml.html.HtmlElement) -> str | None:
    """The name in a short ``class="byline"`` element that says "By Name" and no more, or
    "By Name, <date>" (the date alone after the name: a second name or a desk is not
    read): a byline's other shapes, and its date, are the clean stage's."""
    text = _first(doc, '//*[contains(concat(" ", @class, " "), " byline ")]')
    found = _BYLINE_ONLY.fullmatch(text or "")
    if found:
        return found.group(1)
    if not text or len(text) > 160 or not any(c.isdigit() for c in text):
        return None
    return _dated_byline_name(text)


# "By Ann Writer", "By Ann-Marie O'Neil": two to four capitalised words, nothing after them
_NAME_WORDS = r"(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’.-]*"
_BYLINE_ONLY = re.compile(rf"\s*(?i:by)\s+({_NAME_WORDS})\s*")
# "By Ann Writer, 2 March 2026", "By Ann Writer | March 2, 2026", "By Ann Writer - 2 March
# 2026", "By Ann Writer on 2 March 2026", "By Ann Writer 2 March 2026"
_BYLINE_DATED = re.compile(
    rf"\s*(?i:by)\s+({_NAME_WORDS})(?:\s*[,|·•]\s*|\s+[-–—]\s+|\s+(?i:on)\s+|\s+(?=\d))(.+)")


def _dated_byline_name(text: str) -> str | None:
    """The name of "By Name, <date>": what follows the name is a date and nothing else
    (``whole_date``). Without a mark between them the name's last word may be the date's
    ("By Ann Writer March 2, 2026"), and goes to the date when that reads one."""
    from digest.ingest.dates import whole_date  # only for a byline with digits

    found = _BYLINE_DATED.fullmatch(text)
    if found is None:
        return None
    name, rest = found.group(1), found.group(2)
    if whole_date(rest) is not None:
        return name
    words = name.split()
    if len(words) >= 3 and text[found.end(1):found.start(2)].isspace() and whole_date(
            f"{words[-1]} {rest}") is not None:
        return " ".join(words[:-1])
    return None


# A <time> in an update's note ("<p><b>Update (<time>18:40 UTC, Nov. 21</time>):</b> The
# bank said...", "Updated <time>...</time>"): when the article changed, not when it was
# published. Its paragraph (or list item) opens with the word.
_UPDATE_NOTE = re.compile(r"\s*(?:update|correct)", re.IGNORECASE)  # "Updated", "Correction"
_NOTE_BLOCKS = ("p", "li", "div", "span")


def _in_update(time: lxml.html.HtmlElement) -> bool:
    """The <time> is in an update's note: its paragraph (list item, box) opens with the
    word (read no further than its first words)."""
    block = next(time.iterancestors(*_NOTE_BLOCKS), None)
    if block is None:
        return False
    for element in block.iter(lxml.etree.Element):
        if element is time:
            break
        if element.tag in ("h1", *_HEADINGS):
            return False  # a box that opens with a headline ("Update: Exchange Reopens")
    opening = ""
    for part in block.itertext():
        opening += part
        if len(opening.strip()) >= 12:
            break
    return bool(_UPDATE_NOTE.match(opening))


def _time_of(doc: lxml.html.HtmlElement, xpath: str, update: bool = False) -> str | None:
    """The ``datetime`` of the first <time> of ``xpath`` that is not in an update's note
    (``update``: that is)."""
    for time in doc.xpath(xpath):
        when = squash(time.get("datetime") or "")
        if when and _in_update(time) == update:
            return when
    return None


def _time_after_headline(doc: lxml.html.HtmlElement) -> str | None:
    """The first ``<time datetime>`` after the page's ``<h1>``: the article's own, where a
    "Trending" list before the article has times of its own (an update's is not)."""
    heads = doc.xpath("//h1")
    if not heads:
        return None
    seen = False
    for element in doc.iter("h1", "time"):
        if element is heads[0]:
            seen = True
        elif (seen and element.tag == "time" and squash(element.get("datetime") or "")
              and not _in_update(element)):
            return squash(element.get("datetime") or "")
    return None


# A dateline the page shows as text after its headline, with no <time> or meta tag to say
# it: "Posted Mar 11, 2026 - 08:00 UTC" (a status page's incident report, Atlassian
# Statuspage's shape: <small>Posted <span class="ago" data-datetime-unix="...">...),
# "Published: 2 March 2026", "Posted on March 2, 2026". Read only with its label, and only
# before the text's first paragraph of prose: a bare date there may be an event's (a
# timeline's heading), and a "Posted ..." further down a comment's or another post's.
_SHOWN_LABEL = re.compile(r"\s*(?:first )?(?:posted|published)(?: on| at)?\s*:?\s*",
                          re.IGNORECASE)
_DATELINE_TAGS = frozenset(("small", "span", "p", "div", "time", "li", "em", "strong", "b"))
_DATELINE_AFTER = 60  # elements after the <h1> a dateline may stand in
_DATELINE_MAX = 100  # characters: a dateline is short
_EPOCH_ATTRIBUTES = ("data-datetime-unix", "data-timestamp", "data-time", "data-unix")
_NOT_THE_ARTICLE = ("aside", "nav", "footer", "form")


def _shown_dateline(doc: lxml.html.HtmlElement) -> str | None:
    """The date of a labelled dateline shown as text after the page's <h1> (see
    ``_SHOWN_LABEL``), in ISO 8601; when its text is in a form not read here (a script
    wrote it in the reader's own), the Unix time an attribute of it holds."""
    heads = doc.xpath("//h1")
    if not heads:
        return None
    from digest.ingest.dates import epoch_date, whole_date  # only for a page without dates

    seen = 0
    for element in _after(doc, heads[0]):
        seen += 1
        if seen > _DATELINE_AFTER:
            return None
        if element.tag not in _DATELINE_TAGS:
            continue
        text = squash(element.text_content())
        if element.tag == "p" and len(text) >= _PROSE_PARAGRAPH:
            return None  # the text has begun
        label = _SHOWN_LABEL.match(text) if len(text) <= _DATELINE_MAX else None
        if label is None or label.end() == len(text) or any(
                a.tag in _NOT_THE_ARTICLE for a in element.iterancestors()):
            continue
        when = whole_date(text[label.end():]) or next((
            found for e in element.iter(lxml.etree.Element) for name in _EPOCH_ATTRIBUTES
            if (found := epoch_date(e.get(name) or ""))), None)
        if when is not None:
            return when.isoformat()
    return None


def _after(doc: lxml.html.HtmlElement, start: lxml.html.HtmlElement) -> Iterator[
        lxml.html.HtmlElement]:
    """The elements of ``doc`` after ``start`` (its own first), in document order."""
    seen = False
    for element in doc.iter(lxml.etree.Element):
        if seen:
            yield element
        elif element is start:
            seen = True


def _ld_url(item: dict) -> str | None:
    """JSON-LD's own address of the article: ``url``, or ``mainEntityOfPage`` (a string or
    an object with an ``@id``)."""
    for value in (item.get("url"), item.get("mainEntityOfPage")):
        if isinstance(value, dict):
            value = value.get("@id")
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value.strip()
    return None


def _saved_from(doc: lxml.html.HtmlElement) -> str | None:
    """The address a browser (the "mark of the web") or SingleFile wrote into the page it
    saved; a web archive's address of the page is unwrapped to the page's own."""
    saved = _saved_from_raw(doc)
    return unarchived_url(saved) if saved else None


def _saved_from_raw(doc: lxml.html.HtmlElement) -> str | None:
    for comment in doc.getroottree().xpath("//comment()")[:5]:
        text = str(comment.text or "").strip()
        found = _SAVED_FROM.search(text) or _SINGLEFILE.search(text)
        if found:
            return found.group(1)
    return None


# ------------------------------------------------------------------ web archives

# The address of a page in a web archive, with the page's own address after it: the
# Wayback Machine's "https://web.archive.org/web/20251103141516/https://news.example/story"
# (a letter pair after the time stamp for a picture, a style sheet, the raw page: "im_",
# "cs_", "id_"), archive.today's long link "https://archive.ph/2025.11.03-141516/https://..."
# (the same under each of its names: archive.is, archive.li, archive.md ...).
_ARCHIVE_TODAY = r"archive\.(?:today|ph|is|li|md|vn|fo)"
_ARCHIVED_PAGE = re.compile(
    r"\s*(?:https?:)?//(?:web\.archive\.org/web/(\d{1,14})(?:[a-z]{2}_)?"
    rf"|{_ARCHIVE_TODAY}/(\d{{4}}\.\d\d\.\d\d-\d{{6}}|\d{{14}}))/(https?://\S+)\s*",
    re.IGNORECASE)
# The same addresses inside a page played back from an archive, where each of its links
# and pictures is the archive's copy: Wayback's also as "/web/2025.../https://..."; archive
# .today's links out of the page "https://archive.ph/o/AbCd1/https://...". Only at the start
# of an attribute's value or of a srcset's entry (a later "/web/" is part of an address).
_ARCHIVED_LINK = re.compile(
    r"(?<![^\s,])(?:(?:(?:https?:)?//web\.archive\.org)?/web/\d{1,14}(?:[a-z]{2}_)?"
    rf"|(?:https?:)?//{_ARCHIVE_TODAY}/o/[A-Za-z0-9]+)/(?=https?://)",
    re.IGNORECASE)
# (a page from archive.today links to it; one that links to archive.org need not be parsed)
_ARCHIVE_TODAY_LINK = re.compile(rf"//{_ARCHIVE_TODAY}/", re.IGNORECASE)
_LINK_ATTRIBUTES = ("href", "src", "srcset", "data-src", "poster", "action", "cite", "content")
# The Wayback Machine's toolbar, its printed banner ("The Wayback Machine - https://...")
# and its donation box; archive.today's header (its form, the capture's date, "history",
# "share") and footer
_WAYBACK_FURNITURE = '//*[@id="wm-ipp-base" or @id="wm-ipp" or @id="wm-ipp-print" or @id="donato"]'
_ARCHIVE_TODAY_FURNITURE = '//body//*[@id="HEADER" or @id="FOOTER" or @id="SHARE" or @id="TOOLBAR"]'
# The page's address as Wayback's playback script and toolbar give it
_WOMBAT = re.compile(r"""__wm\.wombat\(\s*["'](https?://[^"'\s]+)["']""")
# The names the archives give themselves, which are not the site's
_ARCHIVE_NAME = re.compile(
    rf"(?:{_ARCHIVE_TODAY}|web\.archive\.org|wayback machine|internet archive)"
    r"(?:\s+webpage\s+capture)?", re.IGNORECASE)


def unarchived_url(url: str) -> str:
    """The page's own address for a web archive's address of it (Wayback Machine,
    archive.today's long link); any other address as it is."""
    if "archive." not in url:
        return url
    found = _ARCHIVED_PAGE.fullmatch(url)
    return found.group(3) if found else url


def _from_archive(page: str) -> tuple[str, str | None]:
    """A page played back from the Wayback Machine or archive.today, as the site served it:
    without the archive's toolbar, its links and pictures (and its canonical address, its
    og:url, its <base>) at their own addresses again; and the page's address as the archive
    gives it, for a page that names none itself. Any other page as it is, and None."""
    if "web.archive.org/web/" not in page and "wm-ipp" not in page and (
            "//archive." not in page or not _ARCHIVE_TODAY_LINK.search(page)):
        return page, None
    try:
        doc = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return page, None
    address = _archived_address(doc, page)
    if address is None:
        return page, None  # a page that only links to an archived copy
    for element in doc.xpath(_WAYBACK_FURNITURE):
        element.drop_tree()
    if _ARCHIVE_TODAY_LINK.search(page):  # (a site's own id="HEADER" on a Wayback page stays)
        for element in doc.xpath(_ARCHIVE_TODAY_FURNITURE):
            element.drop_tree()
    _without_capture_dates(doc)
    for element in doc.iter(lxml.etree.Element):
        for name in _LINK_ATTRIBUTES:
            value = element.get(name)
            if value and ("/web/" in value or "/o/" in value):
                element.set(name, _ARCHIVED_LINK.sub("", value))
    for meta in doc.xpath('//meta[@property="og:site_name" or @property="og:title"'
                          ' or @name="application-name"]'):
        if _ARCHIVE_NAME.fullmatch(squash(meta.get("content") or "")):
            meta.drop_tree()  # archive.today's own name, where the site's was
    return lxml.html.tostring(doc.getroottree(), encoding="unicode"), address or None


def _without_capture_dates(doc: lxml.html.HtmlElement) -> None:
    """Drop the page's date tags that hold the time the archive captured it (archive.today
    writes its capture time as article:published_time and dateModified): the page's
    publication is older, and the clean stage may find it in the byline."""
    stamps = set()
    for value in doc.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'
                           ' | //input[@id="SHARE_LONGLINK"]/@value'):
        found = _ARCHIVED_PAGE.fullmatch(str(value))
        if found:
            stamps.add(re.sub(r"\D", "", found.group(1) or found.group(2)))
    if not stamps:
        return
    for meta in doc.xpath("//meta[@content]"):
        names = f"{meta.get('property', '')} {meta.get('itemprop', '')} {meta.get('name', '')}"
        digits = re.sub(r"\D", "", meta.get("content") or "")[:14]
        if "date" in names.lower() or "time" in names.lower():
            if len(digits) >= 12 and any(stamp.startswith(digits) for stamp in stamps):
                meta.drop_tree()


def _archived_address(doc: lxml.html.HtmlElement, page: str) -> str | None:
    """The page's own address, when ``doc`` is a page played back from a web archive: its
    canonical address, og:url, saved-from comment or archive.today's long link is an
    archive's address of it, or it carries Wayback's toolbar or playback script."""
    for value in doc.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'
                           ' | //input[@id="SHARE_LONGLINK"]/@value'):
        own = unarchived_url(str(value))
        if own != value:
            return own
    saved = _saved_from_raw(doc)
    if saved and unarchived_url(saved) != saved:
        return unarchived_url(saved)
    wombat = _WOMBAT.search(page) if "__wm" in page else None
    if wombat:
        return wombat.group(1)
    if doc.xpath('//*[@id="wm-ipp-base" or @id="wm-ipp"]'):
        return _first(doc, '//input[@id="wmtbURL"]/@value') or ""  # ("": the page's own)
    return None


# ------------------------------------------------------------------ the headline's labels

# A news CMS (Arc XP, WordPress's news themes, most newspapers' own) writes a label on each
# side of the headline: above it the section, an "overline" or "kicker" ("Business"); under
# it the standfirst, a "dek" or "subheadline", a sentence or two that sum the article up.
# An extractor took the first for the text's first paragraph and the second for a section
# heading. Each is known by its class, its place (beside the headline's <h1>, no paragraph
# of the text between them) and its length: the section fills the page's category where
# its tags name none, the standfirst is the article's summary, and neither is its text.
_SECTION_LABELS = ("overline", "kicker", "eyebrow", "rubric", "section-label", "category-label")
_STANDFIRSTS = ("dek", "standfirst", "subheadline", "sub-headline", "subtitle", "sub-title",
                "article-summary")  # (WordPress's Newspaper theme: "td-post-sub-title")
_LABEL_HINT = re.compile(
    r"""class=["']?[^"'<>=]{0,200}?(?:overline|kicker|eyebrow|rubric|(?:section|category)-label"""
    r"|dek|standfirst|sub-?headline|sub-?title|article-summary)", re.IGNORECASE)
_LABEL_LEVELS = 3  # how far above the <h1> its labels may sit
_LABEL_OUTSIDE = ("nav", "footer", "aside", "form", "menu", "figure")
_PROSE_PARAGRAPH = 80  # characters: a paragraph of the text, not a byline or a date
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def _label_kind(element: lxml.html.HtmlElement) -> str | None:
    """"section" or "standfirst" for an element whose class names one (as it is, or as
    the last part of a longer name: "headline__kicker", "c-dek"), else None."""
    for token in (element.get("class") or "").lower().split():
        for kind, names in (("section", _SECTION_LABELS), ("standfirst", _STANDFIRSTS)):
            if any(token == n or token.endswith((f"-{n}", f"_{n}")) for n in names):
                return kind
    return None


def _headline_h1(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The article's headline <h1>: one in the <article> or <main>, or one of four words
    or more that <title> or og:title repeats (a site's name in an <h1> is no headline)."""
    inside = doc.xpath("//article//h1") or doc.xpath("//main//h1")
    if inside:
        return inside[0]
    heads = doc.xpath("//h1")
    text = squash(heads[0].text_content()).casefold() if heads else ""
    titles = " ".join(doc.xpath('//title/text() | //meta[@property="og:title"]/@content'))
    return heads[0] if len(text.split()) >= 4 and text in squash(titles).casefold() else None


def _headline_labels(page: str) -> tuple[str, str | None, str | None]:
    """The page without the section label above its headline and the standfirst under it
    (see above), the section's name and the standfirst's text; any other page as it is."""
    if not _LABEL_HINT.search(page):
        return page, None, None
    try:
        doc = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return page, None, None
    h1 = _headline_h1(doc)
    if h1 is None:
        return page, None, None
    region = h1
    for parent in list(h1.iterancestors())[:_LABEL_LEVELS]:
        if parent.tag in ("body", "html"):
            break
        region = parent
    order = {element: at for at, element in enumerate(region.iter(lxml.etree.Element))}
    head = order[h1]
    prose = [order[p] for p in region.iter("p")
             if len(squash(p.text_content())) >= _PROSE_PARAGRAPH]
    sections, standfirst = [], None
    for element, at in order.items():
        kind = _label_kind(element) if element.get("class") else None
        if kind is None or at == head or any(
                a is h1 or a in sections or a.tag in _LABEL_OUTSIDE
                for a in element.iterancestors()):
            continue
        text = squash(element.text_content())
        between = any(min(at, head) < p < max(at, head) for p in prose)
        if kind == "section" and at < head and not between and _is_section_label(text):
            sections.append(element)
        elif kind == "standfirst" and at > head and not between and standfirst is None and (
                4 <= len(text.split()) and len(text) <= 600):
            standfirst = element
    if standfirst is not None and _repeated_class(standfirst, order, prose):
        standfirst = None  # the class of the text's headings, the first under the headline
    if not sections and standfirst is None:
        return page, None, None
    section = _section_name(sections[0]) if sections else None
    for element in sections:
        element.drop_tree()
    said = squash(standfirst.text_content()) if standfirst is not None else None
    if standfirst is not None and standfirst.tag in _HEADINGS:
        # (no heading of the text; one written as a paragraph stays the text's first, as
        # the page shows it)
        standfirst.drop_tree()
    return lxml.html.tostring(doc.getroottree(), encoding="unicode"), section, said


def _is_section_label(text: str) -> bool:
    """A section's name is short and is no sentence: "Business", "Crypto Markets"."""
    return (0 < len(text) <= 60 and len(text.split()) <= 5 and any(c.isalpha() for c in text)
            and not _PROSE_END.search(text))


def _section_name(label: lxml.html.HtmlElement) -> str:
    """The section a label names: its first link's text where it links several ("Business
    / Banking"), else its text."""
    for link in label.iter("a"):
        text = squash(link.text_content())
        if text:
            return text
    return squash(label.text_content())


def _repeated_class(standfirst: lxml.html.HtmlElement, order: dict, prose: list[int]) -> bool:
    """The standfirst's class is worn again after a paragraph of the text (a theme's
    "subtitle" for each of its headings): none of them is a standfirst."""
    classes = _label_classes(standfirst)
    end = max(order[e] for e in standfirst.iter(lxml.etree.Element))
    after = min((p for p in prose if p > end), default=None)
    return after is not None and any(
        at > after and classes & _label_classes(element)
        and not any(a.tag in _LABEL_OUTSIDE for a in element.iterancestors())
        for element, at in order.items() if element.get("class"))


def _label_classes(element: lxml.html.HtmlElement) -> set[str]:
    """The classes of ``element`` that name a standfirst ("c-dek", not "font-serif")."""
    return {token for token in (element.get("class") or "").lower().split()
            if any(token == n or token.endswith((f"-{n}", f"_{n}")) for n in _STANDFIRSTS)}


# ------------------------------------------------------------------ captions

# A caption is not the article's prose (the clean stage reads a <figcaption> as no paragraph),
# except on a page whose captions hold most of its text: a photo essay, whose story is told
# picture by picture. There each caption that reads as prose (eight words or more, ending as
# a sentence) becomes a paragraph after its picture, without its credit ("Photo: Ann Lens/
# Agency", "© Agency", an element of class "credit"), which is never text. A caption on a
# page of paragraphs stays a caption, even one that says what the paragraphs do not.
_CREDIT_CLASS = re.compile(r"credit|copyright|attribution|photographer|source|byline",
                           re.IGNORECASE)
_CREDIT = re.compile(
    r"(?:^|(?<=[\s(\[|/–—-]))(?:(?:photo(?:graph)?s?|pictures?|images?|credits?|fotos?|bild"
    r"|illustrations?)(?:\s+by)?\s*:|photo(?:graph)?\s+by\b|©|\(c\)\s)", re.IGNORECASE)


def _caption_text(caption: lxml.html.HtmlElement) -> str:
    """A caption's text without its credit."""
    caption = copy.deepcopy(caption)
    for element in list(caption.iter(lxml.etree.Element)):
        if element is not caption and _CREDIT_CLASS.search(element.get("class") or ""):
            element.drop_tree()
    text = squash(caption.text_content())
    credit = _CREDIT.search(text)
    if credit:
        text = text[:credit.start()].rstrip(" ([|/–—-")
    return text


def _captions_as_paragraphs(page: str) -> str:
    """A photo essay's captions as its paragraphs (see above); any other page as it is."""
    if page.count("<figcaption") + page.count("<FIGCAPTION") < 2:
        return page
    try:
        doc = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return page
    captions = []
    for caption in doc.iter("figcaption"):
        text = _caption_text(caption)
        if len(text.split()) >= 8 and _PROSE_END.search(text):
            captions.append((caption, text))
    said = sum(len(text) for _caption, text in captions)
    prose = sum(len(squash(p.text_content())) for p in doc.iter("p")
                if not any(a.tag in ("figure", "figcaption") for a in p.iterancestors()))
    if len(captions) < 2 or said < prose:
        return page
    for caption, text in captions:
        figure = next((a for a in caption.iterancestors() if a.tag == "figure"), None)
        paragraph = lxml.html.Element("p")
        paragraph.text = text
        if figure is not None:
            paragraph.tail, figure.tail = figure.tail, None
            figure.addnext(paragraph)
        else:
            caption.addprevious(paragraph)  # (a caption outside any figure)
        caption.drop_tree()
    return lxml.html.tostring(doc.getroottree(), encoding="unicode")


# ------------------------------------------------------------------ pagers

# An article split over pages: its pager ("Page 1 of 3", "« 1 2 3 Next »", WordPress's "Pages:
# 1 2 3", "Continue reading on page 2", a link rel="next" to "Next page: The Headline Of Page
# 2") is the site's, not the text. A pager is a short element whose every word is a pager's
# (or a number) and that says it is one: "page N of M" or "on page N", links of numbers, or
# a link rel="next" or "prev"; an element that holds such a link and, outside it, only a
# pager's words ("Next page:") is one too.
_PAGER_HINT = re.compile(
    r"""rel=["']?(?:next|prev)|\b(?:page|seite|página|pagina)\s+\d{1,3}\s|on\s+page\s+\d"""
    r"|pagination|page-numbers|page-links|\bpager\b", re.IGNORECASE)
_PAGER_WORDS = frozenset(
    "page pages pg p of next previous prev first last older newer continue continued continues"
    " reading read on to the go story article post part more all view single"
    " seite von weiter zurück página de siguiente anterior suivante précédente sur"
    " pagina di successiva precedente"
    .split())
_PAGE_OF = re.compile(r"\b(?:page|pg|seite|página|pagina)\s+\d{1,3}\s*(?:of|/|von|de|sur|di)"
                      r"\s*\d{1,3}\b|\bon\s+page\s+\d{1,3}\b|\bpages?\s*:\s*\d", re.IGNORECASE)
_PAGER_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_PAGER_MAX = 160  # characters: a pager is short
_PAGER_SKIP = frozenset(("html", "head", "body", "article", "main", "script", "style"))


def _pager_words_only(text: str) -> bool:
    return all(token.isdigit() or token in _PAGER_WORDS or not token[0].isalnum()
               for token in _PAGER_TOKEN.findall(text.casefold()))


def _short_text(element: lxml.html.HtmlElement) -> str:
    """The element's text when it is short (``_PAGER_MAX``), else "": read no further than
    that, so that asking each element of a page costs no more than its first words."""
    parts, total = [], 0
    for part in element.itertext():
        total += len(part)
        if total > 4 * _PAGER_MAX:
            return ""
        parts.append(part)
    text = squash("".join(parts))
    return text if len(text) <= _PAGER_MAX else ""


def _is_pager(element: lxml.html.HtmlElement) -> bool:
    text = _short_text(element)
    if not text:
        return False
    links = list(element.iter("a"))
    rel = [a for a in links
           if {"next", "prev", "previous"} & set((a.get("rel") or "").lower().split())]
    if _pager_words_only(text):
        numbers = sum(squash(a.text_content()).isdigit() for a in links)
        return bool(rel or numbers >= 2 or _PAGE_OF.search(text))
    if not rel or len(squash(" ".join(a.text_content() for a in rel)).split()) > 15:
        return False
    outside = text
    for a in rel:
        outside = outside.replace(squash(a.text_content()), " ", 1)
    return _pager_words_only(outside)


def _without_pagers(page: str) -> str:
    """The page without the pager of an article split over pages (see ``_PAGER_HINT``)."""
    if not _PAGER_HINT.search(page):
        return page
    try:
        doc = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return page
    bodies = doc.xpath("//body")
    gone: list[lxml.html.HtmlElement] = []
    for element in (bodies[0] if bodies else doc).iter(lxml.etree.Element):
        if element.tag in _PAGER_SKIP or (gone and gone[-1] in element.iterancestors()):
            continue  # (inside the pager found last: document order)
        if _is_pager(element):
            gone.append(element)
    if not gone:
        return page
    for element in gone:
        element.drop_tree()
    return lxml.html.tostring(doc.getroottree(), encoding="unicode")


# ------------------------------------------------------------------ extractors


def extract_trafilatura(page: str) -> str:
    import trafilatura

    return _inline_code(trafilatura.extract(
        page, output_format="html", include_comments=False, include_tables=True,
        include_links=True,  # a body's links are part of its text; clean resolves them
    ) or "")


# trafilatura writes an inline <code> as a <pre> inside its paragraph ("<p>Run <pre>node
# --upgrade</pre> before Friday.</p>"), which the cleaner, reading <pre> as a block, cut
# into three paragraphs. A one-line <pre> within a paragraph is inline code again.
_PARAGRAPH = re.compile(r"<p>(?:(?!</?p[\s>]).)*?</p>", re.DOTALL)
_INLINE_PRE = re.compile(r"<pre>([^<\n]*)</pre>")


def _inline_code(fragment: str) -> str:
    if "<pre>" not in fragment:
        return fragment
    return _PARAGRAPH.sub(lambda m: _INLINE_PRE.sub(r"<code>\1</code>", m[0]), fragment)


def extract_readability(page: str) -> str:
    from readability import Document

    try:
        return Document(_plain_list_items(page)).summary(html_partial=True) or ""
    except Exception:  # readability raises its own Unparseable and lxml errors
        return ""


_LIST_PARAGRAPH = re.compile(r"<li\b[^>]*>\s*<p[\s>]", re.IGNORECASE)


def _plain_list_items(page: str) -> str:
    """The page for readability with the ``<p>`` of each list item unwrapped (a ``<br>``
    between two). readability scores a paragraph for its parent and grandparent: in
    "<ul><li><p>Short point.</p></li>...</ul>" the list took an <ul>'s score, below zero,
    and went as boilerplate with every item. A list of plain items is not scored, and is
    kept as part of the text around it."""
    if "<li" not in page or not _LIST_PARAGRAPH.search(page):
        return page
    try:
        doc = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return page
    for item in list(doc.iter("li")):
        paragraphs = [child for child in item if child.tag == "p"]
        for p in paragraphs[:-1]:
            p.append(lxml.html.Element("br"))
        for p in paragraphs:
            p.drop_tag()
    return lxml.html.tostring(doc.getroottree(), encoding="unicode")


def _text_length(fragment: str) -> int:
    return len(_plain_text_of(fragment))


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
    # (two are enough when that block holds them both, and more: a paywall's box beside two
    # free paragraphs ran them, the headline and the box's text into one)
    found = _text_length(first)
    enough = found >= FALLBACK_SHARE * chars
    merged = _block_count(first) <= 1 and (paragraphs >= 3 or paragraphs == 2 and found > chars)
    if enough and not merged:
        return _restore_headings(page, _restore_linked(page, first)), "trafilatura"
    second = extract_readability(page)
    if (not enough and _text_length(second) > _text_length(first)) or (
        merged and _block_count(second) > 1
    ):
        return second, "readability"
    return _restore_headings(page, _restore_linked(page, first)), "trafilatura"


# A sentence's end: the last character of a paragraph of prose
_PROSE_END = re.compile(r"[.!?…][\"'”’»)]*$")
_LINKED_PARAGRAPH = re.compile(r"<p\b[^>]*>\s*<a\b", re.IGNORECASE)


def _restore_linked(page: str, extracted: str) -> str:
    """trafilatura's text with the paragraphs of prose it dropped for being all link ("<p><a
    href>The whole paragraph.</a></p>", at the end of the text, it reads as a link list): a
    paragraph of the page's main block, after one it kept, that is mostly a link's text, of
    eight words or more and ending as a sentence does, goes back in after the paragraph
    before it. A related-posts list's headlines end without a stop, and stay out."""
    if "<p" not in extracted or not _LINKED_PARAGRAPH.search(page):
        return extracted
    trees = _trees(page, extracted)
    if trees is None:
        return extracted
    doc, out = trees
    totals: dict[lxml.html.HtmlElement, int] = {}
    for p in doc.iter("p"):
        parent = p.getparent()
        if parent is not None:
            totals[parent] = totals.get(parent, 0) + len(squash(p.text_content()))
    if not totals:
        return extracted
    block = max(totals, key=lambda parent: totals[parent])
    kept = {_SPACES.sub("", p.text_content()): p for p in out.iter("p")}
    held = _SPACES.sub("", out.text_content())
    paragraphs = [(p, _SPACES.sub("", p.text_content())) for p in block if p.tag == "p"]
    if sum(key in kept for _p, key in paragraphs if key) < 2:
        return extracted  # trafilatura's text is not this block's
    anchor = None
    restored = False
    for p, key in paragraphs:
        if not key:
            continue
        if key in kept:
            anchor = kept[key]
            continue
        text = squash(p.text_content())
        linked = sum(len(squash(a.text_content())) for a in p.iter("a"))
        if (anchor is None or key in held or 2 * linked < len(text)
                or len(text.split()) < 8 or not _PROSE_END.search(text)):
            continue
        new = copy.deepcopy(p)
        new.tail = None
        anchor.addnext(new)
        anchor, restored = new, True
    return lxml.html.tostring(out, encoding="unicode") if restored else extracted


_HEADING_TAGS = ("h2", "h3", "h4")


def _trees(page: str, extracted: str) -> tuple[lxml.html.HtmlElement, lxml.html.HtmlElement] | None:
    """The page and the extracted text, parsed; None when either does not parse."""
    try:
        return lxml.html.fromstring(page), lxml.html.fromstring(extracted)
    except (ValueError, lxml.etree.ParserError):
        return None


def _restore_headings(page: str, extracted: str) -> str:
    """trafilatura's text with the section headings it dropped between paragraphs it kept
    (a live blog's entry heading after a ``<time>``): a heading of the page's article whose
    next element is a paragraph of the text goes back in before that paragraph. Headings
    over what it left out (share boxes, related posts, an author box) stay out."""
    if "<h" not in page or "<p" not in extracted:
        return extracted
    trees = _trees(page, extracted)
    if trees is None:
        return extracted
    doc, out = trees
    articles = doc.xpath("//article")
    root = articles[0] if len(articles) == 1 else doc
    kept = {squash(p.text_content()): p for p in out.iter("p")}
    have = {squash(h.text_content()) for h in out.iter(*_HEADING_TAGS)}
    restored = False
    for heading in root.iter(*_HEADING_TAGS):
        text = squash(heading.text_content())
        after = heading.getnext()
        if (not text or text in have or after is None or after.tag != "p"
                or any(a.tag in ("aside", "header", "footer", "nav", "figure", "form")
                       for a in heading.iterancestors())):
            continue
        target = kept.get(squash(after.text_content()))
        if target is not None and len(kept) > 1:
            new = lxml.html.Element("h2")
            new.text = text
            target.addprevious(new)
            have.add(text)
            restored = True
    if ("<ul" in page or "<ol" in page) and len(kept) > 1:
        restored = _restore_lists(root, out, kept, have) or restored
    return lxml.html.tostring(out, encoding="unicode") if restored else extracted


_LIST_OUTSIDE = ("aside", "header", "footer", "nav", "figure", "form", "li", "table")
_ITEM_WORDS = 3  # a list item of the text says something: "Canary checks now cover ..."


def _restore_lists(root: lxml.html.HtmlElement, out: lxml.html.HtmlElement,
                   kept: dict[str, lxml.html.HtmlElement], have: set[str]) -> bool:
    """Put back in ``out`` (trafilatura's text) the lists of the article it dropped, with
    the heading over each: a <ul> or <ol> between paragraphs it kept (the paragraph before
    it, past its heading, or the one after it), of two items or more, each item words of
    the text (three or more, not mostly a link's: a menu or a related-posts list is all
    links, and stays out). A status page's "What we are changing" and its three steps went
    so, while readability kept them. True when one went back in."""
    text = _SPACES.sub("", out.text_content())
    restored = False
    for listing in root.iter("ul", "ol"):
        items = [item for item in listing if item.tag == "li"]
        if len(items) < 2 or any(a.tag in _LIST_OUTSIDE for a in listing.iterancestors()):
            continue
        words = [squash(item.text_content()) for item in items]
        if any(len(said.split()) < _ITEM_WORDS or 2 * sum(
                len(squash(a.text_content())) for a in item.iter("a")) >= len(said)
               for item, said in zip(items, words, strict=True)):
            continue
        if _SPACES.sub("", words[0]) in text:
            continue  # kept already
        heading = listing.getprevious()
        if heading is not None and heading.tag not in _HEADING_TAGS:
            heading = None
        before = (heading if heading is not None else listing).getprevious()
        after = listing.getnext()
        anchor = kept.get(squash(before.text_content())) if before is not None and (
            before.tag == "p") else None
        following = kept.get(squash(after.text_content())) if after is not None and (
            after.tag == "p") else None
        if anchor is None and following is None:
            continue  # not between paragraphs of the text
        new = copy.deepcopy(listing)
        new.tail = None
        place = [new]
        title = squash(heading.text_content()) if heading is not None else ""
        if title and title not in have:
            head = lxml.html.Element("h2")
            head.text = title
            place.insert(0, head)
            have.add(title)
        for element in place:
            if following is not None:
                following.addprevious(element)
            else:
                anchor.addnext(element)  # type: ignore[union-attr]
                anchor = element
        restored = True
    return restored


# ------------------------------------------------------------------ a page's own data

# A page built with Next.js, Nuxt or a headless CMS and saved "HTML only" carries its article
# in the data its script draws the page from (Next.js's <script id="__NEXT_DATA__"
# type="application/json">, Nuxt 3's __NUXT_DATA__, "window.__APOLLO_STATE__ = {...}", a
# Redux store's "window.__PRELOADED_STATE__"), while the HTML shows a shell or a teaser.
# Only JSON is read, with json.loads: a script that is code (Nuxt 2's "window.__NUXT__=
# (function(a,b){...}(...))") or malformed is no data, and one larger than _DATA_MAX is
# not parsed.
_DATA_HINT = re.compile(r"application/json|__NEXT_DATA__|(?:window|self|globalThis)\[?[.\"']__")
_STATE_ASSIGNMENT = re.compile(
    r"(?<![\w$.])(?:window|self|globalThis)(?:\.__[A-Za-z_]+__|\[[\"']__[A-Za-z_]+__[\"']\])"
    r"\s{0,3}=\s{0,3}(?=[{\[])")
_DATA_MAX = 3_000_000  # characters of one script
_DATA_NODES = 200_000  # values looked at, over all of a page's scripts
_DATA_DEPTH = 64
# Where a CMS keeps a text as plain lines, the keys it goes by
_TEXT_KEYS = frozenset(("body", "content", "text", "articlebody", "bodytext", "plaintext",
                        "markdown", "description_long", "fulltext", "story"))
# The keys of a block's text in a list of blocks (Contentful's "value", Sanity's, Storyblok's
# and Editor.js's "text"), and of its kind ("nodeType": "heading-2", "style": "h2")
_BLOCK_TEXT_KEYS = ("text", "value")
_BLOCK_KIND_KEYS = ("nodeType", "_type", "type", "style", "blockType", "__typename")
_HEADING_KIND = re.compile(r"heading|h[1-6]$|title$|subhead", re.IGNORECASE)
_DATA_HEADLINE_KEYS = ("headline", "title")
_DATA_AUTHOR_KEYS = ("author", "authors", "byline", "creator", "writer")
_DATA_PUBLISHED_KEYS = ("datePublished", "publishedAt", "published_at", "publishDate",
                        "publishedDate", "publicationDate", "firstPublishedAt", "date",
                        "pubDate", "createdAt", "created_at")
_DATA_UPDATED_KEYS = ("dateModified", "updatedAt", "updated_at", "modifiedAt", "lastModified")
_TAG = re.compile(r"<[^<>]*>")


@dataclass(frozen=True)
class DataBody:
    html: str
    length: int  # characters of text
    headline: str | None = None
    author: str | None = None
    published: str | None = None
    updated: str | None = None


def _page_data(doc: lxml.html.HtmlElement) -> list[object]:
    """The JSON values of the page's data scripts: ``type="application/json"`` (and Next.js's
    ``__NEXT_DATA__`` whatever its type), and each state assigned to ``window.__NAME__``."""
    values: list[object] = []
    flight: list[str] = []
    for script in doc.iter("script"):
        text = script.text or ""
        if not text.strip() or len(text) > _DATA_MAX or script.get("src"):
            continue
        if "__next_f" in text:
            flight.extend(_flight_chunks(text))
            continue
        kind = (script.get("type") or "").strip().lower()
        if kind == "application/json" or script.get("id") == "__NEXT_DATA__":
            with contextlib.suppress(ValueError, RecursionError):
                values.append(json.loads(text))
            continue
        if kind not in ("", "text/javascript", "application/javascript", "module"):
            continue
        for found in _STATE_ASSIGNMENT.finditer(text) if "__" in text else ():
            try:
                # (the state's value alone: "window.__STATE__ = {...};" goes on as code)
                value, _end = json.JSONDecoder().raw_decode(text, found.end())
            except (ValueError, RecursionError):
                continue
            values.append(value)
    if flight and sum(map(len, flight)) <= _DATA_MAX:
        values.extend(_flight_values("".join(flight)))
    return values


# Next.js's App Router keeps the page's data as React Server Components' "flight" stream,
# pushed in pieces: <script>self.__next_f.push([1,"0:[...]\n1:T4b2,<p>..."])</script>. The
# pieces (JSON strings) joined are rows, "<id>:<JSON>" to the end of the line, or a text
# row, "<id>:T<length in UTF-8 bytes, hex>,<text>" (a long string outlined: an article's
# HTML or Markdown), which a JSON row refers to as "$<id>". An element is a list
# ["$", "p", key, {"children": ...}], its children strings, elements or "$L<id>", another
# row. Read here: the rows' values with each reference to a text row replaced by its text
# (the props of a component hold an article's fields: its body, headline, author, dates),
# and the text of the elements, paragraph by paragraph, as a body of their own.
_FLIGHT_PUSH = re.compile(r"self\.__next_f\.push\(\s*\[\s*1\s*,\s*(?=\")")
_FLIGHT_ROW = re.compile(rb"([0-9a-f]{1,8}):(?:T([0-9a-f]{1,8}),)?")
_FLIGHT_REFERENCE = re.compile(r'"\$[L@]?([0-9a-f]{1,8})"')
_FLIGHT_ROWS = 20_000
# Elements whose text is not the article's (their headline, date and byline are read)
_FLIGHT_FURNITURE = frozenset(("nav", "header", "footer", "aside", "form", "figure",
                               "figcaption", "menu", "dialog"))
_FLIGHT_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "button",
                          "select", "head", "title", "meta", "link", "iframe"))
_FLIGHT_BLOCKS = frozenset(("p", "h2", "h3", "h4", "h5", "h6", "li", "pre"))
_AUTHOR_CLASS = re.compile(r"(?:^|[\s_-])(?:author|byline)(?:$|[\s_-])", re.IGNORECASE)


def _flight_chunks(script: str) -> list[str]:
    """The strings a script pushes to ``self.__next_f`` (type 1: the stream's text)."""
    chunks = []
    for found in _FLIGHT_PUSH.finditer(script):
        with contextlib.suppress(ValueError):
            value, _end = json.JSONDecoder().raw_decode(script, found.end())
            if isinstance(value, str):
                chunks.append(value)
    return chunks


def _flight_rows(stream: str) -> tuple[dict[str, object], dict[str, str], list[str]]:
    """The stream's JSON rows (each reference to a text row replaced by its text) and its
    text rows by id, and the ids in the stream's order."""
    try:
        data = stream.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate pair split between two pieces, joined again
        data = stream.encode("utf-16-le", "surrogatepass").decode(
            "utf-16-le", "replace").encode("utf-8", "replace")
    payloads: dict[str, bytes] = {}
    texts: dict[str, str] = {}
    order: list[str] = []
    at, end = 0, len(data)
    while at < end and len(order) < _FLIGHT_ROWS:
        found = _FLIGHT_ROW.match(data, at)
        if found is None:  # a row of another kind (":HL[...]"), or not a row: to the next
            stop = data.find(b"\n", at)
            at = end if stop < 0 else stop + 1
            continue
        row = found.group(1).decode("ascii")
        if found.group(2) is not None:
            size = int(found.group(2), 16)
            texts[row] = data[found.end():found.end() + size].decode("utf-8", "replace")
            order.append(row)
            at = found.end() + size
            continue
        stop = data.find(b"\n", found.end())
        stop = end if stop < 0 else stop
        if data[found.end():found.end() + 1] in (b"[", b"{", b'"'):
            payloads[row] = data[found.end():stop]
            order.append(row)
        at = stop + 1
    rendered: dict[str, str] = {}

    def with_texts(value: dict) -> dict:
        # an element's children are text as it is written; a field of a component's
        # (its "body", "content") is HTML, or Markdown made HTML
        for key, item in value.items():
            if isinstance(item, str) and item[:1] == "$" and item[1:] in texts:
                row = item[1:]
                if key == "children":
                    value[key] = texts[row]
                else:
                    if row not in rendered:
                        rendered[row] = _flight_text_row(texts[row])
                    value[key] = rendered[row]
            elif key == "children" and isinstance(item, list):
                value[key] = [texts[v[1:]] if isinstance(v, str) and v[:1] == "$"
                              and v[1:] in texts else v for v in item]
        return value

    rows: dict[str, object] = {}
    for row, payload in payloads.items():
        with contextlib.suppress(ValueError, RecursionError):
            rows[row] = json.loads(payload, object_hook=with_texts if texts else None)
    return rows, texts, order


def _flight_text_row(text: str) -> str:
    """A text row as HTML: HTML as it is, Markdown (paragraphs between blank lines, no
    closing tags) rendered."""
    if len(text) < 200 or "</p>" in text or "</P>" in text or "\n\n" not in text:
        return text
    from digest.ingest.markdown import render_markdown  # only for a Markdown text row

    return render_markdown(text)


def _flight_values(stream: str) -> list[object]:
    """The flight stream's values for ``data_body``: the elements' text as bodies, the text
    rows no row refers to, and the rows (with the text rows they refer to)."""
    rows, texts, order = _flight_rows(stream)
    if not rows and not texts:
        return []
    referred = set(_FLIGHT_REFERENCE.findall(stream)) if "$" in stream else set()
    roots = [row for row in order if row not in referred]
    # (the elements' bodies first: small, looked at before ``data_body``'s budget ends)
    values: list[object] = _flight_bodies(rows, roots)
    values += [{"body": _flight_text_row(texts[row])} for row in roots if row in texts]
    values += [rows[row] for row in order if row in rows]
    return values


@dataclass
class _FlightPage:
    """What the elements of a flight stream say, as they are walked."""
    blocks: dict[int, list[tuple[str, str]]]  # by the <article> or <main> they are in
    headline: str | None = None
    published: str | None = None
    author: str | None = None


def _flight_bodies(rows: dict[str, object], roots: list[str]) -> list[dict]:
    """The text of the stream's elements as ``{"headline", "body", ...}`` objects, one for
    the paragraphs of each <article> (or <main>, or of the page outside any), in the order
    a browser shows them: from the rows no other refers to, each referred row in the place
    it is referred to (once). The walk keeps its own stack (a page's layout nests deep)."""
    page = _FlightPage(blocks={})
    seen: set[str] = set(roots)
    stack: list[tuple[object, int, bool]] = [(rows[row], 0, False) for row in reversed(roots)
                                             if row in rows]
    budget = _DATA_NODES
    while stack and budget > 0:
        budget -= 1
        value, group, furniture = stack.pop()
        if isinstance(value, str):
            row = _flight_row_of(value)
            if row is not None and row in rows and row not in seen:
                seen.add(row)
                stack.append((rows[row], group, furniture))
            continue
        if isinstance(value, dict):
            stack.extend((item, group, furniture) for item in reversed(value.values()))
            continue
        if not isinstance(value, list):
            continue
        if len(value) == 4 and value[0] == "$" and isinstance(value[1], str):
            tag, props = value[1], value[3]
            if tag in _FLIGHT_SKIP or not isinstance(props, dict):
                continue
            if _flight_element(tag, props, rows, seen, page, group, furniture):
                continue  # (its text read)
            if tag in ("article", "main"):
                group = id(props)
            stack.append((props, group, furniture or tag in _FLIGHT_FURNITURE))
            continue
        stack.extend((item, group, furniture) for item in reversed(value))
    found = []
    for blocks in page.blocks.values():
        parts: list[str] = []
        for kind, text in blocks:
            if kind == "html":
                parts.append(text)
            elif kind == "li":
                parts.append(f"<ul><li>{html.escape(text, quote=False)}</li></ul>")
            else:
                parts.append(f"<{kind}>{html.escape(text, quote=False)}</{kind}>")
        found.append({"headline": page.headline, "body": "\n".join(parts).replace(
            "</ul>\n<ul>", "\n"), "datePublished": page.published, "author": page.author})
    return found


def _flight_element(tag: str, props: dict, rows: dict[str, object], seen: set[str],
                    page: _FlightPage, group: int, furniture: bool) -> bool:
    """Read one element into ``page``: True when its text is read (a paragraph, a heading,
    the headline) and its children need no walk."""
    if tag == "h1" or (tag in _FLIGHT_BLOCKS and not furniture):
        text = squash(_flight_inline(props.get("children"), rows, seen, 0))
        if tag == "h1":
            page.headline = page.headline or text or None
        elif text:
            page.blocks.setdefault(group, []).append((tag, text))
        return True
    inner = props.get("dangerouslySetInnerHTML")
    if not furniture and isinstance(inner, dict) and isinstance(inner.get("__html"), str):
        page.blocks.setdefault(group, []).append(("html", inner["__html"]))
    if tag == "time" and isinstance(props.get("dateTime"), str):
        page.published = page.published or squash(props["dateTime"]) or None
    elif page.author is None and (props.get("rel") == "author" or _AUTHOR_CLASS.search(
            str(props.get("className") or ""))):
        # (a name: a box of the author's picture, bio or date is not one)
        name = _BY.sub("", squash(_flight_inline(props.get("children"), rows, seen, 0)))
        if 0 < len(name.split()) <= 5 and not any(c.isdigit() for c in name):
            page.author = name
    return False


def _flight_inline(value: object, rows: dict[str, object], seen: set[str],
                   depth: int) -> str:
    """The text of an element's children: strings, inline elements, rows referred to (a
    paragraph's, nested no deeper than ``_DATA_DEPTH``)."""
    if depth >= _DATA_DEPTH:
        return ""
    if isinstance(value, str):
        if value[:1] != "$":
            return value
        if value[:2] == "$$":
            return value[1:]  # a string that opens with "$", escaped
        row = _flight_row_of(value)
        if row is not None and row in rows and row not in seen:
            seen.add(row)
            return _flight_inline(rows[row], rows, seen, depth + 1)
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, list):
        return ""
    if len(value) == 4 and value[0] == "$" and isinstance(value[1], str):
        if value[1] in _FLIGHT_SKIP or not isinstance(value[3], dict):
            return ""
        if value[1] == "br":
            return " "
        return _flight_inline(value[3].get("children"), rows, seen, depth + 1)
    return "".join(_flight_inline(item, rows, seen, depth + 1) for item in value)


def _flight_row_of(value: str) -> str | None:
    """The row a string refers to: "$L1a" (a lazy element), "$1a", "$@1a"."""
    if value[:1] != "$" or len(value) < 2:
        return None
    row = value[2:] if value[1] in "L@" else value[1:]
    return row if row and len(row) <= 8 and all(c in "0123456789abcdef" for c in row) else None


def _plain(text: str) -> str:
    """A data value's text: its inline markup (Editor.js keeps "<b>") and entities gone."""
    if "<" in text:
        text = _TAG.sub("", text)
    return squash(html.unescape(text)) if "&" in text else squash(text)


def _block_text(block: dict, depth: int = 0) -> str:
    """The text of one block of a rich-text list: its text leaves, in order."""
    parts: list[str] = []
    for key, value in block.items():
        if key in _BLOCK_TEXT_KEYS and isinstance(value, str):
            parts.append(value)
        elif depth < 6 and isinstance(value, dict | list):
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    parts.append(_block_text(item, depth + 1))
    return "".join(parts)


def _is_heading_block(block: dict) -> bool:
    return any(isinstance(block.get(key), str) and _HEADING_KIND.search(block[key])
               for key in _BLOCK_KIND_KEYS)


def _prose(paragraphs: list[str]) -> int:
    """Characters of text in ``paragraphs`` when they read as an article's (two or more,
    most of the text in ones that end as sentences, 200 characters at least), else 0: a
    list of headlines or of labels is no article."""
    total = sum(len(p) for p in paragraphs)
    ended = sum(len(p) for p in paragraphs if _PROSE_END.search(p))
    return total if len(paragraphs) >= 2 and total >= 200 and 2 * ended >= total else 0


def _candidate(key: str, value: object) -> tuple[str, int] | None:
    """(HTML, characters) of an article's text held in one data value, or None: a string of
    HTML paragraphs, a plain text of lines under a text's key, a list of strings or of
    rich-text blocks."""
    if isinstance(value, str):
        if len(value) < 200:
            return None
        if value.count("</p>") + value.count("</P>") >= 2:
            try:
                fragment = lxml.html.fragment_fromstring(value, create_parent="div")
            except (ValueError, lxml.etree.ParserError):
                return None
            paragraphs = [squash(p.text_content()) for p in fragment.iter("p")]
            length = _prose([p for p in paragraphs if p])
            return (value, length) if length else None
        if key.lower() in _TEXT_KEYS and "\n" in value:
            lines = [squash(line) for line in value.splitlines()]
            lines = [line for line in lines if line]
            length = _prose([line for line in lines if not line.startswith("#")])
            if length:
                return "\n".join(
                    f"<h2>{html.escape(line.lstrip('#').strip(), quote=False)}</h2>"
                    if line.startswith("#") else f"<p>{html.escape(line, quote=False)}</p>"
                    for line in lines), length
        return None
    if not isinstance(value, list) or len(value) < 2:
        return None
    # all strings (a text's paragraphs), or all objects (a rich text's blocks): a list of
    # values of every kind (Nuxt's payload) is no text, its strings are looked at one by one
    blocks: list[tuple[str, str]] = []
    if all(isinstance(item, str) and "</p>" not in item for item in value):
        blocks = [("p", _plain(item)) for item in value]
    elif all(isinstance(item, dict) for item in value):
        for item in value:
            text = _plain(_block_text(item))
            if text:
                blocks.append(("h2" if _is_heading_block(item) else "p", text))
    length = _prose([text for kind, text in blocks if kind == "p" and text])
    if not length:
        return None
    return "\n".join(f"<{kind}>{html.escape(text, quote=False)}</{kind}>"
                     for kind, text in blocks if text), length


def _data_value(owner: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = owner.get(key)
        if isinstance(value, dict) and isinstance(value.get("rendered"), str):
            value = value["rendered"]  # WordPress's REST shape: "title": {"rendered": ...}
        if isinstance(value, str) and squash(value):
            return _plain(value)
    return None


def _data_author(owner: dict, owners: tuple[dict, ...] = ()) -> str | None:
    for key in _DATA_AUTHOR_KEYS:
        value = owner.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        value = _dereferenced(value, owners)
        if isinstance(value, dict) and isinstance(value.get("node"), dict):
            value = value["node"]  # GraphQL's edge
        name = _ld_name(value)
        if name and not _URLISH.match(name):
            return _BY.sub("", name) or None
    return None


def _dereferenced(value: object, owners: tuple[dict, ...]) -> object:
    """An entry of a normalised state (Apollo's cache) for a reference to it, ``{"__ref":
    "Author:12"}``: the entry of that key in the nearest object around that holds one (the
    state), one level only; any other value as it is."""
    if not isinstance(value, dict) or not isinstance(value.get("__ref"), str):
        return value
    ref = value["__ref"]
    for state in reversed(owners):
        entry = state.get(ref)
        if isinstance(entry, dict):
            return entry
    return value


def _referring_owner(owners: tuple[dict, ...]) -> dict | None:
    """The entry of a normalised state that refers to the entry holding the text, where
    that one names nothing ("body": {"__ref": "RichText:5"}, the text in "RichText:5"),
    when it has a headline: the state's entries one level down are looked at once."""
    for at in range(len(owners) - 1, 0, -1):
        state, held = owners[at - 1], owners[at]
        key = next((k for k, v in state.items() if v is held), None)
        if key is None:
            continue
        for entry in state.values():
            if isinstance(entry, dict) and entry is not held and any(
                    isinstance(v, dict) and v.get("__ref") == key for v in entry.values()):
                return entry if _data_value(entry, _DATA_HEADLINE_KEYS) else None
    return None


def data_body(doc: lxml.html.HtmlElement) -> DataBody | None:
    """The longest article text in the page's data scripts, with the headline, author and
    dates of the object that holds it (the nearest one with a headline or title), or None."""
    best: tuple[str, int, tuple[dict, ...]] | None = None
    budget = _DATA_NODES
    for value in _page_data(doc):
        stack: list[tuple[str, object, tuple[dict, ...]]] = [("", value, ())]
        while stack and budget > 0:
            key, item, owners = stack.pop()
            budget -= 1
            found = _candidate(key, item)
            if found and (best is None or found[1] > best[1]):
                best = (found[0], found[1], owners)
            if len(owners) >= _DATA_DEPTH:
                continue
            if isinstance(item, dict):
                inner = (*owners, item)
                stack.extend((str(k), v, inner) for k, v in reversed(item.items())
                             if isinstance(v, dict | list | str))
            elif isinstance(item, list):
                stack.extend((key, v, owners) for v in reversed(item)
                             if isinstance(v, dict | list | str))
    if best is None:
        return None
    body, length, owners = best
    owner = next((o for o in reversed(owners) if _data_value(o, _DATA_HEADLINE_KEYS)),
                 None) or _referring_owner(owners) or {}
    return DataBody(
        html=body, length=length,
        headline=_data_value(owner, _DATA_HEADLINE_KEYS),
        author=_data_author(owner, owners),
        published=_data_value(owner, _DATA_PUBLISHED_KEYS),
        updated=_data_value(owner, _DATA_UPDATED_KEYS),
    )


def _with_data_body(page: str, doc: lxml.html.HtmlElement, body: str,
                    meta: PageMeta) -> tuple[str, PageMeta]:
    """The body and metadata from the page's data when the extractor found much less text
    than the data holds (``FALLBACK_SHARE``). The page's own headline tags (og:title,
    JSON-LD, <h1>) stay before the data's, which goes before <title>; the data's author
    and dates fill what the page's tags leave empty."""
    if not _DATA_HINT.search(page):
        return body, meta
    found = data_body(doc)
    if found is None or _text_length(body) >= FALLBACK_SHARE * found.length:
        return body, meta
    if not _same_article(found, body, meta):
        return body, meta  # the longest text of the data is another article's
    titles = list(meta.titles)
    if found.headline and found.headline.casefold() not in {t.casefold() for t in titles}:
        title_tag = _first(doc, "//title")
        at = len(titles) - 1 if titles and titles[-1] == title_tag else len(titles)
        titles.insert(at, found.headline)
    return found.html, replace(
        meta, titles=tuple(titles), author=meta.author or found.author,
        published=meta.published or found.published, updated=meta.updated or found.updated)


# ------------------------------------------------------------------ ingest


def _prefer_ld_body(extracted: str, article_body: str) -> str:
    """The JSON-LD ``articleBody`` as paragraphs, when the extractor found less than it
    (a page whose text a script draws, which the saved HTML holds only in its JSON-LD), or
    found it as one run-on block where the publisher's text has paragraphs."""
    paragraphs = [squash(p) for p in article_body.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return extracted
    found = _text_length(extracted)
    if found >= FALLBACK_SHARE * len(squash(article_body)) and (
        len(paragraphs) < 2 or _block_count(extracted) > 1
    ):
        return extracted
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def _live_updates(page: str, extracted: str, updates: tuple[tuple[str, str], ...]) -> str:
    """A live blog's text with every update its JSON-LD lists: trafilatura left out the
    entries that had a heading of their own. readability's text when it holds them all,
    else the updates as the JSON-LD gives them (a heading each where the update's headline
    is not just the start of its text)."""

    def holds_all(fragment: str) -> bool:
        try:
            text = squash(lxml.html.fromstring(fragment).text_content()) if fragment.strip() else ""
        except (ValueError, lxml.etree.ParserError):
            return False
        return all(squash(body) in text for _headline, body in updates)

    if holds_all(extracted):
        return extracted
    second = extract_readability(page)
    if holds_all(second):
        # each entry's time stamp ("12:05") came as a paragraph of its own
        out = lxml.html.fromstring(second)
        for p in list(out.iter("p")):
            stamps = "".join(t.text_content() for t in p.iter("time"))
            if stamps and squash(stamps) == squash(p.text_content()):
                p.drop_tree()
        return lxml.html.tostring(out, encoding="unicode")
    parts = []
    for headline, body in updates:
        text = squash(body)
        if headline and not text.startswith(headline.rstrip(".…")):
            parts.append(f"<h2>{html.escape(headline, quote=False)}</h2>")
        parts += [f"<p>{html.escape(p, quote=False)}</p>"
                  for p in map(squash, body.splitlines()) if p]
    return "\n".join(parts)


# A footnote's number, in the text ("said.1", Substack's footnote-anchor) and before the
# note: a link to the note or back, which read as part of the sentence once text
_FOOTNOTE_MARK = re.compile(
    r"<sup\b[^>]*>\s*<a\b[^>]*\bhref=[\"']#(?:fn|footnote)[^\"']*[\"'][^>]*>\s*\[?\d{1,3}\]?"
    r"\s*</a>\s*</sup>"
    r"|<a\b[^>]*\bclass=[\"'][^\"']*\bfootnote-(?:anchor|number)\b[^>]*>\s*\[?\d{1,3}\]?\s*</a>",
    re.IGNORECASE)
# A note's marker in any other spelling: a <sup> holding only a link to a place in the page
# ("<sup><a href="#note-2">2</a></sup>", or the link around the <sup>), or a bare <sup> of a
# number in brackets or a note sign ("[3]", "*", "†"), or of a number after a word of three
# letters or more or after a sentence's punctuation ("fees<sup>1</sup>"). Extractors drop
# the <sup> and keep its text: "fees1", "2019[3]". (A number after a digit or a short unit,
# "10<sup>6</sup>", "km<sup>2</sup>", is a power, and stays.)
_NOTE_MARK = r"\s*(\[\s*\d{1,3}(\s*[,–-]\s*\d{1,3})*\s*\]|\d{1,3}(\s*[,–-]\s*\d{1,3})*|[*†‡§])\s*"
_NOTE_SUP = re.compile(
    rf"<sup\b[^>]*>\s*<a\b[^>]*\bhref=[\"']#[^\"']*[\"'][^>]*>{_NOTE_MARK}</a>\s*</sup>"
    rf"|<a\b[^>]*\bhref=[\"']#[^\"']*[\"'][^>]*>\s*<sup\b[^>]*>{_NOTE_MARK}</sup>\s*</a>"
    rf"|<sup\b[^>]*>(?P<bare>{_NOTE_MARK})</sup>",
    re.IGNORECASE)
_TAGS_AT_END = re.compile(r"(?:<[^<>]*>|\s)+$")
_WORD_BEFORE = re.compile(r"(?:[^\W\d_]{3}|[.,;:!?)\"'”’»])$")


def _without_note_marks(page: str) -> str:
    """The page without its footnote markers (``_FOOTNOTE_MARK``, ``_NOTE_SUP``); the
    notes themselves stay where the page has them."""
    if "footnote" in page or "#fn" in page:
        page = _FOOTNOTE_MARK.sub("", page)
    if "<sup" not in page and "<SUP" not in page:
        return page

    def mark(found: re.Match[str]) -> str:
        bare = found.group("bare")
        if bare is None or bare.strip()[:1] in "[*†‡§":
            return ""
        before = _TAGS_AT_END.sub("", page[max(0, found.start() - 300):found.start()])
        return "" if _WORD_BEFORE.search(before) else found.group(0)

    return _NOTE_SUP.sub(mark, page)


def _times_as_text(doc: lxml.html.HtmlElement, page: str) -> str:
    """The page for the extractor with each ``<time>`` inside a paragraph of prose written
    as plain text: trafilatura drops a <time> with its text, and "The exchange said on
    <time>Nov. 21</time> that..." lost its date, an update's note "Update (<time>18:40 UTC,
    Nov. 21</time>):" its time (and then, no longer the page's text, its whole paragraph).
    A paragraph is prose when, without its times, it is a sentence of six words or more: a
    byline's or a dateline's time ("By Ann Quay, <time>", "Published <time> | Updated
    <time>") stays one. ``doc`` is the page, its dates read: its <time>s become <span>s."""
    if "<time" not in page and "<TIME" not in page:
        return page
    inline = [time for time in doc.xpath("//p//time") if _prose_around(time)]
    if not inline:
        return page
    for time in inline:
        time.tag = "span"
    return lxml.html.tostring(doc.getroottree(), encoding="unicode")


def _prose_around(time: lxml.html.HtmlElement) -> bool:
    paragraph = next(time.iterancestors("p"))
    text = squash(paragraph.text_content())
    for other in paragraph.iter("time"):
        text = text.replace(squash(other.text_content()), " ", 1)
    return len(text.split()) >= 6 and bool(_PROSE_END.search(text.rstrip()))


_SHELL = 200  # characters: a page that shows less than this shows no article of its own


def _same_article(found: DataBody, body: str, meta: PageMeta) -> bool:
    """The data's text is this page's article, not another one it carries (a related
    story's full text, a newsletter's back issue): the page shows next to nothing (a shell),
    or the data names it by one of the page's headlines, or the text the page shows (a
    teaser) opens the data's."""
    shown = _plain_text_of(body)
    if len(shown) < _SHELL:
        return True
    if found.headline:
        named = _key(found.headline)
        if named and any(named in _key(title) or _key(title) in named
                         for title in meta.titles if _key(title)):
            return True
    teaser = _key(shown[:160])
    return bool(teaser) and teaser[: max(40, len(teaser) // 2)] in _key(
        _plain_text_of(found.html))


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _plain_text_of(fragment: str) -> str:
    if not fragment.strip():
        return ""
    try:
        return squash(lxml.html.fromstring(fragment).text_content())
    except (ValueError, lxml.etree.ParserError):
        return ""


# A power or an index written as markup: "km<sup>2</sup>", "10<sup>-3</sup>", "CO<sub>2</sub>".
# Extractors keep the text and drop the tag ("km2", "CO2"); the superscript and subscript
# characters say it in the text. Only a <sup> or <sub> of digits and + - = ( ) alone: a
# footnote's marker is gone before (``_without_note_marks``), "2<sup>nd</sup>" stays "2nd".
_SCRIPT_TAG = re.compile(r"<(su[pb])\b[^<>]*>\s*([0-9+=()\-−]{1,8})\s*</su[pb]\s*>", re.IGNORECASE)


def _script_characters(page: str) -> str:
    if "<su" not in page and "<SU" not in page:
        return page

    def character(found: re.Match[str]) -> str:
        if found.group(2).startswith("("):
            return found.group(0)  # "(1)": a note's marker as some sites write one
        table = SUPERSCRIPTS if found.group(1).lower() == "sup" else SUBSCRIPTS
        return found.group(2).translate(table)

    return _SCRIPT_TAG.sub(character, page)


# An inline quotation, <q>: a browser shows it between quotation marks, which its text does
# not hold. trafilatura wrote it as a <blockquote> inside its paragraph (the cleaner cut the
# paragraph into three), readability kept it and the cleaner dropped the tag: the marks
# went either way. They are written into the text (‘ ’ for a quotation inside another).
_Q_TAG = re.compile(r"<(/?)q(?=[\s>/])[^>]*>", re.IGNORECASE)
_QUOTE_CHARS = "\"'“”‘’„«»‹›「」『』"


def _quote_marks(page: str) -> str:
    if "<q" not in page and "<Q" not in page:
        return page
    out: list[str] = []
    depth, at = 0, 0
    for found in _Q_TAG.finditer(page):
        out.append(page[at:found.start()])
        at = found.end()
        if found.group(1):  # </q>
            if depth:
                depth -= 1
                before = _TAGS_AT_END.sub("", "".join(out[-3:]))
                if before[-1:] not in _QUOTE_CHARS:
                    out.append("’" if depth else "”")
            continue
        after = re.sub(r"^(?:<[^<>]*>|\s)+", "", page[at:at + 300])
        if after[:1] not in _QUOTE_CHARS:
            out.append("‘" if depth else "“")
        depth += 1
    out.append(page[at:])
    return "".join(out)


_SPACES = re.compile(r"\s+")
_BODY_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")


def _within_article(doc: lxml.html.HtmlElement, extracted: str) -> str:
    """The extracted text without the blocks from outside the page's one ``<article>``,
    when that article holds the page's main text: Medium's "Written by" box, its responses
    and "More from" lists sit after it and an extractor may run on into them."""
    articles = doc.xpath("//article")
    if len(articles) != 1 or "<" not in extracted:
        return extracted
    inside = squash(articles[0].text_content())
    total = sum(len(squash(p.text_content())) for p in doc.iter("p"))
    held = sum(len(squash(p.text_content())) for p in articles[0].iter("p"))
    if not total or held < 0.6 * total:
        return extracted
    try:
        out = lxml.html.fromstring(extracted)
    except (ValueError, lxml.etree.ParserError):
        return extracted
    # (whitespace aside: the page's "<blockquote><p>One.</p><p>Two.</p>" is "One.Two."
    # as one text, the extractor's copy "One. Two.", and the quote went with its paragraphs)
    inside = _SPACES.sub("", inside)
    outside = _blocks_not_in(list(out.iter(*_BODY_BLOCKS)), inside)
    if outside is None:
        return extracted  # too costly to tell: the text is kept whole
    if not outside or len(outside) * 2 > len(list(out.iter(*_BODY_BLOCKS))):
        return extracted  # most of it is not in the article: the article is no guide
    for el in outside:
        el.drop_tree()
    return lxml.html.tostring(out, encoding="unicode")


def _blocks_not_in(
    blocks: list[lxml.html.HtmlElement], inside: str, budget: int = 50_000_000
) -> list[lxml.html.HtmlElement] | None:
    """The ``blocks`` whose text (spaces removed) is not in ``inside``, or None when telling
    would scan more than ``budget`` characters. The extractor keeps the page's order, so
    each block is looked for from where the one before it was found: a 5 MB article is read
    about once, where a search from its start for each of 12,000 paragraphs read it 6,000
    times. A block that is not ahead (out of order, or from outside) costs one whole scan,
    hence the budget: a page of thousands of such blocks is left as the extractor gave it."""
    outside = []
    cursor = 0
    for el in blocks:
        text = _SPACES.sub("", el.text_content())
        if not text:
            continue
        at = inside.find(text, cursor)
        if at < 0:
            budget -= len(inside)
            if budget < 0:
                return None
            at = inside.find(text, 0, cursor + len(text))
            if at < 0:
                outside.append(el)
                continue
        cursor = at
    return outside


# A counter's class: Medium's "pw-multi-vote-count" and "pw-responses-count", "like-count",
# "comment-count", "share-counter"; and its text, a bare number ("14", "1.2K", "3,400")
_COUNTER_CLASS = re.compile(r"(?:^|[-_])counts?$|(?:^|[-_])counter$", re.IGNORECASE)
_COUNT_TEXT = re.compile(r"\d[\d.,]*\s*[KkMm]?")


def _without_counters(doc: lxml.html.HtmlElement, body: str) -> str:
    """The body without the paragraphs that are only a counter of the page (claps,
    responses, likes): Medium's response count below its text came through as "14"."""
    counts = {
        text for el in doc.xpath('//*[contains(@class, "count")]')
        if any(_COUNTER_CLASS.search(c) for c in (el.get("class") or "").split())
        and _COUNT_TEXT.fullmatch(text := squash(el.text_content()))
    }
    if not counts or "<" not in body:
        return body
    try:
        out = lxml.html.fromstring(body)
    except (ValueError, lxml.etree.ParserError):
        return body
    gone = [p for p in out.iter("p") if squash(p.text_content()) in counts]
    for p in gone:
        p.drop_tree()
    return lxml.html.tostring(out, encoding="unicode") if gone else body


def _has_class(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


# A print version's address: "?print=1", "?view=print", WordPress's WP-Print ".../story/print/",
# Drupal's "/print/node/12": the article's is the same without it. (The leading "/print/" only
# on a page that prints itself, where a site's section may be called "print".)
_PRINT_QUERY = re.compile(
    r"(?:print|printable|printer|printview|printer_?friendly|(?:view|output|format|mode|layout"
    r"|template|type)=print(?:er|able)?)(?:=[^&]*)?", re.IGNORECASE)
_PRINT_PAGE = re.compile(r"window\.print\s*\(|\bid=[\"']BlogContent[\"']", re.IGNORECASE)


def unprinted_url(url: str, page: str = "") -> str:
    """The article's address for its print version's (see ``_PRINT_QUERY``)."""
    if "print" not in url.lower():
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query = "&".join(q for q in parts.query.split("&") if q and not _PRINT_QUERY.fullmatch(q))
    path = re.sub(r"/print(?:\.html?)?/?$", "/", parts.path, flags=re.IGNORECASE)
    if path.lower().startswith("/print/") and _PRINT_PAGE.search(page):
        path = path[len("/print"):]
    if query == parts.query and path == parts.path:
        return url
    return parts._replace(path=path, query=query).geturl()


# The WP-Print plugin's page: the post's title, "Posted By <u>Name</u> On <date>", its text,
# then "Article printed from ...", "URL to article: <address>" and the post's links listed
_WP_PRINT_URL = '//p[starts-with(normalize-space(.), "URL to article:")]/strong'
_WP_PRINT_BY = re.compile(r"Posted By (.+?) On ", re.IGNORECASE)

# Pages whose text sits in one element a platform always names the same way, around which an
# extractor took the account's name, counters, replies or comments:
# (where it applies: og:site_name, or None for any page; the text's element; the headline's)
_KNOWN_BODIES: tuple[tuple[str | None, str, str | None], ...] = (
    # Bluesky's page for a browser without script
    (None, '//*[@id="bsky_post_text"]', None),
    # Mastodon's post, without the replies under it
    (None, f'//*[{_has_class("detailed-status")}]//*[{_has_class("status__content")}]', None),
    # old.reddit.com: the post's own text, without the comment thread that outweighs it
    (None, f'//*[{_has_class("thing")} and {_has_class("link")}]'
           f'//*[{_has_class("usertext-body")}]',
     f'//*[{_has_class("thing")} and {_has_class("link")}]//a[{_has_class("title")}]'),
    # GitHub's release notes (and README), without the assets, reactions and contributors
    ("github", f'//*[{_has_class("markdown-body")}]', None),
    # WordPress's WP-Print page, without the addresses listed after the text
    (None, '//*[@id="Outline"]//*[@id="BlogContent"]', '//*[@id="BlogTitle"]'),
)
# og:title of a post on Mastodon or Bluesky: the account, "Ann Writer (@ann@social.example)"
_SOCIAL_TITLE = re.compile(r"(.+?)\s+\((@[^\s()]+)\)")


def _known_body(doc: lxml.html.HtmlElement, meta: PageMeta) -> tuple[str, str | None] | None:
    """The text (and headline) of a page of a platform in ``_KNOWN_BODIES``, or None."""
    sites = {name.casefold() for name in meta.site_names}
    for site, where, headline in _KNOWN_BODIES:
        if site is not None and site not in sites:
            continue
        found = doc.xpath(where)
        if not found or not squash(found[0].text_content()):
            continue
        element = found[0]
        if element.tag == "p":
            body = lxml.html.tostring(element, encoding="unicode", with_tail=False)
        else:
            body = (html.escape(element.text or "", quote=False) + "".join(
                lxml.html.tostring(child, encoding="unicode") for child in element))
        return body, _first(doc, headline) if headline else None
    return None


def _wp_print_meta(doc: lxml.html.HtmlElement, meta: PageMeta) -> PageMeta:
    """A WP-Print page's address ("URL to article:"), author ("Posted By Name On") and
    date ("On 2 March 2026 @ 9:00 am In News")."""
    url = meta.url or _first(doc, _WP_PRINT_URL)
    line = _first(doc, '//*[@id="BlogDate"]') or ""
    by = _WP_PRINT_BY.search(line)
    author = meta.author or (squash(by.group(1)) if by else None)
    return replace(meta, url=url if url and url.startswith(("http://", "https://")) else None,
                   author=author,
                   published=meta.published or _wp_print_date(line, by.end(1) if by else 0))


# The date after "On", up to the post's categories ("In News") or its comment count ("|")
_WP_PRINT_ON = re.compile(r"\bOn\s+([^|]{6,80}?)\s*(?:\bIn\s|\||$)")


def _wp_print_date(line: str, start: int = 0) -> str | None:
    """The date of a WP-Print page's "Posted By Name On <date> @ <time> In ..." line, as
    ISO 8601. The plugin writes "@" between the date and the time, which is dropped before
    the date is read (whichever dates module reads it, "@" or not)."""
    from digest.ingest.dates import loose_date  # only for a WP-Print page

    found = _WP_PRINT_ON.search(line, start)  # (after the name)
    if found is None:
        return None
    when = loose_date(found.group(1).replace("@", " "))
    return when.isoformat() if when else None


def _links_against_base(doc: lxml.html.HtmlElement, body: str, url: str | None) -> str:
    """The body's relative links and pictures resolved against the page's ``<base href>``
    (itself resolved against the page's address): a page saved with "Save page as" keeps
    the base its links were written against, which need not be the page's own folder.
    Without a base the clean stage resolves them against the page's address."""
    base = _first(doc, "//base/@href")
    if not base or "<" not in body:
        return body
    try:
        base = urljoin(url or "", base)
        if urlsplit(base).scheme not in ("http", "https"):
            return body
        out = lxml.html.fromstring(body)
    except (ValueError, lxml.etree.ParserError):
        return body
    out.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
    return lxml.html.tostring(out, encoding="unicode")


# ------------------------------------------------------------------ very large pages

# A picture, font or style saved into the page as a data: URI (SingleFile and "Webpage,
# single file" saves hold every picture so): its payload is no text, and the clean stage
# drops data: addresses, but every pass over the page read its megabytes. A payload this
# long is emptied before the page is read (a lazy-loading page's 1-pixel placeholder is
# shorter, and kept).
_DATA_URI = re.compile(r"(data:[\w.+/-]{0,100}(?:;[\w.+-]{1,40}=[\w.+-]{1,40}){0,3};base64,)"
                       r"[A-Za-z0-9+/=]{1000,}")
# The most text read from one page. The extractors' cost grows faster than the page (a 5 MB
# page of text took 3 s, a 21 MB one 28 s, a 53 MB one minutes), and the body is cut at
# [limits] max_body_chars (1,000,000 characters by default) after them anyway; the text
# past this is not read, and a warning says so.
PAGE_TEXT_CHARS = 2_000_000
# Where a text run ends: a tag, a comment, or a script or style whose content is no text
# (no "<" inside a tag: a stray "<b" with no ">" after it costs one short look, not a scan
# to the end of the page at each such "<")
_MARKUP = re.compile(r"<(?:(script|style|textarea|template)\b[^<>]*>|!--|/?[A-Za-z!?][^<>]*>)",
                     re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)
_CLOSING = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
            for name in ("script", "style", "textarea", "template")}


def _without_data_payloads(page: str) -> str:
    if "base64," not in page:
        return page
    return _DATA_URI.sub(r"\1", page)


def _page_text_end(page: str, limit: int) -> int | None:
    """Where the page's first ``limit`` characters of text end (at a space), or None when
    it holds no more than that. One pass: each script, style or comment is skipped whole
    (one that never closes holds the rest of the page: no text there)."""
    text = at = 0
    while True:
        match = _MARKUP.search(page, at)
        end = match.start() if match else len(page)
        if text + end - at > limit:
            cut = at + limit - text
            space = page.rfind(" ", at, cut)
            return space if space > at else cut
        if match is None:
            return None
        text += end - at
        if match.group(1):
            close = _close_of(page, match.group(1), match.end())
            if close < 0:
                return None
            at = close
        elif match.group(0) == "<!--":
            close = page.find("-->", match.end())
            if close < 0:
                return None
            at = close + 3
        else:
            at = match.end()


def _close_of(page: str, name: str, start: int) -> int:
    """Where the end tag of the ``name`` element opened before ``start`` ends, or -1."""
    found = _CLOSING[name.lower()].search(page, start)
    return found.end() if found else -1


def _bounded_page(page: str, location: str, notices: list[str] | None) -> str:
    """The page with its text past ``PAGE_TEXT_CHARS`` left out (its scripts kept: they
    may hold the article's data or its JSON-LD), and its long data: payloads emptied. A
    page shorter than the bound is never scanned."""
    page = _without_data_payloads(page)
    if len(page) <= PAGE_TEXT_CHARS:
        return page
    cut = _page_text_end(page, PAGE_TEXT_CHARS)
    if cut is None:
        return page
    rest = page[cut:]
    scripts = []
    if _SCRIPT.search(rest):
        at = 0
        while (found := _SCRIPT.search(rest, at)) is not None:
            end = _close_of(rest, "script", found.end())
            if end < 0:
                break
            scripts.append(rest[found.start():end])
            at = end
    if notices is not None:
        notices.append(f"{location}: the page holds over {PAGE_TEXT_CHARS:,} characters of "
                       "text; the text past them was not read")
    return page[:cut] + "".join(scripts)


def parse_page_text(
    page: str, location: str, source: SourceConfig | None = None, method: str = "combined",
    address: str | None = None, notices: list[str] | None = None,
) -> Article:
    """One saved page's raw Article. ``address``: where the page was saved from, as the
    file holding it says (an MHTML file's header), for a page that gives no address.
    ``notices`` hears of a page read only in part (``PAGE_TEXT_CHARS``)."""
    page = _bounded_page(page, location, notices)
    # (before the page is read: the article's text in it is compared with the extractor's)
    page, archived = _from_archive(page)
    page, section, standfirst = _headline_labels(page)
    page = _captions_as_paragraphs(_without_pagers(page))
    page = _quote_marks(_script_characters(_without_note_marks(page)))
    try:
        doc = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise DigestError(location, f"not an HTML page ({exc})", "save the page as HTML") from exc
    meta = page_metadata(doc)
    if section and not meta.section:
        meta = replace(meta, section=section)  # (the page's tags name the section first)
    if not meta.url and (archived or address):
        meta = replace(meta, url=unarchived_url(archived or address or ""))
    known = _known_body(doc, meta)
    if known:
        body, title = known
        meta = replace(meta, titles=(title, *meta.titles) if title else meta.titles)
        if "BlogContent" in page:
            meta = _wp_print_meta(doc, meta)
    else:
        body, _extractor = extract_main(_times_as_text(doc, page), method)
        body = _within_article(doc, body)
    if meta.url and "print" in meta.url.lower():
        meta = replace(meta, url=unprinted_url(meta.url, page))
    body = _without_counters(doc, body)
    if meta.body:
        body = _prefer_ld_body(body, meta.body)
    if meta.updates:
        body = _live_updates(page, body, meta.updates)
    if not known:
        body, meta = _with_data_body(page, doc, body, meta)
    body = _links_against_base(doc, body, meta.url)
    social = _SOCIAL_TITLE.fullmatch(meta.titles[0]) if meta.titles else None
    if social and known:
        # og:title names the account ("Ann Writer (@ann@social.example)"), not a headline:
        # the clean stage makes one from the post's text, as for a feed's untitled item
        meta = replace(meta, titles=("",), author=meta.author or squash(social.group(1)))
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
        # the standfirst under the headline (the clean stage makes one of the first
        # paragraphs where there is none; og:description, a teaser, is not read)
        summary=html.escape(standfirst, quote=False) if standfirst else "",
        body_html=body,
        author=meta.author,
        published=to_utc(meta.published),
        updated=to_utc(meta.updated),
        site_names=names,
        # the lead picture the page names for sharing, when its text shows none
        image=None if "<img" in body else page_image(doc, meta.url),
    )


# Where a page names its lead picture: the picture shared with a link to it
_PAGE_IMAGES = (
    '//meta[@property="og:image:secure_url"]/@content', '//meta[@property="og:image"]/@content',
    '//meta[@property="og:image:url"]/@content', '//meta[@name="twitter:image"]/@content',
    '//meta[@name="twitter:image:src"]/@content', '//link[@rel="image_src"]/@href',
)


def page_image(doc: lxml.html.HtmlElement, url: str | None) -> str | None:
    """The page's lead picture (og:image, twitter:image, image_src), made absolute against
    the page's address: an http(s) address, else None."""
    for path in _PAGE_IMAGES:
        found = squash(str(_first(doc, path) or ""))
        if not found:
            continue
        try:
            found = urljoin(url, found) if url else found
        except ValueError:  # "http://[x": no picture
            continue
        address = web_address(found)
        if address:
            return address
    return None


def parse_page_file(
    path: Path, source: SourceConfig | None = None, method: str = "combined",
    notices: list[str] | None = None,
) -> Article:
    from digest.util import read_file

    try:
        data = read_file(path)
    except OSError as exc:
        raise DigestError(str(path), f"cannot read the file ({exc.strerror})") from exc
    if path.suffix.lower() in MHTML_SUFFIXES or _MIME_START.match(data[:200]):
        page, address = read_mhtml(data, str(path))
        return parse_page_text(page, str(path), source, method, address=address,
                               notices=notices)
    return parse_page_text(decode_page(data), str(path), source, method, notices=notices)


# ------------------------------------------------------------------ MHTML

# A page saved as one file by a browser (Chrome's "Webpage, single file", Internet
# Explorer's "Web archive"): a MIME message, the page in its text/html part, its pictures
# and styles in the others.
MHTML_SUFFIXES = (".mhtml", ".mht")
# a MIME message's first header (an HTML page starts with "<", a doctype or a comment)
_MIME_START = re.compile(
    rb"\s*(?:From|MIME-Version|Snapshot-Content-Location|Content-Type|Subject|Date):",
    re.IGNORECASE)


def read_mhtml(data: bytes, location: str) -> tuple[str, str | None]:
    """The page an MHTML file holds, decoded (quoted-printable or base64, in its part's
    charset, else as ``decode_page`` reads a page), and the address it was saved from
    (``Snapshot-Content-Location``, else the page part's ``Content-Location``). The
    message's Date is when the page was saved, and is not read. A file of this suffix that
    is a plain HTML page is read as one; a file holding no page raises DigestError."""
    if data.lstrip()[:1] == b"<":
        return decode_page(data), None  # an HTML page with the suffix
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    pages = [part for part in message.walk() if part.get_content_type() == "text/html"]
    snapshot = _header(message, "Snapshot-Content-Location")
    # the main frame: the part saved from the snapshot's address (an <iframe>'s page is
    # another text/html part), else the first
    part = next((p for p in pages if snapshot and _header(p, "Content-Location") == snapshot),
                pages[0] if pages else None)
    payload = part.get_payload(decode=True) if part is not None else None
    if not isinstance(payload, bytes) or not payload.strip():
        kind = message.get_content_type() if message.keys() else "no MIME message"
        raise DigestError(
            location, f"no HTML page in this MHTML file ({kind})",
            "save the page again as \"Webpage, single file\" (.mhtml) or as HTML")
    assert part is not None
    page = None
    charset = part.get_content_charset()
    if charset:
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            page = payload.decode(charset)
    address = snapshot or _header(part, "Content-Location") or _header(message, "Content-Location")
    if address and not address.lower().startswith(("http://", "https://")):
        address = None  # ("cid:..." or a file's path)
    return page if page is not None else decode_page(payload), address


def _header(message: email.message.Message, name: str) -> str | None:
    value = message.get(name)
    return squash(str(value)) or None if value is not None else None


_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)


def decode_page(data: bytes) -> str:
    """A saved page's text. A byte-order mark, or bytes that are valid UTF-8 and not all
    ASCII, are Unicode whatever the page says (browsers save pages as UTF-8 and do not
    always correct the ``<meta charset>`` they copied); otherwise the charset the page
    declares in a ``<meta>`` (there is no HTTP header in a file: a page in Shift_JIS,
    windows-1251 or ISO-8859-2 says so only there), else Windows-1252."""
    from digest.ingest.scraped import text_encoding

    unicode = text_encoding(data)
    if unicode:
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(unicode)
    with contextlib.suppress(UnicodeDecodeError):
        return data.decode("utf-8")
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        # HTML's rule: a page labelled Latin-1 or ASCII is read as windows-1252
        if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
            name = "cp1252"
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            return data.decode(name)
    return data.decode("cp1252", errors="replace")
