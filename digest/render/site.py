"""The static site: pages through Jinja templates, feeds, and the JSON export."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    select_autoescape,
)

from digest.config import Config
from digest.errors import DigestError
from digest.output import SiteWriter
from digest.render.context import StoryView, TopicView, newest_first
from digest.util import iso


def default_templates_dir() -> Path:
    """The templates shipped with digest (inside the wheel, or at the repo root)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise DigestError("templates", "digest's own templates are missing", "reinstall digest")


def make_environment(config: Config) -> Environment:
    """Templates from the user's folder first, then digest's defaults."""
    folders = []
    user = config.templates_dir
    default = default_templates_dir()
    if user.is_dir() and user.resolve() != default.resolve():
        folders.append(str(user))
    folders.append(str(default))
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(folders)]),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["rfc822"] = lambda d: format_datetime(d, usegmt=True)
    env.filters["iso"] = iso
    env.filters["human_date"] = human_date
    return env


def human_date(value: datetime) -> str:
    return f"{value.day} {value:%b %Y, %H:%M} UTC"


def static_dirs(config: Config) -> list[Path]:
    default = default_templates_dir() / "static"
    user = config.templates_dir / "static"
    return [d for d in (default, user) if d.is_dir()]


class SiteRenderer:
    def __init__(self, config: Config, writer: SiteWriter) -> None:
        self.config = config
        self.writer = writer
        self.env = make_environment(config)
        self.pages = 0

    def page(self, template: str, path: str, **context: Any) -> None:
        """Render ``template`` to ``path`` (a folder path ending in / gets index.html)."""
        target = path + "index.html" if path.endswith("/") or not path else path
        depth = target.count("/")
        root = "../" * depth
        try:
            text = self.env.get_template(template).render(
                site=self.config.site,
                root=root,
                path=path,
                canonical=self.config.site.base_url + path,
                **context,
            )
        except TemplateError as exc:
            raise DigestError(
                f"template {template}", f"failed to render: {exc}", "fix the template"
            ) from exc
        self.writer.write(target, text)
        self.pages += 1


def render_site(
    config: Config,
    writer: SiteWriter,
    stories: list[StoryView],
    topics: list[TopicView],
    progress: Callable[[str], None] = lambda _m: None,
) -> int:
    """Write every page, feed and export into ``writer``. Returns the number of files."""
    r = SiteRenderer(config, writer)
    ordered = newest_first(stories)
    per_topic = config.site.home_stories_per_topic
    home_sections = [(t, t.stories[:per_topic]) for t in topics if t.stories and t.on_home]
    nav = [t for t in topics]
    common = {"nav": nav}

    r.page("index.html", "", sections=home_sections, total=len(ordered), **common)
    for topic in topics:
        r.page("topic.html", topic.path, topic=topic, **common)
    r.page("archive.html", "archive/", stories=ordered, **common)
    progress(f"rendering {len(ordered)} story pages")
    for story in ordered:
        r.page("story.html", story.path, story=story, **common)

    limit = config.site.feed_items
    base = config.site.base_url
    r.page(
        "rss.xml",
        "feed.xml",
        title=config.site.title,
        description=config.site.description,
        link=base,
        self_url=base + "feed.xml",
        stories=ordered[:limit],
    )
    for topic in topics:
        r.page(
            "rss.xml",
            topic.path + "feed.xml",
            title=f"{config.site.title}: {topic.name}",
            description=topic.description or f"{topic.name} stories",
            link=base + topic.path,
            self_url=base + topic.path + "feed.xml",
            stories=list(topic.stories[:limit]),
        )
    export = [story.as_json() for story in ordered]
    writer.write(
        "stories.json", json.dumps(export, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    )
    writer.write(".nojekyll", "")
    for folder in static_dirs(config):
        writer.copy_tree(folder, "static")
    return r.pages + 2
