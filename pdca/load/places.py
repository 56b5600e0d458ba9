"""Which registers a command works on, and what they and their files are called.

Finding registers (`discover`) follows register-format.md: the folders named, else the nearest
pdca.yaml at or above the working directory, else every registers/*/pdca.yaml below it.  Apart from the
loader so that a run answered from the cache (and the CLI before it knows what it will do) imports
neither the models nor PyYAML.
"""

from __future__ import annotations

import os
from pathlib import Path

from pdca import i18n
from pdca.errors import PdcaError
from pdca.io.sources import FolderSource, OutsideRegister, real
from pdca.model.layout import CONFIG, FOLDERS


def discover(paths: list[Path], lang: str = "zh", cwd: Path | None = None) -> list[Path]:
    """The register roots to work on, in a stable order, each named once.  A folder named that is not a
    register stands for every register in it and in its subfolders (`pdca check registers`)."""
    cwd = cwd or Path.cwd()
    roots: list[Path] = []
    if paths:
        for path in paths:
            if not path.exists():
                raise PdcaError(i18n.text("register.missing_path", lang, path=path))
            if (path / CONFIG).is_file():
                roots.append(path)
            elif path.is_dir() and (found := _registers_within(path, lang)):
                roots.extend(found)
            elif (root := _enclosing(path)) is not None:  # a file or folder inside a register
                roots.append(root)
            else:
                raise PdcaError(i18n.text("register.no_config", lang, path=path))
    else:
        root = _enclosing(cwd)
        if root is not None:
            return [root]
        roots = _registers_below(cwd, lang)
        if not roots:
            raise PdcaError(i18n.text("register.none_found", lang))
    unique: dict[Path, None] = {}
    for root in roots:
        unique.setdefault(root.resolve(), None)
    return list(unique)


def _registers_below(folder: Path, lang: str) -> list[Path]:
    """The registers/*/pdca.yaml below `folder` (where pdca looks when no register is named).  A
    register folder that is a link leading out of `folder` is refused: what arrives with a repository
    is checked, not what a link points to."""
    found = sorted(p.parent for p in folder.glob(f"registers/*/{CONFIG}"))
    for root in found:
        _inside(root, folder, lang)
    return found


def _registers_within(folder: Path, lang: str) -> list[Path]:
    """Every register in a folder that was named, at any depth, in the order of their paths.  A register
    is not searched for registers inside it; hidden folders (.git, .venv) are not searched; a folder that
    is a link is a register only when it leads to one inside `folder`, and is never searched (a link
    may lead anywhere, or round in a circle)."""
    found: list[Path] = []
    waiting = [folder]
    while waiting:
        here = waiting.pop()
        try:
            entries = list(os.scandir(here))
        except OSError:  # unreadable: nothing in it is read
            continue
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_dir():
                continue
            below = Path(entry.path)
            if (below / CONFIG).is_file():
                found.append(_inside(below, folder, lang))
            elif not entry.is_symlink():
                waiting.append(below)
    return sorted(found, key=lambda root: root.relative_to(folder).parts)


def _inside(root: Path, folder: Path, lang: str) -> Path:
    if not real(root).is_relative_to(real(folder)):
        raise PdcaError(i18n.text("register.outside", lang, path=root, folder=folder))
    return root


def _enclosing(path: Path) -> Path | None:
    """The nearest folder at or above `path` that holds a pdca.yaml."""
    start = path.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG).is_file():
            return folder
    return None


def repository_name(root: Path) -> str | None:
    """The register root relative to the git work tree it lives in ("registers/example"), for paths
    that CI annotations and code scanning resolve from the repository root; None outside git."""
    resolved = root.resolve()
    for folder in (resolved, *resolved.parents):
        if (folder / ".git").exists():
            return resolved.relative_to(folder).as_posix()
    return None


def register_files(source: FolderSource) -> list[str]:
    """pdca.yaml and every YAML file of the register's folders, in the order they are read (relative
    to the root); a folder that leads out of the register stands for itself, and reading it is refused."""
    found = [CONFIG]
    for folder in FOLDERS:
        try:
            found += source.files(folder)
        except OutsideRegister:
            found.append(folder)
    return found


def display_name(root: Path, cwd: Path | None = None) -> str:
    relative = os.path.relpath(root, cwd or Path.cwd())
    return relative.replace(os.sep, "/")
