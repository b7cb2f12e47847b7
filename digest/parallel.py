"""Pure work across processes, with a switch to turn it off (``[build] jobs``, ``--jobs``).

``parallel_map`` returns exactly what ``[fn(x) for x in items]`` returns, in the same order;
it only uses worker processes when there are several jobs and enough items to pay for
starting them, so small builds (and the test suite) stay in one process. Its workers are
forked (``Shares``, below) where that is safe, else started with "spawn" (they import digest
afresh and get their items pickled).

``Shares`` runs ``fn(i, n)`` for ``i`` in ``range(n)``, in ``n`` forked workers where the
platform forks safely (Linux), else in this process when its result is asked for. A forked
worker starts with the parent's memory as it is (rendering's views, compiled templates,
page keys), so nothing is pickled on the way in; only the results come back. Before the fork
the garbage collector's objects are frozen, so the workers do not copy every page of memory
by touching them; the state lock's descriptor is closed in the workers (digest/lock.py), and
a worker ends soon after its parent dies.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 256  # below this, starting workers costs more than it saves


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


def _forked_worker(parent: int) -> None:
    """Initializer of a forked worker: the parent's signal handlers do not apply (SIGTERM from
    ``Pool.terminate`` ends it quietly; Ctrl-C is the parent's to handle), and it ends with
    its parent."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent(parent)


def resolve_jobs(jobs: int | None) -> int:
    """``None``: one per core; 0 or 1: off (1); otherwise ``jobs``."""
    if jobs is None:
        return max(1, os.cpu_count() or 1)
    return max(1, jobs)


def parallel_map(
    fn: Callable[[T], R], items: Sequence[T], jobs: int | None, min_items: int = MIN_ITEMS
) -> list[R]:
    workers = min(resolve_jobs(jobs), len(items))
    if workers <= 1 or len(items) < min_items:
        return [fn(item) for item in items]
    if can_fork():  # the workers see fn and items as they are: nothing pickled on the way in

        def share(index: int, count: int) -> list[R]:
            return [fn(item) for item in items[index::count]]

        result: list[R] = [None] * len(items)  # type: ignore[list-item]
        for index, part in enumerate(Shares(share, workers).results()):
            result[index::workers] = part
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
        return list(pool.map(fn, items, chunksize=chunk))


def can_fork() -> bool:
    """Whether forked workers are safe here: Linux (macOS system libraries are not fork-safe,
    Windows has no fork)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


_SHARED: Any = None  # (fn, n) while workers are forked; they inherit it


def _run_share(index: int) -> Any:
    fn, count = _SHARED
    return fn(index, count)


class Shares(Generic[R]):
    """``fn(i, n)`` for each share ``i`` of ``n``, started now; ``results()`` waits for them.

    With ``n`` = 1, or where forking is not safe, nothing starts until ``results()``, which
    then runs every share in this process; the results are the same either way. ``fn`` may
    read anything the caller holds: forked workers see this process's memory as it was when
    the ``Shares`` was made. Call ``cancel()`` if the results will not be asked for.
    """

    def __init__(self, fn: Callable[[int, int], R], n: int) -> None:
        global _SHARED
        self.fn, self.n = fn, max(1, n)
        self._pool: Any = None
        self._async: Any = None
        if self.n == 1 or not can_fork():
            return
        _SHARED = (fn, self.n)
        gc.freeze()  # the workers' collector leaves the parent's objects (and pages) alone
        try:
            self._pool = multiprocessing.get_context("fork").Pool(
                self.n, initializer=_forked_worker, initargs=(os.getpid(),)
            )
        finally:
            gc.unfreeze()
            _SHARED = None
        self._async = self._pool.map_async(_run_share, range(self.n), chunksize=1)

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
