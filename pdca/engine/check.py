"""`pdca check` as one call: load, lint, the whole-run cache, and the ratchet against a git revision."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdca
from pdca import i18n
from pdca.engine.check_run import CheckRun
from pdca.io import cache
from pdca.io.sources import FolderSource
from pdca.io.transaction import pending
from pdca.load import places
from pdca.model.diagnostic import Diagnostic, Severity
from pdca.model.layout import CONFIG, FOLDERS, NARRATIVE_FOLDER
from pdca.model.register import Register

Loader = Callable[[list[Path], "str | None"], list[Register]]


def run(roots: list[Path], day: dt.date, lang: str | None, diff_base: str | None = None,
        load: Loader | None = None) -> CheckRun:
    """Check registers as of a day.  A run with everything it depends on unchanged (see `_run_key`) is
    reused (unless PDCA_NO_CACHE).  With `diff_base`, the run is ratcheted: only what the change since
    that git revision introduced fails it."""
    use_cache = diff_base is None and not os.environ.get("PDCA_NO_CACHE")
    place = _run_key(roots, day, lang) if use_cache else None
    if place is not None:
        stored = _restore(cache.load_run(roots, *place), roots)
        if stored is not None:
            return stored
    from pdca.engine.lint import check as lint  # not on the warm path: the rules and what they import

    loaded = (load or _plain_load)(roots, lang)
    if diff_base is None:
        result = lint(loaded, day)
        if place is not None and _run_key(roots, day, lang) == place:  # no file changed while it ran
            cache.save_run(roots, *place, _store(result))
        return result
    from pdca.engine.diff import load_at

    before = [b for b in (load_at(root, diff_base, lang) for root in roots) if b is not None]
    result = lint(loaded, day, bases={b.root: b for b in before if b.config is not None})
    result.ratchet(lint(before, day))
    return result


class _Listing(CheckRun):
    """A run that lists only some of its diagnostics but counts, and exits, as the whole run does."""

    def __init__(self, whole: CheckRun, shown: list[Diagnostic]) -> None:
        super().__init__(whole.registers, shown, whole.ratcheted)
        self.whole = whole

    @property
    def errors(self) -> int:
        return self.whole.errors

    @property
    def warnings(self) -> int:
        return self.whole.warnings

    @property
    def waived(self) -> int:
        return self.whole.waived

    @property
    def new_errors(self) -> int:
        return self.whole.new_errors

    @property
    def exit_code(self) -> int:
        return self.whole.exit_code


def errors_only(result: CheckRun) -> CheckRun:
    """The run as `check --quiet` shows it: only the errors that count (neither warnings nor waived
    problems) are listed, in every format; the summary still counts every warning (they are still there
    to be looked at), and the exit status is the whole run's."""
    shown = [d for d in result.diagnostics if d.severity is Severity.ERROR and d.waiver is None]
    return _Listing(result, shown)


def _plain_load(roots: list[Path], lang: str | None) -> list[Register]:
    from pdca.load import loader  # not on the warm path: the models and the YAML reader

    return [loader.load(root, lang) for root in roots]


def _run_key(roots: list[Path], day: dt.date, lang: str | None) -> tuple[str, str] | None:
    """Where a run is kept (its slot: the registers, the working directory the paths it prints are
    relative to, the language) and its key: the slot, pdca's code, the day, where each register sits
    in git, and every register file's content.  None when a file cannot be read or an edit did not
    finish: the run itself says why, or puts the files back."""
    try:
        slot = hashlib.sha256(json.dumps([os.getcwd(), lang, [str(root) for root in roots]]).encode()).hexdigest()
        digest = hashlib.sha256(f"{slot}\n{_code_stamp()}\n{day.isoformat()}\n".encode())
        for root in roots:
            if pending(root):
                return None
            source = FolderSource(root)
            digest.update(json.dumps([str(root), places.repository_name(root)]).encode())
            folders = [*FOLDERS, NARRATIVE_FOLDER]  # reports/: rule personal-data reads them too
            for rel in [CONFIG, *(f for folder in folders for f in source.files(folder))]:
                digest.update(f"\n{rel}\n".encode())
                digest.update(hashlib.sha256(source.read(rel)).digest())
    except OSError:
        return None
    return slot, digest.hexdigest()


def _code_stamp() -> str:
    """What pdca's own files look like (names, sizes and times): results of another pdca are not reused."""
    package = Path(pdca.__file__).parent
    parts = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")  # written by running
        for name in sorted(files):
            stat = os.stat(os.path.join(folder, name))
            parts.append(f"{Path(folder, name).relative_to(package).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _store(result: CheckRun) -> dict[str, Any]:
    return {
        "registers": [{"root": str(r.root), "name": r.name, "lang": r.lang, "files": r.files, "fatal": r.fatal}
                      for r in result.registers],
        "diagnostics": [{"file": d.file, "line": d.line, "column": d.column, "rule": d.rule,
                         "severity": d.severity.value, "message": d.message.to_data(), "register": d.register,
                         "target": d.target, "waiver": d.waiver, "repository_root": d.repository_root}
                        for d in result.diagnostics],
    }


def _text(value: Any) -> bool:
    return value.__class__ is str


def _optional_text(value: Any) -> bool:
    return value is None or value.__class__ is str


def _position(value: Any) -> bool:
    return value is None or (value.__class__ is int and value >= 1)  # 1-based, and never text or a bool


def _texts(value: Any) -> bool:
    return value.__class__ is list and all(item.__class__ is str for item in value)


def _waiver(value: Any) -> bool:
    return value is None or (value.__class__ is dict and all(v.__class__ is str for v in value.values()))


#: the fields `_store` writes and what each must be
_REGISTER: dict[str, Callable[[Any], bool]] = {
    "root": _text, "name": _text, "lang": lambda v: v in i18n.LANGS, "files": _texts,
    "fatal": lambda v: v.__class__ is bool,
}
_DIAGNOSTIC: dict[str, Callable[[Any], bool]] = {
    "file": _text, "line": _position, "column": _position, "rule": _text,
    "severity": lambda v: v in (Severity.ERROR.value, Severity.WARNING.value), "message": lambda v: v.__class__ is dict,
    "register": _text, "target": _optional_text, "waiver": _waiver, "repository_root": _optional_text,
}


def _shaped(stored: Any, fields: dict[str, Callable[[Any], bool]]) -> dict[str, Any]:
    """`stored` if it has exactly these fields, each of its kind; else ValueError."""
    if stored.__class__ is not dict or stored.keys() != fields.keys() or not all(
            check(stored[name]) for name, check in fields.items()):
        raise ValueError(stored)
    return stored


def _restore(stored: Any, roots: list[Path]) -> CheckRun | None:
    """A stored run of exactly these registers, or None when the entry is not one pdca wrote for them
    (damaged, from elsewhere, made by hand): the run is then made again."""
    if stored is None:
        return None
    try:
        run = _shaped(stored, {"registers": lambda v: v.__class__ is list, "diagnostics": lambda v: v.__class__ is list})
        kept = [_shaped(r, _REGISTER) for r in run["registers"]]
        if [r["root"] for r in kept] != [str(root) for root in roots]:
            return None
        registers = [Register(root=Path(r["root"]), name=r["name"], lang=r["lang"], files=r["files"], fatal=r["fatal"])
                     for r in kept]
        names = {r.name for r in registers}
        diagnostics = [_diagnostic(_shaped(d, _DIAGNOSTIC), names) for d in run["diagnostics"]]
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError):
        return None
    return CheckRun(registers, diagnostics)


def _diagnostic(stored: dict[str, Any], registers: set[str]) -> Diagnostic:
    if stored["register"] not in registers:
        raise ValueError(stored)
    diagnostic = Diagnostic(stored["file"], stored["line"], stored["column"], stored["rule"],
                            Severity(stored["severity"]), _message(stored["message"]), register=stored["register"],
                            target=stored["target"], waiver=stored["waiver"], repository_root=stored["repository_root"])
    diagnostic.text("zh"), diagnostic.text("en")  # every message id and parameter must still say it
    return diagnostic


def _message(stored: Any) -> i18n.Msg:
    message = i18n.from_data(stored)
    if not isinstance(message, i18n.Msg):
        raise ValueError(stored)
    return message
