"""The command line: ``digest build``, ``digest clean``.

Exit codes (also in the README):
  0  success
  1  error: nothing was built (bad config, every input failed, a read-only or full disk,
     a damaged state, ...): one `error: <path>: <what>` line and a `fix:` line
  2  usage error (unknown option, missing argument)
  3  partial: the site was built, but some inputs failed (each one is listed)
     (``digest fetch``: 0 every remote source answered, 3 some failed, 1 every one failed)
  130 interrupted (Ctrl-C)
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import errno
import gc
import json
import os
import shutil
import signal
import sqlite3
import sys
import textwrap
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from digest import __version__
from digest.errors import DigestError

if TYPE_CHECKING:
    from digest.fetch import SourceResult

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class UsageError(DigestError):
    """A command-line value that cannot be used (``--now tomorrow``): exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, with answers that say what to type instead: a near-miss option gets its
    right spelling ("--contnet" -> "--content"), a stray folder after ``build`` the option
    it was meant for (``digest build site/`` -> ``--out site/`` or ``--content site/``)."""

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        commands = next(
            (a.choices for a in self._actions if isinstance(a, argparse._SubParsersAction)), {}
        )
        argv = list(sys.argv[1:] if args is None else args)
        if commands:
            self._misplaced(argv, commands)
        parsed, extras = self.parse_known_args(argv, namespace)
        if extras:
            command = commands.get(getattr(parsed, "command", None) or "")
            (command or self).unrecognized(extras)
        return parsed

    def _misplaced(self, argv: list[str], commands: dict) -> None:
        """``digest --now X build`` (a command's option before the command's name) and
        ``digest biuld`` (a near-miss command) are usage errors that show what to type."""
        own = {o for a in self._actions for o in a.option_strings}
        skip = False
        for index, word in enumerate(argv):
            if skip:
                skip = False
                continue
            if word in commands or word == "--":
                return
            name = word.split("=", 1)[0]
            if name in own:
                skip = name == "--config" and "=" not in word
                continue
            if name.startswith("-"):
                users = [c for c, p in commands.items()
                         if any(name in a.option_strings for a in p._actions)]
                if users:
                    at = next((i for i in range(index, len(argv)) if argv[i] in commands), None)
                    if at is None:  # no command at all: "digest --now tomorrow"
                        fixed = ["digest", *argv[:index], users[0], *argv[index:]]
                    else:
                        fixed = ["digest", *argv[:index], argv[at], *argv[index:at],
                                 *argv[at + 1:]]
                    self.error(f"{name} is an option of digest {', digest '.join(users)}: it "
                               f"goes after the command's name, e.g. {' '.join(fixed)}")
                return
            close = difflib.get_close_matches(word, list(commands), n=1)
            if close:
                self.error(f"unknown command {word!r}: did you mean digest {close[0]}?")
            return

    def unrecognized(self, extras: list[str]) -> NoReturn:
        word = extras[0]
        options = sorted(o for a in self._actions for o in a.option_strings if o.startswith("--"))
        if word.startswith("-"):
            name = word.split("=", 1)[0]
            close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}?" if close else f"its options: {', '.join(options)}"
            self.error(f"unknown option {name}: {hint} (see {self.prog} --help)")
        takes = [o for o in ("--content", "--out") if o in options]
        if takes:
            self.error(
                f"{word!r}: {self.prog} takes no folder name of its own: to read the content "
                f"from it, write {self.prog} --content {word}; to write the site into it, "
                f"{self.prog} --out {word}"
            )
        self.error(f"unexpected argument {word!r}: {self.prog} takes only options "
                   f"(see {self.prog} --help)")


def _whole(low: int, high: int | None = None, what: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` (to ``high``)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a whole number{what}"
            ) from None
        if value < low or (high is not None and value > high):
            span = f"from {low} to {high}" if high is not None else f"{low} or more"
            raise argparse.ArgumentTypeError(f"must be {span}, got {value}{what}")
        return value

    return parse


def _above_zero(example: str) -> Callable[[str], float]:
    """An argparse type: a number above 0."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a number (e.g. {example})"
            ) from None
        if not value > 0 or value != value or value == float("inf"):
            raise argparse.ArgumentTypeError(
                f"must be more than 0, got {text} (e.g. {example})"
            )
        return value

    return parse

EPILOG = """\
examples:
  digest build                      build ./content into ./site using ./digest.toml
  digest build --content other/ --out public/
  digest clean content/scraped/some-dump.txt    show what the cleaner makes of a file
  digest fetch                      fetch the [[sources]] urls into the state (see docs/fetch.md)
  digest opml subs.opml --append    add a feed reader's subscriptions to digest.toml
  digest build --offline            build without fetching; remote sources come from the state
  digest serve                      preview on http://127.0.0.1:8000/, rebuilt on every change
  digest newsletter                 write the next newsletter issue (.eml); a dry run
  digest newsletter --send          mail it to [newsletter] recipients (docs/newsletter.md)

exit codes: 0 ok, 1 error (nothing built), 2 usage, 3 partial (built, some inputs failed),
130 interrupted. Docs: README.md.
"""


def _epilog(prose: str, examples: tuple[tuple[str, str], ...]) -> str:
    """A command's --help epilog: a paragraph, then one example per option, each one line."""
    width = max(len(command) for command, _ in examples) + 2
    lines = [f"  {command:<{width}}{what}" for command, what in examples]
    return textwrap.fill(prose, 88) + "\n\nexamples:\n" + "\n".join(lines)


BUILD_EXAMPLES = (
    ('digest build', 'build ./content into ./site using ./digest.toml'),
    ('digest build --offline', 'no network: remote sources come from the state'),
    ('digest build --content ~/news', 'read another content folder'),
    ('digest build --out public/', 'write the site into public/ (not ./site)'),
    ('digest build --state other/state.sqlite', 'keep the state in another file'),
    ('digest build --now 2026-11-24T12:00:00Z', 'a reproducible build (also DIGEST_NOW)'),
    ('digest build --lock fail', 'stop at once (exit 1) when another run holds the state'),
    ('digest build --jobs 4', 'four worker processes (0 or 1: none)'),
    ('digest build --full', 'read and render everything again'),
    ('digest build -q', 'print only problems'),
    ('digest build --config other.toml', 'use another settings file'),
)
FETCH_EXAMPLES = (
    ('digest fetch', 'fetch every [[sources]] url into the state'),
    ('digest fetch --state other/state.sqlite', 'into another state file'),
    ('digest fetch --now 2026-11-24T12:00:00Z', 'the clock for first-seen times'),
    ('digest fetch --lock fail', 'stop at once when another run holds the state'),
    ('digest fetch -q', 'print only the sources that failed'),
    ('digest fetch --config other.toml', 'use another settings file'),
)
SERVE_EXAMPLES = (
    ('digest serve', 'build, then preview on http://127.0.0.1:8000/'),
    ('digest serve --port 8001', 'another port (when 8000 is taken)'),
    ('digest serve --port 0', 'any free port (the address is printed)'),
    ('digest serve --content ~/news', 'preview another content folder'),
    ('digest serve --out preview/', 'build the preview into another folder'),
    ('digest serve --state other/state.sqlite', 'with another state file'),
    ('digest serve --now 2026-11-24T12:00:00Z', 'a fixed clock for every rebuild'),
    ('digest serve --interval 2', 'look for changes every 2 seconds'),
    ('digest serve --config other.toml', 'use another settings file'),
)
CLEAN_EXAMPLES = (
    ('digest clean content/scraped/dump.txt', 'what the cleaner keeps of one dump, as JSON'),
    ('digest clean content/articles', 'every file of a folder'),
    ('digest clean --explain page.html', 'and the rule that dropped each line, and topic scores'),
    ('digest clean --config other.toml a.md', 'with the topics of another settings file'),
)
OPML_EXAMPLES = (
    ('digest opml subscriptions.opml', 'print a [[sources]] table for each feed in the list'),
    ('digest opml subscriptions.opml --append', 'add them to ./digest.toml'),
    ('digest opml feeds.opml --append --config other.toml', 'add them to another settings file'),
    ('digest opml https://blog.example/blogroll.opml', 'a list on the web'),
)
NEWSLETTER_EXAMPLES = (
    ('digest newsletter', 'write the next issue (.eml): a dry run'),
    ('digest newsletter --send', 'mail it to the [newsletter] recipients'),
    ('digest newsletter --days 7', 'the stories of the last 7 days'),
    ('digest newsletter --since 2026-11-20', 'the stories published after that date'),
    ('digest newsletter --issue 4', 'write issue 4 again'),
    ('digest newsletter --send --issue 4', 'mail issue 4 to recipients who have not had it'),
    ('digest newsletter --send --issue 4 --force', 'and to those who have'),
    ('digest newsletter --out issue.eml', 'write the issue there'),
    ('digest newsletter --recipients list.csv', 'another recipients file'),
    ('digest newsletter --state other/state.sqlite', 'with another state file'),
    ('digest newsletter --content ~/news', 'another content folder'),
    ('digest newsletter --now 2026-11-24T12:00:00Z', 'the clock (also DIGEST_NOW)'),
    ('digest newsletter --config other.toml', 'use another settings file'),
)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="digest",
        description="Turn many overlapping news sources into one deduplicated digest site.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"digest {__version__}")
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="the settings file (default: ./digest.toml, or built-in defaults if absent)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_init_parser(sub)  # first in the list: where a newcomer starts

    build = sub.add_parser(
        "build",
        help="build the site from the content folder",
        description="Read every feed, dump and Markdown article in the content folder (and the "
        "local sources of digest.toml), clean them, merge duplicates into stories, sort them "
        "into topics and write the static site, its RSS feeds and stories.json.",
        epilog=_epilog(
            "The previous site is replaced only when the new one is complete. A rebuild "
            "does only what changed: when nothing did (inputs, templates, settings, --now) it "
            "stops at once with 'Up to date'; otherwise unchanged files are not read or parsed "
            "again (their times are trusted, as make does), the same articles are not searched "
            "for duplicates again and unchanged pages are not rendered again (--full reads and "
            "renders everything). Exit codes: 0 built, 1 nothing built (bad settings, every "
            "input failed), 2 usage, 3 built but some inputs failed, 130 interrupted.",
            BUILD_EXAMPLES,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument("--content", metavar="DIR", type=Path, help="content folder to read")
    build.add_argument("--out", metavar="DIR", type=Path, help="folder to write the site into")
    build.add_argument("--state", metavar="FILE", type=Path, help="SQLite state file")
    build.add_argument(
        "--now",
        metavar="ISO-DATE",
        help="the build's clock, e.g. 2026-11-24T12:00:00Z (default: now; also DIGEST_NOW)",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    build.add_argument(
        "--offline",
        action="store_true",
        help="do not fetch remote sources; use what the state remembers of them",
    )
    build.add_argument(
        "--lock",
        choices=("wait", "fail"),
        help="when another run holds the state: wait for it, or fail at once "
        "(default: [build] lock, which defaults to wait)",
    )
    build.add_argument(
        "--jobs",
        metavar="N",
        type=_whole(0, what=" (0 or 1: no worker processes)"),
        help="worker processes for parsing new inputs, classifying new stories and "
        "rendering pages; 0 or 1: none "
        "(default: [build] jobs, which defaults to one per core)",
    )
    build.add_argument(
        "--full",
        action="store_true",
        help="read every input file and render every page, even those whose inputs did not "
        "change since the last build (by default unchanged files, known by their size and "
        "times, are not read, and unchanged pages are carried over; [build] incremental = "
        "false does the same)",
    )

    fetch = sub.add_parser(
        "fetch",
        help="fetch the remote sources of digest.toml into the state",
        description="Fetch every [[sources]] url of digest.toml (conditional GET, retries, "
        "feed discovery) and remember every article in the state file; print one line per "
        "failing source and a summary table. `digest build` does this first unless --offline.",
        epilog=_epilog(
            "Exit codes: 0 every source answered, 3 some failed, 1 all failed (or bad "
            "settings), 2 usage. See docs/fetch.md.",
            FETCH_EXAMPLES,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fetch.add_argument("--state", metavar="FILE", type=Path, help="SQLite state file")
    fetch.add_argument(
        "--now", metavar="ISO-DATE", help="the clock for first-seen times (default: now)"
    )
    fetch.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    fetch.add_argument(
        "--lock",
        choices=("wait", "fail"),
        help="when another run holds the state: wait for it, or fail at once "
        "(default: [build] lock, which defaults to wait)",
    )

    serve = sub.add_parser(
        "serve",
        help="preview the site locally; rebuild and reload the browser on every change",
        description="Build (offline), serve the site on 127.0.0.1 under the path of "
        "site.base_url, watch the content folder, templates and digest.toml, and rebuild and "
        "reload the open pages when any of them changes. The reload script is added only to "
        "what the preview server sends, never to the built files.",
        epilog=_epilog(
            "Stop with Ctrl-C (exit code 0; the site stays as last built). A port that is "
            "taken is an error (exit 1) that says so: pick another with --port. See "
            "docs/site.md.",
            SERVE_EXAMPLES,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument(
        "--port", type=_whole(0, 65535, " (0: any free port)"), default=8000, metavar="PORT",
        help="port on 127.0.0.1 (default 8000; 0: any free port)",
    )
    serve.add_argument("--content", metavar="DIR", type=Path, help="content folder to read")
    serve.add_argument("--out", metavar="DIR", type=Path, help="folder to write the site into")
    serve.add_argument("--state", metavar="FILE", type=Path, help="SQLite state file")
    serve.add_argument(
        "--now", metavar="ISO-DATE", help="the build's clock (default: the time of each rebuild)"
    )
    serve.add_argument(
        "--interval", type=_above_zero("--interval 0.5"), default=0.5, metavar="SECONDS",
        help="how often to look for changes (default 0.5)",
    )

    clean = sub.add_parser(
        "clean",
        help="print the cleaned article(s) of files as JSON",
        description="Run the ingest and clean stages on the given files (scraped dumps, "
        "Markdown articles or feed files) and print the result as a JSON list: title, "
        "source_name, source_category, topic, published, author, summary, paragraphs, headings, "
        "note, url. Useful to see what the cleaner keeps and drops.",
        epilog=_epilog(
            "Exit codes: 0 every file read, 3 some could not be, 1 none could, 2 usage.",
            CLEAN_EXAMPLES,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    clean.add_argument("files", nargs="+", type=Path, metavar="FILE")
    clean.add_argument(
        "--explain",
        action="store_true",
        help="add an \"explain\" object per article: which rule dropped each dropped line "
        "(clean) and why it was filed where it was "
        "(topic: signal used, keyword score per topic, secondary topics)",
    )
    opml = sub.add_parser(
        "opml",
        help="turn a feed reader's OPML export into [[sources]] for digest.toml",
        description="Read an OPML subscription list (File > Export in most feed readers) and "
        "print a [[sources]] table for each feed in it: its title as the name, its address "
        "as the url, and the folder it is in as the category hint. Feeds already among the "
        "settings file's sources are left out, so running it again adds nothing twice. "
        "--append adds the tables to the settings file; then `digest fetch` fetches them.",
        epilog=_epilog(
            "Exit codes: 0 done, 1 the file is not OPML or the settings file would break "
            "(it is left as it was), 2 usage.",
            OPML_EXAMPLES,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    opml.add_argument("file", metavar="FILE", help="the .opml file, or its http(s) address")
    opml.add_argument(
        "--append", action="store_true",
        help="add the tables to the settings file (./digest.toml, or --config), made if absent",
    )
    _add_newsletter_parser(sub)
    # "digest build --config site.toml" is how most people type it: every command takes
    # --config after its name too (SUPPRESS: when it is not given there, the one before the
    # command, or the default, stands).
    for name, command in sub.choices.items():
        if command.description:  # a paragraph that fits a terminal (the epilogs are filled)
            command.description = textwrap.fill(command.description, 88)
        if name == "init":  # it writes the settings file: there is none to name yet
            continue
        command.add_argument(
            "--config", metavar="PATH", default=argparse.SUPPRESS,
            help="the settings file (default: ./digest.toml, or built-in defaults if absent)",
        )
    return parser


INIT_EXAMPLES = (
    ('digest init my-news', 'make the folder my-news/ with a project ready to build'),
    ('digest init', 'make the project in this folder (it must hold none yet)'),
    ('digest init my-news --force', 'add only the files a project there lacks'),
)


def _add_init_parser(sub) -> None:  # sub: argparse._SubParsersAction
    init = sub.add_parser(
        "init",
        help="start your own digest: a project folder ready to build",
        description="Make a project folder: digest.toml (commented settings, the defaults "
        "shown), content/feeds/, content/articles/ (with a sample article to delete), "
        "content/scraped/, content/pages/ and a .gitignore for the built site and the state. "
        "Then `cd FOLDER` and `digest build`.",
        epilog=_epilog(
            "Nothing is ever overwritten: a folder that holds digest.toml or a non-empty "
            "content/ is refused (exit 1) unless --force, which writes only the missing files. "
            "Exit codes: 0 made, 1 refused or not writable, 2 usage.",
            INIT_EXAMPLES,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.add_argument("folder", nargs="?", default=".", metavar="FOLDER",
                      help="the project folder, made if missing (default: this folder)")
    init.add_argument("--force", action="store_true",
                      help="in a folder that holds a project: write only the missing files")


def cmd_init(args: argparse.Namespace) -> int:
    from digest.init import command

    return command(args)


def _add_newsletter_parser(sub) -> None:  # sub: argparse._SubParsersAction
    news = sub.add_parser(
        "newsletter",
        help="write the next email newsletter issue (.eml); --send mails it",
        description="Collect the top new stories per topic since the last issue (or --since / "
        "--days), write the issue as a multipart .eml (plain text + HTML) and print who would "
        "get it. Nothing is mailed without --send. A story is never in two issues.",
        epilog=_epilog(
            "SMTP login: DIGEST_SMTP_USER and DIGEST_SMTP_PASSWORD (environment only). "
            "Exit codes: 0 ok (or nothing new), 3 some recipients failed, 1 error or all "
            "failed, 2 usage. See docs/newsletter.md.",
            NEWSLETTER_EXAMPLES,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    news.add_argument("--send", action="store_true", help="mail it ([newsletter] smtp_*)")
    window = news.add_mutually_exclusive_group()
    window.add_argument("--since", metavar="DATE", help="stories published after this date")
    window.add_argument(
        "--days", type=_above_zero("--days 7"), metavar="N", help="stories of the last N days"
    )
    news.add_argument(
        "--issue", type=_whole(1, what=" (issues are numbered from 1)"), metavar="N",
        help="a recorded issue instead of a new one: write it again, or with --send mail it to "
        "the recipients who have not had it",
    )
    news.add_argument(
        "--force", action="store_true",
        help="with --send --issue N: also mail recipients who already had it",
    )
    news.add_argument("--out", metavar="FILE", type=Path, help="where to write the .eml")
    news.add_argument("--recipients", metavar="FILE", type=Path, help="the recipients file")
    news.add_argument("--state", metavar="FILE", type=Path, help="SQLite state file")
    news.add_argument("--content", metavar="DIR", type=Path, help="content folder to read")
    news.add_argument("--now", metavar="ISO-DATE", help="the clock (default: now; DIGEST_NOW)")


def _parse_now(value: str | None) -> datetime | None:
    from digest.util import to_utc

    where = "--now" if value else "DIGEST_NOW (environment)"
    value = value or os.environ.get("DIGEST_NOW")
    if not value:
        return None
    parsed = to_utc(value)
    if parsed is None:
        raise UsageError(
            where,
            f"{value!r} is not an ISO 8601 date",
            "write a date and time in UTC like 2026-11-24T12:00:00Z, or a day like 2026-11-24 "
            "(words such as 'tomorrow' are not read); leave it out for the current time",
        )
    return parsed


def _load_config(args: argparse.Namespace):  # -> digest.config.Config
    """digest.toml (or --config), with a "warning:" line for each setting that loads but
    looks like a slip. A broken file raises DigestError: nothing is built or changed."""
    from digest.config import load_config

    config = load_config(args.config)
    for warning in config.warnings:
        _say(f"warning: {warning}")
    # Where this command writes, for the message of an error on the disk (main()).
    site = args.command in ("build", "serve")
    args.places = _Places(
        output=(getattr(args, "out", None) or config.output_dir) if site else None,
        state=getattr(args, "state", None) or config.state_path,
    )
    return config


class _Places(NamedTuple):
    """The site folder and the state file of a command: an error on the disk under one of
    them is answered with the option that moves it (--out, --state)."""

    output: Path | None
    state: Path | None


# What an OSError's number means, said plainly: (the reason; what to do about it where it
# is, if anything can be; the fix when the path is nowhere digest chose). Under the site
# folder or at the state the fix also names the option that moves it (--out, --state).
_DISK_REASONS: dict[int, tuple[str, str, str]] = {
    errno.EROFS: ("cannot write here: read-only file system", "",
                  "give a path on a writable disk"),
    errno.EACCES: ("permission denied", "make it writable for this user",
                   "make it readable and writable for this user, or give another path"),
    errno.EPERM: ("operation not permitted", "make it writable for this user",
                  "make it writable for this user, or give another path"),
    errno.ENOSPC: ("no space left on device", "free some space on that disk",
                   "free some space on that disk, then run again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space (or raise the quota)",
                   "free some space (or raise the quota), then run again"),
    errno.EISDIR: ("is a folder, where a file is expected", "",
                   "give the path of a file, not a folder"),
    errno.ENOTDIR: ("is a file, where a folder is expected", "move that file aside",
                    "move that file aside, or give another path"),
    errno.ENOENT: ("no such file or folder", "", "check the path"),
    errno.ENAMETOOLONG: ("the path is too long", "", "choose a shorter path"),
    errno.EMFILE: ("too many open files", "", "raise the limit (ulimit -n), then run again"),
    errno.EIO: ("the disk failed (input/output error)", "", "check the disk, then run again"),
}
_FULL = (errno.ENOSPC, errno.EDQUOT)
_OPTIONS = {"output": "--out or [paths] output", "state": "--state or [paths] state"}


def _disk_error(exc: OSError, args: argparse.Namespace) -> DigestError:
    """An OSError that reached the command line, said as ``<path>: <what>`` with a fix: the
    path it names (for a file in the way of a folder, that file), the plain reason, and
    for the site folder or the state the option that moves it."""
    code = exc.errno or 0
    reason, here, alone = _DISK_REASONS.get(code, (
        exc.strerror.lower() if exc.strerror else str(exc) or type(exc).__name__, "",
        "check what it names, then run again",
    ))
    path = Path(exc.filename) if isinstance(exc.filename, (str, os.PathLike)) else None
    if path is not None and code == errno.ENOTDIR:
        path = _file_in_the_way(path)
    elif path is not None and code == errno.EEXIST:  # mkdir over a file: afile/site
        reason, here, alone = _DISK_REASONS[errno.EISDIR if path.is_dir() else errno.ENOTDIR]
    places: _Places | None = getattr(args, "places", None)
    place = None
    if path is not None and places is not None:
        # a folder above the site or the state matters when it is in the way of making them
        place = _place_of(path, places, above=code not in (errno.EISDIR, errno.ENOENT))
    if code in _FULL:  # a build publishes whole or not at all; the state's writes roll back
        reason += ("; the previous site and state were left as they were"
                   if args.command in ("build", "serve") else "; the state was left as it was")
    if path is None and code in (*_FULL, errno.EIO) and places and places.output is not None:
        path, place = places.output, "output"  # a write to an open file names no path
    fix = alone
    if place is not None:
        fix = f"{here + ', or ' if here else ''}choose another {_OPTIONS[place]}"
    where = str(path) if path is not None else f"digest {args.command}"
    return DigestError(where, reason, fix)


def _file_in_the_way(path: Path) -> Path:
    """The first part of ``path`` that is a file where a folder is expected (ENOTDIR names
    the whole path, ``afile/site/.digest-builds``); ``path`` itself if none is."""
    for part in reversed([path, *path.parents]):
        if part.exists() and not part.is_dir():
            return part
    return path


def _place_of(path: Path, places: _Places, above: bool = True) -> str | None:
    """"output" for a path at, in or beside (its build folders) the site folder; "state"
    for the state file and its companions named after it (``.lock``, ``-wal``,
    ``.bak-v<N>``); with ``above``, also for a folder above either; else None."""
    from digest.output import BUILDS

    at = os.path.realpath(path)
    state = os.path.realpath(places.state) if places.state else None
    output = None
    if places.output:  # the link itself, not the build it points to (digest/output.py)
        output = os.path.abspath(places.output)
        output = os.path.join(os.path.realpath(os.path.dirname(output)),
                              os.path.basename(output))
    if state and at.startswith(state) and (
        at[len(state):] in _STATE_COMPANIONS or at[len(state):].startswith(".bak-v")
    ):
        return "state"
    if output:
        builds = os.path.join(os.path.dirname(output), BUILDS)
        if at in (output, builds) or _inside(at, output) or _inside(at, builds):
            return "output"
    if above and output and _inside(output, at):
        return "output"
    if above and state and _inside(state, at):
        return "state"
    return None


# The files SQLite and digest keep beside the state, named after it (and .bak-v<N>).
_STATE_COMPANIONS = ("", "-wal", "-shm", "-journal", ".lock")


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    from digest.build import BuildOptions, build

    config = _load_config(args)
    fetched: list = []  # the FetchReport, when remote sources were fetched
    options = BuildOptions(
        content_dir=args.content,
        output_dir=args.out,
        state_path=args.state,
        now=_parse_now(args.now),
        offline=args.offline,
        on_fetch_result=_fetch_printer(args.quiet),
        on_fetched=lambda r: fetched.append(r),
        lock=args.lock,
        on_notice=_say,
        jobs=args.jobs,
        full=args.full,
    )
    content = options.content_dir or config.content_dir
    if content.exists() and not content.is_dir():
        raise DigestError(
            str(content),
            "is a file, not the content folder",
            "pass the folder that holds feeds/, scraped/, articles/ or pages/: --content DIR",
        )
    if not content.is_dir():
        raise DigestError(
            str(content), "content folder not found", "create it, or pass --content DIR"
        )
    progress = (lambda _m: None) if args.quiet else (lambda m: _say(f"digest: {m}"))
    report = build(config, options, progress)
    for problem in report.problems:
        _say(f"problem: {problem}")
    if report.inputs == 0 and report.articles == 0 and not report.problems and not fetched:
        from digest.init import empty_content_note

        _say(empty_content_note(content))
    if fetched and not args.quiet:  # -q: its failures were said as they happened
        _say(fetched[0].summary())
    out = Path(report.output)
    shown = os.path.relpath(out) if out.is_absolute() else str(out)
    if not args.quiet:
        did = (
            f"Up to date: {shown}/ already holds the build of these inputs"
            if report.unchanged
            else f"Built {report.stories:,} stories from {report.articles:,} articles "
            f"({report.inputs:,} inputs) into {shown}/ ({report.pages:,} files, "
            f"{report.rendered:,} pages rendered)"
        )
        if report.unchanged:
            did += f" ({report.stories:,} stories, {report.pages:,} files)"
        print(
            f"{did}.\n"
            f"Look at it: open {shown}/index.html in a browser, or run\n"
            f"  python3 -m http.server --directory {shown} 8000\n"
            f"and visit http://127.0.0.1:8000/"
        )
    from digest.config import PREVIEW_URL

    if config.site.base_url == PREVIEW_URL:
        _say(f"note: [site] base_url is not set, so the feeds, sitemap.xml and stories.json "
             f"link to {PREVIEW_URL} (this machine's preview); before publishing, set it in "
             'digest.toml to the address the site is served from: [site] base_url = '
             '"https://you.github.io/digest/"')
    failed = len(report.problems) + (len(fetched[0].failed) if fetched else 0)
    inputs = report.inputs + (len(fetched[0].results) if fetched else 0)
    if failed:
        _say(f"{failed} of {inputs} inputs and sources failed (see above)")
        return EXIT_ERROR if failed >= inputs else EXIT_PARTIAL
    return EXIT_OK


def _fetch_printer(quiet: bool) -> ProgressPrinter:
    return ProgressPrinter(sys.stderr.write, sys.stderr.isatty(), quiet=quiet)


class ProgressPrinter:
    """Progress on a terminal (one updating line), plain lines elsewhere.

    A failed source is always one line of its own; on a non-terminal, a count line is printed
    every tenth of the way.
    """

    def __init__(self, write: Callable[[str], None], tty: bool, quiet: bool = False) -> None:
        self.write = write
        self.tty = tty and not quiet
        self.quiet = quiet
        self._lock = threading.Lock()
        self._open = False

    def __call__(self, done: int, total: int, result: SourceResult) -> None:
        with self._lock:
            if result.failed:
                self._clear()
                self.write(f"problem: {result.line()}\n")
            if self.quiet:
                return
            if self.tty:
                self.write(f"\rfetching: {done}/{total} sources")
                self._open = True
                if done == total:
                    self._clear()
            elif done == total or done % max(1, total // 10) == 0:
                self.write(f"fetched {done}/{total} sources\n")

    def _clear(self) -> None:
        if self._open:
            self.write("\r\033[K")
            self._open = False


def cmd_fetch(args: argparse.Namespace) -> int:
    from digest.fetch import fetch_sources

    config = _load_config(args)
    if not any(s.is_remote for s in config.sources):
        _say('nothing to fetch: digest.toml has no [[sources]] with url = "https://..."')
        return EXIT_OK
    from digest.lock import StateLock

    state = args.state or config.state_path
    with StateLock(state, args.lock or config.build.lock, config.build.lock_timeout, _say):
        report = fetch_sources(
            config, args.state, _parse_now(args.now), _fetch_printer(args.quiet)
        )
    if not args.quiet:  # -q: the failed sources were said, one line each, as they failed
        print(report.summary())
    return report.exit_code


def cmd_opml(args: argparse.Namespace) -> int:
    from digest.fetch import user_agent
    from digest.opml import new_feeds, read_opml_file, sources_toml

    target = Path(args.config) if args.config else Path("digest.toml")
    # --append to a settings file not made yet: no sources so far (and nothing to load)
    config = None if args.append and not target.exists() else _load_config(args)
    feeds = read_opml_file(args.file, user_agent(config) if config else f"digest/{__version__}")
    if not feeds:
        raise DigestError(str(args.file), "lists no feeds (no <outline> with an xmlUrl)",
                          "export the subscription list from your feed reader again")
    known = [s.location for s in config.sources if s.is_remote] if config else []
    fresh = new_feeds(feeds, known)
    there = len(feeds) - len(fresh)
    already = f" ({there:,} already among the sources)" if there else ""
    count = f"{len(fresh):,} feed{'' if len(fresh) == 1 else 's'}"
    if not args.append:
        print(sources_toml(fresh), end="")
        _say(f"{count}{already}; add them to the settings file with "
             f"`digest opml {args.file} --append`, or paste the tables above into it")
        return EXIT_OK
    if not fresh:
        _say(f"nothing to add: the {len(feeds):,} feeds of {args.file} are among the sources of "
             f"{target} already")
        return EXIT_OK
    name = args.file.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1]
    _append_sources(target, f"# from {name} (digest opml)\n" + sources_toml(fresh))
    _say(f"added {count} to {target}{already}; next: `digest fetch`, then "
         "`digest build`")
    return EXIT_OK


def _append_sources(target: Path, text: str) -> None:
    """``text`` added at the end of the settings file in its own encoding and line ends; the
    file is checked after, and put back as it was if it no longer loads."""
    from digest.config import decode_settings, load_config, settings_encoding
    from digest.util import write_file

    old = target.read_bytes() if target.exists() else b""
    encoding = settings_encoding(old)
    current = decode_settings(target, old) if old else ""
    newline = "\r\n" if "\r\n" in current else "\n"
    if current and not current.endswith("\n"):
        current += newline
    added = (newline if current else "") + text.replace("\n", newline)

    def replace(data: bytes) -> None:  # whole or not at all: a crash keeps the old file
        spare = target.with_name(f".{target.name}.digest-new")
        write_file(spare, data)
        if old:
            shutil.copymode(target, spare)
        os.replace(spare, target)

    replace((current + added).encode(encoding))
    try:
        load_config(target)
    except DigestError as exc:
        if old:
            replace(old)
        else:
            target.unlink(missing_ok=True)
        raise DigestError(
            str(target), f"adding the feeds would break it ({exc.problem}), so it was left "
            "as it was", "fix the settings file first (`digest build` names the problem), or "
            "paste the tables `digest opml FILE` prints where they belong",
        ) from exc


def cmd_serve(args: argparse.Namespace) -> int:
    import time

    gc.enable()  # off in a one-shot command (run); a server runs on, and builds again

    from digest.build import BuildOptions
    from digest.serve import Preview, ServeOptions

    options = ServeOptions(
        port=args.port,
        interval=args.interval,
        build=BuildOptions(
            content_dir=args.content,
            output_dir=args.out,
            state_path=args.state,
            now=_parse_now(args.now),
            offline=True,
        ),
    )
    preview = Preview(Path(args.config) if args.config else None, options, _say)
    for warning in preview.config.warnings:
        _say(f"warning: {warning}")
    url = preview.start()
    try:  # (before the line that says how to stop it: a Ctrl-C right after it is a stop)
        print(f"Serving {preview.output_dir} at {url} (Ctrl-C to stop)", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        # Ctrl-C is how a preview ends: not a failure. A rebuild it cut short is dropped
        # whole (builds publish atomically), so the site is the last complete build.
        preview.stop()
        _say(f"stopped: the preview server is down; {preview.output_dir} holds the last "
             "complete build")
        return EXIT_OK
    finally:
        preview.stop()


def cmd_clean(args: argparse.Namespace) -> int:
    from digest.build import own_articles
    from digest.clean import clean_with_report, learn_furniture
    from digest.dedupe import with_canonical
    from digest.ingest import read_input
    from digest.topics import assign
    from digest.util import iso

    config = _load_config(args)
    output = []
    read: list[tuple[Path, list]] = []
    inputs, failed = _clean_inputs(args.files)
    for item in inputs:
        said: list[str] = []  # a reader's warnings: a feed cut short, a page read in part
        try:
            read.append((item.path, read_input(item, said,
                                                max_bytes=config.limits.max_file_bytes)))
        except DigestError as exc:
            _say(f"problem: {exc.message}")
            failed += 1
        for line in said:
            _say(line)
    read = [(path, own_articles(articles, config.site.title)) for path, articles in read]
    # Lines repeated across the given dumps of one site are furniture, as in a build.
    furniture = learn_furniture([raw for _path, articles in read for raw in articles])
    for path, articles in read:
        for raw in articles:
            cleaned, report = clean_with_report(raw, furniture)
            article = with_canonical(cleaned)
            choice = assign([article], config.topics)
            item: dict[str, object] = {
                "file": str(path),
                "title": article.title,
                "source_name": article.source_name,
                "source_category": article.source_category,
                "topic": choice.topic,
                "topic_reason": choice.reason,
                "published": iso(article.published),
                "author": article.author,
                "summary": article.summary,
                "paragraphs": list(article.paragraphs),
                "headings": list(article.headings),
                "note": article.note,
                "url": article.url,
            }
            if getattr(args, "explain", False):
                # One entry per stage, so other stages can add their own explanations.
                explain: dict[str, object] = {
                    "topic": choice.explain(),
                    "clean": report.explain(),
                }
                item["explain"] = explain
            output.append(item)
    print(json.dumps(output, ensure_ascii=False, indent=2))
    if not read or failed and not output:
        return EXIT_ERROR
    return EXIT_PARTIAL if failed else EXIT_OK


def _clean_inputs(paths: list[Path]) -> tuple[list, int]:
    """The inputs ``digest clean`` reads, and how many of ``paths`` it could not: a folder
    stands for the files in it that a build would read (``digest clean content/scraped``);
    a name that is not there is said to be so, with no word of digest.toml."""
    from digest.ingest import Input, _kind_of, files_in

    inputs: list = []
    failed = 0
    for path in paths:
        if path.is_dir():
            found = files_in(path)
            if not found:
                _say(f"problem: {path}: no dumps (.txt), pages (.html, .mhtml), Markdown (.md) or "
                     "feeds (.xml, .rss, .atom, .json) in this folder")
                failed += 1
            inputs.extend(found)
        elif not path.exists():
            _say(f"problem: {path}: no such file\n  fix: check the name; digest clean takes "
                 "scraped dumps, saved pages, Markdown articles, feed files or folders of them")
            failed += 1
        elif not _readable_kind(path):
            _say(f"problem: {path}: digest does not read {path.suffix or 'suffix-less'} files "
                 "(this is neither a feed nor an article)\n  fix: digest clean takes scraped "
                 "dumps (.txt), saved pages (.html, .mhtml), Markdown articles (.md) and feed "
                 "files (.xml, .rss, .atom, .json)")
            failed += 1
        else:
            inputs.append(Input(_kind_of(path), path))
    return inputs, failed


def _readable_kind(path: Path) -> bool:
    """A file a build would read, by its suffix; or, with another suffix (a feed saved as
    ``feed`` or ``index.php``), one that opens like XML or JSON, which is read as a feed."""
    from digest.ingest import INPUT_SUFFIXES

    if path.suffix.lower() in INPUT_SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            start = handle.read(512)
    except OSError:
        return True  # read_input says what is wrong with it
    start = start.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    return start[:1] in (b"<", b"{")


def cmd_newsletter(args: argparse.Namespace) -> int:
    from digest.newsletter import NewsletterOptions, run_newsletter

    config = _load_config(args)
    if args.force and not (args.send and args.issue is not None):
        raise DigestError(  # exit 1, as tests/test_newsletter.py expects
            "--force", "only resends a recorded issue", "use it as: --send --issue N --force"
        )
    since = None
    if args.since:
        from digest.util import to_utc

        since = to_utc(args.since)
        if since is None:
            raise UsageError(
                "--since",
                f"{args.since!r} is not an ISO 8601 date",
                "write a day like 2026-11-20 (or 2026-11-20T08:00:00Z), or use --days N",
            )
    if args.out is not None and args.out.is_dir():
        raise UsageError(
            "--out", f"{args.out} is a folder: --out takes the .eml file to write",
            f"name the file, e.g. --out {args.out / 'issue.eml'}",
        )
    if args.issue is not None:
        _check_recorded(args.places.state, args.issue)
    options = NewsletterOptions(
        now=_parse_now(args.now), since=since, days=args.days, out=args.out, send=args.send,
        force=args.force, issue=args.issue, state_path=args.state, content_dir=args.content,
        recipients=args.recipients,
    )
    result = run_newsletter(config, options, lambda m: _say(f"digest: {m}"))
    if result.nothing_new:
        when = f" since {result.since:%Y-%m-%d %H:%M} UTC" if result.since else ""
        print(f"Nothing new{when}: no issue written, nothing sent.")
        return EXIT_OK
    issue = result.issue
    assert issue is not None and result.eml is not None
    print(
        f"Issue #{issue.number}: {issue.subject}\n"
        f"  {len(issue.stories)} stories in {len(issue.sections)} topics; "
        f"HTML {result.html_size / 1024:.1f} KB; written to {result.eml}"
    )
    for problem in result.problems:
        _say(f"problem: {problem}")
    if not args.send:
        if not result.deliveries:
            print("Dry run: no recipients file configured ([newsletter] recipients).")
        else:
            print(f"Dry run (nothing mailed; add --send): {len(result.deliveries)} recipients")
            for d in result.deliveries:
                note = " (already had it; --force to resend)" if d.status == "skipped" else ""
                print(f"  would send to {d.address}{note}" if not note else f"  {d.address}{note}")
        return EXIT_OK
    sent, failed = result.sent, result.failed
    skipped = [d for d in result.deliveries if d.status == "skipped"]
    for d in failed:
        _say(f"failed: {d.address}: {d.error}")
    print(
        f"Sent issue #{issue.number} to {len(sent)} recipients"
        + (f", {len(failed)} failed" if failed else "")
        + (f", {len(skipped)} already had it (--force to resend)" if skipped else "")
        + "."
    )
    if result.stopped is not None:  # the reason, last, where it is seen
        _say(f"error: {result.stopped.message}")
    if failed:
        print(f"  retry the failed ones: digest newsletter --send --issue {issue.number}")
        return EXIT_ERROR if not sent else EXIT_PARTIAL
    return EXIT_OK


def _check_recorded(state: Path, number: int) -> None:
    """``--issue N`` looks a recorded issue up: it names the state file it read, and where
    there is none it makes none (an empty new state would only hide the wrong path)."""
    from digest.store import Store

    if not state.exists():
        raise DigestError(
            f"--issue {number}", f"no such issue: no state at {state}",
            "build first (digest build; digest newsletter --send records issues), or pass "
            "--state FILE (or [paths] state) with the state that holds it",
        )
    with Store(state) as store:
        recorded = [issue.number for issue in store.newsletter_issues()]
    if number not in recorded:
        raise DigestError(
            f"--issue {number}", f"no such issue in the state {state}",
            f"recorded issues: {', '.join(map(str, recorded)) or 'none yet'}",
        )


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    # A scheduler's SIGTERM stops a run the way Ctrl-C does: the build in progress is dropped,
    # the published site and the state stay as they were (docs/reliability.md).
    with contextlib.suppress(ValueError):  # ValueError: not the main thread (tests)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    handlers = {
        "build": cmd_build, "clean": cmd_clean, "fetch": cmd_fetch, "newsletter": cmd_newsletter,
        "opml": cmd_opml, "serve": cmd_serve, "init": cmd_init,
    }
    try:
        return handlers[args.command](args)
    except UsageError as exc:
        _say(f"error: {exc.message}\n  (see digest {args.command} --help)")
        return EXIT_USAGE
    except DigestError as exc:
        _say(f"error: {exc.message}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say("interrupted: nothing was published; the previous site is unchanged")
        return EXIT_INTERRUPTED
    except sqlite3.DatabaseError as exc:  # found after the state file opened: damage deep
        from digest.store import state_error  # inside it, or a full or read-only disk

        places = getattr(args, "places", None)
        state = places.state if places is not None else "the state file"
        _say(f"error: {state_error(state, exc).message}")
        return EXIT_ERROR
    except OSError as exc:  # the disk: read-only, full, a file where a folder should be
        _say(f"error: {_disk_error(exc, args).message}")
        return EXIT_ERROR


def run() -> NoReturn:
    """The ``digest`` command (and ``python -m digest``): ``main()`` in a process of its own.

    Such a process ends as soon as the command is done, so it skips two clean-ups that only
    cost time (measured on a 10,000-article rebuild of about 3.5 s):

    * the cycle collector stays off (``digest serve``, which runs on, turns it back on): a
      build pauses it anyway (digest/build.py: collector_paused), and turning it back on
      made the next allocation collect every object the build had made, 0.16 s;
    * the interpreter's teardown, which frees the remaining objects one by one (0.1 s): the
      process ends with ``os._exit`` once its output is flushed. Every file digest writes is
      closed (and the state committed) before ``main`` returns.
    """
    gc.disable()
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to flush to
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
