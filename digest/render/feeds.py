"""Machine-readable outputs: JSON Feed 1.1, OPML, sitemap.xml, robots.txt (the JSON exports:
digest/render/exports.py).

RSS 2.0 and Atom 1.0 are Jinja templates (templates/rss.xml, templates/atom.xml) so a user can
override them like any page; these are plain functions that return the file's text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from digest.render.context import StoryView
from digest.util import iso

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def atom_id(story_id: str) -> str:
    """The Atom entry id of a story: a URN built from the story id, which never changes."""
    return f"urn:digest:story:{story_id}"


def json_feed(
    *,
    title: str,
    description: str,
    home_page_url: str,
    feed_url: str,
    language: str,
    stories: Sequence[StoryView],
    sources: Callable[[StoryView], str],
) -> str:
    """A JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/). ``sources``: the
    HTML after a story's text (its note and "Source: A, B"; the RSS and Atom feeds' partial,
    templates/_feed_sources.html)."""
    items = []
    for s in stories:
        item: dict[str, object] = {
            "id": s.id,
            "url": s.page_url,
            "title": s.title,
            "content_html": str(s.body_html) + sources(s),
            "summary": s.summary or s.title,
            "date_published": iso(s.published),
            **({"date_modified": iso(s.updated)} if s.updated else {}),
            "tags": [s.topic_name],
        }
        if s.url:
            item["external_url"] = s.url
        if s.image:
            item["image"] = s.image
        authors = [{"name": s.author}] if s.author else []
        authors.append({"name": s.source.name, **({"url": s.source.url} if s.source.url else {})})
        item["authors"] = authors
        item["_digest"] = {
            "topic": s.topic,
            "sources": [{"name": o.name, "url": o.url} for o in s.sources],
        }
        items.append(item)
    document = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": home_page_url,
        "feed_url": feed_url,
        "description": description,
        "language": language,
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True)
class OpmlSource:
    name: str
    feed: str | None  # the feed's URL (remote sources only)
    home: str | None


def opml(title: str, sources: Iterable[OpmlSource]) -> str:
    """OPML 2.0 list of every source; remote ones carry their feed URL."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<opml version="2.0">',
        f"<head><title>{escape(title)}: sources</title></head>",
        "<body>",
    ]
    for src in sources:
        attrs = f"text={quoteattr(src.name)} title={quoteattr(src.name)}"
        if src.feed:
            attrs += f' type="rss" xmlUrl={quoteattr(src.feed)}'
        if src.home:
            attrs += f" htmlUrl={quoteattr(src.home)}"
        lines.append(f"<outline {attrs}/>")
    lines += ["</body>", "</opml>", ""]
    return "\n".join(lines)


def sitemap(entries: Iterable[tuple[str, datetime | None]]) -> str:
    """sitemap.xml from (absolute URL, last modified) pairs, in the given order."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, modified in entries:
        lastmod = f"<lastmod>{iso(modified)}</lastmod>" if modified else ""
        lines.append(f"<url><loc>{escape(url)}</loc>{lastmod}</url>")
    lines += ["</urlset>", ""]
    return "\n".join(lines)


def robots(base_url: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {base_url}sitemap.xml\n"
