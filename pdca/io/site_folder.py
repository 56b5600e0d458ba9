"""Writing a whole folder of files (the site) so that it is complete or not there at all.

Every file is written into a new folder beside the target, which then takes the target's place; an
older site there is removed only after that.  So a site never mixes pages of two builds, a page of a
risk since deleted does not linger, and an interrupted build leaves the old site as it was.

A folder pdca did not make is never replaced: the target must be missing, empty, or hold the mark a
build leaves (`.pdca-site`).  A symbolic link is refused, as `-o` refuses one for a file.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

MARK = ".pdca-site"
_MARK_TEXT = b"made by pdca site; pdca replaces this folder on the next build\n"


class NotOurs(OSError):
    """A target pdca will not replace: `reason` is "link", "file", "foreign" (a folder with other
    files) or "current" (the working folder or one above it)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def check_target(target: Path) -> None:
    """Refuse a target pdca must not write a site to, before anything is built."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise NotOurs(target, "link")
    if not stat.S_ISDIR(mode):
        raise NotOurs(target, "file")
    here = Path.cwd().resolve()
    if target.resolve() == here or target.resolve() in here.parents:
        raise NotOurs(target, "current")
    if any(True for _ in target.iterdir()) and not (target / MARK).is_file():
        raise NotOurs(target, "foreign")


def write_folder(target: Path, fill: Callable[[Path], None]) -> None:
    """Make the folder `target`: `fill(folder)` writes every file into a new folder (with `put`), which
    then takes the target's place."""
    check_target(target)
    parent = target.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.pdca-"))
    try:
        fill(staging)
        (staging / MARK).write_bytes(_MARK_TEXT)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private; a site is meant to be served
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def put(folder: Path, name: str, data: bytes) -> None:
    """Write one file of the folder being made: `name` is relative and `/`-separated."""
    path = folder.joinpath(*_parts(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _parts(name: str) -> tuple[str, ...]:
    """A page's path as parts, refused when it could leave the folder (pdca makes them; a bug, never input)."""
    parts = PurePosixPath(name).parts
    if not parts or any(p in ("", ".", "..") or "\\" in p or ":" in p for p in parts) or name.startswith("/"):
        raise ValueError(f"not a relative path: {name!r}")
    return parts


def _swap(staging: Path, target: Path) -> None:
    """Put the new folder in the old one's place; the old one goes only once the new one is there."""
    if not target.exists():
        os.replace(staging, target)
        return
    old = Path(tempfile.mkdtemp(dir=staging.parent, prefix=f".{target.name}.pdca-old-"))
    os.rmdir(old)
    os.replace(target, old)
    try:
        os.replace(staging, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
