"""Two runs at once cannot both write the state: a lock file next to it says who holds it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from digest.config import parse_config
from digest.errors import DigestError
from digest.lock import StateLock, lock_path_for, read_holder
from tests.conftest import ROOT

HOLD = """
import sys, time
from pathlib import Path
from digest.lock import StateLock
with StateLock(Path(sys.argv[1]), "fail"):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    Path(sys.argv[1] + ".done").touch()  # written while it still holds the lock
"""


def hold_lock(state: Path, seconds: float) -> subprocess.Popen:
    """Another process that takes the lock and keeps it for ``seconds``."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(state), str(seconds)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "locked"
    return process


def test_lock_file_names_the_holder(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with StateLock(state):
        holder = read_holder(lock_path_for(state))
        assert holder is not None
        assert holder.pid == os.getpid() and holder.host == socket.gethostname()
        assert holder.started.startswith("20")
    assert lock_path_for(state).read_text(encoding="utf-8") == ""  # released: names nobody


def test_second_run_fails_with_a_clear_error(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    other = hold_lock(state, 30)
    try:
        with pytest.raises(DigestError) as caught, StateLock(state, "fail"):
            pass
        message = caught.value.message
        assert str(lock_path_for(state)) in message
        assert f"process {other.pid}" in message and socket.gethostname() in message
        assert "--lock wait" in message
    finally:
        other.kill()
        other.wait()


def test_second_run_waits_and_says_for_whom(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    other = hold_lock(state, 1.0)
    said: list[str] = []
    try:
        with StateLock(state, "wait", timeout=60, say=said.append):
            assert Path(f"{state}.done").exists()  # it got the lock only after the other
    finally:
        other.kill()
        other.wait()
    assert len(said) == 1 and f"waiting for process {other.pid}" in said[0]


def test_waiting_gives_up_after_the_timeout(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    other = hold_lock(state, 30)
    try:
        with pytest.raises(DigestError, match="gave up after 0.3 s"), StateLock(
            state, "wait", timeout=0.3
        ):
            pass
    finally:
        other.kill()
        other.wait()


def test_stale_lock_of_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    other = hold_lock(state, 30)
    other.send_signal(signal.SIGKILL)
    other.wait()
    assert read_holder(lock_path_for(state)).pid == other.pid  # the dead run's note is left
    said: list[str] = []
    with StateLock(state, "fail", say=said.append) as lock:
        assert lock.took_over is not None and lock.took_over.pid == other.pid
    assert len(said) == 1
    assert f"stale lock left by process {other.pid}" in said[0] and "no longer running" in said[0]


def test_stale_lock_file_written_by_hand_is_taken_over(tmp_path: Path) -> None:
    """A lock file naming a pid that does not exist (no flock held) never blocks."""
    state = tmp_path / "state.sqlite"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    lock_path_for(state).write_text(
        json.dumps({"pid": int(dead), "host": socket.gethostname(), "started": "2026-01-01"}),
        encoding="utf-8",
    )
    said: list[str] = []
    with StateLock(state, "fail", say=said.append):
        pass
    assert "stale lock" in said[0]


def test_two_cli_builds_at_once(tmp_path: Path, cli) -> None:
    """The CLI: --lock fail exits 1 naming the holder; the default waits, then builds."""
    state = tmp_path / "state.sqlite"
    args = ["build", "--offline", "--content", str(ROOT / "content"), "--state", str(state)]
    other = hold_lock(state, 4)
    try:
        failed = cli(*args, "--out", str(tmp_path / "a"), "--lock", "fail")
        assert failed.returncode == 1
        assert "another digest run is writing this state" in failed.stderr
        assert f"process {other.pid}" in failed.stderr
        assert not (tmp_path / "a").exists()
        waited = cli(*args, "--out", str(tmp_path / "b"), "-q")
        assert waited.returncode == 0, waited.stderr
        assert "waiting for process" in waited.stderr
        assert Path(f"{state}.done").exists()  # it built only once the holder had finished
        assert (tmp_path / "b" / "index.html").is_file()
    finally:
        other.kill()
        other.wait()


def test_lock_mode_is_configurable() -> None:
    config = parse_config({"build": {"lock": "fail", "lock_timeout": 5}})
    assert config.build.lock == "fail" and config.build.lock_timeout == 5.0
    assert parse_config({}).build.lock == "wait"
    with pytest.raises(DigestError, match='build.lock: must be "wait" or "fail"'):
        parse_config({"build": {"lock": "sometimes"}})
