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

import json
import random
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

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


def _describe(exc: httpx.HTTPError, timeout: float) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer within {timeout:g} s (timeout)"
    if isinstance(exc, httpx.ConnectError):
        lower = text.lower()
        if (
            "name or service not known" in lower
            or "nodename nor servname" in lower
            or ("name resolution" in lower or "errno -2" in lower or "errno -5" in lower)
        ):
            return "host name not found (DNS)"
        if "refused" in lower:
            return "connection refused"
        return f"cannot connect ({text})"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    return f"HTTP error ({type(exc).__name__}: {text})"


def _get(
    client: httpx.Client,
    url: str,
    headers: dict[str, str],
    timeout: float,
    max_bytes: int,
    settings: _Settings,
    counter: list[int],
) -> tuple[httpx.Response, bytes]:
    """GET with retries; returns the final response and its (decoded, capped) body."""
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
                suffix = f" after {attempt} attempts" if attempt > 1 else ""
                raise _Failure(_describe(exc, limit) + suffix) from exc
        else:
            if response.status_code not in _RETRY_STATUSES or attempt > fetch.retries:
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
    with client.stream("GET", url, headers=headers, timeout=timeout) as response:
        if response.status_code != 200:
            return response, b""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise _Failure(
                f"the response is {int(declared):,} bytes, over the {max_bytes:,}-byte cap "
                "(max_bytes); not read"
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise _Failure(
                    f"the response is over the {max_bytes:,}-byte cap (max_bytes); stopped reading"
                )
            if time.monotonic() - started > timeout:
                raise _Failure(f"the answer took more than {timeout:g} s (timeout)")
            chunks.append(chunk)
        return response, b"".join(chunks)


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


def _http_problem(response: httpx.Response, attempts: int) -> str:
    code = response.status_code
    reason = response.reason_phrase or ""
    text = f"HTTP {code} {reason}".strip()
    if code in (404, 410):
        return f"{text}: the feed is not there (any more); check the url in digest.toml"
    if code in (401, 403):
        return f"{text}: the server refuses us; check the url, or drop the source"
    if attempts > 1:
        return f"{text} after {attempts} attempts"
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
        raise _Failure(_http_problem(response, counter[0]))

    feed_url = None
    try:
        articles = parse_feed_bytes(body, result.url, source, base_url=result.url)
    except DigestError as exc:
        if not _looks_like_html(response, body):
            raise _Failure(exc.problem) from exc
        found = discover_feed(body, result.url)
        if not found:
            raise _Failure(
                "an HTML page, not a feed, and it links to no feed; point url at the feed itself"
            ) from exc
        plain = {"User-Agent": settings.user_agent}
        response, body = _get(client, found, plain, timeout, max_bytes, settings, counter)
        if response.status_code != 200:
            raise _Failure(
                f"the page links to {found}, which answered " + _http_problem(response, counter[0])
            ) from exc
        feed_url = str(response.url)
        result.url = feed_url
        validators = {
            "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
        }
        try:
            articles = parse_feed_bytes(body, feed_url, source, base_url=feed_url)
        except DigestError as inner:
            raise _Failure(f"the page links to {found}, but: {inner.problem}") from inner
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
                transport=transport,
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
