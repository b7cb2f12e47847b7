"""Feed files: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed 1.0/1.1 by hand.

feedparser does not read JSON Feed, so that format has its own small reader here.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import html
import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import feedparser

from digest.config import SourceConfig
from digest.dedupe import canonical_from_entry, canonical_url
from digest.errors import DigestError
from digest.ingest import looks_binary
from digest.ingest.dates import (
    epoch_date,
    feed_date,
    is_all_digits,
    is_year_first,
    loose_date,
    names_a_zone_feedparser_misreads,
    offset_after_zone_name,
    year_first_date,
)
from digest.model import Article
from digest.util import read_file, stable_id, to_utc, url_host, web_address

_HAS_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# HTML escaped twice by its publisher: once the feed's escaping is undone, the markup still
# reads "&lt;p&gt;..." (and would print as "<p>" on the page)
_ESCAPED_MARKUP = re.compile(
    r"\s*&lt;(?:p|div|br|span|a|img|h[1-6]|ul|ol|li|figure|strong|em|b|i|blockquote)\b",
    re.IGNORECASE,
)


def _once_escaped(html_text: str) -> str:
    """``html_text`` unescaped once more when it is markup escaped twice: it opens with an
    escaped tag and holds no real one. Anything else is left as it is."""
    if "<" not in html_text and _ESCAPED_MARKUP.match(html_text):
        return html.unescape(html_text)
    return html_text


def _whole_page(html_text: str) -> bool:
    """The body is a web page pasted whole into the feed (doctype, <html>, <body>), its
    navigation, headers and footer around the text."""
    head = html_text[:4000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def _main_text(html_text: str) -> str:
    """A body that is a whole page cut to its main text, as a saved page's is (its menus,
    sidebar and footer are not the article); any other body as it is."""
    if not html_text or not _whole_page(html_text):
        return html_text
    from digest.ingest.html import extract_main

    main, _extractor = extract_main(html_text)
    return main if main.strip() else html_text


def parse_feed_file(
    path: Path, source: SourceConfig | None = None, notices: list[str] | None = None
) -> list[Article]:
    try:
        data = read_file(path)
    except OSError as exc:
        raise DigestError(str(path), f"cannot read the file ({exc.strerror})") from exc
    return parse_feed_bytes(data, str(path), source, notices=notices)


def parse_feed_bytes(
    data: bytes,
    location: str,
    source: SourceConfig | None = None,
    base_url: str | None = None,
    notices: list[str] | None = None,
) -> list[Article]:
    """Parse any supported feed format into raw Articles; any failure is a DigestError.

    ``notices`` gets a line for what the user should hear of a feed that was read all the
    same: a malformed or truncated feed read only in part (``_damage``)."""
    try:
        return _parse_feed_bytes(data, location, source, base_url,
                                 notices if notices is not None else [])
    except DigestError:
        raise
    except Exception as exc:  # feedparser itself fails on some byte sequences (fuzzed)
        raise DigestError(
            location,
            f"not a readable feed ({type(exc).__name__}: {str(exc)[:200]})",
            "check that the file is a feed and not a web page; fix its encoding or XML",
        ) from exc


def _parse_feed_bytes(
    data: bytes, location: str, source: SourceConfig | None, base_url: str | None,
    notices: list[str],
) -> list[Article]:
    if not data.strip():
        raise DigestError(location, "the feed is empty", "check the file or URL")
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]  # a BOM before JSON (Notepad's)
    if head in (b"{", b"["):
        return _one_per_id(_parse_json_feed(data, location, source, base_url))
    if head != b"<" and not data.startswith(_UTF32_BE) and looks_binary(data):
        # (an image or an archive: "fix the XML" misleads)
        kind = "a JSON Feed" if location.lower().endswith(".json") else "a feed"
        raise DigestError(
            location, f"not {kind}: binary data (an image, an archive, a compressed file?)",
            "save the feed itself: the text of its XML (RSS, Atom) or JSON")
    root = first_element(data)
    if root == "opml":  # a feed reader's export, dropped where feeds go
        from digest.opml import read_opml

        count = len(read_opml(data, location))
        raise DigestError(
            location,
            f"an OPML subscription list ({count:,} feed{'' if count == 1 else 's'}), not a feed",
            f"add its feeds to digest.toml as [[sources]]: `digest opml {location} --append`, "
            "then `digest fetch`; and move the file out of the content folder",
        )
    data = guard_xml(data, location)
    if root in ("urlset", "sitemapindex"):
        return _one_per_id(_news_sitemap(data, location, source))
    if _EMPTY_LINK.search(data):
        data = _EMPTY_LINK.sub(b"", data)
    parsed = feedparser.parse(data, response_headers=_headers(base_url))
    # A truncated or broken document can yield husks with nothing in them: not items.
    entries = [e for e in parsed.entries if _usable(e)]
    pages = _pasted_pages(data, base_url, len(entries)) if _EMBEDS_A_PAGE.search(data) else {}
    if not entries:
        if root in ("!doctype", "html"):
            from digest.fetch import discover_feed  # only now: it imports the HTTP client

            announced = discover_feed(data, base_url or "")
            if announced:  # a saved web page (or a page's address) that names its feed
                raise DigestError(
                    location,
                    f"a web page, not a feed; the feed it announces is {announced}",
                    f'add [[sources]] url = "{announced}" to digest.toml (or save that feed '
                    "in content/feeds/) and take this page out of the feeds",
                )
        reason = parsed.get("bozo_exception")
        if parsed.get("bozo") and not (parsed.get("version")
                                       and not _damage(data, root, reason)):
            # (a feed with no items yet whose fault costs nothing, an "&nbsp;" or a
            # "&copy;" in its channel, is an empty feed, as it is with items in it)
            raise DigestError(
                location,
                f"not a readable RSS/Atom feed ({reason})",
                "check that the file is a feed and not a web page; fix the XML",
            )
        if not parsed.get("version"):
            raise DigestError(
                location,
                "no RSS, Atom or JSON Feed found in it",
                "point the source at the feed itself, not at a web page",
            )
        return []
    if parsed.get("bozo") and (damage := _damage(data, root, parsed.get("bozo_exception"))):
        count = f"{len(entries):,} item{'' if len(entries) == 1 else 's'}"
        notices.append(
            f"{location}: {damage}; {count} read from it, those at or after the fault may "
            "be cut short or missing: save or fetch the feed again, and if it stays so, "
            "tell its publisher (an XML validator shows the fault)")
    feed = parsed.feed
    name = (source.name if source and source.name else None) or _text(feed.get("title"))
    name = name or Path(location).stem
    link = feed.get("link")
    if not (isinstance(link, str) and link[:8].lower().startswith(("http://", "https://"))):
        link = None  # feedparser gives an Atom feed without a link its id ("urn:..."): no home
    home = (source.home if source and source.home else None) or link
    # Atom: an entry without an <author> has the feed's (RFC 4287, 4.2.1). An RSS channel's
    # managingEditor is its editor, not every item's writer: not inherited.
    inherited = _authors(feed) if str(parsed.get("version", "")).startswith("atom") else ""
    also = _names_in_title(_text(feed.get("title")), [_text(e.get("title")) for e in entries])
    # What readers see of a name made for machines: "@handle - Name" (Bluesky's feeds) is
    # Name. Ids stay made with the name as the feed gives it, so stories keep their ids.
    shown = name if source and source.name else _shown_name(
        _title_as_text(name, feed.get("title_detail")) or Path(location).stem)
    project = _project_of(_text(feed.get("title")) or name)
    shape = _FeedShape(
        captions=_media_descriptions(data),
        date=_entry_date(feed, "published") or _entry_date(feed, "updated"),
        tumblr="tumblr" in _text(feed.get("generator")).lower()
        or url_host(link).endswith(".tumblr.com"),
    )
    articles = []
    for index, entry in enumerate(entries):
        article = _entry_article(entry, index, location, name, home, source, inherited or None,
                                 shape)
        if shown != name and article.source_name == name:
            article = replace(article, source_name=shown,
                              site_names=tuple(dict.fromkeys((shown, *article.site_names))))
        if article.author and _same_name(article.author, article.source_name, name):
            # YouTube's channel as every video's author, a one-person blog's name as its
            # writer's: "By CircuitCast · CircuitCast" says the source twice, no author
            article = replace(article, author=None)
        if _VERSION_TITLE.match(article.title) and project:
            # "v2.4.0" of a project's releases (GitHub's release and tag feeds): a headline
            # that says nothing on a page of many projects' news; the project's name leads
            article = replace(article, title=f"{project} {article.title}")
        if index in pages:
            article = replace(article, body_html=pages[index])
        if also:
            article = replace(article, site_names=tuple(
                dict.fromkeys([article.site_names[0], *also, *article.site_names[1:]])))
        articles.append(article)
    return _one_per_id(articles)


# What feedparser's strict parser says of faults its lenient parser reads around with
# nothing lost: a blank line before "<?xml" (seen in the wild), an HTML entity ("&nbsp;")
_HARMLESS_FAULTS = ("xml or text declaration not at start of entity", "undefined entity")


def _damage(data: bytes, root: str, fault: Any) -> str:
    """What is wrong with a feed feedparser read in part, for the user ("" when nothing
    was lost): the document is cut short (its root element is never closed: a download
    interrupted, a file saved half-way), or its XML is not well-formed where feedparser's
    lenient parser may have skipped or cut items (the strict parser's message and line)."""
    message = line = None
    if callable(getattr(fault, "getMessage", None)):  # xml.sax's SAXParseException
        try:
            message, line = str(fault.getMessage()), fault.getLineNumber()
        except Exception:  # noqa: BLE001 - a message is no reason to lose the feed
            message = None
    where = f" at line {line}" if isinstance(line, int) and line > 0 else ""
    said = f" (feedparser: {message}{where})" if message else ""
    if root in ("rss", "feed", "rdf") and not re.search(
            rb"</(?:[\w.-]+:)?" + root.encode() + rb"\s*>", data[-4096:], re.IGNORECASE):
        return f"the feed is cut short, it ends before its closing </{root}>{said}"
    if message and not message.lower().startswith(_HARMLESS_FAULTS):
        return f"the feed is not well-formed XML{said}"
    return ""


# Bluesky's RSS: "@chainwatch.bsky.social - Chain Watch" (the handle, then the display name)
_HANDLE_AND_NAME = re.compile(r"@[\w-]+(?:\.[\w-]+)+\s+[-–—]\s+(\S.*)")
# X/Twitter bridges' (Nitter's): "Chain Watch / @chainwatch" (the display name, then the handle)
_NAME_AND_HANDLE = re.compile(r"(\S.*?)\s+/\s+@\w+")
# A headline that is only a version: "v2.4.0", "2.4.0-rc.1", "Release 1.14", "Version 3.1"
_VERSION_TITLE = re.compile(
    r"\s*(?:(?:release|version)\s+)?v?\d+(?:\.\d+)+(?:[-+._]?[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?\s*$",
    re.IGNORECASE,
)
# The project a release feed is of: GitHub's "Release notes from node", "Tags from node";
# "node releases"
_RELEASE_FEED = re.compile(
    r"\s*(?:release notes from|releases? (?:of|from|for)|tags from)\s+(\S.*?)\s*$"
    r"|\s*(\S.*?)\s+(?:releases?|release notes|tags)\s*$",
    re.IGNORECASE,
)


# Google News's feeds: '"halcyon finance" OR stablecoin - Google News' (a search, its
# query first), "Business - Google News" (a section), "Google News" (the front page)
_GOOGLE_NEWS_FEED = re.compile(r"(?:(?P<query>.*?)\s+[-–—]\s+)?Google News", re.S)
# A search's operators, which say how to search, not what: "when:7d", "site:x.example",
# "-scam" (a word left out), "AND"; quotes and brackets
_QUERY_NOISE = re.compile(r"(?:^|\s)(?:-\S+|[\w-]+:\S*|AND)(?=\s|$)|[\"()]")
_QUERY_OR = re.compile(r"\s+(?:OR|\|)\s+")
_SHORT_QUERY = 40  # characters: a longer query is no name a reader takes in at a glance


def _google_news_name(title: str) -> str | None:
    """A Google News feed's title as a source's name: "Google News: halcyon finance,
    stablecoin" (what it searches or the section it is, without the search's operators),
    or "Google News" when that is longer than ``_SHORT_QUERY``; None for another feed."""
    found = _GOOGLE_NEWS_FEED.fullmatch(title.strip())
    if found is None:
        return None
    query = _QUERY_NOISE.sub(" ", found.group("query") or "")
    query = ", ".join(w for w in (" ".join(p.split()) for p in _QUERY_OR.split(query)) if w)
    return f"Google News: {query}" if query and len(query) <= _SHORT_QUERY else "Google News"


# Platforms' feed titles around the name a reader knows the source by: GitHub's "Release
# notes from lumen", "Tags from lumen"; arXiv's "cs.LG updates on arXiv.org"; Medium's
# "Quillwork Engineering - Medium" (a publication's; an author's, "Stories by Jane Roe on
# Medium", stays: its writer is no outlet); GlobeNewswire's
# organisation feeds, "GlobeNewswire - News about Parcelo, Inc."
_GITHUB_FEED = re.compile(r"(?:release notes|tags) from\s+(?P<name>\S.*)", re.IGNORECASE)
_ARXIV_LISTING = re.compile(r"(?P<name>[\w.-]+) updates on arXiv\.[a-z]+", re.IGNORECASE)
_MEDIUM_FEED = re.compile(r"(?P<name>\S.*?)\s+[-–—]\s+Medium")
_NEWS_ABOUT = re.compile(r"(?P<name>\S.*?)\s*(?:\s[-–—|]\s|:\s)\s*News about\s+\S.*",
                         re.IGNORECASE)
# "Technikblick – Nachrichten", "Example Times - Latest News", "Ledger | RSS Feed": after a
# dash or bar, only words that name a feed or a site's news section, in any case
_SECTION_TAIL = re.compile(r"(?P<name>\S.*?)\s+[-–—|]\s+(?:(?:all|latest|top|the)\s+)?"
                           r"(?:news|nachrichten|noticias|actualités|actualites|notizie|nieuws"
                           r"|latest|blog|feed|rss|posts|articles|stories)"
                           r"(?:\s+(?:feed|rss|posts))?", re.IGNORECASE)


def _platform_name(name: str) -> str | None:
    """The source's own name in a feed title a platform made around it (see
    ``_GITHUB_FEED``, ``_SECTION_TAIL``), else None."""
    if found := _GITHUB_FEED.fullmatch(name):
        return found.group("name").strip()
    if "arxiv." in name.lower() and (found := _ARXIV_LISTING.fullmatch(name)):
        return f"arXiv {found.group('name')}"
    if name.endswith("Medium") and (found := _MEDIUM_FEED.fullmatch(name)):
        return found.group("name").strip()
    for pattern in (_NEWS_ABOUT, _SECTION_TAIL):
        if found := pattern.fullmatch(name):
            return found.group("name").strip()
    return None


def _shown_name(name: str) -> str:
    if name.startswith("ArXiv Query:"):
        return "arXiv"  # the API's feeds: "ArXiv Query: search_query=...&start=0&..."
    if name.endswith("Google News") and (google := _google_news_name(name)):
        return google
    stripped = " ".join(name.split())
    match = _HANDLE_AND_NAME.fullmatch(stripped) or _NAME_AND_HANDLE.fullmatch(stripped)
    if match:
        return match.group(1).strip()
    return _platform_name(stripped) or name


def _same_name(author: str, *names: str) -> bool:
    """``author`` is one of ``names`` as written (case and spaces aside): a handle that
    reads like the name ("chainwatch" of "Chain Watch") is a person's account, kept."""
    said = " ".join(author.split()).casefold()
    return bool(said) and any(said == " ".join(n.split()).casefold() for n in names)


def _project_of(feed_title: str) -> str:
    """The project a feed of releases is of ("Release notes from node": node), else ""."""
    match = _RELEASE_FEED.fullmatch(feed_title or "")
    return (match.group(1) or match.group(2)).strip() if match else ""


def _names_in_title(feed_title: str, headlines: list[str]) -> tuple[str, ...]:
    """The site's name where the feed's title holds more than it: "Markets Archives - Coin
    Corner" (WordPress's category feeds), "Chain Daily: News and analysis" (a tagline).
    A part of the title is the site's name when a headline of the feed ends with it after
    a separator ("Bolt pauses withdrawals | Coin Corner"), so the clean stage strips it
    there as it strips the whole title; a part no headline ends with is not taken."""
    from digest.clean import _SUFFIX_SEPARATORS, _name_key, plain_text, split_suffix

    title = plain_text(feed_title) if feed_title else ""
    parts = {title}
    for sep in _SUFFIX_SEPARATORS:
        for known in list(parts):
            parts.update(p.strip() for p in known.split(sep) if p.strip())
    keys = {_name_key(p): p for p in parts if _name_key(p) and p != title}
    if not keys:
        return ()
    found: dict[str, None] = {}
    for headline in headlines:
        split = split_suffix(plain_text(headline)) if headline else None
        if split is not None and _name_key(split[1]) in keys:
            found[keys[_name_key(split[1])]] = None
    return tuple(sorted(found))


# An RSS item's empty <link/> (some CMSs write one for every item, filled or not): feedparser
# takes it for the item's link, and so no longer takes the <guid> (a permalink unless it says
# isPermaLink="false") for one, and the item has no address at all. Without it, feedparser
# reads the guid as RSS says. No attributes: an Atom <link href=.../> is never touched.
_EMPTY_LINK = re.compile(rb"<link\s*/>|<link>\s*</link>")

# "<html>", "<body>" or a doctype in an item, as markup or escaped: a page pasted whole
_EMBEDS_A_PAGE = re.compile(rb"(?:<|&lt;)(?:!doctype\s+html|html[\s>]|body[\s>])", re.I)


def _pasted_pages(data: bytes, base_url: str | None, count: int) -> dict[int, str]:
    """{entry index: main text} for the entries whose body is a whole web page.

    feedparser's own sanitiser flattens such a page before digest sees it: <head> and
    <body> go but the <title>'s text stays, glued to the menus ("Headline | Site Home
    Markets ..."). Read without it, the page is whole, and its main text is cut out as a
    saved page's is. The XML is parsed a second time only for feeds holding such pages."""
    raw = [e for e in feedparser.parse(data, response_headers=_headers(base_url),
                                       sanitize_html=False).entries if _usable(e)]
    if len(raw) != count:  # not the same items: nothing is matched up by guesswork
        return {}
    found = {}
    for index, entry in enumerate(raw):
        bodies = [c.get("value", "") for c in entry.get("content", ())]
        bodies.append(_text(entry.get("summary")))
        page = next((b for b in bodies if b and _whole_page(b)), None)
        if page is not None:
            found[index] = _main_text(page)
    return found


def _one_per_id(articles: list[Article]) -> list[Article]:
    """One article for each id: a feed that lists an item twice (the same guid, as some do
    after an edit) gives the version updated last (the first of equals), where the first
    stood. Two would make one story of two copies from one source."""
    if len({a.id for a in articles}) == len(articles):
        return articles
    floor = datetime.min.replace(tzinfo=UTC)
    best: dict[str, Article] = {}
    for article in articles:
        known = best.get(article.id)
        when = article.updated or article.published or floor
        if known is None or when > (known.updated or known.published or floor):
            best[article.id] = article
    return list({a.id: best[a.id] for a in articles}.values())


# XML attacks live in the DTD: entity expansion ("billion laughs"), external entities that read
# files or URLs, DTD fetches. A feed needs none of it, so before any XML parser sees the bytes:
# a DOCTYPE with an internal subset (where entities are declared) refuses the feed, and a plain
# external DOCTYPE (RSS 0.91's) is cut out, so nothing is ever fetched or expanded whichever SAX
# driver feedparser picks. See docs/reliability.md.
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->|<![A-Za-z][^\[>]*(\[.*?\]\s*)?>", re.S)
_DOCTYPE = re.compile(rb"<!DOCTYPE\b[^\[>]*(?P<subset>\[.*?\]\s*)?>", re.S | re.I)
_DECLARATION = re.compile(rb"<!(ENTITY|ATTLIST|ELEMENT|NOTATION)\b|<!DOCTYPE[^>]*\[", re.I)
_UTF8_BOM = b"\xef\xbb\xbf"
# How an XML document in UTF-32 big-endian starts, with its byte-order mark or with "<" (the
# XML spec's appendix F): text, though three NULs a character look binary to a byte count
_UTF32_BE = (b"\x00\x00\xfe\xff", b"\x00\x00\x00<")


def guard_xml(data: bytes, location: str) -> bytes:
    """The feed bytes with any DOCTYPE cut out; DigestError if it declares entities or a DTD."""
    view = data
    if data[:2] in (b"\xfe\xff", b"\xff\xfe") or b"\x00" in data[:4]:  # UTF-16/32
        # The codec its first bytes tell first: tried in a fixed order, a big-endian text
        # without its byte-order mark decoded as little-endian UTF-16, to nonsense that hid
        # its DOCTYPE from the check below (feedparser, which reads the same marks, then
        # expanded its entities)
        for codec in (_wide_codec(data), "utf-32", "utf-16", "utf-16-be", "utf-16-le"):
            try:
                view = data.decode(codec).encode("utf-8")
                break
            except UnicodeError:
                continue
    # The head: everything before the first element, skipping comments and PIs (which may
    # hold a "<tag" of their own), or before the first "<tag" as feedparser reads it.
    pos = len(_UTF8_BOM) if view.startswith(_UTF8_BOM) else 0
    comments = []  # the prolog's comments: a "<!DOCTYPE" in one is words, not markup
    while match := _PROLOG_ITEM.match(view, pos):
        if view.startswith(b"<!--", pos):
            comments.append(match.span())
        pos = match.end()
    first = re.search(rb"<[A-Za-z_]", view[pos:])
    end = pos + first.start() if first else len(view)
    loose = re.search(rb"<[A-Za-z_]", view)
    end = max(end, loose.start() if loose else 0)
    if _DECLARATION.search(view, 0, end):
        raise DigestError(
            location,
            "the feed declares its own XML entities or DTD (<!DOCTYPE ... [ <!ENTITY ...> ]>); "
            "digest refuses it, as entity expansion and external entities are XML attacks",
            "ask the publisher for a plain feed; a feed needs no DTD",
        )
    # (the declarations' check above reads the comments too: refusing a feed whose comment
    # names "<!ENTITY" costs less than trusting the comments this walk finds; the cut below
    # must not start inside one, where it took the comment's end and left the rest of the
    # document in the comment)
    searched = view
    if comments and b"<!" in view[:end]:
        spaced = bytearray(view)
        for start, stop in comments:
            spaced[start:stop] = b" " * (stop - start)
        searched = bytes(spaced)
    doctypes = list(_DOCTYPE.finditer(searched, 0, end))
    if not doctypes:
        return data
    if view is not data:
        raise DigestError(
            location,
            "a UTF-16/32 feed with a DOCTYPE; digest does not read DTDs",
            "ask the publisher for a UTF-8 feed without a DOCTYPE",
        )
    parts, last = [], 0
    for match in doctypes:  # an external DOCTYPE (RSS 0.91's): cut out, never fetched
        parts.append(data[last : match.start()])
        last = match.end()
    parts.append(data[last:])
    return b"".join(parts)


def _wide_codec(data: bytes) -> str:
    """The UTF-16 or UTF-32 codec of a document that starts with a byte-order mark or has
    a NUL in its first four bytes, by where its NULs fall (the XML spec's appendix F: "<"
    is 00 00 00 3C in UTF-32BE, 3C 00 00 00 in UTF-32LE, 00 3C in UTF-16BE, 3C 00 in
    UTF-16LE)."""
    if data.startswith((b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        return "utf-32"
    if data.startswith((b"\xfe\xff", b"\xff\xfe")):
        return "utf-16"
    if data[:3] == b"\x00\x00\x00":
        return "utf-32-be"
    if data[1:4] == b"\x00\x00\x00":
        return "utf-32-le"
    return "utf-16-be" if data[:1] == b"\x00" else "utf-16-le"


def _headers(base_url: str | None) -> dict[str, str]:
    return {"content-location": base_url} if base_url else {}


def _usable(entry: Any) -> bool:
    return any(dict.get(entry, key) for key in ("title", "link", "id", "summary", "content"))


def _text(value: Any) -> str:
    return str(value).strip() if value else ""


_ADDRESS = r"(?:mailto:)?[^\s@<>()\"]+@[^\s@<>()\"]+"
_ADDRESS_THEN_NAME = re.compile(rf"{_ADDRESS}\s*\((?P<name>[^()]+)\)")  # RSS: "a@b (Name)"
_NAME_THEN_ADDRESS = re.compile(rf"(?P<name>[^<>]+?)\s*<{_ADDRESS}>")  # "Name <a@b>"
# feedparser's reading of an Atom <author> with an <email>: "Name (a@b)"
_NAME_THEN_PARENTHESISED = re.compile(rf"(?P<name>[^()]+?)\s*\({_ADDRESS}\)")


# A fediverse actor's address: "/u/kelp" (Lemmy), "/@kelp", "/users/kelp" (Mastodon)
_ACTOR_PATH = re.compile(r"^https?://[^/?#]+/(?:(?:u|users?|profile)/@?|@)([\w.-]+)/?$")
_CLOSING_TAG = re.compile(r"</[A-Za-z][\w-]*\s*>")
# "@dave", "@dave Dave Stone": a handle, then perhaps the display name (one "@" only: a
# fediverse address "@kelp@lemmy.example" is not one)
_HANDLE_THEN_NAME = re.compile(r"@(?P<handle>[\w.-]+)(?:\s+(?P<name>[^@\s][^@]*))?")
_WALLET = re.compile(r"0x[0-9a-fA-F]{40}")
# What a platform writes where it knows no name (Blogger's hidden profiles: "Unknown")
_NOBODY = frozenset({"unknown", "anonymous", "(unknown)", "n/a"})


def person_name(value: Any) -> str:
    """The name in an author field, without the e-mail address RSS puts there:
    "jane@news.example (Jane Roe)", "Jane Roe <jane@news.example>" and "Jane Roe
    (jane@news.example)" are "Jane Roe"; an address alone ("noreply@news.example") names
    nobody, and gives ""."""
    text = " ".join(_text(value).split())
    if "</" in text and _CLOSING_TAG.search(text):
        # markup in the field (arXiv's old feeds: "<a href=...>Ana Lima</a>, <a ...>Bo
        # Chen</a>"): the names it shows
        text = " ".join(html.unescape(re.sub(r"<[^>]*>", "", text)).split())
    if text[:8].lower().startswith(("http://", "https://")) and " " not in text:
        # an actor's address (Lemmy's dc:creator, "https://lemmy.example/u/kelp"): the name
        # in its path, else nobody
        found = _ACTOR_PATH.search(text)
        return found.group(1) if found else ""
    if text[:2] == "0x" and _WALLET.fullmatch(text):
        # a wallet's address (Mirror's authors without an ENS name): as wallets and
        # explorers show it, "0x5a1b…4567"
        return f"{text[:6]}…{text[-4:]}"
    if text[:1] == "@" and (handle := _HANDLE_THEN_NAME.fullmatch(text)):
        # a platform's handle (Discourse's "@dave Dave Stone", Nitter's "@chainwatch"):
        # the name it gives, else the handle without its "@", as Lemmy's and Hacker
        # News's users are named
        return (handle.group("name") or handle.group("handle")).strip()
    for pattern in (_ADDRESS_THEN_NAME, _NAME_THEN_ADDRESS, _NAME_THEN_PARENTHESISED):
        if found := pattern.fullmatch(text):
            text = found.group("name").strip().strip('"').strip()
            break
    else:
        if re.fullmatch(_ADDRESS, text):
            return ""
    return "" if text.casefold() in _NOBODY else text


def _names_nobody(entry: Any) -> bool:
    """The entry's author is a platform's placeholder ("Unknown"): it has an author, whose
    name is not known (no reason to take the feed's for it)."""
    listed = dict.get(entry, "authors") or []
    names = [_text(a.get("name")) for a in listed if isinstance(a, dict)]
    return bool(names) and all(n.casefold() in _NOBODY for n in names)


def _authors(node: Any) -> str:
    """Every author an entry (or Atom feed) names, "Ann One, Bob Two": feedparser's
    ``author`` keeps only one of several <author>s or <dc:creator>s."""
    listed = dict.get(node, "authors") or []
    names = [person_name(a.get("name")) for a in listed if isinstance(a, dict)]
    if len(names) < 2:  # one: feedparser's split of "a@b (Name)" is unreliable, read it here
        names = [person_name(dict.get(node, "author"))]
    return ", ".join(dict.fromkeys(n for n in names if n))


def _struct_to_utc(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _entry_date(entry: Any, key: str) -> datetime | None:
    """The entry's ``published`` or ``updated`` date: feedparser's reading, else
    ``loose_date`` of the text (day and month names of other languages), also where
    feedparser's reading is clearly a misread (``feed_date``)."""
    # dict.get: feedparser's own .get() maps updated <-> published with a warning.
    found = _struct_to_utc(dict.get(entry, f"{key}_parsed"))
    text = dict.get(entry, key)
    if isinstance(text, str) and text[:6].strip()[:1].isdigit() and is_year_first(text):
        # "2026/11/23 08:00" is 1 December to feedparser, "2026-11-23 08:00 CET" midnight,
        # "2026/13/45" a date: read here, or no date at all
        return year_first_date(text)
    if isinstance(text, str) and (plain := offset_after_zone_name(text)) is not None:
        # "09:05:00 UTC+0530", which feedparser reads as UTC: the offset is the zone
        return loose_date(plain, short_year=True) or found
    if isinstance(text, str) and is_all_digits(text):
        # a Unix time ("1796288700"), which feedparser reads as a day in 1796: read here,
        # or no date at all
        return epoch_date(text)
    if isinstance(text, str) and (
        (found is None and text.strip()) or names_a_zone_feedparser_misreads(text)
    ):
        found = loose_date(text, short_year=True) or found
    elif found is not None and isinstance(text, str):
        # "2026. november 20." (Hungarian), which feedparser reads as the first of the
        # current month, or "20 marraskuuta 2026" (Finnish), 20 March to it: read here
        found = feed_date(text, found)
    return found


def _json_date(value: Any) -> datetime | None:
    """A JSON Feed date: RFC 3339 as the spec says, or what ``loose_date`` reads (some
    publishers write RFC 822 dates)."""
    found = to_utc(value)
    if found is None and (isinstance(value, (int, float)) or is_all_digits(str(value))):
        found = epoch_date(value)  # a Unix time, as some generators write one
    if found is None and isinstance(value, str):
        found = loose_date(value, short_year=True)
    return found


@dataclass(frozen=True)
class _FeedShape:
    """What an item is read with besides itself: the feed's media descriptions (image
    captions, see ``_media_descriptions``), the channel's date and whether Tumblr made it."""

    captions: frozenset[str] = frozenset()
    date: datetime | None = None
    tumblr: bool = False


_MRSS_PREFIX = re.compile(rb"""xmlns:([\w.-]+)\s*=\s*["']http://search\.yahoo\.com/mrss/?["']""")


def _text_key(fragment: str) -> str:
    """A fragment's words as a reader sees them, to compare two copies of a text."""
    text = fragment.replace("<![CDATA[", "").replace("]]>", "")
    text = html.unescape(re.sub(r"<[^>]*>", " ", html.unescape(text) if "&lt;" in text else text))
    return " ".join(text.split()).casefold()


def _media_descriptions(data: bytes) -> frozenset[str]:
    """The texts of the feed's <media:description>s (Media RSS), as ``_text_key`` has them.

    feedparser reads a media:description as an item's description: where the item has
    one already (Mastodon: the post, then its image's alt text in <media:content>), the
    second becomes the item's content, and the post only its summary."""
    found = _MRSS_PREFIX.search(data)
    if not found or b"description" not in data:
        return frozenset()
    prefix = re.escape(found.group(1))
    pattern = rb"<" + prefix + rb":description\b[^>]*>(.*?)</" + prefix + rb":description\s*>"
    texts = (m.group(1).decode("utf-8", "replace") for m in re.finditer(pattern, data, re.S))
    return frozenset(key for text in texts if (key := _text_key(text)))


def _entry_article(
    entry: Any,
    index: int,
    location: str,
    name: str,
    home: str | None,
    source: SourceConfig | None,
    feed_author: str | None = None,
    shape: _FeedShape | None = None,
) -> Article:
    shape = shape or _FeedShape()
    link = _text(entry.get("link")) or None
    if link and entry.get("guidislink") and not _HAS_SCHEME.match(link) and "/" not in link:
        # no <link>, and feedparser took a <guid> such as "ep88" for one (RSS guids are
        # permalinks unless they say not): not an address, and joined to the site's it would
        # make one up
        link = None
    if (
        link
        and not entry.get("links")
        and link == _text(entry.get("id"))
        and _HAS_SCHEME.match(link)
        and not link.lower().startswith(("http://", "https://"))
    ):
        # no link, and feedparser took the entry's id for one: an Atom id such as
        # "tag:site,2026:2" or "urn:uuid:..." names the entry, it is no address to link to
        # (and no link dropped is worth a notice)
        link = None
    if not link:
        link = _content_source(entry)
    if link and home and not _HAS_SCHEME.match(link):
        # relative ("/news/1"): a feed read from a file has no address to resolve it with,
        # so its site's does
        try:
            link = urljoin(home, link)
        except ValueError:  # "http://[x": kept as given (the [limits] check drops it)
            pass
    guid = _text(entry.get("id"))
    # the id stays the one the link as given made (an item without a guid is known by it)
    key_link, link = link, _without_feed_tracking(_unwrapped(link))
    own_link = link
    if link and "/articles/C" in link and (decoded := _aggregator_original(link)):
        # Google News's redirect, which holds the publisher's address: the article itself
        # is linked (and its address tells it apart from, or matches it with, the
        # publisher's own copy)
        link = decoded
    if not link and (enclosed := _enclosure(entry)):
        # a podcast episode with no page of its own: its audio is its address
        link = enclosed
        if home and not _HAS_SCHEME.match(enclosed):
            try:
                link = urljoin(home, enclosed)
            except ValueError:  # as above: kept as given
                pass
    title = _text(entry.get("title"))
    if title[:1] == "R" and (bridged := _REPOST_TITLE.match(title)):
        # an X/Twitter bridge's (Nitter's) repost or reply: "RT by @chainwatch: <the
        # post>", "R to @analyst: <the post>"; the post is the headline (its writer is
        # the item's author)
        title = title[bridged.end():]
    if title[-1:] in ")]" and (tag := _FORMAT_TAG.search(title)) and title[:tag.start()].strip():
        title = title[:tag.start()].rstrip()  # Hacker News's "[video]", "(PDF)": a format
    content = ""
    if entry.get("content"):
        chosen = max(entry.content, key=lambda c: len(c.get("value", "")))
        content = _once_escaped(chosen.get("value", ""))
        plain = _is_plain(chosen)
    summary = _once_escaped(_text(entry.get("summary")))
    if content and summary and _second_copy(content, plain, summary, shape.captions):
        # feedparser's content is a second description, not the item's text: an image's
        # alt text (Mastodon's media:description) or a podcast's itunes:summary, a plain
        # copy of the HTML description; the description is the body
        content = ""
    elif summary and content and _text_key(summary) in shape.captions:
        summary = ""  # the image's alt text came first (feedparser's summary): no summary
    if not content:  # the summary is the body: the cleaned body's paragraphs make one
        content, summary = summary, ""
        plain = _is_plain(dict.get(entry, "summary_detail"))
    # An item without guid or link is known by its text as the feed gives it (as before
    # tagless bodies were made paragraphs: its id, so its story and address, stay)
    key = guid or key_link or f"{title}\n{content[:200]}" or str(index)
    given = content
    if content and not plain and "</a>" in content and _headlines_only(content):
        # an aggregator's list of reports (Google News's "full coverage" cluster, or the
        # one link to its own headline): no text of the item's; headline-only
        content = ""
    if summary and "</a>" in summary and _headlines_only(summary):
        summary = ""
    # arXiv's listing line ("arXiv:2611.01234v1 Announce Type: new") says it is an arXiv
    # item wherever the feed is served from (a mirror, a proxy, an export host)
    arxiv = _is_arxiv(guid, link) or (
        "Announce Type:" in content[:400] and _ARXIV_LEAD.match(content) is not None)
    if arxiv:
        title, content = _arxiv_title(title), _arxiv_abstract(content)
        if summary and "Announce Type:" in summary[:400]:
            summary = _arxiv_abstract(summary)
    if guid.startswith(_GITHUB_COMMIT) and (message := _commit_message(content, title)) is not None:
        content, plain = message, False
    if content.lstrip()[:9].lower() == "submitted" and (head := _LEMMY_HEAD.match(content)):
        content = content[head.end():]  # Lemmy's "submitted by ... | 7 comments" line
    if "/pic/" in content and not plain:
        content = _PICTURE_LINK.sub("", content)  # Nitter's link to the picture it shows
    if content and not plain and _WIDGET_HINT.search(content) and not _whole_page(content):
        content = _without_widgets(content)
    if content and not plain and _is_discourse(guid, link, entry):
        content = _discourse_post(content, link)
    if content != given and summary.strip() == given.strip():
        summary = ""  # feedparser's copy of the content, now read: made from the body
    if title and _placeholder_title(title, shape.tumblr) and _text_key(content):
        title = ""  # "New status by chainwatch", Tumblr's "Photo": the text makes one
    content = _as_html(content, plain)
    updated = _entry_date(entry, "updated")
    # dcterms:created, when an item has no other date of its making (some repositories'
    # and archives' feeds)
    published = _entry_date(entry, "published") or _entry_date(entry, "created") or updated
    if published is None and arxiv:
        published = shape.date  # arXiv's items are undated: the day's listing dates them
    # every category the item lists (Blogger's and WordPress's several), each once
    tags = tuple(dict.fromkeys(
        _text(tag.get("term")) for tag in entry.get("tags", []) if tag.get("term")))
    named = _publisher(entry, title)
    # An aggregator's item (CryptoPanic's, Google News's) is the publisher's story: it is
    # credited to the publisher its <source> names, and links the original article when
    # the <source> gives its address (the id stays the one the item's own link made)
    publisher, publisher_url = _credited(entry, named, own_link, name)
    if publisher and link == own_link and (original := _original_article(publisher_url)):
        link = original
    return Article(
        id=stable_id(name, key),
        origin="feed",
        location=location,
        title=title,
        source_name=publisher or name,
        url=link,
        canonical_url=canonical_from_entry(entry) or _linked_article(content, link),
        source_home=(_site_root(publisher_url) if publisher_url else None) if publisher
        else home,
        source_category=tags[0] if tags else None,
        category_hint=source.category if source else None,
        summary=summary,
        body_html=content,
        author=_authors(entry) or (None if _names_nobody(entry) else feed_author),
        published=published,
        updated=updated,
        tags=tags,
        # An aggregator's item names its publisher (<source>, as Google News does), whose
        # name its headline then ends with: "Rules published - The Daily Ledger".
        site_names=tuple(dict.fromkeys(n for n in (name, named) if n)),
        # the lead picture, when the body shows none of its own
        # (a Reddit picture post's body is a thumbnail of the picture it shares)
        image=_linked_picture(content, link) or (
            None if "<img" in content else lead_image(entry)),
    )


# Reddit's footer under a post: "submitted by /u/x <a href="...">[link]</a> <a
# href="...">[comments]</a>"; a link post's [link] is what it shares (an article, a picture),
# the item's own link its comments
_SHARED_LINK = re.compile(r'<a\b[^>]*?\bhref="([^"]+)"[^>]*>\s*\[link\]\s*</a>', re.IGNORECASE)
_REDDIT_HOSTS = ("reddit.com", "redd.it")


def _shared(content: str, link: str | None) -> str | None:
    """The address a Reddit link post shares (its footer's [link]), when it is elsewhere than
    Reddit (a text post's [link] is the post itself), else None."""
    if "[link]" not in content or "submitted" not in content:
        return None
    found = _SHARED_LINK.search(content)
    address = web_address(html.unescape(found.group(1))) if found else None
    if address is None:
        return None
    host = url_host(address)
    if (host in _REDDIT_HOSTS or host.endswith(".reddit.com") or host == url_host(link)
            or (host.endswith(".redd.it") and host != "i.redd.it")):  # (v.redd.it: a video)
        return None
    return address


def _is_picture(address: str) -> bool:
    """A picture's address: Reddit's picture host, or a picture's suffix."""
    return url_host(address) == "i.redd.it" or _PICTURE_PATH.search(address) is not None


def _linked_article(content: str, link: str | None) -> str | None:
    """The article a Reddit link post shares, as its canonical address: the post and the
    article it links (and every other post linking it) are one story, as a Hacker News
    item and the article it links are."""
    address = _shared(content, link)
    return canonical_url(address) if address and not _is_picture(address) else None


def _linked_picture(content: str, link: str | None) -> str | None:
    """The picture a Reddit picture post shares: its lead picture (the post shows it; its
    body is only a thumbnail linking it, which the clean stage drops)."""
    address = _shared(content, link)
    return address if address and _is_picture(address) else None


def _second_copy(content: str, plain: bool, summary: str, captions: frozenset[str]) -> bool:
    """``content`` is not the item's text but a second description feedparser took for
    it: a media:description of the feed (``captions``), or a plain-text copy of the
    (longer, HTML) ``summary``, as a podcast's itunes:summary is of its description."""
    if not captions and not plain:  # (most feeds: nothing to compare)
        return False
    said = _text_key(content)
    if said in captions:
        return True
    if not plain or not said:
        return False
    whole = _text_key(summary)
    return len(whole) > len(said) and whole.startswith(said)


_PICTURE_PATH = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)", re.IGNORECASE)
# A person's picture, not the story's: a host label or path segment that names one
# ("avatars.githubusercontent.com", Gravatar's "/avatar/<hash>", Twitter's
# "/profile_images/", "/profile-pic/"); a word inside a name ("avatar-2-poster.jpg") is not
_PERSON_PICTURE = re.compile(
    r"(?:^|[./])(?:avatars?|gravatar|profile[-_]?(?:images?|pic(?:ture)?s?|photos?))(?=[./]|$)",
    re.IGNORECASE)
# The size parameters of picture servers: GitHub's and Gravatar's "?s=60", "size=64",
# "sz=48", WordPress's "?w=150"
_SIZE_PARAM = re.compile(r"[?&](?:s|size|sz|w|width|h|height)=(\d{1,5})(?=&|#|$)",
                         re.IGNORECASE)
# Narrower than this (px): an avatar or an icon, no picture to lead a story with
_SMALL_PICTURE = 200


def _pixels(value: Any) -> int | None:
    """A width or height attribute as a number of pixels ("60", "60px"), else None."""
    text = _text(value).lower().removesuffix("px").strip()
    return int(text) if text.isdigit() and len(text) <= 5 else None


def _small_or_person(address: str, width: Any = None, height: Any = None) -> bool:
    """The picture at ``address`` is a person's (an avatar, a profile picture) or too small
    to lead a story: a GitHub release's committer thumbnail (media:thumbnail width="30"
    ... "?s=60"), a blog's 72-pixel icon. Its declared width and height, the size its
    address asks the server for, or a host or path naming an avatar say so."""
    sizes = [n for n in (_pixels(width), _pixels(height)) if n is not None]
    if sizes and max(sizes) < _SMALL_PICTURE:
        return True
    if "=" in address:
        asked = [int(m.group(1)) for m in _SIZE_PARAM.finditer(address)]
        if asked and max(asked) < _SMALL_PICTURE:
            return True
    try:
        parts = urlsplit(address)
    except ValueError:  # "http://[x": not a picture to show either
        return True
    return bool(_PERSON_PICTURE.search(f"{parts.netloc}{parts.path}"))


def lead_image(entry: Any) -> str | None:
    """The item's lead picture: Media RSS's ``media:content`` (a picture by its medium, its
    type or its address), ``media:thumbnail``, or an image enclosure; an http(s) address,
    else None. A person's picture or a small one (``_small_or_person``) is none. (Only for
    an item whose body shows no picture: the caller's rule.)"""
    found: list[tuple[str, str, dict[str, Any]]] = []  # (address, what says it is a picture)
    for item in entry.get("media_content") or ():
        if isinstance(item, dict):
            kind = f"{item.get('medium') or ''} {item.get('type') or ''}".lower()
            found.append((_text(item.get("url")), kind, item))
    for item in entry.get("media_thumbnail") or ():
        if isinstance(item, dict):
            found.append((_text(item.get("url")), "image", item))
    for item in entry.get("enclosures") or ():
        if isinstance(item, dict):
            found.append((_text(item.get("href")), str(item.get("type") or "").lower(), {}))
    for address, kind, item in found:
        web = web_address(address)
        if (web and ("image" in kind or (not kind.strip() and _PICTURE_PATH.search(web)))
                and not _small_or_person(web, item.get("width"), item.get("height"))):
            return web
    return None


def _enclosure(entry: Any) -> str | None:
    """The address of the item's audio or video enclosure (a podcast's episode)."""
    for enclosure in entry.get("enclosures") or ():
        href = _text(enclosure.get("href")) if isinstance(enclosure, dict) else ""
        kind = str(enclosure.get("type") or "").lower() if href else ""
        if href and (kind.startswith(("audio/", "video/")) or not kind):
            return href
    return None


# Medium's "?source=rss-8a7b6c5d4e3f------2" on every link: which feed the reader came
# from, no part of the address (the same story has another in another feed)
_FEED_SOURCE_PARAM = re.compile(r"(?<=[?&])source=rss[\w-]*(?:&|$)", re.IGNORECASE)


def _without_feed_tracking(link: str | None) -> str | None:
    if not link or "source=" not in link:
        return link
    rest, hash_mark, fragment = link.partition("#")
    cut = _FEED_SOURCE_PARAM.sub("", rest).rstrip("&")
    return cut.rstrip("?") + hash_mark + fragment


# arXiv: "oai:arXiv.org:2611.01234v1" (its RSS guids), "http://arxiv.org/abs/..." (links)
def _is_arxiv(guid: str, link: str | None) -> bool:
    if guid.startswith("oai:arXiv."):  # "oai:arXiv.org:...", as its mirrors keep it
        return True
    if not link or "arxiv.org" not in link.lower():  # (every other feed: no URL parsed)
        return False
    host = url_host(link)
    return host == "arxiv.org" or host.endswith(".arxiv.org")


def _netloc(url: str) -> str:
    """``url``'s network location ("news.example:8080"); "" when it has none or does not
    parse ("http://[x")."""
    try:
        return urlsplit(url).netloc if url else ""
    except ValueError:
        return ""


def _site_root(url: str) -> str | None:
    """The address of the site ``url`` is on ("https://news.example/"); None when it has no
    host or does not parse."""
    netloc = _netloc(url)
    return f"{urlsplit(url).scheme}://{netloc}/" if netloc else None


# arXiv's older RSS: "Title. (arXiv:2611.01234v1 [cs.CR])", "... [cs.CR] UPDATED)"
_ARXIV_TAIL = re.compile(
    r"\.?\s*\(arXiv:[\w./-]+\s*\[[^\]]*\](?:\s*UPDATED)?\)\s*$", re.IGNORECASE)
# arXiv's RSS since 2024: "arXiv:2611.01234v1 Announce Type: new \nAbstract: We ..."
_ARXIV_LEAD = re.compile(
    r"\s*(?:<p>\s*)?arXiv:[\w./-]+\s+Announce Type:\s*[\w-]+\s*(?:Abstract:\s*)?",
    re.IGNORECASE)


def _arxiv_title(title: str) -> str:
    return _ARXIV_TAIL.sub("", title).strip() or title


def _arxiv_abstract(content: str) -> str:
    """An arXiv abstract without its listing line, its hard-wrapped lines one paragraph
    (the API's and older feeds' abstracts break every 80 characters)."""
    lead = _ARXIV_LEAD.match(content)
    if lead:
        content = ("<p>" if "<p>" in lead.group(0) else "") + content[lead.end():]
    if _BLOCK_TAG.search(content):
        return content
    parts = re.split(r"\n\s*\n", content.replace("\r\n", "\n").strip())
    return "\n\n".join(" ".join(part.split()) for part in parts if part.strip())


# GitHub's commit feeds: the message in one <pre>, its first line the entry's title
_GITHUB_COMMIT = "tag:github.com,2008:Grit::Commit/"
_ONLY_PRE = re.compile(r"\s*<pre\b[^>]*>(?P<text>.*)</pre>\s*", re.S | re.IGNORECASE)
_LIST_LINE = re.compile(r"\s*(?:[-*+•]|\d+[.)])\s")
_TRAILER = re.compile(r"\s*(?:Co-authored-by|Signed-off-by|Reviewed-by|Acked-by|Change-Id):",
                      re.IGNORECASE)


def _commit_message(content: str, title: str) -> str | None:
    """A commit message's body as paragraphs: the subject line (the headline) and the
    trailers ("Signed-off-by: ...") left out, lines wrapped at 72 joined up, list items
    kept on lines of their own. None when ``content`` is not one <pre>."""
    found = _ONLY_PRE.fullmatch(content)
    if not found or "<pre" in found.group("text").lower():
        return None
    paragraphs = re.split(r"\n\s*\n", found.group("text").replace("\r\n", "\n").strip())
    lines = paragraphs[0].splitlines() if paragraphs else []
    if lines and _text_key(lines[0]) == _text_key(title):
        paragraphs[0] = "\n".join(lines[1:])
    out = []
    for paragraph in paragraphs:
        joined: list[str] = []
        for line in paragraph.splitlines():
            if not line.strip() or _TRAILER.match(line):
                continue
            if joined and not _LIST_LINE.match(line):
                joined[-1] += " " + line.strip()
            else:
                joined.append(line.strip())
        if joined:
            out.append("<p>" + "<br>".join(joined) + "</p>")
    return "".join(out)


# Lemmy's item opens with who submitted it where, its score and comments, and for a link
# post the link: "submitted by <a>kelp</a> to <a>defi</a><br>42 points | <a>7 comments</a>
# <br><a href=URL>URL</a>"; the post's own text (its Markdown as HTML) follows
_LEMMY_HEAD = re.compile(
    r"\s*submitted by\s+<a\b[^>]*>[^<]*</a>\s+to\s+<a\b[^>]*>[^<]*</a>\s*<br\s*/?>\s*"
    r"-?[\d,]+\s+points?\s*\|\s*<a\b[^>]*>\s*[\d,]+\s+comments?\s*</a>"
    r"(?:\s*<br\s*/?>\s*<a\b[^>]*>\s*https?://[^<]*</a>)?(?:\s*<br\s*/?>)?",
    re.IGNORECASE,
)
# Buttons and widgets newsletter platforms write into a post (they are the page's, not
# the text's): Mirror's and Paragraph's subscribe and collect buttons, Ghost's sign-up
# cards and buttons to its "#/portal", dev.to's "Enter fullscreen mode" panel under each
# code block, e-mail newsletters' (Beehiiv's, Ghost's) "View online" and "Unsubscribe"
# lines, WordPress's button blocks ("Join our Telegram channel") and Ghost's call-to-action
# card ("Become a member", a sponsor's offer). A cheap look for their marks first: most
# bodies have none.
_WIDGET_HINT = re.compile(
    r"""\b(?:class|data-type)\s*=\s*["'][^"']*(?:subscribe|collect|highlight__panel|"""
    r"""kg-signup-card|kg-cta-card|wp-block-button)|href\s*=\s*["']#/portal"""
    r"""|>\s*(?:view (?:online|in (?:your )?browser)"""
    r"""|read online|unsubscribe\b|update your (?:email )?preferences"""
    r"""|manage (?:your )?subscription)""",
    re.IGNORECASE,
)
# A class or data-type naming such a button or widget: "subscribeButton",
# "email-subscribe-button", "subscribe-widget", "collectButton" (not "collection")
_WIDGET_NAME = re.compile(
    r"(?:[a-z]+[-_])*(?:subscribe|collect)(?:[-_]?(?:button|btn|widget|form|cta|card|box))?"
    r"|highlight__panel|kg-signup-card|kg-cta-card")
# A button's link to a document to download (the report or filing a story is about): the
# story's own material, kept with the text
_DOCUMENT_LINK = re.compile(r"\.(?:pdf|csv|xlsx?|docx?|pptx?|odt|ods|zip|json|txt)$", re.I)
# A line that is only an e-mail's links to itself and to its list settings
_MAIL_LINKS = re.compile(
    r"(?:\s*(?:view (?:this (?:post|email) )?(?:online|in (?:your )?browser)|read online"
    r"|unsubscribe|update your (?:email )?preferences|manage (?:your )?(?:subscription|"
    r"preferences)|email preferences)\s*[.|·•,-]?)+", re.IGNORECASE)


def _is_widget(element: Any) -> bool:
    names = f"{element.get('class') or ''} {element.get('data-type') or ''}".lower().split()
    if "wp-block-button" in names:  # WordPress's button: see ``_documents``
        return not all(_documents(element))
    if "wp-block-buttons" in names:  # a row of them: kept for a button that stays
        return not any(_documents(element))
    return any(_WIDGET_NAME.fullmatch(name) for name in names)


def _documents(element: Any) -> list[bool]:
    """For each link in ``element``: whether it is a document's (``_DOCUMENT_LINK``). A
    button to download the report or filing a story is about is the story's own material;
    a button to a channel, a shop, an exchange's offer or a sign-up page is the site's
    call to action (no list: no button to keep)."""
    found = []
    for link in element.iter("a"):
        try:
            path = urlsplit((link.get("href") or "").strip()).path
        except ValueError:  # "http://[x": no document
            path = ""
        found.append(bool(_DOCUMENT_LINK.search(path)))
    return found or [False]


def _without_widgets(content: str) -> str:
    """``content`` without the newsletter platforms' buttons and mail lines (see
    ``_WIDGET_HINT``); as it is when it does not parse."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(content, create_parent="div")
    except (etree.LxmlError, ValueError):  # nothing lxml can read: as it is
        return content
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element is root:
            continue
        if _is_widget(element):
            doomed.append(element)
        elif element.tag == "a" and (element.get("href") or "").startswith("#/portal"):
            card = next((a for a in element.iterancestors()
                         if "kg-button-card" in (a.get("class") or "")), element)
            doomed.append(card)
        elif element.tag in ("p", "div", "td") and element.find(".//a") is not None and (
                _MAIL_LINKS.fullmatch(element.text_content())):
            doomed.append(element)
    if not doomed:
        return content
    gone = set(map(id, doomed))
    for element in doomed:
        if not any(id(ancestor) in gone for ancestor in element.iterancestors()):
            element.drop_tree()  # its tail (the text after it) stays
    return (root.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root)


# A tag at the end of a headline that names the format of what it links to, as link
# aggregators write it (Hacker News's "[video]", "[pdf]", "(PDF)", "[audio]"): no part of
# the news, and copies of the story elsewhere have none
_FORMAT_TAG = re.compile(r"[\[(](?:video|pdf|audio|slides|podcast)[\])]$", re.IGNORECASE)
# X/Twitter bridges (Nitter, and the services built on it): a repost's and a reply's
# headline, the post after "RT by @user: " or "R to @user: "
_REPOST_TITLE = re.compile(r"(?:RT by|R to) @\w+:\s+")
# Nitter: a link to the post's picture, its address as its text
# ("nitter.example/pic/orig/media%2FGa9.jpg"), beside the picture itself
_PICTURE_LINK = re.compile(
    r"<a\b[^>]*\bhref=\"[^\"]*/pic/[^\"]*\"[^>]*>\s*[^\s<]*/pic/[^\s<]*\s*</a>")
# Discourse (DAO governance forums): a topic list's guid "gov.example.org-topic-123", a
# topic's posts' "gov.example.org-post-123-4"
_DISCOURSE_GUID = re.compile(r"[\w.-]+-(?:topic-\d+|post-\d+-\d+)")
# The topic a post's address is in: "https://gov.example/t/slug/123" of ".../123/4"
_DISCOURSE_TOPIC = re.compile(r"(?P<topic>https?://[^/?#]+/t/[^/?#]+/\d+)(?:/\d+)?/?(?:[?#].*)?")
# What Discourse writes around the post in every item: its old templates' "alice wrote:"
# before the post in a <blockquote>, ...
_DISCOURSE_WROTE = re.compile(
    r"\s*<p>[^<]{0,80}(?:<a\b[^>]*>[^<]{1,80}</a>[^<]{0,40})?:\s*</p>\s*"
    r"<blockquote>(?P<post>.*)</blockquote>", re.S)
# ... the counters ("12 posts - 7 participants", as the forum's language words them; the
# old templates' "Posts: 12", "Participants: 7") ...
_DISCOURSE_COUNTS = re.compile(
    r"<p>\s*<small>\s*\d[\d,.]*\s*[^<\d]{1,40}?\s+-\s+\d[\d,.]*\s*[^<\d]{1,40}</small>\s*</p>"
    r"|<p>\s*(?:posts|participants):?\s*\d[\d,.]*\s*</p>", re.IGNORECASE)
# ... and the link to the topic that ends it ("Read full topic", in the forum's language)
_DISCOURSE_MORE = re.compile(
    r"<p>\s*<a\b[^>]*?\bhref=\"(?P<href>[^\"]*)\"[^>]*>[^<]{1,60}</a>\s*</p>\s*$")
# In the post: a quote's title (the quoted user's avatar and name, "bob:", or the quoted
# topic's title), and the file name and size under an image ("image 1200x800 100 KB")
_DISCOURSE_QUOTE_TITLE = re.compile(
    r"<div class=\"(?:title|meta)\">[^<]*(?:<(?!/?div\b)[^>]*>[^<]*)*"
    r"(?:<div class=\"quote-controls\">\s*</div>[^<]*(?:<(?!/?div\b)[^>]*>[^<]*)*)?</div>")
# A link's preview card ("onebox"): made a <figure>, whose text the clean stage takes for
# a caption, not for the post's prose (as a Ghost bookmark card's)
_DISCOURSE_ONEBOX = re.compile(r"<aside\b[^>]*\bclass=\"[^\"]*\bonebox\b[^\"]*\"[^>]*>")


def _is_discourse(guid: str, link: str | None, entry: Any) -> bool:
    """The item is a Discourse forum's topic or post: its guid, or its <source>, the
    topic's own feed ("https://gov.example/t/slug/123.rss")."""
    if _DISCOURSE_GUID.fullmatch(guid):
        return True
    source = dict.get(entry, "source")
    href = _text(source.get("href")) if isinstance(source, dict) else ""
    if not (link and href.endswith(".rss")):
        return False
    topic = _DISCOURSE_TOPIC.fullmatch(link)
    return bool(topic) and href[:-4] == topic.group("topic")


def _discourse_post(content: str, link: str | None) -> str:
    """A Discourse item's post without what the forum writes around it in every item: the
    "alice wrote:" line, the counters, the closing "Read full topic" link; in the post,
    a quote's avatar and "bob:" line and an image's file details go, and a link's
    preview card becomes a <figure>."""
    wrote = _DISCOURSE_WROTE.match(content) if "<blockquote>" in content else None
    if wrote:
        content = wrote.group("post") + content[wrote.end():]
    topic = _DISCOURSE_TOPIC.fullmatch(link or "")
    for _ in range(3):  # the closing link, the counters: in either order, at the end
        content = content.rstrip()
        more = _DISCOURSE_MORE.search(content) if content.endswith("</p>") else None
        if more and topic and more.group("href").startswith(topic.group("topic")):
            content = content[:more.start()]
            continue
        counts = list(_DISCOURSE_COUNTS.finditer(content))
        if counts and counts[-1].end() == len(content):
            content = content[:counts[-1].start()]
            continue
        break
    if 'class="title"' in content or 'class="meta"' in content:
        content = _DISCOURSE_QUOTE_TITLE.sub("", content)
    if "onebox" in content:
        content = _oneboxes_as_figures(content)
    return content


def _oneboxes_as_figures(content: str) -> str:
    """Each onebox <aside> (to its closing tag) as a <figure>. One pass: an unclosed one
    ends the search, as no later one can be closed either (a lazy ``.*?`` to the closing
    tag would read to the end of the text again for each of thousands of unclosed ones)."""
    parts = []
    position = 0
    while (card := _DISCOURSE_ONEBOX.search(content, position)) is not None:
        end = content.find("</aside>", card.end())
        if end < 0:
            break
        parts += [content[position:card.start()], "<figure>", content[card.end():end],
                  "</figure>"]
        position = end + len("</aside>")
    parts.append(content[position:])
    return "".join(parts)


# Headlines a platform writes for an item that has none: older Mastodon's (and its Atom
# feeds') "New status by chainwatch", "chainwatch shared a status by analyst"
_PLACEHOLDER = re.compile(
    r"\s*(?:new status by\s+@?\S+|@?\S+\s+shared a status by\s+@?\S+)\s*", re.IGNORECASE)
# Tumblr's headline for a post of a kind that has no title and no caption to make one
_TUMBLR_PLACEHOLDERS = frozenset({"photo", "photoset", "video", "audio"})


def _placeholder_title(title: str, tumblr: bool) -> bool:
    return bool(_PLACEHOLDER.fullmatch(title)) or (
        tumblr and title.strip().casefold() in _TUMBLR_PLACEHOLDERS)


def _content_source(entry: Any) -> str | None:
    """An Atom entry's out-of-line content, ``<content type="text/html" src="..."/>``
    (RFC 4287, 4.1.3.2), is a page at that address: the entry's link when it has no other."""
    for content in entry.get("content") or ():
        src = _text(content.get("src")) if isinstance(content, dict) else ""
        kind = str(content.get("type") or "").lower() if src else ""
        if src and kind in ("text/html", "application/xhtml+xml", "html", "xhtml"):
            return src
    return None


# Redirectors that wrap the real address in a parameter of their own link: Google Alerts'
# and Google search's "https://www.google.com/url?rct=j&sa=t&url=REAL&ct=ga&usg=...",
# Bing News's "apiclick.aspx?...&url=REAL", Facebook's "l.php?u=REAL".
# (host, path, the parameters that may hold the address)
_REDIRECTORS = (
    (re.compile(r"(?:www\.)?google\.(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})"), "/url",
     ("url", "q")),
    (re.compile(r"(?:www\.)?bing\.com"), "/news/apiclick.aspx", ("url",)),
    (re.compile(r"l[m]?\.facebook\.com"), "/l.php", ("u",)),
)


def _unwrapped(link: str | None) -> str | None:
    """The address a redirector's link leads to (see ``_REDIRECTORS``), or ``link``.

    Linked as given, every item of a Google Alerts feed pointed at google.com: no publisher
    to show, and no address to tell two reports of one page apart by."""
    if not link or "?" not in link:
        return link
    try:
        parts = urlsplit(link)
        host, path = (parts.hostname or "").lower(), parts.path.lower()
        if parts.scheme.lower() not in ("http", "https"):
            return link
        for pattern, where, names in _REDIRECTORS:
            if path != where or not pattern.fullmatch(host):
                continue
            query = parse_qs(parts.query)
            for name in names:
                for target in query.get(name, ()):
                    target = target.strip()
                    if target[:8].lower().startswith(("http://", "https://")) and urlsplit(
                        target
                    ).hostname:
                        return target
    except ValueError:  # "http://[x": kept as given (the [limits] check drops it)
        pass
    return link


# An aggregator's list of reports instead of a text (Google News's items: "<ol><li><a
# href=...>Headline</a>&nbsp;&nbsp;<font color="#6f6f6f">Outlet</font></li>...</ol>", or
# one such link): headlines, each followed by the outlet's name, and nothing else. Read tag
# by tag in one pass, which stops at the first thing no such list has (an article's first
# paragraph of text); the tags such a list is made of (any other, an image or a heading,
# makes it something else).
_TAG_OR_TEXT = re.compile(r"<[^<>]*>|[^<]+|<")
_TAG_NAME = re.compile(r"</?([A-Za-z][\w-]*)")
_LIST_TAGS = frozenset({"ol", "ul", "li", "p", "div", "br"})
# markup around a headline or a list item that says nothing of its own
_EMPHASIS_TAGS = frozenset({"strong", "b", "wbr"})
# the inline elements an outlet's name is set in (Google News's grey <font>)
_OUTLET_TAGS = frozenset({"font", "span", "small", "cite", "em", "i"})
# what may stand between a headline and its outlet's name: spaces, a dash, a bar, a dot
_OUTLET_GAP = " \t\r\n\xa0-–—|·•"


def _outlet_name(run: list[tuple[str, bool]]) -> bool | None:
    """What the text between a link and the next link or block is: None when nothing (a
    link on its own, as Google News's closing "View Full Coverage"), True when an
    outlet's name (a few words, no sentence's end, set in an inline element of its own or
    after a gap such as "&nbsp;" or a dash), False when anything else (prose)."""
    name = html.unescape("".join(text for text, _styled in run)).strip(_OUTLET_GAP)
    if not name:
        return None
    loose = html.unescape("".join(text for text, styled in run if not styled))
    loose = loose.lstrip(" \t\r\n")  # (not str.strip(): that takes the "&nbsp;" too)
    if loose.strip(_OUTLET_GAP) and loose[0] not in _OUTLET_GAP:
        return False  # "<a>Rollup fees</a> fell": the link is a word of a sentence
    return len(name) <= 60 and len(name.split()) <= 8 and name[-1] not in ".!?:;,"


def _headlines_only(body: str) -> bool:
    """``body`` is only a list of other reports' headlines, each a link followed by its
    outlet's name (see ``_TAG_OR_TEXT``): no text of the item's own."""
    if "</a>" not in body or len(body) > 64_000:
        return False
    links = outlets = 0
    in_link = after_link = False
    styled = 0
    run: list[tuple[str, bool]] = []

    def close_run() -> bool:
        nonlocal outlets
        said = _outlet_name(run) if run else None
        run.clear()
        if said is None:
            return True
        if not after_link or not said:
            return False  # text before any link, or prose
        outlets += 1
        return True

    for token in _TAG_OR_TEXT.finditer(body):
        part = token.group()
        if part[0] != "<" or len(part) == 1:  # text
            if not in_link:
                run.append((part, styled > 0))
                if sum(len(text) for text, _styled in run) > 400:
                    return False  # prose, however it ends
            continue
        if part.startswith("<!--"):
            continue
        name = _TAG_NAME.match(part)
        if name is None:
            return False
        tag, closing = name.group(1).lower(), part[1] == "/"
        if tag == "a":
            if closing == in_link:  # "</a>" closes the open link, "<a>" opens one
                if not closing and not close_run():
                    return False
                in_link = not closing
                if closing:
                    links += 1
                    after_link = True
            continue
        if in_link:
            continue  # a headline's own markup
        if tag in _OUTLET_TAGS:
            styled = max(0, styled + (-1 if closing else 1))
        elif tag in _LIST_TAGS:
            if not close_run():
                return False
            after_link = False  # a new item: its text is no outlet of the last one's
        elif tag not in _EMPHASIS_TAGS:
            return False
    return not in_link and close_run() and outlets >= 1 and outlets >= links - 1


# Google News's older item addresses ("/rss/articles/CBMi..."): a base64url protobuf
# message holding the publisher's address in a field of its own (the newer ids hold an
# encrypted one, which does not read as an address, and stay the redirect they are)
_ENCODED_ARTICLE = re.compile(r"/articles/(C[A-Za-z0-9_-]{10,4000})(?=[/?#]|$)")


def _varint(data: bytes, position: int) -> tuple[int, int]:
    """The protobuf varint at ``position`` and the position after it; (-1, ...) when
    there is none (more than ten bytes, or the data ends)."""
    value = shift = 0
    for offset in range(10):
        if position + offset >= len(data):
            return -1, position
        byte = data[position + offset]
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, position + offset + 1
    return -1, position


def _address_in_message(data: bytes) -> str | None:
    """The first http(s) address among a protobuf message's top-level byte fields;
    None when it holds none or is not one. At most 32 fields are read."""
    position = 0
    for _ in range(32):
        if position >= len(data):
            return None
        key, position = _varint(data, position)
        if key < 0:
            return None
        kind = key & 7
        if kind == 0:
            value, position = _varint(data, position)
            if value < 0:
                return None
        elif kind == 1 or kind == 5:
            position += 8 if kind == 1 else 4
        elif kind == 2:
            size, position = _varint(data, position)
            if size < 0 or position + size > len(data):
                return None
            field = data[position:position + size]
            position += size
            if field[:8].lower().startswith((b"http://", b"https://")):
                try:
                    text = field.decode("utf-8")
                except UnicodeDecodeError:
                    return None
                if text.isprintable() and " " not in text and url_host(text):
                    return text
        else:
            return None
    return None


def _aggregator_original(link: str | None) -> str | None:
    """The publisher's address an encoded Google News link (``_ENCODED_ARTICLE``) holds,
    or None."""
    if not link or "/articles/C" not in link:
        return None
    try:
        path = urlsplit(link).path
    except ValueError:  # "http://[x"
        return None
    found = _ENCODED_ARTICLE.search(path)
    if found is None:
        return None
    encoded = found.group(1)
    try:
        data = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError):
        return None
    return _address_in_message(data)


def _source_title(entry: Any) -> str:
    source = dict.get(entry, "source")
    if not isinstance(source, dict):
        return ""
    return _title_as_text(_text(source.get("title")), source.get("title_detail"))


def _title_as_text(title: str, detail: Any) -> str:
    """A feed's (or an Atom <source>'s) title as readers see it: the text of a title its
    feed marks as HTML or XHTML (Atom's type="html" or "xhtml"; RSS's, which feedparser
    reads as HTML), so "Example <b>News</b>" names the source "Example News", not with its
    tags shown; "" when the title is markup with no text (a lone <img>)."""
    kind = detail.get("type") if isinstance(detail, dict) else None
    if "<" not in title or not isinstance(kind, str) or "html" not in kind:
        return title
    from digest.clean import plain_text

    return plain_text(title)


def _publisher(entry: Any, title: str) -> str:
    """The name an item's <source> gives (Google News's and news aggregators' publisher);
    "" when it gives none, or names the item itself (Discourse's <source> is the topic's
    own feed, titled as the topic)."""
    named = _source_title(entry)
    return "" if named and " ".join(named.split()) == " ".join(title.split()) else named


def _credited(entry: Any, named: str, link: str | None, feed_name: str) -> tuple[str, str]:
    """(publisher, its address) an aggregator's item is credited to: the <source> it
    names (``named``, see ``_publisher``) when that is another site than the item's own
    (a feed that names itself in every item's <source> is its own publisher), else
    ("", "")."""
    if not named or named.casefold() == feed_name.casefold():
        return "", ""
    source = dict.get(entry, "source")
    href = _text(source.get("href")) if isinstance(source, dict) else ""
    if not href[:8].lower().startswith(("http://", "https://")):
        href = ""
    there, here = url_host(href), url_host(link)
    if there and here and (there == here or there.endswith("." + here)
                           or here.endswith("." + there)):
        return "", ""
    return named, href


# A feed's address, not a page's: ".../feed", "/rss.xml", "/atom", "/index.rss"
_FEEDISH = re.compile(r"(?:^|/)(?:feeds?|rss|atom)(?:/|\.\w+$|$)|\.(?:rss|xml|atom)$",
                      re.IGNORECASE)
# The last part of an article's address: a slug of three words or more, a number of four
# digits or more, or a page ("bridge-reopens-after-audit", "901234", "story.html")
_ARTICLE_PART = re.compile(r"[^/]*[^\W_]+-[^\W_]+-[^/]*|[^/]*\d{4,}[^/]*|[^/]+\.html?",
                           re.IGNORECASE)


def _original_article(href: str) -> str | None:
    """``href`` (an aggregator's <source url>) when it is an article's address, not the
    publisher's home, a section or a feed (which RSS says it is): the item's original,
    to link instead of the aggregator's page."""
    try:
        path = urlsplit(href).path
    except ValueError:  # "http://[x": no article
        return None
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if not last or _FEEDISH.search(path) or not _ARTICLE_PART.fullmatch(last):
        return None
    return href


_TAG = re.compile(r"<[A-Za-z!/]")


def _is_plain(detail: Any) -> bool:
    """feedparser's type of a value says plain text (not HTML to be sanitised)."""
    return isinstance(detail, dict) and detail.get("type") == "text/plain"


# Elements that make a block of their own: a body with none of them is loose inline text
_BLOCK_TAG = re.compile(
    r"<(?:p|div|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|table|tr|td|th|figure|figcaption|"
    r"section|article|aside|header|footer|nav|main|details|hr|address|form|fieldset|center|"
    r"html|body|iframe|video|audio)\b",
    re.IGNORECASE,
)


def _as_html(text: str, plain: bool = False) -> str:
    """A body without markup (YouTube's and podcasts' descriptions) as paragraphs, one a
    blank line apart, a line break for each other newline (``plain``: text, escaped; else
    HTML without tags, whose entities stay as they are). A body with only inline markup
    (Hacker News's "<a href=...>Comments</a>", an excerpt with a link or two) is paragraphs
    too, one a blank line apart, its lines as they are: loose text is no block the clean
    stage can judge, or drop as furniture. A body with blocks as it is."""
    if not text:
        return text
    if not plain and _TAG.search(text):
        if _BLOCK_TAG.search(text):
            return text
        return "".join(
            f"<p>{part.strip()}</p>"
            for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
            if part.strip()
        )
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "".join(
        "<p>" + "<br>".join(_escape(line) if plain else line.strip()
                            for line in p.splitlines() if line.strip()) + "</p>"
        for p in paragraphs if p.strip()
    )


# The name of a document's first element, after a byte-order mark, the XML declaration and
# comments: what kind of file it is ("rss", "feed", "opml", "urlset", "html", "!doctype")
# (processing instructions and comments in any order and number: a sitemap's or a feed's
# "<?xml-stylesheet ...?>" after its XML declaration, a comment before the declaration)
_FIRST_ELEMENT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*)*<(!doctype|[\w.:-]+)",
    re.S | re.I,
)


def first_element(data: bytes) -> str:
    """The first element's local name, lower-cased ("" when none is found in the first 4 KB;
    a doctype gives "!doctype" for an HTML one, else its name is skipped)."""
    match = _FIRST_ELEMENT.match(data[:4096])
    if match is None:
        return ""
    name = match.group(1).decode("ascii", "replace").lower()
    if name == "!doctype" and not re.match(rb"\s*html", data[match.end():match.end() + 64], re.I):
        return ""
    return name.rsplit(":", 1)[-1]


_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _news_sitemap(data: bytes, location: str, source: SourceConfig | None) -> list[Article]:
    """A Google News sitemap's pages as headline-only items (its <news:title>, address,
    date, publication and keywords): some news sites keep one where their RSS is thin. A
    sitemap of pages without news titles, or an index of sitemaps, is no feed: said so."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise DigestError(location, f"not a readable sitemap ({exc})",
                          "point the source at the site's RSS or Atom feed") from exc
    if root.tag.endswith("sitemapindex"):
        raise DigestError(
            location, f"a sitemap index (of {len(root):,} sitemaps), not a feed",
            "point the source at the site's news sitemap (often /news-sitemap.xml) or at its "
            "RSS or Atom feed (often /feed, /rss or /atom.xml)",
        )
    articles = []
    pages = 0
    for url in root:
        loc = _text(url.findtext(f"{_SITEMAP}loc") or url.findtext("loc")).strip()
        news = url.find(f"{_NEWS}news")
        pages += 1
        if not loc or news is None:
            continue
        title = " ".join(_text(news.findtext(f"{_NEWS}title")).split())
        if not title:
            continue
        outlet = " ".join(_text(news.findtext(f"{_NEWS}publication/{_NEWS}name")).split())
        name = (source.name if source and source.name else None) or outlet or (
            _netloc(loc) or Path(location).stem)
        keywords = _text(news.findtext(f"{_NEWS}keywords"))
        tags = tuple(k.strip() for k in keywords.split(",") if k.strip())
        articles.append(Article(
            id=stable_id(name, loc),
            origin="feed",
            location=location,
            title=title,
            source_name=name,
            url=loc,
            source_home=(source.home if source and source.home else None) or _site_root(loc),
            source_category=tags[0] if tags else None,
            category_hint=source.category if source else None,
            published=_json_date(_text(news.findtext(f"{_NEWS}publication_date"))),
            tags=tags,
            site_names=(name,),
        ))
    if not articles and pages:
        raise DigestError(
            location, f"a sitemap of {pages:,} page{'' if pages == 1 else 's'} without news "
            "titles, not a feed",
            "point the source at the site's RSS or Atom feed (often /feed, /rss or /atom.xml), "
            "or at its news sitemap",
        )
    return articles


_JSON_FEED = "https://jsonfeed.org/version/1.1"


def _json_feed_of(doc: Any) -> Any:
    """Two JSON shapes publishers' tools give instead of a JSON Feed, as one: WordPress's
    REST API (``/wp-json/wp/v2/posts``: a list of posts, or one post), whose full text a
    site's RSS often cuts short, and rss2json's conversion of a feed (``{"status": "ok",
    "feed": ..., "items": ...}``). Anything else is returned as it is."""
    posts = doc if isinstance(doc, list) else [doc] if isinstance(doc, dict) else []
    if posts and all(isinstance(p, dict) and isinstance(p.get("title"), dict)
                     and "rendered" in p["title"] and "link" in p for p in posts):
        return _wordpress_feed(posts)
    if (isinstance(doc, dict) and isinstance(doc.get("feed"), dict)
            and isinstance(doc.get("items"), list) and "status" in doc):
        return _rss2json_feed(doc)
    return doc


def _rendered(value: Any) -> str:
    return _text(value.get("rendered")) if isinstance(value, dict) else ""


def _wordpress_feed(posts: list[dict[str, Any]]) -> dict[str, Any]:
    from digest.clean import plain_text

    items = []
    for post in posts:
        body = post.get("content")
        content = "" if isinstance(body, dict) and body.get("protected") else _rendered(body)
        excerpt = _rendered(post.get("excerpt"))
        gmt = _text(post.get("date_gmt"))  # UTC without a zone; "date" is the site's clock
        modified = _text(post.get("modified_gmt"))
        items.append({
            "id": _rendered(post.get("guid")) or _text(post.get("link")),
            "url": _text(post.get("link")),
            "title": plain_text(_rendered(post.get("title"))),
            "content_html": content or excerpt,
            "summary": plain_text(excerpt) if content else "",
            "date_published": f"{gmt}Z" if gmt and gmt[-1:].isdigit() else _text(post.get("date")),
            "date_modified": f"{modified}Z" if modified and modified[-1:].isdigit() else "",
        })
    first = next((i["url"] for i in items if i["url"]), "")
    return {"version": _JSON_FEED, "title": _netloc(first), "items": items,
            "home_page_url": _site_root(first)}


def _rss2json_feed(doc: dict[str, Any]) -> dict[str, Any]:
    feed = doc["feed"]
    items = []
    for item in doc["items"]:
        if not isinstance(item, dict):
            continue
        when = _text(item.get("pubDate"))  # "2026-12-01 10:00:00", in UTC
        if re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", when):
            when = when.replace(" ", "T") + "Z"
        listed = item.get("categories")
        items.append({
            "id": _text(item.get("guid")) or _text(item.get("link")),
            "url": _text(item.get("link")),
            "title": _text(item.get("title")),
            "content_html": _text(item.get("content")) or _text(item.get("description")),
            "date_published": when,
            "authors": [{"name": _text(item["author"])}] if _text(item.get("author")) else [],
            "tags": [t for t in listed if isinstance(t, str)] if isinstance(listed, list) else [],
        })
    return {"version": _JSON_FEED, "title": _text(feed.get("title")), "items": items,
            "home_page_url": _text(feed.get("link")) or None,
            "feed_url": _text(feed.get("url")) or None}


def _parse_json_feed(
    data: bytes, location: str, source: SourceConfig | None, base_url: str | None
) -> list[Article]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DigestError(location, f"invalid JSON ({exc})", "fix the JSON syntax") from exc
    doc = _json_feed_of(doc)
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise DigestError(
            location,
            "JSON but not a JSON Feed (no 'version': 'https://jsonfeed.org/version/1.1')",
            "point the source at a JSON Feed, an RSS feed or an Atom feed",
        )
    items = doc.get("items")
    if not isinstance(items, list):
        raise DigestError(location, "JSON Feed without an 'items' list", "add the items array")
    name = (source.name if source and source.name else None) or _text(doc.get("title"))
    name = name or Path(location).stem
    home = (source.home if source and source.home else None) or doc.get("home_page_url")
    base = base_url or doc.get("feed_url") or home or ""
    # JSON Feed: "If not specified in an item, then the top-level authors ... are the
    # authors of the item."
    feed_author = _json_authors(doc)
    articles = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not any(
            item.get(key) for key in ("title", "url", "external_url", "content_html",
                                      "content_text", "summary")
        ):
            continue  # not an item, or one with nothing to show
        url = _text(item.get("url")) or _text(item.get("external_url")) or None
        if url and base:
            try:
                url = urljoin(base, url)
            except ValueError:  # "http://[x": kept as given (the [limits] check drops it)
                pass
        content = _main_text(_once_escaped(_text(item.get("content_html"))))
        if not content and item.get("content_text"):
            content = _text_paragraphs(str(item["content_text"]))
        # an item without id or url is known by its content as the feed gives it
        known_by = content
        summary = _text(item.get("summary"))
        if not content and summary:
            # no content (the spec asks for one; some publishers give a summary only): the
            # summary is the text, as an RSS item's only <description> is
            content, summary = _text_paragraphs(summary), ""
        listed = item.get("tags")
        tags = tuple(t for t in listed if isinstance(t, str)) if isinstance(listed, list) else ()
        author = _json_authors(item) or feed_author
        if author and _same_name(author, name):  # a one-person site's name as its writer's
            author = ""
        title = _text(item.get("title"))
        key = _text(item.get("id")) or url or f"{title}\n{known_by[:200]}" or str(index)
        articles.append(
            Article(
                id=stable_id(name, key),
                origin="feed",
                location=location,
                title=title,
                source_name=name,
                url=url,
                source_home=home or None,
                source_category=tags[0] if tags else None,
                category_hint=source.category if source else None,
                summary=summary,
                body_html=content,
                author=author or None,
                published=_json_date(item.get("date_published"))
                or _json_date(item.get("date_modified")),
                updated=_json_date(item.get("date_modified")),
                tags=tags,
                site_names=(name,),
                image=None if "<img" in content else _json_image(item),
            )
        )
    return articles


def _json_image(item: dict[str, Any]) -> str | None:
    """A JSON Feed item's ``image`` (its main picture), else its ``banner_image``: an http(s)
    address that is no avatar or icon (``_small_or_person``), else None."""
    for key in ("image", "banner_image"):
        address = web_address(_text(item.get(key)))
        if address and not _small_or_person(address):
            return address
    return None


def _text_paragraphs(text: str) -> str:
    """Plain text (JSON Feed's) as HTML paragraphs, one a blank line apart."""
    return "".join(f"<p>{_escape(p)}</p>" for p in text.split("\n\n") if p)


def _json_authors(node: dict[str, Any]) -> str:
    """The names of a JSON Feed object's ``authors`` (1.1) or ``author`` (1.0): objects
    with a name, or, as some publishers write them, plain strings."""
    listed = node.get("authors") or node.get("author") or []
    if not isinstance(listed, list):
        listed = [listed]
    names = [person_name(a.get("name") if isinstance(a, dict) else a)
             for a in listed if isinstance(a, (dict, str))]
    return ", ".join(dict.fromkeys(n for n in names if n))


def _escape(text: str) -> str:
    from html import escape

    return escape(text.strip())
