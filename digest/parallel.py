"""Pure work across processes, with a switch to turn it off (``[build] jobs``, ``--jobs``).

``parallel_map`` returns exactly what ``[fn(x) for x in items]`` returns, in the same order;
it only uses worker processes when there are several jobs and enough items to pay for
starting them, so small builds (and the test suite) stay in one process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

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
    chunk = max(1, len(items) // (workers * 8))
    # "spawn", not fork: a forked worker would inherit the build lock's file descriptor and
    # keep the lock held (and the parent's pipes open) after the parent is killed.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_exit_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        return list(pool.map(fn, items, chunksize=chunk))
