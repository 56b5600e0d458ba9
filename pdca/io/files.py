"""Writing files so that nothing is lost: a temp file in the same folder, flushed, then renamed over."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
    target's permissions when it exists.
    """
    temp = stage(path, data)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
