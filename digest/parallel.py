"""Pure work across processes, with a switch to turn it off (``[build] jobs``, ``--jobs``).

``parallel_map`` returns exactly what ``[fn(x) for x in items]`` returns, in the same order;
it only uses worker processes when there are several jobs and enough items to pay for
starting them, so small builds (and the test suite) stay in one process. Its workers are
forked (``Shares``, below) where that is safe, else started with "spawn" (they import digest
afresh and get their items pickled).

``Shares`` runs ``fn(i, n)`` for ``i`` in ``range(n)`` in forked workers where the platform
forks safely (Linux), else in this process when its result is asked for. A forked worker
starts with the parent's memory as it is (rendering's views, compiled templates, page keys),
so nothing is pickled on the way in; only the results come back. A worker freezes the
parent's objects out of its garbage collector at once, so it does not copy every page of
memory by touching them; it closes the state lock's descriptor (digest/lock.py); and it ends
soon after its parent dies.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 256  # below this, starting workers costs more than it saves
ROUND_ITEMS = 8192  # parallel_map: items per round of forked workers
PROGRESS_STEP = 1024  # parallel_map in one process: items between on_done calls


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end this worker soon after its parent dies (even by SIGKILL), so no
    orphan keeps the parent's output pipes open or works on for nobody."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _die_with_parent(parent: int) -> bool:
    """End this process when its parent dies (Linux's PR_SET_PDEATHSIG, the kernel's own
    signal: no watching thread, so this process may fork workers of its own). False where
    it is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) != 0:  # 1: PR_SET_PDEATHSIG
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)
    return True


def _forked_worker(parent: int, threadless: bool = False) -> None:
    """Initializer of a forked worker: the parent's objects are frozen out of this process's
    garbage collector (a collection would touch, and so copy, every page of them); the
    parent's signal handlers do not apply (SIGTERM from ``Pool.terminate`` ends it quietly;
    Ctrl-C is the parent's to handle); and it ends with its parent. The cycle collector is on
    in the worker even when the parent paused it (digest/build.py: collector_paused): a worker
    parses or renders untrusted input, and after the freeze its collections visit only what
    it made itself. ``threadless``: end with the parent by the kernel's signal where it can,
    not by a watching thread, so that the worker can fork workers of its own (can_fork)."""
    gc.freeze()
    gc.enable()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not (threadless and _die_with_parent(parent)):
        _exit_with_parent(parent)


def resolve_jobs(jobs: int | None) -> int:
    """``None``: one per core; 0 or 1: off (1); otherwise ``jobs``."""
    if jobs is None:
        return max(1, os.cpu_count() or 1)
    return max(1, jobs)


def parallel_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    jobs: int | None,
    min_items: int = MIN_ITEMS,
    on_done: Callable[[int], None] | None = None,
) -> list[R]:
    """``on_done(k)``: told that ``k`` more items are done, now and then (after each round
    of workers, or each ``PROGRESS_STEP`` items in one process), for a progress line."""
    workers = min(resolve_jobs(jobs), len(items))
    if workers <= 1 or len(items) < min_items:
        if on_done is None:
            return [fn(item) for item in items]
        serial: list[R] = []
        for start in range(0, len(items), PROGRESS_STEP):
            serial.extend(fn(item) for item in items[start : start + PROGRESS_STEP])
            on_done(len(serial) - start)
        return serial
    if can_fork():  # the workers see fn and items as they are: nothing pickled on the way in

        # Rounds of new workers over slices of the items: the memory a worker copies from
        # this process by touching its objects is given back at the end of each round. In a
        # round, many small shares rather than one per worker: a worker sends each share's
        # results back when it is done instead of holding them all until the end.
        result: list[R] = []
        size = ROUND_ITEMS
        for start in range(0, len(items), size):
            part = items[start : start + size]

            def share(index: int, count: int, part: Sequence[T] = part) -> list[R]:
                return [fn(item) for item in part[index::count]]

            shares = min(len(part), workers * 8)
            done: list[R] = [None] * len(part)  # type: ignore[list-item]
            for index, got in enumerate(Shares(share, shares, workers).results()):
                done[index::shares] = got
            result.extend(done)
            if on_done is not None:
                on_done(len(part))
        return result
    chunk = max(1, len(items) // (workers * 8))
    # "spawn" where fork is not safe (see can_fork).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_exit_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        spawned: list[R] = []
        for got in pool.map(fn, items, chunksize=chunk):
            spawned.append(got)
            if on_done is not None and len(spawned) % PROGRESS_STEP == 0:
                on_done(PROGRESS_STEP)
        if on_done is not None and len(spawned) % PROGRESS_STEP:
            on_done(len(spawned) % PROGRESS_STEP)
        return spawned


def can_fork() -> bool:
    """Whether forked workers are safe here: on Linux (macOS system libraries are not
    fork-safe, Windows has no fork), from a process running one thread. (``digest serve``
    builds while its server threads run: a lock one of them held at the fork would stay
    locked in the worker for ever, so its builds use "spawn" workers or none.)"""
    import threading

    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


_SHARED: dict[int, tuple[Callable[[int, int], Any], int]] = {}  # live Shares: (fn, n)
_NEXT = iter(range(1, 1 << 62))


def _run_share(task: tuple[int, int]) -> Any:
    token, index = task
    fn, count = _SHARED[token]
    return fn(index, count)


class Shares(Generic[R]):
    """``fn(i, n)`` for each share ``i`` of ``n``, started now; ``results()`` waits for them.

    The shares are handed out one at a time to ``workers`` processes, all forked here, by
    the calling thread (default: one per share), so a worker holds one share's results at a
    time. (Never fork from another thread, as ``Pool(maxtasksperchild=...)`` would: a lock
    another thread held at that moment stays locked in the child for ever.)

    With one worker, or where forking is not safe, nothing starts until ``results()``, which
    then runs every share in this process; the results are the same either way. ``fn`` may
    read anything the caller holds (forked workers see this process's memory as it is when
    they start), but must not depend on what the caller changes after making the Shares.
    Call ``cancel()`` if the results will not be asked for.
    """

    def __init__(
        self,
        fn: Callable[[int, int], R],
        n: int,
        workers: int | None = None,
    ) -> None:
        self.fn, self.n = fn, max(1, n)
        workers = min(self.n, workers or self.n)
        self._pool: Any = None
        self._async: Any = None
        self._token = 0
        if workers <= 1 or not can_fork():
            return
        self._token = next(_NEXT)
        _SHARED[self._token] = (fn, self.n)
        self._pool = multiprocessing.get_context("fork").Pool(
            workers,
            initializer=_forked_worker,
            initargs=(os.getpid(),),
        )
        tasks = [(self._token, i) for i in range(self.n)]
        self._async = self._pool.map_async(_run_share, tasks, chunksize=1)

    @property
    def forked(self) -> bool:
        return self._pool is not None

    def results(self) -> list[R]:
        if self._pool is None:
            return [self.fn(i, self.n) for i in range(self.n)]
        try:
            return self._async.get()
        finally:
            self.cancel()

    def cancel(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        _SHARED.pop(self._token, None)


class Background(Generic[R]):
    """``fn()`` in one forked process while the caller goes on; ``result()`` waits for it.

    For work the caller will need later and cannot do meanwhile because it is busy with
    something else on one core (the dedupe stage, digest/build.py: make_stories). No thread is
    started in the caller, so it can go on forking workers of its own (``can_fork``). The
    result comes back pickled through an unlinked temporary file, not a pipe, so the worker
    ends as soon as it is done instead of waiting to be read: while it lives, the pages of
    memory it shares with the caller stay shared, and each one the caller writes to is
    copied. Where forking is not safe, or when the worker died or its result cannot be read,
    ``fn()`` runs in this process at ``result()``: the result is the same either way, and an
    exception in ``fn`` is raised there, from here.
    """

    def __init__(self, fn: Callable[[], R], nice: int = 0) -> None:
        """``nice``: the worker's niceness added to this process's (``os.nice``): at 19 it
        runs on the cores the caller and its other workers leave idle, not in their way."""
        self.fn = fn
        self._pid: int | None = None
        self._file: Any = None
        if not can_fork():
            return
        import tempfile

        parent = os.getpid()
        try:
            self._file = tempfile.TemporaryFile()
            pid = os.fork()
        except OSError:  # no room for the file, or no process to be had: done here, later
            if self._file is not None:
                self._file.close()
                self._file = None
            return
        if pid == 0:  # the worker: never returns
            code = 1
            try:
                _forked_worker(parent, threadless=True)  # it may fork workers in turn
                if nice:
                    os.nice(nice)
                view = memoryview(pickle.dumps(fn(), protocol=pickle.HIGHEST_PROTOCOL))
                while view:
                    view = view[os.write(self._file.fileno(), view):]
                code = 0
            finally:
                os._exit(code)  # no clean-up of the parent's objects (its state connection)
        self._pid = pid

    def result(self) -> R:
        if self._pid is None:
            return self.fn()
        try:
            try:
                _, status = os.waitpid(self._pid, 0)
            except ChildProcessError:  # reaped by someone else: its exit status is lost
                status = -1
            self._pid = None
            if status >= 0 and os.waitstatus_to_exitcode(status) == 0:
                self._file.seek(0)
                try:
                    return pickle.loads(self._file.read())
                except Exception:  # noqa: S110 (a damaged result: made again below)
                    pass
        finally:
            self.cancel()
        return self.fn()

    def cancel(self) -> None:
        """Stop the worker, if it runs (the result is not needed)."""
        if self._pid is not None:
            pid, self._pid = self._pid, None
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass  # reaped already
        if self._file is not None:
            self._file.close()
            self._file = None
