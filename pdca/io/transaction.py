"""Changing several files of a register as one change: every file or none, even across a crash.

A commit, under a lock that one pdca edit of the register holds at a time (the `filelock` package, with
its lock file outside the register, so it works on Windows too and leaves nothing behind):

1. each new content is written to a temp file beside its target and flushed to disk;
2. a journal (`.pdca-journal.json` in the register) records the targets, their temps and backups;
3. each target that exists gets a backup (a hard link, or a copy), is compared once more with what was
   read (another program may have written it since) and is replaced by its temp with a rename;
4. the backups, temps and journal are removed.

Any failure on the way puts every file back as it was, so the register is never half changed.  A
commit that could not finish (the process was killed, the machine lost power) leaves its journal: the
next pdca command that reads or edits the register finds it, puts the files back the same way and
says so.  Stray temp files of an interrupted write are removed then too.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout
from platformdirs import user_cache_path

from pdca import i18n
from pdca.errors import PdcaError
from pdca.io.files import stage

JOURNAL = ".pdca-journal.json"
_BACKUP = ".pdca-backup"
_WAIT = 30.0  # seconds to wait for another pdca edit of the same register to finish (PDCA_LOCK_WAIT)


@dataclass(frozen=True)
class Change:
    path: Path
    original: bytes | None  # what was read; None: the file is new and must not exist yet
    data: bytes


class Transaction:
    """The files one command changes in one folder tree (a register), committed together."""

    def __init__(self, root: Path, lang: str) -> None:
        self.root = root
        self.lang = lang
        self.changes: list[Change] = []

    def write(self, path: Path, original: bytes | None, data: bytes) -> None:
        """Change `path` from `original` (None: create it) to `data`, when the commit comes."""
        if original is not None and data == original:
            return
        self.changes.append(Change(path, original, data))

    def commit(self) -> list[Path]:
        """Apply every change, or none; the paths written."""
        if not self.changes:
            return []
        with locked(self.root, self.lang):
            recover(self.root)
            self._apply()
        return [change.path for change in self.changes]

    def _apply(self) -> None:
        journal = self.root / JOURNAL
        staged: list[tuple[Change, Path]] = []
        replaced: list[tuple[Change, Path | None]] = []
        current: Path = self.root
        try:
            for change in self.changes:
                _still(change, self.lang)
                current = change.path
                staged.append((change, stage(change.path, change.data)))
            current = journal
            _write_journal(journal, [(c.path, temp, _backup_of(c.path)) for c, temp in staged])
            for change, temp in staged:
                current = change.path
                backup = _backup(change.path) if change.original is not None else None
                try:
                    _still(change, self.lang)  # once more, just before the rename: keep the window small
                    os.replace(temp, change.path)
                except BaseException:
                    if backup is not None:  # the original is still in place: its second name can go
                        backup.unlink(missing_ok=True)
                    raise
                replaced.append((change, backup))
            current = journal
            _write_journal(journal, [(c.path, temp, _backup_of(c.path)) for c, temp in staged], done=True)
        except BaseException as exc:
            _undo(replaced, [temp for _, temp in staged])
            journal.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise PdcaError(i18n.text("edit.cannot_write", self.lang, path=current,
                                          error=exc.strerror or exc)) from None
            raise
        for _, backup in replaced:
            if backup is not None:
                backup.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)


def recover(root: Path) -> bool:
    """Put a register back as it was before a commit that did not finish (its journal is still there),
    and remove stray temp files; True when something was put back."""
    journal = root / JOURNAL
    restored = False
    if journal.exists():
        try:
            record = json.loads(journal.read_text(encoding="utf-8"))
            entries = record["files"]
            if record.get("done"):  # every file is in place: only the backups are left to remove
                for entry in entries:
                    (root / entry["backup"]).unlink(missing_ok=True)
                entries = []
            for entry in entries:
                path, temp, backup = (root / entry[key] for key in ("path", "temp", "backup"))
                if backup.exists():  # it was replaced, or about to be: its backup is the original
                    os.replace(backup, path)
                elif not entry["existed"] and path.exists() and _same(path, temp, entry):
                    path.unlink()  # a new file that had been put in place
                temp.unlink(missing_ok=True)
            restored = True
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a journal pdca cannot read is left for a person to look at; nothing is guessed
        else:
            journal.unlink(missing_ok=True)
    for stray in _strays(root):
        stray.unlink(missing_ok=True)
    return restored


@contextmanager
def locked(root: Path, lang: str) -> Iterator[None]:
    """One pdca edit of a register at a time, on any system.  The lock file lives in the user's cache
    folder, named after the register's resolved path, so nothing is left in the register."""
    name = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:32]
    folder = user_cache_path("pdca", appauthor=False) / "locks"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(folder / f"{name}.lock"), timeout=_wait())
        lock.acquire()
    except Timeout:
        raise PdcaError(i18n.text("edit.busy", lang, path=root)) from None
    except OSError as exc:
        raise PdcaError(i18n.text("edit.cannot_lock", lang, path=root, error=exc.strerror or exc)) from None
    try:
        yield
    finally:
        lock.release()


def _wait() -> float:
    try:
        return max(0.0, float(os.environ.get("PDCA_LOCK_WAIT", _WAIT)))
    except ValueError:
        return _WAIT


def _still(change: Change, lang: str) -> None:
    """Refuse when the file no longer holds what was read (another edit got there first), or a file
    to be created has appeared."""
    try:
        current: bytes | None = change.path.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError:
        current = b"\0unreadable"
    if current != change.original:
        raise PdcaError(i18n.text("edit.changed", lang, path=change.path))


def _backup_of(path: Path) -> Path:
    return path.with_name(f".{path.name}{_BACKUP}")


def _backup(path: Path) -> Path:
    """Keep the original under another name: a second link to the same bytes (a copy where links are
    not possible), so a rename puts it back."""
    backup = _backup_of(path)
    backup.unlink(missing_ok=True)
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)
    return backup


def _undo(replaced: list[tuple[Change, Path | None]], temps: list[Path]) -> None:
    """Put back what a failed commit replaced.  Should this fail too (the disk is gone), the journal is
    kept and the next command puts the files back."""
    for change, backup in reversed(replaced):
        if backup is not None:
            os.replace(backup, change.path)
        else:
            change.path.unlink(missing_ok=True)
    for temp in temps:
        temp.unlink(missing_ok=True)


def _write_journal(journal: Path, entries: list[tuple[Path, Path, Path]], done: bool = False) -> None:
    root = journal.parent
    files = [{"path": path.relative_to(root).as_posix(), "temp": temp.relative_to(root).as_posix(),
              "backup": backup.relative_to(root).as_posix(), "existed": done or path.exists(),
              "size": 0 if done else temp.stat().st_size} for path, temp, backup in entries]
    temp = stage(journal, json.dumps({"files": files, "done": done}, ensure_ascii=False).encode("utf-8"))
    try:
        os.replace(temp, journal)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def register_root(path: Path) -> Path:
    """The register a file belongs to (the nearest folder with a pdca.yaml), else its folder: the place
    of the lock and the journal, the same for every edit of that register."""
    folder = path.parent.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "pdca.yaml").is_file():
            return candidate
    return folder


def _same(path: Path, temp: Path, entry: dict[str, object]) -> bool:
    """Whether a file that was to be created is the one this commit put there (its size matches)."""
    try:
        return path.stat().st_size == entry.get("size") and not temp.exists()
    except OSError:
        return False


def _strays(root: Path) -> list[Path]:
    """Temp and backup files an interrupted pdca write left in the register's folders."""
    found: list[Path] = []
    if not root.is_dir():
        return found
    for folder in (root, *(p for p in root.iterdir() if p.is_dir() and not p.is_symlink())):
        try:
            names = [p for p in folder.iterdir() if p.is_file()]
        except OSError:
            continue
        found += [p for p in names if p.name.startswith(".") and (p.name.endswith(".tmp") and ".pdca-" in p.name
                                                                 or p.name.endswith(_BACKUP))]
    return found
