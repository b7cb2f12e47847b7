"""Wall time and peak memory of the dedupe stage on synthetic articles.

    python benchmarks/dedupe_bench.py                 # 10k, 30k, 100k
    python benchmarks/dedupe_bench.py --sizes 10000   # one size

Each size runs in its own subprocess so peak RSS (ru_maxrss) is per size. 5% of the articles
are near-duplicates of another (a few words changed, a sentence dropped, a new headline for
half of them), published within a few hours of the original; articles are spread over
one day per 1,000 so the 72-hour window holds a realistic number of neighbours.

Columns: wall and CPU seconds of ``cluster()`` alone; peak RSS of the whole process (input
articles included) and RSS before the stage ("input MB"); stories found; articles merged
into another's story against the number planted. The machine may be shared: CPU seconds are
the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta


def make_articles(n: int, seed: int = 7):
    from digest.model import Article

    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(20_000)]
    weights = [1.0 / (i + 1) ** 0.9 for i in range(len(vocab))]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    span = max(n // 1000, 1) * 86400
    dups = int(n * 0.05)
    articles = []
    for i in range(n - dups):
        words = rng.choices(vocab, weights, k=rng.randint(80, 160))
        sentences = [" ".join(words[k : k + 16]) + "." for k in range(0, len(words), 16)]
        title = " ".join(rng.choices(vocab[200:], k=8)).title()
        articles.append(
            Article(
                id=f"a{i}",
                origin="feed",
                location="bench",
                title=title,
                source_name=f"s{i % 50}",
                url=f"https://s{i % 50}.example/{i}",
                paragraphs=tuple(sentences),
                published=start + timedelta(seconds=rng.randrange(span)),
            )
        )
    for d in range(dups):
        base = articles[rng.randrange(n - dups)]
        text = " ".join(base.paragraphs).split()
        for _ in range(len(text) // 20):
            text[rng.randrange(len(text))] = rng.choice(vocab)
        text = text[: int(len(text) * rng.uniform(0.8, 1.0))]
        title = base.title if d % 2 else " ".join(rng.choices(vocab[200:], k=8)).title()
        articles.append(
            Article(
                id=f"d{d}",
                origin="feed",
                location="bench",
                title=title,
                source_name="copy",
                url=f"https://copy.example/{d}",
                paragraphs=(" ".join(text),),
                published=base.published + timedelta(hours=rng.uniform(0, 12)),
            )
        )
    return articles


def run_one(n: int) -> dict:
    from digest.dedupe import cluster

    articles = make_articles(n)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    before, cpu0 = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    clusters = cluster(articles)
    wall = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu0
    merged = sum(len(c.articles) - 1 for c in clusters)
    return {
        "n": n,
        "seconds": round(wall, 2),
        "cpu": round(cpu, 2),
        "peak_rss_mb": round(peak / 1024, 1),
        "rss_before_mb": round(before / 1024, 1),
        "stories": len(clusters),
        "merged": merged,
        "planted": int(n * 0.05),
    }


def compare_engines(n: int) -> None:
    """MinHash signatures for n documents (3-word shingles, 128 permutations): rensa, as
    used by digest, against datasketch (if installed)."""
    from digest.dedupe import DEFAULTS, _features

    articles = make_articles(n)
    t0 = time.perf_counter()
    _features(articles, DEFAULTS)  # tokenising + two rensa signature matrices
    print(f"rensa (digest's _features, body + lead): {time.perf_counter() - t0:6.2f} s for {n}")
    try:
        from datasketch import MinHash
    except ImportError:
        print("datasketch not installed: pip install datasketch to compare")
        return
    docs = []
    for a in articles:
        words = a.text.casefold().split()
        docs.append([" ".join(words[k : k + 3]).encode() for k in range(len(words) - 2)])
    import rensa

    t0 = time.perf_counter()
    MinHash.bulk(docs, num_perm=128)
    print(f"datasketch MinHash.bulk, same shingles:   {time.perf_counter() - t0:6.2f} s for {n}")
    t0 = time.perf_counter()
    rensa.RMinHash.digest_matrix_from_token_sets(docs, 128, 42).to_rows()
    print(f"rensa digest matrix, same shingles:       {time.perf_counter() - t0:6.2f} s for {n}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--engines", type=int, metavar="N", help="compare rensa and datasketch")
    args = parser.parse_args()
    if args.engines:
        compare_engines(args.engines)
        return
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    print(
        f"{'N':>8} {'wall s':>8} {'cpu s':>7} {'us/article':>10} {'peak MB':>8} {'input MB':>9} "
        f"{'stories':>8} {'merged':>7} {'planted':>8}"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['n']:>8} {r['seconds']:>8} {r['cpu']:>7} {r['seconds'] / n * 1e6:>10.1f} "
            f"{r['peak_rss_mb']:>8} {r['rss_before_mb']:>9} {r['stories']:>8} "
            f"{r['merged']:>7} {r['planted']:>8}"
        )


if __name__ == "__main__":
    main()
