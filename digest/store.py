"""Store: the SQLite state that makes digest remember across runs.

It keeps, per article, when it was first seen and which story it belongs to, and per story its
id, slug and first-seen time, so story URLs never change and undated items keep their date.
WAL mode; every write in one transaction. The schema is versioned: ``SCHEMA_VERSION`` plus the
migrations below.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from digest.dedupe import StoryIdentity
from digest.errors import DigestError
from digest.util import iso, to_utc

SCHEMA_VERSION = 1

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
}


class Store:
    """A handle on the state file. Use as a context manager."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(path), isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise DigestError(
                str(self.path),
                f"the state file is unreadable ({exc})",
                "move it aside (digest starts a new state) or restore it from a backup",
            ) from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

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
        for target in range(version + 1, SCHEMA_VERSION + 1):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _MIGRATIONS[target].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={target}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    # -------------------------------------------------------------- reads

    def first_seen(self, article_ids: Iterable[str]) -> dict[str, datetime]:
        ids = list(article_ids)
        found: dict[str, datetime] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT id, first_seen FROM articles WHERE id IN ({marks})", chunk
            )
            for article_id, seen in rows:
                value = to_utc(seen)
                if value:
                    found[article_id] = value
        return found

    def story_identities(self, article_ids: Iterable[str]) -> dict[str, StoryIdentity]:
        ids = list(article_ids)
        found: dict[str, StoryIdentity] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT a.id, s.id, s.slug, s.first_seen FROM articles a "
                f"JOIN stories s ON s.id = a.story_id WHERE a.id IN ({marks})",
                chunk,
            )
            for article_id, story_id, slug, seen in rows:
                found[article_id] = StoryIdentity(story_id, slug, to_utc(seen))  # type: ignore[arg-type]
        return found

    def count(self, table: str) -> int:
        if table not in ("articles", "stories"):
            raise ValueError(table)
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    # -------------------------------------------------------------- writes

    def record(
        self,
        seen: Iterable[tuple[str, str, datetime]],
        stories: Iterable[tuple[StoryIdentity, Iterable[str]]],
    ) -> None:
        """In one transaction: articles first seen now, and every story's members."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                "INSERT OR IGNORE INTO articles (id, location, first_seen) VALUES (?, ?, ?)",
                [(aid, loc, iso(when)) for aid, loc, when in seen],
            )
            for identity, members in stories:
                self.db.execute(
                    "INSERT OR IGNORE INTO stories (id, slug, first_seen) VALUES (?, ?, ?)",
                    (identity.id, identity.slug, iso(identity.first_seen)),
                )
                self.db.executemany(
                    "UPDATE articles SET story_id = ? WHERE id = ?",
                    [(identity.id, member) for member in members],
                )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
