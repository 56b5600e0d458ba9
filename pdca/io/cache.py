"""Caches kept per user, never in a work tree: parsed files (keyed by their content) and whole runs.

Entries live in the user's cache folder (platformdirs, as the edit lock does; `PDCA_CACHE_DIR` names
another).  Nothing that arrives with a repository is read: a `.pdca_cache/` folder in a work tree (left
by an older pdca, or committed in a pull request to make changed files read as old ones) is ignored,
and a cache folder that lies inside the register's own repository is not used at all.

Entries are JSON, not pickle, written atomically, and checked when read: one that this pdca could not
have written (damaged, truncated, from another version, made by hand) costs a re-parse and is written
again; it never changes a result.  This module keeps whole runs; parsed files are pdca.io.parse_cache's.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path

ENV = "PDCA_CACHE_DIR"


def home() -> Path:
    """The folder of pdca's caches: `PDCA_CACHE_DIR`, else the user's cache folder."""
    chosen = os.environ.get(ENV)
    return Path(chosen) if chosen else user_cache_path("pdca", appauthor=False)


def usable_for(roots: list[Path]) -> Path | None:
    """The cache folder, or None when it lies inside the repository (or folder) of one of `roots`:
    entries there could have arrived with the repository."""
    folder = home().resolve()
    for root in roots:
        if folder.is_relative_to(_work_tree(root.resolve())):
            return None
    return folder


def _work_tree(root: Path) -> Path:
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return root


def write_entry(target: Path, entry: dict[str, Any]) -> None:
    """Write one entry atomically (no fsync: a lost entry costs a re-parse)."""
    try:
        text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, target)
    except (OSError, TypeError, ValueError, RecursionError):
        pass  # a cache that cannot be written is only slower


def read_entry(target: Path) -> dict[str, Any] | None:
    """The JSON object stored at `target`, or None (missing, unreadable, truncated, too deep)."""
    try:
        entry = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return entry if isinstance(entry, dict) else None


def load_run(roots: list[Path], slot: str, key: str) -> Any:
    """The plain data of a whole run stored in `slot` under `key`, or None (see save_run)."""
    folder = usable_for(roots)
    entry = read_entry(folder / "runs" / f"{slot}.json") if folder is not None else None
    if entry is None or entry.keys() != {"key", "result"} or entry["key"] != key:
        return None
    return entry["result"]


def save_run(roots: list[Path], slot: str, key: str, result: Any) -> None:
    """Keep one run per slot (the same registers, seen from the same place): a later run with another
    key replaces it, so the cache does not grow with every edit."""
    folder = usable_for(roots)
    if folder is not None:
        write_entry(folder / "runs" / f"{slot}.json", {"key": key, "result": result})
