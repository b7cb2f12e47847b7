"""The fetch stage against web servers as they behave in the wild, each served for real on
127.0.0.1 (no other address is ever used): feeds compressed without saying so, charsets the
headers and the document disagree on, bot checks and login pages where the feed should be,
304s nobody asked for, servers that trickle bytes, and more.

Each case says what the server does and what the user must see: which source, what is
wrong, what to do; the other sources still fetch and the state stays intact.
"""

from __future__ import annotations

import gzip
import socketserver
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from digest.config import load_config
from digest.fetch import FAILED, OK, fetch_sources, prepare_body, stored_articles
from digest.store import Store
from tests.test_fetch import (
    JSON_FEED,
    NOW,
    FeedServer,
    Reply,
    feed_route,
    item,
    rss,
    static,
    write_config,
)

BODY = rss("Real World Wire", [item(1), item(2)])
CLOUDFLARE_PAGE = (
    b"<!DOCTYPE html><html lang=en><head><title>Just a moment...</title></head><body>"
    b"<noscript>Enable JavaScript and cookies to continue</noscript>"
    b'<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>'
    b"</body></html>"
)
LOGIN_PAGE = (
    b"<!doctype html><html><head><title>Sign in</title></head><body><form method=post "
    b'action="/session"><input name=user><input type="password" name=pw></form></body></html>'
)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    instance = FeedServer()
    yield instance
    instance.close()


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


# ---------------------------------------------------------------- a server that misbehaves

Script = Callable[[BinaryIO], None]


class RawServer:
    """Loopback TCP server that answers every request with a script writing raw bytes:
    for answers no well-behaved server library would send (trickled headers, a body that
    never ends)."""

    def __init__(self, scripts: dict[str, Script]) -> None:
        self.stop = threading.Event()

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                line = self.rfile.readline().decode("latin-1")
                while self.rfile.readline().strip():
                    pass
                path = line.split(" ")[1] if " " in line else "/"
                try:
                    scripts[path](self.wfile)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def raw() -> Iterator[Callable[[dict[str, Script]], RawServer]]:
    made: list[RawServer] = []

    def make(scripts: dict[str, Script]) -> RawServer:
        made.append(RawServer(scripts))
        return made[-1]

    yield make
    for instance in made:
        instance.close()


def fetch(tmp_path: Path, sources: list[dict[str, object]], **settings: object):
    return fetch_sources(load_config(write_config(tmp_path, sources, **settings)), now=NOW)


def stored_titles(tmp_path: Path, url: str) -> set[str]:
    with Store(tmp_path / ".digest" / "state.sqlite") as store:
        config = load_config(tmp_path / "digest.toml")
        sources = [s for s in config.sources if s.location == url]
        return {a.title for a in stored_articles(store, sources)}


# ---------------------------------------------------------------- compression


def test_gzip_without_content_encoding_twice_or_mislabelled_is_still_read(
    server: FeedServer, tmp_path: Path
) -> None:
    """A static feed.xml.gz served as it is (no Content-Encoding), a feed gzipped by the
    application and again by the web server, a raw-deflate body, and a plain body labelled
    gzip: each is the feed, once the server's mistakes are undone."""
    server.routes["/nolabel.xml"] = static(Reply(200, gzip.compress(BODY)))
    server.routes["/twice.xml"] = static(
        Reply(200, gzip.compress(gzip.compress(BODY)), {"Content-Encoding": "gzip"})
    )
    raw_deflate = zlib.compressobj(wbits=-15)
    deflated = raw_deflate.compress(BODY) + raw_deflate.flush()
    server.routes["/deflate.xml"] = static(Reply(200, deflated, {"Content-Encoding": "deflate"}))
    server.routes["/liar.xml"] = static(Reply(200, BODY, {"Content-Encoding": "gzip"}))
    paths = ["/nolabel.xml", "/twice.xml", "/deflate.xml", "/liar.xml"]
    report = fetch(tmp_path, [{"url": server.url(p)} for p in paths])
    assert [(r.status, r.articles) for r in report.results] == [(OK, 2)] * 4, [
        r.problem for r in report.results
    ]
    assert server.requests("/twice.xml")[0]["accept-encoding"] == "gzip, deflate"


def test_corrupt_compression_and_a_gzip_bomb_without_a_label_are_clear_failures(
    server: FeedServer, tmp_path: Path
) -> None:
    corrupt = gzip.compress(BODY)[:10] + b"\xff" * 64  # a gzip header, then no deflate data
    server.routes["/corrupt.xml"] = static(Reply(200, corrupt, {"Content-Encoding": "gzip"}))
    bomb = gzip.compress(b"<rss>" + b" " * 3_000_000 + b"</rss>")
    server.routes["/bomb.xml"] = static(Reply(200, bomb))  # gzip, and no label either
    report = fetch(
        tmp_path,
        [
            {"url": server.url("/corrupt.xml"), "name": "Corrupt"},
            {"url": server.url("/bomb.xml"), "name": "Bomb", "max_bytes": 200_000},
        ],
    )
    corrupt, bomb_result = report.results
    assert corrupt.status == FAILED
    assert "gzip-compressed but does not decompress" in (corrupt.problem or "")
    assert "DecodingError" not in (corrupt.problem or "")
    assert bomb_result.status == FAILED
    assert "over the 200,000-byte cap (max_bytes)" in (bomb_result.problem or "")


# ---------------------------------------------------------------- charsets and BOMs


def test_the_header_charset_is_used_when_the_document_has_no_word_of_its_own(
    server: FeedServer, tmp_path: Path
) -> None:
    """Cyrillic in windows-1251, no XML declaration, the charset only in Content-Type: the
    header is right (old: read as windows-1252, mojibake). Where the declaration and the header
    disagree, the one the bytes decode in wins: usually the declaration, as a web server's
    default charset often has nothing to do with the file."""
    title = "Биткоин растет третий день"
    cyrillic = rss("Cyr", [item(1, title=title)]).decode().split("\n", 1)[1].encode("cp1251")
    server.routes["/cyr.xml"] = static(
        Reply(200, cyrillic, {"Content-Type": "application/rss+xml; charset=windows-1251"})
    )
    wrong_decl = rss("Decl", [item(2, title=title)], encoding="utf-8").decode().encode("cp1251")
    server.routes["/wrongdecl.xml"] = static(  # says UTF-8 inside, the header is right
        Reply(200, wrong_decl, {"Content-Type": "text/xml; charset=windows-1251"})
    )
    latin = rss("Latin", [item(3, title="Café fees fall")], encoding="iso-8859-1")
    server.routes["/latin.xml"] = static(  # the declaration is right, the header is not
        Reply(200, latin.decode().encode("latin-1"), {"Content-Type": "text/xml; charset=utf-8"})
    )
    utf8 = rss("Utf8", [item(4, title="Naïve rollups")])
    server.routes["/utf8.xml"] = static(  # a server default charset on a UTF-8 file
        Reply(200, utf8, {"Content-Type": "text/xml; charset=iso-8859-1"})
    )
    paths = ["/cyr.xml", "/wrongdecl.xml", "/latin.xml", "/utf8.xml"]
    report = fetch(tmp_path, [{"url": server.url(p)} for p in paths])
    assert [r.status for r in report.results] == [OK] * 4
    assert stored_titles(tmp_path, server.url("/cyr.xml")) == {title}
    assert stored_titles(tmp_path, server.url("/wrongdecl.xml")) == {title}
    assert stored_titles(tmp_path, server.url("/latin.xml")) == {"Café fees fall"}
    assert stored_titles(tmp_path, server.url("/utf8.xml")) == {"Naïve rollups"}


def test_prepare_body_rewrites_the_declaration_it_overrules() -> None:
    body = '<?xml version="1.0" encoding="utf-8"?><rss>Ж</rss>'.encode("cp1251")
    assert prepare_body(body, "windows-1251") == (
        '<?xml version="1.0" encoding="utf-8"?><rss>Ж</rss>'.encode()
    )
    assert prepare_body(b"\xef\xbb\xbf<rss>\xc3\xa9</rss>", "latin-1").startswith(b"\xef\xbb")
    assert prepare_body(b"\xef\xbb\xbf\n{}", None) == b"\n{}"


def test_bom_json_feed_as_application_json_and_feeds_with_wrong_content_types(
    server: FeedServer, tmp_path: Path
) -> None:
    """A JSON Feed with a UTF-8 BOM (Windows editors write one; old: "not a readable RSS/Atom
    feed"); an RSS feed as text/html or application/octet-stream; one with a BOM."""
    server.routes["/bom.json"] = static(
        Reply(200, b"\xef\xbb\xbf" + JSON_FEED, {"Content-Type": "application/json"})
    )
    server.routes["/html.xml"] = static(Reply(200, BODY, {"Content-Type": "text/html"}))
    server.routes["/octet.xml"] = static(
        Reply(200, BODY, {"Content-Type": "application/octet-stream"})
    )
    server.routes["/bom.xml"] = static(Reply(200, b"\xef\xbb\xbf" + BODY))
    paths = ["/bom.json", "/html.xml", "/octet.xml", "/bom.xml"]
    report = fetch(tmp_path, [{"url": server.url(p)} for p in paths])
    assert [(r.status, r.articles) for r in report.results] == [(OK, 1), (OK, 2), (OK, 2), (OK, 2)]


# ---------------------------------------------------------------- pages instead of the feed


def test_bot_checks_say_what_they_are_are_not_retried_and_keep_the_state(
    server: FeedServer, tmp_path: Path
) -> None:
    state = {"blocked": False}
    good = feed_route(BODY)

    def guarded(headers: dict[str, str]) -> Reply:
        if state["blocked"]:
            return Reply(
                403, CLOUDFLARE_PAGE, {"Content-Type": "text/html", "cf-mitigated": "challenge"}
            )
        return good(headers)

    server.routes["/guarded.xml"] = guarded
    server.routes["/challenge200.xml"] = static(
        Reply(200, CLOUDFLARE_PAGE, {"Content-Type": "text/html", "Server": "cloudflare"})
    )
    server.routes["/challenge503.xml"] = static(
        Reply(503, CLOUDFLARE_PAGE, {"Content-Type": "text/html", "Server": "cloudflare"})
    )
    sources: list[dict[str, object]] = [
        {"url": server.url("/guarded.xml"), "name": "Guarded"},
        {"url": server.url("/challenge200.xml"), "name": "Challenge 200"},
        {"url": server.url("/challenge503.xml"), "name": "Challenge 503"},
    ]
    first = fetch(tmp_path, sources)
    assert first.results[0].status == OK
    state["blocked"] = True
    second = fetch(tmp_path, sources)
    for result in second.results:
        assert result.status == FAILED
        problem = result.problem or ""
        assert 'a bot check page "Just a moment..." from Cloudflare' in problem, problem
        assert "let feed readers through" in problem and "drop the source" in problem
    assert second.results[0].problem.startswith("HTTP 403 Forbidden: ")  # type: ignore[union-attr]
    assert len(server.requests("/challenge503.xml")) == 2  # once per run: a check is no outage
    assert stored_titles(tmp_path, server.url("/guarded.xml")) == {  # the state is intact
        "Synthetic headline number 1 about rollup fees",
        "Synthetic headline number 2 about rollup fees",
    }
    with Store(tmp_path / ".digest" / "state.sqlite") as store:
        guarded_state = store.source_states()[server.url("/guarded.xml")]
    assert guarded_state.etag == '"v1"' and guarded_state.failures == 1


def test_a_redirect_chain_to_a_login_page_names_it_and_where_it_ended(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/members/feed.xml"] = static(Reply(302, b"", {"Location": "/sso?to=feed"}))
    server.routes["/sso?to=feed"] = static(Reply(302, b"", {"Location": "/account/login"}))
    server.routes["/account/login"] = static(
        Reply(
            200,
            b"<!doctype html><html><body>Welcome back</body></html>",
            {"Content-Type": "text/html"},
        )
    )
    server.routes["/form.xml"] = static(Reply(403, LOGIN_PAGE, {"Content-Type": "text/html"}))
    server.routes["/basic.xml"] = static(Reply(401, b"", {"WWW-Authenticate": 'Basic realm="x"'}))
    report = fetch(
        tmp_path,
        [
            {"url": server.url("/members/feed.xml"), "name": "Members"},
            {"url": server.url("/form.xml"), "name": "Form"},
            {"url": server.url("/basic.xml"), "name": "Basic"},
        ],
    )
    members, form, basic = (r.problem or "" for r in report.results)
    assert members.startswith(
        f"a login page (redirected to {server.url('/account/login')}), not the feed"
    ), members
    assert "needs a sign-in" in members and "public feed url" in members
    assert form.startswith("HTTP 403 Forbidden: a login page, not the feed"), form
    assert basic.startswith("HTTP 401 Unauthorized: the feed needs a password"), basic


def test_an_xml_error_document_is_not_called_a_broken_feed(
    server: FeedServer, tmp_path: Path
) -> None:
    error = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
        b"<Message>Access Denied</Message></Error>"
    )
    server.routes["/bucket/feed.xml"] = static(
        Reply(200, error, {"Content-Type": "application/xml"})
    )
    report = fetch(tmp_path, [{"url": server.url("/bucket/feed.xml")}])
    problem = report.results[0].problem or ""
    assert problem.startswith("an XML document <Error>, not a feed"), problem


# ---------------------------------------------------------------- status codes


def test_gone_rate_limited_and_errors_after_a_redirect_say_what_to_do(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/gone.xml"] = static(Reply(410, b"gone"))
    server.routes["/limited.xml"] = static(Reply(429, b"slow down"))  # no Retry-After
    server.routes["/old.xml"] = static(Reply(301, b"", {"Location": "/moved/missing.xml"}))
    report = fetch(
        tmp_path,
        [
            {"url": server.url("/gone.xml")},
            {"url": server.url("/limited.xml")},
            {"url": server.url("/old.xml")},
        ],
    )
    gone, limited, old = (r.problem or "" for r in report.results)
    assert gone.startswith("HTTP 410 Gone: the site removed the feed for good;"), gone
    assert "update the url in digest.toml, or drop the source" in gone
    assert limited.startswith("HTTP 429 Too Many Requests after 2 attempts:"), limited
    assert "limits how often" in limited and "fetch less often" in limited
    assert len(server.requests("/limited.xml")) == 2  # retried with backoff, then given up
    assert old.startswith(
        f"HTTP 404 Not Found (redirected to {server.url('/moved/missing.xml')})"
    ), old


def test_a_304_without_validators_is_a_failure_not_news(server: FeedServer, tmp_path: Path) -> None:
    """A 304 to a request with no If-None-Match / If-Modified-Since (a broken cache): old code
    called the source "not modified" and recorded a success with nothing read."""
    server.routes["/cache.xml"] = static(Reply(304, b""))
    calls = {"n": 0}

    def stale_cache(headers: dict[str, str]) -> Reply:
        calls["n"] += 1
        return Reply(200, BODY) if headers.get("cache-control") == "no-cache" else Reply(304)

    server.routes["/stale.xml"] = stale_cache
    report = fetch(tmp_path, [{"url": server.url("/cache.xml")}, {"url": server.url("/stale.xml")}])
    broken, healed = report.results
    assert broken.status == FAILED
    assert "HTTP 304 Not Modified, though digest asked for the whole feed" in (broken.problem or "")
    sent = server.requests("/cache.xml")
    assert len(sent) == 2 and sent[1]["cache-control"] == "no-cache"
    assert healed.status == OK and healed.articles == 2  # the cache was bypassed
    with Store(tmp_path / ".digest" / "state.sqlite") as store:
        assert store.source_states()[server.url("/cache.xml")].last_success is None


def test_permanent_redirects_validators_and_retry_after_dates_as_servers_send_them(
    server: FeedServer, tmp_path: Path
) -> None:
    """A 308 with a relative Location, a weak ETag and a Last-Modified that is not in GMT
    (both sent back as they came), a Retry-After given as an HTTP date (capped)."""
    server.routes["/old/feed"] = static(Reply(308, b"", {"Location": "../new/feed.xml"}))
    modified = "Monday, 23-Nov-26 10:00:00 +0200"

    def validated(headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == 'W/"7"':
            return Reply(304, b"")
        return Reply(200, BODY, {"ETag": 'W/"7"', "Last-Modified": modified})

    server.routes["/new/feed.xml"] = validated
    answers = [Reply(503, b"", {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})]
    server.routes["/busy.xml"] = lambda _h: answers.pop(0) if answers else Reply(200, BODY)
    sources = [{"url": server.url("/old/feed")}, {"url": server.url("/busy.xml")}]
    started = time.monotonic()
    first = fetch(tmp_path, sources)
    assert time.monotonic() - started < 2  # the date is honoured only up to max_retry_after
    assert [r.status for r in first.results] == [OK, OK]
    assert first.results[1].attempts == 2
    assert first.results[0].moved_to == server.url("/new/feed.xml")
    assert "update its url in digest.toml" in first.summary()
    second = fetch(tmp_path, sources)
    assert second.results[0].status == "not modified"
    sent = server.requests("/new/feed.xml")[-1]
    assert sent["if-none-match"] == 'W/"7"' and sent["if-modified-since"] == modified
    assert "update its url in digest.toml" in second.summary()  # reported on every run


# ---------------------------------------------------------------- slow, endless, broken off


def trickle(head: bytes, body: bytes, gap: float, stop: threading.Event) -> Script:
    def script(out: BinaryIO) -> None:
        out.write(head)
        out.flush()
        for index in range(len(body)):
            if stop.wait(gap):
                return
            out.write(body[index : index + 1])
            out.flush()

    return script


def test_a_server_that_trickles_is_cut_off_by_the_timeout_and_the_others_finish(
    raw: Callable[[dict[str, Script]], RawServer], server: FeedServer, tmp_path: Path
) -> None:
    """A byte every 0.1 s never trips a per-read timeout: old code waited for the trickle in
    the headers to end (here some 6 s; a tarpit: forever). The timeout bounds the whole
    request now, and the good sources finish meanwhile."""
    stop = threading.Event()
    headers = b"X-Padding: " + b"a" * 60 + b"\r\nContent-Length: 5\r\n\r\nhello"
    body_head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(BODY)}\r\n\r\n".encode()
    slow = raw(
        {
            "/headers.xml": trickle(b"HTTP/1.1 200 OK\r\n", headers, 0.1, stop),
            "/body.xml": trickle(body_head, BODY, 0.1, stop),
        }
    )
    for n in range(4):
        server.routes[f"/ok{n}.xml"] = static(Reply(200, rss(f"Ok {n}", [item(n)])))
    sources: list[dict[str, object]] = [
        {"url": slow.url("/headers.xml"), "name": "Trickled Headers", "timeout": 0.6},
        {"url": slow.url("/body.xml"), "name": "Trickled Body", "timeout": 0.6},
    ]
    sources += [{"url": server.url(f"/ok{n}.xml")} for n in range(4)]
    started = time.monotonic()
    report = fetch(tmp_path, sources, concurrency=3)
    took = time.monotonic() - started
    stop.set()
    assert took < 3, took
    by_name = {r.source.name: r for r in report.results}
    assert [r.status for r in report.results[2:]] == [OK] * 4
    assert by_name["Trickled Headers"].status == FAILED
    assert "no answer within 0.6 s (timeout)" in (by_name["Trickled Headers"].problem or "")
    assert by_name["Trickled Body"].status == FAILED
    assert "sent too slowly: not complete after 0.6 s" in (by_name["Trickled Body"].problem or "")
    assert report.exit_code == 3


def test_an_endless_body_stops_at_max_bytes_and_a_broken_off_one_is_explained(
    raw: Callable[[dict[str, Script]], RawServer], tmp_path: Path
) -> None:
    def endless(out: BinaryIO) -> None:  # chunked, no Content-Length: it only grows
        out.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"<item><title>more</title></item>" * 100
        for _ in range(10_000):
            out.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    def broken(out: BinaryIO) -> None:  # promises more than it sends, then hangs up
        out.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n")
        out.write(BODY[:200])

    server = raw({"/endless.xml": endless, "/broken.xml": broken})
    report = fetch(
        tmp_path,
        [
            {"url": server.url("/endless.xml"), "max_bytes": 50_000},
            {"url": server.url("/broken.xml")},
        ],
    )
    endless_result, broken_result = report.results
    assert "over the 50,000-byte cap (max_bytes); stopped reading" in (endless_result.problem or "")
    problem = broken_result.problem or ""
    assert problem.startswith("the server broke off the answer"), problem
    assert "tries again next run" in problem and broken_result.attempts == 2
