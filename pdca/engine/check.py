"""`pdca check` as one call: load, lint, the whole-run cache, and the ratchet against a git revision."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

import pdca
from pdca import i18n
from pdca.engine.lint import CheckRun
from pdca.engine.lint import check as lint
from pdca.io import cache
from pdca.io.sources import FolderSource
from pdca.io.transaction import JOURNAL
from pdca.load import loader
from pdca.model.diagnostic import Diagnostic, Severity
from pdca.model.entities import FILE_KINDS
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
    loaded = (load or _plain_load)(roots, lang)
    result = lint(loaded, day)
    if place is not None:
        cache.save_run(roots, *place, _store(result))
    if diff_base is not None:
        from pdca.engine.diff import load_at

        before = [b for b in (load_at(root, diff_base, lang) for root in roots) if b is not None]
        result.ratchet(lint(before, day))
    return result


def _plain_load(roots: list[Path], lang: str | None) -> list[Register]:
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
            if (root / JOURNAL).exists():
                return None
            source = FolderSource(root)
            digest.update(json.dumps([str(root), loader.repository_name(root)]).encode())
            for rel in [loader.CONFIG, *(f for folder in FILE_KINDS for f in source.files(folder))]:
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


class _Stored(BaseModel):
    """The shape `_store` writes, checked strictly: a line is a number, not text that looks like one."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class _StoredRegister(_Stored):
    root: str
    name: str
    lang: Literal["zh", "en"]
    files: list[str]
    fatal: bool


class _StoredDiagnostic(_Stored):
    file: str
    line: Annotated[int, Field(ge=1)] | None
    column: Annotated[int, Field(ge=1)] | None
    rule: str
    severity: Literal["error", "warning"]
    message: dict[str, Any]
    register_name: str = Field(alias="register")  # `register` is taken by pydantic's base class
    target: str | None
    waiver: dict[str, str] | None
    repository_root: str | None


class _StoredRun(_Stored):
    registers: list[_StoredRegister]
    diagnostics: list[_StoredDiagnostic]


def _restore(stored: Any, roots: list[Path]) -> CheckRun | None:
    """A stored run of exactly these registers, or None when the entry is not one pdca wrote for them
    (damaged, from elsewhere, made by hand): the run is then made again."""
    if stored is None:
        return None
    try:
        run = _StoredRun.model_validate(stored)
        if [r.root for r in run.registers] != [str(root) for root in roots]:
            return None
        names = {r.name for r in run.registers}
        registers = [Register(root=Path(r.root), name=r.name, lang=r.lang, files=list(r.files), fatal=r.fatal)
                     for r in run.registers]
        diagnostics = [Diagnostic(d.file, d.line, d.column, d.rule, Severity(d.severity), _message(d.message),
                                  register=d.register_name, target=d.target, waiver=dict(d.waiver) if d.waiver else d.waiver,
                                  repository_root=d.repository_root)
                       for d in run.diagnostics if d.register_name in names]
        if len(diagnostics) != len(run.diagnostics):
            return None
        for diagnostic in diagnostics:
            diagnostic.text("zh"), diagnostic.text("en")  # every message id and parameter must still say it
    except (ValidationError, KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError):
        return None
    return CheckRun(registers, diagnostics)


def _message(stored: Any) -> i18n.Msg:
    message = i18n.from_data(stored)
    if not isinstance(message, i18n.Msg):
        raise ValueError(stored)
    return message
