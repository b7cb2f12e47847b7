"""Caps on untrusted input, applied once to every raw article before the clean stage.

Pure: articles in, capped articles and one notice per source and cap out. A cap hit never stops
a build; it is reported as a line naming the source, the cap and the ``[limits]`` key to raise.
The byte caps on responses (and on gzip bombs) live in the fetch stage (``[fetch] max_bytes``);
the byte cap on a local input file (``[limits] max_file_bytes``, ``check_file_size``) is
checked before the file is read, so a 500 MB file dropped in content/ costs a stat, not
minutes of parsing and gigabytes of memory.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import replace
from urllib.parse import urlsplit

from digest.config import LimitsConfig
from digest.model import Article

# Elements whose end tag is optional in HTML: browsers close them implicitly, so a run of
# "<p>" without "</p>" is not nesting.
_IMPLIED_END = {
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "rp", "rt", "caption",
}
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>")
_ANY_TAG = re.compile(r"<[^>]*>")
# Characters no page or feed may hold: C0/C1 controls (but tab and newlines), lone surrogates
# (a JSON "\\ud800" escape) and the Unicode noncharacters.
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane * 0x10000 + end) for plane in range(17) for end in (0xFFFE, 0xFFFF))
    + "]"
)
_TEXT_FIELDS = ("title", "source_name", "url", "source_home", "source_category", "category_hint",
                "summary", "body_html", "author")
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"'<>`]+$", re.I)
# The same test in two fast parts: re checks a small class quickly, but the astral
# noncharacters above, one by one, make every position slow; they are looked for only in text
# that has an astral character at all.
_BAD_BMP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


# [limits] max_file_bytes: the largest local input file read (a feed, dump, Markdown file or
# saved page). A browser's single-file save of a page with its pictures runs to tens of MB;
# a larger file is no article. (The default; the configured value is passed in.)
MAX_FILE_BYTES = 50_000_000
_MB = 1_000_000


def check_file_size(location: str, size: int, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Raise DigestError for an input file of ``size`` bytes over ``max_bytes``: it is not
    read (the other inputs are)."""
    if size <= max_bytes:
        return
    from digest.errors import DigestError

    room = -(-size // (10 * _MB)) * 10 * _MB  # the next 10 MB that lets it in
    raise DigestError(
        location,
        f"{_size(size, exact=True)}, over the {_size(max_bytes)} cap on one input file "
        "(limits.max_file_bytes): not read",
        'save a smaller copy (a page as "HTML only", without its pictures; a dump or an '
        "article cut to its text), or raise the cap in digest.toml: [limits] "
        f"max_file_bytes = {room:_}",
    )


def _size(size: int, exact: bool = False) -> str:
    """ "54 MB", with ``exact`` "54 MB (53,968,694 bytes)"; under 1 MB, "8,403 bytes"."""
    if size < _MB:
        return f"{size:,} bytes"
    megabytes = f"{size / _MB:,.1f}".removesuffix(".0") + " MB"
    return f"{megabytes} ({size:,} bytes)" if exact else megabytes


def _is_web_url(value: str) -> bool:
    """An absolute http(s) URL that Python's URL functions can take apart: "http://[x/",
    an unclosed IPv6 bracket, or a port that is no number would make them raise later."""
    if not _WEB_URL.match(value):
        return False
    try:
        urlsplit(value).port  # noqa: B018 - parsed for the ValueError alone
    except ValueError:
        return False
    return True


def _has_bad(value: str) -> bool:
    return bool(_BAD_BMP.search(value) or (_ASTRAL.search(value) and _BAD_CHARS.search(value)))


def html_depth(fragment: str, stop_at: int | None = None) -> int:
    """The deepest element nesting in an HTML fragment (a linear scan; no parser)."""
    depth = deepest = 0
    for match in _TAG.finditer(fragment):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or name in _IMPLIED_END or self_closing:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_at is not None and deepest > stop_at:
                    return deepest
    return deepest


def flatten_html(fragment: str) -> str:
    """Markup dropped, text kept, one paragraph per blank-line block (escaped)."""
    fragment = re.sub(r"<[^>]*$", "", fragment)  # a tag cut in half by max_body_chars
    text = html.unescape(_ANY_TAG.sub("\n", fragment))
    blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    return "".join(f"<p>{html.escape(block)}</p>" for block in blocks if block)


def _cut(value: str | None, limit: int) -> tuple[str | None, bool]:
    if value is None or len(value) <= limit:
        return value, False
    return value[:limit], True


def strip_bad_characters(article: Article) -> Article:
    """The article without control characters, lone surrogates or noncharacters anywhere."""
    changes: dict[str, object] = {}
    for name in _TEXT_FIELDS:
        value = getattr(article, name)
        if value and _has_bad(value):
            changes[name] = _BAD_CHARS.sub("", value)
    for name in ("tags", "raw_lines", "site_names"):
        values = getattr(article, name)
        if any(_has_bad(v) for v in values):
            changes[name] = tuple(_BAD_CHARS.sub("", v) for v in values)
    return replace(article, **changes) if changes else article  # type: ignore[arg-type]


def apply_limits(
    articles: list[Article], limits: LimitsConfig
) -> tuple[list[Article], list[str]]:
    """Capped articles (in the same order) and the notices for every cap that was hit."""
    per_source: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    hits: dict[tuple[str, str], int] = {}
    kept: list[Article] = []

    def hit(location: str, what: str) -> None:
        hits[(location, what)] = hits.get((location, what), 0) + 1

    for article in articles:
        where = article.location
        per_source[where] += 1
        if per_source[where] > limits.max_items_per_feed:
            dropped[where] += 1
            continue
        article = strip_bad_characters(article)
        changes: dict[str, object] = {}
        short = limits.max_field_chars
        for name in ("title", "author", "source_name", "source_category", "category_hint"):
            value, cut = _cut(getattr(article, name), short)
            if cut:
                changes[name] = value
                hit(where, "field")
        for name in ("url", "canonical_url", "source_home"):  # a cut URL is a broken one
            value = getattr(article, name)
            if value is not None and len(value) > short:
                changes[name] = None
                hit(where, "field")
            elif value is not None and not _is_web_url(value):
                changes[name] = None  # javascript:, data:, vbscript:, relative junk, "http://[x"
                hit(where, "scheme")
        tags = tuple(t[:short] for t in article.tags[:50])
        if tags != article.tags:
            changes["tags"] = tags
            hit(where, "field")
        names = tuple(n[:short] for n in article.site_names[:50])
        if names != article.site_names:
            changes["site_names"] = names
        for name in ("summary", "body_html"):
            value = changes.get(name, getattr(article, name))
            assert isinstance(value, str)
            if len(value) > limits.max_body_chars:
                value = value[: limits.max_body_chars]
                changes[name] = value
                hit(where, "body")
            if html_depth(value, stop_at=limits.max_html_depth) > limits.max_html_depth:
                changes[name] = flatten_html(value)
                hit(where, "depth")
        lines = article.raw_lines
        if sum(len(line) for line in lines) > limits.max_body_chars:
            total, cut_lines = 0, []
            for line in lines:
                total += len(line)
                if total > limits.max_body_chars:
                    break
                cut_lines.append(line[:short * 50])
            changes["raw_lines"] = tuple(cut_lines)
            hit(where, "body")
        kept.append(replace(article, **changes) if changes else article)  # type: ignore[arg-type]

    notices = []
    for where in sorted(dropped):
        total = per_source[where]
        notices.append(
            f"{where}: {total} items, over the {limits.max_items_per_feed}-item cap "
            f"(limits.max_items_per_feed); kept the first {limits.max_items_per_feed}"
        )
    messages = {
        "field": f"a title, author, category, tag or URL over {limits.max_field_chars} "
        "characters was cut (limits.max_field_chars)",
        "body": f"a body or summary over {limits.max_body_chars} characters was cut "
        "(limits.max_body_chars)",
        "scheme": "a link that is not an absolute http(s) URL (javascript:, data:, a "
        "malformed host or port ...) was dropped",
        "depth": f"HTML nested deeper than {limits.max_html_depth} elements was flattened to "
        "plain paragraphs (limits.max_html_depth)",
    }
    for (where, what), count in sorted(hits.items()):
        notices.append(f"{where}: {count} item(s): {messages[what]}")
    return kept, notices
