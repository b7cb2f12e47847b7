"""Pair precision and recall of the dedupe stage on the labelled set.

    python benchmarks/dedupe_quality.py            # the shipped settings
    python benchmarks/dedupe_quality.py --sweep    # shingle size x threshold grid (tuning)

Each labelled pair (tests/data/dedupe_pairs.jsonl) is clustered on its own; the pair is
predicted "duplicate" when both articles land in one story.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

from digest.dedupe import DEFAULTS, DedupeSettings, cluster, with_canonical
from digest.model import Article
from digest.util import to_utc

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "dedupe_pairs.jsonl"


def to_article(row: dict) -> Article:
    paragraphs = tuple(p for p in row["text"].split("\n") if p.strip())
    return with_canonical(
        Article(
            id=row["id"],
            origin="feed",
            location=row["url"],
            title=row["title"],
            source_name=row["source"],
            url=row["url"],
            paragraphs=paragraphs,
            published=to_utc(row["published"]),
        )
    )


def load_pairs(path: Path = PAIRS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def evaluate(
    settings: DedupeSettings = DEFAULTS, pairs: list[dict] | None = None
) -> tuple[float, float, list[tuple[str, bool, str, str]]]:
    """(precision, recall, mistakes as (kind, expected, title a, title b))."""
    pairs = pairs if pairs is not None else load_pairs()
    tp = fp = fn = 0
    mistakes = []
    for row in pairs:
        a, b = to_article(row["a"]), to_article(row["b"])
        predicted = len(cluster([a, b], settings)) == 1
        expected = bool(row["duplicate"])
        if predicted and expected:
            tp += 1
        elif predicted:
            fp += 1
        elif expected:
            fn += 1
        if predicted != expected:
            mistakes.append((row["kind"], expected, a.title, b.title))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, mistakes


def evaluate_together(
    settings: DedupeSettings = DEFAULTS, pairs: list[dict] | None = None
) -> tuple[float, float, list[tuple[str, bool, str, str]]]:
    """The same labels, but every distinct article clustered in one batch, as a build does:
    this also exercises the cohesion check (a story may only grow through its primary)."""
    pairs = pairs if pairs is not None else load_pairs()
    articles: dict[str, Article] = {}
    for row in pairs:
        for side in ("a", "b"):
            articles.setdefault(row[side]["id"], to_article(row[side]))
    story_of = {
        a.id: n
        for n, c in enumerate(cluster(list(articles.values()), settings))
        for a in c.articles
    }
    tp = fp = fn = 0
    mistakes = []
    for row in pairs:
        predicted = story_of[row["a"]["id"]] == story_of[row["b"]["id"]]
        expected = bool(row["duplicate"])
        tp += predicted and expected
        fp += predicted and not expected
        fn += expected and not predicted
        if predicted != expected:
            mistakes.append((row["kind"], expected, row["a"]["title"], row["b"]["title"]))
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0), mistakes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sweep", action="store_true", help="try a grid of settings")
    args = parser.parse_args()
    pairs = load_pairs()
    kinds = Counter((r["kind"], r["duplicate"]) for r in pairs)
    print(f"{len(pairs)} labelled pairs: {sum(r['duplicate'] for r in pairs)} duplicates")
    for (kind, dup), count in sorted(kinds.items()):
        print(f"  {'dup ' if dup else 'not '} {kind:28} {count}")
    if args.sweep:
        print("shingle threshold headline  precision recall")
        for shingle in (2, 3, 4, 5):
            for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
                for head in (0.6, 0.7, 0.8):
                    s = replace(
                        DEFAULTS, shingle=shingle, threshold=threshold, headline_threshold=head
                    )
                    p, r, _ = evaluate(s, pairs)
                    print(f"{shingle:7} {threshold:9} {head:8}  {p:9.3f} {r:6.3f}")
        return
    precision, recall, mistakes = evaluate(DEFAULTS, pairs)
    print(
        f"settings: shingle={DEFAULTS.shingle} threshold={DEFAULTS.threshold} "
        f"containment={DEFAULTS.containment} headline={DEFAULTS.headline_threshold} "
        f"window={DEFAULTS.window_hours}h"
    )
    print(f"pair precision {precision:.3f}  recall {recall:.3f}")
    for kind, expected, ta, tb in mistakes:
        label = "missed duplicate" if expected else "false merge"
        print(f"  {label} [{kind}]: {ta!r} / {tb!r}")
    precision, recall, mistakes = evaluate_together(DEFAULTS, pairs)
    print(f"all articles in one batch: pair precision {precision:.3f}  recall {recall:.3f}")
    for kind, expected, ta, tb in mistakes:
        label = "missed duplicate" if expected else "false merge"
        print(f"  {label} [{kind}]: {ta!r} / {tb!r}")


if __name__ == "__main__":
    main()
