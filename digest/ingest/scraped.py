"""Scraped article dumps: plain text copied from a news page.

The first line is the site's category label, the second the headline (usually with the site's
name after a dash), the third the standfirst, then the body and whatever page furniture followed
it. A dump whose first line is a headline (it holds a dash or a bar between words, as
before a site's name, or is five words or more, and the next line holds none) has no
category line. A first line holding only the page's address gives the article's URL; a copy
of a browser's reader view (the site's domain under the headline, then the byline and the
reading time) gives the site's home page and the author. A cookie banner copied above the
text (its heading, its sentence about cookies, its buttons) is skipped as a block, before
the category line is looked for. Ingest only splits these parts;
telling body from furniture is the clean stage's job.

A dump written by a scraping script may open with a header of ``Key: value`` lines ("Title:",
"URL:", "Source:", "Author:", "Date:", "Published:", "Tags:", ...) ended by a blank line, or
with a YAML-like block of them between "---" lines: the fields it names fill the article,
other keys are dropped, and the text after it is the body (the headline being the title's).
Tag lines ("Tags: DeFi, Ethereum", "Filed under: ...", "#defi #ethereum") at the top or the
end of the text fill ``tags``, and a dateline at the top that the clean stage cannot read
("R8.11.20", "20.11.2026, 14:30 Uhr", "Published: ... / Updated: ...") fills ``published``
and ``updated``; both lines leave the text. So does a "Category: DeFi" line, which gives
the category a dump lacks (else a tag), and a line saying when the page was copied
("Retrieved on 22 November 2026", "Accessed: ...", a clipper's "created:" key), which is
never the article's date. An address with a label above the dump ("Saved from: URL") is
its URL, and a headline written again under a script's header with the site's name after
it ("Headline – Site") leaves the text and names the site.

An optional sidecar ``NAME.meta.toml`` beside ``NAME.txt`` may give ``url``, ``published``,
``source`` and ``author``; it wins over the dump's own header.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from digest.clean import furniture_rule, meta_line, table_row
from digest.config import SourceConfig
from digest.errors import DigestError
from digest.ingest import looks_binary_text as _looks_binary
from digest.ingest.dates import whole_date
from digest.model import Article
from digest.util import INVISIBLE, read_file, stable_id, to_utc

META_KEYS = {"url", "published", "source", "author"}


# Byte-order marks, longest first: UTF-32's little-endian mark begins with UTF-16's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"), (b"\xef\xbb\xbf", "utf-8-sig"),
)


def text_encoding(data: bytes) -> str | None:
    """The Unicode encoding ``data`` announces with a byte-order mark, or shows by its NULs:
    Windows editors (Notepad's "Unicode") and PowerShell's ``>`` save text as UTF-16, where
    every ASCII character is followed (or, big-endian, preceded) by a NUL byte. None: a
    byte-oriented encoding (UTF-8, or a legacy one)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:4000]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > 4 * even:
            return "utf-16-le"
        if even > 4 * odd:
            return "utf-16-be"
    return None


def read_text(path: Path) -> str:
    """A text file's contents: UTF-8, UTF-16/32 (with a byte-order mark, or without one as
    its NULs show), else Windows-1252, whose bytes are all characters (a Latin-1 file reads
    the same, apart from the rare C1 controls)."""
    data = read_file(path)
    unicode = text_encoding(data)
    if unicode:
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(unicode)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def parse_dump_file(path: Path, source: SourceConfig | None = None) -> Article:
    try:
        text = read_text(path)
    except OSError as exc:
        raise DigestError(str(path), f"cannot read the file ({exc.strerror})") from exc
    meta = _read_meta(path)
    return parse_dump_text(text, str(path), source, meta)


def _read_meta(path: Path) -> dict[str, str]:
    meta_path = path.with_name(path.stem + ".meta.toml")
    if not meta_path.is_file():
        return {}
    try:
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DigestError(str(meta_path), f"invalid TOML ({exc})", "fix the sidecar file") from exc
    unknown = sorted(set(meta) - META_KEYS)
    if unknown:
        raise DigestError(
            str(meta_path),
            f"unknown key {unknown[0]!r}",
            f"use only: {', '.join(sorted(META_KEYS))}",
        )
    bad = [key for key, value in meta.items() if not isinstance(value, str)]
    if bad:
        raise DigestError(
            str(meta_path), f"{bad[0]} must be a string", f'write {bad[0]} = "..." with quotes'
        )
    return meta


def parse_dump_text(
    text: str,
    location: str,
    source: SourceConfig | None = None,
    meta: dict[str, str] | None = None,
) -> Article:
    meta = meta or {}
    if _looks_binary(text):
        raise DigestError(
            location,
            "not text: the file holds binary data (an image, a PDF, an archive?)",
            "save the article's text itself as a .txt file",
        )
    # A line of a zero-width space or a byte-order mark (pages put them between blocks, and
    # a copy keeps them) is a blank line, not the category or the headline.
    spaced = [line.translate(INVISIBLE).strip() for line in text.splitlines()]
    header, spaced = _header(spaced)
    lines = [line for line in spaced if line]
    if not lines and not header.title:
        raise DigestError(
            location,
            "the file is empty (or holds only spaces)",
            "paste the article's text into it (category, headline, then the text), or "
            "delete it",
        )
    # A dump that starts with the page's address, as a copy from the address bar leaves it,
    # or with the cookie banner the page showed over its top (either before the other)
    url = meta.get("url") or header.url
    while lines:
        if address := _address_line(lines[0]):
            url = url or address
            lines = lines[1:]
        elif banner := _consent_end(lines, 0):
            lines = lines[banner:]
        else:
            break
    # ... or between the category label and the headline
    if len(lines) > 2 and not _is_headline(lines[0]) and (banner := _consent_end(lines, 1)):
        lines = lines[:1] + lines[banner:]
    category: str | None = header.category
    suffix_name = ""  # the site's name after the headline the script wrote again
    if header.title:
        headline, rest = header.title, lines
        if rest and _plain_heading(rest[0]) == headline:  # the script wrote it again
            rest = rest[1:]
        elif rest and (suffix_name := _site_after(rest[0], headline)):
            rest = rest[1:]  # ... with the site's name after it, as the page's <title> has it
    elif len(lines) < 2:
        raise DigestError(
            location,
            "not a scraped dump: expected a category line, then the headline, then the text",
            "see README: scraped dumps",
        )
    elif (_is_headline(lines[0]) and not _is_headline(lines[1], suffix_only=True)
          or _is_domain_line(lines[1])):
        # no category line: the page's label was not copied, the headline comes first (also
        # above a reader view's domain, as Instapaper and Pocket print it)
        headline, *rest = lines
    else:
        category, headline, *rest = lines
        # "Category: DeFi" as the first line: the label is the category
        if ":" in category and (labels := _category_line(category)) and len(labels) == 1:
            category = labels[0]
    home, author, rest = _reader_view_lines(rest)
    found = _tags_and_dateline(
        spaced[_index_of_nth(spaced, sum(map(bool, spaced)) - len(rest)):])
    # The text as copied from a terminal, an e-mail or a PDF, its sentences cut into lines of
    # some 72 columns: a paragraph a line again (blank lines, where the copy kept them, still
    # end paragraphs)
    rest = unwrap_lines(found.lines)
    # a "Category: DeFi" line names the category the dump did not give; else it is a tag
    labelled = found.categories
    if labelled and not category:
        category, labelled = labelled[0], labelled[1:]
    if header.summary and rest and rest[0] == header.summary:
        rest = rest[1:]  # the header's description, written again as the standfirst
    standfirst = header.summary or (rest[0] if rest and not _is_lone_dash(rest[0]) else "")
    body = rest if header.summary or not standfirst else rest[1:]
    published = to_utc(meta.get("published"))
    if meta.get("published") and published is None:
        raise DigestError(
            location + " (.meta.toml)",
            f"published {meta['published']!r} is not an ISO 8601 date",
            'write it like "2026-11-23T09:30:00+00:00"',
        )
    configured = source.name if source and source.name else None
    # A reader view's domain names the site when nothing else does.
    name = (meta.get("source") or configured or header.source or suffix_name
            or (home or "").removeprefix("https://").strip("/"))
    return Article(
        id=stable_id("scraped", url or Path(location).name),
        origin="scraped",
        location=location,
        title=headline,
        source_name=name,
        url=url,
        source_home=home,
        source_category=category,
        category_hint=source.category if source else None,
        summary=standfirst,
        raw_lines=tuple(body),
        author=meta.get("author") or header.author or author,
        published=published or header.published or found.published,
        updated=header.updated or found.updated,
        tags=_unique((*header.tags, *found.tags, *labelled)),
        site_names=tuple(n for n in (name,) if n),
    )


# ---------------------------------------------------------------- a cookie banner on top

# A consent banner copied with the page, above its text: a heading ("We value your
# privacy"), the sentence about cookies and the site's partners, and the buttons ("Accept
# all", "Reject all", "Manage preferences", "Got it!"). Above the category label it would
# be read as the label and the headline, and push the real ones into the text. The clean
# stage names most of its lines "cookie-banner" one by one; here the whole block goes,
# with the headings and buttons that name no cookie ("Your privacy choices", "I agree"),
# which only count inside a block that says it is about cookies.
_CONSENT_NEEDLES = ("cookie", "çerez", "куки", "クッキー", "쿠키")
_CONSENT_LINES = 12  # the lines at the top a banner may fill
_CONSENT_HEADING = re.compile(
    r"(?:we (?:value|respect|care about) your privacy|your privacy(?: (?:matters|choices"
    r"|settings|preferences|options|is important to us))?|(?:privacy|cookie|consent)"
    r" (?:settings|preferences|choices|options|notice|cent(?:re|er))|cookies?(?: (?:consent"
    r"|notice|policy))?|about cookies(?: on this (?:web)?site)?|privacy (?:and|&) cookies"
    r"|manage (?:your )?(?:privacy|cookies|consent)(?: (?:settings|preferences|choices))?)[.!]?",
    re.IGNORECASE,
)
_CONSENT_BUTTON = re.compile(
    r"(?:(?:yes,? )?i |ok,? )?(?:accept|agree|allow|reject|decline|refuse|deny|consent|ok(?:ay)?"
    r"|got it|close|dismiss|continue|confirm|save|customi[sz]e|manage|learn more|more (?:options"
    r"|info(?:rmation)?)|show (?:details|purposes|vendors|partners)|settings|options"
    r"|preferences|privacy policy)(?: (?:all|my|and|&|close|exit|continue|choices|selection"
    r"|settings|preferences|options|cookies|necessary|essential|only|without|accepting"
    r"|agreeing|purposes|partners|vendors|details)){0,4}[.!]?"
    # ... and the same words in the languages whose banners the clean stage reads
    r"|(?:alle |tout |todo |tutto |alles )?(?:akzeptieren|ablehnen|zustimmen|einstellungen"
    r"|mehr (?:erfahren|optionen)|accepter|refuser|param(?:è|e)tres|en savoir plus"
    r"|aceptar|rechazar|configuraci(?:ó|o)n|ajustes|m(?:á|a)s opciones|accetta|rifiuta"
    r"|impostazioni|altre opzioni|accepteren|weigeren|instellingen|aceitar|rejeitar"
    r"|configura(?:ç|c)(?:õ|o)es)(?: (?:alle|tout|todo|tutto|alles))?[.!]?",
    re.IGNORECASE,
)
# A sentence of a banner: it speaks to the reader, or as the site, about their data
_CONSENT_SENTENCE = re.compile(
    r"(?=.*?\b(?:you|your|we|our|this (?:web)?site)\b)(?=.*?\b(?:cookies?|consent\w*"
    r"|personal data|partners|vendors|privacy|preferences)\b).{20,600}[.!)]",
    re.IGNORECASE,
)


def _consent_kind(line: str) -> str:
    """What part of a cookie banner ``line`` may be: "heading", "button", "rule" (a line
    the clean stage names "cookie-banner"), "sentence" (one about the reader's data), or
    "" (none)."""
    if len(line) <= 60:
        if _CONSENT_HEADING.fullmatch(line):
            return "heading"
        if _CONSENT_BUTTON.fullmatch(line):
            return "button"
    if furniture_rule(line) == "cookie-banner":
        return "rule"
    if len(line) <= 600 and _CONSENT_SENTENCE.fullmatch(line):
        return "sentence"
    return ""


def _consent_end(lines: list[str], start: int) -> int:
    """The index after the cookie banner that opens at ``lines[start]``, or 0 when none
    does: a run of banner lines (``_consent_kind``) that says it is about cookies (a line
    other than a heading names them) and shows what only a banner shows (a button, or a
    line the clean stage names "cookie-banner"), leaving two lines or more (a category or
    headline and the text). A story's sentence about cookies, even one in the words of a
    site ("We and our partners will stop using third-party cookies, the company said."),
    has no button beside it, and stays."""
    top = lines[start:start + _CONSENT_LINES]
    if not any(needle in line.lower() for line in top for needle in _CONSENT_NEEDLES):
        return 0  # nearly every dump: no word for cookies on top
    end = start
    cookies = decisive = False
    while end < len(lines) and end - start < _CONSENT_LINES:
        kind = _consent_kind(lines[end])
        if not kind:
            break
        low = lines[end].lower()
        cookies = cookies or (kind != "heading"
                              and any(needle in low for needle in _CONSENT_NEEDLES))
        decisive = decisive or kind in ("button", "rule")
        end += 1
    if not (cookies and decisive) or len(lines) - (end - start) < 2:
        return 0
    return end


# ---------------------------------------------------------------- a script's header

# The keys scraping scripts write (lower case, "_" and "-" as spaces) and the field each
# fills; any other key of a header ("Scraped at:", "Word count:", "lang:") is dropped.
_HEADER_KEYS = {
    "title": "title", "headline": "title",
    "url": "url", "link": "url", "source url": "url", "canonical url": "url",
    "canonical": "url", "permalink": "url", "original url": "url",
    "source": "source", "site": "source", "site name": "source", "publisher": "source",
    "outlet": "source", "publication": "source", "sitename": "source",
    "author": "author", "authors": "author", "by": "author", "byline": "author",
    "writer": "author",
    "date": "published", "published": "published", "publish date": "published",
    "published at": "published", "published on": "published", "pubdate": "published",
    "date published": "published", "posted": "published",
    "updated": "updated", "modified": "updated", "last modified": "updated",
    "date modified": "updated", "updated at": "updated", "last updated": "updated",
    "category": "category", "section": "category",
    "tags": "tags", "keywords": "tags", "topics": "tags", "categories": "tags",
    "summary": "summary", "description": "summary", "excerpt": "summary",
    "subtitle": "summary", "standfirst": "summary", "dek": "summary",
}
# Not read, though they hold dates: when the page was copied, not when it was published
# (Obsidian's Web Clipper writes "created:", scripts "scraped at:", "retrieved:").
# "Key: value" (or "Key:" over a YAML list); a colon before "//" is an address's
_HEADER_LINE = re.compile(r"(?P<key>[A-Za-z][A-Za-z0-9 _-]{0,29}?)\s*:(?:\s+(?P<value>.*))?")
_HEADER_ITEM = re.compile(r"-\s+(?P<value>.*)")
_FENCE = "---"
_HEADER_LIMIT = 60  # lines: a longer run of "key: value" lines is no header


@dataclass(frozen=True)
class _Header:
    """What a script's header says (all empty: the dump has none)."""

    title: str = ""
    url: str | None = None
    source: str = ""
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    category: str | None = None
    summary: str = ""
    tags: tuple[str, ...] = ()


def _header(spaced: list[str]) -> tuple[_Header, list[str]]:
    """The header a scraping script wrote at the top of ``spaced`` and the lines after it:
    "Key: value" lines up to the first blank line, two or more of them keys it knows, every
    one of them a key's line (so "Note: the vote ..." stays text), or a lone "Title:"
    line; or such lines between "---" lines (one known key is enough there). No header:
    an empty one and ``spaced``."""
    first = next((n for n, line in enumerate(spaced) if line), None)
    if first is None or ":" not in spaced[first] and spaced[first] != _FENCE:
        return _Header(), spaced  # most dumps: the category label first, no colon
    fenced = spaced[first] == _FENCE
    start = first + 1 if fenced else first
    fields: dict[str, list[str]] = {}
    key: str | None = None
    for index in range(start, min(len(spaced), start + _HEADER_LIMIT)):
        line = spaced[index]
        if fenced and line in (_FENCE, "..."):
            break
        if not line:
            if fenced:
                continue
            break
        if fenced and key is not None and (item := _HEADER_ITEM.fullmatch(line)):
            fields.setdefault(key, []).append(_unquoted(item.group("value")))
            continue
        found = _HEADER_LINE.fullmatch(line)
        if found is None or len(found.group("key").split()) > 3:
            return _Header(), spaced
        name = " ".join(found.group("key").lower().replace("_", " ").replace("-", " ").split())
        key = _HEADER_KEYS.get(name, "")
        if key and found.group("value"):
            fields.setdefault(key, []).extend(_values(found.group("value"), key))
    else:
        return _Header(), spaced  # no end: not a header
    known = {name for name in fields if name}
    # one known key is enough between "---" lines, or a "Title:" (no sentence opens so)
    if index == start or len(known) < (1 if fenced or known == {"title"} else 2):
        return _Header(), spaced
    return _header_of(fields), spaced[index + 1:]


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1].strip()
    if value.startswith("[[") and value.endswith("]]"):
        # an Obsidian wiki link, as its Web Clipper writes names ("[[Ann Writer]]"), perhaps
        # with the text shown after a bar ("[[people/Ann Writer|Ann Writer]]")
        value = value[2:-2].rpartition("|")[2].strip()
    return value


def _values(value: str, key: str) -> list[str]:
    """A header's value: a "[flow, list]" or, for tags, "a, b, c" as its items; else the
    value itself."""
    value = value.strip()
    if value.startswith("[") and value.endswith("]") and not value.startswith("[["):
        return [_unquoted(item) for item in value[1:-1].split(",") if item.strip()]
    if key == "tags":
        return [_unquoted(item) for item in _TAG_SEPARATORS.split(value) if item.strip()]
    return [_unquoted(value)]


def _header_of(fields: dict[str, list[str]]) -> _Header:
    def one(name: str) -> str:
        return next((value for value in fields.get(name, ()) if value), "")

    source, url = one("source"), one("url")
    if _URL_LINE.fullmatch(source):  # "Source: https://...": the address, not a name
        url, source = url or source, ""
    authors = [value for value in fields.get("author", ()) if value]
    return _Header(
        title=one("title"),
        url=url if _URL_LINE.fullmatch(url) else None,
        source=source,
        author=", ".join(authors) or None,
        published=_header_date(one("published")),
        updated=_header_date(one("updated")),
        category=one("category") or None,
        summary=one("summary"),
        tags=tuple(tag for tag in (_tag(value) for value in fields.get("tags", ())) if tag),
    )


def _header_date(value: str) -> datetime | None:
    """A header's date: ISO 8601 as scripts write it, or any form ``whole_date`` reads; an
    unread one is no date (the clean stage may still find a dateline)."""
    return (to_utc(value) or whole_date(value)) if value else None


# ---------------------------------------------------------------- tags and datelines

# A tag line's label ("Tags:", "Filed under:"), in the languages the dates module reads
_TAG_LINE = re.compile(
    r"(?:tags?|tagged(?: with| as| in)?|topics?|filed (?:under|in)|categories|keywords?"
    r"|related topics|schlagw(?:ö|oe)rter|schlagworte|stichw(?:ö|oe)rter|themen"
    r"|mots[- ]cl(?:é|e)s|(?:é|e)tiquettes|sujets|th(?:è|e)mes|etiquetas|temas"
    r"|palabras clave|palavras[- ]chave|argomenti|parole chiave|trefwoorden|onderwerpen"
    r"|taggar|ämnen|nyckelord|emner|stikkord|stikord|nøgleord|avainsanat|aiheet|tunnisteet"
    r"|tagi|tematy|słowa kluczowe|štítky|témata|klíčová slova|etichete|cuvinte cheie"
    r"|címkék|kulcsszavak|témák|topik|kata kunci|etiketler|konular|anahtar kelimeler"
    r"|ετικέτες|θέματα|теги|метки|темы|ключевые слова|мітки|теми|ключові слова"
    r"|标签|標籤|关键词|關鍵詞|タグ|キーワード|태그|키워드)\s*[:：]\s*(?P<items>\S.*)",
    re.IGNORECASE,
)
# A category line's label: one category, as a page prints it under the headline or at the
# end ("Category: DeFi"); "Categories:" is a tag line
_CATEGORY_LINE = re.compile(
    r"(?:category|kategorie|cat(?:é|e)gorie|categor(?:í|i)a|kategori|kategoria|kategória"
    r"|kategorija|категория|категорія|κατηγορία|分类|分類|カテゴリー?|카테고리)"
    r"\s*[:：]\s*(?P<items>\S.*)",
    re.IGNORECASE,
)
_TAG_SEPARATORS = re.compile(r"\s*[,;|·•、，；]\s*")
_HASHTAG = r"#[^\W\d_][\w-]{0,39}"
_HASHTAGS = re.compile(rf"{_HASHTAG}(?:[\s,]+{_HASHTAG})*")
# A sentence after the label, not a label: "Topics: the board discussed ..."
_PROSE_OPENERS = frozenset("the a an this that these we it they our in on at".split())
_ZONE_LINES = 6  # lines at the top and at the end of the text a tag line may stand on


@dataclass(frozen=True)
class _Found:
    """The text's lines (blank ones too) without its tag lines and dateline, and what
    those said."""

    lines: list[str]
    tags: tuple[str, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    categories: tuple[str, ...] = ()  # the labels of a "Category: DeFi" line


def _tags_and_dateline(spaced: list[str]) -> _Found:
    """Tag lines among the first and the last few lines of the text (before the related-
    posts widget's lone dash), and a dateline among the first few: each read, and blanked
    (a blank line ends a paragraph, as the line did)."""
    end = min((spaced.index(dash) for dash in _LONE_DASHES if dash in spaced), default=len(spaced))
    top = _filled(spaced, range(end))
    bottom = _filled(spaced, range(end - 1, -1, -1))[::-1]
    out = list(spaced)
    tags: list[str] = []
    categories: list[str] = []
    published = updated = None
    for n in dict.fromkeys(top + bottom):
        line = spaced[n]
        if ":" in line[:30] or "：" in line[:30] or line[:1] == "#":
            labels = _tag_line(line)
            category = None if labels else _category_line(line)
            if labels or category:
                (tags if labels else categories).extend(labels or category or ())
                # a line the clean stage drops as furniture ("Tags: a, b") stays for it to
                # drop, and to say so in its report
                if furniture_rule(line) is None:
                    out[n] = ""
                continue
        if line[:1] in _COPIED_FIRST and _copied_when(line):
            out[n] = ""  # when the page was copied: furniture, and no date of the article
            continue
        if (n in top[:4] and published is None and updated is None and _DIGIT.search(line)
                and line.count(" ") <= 16 and not line.endswith(_PROSE_END)):
            dates = _dateline(line)
            if dates is not None:
                # one the clean stage reads ("Published: Nov 20, 2026") is left to it
                if meta_line(line) is None:
                    published, updated = dates
                    out[n] = ""
    return _Found(out, _unique(tags), published, updated, _unique(categories))


# how a sentence ends, and no dateline ("... 2:30 p.m." is let through by its "m.")
_PROSE_END = tuple(f"{c}{end}" for c in "abcdefghijklnopqrstuvwxyz0123456789)" for end in ".!?")


def _filled(spaced: list[str], indexes: range) -> list[int]:
    """The first ``_ZONE_LINES`` of ``indexes`` whose lines are not blank."""
    found: list[int] = []
    for n in indexes:
        if spaced[n]:
            found.append(n)
            if len(found) == _ZONE_LINES:
                break
    return found


def _tag_line(line: str) -> list[str] | None:
    """The labels of a tag line ("Tags: DeFi, Ethereum, Layer 2", "#defi #ethereum"); None
    for any other line, such as a sentence after the word ("Topics: the board discussed
    three proposals and voted on two.")."""
    if line[:1] == "#":
        if not _HASHTAGS.fullmatch(line):
            return None
        return [_tag(word) for word in line.replace(",", " ").split()]
    found = _TAG_LINE.fullmatch(line)
    return None if found is None else _labels(found.group("items"))


def _category_line(line: str) -> list[str] | None:
    """The labels of a category line ("Category: DeFi", "Kategorie: Märkte"); None for any
    other line, such as a sentence after the word ("Category: the fund moved into ...")."""
    found = _CATEGORY_LINE.fullmatch(line)
    return None if found is None else _labels(found.group("items"))


def _labels(items: str) -> list[str] | None:
    """The labels after a tag or category line's label; None when they are prose."""
    items = items.strip().removesuffix(".")
    if _HASHTAGS.fullmatch(items):
        parts = items.replace(",", " ").split()
    else:
        parts = _TAG_SEPARATORS.split(items)
    labels = [_tag(part) for part in parts]
    if not all(labels):
        return None
    words = parts[0].split()
    if len(parts) == 1 and len(words) >= 2 and (
            words[0].lower() in _PROSE_OPENERS or len(words) >= 3 and words[0].islower()):
        return None
    return labels  # type: ignore[return-value]


def _tag(text: str) -> str:
    """``text`` as a tag (trimmed, its "#" and quotes off), or "" when it is no short
    label: more than five words or 40 characters, or a sentence's punctuation."""
    label = _unquoted(text).lstrip("#").strip()
    if not label or len(label) > 40 or len(label.split()) > 5:
        return ""
    if any(mark in label for mark in ".!?:\"") and not _ABBREVIATED.fullmatch(label):
        return ""
    return label


# a label with dots that is not a sentence: "U.S.", "Web 3.0", "Node.js"
_ABBREVIATED = re.compile(r"[\w\s&+'’-]*(?:\w\.\w[\w.]*)[\w\s&+'’-]*\.?")
_DIGIT = re.compile(r"\d")


def _unique(labels: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """``labels`` in order, each once (the first spelling of labels that differ in case)."""
    seen: dict[str, str] = {}
    for label in labels:
        seen.setdefault(label.casefold(), label)
    return tuple(seen.values())


# A dateline's label, and the separators between its parts
_DATE_LABEL = re.compile(
    r"(?P<label>first published|published|posted|released|date|updated|last updated"
    r"|modified|last modified|veröffentlicht|aktualisiert|stand|publié|mis à jour"
    r"|publicado|actualizado|pubblicato|aggiornato)(?:\s+(?:on|am|le|el|il|at))?\s*[:：]?\s*",
    re.IGNORECASE,
)
_UPDATED_LABELS = frozenset({"updated", "last updated", "modified", "last modified",
                             "aktualisiert", "stand", "mis à jour", "actualizado",
                             "aggiornato"})
_DATE_PARTS = re.compile(r"\s+[|/·•–-]\s+|\s*[|·•]\s*")
_BARE_TIME = re.compile(
    r"(?:at\s+|um\s+)?\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*"
    r"(?:uhr|[A-Za-z]{2,5}|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)
# "3 hours ago", "Updated 2 days ago": a page's age when it was copied, never a date (the
# article is dated by its first sighting)
_AGE = re.compile(
    r"(?:\d{1,3}|an?|one)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?"
    r"\s+ago|just now",
    re.IGNORECASE,
)


def _dateline(line: str) -> tuple[datetime | None, datetime | None] | None:
    """(published, updated) of a line that is a dateline and nothing else: dates with or
    without a label ("Published: 2026-11-20T14:30:00Z / Updated: ...", "R8.11.20",
    "20 Nov 2026 | 14:30 UTC"), and relative ages (read as no date); None for any other
    line."""
    if len(line) > 120:
        return None
    parts: list[tuple[str, str]] = []  # (label, date)
    for part in _DATE_PARTS.split(line):
        if not part:
            continue
        label = _DATE_LABEL.match(part)
        kind = label.group("label").lower() if label else ""
        text = part[label.end():] if label else part
        if parts and not kind and _BARE_TIME.fullmatch(text):
            parts[-1] = (parts[-1][0], f"{parts[-1][1]} {text}")  # "20 Nov 2026 | 14:30"
        else:
            parts.append((kind, text))
    published = updated = None
    for kind, text in parts:
        if _AGE.fullmatch(text.strip()):
            continue
        when = whole_date(text)
        if when is None:
            return None
        if kind in _UPDATED_LABELS:
            updated = updated or when
        else:
            published = published or when
    return published, updated


# When the page was copied, as clippers, scrapers and citation styles print it: "Retrieved
# on 22 November 2026", "Accessed: 2026-11-22", "Saved 3 hours ago", "Retrieved 22 Nov 2026
# from https://...", "Abgerufen am 22.11.2026". Never the article's date.
_COPIED = re.compile(
    r"(?:retrieved|accessed|saved|clipped|scraped|downloaded|fetched|captured|archived"
    r"|abgerufen|gespeichert|consulté|consultado|consultato|récupéré)"
    r"(?:\s+(?:on|at|am|le|el|il|em|from|via))?\s*[:：]?\s*(?P<rest>.*)",
    re.IGNORECASE,
)
_COPIED_FIRST = frozenset("RrAaSsCcDdFfGg")
# the page's address in such a line, "from https://...", "(https://...)"
_ADDRESS_IN = re.compile(r"(?:from|via|at|von|de|da)?\s*[(<]?https?://\S+", re.IGNORECASE)
_ON = re.compile(r"\s*(?:on|am|le|el|il|em)\s+", re.IGNORECASE)


def _copied_when(line: str) -> bool:
    """``line`` says when (or whence) the page was copied and nothing else: its label, then
    a date, a relative age or the page's address."""
    found = _COPIED.fullmatch(line) if len(line) <= 200 else None
    if found is None:
        return False
    rest = found.group("rest")
    had_address = "://" in rest
    if had_address:
        rest = _ADDRESS_IN.sub(" ", rest)
    rest = rest.strip(" ,;.·|()").removeprefix("on ").strip()
    rest = _ON.sub("", rest, count=1) if _ON.match(rest) else rest
    if not rest:
        return had_address
    return _AGE.fullmatch(rest) is not None or whole_date(rest) is not None


def _index_of_nth(spaced: list[str], count: int) -> int:
    """The index in ``spaced`` (lines with blank ones) after its first ``count`` non-blank
    lines."""
    seen = 0
    for index, line in enumerate(spaced):
        if seen == count:
            return index
        seen += bool(line)
    return len(spaced)


# A list item's marker: "- ", "* ", "• ", "1. ", "1) ", "(a) ", "a) " (an emoji is one too)
_ITEM = re.compile(r"(?:[-*+•·▪◦‣►▸➤→–—]|\d{1,3}[.)]|\(\w{1,3}\)|[a-z][.)])\s")
_SENTENCE_END = tuple(".!?:;…\"'”’)»。！？")
_WRAP_LIMIT = 120  # no wrapped text is wider: a longer line is a paragraph of its own


def _is_item(line: str) -> bool:
    if _ITEM.match(line):
        return True
    return bool(line) and unicodedata.category(line[0]) == "So" and line[1:2] in (" ", "\ufe0f")


def _first_word(line: str) -> str:
    return line.split(maxsplit=1)[0] if line else ""


def unwrap_lines(spaced: list[str]) -> list[str]:
    """The non-blank lines of ``spaced`` (stripped lines, "" for a blank one), with the lines of
    hard-wrapped text joined back into paragraphs.

    Text is hard-wrapped when at least two of its lines of 40 characters or more break off a
    sentence mid-way (no final punctuation, the next line goes on in small letters) and few
    lines are wider than any wrapping makes them. Then a line is joined to the next one
    when the next one's first word would not have fitted on it (the wrapping moved it down),
    or when it breaks off a sentence that the next line goes on with. Blank lines, list items,
    table rows and everything from the first lone dash on (the related-posts widget) are
    never joined; nor is a short line that stands alone (a heading) to a sentence before it.
    """
    lines = [line for line in spaced if line]
    end = next((n for n, line in enumerate(spaced) if line in {"-", "–", "—"}), len(spaced))
    body = [line for line in spaced[:end] if line]
    if not body or sum(len(line) > _WRAP_LIMIT for line in body) * 4 > len(body):
        return lines

    def plain(line: str) -> bool:
        return bool(line) and not _is_item(line) and table_row(line) is None

    def breaks_off(a: str, b: str) -> bool:
        return (len(a) >= 40 and not a.endswith(_SENTENCE_END) and b[:1].islower()
                and plain(a) and plain(b))

    pairs = list(zip(spaced[:end], spaced[1:end], strict=False))
    # once is enough where blank lines part the paragraphs: a paragraph of lines is wrapped
    if sum(breaks_off(a, b) for a, b in pairs) < (1 if len(body) < end else 2):
        return lines
    width = max(len(line) for line in body if len(line) <= _WRAP_LIMIT)

    def full(a: str, b: str, slack: int = 0) -> bool:
        """The first word of ``b`` would not have fitted on ``a``; ``slack``: the columns
        a line from a PDF (set in a proportional font) may fall short by."""
        return len(a) + 1 + len(_first_word(b)) > width - slack

    out: list[str] = []
    joining = False  # the last line of ``out`` goes on in the next one
    for index, line in enumerate(spaced):
        if not line:
            joining = False
            continue
        if joining:
            # "long-" + "running": a word the wrapping cut at its hyphen
            hyphen = out[-1].endswith("-") and out[-1][-2:-1].isalpha() and line[:1].islower()
            out[-1] = out[-1] + line if hyphen else f"{out[-1]} {line}"
        else:
            out.append(line)
        after = spaced[index + 1] if index + 1 < end else ""
        following = spaced[index + 2] if index + 2 < end else ""
        joining = bool(after) and index < end and plain(after) and table_row(line) is None
        if not joining:
            continue
        if not line.endswith(_SENTENCE_END):
            joining = (full(line, after, max(4, width // 10))
                       or after[:1].islower() and len(line) * 2 >= width)
        else:
            # a sentence ended: the next line goes on with the paragraph only if its first
            # word was moved down, and it is not a heading standing alone
            alone = (not after.endswith(_SENTENCE_END) and not after[:1].islower()
                     and not (following and full(after, following)))
            joining = full(line, after) and not alone
    return out


_URL_LINE = re.compile(r"https?://[^\s/]+\.[^\s/]+(?:/\S*)?", re.IGNORECASE)
# The page's address with a label, as a browser's "save as" or a clipper writes it above the
# text: "Saved from: https://...", "Source: https://...", "URL: https://...", Internet
# Explorer's and Chrome's "saved from url=(0044)https://..."
_LABELLED_URL = re.compile(
    r"(?:saved from(?: url=\(\d{1,5}\))?|clipped from|retrieved from|archived from|captured from"
    r"|source(?: url)?|original(?: url)?|url|link|permalink|canonical(?: url)?|from)"
    r"\s*[:：]?\s*<?(?P<url>https?://[^\s/.>]+(?:\.[^\s/.>]+)+(?:/[^\s>]*)?)>?",
    re.IGNORECASE,
)


def _address_line(line: str) -> str | None:
    """The page's address a line at the top of a dump holds and nothing else, bare or with
    a label; None for any other line."""
    if _URL_LINE.fullmatch(line):
        return line
    if "://" not in line or len(line) > 2000:  # (no address line is longer)
        return None
    found = _LABELLED_URL.fullmatch(line)
    return found.group("url") if found else None


def _plain_heading(line: str) -> str:
    """``line`` without a Markdown heading's marks ("# Headline" -> "Headline")."""
    return line.lstrip("#").strip() if line[:1] == "#" else line


def _site_after(line: str, title: str) -> str:
    """The site's name ``line`` gives when it is ``title`` and the name after (or before)
    a dash or a bar ("Bridge Reopens After Audit – Quay Post"), as the page's <title>
    prints it; "" for any other line. A name is short and no sentence."""
    line, folded = _plain_heading(line), title.casefold()
    if len(line) <= len(title) + 3 or folded not in line.casefold():
        return ""
    low = line.casefold()
    name = ""
    for sep in _SITE_SEPARATORS:
        if low.startswith(folded + sep):
            name = line[len(title) + len(sep):].strip()
        elif low.endswith(sep + folded):
            name = line[:len(line) - len(title) - len(sep)].strip()
        if name:
            break
    words = name.split()
    if not 0 < len(words) <= 6 or len(name) > 60 or name.endswith((".", "!", "?", ":", ",")):
        return ""
    return name
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}")
# "4 min read", "5 minutes", Firefox's "5–7 minutes", "Reading time: 3 min".
_READING_TIME = re.compile(
    r"(?:(?:estimated\s+)?reading\s+time:?\s*)?(?:about\s+|~\s*)?\d{1,3}"
    r"(?:\s*[-–—]\s*\d{1,3})?\s*(?:min(?:ute)?s?\.?)(?:\s+read(?:ing)?)?",
    re.IGNORECASE,
)


def _reader_view_lines(rest: list[str]) -> tuple[str | None, str | None, list[str]]:
    """(site home, author, the lines after them) for a copy of a browser's reader view,
    which puts the site's domain under the headline, then the byline and the reading time
    ("example.com", "A. Writer", "5–7 minutes"), before the text. Other dumps come back
    as they are."""
    if not rest or not _is_domain_line(rest[0]):
        return None, None, rest
    home = "https://" + rest[0].lower().removeprefix("www.") + "/"
    after = rest[1:]
    author = None
    # The byline sits between the domain and the reading time, when the page had one.
    if len(after) > 1 and _READING_TIME.fullmatch(after[1]) and _is_byline(after[0]):
        author, after = after[0].removeprefix("By ").removeprefix("by ").strip(), after[1:]
    if after and _READING_TIME.fullmatch(after[0]):
        after = after[1:]
    return home, author, after


def _is_domain_line(line: str) -> bool:
    """A line holding a site's domain and nothing else, in small letters ("example.com"),
    as a reader view prints it under the headline."""
    return "." in line and _DOMAIN.fullmatch(line) is not None and line.islower()


def _is_byline(line: str) -> bool:
    """A short line of names: "A. Writer", "By Ann One and Bob Two"."""
    words = line.split()
    return 0 < len(words) <= 8 and not line.endswith((".", "!", "?", ":")) and all(
        w[:1].isupper() or w in ("and", "&", ",", "by", "de", "van", "von") for w in words
    )


_SITE_SEPARATORS = (" - ", " – ", " — ", " | ")


def _is_headline(line: str, suffix_only: bool = False) -> bool:
    """A line that cannot be a category label: it holds a dash or a bar between words, as a
    headline does before its site's name ("Caps Deposits - Block Ledger"), or (unless
    ``suffix_only``) has five words or more. Labels are short: "Markets", "De-fi", "others",
    "Press Release"."""
    if any(sep in line for sep in _SITE_SEPARATORS):
        return True
    return not suffix_only and len(line.split()) >= 5


_LONE_DASHES = ("-", "–", "—")


def _is_lone_dash(line: str) -> bool:
    return line in _LONE_DASHES
