"""Caches that spare a build work it did before; ``cached_read`` reads every input with them.

* The parse cache (``parse_cache``): an unchanged input file is not parsed again. Parsing
  (YAML front matter, Markdown, feed XML) is the costliest part of reading the inputs. Each
  file is looked up by a key that hashes everything the parse depends on: the file's bytes,
  its kind (feed, markdown, ...), its path (articles record where they came from), the
  ``[[sources]]`` settings that name it, and the parsers' code (digest/ingest/*.py,
  digest/model.py, digest/util.py), so an upgraded digest never reuses an older parser's
  articles.
* The prepared cache (``prepared_cache``): an input's articles after the [limits] caps,
  cleaning and canonical URLs, keyed by the parse key, [limits] and that code.
* The topic cache (``topic_cache``, ``TopicCache``): each story's topic.

Only successful parses are stored (a broken file is parsed, and reported, every time), and
entries no input used in this build are removed, so each table holds one entry per input or
story. Values are pickles; the state file is the user's own, written only by digest.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import Any

from digest.brief import make_brief
from digest.clean import SiteFurniture, clean_all
from digest.config import LimitsConfig
from digest.dedupe import DedupeSettings, feature_dtype, with_canonical
from digest.errors import DigestError
from digest.ingest import WARNING, Input, load_readers, read_input
from digest.limits import apply_limits
from digest.model import Article, Topic, text_key
from digest.parallel import (
    MIN_ITEMS,
    ROUND_ITEMS,
    Background,
    can_fork,
    parallel_map,
    resolve_jobs,
)
from digest.store import Store
from digest.topics import KeywordScore, TopicChoice, assign, primary_scores
from digest.util import RACY_NS, Ticker, code_digest, read_file

_HERE = Path(__file__).resolve().parent


@cache
def parser_fingerprint() -> bytes:
    """A hash of the parsing code: any change to it invalidates every cached parse. Parsing
    also uses the clean stage's site-name rules and dedupe's canonical URLs of feed items."""
    return code_digest([*(_HERE / "ingest").glob("*.py"), _HERE / "model.py", _HERE / "util.py",
                        _HERE / "clean.py", _HERE / "dedupe.py", _HERE / "media.py"])


def input_key(item: Input, content: bytes, path: str | None = None) -> str:
    """``content``: the sha256 digest of the input file's bytes. The file is named by its
    absolute path (``path``, when the caller has it): a build run from another folder, or
    given the content folder as an absolute path instead of a relative one, finds the same
    keys (``_relabelled``)."""
    digest = hashlib.sha256(parser_fingerprint())
    path = path or os.path.abspath(item.path)
    digest.update(f"{item.kind}\0{path}\0{item.source!r}\0".encode())
    digest.update(content)
    return digest.hexdigest()



def _parse_keys(items: list[Input], store: Store, trust_times: bool = True) -> dict[int, str]:
    """Each readable input's key. The digest of a file's bytes is kept in the state's
    ``file_hashes`` table with the file's size, times, inode and device, and used again
    while they are unchanged, so an unchanged input is not even read (as ``make`` and git
    trust file times; ``digest build --full`` reads everything). A file modified within
    ``RACY_NS`` of its hashing is not trusted that way: a change in the same clock tick
    could keep its times. ``trust_times`` False: every file is read and hashed."""
    known = {
        path: (stamp, digest)
        for path, stamp, digest in store.db.execute("SELECT path, stat, digest FROM file_hashes")
    }
    keys: dict[int, str] = {}
    fresh: list[tuple[str, str, bytes]] = []
    # os.path.abspath asks for the working folder each time: once per build will do
    here = os.getcwd()
    wanted = [os.path.normpath(os.path.join(here, item.path)) for item in items]
    for index, (item, path) in enumerate(zip(items, wanted, strict=True)):
        try:
            status = os.stat(path)
            stamp = (f"{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}:"
                     f"{status.st_ino}:{status.st_dev}")
            found = known.get(path)
            if trust_times and found is not None and found[0] == stamp:
                content = found[1]
            else:
                read_at = time.time_ns()
                content = hashlib.sha256(read_file(path)).digest()
                if status.st_mtime_ns < read_at - RACY_NS:
                    fresh.append((path, stamp, content))
        except OSError:
            continue  # read_input reports it
        keys[index] = input_key(item, content, path)
    used = set(wanted)
    with store.transaction() as db:
        db.executemany("DELETE FROM file_hashes WHERE path = ?",
                       ((path,) for path in known if path not in used))
        db.executemany("INSERT OR REPLACE INTO file_hashes (path, stat, digest) VALUES (?, ?, ?)",
                       fresh)
    return keys


def _parse_missing(
    items: list[Input],
    wanted: Iterable[int],
    keys: dict[int, str],
    known: dict[str, Any],
    jobs: int | None,
    early: LimitsConfig,
    progress: Callable[[str], None] | None = None,
) -> tuple[
    dict[int, list[Article]],
    dict[int, str],
    list[tuple[str, bytes]],
    dict[int, tuple[list[Article], list[str]]],
]:
    """Raw articles of the ``wanted`` inputs, from ``known`` parses or parsed now (in worker
    processes when there are many). An input parsed now with no scraped dump among its
    articles is also prepared where it was parsed, with the [limits] ``early``
    (prepare_plain), and its raw articles come back only pickled, for the parse cache.

    Returns (raw articles by input, problem by input, the new parses to store as
    (key, pickle), prepared articles and notices by input).
    """
    raw: dict[int, list[Article]] = {}
    missing = []
    for index in wanted:
        key = keys.get(index)
        if key is not None and key in known:
            raw[index] = known[key]
        else:
            missing.append(index)
    problems: dict[int, str] = {}
    fresh: list[tuple[str, bytes]] = []
    prepared: dict[int, tuple[list[Article], list[str]]] = {}
    work = partial(_parse, early=early)
    load_readers(items[i].kind for i in missing)
    on_done = None
    if progress is not None and missing:
        progress(f"parsing {len(missing):,} new or changed inputs of {len(items):,}")
        on_done = Ticker(progress, "parsed", len(missing), "inputs").add
    for index, parsed in zip(
        missing, parallel_map(work, [items[i] for i in missing], jobs, on_done=on_done),
        strict=True,
    ):
        articles, problem, blob, done = parsed
        if problem is not None:
            problems[index] = problem
            continue
        if done is not None:
            prepared[index] = done
        else:
            raw[index] = articles
        # An input the reader warned of is not kept parsed: the warning lives with its
        # prepared articles, and a build that prepares it again (other [limits]) must
        # parse it again to say it
        if index in keys and not (done is not None and any(
                n.startswith(WARNING) for n in done[1])):
            fresh.append((keys[index], blob if blob is not None else _dump(articles)))
    return raw, problems, fresh, prepared


def _dump(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def prepare_plain(
    raw: list[Article], limits: LimitsConfig, furniture: SiteFurniture | None
) -> tuple[list[Article], list[str]]:
    """What the build does to an input's raw articles: the [limits] caps, cleaning (dumps
    against their site's ``furniture``), canonical URLs. Returns (articles, cap notices)."""
    limited, capped = apply_limits(raw, limits)
    return [with_canonical(a, keyed=True) for a in clean_all(limited, furniture)], capped


def _parse(
    item: Input, early: LimitsConfig
) -> tuple[list[Article], str | None, bytes | None, tuple[list[Article], list[str]] | None]:
    """(raw articles, problem, None, None) for an input with scraped dumps (they are prepared
    with the others of their site), else ([], problem, raw pickled, prepared)."""
    said: list[str] = []  # a reader's warnings (a feed cut short): kept with the prepared
    try:
        articles = read_input(item, said, max_bytes=early.max_file_bytes)
    except DigestError as exc:
        return [], exc.message, None, None
    if any(a.origin == "scraped" for a in articles):  # (a dump's reader has no warnings)
        return articles, None, None, None
    try:
        prepared = prepare_plain(articles, early, SiteFurniture())
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - costs this input only (read_input's rule)
        return [], DigestError.of_digest(str(item.path), "clean", exc).message, None, None
    return [], None, _dump(articles), (prepared[0], said + prepared[1])


_COLUMNS = {
    "parse_cache": "articles",
    "prepared_cache": "value",
    "feature_cache": "value",
    "brief_cache": "value",
    "topic_cache": "value",
}


def _load(
    store: Store, table: str, keys: Collection[str], decode: Callable[[Any], Any] = pickle.loads
) -> dict[str, Any]:
    """The values of ``keys`` found in ``table``, unpickled or ``decode``d (a damaged entry
    is left out)."""
    column = _COLUMNS[table]
    every = [row[0] for row in store.db.execute(f"SELECT key FROM {table}")]
    present = [key for key in every if key in keys]
    found: dict[str, Any] = {}
    if len(present) * 2 > len(every):
        # Most of the table is wanted (a rebuild's prepared articles and features): one scan
        # reads it in half the time that batches of look-ups by key take.
        for key, blob in store.db.execute(f"SELECT key, {column} FROM {table}"):
            if key in keys:
                try:
                    found[key] = decode(blob)
                except Exception:  # noqa: BLE001 - a damaged entry is made again
                    continue
        return found
    for start in range(0, len(present), 500):
        chunk = present[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for key, blob in store.db.execute(
            f"SELECT key, {column} FROM {table} WHERE key IN ({marks})", chunk
        ):
            try:
                found[key] = decode(blob)
            except Exception:  # noqa: BLE001 - a damaged entry is made again
                continue
    return found


def _pickled(entries: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, bytes]]:
    """Pickled one at a time, as they are written: the blobs are never all in memory."""
    for key, value in entries:
        yield key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _save(
    store: Store, table: str, fresh: Iterable[tuple[str, bytes]], used: set[str]
) -> None:
    """Store the ``fresh`` entries; drop every other entry whose key is not in ``used``."""
    column = _COLUMNS[table]
    with store.transaction() as db:
        stale = [row[0] for row in db.execute(f"SELECT key FROM {table}") if row[0] not in used]
        db.executemany(f"DELETE FROM {table} WHERE key = ?", ((k,) for k in stale))
        db.executemany(f"INSERT OR REPLACE INTO {table} (key, {column}) VALUES (?, ?)", fresh)


# ------------------------------------------------------------------ limits and cleaning


@cache
def prepare_fingerprint() -> bytes:
    """A hash of the code that limits, cleans and canonicalises articles."""
    files = [_HERE / name for name in ("limits.py", "clean.py", "dedupe.py")]
    return code_digest(files, parser_fingerprint())


Prepare = Callable[[list[Article]], tuple[list[Article], list[str]]]


@dataclass
class ReadResult:
    articles: list[Article] = field(default_factory=list)  # limited, cleaned, canonical
    notices: list[str] = field(default_factory=list)  # [limits] caps hit
    problems: list[str] = field(default_factory=list)
    inputs: int = 0


def cached_read(
    inputs: Iterable[Input],
    store: Store,
    jobs: int | None,
    limits: LimitsConfig,
    make_prepare: Callable[[list[Article]], Prepare],
    trust_times: bool = True,
    progress: Callable[[str], None] | None = None,
) -> ReadResult:
    """Every input read, limited, cleaned and canonicalised, doing as little work as the
    state allows:

    * an input whose bytes, [limits] and code are those of an earlier build takes its
      prepared articles from ``prepared_cache`` and is not even unpickled raw;
    * any other input takes its raw articles from the parse cache, or is parsed (in worker
      processes when there are many), then prepared by ``make_prepare(dumps)(articles)``,
      where ``dumps`` are the raw scraped dumps read (their furniture is learned from each
      other, so dumps are prepared every time and never stored prepared).

    An input's key starts from a hash of its bytes, kept with the file's stat while that
    is unchanged (``_parse_keys``; ``trust_times`` False reads every file). ``progress``
    hears how many inputs need parsing and, when that takes long, how far it got.

    The result is the one ``prepare`` gives for every input with no cache at all.
    """
    items = list(inputs)
    keys = _parse_keys(items, store, trust_times)
    settings = repr(limits).encode()
    prepared_keys: dict[int, str] = {}
    for index, key in keys.items():
        if items[index].kind != "scraped":
            digest = hashlib.sha256(prepare_fingerprint())
            digest.update(key.encode() + b"\0" + settings)
            prepared_keys[index] = digest.hexdigest()
    done = _load(store, "prepared_cache", set(prepared_keys.values()))
    need = [i for i in range(len(items)) if prepared_keys.get(i) not in done]
    known = _load(store, "parse_cache", {keys[i] for i in need if i in keys})
    raw, problems, fresh, early = _parse_missing(items, need, keys, known, jobs, limits,
                                                 progress)
    del known
    _save(store, "parse_cache", fresh, set(keys.values()))
    del fresh
    prepare = make_prepare(
        [a for i in need for a in raw.get(i, ()) if a.origin == "scraped"]
    )
    result = ReadResult(inputs=len(items))
    new: list[tuple[str, tuple[list[Article], list[str]]]] = []
    for index in range(len(items)):
        if index in problems:
            result.problems.append(problems[index])
            continue
        key = prepared_keys.get(index)
        if key is not None and key in done:
            articles, notices = done[key]
        elif index in early:  # parsed and prepared in a worker (no dumps among them)
            articles, notices = early.pop(index)
            if key is not None:
                new.append((key, (articles, notices)))
        else:
            articles, notices = prepare(raw.pop(index))
            if key is not None and not any(a.origin == "scraped" for a in articles):
                new.append((key, (articles, notices)))
        articles, notices = _relabelled(articles, notices, str(items[index].path))
        result.articles.extend(articles)
        result.notices.extend(notices)
    _save(store, "prepared_cache", _pickled(new), set(prepared_keys.values()))
    return result


def _relabelled(
    articles: list[Article], notices: list[str], location: str
) -> tuple[list[Article], list[str]]:
    """An input's articles and notices naming it as this build does: read from a cache
    entry made when the input was named another way ("content/a.md" against
    "/srv/news/content/a.md"), they name it as that build did."""
    if not articles or articles[0].location == location:
        return articles, notices
    old = articles[0].location
    return ([a if a.location != old else replace(a, location=location) for a in articles],
            [notice.replace(old, location) for notice in notices])


# ------------------------------------------------------------------ dedupe features


class StoredFeatures:
    """dedupe.FeatureCache in the state's ``feature_cache`` table: each article text's
    packed dedupe features by a hash of the text, the settings and dedupe's code. Entries
    whose text is not in the build are dropped when the fresh ones are kept. The last
    build's groups are kept in ``meta`` (``dedupe_groups``) with the key of its articles."""

    def __init__(self, store: Store, settings: DedupeSettings) -> None:
        self.store = store
        self.size = feature_dtype(settings).itemsize

    def fetch(self, keys: Collection[str]) -> dict[str, bytes]:
        found = _load(self.store, "feature_cache", keys, bytes)
        return {k: v for k, v in found.items() if len(v) == self.size}  # damaged: made again

    def keep(self, fresh: Mapping[str, bytes], used: Collection[str]) -> None:
        _save(self.store, "feature_cache", fresh.items(), set(used))

    def groups(self, key: str) -> list[list[int]] | None:
        """The last build's stories as groups of article indexes, if its key is ``key``."""
        row = self.store.db.execute(
            "SELECT value FROM meta WHERE key = 'dedupe_groups'"
        ).fetchone()
        try:
            kept = json.loads(row[0]) if row else None
            if kept is None or kept["key"] != key:
                return None
            groups = kept["groups"]
            if all(isinstance(g, list) and all(type(i) is int for i in g) for g in groups):
                return groups
        except (ValueError, KeyError, TypeError):
            pass  # damaged: searched again
        return None

    def keep_groups(self, key: str, groups: list[list[int]]) -> None:
        value = json.dumps({"key": key, "groups": groups}, separators=(",", ":"))
        with self.store.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('dedupe_groups', ?)",
                       (value,))


# ------------------------------------------------------------------ briefs


@cache
def brief_fingerprint() -> bytes:
    return code_digest([_HERE / "brief.py", _HERE / "util.py"], b"brief")


class _KeptJson:
    """Values kept as JSON text by key in the state's table ``table``, all read at the start.
    ``save`` stores the new ones and drops every entry no key of this build used."""

    table = ""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.known = dict(store.db.execute(f"SELECT key, value FROM {self.table}"))
        self.used: set[str] = set()
        self.fresh: dict[str, str] = {}

    def _kept(self, key: str) -> Any:
        """The value kept under ``key``, decoded; None when there is none or it is damaged."""
        stored = self.fresh.get(key) or self.known.get(key)
        if stored is None:
            return None
        try:
            return json.loads(stored)
        except ValueError:
            return None

    def save(self) -> None:
        _save(self.store, self.table, self.fresh.items(), self.used)


class BriefCache(_KeptJson):
    """``make_brief`` kept in the state's ``brief_cache`` table, by a hash of every article's
    headline, summary and paragraphs (in the story's order), the sentence limit and the
    brief code; briefs not kept are made in ``jobs`` worker processes when there are many."""

    table = "brief_cache"

    def __init__(self, store: Store, jobs: int | None = 1) -> None:
        super().__init__(store)
        self.jobs = jobs

    def briefs(
        self, groups: Sequence[Sequence[Article]], limit: int
    ) -> list[tuple[str, ...]]:
        """``make_brief(articles, limit)`` of each group (rank.Briefs)."""
        keys = [self._key(articles, limit) for articles in groups]
        found = [self._stored(key) for key in keys]
        missing = {key: articles for key, articles, brief in zip(keys, groups, found, strict=True)
                   if brief is None}
        made = parallel_map(partial(make_brief, limit=limit), list(missing.values()), self.jobs)
        for key, brief in zip(missing, made, strict=True):
            self.fresh[key] = json.dumps(brief)
        self.used.update(keys)
        return [brief if brief is not None else self._stored(key)  # type: ignore[misc]
                for key, brief in zip(keys, found, strict=True)]

    def _key(self, articles: Sequence[Article], limit: int) -> str:
        digest = hashlib.blake2b(brief_fingerprint() + str(limit).encode(), digest_size=20)
        for article in articles:  # title, summary, paragraphs (and body): by the text key
            digest.update(text_key(article).encode())
        return digest.hexdigest()

    def _stored(self, key: str) -> tuple[str, ...] | None:
        found = self._kept(key)
        if isinstance(found, list) and all(isinstance(x, str) for x in found):
            return tuple(found)
        return None  # none, or damaged: made again


# ------------------------------------------------------------------ topics


@cache
def topics_fingerprint() -> bytes:
    return code_digest([_HERE / "topics.py"], b"topics")


class TopicCache(_KeptJson):
    """Each story's TopicChoice by a hash of what the classifier reads (the primary article's
    headline, summary and paragraphs, every article's labels) and the [[topics]] settings, in
    the state's ``topic_cache`` table."""

    table = "topic_cache"

    def __init__(self, store: Store, topics: tuple[Topic, ...]) -> None:
        super().__init__(store)
        self.topics = topics
        self.setting = hashlib.sha256(topics_fingerprint() + repr(topics).encode()).digest()

    def key(self, articles: list[Article]) -> str:
        digest = hashlib.blake2b(self.setting, digest_size=20)
        primary = articles[0] if articles else None
        if primary is not None:  # its title, summary, paragraphs (and body)
            digest.update(text_key(primary).encode())
        for article in articles:
            labels = (article.source_category or "", article.category_hint or "", *article.tags)
            digest.update(repr(labels).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def assign(self, articles: list[Article]) -> TopicChoice:
        return self.assign_all([articles])[0]

    def assign_all(
        self,
        groups: list[list[Article]],
        jobs: int | None = 1,
        scores: PrimaryScores | None = None,
    ) -> list[TopicChoice]:
        """Each group's TopicChoice, from the cache or classified; the groups not in the
        cache are classified in ``jobs`` forked workers when there are enough of them.
        ``scores``: keyword scores made ahead for some articles; a group whose primary has
        them is classified here, from its labels (the same choice, much less work)."""
        choices: list[TopicChoice | None] = []
        missing: dict[str, list[int]] = {}  # key -> the groups that have it
        for index, articles in enumerate(groups):
            key = self.key(articles)
            self.used.add(key)
            found = None if key in missing else self._stored(key)
            if found is None:
                missing.setdefault(key, []).append(index)
            choices.append(found)
        ahead = scores.get() if scores is not None and missing else {}
        pending = [groups[at[0]] for at in missing.values()]
        classify = [g for g in pending if not g or g[0].id not in ahead]
        made = iter(_classify(classify, self.topics, jobs))
        new = [
            assign(g, self.topics, ranked=scores.ranked(ahead[g[0].id]))
            if scores is not None and g and g[0].id in ahead
            else next(made)
            for g in pending
        ]
        for (key, indices), choice in zip(missing.items(), new, strict=True):
            for index in indices:
                choices[index] = choice
            self.fresh[key] = json.dumps({
                "topic": choice.topic, "reason": choice.reason, "signal": choice.signal,
                "secondary": list(choice.secondary), "scores": [list(s) for s in choice.scores],
            })
        return [c for c in choices if c is not None]

    def _stored(self, key: str) -> TopicChoice | None:
        data = self._kept(key)
        if data is None:
            return None
        try:
            return TopicChoice(
                data["topic"], data["reason"], data["signal"], tuple(data["secondary"]),
                tuple((slug, float(score)) for slug, score in data["scores"]),
            )
        except (ValueError, KeyError, TypeError):
            return None  # a damaged entry: classify again


class PrimaryScores:
    """Keyword scores (``topics.primary_scores``) of a build's new articles, made in a forked
    worker (``parallel.Background``) while the build clusters them: the dedupe search keeps
    one core busy and the other idle, and nearly every new article is the primary of a story
    that is not in the topic cache. ``TopicCache.assign_all`` then needs only the labels.

    ``start`` is called before the dedupe stage. The worker is niced, so it takes only the
    time the feature workers and the search leave (starting it when the search starts left
    it too little of that: measured, it was waited for). It starts only for at least
    ``MIN_ITEMS`` new articles (fewer are not worth a worker), and not with ``jobs`` 1.

    A worker touches, and so copies, every article it scores, for as long as it lives: one
    worker for the 100,000 articles of a first build took the build and its workers to
    1,984 MiB (PSS). So the worker scores none itself: it forks one worker a round of
    ``ROUND_ITEMS`` articles, each given back when its round ends, and only collects their
    scores (it never touches an article, not even by slicing the list). Even so, at 100,000
    the peak rose from about 1,811 to 1,863 MiB (the scores, and the parent they are read
    into), too near the 2 GB target for a gain lost in the noise of that machine (4 s of
    the story stage, 100-103 s builds either way): at most ``MAX_ITEMS`` new articles.
    """

    MAX_ITEMS = 3 * ROUND_ITEMS

    def __init__(
        self, articles: Sequence[Article], topics: tuple[Topic, ...], jobs: int | None
    ) -> None:
        self.topics = topics
        self.articles = articles
        self.jobs = jobs
        self._job: Background[_Packed] | None = None
        self._found: _Packed | None = None

    def start(self) -> None:
        if (
            self._job is None
            and self._found is None
            and MIN_ITEMS <= len(self.articles) <= self.MAX_ITEMS
            and resolve_jobs(self.jobs) > 1
            and can_fork()  # else the topic cache classifies in its "spawn" workers, as before
        ):
            self._job = Background(partial(_primary_scores_in_rounds, self.articles,
                                           self.topics), nice=19)

    def get(self) -> _Packed:
        """Each article's scores by its id, packed (``ranked`` unpacks one article's): waits
        for the worker; none if none started. Kept packed, they take a few hundred bytes an
        article; unpacked all at once, the objects the parent made outlived the build's
        stories and raised the peak of its rendering (100,000 articles: to 1,915 MiB)."""
        if self._found is None:
            self._found = self._job.result() if self._job is not None else {}
            self._job = None
        return self._found

    def ranked(self, packed: tuple[tuple[int, float, tuple[str, ...], str | None], ...]
               ) -> list[KeywordScore]:
        """One article's scores from ``get()``, as ``topics.primary_scores`` gives them."""
        return [KeywordScore(self.topics[t], score, hits, vetoed)
                for t, score, hits, vetoed in packed]

    def cancel(self) -> None:
        """Stop the worker if it runs, and let its scores go."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._found = {}


_Packed = dict[str, tuple[tuple[int, float, tuple[str, ...], str | None], ...]]


def _primary_scores_in_rounds(articles: Sequence[Article], topics: tuple[Topic, ...]) -> _Packed:
    """``_primary_scores`` of every article, a round of ``ROUND_ITEMS`` at a time, each
    round by a worker of its own (``Background``; in this process where none can fork)."""
    found: _Packed = {}
    for start in range(0, len(articles), ROUND_ITEMS):
        stop = min(start + ROUND_ITEMS, len(articles))
        found.update(Background(partial(_primary_scores, articles, topics, start, stop)).result())
    return found


def _primary_scores(
    articles: Sequence[Article], topics: tuple[Topic, ...], start: int, stop: int
) -> _Packed:
    """``primary_scores`` of ``articles[start:stop]``, by id, each score with its topic's
    index in ``topics`` (a topic is not sent back with every score)."""
    index = {topic.slug: at for at, topic in enumerate(topics)}
    return {
        articles[at].id: tuple((index[s.topic.slug], s.score, s.hits, s.vetoed_by)
                               for s in primary_scores(articles[at], topics))
        for at in range(start, stop)
    }


def _classify(
    groups: list[list[Article]], topics: tuple[Topic, ...], jobs: int | None
) -> list[TopicChoice]:
    """``[assign(g, topics) for g in groups]``, in worker processes when there are many."""
    return parallel_map(partial(assign, topics=topics), groups, jobs)
