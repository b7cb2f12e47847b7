"""Ingest: read every input into raw Article objects.

Inputs come from two places:

* files dropped into the content folder, found with no config edit:
  ``feeds/`` (RSS, Atom, RDF, JSON Feed), ``scraped/`` (text dumps), ``articles/`` (Markdown)
  and ``pages/`` (saved article pages: HTML, and MHTML's one file);
* the ``[[sources]]`` of digest.toml that name a local ``path``.

A broken input never stops the others: its error is collected and reported.
"""

from __future__ import annotations

import importlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from digest.config import SourceConfig
from digest.errors import DigestError
from digest.model import Article

FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".json", ".feed"}
DUMP_SUFFIXES = {".txt"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
PAGE_SUFFIXES = {".html", ".htm", ".mhtml", ".mht"}  # (.mhtml: a page saved as one file)
INPUT_SUFFIXES = FEED_SUFFIXES | DUMP_SUFFIXES | MARKDOWN_SUFFIXES | PAGE_SUFFIXES  # all read


@dataclass(frozen=True)
class Input:
    kind: str  # "feed", "scraped", "markdown", "page"
    path: Path
    source: SourceConfig | None = None


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    inputs: int = 0
    notices: list[str] = field(default_factory=list)  # read_input's warnings


# How a reader's notice starts (an input read all the same, but not whole): the build prints
# it as it is, where a [limits] cap's notice gets "limit: "
WARNING = "warning: "


def looks_binary(data: bytes) -> bool:
    """``looks_binary_text`` for a file's bytes. A text in UTF-16 or UTF-32 (a byte-order mark,
    or ASCII with a NUL after or before each character) is text, whatever NULs it holds."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    start = data[:64]
    if len(start) >= 4 and any(
            not any(start[i::2]) and all(start[1 - i::2]) for i in (0, 1)):
        return False
    return looks_binary_text(data[:20_000].decode("utf-8", errors="replace"))


def looks_binary_text(text: str) -> bool:
    """A NUL (as git tells binary files), or more than one character in twenty undecodable
    or a control character: not a page's text (one with a few bad bytes is still read)."""
    if "\x00" in text[:8000]:
        return True
    sample = text[:20_000]
    return len(_NOT_TEXT.findall(sample)) * 20 > len(sample)


# An undecodable byte's mark, or a control character other than tab, line and page breaks
# (counted by the regex engine: a loop over 20,000 characters in Python cost every
# Markdown file 60 us)
_NOT_TEXT = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f]")


def discover(
    content_dir: Path, sources: Iterable[SourceConfig] = (), misplaced: list[str] | None = None
) -> list[Input]:
    """Every input file, in a stable order. ``misplaced`` gets the files in a kind's folder
    that are of another kind digest reads (a saved page in scraped/), which are not read."""
    found: dict[str, tuple[str, str, SourceConfig | None]] = {}  # real path -> kind, path
    for source in sources:
        if source.is_remote:
            continue
        path = Path(source.location)
        found[str(path.resolve())] = (_kind_of(path), str(path), source)
    folders = (
        ("feeds", "feed", FEED_SUFFIXES),
        ("scraped", "scraped", DUMP_SUFFIXES),
        ("articles", "markdown", MARKDOWN_SUFFIXES),
        ("pages", "page", PAGE_SUFFIXES),
    )
    for folder, kind, suffixes in folders:
        base = content_dir / folder
        if not base.is_dir():
            continue
        for path, real in _files(base, suffixes, misplaced):
            found.setdefault(real, (kind, path, None))
    # Paths as strings until the end: 100,000 inputs made 400,000 Path objects.
    return [Input(kind, Path(path), source)
            for kind, path, source in sorted(found.values(), key=lambda x: (x[0], x[1]))]


# Files of these names are about the folder, not news: never counted as unread inputs.
_NOT_INPUTS = ("readme", "license", "licence", "changelog", "contributing")


def unread_files(content_dir: Path) -> list[str]:
    """Files of a kind digest reads that a build does not read: outside the content folder's
    feeds/, scraped/, articles/ and pages/ (a Hugo site's content/posts/, Markdown at the
    top), so a newcomer hears why they are missing. Sorted; README and the like not counted."""
    kinds = {"feeds", "scraped", "articles", "pages"}
    try:
        entries = sorted(os.scandir(content_dir), key=lambda e: e.name)
    except OSError:
        return []
    found: list[str] = []
    for entry in entries:
        name = entry.name
        if (name.startswith((".", "_")) and name != "_posts") or name in kinds:
            continue  # (Jekyll's _posts/ is where its users keep every post)
        if entry.is_dir(follow_symlinks=False):
            found.extend(path for path, _real in _files(Path(entry.path), INPUT_SUFFIXES)
                         if not _about_the_folder(path))
        elif (os.path.splitext(name)[1].lower() in INPUT_SUFFIXES
              and not _about_the_folder(entry.path) and name != "about.md"):  # the about page
            found.append(entry.path)
    return found


# Each kind's folder, and what its files are called in a note
_FOLDERS = {"feed": ("feeds", "feeds"), "scraped": ("scraped", "text dumps"),
            "markdown": ("articles", "Markdown articles"), "page": ("pages", "saved pages")}
_NAMED = 5  # files named in the note, per kind; the rest are counted


def unread_note(content_dir: Path, unread: list[str]) -> str | None:
    """The note naming ``unread`` files (``unread_files``, and those in another kind's
    folder) and, for each kind, the folder it belongs in: a feed is not told to move as a
    Markdown article. None when there are none."""
    if not unread:
        return None
    by_kind: dict[str, list[str]] = {}
    for path in unread:
        by_kind.setdefault(_kind_of(Path(path)), []).append(path)
    moves = []
    for kind in ("feed", "scraped", "markdown", "page"):
        paths = by_kind.get(kind)
        if not paths:
            continue
        folder, called = _FOLDERS[kind]
        names = ", ".join(paths[:_NAMED])
        if len(paths) > _NAMED:
            names += f" and {len(paths) - _NAMED:,} more"
        moves.append(f"move {called} into {content_dir / folder}/ ({names})")
    count = f"{len(unread):,} file{'' if len(unread) == 1 else 's'}"
    return (f"note: {count} not read: a build reads the content folder's feeds/, scraped/, "
            f"articles/ and pages/ only; {'; '.join(moves)}; or name a file in digest.toml: "
            '[[sources]] path = "..."')


def _about_the_folder(path: str) -> bool:
    return os.path.splitext(os.path.basename(path))[0].lower() in _NOT_INPUTS


def _files(
    base: Path, suffixes: Iterable[str], others: list[str] | None = None
) -> list[tuple[str, str]]:
    """(path, real path) of every file under ``base`` with one of ``suffixes``, sorted by path;
    names starting with "." or "_" (and what is under them) are skipped, symlinked folders are
    not entered. Only symlinks pay for a full resolve: a plain file's real path is its
    folder's real path and its name. ``others`` gets the paths of files with a suffix of
    another kind digest reads (not README and the like)."""
    wanted = set(suffixes)
    found = []
    todo = [(str(base), os.path.realpath(base))]  # (folder, its real path)
    while todo:
        folder, real_folder = todo.pop()
        try:
            entries = list(os.scandir(folder))  # one listing a folder (os.walk would add one)
        except OSError:
            continue  # an unreadable folder is skipped, as os.walk skips it
        for entry in entries:
            name = entry.name
            if name.startswith((".", "_")):
                continue
            if entry.is_dir(follow_symlinks=False):
                todo.append((entry.path, os.path.join(real_folder, name)))
                continue
            suffix = os.path.splitext(name)[1].lower()
            if suffix not in wanted:
                if (others is not None and suffix in INPUT_SUFFIXES
                        and not _about_the_folder(name)):
                    others.append(entry.path)
                continue
            if entry.is_symlink():
                if entry.is_file():  # follows the link; a broken one is skipped
                    found.append((entry.path, os.path.realpath(entry.path)))
            elif entry.is_file(follow_symlinks=False):
                found.append((entry.path, os.path.join(real_folder, name)))
    return sorted(found, key=lambda pair: pair[0].split(os.sep))  # Path order, as strings


def files_in(folder: Path) -> list[Input]:
    """Every file under ``folder`` that digest reads, by its suffix, in path order (for
    ``digest clean FOLDER``): a content folder's feeds, dumps, pages and articles, or a
    folder of one kind of them. Hidden and "_" names are skipped, as in a build."""
    return [Input(_kind_of(Path(path)), Path(path))
            for path, _real in _files(folder, INPUT_SUFFIXES)]


def _kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in DUMP_SUFFIXES:
        return "scraped"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in PAGE_SUFFIXES:
        return "page"
    return "feed"


# Each kind's reader is imported when an input of that kind is read: a rebuild that finds
# only new Markdown files does not import feedparser or lxml (about 0.05 s).
_READERS = {
    "scraped": "digest.ingest.scraped",
    "page": "digest.ingest.html",
    "markdown": "digest.ingest.markdown",
    "feed": "digest.ingest.feeds",
}


def load_readers(kinds: Iterable[str]) -> None:
    """Import the readers of ``kinds`` now (before worker processes are forked, so that
    each worker does not import them again)."""
    for kind in set(kinds):
        importlib.import_module(_READERS.get(kind, _READERS["feed"]))


def read_input(
    item: Input, notices: list[str] | None = None, max_bytes: int | None = None
) -> list[Article]:
    """Parse one input; raises DigestError naming the file on any problem, also on a
    failure of digest's own (a bug on some input nobody foresaw costs that input, never
    the build: the other inputs are still read and the site still built). ``notices``
    gets a ``WARNING`` line for an input read only in part (a feed cut short, a page's
    text past ``PAGE_TEXT_CHARS``). A file over ``max_bytes`` ([limits] max_file_bytes,
    by default ``MAX_FILE_BYTES``) is refused before it is read."""
    from digest.limits import MAX_FILE_BYTES, check_file_size

    try:
        status = item.path.stat()
    except (OSError, ValueError):  # (ValueError: a NUL in the name)
        status = None
    if status is None or not stat.S_ISREG(status.st_mode):
        raise DigestError(str(item.path), "file not found", "check the path in digest.toml")
    check_file_size(str(item.path), status.st_size,
                    MAX_FILE_BYTES if max_bytes is None else max_bytes)
    said: list[str] = []
    try:
        articles = _read(item, said)
    except (DigestError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - reported with the file, as above
        raise DigestError.of_digest(str(item.path), "read", exc) from exc
    if notices is not None:
        notices.extend(WARNING + line for line in said)
    return articles


def _read(item: Input, notices: list[str]) -> list[Article]:
    if item.kind == "scraped":
        from digest.ingest.scraped import parse_dump_file

        return [parse_dump_file(item.path, item.source)]
    if item.kind == "page":
        from digest.ingest.html import parse_page_file

        return [parse_page_file(item.path, item.source, notices=notices)]
    if item.kind == "markdown":
        from digest.ingest.markdown import parse_markdown_file

        article = parse_markdown_file(item.path, item.source)
        return [article] if article else []
    from digest.ingest.feeds import parse_feed_file

    return parse_feed_file(item.path, item.source, notices)


def ingest(inputs: Iterable[Input]) -> IngestResult:
    result = IngestResult()
    for item in inputs:
        result.inputs += 1
        try:
            result.articles.extend(read_input(item, result.notices))
        except DigestError as exc:
            result.problems.append(exc.message)
    return result
