"""Fetch benchmark: 500 feeds x 30 items from a loopback server, 5% of them failing or slow.

    python benchmarks/fetch_bench.py [--feeds 500] [--items 30] [--concurrency 16]

Prints the wall time of a cold fetch (empty state: every feed downloaded, parsed and stored)
and of a warm fetch (same state: every healthy feed answers 304). Aim on 2 cores: cold < 10 s,
warm < 2 s. The server runs in its own process on 127.0.0.1 so it does not share the GIL with
the fetcher; only loopback is used. All feed text is synthetic.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from digest.config import load_config  # noqa: E402
from digest.fetch import fetch_sources  # noqa: E402


def feed_body(n: int, items: int) -> bytes:
    parts = [
        f"<item><title>Feed {n} synthetic headline {i} on rollups and chips</title>"
        f"<link>/f{n}/story/{i}</link><guid>f{n}-{i}</guid>"
        f"<pubDate>Mon, 23 Nov 2026 {i % 24:02d}:{n % 60:02d}:00 GMT</pubDate>"
        f"<description>&lt;p&gt;Made-up summary {i} of feed {n}, a few words long, "
        f"about validators, lending and data centres.&lt;/p&gt;</description>"
        f"<category>Tech</category></item>"
        for i in range(items)
    ]
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench Feed {n}</title><link>/f{n}/</link>{''.join(parts)}</channel></rss>"
    ).encode()


def kind_of(n: int) -> str:
    """5%: every 20th feed is broken: alternately a 500 and a slow (1.5 s) answer."""
    if n % 20 != 7:
        return "ok"
    return "error" if (n // 20) % 2 else "slow"


def serve(port_queue: multiprocessing.Queue, feeds: int, items: int) -> None:
    bodies = {f"/f/{n}.xml": feed_body(n, items) for n in range(feeds)}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            body = bodies.get(self.path)
            n = int(self.path.split("/")[-1].split(".")[0]) if body else -1
            kind = kind_of(n) if body else "missing"
            if kind == "slow":
                time.sleep(1.5)
            if kind in ("error", "missing"):
                self.send_response(500 if kind == "error" else 404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = f'"e{n}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    ThreadingHTTPServer.request_queue_size = 256
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    port_queue.put(httpd.server_address[1])
    httpd.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    queue: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(
        target=serve, args=(queue, args.feeds, args.items), daemon=True
    )
    server.start()
    port = queue.get(timeout=30)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            lines = [
                "[fetch]",
                f"concurrency = {args.concurrency}",
                "timeout = 5",
                "retries = 1",
                "backoff = 0.2",
            ]
            for n in range(args.feeds):
                lines += ["[[sources]]", f'url = "http://127.0.0.1:{port}/f/{n}.xml"']
            (root / "digest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
            config = load_config(root / "digest.toml")
            now = datetime(2026, 11, 24, 12, tzinfo=UTC)
            broken = sum(1 for n in range(args.feeds) if kind_of(n) != "ok")
            print(
                f"{args.feeds} feeds x {args.items} items, {broken} failing or slow, "
                f"concurrency {args.concurrency}"
            )
            for label in ("cold", "warm"):
                started = time.perf_counter()
                report = fetch_sources(config, now=now)
                wall = time.perf_counter() - started
                counts = report.counts()
                items = sum(r.articles for r in report.results)
                print(
                    f"{label}: {wall:6.2f} s wall  ok={counts['ok']} "
                    f"not-modified={counts['not modified']} failed={counts['failed']} "
                    f"skipped={counts['skipped']} items parsed={items}"
                )
    finally:
        server.terminate()
        server.join()


if __name__ == "__main__":
    main()
