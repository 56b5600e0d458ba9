"""Reading a register as it was at a git revision, straight from git objects (no checkout)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pdca import i18n
from pdca.errors import PdcaError
from pdca.io.sources import YAML_SUFFIXES


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise PdcaError(i18n.text("git.missing", "zh")) from None
    if done.returncode != 0:
        raise PdcaError(i18n.text("git.failed", "zh", command=" ".join(args[:3]),
                                      error=done.stderr.decode("utf-8", "replace").strip()))
    return done.stdout


def toplevel(path: Path, lang: str = "zh") -> Path:
    """The work tree that holds `path` (a register deleted from the work tree: its nearest existing folder)."""
    folder = path
    while not folder.is_dir() and folder.parent != folder:
        folder = folder.parent
    try:
        out = _git(folder, "rev-parse", "--show-toplevel")
    except PdcaError:
        raise PdcaError(i18n.text("git.not_a_repo", lang, path=path)) from None
    return Path(out.decode().strip())


def resolve(repo: Path, revision: str, lang: str = "zh") -> str:
    """The commit a revision names (a branch, a tag, HEAD~1, a hash)."""
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except PdcaError:
        raise PdcaError(i18n.text("git.no_revision", lang, revision=revision)) from None


def register_roots(repo: Path, commit: str, under: str) -> list[str]:
    """The register folders (`<under>/registers/<name>`, relative to the work tree) a commit holds."""
    folder = f"{under}/registers/" if under else "registers/"
    listing = _git(repo, "ls-tree", "-r", "-z", "--name-only", commit, "--", folder)
    found = []
    for name in listing.decode("utf-8", "surrogateescape").split("\0"):
        rest = name[len(folder):]
        if name.startswith(folder) and rest.count("/") == 1 and rest.endswith("/pdca.yaml"):
            found.append(name[: -len("/pdca.yaml")])
    return sorted(found)


class GitSource:
    """A register folder at a commit.  Every YAML blob under it is read in one `git cat-file --batch`."""

    def __init__(self, repo: Path, commit: str, prefix: str) -> None:
        self.repo = repo
        self.commit = commit
        self.prefix = prefix.strip("/")
        self.blobs: dict[str, str] = {}  # path relative to the register -> blob id
        listing = _git(repo, "ls-tree", "-r", "-z", commit, "--", self.prefix + "/" if self.prefix else ".")
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode, kind, blob = meta.decode().split()
            path = name.decode("utf-8", "surrogateescape")
            rel = path[len(self.prefix) + 1 :] if self.prefix else path
            if kind == "blob" and mode != "120000":  # symlinks are not followed out of the tree
                self.blobs[rel] = blob
        self._data = self._fetch(sorted(rel for rel in self.blobs if rel.endswith(YAML_SUFFIXES)))

    def _fetch(self, names: list[str]) -> dict[str, bytes]:
        if not names:
            return {}
        out = _git(self.repo, "cat-file", "--batch", data="".join(f"{self.blobs[n]}\n" for n in names).encode())
        data: dict[str, bytes] = {}
        position = 0
        for name in names:
            header_end = out.index(b"\n", position)
            size = int(out[position:header_end].split()[2])
            data[name] = out[header_end + 1 : header_end + 1 + size]
            position = header_end + 1 + size + 1
        return data

    def exists(self) -> bool:
        return "pdca.yaml" in self.blobs

    def files(self, folder: str) -> list[str]:
        return sorted(rel for rel in self._data if rel.startswith(folder + "/") and rel.count("/") == 1)

    def read(self, rel: str) -> bytes:
        if rel not in self._data:
            raise FileNotFoundError(rel)
        return self._data[rel]
