"""One writer at a time: a lock file next to the state.

``.digest/state.sqlite.lock`` is held with ``fcntl.flock`` for as long as a build or a fetch
runs. The kernel releases a flock when its process dies, however it dies (SIGKILL included),
so a lock left by a killed run is never in the way: the next run takes it over and says so.
The file's text (pid, host, start time) is only for messages: it tells a second run who holds
the lock.

A second run either waits (``[build] lock = "wait"``, the default; up to ``lock_timeout``
seconds, printing who it waits for) or stops at once with an error (``lock = "fail"``, or
``digest build --lock fail``).
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from digest.errors import DigestError

LOCK_MODES = ("wait", "fail")


@dataclass(frozen=True)
class Holder:
    """What the lock file says about the process that holds (or held) it."""

    pid: int | None
    host: str
    started: str

    def describe(self) -> str:
        if self.pid is None:
            return "another digest process"
        return f"process {self.pid} on {self.host or 'an unknown host'} (since {self.started})"

    def alive(self) -> bool | None:
        """True/False when the holder ran on this host; None when that cannot be told."""
        if self.pid is None or self.host != socket.gethostname():
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def lock_path_for(state_path: Path) -> Path:
    return Path(f"{state_path}.lock")


def read_holder(path: Path) -> Holder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    pid = data.get("pid")
    return Holder(
        pid=pid if isinstance(pid, int) else None,
        host=str(data.get("host", "")),
        started=str(data.get("started", "")),
    )


# Locks this process holds. A forked worker (digest/parallel.py) closes its copies of their
# descriptors at once: a flock belongs to the open file, so a worker left running after its
# parent was killed would otherwise keep the state locked. Closing, never unlocking: LOCK_UN
# on the shared open file would release the parent's lock too.
_HELD: weakref.WeakSet[StateLock] = weakref.WeakSet()


def _forget_in_child() -> None:
    for lock in list(_HELD):
        if lock.fd is not None:
            try:
                os.close(lock.fd)
            except OSError:
                pass
            lock.fd = None
    _HELD.clear()


os.register_at_fork(after_in_child=_forget_in_child)


class StateLock:
    """``with StateLock(state_path, mode):`` holds the lock for the block."""

    def __init__(
        self,
        state_path: Path,
        mode: str = "wait",
        timeout: float = 3600.0,
        say: Callable[[str], None] = lambda _m: None,
        poll: float = 0.2,
    ) -> None:
        if mode not in LOCK_MODES:
            raise DigestError("lock", f"unknown lock mode {mode!r}", 'use "wait" or "fail"')
        self.path = lock_path_for(state_path)
        self.mode = mode
        self.timeout = timeout
        self.say = say
        self.poll = poll
        self.fd: int | None = None
        self.took_over: Holder | None = None  # the dead process whose lock file was left

    def __enter__(self) -> StateLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        if self.path.name == ":memory:.lock":  # an in-memory state: nothing to share
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            self._wait_for(fd)
        except BaseException:
            os.close(fd)
            raise
        previous = read_holder(self.path)
        if previous is not None and previous.pid is not None and previous.pid != os.getpid():
            # The flock was free although the file names a process: that process ended
            # without releasing it (killed, or crashed). Say so, then take the lock over.
            if previous.alive() is not True:
                self.took_over = previous
                self.say(
                    f"{self.path}: took over a stale lock left by {previous.describe()}, "
                    "which is no longer running"
                )
        me = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now(UTC).replace(microsecond=0).isoformat(),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(me) + "\n").encode("utf-8"), 0)
        self.fd = fd
        _HELD.add(self)

    def _wait_for(self, fd: int) -> None:
        if _try_lock(fd):
            return
        holder = read_holder(self.path) or Holder(None, "", "")
        if self.mode == "fail":
            raise DigestError(
                str(self.path),
                f"another digest run is writing this state: {holder.describe()}",
                "wait for it to finish, or run with --lock wait (or [build] lock = \"wait\")",
            )
        self.say(
            f"{self.path}: waiting for {holder.describe()} to finish "
            f"(up to {self.timeout:g} s; Ctrl-C to stop)"
        )
        deadline = time.monotonic() + self.timeout
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise DigestError(
                    str(self.path),
                    f"gave up after {self.timeout:g} s waiting for {holder.describe()}",
                    "check that process; raise [build] lock_timeout if its runs take longer",
                )
            time.sleep(self.poll)

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.ftruncate(self.fd, 0)  # a released lock names nobody
        except OSError:
            pass
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None
        _HELD.discard(self)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
