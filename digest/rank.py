"""Editorial ranking: how widely a story is covered, and how fresh it is. Pure, no I/O.

The score of a story (see docs/ranking.md)::

    score = sum(weight(p) for p in independent publishers) * 0.5 ** (age_hours / half_life_hours)

- A *publisher* is the registrable domain of the article's URL (``news.example.co.uk`` and
  ``www.example.co.uk`` are both ``example.co.uk``), else of its source's home page, else the
  normalised source name. Two feeds of one site therefore count once. An aggregator's item
  (a URL on ``AGGREGATOR_HOSTS``, Google News's) counts as the publisher its feed credits.
- ``weight(p)`` is ``[ranking] source_weights`` looked up by source name (case-insensitive) or
  by publisher domain; ``default_weight`` (1) otherwise. A publisher with several feeds takes
  the highest weight among them.
- ``age_hours`` runs from the story's first report (the earlier of its first-seen time and its
  earliest article's date) to the build's ``now``; a story dated in the future is age 0.

Everything depends only on the stories (content + state) and ``now``, so two builds at the
same ``now`` rank identically. Changing ``now`` multiplies every score by the same factor, so
the order of stories (all dated before ``now``) does not change: only the printed scores do.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from functools import lru_cache
from typing import Protocol, TypeVar

from tld import get_fld

from digest.brief import make_brief
from digest.config import RankingConfig
from digest.model import Article, Story
from digest.util import url_host

SCORE_DIGITS = 4  # stories.json rounds the score to this many decimals


@dataclass(frozen=True)
class Publisher:
    key: str  # registrable domain, or "name:<normalised source name>"
    name: str  # the display name: the source name of its earliest article
    weight: float
    first_reported: datetime | None  # its earliest article's date


@lru_cache(maxsize=65536)  # a build asks for each source's name once per article
def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def registrable_domain(url: str | None) -> str | None:
    """``https://www.news.example.co.uk/x`` -> ``example.co.uk``; None when there is no host.

    Uses the Public Suffix List bundled with ``tld`` (no network); for hosts under a suffix it
    does not know (``.example``, ``.test``) the last two labels; IP addresses and single-label
    hosts (``localhost``) stand for themselves.
    """
    if not url:
        return None
    host = url_host(url)
    if not host:
        return None
    return _host_domain(host)


@lru_cache(maxsize=65536)
def _host_domain(host: str) -> str:
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) == 1:
        return host
    found = get_fld(f"http://{host}/", fail_silently=True, search_private=False)
    if isinstance(found, str) and found:
        return found
    return ".".join(labels[-2:])


# News aggregators whose items link to the aggregator's own page of a publisher's story
# (Google News's redirects, CryptoPanic's pages, Flipboard's): such an item's publisher is
# the one its feed credits (its <source>, digest/ingest/feeds.py: the article's source_home),
# not the aggregator, or every story found through one would count one publisher.
AGGREGATOR_HOSTS = frozenset({
    "news.google.com", "cryptopanic.com", "www.cryptopanic.com", "flipboard.com",
    "www.flipboard.com", "www.newsnow.co.uk", "newsnow.co.uk", "feedly.com", "www.inoreader.com",
    "inoreader.com",
})


def publisher_key(article: Article) -> str:
    urls: tuple[str | None, ...] = (article.url, article.canonical_url, article.source_home)
    if article.source_home and article.url and url_host(article.url) in AGGREGATOR_HOSTS:
        urls = (article.source_home, article.canonical_url)
    for url in urls:
        domain = registrable_domain(url)
        if domain:
            return domain
    return "name:" + normalise_name(article.source_name)


@lru_cache(maxsize=16)  # asked for every article of every story
def weight_table(config: RankingConfig) -> dict[str, float]:
    """``source_weights`` keyed by normalised source name and by lower-case domain (not to
    be changed: it is shared)."""
    table: dict[str, float] = {}
    for name, weight in config.source_weights:
        table[name.strip().casefold()] = weight
        table.setdefault(normalise_name(name), weight)
    return table


def source_weight(article: Article, key: str, config: RankingConfig) -> float:
    table = weight_table(config)
    for candidate in (normalise_name(article.source_name), key):
        if candidate in table:
            return table[candidate]
    return config.default_weight


def publishers(story: Story, config: RankingConfig) -> tuple[Publisher, ...]:
    """The story's independent publishers, in the order they reported it."""
    if not story.others:  # most stories: one article, one publisher
        article = story.primary
        key = publisher_key(article)
        return (Publisher(key, article.source_name, source_weight(article, key, config),
                          article.published),)
    keys = [publisher_key(article) for article in story.articles]
    # An article known by its outlet's name only (a dump with no address) is that outlet's
    # when another article of the story names the same outlet with its site: one publisher
    # ("Hashrate Herald" copied as text, and its Google News item with its home), not two
    if any(key.startswith("name:") for key in keys):
        sited = {normalise_name(a.source_name): key
                 for a, key in zip(story.articles, keys, strict=True)
                 if not key.startswith("name:")}
        keys = [sited.get(key[5:], key) if key.startswith("name:") else key for key in keys]
    grouped: dict[str, list[Article]] = {}
    for article, key in zip(story.articles, keys, strict=True):
        grouped.setdefault(key, []).append(article)
    found = []
    for key, articles in grouped.items():
        dated = sorted(articles, key=_reported_key)
        found.append(
            Publisher(
                key=key,
                name=dated[0].source_name,
                weight=max(source_weight(a, key, config) for a in articles),
                first_reported=dated[0].published,
            )
        )
    return tuple(sorted(found, key=lambda p: (p.first_reported is None, p.first_reported or
                                              datetime.min, p.name.casefold(), p.key)))


def _reported_key(article: Article) -> tuple[bool, datetime, str, str]:
    when = article.published
    return (when is None, when or datetime.min, article.source_name.casefold(), article.id)


def reported_at(story: Story) -> datetime | None:
    """When the story was first reported: its first-seen time or its earliest article's date."""
    times = [a.published for a in story.articles if a.published is not None]
    if story.first_seen is not None:
        times.append(story.first_seen)
    return min(times) if times else None


def freshness(story: Story, now: datetime, half_life_hours: float) -> float:
    anchor = reported_at(story)
    if anchor is None:
        return 1.0
    age_hours = max(0.0, (now - anchor).total_seconds() / 3600.0)
    return 0.5 ** (age_hours / half_life_hours)


def score(
    story: Story,
    config: RankingConfig,
    now: datetime,
    found: Sequence[Publisher] | None = None,
) -> float:
    """``found``: the story's publishers, when the caller has them already."""
    weight = sum(p.weight for p in (found if found is not None else publishers(story, config)))
    return weight * freshness(story, now, config.half_life_hours)


Briefs = Callable[[Sequence[Sequence[Article]], int], list[tuple[str, ...]]]


def make_briefs(groups: Sequence[Sequence[Article]], limit: int) -> list[tuple[str, ...]]:
    """``make_brief`` of each group of articles."""
    return [make_brief(articles, limit) for articles in groups]


def annotate(
    stories: Iterable[Story],
    config: RankingConfig,
    now: datetime,
    previous_counts: Mapping[str, int] | None = None,
    briefs: Briefs = make_briefs,
) -> list[Story]:
    """Each story with its score, independent-source count, outlets, brief and "developing".

    ``previous_counts``: story id -> source count at the previous build (from the state); a
    story whose count went up since then is developing. A story new to the state is not.
    ``briefs``: ``make_briefs`` or a function giving the same (digest/cache.py keeps briefs,
    and makes new ones in worker processes).
    """
    previous = previous_counts or {}
    stories = list(stories)
    found = [publishers(story, config) for story in stories]
    wanted = [story.articles for story, its in zip(stories, found, strict=True) if len(its) > 1]
    made = iter(briefs(wanted, config.brief_sentences))
    annotated = []
    for story, its in zip(stories, found, strict=True):
        count = len(its)
        before = previous.get(story.id)
        annotated.append(
            _with(
                story,
                score=score(story, config, now, its),
                source_count=count,
                outlets=tuple(p.name for p in its),
                brief=next(made) if count > 1 else (),
                developing=before is not None and count > before,
            )
        )
    return annotated


_STORY_FIELDS = frozenset(f.name for f in fields(Story))


def _with(story: Story, **changes: object) -> Story:
    """``dataclasses.replace(story, **changes)`` for the ranking's fields, without running
    ``__init__`` again field by field (Story has no ``__post_init__`` to run): a build
    annotates every story of the archive."""
    if not changes.keys() <= _STORY_FIELDS:
        raise TypeError(f"Story has no field {sorted(changes.keys() - _STORY_FIELDS)}")
    made = object.__new__(Story)
    made.__dict__.update(story.__dict__)
    made.__dict__.update(changes)
    return made


class Ranked(Protocol):
    @property
    def score(self) -> float: ...
    @property
    def published(self) -> datetime | None: ...
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=Ranked)


def rank_key(item: Ranked) -> tuple[float, float, str]:
    """Highest score first; ties: newest first, then id (so the order is total)."""
    when = item.published.timestamp() if item.published is not None else float("-inf")
    return (-round(item.score, 12), -when, item.id)


def by_score(items: Iterable[R]) -> list[R]:
    return sorted(items, key=rank_key)


def lead_then_newest(items: Sequence[R], lead: int) -> tuple[list[R], list[R]]:
    """(the ``lead`` best by score, the rest newest first)."""
    top = by_score(items)[: max(0, lead)]
    chosen = {item.id for item in top}
    rest = [item for item in items if item.id not in chosen]
    rest.sort(key=lambda s: (s.published.timestamp() if s.published else float("-inf"), s.id),
              reverse=True)
    return top, rest
