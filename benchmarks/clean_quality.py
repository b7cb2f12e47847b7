"""Cleaning quality over the hand-written fixtures in tests/fixtures/clean/.

For every dump and page beside its NAME.expected.json:
  * headline exact-match rate;
  * paragraph precision and recall (exact paragraphs, dumps and pages separately);
  * furniture lines leaked (expected furniture found in the cleaned text);
  * full pages: word-level precision, recall and F1 of the body against the expected body,
    for digest (combined extractor + clean stage) and, from the same run, trafilatura alone
    and readability-lxml alone (their raw main text).

Usage: python benchmarks/clean_quality.py [--json]
Targets: headlines 100%, paragraph P and R >= 0.99, zero furniture leaked, page body F1 >= 0.97
and above both extractors alone.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.clean import clean_with_report, learn_furniture, plain_text  # noqa: E402
from digest.ingest import Input, _kind_of, read_input  # noqa: E402
from digest.ingest.html import (  # noqa: E402
    extract_readability,
    extract_trafilatura,
    parse_page_text,
)

FIXTURES = ROOT / "tests" / "fixtures" / "clean"
_WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.casefold()))


def prf(got: Counter[str], want: Counter[str]) -> tuple[float, float, float]:
    overlap = sum((got & want).values())
    p = overlap / sum(got.values()) if got else 0.0
    r = overlap / sum(want.values()) if want else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def measure(fixtures: Path = FIXTURES) -> dict[str, object]:
    cases = sorted(p for p in fixtures.iterdir() if p.suffix in (".txt", ".html"))
    raw = {p: read_input(Input(_kind_of(p), p))[0] for p in cases}
    furniture = learn_furniture(raw[p] for p in cases if p.suffix == ".txt")
    titles_ok = 0
    para = {"dump": [0, 0, 0], "page": [0, 0, 0]}  # matched, got, expected
    leaked: list[str] = []
    bodies: dict[str, list[Counter[str]]] = {
        "digest": [],
        "trafilatura": [],
        "readability": [],
        "digest (trafilatura only) + clean": [],
        "digest (readability only) + clean": [],
    }
    wanted: list[Counter[str]] = []
    for path in cases:
        expected = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
        article, _report = clean_with_report(raw[path], furniture)
        titles_ok += article.title == expected["title"]
        got, want = Counter(article.paragraphs), Counter(expected["paragraphs"])
        counts = para[expected["kind"]]
        counts[0] += sum((got & want).values())
        counts[1] += sum(got.values())
        counts[2] += sum(want.values())
        text = "\n".join([article.title, article.summary, *article.paragraphs, *article.headings])
        leaked += [f"{path.name}: {line}" for line in expected["furniture"]
                   if len(line) > 3 and line in text]
        if expected["kind"] == "page":
            page = path.read_text("utf-8")
            wanted.append(words(" ".join(expected["paragraphs"] + expected["headings"])))
            bodies["digest"].append(words(" ".join(article.paragraphs + article.headings)))
            bodies["trafilatura"].append(words(plain_text(extract_trafilatura(page))))
            bodies["readability"].append(words(plain_text(extract_readability(page))))
            for method in ("trafilatura", "readability"):
                alone, _r = clean_with_report(parse_page_text(page, str(path), method=method))
                bodies[f"digest ({method} only) + clean"].append(
                    words(" ".join(alone.paragraphs + alone.headings))
                )

    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    pages: dict[str, dict[str, float]] = {}
    for name, got_list in bodies.items():
        scores = [prf(g, w) for g, w in zip(got_list, wanted, strict=True)]
        n = len(scores) or 1
        pages[name] = {
            "precision": sum(s[0] for s in scores) / n,
            "recall": sum(s[1] for s in scores) / n,
            "f1": sum(s[2] for s in scores) / n,
            "worst_f1": min((s[2] for s in scores), default=0.0),
        }
    return {
        "fixtures": len(cases),
        "dumps": sum(1 for p in cases if p.suffix == ".txt"),
        "pages": len(wanted),
        "headline_exact": ratio(titles_ok, len(cases)),
        "paragraphs": {
            kind: {"precision": ratio(c[0], c[1]), "recall": ratio(c[0], c[2])}
            for kind, c in para.items()
        },
        "furniture_leaked": len(leaked),
        "leaked": leaked,
        "page_body": pages,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = measure()
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"fixtures: {result['fixtures']} ({result['dumps']} dumps, {result['pages']} pages)")
    print(f"headline exact match: {result['headline_exact']:.1%}   (target 100%)")
    for kind, pr in result["paragraphs"].items():  # type: ignore[union-attr]
        print(f"paragraphs ({kind}s): precision {pr['precision']:.3f}  recall {pr['recall']:.3f}"
              "   (target >= 0.99)")
    print(f"furniture lines leaked: {result['furniture_leaked']}   (target 0)")
    for line in result["leaked"]:  # type: ignore[union-attr]
        print(f"  leaked {line}")
    print("page body, word level (mean over pages)   precision  recall   F1    worst F1")
    for name, s in result["page_body"].items():  # type: ignore[union-attr]
        print(f"  {name:<40} {s['precision']:.3f}     {s['recall']:.3f}  {s['f1']:.3f}  "
              f"{s['worst_f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
