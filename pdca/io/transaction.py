"""Changing several files of a register as one change: every file or none, even across a crash.

A commit, under a lock that one pdca edit of the register holds at a time (the `filelock` package, with
its lock file outside the register, so it works on Windows too and leaves nothing behind):

1. every target is checked to lie in the register: a path that leads out of it (`..`, a folder that is
   a link to elsewhere) or a file that is itself a link is refused before anything is written;
2. each new content is written to a temp file beside its target and flushed to disk;
3. a journal records the targets, their temps, their backups and a digest of each original; it is kept
   in the user's own folder (beside the lock, named after the register's resolved path), never in the
   register: a journal or a backup that arrives with a repository can never make pdca "put back" old
   content over a changed file;
4. each target that exists gets a backup (a hard link, or a copy), is compared once more with what was
   read (another program may have written it since) and is replaced by its temp with a rename;
5. the backups, temps and journal are removed.

Any failure on the way puts every file back as it was, so the register is never half changed.  A
commit that could not finish (the process was killed, the machine lost power) leaves its journal: the
next pdca command that reads or edits the register finds it, puts the files back the same way and
says so.  Temp files of an interrupted write are removed then too, but only by a command that holds the
lock: while an edit is under way they may be its own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_path

from pdca import i18n
from pdca.errors import PdcaError
from pdca.io.files import stage
from pdca.io.sources import real

#: what messages call the journal (it lives in the user's folder, see `journal_path`)
JOURNAL = ".pdca-journal.json"
_BACKUP = ".pdca-backup"
_WAIT = 30.0  # seconds to wait for another pdca edit of the same register to finish (PDCA_LOCK_WAIT)
#: the temp files a commit stages (pdca.io.files.stage names them .<name>.pdca-<random>.tmp): register
#: files, the journal, a folder's .gitkeep; never the output files other commands write beside them
_TEMP = re.compile(r"\.(?:.+\.ya?ml|\.pdca-journal\.json|\.gitkeep)\.pdca-[a-z0-9_]+\.tmp\Z", re.DOTALL)


@dataclass(frozen=True)
class Change:
    path: Path  # as the command named it: what messages and the list of files written show
    original: bytes | None  # what was read; None: the file is new and must not exist yet
    data: bytes
    target: Path = Path()  # where the file really is, once the commit has checked it lies in the register


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
            real_root = self._real(self.root)
            self._apply(real_root, [dataclasses.replace(c, target=self._target(real_root, c.path))
                                    for c in self.changes])
        return [change.path for change in self.changes]

    def _real(self, path: Path) -> Path:
        try:
            return real(path)
        except OSError as exc:
            raise PdcaError(i18n.text("edit.cannot_write", self.lang, path=path,
                                      error=i18n.os_reason(exc, self.lang))) from None

    def _target(self, real_root: Path, path: Path) -> Path:
        """Where `path` really is.  Refused unless its folder, every link followed, lies in the register,
        and unless it is a file of its own: a rename over a link would put the text where the link was
        and leave what it points to as it was (or, followed, write outside the register)."""
        folder = self._real(path.parent)
        if path.name in ("", ".", "..") or not folder.is_relative_to(real_root):
            raise PdcaError(i18n.text("edit.outside", self.lang, path=path, register=self.root))
        target = folder / path.name
        if target.is_symlink():
            raise PdcaError(i18n.text("edit.link", self.lang, path=path))
        return target

    def _apply(self, real_root: Path, changes: list[Change]) -> None:
        journal = journal_path(real_root)
        staged: list[tuple[Change, Path]] = []
        replaced: list[tuple[Change, Path | None]] = []
        current: Path = self.root
        try:
            for change in changes:
                _still(change, self.lang)
                current = change.path
                staged.append((change, stage(change.target, change.data)))
            current = journal
            _write_journal(journal, real_root, [(c, temp) for c, temp in staged])
            for change, temp in staged:
                current = change.path
                replaced.append((change, _put_in_place(change, temp, self.lang)))
            current = journal
            _write_journal(journal, real_root, [(c, temp) for c, temp in staged], done=True)
        except BaseException as exc:
            self._fail(exc, current, journal, replaced, [temp for _, temp in staged])
            raise
        for _, backup in replaced:
            if backup is not None:
                _remove(backup)
        _remove(journal)

    def _fail(self, exc: BaseException, current: Path, journal: Path, replaced: list[tuple[Change, Path | None]],
              temps: list[Path]) -> None:
        """Put back what a failed commit replaced, and say why it failed.  Should putting back fail too
        (the disk is gone), the journal is kept and the next command puts the files back."""
        try:
            _undo(replaced, temps)
        except OSError as undo:
            raise PdcaError(i18n.text("edit.undo_failed", self.lang, path=current,
                                      error=i18n.os_reason(undo, self.lang))) from None
        _remove(journal)
        if isinstance(exc, OSError):
            raise PdcaError(i18n.text("edit.cannot_write", self.lang, path=current,
                                      error=i18n.os_reason(exc, self.lang))) from None


def _put_in_place(change: Change, temp: Path, lang: str) -> Path | None:
    """Replace one target by its staged temp; its backup (None for a new file).  The file is compared
    with what was read right before the rename, after everything slow (staging, fsync, the journal,
    the backup) is done, so an outside edit made meanwhile is seen, not overwritten."""
    backup = _backup(change.target) if change.original is not None else None
    try:
        _still(change, lang)
        os.replace(temp, change.target)
    except BaseException:
        if backup is not None:  # the original is still in place: its second name can go
            _remove(backup)
        raise
    return backup


def recover(root: Path) -> bool:
    """Put a register back as it was before a commit that did not finish (its journal is still there),
    and remove stray temp files; True when something was put back.  Call it holding the lock.  A backup
    is put back only when it holds exactly the original the journal recorded."""
    journal = journal_path(root)
    restored = False
    if journal.exists():
        try:
            record = json.loads(journal.read_text(encoding="utf-8"))
            base = real(root)
            if record.get("root") != str(base):
                raise ValueError(journal)
            entries = record["files"]
            if record.get("done"):  # every file is in place: only the backups are left to remove
                for entry in entries:
                    _remove(_inside(base, entry["backup"]))
                entries = []
            for entry in entries:
                path, temp, backup = (_inside(base, entry[key]) for key in ("path", "temp", "backup"))
                if backup.exists() and _digest(backup) == entry["original"]:
                    os.replace(backup, path)  # it was replaced, or about to be: its backup is the original
                elif not entry["existed"] and path.exists() and _same(path, temp, entry):
                    path.unlink()  # a new file that had been put in place
                temp.unlink(missing_ok=True)
            restored = True
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a journal pdca cannot read is left for a person to look at; nothing is guessed
        else:
            _remove(journal)
    for stray in strays(root):
        _remove(stray)
    return restored


def pending(root: Path) -> bool:
    """Whether an edit of the register did not finish (its journal waits to be put back)."""
    try:
        return journal_path(real(root)).exists()
    except OSError:
        return False


def journal_path(root: Path) -> Path:
    """Where the journal of an edit of the register at `root` (resolved) is kept: the user's folder."""
    return _state_folder("journals") / f"{_name(root)}.json"


def _state_folder(kind: str) -> Path:
    folder = user_cache_path("pdca", appauthor=False) / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _name(root: Path) -> str:
    return hashlib.sha256(str(real(root)).encode("utf-8")).hexdigest()[:32]


def _inside(base: Path, rel: str) -> Path:
    """A path the journal names, which must lie in the register."""
    path = base / rel
    if ".." in Path(rel).parts or Path(rel).is_absolute() or not path.parent.resolve().is_relative_to(base):
        raise ValueError(rel)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tidy(root: Path, lang: str) -> bool:
    """Before a register is read: put back the files of an edit that did not finish (waiting for an
    edit under way to end first), and remove the temp files a killed edit left, but only when no edit
    holds the lock (they may be its own).  True when files were put back."""
    if pending(root):
        with locked(root, lang):
            return recover(root)
    if strays(root):
        try:
            with locked(root, lang, wait=0.0):
                recover(root)
        except PdcaError:
            pass  # an edit is under way (or no lock can be had): its files are its own; the next command looks again
    return False


@contextmanager
def locked(root: Path, lang: str, wait: float | None = None) -> Iterator[None]:
    """One pdca edit of a register at a time, on any system.  The lock file lives in the user's cache
    folder, named after the register's resolved path, so nothing is left in the register."""
    from filelock import FileLock, Timeout  # only an edit locks: `pdca check` does not import it

    try:
        lock = FileLock(str(_state_folder("locks") / f"{_name(root)}.lock"), timeout=_wait() if wait is None else wait)
        lock.acquire()
    except Timeout:
        raise PdcaError(i18n.text("edit.busy", lang, path=root)) from None
    except OSError as exc:
        raise PdcaError(i18n.text("edit.cannot_lock", lang, path=root, error=i18n.os_reason(exc, lang))) from None
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
        current: bytes | None = change.target.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError:
        current = b"\0unreadable"
    if current != change.original:
        raise PdcaError(i18n.text("edit.changed", lang, path=change.path))


def _remove(path: Path) -> None:
    """Remove a file pdca made (a temp, a backup, the journal); one that cannot be removed is left for
    the next command, never a reason to fail."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


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
    """Put back what a failed commit replaced (an OSError when that fails too)."""
    for change, backup in reversed(replaced):
        if backup is not None:
            os.replace(backup, change.target)
        else:
            change.target.unlink(missing_ok=True)
    for temp in temps:
        _remove(temp)


def _write_journal(journal: Path, root: Path, staged: list[tuple[Change, Path]], done: bool = False) -> None:
    files = [{"path": c.target.relative_to(root).as_posix(), "temp": temp.relative_to(root).as_posix(),
              "backup": _backup_of(c.target).relative_to(root).as_posix(), "existed": done or c.target.exists(),
              "original": hashlib.sha256(c.original).hexdigest() if c.original is not None else None,
              "size": 0 if done else temp.stat().st_size} for c, temp in staged]
    record = {"root": str(root), "files": files, "done": done}
    temp = stage(journal, json.dumps(record, ensure_ascii=False).encode("utf-8"))
    try:
        os.replace(temp, journal)
    except BaseException:
        _remove(temp)
        raise


def register_root(path: Path) -> Path:
    """The register a file belongs to (the nearest folder above it with a pdca.yaml), else its folder:
    the place of the lock and the journal, the same for every edit of that register.  Only the folders
    below a `..` count: a name that climbs out of a register never makes where it lands a register."""
    folders = [folder for folder in path.absolute().parents if ".." not in folder.parts]
    for candidate in folders:
        if (candidate / "pdca.yaml").is_file():
            return candidate
    return folders[0]


def _same(path: Path, temp: Path, entry: dict[str, object]) -> bool:
    """Whether a file that was to be created is the one this commit put there (its size matches)."""
    try:
        return path.stat().st_size == entry.get("size") and not temp.exists()
    except OSError:
        return False


def strays(root: Path) -> list[Path]:
    """Temp and backup files an interrupted pdca write left in the register: in its folder and the
    folders directly in it (not hidden ones, not links, not another register's)."""
    found: list[Path] = []
    try:
        folders = [root, *(p for p in root.iterdir() if not p.name.startswith(".") and p.is_dir()
                           and not p.is_symlink() and not (p / "pdca.yaml").exists())]
    except OSError:
        return found
    for folder in folders:
        try:
            names = [p for p in folder.iterdir() if p.name.startswith(".")]
        except OSError:
            continue
        found += [p for p in names if (_TEMP.match(p.name) or p.name.endswith(_BACKUP)) and p.is_file()]
    return found
