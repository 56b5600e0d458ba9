"""How many processes may share a large piece of work (parsing a register's files, writing a site's
pages): where that is safe, on Linux, forked from a process that runs no other thread; elsewhere, or
when an environment variable says 1, the process alone does it.

Forked children inherit what the parent has imported and computed, so they start in milliseconds;
where processes must be spawned (Windows, macOS) each would import pdca again, which costs more than a
register's parse saves below tens of megabytes, and the work stays in one process there.
"""

from __future__ import annotations

import os
import sys
import threading

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
