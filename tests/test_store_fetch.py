"""Schema migration 2 (remote sources) on real SQLite files, and config for [fetch]."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from digest.config import FetchConfig, parse_config
from digest.errors import DigestError
from digest.fetch import article_from_json, article_to_json
from digest.model import Article
from digest.store import _MIGRATIONS, SCHEMA_VERSION, FetchOutcome, Store

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_a_version_1_state_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    db = sqlite3.connect(path)
    db.executescript(_MIGRATIONS[1])
    db.execute(
        "INSERT INTO articles (id, location, first_seen) VALUES ('a1', 'x', '2026-01-01T00:00:00Z')"
    )
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION >= 2
        assert store.first_seen(["a1"]) == {"a1": datetime(2026, 1, 1, tzinfo=UTC)}
        assert store.source_health() == []
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_record_fetch_keeps_first_seen_updates_payload_and_counts_failures(tmp_path: Path) -> None:
    later = datetime(2026, 11, 25, tzinfo=UTC)
    with Store(tmp_path / "s.sqlite") as store:
        store.record_fetch(
            FetchOutcome(
                "https://a.example/f",
                ok=True,
                etag='"1"',
                location="https://a.example/f",
                articles=(("id1", "{}"),),
            ),
            NOW,
        )
        store.record_fetch(
            FetchOutcome("https://a.example/f", ok=True, etag='"2"', articles=(("id1", "[]"),)),
            later,
        )
        assert store.remote_payloads(["https://a.example/f"]) == [
            ("https://a.example/f", "id1", "[]")
        ]
        assert store.first_seen(["id1"]) == {"id1": NOW}
        store.record_fetch(FetchOutcome("https://a.example/f", ok=False, error="HTTP 500"), later)
        store.record_fetch(FetchOutcome("https://a.example/f", ok=False, error="HTTP 502"), later)
        (state,) = store.source_health()
        assert (state.etag, state.failures, state.last_error) == ('"2"', 2, "HTTP 502")
        assert state.last_success == later and state.articles == 1
        assert state.flagged(2) and not state.flagged(3)
        assert store.remote_payloads(["https://other.example/"]) == []


def test_a_failed_record_leaves_nothing_half_written(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        bad = FetchOutcome("k", ok=True, articles=(("id1", None),))  # type: ignore[arg-type]
        with pytest.raises(sqlite3.IntegrityError):
            store.record_fetch(bad, NOW)
        assert store.source_health() == [] and store.count("articles") == 0


def test_article_payload_round_trip() -> None:
    article = Article(
        id="x",
        origin="feed",
        location="https://a.example/f",
        title="T",
        source_name="S",
        url="https://a.example/1",
        published=NOW,
        tags=("a", "b"),
        site_names=("S",),
    )
    assert article_from_json(article_to_json(article)) == article


def test_fetch_and_source_options_parse_and_fail_clearly() -> None:
    config = parse_config(
        {
            "fetch": {"concurrency": 4, "timeout": 2.5, "max_bytes": 1000, "retries": 0},
            "sources": [{"url": "https://a.example/f", "timeout": 3, "max_bytes": 500}],
        }
    )
    assert config.fetch == FetchConfig(concurrency=4, timeout=2.5, max_bytes=1000, retries=0)
    assert config.sources[0].timeout == 3.0 and config.sources[0].max_bytes == 500
    with pytest.raises(DigestError, match="fetch.timout: unknown key"):
        parse_config({"fetch": {"timout": 3}})
    with pytest.raises(DigestError, match="fetch.timeout: must be a positive number"):
        parse_config({"fetch": {"timeout": "3"}})
    with pytest.raises(DigestError, match=r"sources\[0\].max_bytes: must be an integer"):
        parse_config({"sources": [{"url": "https://a.example/", "max_bytes": "big"}]})


def test_record_writes_new_articles_new_stories_and_moved_members(tmp_path: Path) -> None:
    """Store.record writes only what changed, and the rows end as if every one was written."""
    from digest.model import StoryIdentity

    day = datetime(2026, 11, 20, tzinfo=UTC)
    one, two = StoryIdentity("s-one", "one", day), StoryIdentity("s-two", "two", day)
    with Store(tmp_path / "state.sqlite") as store:
        store.record([("a", "x.md", day), ("b", "y.md", day)], [(one, ["a", "b"])])
        later = day + timedelta(days=1)
        store.record(
            [("a", "moved.md", later), ("b", "y.md", later), ("c", "z.md", later)],
            [(one, ["a"]), (two, ["b", "c"])],
        )
        rows = store.db.execute(
            "SELECT id, location, first_seen, story_id FROM articles ORDER BY id"
        ).fetchall()
        assert rows == [
            ("a", "x.md", "2026-11-20T00:00:00Z", "s-one"),  # first sighting kept
            ("b", "y.md", "2026-11-20T00:00:00Z", "s-two"),  # moved to the new story
            ("c", "z.md", "2026-11-21T00:00:00Z", "s-two"),  # new
        ]
        assert store.db.execute("SELECT id, slug FROM stories ORDER BY id").fetchall() == [
            ("s-one", "one"), ("s-two", "two"),
        ]
