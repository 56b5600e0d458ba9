"""A cache of parsed files, keyed by their content: an unchanged file is not parsed again.

Entries live in `.pdca_cache/` beside pdca.yaml (which ignores itself in git).  They are JSON, not
pickle: a cache folder that arrives in a repository can hold data, never code.  Each entry is written
atomically and read defensively, so a corrupt or half-written entry, or two runs at once, cost a
re-parse and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from pdca import __version__
from pdca.io import yaml_read

FOLDER = ".pdca_cache"
_FORMAT = f"1-{__version__}"  # a new pdca reads YAML its own way: old entries are not reused
_NUMBER = "\u0000n"  # marks a number whose text says more than its value (007, 2024.10)


def _encode(value: Any) -> Any:
    if isinstance(value, (yaml_read.YamlInt, yaml_read.YamlFloat)):
        return {_NUMBER: value.source}
    if isinstance(value, dict):
        return [[_encode(k), _encode(v)] for k, v in value.items()]  # keys need not be text
    if isinstance(value, list):
        return {"l": [_encode(v) for v in value]}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return {_decode(k): _decode(v) for k, v in value}
    if isinstance(value, dict):
        if _NUMBER in value:
            text = value[_NUMBER]
            return yaml_read.read_scalar(text)
        return [_decode(v) for v in value["l"]]
    return value


class Cache:
    def __init__(self, root: Path) -> None:
        self.folder = root / FOLDER / _FORMAT

    @staticmethod
    def key(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def get(self, key: str) -> tuple[Any, list[yaml_read.Problem]] | None:
        try:
            entry = json.loads((self.folder / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
            problems = [yaml_read.Problem(p["rule"], p["message"], p["params"], p["line"], p["column"])
                        for p in entry["problems"]]
            return (_decode(entry["data"]) if entry["encoded"] else entry["data"]), problems
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, data: Any, problems: list[yaml_read.Problem], plain_json: bool) -> None:
        """Store a file's data: as it is when it is plain JSON (the usual case, encoded in C), else
        encoded so that keys and numbers' text come back as they were."""
        try:
            entry = {"encoded": not plain_json, "data": data if plain_json else _encode(data), "problems": [
                {"rule": p.rule, "message": p.message, "params": p.params, "line": p.line, "column": p.column}
                for p in problems]}
            self._store(self.folder / key[:2] / f"{key}.json", json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
        except (OSError, TypeError, ValueError):
            pass  # a cache that cannot be written is only slower

    def _store(self, target: Path, text: str) -> None:
        """Write one entry atomically (no fsync: a lost entry costs a re-parse)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        ignore = self.folder.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# pdca's cache of parsed files: safe to delete\n*\n", encoding="utf-8")
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, target)

    def load_result(self, key: str) -> Any:
        """The plain data of a whole `pdca check` run stored under `key` (check_key), or None."""
        try:
            return json.loads((self.folder / "results" / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def save_result(self, key: str, result: Any) -> None:
        try:
            self._store(self.folder / "results" / f"{key}.json", json.dumps(result, ensure_ascii=False))
        except (OSError, TypeError, ValueError):
            pass


def _code_stamp() -> str:
    """What pdca's own code looks like (file sizes and times): results of another pdca are not reused."""
    package = Path(__file__).parent.parent  # the whole pdca package
    parts = [f"{p.relative_to(package)}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sorted(package.rglob("*.py"))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def check_key(roots: list[Path], as_of: str, lang: str | None) -> str | None:
    """The key of a whole `pdca check` run: pdca's code, the date, the language, and every register file's
    content.  None when a file cannot be read (the run itself will say why)."""
    from pdca.io.sources import FolderSource

    digest = hashlib.sha256(f"{_FORMAT}\n{_code_stamp()}\n{as_of}\n{lang}\n".encode())
    try:
        for root in roots:
            source = FolderSource(root)
            digest.update(f"{root.resolve()}\n".encode())
            for rel in ["pdca.yaml", *(f for folder in ("risks", "checks", "activities") for f in source.files(folder))]:
                digest.update(f"{rel}\n".encode())
                digest.update(hashlib.sha256(source.read(rel)).digest())
    except OSError:
        return None
    return digest.hexdigest()
