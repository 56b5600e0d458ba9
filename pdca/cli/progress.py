"""A progress bar for work that takes a while: on a terminal only, never when piped or in CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: below this much YAML a run takes well under a second: no bar
THRESHOLD = 4_000_000


def register_bytes(roots: list[Path]) -> int:
    """How much YAML the registers hold (only worked out when a bar could be drawn)."""
    from pdca.io.sources import FolderSource
    from pdca.model.layout import FOLDERS

    total = 0
    for root in roots:
        source = FolderSource(root)  # the files the loader will read, and no other (never through a link out)
        for folder in FOLDERS:
            try:
                total += sum(source.inside(rel).stat().st_size for rel in source.files(folder))
            except OSError:  # the loader will say what is wrong with it
                continue
    return total


@contextmanager
def bar(roots: list[Path], label: str) -> Iterator[Callable[[int], None]]:
    """Yields a function that advances the bar by a number of bytes read."""
    if not sys.stderr.isatty() or os.environ.get("CI") or (total := register_bytes(roots)) < THRESHOLD:
        yield lambda done: None
        return
    from rich.progress import DownloadColumn

    with _drawn(label, total, DownloadColumn()) as advance:
        yield advance


@contextmanager
def counting(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A bar over `total` steps (pages written, say), on a terminal only; yields a function that
    advances it by a number of steps."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield lambda done: None
        return
    from rich.progress import MofNCompleteColumn

    with _drawn(label, total, MofNCompleteColumn()) as advance:
        yield advance


@contextmanager
def _drawn(label: str, total: int, done_column: Any) -> Iterator[Callable[[int], None]]:
    """A bar on stderr, redrawn by the function it yields (at most ten times a second), not by a thread
    of its own: a process with no other thread may fork helpers (pdca.io.processes: parsing a large
    register, writing a large site)."""
    import time

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn(label), BarColumn(), done_column, TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True, auto_refresh=False) as progress:
        task = progress.add_task(label, total=total)
        drawn = [0.0]

        def advance(done: int) -> None:
            progress.advance(task, done)
            now = time.monotonic()
            if now - drawn[0] >= 0.1:
                drawn[0] = now
                progress.refresh()

        yield advance
