"""Errors a user meets at the command line: the disk (read-only, full, a file where a folder
should be), the state file (empty, damaged deep inside, not there for a lookup) and -q.

Each is one ``error: <path>: <what>`` line and a ``fix:`` line, never a traceback, and the
previous site and state are left as they were. Real files where the system allows it (a
file in the way of a folder, a folder in the way of a file, a damaged state); a full or
read-only disk cannot be made without mounting one, so those errors are raised by a
stand-in for the function that writes the site's files (the state's own full disk is a
real SQLITE_FULL, made with PRAGMA max_page_count).
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from digest.cli import EXIT_ERROR, EXIT_OK, EXIT_USAGE, _disk_error, _Places, main
from digest.errors import DigestError
from digest.store import Store, state_error

from .test_fetch import FeedServer, feed_route, item, rss, write_config

NOW = "2026-11-24T12:00:00Z"


def project(tmp_path: Path) -> tuple[Path, list[str]]:
    """A content folder of three invented articles, and the options of a build of it."""
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    for n, subject in enumerate(("quay lights", "ferry timetable", "tide gauge")):
        (content / "articles" / f"note-{n}.md").write_text(
            f"---\ntitle: Examplehaven council reviews the {subject}\ndate: 2026-11-2{n}\n"
            f"---\n\nThe council of Examplehaven met on Tuesday to review the {subject}. "
            f"Councillor Mira Doe said the {subject} would be looked at again in spring.\n",
            encoding="utf-8",
        )
    return content, ["--content", str(content), "--now", NOW, "--jobs", "0", "-q"]


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (links followed) and a hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def state_rows(state: Path) -> dict[str, list[tuple]]:
    """What the state remembers: the articles, their first-seen times and their stories.
    (Its caches may change meanwhile, harmlessly: a new input's parse is kept even when the
    build it was for failed, and page keys that describe no live build are not used.)"""
    db = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
    try:
        return {
            table: sorted(db.execute(f"SELECT * FROM {table}").fetchall())
            for table in ("stories", "articles", "story_sources", "newsletter_issues")
        }
    finally:
        db.close()


def said(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr


# ---------------------------------------------------------------- a file or folder in the way


def test_an_output_folder_under_a_file_names_that_file_and_the_option(tmp_path: Path, cli):
    _, options = project(tmp_path)
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file of the user's\n", encoding="utf-8")
    result = cli("build", *options, "--out", str(blocker / "site"),
                 "--state", str(tmp_path / "state.sqlite"))
    assert result.returncode == EXIT_ERROR
    assert f"error: {blocker}: is a file, where a folder is expected" in said(result)
    assert "fix: move that file aside, or choose another --out or [paths] output" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "a file of the user's\n"


def test_a_state_under_a_file_names_that_file_and_the_option(tmp_path: Path, cli):
    _, options = project(tmp_path)
    blocker = tmp_path / "notes.txt"
    blocker.write_text("kept\n", encoding="utf-8")
    result = cli("build", *options, "--out", str(tmp_path / "site"),
                 "--state", str(blocker / "state.sqlite"))
    assert result.returncode == EXIT_ERROR
    assert f"error: {blocker}: is a file, where a folder is expected" in said(result)
    assert "choose another --state or [paths] state" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_state_path_that_is_a_folder_is_not_called_damaged(tmp_path: Path, cli):
    _, options = project(tmp_path)
    folder = tmp_path / "state-folder"
    folder.mkdir()
    result = cli("build", *options, "--out", str(tmp_path / "site"), "--state", str(folder))
    assert result.returncode == EXIT_ERROR
    assert f"error: {folder}: is a folder, where the state file is expected" in said(result)
    assert "damaged" not in result.stderr and "mv " not in result.stderr
    assert "--state or [paths] state" in result.stderr


def test_a_folder_where_the_newsletter_file_goes_is_a_usage_error(tmp_path: Path, cli):
    result = cli("newsletter", "--out", str(tmp_path), "--state", str(tmp_path / "s.sqlite"))
    assert result.returncode == EXIT_USAGE
    assert "--out takes the .eml file to write" in said(result)
    assert f"--out {tmp_path / 'issue.eml'}" in result.stderr


def test_a_folder_above_the_state_is_not_blamed_on_the_state(tmp_path: Path) -> None:
    """A folder where a file was expected (EISDIR) is that path's own fault: that the state
    lies under it says nothing, so the fix does not send the user to --state."""

    class Args:
        command = "newsletter"
        places = _Places(output=None, state=tmp_path / ".digest" / "state.sqlite")

    error = _disk_error(IsADirectoryError(errno.EISDIR, "Is a directory", str(tmp_path)), Args)
    assert error.where == str(tmp_path)
    assert error.problem == "is a folder, where a file is expected"
    assert "--state" not in error.fix
    below = _disk_error(FileExistsError(errno.EEXIST, "File exists", str(tmp_path)), Args)
    assert "--state" in below.fix  # a folder above it is in the way of making it
    beside = tmp_path / ".digest" / "state.sqlite-notes.txt"  # named like it, not its own
    assert _disk_error(OSError(errno.EROFS, "Read-only file system", str(beside)), Args).fix \
        == "give a path on a writable disk"
    Args.command, Args.places = "build", _Places(output=tmp_path / "site", state=None)
    refused = _disk_error(ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), Args)
    assert refused.where == "digest build" and "--out" not in refused.fix  # not the disk
    full = _disk_error(OSError(errno.ENOSPC, "No space left on device"), Args)
    assert full.where == str(tmp_path / "site") and "--out" in full.fix


def test_a_folder_without_write_permission_leaves_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real 0o555 folder; run as root (which writes there anyway: CI's containers), the
    writes raise the EACCES such a folder gives instead."""
    _, options = project(tmp_path)
    parent = tmp_path / "www"
    parent.mkdir()
    args = ["build", *options, "--out", str(parent / "site"), "--state",
            str(tmp_path / "s.sqlite")]
    assert main(args) == EXIT_OK
    before = tree(parent / "site")
    capsys.readouterr()
    folders = (parent, parent / ".digest-builds")
    if os.geteuid() == 0:
        def denied(path: str, data: bytes) -> None:
            raise PermissionError(errno.EACCES, "Permission denied", path)

        def no_link(old: str, new: str, *_args, **_kwargs) -> None:
            raise PermissionError(errno.EACCES, "Permission denied", old, None, new)

        monkeypatch.setattr("digest.output.write_file", denied)
        monkeypatch.setattr("digest.output.os.link", no_link)
    for folder in folders:
        folder.chmod(0o555)
    try:
        code = main([*args, "--full"])
    finally:
        for folder in folders:
            folder.chmod(0o755)
        monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == EXIT_ERROR and "Traceback" not in err
    assert "permission denied" in err
    assert "fix: make it writable for this user, or choose another --out or [paths] output" in err
    assert tree(parent / "site") == before


# ---------------------------------------------------------------- a full or read-only disk


def _built(tmp_path: Path) -> tuple[list[str], Path, Path]:
    """A first build, then a changed input: the next build has pages to write."""
    content, options = project(tmp_path)
    out, state = tmp_path / "site", tmp_path / "state.sqlite"
    args = ["build", "--offline", *options, "--out", str(out), "--state", str(state)]
    assert main(args) == EXIT_OK
    with (content / "articles" / "note-0.md").open("a", encoding="utf-8") as handle:
        handle.write("\nThe harbour master added that the quay would stay open.\n")
    return args, out, state


def test_a_full_disk_says_so_and_leaves_the_site_and_the_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args, out, state = _built(tmp_path)
    site, rows = tree(out), state_rows(state)
    capsys.readouterr()

    def full(path: str, data: bytes) -> None:  # write(2) on a full disk: no file name
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr("digest.output.write_file", full)
        assert main(args) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert (f"error: {out}: no space left on device; the previous site and state were left "
            "as they were") in err
    assert "fix: free some space on that disk, or choose another --out or [paths] output" in err
    assert tree(out) == site and state_rows(state) == rows
    assert main(args) == EXIT_OK  # once there is room, the next build goes on as usual
    assert tree(out) != site


def test_a_read_only_site_folder_names_the_path_and_the_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args, out, state = _built(tmp_path)
    site, rows = tree(out), state_rows(state)
    capsys.readouterr()
    written: list[str] = []

    def read_only(path: str, data: bytes) -> None:
        written.append(path)
        raise OSError(errno.EROFS, "Read-only file system", path)

    with monkeypatch.context() as patch:
        patch.setattr("digest.output.write_file", read_only)
        assert main(args) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"error: {written[0]}: cannot write here: read-only file system" in err
    assert "fix: choose another --out or [paths] output" in err
    assert tree(out) == site and state_rows(state) == rows


def _real_full_disk_error(tmp_path: Path) -> sqlite3.OperationalError:
    """SQLite's own SQLITE_FULL: a database that may not grow past two pages."""
    db = sqlite3.connect(tmp_path / "small.sqlite")
    db.execute("PRAGMA max_page_count = 2")
    try:
        db.execute("CREATE TABLE t (x TEXT)")
        for _ in range(100):
            db.execute("INSERT INTO t VALUES (?)", ("x" * 2000,))
        db.commit()
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        db.close()
    raise AssertionError("max_page_count did not stop the writes")


def test_a_full_disk_under_the_state_is_not_called_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    full = _real_full_disk_error(tmp_path)
    error = state_error(tmp_path / "state.sqlite", full)
    assert error.problem.startswith("no space left on device")
    assert "damaged" not in error.message and "mv " not in error.message
    args, out, state = _built(tmp_path)
    site, rows = tree(out), state_rows(state)
    capsys.readouterr()

    def record(*_args: object) -> None:
        raise full

    with monkeypatch.context() as patch:
        patch.setattr(Store, "record", record)
        assert main(args) == EXIT_ERROR
    err = capsys.readouterr().err
    assert f"error: {state}: no space left on device" in err
    assert "choose another --state or [paths] state" in err and "mv " not in err
    assert tree(out) == site and state_rows(state) == rows


# ---------------------------------------------------------------- the state file


def test_an_empty_state_file_is_refused_like_a_damaged_one(tmp_path: Path, cli) -> None:
    _, options = project(tmp_path)
    out, state = tmp_path / "site", tmp_path / "state.sqlite"
    args = ["build", "--offline", *options, "--out", str(out), "--state", str(state)]
    assert cli(*args).returncode == EXIT_OK
    site = tree(out)
    state.write_bytes(b"")
    for name in (f"{state}-wal", f"{state}-shm"):
        Path(name).unlink(missing_ok=True)
    result = cli(*args, "--full")
    assert result.returncode == EXIT_ERROR
    assert f"error: {state}: the state file is unreadable: damaged" in said(result)
    assert "empty" in result.stderr
    assert f"mv {state} {state}.broken" in result.stderr
    assert state.stat().st_size == 0 and tree(out) == site  # nothing written over
    # text in the state file: the same message
    state.write_text("not a database\n", encoding="utf-8")
    text = cli(*args, "--full")
    assert f"error: {state}: the state file is unreadable: damaged" in said(text)
    assert f"mv {state} {state}.broken" in text.stderr
    # moved aside as told: a new state, and the build goes on
    state.rename(f"{state}.broken")
    assert cli(*args).returncode == EXIT_OK and state.stat().st_size > 0


def test_a_state_this_run_could_not_set_up_is_not_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new state whose first write fails (a full disk) is removed, not left empty to be
    refused as damaged by the next run; an existing file is never removed."""
    full = _real_full_disk_error(tmp_path)

    def fail(_self: Store) -> None:
        raise full

    monkeypatch.setattr(Store, "_check_file", fail)
    fresh = tmp_path / "new.sqlite"
    with pytest.raises(DigestError, match="no space left on device"):
        Store(fresh)
    assert not fresh.exists()
    kept = tmp_path / "kept.sqlite"
    kept.write_bytes(b"")
    with pytest.raises(DigestError, match="empty"):
        Store(kept)
    assert kept.exists()


def test_damage_found_deep_inside_the_state_names_it_and_the_command(
    tmp_path: Path, cli
) -> None:
    content, options = project(tmp_path)
    out, state = tmp_path / "site", tmp_path / "state.sqlite"
    args = ["build", "--offline", *options, "--out", str(out), "--state", str(state)]
    assert cli(*args).returncode == EXIT_OK
    db = sqlite3.connect(state)  # the file opens, but a story's slug is no longer UTF-8
    db.execute("UPDATE stories SET slug = CAST(X'C328' || slug AS TEXT)")
    db.commit()
    db.close()
    site = tree(out)
    result = cli(*args, "--full")
    assert result.returncode == EXIT_ERROR
    assert f"error: {state}: the state file is unreadable: damaged" in said(result)
    assert f"fix: move it aside (mv {state} {state}.broken" in result.stderr
    assert f"{state.name}.bak-v<N>" in result.stderr
    assert tree(out) == site


def test_a_lookup_in_a_state_that_is_not_there_names_it_and_makes_none(
    tmp_path: Path, cli
) -> None:
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    (elsewhere / "other.toml").write_text('[site]\ntitle = "Quay Notes"\n', encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    result = cli("--config", "../other/other.toml", "newsletter", "--issue", "1", cwd=work)
    assert result.returncode == EXIT_ERROR
    assert "no such issue: no state at " in said(result)
    assert str(Path("..") / "other" / ".digest" / "state.sqlite") in result.stderr or \
        str(elsewhere / ".digest" / "state.sqlite") in result.stderr
    assert "build first" in result.stderr and "--state" in result.stderr
    assert not (elsewhere / ".digest").exists() and not any(work.iterdir())


def test_no_such_issue_names_the_state_it_read(tmp_path: Path, cli) -> None:
    _, options = project(tmp_path)
    state = tmp_path / "state.sqlite"
    built = cli("build", "--offline", *options, "--out", str(tmp_path / "site"),
                "--state", str(state))
    assert built.returncode == EXIT_OK, built.stderr
    result = cli("newsletter", "--issue", "4", "--state", str(state))
    assert result.returncode == EXIT_ERROR
    assert f"error: --issue 4: no such issue in the state {state}" in said(result)
    assert "recorded issues: none yet" in result.stderr


# ---------------------------------------------------------------- -q


def test_quiet_prints_each_failure_once_and_no_table(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = FeedServer()
    try:
        server.routes["/harbour.xml"] = feed_route(rss("Harbour Wire", [item(1), item(2)]))
        config = write_config(tmp_path, [
            {"url": server.url("/harbour.xml"), "name": "Harbour Wire"},
            {"url": server.url("/gone.xml"), "name": "Gone Gazette"},
        ])
        assert "print only the sources that failed" in cli("fetch", "--help").stdout
        quiet = cli("--config", str(config), "fetch", "-q", "--now", NOW)
        loud = cli("--config", str(config), "fetch", "--now", NOW)
        built = cli("--config", str(config), "build", "-q", "--now", NOW, cwd=tmp_path)
    finally:
        server.close()
    assert quiet.returncode == loud.returncode == 3, quiet.stderr
    for result in (quiet, built):
        text = result.stdout + result.stderr
        assert text.count("Gone Gazette") == 1, text
        assert "Harbour Wire" not in text and "fetch summary" not in text, text
    assert "fetch summary" in loud.stdout and "Harbour Wire" in loud.stdout
