"""Store: the SQLite state that makes digest remember across runs.

It keeps, per article, when it was first seen and which story it belongs to, and per story its
id, slug and first-seen time, so story URLs never change and undated items keep their date.
WAL mode; every write in one transaction. The schema is versioned: ``SCHEMA_VERSION`` plus the
migrations below.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from digest.errors import DigestError
from digest.model import StoryIdentity
from digest.util import iso, to_utc

SCHEMA_VERSION = 10

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS stories (
        id TEXT PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        first_seen TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY,
        location TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        story_id TEXT REFERENCES stories(id)
    );
    CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
    """,
    # 2: remote sources. Per source (keyed by its configured URL): HTTP validators, where it
    # moved to, its health; per remote article: first/last sighting and the raw payload, so a
    # story survives its feed dropping the item.
    2: """
    CREATE TABLE IF NOT EXISTS sources (
        key TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        feed_url TEXT,
        moved_to TEXT,
        last_attempt TEXT,
        last_success TEXT,
        last_error TEXT,
        last_error_at TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        seconds REAL
    );
    CREATE TABLE IF NOT EXISTS remote_articles (
        source TEXT NOT NULL,
        id TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        payload TEXT NOT NULL,
        PRIMARY KEY (source, id)
    );
    """,
    # 3: newsletter issues (digest/newsletter.py). Each issue keeps a JSON snapshot of what it
    # said (for its web page and resends); a story belongs to at most one issue, ever; each
    # recipient's delivery is tracked per issue.
    3: """
    CREATE TABLE IF NOT EXISTS newsletter_issues (
        number INTEGER PRIMARY KEY,
        created TEXT NOT NULL,
        since TEXT,
        subject TEXT NOT NULL,
        content TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS newsletter_stories (
        issue INTEGER NOT NULL REFERENCES newsletter_issues(number),
        story_id TEXT NOT NULL UNIQUE,
        position INTEGER NOT NULL,
        PRIMARY KEY (issue, story_id)
    );
    CREATE TABLE IF NOT EXISTS newsletter_recipients (
        issue INTEGER NOT NULL REFERENCES newsletter_issues(number),
        address TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        updated TEXT NOT NULL,
        PRIMARY KEY (issue, address)
    );
    """,
    # 4: ranking (digest/rank.py). A story's independent-source count, one row per build at
    # which it changed, so a build can tell the stories that gained sources ("developing").
    4: """
    CREATE TABLE IF NOT EXISTS story_sources (
        story_id TEXT NOT NULL,
        built TEXT NOT NULL,
        sources INTEGER NOT NULL,
        PRIMARY KEY (story_id, built)
    );
    """,
    # 5: the parse cache (digest/cache.py). The raw articles parsed from one local input file,
    # keyed by a hash of the file's bytes, its kind, path and source settings and the parser's
    # code, so an unchanged file is not parsed again.
    5: """
    CREATE TABLE IF NOT EXISTS parse_cache (
        key TEXT PRIMARY KEY,
        articles BLOB NOT NULL
    );
    """,
    # 6: page keys (digest/render/keys.py): a hash of each page's inputs in the build folder
    # named by meta 'page_keys_build', so an unchanged page is carried over, not rendered;
    # each local input's limited and cleaned articles (digest/cache.py), and each story's
    # topic (digest/topics.py), by a hash of what they depend on.
    6: """
    CREATE TABLE IF NOT EXISTS page_keys (
        path TEXT PRIMARY KEY,
        key TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS prepared_cache (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS topic_cache (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 7: each article text's dedupe features (word and shingle counts, MinHash signatures of
    # body and lead; digest/dedupe.py) and each story's brief (digest/brief.py), by a hash of
    # what they are made of; each local input file's sha256 with the stat it had (size,
    # times, inode, device), so an unchanged file is not read to find its parse key.
    7: """
    CREATE TABLE IF NOT EXISTS feature_cache (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS brief_cache (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS file_hashes (
        path TEXT PRIMARY KEY,
        stat TEXT NOT NULL,
        digest BLOB NOT NULL
    );
    """,
    # 8: where each record of the JSON exports lies in the files of the build folder that
    # meta 'page_keys_build' names (digest/render/exports.py), so the next build copies the
    # records of unchanged stories instead of encoding them again.
    8: """
    CREATE TABLE IF NOT EXISTS export_index (
        path TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    """,
    # 9: the templates' compiled code (Jinja bytecode) and the templates each one names (for
    # the page keys), by template, Jinja version and digest's rendering code
    # (digest/render/site.py: TemplateCode), so a build does not compile or parse them again.
    9: """
    CREATE TABLE IF NOT EXISTS template_code (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    """,
    # 10: the name under media/ of each picture shown beside a Markdown article (a digest of
    # its bytes, digest/media.py), by its path, with its size, times, inode and device, so an
    # unchanged picture is not read and hashed again by every build.
    10: """
    CREATE TABLE IF NOT EXISTS picture_names (
        path TEXT PRIMARY KEY,
        stat TEXT NOT NULL,
        name TEXT NOT NULL
    );
    """,
}


@dataclass(frozen=True)
class SourceState:
    """What the state remembers about one remote source (keyed by its configured URL)."""

    key: str
    etag: str | None = None
    last_modified: str | None = None
    feed_url: str | None = None  # the feed found on an HTML page (feed discovery)
    moved_to: str | None = None  # target of a permanent redirect (301/308)
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    failures: int = 0  # consecutive failed runs
    articles: int = 0  # remote articles stored for it
    seconds: float | None = None  # how long the last fetch took (slowest start first)

    def flagged(self, after: int = 3) -> bool:
        """True when the source has failed ``after`` runs in a row."""
        return self.failures >= after


@dataclass(frozen=True)
class FetchOutcome:
    """One fetch of one source, to record in one transaction."""

    key: str
    ok: bool
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    feed_url: str | None = None
    moved_to: str | None = None
    location: str = ""  # the URL the articles came from
    articles: tuple[tuple[str, str], ...] | None = None  # (id, payload JSON); None = unchanged
    seconds: float | None = None  # how long the fetch took


class _Times(dict[str, datetime | None]):
    """Stored times as read (``to_utc``), each text parsed once: many rows share one."""

    def __missing__(self, text: str) -> datetime | None:
        value = self[text] = to_utc(text)
        return value


class Store:
    """A handle on the state file. Use as a context manager."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if _is_empty(self.path):
                # SQLite reads an empty file as a new database, which would silently start
                # the state again (every fetched article and newsletter issue forgotten).
                # digest's own states are never empty (the schema is written on creation),
                # so an empty one is a damaged state: truncated, or overwritten.
                raise damaged_state(self.path, "it is empty: 0 bytes")
        new = str(path) != ":memory:" and not os.path.lexists(path)
        try:
            self.db = sqlite3.connect(str(path), isolation_level=None)
            self._counts_asked: tuple[str, tuple[str, ...]] | None = None
            self._counts_found: dict[str, int] = {}
            self._check_file()  # before WAL mode, which rewrites the file header
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL: safe, no fsync per commit
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            if new:  # a state this run began (on a full disk, say) is not left half made
                if getattr(self, "db", None) is not None:
                    self.db.close()
                _remove_unmade(self.path)
            raise state_error(self.path, exc) from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException:
            # A COMMIT that failed on a full disk was rolled back by SQLite already: a
            # second ROLLBACK would raise "no transaction is active" in place of the error
            # that says what happened.
            if self.db.in_transaction:
                with suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
            raise

    # -------------------------------------------------------------- schema

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise DigestError(
                str(self.path),
                f"the state was written by a newer digest (schema {version}, this one knows "
                f"{SCHEMA_VERSION})",
                "upgrade digest, or point paths.state at another file",
            )
        if 0 < version < SCHEMA_VERSION:
            self._backup(version)
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in _MIGRATIONS[target].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={target}")

    def _check_file(self) -> None:
        """Refuse, without changing a byte, a newer digest's state or another program's file."""
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            self._migrate()  # raises the "newer digest" error
        if version == 0:
            tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master")}
            if tables - {"meta", "stories", "articles", "articles_story"}:
                raise DigestError(
                    str(self.path),
                    "is an SQLite file that digest did not make (it has other tables), so it "
                    "will not be changed",
                    "point paths.state (or --state) at a new file",
                )

    def _backup(self, version: int) -> None:
        """Copy the state to ``<state>.bak-v<version>`` before migrating it (once)."""
        if str(self.path) == ":memory:":
            return
        backup = Path(f"{self.path}.bak-v{version}")
        if backup.exists():
            return
        partial = Path(f"{backup}.partial")
        target = sqlite3.connect(str(partial))
        try:
            self.db.backup(target)  # a consistent copy, WAL included
        finally:
            target.close()
        os.replace(partial, backup)  # a kill mid-copy leaves no half backup behind

    # -------------------------------------------------------------- reads

    def first_seen(self, article_ids: Iterable[str]) -> dict[str, datetime]:
        ids = list(article_ids)
        found: dict[str, datetime] = {}
        parsed = _Times()  # the articles first seen by one build share its time
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT id, first_seen FROM articles WHERE id IN ({marks})", chunk
            )
            for article_id, seen in rows:
                value = parsed[seen]
                if value:
                    found[article_id] = value
        return found

    def story_identities(self, article_ids: Iterable[str]) -> dict[str, StoryIdentity]:
        ids = list(article_ids)
        found: dict[str, StoryIdentity] = {}
        parsed = _Times()  # a story's time, once for all its articles
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT a.id, s.id, s.slug, s.first_seen FROM articles a "
                f"JOIN stories s ON s.id = a.story_id WHERE a.id IN ({marks})",
                chunk,
            )
            for article_id, story_id, slug, seen in rows:
                found[article_id] = StoryIdentity(story_id, slug, parsed[seen])  # type: ignore[arg-type]
        return found

    def source_counts_before(self, story_ids: Iterable[str], now: datetime) -> dict[str, int]:
        """Each story's source count as of the last build strictly before ``now``. (The
        answer is remembered for the same stories and clock: a build asks for it to rank
        its stories and again to record their counts.)"""
        ids = sorted(set(story_ids))
        asked = (iso(now), tuple(ids))
        if self._counts_asked == asked:
            return dict(self._counts_found)
        found: dict[str, int] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT story_id, sources FROM story_sources s "
                f"WHERE story_id IN ({marks}) AND built = (SELECT MAX(built) FROM story_sources "
                "t WHERE t.story_id = s.story_id AND t.built < ?)",
                [*chunk, iso(now)],
            )
            found.update((story_id, int(count)) for story_id, count in rows)
        self._counts_asked, self._counts_found = asked, dict(found)
        return found

    def record_source_counts(self, counts: dict[str, int], now: datetime) -> None:
        """Remember each story's source count at ``now`` (a row only when it changed)."""
        before = self.source_counts_before(counts, now)
        when = iso(now)
        with self.transaction():
            # rows already at `now` (a rebuild at the same clock), to drop where unchanged
            there = {row[0] for row in self.db.execute(
                "SELECT story_id FROM story_sources WHERE built = ?", (when,))}
            self.db.executemany(
                "DELETE FROM story_sources WHERE story_id = ? AND built = ?",
                ((story_id, when) for story_id in sorted(there)
                 if story_id in counts and before.get(story_id) == counts[story_id]),
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO story_sources (story_id, built, sources) "
                "VALUES (?, ?, ?)",
                ((story_id, when, count) for story_id, count in sorted(counts.items())
                 if before.get(story_id) != count),
            )

    def source_states(self, keys: Iterable[str] | None = None) -> dict[str, SourceState]:
        """Remote sources' validators and health; all of them when ``keys`` is None."""
        rows = self.db.execute(
            "SELECT s.key, s.etag, s.last_modified, s.feed_url, s.moved_to, s.last_attempt, "
            "s.last_success, s.last_error, s.last_error_at, s.failures, s.seconds, "
            "(SELECT COUNT(*) FROM remote_articles r WHERE r.source = s.key) "
            "FROM sources s ORDER BY s.key"
        ).fetchall()
        wanted = None if keys is None else set(keys)
        found: dict[str, SourceState] = {}
        for row in rows:
            if wanted is not None and row[0] not in wanted:
                continue
            found[row[0]] = SourceState(
                key=row[0],
                etag=row[1],
                last_modified=row[2],
                feed_url=row[3],
                moved_to=row[4],
                last_attempt=to_utc(row[5]),
                last_success=to_utc(row[6]),
                last_error=row[7],
                last_error_at=to_utc(row[8]),
                failures=int(row[9]),
                seconds=row[10],
                articles=int(row[11]),
            )
        return found

    def source_health(self) -> list[SourceState]:
        """Every remote source the state knows, sorted by key (for the sources page)."""
        return list(self.source_states().values())

    def remote_payloads(self, keys: Iterable[str]) -> list[tuple[str, str, str]]:
        """(source, article id, payload JSON) of every stored article of these sources."""
        found: list[tuple[str, str, str]] = []
        for chunk in _chunks(sorted(set(keys)), 500):
            marks = ",".join("?" * len(chunk))
            found.extend(
                self.db.execute(
                    "SELECT source, id, payload FROM remote_articles "
                    f"WHERE source IN ({marks}) ORDER BY source, id",
                    chunk,
                )
            )
        return found

    def count(self, table: str) -> int:
        if table not in ("articles", "stories", "remote_articles", "sources"):
            raise ValueError(table)
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    # -------------------------------------------------------------- writes

    def record(
        self,
        seen: Iterable[tuple[str, str, datetime]],
        stories: Iterable[tuple[StoryIdentity, Iterable[str]]],
    ) -> None:
        """In one transaction: articles first seen now, and every story's members.

        Only rows that are new or change are written: the rows there are read first, in
        one query each (a statement for each of 10,000 articles took 0.1 s a build)."""
        with self.transaction():
            story_of = dict(self.db.execute("SELECT id, story_id FROM articles"))
            known = {row[0] for row in self.db.execute("SELECT id FROM stories")}
            new_stories = []
            member_of: dict[str, str] = {}  # article id -> its story's id
            for identity, members in stories:
                if identity.id not in known:
                    new_stories.append(
                        (identity.id, identity.slug, iso(identity.first_seen))
                    )
                for member in members:
                    member_of[member] = identity.id
            self.db.executemany(
                "INSERT OR IGNORE INTO stories (id, slug, first_seen) VALUES (?, ?, ?)",
                new_stories,
            )
            # A new article goes in with its story (not inserted, then updated: at 100,000
            # articles a first build wrote every row twice).
            self.db.executemany(
                "INSERT OR IGNORE INTO articles (id, location, first_seen, story_id) "
                "VALUES (?, ?, ?, ?)",
                [(aid, loc, iso(when), member_of.get(aid))
                 for aid, loc, when in seen if aid not in story_of],
            )
            self.db.executemany(
                "UPDATE articles SET story_id = ? WHERE id = ?",
                [(story, member) for member, story in member_of.items()
                 if member in story_of and story_of[member] != story],
            )


    def _describes(self, build: str) -> bool:
        """Whether the page keys and export indexes describe the build folder ``build``."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'page_keys_build'").fetchone()
        return row is not None and row[0] == build

    def page_keys(self, build: str) -> dict[str, str]:
        """The page keys recorded for the build folder ``build``; none if they describe
        another folder (digest/render/keys.py)."""
        if not self._describes(build):
            return {}
        return dict(self.db.execute("SELECT path, key FROM page_keys"))

    def template_code(self) -> dict[str, bytes]:
        """The templates' compiled code kept by earlier builds (digest/render/site.py)."""
        return dict(self.db.execute("SELECT key, value FROM template_code"))

    def record_template_code(self, entries: dict[str, bytes]) -> None:
        """Keep ``entries``, and only them."""
        with self.transaction() as db:
            db.execute("DELETE FROM template_code")
            db.executemany("INSERT INTO template_code (key, value) VALUES (?, ?)",
                           entries.items())

    def picture_names(self) -> dict[str, tuple[str, str]]:
        """Each picture's (stat stamp, media name) by its path, as the last build named them
        (digest/media.py)."""
        return {path: (stamp, name) for path, stamp, name in
                self.db.execute("SELECT path, stat, name FROM picture_names")}

    def record_picture_names(self, names: dict[str, tuple[str, str]]) -> None:
        """Keep ``names`` (path -> (stat stamp, media name)), and only them."""
        with self.transaction() as db:
            db.execute("DELETE FROM picture_names")
            db.executemany("INSERT INTO picture_names (path, stat, name) VALUES (?, ?, ?)",
                           ((path, stamp, name) for path, (stamp, name) in names.items()))

    def export_indexes(self, build: str) -> dict[str, bytes]:
        """The export indexes recorded for the build folder ``build``, as ``page_keys``."""
        if not self._describes(build):
            return {}
        return dict(self.db.execute("SELECT path, value FROM export_index"))

    def record_page_keys(
        self,
        build: str,
        keys: Iterable[tuple[str, str]],
        stored: dict[str, str] | None = None,
        exports: dict[str, bytes] | None = None,
    ) -> None:
        """Replace the page keys with those of the build folder ``build``, and the export
        indexes with ``exports``. ``stored``: the keys in the table now (``page_keys``),
        when the caller has them: then only the rows that differ are written."""
        with self.transaction() as db:
            db.execute("DELETE FROM export_index")
            db.executemany("INSERT INTO export_index (path, value) VALUES (?, ?)",
                           (exports or {}).items())
            if stored is None:
                db.execute("DELETE FROM page_keys")
                db.executemany("INSERT INTO page_keys (path, key) VALUES (?, ?)", keys)
            else:
                new = dict(keys)
                db.executemany("DELETE FROM page_keys WHERE path = ?",
                               ((path,) for path in stored if path not in new))
                db.executemany(
                    "INSERT OR REPLACE INTO page_keys (path, key) VALUES (?, ?)",
                    ((path, key) for path, key in new.items() if stored.get(path) != key),
                )
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('page_keys_build', ?)",
                (build,),
            )

    def record_fetch(self, outcome: FetchOutcome, now: datetime) -> None:
        """In one transaction: the source's validators and health, and its articles."""
        when = iso(now)
        with self.transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO sources (key, failures) VALUES (?, 0)", (outcome.key,)
            )
            self.db.execute(
                "UPDATE sources SET seconds = ? WHERE key = ?", (outcome.seconds, outcome.key)
            )
            if outcome.ok:
                self.db.execute(
                    "UPDATE sources SET etag = ?, last_modified = ?, "
                    "feed_url = COALESCE(?, feed_url), moved_to = ?, last_attempt = ?, "
                    "last_success = ?, failures = 0 WHERE key = ?",
                    (
                        outcome.etag,
                        outcome.last_modified,
                        outcome.feed_url,
                        outcome.moved_to,
                        when,
                        when,
                        outcome.key,
                    ),
                )
            else:
                self.db.execute(
                    "UPDATE sources SET last_attempt = ?, last_error = ?, last_error_at = ?, "
                    "failures = failures + 1 WHERE key = ?",
                    (when, outcome.error, when, outcome.key),
                )
            if outcome.articles is not None:
                self.db.executemany(
                    "INSERT INTO remote_articles (source, id, first_seen, last_seen, payload) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, id) DO UPDATE SET "
                    "last_seen = excluded.last_seen, payload = excluded.payload",
                    [(outcome.key, aid, when, when, payload) for aid, payload in outcome.articles],
                )
                self.db.executemany(
                    "INSERT OR IGNORE INTO articles (id, location, first_seen) VALUES (?, ?, ?)",
                    [(aid, outcome.location or outcome.key, when) for aid, _ in outcome.articles],
                )

    # -------------------------------------------------------------- newsletter (issue 8)
    # Owned by digest/newsletter.py. Tables: migration 3.

    def newsletter_issues(self) -> list[IssueRecord]:
        """Every recorded issue, oldest first."""
        rows = self.db.execute(
            "SELECT number, created, since, subject, content FROM newsletter_issues "
            "ORDER BY number"
        ).fetchall()
        return [
            IssueRecord(int(n), to_utc(c), to_utc(si), subj, content)  # type: ignore[arg-type]
            for n, c, si, subj, content in rows
        ]

    def newsletter_mailed_stories(self) -> set[str]:
        """Ids of every story that is part of a recorded issue."""
        return {row[0] for row in self.db.execute("SELECT story_id FROM newsletter_stories")}

    def record_newsletter_issue(
        self, issue: IssueRecord, story_ids: Iterable[str], recipients: Iterable[str]
    ) -> None:
        """In one transaction: the issue, its stories and its recipients (pending).

        Raises DigestError when the number is taken or a story is already in an issue.
        """
        when = iso(issue.created)
        try:
            with self.transaction():
                self.db.execute(
                    "INSERT INTO newsletter_issues (number, created, since, subject, content) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (issue.number, when, iso(issue.since), issue.subject, issue.content),
                )
                self.db.executemany(
                    "INSERT INTO newsletter_stories (issue, story_id, position) VALUES (?, ?, ?)",
                    [(issue.number, sid, pos) for pos, sid in enumerate(story_ids)],
                )
                self.db.executemany(
                    "INSERT OR IGNORE INTO newsletter_recipients (issue, address, status, updated) "
                    "VALUES (?, ?, 'pending', ?)",
                    [(issue.number, address, when) for address in recipients],
                )
        except sqlite3.IntegrityError as exc:
            raise DigestError(
                str(self.path),
                f"newsletter issue {issue.number} clashes with a recorded one ({exc})",
                "another digest newsletter run recorded it first; run it again",
            ) from exc

    def newsletter_recipients(self, number: int) -> dict[str, RecipientState]:
        """Delivery state of every recipient of issue ``number``, by address."""
        rows = self.db.execute(
            "SELECT address, status, attempts, error, updated FROM newsletter_recipients "
            "WHERE issue = ? ORDER BY address",
            (number,),
        )
        return {
            a: RecipientState(a, st, int(n), err, to_utc(up)) for a, st, n, err, up in rows
        }

    def record_delivery(
        self, number: int, address: str, status: str, error: str | None, now: datetime
    ) -> None:
        """One recipient's outcome ("sent", "failed", "skipped" or "pending")."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO newsletter_recipients (issue, address, status, attempts, error, "
                "updated) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (issue, address) DO UPDATE SET "
                "status = excluded.status, error = excluded.error, updated = excluded.updated, "
                "attempts = attempts + excluded.attempts",
                (number, address, status, 0 if status == "pending" else 1, error, iso(now)),
            )


@dataclass(frozen=True)
class IssueRecord:
    """A recorded newsletter issue; ``content`` is its JSON snapshot (digest/newsletter.py)."""

    number: int
    created: datetime
    since: datetime | None
    subject: str
    content: str


@dataclass(frozen=True)
class RecipientState:
    address: str
    status: str  # "pending", "sent", "failed", "skipped"
    attempts: int = 0
    error: str | None = None
    updated: datetime | None = None


def _is_empty(path: Path) -> bool:
    """True for an existing state file of 0 bytes with no write-ahead log beside it (a
    log with pages in it is SQLite's to replay: then the file is not what it seems)."""
    try:
        status = path.stat()
    except OSError:  # not there (a new state), or not readable: SQLite says which
        return False
    if status.st_size or not stat.S_ISREG(status.st_mode):  # a folder: SQLite says so
        return False
    try:
        return Path(f"{path}-wal").stat().st_size == 0
    except OSError:
        return True


def _remove_unmade(path: Path) -> None:
    """Remove the state file this run created and failed to set up, when it holds nothing
    (an empty file would later be refused as a damaged state)."""
    try:
        if path.stat().st_size == 0:
            for name in (f"{path}-wal", f"{path}-shm", str(path)):
                Path(name).unlink(missing_ok=True)
    except OSError:
        pass


def damaged_state(path: Path | str, detail: str) -> DigestError:
    """The one message for a state file that cannot be read: it names the file and the
    command that moves it aside, whether the damage shows on opening it or deep inside."""
    path = Path(path)
    return DigestError(
        str(path),
        f"the state file is unreadable: damaged, or not a digest state ({detail})",
        f"move it aside (mv {path} {path}.broken: digest then starts a new state, and "
        f"first-seen dates start again) or restore a backup ({path.name}.bak-v<N>)",
    )


# SQLite errors that are about the disk or the file's place, not about its contents: each
# is said as what it is, with its own fix, never as a damaged state (moving a state aside
# because the disk was full would lose it for nothing). By SQLite's primary result code.
_PLACE_FIX = "choose another --state or [paths] state"
_NOT_DAMAGE: dict[str, tuple[str, str]] = {
    "SQLITE_FULL": (
        "no space left on device: the last write to the state was undone, so the state "
        "was left as it was",
        f"free some space on that disk, or {_PLACE_FIX} on a disk with room, then run again",
    ),
    "SQLITE_READONLY": (
        "cannot write the state: the file, its folder or its file system is read-only",
        f"make them writable for this user, or {_PLACE_FIX}",
    ),
    "SQLITE_CANTOPEN": (
        "cannot open the state file",
        f"check that its folder exists and may be written, or {_PLACE_FIX}",
    ),
    "SQLITE_IOERR": (
        "the disk failed while reading or writing the state",
        f"check the disk (and its free space), or {_PLACE_FIX}",
    ),
    "SQLITE_PERM": (
        "permission denied",
        f"make the state file and its folder writable for this user, or {_PLACE_FIX}",
    ),
    "SQLITE_BUSY": (
        "the state file is held by another program",
        "close the program that has it open (an SQLite browser?), then run again",
    ),
}
_NOT_DAMAGE["SQLITE_LOCKED"] = _NOT_DAMAGE["SQLITE_BUSY"]


def state_error(path: Path | str, exc: sqlite3.Error) -> DigestError:
    """The DigestError for an SQLite error on the state file at ``path``: the disk's own
    trouble (full, read-only, cannot open) said as such, anything else as damage."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    primary = next((key for key in _NOT_DAMAGE if name == key or name.startswith(key + "_")),
                   None)
    if primary is None:
        return damaged_state(path, str(exc))
    problem, fix = _NOT_DAMAGE[primary]
    if primary == "SQLITE_CANTOPEN" and Path(path).is_dir():
        problem, fix = "is a folder, where the state file is expected", _PLACE_FIX
    return DigestError(str(path), f"{problem} ({exc})", fix)


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
