"""`pdca check` as one call: load, lint, the whole-run cache, and the ratchet against a git revision."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pdca import i18n
from pdca.engine.lint import CheckRun
from pdca.engine.lint import check as lint
from pdca.io import cache
from pdca.load import loader
from pdca.model.diagnostic import Diagnostic, Severity
from pdca.model.register import Register

Loader = Callable[[list[Path], "str | None"], list[Register]]


def run(roots: list[Path], day: dt.date, lang: str | None, diff_base: str | None = None,
        load: Loader | None = None) -> CheckRun:
    """Check registers as of a day.  With no register file (and no pdca code) changed since an earlier
    run with the same day and language, its result is reused (unless PDCA_NO_CACHE).  With `diff_base`,
    the run is ratcheted: only what the change since that git revision introduced fails it."""
    use_cache = diff_base is None and not os.environ.get("PDCA_NO_CACHE")
    key = cache.check_key(roots, day.isoformat(), lang) if use_cache else None
    runs = cache.Cache(roots[0])
    if key:
        stored = _restore(runs.load_result(key))
        if stored is not None:
            return stored
    loaded = (load or _plain_load)(roots, lang)
    result = lint(loaded, day)
    if key:
        runs.save_result(key, _store(result))
    if diff_base is not None:
        from pdca.engine.diff import load_at

        before = [b for b in (load_at(root, diff_base, lang) for root in roots) if b is not None]
        result.ratchet(lint(before, day))
    return result


def _plain_load(roots: list[Path], lang: str | None) -> list[Register]:
    return [loader.load(root, lang) for root in roots]


def _store(result: CheckRun) -> dict[str, Any]:
    return {
        "registers": [{"root": str(r.root), "name": r.name, "lang": r.lang, "files": r.files, "fatal": r.fatal}
                      for r in result.registers],
        "diagnostics": [{"file": d.file, "line": d.line, "column": d.column, "rule": d.rule,
                         "severity": d.severity.value, "message": d.message.to_data(), "register": d.register,
                         "target": d.target, "waiver": d.waiver, "repository_root": d.repository_root}
                        for d in result.diagnostics],
    }


def _message(stored: Any) -> i18n.Msg:
    message = i18n.from_data(stored)
    if not isinstance(message, i18n.Msg):
        raise ValueError(stored)
    return message


def _restore(stored: Any) -> CheckRun | None:
    """A stored run, or None when the entry is not one pdca wrote (damaged, or from elsewhere)."""
    if stored is None:
        return None
    try:
        registers = [Register(root=Path(r["root"]), name=r["name"], lang=r["lang"], files=r["files"], fatal=r["fatal"])
                     for r in stored["registers"]]
        diagnostics = [Diagnostic(d["file"], d["line"], d["column"], d["rule"], Severity(d["severity"]),
                                  _message(d["message"]), register=d["register"], target=d["target"],
                                  waiver=d["waiver"], repository_root=d["repository_root"])
                       for d in stored["diagnostics"]]
        for diagnostic in diagnostics:
            diagnostic.text("zh"), diagnostic.text("en")  # every message id and parameter must still say it
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError):
        return None
    return CheckRun(registers, diagnostics) if registers else None
