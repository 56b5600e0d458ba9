"""Where a register's files come from: a folder on disk, or (pdca.io.git) a git revision.

The loader and the linter read through a source, so a register at any commit is checked exactly like
the working tree, without a checkout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

YAML_SUFFIXES = (".yaml", ".yml")


class Source(Protocol):
    def files(self, folder: str) -> list[str]:
        """The YAML files directly in `folder` ("risks"), as paths relative to the register root."""
        ...

    def read(self, rel: str) -> bytes:
        """A file's bytes; OSError when it cannot be read."""
        ...


class FolderSource:
    def __init__(self, root: Path) -> None:
        self.root = root

    def files(self, folder: str) -> list[str]:
        base = self.root / folder
        if not base.is_dir():
            return []
        return sorted(f"{folder}/{p.name}" for p in base.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())

    def read(self, rel: str) -> bytes:
        path = self.root / rel
        if path.is_symlink() and not path.resolve().is_relative_to(self.root.resolve()):
            raise OutsideRegister(rel)  # git does not follow links either: the register is what is in it
        return path.read_bytes()


class OutsideRegister(OSError):
    """A file of the register that is a link to somewhere outside it."""
