"""A synthetic corpus for build benchmarks, deterministic by seed.

Writes N articles in digest's input formats: Markdown files with YAML front matter in
``articles/`` (most of them) and RSS 2.0 feed files in ``feeds/`` (about 5%, 25 items a
file). About 2% of the Markdown articles are exact duplicates of another one (same headline
and text, another source and URL) and about 3% are near duplicates (a reworded headline and a
changed sentence), so the dedupe stage has real work to do.

Every word is drawn from small invented vocabularies: no real article text.

    python benchmarks/corpus.py --n 10000 --out /tmp/corpus          # digest's copy
    python benchmarks/corpus.py --n 10000 --out /tmp/hugo --hugo     # Hugo's copy (slug)

``--start K`` numbers the articles from K, so a second call with ``--start 10000 --n 100`` adds
1% new articles to a 10,000-article corpus without touching the existing files.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

BASE = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
SPAN_DAYS = 180
FEED_SHARE = 20  # one article in FEED_SHARE comes from a feed file
FEED_ITEMS = 25

CATEGORIES = ["DeFi", "Blockchain", "Technology", "Markets", "Business", "Science", "Culture"]
SOURCES = ["North Ledger", "Quill Wire", "Harbor Daily", "Cobalt Review", "Fen Courier",
           "Ridge Post", "Lantern Times", "Meridian Note"]
NAMES = ["Tidewell", "Orchard", "Kestrel", "Lumen", "Brightwater", "Cinderpeak", "Fernleaf",
         "Halcyon", "Veldmark", "Port Alder", "Sable", "Juniper", "Marlow", "Quarry", "Wren"]
THINGS = ["lending protocol", "rollup", "exchange", "chip design tool", "data centre",
          "stablecoin", "validator set", "tram line", "solar farm", "wallet", "bridge",
          "yield vault", "cloud region", "research lab", "payment network"]
VERBS = ["launches", "pauses", "expands", "opens", "upgrades", "delays", "audits", "closes",
         "doubles", "rebuilds", "funds", "tests"]
WORDS = ("the a its new early team said would after before market users fees network plan "
         "board week month quarter report data rules growth demand supply risk model launch "
         "update pool tokens price volume capacity partners city region engineers test budget "
         "rate share holders vote proposal code review release support service").split()


@dataclass(frozen=True)
class Item:
    number: int
    title: str
    date: datetime
    category: str
    tags: tuple[str, ...]
    source: str
    url: str
    summary: str
    paragraphs: tuple[str, ...]
    author: str


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 5)))


def make_items(n: int, seed: int = 1, start: int = 0) -> list[Item]:
    """Article ``start`` .. ``start + n - 1``; article k is the same whatever n and start."""
    items: list[Item] = []
    for k in range(start, start + n):
        rng = random.Random(f"{seed}:{k}")
        source = rng.choice(SOURCES)
        slug_source = source.lower().replace(" ", "-")
        kind = rng.random()
        original = rng.randrange(k) if k > 0 else None
        if original is not None and kind < 0.05:  # a duplicate of an earlier article
            base = make_items(1, seed, original)[0]
            title, paragraphs = base.title, base.paragraphs
            if kind >= 0.02:  # near: a reworded headline and one sentence changed
                title = title.replace(" ", "  ", 1).replace("Its", "The", 1) + " Today"
                paragraphs = (_paragraph(rng), *paragraphs[1:])
            date = base.date + timedelta(hours=rng.randint(1, 5))
            category, summary = base.category, base.summary
        else:
            name, thing, verb = rng.choice(NAMES), rng.choice(THINGS), rng.choice(VERBS)
            title = f"{name} {verb.capitalize()} Its {thing.title()} ({k})"
            paragraphs = tuple(_paragraph(rng) for _ in range(rng.randint(3, 7)))
            date = BASE - timedelta(minutes=rng.randrange(SPAN_DAYS * 24 * 60))
            category = rng.choice(CATEGORIES)
            summary = _sentence(rng, 16)
        items.append(
            Item(
                number=k,
                title=title,
                date=date,
                category=category,
                tags=tuple(sorted({rng.choice(WORDS) for _ in range(3)})),
                source=source,
                url=f"https://{slug_source}.example/news/{k}",
                summary=summary,
                paragraphs=paragraphs,
                author=f"{rng.choice(NAMES)} Writer",
            )
        )
    return items


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def markdown_text(item: Item, hugo: bool = False) -> str:
    link_key = f"slug: a-{item.number}" if hugo else f"url: {item.url}"
    tags = ", ".join(item.tags)
    body = []
    for index, paragraph in enumerate(item.paragraphs):
        if index == 2:
            body.append("## More detail\n")
        body.append(paragraph + "\n")
    return (
        "---\n"
        f"title: {_yaml_str(item.title)}\n"
        f"date: {item.date:%Y-%m-%dT%H:%M:%SZ}\n"
        f"category: {item.category}\n"
        f"tags: [{tags}]\n"
        f"source: {item.source}\n"
        f"{link_key}\n"
        f"summary: {_yaml_str(item.summary)}\n"
        f"author: {item.author}\n"
        "---\n\n" + "\n".join(body)
    )


def rss_text(number: int, items: list[Item]) -> str:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
        f"<channel>\n<title>Bench Feed {number}</title>\n"
        f"<link>https://feed{number}.example/</link>\n"
        "<description>A synthetic feed for benchmarks.</description>\n"
    ]
    for item in items:
        body = "".join(f"<p>{escape(p)}</p>" for p in item.paragraphs)
        parts.append(
            "<item>\n"
            f"<title>{escape(item.title)}</title>\n<link>{escape(item.url)}</link>\n"
            f'<guid isPermaLink="true">{escape(item.url)}</guid>\n'
            f"<pubDate>{item.date:%a, %d %b %Y %H:%M:%S} +0000</pubDate>\n"
            f"<category>{escape(item.category)}</category>\n"
            f"<description>{escape(item.summary)}</description>\n"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>\n</item>\n"
        )
    parts.append("</channel>\n</rss>\n")
    return "".join(parts)


def write_corpus(
    out: Path, n: int, seed: int = 1, start: int = 0, hugo: bool = False, fresh: bool = False
) -> int:
    """Write articles ``start`` .. ``start + n - 1`` under ``out``; returns the files written.

    digest's copy: ``out/articles/*.md`` and ``out/feeds/*.xml``. Hugo's copy (``hugo``):
    every article as ``out/content/posts/a-<k>.md`` with ``slug`` in place of ``url``.
    ``fresh``: dated in the 12 hours after the corpus's newest article (the next run's news)
    instead of anywhere in its 180 days.
    """
    items = make_items(n, seed, start)
    if fresh:
        items = [
            replace(item, date=BASE + timedelta(
                minutes=random.Random(f"{seed}:{item.number}:fresh").randrange(1, 12 * 60)))
            for item in items
        ]
    written = 0
    if hugo:
        folder = out / "content" / "posts"
        folder.mkdir(parents=True, exist_ok=True)
        for item in items:
            (folder / f"a-{item.number:07d}.md").write_text(markdown_text(item, True), "utf-8")
            written += 1
        return written
    articles, feeds = out / "articles", out / "feeds"
    articles.mkdir(parents=True, exist_ok=True)
    feeds.mkdir(parents=True, exist_ok=True)
    feed_items = [item for item in items if item.number % FEED_SHARE == FEED_SHARE - 1]
    for item in items:
        if item.number % FEED_SHARE != FEED_SHARE - 1:
            (articles / f"a-{item.number:07d}.md").write_text(markdown_text(item), "utf-8")
            written += 1
    for index in range(0, len(feed_items), FEED_ITEMS):
        chunk = feed_items[index : index + FEED_ITEMS]
        name = f"feed-{chunk[0].number:07d}.xml"
        (feeds / name).write_text(rss_text(chunk[0].number, chunk), "utf-8")
        written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="number of the first article")
    parser.add_argument("--hugo", action="store_true", help="write Hugo's copy")
    args = parser.parse_args()
    count = write_corpus(args.out, args.n, args.seed, args.start, args.hugo)
    print(f"wrote {count} files for {args.n} articles under {args.out}")


if __name__ == "__main__":
    main()
