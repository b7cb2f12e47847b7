"""The fetch stage against a real HTTP server on 127.0.0.1 (no other address is ever used).

"DNS failure" uses a host under the reserved .invalid TLD, which never resolves (RFC 6761)
and fails at once here; "refused" uses a loopback port nobody listens on.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import digest.fetch as fetch_module
from digest.cli import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, main
from digest.config import load_config
from digest.fetch import FAILED, NOT_MODIFIED, OK, SKIPPED, fetch_sources
from digest.store import Store

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

# ---------------------------------------------------------------- a small real server


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Route = Callable[[dict[str, str]], Reply]


class FeedServer:
    """ThreadingHTTPServer on 127.0.0.1; routes map a path to a function of the headers."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.log.append((self.path, headers))
                route = server.routes.get(self.path)
                reply = route(headers) if route else Reply(404, b"no such page")
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    if "Content-Length" not in reply.headers:
                        self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.log if p == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    instance = FeedServer()
    yield instance
    instance.close()


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


def refused_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


# ---------------------------------------------------------------- synthetic feeds


def rss(title: str, items: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    parts = []
    for item in items:
        inner = "".join(f"<{k}>{v}</{k}>" for k, v in item.items())
        parts.append(f"<item>{inner}</item>")
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>/</link>{''.join(parts)}</channel></rss>"
    )
    return text.encode("utf-8")


def item(n: int, **extra: str) -> dict[str, str]:
    values = {
        "title": f"Synthetic headline number {n} about rollup fees",
        "link": f"/news/{n}",
        "guid": f"item-{n}",
        "pubDate": f"Mon, 23 Nov 2026 {10 + n % 10:02d}:00:00 +0200",
        "description": f"A made-up summary for item {n}, written for the tests.",
    }
    values.update(extra)
    return {k: v for k, v in values.items() if v}


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Test Wire</title>
<id>urn:test:atom</id><updated>2026-11-23T08:00:00Z</updated>
<entry><title>An atom entry on validator sets</title><id>urn:test:atom:1</id>
<link href="stories/one.html"/><updated>2026-11-23T08:00:00-05:00</updated>
<summary>Synthetic atom text.</summary></entry></feed>"""

JSON_FEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Test Desk",
        "items": [
            {
                "id": "j1",
                "url": "/j/1",
                "title": "A JSON item on chip design",
                "content_text": "Synthetic text.",
                "date_published": "2026-11-23T09:30:00+01:00",
            }
        ],
    }
).encode()


def feed_route(
    body: bytes,
    etag: str = '"v1"',
    modified: str = "Mon, 23 Nov 2026 10:00:00 GMT",
    content_type: str = "application/rss+xml",
) -> Route:
    """A feed answering 304 to a matching If-None-Match / If-Modified-Since."""

    def route(headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == etag or headers.get("if-modified-since") == modified:
            return Reply(304, b"", {"ETag": etag})
        return Reply(
            200, body, {"Content-Type": content_type, "ETag": etag, "Last-Modified": modified}
        )

    return route


def static(reply: Reply) -> Route:
    return lambda _headers: reply


def write_config(tmp_path: Path, sources: list[dict[str, object]], **fetch: object) -> Path:
    settings = {"timeout": 2, "retries": 1, "backoff": 0.05, "max_retry_after": 0.2}
    settings.update(fetch)
    lines = ['[site]\nbase_url = "https://example.github.io/digest/"\n', "[fetch]"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in settings.items()]
    for source in sources:
        lines.append("\n[[sources]]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in source.items()]
    (tmp_path / "content").mkdir(exist_ok=True)
    path = tmp_path / "digest.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(tmp_path: Path) -> Store:
    return Store(tmp_path / ".digest" / "state.sqlite")


# ---------------------------------------------------------------- good feeds


def test_good_feeds_are_parsed_resolved_and_stored(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/rss.xml"] = feed_route(rss("RSS Test News", [item(1), item(2)]))
    server.routes["/blog/atom.xml"] = feed_route(ATOM, content_type="application/atom+xml")
    server.routes["/feed.json"] = feed_route(JSON_FEED, content_type="application/feed+json")
    cfg = write_config(
        tmp_path,
        [
            {"url": server.url("/rss.xml"), "name": "RSS Test", "category": "Blockchain"},
            {"url": server.url("/blog/atom.xml")},
            {"url": server.url("/feed.json")},
        ],
    )
    report = fetch_sources(load_config(cfg), now=NOW)
    assert [r.status for r in report.results] == [OK, OK, OK]
    assert [r.articles for r in report.results] == [2, 1, 1]
    assert report.exit_code == EXIT_OK

    with stored(tmp_path) as store:
        articles = {
            a.title: a for a in fetch_module.stored_articles(store, load_config(cfg).sources)
        }
        assert store.count("remote_articles") == 4
        health = {s.key: s for s in store.source_health()}
    first = articles["Synthetic headline number 1 about rollup fees"]
    assert first.url == server.url("/news/1")  # relative link resolved against the feed URL
    assert first.published == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # +0200 -> UTC
    assert first.category_hint == "Blockchain" and first.source_name == "RSS Test"
    atom = articles["An atom entry on validator sets"]
    assert atom.url == server.url("/blog/stories/one.html")
    assert atom.published == datetime(2026, 11, 23, 13, 0, tzinfo=UTC)
    json_item = articles["A JSON item on chip design"]
    assert json_item.url == server.url("/j/1")
    assert json_item.published == datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
    rss_state = health[server.url("/rss.xml")]
    assert rss_state.etag == '"v1"' and rss_state.last_modified.startswith("Mon, 23 Nov")
    assert rss_state.last_success == NOW and rss_state.failures == 0
    assert rss_state.articles == 2


def test_second_run_sends_validators_and_parses_nothing_on_304(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/rss.xml"] = feed_route(rss("RSS Test News", [item(1)]))
    cfg = write_config(tmp_path, [{"url": server.url("/rss.xml")}])
    calls: list[str] = []
    real = fetch_module.parse_feed_bytes

    def counting(*args: object, **kwargs: object):  # the real parser, counted
        calls.append("parse")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fetch_module, "parse_feed_bytes", counting)
    first = fetch_sources(load_config(cfg), now=NOW)
    assert first.results[0].status == OK and calls == ["parse"]
    assert "if-none-match" not in server.requests("/rss.xml")[0]

    second = fetch_sources(load_config(cfg), now=NOW)
    sent = server.requests("/rss.xml")[1]
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Mon, 23 Nov 2026 10:00:00 GMT"
    assert second.results[0].status == NOT_MODIFIED
    assert second.results[0].http_status == 304 and second.results[0].articles == 0
    assert calls == ["parse"]  # nothing parsed on 304
    with stored(tmp_path) as store:
        assert store.count("remote_articles") == 1
        assert store.source_states()[server.url("/rss.xml")].etag == '"v1"'


def test_honest_user_agent_and_compression(server: FeedServer, tmp_path: Path) -> None:
    body = rss("Zipped", [item(1)])
    server.routes["/z.xml"] = static(
        Reply(
            200,
            gzip.compress(body),
            {"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"},
        )
    )
    cfg = write_config(tmp_path, [{"url": server.url("/z.xml")}])
    report = fetch_sources(load_config(cfg), now=NOW)
    assert report.results[0].status == OK and report.results[0].articles == 1
    sent = server.requests("/z.xml")[0]
    assert sent["user-agent"] == "digest/0.1.0 (+https://example.github.io/digest/)"
    assert "gzip" in sent["accept-encoding"]


def test_items_without_link_or_date_get_stable_ids_and_first_seen(
    server: FeedServer, tmp_path: Path
) -> None:
    bare = [item(1, link="", guid="", pubDate=""), item(2, link="", guid="", pubDate="")]
    server.routes["/bare.xml"] = static(Reply(200, rss("Bare Feed", bare)))
    cfg = write_config(tmp_path, [{"url": server.url("/bare.xml"), "name": "Bare"}])
    one = fetch_sources(load_config(cfg), now=NOW)
    assert one.results[0].status == OK
    assert any("2 items without a link" in w for w in one.results[0].warnings)
    assert any("2 items without a date" in w for w in one.results[0].warnings)
    with stored(tmp_path) as store:
        ids_first = sorted(i for _s, i, _p in store.remote_payloads([server.url("/bare.xml")]))
        assert set(store.first_seen(ids_first).values()) == {NOW}
    fetch_sources(load_config(cfg), now=datetime(2026, 11, 25, tzinfo=UTC))
    with stored(tmp_path) as store:
        ids_again = sorted(i for _s, i, _p in store.remote_payloads([server.url("/bare.xml")]))
        assert ids_again == ids_first and len(ids_first) == 2
        assert set(store.first_seen(ids_first).values()) == {NOW}  # first sighting kept
    assert (
        main(["--config", str(cfg), "build", "--offline", "--now", "2026-11-26T00:00:00Z", "-q"])
        == EXIT_OK
    )
    stories = json.loads((tmp_path / "site" / "stories.json").read_text())
    assert {s["published"] for s in stories} == {"2026-11-24T12:00:00Z"}


# ---------------------------------------------------------------- every failure


def test_every_broken_source_is_one_line_and_the_rest_builds(
    server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/good.xml"] = feed_route(rss("Good", [item(1)]))
    server.routes["/404.xml"] = static(Reply(404, b"gone"))
    server.routes["/410.xml"] = static(Reply(410, b"gone"))
    server.routes["/500.xml"] = static(Reply(500, b"oops"))
    server.routes["/slow.xml"] = static(Reply(200, rss("Slow", [item(3)]), delay=1.5))
    server.routes["/page.html"] = static(
        Reply(
            200,
            b"<!doctype html><html><head><title>x</title></head><body>hi</body></html>",
            {"Content-Type": "text/html; charset=utf-8"},
        )
    )
    server.routes["/bad.xml"] = static(Reply(200, b"<rss><channel><title>Broken <<<&&"))
    server.routes["/empty.xml"] = static(Reply(200, b""))
    bomb = gzip.compress(b"<rss>" + b" " * 5_000_000 + b"</rss>")  # small on the wire
    server.routes["/huge.xml"] = static(Reply(200, bomb, {"Content-Encoding": "gzip"}))
    server.routes["/declared.xml"] = static(
        Reply(200, b"<rss/>", {"Content-Length": "99999999999"})
    )
    latin = rss("Charset Wire", [item(4, title="Caf\u00e9 fees fall")]).decode()
    server.routes["/latin.xml"] = static(  # says UTF-8, is Latin-1
        Reply(200, latin.encode("latin-1"), {"Content-Type": "application/rss+xml"})
    )
    nocharset = '<rss version="2.0"><channel><title>No Decl</title><item><title>Na\u00efve '
    nocharset += "title</title><link>/n/1</link></item></channel></rss>"
    server.routes["/nodecl.xml"] = static(Reply(200, nocharset.encode("utf-8")))
    port = refused_port()
    sources: list[dict[str, object]] = [
        {"url": server.url("/good.xml"), "name": "Good Source"},
        {"url": "http://feeds.digest-test.invalid/rss", "name": "Nowhere Host"},
        {"url": f"http://127.0.0.1:{port}/rss", "name": "Closed Port"},
        {"url": server.url("/slow.xml"), "name": "Slow Source", "timeout": 0.3},
        {"url": server.url("/404.xml"), "name": "Missing Source"},
        {"url": server.url("/410.xml"), "name": "Gone Source"},
        {"url": server.url("/500.xml"), "name": "Erroring Source"},
        {"url": server.url("/page.html"), "name": "Web Page"},
        {"url": server.url("/bad.xml"), "name": "Bad XML"},
        {"url": server.url("/empty.xml"), "name": "Empty Body"},
        {"url": server.url("/huge.xml"), "name": "Huge Body", "max_bytes": 100_000},
        {"url": server.url("/declared.xml"), "name": "Declared Huge"},
        {"url": server.url("/latin.xml"), "name": "Wrong Charset"},
        {"url": server.url("/nodecl.xml"), "name": "No Charset"},
    ]
    cfg = write_config(tmp_path, sources)
    code = main(["--config", str(cfg), "build", "--now", "2026-11-24T12:00:00Z"])
    err = capsys.readouterr().err
    assert code == EXIT_PARTIAL
    problems = [line for line in err.splitlines() if line.startswith("problem:")]
    expected = {
        "Nowhere Host": "host name not found (DNS)",
        "Closed Port": "connection refused",
        "Slow Source": "timeout",
        "Missing Source": "HTTP 404",
        "Gone Source": "HTTP 410",
        "Erroring Source": "HTTP 500 Internal Server Error after 2 attempts",
        "Web Page": "an HTML page, not a feed, and it links to no feed",
        "Bad XML": "not a readable RSS/Atom feed",
        "Empty Body": "the feed is empty",
        "Huge Body": "over the 100,000-byte cap (max_bytes); stopped reading",
        "Declared Huge": "over the 10,000,000-byte cap (max_bytes); not read",
    }
    for name, phrase in expected.items():
        mine = [line for line in problems if f"{name} (" in line]
        assert len(mine) == 1, (name, problems)
        assert phrase in mine[0], (name, mine[0])
    assert len(problems) == len(expected)
    assert "fetch summary: 14 sources" in err and "11 failed" in err
    assert "FAILED" in err and "Good Source" in err
    stories = json.loads((tmp_path / "site" / "stories.json").read_text())
    titles = {s["title"] for s in stories}
    assert "Synthetic headline number 1 about rollup fees" in titles
    assert "Café fees fall" in titles  # wrong declared charset: still read, correctly
    assert "Naïve title" in titles  # no declared charset: UTF-8
    with stored(tmp_path) as store:
        health = {s.key: s for s in store.source_health()}
    assert health[server.url("/404.xml")].failures == 1
    assert "HTTP 404" in (health[server.url("/404.xml")].last_error or "")
    assert len(server.requests("/500.xml")) == 2  # retried once (retries = 1)
    assert len(server.requests("/404.xml")) == 1  # 4xx is not retried


def test_exit_codes_of_fetch(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/good.xml"] = feed_route(rss("Good", [item(1)]))
    good = {"url": server.url("/good.xml")}
    bad = {"url": server.url("/missing.xml")}
    assert main(["--config", str(write_config(tmp_path, [good])), "fetch", "-q"]) == EXIT_OK
    assert main(["--config", str(write_config(tmp_path, [good, bad])), "fetch"]) == EXIT_PARTIAL
    assert main(["--config", str(write_config(tmp_path, [bad])), "fetch"]) == EXIT_ERROR


def test_build_with_every_source_failing_and_nothing_else_is_total_failure(
    server: FeedServer, tmp_path: Path
) -> None:
    cfg = write_config(tmp_path, [{"url": server.url("/nothing.xml")}])
    assert main(["--config", str(cfg), "build", "-q"]) == EXIT_ERROR


def test_source_failing_three_runs_in_a_row_is_flagged(server: FeedServer, tmp_path: Path) -> None:
    cfg = write_config(tmp_path, [{"url": server.url("/flaky.xml"), "name": "Flaky"}])
    runs = [fetch_sources(load_config(cfg), now=NOW) for _ in range(3)]
    assert [r.results[0].failures for r in runs] == [1, 2, 3]
    assert [r.results[0].flagged for r in runs] == [False, False, True]
    assert "FLAGGED: failed 3 runs in a row" in runs[2].summary()
    with stored(tmp_path) as store:
        (health,) = store.source_health()
        assert health.failures == 3 and health.flagged(3) and health.last_success is None
    server.routes["/flaky.xml"] = feed_route(rss("Flaky", [item(1)]))
    again = fetch_sources(load_config(cfg), now=NOW)
    assert again.results[0].status == OK and not again.results[0].flagged
    with stored(tmp_path) as store:
        assert store.source_health()[0].failures == 0


# ---------------------------------------------------------------- redirects, discovery, retries


def test_permanent_redirect_is_recorded_reported_and_used(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/old.xml"] = static(Reply(301, b"", {"Location": "/new.xml"}))
    server.routes["/new.xml"] = feed_route(rss("Moved", [item(1)]))
    server.routes["/temp.xml"] = static(Reply(302, b"", {"Location": "/new.xml"}))
    cfg = write_config(
        tmp_path, [{"url": server.url("/old.xml")}, {"url": server.url("/temp.xml")}]
    )
    first = fetch_sources(load_config(cfg), now=NOW)
    moved, temporary = first.results
    assert moved.status == OK and moved.moved_to == server.url("/new.xml")
    assert any("moved permanently to" in w for w in moved.warnings)
    assert temporary.status == OK and temporary.moved_to is None
    with stored(tmp_path) as store:
        states = store.source_states()
        assert states[server.url("/old.xml")].moved_to == server.url("/new.xml")
        assert states[server.url("/temp.xml")].moved_to is None
    assert "moved permanently" in first.summary()
    second = fetch_sources(load_config(cfg), now=NOW)
    assert len(server.requests("/old.xml")) == 1  # the new address is used directly
    assert second.results[0].status == NOT_MODIFIED
    assert second.results[0].moved_to == server.url("/new.xml")  # still reported


def test_html_page_is_followed_to_the_feed_it_announces(server: FeedServer, tmp_path: Path) -> None:
    page = (
        b'<!DOCTYPE html><html><head><link rel="stylesheet" href="/s.css">'
        b'<link rel="alternate" type="application/rss+xml" title="Feed" href="feeds/main.xml">'
        b"</head><body><p>A synthetic home page.</p></body></html>"
    )
    server.routes["/site/"] = static(Reply(200, page, {"Content-Type": "text/html"}))
    server.routes["/site/feeds/main.xml"] = feed_route(rss("Discovered", [item(1)]))
    cfg = write_config(tmp_path, [{"url": server.url("/site/")}])
    first = fetch_sources(load_config(cfg), now=NOW)
    result = first.results[0]
    assert result.status == OK and result.articles == 1
    assert result.feed_url == server.url("/site/feeds/main.xml")
    with stored(tmp_path) as store:
        assert store.source_states()[server.url("/site/")].feed_url == result.feed_url
    second = fetch_sources(load_config(cfg), now=NOW)
    assert second.results[0].status == NOT_MODIFIED
    assert len(server.requests("/site/")) == 1  # straight to the feed the second time


def test_retries_on_503_and_429_honour_capped_retry_after(
    server: FeedServer, tmp_path: Path
) -> None:
    answers = {
        "/busy.xml": [Reply(503, b"", {"Retry-After": "3600"})],
        "/limited.xml": [Reply(429, b"", {"Retry-After": "0"})],
    }
    body = rss("Busy", [item(1)])

    def route(path: str) -> Route:
        def answer(_headers: dict[str, str]) -> Reply:
            queue = answers[path]
            return queue.pop(0) if queue else Reply(200, body)

        return answer

    server.routes["/busy.xml"] = route("/busy.xml")
    server.routes["/limited.xml"] = route("/limited.xml")
    cfg = write_config(
        tmp_path, [{"url": server.url("/busy.xml")}, {"url": server.url("/limited.xml")}]
    )
    report = fetch_sources(load_config(cfg), now=NOW)
    assert [r.status for r in report.results] == [OK, OK]
    assert [r.attempts for r in report.results] == [2, 2]
    assert len(server.requests("/busy.xml")) == 2


def test_stage_deadline_skips_what_it_cannot_start(server: FeedServer, tmp_path: Path) -> None:
    for n in range(4):
        server.routes[f"/s{n}.xml"] = static(Reply(200, rss("S", [item(n)]), delay=0.6))
    cfg = write_config(
        tmp_path,
        [{"url": server.url(f"/s{n}.xml")} for n in range(4)],
        concurrency=1,
        total_timeout=0.5,
    )
    report = fetch_sources(load_config(cfg), now=NOW)
    statuses = [r.status for r in report.results]
    assert SKIPPED in statuses and OK not in statuses
    assert FAILED in statuses  # the one that started ran into the deadline
    with stored(tmp_path) as store:  # a skipped source is not held against it
        assert len(store.source_health()) == statuses.count(FAILED)


# ---------------------------------------------------------------- memory across runs


def test_build_keeps_stories_after_the_feed_drops_them_but_not_deleted_local_files(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/rss.xml"] = static(Reply(200, rss("Wire", [item(1), item(2)])))
    cfg = write_config(tmp_path, [{"url": server.url("/rss.xml"), "name": "Wire"}])
    local = tmp_path / "content" / "articles" / "local-note.md"
    local.parent.mkdir(parents=True)
    local.write_text(
        "---\ntitle: A local note on staking yields\nsource: Local Desk\n"
        "published: 2026-11-22T08:00:00Z\n---\n\nA synthetic local paragraph.\n",
        encoding="utf-8",
    )

    def titles() -> set[str]:
        data = json.loads((tmp_path / "site" / "stories.json").read_text())
        return {s["title"] for s in data}

    assert main(["--config", str(cfg), "build", "-q", "--now", "2026-11-24T12:00:00Z"]) == 0
    first = titles()
    assert "A local note on staking yields" in first
    assert "Synthetic headline number 1 about rollup fees" in first

    server.routes["/rss.xml"] = static(Reply(200, rss("Wire", [item(3)])))  # drops 1 and 2
    local.unlink()
    assert main(["--config", str(cfg), "build", "-q", "--now", "2026-11-25T12:00:00Z"]) == 0
    second = titles()
    assert {f"Synthetic headline number {n} about rollup fees" for n in (1, 2, 3)} <= second
    assert "A local note on staking yields" not in second


def test_offline_build_uses_the_state_and_asks_nobody(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/rss.xml"] = feed_route(rss("Wire", [item(1)]))
    cfg = write_config(tmp_path, [{"url": server.url("/rss.xml")}])
    assert main(["--config", str(cfg), "fetch", "-q"]) == EXIT_OK
    asked = len(server.log)
    assert main(["--config", str(cfg), "build", "--offline", "-q"]) == EXIT_OK
    assert len(server.log) == asked
    data = json.loads((tmp_path / "site" / "stories.json").read_text())
    assert [s["title"] for s in data] == ["Synthetic headline number 1 about rollup fees"]


def test_plain_progress_lines_when_not_a_terminal(
    server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/rss.xml"] = feed_route(rss("Wire", [item(1)]))
    cfg = write_config(
        tmp_path,
        [{"url": server.url("/rss.xml")}, {"url": server.url("/none.xml"), "name": "None"}],
    )
    assert main(["--config", str(cfg), "fetch"]) == EXIT_PARTIAL
    captured = capsys.readouterr()
    assert "\r" not in captured.err and "\033" not in captured.err
    assert "fetched 2/2 sources" in captured.err
    assert captured.err.count("problem: None (") == 1
    assert "fetch summary: 2 sources" in captured.out
