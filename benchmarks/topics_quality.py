"""How well the topic classifier files a hand-labelled set of headlines.

Usage:
    python benchmarks/topics_quality.py [--labelled FILE] [--config digest.toml] [--misses]

Prints the accuracy, a confusion matrix (rows: expected topic, columns: chosen topic) and,
with --misses, every item it got wrong with the reason it gave. Uses the topics of the given
config (default: the built-in topics, which digest.toml repeats). Without --labelled it then
reports the real-world-shaped set (tests/data/topics_realworld.jsonl) the same way.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from digest.config import DEFAULT_TOPICS, load_config
from digest.model import Topic
from digest.topics import evaluate, load_labelled, ordered_topics

HERE = Path(__file__).resolve().parent
DEFAULT_SET = HERE.parent / "tests" / "data" / "topics_labelled.jsonl"
REALWORLD_SET = HERE.parent / "tests" / "data" / "topics_realworld.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labelled", type=Path)
    parser.add_argument("--config", type=Path, help="take the topics from this digest.toml")
    parser.add_argument("--misses", action="store_true", help="list every wrong answer")
    args = parser.parse_args(argv)

    topics = load_config(args.config).topics if args.config else ordered_topics(DEFAULT_TOPICS)
    report(args.labelled or DEFAULT_SET, topics, args.misses)
    if args.labelled is None and REALWORLD_SET.exists():
        print()
        print(f"real-world-shaped set: {REALWORLD_SET.relative_to(HERE.parent)}")
        report(REALWORLD_SET, topics, args.misses)
    return 0


def report(path: Path, topics: Sequence[Topic], misses: bool) -> None:
    """Accuracy, confusion matrix, hard cases (and with ``misses`` each miss) of one set."""
    items = load_labelled(path)
    result = evaluate(items, topics)
    print(f"labelled items: {result.total}")
    print(f"accuracy: {result.accuracy:.3f} ({result.correct}/{result.total})")
    print()
    print(result.table())
    cases = sorted({i.case for i in items if i.case})
    if cases:
        missed = {m.case for m, _ in result.misses}
        print()
        hard = [i for i in items if i.case]
        hard_ok = sum(1 for i in hard if all(i is not m for m, _ in result.misses))
        print(f"hard cases: {hard_ok}/{len(hard)} right; kinds missed: "
              f"{', '.join(sorted(c for c in missed if c)) or 'none'}")
    if misses:
        print()
        for item, choice in result.misses:
            print(f"- expected {item.expected}, got {choice.topic} ({choice.reason}): "
                  f"{item.title}")


if __name__ == "__main__":
    sys.exit(main())
