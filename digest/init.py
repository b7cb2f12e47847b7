"""``digest init [FOLDER]``: a new project that a newcomer can build at once.

It writes ``digest.toml`` (a commented starting point), the four content folders with one
short sample article in ``articles/`` (so the first build shows a page), a ``content/README.md``
that says which file goes where, and a ``.gitignore`` for the built site and the state.

The settings file is generated from the dataclasses of ``digest.config``: every key shown, and
its value, is the real default (or an example for a key whose default is empty), so the file
cannot drift from what digest does without it. The built-in topics are not repeated: a
project that leaves ``[[topics]]`` out gets them, and keeps getting their improvements.

It never overwrites: an existing ``digest.toml`` or a non-empty ``content/`` stops it with an
error naming the file and the fix; ``--force`` then writes only the files that are missing.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import shlex
import textwrap
from collections.abc import Callable
from pathlib import Path

from digest.config import (
    CONFIG_NAME,
    DEFAULT_TOPICS,
    PREVIEW_URL,
    NewsletterConfig,
    PathsConfig,
    SiteConfig,
)
from digest.errors import DigestError
from digest.ingest import DUMP_SUFFIXES, FEED_SUFFIXES, MARKDOWN_SUFFIXES, PAGE_SUFFIXES

SAMPLE = "articles/welcome-example.md"
# What .gitignore needs: the built site (a symbolic link into .digest-builds/) and the state
IGNORED = ("/site", "/.digest-builds/", "/.digest/")


def _suffixes(suffixes: set[str]) -> str:
    return ", ".join(sorted(suffixes))


# The content folders a build reads, and what goes in each (the suffixes are the readers' own)
FOLDERS = (
    ("feeds", f"RSS, Atom and JSON Feed files ({_suffixes(FEED_SUFFIXES)})"),
    ("articles", f"Markdown articles ({_suffixes(MARKDOWN_SUFFIXES)})"),
    ("scraped", f"text dumps copied from news pages ({_suffixes(DUMP_SUFFIXES)})"),
    ("pages", f"saved web pages ({_suffixes(PAGE_SUFFIXES)})"),
)


# ---------------------------------------------------------------- digest.toml

# A short "why" beside each key; a key without one is shown bare.
_SITE_NOTES = {
    "title": "the name readers see",
    "description": "under the title, and in the feeds",
    "language": "the pages' language (en, de, es, ...)",
    "home_stories_per_topic": "stories of each topic on the home page",
    "feed_items": "items in each RSS, Atom and JSON feed",
    "other_topic_name": "the section of stories that fit no topic",
    "other_topic": '"show", "hide" (off the home page), "drop"',
    "page_size": "stories per topic or archive page",
    "home_more": "other stories at the foot of the home page",
    "cname": "a custom domain (GitHub Pages): site/CNAME",
}
_PATHS_NOTES = {
    "content": "holds feeds/, articles/, scraped/, pages/",
    "output": "where the site is written",
    "state": "what digest remembers between builds",
    "templates": "make it first: its files override the theme",
}
_NEWSLETTER_NOTES = {
    "sender": "the From address",
    "to": "the To of the preview .eml",
    "subject": "also {date} and {stories}",
    "list_id": "default: the host of base_url",
    "unsubscribe_url": "one-click (RFC 8058)",
    "recipients": 'one address a line, or CSV with "email"',
    "smtp_host": "the mail relay",
    "smtp_security": '"starttls" (587), "ssl" (465), "none"',
    "smtp_timeout": "seconds",
    "smtp_cafile": "extra CA certificates (a private relay)",
    "first_issue_days": "days the first issue covers",
}
# Examples for keys whose default is empty (an empty value teaches nothing)
_EXAMPLES = {
    "cname": "news.example.org",
    "to": "Readers <readers@example.org>",
    "list_id": "news.example.org",
    "unsubscribe_url": "https://example.org/unsubscribe?email={email}",
    "unsubscribe_mailto": "unsubscribe@example.org",
    "recipients": "subscribers.txt",
    "smtp_cafile": "relay-ca.pem",
}
_TOML_NAMES = {"sender": "from"}  # NewsletterConfig.sender is the TOML key "from"


def toml_value(value: object) -> str:
    """A default as TOML writes it: "text" (escaped), true/false, numbers, paths with "/"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Path):
        value = value.as_posix()
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if ord(c) >= 32 else f"\\u{ord(c):04x}" for c in text) + '"'


def _key_lines(
    kind: type, notes: dict[str, str], shown: dict[str, object] | None = None,
    examples: dict[str, object] | None = None,
) -> list[str]:
    """One line per field of the dataclass ``kind``: ``key = default  # note``. The keys in
    ``shown`` are written active with that value, the others commented out with their
    default (or their example, for a default that is empty)."""
    shown = shown or {}
    examples = {**_EXAMPLES, **(examples or {})}
    lines = []
    for spec in dataclasses.fields(kind):
        name = spec.name
        active = name in shown
        value = shown[name] if active else examples.get(name, spec.default)
        line = f"{'' if active else '# '}{_TOML_NAMES.get(name, name)} = {toml_value(value)}"
        note = notes.get(name)
        lines.append(f"{line:<36}  # {note}" if note else line)
    return lines


# [site] base_url: active (the preview's address, the default) under what to do about it
_BASE_URL = (
    "# The address the site is published at. Until you set it, the feeds, sitemap.xml and",
    "# stories.json link to this machine's preview. Set it before publishing, e.g. for",
    '# GitHub Pages: base_url = "https://<user>.github.io/<repo>/"',
    f"base_url = {toml_value(PREVIEW_URL)}",
)


def settings_text(title: str) -> str:
    """The digest.toml that ``digest init`` writes, for a site called ``title``."""
    site = SiteConfig(title=title)
    active = {"title": site.title, "description": site.description, "language": site.language}
    site_lines: list[str] = []
    for line in _key_lines(SiteConfig, _SITE_NOTES, active):
        site_lines.extend(_BASE_URL if line.startswith("# base_url =") else (line,))
    topics = ", ".join(topic.name for topic in DEFAULT_TOPICS)
    parts = [
        "# digest settings. Every key is optional: a key left out (or commented out) takes the",
        "# default shown. Each command's --help has examples; the README lists every section.",
        "",
        "[site]",
        *site_lines,
        "",
        "[paths]                               # relative to this file",
        *_key_lines(PathsConfig, _PATHS_NOTES),
        "",
        textwrap.fill(
            f"Topics: with no [[topics]] here, the built-in sections are used ({topics}; a "
            f'story that fits none goes to "{site.other_topic_name}"). A [[topics]] table here '
            "replaces them all: how to write one (slug, name, aliases, keywords and their "
            'weights) is in docs/topics.md, "Configuration".',
            88, initial_indent="# ", subsequent_indent="# ",
        ),
        "",
        "# Feeds on the web. Files in content/ need no entry here. A feed reader's list of",
        "# subscriptions (OPML) adds one table per feed: digest opml subscriptions.opml --append",
        "# [[sources]]",
        '# name = "Example News"               # optional: the feed\'s own title otherwise',
        '# url = "https://news.example/feed.xml"  # an RSS, Atom or JSON feed, or its site',
        '# category = "Technology"             # optional: a topic hint',
        "",
        "# The email newsletter: `digest newsletter` writes the next issue (.eml), --send mails",
        "# it. The SMTP login comes only from DIGEST_SMTP_USER and DIGEST_SMTP_PASSWORD.",
        "# [newsletter]",
        *_key_lines(NewsletterConfig, _NEWSLETTER_NOTES,
                    examples={"sender": f"{title} <digest@example.org>"}),
        "",
        "# More sections, all optional, are described in the README and docs/: [fetch],",
        "# [ranking], [search], [dedupe], [build] and [limits].",
        "",
    ]
    return "\n".join(parts)


def title_for(folder: Path) -> str:
    """A site title from the project folder's name ("harbour-news" -> "Harbour News"), or
    the built-in default when the name has no letters."""
    words = [w for w in re.split(r"[-_.\s]+", folder.resolve().name) if w]
    if not any(c.isalpha() for w in words for c in w):
        return SiteConfig.title
    return " ".join(w[:1].upper() + w[1:] for w in words)[:80]


# ---------------------------------------------------------------- the other files

SAMPLE_TEXT = """\
---
title: "Welcome: This Example Story Shows Your Digest Works"
summary: "An example written by digest init. Delete it once your own news is in."
tags: [example]
---

This story is an example. `digest init` wrote it so that your first build has a page to
show. Delete `content/articles/welcome-example.md` once your own articles and feeds are in.

## Where your news goes

- `content/feeds/`: RSS, Atom and JSON Feed files.
- `content/articles/`: Markdown articles like this one, with a title between `---` lines.
- `content/scraped/`: plain text copied from a news page, one article a file.
- `content/pages/`: web pages saved from a browser.

A feed on the web goes into `digest.toml`: copy the commented example of a source there
and give it the feed's address.

Run `digest build` after each change, or `digest serve` to preview the site while it
rebuilds itself.
"""


def content_readme() -> str:
    lines = [
        "# Content",
        "",
        "digest reads every file in these folders on each build, with no settings to edit:",
        "",
        *[f"- `{name}/`: {what}" for name, what in FOLDERS],
        "",
        "An `about.md` here becomes the site's About page. Files whose names start with `.`",
        "or `_` are skipped. Feeds on the web go into `digest.toml` as `[[sources]]` tables.",
        "",
    ]
    return "\n".join(lines)


def empty_content_note(content_dir: Path) -> str:
    """What a build that found no input at all says: where each kind of file goes."""
    where = ", ".join(f"{what.split(' (')[0]} in {content_dir / name}/" for name, what in FOLDERS)
    return (
        f"note: nothing to read: put {where}; or add a feed on the web to digest.toml "
        '([[sources]] url = "https://..."). digest init makes a project with a sample article.'
    )


# ---------------------------------------------------------------- making the project


def _refusals(folder: Path) -> list[str]:
    """What is in the way of a new project in ``folder``: an existing settings file, a
    content folder that holds anything."""
    found = []
    if (folder / CONFIG_NAME).exists():
        found.append(str(folder / CONFIG_NAME))
    content = folder / "content"
    if content.is_dir():
        if _holds_files(content):
            found.append(f"{content}/ (not empty)")
    elif content.exists():
        found.append(f"{content} (a file)")
    return found


def _holds_files(folder: Path) -> bool:
    """Whether ``folder`` holds anything but hidden files (.DS_Store); one that cannot be
    listed counts as holding some: digest init does not write where it cannot look."""
    try:
        return any(not entry.name.startswith(".") for entry in os.scandir(folder))
    except OSError:
        return True


def _write(path: Path, text: str) -> bool:
    """Write a new file; False (and nothing written) when it exists."""
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return False
    return True


def _spellings(pattern: str) -> set[str]:
    """The lines of a .gitignore that ignore what ``pattern`` does: without the leading "/",
    and for a folder without the final one too. Not "site/" for "/site": the built site is a
    symbolic link, which a pattern ending in "/" (folders only) does not match."""
    bare = pattern.lstrip("/")
    found = {pattern, bare}
    if pattern.endswith("/"):
        found |= {pattern.rstrip("/"), bare.rstrip("/")}
    return found


def _ignore_lines(path: Path) -> list[str]:
    """The lines of IGNORED that ``path`` (a .gitignore) lacks."""
    try:
        have = {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}
    except (OSError, UnicodeDecodeError):
        return []  # a file we cannot read is left alone
    return [line for line in IGNORED if not _spellings(line) & have]


def init_project(folder: Path, *, force: bool = False) -> list[tuple[str, str]]:
    """Make a project in ``folder`` (created if missing). Returns (path, what) per file or
    folder, paths relative to ``folder``; what is "kept: ..." for one that already existed.

    Raises DigestError, before writing anything, when ``folder`` already holds a project
    (unless ``force``: then only the missing files are written); and when a file cannot be
    written, naming it (what was written before it stays: none of it replaced a file)."""
    folder = folder.absolute()  # errors name the folder whatever the current one
    if folder.exists() and not folder.is_dir():
        raise DigestError(str(folder), "is a file, not a folder",
                          "name a new folder for the project, e.g. digest init my-news")
    in_the_way = _refusals(folder) if folder.is_dir() else []
    if in_the_way and not force:
        raise DigestError(
            str(folder),
            "already holds a project: " + ", ".join(in_the_way) + "; digest init never "
            "overwrites",
            "choose a new or empty folder (digest init my-news), or add --force to write only "
            "the files that are missing",
        )
    content = folder / "content"
    if content.exists() and not content.is_dir():
        raise DigestError(str(content), "is a file, not the content folder",
                          "move it aside, then run digest init again")
    made: list[tuple[str, str]] = []

    def note(path: Path, what: str, new: bool) -> None:
        shown = path.relative_to(folder).as_posix() + ("/" if path.is_dir() else "")
        made.append((shown, what if new else "kept: it was there already"))

    had_content = content.is_dir() and _holds_files(content)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        settings = folder / CONFIG_NAME
        note(settings, "the settings: set [site] base_url before publishing",
             _write(settings, settings_text(title_for(folder))))
        _gitignore(folder, note)
        for name, what in FOLDERS:
            (content / name).mkdir(parents=True, exist_ok=True)
            made.append((f"content/{name}/", what))
            if name != "articles":
                _write(content / name / ".gitkeep", "")  # git keeps no empty folder
            elif not had_content:  # a content folder of one's own needs no example in it
                note(content / SAMPLE, "a sample article: delete it once your own news is in",
                     _write(content / SAMPLE, SAMPLE_TEXT))
        note(content / "README.md", "which file goes into which folder",
             _write(content / "README.md", content_readme()))
    except OSError as exc:
        where = exc.filename or folder
        raise DigestError(str(where), f"cannot write: {exc.strerror or exc}",
                          "choose a folder you can write to") from exc
    return made


def _gitignore(folder: Path, note: Callable[[Path, str, bool], None]) -> None:
    """A .gitignore for the built site and the state; an existing one gets the lines it
    lacks added at its end (nothing in it is changed)."""
    path = folder / ".gitignore"
    text = "# made by digest init: the built site and what digest remembers\n"
    if _write(path, text + "\n".join(IGNORED) + "\n"):
        note(path, "keeps the built site and the state out of git", True)
        return
    missing = _ignore_lines(path)
    if not missing:
        note(path, "", False)
        return
    ending = "" if path.read_bytes().endswith(b"\n") else "\n"
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(ending + text + "\n".join(missing) + "\n")
    note(path, "added " + ", ".join(missing), True)


# ---------------------------------------------------------------- the command


def command(args: argparse.Namespace) -> int:
    """``digest init``: make the project, print what was made and what to type next."""
    if getattr(args, "config", None):
        from digest.cli import UsageError

        raise UsageError(
            "--config",
            "digest init writes the settings file into the project folder",
            f"name the folder instead: digest init {shlex.quote(str(args.folder))}",
        )
    folder = Path(args.folder)
    made = init_project(folder, force=args.force)
    shown = shlex.quote(str(folder))
    here = folder.resolve() == Path.cwd().resolve()
    width = max(len(path) for path, _ in made) + 2
    print(f"Made a digest project in {'this folder' if here else shown.rstrip('/') + '/'}:")
    for path, what in made:
        print(f"  {path:<{width}}{what}".rstrip())
    print("Next:")
    if not here:
        print(f"  cd {shown}")
    print("  digest build")
    print("then open site/index.html in a browser, or run `digest serve` to preview it on "
          f"{PREVIEW_URL} (rebuilt on every change).")
    return 0
