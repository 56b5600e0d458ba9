"""Runs the enabled rules over loaded registers and stamps each diagnostic's severity from pdca.yaml.

Rules never decide their own severity: `rules:` in pdca.yaml may turn a rule to warning, error or off,
and set its parameters.  Positions are found here, once, for every diagnostic that has a key path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pdca import i18n
from pdca.engine import narrative
from pdca.engine.check_run import CheckRun as CheckRun  # where it was: callers import it from here too
from pdca.engine.settings import settings
from pdca.io import processes, yaml_read
from pdca.load import loader
from pdca.model.diagnostic import Diagnostic, Severity
from pdca.model.layout import NARRATIVE_FOLDER
from pdca.model.register import Register
from pdca.rules import RULES
from pdca.rules.base import RuleContext


def _apply_waivers(register: Register, as_of: dt.date, found: list[Diagnostic]) -> list[Diagnostic]:
    """Mark the diagnostics that a live waiver accepts; report expired and unused waivers."""
    config = register.config
    if config is None or not config.waivers:
        return []
    live: dict[tuple[str, str], int] = {}
    problems = []

    def problem(number: int, code: str, message: str, severity: Severity, **params: Any) -> None:
        problems.append(Diagnostic("pdca.yaml", None, None, code, severity,
                                   i18n.Msg(message, params), register=register.name,
                                   target=config.waivers[number].target, path=("waivers", number)))

    for number, waiver in enumerate(config.waivers):
        params = {"rule": waiver.rule, "target": waiver.target, "until": waiver.until}
        if waiver.rule not in RULES:
            problem(number, "schema", "config.rule_unknown", Severity.ERROR, rule=waiver.rule,
                    hint=i18n.suggest(RULES, waiver.rule))
        elif waiver.until < as_of:
            problem(number, "waiver-expired", "rule.waiver_expired", Severity.ERROR, **params)
        elif (waiver.rule, waiver.target) in live:
            problem(number, "waiver-unused", "rule.waiver_duplicate", Severity.WARNING,
                    first=live[(waiver.rule, waiver.target)] + 1, **params)
        else:
            live[(waiver.rule, waiver.target)] = number
    used: set[int] = set()
    for diagnostic in found:
        if diagnostic.target is None:
            continue
        match = live.get((diagnostic.rule, diagnostic.target))
        if match is not None:
            waiver = config.waivers[match]
            diagnostic.waiver = {"reason": waiver.reason, "approver": waiver.approver, "until": str(waiver.until)}
            used.add(match)
    for (rule, target), number in live.items():
        if number not in used and not register.unreadable:  # what it waives may be in a file not read
            problem(number, "waiver-unused", "rule.waiver_unused", Severity.WARNING, rule=rule, target=target)
    return problems


def lint(register: Register, as_of: dt.date, locate: bool = True, base: Register | None = None,
         errors_only: bool = False) -> list[Diagnostic]:
    """Every diagnostic of one register, located (unless not `locate`: a diagnostic's identity does not
    need its line) and sorted; rules switched off give none.  `base`: the register before the change
    under review (`check --diff`), for the rules that judge a change.  With `errors_only`, the rules
    pdca.yaml makes warnings are not run: every error is there, some warnings are not (see `blocking`)."""
    found = list(register.problems)
    rule_settings, problems = settings(register)
    # A waiver whose rule found nothing is reported (waiver-unused): with that made an error, every rule
    # must run, or a waiver for a rule not run would look unused.
    skipped = {Severity.OFF, Severity.WARNING} if errors_only and \
        rule_settings.severity.get("waiver-unused") is not Severity.ERROR else {Severity.OFF}
    found += problems
    found += narrative.problems(register)
    found += _scan_files(register, rule_settings.severity, skipped)
    kept = []
    for diagnostic in found:
        severity = rule_settings.severity.get(diagnostic.rule, diagnostic.severity)
        if severity is Severity.OFF:
            continue
        diagnostic.severity = severity
        kept.append(diagnostic)
    if register.config is not None:
        for name, rule in RULES.items():
            check = getattr(rule, "check", None)
            if check is None or rule_settings.severity[name] in skipped:
                continue
            ctx = RuleContext(register, as_of, register.lang, rule_settings.params[name], base)
            for hit in check(ctx):
                kept.append(Diagnostic(hit.file, None, None, name, _capped(rule_settings.severity[name], hit.at_most),
                                       hit.message, register=register.name, target=hit.target, path=hit.path))
    for diagnostic in _apply_waivers(register, as_of, kept):
        severity = rule_settings.severity[diagnostic.rule]
        if severity is not Severity.OFF:
            diagnostic.severity = severity
            kept.append(diagnostic)
    if locate:
        _locate(register, kept)
    for diagnostic in kept:
        diagnostic.repository_root = register.repository_name
    return _in_order(register, kept)


def _in_order(register: Register, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """What could not be read, before what follows from it: those files first, and in them the reading
    problems first; then by file, line and column."""
    first = _unread_files(register)
    diagnostics.sort(key=lambda d: (d.file not in first, d.file, d.rule not in _READING, d.sort_key()))
    return diagnostics


def blocking(registers: list[Register], as_of: dt.date) -> list[Diagnostic]:
    """The errors `check` finds that are not waived, located and in the order `check` lists them, as a
    report needs them: the rules pdca.yaml makes warnings are not run (a third of the rules' time at
    10k), and only the errors are located (composing the files again to place thousands of warnings no
    one prints took seconds)."""
    found: list[Diagnostic] = []
    for register in registers:
        errors = [d for d in lint(register, as_of, locate=False, errors_only=True)
                  if d.severity is Severity.ERROR and d.waiver is None]
        _locate(register, errors)
        found += _in_order(register, errors)
    return found


#: the rules that say a file's bytes or YAML could not be read as they stand
_READING = ("yaml-syntax", "encoding")


def _unread_files(register: Register) -> set[str]:
    """The files whose YAML or encoding is wrong, or from which entries could not be read: their
    messages come first, since others may follow from them."""
    unread = {rel for files in register.unreadable.values() for rel in files}
    return unread | {d.file for d in register.problems if d.rule in _READING}


def _capped(severity: Severity, at_most: Severity | None) -> Severity:
    return Severity.WARNING if at_most is Severity.WARNING and severity is Severity.ERROR else severity


def scanned_files(register: Register) -> list[str]:
    """Every file of the register a rule that reads text reads: those the loader read, and the office's
    own words for its reports (reports/*.yaml)."""
    try:
        narratives = register.source.files(NARRATIVE_FOLDER)
    except OSError:  # a folder that leads out of the register: not read
        narratives = []
    return [*register.files, *narratives]


def _scan_files(register: Register, severity: dict[str, Severity],
                skipped: frozenset[Severity] | set[Severity] = frozenset({Severity.OFF})) -> list[Diagnostic]:
    """What the rules that read a file's bytes (`scan`, e.g. personal-data) find, each at its line."""
    scanners = [(name, rule.scan) for name, rule in RULES.items()
                if hasattr(rule, "scan") and severity.get(name) not in skipped]
    found: list[Diagnostic] = []
    if not scanners:
        return found
    for rel in scanned_files(register):
        try:
            data = register.source.read(rel)
        except OSError:  # unreadable or outside the register: the loader has said so
            continue
        for name, scan in scanners:
            found += [Diagnostic(rel, line, column, name, Severity.ERROR, message, register=register.name)
                      for line, column, message in scan(data)]
    return found


def _locate(register: Register, diagnostics: list[Diagnostic]) -> None:
    """Turn key paths into lines and columns: a file at a time, all its paths in one reading of it (linear
    in the diagnostics, however many fall in one mapping), keeping nothing of it afterwards; the files of
    a large register a few at a time in other processes, as the loader reads them (pdca.io.processes)."""
    by_file: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        if diagnostic.line is None and diagnostic.path:
            by_file.setdefault(diagnostic.file, []).append(diagnostic)
    count = loader.processes_for(register.source, list(by_file))
    located = processes.in_order(_files_to_place(register, by_file), _places, count)
    try:
        for found, places in zip(by_file.values(), located, strict=True):
            for diagnostic, (line, column) in zip(found, places or (), strict=False):
                diagnostic.line, diagnostic.column = line, column
    finally:
        located.close()  # its processes end here, whatever happened (pdca ends with os._exit)


def _files_to_place(register: Register, by_file: dict[str, list[Diagnostic]]
                    ) -> Iterator[tuple[bool, tuple[bytes, list[tuple[str | int, ...]]] | None]]:
    for rel, found in by_file.items():
        try:
            yield True, (register.source.read(rel), [diagnostic.path for diagnostic in found])
        except OSError:  # unreadable or outside the register since it was read: its diagnostics stay unlocated
            yield False, None


def _places(file: tuple[bytes, list[tuple[str | int, ...]]]) -> list[tuple[int, int]] | None:
    """Where each key path of a file is (yaml_read.positions); None when the file no longer reads."""
    data, paths = file
    text, _ = yaml_read.decode(data)
    if text is None:
        return None
    try:
        return yaml_read.positions(text, paths)
    except yaml_read.YAMLError:  # changed since it was read
        return None


def check(registers: list[Register], as_of: dt.date, locate: bool = True,
          bases: dict[Path, Register] | None = None) -> CheckRun:
    """Every register checked; `bases`: each register's root -> the register before the change (check --diff)."""
    diagnostics: list[Diagnostic] = []
    for register in registers:
        diagnostics.extend(lint(register, as_of, locate, (bases or {}).get(register.root)))
    return CheckRun(registers, diagnostics)


def locate(register: Register, diagnostics: list[Diagnostic]) -> None:
    """Lines and columns for diagnostics checked without them (`lint(..., locate=False)`)."""
    _locate(register, diagnostics)
