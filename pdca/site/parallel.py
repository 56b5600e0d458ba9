"""Writing a large site's pages in several processes, where that is safe: on Linux, from a process that
runs no other thread, for a site of many pages.

A page's bytes depend only on the register and the page, never on which process wrote it or in which
order, so the site is the same either way.  The children are forked after the registers are read and
every name and shared table is worked out (`RegisterSite.prepare`): they inherit them and compute nothing
twice.  Pages are dealt out in turn (0, n, 2n ... to the parent, 1, n+1 ... to the first child), so the
heavy report pages at the end of the list are shared too.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pdca.errors import PdcaError
from pdca.io import processes
from pdca.site.model import Page

#: fewer pages than this are written in one process: starting others would cost more than it saves
PARALLEL_FROM = 400

Write = Callable[[Path, Page], None]
_JOB: dict[str, Any] = {}  # what the forked children inherit


def workers() -> int:
    """How many processes may write pages (pdca.io.processes); PDCA_SITE_PROCESSES=1: the parent alone."""
    return processes.workers("PDCA_SITE_PROCESSES")


def write_all(folder: Path, pages: Sequence[Page], write: Write, advance: Callable[[int], None],
              count: int | None = None) -> None:
    """Write every page with `write(folder, page)`, calling `advance(n)` as pages are done."""
    count = workers() if count is None else count
    if count <= 1 or len(pages) < PARALLEL_FROM:
        for page in pages:
            write(folder, page)
            advance(1)
        return
    context = multiprocessing.get_context("fork")
    done = context.Value("q", 0)
    failures = context.SimpleQueue()
    _JOB.update(folder=folder, pages=pages, write=write, count=count, done=done, failures=failures)
    # not daemonic: a child may start a process of its own (a register's report template is rendered in one)
    children = [context.Process(target=_share, args=(k,)) for k in range(1, count)]
    try:
        for child in children:
            child.start()
        seen = 0
        for page in pages[0::count]:
            write(folder, page)
            advance(1)
            seen = _catch_up(done, seen, advance)
        for child in children:
            while child.is_alive():
                child.join(0.1)
                seen = _catch_up(done, seen, advance)
    finally:
        for child in children:
            if child.is_alive():
                child.terminate()
            child.join()
        _JOB.clear()
    if not failures.empty():
        message, code = failures.get()
        raise PdcaError(message, code)
    if any(child.exitcode != 0 for child in children):
        raise RuntimeError("a process writing pages of the site stopped")


def _catch_up(done: Any, seen: int, advance: Callable[[int], None]) -> int:
    """Advance the bar by the pages the children wrote since last time."""
    now = int(done.value)
    if now > seen:
        advance(now - seen)
    return now


def _share(k: int) -> None:
    """A child's part: every `count`-th page from the k-th; a PdcaError goes back to the parent."""
    job = _JOB
    try:
        for page in job["pages"][k::job["count"]]:
            job["write"](job["folder"], page)
            with job["done"].get_lock():
                job["done"].value += 1
    except PdcaError as exc:
        job["failures"].put((exc.message, exc.exit_code))
        os._exit(1)
    except KeyboardInterrupt:  # Ctrl-C reaches the whole group: the parent says it stopped, the child says nothing
        os._exit(130)
