"""OPML subscription lists (what every feed reader exports) as digest's ``[[sources]]``.

``digest opml FILE`` prints a ``[[sources]]`` table for each feed the list names (its
``xmlUrl``), with the outline's title as the name and the folder it sits in as the category
hint; ``--append`` adds them to the settings file. A feed already among the sources (the same
address as ``config.same_feed_url`` compares them) is left out, so running it again adds
nothing twice.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from digest.errors import DigestError


@dataclass(frozen=True)
class OpmlFeed:
    name: str
    url: str
    category: str | None = None


def read_opml(data: bytes, location: str) -> list[OpmlFeed]:
    """Every feed of an OPML document, in document order, each feed once (its first place;
    addresses compared as ``config.same_feed_url`` compares two sources)."""
    from digest.ingest.feeds import guard_xml

    data = guard_xml(data, location)  # no DTDs or entities (XML attacks), as for feeds
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise DigestError(location, f"not readable OPML ({exc})",
                          "export the subscription list from your feed reader again") from exc
    if root.tag.lower() != "opml":
        raise DigestError(location, f"not an OPML document (its root is <{root.tag}>)",
                          "give the .opml file your feed reader exports")
    body = next((child for child in root if child.tag.lower() == "body"), None)
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()

    # Outlines in document order, each with the folder it is in (a stack, not recursion: a
    # list nested thousands deep is read too)
    todo: list[tuple[ET.Element, str | None]] = (
        [(child, None) for child in reversed(body)] if body is not None else []
    )
    while todo:
        outline, folder = todo.pop()
        if not isinstance(outline.tag, str) or outline.tag.lower() != "outline":
            continue
        attrs = {k.lower(): v for k, v in outline.attrib.items()}
        title = " ".join((attrs.get("title") or attrs.get("text") or "").split())
        url = (attrs.get("xmlurl") or "").strip()
        if url:
            key = _feed_key(url)
            if url.lower().startswith(("http://", "https://")) and key not in seen:
                seen.add(key)  # one feed filed in two folders is listed twice
                feeds.append(OpmlFeed(title or url, url, folder))
        else:  # a folder: its title is the category hint of the feeds in it
            todo.extend((child, title or folder) for child in reversed(outline))
    return feeds


def sources_toml(feeds: list[OpmlFeed]) -> str:
    """``[[sources]]`` tables for ``feeds``, TOML basic strings escaped as JSON escapes them
    (the same escapes)."""
    tables = []
    for feed in feeds:
        lines = ["[[sources]]", f"name = {_string(feed.name)}", f"url = {_string(feed.url)}"]
        if feed.category:
            lines.append(f"category = {_string(feed.category)}")
        tables.append("\n".join(lines) + "\n")
    return "\n".join(tables)


def _string(value: str) -> str:
    # TOML forbids control characters (DEL too) even escaped as JSON leaves DEL: spaces
    printable = "".join(ch if ch.isprintable() else " " for ch in value)
    return json.dumps(printable, ensure_ascii=False)


def new_feeds(feeds: list[OpmlFeed], config_sources: list[str]) -> list[OpmlFeed]:
    """The feeds whose address is not among ``config_sources`` (urls), compared as
    ``config.same_feed_url`` compares two sources."""
    known = {_feed_key(url) for url in config_sources}
    fresh = []
    for feed in feeds:
        key = _feed_key(feed.url)
        if key not in known:
            known.add(key)
            fresh.append(feed)
    return fresh


def _feed_key(url: str) -> str:
    """A feed's address as ``config.same_feed_url`` compares two sources; as written when
    it cannot read it ("http://[x")."""
    from digest.config import same_feed_url

    try:
        return same_feed_url(url)
    except ValueError:
        return url


def read_opml_file(where: str, user_agent: str = "digest") -> list[OpmlFeed]:
    """The feeds of the OPML file at ``where``: a path, or an http(s) address (a blogroll or
    a shared list), fetched once."""
    if where.lower().startswith(("http://", "https://")):
        import httpx

        try:
            response = httpx.get(where, headers={"User-Agent": user_agent}, timeout=30,
                                 follow_redirects=True)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise DigestError(where, f"cannot fetch it ({exc})",
                              "check the address, or save the file and give its path") from exc
        return read_opml(response.content, where)
    try:
        data = Path(where).read_bytes()
    except OSError as exc:
        raise DigestError(where, f"cannot read it ({exc.strerror or exc})",
                          "check the path") from exc
    return read_opml(data, where)
