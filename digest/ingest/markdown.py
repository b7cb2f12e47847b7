"""Hand-written Markdown articles with front matter (the keys Hugo and Pelican use): YAML
between ``---`` lines, or, as Hugo also reads them, TOML between ``+++`` lines or a JSON
object at the top of the file. Obsidian's wikilinks, callouts and %%comments%%, footnotes
and the property lines a Notion export puts under the page's heading are read too."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from digest.config import SourceConfig
from digest.errors import DigestError
from digest.ingest.frontmatter import simple_yaml
from digest.model import Article
from digest.util import read_file, stable_id, to_utc

KNOWN_KEYS = {
    "title", "date", "category", "categories", "tags", "source", "url", "summary",
    "description", "author", "authors", "draft", "updated", "lastmod", "slug",
    "canonical_url", "canonicalurl", "canonical",
}

# libyaml's loader when PyYAML was built with it: the same values as SafeLoader (a test
# compares them), several times faster; the pure-Python loader otherwise.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


# Hugo shortcodes, {{< youtube id >}} or {{% notice %}}...{{% /notice %}}: this site has no
# code behind them, so the tags go (a paired one's inner text stays) instead of printing.
_SHORTCODE = re.compile(
    r"\{\{<\s*/?\s*[A-Za-z][\w./-]*(?:\s[^{}]*?)?\s*>\}\}"
    r"|\{\{%\s*/?\s*[A-Za-z][\w./-]*(?:\s[^{}]*?)?\s*%\}\}"
)


def render_markdown(text: str) -> str:
    if "{{" in text:
        text = _SHORTCODE.sub("", text)
    if "[[" in text or "%%" in text or "[!" in text or "[^" in text:
        text = _outside_code(text, _note_app_syntax)
    return _md.render(text)


# Fenced code blocks, whose text is shown as written.
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}\1[ \t]*$|\Z)", re.M | re.S)


def _outside_code(text: str, change: Any) -> str:
    """``change`` applied to the text between fenced code blocks."""
    parts, last = [], 0
    for fence in _FENCE.finditer(text):
        parts += [change(text[last : fence.start()]), fence.group(0)]
        last = fence.end()
    parts.append(change(text[last:]))
    return "".join(parts)


# Obsidian's (and other note apps') syntax that CommonMark would print as written:
_NOTE_COMMENT = re.compile(r"%%.*?%%", re.S)  # %%a comment%%, on one line or several
_EMBED = re.compile(r"!\[\[[^\[\]\n]+\]\]")  # ![[picture.png]]: a file that is not here
_WIKILINK = re.compile(r"\[\[([^\[\]|#\n]*)(?:#[^\[\]|\n]*)?(?:\|([^\[\]\n]+))?\]\]")
_CALLOUT = re.compile(r"^([ \t]*(?:>[ \t]*)+)\[![\w-]+\][+-]?[ \t]*(.*)$", re.M)
_FOOTNOTE_DEF = re.compile(r"^[ ]{0,3}\[\^([^\]\s]+)\]:[ \t]*", re.M)
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")


def _note_app_syntax(text: str) -> str:
    """Obsidian and Notion exports as readers should see them: %%comments%% left out,
    ``[[Page|shown text]]`` as its shown text (or the page's name), ``![[embed]]`` left out,
    a ``> [!note] Title`` callout as a quote under its title in bold, and footnotes
    (``[^1]`` and ``[^1]: text``, which CommonMark does not know) as a plain "[1]"."""
    text = _NOTE_COMMENT.sub("", text)
    text = _EMBED.sub("", text)
    text = _WIKILINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), text)
    text = _CALLOUT.sub(lambda m: m.group(1) + (f"**{m.group(2).strip()}**" if m.group(2).strip()
                                                else ""), text)
    text = _FOOTNOTE_DEF.sub(lambda m: f"\\[{m.group(1)}\\] ", text)
    return _FOOTNOTE_REF.sub(lambda m: f"\\[{m.group(1)}\\]", text)


def split_front_matter(text: str, location: str) -> tuple[dict[str, Any], str]:
    text = text.lstrip("\ufeff")
    if text.startswith("+++"):
        return _toml_front_matter(text, location)
    if text.startswith("{"):
        return _json_front_matter(text, location)
    if not text.startswith("---"):
        return _metadata_lines(text) or ({}, text)
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            header = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            break
    else:
        raise DigestError(
            location, "front matter opened with --- is never closed", "add a --- line after it"
        )
    meta = simple_yaml(header)  # the usual key: value lines, the same values, faster
    try:
        if meta is None:
            meta = yaml.load(header, Loader=_YAML_LOADER) or {}  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        raise DigestError(location, *_yaml_problem(exc, header)) from exc
    if not isinstance(meta, dict):
        raise DigestError(location, "front matter is not a set of key: value lines", "")
    return meta, body


def _yaml_problem(exc: yaml.YAMLError, header: str) -> tuple[str, str]:
    """(what is wrong, what to do) for front matter PyYAML could not read, with the line as
    the file numbers it (the opening --- is line 1) and a fix for the usual slips."""
    problem = str(getattr(exc, "problem", None) or "it is not YAML")
    mark = getattr(exc, "problem_mark", None)
    if "end of stream" in problem:  # an unclosed quote or bracket: where it was opened
        mark = getattr(exc, "context_mark", None) or mark
    if mark is None:
        return "invalid YAML front matter: " + problem, "fix the key: value lines"
    lines = header.splitlines()
    text = lines[mark.line] if mark.line < len(lines) else ""
    what = f"invalid YAML front matter at line {mark.line + 2}, column {mark.column + 1}: {problem}"
    key, colon, value = text.strip().partition(": ")
    quoted = '"' + value.strip().replace("\\", "\\\\").replace('"', '\\"') + '"'
    if len(quoted) > 80:
        quoted = '"..."'
    if "tab character" in problem:
        fix = "indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem and text[:1] in (" ", "\t"):
        fix = f"remove the spaces before {text.strip()!r}: keys start at the line's start"
    elif colon and ("mapping values are not allowed" in problem or "cannot start" in problem):
        fix = f"put the value in double quotes: {key}: {quoted}"
    elif "end of stream" in problem:
        fix = f"close the quote or bracket opened on line {mark.line + 2}"
    else:
        fix = 'fix the key: value lines (a value with ": " in it, or that starts with @, `, ' \
              '% or a quote it does not end with, goes in double quotes)'
    return what, fix


_META_LINE = re.compile(r"(?P<key>[A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*(?P<value>.*)")


def _metadata_lines(text: str) -> tuple[dict[str, Any], str] | None:
    """Pelican's (and MultiMarkdown's) metadata: "Key: value" lines at the top of the file,
    with no --- around them, ended by a blank line; a line indented under one continues
    its value. Read only when the lines name a title, so a text that opens with a
    "Note: ..." paragraph stays text. (meta, body) or None."""
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    meta: dict[str, Any] = {}
    key = None
    for line in lines[:end]:
        found = _META_LINE.fullmatch(line.rstrip())
        if found is not None and not line[:1].isspace():
            key = found.group("key").lower()
            meta[key] = found.group("value").strip()
        elif key is not None and line[:1].isspace():
            meta[key] = f"{meta[key]} {line.strip()}".strip()
        else:
            return None
    if not isinstance(meta.get("title"), str) or not meta["title"]:
        return None
    return meta, "\n".join(lines[end + 1 :])


def _toml_front_matter(text: str, location: str) -> tuple[dict[str, Any], str]:
    import tomllib

    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].strip() == "+++":
            header, body = "".join(lines[1:index]), "".join(lines[index + 1 :])
            break
    else:
        raise DigestError(
            location, "front matter opened with +++ is never closed", "add a +++ line after it"
        )
    try:
        return tomllib.loads(header), body
    except tomllib.TOMLDecodeError as exc:
        raise DigestError(
            location,
            f"invalid TOML front matter ({exc}, counting from the line after +++)",
            "fix the key = value lines",
        ) from exc


def _json_front_matter(text: str, location: str) -> tuple[dict[str, Any], str]:
    import json

    try:
        meta, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise DigestError(
            location,
            f"invalid JSON front matter ({exc.msg} at line {exc.lineno})",
            "fix the JSON object at the top, or start the front matter with a --- line",
        ) from exc
    if not isinstance(meta, dict):
        raise DigestError(location, "front matter is not a JSON object", "")
    return meta, text[end:]


def _date(value: object) -> datetime | None:
    """ISO 8601 (a YAML or TOML date too), or a date with its month named ("November 25,
    2026", "25 Nov 2026 10:00"): never an all-number one whose day and month could swap."""
    found = to_utc(value)
    if found is None and isinstance(value, str):
        from digest.ingest.dates import loose_date

        found = loose_date(value)
    return found


# Jekyll's post names, "2026-11-28-rollup-fees.md" (a bundle's folder too, as Hugo's
# ":filename" dates read them): the date a file without a date key was written for
_NAME_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[-_ .]|$)")


def _name_date(path: Path) -> datetime | None:
    name = path.name
    if path.stem.lower() in ("index", "_index"):
        name = path.parent.name
    match = _NAME_DATE.match(name)
    if match is None:
        return None
    try:
        return to_utc(date(*map(int, match.groups())))
    except ValueError:  # "2026-13-45-...": not a date, and no date is made up
        return None


_ATX_H1 = re.compile(r" {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_SETEXT_H1 = re.compile(r" {0,3}=+[ \t]*")


def _leading_heading(body: str) -> tuple[str, str] | None:
    """(the text of a level-1 heading the body starts with, the body after it), or None.
    The heading's inline Markdown (emphasis, links, code) is read as the text it shows."""
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None
    atx = _ATX_H1.fullmatch(lines[first])
    if atx is not None:
        heading, rest = atx.group(1), lines[first + 1 :]
    elif (
        first + 1 < len(lines)
        and _SETEXT_H1.fullmatch(lines[first + 1])
        and not lines[first].startswith(("    ", "\t"))  # an indented line is code
    ):
        heading, rest = lines[first], lines[first + 2 :]
    else:
        return None
    text = _inline_text(heading)
    return (text, "\n".join(rest)) if text else None


_PROPERTY_LINE = re.compile(r"(?P<key>[A-Za-z][A-Za-z ]{0,30}?)[ \t]*:[ \t]+(?P<value>\S.*)")
# Notion's page properties, as its Markdown export writes them under the page's title.
_PROPERTY_KEYS = {
    "created": "date", "date": "date", "date created": "date", "created time": "date",
    "published": "date", "publish date": "date", "published on": "date",
    "last edited time": "updated", "updated": "updated", "tags": "tags", "category": "category",
    "author": "author", "created by": "author", "url": "url", "source": "source",
    "status": "status", "summary": "summary",
}


def _notion_properties(body: str) -> tuple[dict[str, Any], str] | None:
    """(front matter, the rest) for the "Key: value" lines a Notion export puts under the
    page's heading ("Created: December 3, 2026 9:05 AM", "Tags: DeFi, Stablecoins"), ended
    by a blank line; None unless every line of that first block is one and two or more
    name properties Notion has (so a "Note: ..." paragraph stays text)."""
    lines = body.lstrip("\n").split("\n")
    end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    meta: dict[str, Any] = {}
    for line in lines[:end]:
        found = _PROPERTY_LINE.fullmatch(line.strip())
        key = _PROPERTY_KEYS.get(found.group("key").strip().lower()) if found else None
        if found is None or key is None:
            return None
        meta.setdefault(key, found.group("value").strip())
    if end < 2 or len(meta) < 2:
        return None
    return meta, "\n".join(lines[end + 1 :])


def _inline_text(markdown: str) -> str:
    """What a line of inline Markdown shows, as plain text."""
    parts: list[str] = []
    for token in _md.parseInline(markdown.strip()):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    return " ".join("".join(parts).split())


# Where Hugo looks for a page's date, in its order ("published" too, unless it is
# Jekyll's published: false)
_DATE_KEYS = ("date", "publishdate", "pubdate", "published")


def _is_web_address(value: str) -> bool:
    return value.strip().lower().startswith(("http://", "https://"))


def _lower_keys(meta: dict[str, Any]) -> dict[str, Any]:
    """Keys in lower case, as Hugo reads them ("Title:", "Date:" are Pelican's spelling);
    a key written in lower case wins over the same key capitalised."""
    lowered: dict[str, Any] = {}
    for key, value in meta.items():
        name = str(key).lower()
        if name not in lowered or str(key) == name:
            lowered[name] = value
    return lowered


def _is_draft(meta: dict[str, Any]) -> bool:
    """Not to be published: Hugo's ``draft: true``, Jekyll's ``published: false``,
    Pelican's ``Status: draft`` (a ``draft: "true"`` string too)."""
    draft = meta.get("draft")
    return (
        draft is True
        or (isinstance(draft, str) and draft.strip().lower() in ("true", "yes"))
        or meta.get("published") is False
        or str(meta.get("status", "")).strip().lower() == "draft"
    )


def _scalar_text(value: object, key: str, text: str) -> str:
    """A front matter value as the text it was written as: ``title: 2026`` is "2026", not
    "no title" because YAML made it a number (nor "True" for ``title: Yes``)."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, (list, dict)):
        return ""
    written = re.search(rf"(?im)^{key}[ \t]*[:=][ \t]*(.+?)[ \t]*$", text)
    raw = written.group(1) if written else str(value)
    return raw.strip().strip("\"'").strip()


def _listed(value: object) -> list[str]:
    """Tags or categories: a list, or one string of them separated by commas ("a, b")."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


def _names(value: object) -> str:
    """An author field as names: a string, a {name: ...} object (as Jekyll themes write
    them), or a list of either; never the Python repr of a list or a dict."""
    people = value if isinstance(value, list) else [value]
    names = []
    for person in people:
        if isinstance(person, dict):
            person = person.get("name")
        if isinstance(person, (str, int, float)) and not isinstance(person, bool):
            name = " ".join(str(person).split())
            if name:
                names.append(name)
    return ", ".join(dict.fromkeys(names))


def parse_markdown_file(path: Path, source: SourceConfig | None = None) -> Article | None:
    """Read one article; None for a draft."""
    location = str(path)
    try:
        text = read_file(path).decode("utf-8")
        if "\r" in text:  # as text mode reads it: \r\n and \r are newlines
            text = text.replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise DigestError(location, "not UTF-8 text", "save the file as UTF-8") from exc
    meta, body = split_front_matter(text, location)
    meta = _lower_keys(meta)
    if _is_draft(meta):
        return None
    title = _scalar_text(meta.get("title"), "title", text)
    if not title.strip():
        # A Markdown file that opens with its headline ("# Title", or "Title" over "===")
        # instead of naming it in front matter, as many editors and note apps write them:
        # that heading is the title, and is not repeated at the top of the body.
        found = _leading_heading(body)
        if found is None:
            raise DigestError(
                location, "no title: none in the front matter, and the text does not start "
                "with a # heading", "add title: Your headline to the front matter (between "
                "--- lines at the top), or start the text with a # Your headline line",
            )
        title, body = found
        properties = _notion_properties(body)
        if properties is not None:
            found_meta, body = properties
            meta = {**found_meta, **meta}
            if _is_draft(meta):  # "Status: Draft"
                return None
    date_value = next((meta[k] for k in _DATE_KEYS
                       if meta.get(k) is not None and not isinstance(meta[k], bool)), None)
    published = _date(date_value) if date_value is not None else _name_date(path)
    if date_value is not None and published is None:
        raise DigestError(
            location,
            f"date {date_value!r} is not a date",
            "write it like 2026-11-23T09:30:00Z or 2026-11-23 09:30",
        )
    category = next(iter(_listed(meta.get("category") or meta.get("categories"))), None)
    tags = _listed(meta.get("tags"))
    author = _names(meta.get("author")) or _names(meta.get("authors"))
    summary = meta.get("summary") or meta.get("description") or ""
    source_name = str(meta.get("source") or (source.name if source else "") or "Editor")
    url = meta.get("url")
    # A post first published elsewhere names its original (Jekyll SEO's and Ghost's
    # canonical_url, Hugo themes' canonicalURL): its address, when the file gives no url,
    # and what duplicates of it are matched by. The id stays made from url or the name.
    canonical = next((str(meta[k]).strip() for k in ("canonical_url", "canonicalurl",
                                                     "canonical")
                      if isinstance(meta.get(k), str) and _is_web_address(meta[k])), None)
    return Article(
        id=stable_id("markdown", str(url or path.name)),
        origin="markdown",
        location=location,
        title=title.strip(),
        source_name=source_name,
        url=str(url) if url else canonical,
        canonical_url=canonical,
        source_category=str(category) if category else None,
        category_hint=source.category if source else None,
        summary=str(summary),
        body_html=render_markdown(body),
        author=str(author) if author else None,
        published=published,
        updated=_date(meta.get("updated") or meta.get("lastmod") or meta.get("modified")),
        tags=tuple(str(t) for t in tags if t),
        site_names=(source_name,),
    )
