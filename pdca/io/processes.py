"""How many processes may share a large piece of work (parsing a register's files, writing a site's
pages): where that is safe, on Linux, forked from a process that runs no other thread; elsewhere, or
when an environment variable says 1, the process alone does it.

Forked children inherit what the parent has imported and computed, so they start in milliseconds;
where processes must be spawned (Windows, macOS) each would import pdca again, which costs more than a
register's parse saves below tens of megabytes, and the work stays in one process there.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

MOST = 4


def workers(setting: str) -> int:
    """1 where forking is not safe (not Linux; other threads run), else one per core (at most 4), or
    what the environment variable `setting` says (1: the parent alone)."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    chosen = os.environ.get(setting, "")
    if chosen.isdigit() and int(chosen) >= 1:
        return min(int(chosen), MOST)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MOST))


T = TypeVar("T")
R = TypeVar("R")


def share_out(items: Sequence[T], size: Callable[[T], int], work: Callable[[T], R], setting: str, least: int,
              done: Callable[[T], None] | None = None) -> list[R]:
    """`[work(item) for item in items]`, in several forked processes when `workers(setting)` allows more
    than one and the items' sizes add up to `least` or more.  `work` is a module's function whose result
    depends on its item alone, so the results are the same whichever process worked out which.  Items
    are dealt out largest first to the lightest share; this process works through the first share while
    the others work through theirs; `done(item)` is called here as each item's result is in.  When no
    process can be started, or one dies, this process works out what is missing itself."""
    count = workers(setting) if sum(map(size, items)) >= least else 1
    results: dict[int, R] = {}
    if count > 1:
        shares: list[list[int]] = [[] for _ in range(count)]
        weights = [0] * count
        for index in sorted(range(len(items)), key=lambda i: -size(items[i])):
            lightest = weights.index(min(weights))
            shares[lightest].append(index)
            weights[lightest] += size(items[index])
        try:
            with ProcessPoolExecutor(count - 1, mp_context=multiprocessing.get_context("fork")) as pool:
                futures = [(share, pool.submit(_share, work, [items[i] for i in share])) for share in shares[1:] if share]
                for index in shares[0]:
                    results[index] = work(items[index])
                    if done is not None:
                        done(items[index])
                for share, future in futures:
                    for index, result in zip(share, future.result(), strict=True):
                        results[index] = result
                        if done is not None:
                            done(items[index])
        except (BrokenProcessPool, OSError):
            pass
    for index, item in enumerate(items):
        if index not in results:
            results[index] = work(item)
            if done is not None:
                done(item)
    return [results[index] for index in range(len(items))]


def _share(work: Callable[[T], R], items: list[T]) -> list[R]:
    return [work(item) for item in items]
