"""Wire the stages together: ingest -> clean -> dedupe -> topics -> store -> render.

The stages are imported when a build runs, not with this module: a build with nothing to do
(digest/uptodate.py) only needs the state and the file times, and starts the faster for it.
"""

from __future__ import annotations

import gc
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from digest.config import Config
from digest.errors import DigestError
from digest.lock import StateLock
from digest.model import Article, BuildReport, Story, StoryIdentity
from digest.store import Store
from digest.uptodate import build_fingerprint, last_build, record_build

if TYPE_CHECKING:
    from digest.fetch import FetchReport, SourceResult


@dataclass(frozen=True)
class BuildOptions:
    content_dir: Path | None = None
    output_dir: Path | None = None
    state_path: Path | None = None
    now: datetime | None = None
    offline: bool = False  # True: no fetch; remote sources come from the state only
    on_fetch_result: Callable[[int, int, SourceResult], None] | None = None
    on_fetched: Callable[[FetchReport], None] | None = None
    lock: str | None = None  # "wait" or "fail" when another run holds the state; None: [build]
    on_notice: Callable[[str], None] | None = None  # cap hits ([limits]) and lock messages
    jobs: int | None = None  # worker processes (--jobs); None: [build] jobs
    full: bool = False  # --full: render every page, whatever the page keys say


def prepare_articles(
    config: Config,
    content_dir: Path,
    remote: Iterable[Article] = (),
    notices: list[str] | None = None,
    cache: Store | None = None,
    progress: Callable[[str], None] | None = None,
    misplaced: list[str] | None = None,
) -> tuple[list[Article], list[str], int]:
    """Ingest and clean every input. Returns (articles, problems, number of inputs).

    ``remote``: raw articles of the remote sources, as stored by the fetch stage.
    ``cache``: a store whose parse cache is used, so unchanged files are not parsed again
    (digest/cache.py); the result is the same either way.
    """
    from digest.cache import cached_read, prepare_plain
    from digest.clean import learn_furniture
    from digest.ingest import discover, ingest
    from digest.limits import apply_limits

    inputs = discover(content_dir, config.sources, misplaced)
    remote = list(remote)

    made: list[Callable[[list[Article]], tuple[list[Article], list[str]]]] = []

    def make_prepare(dumps: list[Article]):  # -> Callable[[list[Article]], (articles, notices)]
        # Per-site line counts over every dump: lines repeated across a site's dumps are
        # furniture (only scraped dumps count, after the [limits] caps).
        dumps = dumps + [a for a in remote if a.origin == "scraped"]
        furniture = learn_furniture(apply_limits(dumps, config.limits)[0])

        def prepare(raw: list[Article]) -> tuple[list[Article], list[str]]:
            return prepare_plain(raw, config.limits, furniture)

        made.append(prepare)
        return prepare

    if cache is not None:
        result = cached_read(inputs, cache, config.build.jobs, config.limits, make_prepare,
                             trust_times=config.build.incremental, progress=progress)
        articles, found = result.articles, result.notices
    else:
        read = ingest(inputs)
        articles, found = make_prepare(
            [a for a in read.articles if a.origin == "scraped"]
        )(read.articles)
        found = read.notices + found
        result = read  # type: ignore[assignment]
    if remote:  # prepared with the furniture learned above (remote dumps included)
        done, lines = made[-1](remote)
        articles = articles + done
        found = found + lines
    articles, repeated = _first_of_each_id(articles)
    articles = own_articles(articles, config.site.title)
    found.extend(f"{where}: {count} item(s) also read from an earlier input (the same source "
                 f"and item id, a copy of a feed?) were read once"
                 for where, count in sorted(repeated.items()))
    if notices is not None:  # one line per source and [limits] cap hit
        notices.extend(sorted(found))
    return articles, result.problems, result.inputs


def _notice_line(notice: str) -> str:
    """How a notice is printed: a reader's warning as it is, a [limits] cap's after
    "limit: "."""
    from digest.ingest import WARNING

    return notice if notice.startswith(WARNING) else f"limit: {notice}"


def own_articles(articles: list[Article], site_title: str) -> list[Article]:
    """``articles`` with the site's own (Markdown that names no source) credited to the site:
    its [site] title, not a made-up name."""
    if all(a.source_name for a in articles):
        return articles
    own = (site_title,)
    return [a if a.source_name else replace(a, source_name=site_title, site_names=own)
            for a in articles]


def _say_unread(content_dir: Path, misplaced: list[str], say: Callable[[str], None]) -> None:
    """A note naming files of a kind digest reads that sit where a build does not look:
    outside the four kind folders, or in the folder of another kind (``misplaced``), each
    with the folder its kind goes in."""
    from digest.ingest import unread_files, unread_note

    note = unread_note(content_dir, sorted(misplaced) + unread_files(content_dir))
    if note:
        say(note)


def _first_of_each_id(articles: list[Article]) -> tuple[list[Article], Counter[str]]:
    """The first article of each id (inputs are read in a fixed order), and how many later
    ones each input had. One id twice would be one story of two copies from one source."""
    seen: set[str] = set()
    kept: list[Article] = []
    repeated: Counter[str] = Counter()
    for article in articles:
        if article.id in seen:
            repeated[article.location] += 1
        else:
            seen.add(article.id)
            kept.append(article)
    return kept, repeated


# An article dated further than this after the build's clock is dated by its first sighting
# instead: a wrong year or a time zone mislabelled by a day would otherwise head every list
# in time order (a topic's latest, the feeds) for as long as the mistake lasts, and make a
# day page years ahead. Within it: time zones and scheduled posts.
FUTURE_SLACK = timedelta(hours=24)


def make_stories(
    articles: list[Article],
    config: Config,
    store: Store,
    now: datetime,
    notices: list[str] | None = None,
) -> tuple[list[Story], list[Article]]:
    """Date undated articles, and those dated more than ``FUTURE_SLACK`` after ``now``, by
    their first sighting; cluster, identify and classify.

    Returns the stories and the articles as dated (for recording in the state).
    ``notices``: gets a line per input with future-dated articles.
    """
    from digest.cache import BriefCache, PrimaryScores, StoredFeatures, TopicCache
    from digest.dedupe import DEFAULTS as DEDUPE_DEFAULTS
    from digest.dedupe import assign_identities, cluster, with_canonical
    from digest.output import unique_story_slugs
    from digest.rank import annotate

    settings = replace(
        DEDUPE_DEFAULTS,
        tracking_params=config.dedupe.tracking_params,
        window_hours=config.dedupe.window_hours,
        threshold=config.dedupe.threshold,
    )
    seen = store.first_seen(a.id for a in articles)
    # Articles come with canonical URLs made without extra tracking parameters (prepare);
    # only [dedupe] tracking_params make them again.
    params = settings.tracking_params
    latest = now + FUTURE_SLACK
    future: Counter[str] = Counter()  # future-dated articles by input
    dated = []
    for a in articles:
        published = a.published
        if published is not None and published > latest:
            future[a.location] += 1
            published = None
        if published is not None and not params:
            dated.append(a)
        else:
            dated.append(replace(with_canonical(a, params) if params else a,
                                 published=published or seen.get(a.id, now)))
    if notices is not None:
        notices.extend(
            f"{where}: {count} item(s) dated more than {FUTURE_SLACK.days} day after the "
            f"build's clock were dated by when they were first seen"
            for where, count in sorted(future.items())
        )
    # The new articles' keyword scores are made in a niced worker while the dedupe stage runs
    # (its search on one core): nearly every one is the primary of a story not in the topic
    # cache.
    ahead = PrimaryScores([a for a in dated if a.id not in seen], config.topics,
                          config.build.jobs)
    ahead.start()
    try:
        groups = cluster(dated, settings, StoredFeatures(store, settings), config.build.jobs)
        known = store.story_identities(a.id for a in dated)
        # Each story's topic, from the state when the story's text, labels and [[topics]] are
        # those of an earlier build (digest/cache.py).
        topic_cache = TopicCache(store, config.topics)
        choices = topic_cache.assign_all([g.articles for g in groups], config.build.jobs,
                                         ahead)
    finally:
        ahead.cancel()
    stories = []
    identities = assign_identities(groups, known, now)
    for group, identity, choice in zip(groups, identities, choices, strict=True):
        stories.append(
            Story(
                id=identity.id,
                slug=identity.slug,
                primary=group.primary,
                others=group.articles[1:],
                topic=choice.topic,
                topic_reason=choice.reason,
                secondary_topics=choice.secondary,
                first_seen=min(seen.get(a.id, now) for a in group.articles),
                published=group.primary.published,
            )
        )
    topic_cache.save()
    stories = unique_story_slugs(stories)
    # Ranking: score, independent sources, brief, "developing" (digest/rank.py).
    previous = store.source_counts_before((s.id for s in stories), now)
    briefs = BriefCache(store, config.build.jobs)
    annotated = annotate(stories, config.ranking, now, previous, briefs.briefs)
    briefs.save()
    return annotated, dated


_PAUSES = 0  # collector_paused blocks running
_WAS_ENABLED = True  # the collector's state when the first of them began
_PAUSES_LOCK = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the block (a build), back as it was after it.

    A build holds millions of long-lived objects (articles, dedupe features, story views),
    and a full collection visits every one of them: at 100,000 articles about 30 of them
    took 13 s of a 73 s rebuild, to free about a thousand objects in all (measured with
    ``gc.callbacks``). Reference counting still frees everything else as it goes. Pauses
    nest and may overlap across threads (``digest serve``): the collector comes back when the
    last one ends, if it was on before the first. Forked workers turn it back on for
    themselves (digest/parallel.py).

    Here, not in digest/util.py: that module's code is part of the parse cache's key.
    """
    global _PAUSES, _WAS_ENABLED
    with _PAUSES_LOCK:
        if _PAUSES == 0:
            _WAS_ENABLED = gc.isenabled()
            gc.disable()
        _PAUSES += 1
    try:
        yield
    finally:
        with _PAUSES_LOCK:
            _PAUSES -= 1
            if _PAUSES == 0 and _WAS_ENABLED:
                gc.enable()


def build(
    config: Config,
    options: BuildOptions | None = None,
    progress: Callable[[str], None] = lambda _m: None,
) -> BuildReport:
    """Build the site. Raises DigestError for problems that stop the build.

    Problems with single inputs are collected in the report; the rest still build.
    One run at a time per state file: see digest/lock.py.
    """
    options = options or BuildOptions()
    state_path = options.state_path or config.state_path
    say = options.on_notice or progress
    mode = options.lock or config.build.lock
    with StateLock(state_path, mode, config.build.lock_timeout, say), collector_paused():
        return _build_locked(config, options, progress)


def _build_locked(
    config: Config, options: BuildOptions, progress: Callable[[str], None]
) -> BuildReport:
    now = (options.now or datetime.now(UTC)).astimezone(UTC)
    content_dir = options.content_dir or config.content_dir
    output_dir = options.output_dir or config.output_dir
    state_path = options.state_path or config.state_path
    report = BuildReport(output=str(output_dir))
    say = options.on_notice or progress

    if not options.offline and any(s.is_remote for s in config.sources):
        from digest.fetch import fetch_sources

        progress("fetching remote sources")
        fetched = fetch_sources(config, state_path, now, options.on_fetch_result)
        if options.on_fetched:
            options.on_fetched(fetched)
    with Store(state_path) as store:
        # Nothing changed since the last build (digest/uptodate.py)? Then nothing to do.
        fingerprint = _fingerprint(config, options, content_dir, output_dir, now)
        if config.build.incremental and not options.full:
            done = last_build(store, fingerprint, output_dir)
            if done is not None:
                progress("nothing changed since the last build (inputs, templates, settings "
                         "and clock): the site is up to date (--full builds it anyway)")
                for notice in done.notices:
                    say(_notice_line(notice))
                return replace(done, rendered=0, unchanged=True, output=str(output_dir))
        # Every remote article ever seen, fetched now or before.
        remote: list[Article] = []
        if any(s.is_remote for s in config.sources):
            from digest.fetch import stored_articles

            remote = stored_articles(store, config.sources)
        progress(f"reading inputs from {content_dir}")
        notices: list[str] = []
        if options.jobs is not None:
            config = replace(config, build=replace(config.build, jobs=options.jobs))
        if options.full:
            config = replace(config, build=replace(config.build, incremental=False))
        misplaced: list[str] = []
        articles, problems, inputs = prepare_articles(
            config, content_dir, remote, notices, cache=store, progress=progress,
            misplaced=misplaced,
        )
    for notice in notices:
        say(_notice_line(notice))
    report.notices = notices
    _say_unread(content_dir, misplaced, say)
    report.inputs, report.articles, report.problems = inputs, len(articles), problems
    progress(f"read {len(articles):,} articles from {inputs:,} inputs")
    if inputs and len(problems) >= inputs and not remote:
        listed = "\n  ".join(problems)
        raise DigestError(
            str(content_dir),
            f"every input failed, so the previous site was left as it was:\n  {listed}",
            "fix the inputs above and build again",
        )

    from digest.output import SiteWriter
    from digest.render.context import nav_items, story_view, topic_views
    from digest.render.keys import build_identity
    from digest.render.site import SiteRenderer, TemplateCode, render_site
    from digest.topics import OTHER, is_published

    writer = SiteWriter(output_dir, manifest=config.build.incremental)
    try:
        with Store(state_path) as store:
            future: list[str] = []
            progress(f"finding duplicates and topics among {len(articles):,} articles")
            stories, dated = make_stories(articles, config, store, now, future)
            for notice in future:
                say(f"limit: {notice}")
            notices.extend(future)  # the report's: a skipped build says them again
            report.stories = len(stories)
            progress(f"merged into {len(stories):,} stories")
            # Pictures beside Markdown articles: named for the site's media/ (digest/media.py)
            from digest.media import copy_pictures, publish_pictures

            known_pictures = store.picture_names()
            stories, pictures, left_out, picture_names = publish_pictures(
                stories, content_dir, known_pictures)
            topic_names = {t.slug: t.name for t in config.topics}
            topic_names[OTHER] = config.site.other_topic_name
            views = [
                story_view(s, config, topic_names)
                for s in stories
                if is_published(s, config.site.other_topic)
            ]
            topics = topic_views(
                views, config.topics, config.site.other_topic_name, config.site.other_topic,
                lead=config.ranking.topic_top_n,
            )
            # What the state will record once the pages are written; then the articles and
            # stories themselves are let go (the views hold what the pages show), so the
            # render workers share a smaller process (digest/parallel.py).
            seen_rows = [(a.id, a.location, now) for a in dated]
            story_rows = [(_identity(s), [a.id for a in s.articles]) for s in stories]
            counts = {s.id: s.source_count for s in stories}
            del articles, dated, stories, remote
            # Page keys (digest/render/keys.py): a page whose inputs are those of its page in
            # the live build is carried over from it, not rendered again.
            live = (
                build_identity(writer.previous)
                if writer.previous is not None and config.build.incremental
                else None
            )
            previous = store.page_keys(live) if live else {}
            code = TemplateCode(store.template_code())
            renderer = SiteRenderer(
                config, writer, previous, keyed=config.build.incremental,
                previous_exports=store.export_indexes(live) if live else None, code=code,
                pictures=bool(pictures),
            )
            report.pages = render_site(
                config, writer, views, topics, progress, now=now, health=store.source_health(),
                renderer=renderer,
            )
            # Web version of the newsletter: recorded issues -> site/newsletter/ (none: no files)
            from digest.newsletter import render_newsletter_archive

            report.pages += render_newsletter_archive(
                config, writer, store, nav_items(topics), renderer
            )
            report.rendered = renderer.rendered
            left_out += copy_pictures(writer, pictures)
            for line in left_out:
                say(f"note: {line}")
            notices.extend(left_out)
            if renderer.keys is not None:
                # ``previous`` is the table as it is, when it described the live build
                store.record_page_keys(build_identity(writer.staging), renderer.keys.items(),
                                       previous if previous else None, renderer.exports)
            if code.changed:
                store.record_template_code(code.kept)
            store.record(seen_rows, story_rows)
            if picture_names != known_pictures:
                store.record_picture_names(picture_names)
            store.record_source_counts(counts, now)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    with Store(state_path) as store:
        record_build(store, fingerprint, output_dir, report, writer.site_signature())
    return report


def _fingerprint(
    config: Config,
    options: BuildOptions,
    content_dir: Path,
    output_dir: Path,
    now: datetime,
) -> str:
    """What this build's output depends on, but the state (digest/uptodate.py)."""
    from digest.util import default_templates_dir

    settings = replace(config, build=replace(config.build, jobs=None, incremental=True))
    local = [Path(s.location) for s in config.sources if not s.is_remote]
    return build_fingerprint(
        settings,
        [content_dir, *local],
        [config.templates_dir, default_templates_dir()],
        {
            "content": str(content_dir.resolve()),
            "output": os.path.abspath(output_dir),  # not resolved: it is a symlink
            "now": now,
            "offline": options.offline,
        },
    )


def _identity(story: Story) -> StoryIdentity:
    return StoryIdentity(story.id, story.slug, story.first_seen or datetime.now(UTC))
