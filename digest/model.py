"""Model objects shared by every stage. No I/O here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Article:
    """One item from one source.

    Ingest fills the raw fields; clean returns a copy with the cleaned fields set
    (title without site suffix, sanitised ``body_html``, ``paragraphs``, ``summary``...).
    """

    id: str
    origin: str  # "feed", "scraped", "markdown", "page"
    location: str  # the file or URL it came from (for messages)
    title: str
    source_name: str
    url: str | None = None
    canonical_url: str | None = None
    source_home: str | None = None
    source_category: str | None = None
    category_hint: str | None = None
    summary: str = ""
    body_html: str = ""
    raw_lines: tuple[str, ...] = ()  # scraped dumps: every line after the headline
    paragraphs: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    note: str | None = None
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    tags: tuple[str, ...] = ()
    site_names: tuple[str, ...] = ()  # names the source is known by (for suffix stripping)
    # The lead picture (a feed's media:content, a page's og:image, front matter's image)
    # when the body shows none: an http(s) address, or a Markdown file's picture beside it
    # (digest/media.py's mark)
    image: str | None = None
    # make_text_key(self), made once when the article is prepared (digest/cache.py:
    # prepare_plain) and kept with it; "" before. Use text_key(article), not the field.
    text_key: str = field(default="", compare=False, repr=False)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def __reduce__(self) -> tuple[Any, tuple[tuple[str, ...], tuple[Any, ...]]]:
        """Pickled as its field values in order, not its ``__dict__``: the caches hold every
        article of the archive (digest/cache.py), and without each field's name beside its
        value a rebuild unpickles them in 0.09 s instead of 0.15 s at 10,000."""
        values = self.__dict__
        return _article, (ARTICLE_FIELDS, tuple([values[name] for name in ARTICLE_FIELDS]))


ARTICLE_FIELDS = tuple(f.name for f in fields(Article))


def _article(names: tuple[str, ...], values: tuple[Any, ...]) -> Article:
    """An Article from its pickle (``Article.__reduce__``). Pickled by a digest whose Article
    had other fields: an error, so a cache makes the entry again."""
    if names != ARTICLE_FIELDS or len(values) != len(names):
        raise ValueError("an Article pickled with other fields")
    article = object.__new__(Article)
    article.__dict__.update(zip(names, values, strict=True))
    return article


def make_text_key(item: Any) -> str:
    """A digest of the text of an article or a story view: its ``title``, ``summary``,
    ``body_html`` and ``paragraphs``.

    The caches and the page keys take it for the text itself (a story's topic and brief, the
    dedupe features, a story page): an article's is made once, when it is prepared, so a
    build does not hash every text of the archive again to find it unchanged.
    """
    parts = (item.title, item.summary, item.body_html, *item.paragraphs)
    # Each part after its length (as util.hash_parts): no two lists of parts give one string.
    joined = "".join([f"{len(part)}:{part!s}" for part in parts])
    return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def text_key(item: Any) -> str:
    """``item.text_key``, or made now when it has none (an article not yet prepared)."""
    return item.text_key or make_text_key(item)


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # each weighs 1; see ``terms``
    weighted_keywords: tuple[tuple[str, float], ...] = ()  # (keyword or phrase, weight)
    soft_aliases: tuple[str, ...] = ()  # labels that point here unless the text says otherwise
    exclude: tuple[str, ...] = ()  # any of these in the text: no keyword match for this topic
    order: int = 0  # position on the page (lower first); ties keep the config order
    secondary_score: float = 0.0  # keyword score that also lists a story here; 0 = never

    @property
    def terms(self) -> tuple[tuple[str, float], ...]:
        """Every keyword with its weight (plain ``keywords`` weigh 1)."""
        return tuple((k, 1.0) for k in self.keywords) + self.weighted_keywords


@dataclass(frozen=True)
class Story:
    """One piece of news: a primary article plus the other articles that report it."""

    id: str
    slug: str
    primary: Article
    others: tuple[Article, ...] = ()
    topic: str = "other"
    topic_reason: str = ""
    secondary_topics: tuple[str, ...] = ()
    first_seen: datetime | None = None
    published: datetime | None = None
    # Set by digest.rank.annotate (see docs/ranking.md):
    score: float = 0.0  # independent sources, weighted, times freshness at the build's `now`
    source_count: int = 1  # independent publishers (two feeds of one site count once)
    outlets: tuple[str, ...] = ()  # those publishers' names, in the order they reported it
    brief: tuple[str, ...] = ()  # 1-3 sentences from its own articles (multi-source stories)
    developing: bool = False  # gained sources since the previous build

    @property
    def articles(self) -> tuple[Article, ...]:
        return (self.primary, *self.others)

    @property
    def title(self) -> str:
        return self.primary.title


@dataclass
class BuildReport:
    """What a build did, for the CLI to print."""

    inputs: int = 0
    articles: int = 0
    stories: int = 0
    pages: int = 0
    rendered: int = 0  # pages rendered; the others were carried over unchanged
    problems: list[str] = field(default_factory=list)
    output: str = ""
    notices: list[str] = field(default_factory=list)  # [limits] caps hit
    unchanged: bool = False  # True: nothing changed since the last build; nothing was done


@dataclass(frozen=True)
class StoryIdentity:
    """What stays of a story across builds: its id, its URL slug, when it was first seen."""

    id: str
    slug: str
    first_seen: datetime
