"""View models: what templates see. Built once per build, pure."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import InitVar, dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from markupsafe import Markup

from digest.config import Config
from digest.dedupe import canonical_url, is_site_root, url_key
from digest.media import PICTURE_SUFFIXES
from digest.model import Article, Story, Topic, make_text_key
from digest.rank import AGGREGATOR_HOSTS, SCORE_DIGITS, lead_then_newest
from digest.render.links import clean_link, clean_links_in_html
from digest.topics import OTHER
from digest.util import iso, url_host


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
    # The feeds an article of the story came through that credit it to another publisher
    # (an aggregator's, as Google News: digest/ingest/feeds.py), for the sources page
    via: tuple[str, ...] = ()
    # The lead picture (an http(s) address, or a picture copied into media/), shown above
    # the body when the body shows none (digest/model.py: Article.image)
    image: str | None = None
    # When the primary article was last changed, if well after it was published
    # (``UPDATE_SHOWN``): a republished page's, a feed item's edit
    updated: datetime | None = None
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

    @property
    def standfirst(self) -> str:
        """The summary as the story page prints it above the body: "" when the body opens
        with it (a feed item with no summary of its own gets one cut from its first
        paragraph; printed twice, the reader reads it twice)."""
        if not self.summary or not self.paragraphs:
            return self.summary
        summary = _flat(self.summary)
        for ending in ("…", "..."):
            summary = summary.removesuffix(ending).rstrip()
        return "" if summary and _opens_with(self.paragraphs, summary) else self.summary

    @property
    def page_brief(self) -> tuple[str, ...]:
        """The "In brief" sentences as the story page prints them: none when every one of
        them is in the primary article's opening paragraphs (``BRIEF_OPENING``), which the
        page prints right below: a brief made when the other sources are headlines only
        (an aggregator's items) is the primary's lead again, read twice.
        (``brief`` itself stays whole: the newsletter and stories.json print it alone.)"""
        if not self.brief or not self.paragraphs:
            return self.brief
        opening = _flat(" ".join(self.paragraphs[:BRIEF_OPENING]))
        return () if all(_flat(s) in opening for s in self.brief) else self.brief

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


# Sanitised body HTML as nh3 writes it (digest/clean.py): lower-case tags, every attribute
# value in double quotes, headings without attributes, no <h1>.
_EMPTY_LINK = re.compile(r"<a\s[^>]*>\s*</a>")
_PICTURE_FILES = (*PICTURE_SUFFIXES, ".heic")  # (a link may open any picture file)
_IMAGE_LINK = re.compile(r'(<a\s[^>]*?\bhref="([^"]*)"[^>]*>\s*)(<img\s[^>]*>)(\s*</a>)')
_IMG = re.compile(r"<img\s[^>]*>")
_NO_TEXT_ALT = re.compile(r'\salt="\s*"')
_HEADING = re.compile(r"<(/?)h([1-6])>")
_OPENING = re.compile(r"<h([1-6])>")
_SCROLLS = re.compile(r"<(table|pre)>")


def accessible_body(fragment: str) -> str:
    """Sanitised body HTML as a screen reader and a keyboard need it, its text unchanged.

    * an image without alt text gets ``alt=""`` (a feed rarely says what its pictures show:
      the reader hears nothing rather than a file name); one that is all a link holds gets
      the link's host instead (``alt="Link to depot.example"``), or the link has no name,
      or "Full-size picture" when the link opens a picture file (its larger copy);
    * a link with no text at all, which a keyboard would stop on, is left out;
    * headings follow the page's: under the headline's <h1>, each is one level below the
      heading whose section it is in, the first an <h2> (<h4> <h6> <h5> <h3>: h2 h3 h3 h2);
    * a table or <pre>, which scrolls sideways on a phone (style.css), takes the keyboard
      focus (``tabindex="0"``), so it can be scrolled without a mouse.
    """
    if "<img" in fragment:
        fragment = _IMAGE_LINK.sub(_named_image_link, fragment)
        fragment = _IMG.sub(
            lambda m: m[0] if " alt=" in m[0] else m[0][:-1].rstrip("/ ") + ' alt="">',
            fragment)
    if "</a>" in fragment:
        fragment = _EMPTY_LINK.sub("", fragment)
    if "<h" in fragment:
        fragment = _headings_in_order(fragment)
    if "<table>" in fragment or "<pre>" in fragment:
        fragment = _SCROLLS.sub(r'<\1 tabindex="0">', fragment)
    return fragment


def _named_image_link(match: re.Match[str]) -> str:
    image = match[3]
    if " alt=" in image and not _NO_TEXT_ALT.search(image):
        return match[0]
    address = urlsplit(html.unescape(match[2]))
    host = address.hostname or ""
    if address.path.lower().endswith(_PICTURE_FILES):
        name = "Full-size picture"  # the picture links its own larger copy (Substack's)
    else:
        name = html.escape(f"Link to {host.removeprefix('www.')}" if host else "Link",
                           quote=True)
    image = _NO_TEXT_ALT.sub("", image)
    image = image[:-1].rstrip("/ ") + f' alt="{name}">'
    return match[1] + image + match[4]


def _headings_in_order(fragment: str) -> str:
    """Each heading one level below the nearest heading before it that it was below in the
    feed (its section), the first of them an <h2>: the outline is kept, the gaps closed."""
    # Most bodies are in order already (h2, then h3 under it...): then they are kept as they
    # are, the article's own string (a rebuild makes every story's view: at 100,000 stories
    # the substitution below cost 0.5 s and a copy of every body with a heading).
    opened: list[int] = []
    for level in map(int, _OPENING.findall(fragment)):
        while opened and opened[-1] >= level:
            opened.pop()
        if level != (opened[-1] + 1 if opened else 2):
            break
        opened.append(level)
    else:
        return fragment
    outer: list[tuple[int, int]] = []  # (level in the feed, level here) of the open sections
    current = [2]

    def one(m: re.Match[str]) -> str:
        if m[1]:  # the closing tag of the heading last opened (headings do not nest)
            return f"</h{current[0]}>"
        level = int(m[2])
        while outer and outer[-1][0] >= level:
            outer.pop()
        current[0] = outer[-1][1] + 1 if outer else 2
        outer.append((level, current[0]))
        return f"<h{current[0]}>"

    return _HEADING.sub(one, fragment)


UPDATE_SHOWN = timedelta(minutes=15)  # an edit sooner after publishing is not news of itself
BRIEF_OPENING = 3  # paragraphs of the body a story page's brief is not printed above


def _flat(text: str) -> str:
    """``text`` with every run of whitespace one space, for comparing texts as read."""
    return " ".join(text.split())


def _opens_with(paragraphs: Sequence[str], text: str) -> bool:
    """``_flat(" ".join(paragraphs)).startswith(text)``, reading only as many paragraphs as
    ``text`` is long (every story page asks; a long body was joined and split whole)."""
    opening = ""
    for paragraph in paragraphs:
        flat = _flat(paragraph)
        if flat:
            opening = f"{opening} {flat}" if opening else flat
            if len(opening) >= len(text):
                break
    return opening.startswith(text)


def nav_items(topics: list[TopicView]) -> list[NavItem]:
    return [NavItem(t.slug, t.name, t.path, t.description, t.on_home) for t in topics]


def story_view(story: Story, config: Config, topic_names: dict[str, str]) -> StoryView:
    """What the templates see of ``story``. Outbound links lose their tracking parameters
    (digest/render/links.py): the original's, every other source's, those in the body."""
    primary = story.primary
    path = f"story/{story.slug}/"
    params = config.dedupe.tracking_params
    # Each outlet once: its page read twice (its feed item and a dump of the page, its AMP
    # copy, its aggregator's item) is one report, and the original's outlet is not "also
    # reported by" itself.
    seen: set[str] = {primary.source_name}
    others = []
    for article in story.others:
        if article.source_name in seen:
            continue
        seen.add(article.source_name)
        others.append(SourceLink(article.source_name, clean_link(article.url, params)))
    published = story.published or story.first_seen
    assert published is not None, "the build gives every story a date"
    body = accessible_body(clean_links_in_html(primary.body_html, params))
    url = clean_link(primary.url, params) or _outlets_link(story, params)
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
        image=primary.image if "<img" not in body else None,
        updated=primary.updated if primary.updated is not None
        and primary.updated - published >= UPDATE_SHOWN else None,
        via=tuple(dict.fromkeys(
            a.site_names[0] for a in story.articles
            if a.origin == "feed" and a.site_names and a.site_names[0] != a.source_name)),
        # The view's title, summary, body and paragraphs are the primary's: so is its key,
        # unless the body changed here (a link lost its tracking parameters, an image got
        # alt text: accessible_body): then it is made anew.
        key_hint=primary.text_key if body == primary.body_html else "",
    )


def _aggregated(url: str) -> bool:
    """An aggregator's page of the story (Google News's redirect), not the outlet's own."""
    return url_host(url) in AGGREGATOR_HOSTS


def _outlets_link(story: Story, params: tuple[str, ...]) -> str | None:
    """For a primary with no address (a dump of the page): the address of another copy
    from the same outlet (its feed item, its aggregator's item), the outlet's own first."""
    same = [a.url for a in story.others
            if a.url and a.source_name == story.primary.source_name]
    same.sort(key=_aggregated)  # (stable: the outlet's own address before a redirect)
    return clean_link(same[0], params) if same else None


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
        key = (article.source_name, _page(article) or url)
        if key not in seen:
            seen.add(key)
            found.append(Report(article.source_name, url, article.published))
    return tuple(found)


def _page(article: Article) -> str | None:
    """The page an article is, as the dedupe stage tells pages apart (digest/dedupe.py); None
    for a site's home page, which names no article (some feeds link every item to it)."""
    if not (article.canonical_url or article.url):
        return None
    page = url_key(article.canonical_url or canonical_url(article.url))
    return None if is_site_root(page) else page


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
