"""Clean: one place where every article, whatever its origin, is made presentable and safe.

* titles: markup and entities removed, the site-name suffix stripped when it really is a
  site's name (learned from the related-post headlines of the dump and the source's name);
* scraped dumps: the related-posts widget and other page furniture dropped, headings,
  paragraphs and the editorial note told apart;
* feed and Markdown HTML: sanitised with nh3 (the only place untrusted HTML is handled);
  every template downstream can trust ``body_html``;
* summaries: plain text, bounded, cut at a word boundary.

Every function here is pure.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import nh3

from digest.model import Article
from digest.util import squash

SUMMARY_LIMIT = 280

# Separators a site name may follow in a headline, most specific first.
_SUFFIX_SEPARATORS = (" – ", " — ", " | ", " - ", " :: ", " · ", ": ")

_AGE = r"\d+\s*(?:second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago"
# "Technology1 week agoAnother Headline" and "Business1 week ago" (headline on the next line)
# The category is glued to the age (no space before the digit), which real prose never does.
_WIDGET_LINE = re.compile(
    rf"^(?P<cat>[A-Za-z][A-Za-z&/.-]{{0,24}}(?: [A-Za-z&/.-]+){{0,2}}?)(?<=[A-Za-z])"
    rf"(?P<age>{_AGE})(?P<rest>.*)$"
)
_LONE_DASH = {"-", "–", "—", "•", "·"}

_NOTE_PREFIX = re.compile(
    r"^(disclaimer|editor['’]s note|editorial note|note from the editor|update(d)?|correction)"
    r"\s*[:.–-]",
    re.IGNORECASE,
)

# Page furniture that a rule can name. Each entry: (rule name, pattern matched on the whole line).
_FURNITURE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("share-widget", r"^(share( this( article| story| post)?)?|tweet|share on \w+)[:.!]?$"),
        (
            "subscribe",
            r"^(subscribe|sign up)( (now|today|to our newsletter|for (our|the) .{0,40}))?[.!]?$",
        ),
        ("newsletter", r"^.{0,60}\bnewsletter\b.{0,40}(sign up|subscribe|inbox).{0,40}$"),
        ("advertisement", r"^(advertisement|sponsored|ad|promoted)$"),
        (
            "read-more",
            # only the bare teaser or "Read more: <headline>"; "Related to this, ..." is prose
            r"^(read more|also read|related( posts| stories| articles)?|see also|more news"
            r"|recommended( for you)?)\s*(:.{0,120})?$",
        ),
        (
            "cookie-banner",
            r"^.{0,80}\b(we use cookies|accept (all )?cookies|cookie (policy|settings))\b.{0,80}$",
        ),
        ("follow-us", r"^follow us on .{0,60}$"),
        ("relative-age", rf"^{_AGE}$"),
    )
)

_TAILS = (
    re.compile(r"\s*The post .{1,300}? appeared first on .{1,120}?\.?\s*$", re.IGNORECASE | re.S),
    re.compile(r"\s*(Continue reading|Read more|Read the full (story|article))\b.{0,120}$", re.I),
    re.compile(r"\s*(\[(…|\.\.\.|&#8230;)\]|\[\s*\.\.\.\s*\])\s*$"),
)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
_URL_ATTRIBUTES = {("a", "href"), ("img", "src")}
_BLOCK_TAGS = {"p", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt",
               "figcaption", "caption", "td", "th", "div", "tr"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class DumpParts:
    """What the cleaner found in the body lines of a scraped dump."""

    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "h", text)
    note: str | None = None
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (line, rule)
    site_names: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ titles


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment (or of plain text with entities), whitespace squashed."""
    if "<" in fragment:
        parser = _TextParser()
        parser.feed(fragment)
        parser.close()
        fragment = parser.text()
    return squash(html.unescape(fragment))


def split_suffix(title: str) -> tuple[str, str] | None:
    """Split "Headline – Site" at the last separator: (headline, suffix) or None."""
    best: tuple[int, str] | None = None
    for sep in _SUFFIX_SEPARATORS:
        index = title.rfind(sep)
        if index > 0 and (best is None or index > best[0]):
            best = (index, sep)
    if best is None:
        return None
    index, sep = best
    head, tail = title[:index].strip(), title[index + len(sep) :].strip()
    if not head or not tail:
        return None
    return head, tail


def _name_key(name: str) -> str:
    return re.sub(r"[^\w]+", "", name.casefold())


def strip_site_suffix(title: str, site_names: tuple[str, ...] | list[str]) -> str:
    """Remove a trailing " – Site Name" only when it is one of the known site names."""
    keys = {_name_key(n) for n in site_names if n and _name_key(n)}
    while keys:
        parts = split_suffix(title)
        if parts is None or _name_key(parts[1]) not in keys:
            break
        title = parts[0]
    return title


def clean_title(title: str, site_names: tuple[str, ...] | list[str] = ()) -> str:
    return strip_site_suffix(plain_text(title), site_names)


# ------------------------------------------------------------------ scraped dumps


def widget_headline(line: str) -> str | None:
    """The headline inside a related-posts line, '' for an age-only line, None if not one."""
    match = _WIDGET_LINE.match(line)
    if not match:
        return None
    return match.group("rest").strip()


def learn_site_names(lines: list[str] | tuple[str, ...], headline: str) -> list[str]:
    """Site names the dump itself reveals: suffixes repeated by the related-post headlines."""
    suffixes: Counter[str] = Counter()
    for line in lines:
        candidate = widget_headline(line)
        text = candidate if candidate else line
        parts = split_suffix(text)
        if parts:
            suffixes[parts[1]] += 1
    own = split_suffix(headline)
    names = [name for name, count in suffixes.items() if count >= 2]
    if own and suffixes.get(own[1]):
        names.append(own[1])
    return sorted(set(names))


def furniture_rule(line: str) -> str | None:
    """The name of the rule that says this line is page furniture, or None."""
    if line in _LONE_DASH:
        return "lone-dash"
    if widget_headline(line) is not None:
        return "related-posts"
    for name, pattern in _FURNITURE_RULES:
        if pattern.match(line):
            return name
    return None


def is_heading(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 10
        and len(line) <= 90
        and line[0].isalnum()
        and line[0].upper() == line[0]
        and line[-1] not in ".!?;:,\"'”’)…"
    )


def parse_dump_body(lines: tuple[str, ...] | list[str], headline: str = "") -> DumpParts:
    """Split the body lines of a dump into blocks, an editorial note and dropped furniture."""
    parts = DumpParts(site_names=learn_site_names(lines, headline))
    in_widget = False
    for raw in lines:
        line = squash(raw)
        if not line:
            continue
        if in_widget:
            parts.dropped.append((line, "related-posts"))
            continue
        if line in _LONE_DASH:
            # Everything from the first lone dash on is the related-posts widget.
            in_widget = True
            parts.dropped.append((line, "lone-dash"))
            continue
        rule = furniture_rule(line)
        if rule:
            parts.dropped.append((line, rule))
            continue
        if _NOTE_PREFIX.match(line):
            parts.note = f"{parts.note} {line}" if parts.note else line
            continue
        parts.blocks.append(("h" if is_heading(line) else "p", line))
    return parts


def _blocks_html(blocks: list[tuple[str, str]]) -> str:
    out = []
    for kind, text in blocks:
        tag = "h2" if kind == "h" else "p"
        out.append(f"<{tag}>{html.escape(text, quote=False)}</{tag}>")
    return "\n".join(out)


# ------------------------------------------------------------------ HTML


def sanitize_html(fragment: str, base_url: str | None = None) -> str:
    """Untrusted HTML in, safe HTML out: the allowlist above, http(s)/mailto links only."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) in _URL_ATTRIBUTES:
            value = value.strip()
            if base_url:
                value = urljoin(base_url, value)
            scheme = urlsplit(value).scheme.lower()
            if scheme not in ("http", "https", "mailto", ""):
                return None
            if tag == "img" and scheme == "":
                return None
        if tag == "img" and attribute in ("width", "height") and value.strip() in ("0", "1"):
            return None
        return value

    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow ugc",
        strip_comments=True,
        attribute_filter=keep,
    ).strip()


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS or tag == "br":
            self.parts.append(" ")

    def text(self) -> str:
        return "".join(self.parts)


class _BlockParser(HTMLParser):
    """Collect the text of block elements, in order, as ("p" | "h", text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.buffer: list[str] = []
        self.kind = "p"

    def _flush(self) -> None:
        text = squash("".join(self.buffer))
        if text:
            self.blocks.append((self.kind, text))
        self.buffer = []
        self.kind = "p"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS or tag in ("ul", "ol", "table", "br", "hr"):
            self._flush()
            if tag in _HEADING_TAGS:
                self.kind = "h"

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS or tag in ("ul", "ol", "table"):
            self._flush()

    def handle_data(self, data: str) -> None:
        self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(fragment: str) -> list[tuple[str, str]]:
    parser = _BlockParser()
    parser.feed(fragment)
    parser.close()
    return parser.blocks


# ------------------------------------------------------------------ summaries


def make_summary(text: str, fallback: str = "", limit: int = SUMMARY_LIMIT) -> str:
    """A plain-text excerpt: no markup, no "appeared first on" tail, cut at a word boundary."""
    summary = plain_text(text) if text else ""
    for tail in _TAILS:
        summary = tail.sub("", summary).strip()
    if not summary:
        summary = plain_text(fallback) if fallback else ""
    if len(summary) <= limit:
        return summary
    cut = summary[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return cut + "…"


# ------------------------------------------------------------------ the stage


def clean_article(article: Article) -> Article:
    """Return a cleaned copy of ``article``."""
    if article.origin == "scraped":
        return _clean_dump(article)
    return _clean_html_article(article)


def _clean_dump(article: Article) -> Article:
    parts = parse_dump_body(article.raw_lines, article.title)
    names = tuple(dict.fromkeys([*article.site_names, *parts.site_names]))
    title = clean_title(article.title, names)
    source_name = article.source_name or (parts.site_names[0] if parts.site_names else "")
    if not source_name:
        own = split_suffix(plain_text(article.title))
        source_name = own[1] if own else "Unknown source"
    paragraphs = tuple(text for kind, text in parts.blocks if kind == "p")
    headings = tuple(text for kind, text in parts.blocks if kind == "h")
    standfirst = squash(article.summary)
    return replace(
        article,
        title=title,
        source_name=source_name,
        site_names=names,
        summary=make_summary(standfirst, "\n".join(paragraphs[:1])),
        body_html=_blocks_html(parts.blocks),
        paragraphs=paragraphs,
        headings=headings,
        note=parts.note,
        source_category=squash(article.source_category or "") or None,
    )


def _clean_html_article(article: Article) -> Article:
    body = sanitize_html(article.body_html, article.url) if article.body_html else ""
    blocks = html_blocks(body)
    paragraphs = tuple(text for kind, text in blocks if kind == "p")
    headings = tuple(text for kind, text in blocks if kind == "h")
    names = tuple(n for n in article.site_names if n)
    return replace(
        article,
        title=clean_title(article.title, names) or (paragraphs[0][:80] if paragraphs else ""),
        summary=make_summary(article.summary, "\n".join(paragraphs[:2])),
        body_html=body,
        paragraphs=paragraphs,
        headings=headings,
        author=squash(article.author) if article.author else None,
        source_category=squash(article.source_category or "") or None,
    )


def clean_all(articles: list[Article]) -> list[Article]:
    return [clean_article(a) for a in articles]
