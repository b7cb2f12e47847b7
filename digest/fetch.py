"""Fetch the remote [[sources]] of digest.toml over HTTP, politely, and remember what was seen.

One run:

* reads every remote source's validators and health from the state (``Store``);
* fetches them with a thread pool sharing one ``httpx.Client`` (bounded concurrency, a timeout
  per request and one for the whole stage, retries with backoff on connection errors, 5xx and
  429 honouring Retry-After, an honest User-Agent, compression, redirects followed);
* sends If-None-Match / If-Modified-Since, so an unchanged feed answers 304 and costs no parsing;
* follows an HTML page to the feed it links to (``<link rel="alternate" type="...rss+xml">``);
* parses every format through ``digest.ingest.feeds.parse_feed_bytes``;
* records, per source, in one transaction: validators, health, and every article with its raw
  payload (``article_to_json``), so the build can keep stories after a feed drops them.

A broken source never stops the others: it becomes one ``SourceResult`` with a one-line
``problem``. Network I/O happens in worker threads; the state is written only by the caller's
thread.
"""

from __future__ import annotations

import codecs
import json
import random
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from digest import __version__
from digest.config import Config, FetchConfig, SourceConfig
from digest.errors import DigestError
from digest.ingest.feeds import parse_feed_bytes
from digest.model import Article
from digest.store import FetchOutcome, SourceState, Store

OK, NOT_MODIFIED, FAILED, SKIPPED = "ok", "not modified", "failed", "skipped"
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
)
_RETRY_STATUSES = {429, 500, 502, 503, 504}
# digest decodes bodies itself (``_decode_body``), so it asks only for what it can read
_ACCEPT_ENCODING = "gzip, deflate"
_ERROR_BODY_BYTES = 65_536  # of a 4xx/5xx page: enough to tell a bot check or login page


# ---------------------------------------------------------------- results


@dataclass
class SourceResult:
    """What happened to one source in one run."""

    source: SourceConfig
    status: str  # OK, NOT_MODIFIED, FAILED or SKIPPED
    problem: str | None = None  # one line, for FAILED and SKIPPED
    warnings: list[str] = field(default_factory=list)
    http_status: int | None = None
    articles: int = 0  # items parsed this run (0 on 304)
    url: str = ""  # the URL finally fetched
    moved_to: str | None = None
    feed_url: str | None = None
    attempts: int = 0
    seconds: float = 0.0
    failures: int = 0  # consecutive failed runs, this one included
    flagged: bool = False

    @property
    def label(self) -> str:
        return source_label(self.source)

    @property
    def failed(self) -> bool:
        return self.status in (FAILED, SKIPPED)

    def line(self) -> str:
        """The one line that tells the user about a problem with this source."""
        text = f"{self.label}: {self.problem}"
        if self.flagged:
            text += f" [flagged: failed {self.failures} runs in a row]"
        return text


@dataclass
class FetchReport:
    results: list[SourceResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[SourceResult]:
        return [r for r in self.results if r.failed]

    @property
    def exit_code(self) -> int:
        """0 every source answered, 3 some failed, 1 every one failed (or none configured: 0)."""
        if not self.results or not self.failed:
            return 0
        return 1 if len(self.failed) == len(self.results) else 3

    def counts(self) -> dict[str, int]:
        found = {OK: 0, NOT_MODIFIED: 0, FAILED: 0, SKIPPED: 0}
        for result in self.results:
            found[result.status] += 1
        return found

    def summary(self, full: bool | None = None) -> str:
        """A plain-text table: every source when there are few, else only those with news."""
        counts = self.counts()
        head = (
            f"fetch summary: {len(self.results)} sources in {self.seconds:.1f} s: "
            f"{counts[OK]} ok, {counts[NOT_MODIFIED]} not modified, "
            f"{counts[FAILED]} failed, {counts[SKIPPED]} skipped"
        )
        full = len(self.results) <= 40 if full is None else full
        rows = [r for r in self.results if full or r.failed or r.warnings or r.flagged]
        if not rows:
            return head
        width = min(40, max(len(r.label) for r in rows))
        lines = [head, f"  {'status':<13} {'items':>5}  {'source':<{width}}  note"]
        for r in rows:
            status = r.status.upper() if r.failed else r.status
            items = str(r.articles) if r.status == OK else "-"
            notes = [r.problem] if r.problem else []
            notes += r.warnings
            if r.flagged:
                notes.append(f"FLAGGED: failed {r.failures} runs in a row")
            label = r.label if len(r.label) <= width else r.label[: width - 1] + "…"
            lines.append(f"  {status:<13} {items:>5}  {label:<{width}}  {'; '.join(notes)}")
        return "\n".join(lines)


def source_label(source: SourceConfig) -> str:
    return f"{source.name} ({source.location})" if source.name else source.location


# ---------------------------------------------------------------- payloads


def article_to_json(article: Article) -> str:
    """The raw Article as JSON: enough to rebuild it with ``article_from_json``."""
    data: dict[str, Any] = {}
    for spec in fields(Article):
        value = getattr(article, spec.name)
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        data[spec.name] = value
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


_DATE_FIELDS = {"published", "updated"}
_TUPLE_FIELDS = {f.name for f in fields(Article) if str(f.type).startswith("tuple")}
_ARTICLE_FIELDS = {f.name for f in fields(Article)}


def article_from_json(payload: str) -> Article:
    data = json.loads(payload)
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _ARTICLE_FIELDS:
            continue  # written by a newer digest: ignore
        if key in _DATE_FIELDS and value:
            value = datetime.fromisoformat(value).astimezone(UTC)
        elif key in _TUPLE_FIELDS and isinstance(value, list):
            value = tuple(value)
        values[key] = value
    return Article(**values)


def stored_articles(store: Store, sources: Iterable[SourceConfig]) -> list[Article]:
    """Every article ever fetched from these remote sources (local sources are never stored)."""
    keys = [s.location for s in sources if s.is_remote]
    articles = []
    for _source, _aid, payload in store.remote_payloads(keys):
        try:
            articles.append(article_from_json(payload))
        except (ValueError, TypeError):
            continue  # a damaged row costs one article, not the build
    return articles


# ---------------------------------------------------------------- HTTP


class _Failure(Exception):
    """One source failed; the message is the problem, in words."""


class _Skipped(_Failure):
    """The stage ran out of time before this source was asked anything."""


@dataclass(frozen=True)
class _Settings:
    fetch: FetchConfig
    user_agent: str
    deadline: float  # time.monotonic() after which nothing new starts


def user_agent(config: Config) -> str:
    if config.fetch.user_agent:
        return config.fetch.user_agent
    contact = config.fetch.contact or config.site.base_url
    return f"digest/{__version__} (+{contact})"


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _describe(exc: httpx.HTTPError, timeout: float, attempts: int = 1) -> str:
    text = str(exc) or type(exc).__name__
    after = f" after {attempts} attempts" if attempts > 1 else ""
    if isinstance(exc, httpx.TimeoutException):
        return (
            f"no answer within {timeout:g} s (timeout){after}: the server is down or "
            "overloaded; digest tries again next run"
        )
    if isinstance(exc, httpx.ConnectError):
        lower = text.lower()
        if (
            "name or service not known" in lower
            or "nodename nor servname" in lower
            or ("name resolution" in lower or "errno -2" in lower or "errno -5" in lower)
        ):
            return f"host name not found (DNS){after}"
        if "refused" in lower:
            return f"connection refused{after}"
        return f"cannot connect ({text}){after}"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects (a redirect loop?); open the url in a browser to check it"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"redirected to an address digest cannot fetch ({text}); check the url"
    if isinstance(exc, httpx.RemoteProtocolError):
        return (
            f"the server broke off the answer ({text}){after}: a server or network fault; "
            "digest tries again next run"
        )
    return f"HTTP error ({type(exc).__name__}: {text}){after}"


# -------- a hard limit on the whole request
#
# httpx's timeouts are per operation (connect, each read): a server that trickles a byte
# every few seconds, in its headers or its body, never trips them. The network streams below
# cut every read and write to what is left of the request's own deadline (``_DEADLINE``, per
# thread), so ``timeout`` bounds the whole request, headers included.

_DEADLINE = threading.local()


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    deadline = getattr(_DEADLINE, "value", None)
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise error("the request ran past its deadline")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, bounded, local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _transport(limits: httpx.Limits) -> httpx.HTTPTransport:
    """httpx's own transport, its connections made through ``_DeadlineBackend``."""
    transport = httpx.HTTPTransport(limits=limits)
    pool = getattr(transport, "_pool", None)
    if pool is not None and hasattr(pool, "_network_backend"):  # else: per-read timeouts only
        pool._network_backend = _DeadlineBackend()
    return transport


def _get(
    client: httpx.Client,
    url: str,
    headers: dict[str, str],
    timeout: float,
    max_bytes: int,
    settings: _Settings,
    counter: list[int],
) -> tuple[httpx.Response, bytes]:
    """GET with retries; returns the final response and its (decoded, capped) body.

    The body of a 4xx/5xx answer is read too (its first ``_ERROR_BODY_BYTES``), so the
    caller can tell a bot check or a login page from a plain error.
    """
    fetch = settings.fetch
    attempt = 0
    while True:
        attempt += 1
        counter[0] = attempt
        remaining = settings.deadline - time.monotonic()
        if remaining <= 0:
            kind = _Skipped if attempt == 1 else _Failure
            raise kind("not fetched: the fetch stage ran out of time (fetch.total_timeout)")
        limit = min(timeout, remaining)
        wait: float | None = None
        try:
            response, body = _get_once(client, url, headers, limit, max_bytes)
        except httpx.HTTPError as exc:
            retryable = isinstance(exc, httpx.ConnectError | httpx.RemoteProtocolError)
            retryable = retryable and not isinstance(exc, httpx.ConnectTimeout)
            if not retryable or attempt > fetch.retries:
                raise _Failure(_describe(exc, limit, attempt)) from exc
        else:
            if (
                response.status_code not in _RETRY_STATUSES
                or attempt > fetch.retries
                or _bot_check(response, body)  # a bot check does not heal in a second
            ):
                return response, body
            after = _retry_after(response)
            if after is not None:
                wait = min(after, fetch.max_retry_after)
        if wait is None:
            wait = fetch.backoff * (2 ** (attempt - 1)) * (1 + random.random() / 4)
        if time.monotonic() + wait >= settings.deadline:
            raise _Failure("the fetch stage ran out of time (fetch.total_timeout) while retrying")
        time.sleep(wait)


def _get_once(
    client: httpx.Client, url: str, headers: dict[str, str], timeout: float, max_bytes: int
) -> tuple[httpx.Response, bytes]:
    started = time.monotonic()
    _DEADLINE.value = started + timeout
    response: httpx.Response | None = None
    sent = {**headers, "Accept-Encoding": _ACCEPT_ENCODING}
    try:
        with client.stream("GET", url, headers=sent, timeout=timeout) as response:
            ok = response.status_code == 200
            if response.status_code in (204, 304):
                return response, b""
            declared = response.headers.get("content-length", "")
            if ok and declared.isdigit() and int(declared) > max_bytes:
                raise _Failure(
                    f"the response is {int(declared):,} bytes, over the {max_bytes:,}-byte cap "
                    "(max_bytes); not read"
                )
            cap = max_bytes if ok else _ERROR_BODY_BYTES
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_raw():
                size += len(chunk)
                if size > cap:
                    if not ok:  # the start of an error page is enough
                        chunks.append(chunk[: len(chunk) - (size - cap)])
                        break
                    raise _Failure(_over_cap(max_bytes))
                if time.monotonic() - started > timeout:
                    raise _Failure(_too_slow(timeout))
                chunks.append(chunk)
            raw = b"".join(chunks)
            if not ok:
                try:
                    return response, _decode_body(raw, response, cap)
                except _Failure:
                    return response, b""
            return response, _decode_body(raw, response, max_bytes)
    except httpx.TimeoutException as exc:
        if response is not None:  # the headers came, the body did not (all of it)
            raise _Failure(_too_slow(timeout)) from exc
        raise
    finally:
        _DEADLINE.value = None


def _over_cap(max_bytes: int) -> str:
    return f"the response is over the {max_bytes:,}-byte cap (max_bytes); stopped reading"


def _too_slow(timeout: float) -> str:
    return (
        f"the server answered but sent too slowly: not complete after {timeout:g} s (timeout); "
        "digest tries again next run; raise this source's timeout in digest.toml if it is "
        "always this slow"
    )


# ---------------------------------------------------------------- bodies

_GZIP_MAGIC = b"\x1f\x8b"
_UTF8_BOM = codecs.BOM_UTF8


def _inflate(data: bytes, wbits: int, cap: int) -> bytes:
    """``data`` decompressed (every gzip member of it); over ``cap`` bytes is a _Failure."""
    out = b""
    while True:
        engine = zlib.decompressobj(wbits)
        out += engine.decompress(data, cap + 1 - len(out))
        if len(out) > cap or engine.unconsumed_tail:
            raise _Failure(_over_cap(cap))
        out += engine.flush()
        if len(out) > cap:
            raise _Failure(_over_cap(cap))
        data = engine.unused_data.lstrip(b"\x00")
        if not (engine.eof and data.startswith(_GZIP_MAGIC)):
            return out


def _plain(data: bytes) -> bool:
    """The bytes look like a document already (XML, HTML, JSON), not compressed."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    return data.lstrip()[:1] in (b"<", b"{", b"[") or not data.strip()


def _decode_body(raw: bytes, response: httpx.Response, cap: int) -> bytes:
    """The body as the server meant it, whatever its Content-Encoding says.

    Servers in the wild gzip a feed without saying so (a static ``feed.xml.gz`` served as
    is), gzip it twice (the application, then the web server), or label an uncompressed body
    gzip/deflate. The declared codings are undone first, a coding that does not apply is taken
    for a wrong label when the bytes are a document already, and any gzip left is undone.
    The decompressed size counts against ``cap`` (a small gzip can hold gigabytes).
    """
    header = response.headers.get("content-encoding", "")
    codings = [c.strip().lower() for c in header.split(",") if c.strip()]
    data = raw
    for coding in reversed(codings):
        if coding in ("identity", "none"):
            continue
        if coding not in ("gzip", "x-gzip", "deflate"):
            if _plain(data):
                break  # a wrong label: the bytes are not compressed
            raise _Failure(
                f"the server compressed the answer with {coding!r}, which digest did not ask for "
                f"(it asks for {_ACCEPT_ENCODING}) and cannot read; tell the site's owner"
            )
        try:
            if coding == "deflate" and not data.startswith(_GZIP_MAGIC):
                try:
                    data = _inflate(data, zlib.MAX_WBITS, cap)  # zlib-wrapped, per the RFC
                except zlib.error:
                    data = _inflate(data, -zlib.MAX_WBITS, cap)  # raw deflate, as IIS sent
            else:
                data = _inflate(data, 32 + zlib.MAX_WBITS, cap)  # gzip (or zlib) header
        except zlib.error as exc:
            if _plain(data):
                break  # labelled compressed, but is not
            raise _Failure(
                f"the answer says it is {coding}-compressed but does not decompress "
                "(corrupt or cut short); a server fault: digest tries again next run"
            ) from exc
    for _ in range(3):  # compressed (again) without saying so
        if not data.startswith(_GZIP_MAGIC):
            break
        try:
            data = _inflate(data, 16 + zlib.MAX_WBITS, cap)
        except zlib.error:
            break  # not gzip after all: the parser will say what it is
    if len(data) > cap:
        raise _Failure(_over_cap(cap))
    return data


_XML_DECLARATION = re.compile(
    rb"""^(\s*<\?xml\b[^>]*?\bencoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])""", re.IGNORECASE
)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return False
    return True


def _codec(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def prepare_body(body: bytes, header_charset: str | None) -> bytes:
    """Feed bytes ready for the parser, which never sees the HTTP headers.

    Which charset to believe: a byte order mark first; then the document's own declaration
    (``<?xml ... encoding=...?>``, or UTF-8 for a document without one, as XML and JSON
    default to it) if the bytes decode cleanly in it; then the Content-Type header's charset
    if they decode in that. The header is often a web server's default, unrelated to the file;
    but a body that is not valid in its own declared charset while it is in the header's was
    labelled right by the header. If neither fits, the bytes go as they are and the parser
    falls back to an encoding that works. A UTF-8 BOM before JSON is dropped (JSON has none).
    """
    if body.startswith(_UTF8_BOM) and body[len(_UTF8_BOM) :].lstrip()[:1] in (b"{", b"["):
        return body[len(_UTF8_BOM) :]
    if body.startswith((_UTF8_BOM, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        b"\x00" in body[:4]
    ):
        return body
    header = _codec(header_charset)
    if header is None:
        return body
    match = _XML_DECLARATION.match(body)
    own = _codec(match.group(2).decode("ascii") if match else "utf-8")
    if own is not None and _decodes(body, own):
        return body  # the document's own word holds
    if header == own or not _decodes(body, header):
        return body  # nothing better to offer: the parser's fallback decides
    text = body.decode(header)
    if match:  # the declaration must now say what the bytes are
        start, end = match.span(2)
        prefix = body[:start].decode(header)
        text = prefix + "utf-8" + body[end:].decode(header)
    return text.encode("utf-8")


# ---------------------------------------------------------------- what a page is

_BOT_CHECK_MARKERS = (
    "just a moment...",
    "checking your browser",
    "checking if the site connection is secure",
    "cf-browser-verification",
    "challenge-platform",
    "cf_chl_",
    "attention required! | cloudflare",
    "enable javascript and cookies to continue",
    "ddos-guard",
    "px-captcha",
    "_incapsula_resource",
    "sucuri website firewall",
    "verify you are human",
    "are you a robot",
    "g-recaptcha",
    "h-captcha",
    "hcaptcha.com",
    "captcha-delivery.com",
)
_VENDORS = (
    ("cloudflare", "Cloudflare"),
    ("cf_chl_", "Cloudflare"),
    ("ddos-guard", "DDoS-Guard"),
    ("sucuri", "Sucuri"),
    ("incapsula", "Imperva"),
    ("px-captcha", "PerimeterX"),
    ("captcha-delivery.com", "DataDome"),
    ("akamai", "Akamai"),
)
_LOGIN_PATH = re.compile(
    r"(?:^|[/_.-])(?:log-?in|sign-?in|signon|sso|auth|authenticate|session/new)(?:$|[/_.?-])",
    re.IGNORECASE,
)
_PASSWORD_FIELD = re.compile(rb"<input\b[^>]*\btype\s*=\s*[\"']?password\b", re.IGNORECASE)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)


def _page_title(body: bytes) -> str:
    found = _TITLE.search(body[:65_536])
    if not found:
        return ""
    title = " ".join(found.group(1).decode("utf-8", "replace").split())
    return title[:80]


def _bot_check(response: httpx.Response, body: bytes) -> str | None:
    """Who stands between digest and the feed ("Cloudflare", or "a firewall"), if anyone."""
    headers = response.headers
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return "Cloudflare"
    if not _looks_like_html(response, body):
        return None
    text = body[:65_536].decode("utf-8", "replace").lower()
    if not any(marker in text for marker in _BOT_CHECK_MARKERS):
        return None
    seen = f"{headers.get('server', '')} {' '.join(headers.keys())} {text[:20_000]}".lower()
    return next((name for key, name in _VENDORS if key in seen), "a firewall")


def _login_page(response: httpx.Response, body: bytes) -> bool:
    if not _looks_like_html(response, body):
        return False
    if _PASSWORD_FIELD.search(body[:200_000]):
        return True
    redirected = bool(response.history)
    parts = urlsplit(str(response.url))
    return redirected and bool(_LOGIN_PATH.search(f"{parts.path}?{parts.query}"))


def _page_problem(response: httpx.Response, body: bytes, asked: str) -> str | None:
    """The message for a bot check or a login page where the feed should be, else None."""
    code = response.status_code
    status = f"HTTP {code} {response.reason_phrase or ''}".strip() + ": " if code != 200 else ""
    where = _redirected(response, asked)
    vendor = _bot_check(response, body)
    if vendor is not None:
        title = _page_title(body)
        named = f' "{title}"' if title else ""
        return (
            f"{status}a bot check page{named} from {vendor}{where}, not the feed: the site "
            "blocks automated readers like digest; ask its owner to let feed readers through "
            "(or for a feed address that is not blocked), or drop the source"
        )
    if _login_page(response, body):
        return (
            f"{status}a login page{where}, not the feed: this feed needs a sign-in, which digest "
            "cannot do; use a public feed url in digest.toml, or drop the source"
        )
    return None


_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_FEED_ROOTS = {"rss", "feed", "rdf:rdf", "rdf", "channel"}


def _not_a_feed(body: bytes) -> str | None:
    """For XML that is no feed at all (a storage service's <Error>, an API's answer): say so."""
    head = body[:4096]
    while True:  # past the declaration, comments and processing instructions
        found = _ROOT.search(head)
        if found is None:
            return None
        name = found.group(1).decode("ascii", "replace")
        if name.lower() not in ("xml",):
            break
        head = head[found.end() :]
    if name.lower() in _FEED_ROOTS or name.lower().split(":")[-1] in _FEED_ROOTS:
        return None
    return (
        f"an XML document <{name}>, not a feed (RSS, Atom or JSON Feed); the server may answer "
        "with an error in XML; open the url in a browser, and point url at the feed"
    )


def _redirected(response: httpx.Response, asked: str) -> str:
    final = str(response.url)
    return f" (redirected to {final})" if response.history and final != asked else ""


def _permanent_target(response: httpx.Response) -> str | None:
    """Where the leading run of permanent redirects (301/308) ended, if any."""
    chain = [*response.history, response]
    target = None
    for hop, following in zip(chain, chain[1:], strict=False):
        if hop.status_code not in (301, 308):
            break
        target = str(following.url)
    return target


class _FeedLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in FEED_TYPES and values.get("href"):
            self.links.append((kind, values["href"].strip()))


def discover_feed(html: bytes, base_url: str) -> str | None:
    """The first feed an HTML page announces with <link rel="alternate" type="...">."""
    parser = _FeedLinks()
    try:
        parser.feed(html[:2_000_000].decode("utf-8", "replace"))
    except Exception:  # noqa: BLE001 - a broken page is just a page without links
        return None
    for wanted in FEED_TYPES:  # preference: RSS, Atom, JSON Feed
        for kind, href in parser.links:
            if kind == wanted:
                try:
                    return urljoin(base_url, href)
                except ValueError:  # "http://[x": not a link to follow
                    continue
    return None


def _looks_like_html(response: httpx.Response, body: bytes) -> bool:
    kind = response.headers.get("content-type", "").lower()
    head = body.lstrip()[:200].lower()
    return "html" in kind and "xhtml" not in kind or head.startswith((b"<!doctype html", b"<html"))


def _http_problem(response: httpx.Response, attempts: int, asked: str = "") -> str:
    code = response.status_code
    reason = response.reason_phrase or ""
    text = f"HTTP {code} {reason}".strip()
    if attempts > 1:
        text += f" after {attempts} attempts"
    text += _redirected(response, asked) if asked else ""
    if code == 404:
        return f"{text}: the feed is not there (any more); check the url in digest.toml"
    if code == 410:
        return (
            f"{text}: the site removed the feed for good; find its new feed and update the "
            "url in digest.toml, or drop the source"
        )
    if code == 401:
        return (
            f"{text}: the feed needs a password, which digest does not send; use a public "
            "feed url, or drop the source"
        )
    if code == 403:
        return f"{text}: the server refuses us; check the url, or drop the source"
    if code == 429:
        after = response.headers.get("retry-after", "").strip()
        wait = f"; it asked for a pause (Retry-After: {after})" if after else ""
        return (
            f"{text}: the server limits how often it may be asked{wait}; digest tries again "
            "next run; if this keeps happening, fetch less often"
        )
    if code >= 500:
        return f"{text}: a fault on the server; digest tries again next run"
    return text


# ---------------------------------------------------------------- one source


def fetch_one(
    client: httpx.Client, source: SourceConfig, state: SourceState | None, settings: _Settings
) -> tuple[SourceResult, FetchOutcome | None]:
    """Fetch and parse one source. Never raises: a problem becomes the result's ``problem``.

    The outcome (None when nothing should be recorded) is written by the caller.
    """
    started = time.monotonic()
    result = SourceResult(source=source, status=FAILED)
    counter = [0]
    outcome: FetchOutcome | None = None
    try:
        result, outcome = _fetch(client, source, state, settings, result, counter)
    except _Failure as exc:
        result.problem = str(exc)
        skipped = isinstance(exc, _Skipped)
        result.status = SKIPPED if skipped else FAILED
        if not skipped:  # running out of time is not the source's fault
            outcome = FetchOutcome(key=source.location, ok=False, error=result.problem)
    except Exception as exc:  # noqa: BLE001 - one source must never break the run
        result.status = FAILED
        result.problem = f"unexpected error ({type(exc).__name__}: {exc})"
        outcome = FetchOutcome(key=source.location, ok=False, error=result.problem)
    result.attempts = counter[0]
    result.seconds = time.monotonic() - started
    if outcome is not None:
        outcome = replace(outcome, seconds=round(result.seconds, 3))
    return result, outcome


def _fetch(
    client: httpx.Client,
    source: SourceConfig,
    state: SourceState | None,
    settings: _Settings,
    result: SourceResult,
    counter: list[int],
) -> tuple[SourceResult, FetchOutcome]:
    if time.monotonic() >= settings.deadline:
        raise _Skipped("not fetched: the fetch stage ran out of time (fetch.total_timeout)")
    fetch = settings.fetch
    timeout = source.timeout or fetch.timeout
    max_bytes = source.max_bytes or fetch.max_bytes
    state = state or SourceState(key=source.location)
    url = state.feed_url or state.moved_to or source.location
    headers = {"User-Agent": settings.user_agent}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified

    response, body = _get(client, url, headers, timeout, max_bytes, settings, counter)
    if response.status_code == 304 and not ({"If-None-Match", "If-Modified-Since"} & set(headers)):
        # "Not Modified" to a request that named no version: a broken server or a cache in
        # front of it. Ask once more, past any cache; a second 304 is a failure, not news.
        fresh = {**headers, "Cache-Control": "no-cache", "Pragma": "no-cache"}
        response, body = _get(client, url, fresh, timeout, max_bytes, settings, counter)
        if response.status_code == 304:
            raise _Failure(
                "HTTP 304 Not Modified, though digest asked for the whole feed (it sent no "
                "If-None-Match / If-Modified-Since): a fault in the server or a cache in front "
                "of it; nothing was read; digest tries again next run; tell the site's owner "
                "if it lasts"
            )
    result.http_status = response.status_code
    result.url = str(response.url)
    moved = _permanent_target(response)
    if moved is None and url == state.moved_to:
        moved = state.moved_to  # still moved: keep it (and keep telling the user)
    if moved is not None and url != state.feed_url:
        result.moved_to = moved
        result.warnings.append(f"moved permanently to {moved}; update its url in digest.toml")
    validators = {
        "etag": response.headers.get("etag"),
        "last_modified": response.headers.get("last-modified"),
    }
    if response.status_code == 304:
        result.status = NOT_MODIFIED
        return result, FetchOutcome(
            key=source.location,
            ok=True,
            etag=validators["etag"] or state.etag,
            last_modified=validators["last_modified"] or state.last_modified,
            moved_to=result.moved_to,
        )
    if response.status_code != 200:
        raise _Failure(
            _page_problem(response, body, url) or _http_problem(response, counter[0], url)
        )
    if not body.strip():
        raise _Failure(
            f"the feed is empty: HTTP 200 OK with no body{_redirected(response, url)}; "
            "usually a passing server fault: digest tries again next run; if it lasts, "
            "open the url in a browser"
        )

    feed_url = None
    try:
        articles = parse_feed_bytes(
            prepare_body(body, response.charset_encoding), result.url, source,
            base_url=result.url, notices=result.warnings,
        )
    except DigestError as exc:
        page = _page_problem(response, body, url)
        if page is not None:
            raise _Failure(page) from exc
        if not _looks_like_html(response, body):
            raise _Failure(_not_a_feed(body) or exc.problem) from exc
        found = discover_feed(body, result.url)
        if not found:
            raise _Failure(
                f"an HTML page{_redirected(response, url)}, not a feed, and it links to no "
                "feed; point url at the feed itself"
            ) from exc
        plain = {"User-Agent": settings.user_agent}
        response, body = _get(client, found, plain, timeout, max_bytes, settings, counter)
        if response.status_code != 200:
            problem = _page_problem(response, body, found) or _http_problem(
                response, counter[0], found
            )
            raise _Failure(f"the page links to {found}, which answered " + problem) from exc
        feed_url = str(response.url)
        result.url = feed_url
        validators = {
            "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
        }
        try:
            articles = parse_feed_bytes(
                prepare_body(body, response.charset_encoding), feed_url, source,
                base_url=feed_url, notices=result.warnings,
            )
        except DigestError as inner:
            problem = _page_problem(response, body, found) or inner.problem
            raise _Failure(f"the page links to {found}, but: {problem}") from inner
        result.feed_url = feed_url
        result.warnings.append(f"found the feed {feed_url} on the page")

    result.status = OK
    result.articles = len(articles)
    if not articles:
        result.warnings.append("the feed has no items")
    no_link = sum(1 for a in articles if not a.url)
    no_date = sum(1 for a in articles if a.published is None)
    if no_link:
        result.warnings.append(f"{no_link} items without a link (ids made from their content)")
    if no_date:
        result.warnings.append(f"{no_date} items without a date (dated when first seen)")
    payloads = tuple((a.id, article_to_json(a)) for a in articles)
    return result, FetchOutcome(
        key=source.location,
        ok=True,
        etag=validators["etag"],
        last_modified=validators["last_modified"],
        feed_url=feed_url,
        moved_to=result.moved_to,
        location=result.url,
        articles=payloads,
    )


# ---------------------------------------------------------------- the stage


def fetch_sources(
    config: Config,
    state_path: Path | None = None,
    now: datetime | None = None,
    on_result: Callable[[int, int, SourceResult], None] | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
) -> FetchReport:
    """Fetch every remote source of ``config``; record what came back in the state.

    ``on_result(done, total, result)`` is called (in this thread) as each source finishes.
    """
    sources = [s for s in config.sources if s.is_remote]
    now = (now or datetime.now(UTC)).astimezone(UTC)
    started = time.monotonic()
    report = FetchReport()
    if not sources:
        return report
    fetch = config.fetch
    settings = _Settings(
        fetch=fetch, user_agent=user_agent(config), deadline=started + fetch.total_timeout
    )
    limits = httpx.Limits(
        max_connections=fetch.concurrency, max_keepalive_connections=fetch.concurrency
    )
    with Store(state_path or config.state_path) as store:
        states = store.source_states(s.location for s in sources)
        failures = {key: state.failures for key, state in states.items()}
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=10,
                limits=limits,
                transport=transport or _transport(limits),
                headers={"User-Agent": settings.user_agent},
            ) as client,
            ThreadPoolExecutor(fetch.concurrency, thread_name_prefix="digest-fetch") as pool,
        ):
            # Slowest first (by the last run's time), so a slow source does not start last
            # and hold the whole stage up; a new source counts as slow.
            def slowness(source: SourceConfig) -> float:
                state = states.get(source.location)
                return -(state.seconds if state and state.seconds is not None else 60.0)

            futures = [
                pool.submit(fetch_one, client, s, states.get(s.location), settings)
                for s in sorted(sources, key=slowness)
            ]
            for done, future in enumerate(as_completed(futures), start=1):
                result, outcome = future.result()
                if outcome is not None:
                    store.record_fetch(outcome, now)
                    failures[result.source.location] = (
                        0 if outcome.ok else failures.get(result.source.location, 0) + 1
                    )
                result.failures = failures.get(result.source.location, 0)
                result.flagged = result.failed and result.failures >= fetch.flag_after
                report.results.append(result)
                if on_result:
                    on_result(done, len(sources), result)
    order = {s.location: i for i, s in enumerate(sources)}
    report.results.sort(key=lambda r: order[r.source.location])
    report.seconds = time.monotonic() - started
    return report
