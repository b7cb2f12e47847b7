"""The parse cache: an unchanged input file is not parsed again.

Parsing (YAML front matter, Markdown, feed XML) is the costliest part of reading the inputs.
``cached_ingest`` does what ``digest.ingest.ingest`` does, but first looks each file up in the
state's ``parse_cache`` table by a key that hashes everything the parse depends on:

* the file's bytes, its kind (feed, markdown, ...), its path (articles record where they came
  from) and the ``[[sources]]`` settings that name it;
* the code of the parsers (digest/ingest/*.py and digest/model.py), so an upgraded digest
  never reuses an older parser's articles.

Only successful parses are stored (a broken file is parsed, and reported, every time), and
entries no input used in this build are removed, so the table holds one entry per input.
The stored value is a pickle of the list of raw Article objects; the state file is the user's
own, written only by digest.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from digest.config import LimitsConfig
from digest.errors import DigestError
from digest.ingest import IngestResult, Input, read_input
from digest.model import Article, Topic
from digest.parallel import parallel_map
from digest.store import Store
from digest.topics import TopicChoice, assign


@cache
def parser_fingerprint() -> bytes:
    """A hash of the parsing code: any change to it invalidates every cached parse."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*(here / "ingest").glob("*.py"), here / "model.py", here / "util.py"]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def input_key(item: Input, data: bytes) -> str:
    digest = hashlib.sha256(parser_fingerprint())
    digest.update(f"{item.kind}\0{item.path}\0{item.source!r}\0".encode())
    digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def cached_ingest(
    inputs: Iterable[Input],
    store: Store,
    jobs: int | None = 1,
    groups: list[tuple[str | None, list[Article]]] | None = None,
) -> IngestResult:
    """``digest.ingest.ingest`` with the parse cache of ``store``; the same result.

    ``jobs``: worker processes for the files not in the cache (digest/parallel.py).
    ``groups``: if given, receives (cache key, articles) for each input that was read, in
    order (the key is None for a file that could not be read).
    """
    result = IngestResult()
    items = list(inputs)
    keys: dict[int, str] = {}
    for index, item in enumerate(items):
        try:
            keys[index] = input_key(item, item.path.read_bytes())
        except OSError:
            pass  # read_input reports it
    known = _load(store, set(keys.values()))
    missing = [i for i in range(len(items)) if keys.get(i) not in known]
    parsed = dict(zip(missing, parallel_map(_parse, [items[i] for i in missing], jobs),
                      strict=True))
    fresh: dict[str, bytes] = {}
    for index in range(len(items)):
        result.inputs += 1
        key = keys.get(index)
        if index not in parsed:
            result.articles.extend(known[key])  # type: ignore[index]
            if groups is not None:
                groups.append((key, known[key]))  # type: ignore[index]
            continue
        articles, problem = parsed[index]
        if problem is not None:
            result.problems.append(problem)
            continue
        result.articles.extend(articles)
        if groups is not None:
            groups.append((key, articles))
        if key is not None:
            fresh[key] = pickle.dumps(articles, protocol=pickle.HIGHEST_PROTOCOL)
    _save(store, fresh, set(keys.values()))
    return result


def _parse(item: Input) -> tuple[list[Article], str | None]:
    try:
        return read_input(item), None
    except DigestError as exc:
        return [], exc.message


def _load(store: Store, keys: set[str]) -> dict[str, list[Article]]:
    found: dict[str, list[Article]] = {}
    for key, blob in store.db.execute("SELECT key, articles FROM parse_cache"):
        if key in keys:
            try:
                found[key] = pickle.loads(blob)
            except Exception:  # noqa: BLE001 - a damaged entry is parsed again
                continue
    return found


def _save(store: Store, fresh: dict[str, bytes], used: set[str]) -> None:
    with store.transaction() as db:
        stale = [row[0] for row in db.execute("SELECT key FROM parse_cache") if row[0] not in used]
        db.executemany("DELETE FROM parse_cache WHERE key = ?", ((k,) for k in stale))
        db.executemany(
            "INSERT OR REPLACE INTO parse_cache (key, articles) VALUES (?, ?)", fresh.items()
        )


# ------------------------------------------------------------------ limits and cleaning


@cache
def prepare_fingerprint() -> bytes:
    """A hash of the code that limits, cleans and canonicalises articles."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(parser_fingerprint())
    for name in ("limits.py", "clean.py", "dedupe.py"):
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    return digest.digest()


def cached_prepare(
    groups: list[tuple[str | None, list[Article]]],
    limits: LimitsConfig,
    store: Store,
    prepare: Callable[[list[Article]], tuple[list[Article], list[str]]],
) -> tuple[list[list[Article]], list[list[str]]]:
    """``prepare`` (limits, cleaning, canonical URL) of each group of one input's articles,
    from the state's ``prepared_cache`` when the input, the [limits] and the code are those
    of an earlier build. Groups with scraped dumps are always prepared (their cleaning
    depends on the other dumps of their site) and never stored.

    Returns the prepared articles and the limit notices of each group, in order.
    """
    settings = repr(limits).encode()
    keys: list[str | None] = []
    for key, articles in groups:
        if key is None or any(a.origin == "scraped" for a in articles):
            keys.append(None)
            continue
        digest = hashlib.sha256(prepare_fingerprint())
        digest.update(key.encode() + b"\0" + settings)
        keys.append(digest.hexdigest())
    wanted = {k for k in keys if k is not None}
    known: dict[str, tuple[list[Article], list[str]]] = {}
    for key, blob in store.db.execute("SELECT key, value FROM prepared_cache"):
        if key in wanted:
            try:
                known[key] = pickle.loads(blob)
            except Exception:  # noqa: BLE001 - a damaged entry is prepared again
                continue
    out_articles: list[list[Article]] = []
    out_notices: list[list[str]] = []
    fresh: dict[str, bytes] = {}
    for key, (_parse_key, articles) in zip(keys, groups, strict=True):
        if key is not None and key in known:
            done = known[key]
        else:
            done = prepare(articles)
            if key is not None:
                fresh[key] = pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL)
        out_articles.append(done[0])
        out_notices.append(done[1])
    with store.transaction() as db:
        stale = [r[0] for r in db.execute("SELECT key FROM prepared_cache") if r[0] not in wanted]
        db.executemany("DELETE FROM prepared_cache WHERE key = ?", ((k,) for k in stale))
        db.executemany(
            "INSERT OR REPLACE INTO prepared_cache (key, value) VALUES (?, ?)", fresh.items()
        )
    return out_articles, out_notices


# ------------------------------------------------------------------ topics


@cache
def topics_fingerprint() -> bytes:
    here = Path(__file__).resolve().parent
    return hashlib.sha256(b"topics\0" + (here / "topics.py").read_bytes()).digest()


class TopicCache:
    """Each story's TopicChoice by a hash of what the classifier reads (the primary article's
    headline, summary and paragraphs, every article's labels) and the [[topics]] settings, in
    the state's ``topic_cache`` table. ``save`` stores the new choices and drops the rest."""

    def __init__(self, store: Store, topics: tuple[Topic, ...]) -> None:
        self.store = store
        self.topics = topics
        self.setting = hashlib.sha256(topics_fingerprint() + repr(topics).encode()).digest()
        self.known = dict(store.db.execute("SELECT key, value FROM topic_cache"))
        self.used: set[str] = set()
        self.fresh: dict[str, str] = {}
        self.hits = 0

    def key(self, articles: list[Article]) -> str:
        digest = hashlib.blake2b(self.setting, digest_size=20)
        primary = articles[0] if articles else None
        if primary is not None:
            for part in (primary.title, primary.summary, *primary.paragraphs):
                digest.update(f"{len(part)}:{part}".encode("utf-8", "surrogatepass"))
        for article in articles:
            labels = (article.source_category or "", article.category_hint or "", *article.tags)
            digest.update(repr(labels).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def assign(self, articles: list[Article]) -> TopicChoice:
        key = self.key(articles)
        self.used.add(key)
        stored = self.known.get(key) or self.fresh.get(key)
        if stored is not None:
            try:
                data = json.loads(stored)
                self.hits += 1
                return TopicChoice(
                    data["topic"], data["reason"], data["signal"], tuple(data["secondary"]),
                    tuple((slug, float(score)) for slug, score in data["scores"]),
                )
            except (ValueError, KeyError, TypeError):
                pass  # a damaged entry: classify again
        choice = assign(articles, self.topics)
        self.fresh[key] = json.dumps({
            "topic": choice.topic, "reason": choice.reason, "signal": choice.signal,
            "secondary": list(choice.secondary), "scores": [list(s) for s in choice.scores],
        })
        return choice

    def save(self) -> None:
        with self.store.transaction() as db:
            stale = [k for k in self.known if k not in self.used]
            db.executemany("DELETE FROM topic_cache WHERE key = ?", ((k,) for k in stale))
            db.executemany(
                "INSERT OR REPLACE INTO topic_cache (key, value) VALUES (?, ?)",
                self.fresh.items(),
            )
