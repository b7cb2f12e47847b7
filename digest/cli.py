"""The command line: ``digest build``, ``digest clean``.

Exit codes (also in the README):
  0  success
  1  error: nothing was built (bad config, every input failed, ...)
  2  usage error (unknown option, missing argument)
  3  partial: the site was built, but some inputs failed (each one is listed)
  130 interrupted (Ctrl-C)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path

from digest import __version__
from digest.errors import DigestError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

EPILOG = """\
examples:
  digest build                      build ./content into ./site using ./digest.toml
  digest build --content other/ --out public/
  digest clean content/scraped/some-dump.txt    show what the cleaner makes of a file

exit codes: 0 ok, 1 error (nothing built), 2 usage, 3 partial (built, some inputs failed),
130 interrupted. Docs: README.md.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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

    build = sub.add_parser(
        "build",
        help="build the site from the content folder",
        description="Read every feed, dump and Markdown article in the content folder (and the "
        "local sources of digest.toml), clean them, merge duplicates into stories, sort them "
        "into topics and write the static site, its RSS feeds and stories.json.",
        epilog="The previous site is replaced only when the new one is complete.",
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

    clean = sub.add_parser(
        "clean",
        help="print the cleaned article(s) of files as JSON",
        description="Run the ingest and clean stages on the given files (scraped dumps, "
        "Markdown articles or feed files) and print the result as a JSON list: title, "
        "source_name, source_category, topic, published, author, summary, paragraphs, headings, "
        "note, url. Useful to see what the cleaner keeps and drops.",
    )
    clean.add_argument("files", nargs="+", type=Path, metavar="FILE")
    return parser


def _parse_now(value: str | None) -> datetime | None:
    from digest.util import to_utc

    value = value or os.environ.get("DIGEST_NOW")
    if not value:
        return None
    parsed = to_utc(value)
    if parsed is None:
        raise DigestError(
            "--now", f"{value!r} is not an ISO 8601 date", "write it like 2026-11-24T12:00:00Z"
        )
    return parsed


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    from digest.build import BuildOptions, build
    from digest.config import load_config

    config = load_config(args.config)
    options = BuildOptions(
        content_dir=args.content,
        output_dir=args.out,
        state_path=args.state,
        now=_parse_now(args.now),
    )
    content = options.content_dir or config.content_dir
    if not content.is_dir():
        raise DigestError(
            str(content), "content folder not found", "create it, or pass --content DIR"
        )
    progress = (lambda _m: None) if args.quiet else (lambda m: _say(f"digest: {m}"))
    report = build(config, options, progress)
    for problem in report.problems:
        _say(f"problem: {problem}")
    out = Path(report.output)
    shown = os.path.relpath(out) if out.is_absolute() else str(out)
    if not args.quiet:
        print(
            f"Built {report.stories} stories from {report.articles} articles "
            f"({report.inputs} inputs) into {shown}/ ({report.pages} files).\n"
            f"Look at it: open {shown}/index.html in a browser, or run\n"
            f"  python3 -m http.server --directory {shown} 8000\n"
            f"and visit http://127.0.0.1:8000/"
        )
    if report.problems:
        _say(f"{len(report.problems)} of {report.inputs} inputs failed (see above)")
        return EXIT_PARTIAL
    return EXIT_OK


def cmd_clean(args: argparse.Namespace) -> int:
    from digest.clean import clean_article
    from digest.config import load_config
    from digest.dedupe import with_canonical
    from digest.ingest import Input, _kind_of, read_input
    from digest.topics import classify
    from digest.util import iso

    config = load_config(args.config)
    output = []
    failed = 0
    for path in args.files:
        try:
            articles = read_input(Input(_kind_of(path), path))
        except DigestError as exc:
            _say(f"problem: {exc.message}")
            failed += 1
            continue
        for raw in articles:
            article = with_canonical(clean_article(raw))
            topic, reason = classify([article], config.topics)
            output.append(
                {
                    "file": str(path),
                    "title": article.title,
                    "source_name": article.source_name,
                    "source_category": article.source_category,
                    "topic": topic,
                    "topic_reason": reason,
                    "published": iso(article.published),
                    "author": article.author,
                    "summary": article.summary,
                    "paragraphs": list(article.paragraphs),
                    "headings": list(article.headings),
                    "note": article.note,
                    "url": article.url,
                }
            )
    print(json.dumps(output, ensure_ascii=False, indent=2))
    if failed == len(args.files):
        return EXIT_ERROR
    return EXIT_PARTIAL if failed else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    handlers = {"build": cmd_build, "clean": cmd_clean}
    try:
        return handlers[args.command](args)
    except DigestError as exc:
        _say(f"error: {exc.message}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say("interrupted: nothing was published; the previous site is unchanged")
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
