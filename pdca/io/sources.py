"""Where a register's files come from: a folder on disk, or (pdca.io.git) a git revision.

The loader and the linter read through a source, so a register at any commit is checked exactly like
the working tree, without a checkout.  A folder source reads nothing outside its register: a file or a
folder that is a link leading out of it is refused (git does not follow links either: the register is
what is in it).
"""

from __future__ import annotations

import errno
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


class OutsideRegister(OSError):
    """A file or folder of the register that is a link to somewhere outside it."""


def real(path: Path) -> Path:
    """Where `path` really is, every link followed; a loop of links is an OSError like any other."""
    try:
        return path.resolve()
    except RuntimeError:  # Python 3.11 says "Symlink loop" this way
        raise OSError(errno.ELOOP, "Too many levels of symbolic links", str(path)) from None


def within(real_root: Path, path: Path) -> bool:
    """Whether `path`, every link followed, lies in the folder whose real path is `real_root`."""
    return real(path).is_relative_to(real_root)


class FolderSource:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._real_root: Path | None = None

    @property
    def real_root(self) -> Path:
        if self._real_root is None:
            self._real_root = real(self.root)
        return self._real_root

    def inside(self, rel: str) -> Path:
        """The path of `rel`, refused (OutsideRegister) when it leads out of the register."""
        path = self.root / rel
        if not within(self.real_root, path):
            raise OutsideRegister(errno.EACCES, "outside the register", rel)
        return path

    def files(self, folder: str) -> list[str]:
        base = self.root / folder
        if not base.is_dir():
            return []
        self.inside(folder)
        return sorted(f"{folder}/{p.name}" for p in base.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())

    def read(self, rel: str) -> bytes:
        return self.inside(rel).read_bytes()
