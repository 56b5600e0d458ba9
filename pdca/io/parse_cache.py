"""Parsed files, kept in the user's cache folder (pdca.io.cache) and keyed by the SHA-256 of their bytes.

Apart from the whole-run cache so that a run answered from that cache does not import the YAML reader.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from pdca import __version__, i18n
from pdca.io import yaml_mistakes, yaml_read
from pdca.io.cache import read_entry, usable_for, write_entry

_NUMBER = "\u0000n"  # marks a number whose text says more than its value (007, 2024.10)
_SCALARS = (str, int, float, bool, type(None))
_LEAVES = frozenset(_SCALARS)


@functools.cache
def _reader_stamp() -> str:
    """pdca's version and the code that turns bytes into data: another reader's entries are not reused."""
    digest = hashlib.sha256(f"2-{__version__}".encode())
    for module in (yaml_read.__file__, yaml_mistakes.__file__, __file__):
        try:
            digest.update(Path(module).read_bytes())
        except OSError:
            pass
    return digest.hexdigest()[:24]


class Cache:
    """Parsed files, keyed by the SHA-256 of their bytes."""

    def __init__(self, root: Path) -> None:
        usable = usable_for([root])
        self.folder = usable / "files" / _reader_stamp() if usable is not None else None

    @staticmethod
    def key(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def get(self, key: str) -> tuple[Any, list[yaml_read.Problem]] | None:
        """A file's data and problems as `put` stored them, or None for anything else."""
        if self.folder is None:
            return None
        entry = read_entry(self.folder / key[:2] / f"{key}.json")
        if entry is None or entry.keys() != {"format", "key", "encoded", "data", "problems"}:
            return None
        if entry["format"] != _reader_stamp() or entry["key"] != key or not isinstance(entry["encoded"], bool):
            return None
        try:
            problems = [_problem(p) for p in _list(entry["problems"])]
            data = _decode(entry["data"], 0) if entry["encoded"] else _plain(entry["data"])
        except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError):
            return None
        return data, problems

    def put(self, key: str, data: Any, problems: list[yaml_read.Problem], plain_json: bool) -> None:
        """Store a file's data: as it is when it is plain JSON (the usual case, encoded in C), else
        encoded so that keys and numbers' text come back as they were."""
        if self.folder is None:
            return
        stored = data if plain_json else _encode(data)
        write_entry(self.folder / key[:2] / f"{key}.json", {
            "format": _reader_stamp(), "key": key, "encoded": not plain_json, "data": stored, "problems": [
                {"rule": p.rule, "message": p.message, "params": p.params, "line": p.line, "column": p.column}
                for p in problems]})


def _list(value: Any) -> list[Any]:
    if value.__class__ is not list:
        raise TypeError(value)
    return value


def _problem(stored: Any) -> yaml_read.Problem:
    """A stored problem, only if it is one the reader can report: a known message, said in every
    language, with plain parameters and 1-based positions."""
    if stored.__class__ is not dict or stored.keys() != {"rule", "message", "params", "line", "column"}:
        raise ValueError(stored)
    rule, message, params, line, column = (stored[k] for k in ("rule", "message", "params", "line", "column"))
    if rule.__class__ is not str or message.__class__ is not str or params.__class__ is not dict:
        raise ValueError(stored)
    if not all(value.__class__ in _SCALARS for value in params.values()):
        raise ValueError(stored)
    if not all(p is None or (p.__class__ is int and p >= 1) for p in (line, column)):
        raise ValueError(stored)
    for lang in i18n.LANGS:
        i18n.text(message, lang, **params)  # KeyError, ValueError, IndexError: not a message of ours
    return yaml_read.Problem(rule, message, params, line, column)


def _plain(data: Any) -> Any:
    """Plain JSON data, if no deeper than the reader ever builds.  Level by level, and a container of
    scalars only (most of a register: a measure, a list of tags) is passed over at C speed."""
    level = [data] if data.__class__ is dict or data.__class__ is list else []
    for _ in range(yaml_read.MAX_DEPTH + 1):
        inner: list[Any] = []
        for value in level:
            items = value.values() if value.__class__ is dict else value
            if not _LEAVES.issuperset(map(type, items)):
                inner += [v for v in items if v.__class__ is dict or v.__class__ is list]
        level = inner
        if not level:
            return data
    raise ValueError("too deep")


def _encode(value: Any) -> Any:
    if isinstance(value, (yaml_read.YamlInt, yaml_read.YamlFloat)):
        return {_NUMBER: value.source}
    if isinstance(value, dict):
        return [[_encode(k), _encode(v)] for k, v in value.items()]  # keys need not be text
    if isinstance(value, list):
        return {"l": [_encode(v) for v in value]}
    return value


def _decode(value: Any, depth: int) -> Any:
    """What `_encode` wrote, rebuilt; ValueError for anything it could not have written."""
    if value.__class__ in _SCALARS:
        return value
    if value.__class__ is dict and value.keys() == {_NUMBER}:
        return _number(value[_NUMBER])
    if depth > yaml_read.MAX_DEPTH:
        raise ValueError("too deep")
    if value.__class__ is dict and value.keys() == {"l"}:
        return [_decode(v, depth + 1) for v in _list(value["l"])]
    if value.__class__ is not list or not all(p.__class__ is list and len(p) == 2 for p in value):
        raise ValueError(value)
    return {_key(k): _decode(v, depth + 1) for k, v in value}


def _key(value: Any) -> Any:
    if value.__class__ in _SCALARS:
        return value
    if value.__class__ is dict and value.keys() == {_NUMBER}:
        return _number(value[_NUMBER])
    raise ValueError(value)


def _number(text: Any) -> Any:
    number = yaml_read.read_scalar(text) if text.__class__ is str else None
    if not isinstance(number, (yaml_read.YamlInt, yaml_read.YamlFloat)):
        raise ValueError(text)
    return number
