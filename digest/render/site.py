"""The static site: pages through Jinja templates, feeds, and the JSON export."""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    select_autoescape,
)
from markupsafe import Markup

from digest import parallel
from digest.config import Config
from digest.errors import DigestError
from digest.media import site_addresses
from digest.output import SiteWriter
from digest.parallel import MIN_ITEMS, Shares, resolve_jobs
from digest.rank import by_score
from digest.render import feeds
from digest.render.context import StoryView, TopicView, nav_items, newest_first
from digest.render.exports import (
    SEARCH_INDEX,
    ExportWriter,
    RecordFormat,
    search_format,
    stories_format,
)
from digest.render.keys import PageKeys, render_code
from digest.util import Ticker, default_templates_dir, iso, slugify

# Rounds of deferred pages (parallel.ROUND_ITEMS each) up to which a site is rendered in one
# round of workers beside the parent's own writes: the memory the parent copies meanwhile
# stays small (at 100,000 pages it would be hundreds of MB; see start_deferred).
OVERLAP_ROUNDS = 3


class TemplateCode(BytecodeCache):
    """The templates' compiled code, kept in the state (``Store.template_code``) between
    builds: compiling digest's templates took about 40 ms of every build that renders, and
    parsing them for the page keys' references (digest/render/keys.py) 15 ms more.

    Entries are read once, before any worker is forked, and new ones are only collected
    here (a forked worker's are lost with it: the state is written by the parent alone).
    Jinja checks compiled code against a checksum of the template's source, and references
    are kept with the source's digest. Every key names Jinja's version and digest's
    rendering code (which sets the environment's options), so a stale entry is made again,
    never used. Compiled code is kept by template name and file, references by name, so
    entries do not pile up: those of another version, and code whose file is gone (a
    template deleted, the project moved), are dropped.
    """

    def __init__(self, kept: Mapping[str, bytes] | None = None) -> None:
        self._prefix = f"{jinja2.__version__}:{render_code().hex()[:16]}:"
        every = dict(kept or {})
        self.kept = {key: value for key, value in every.items() if self._current(key)}
        self.changed = len(self.kept) != len(every)

    def _current(self, key: str) -> bool:
        if not key.startswith(self._prefix):
            return False
        kind, _sep, rest = key[len(self._prefix):].partition(":")
        return kind != "code" or os.path.isfile(rest.partition("|")[2])

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """Jinja's bucket key for a template: its name and file, readable (see _current)."""
        return f"code:{name}|{filename or ''}"

    def load_bytecode(self, bucket: Any) -> None:
        blob = self.kept.get(self._prefix + bucket.key)
        if blob is not None:
            bucket.bytecode_from_string(blob)  # a stale or damaged entry leaves it empty

    def dump_bytecode(self, bucket: Any) -> None:
        self.kept[self._prefix + bucket.key] = bucket.bytecode_to_string()
        self.changed = True

    def references(self, name: str, source: bytes) -> tuple[tuple[str, ...] | None] | None:
        blob = self.kept.get(f"{self._prefix}refs:{name}")
        try:
            found = json.loads(blob) if blob is not None else None
            if not isinstance(found, dict) or found.get("source") != source.hex():
                return None
            names = found["names"]
        except (ValueError, KeyError):
            return None  # damaged: parsed again
        if names is None:
            return (None,)
        if isinstance(names, list) and all(isinstance(n, str) for n in names):
            return (tuple(names),)
        return None

    def keep_references(self, name: str, source: bytes, names: tuple[str, ...] | None) -> None:
        key = f"{self._prefix}refs:{name}"
        value = json.dumps({"source": source.hex(), "names": names}).encode()
        if self.kept.get(key) != value:
            self.kept[key] = value
            self.changed = True


def user_templates(config: Config) -> Path | None:
    """The user's templates folder, when there is one besides digest's own."""
    user = config.templates_dir
    if os.path.isdir(user) and user.resolve() != default_templates_dir().resolve():
        return user
    return None


def make_environment(config: Config, code: TemplateCode | None = None) -> Environment:
    """Templates from the user's folder first, then digest's defaults. ``code``: compiled
    templates kept from earlier builds (TemplateCode)."""
    folders = []
    user = user_templates(config)
    if user is not None:
        _check_text(user)
        folders.append(str(user))
    folders.append(str(default_templates_dir()))
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(folders)]),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build: no stat per page
        bytecode_cache=code,
    )
    env.filters["rfc822"] = lambda d: format_datetime(d, usegmt=True)
    env.filters["iso"] = iso
    env.filters["human_date"] = human_date
    env.filters["atom_id"] = feeds.atom_id
    return env


_TEMPLATE_SUFFIXES = (".html", ".htm", ".xml", ".txt", ".j2", ".jinja", ".jinja2")


def _check_text(folder: Path) -> None:
    """Every template in the user's ``folder`` is UTF-8 text: Jinja reads one that is not
    before rendering begins, and its error names no file (a traceback, before)."""
    for top, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith(".") or not name.lower().endswith(_TEMPLATE_SUFFIXES):
                continue
            path = os.path.join(top, name)
            try:
                with open(path, "rb") as handle:
                    handle.read().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise DigestError(
                    path, f"the template is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} "
                    f"at position {exc.start:,})",
                    "save it as UTF-8 (in most editors: Save As, encoding UTF-8)",
                ) from exc
            except OSError:
                continue  # Jinja says what it cannot read, when the template is used


_UNDEFINED_NAME = re.compile(r"'(\w+)' is undefined")


def template_error(
    env: Environment, exc: Exception, page: str, given: Iterable[str]
) -> DigestError | None:
    """What a failure to render ``page`` (a template name) tells the user: the template file
    at fault (an included or extended one, not always ``page``), its line and what to do.
    ``given``: the names the page is rendered with, listed when one the template uses is
    undefined. None when no template is at fault (``exc`` is not a TemplateError and passed
    through no template line: a bug of digest's own, left to raise)."""
    folders = _search_folders(env)
    frame = _template_line(exc, folders)
    if isinstance(exc, TemplateSyntaxError):
        # raised where the template was parsed: its file and line, not the page's
        file = exc.filename or (frame[0] if frame else None)
        at = _named_at(file, exc.name or page, exc.lineno, folders)
        problem = f"template syntax error: {exc.message or exc}"
        shown = _source_line(exc.source, exc.lineno)
        if shown:
            problem += f" in: {shown}"
        fix = ("correct that line: {{ ... }} prints a value and {% ... %} is a tag, each "
               "closed by its own pair (}} or %}); a block tag such as {% if %} or {% for %} "
               "needs its {% endif %} or {% endfor %}")
        return DigestError(at, problem + _while(page, exc.name), fix)
    file, line = frame if frame else (None, None)
    at = _named_at(file, None if file else page, line, folders)
    while_page = _while(page, _name_in(file, folders) if file else page)
    if isinstance(exc, TemplateNotFound):
        return DigestError(
            at, f"template not found: {exc.name} (looked in {_looked_in(folders)})"
            + while_page, _not_found_fix(env, str(exc.name), folders),
        )
    names = sorted(set(given))
    if isinstance(exc, UndefinedError):
        missing = _UNDEFINED_NAME.fullmatch(exc.message or "")
        if missing:
            close = difflib.get_close_matches(missing.group(1), names, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            return DigestError(
                at, f"'{missing.group(1)}' is undefined{while_page}; the template is given: "
                f"{', '.join(names)}",
                f"{hint}use one of the names it is given (or a variable it sets itself with "
                "{% set %} or {% for %})",
            )
        if "has no attribute" in (exc.message or ""):
            return DigestError(
                at, f"{exc.message}{while_page}",
                "check the name after the dot at that line (write {% if x.name is defined %} "
                "around a value that may be missing)",
            )
        return DigestError(at, f"{exc.message}{while_page}", "fix the template at that line")
    if not isinstance(exc, TemplateError) and frame is None:
        return None
    return DigestError(at, f"failed to render: {type(exc).__name__}: {exc}{while_page}",
                       "fix the template at that line")


def _search_folders(env: Environment) -> list[str]:
    """The folders ``env`` loads templates from, the user's first (see make_environment)."""
    loaders = env.loader.loaders if isinstance(env.loader, ChoiceLoader) else [env.loader]
    return [os.path.normpath(folder) for loader in loaders
            if isinstance(loader, FileSystemLoader) for folder in loader.searchpath]


def _template_line(exc: BaseException, folders: list[str]) -> tuple[str, int] | None:
    """The innermost template file and line ``exc`` was raised through. Jinja rewrites a
    render error's traceback (jinja2/debug.py) so each template's frame has the template's
    file for its code's file name and the template's line for its line number."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if any(name.startswith(folder + os.sep) for folder in folders):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _name_in(file: str, folders: list[str]) -> str:
    """The template name of ``file`` (its path inside the folder it was loaded from)."""
    for folder in folders:
        if file.startswith(folder + os.sep):
            return file[len(folder) + 1 :].replace(os.sep, "/")
    return Path(file).name


def _named_at(file: str | None, name: str | None, line: int | None, folders: list[str]) -> str:
    """A template as a message names it: the user's copy by its name and full path (the file
    to edit), digest's own as "the built-in template NAME"; with its line."""
    at = f", line {line}" if line else ""
    if not file:
        return f"template {name}{at}"
    name = _name_in(file, folders)
    if len(folders) > 0 and file.startswith(folders[-1] + os.sep):
        return f"the built-in template {name}{at}"
    return f"template {name} ({file}{at})"


def _while(page: str, name: str | None) -> str:
    return f" (while rendering {page})" if name and name != page else ""


def _source_line(source: str | None, line: int | None) -> str:
    if not source or not line:
        return ""
    lines = source.splitlines()
    return lines[line - 1].strip()[:120] if 0 < line <= len(lines) else ""


def _looked_in(folders: list[str]) -> str:
    builtin = "the built-in theme"
    return f"{folders[0]} and {builtin}" if len(folders) > 1 else builtin


def _not_found_fix(env: Environment, missing: str, folders: list[str]) -> str:
    try:
        known = env.list_templates()
    except (OSError, TypeError):
        known = []
    close = difflib.get_close_matches(missing, known, n=1, cutoff=0.8)
    if close:
        return f"did you mean '{close[0]}'? correct the name at that line"
    if len(folders) > 1:
        return f"correct the name at that line, or create {Path(folders[0]) / missing}"
    return "correct the name at that line, or create the template in your templates folder"


def human_date(value: datetime) -> str:
    return f"{value.day} {value:%b %Y, %H:%M} UTC"


def static_dirs(config: Config) -> list[Path]:
    """digest's static files first, then the user's: a same-name user file wins."""
    default = default_templates_dir() / "static"
    user = config.templates_dir / "static"
    return [d for d in (default, user) if d.is_dir()]


def static_files(config: Config) -> dict[str, bytes]:
    """Every static file by its path under static/, the user's replacing digest's."""
    files: dict[str, bytes] = {}
    for folder in static_dirs(config):
        for file in sorted(folder.rglob("*")):
            if file.is_file() and not file.name.startswith("."):
                files[file.relative_to(folder).as_posix()] = file.read_bytes()
    return dict(sorted(files.items()))


@dataclass(frozen=True)
class DayView:
    key: str  # 2026-11-24
    name: str  # 24 November 2026
    path: str  # archive/2026-11-24/
    stories: tuple[StoryView, ...]


@dataclass(frozen=True)
class MonthView:
    key: str  # 2026-11
    name: str  # November 2026


@dataclass(frozen=True)
class HealthView:
    """What the state knows of a remote source's fetching (digest.store.SourceState)."""

    failing: bool
    failures: int
    last_error: str | None
    last_success: datetime | None


@dataclass(frozen=True)
class SourceView:
    name: str
    slug: str
    home: str | None
    feed: str | None  # remote sources: the URL fetched
    count: int
    latest: tuple[StoryView, ...]
    latest_date: datetime | None
    health: HealthView | None = None


def _as_reported_by(name: str, stories: list[StoryView]) -> list[StoryView]:
    """``stories`` as the source ``name`` reported them: each dated by that source's own
    report (a story's date is its first report's, often another outlet's), newest first."""
    dated = []
    for story in stories:
        when = next((r.published for r in story.reports
                     if r.name == name and r.published is not None), None)
        if when is not None and when != story.published:
            story = replace(story, published=when, key_hint=story.text_key)
        dated.append(story)
    return sorted(dated, key=lambda s: (s.published, s.id), reverse=True)


def archive_days(ordered: Sequence[StoryView]) -> list[DayView]:
    """One view per UTC day that has stories, newest day first; stories newest first."""
    by_day: dict[str, list[StoryView]] = {}
    for story in ordered:
        # isoformat, not strftime: four digits for any year, so the keys sort by time
        by_day.setdefault(story.published.date().isoformat(), []).append(story)
    days = []
    for key in sorted(by_day, reverse=True):
        first = by_day[key][0].published
        days.append(
            DayView(key, f"{first.day} {first:%B %Y}", f"archive/{key}/", tuple(by_day[key]))
        )
    return days


def source_views(
    config: Config, ordered: Sequence[StoryView], health: Sequence[Any] = (), latest: int = 5
) -> list[SourceView]:
    """Every source: configured ones and every name seen in a story, sorted by name.

    ``health``: digest.store.SourceState rows (keyed by the configured URL); remote sources
    configured in digest.toml get a health line from them.
    """
    configured = {}
    for src in config.sources:
        name = src.name or (urlsplit(src.location).hostname if src.is_remote else None)
        if name:
            configured[name] = src
    states = {state.key: state for state in health}
    stories_of: dict[str, list[StoryView]] = {}
    for story in ordered:
        # its publishers', and an aggregator's it came through (a configured Google News
        # feed lists the stories it found, each credited to its publisher)
        for name in dict.fromkeys([*(link.name for link in story.sources), *story.via]):
            stories_of.setdefault(name, []).append(story)
    views = []
    used: set[str] = set()
    for name in sorted({*stories_of, *configured}, key=lambda n: (n.casefold(), n)):
        src = configured.get(name)
        stories = _as_reported_by(name, stories_of.get(name, []))
        state = states.get(src.location) if src is not None else None
        view_health = None
        if state is not None:
            view_health = HealthView(
                failing=state.flagged(config.fetch.flag_after),
                failures=state.failures,
                last_error=state.last_error,
                last_success=state.last_success,
            )
        slug = slugify(name, 40)
        while slug in used:
            slug += "-x"
        used.add(slug)
        views.append(
            SourceView(
                name=name,
                slug=slug,
                home=src.home if src is not None else None,
                feed=(state.feed_url if state and state.feed_url else src.location)
                if src is not None and src.is_remote
                else None,
                count=len(stories),
                latest=tuple(stories[:latest]),
                latest_date=stories[0].published if stories else None,
                health=view_health,
            )
        )
    return views


def about_page(config: Config) -> tuple[str, str, Markup]:
    """(heading, summary, body HTML) of content/about.md; a short default if absent."""
    from markdown_it import MarkdownIt

    path = config.content_dir / "about.md"
    if path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        text = f"# About {config.site.title}\n\n{config.site.description}\n"
    lines = text.strip().splitlines()
    heading = "About"
    if lines and lines[0].startswith("# "):
        heading = lines[0][2:].strip()
    else:
        text = f"# {heading}\n\n{text}"
    paragraphs = [
        p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip() and p[0].isalnum()
    ]
    summary = " ".join(paragraphs[0].split()) if paragraphs else config.site.description
    # The about page is the site owner's own text (not an untrusted feed): raw HTML is off.
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    return heading, summary, Markup(body)


# What a share of pages did: its page keys, pages rendered, files carried over, and the
# indexes of the exports it wrote (digest/render/exports.py).
_Done = tuple[list[tuple[str, str]], int, int, list[tuple[str, bytes]]]


@dataclass(frozen=True)
class _Deferred:
    """A page to render later, maybe in a forked worker; its file is reserved already."""

    template: str
    target: str  # its file in the site
    path: str  # the same, checked (SiteWriter.reserve)
    full: str  # the file to write
    root: str
    page_path: str
    context: dict[str, Any]


@dataclass(frozen=True)
class _DeferredData:
    """A JSON export, made by code, not a template, with the deferred pages; its file is
    reserved already."""

    target: str
    path: str
    full: str
    values: Any  # what it is made of (the page key's input); None: no key, always made
    export: ExportWriter  # writes it, and keeps its index for the next build


class SiteRenderer:
    """Renders pages through the templates into a SiteWriter, carrying over (hard-linking
    from the live build) those whose page key is unchanged.

    ``page(..., defer=True)`` only reserves the page's file; ``start_deferred()`` then
    renders the deferred pages in forked workers (``[build] jobs``, digest/parallel.py) while
    the caller goes on with other files, and ``finish_deferred()`` waits for them. Keys,
    carrying over, rendering and writing happen in the workers; the bytes are the same as
    one process makes.
    """

    def __init__(
        self,
        config: Config,
        writer: SiteWriter,
        previous_keys: dict[str, str] | None = None,
        *,
        keyed: bool = True,
        previous_exports: dict[str, bytes] | None = None,
        code: TemplateCode | None = None,
        pictures: bool = False,
    ) -> None:
        """``previous_keys``: the live build's page keys (digest/render/keys.py); a page
        whose key is unchanged is carried over instead of rendered. ``keyed``: False turns
        the keys off (every page is rendered). ``previous_exports``: the indexes of the
        live build's exports (digest/render/exports.py), kept with its page keys.
        ``code``: compiled templates kept from earlier builds (TemplateCode).
        ``pictures``: some story shows a picture copied into media/ (digest/media.py),
        whose address each page then gets as its own."""
        self.config = config
        self.pictures = pictures
        self.writer = writer
        self.code = code
        self.env = make_environment(config, code)
        self.pages = 0
        self.rendered = 0  # pages rendered (the rest were carried over by their key)
        self.html_pages: list[tuple[str, datetime | None]] = []  # for the sitemap
        self.keys = PageKeys(self.env, previous_keys, code) if keyed else None
        self.previous_exports = (previous_exports or {}) if keyed else {}
        self.exports: dict[str, bytes] = {}  # this build's export indexes, by file
        self.common: dict[str, Any] = {}
        self.set_common({})
        self._deferred: list[_Deferred] = []
        self._data: list[_DeferredData] = []
        self._shares: Shares[_Done] | None = None
        self._rounds: list[list[_Deferred]] = []
        self._jobs = 1
        self._small = True  # one round of workers (start_deferred)
        self._running = 0  # pages in the round of workers under way
        self.progress: Callable[[str], None] | None = None  # hears how far rendering got

    def set_common(self, common: dict[str, Any]) -> None:
        """Values every page gets besides the site settings (the navigation)."""
        self.common = common
        if self.keys is not None:
            self.keys.set_common(
                {"site": self.config.site, "search_enabled": self.config.search.enabled,
                 **common}
            )

    def page(
        self,
        template: str,
        path: str,
        *,
        root: str | None = None,
        modified: datetime | None = None,
        sitemap: bool = True,
        defer: bool = False,
        **context: Any,
    ) -> None:
        """Render ``template`` to ``path`` (a folder path ending in / gets index.html).
        ``defer``: reserve the file now, render it with the other deferred pages (above).

        Links in pages are relative (``root`` is "../" per level), so the site works from
        file:// and from any sub-path; the 404 page passes an absolute ``root`` instead, as
        GitHub Pages serves it at any depth.
        """
        target = path + "index.html" if path.endswith("/") or not path else path
        if root is None:
            root = "../" * target.count("/")
        if sitemap and target.endswith(".html"):
            self.html_pages.append((self.config.site.base_url + path, modified))
        self.pages += 1
        checked, full = self.writer.reserve(target)
        item = _Deferred(template, target, checked, full, root, path, context)
        if defer:
            self._deferred.append(item)
        else:
            self._count([self._render_share([item])])

    def feed_sources(self, story: StoryView) -> str:
        """What the feeds print after a story's text (templates/_feed_sources.html): the
        RSS and Atom templates include it, the JSON Feed (written in Python) renders it."""
        name = "_feed_sources.html"
        try:
            return self.env.get_template(name).render(s=story)
        except Exception as exc:
            error = template_error(self.env, exc, name, ("s",))
            if error is None:
                raise
            raise error from exc

    def _render(self, template: str, root: str, path: str, context: dict[str, Any]) -> str:
        values = {
            "site": self.config.site,
            "root": root,
            "path": path,
            "canonical": self.config.site.base_url + path,
            "search_enabled": self.config.search.enabled,
            **self.common,
            **context,
        }
        try:
            text = self.env.get_template(template).render(values)
        except Exception as exc:  # a template's own error (even a ZeroDivisionError) names it
            error = template_error(self.env, exc, template, values)
            if error is None:
                raise
            raise error from exc
        if self.pictures:
            # a page links to media/ as to any page of the site (relative); a feed is read
            # away from the site, so it names the site's address
            prefix = root if template.endswith(".html") else self.config.site.base_url
            text = site_addresses(text, prefix)
        return text

    def export(self, target: str, values: Any, form: RecordFormat) -> None:
        """Write the export ``target``, a record of each of ``values`` (story views) in
        ``form``, with the deferred pages (in a worker when they are: see start_deferred),
        copying the records of unchanged stories from the live build's file
        (digest/render/exports.py). A form that prints nothing that moves with the clock
        has ``values`` for its key: the live build's file is carried over when they are
        unchanged. Else the file is made every time (bytes the same as the live build's
        still keep its file)."""
        keys = self.keys
        old = None
        if keys is not None and target in self.previous_exports and self.writer.previous:
            old = (self.writer.previous / target, self.previous_exports[target])
        writer = ExportWriter(
            form, values, keys.view_digest if keys is not None else None,
            keys.code if keys is not None else b"", old,
        )
        self.pages += 1
        path, full = self.writer.reserve(target)
        self._data.append(
            _DeferredData(target, path, full, None if form.clocked else values, writer)
        )

    def _write_data(self, item: _DeferredData) -> _Done:
        """Make (or carry over) a reserved data file, in a worker or here; as _render_share."""
        self.writer.make_folder(item.path)
        keys: list[tuple[str, str]] = []
        if self.keys is not None and item.values is not None:
            key = self.keys.data_key(item.target, item.values)
            keys.append((item.target, key))
            if self.keys.unchanged(item.target, key) and self.writer.carry(
                item.path, item.full
            ):
                # the same file: the live build's export index still describes it
                old = self.previous_exports.get(item.target)
                return keys, 0, 1, [(item.target, old)] if old is not None else []
        reused = self.writer.put_chunks(item.path, item.full, item.export.chunks())
        index = item.export.index(item.full)
        # "Rendered" counts what a key let be carried over, or --full made again: a file
        # with no key is made every time, so it is not counted.
        return (keys, int(item.values is not None), int(reused),
                [(item.target, index)] if index is not None else [])

    def warm(self, template: str, values: Any) -> None:
        """See PageKeys.warm: call before start_deferred with values many pages share."""
        if self.keys is not None:
            self.keys.warm(template, values)

    def start_deferred(self) -> None:
        """Start rendering the deferred pages: in ``[build] jobs`` forked workers when there
        are enough of them to pay for the fork, else in this process at ``finish_deferred``.

        A site of up to ``OVERLAP_ROUNDS`` rounds of pages is rendered in one round of
        workers while the caller goes on. A larger one is rendered in rounds of
        ``ROUND_ITEMS`` pages, each by new workers, from ``finish_deferred``, when the caller
        no longer touches the views itself (which would copy them, once for every process):
        what a worker copies of this process's memory (it touches objects, and allocates
        into pages it shares with this process) is given back at the end of its round."""
        if self._shares is not None:
            raise RuntimeError("deferred pages are being rendered already")
        self._compile({item.template for item in self._deferred})
        many = len(self._deferred) >= MIN_ITEMS
        self._jobs = resolve_jobs(self.config.build.jobs) if many else 1
        small = self._small = len(self._deferred) <= OVERLAP_ROUNDS * parallel.ROUND_ITEMS
        # (a round more costs an incremental build 0.1 s of forking and waiting at 10,000)
        size = max(1, len(self._deferred)) if small else parallel.ROUND_ITEMS
        self._rounds = [
            self._deferred[start : start + size] for start in range(0, len(self._deferred), size)
        ]
        data, self._data = self._data, []
        if small:
            # The deferred data files go first in the first round: workers make them while
            # this process writes the rest (an incremental build renders few pages, and the
            # exports were most of what it waited for).
            self._shares = self._start_round(self._rounds.pop(0) if self._rounds else [], data)
        else:  # a large site: its workers start later; the exports would copy every view
            self._count([self._write_data(item) for item in data])

    def _compile(self, names: Iterable[str]) -> None:
        """Compile (or load) the deferred pages' templates here, before the fork: each worker
        would compile them again, and only this process keeps them for the next build."""
        for name in sorted(names):
            try:
                self.env.get_template(name)
            except (TemplateError, OSError, UnicodeDecodeError):
                pass  # the page that uses it reports the problem

    def _start_round(
        self, items: list[_Deferred], data: Sequence[_DeferredData] = ()
    ) -> Shares[_Done]:
        jobs = self._jobs
        first = len(data)  # shares 0 .. first-1 make the data files, one each
        self._running = len(items)

        def share(index: int, count: int) -> _Done:
            if index < first:
                return self._write_data(data[index])
            at, shares = index - first, count - first
            if self._small:  # every share-th page: the few to render are spread evenly
                return self._render_share(items[at::shares])
            # A large site: a run of neighbouring pages (a topic's pages, a run of days), so
            # each worker touches, and so copies, the views of its own pages' stories only
            # (at 100,000 the first round's peak fell from 1,928 to 1,848 MiB).
            return self._render_share(
                items[at * len(items) // shares : (at + 1) * len(items) // shares]
            )

        return Shares(share, first + (jobs * 8 if jobs > 1 else 1), jobs)

    def finish_deferred(self) -> None:
        """Wait for the deferred pages (rendering them here if no worker did)."""
        if self._shares is None and not self._rounds and (self._deferred or self._data):
            self.start_deferred()
        results = []
        ticker = Ticker(self.progress, "rendered", len(self._deferred), "pages") \
            if self.progress is not None else None
        while self._shares is not None or self._rounds:
            if self._shares is None:
                self._shares = self._start_round(self._rounds.pop(0))
            try:
                results.extend(self._shares.results())
            finally:
                self._shares = None
            if ticker is not None:  # a large site renders in rounds: say how far it got
                ticker.add(self._running)
        self._count(results)
        self._deferred = []

    def _count(self, results: Iterable[_Done]) -> None:
        """Take in what shares of pages did: their keys, pages rendered, files carried over."""
        for keys, rendered, reused, exports in results:
            if self.keys is not None:
                for target, key in keys:
                    self.keys.record(target, key)
            self.rendered += rendered
            self.writer.reused += reused
            self.exports.update(exports)

    def cancel_deferred(self) -> None:
        """Stop the workers (a build that failed elsewhere)."""
        self._rounds = []
        if self._shares is not None:
            self._shares.cancel()
            self._shares = None

    def _render_share(self, items: list[_Deferred]) -> _Done:
        """Render (or carry over) ``items``, reserved pages (in a worker, or here).
        Returns (page keys, pages rendered, files the same as the live build's)."""
        keys: list[tuple[str, str]] = []
        rendered = reused = 0
        for item in items:
            self.writer.make_folder(item.path)
            if self.keys is not None:
                key = self.keys.key(
                    item.template, item.target,
                    {"root": item.root, "path": item.page_path, **item.context},
                )
                keys.append((item.target, key))
                if self.keys.unchanged(item.target, key) and self.writer.carry(
                    item.path, item.full
                ):
                    reused += 1
                    continue
            text = self._render(item.template, item.root, item.page_path, item.context)
            reused += self.writer.put(item.path, item.full, text.encode("utf-8"))
            rendered += 1
        return keys, rendered, reused, []


@dataclass(frozen=True)
class TopicPage:
    """One page of a topic (see topic_pages)."""

    path: str
    stories: tuple[StoryView, ...]
    newer: str | None  # the path of the page of newer stories, if any
    older: str | None  # ... and of older ones
    span: str  # the days its stories are from ("" on the topic's front page)


def _span(stories: Sequence[StoryView]) -> str:
    """"3 – 9 November 2026" for a page's stories (newest first)."""
    new, old = stories[0].published, stories[-1].published
    last = f"{new.day} {new:%B %Y}"
    if (old.year, old.month, old.day) == (new.year, new.month, new.day):
        return last
    if (old.year, old.month) == (new.year, new.month):
        return f"{old.day} – {last}"
    first = f"{old.day} {old:%B}" if old.year == new.year else f"{old.day} {old:%B %Y}"
    return f"{first} – {last}"


def topic_pages(topic: TopicView, size: int) -> list[TopicPage]:
    """A topic's pages, numbered from its oldest stories so that a page, once made, keeps
    its stories and its address (topics/<slug>/page/1/ holds the oldest ``size``); new
    stories change the front page only, and move ``size`` of them to a new page at a time.

    The front page (topics/<slug>/) shows the topic's top stories, then its newest stories
    not yet on a numbered page: ``size`` to ``2 * size - 1`` of them, or all when fewer.
    Each other page holds ``size`` stories, newest first. (Top stories are picked by score,
    which moves with the clock, so the numbered pages do not leave them out: an older top
    story is also on the numbered page its date puts it on.)
    """
    ordered = newest_first(list(topic.stories))
    full = max(0, len(ordered) // size - 1)  # numbered pages
    oldest = ordered[::-1]
    pages = []
    front = len(ordered) - full * size
    top = {s.id for s in topic.top}
    latest = tuple(topic.top) + tuple(s for s in ordered[:front] if s.id not in top)
    older = f"{topic.path}page/{full}/" if full else None
    pages.append(TopicPage(topic.path, latest, None, older, ""))
    for number in range(full, 0, -1):
        chunk = tuple(oldest[(number - 1) * size : number * size][::-1])
        newer = f"{topic.path}page/{number + 1}/" if number < full else topic.path
        older = f"{topic.path}page/{number - 1}/" if number > 1 else None
        pages.append(TopicPage(f"{topic.path}page/{number}/", chunk, newer, older, _span(chunk)))
    return pages


def render_site(
    config: Config,
    writer: SiteWriter,
    stories: list[StoryView],
    topics: list[TopicView],
    progress: Callable[[str], None] = lambda _m: None,
    *,
    now: datetime | None = None,
    health: Sequence[Any] = (),
    renderer: SiteRenderer | None = None,
) -> int:
    """Write every page, feed and export into ``writer``. Returns the number of files.

    ``now`` (the build's clock) only dates an empty feed; ``health``: the store's
    source_health() rows for the sources page; ``renderer``: one holding the live build's
    page keys, so unchanged pages are carried over (digest/render/keys.py). Nothing here
    reads the wall clock, so two builds of the same input are byte-identical.
    """
    site = config.site
    r = renderer or SiteRenderer(config, writer)
    r.progress = progress
    ordered = newest_first(stories)
    r.set_common({"nav": nav_items(topics)})
    newest = ordered[0].published if ordered else now

    # Home: the top stories of each topic (each story once), then the newest of the rest.
    # Ranking (digest/rank.py): "Top stories" by score lead the home page, each shown once.
    off_home = {t.slug for t in topics if not t.on_home}
    top = by_score(s for s in stories if s.topic not in off_home)[: config.ranking.top_n]
    shown: set[str] = {s.id for s in top}
    home_sections = []
    for topic in topics:
        if not (topic.stories and topic.on_home):
            continue
        picked = [s for s in topic.stories if s.id not in shown][: site.home_stories_per_topic]
        shown.update(s.id for s in picked)
        if picked:
            home_sections.append((topic, picked))
    hidden = {t.slug for t in topics if not t.on_home}  # [site] other_topic = "hide"
    rest = [s for s in ordered if s.id not in shown and s.topic not in hidden][: site.home_more]
    r.page("index.html", "", sections=home_sections, rest=rest, total=len(ordered), top=top,
           modified=newest)

    # Topic pages: topics/<slug>/, then numbered pages that keep their stories (topic_pages).
    # A numbered page gets the topic without its stories, so that a new story in the topic
    # leaves its page key, and so its file, as they were.
    for topic in topics:
        slim = replace(topic, stories=(), top=())
        for page in topic_pages(topic, site.page_size):
            front = page.path == topic.path
            r.page("topic.html", page.path, topic=topic if front else slim,
                   stories=page.stories, page=page,
                   modified=page.stories[0].published if page.stories else None, defer=True)

    # Archive: an index of days, and one page per day.
    days = archive_days(ordered)
    months: dict[str, tuple[MonthView, list[DayView]]] = {}
    for day in days:
        first = day.stories[0].published
        key = day.key[:7]
        months.setdefault(key, (MonthView(key, f"{first:%B %Y}"), []))[1].append(day)
    r.page("archive.html", "archive/", days=days, months=list(months.values()),
           total=len(ordered), modified=newest)
    # A day's neighbours go without their stories: a new story on one of them leaves this
    # day's page key as it was.
    around = [replace(day, stories=()) for day in days]
    for index, day in enumerate(days):
        r.page("day.html", day.path, day=day,
               newer=around[index - 1] if index > 0 else None,
               older=around[index + 1] if index + 1 < len(days) else None,
               modified=day.stories[0].published, defer=True)

    progress(f"rendering {len(ordered):,} story pages (a page whose story, templates and "
             "settings are unchanged is kept from the last build)")
    by_slug = {t.slug: t for t in topics}
    for story in ordered:
        secondary = [by_slug[t] for t in story.secondary_topics if t in by_slug]
        r.page("story.html", story.path, story=story, secondary=secondary,
               modified=story.published, defer=True)
    for template in ("topic.html", "story.html"):  # topic views, with every story in them
        r.warm(template, topics)
    r.warm("day.html", days)
    # The exports: every story, in worker processes with the pages (start_deferred).
    # A story at a time: never a whole export in memory (digest/render/exports.py).
    if config.search.enabled:
        r.export(SEARCH_INDEX, ordered, search_format())
    r.export("stories.json", ordered, stories_format())  # no key: it has scores
    r.start_deferred()  # in worker processes, while this one writes the rest
    try:
        files = _render_rest(config, writer, r, ordered, topics, health, newest, now)
        r.finish_deferred()
    except BaseException:
        r.cancel_deferred()
        raise
    return files


def _render_rest(
    config: Config,
    writer: SiteWriter,
    r: SiteRenderer,
    ordered: list[StoryView],
    topics: list[TopicView],
    health: Sequence[Any],
    newest: datetime | None,
    now: datetime | None,
) -> int:
    """The pages and files after the story pages; returns render_site's count."""
    site = config.site

    sources = source_views(config, ordered, health)
    r.page("sources.html", "sources/", sources=sources, modified=newest)
    heading, summary, body = about_page(config)
    r.page("about.html", "about/", heading=heading, summary=summary, body=body)
    r.page("404.html", "404.html", root=urlsplit(site.base_url).path, sitemap=False)
    if config.search.enabled:
        r.page("search.html", "search/", sitemap=False)

    # Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1, site-wide and per topic; newest N.
    limit = site.feed_items
    base = site.base_url
    channels = [("", site.title, site.description, ordered[:limit])]
    for topic in topics:
        channels.append(
            (
                topic.path,
                f"{site.title}: {topic.name}",
                topic.description or f"{topic.name} stories",
                list(topic.stories[:limit]),
            )
        )
    for prefix, title, description, items in channels:
        updated = max((s.updated or s.published for s in items), default=newest or now)
        if updated is None:
            raise DigestError("build", "an empty site needs the build's clock", "pass now")
        common = dict(title=title, description=description, link=base + prefix,
                      stories=items, updated=updated, sitemap=False)
        r.page("rss.xml", prefix + "feed.xml", self_url=base + prefix + "feed.xml", **common)
        r.page("atom.xml", prefix + "atom.xml", self_url=base + prefix + "atom.xml", **common)
        document = feeds.json_feed(
            title=title,
            description=description,
            home_page_url=base + prefix,
            feed_url=base + prefix + "feed.json",
            language=site.language,
            stories=items,
            sources=r.feed_sources,
        )
        writer.write(prefix + "feed.json", site_addresses(document, base))

    writer.write(
        "sources.opml",
        feeds.opml(site.title, (feeds.OpmlSource(s.name, s.feed, s.home) for s in sources)),
    )
    writer.write("sitemap.xml", feeds.sitemap(r.html_pages))
    writer.write("robots.txt", feeds.robots(base))
    writer.write(".nojekyll", "")
    extra = 7 + len(topics)  # the search index and stories.json are counted in r.pages
    if site.cname:
        writer.write("CNAME", site.cname.strip() + "\n")
        extra += 1
    statics = static_files(config)
    for name, data in statics.items():
        writer.write(f"static/{name}", data)
    return r.pages + extra + len(statics)
