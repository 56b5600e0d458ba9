"""How many processes may share a large piece of work (parsing a register's files, writing a site's
pages): where that is safe, on Linux, forked from a process that runs no other thread; elsewhere, or
when an environment variable says 1, the process alone does it.

Forked children inherit what the parent has imported and computed, so they start in milliseconds;
where processes must be spawned (Windows, macOS) each would import pdca again, which costs more than a
register's parse saves below tens of megabytes, and the work stays in one process there.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when processes are started: 0.03 s that a small register's check need not pay
    from concurrent.futures import Future, ProcessPoolExecutor

MOST = 4


def workers(setting: str) -> int:
    """1 where forking is not safe (not Linux; other threads run), else one per core (at most 4), or
    what the environment variable `setting` says (1: the parent alone)."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    chosen = os.environ.get(setting, "")
    if chosen.isascii() and chosen.isdigit():  # not "²", a digit that int() refuses
        try:
            number = int(chosen)
        except ValueError:  # more digits than int() reads: a number larger than MOST
            number = MOST
        if number >= 1:
            return min(number, MOST)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MOST))


def in_order(jobs: Iterable[tuple[bool, Any]], work: Callable[[Any], Any], count: int) -> Generator[Any, None, None]:
    """For each `(send, item)` of `jobs`, in their order: `work(item)` worked out in one of `count` forked
    processes when `send`, else `item` itself.  `work` is a module's function whose result depends on its
    item alone, so the results are the same whichever process worked out which.  Jobs are taken from
    `jobs` only a few ahead of the one being waited for: what is read for them, and what comes back, is
    not all held at once.  A job that no process could do (none could be started, or one died) is done
    here.  With `count` 1, everything is done here, in turn."""
    if count <= 1:
        yield from (work(item) if send else item for send, item in jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    waiting: deque[tuple[bool, Any, Future[Any] | None]] = deque()
    pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"), initializer=_deaf_to_ctrl_c)
    try:
        for send, item in jobs:
            waiting.append((send, item, _submit(pool, work, item) if send else None))
            while len(waiting) > 2 * count:  # every process busy, and no more ahead than that
                yield _result(waiting.popleft(), work)
        while waiting:
            yield _result(waiting.popleft(), work)
    finally:
        pool.shutdown(cancel_futures=True)


def _deaf_to_ctrl_c() -> None:
    """Ctrl-C reaches every process of the terminal's group: the parent stops and ends its children
    (in_order's `finally`); a child that took it too would print a traceback of its waiting for work."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _submit(pool: ProcessPoolExecutor, work: Callable[[Any], Any], item: Any) -> Future[Any] | None:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(work, item)
    except (BrokenProcessPool, RuntimeError, OSError):  # no process could be started, or one died
        return None


def _result(job: tuple[bool, Any, Future[Any] | None], work: Callable[[Any], Any]) -> Any:
    send, item, future = job
    if not send:
        return item
    if future is not None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except (BrokenProcessPool, OSError):
            pass
    return work(item)
