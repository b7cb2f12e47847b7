"""View models: what templates see. Built once per build, pure."""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field
from datetime import datetime

from markupsafe import Markup

from digest.config import Config
from digest.model import Story, Topic, make_text_key
from digest.rank import SCORE_DIGITS, lead_then_newest
from digest.render.links import clean_link, clean_links_in_html
from digest.topics import OTHER
from digest.util import iso


@dataclass(frozen=True)
class SourceLink:
    name: str
    url: str | None

    key_inline = True  # page keys encode it in place (digest/render/keys.py)


@dataclass(frozen=True)
class Report:
    """One article of a story, for the "in the order they reported it" list."""

    name: str
    url: str | None
    published: datetime | None

    key_inline = True  # page keys encode it in place (digest/render/keys.py)


# The page keys encode these StoryView fields through its ``text_key`` (digest/render/keys.py)
_BY_TEXT_KEY = {"keyed_by": "text_key"}


@dataclass(frozen=True)
class StoryView:
    id: str
    slug: str
    title: str = field(metadata=_BY_TEXT_KEY)
    url: str | None  # the original article
    path: str  # the story page, relative to the site root, e.g. "story/x-1a2b3c/"
    page_url: str  # the story page, absolute
    summary: str = field(metadata=_BY_TEXT_KEY)
    body_html: Markup = field(metadata=_BY_TEXT_KEY)  # sanitised in the clean stage: safe as is
    paragraphs: tuple[str, ...] = field(metadata=_BY_TEXT_KEY)
    note: str | None
    author: str | None
    source: SourceLink
    others: tuple[SourceLink, ...]
    topic: str
    topic_name: str
    topic_reason: str
    published: datetime
    first_seen: datetime | None
    secondary_topics: tuple[str, ...] = ()
    # Ranking (digest/rank.py): pages are ordered by score; only stories.json prints it.
    score: float = 0.0
    source_count: int = 1
    outlets: tuple[str, ...] = ()
    brief: tuple[str, ...] = ()
    developing: bool = False
    reports: tuple[Report, ...] = ()  # every article, earliest first
    # make_text_key(self). Page keys take it for the four fields marked above, the largest
    # part of every view. ``key_hint``: the primary article's, kept from when it was prepared
    # (story_view); without one (a view made or copied with ``replace``) it is made here.
    text_key: str = field(init=False, default="", compare=False, repr=False)
    key_hint: InitVar[str] = ""

    def __post_init__(self, key_hint: str) -> None:
        object.__setattr__(self, "text_key", key_hint or make_text_key(self))

    @property
    def sources(self) -> tuple[SourceLink, ...]:
        return (self.source, *self.others)

    def as_json(self) -> dict[str, object]:
        before, after = self.json_fields()
        return {**before, "score": round(self.score, SCORE_DIGITS), **after}

    def json_fields(self) -> tuple[dict[str, object], dict[str, object]]:
        """``as_json()`` without its score, which moves with the clock: the fields before
        it and those after it (stories.json keeps them apart: digest/render/exports.py)."""
        before: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "url": self.url or self.page_url,
            "page": self.page_url,
            "topic": self.topic,
            "topic_reason": self.topic_reason,
            "secondary_topics": list(self.secondary_topics),
            "published": iso(self.published),
            "first_seen": iso(self.first_seen),
            "summary": self.summary,
            "sources": [{"name": s.name, "url": s.url} for s in self.sources],
        }
        after: dict[str, object] = {
            "source_count": self.source_count,
            "outlets": list(self.outlets),
            "brief": list(self.brief),
            "developing": self.developing,
        }
        return before, after


@dataclass(frozen=True)
class TopicView:
    slug: str
    name: str
    description: str
    path: str
    stories: tuple[StoryView, ...]
    on_home: bool = True  # False: the catch-all with [site] other_topic = "hide"
    top: tuple[StoryView, ...] = ()  # the lead of ``stories``: best by score (the rest by time)


@dataclass(frozen=True)
class NavItem:
    """A topic as the navigation of every page shows it: a name and a link, no stories, so a
    new story does not change every page (digest/render/keys.py)."""

    slug: str
    name: str
    path: str
    description: str = ""
    on_home: bool = True


def nav_items(topics: list[TopicView]) -> list[NavItem]:
    return [NavItem(t.slug, t.name, t.path, t.description, t.on_home) for t in topics]


def story_view(story: Story, config: Config, topic_names: dict[str, str]) -> StoryView:
    """What the templates see of ``story``. Outbound links lose their tracking parameters
    (digest/render/links.py): the original's, every other source's, those in the body."""
    primary = story.primary
    path = f"story/{story.slug}/"
    params = config.dedupe.tracking_params
    seen: set[str] = {primary.source_name}
    others = []
    for article in story.others:
        if article.source_name in seen and not article.url:
            continue
        seen.add(article.source_name)
        others.append(SourceLink(article.source_name, clean_link(article.url, params)))
    published = story.published or story.first_seen
    assert published is not None, "the build gives every story a date"
    body = clean_links_in_html(primary.body_html, params)
    url = clean_link(primary.url, params)
    return StoryView(
        id=story.id,
        slug=story.slug,
        title=story.title,
        url=url,
        path=path,
        page_url=config.site.base_url + path,
        summary=primary.summary,
        body_html=Markup(body),
        paragraphs=primary.paragraphs,
        note=primary.note,
        author=primary.author,
        source=SourceLink(primary.source_name, url or clean_link(primary.source_home, params)),
        others=tuple(others),
        topic=story.topic,
        topic_name=topic_names.get(story.topic, story.topic),
        topic_reason=story.topic_reason,
        published=published,
        first_seen=story.first_seen,
        secondary_topics=story.secondary_topics,
        score=story.score,
        source_count=story.source_count,
        outlets=story.outlets or (primary.source_name,),
        brief=story.brief,
        developing=story.developing,
        reports=_reports(story, params),
        # The view's title, summary, body and paragraphs are the primary's: so is its key,
        # unless a link in the body lost its tracking parameters (then it is made anew).
        key_hint=primary.text_key if body == primary.body_html else "",
    )


def _reports(story: Story, params: tuple[str, ...] = ()) -> tuple[Report, ...]:
    if not story.others:  # most stories: one article, nothing to sort
        primary = story.primary
        return (Report(primary.source_name, clean_link(primary.url, params), primary.published),)
    seen: set[tuple[str, str | None]] = set()
    found = []
    for article in sorted(
        story.articles,
        key=lambda a: (a.published is None, iso(a.published) or "", a.source_name, a.id),
    ):
        url = clean_link(article.url, params)
        key = (article.source_name, url)
        if key not in seen:
            seen.add(key)
            found.append(Report(article.source_name, url, article.published))
    return tuple(found)


def newest_first(stories: list[StoryView]) -> list[StoryView]:
    return sorted(stories, key=lambda s: (s.published, s.id), reverse=True)


def topic_views(
    stories: list[StoryView],
    topics: tuple[Topic, ...],
    other_name: str,
    other_mode: str = "show",
    lead: int = 3,
) -> list[TopicView]:
    """One view per topic, in page order; a topic lists its own and its secondary stories.

    ``other_mode`` (``[site] other_topic``): "show" the catch-all like any topic, "hide" it
    from the home page (it keeps its page and feed), or "drop" it.
    """
    views = []
    every = [(t.slug, t.name, t.description) for t in topics]
    if other_mode != "drop":
        every.append((OTHER, other_name, "Stories that fit none of the sections above."))
    for slug, name, description in every:
        # The topic's ``lead`` best stories by score (digest/rank.py), then the rest by time.
        top, rest = lead_then_newest(
            newest_first([s for s in stories if s.topic == slug or slug in s.secondary_topics]),
            lead,
        )
        members = (*top, *rest)
        if slug == OTHER and not members:
            continue
        on_home = not (slug == OTHER and other_mode == "hide")
        views.append(
            TopicView(slug, name, description, f"topics/{slug}/", members, on_home, tuple(top))
        )
    return views
