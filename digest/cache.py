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
import pickle
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from digest.errors import DigestError
from digest.ingest import IngestResult, Input, read_input
from digest.model import Article
from digest.parallel import parallel_map
from digest.store import Store


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
    inputs: Iterable[Input], store: Store, jobs: int | None = 1
) -> IngestResult:
    """``digest.ingest.ingest`` with the parse cache of ``store``; the same result.

    ``jobs``: worker processes for the files not in the cache (digest/parallel.py).
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
            continue
        articles, problem = parsed[index]
        if problem is not None:
            result.problems.append(problem)
            continue
        result.articles.extend(articles)
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
