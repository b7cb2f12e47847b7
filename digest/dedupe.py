"""Dedupe: the same story from several sources becomes one Story.

Two articles are the same story when they share a canonical URL, or when their normalised
headlines are equal and they were published within ``HEADLINE_WINDOW`` of each other (so a
template headline reused on another day is not merged). Groups are formed with union-find;
the primary article is the earliest published (undated last), then the longest body, then the
smallest id, so the choice is deterministic.

Story ids never change: an article already attached to a story keeps it (the mapping lives in
the state), and a new story takes an id derived from its primary article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from digest.model import Article
from digest.util import slugify, stable_id

HEADLINE_WINDOW = timedelta(days=3)

TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "ref", "ref_src", "igshid",
     "yclid", "_hsenc", "_hsmi", "mkt_tok", "cmpid", "ncid", "sr_share"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_FAR_FUTURE = datetime.max.replace(tzinfo=UTC)


def canonical_url(url: str | None, extra_params: Iterable[str] = ()) -> str | None:
    """Normalise a URL so that the copies of one page compare equal.

    Lower-case scheme and host, no default port, no fragment, no tracking parameters
    (utm_* and the list above), no trailing slash except for the root.
    """
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return url
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    drop = TRACKING_PARAMS | {p.lower() for p in extra_params}
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in drop
    ]
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def headline_key(title: str) -> str:
    """Case, accents, punctuation and spacing removed."""
    text = unicodedata.normalize("NFKD", title).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


@dataclass(frozen=True)
class Cluster:
    """Articles found to report one story, primary first."""

    articles: tuple[Article, ...]

    @property
    def primary(self) -> Article:
        return self.articles[0]


def with_canonical(article: Article) -> Article:
    from dataclasses import replace

    return replace(article, canonical_url=article.canonical_url or canonical_url(article.url))


def _sort_key(article: Article) -> tuple[datetime, int, str]:
    return (article.published or _FAR_FUTURE, -len(article.text), article.id)


def cluster(articles: list[Article]) -> list[Cluster]:
    """Group duplicate articles. Deterministic for any input order."""
    ordered = sorted(articles, key=lambda a: a.id)
    parent = list(range(len(ordered)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    by_url: dict[str, int] = {}
    by_headline: dict[str, list[int]] = {}
    for index, article in enumerate(ordered):
        if article.canonical_url:
            if article.canonical_url in by_url:
                union(index, by_url[article.canonical_url])
            else:
                by_url[article.canonical_url] = index
        key = headline_key(article.title)
        if len(key.split()) >= 3:
            for other in by_headline.setdefault(key, []):
                if _close_in_time(article, ordered[other]):
                    union(index, other)
            by_headline[key].append(index)

    groups: dict[int, list[Article]] = {}
    for index, article in enumerate(ordered):
        groups.setdefault(find(index), []).append(article)
    clusters = [Cluster(tuple(sorted(group, key=_sort_key))) for group in groups.values()]
    return sorted(clusters, key=lambda c: c.primary.id)


def _close_in_time(a: Article, b: Article) -> bool:
    if a.published is None or b.published is None:
        return True
    return abs(a.published - b.published) <= HEADLINE_WINDOW


@dataclass(frozen=True)
class StoryIdentity:
    id: str
    slug: str
    first_seen: datetime


def assign_identity(
    group: Cluster,
    known: Mapping[str, StoryIdentity],
    now: datetime,
) -> StoryIdentity:
    """The story's id: the oldest story any of its articles already belongs to, else a new one.

    ``known`` maps article id -> the identity of the story it was attached to in earlier runs.
    """
    previous = [known[a.id] for a in group.articles if a.id in known]
    if previous:
        return min(previous, key=lambda s: (s.first_seen, s.id))
    primary = group.primary
    story_id = stable_id("story", primary.canonical_url or primary.id, length=12)
    slug = f"{slugify(primary.title, 60)}-{story_id[:6]}"
    return StoryIdentity(id=story_id, slug=slug, first_seen=now)
