"""Writing files so that nothing is lost: a temp file in the same folder, flushed, then renamed over.

`write_output` is what `-o` does: it renames only over a regular file (or where there is nothing yet);
a terminal, /dev/null or a pipe is written through as the shell's `>` would; anything else is refused,
a symbolic link included (a link that arrives with a checked-out repository may point anywhere: at a
file of the CI runner, a hook, a home folder).
"""

from __future__ import annotations

import os
import stat
import tempfile
from enum import Enum
from pathlib import Path


class Target(Enum):
    """What an output path names, and so how it is written."""

    FILE = "file"  # a regular file or nothing yet: replaced atomically
    STREAM = "stream"  # a character device (a terminal, /dev/null) or a FIFO, itself or behind a link
    FOLDER = "folder"
    LINK = "link"  # a symbolic link to a file, a folder or nothing
    OTHER = "other"  # a block device, a socket


class Refused(OSError):
    """An output path pdca does not write: `target` says what it is."""

    def __init__(self, path: Path, target: Target) -> None:
        super().__init__(f"{path}: {target.value}")
        self.path = path
        self.target = target


def target(path: Path) -> Target:
    """What `path` is, judged on the path itself (a link is not followed unless it leads to a stream)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:  # nothing there, or nothing pdca can see: writing it says why it cannot
        return Target.FILE
    if stat.S_ISREG(mode):
        return Target.FILE
    if stat.S_ISDIR(mode):
        return Target.FOLDER
    if stat.S_ISLNK(mode):
        try:
            followed = os.stat(path).st_mode
        except OSError:  # dangling, or a loop
            return Target.LINK
        return Target.STREAM if _is_stream(followed) else Target.LINK
    return Target.STREAM if _is_stream(mode) else Target.OTHER


def _is_stream(mode: int) -> bool:
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def write_output(path: Path, data: bytes) -> None:
    """Write a command's output to `path` as `target` allows; `Refused` for what it does not."""
    kind = target(path)
    if kind is Target.FILE:
        write_atomic(path, data)
    elif kind is Target.STREAM:
        write_through(path, data)
    else:
        raise Refused(path, kind)


def write_through(path: Path, data: bytes) -> None:
    """Write to a device or FIFO in place: opened for writing only, never created or renamed over."""
    handle = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    with os.fdopen(handle, "wb") as out:
        out.write(data)


def stage(path: Path, data: bytes) -> Path:
    """Write `data` to a temp file beside `path`, flushed to disk, with `path`'s permissions; the
    caller renames it over `path` (os.replace) or removes it."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.pdca-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Path(temp)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step: readers see the old file or the new one, never half.

    The temp file lives beside the target (a rename across file systems is not atomic) and takes the
    target's permissions when it exists.  Only a regular file is renamed over: a device, a FIFO, a link
    or a folder is `Refused` (a rename would put a plain file where /dev/null was, or replace a link).
    """
    kind = target(path)
    if kind is not Target.FILE:
        raise Refused(path, kind)
    temp = stage(path, data)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
