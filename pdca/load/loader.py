"""Files -> models + diagnostics.  Bad data never raises: it becomes a diagnostic and the run goes on.

Which registers to read, and what they are called, is pdca.load.places's.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from pdca import i18n
from pdca.io import processes, yaml_read
from pdca.io.parse_cache import Cache
from pdca.io.sources import FolderSource, OutsideRegister, Source
from pdca.io.transaction import tidy
from pdca.load import schema_errors
from pdca.load.places import display_name, repository_name
from pdca.model.diagnostic import Diagnostic, Severity
from pdca.model.entities import FILE_KINDS, Config, Located, Risk, Where
from pdca.model.layout import CONFIG
from pdca.model.register import Register

_LIST_SECTIONS = ("departments", "areas", "posts", "waivers")


def find_risk(roots: list[Path], risk_id: str, lang: str | None) -> tuple[Register, Risk] | None:
    """The first register among `roots` with a risk of that id, and the risk."""
    for root in roots:
        loaded = load(root, lang)
        if loaded.config is not None and risk_id in loaded.index.risks:
            return loaded, loaded.index.risks[risk_id]
    return None


@contextmanager
def _no_gc() -> Iterator[None]:
    """Building large trees of small objects with the cyclic collector on costs time that grows faster
    than the data (performance-notes.md); nothing we build while loading is cyclic."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(root: Path, lang: str | None = None, cwd: Path | None = None, source: Source | None = None,
         cache: bool = True, on_bytes: Callable[[int], None] | None = None) -> Register:
    """Read one register, from its folder or from another source (a git revision).  `lang` None: the
    register's own language.  With `cache`, files already parsed once (same content) are not parsed
    again (pdca.io.cache)."""
    register = Register(root=root, name=display_name(root, cwd), lang=lang or "zh",
                        repository_name=repository_name(root), source=source or FolderSource(root))
    if source is None and tidy(root, lang or "zh"):  # an edit that did not finish: its files are put back first
        register.problems.append(Diagnostic(CONFIG, None, None, "interrupted-edit", Severity.WARNING,
                                            i18n.Msg("edit.recovered"), register=register.name))
    reading = _Reading(register, Cache(root) if cache and not os.environ.get("PDCA_NO_CACHE") else None, on_bytes)
    with _no_gc():
        _load_config(reading, lang)
        if register.fatal:
            return register
        listed = {folder: _listed(register, folder) for folder in FILE_KINDS}
        reading.ahead.extend(_ahead(reading, [rel for files in listed.values() if files is not None for rel in files]))
        try:
            for folder, (key, model) in FILE_KINDS.items():
                files = listed[folder]
                if files is None:
                    _problem(register, folder, "yaml-syntax", i18n.Msg("file.symlink"))
                    _unreadable(register, folder, *_KINDS[key])
                for rel in files or ():
                    _load_items(reading, rel, key, model)
        finally:
            for ahead in reading.ahead:
                ahead.results.close()  # its processes end here, not when the collector finds them
    return register


def _listed(register: Register, folder: str) -> list[str] | None:
    """The files of one folder; None when the folder is a link leading out of the register."""
    try:
        found: list[str] = register.source.files(folder)
    except OutsideRegister:
        return None
    return found


@dataclass(frozen=True)
class _Reading:
    """One load under way: the register being filled, the parse cache, the progress callback."""

    register: Register
    files: Cache | None
    on_bytes: Callable[[int], None] | None
    #: a large register's files read and parsed ahead (`_Ahead`), when they are
    ahead: list[_Ahead] = field(default_factory=list)


def _problem(register: Register, rel: str, rule: str, message: i18n.Msg, line: int | None = None,
             column: int | None = None, path: tuple[str | int, ...] = ()) -> None:
    register.problems.append(
        Diagnostic(rel, line, column, rule, Severity.ERROR, message, register=register.name, path=path)
    )


def _read(reading: _Reading, rel: str) -> tuple[Any, list[yaml_read.Problem]]:
    """The file's data (None when it could not be read) and the problems found reading it."""
    register, files = reading.register, reading.files
    register.files.append(rel)
    if reading.ahead:
        done = reading.ahead[0].take(rel)
        if done is not None:
            return done
    try:
        data = register.source.read(rel)
    except OutsideRegister:
        return None, [yaml_read.Problem("yaml-syntax", "file.symlink", {}, 1, 1)]
    except OSError as exc:
        return None, [yaml_read.Problem("yaml-syntax", "file.unreadable", {"error": exc.strerror or str(exc)})]
    if reading.on_bytes is not None:
        reading.on_bytes(len(data))
    key = Cache.key(data) if files is not None else ""
    if files is not None and (hit := files.get(key)) is not None:
        return hit
    return _parsed(reading, key, parse(data))


def _parsed(reading: _Reading, key: str, parsed: tuple[Any, list[yaml_read.Problem], bool | None]
            ) -> tuple[Any, list[yaml_read.Problem]]:
    value, problems, plain_json = parsed
    if reading.files is not None and plain_json is not None:
        reading.files.put(key, value, problems, plain_json)
    return value, problems


def parse(data: bytes) -> tuple[Any, list[yaml_read.Problem], bool | None]:
    """A file's bytes -> its data, the problems found reading it, and whether the data is plain JSON
    (None: the bytes are not text, and nothing is kept in the parse cache)."""
    text, problem = yaml_read.decode(data)
    if text is None:
        assert problem is not None
        return None, [problem], None
    return yaml_read.load_detailed(text)


#: a register of this many bytes of YAML or more has its files parsed in several processes
#: (pdca.io.processes; PDCA_PARSE_PROCESSES=1: in this process alone)
PARALLEL_FROM = 2_000_000
PROCESSES = "PDCA_PARSE_PROCESSES"


def _ahead(reading: _Reading, rels: list[str]) -> list[_Ahead]:
    """A reading ahead of the register's files, when it is large enough to pay for other processes."""
    count = processes_for(reading.register.source, rels)
    return [_Ahead(reading, rels, count)] if count > 1 else []


def processes_for(source: Source, rels: list[str]) -> int:
    """How many processes may read these files of a register: several (pdca.io.processes) for a folder
    with PARALLEL_FROM bytes of them or more, else 1."""
    count = processes.workers(PROCESSES)
    if count <= 1 or not isinstance(source, FolderSource):
        return 1
    size = 0
    for rel in rels:
        try:
            size += (source.root / rel).stat().st_size
        except OSError:
            pass
    return count if size >= PARALLEL_FROM else 1


class _Ahead:
    """A large register's files, read and parsed a few ahead of the one being loaded, by other processes
    (pdca.io.processes.in_order), and taken back by `_read` in their order.  A file's data depends on its
    bytes alone, so it is the same whichever process parsed it; files in the parse cache are not sent."""

    def __init__(self, reading: _Reading, rels: list[str], count: int) -> None:
        self.reading = reading
        self.read: deque[tuple[str, str, int]] = deque()  # (rel, cache key, bytes; -1: not read) of each job
        self.results: Generator[Any, None, None] = processes.in_order(self._jobs(rels), parse, count)

    def _jobs(self, rels: list[str]) -> Iterator[tuple[bool, Any]]:
        files = self.reading.files
        for rel in rels:
            try:
                data = self.reading.register.source.read(rel)
            except (OutsideRegister, OSError):  # said when `_read` reads it in its turn
                self.read.append((rel, "", -1))
                yield False, None
                continue
            key = Cache.key(data) if files is not None else ""
            hit = files.get(key) if files is not None else None
            self.read.append((rel, key, len(data)))
            yield (False, hit) if hit is not None else (True, data)

    def take(self, rel: str) -> tuple[Any, list[yaml_read.Problem]] | None:
        """The data and problems of `rel`, the next file; None when it could not be read ahead."""
        done = next(self.results)
        read, key, size = self.read.popleft()
        assert read == rel, (read, rel)  # `_read` takes the files in the order they were listed
        if size < 0:
            return None
        if self.reading.on_bytes is not None:
            self.reading.on_bytes(size)
        if len(done) == 2:  # from the parse cache
            value, problems = done
            return value, problems
        return _parsed(self.reading, key, done)


def _report(register: Register, rel: str, problems: list[yaml_read.Problem]) -> None:
    for p in problems:
        _problem(register, rel, p.rule, i18n.Msg(p.message, p.params), p.line, p.column)


def _load_config(reading: _Reading, lang: str | None) -> None:
    register = reading.register
    first = len(register.problems)
    data, problems = _read(reading, CONFIG)
    if isinstance(data, dict) and lang is None and data.get("language") in i18n.LANGS:
        register.lang = data["language"]  # before any message about pdca.yaml is said
    _report(register, CONFIG, problems)
    if not isinstance(data, dict):
        if not any(p.severity is Severity.ERROR for p in register.problems):
            _problem(register, CONFIG, "schema", i18n.Msg("file.not_mapping", {"key": "schema"}), 1, 1)
            _mistakes_behind(register, CONFIG, first)
        _problem(register, CONFIG, "yaml-syntax", i18n.Msg("register.bad_config"))
        register.fatal = True
        return
    register.config = _validate_config(register, data)
    _mistakes_behind(register, CONFIG, first)


def _validate_config(register: Register, data: dict[str, Any]) -> Config | None:
    """Config, after reporting its errors; invalid optional parts are left out so the rest can be used."""
    reported = False
    for _attempt in range(4):
        try:
            return Config.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors()
        if not reported:
            _schema_problems(register, CONFIG, (), errors, Config)
            reported = True
        remaining = _without_bad_parts(data, errors, register)
        if remaining is None:
            break
        data = remaining
    _problem(register, CONFIG, "schema", i18n.Msg("register.config_invalid"))
    return None


_SECTION_KINDS = {"departments": "department", "areas": "area", "posts": "post", "waivers": "waiver"}


def _without_bad_parts(data: dict[str, Any], errors: list[Any], register: Register) -> dict[str, Any] | None:
    data = dict(data)
    for error in errors:
        loc = error["loc"]
        if not loc:
            return None
        section = loc[0]
        if section in _LIST_SECTIONS and len(loc) > 1 and isinstance(data.get(section), list):
            items = list(data[section])
            if isinstance(loc[1], int) and loc[1] < len(items) and items[loc[1]] is not None:
                if section != "waivers":  # a waiver has no id: nothing refers to it
                    _note_id(register, CONFIG, _SECTION_KINDS[section], items[loc[1]])
                items[loc[1]] = None
            data[section] = items
        elif section in ("schema", "organization", "cycle") and error["type"] != "extra_forbidden":
            return None
        else:
            if section in _SECTION_KINDS and section != "waivers":  # the whole section is left out: none of its ids is known
                _unreadable(register, CONFIG, _SECTION_KINDS[section])
            data.pop(section, None)
    for section in _LIST_SECTIONS:
        if isinstance(data.get(section), list):
            data[section] = [item for item in data[section] if item is not None]
    return data


def _schema_problems(register: Register, rel: str, base: tuple[str | int, ...], errors: list[Any],
                     model: type[BaseModel], target: str | None = None) -> None:
    for error in errors:
        loc = tuple(error["loc"])
        register.problems.append(
            Diagnostic(
                rel, None, None, schema_errors.rule_of(error), Severity.ERROR,
                schema_errors.message_of(error, model), register=register.name,
                path=base + loc, target=target,
            )
        )


def _load_items(reading: _Reading, rel: str, key: str, model: type[Located]) -> None:
    register = reading.register
    first = len(register.problems)
    data, problems = _read(reading, rel)
    _report(register, rel, problems)
    if data is None:
        if not any(p.file == rel for p in register.problems):
            register.problems.append(
                Diagnostic(rel, 1, 1, "empty-file", Severity.WARNING, i18n.Msg("file.empty", {"key": key}),
                           register=register.name)
            )
        else:
            _unreadable(register, rel, *_KINDS[key])
        return
    _load_entries(register, rel, key, model, data)
    _mistakes_behind(register, rel, first)


def _load_entries(register: Register, rel: str, key: str, model: type[Located], data: Any) -> None:
    """The entries of one file's data into the register; what could not be read is noted as such."""
    if not isinstance(data, dict):
        _problem(register, rel, "schema", i18n.Msg("file.not_mapping", {"key": key}), 1, 1)
        _unreadable(register, rel, *_KINDS[key])
        return
    for extra in data:
        if extra != key:
            hint = i18n.suggest([key], str(extra))
            _problem(register, rel, "schema", i18n.Msg("schema.extra", {"field": extra, "hint": hint}),
                     path=(extra,))
            _unreadable(register, rel, *_KINDS[key])  # a misspelt key may hold entries
    if key not in data:
        _problem(register, rel, "schema", i18n.Msg("file.missing_key", {"key": key}), 1, 1)
        return
    items = data[key]
    if items is None:
        return
    if not isinstance(items, list):
        _problem(register, rel, "schema", i18n.Msg("file.not_list", {"key": key}), path=(key,))
        _unreadable(register, rel, *_KINDS[key])
        return
    target = getattr(register, key)
    for index, item in enumerate(items):
        base = (key, index)
        if not isinstance(item, dict):
            _problem(register, rel, "schema", i18n.Msg("file.item_not_mapping"), path=base)
            _unreadable(register, rel, *_KINDS[key])
            continue
        try:
            entity = model.model_validate(item)
        except ValidationError as exc:
            raw_id = item.get("id")
            entry_id = (getattr(raw_id, "source", None) or str(raw_id)) if isinstance(raw_id, (str, int)) else None
            _schema_problems(register, rel, base, exc.errors(), model, entry_id)
            _remember_invalid(register, rel, key, item)
            continue
        _stamp(register, entity, rel, base)
        target.append(entity)


#: the problems a full-width sign in YAML syntax can be behind: content of the wrong shape
_SHAPE_RULES = ("schema", "invalid-date")


def _mistakes_behind(register: Register, rel: str, first: int) -> None:
    """A file that was read, but whose content has the wrong shape (`tags: ［a, b］` is text, not a
    list; `－ id: X` is a key, not a list item): a full-width sign in YAML syntax behind it is said
    instead, where it is.  Only files with such problems are read again for this."""
    own = [d for d in register.problems[first:] if d.file == rel and d.rule in _SHAPE_RULES
           and (d.path or d.message.id == "file.not_mapping")]
    if not own:
        return
    try:
        text, _ = yaml_read.decode(register.source.read(rel))
    except (OSError, OutsideRegister):
        return
    if text is None:
        return
    found, explained = yaml_read.mistakes_behind(text, [d.path for d in own])
    said_otherwise = {id(own[number]) for number in explained}
    register.problems[first:] = [d for d in register.problems[first:] if id(d) not in said_otherwise]
    _report(register, rel, found)


_CHILDREN = {"risks": ("risk", "measures", "measure"), "checks": ("check", "findings", "finding"),
             "activities": ("activity", None, None), "people": ("person", None, None),
             "dossier": ("dossier", None, None), "pledges": ("pledge", None, None),
             "decisions": ("decision", None, None), "assessments": ("assessment", None, None)}
#: what the files of each folder define
_KINDS = {"risks": ("risk", "measure"), "checks": ("check", "finding"), "activities": ("activity",),
          "pledges": ("pledge",), "decisions": ("decision",), "assessments": ("assessment",),
          "people": ("person",), "dossier": ("dossier",)}


def _unreadable(register: Register, rel: str, *kinds: str) -> None:
    for kind in kinds:
        register.unreadable.setdefault(kind, set()).add(rel)


def _remember_invalid(register: Register, rel: str, key: str, item: dict[str, Any]) -> None:
    """Note the ids of an entry that failed validation, and of its children; an entry whose id cannot
    be read leaves its file among those that could not be read."""
    kind, children, child_kind = _CHILDREN[key]
    _note_id(register, rel, kind, item)
    if children and child_kind:
        if isinstance(item.get(children), list):
            for child in item[children]:
                _note_id(register, rel, child_kind, child)
        elif item.get(children) is not None:
            _unreadable(register, rel, child_kind)


def _note_id(register: Register, rel: str, kind: str, item: Any) -> None:
    if isinstance(item, dict) and isinstance(item.get("id"), (str, int)) and not isinstance(item["id"], bool):
        value = item["id"]
        register.invalid_ids.setdefault(kind, set()).add(getattr(value, "source", None) or str(value))
    else:
        _unreadable(register, rel, kind)


def _stamp(register: Register, entity: Located, rel: str, base: tuple[str | int, ...]) -> None:
    """Remember where each entity and its children were read, for diagnostics."""
    locations = register.locations
    locations[id(entity)] = Where(rel, base)
    for children in ("measures", "findings"):
        for index, child in enumerate(getattr(entity, children, ())):
            locations[id(child)] = Where(rel, (*base, children, index))
