"""Every edit is checked before it is written: a change that would give the register an error `pdca check`
does not report today is refused, and nothing is written.

The register is read again as it would be after the edit (the edited files over the folder, nothing
written yet) and both states are checked as of today; an error is new when the state before has no
problem of the same identity (the ratchet of `pdca check --diff`).  Errors the register already had do
not stop an edit (it may be the one that fixes them).  `--force` writes anyway, for the rare case where
the new error is meant (and says which errors it let through).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pdca import i18n
from pdca.engine.lint import check as lint
from pdca.engine.lint import locate
from pdca.errors import EXIT_FINDINGS, PdcaError
from pdca.io.sources import FolderSource
from pdca.io.transaction import Transaction
from pdca.io.yaml_edit import Document, save_all
from pdca.load import loader
from pdca.model.diagnostic import Diagnostic, Severity
from pdca.model.register import Register

#: how many of the new errors a refusal lists
SHOWN = 10


class Edited:
    """The register's files as they will be after an edit: the edited bytes over the folder."""

    def __init__(self, root: Path, changed: dict[str, bytes]) -> None:
        self.folder = FolderSource(root)
        self.changed = changed

    def files(self, folder: str) -> list[str]:
        added = {rel for rel in self.changed if rel.rpartition("/")[0] == folder}
        return sorted(set(self.folder.files(folder)) | added)

    def read(self, rel: str) -> bytes:
        return self.changed[rel] if rel in self.changed else self.folder.read(rel)


def changed_files(register: Register, documents: list[Document], new_files: dict[Path, bytes]) -> dict[str, bytes]:
    """What an edit writes, by path relative to the register root."""
    base = register.root.resolve()
    written = {d.path: d.data() for d in documents if d.changed} | new_files
    return {Path(path).resolve().relative_to(base).as_posix(): data for path, data in written.items()}


def new_errors(register: Register, changed: dict[str, bytes], day: dt.date | None = None) -> list[Diagnostic]:
    """The errors the register would have after the edit and does not have now."""
    day = day or dt.date.today()
    after = loader.load(register.root, register.lang, source=Edited(register.root, changed))
    after.name = register.name
    # identities need no lines: only the new errors, which are shown, are located
    result = lint([after], day, locate=False)
    result.ratchet(lint([register], day, locate=False))
    introduced = [d for d in result.diagnostics if d.new and d.severity is Severity.ERROR and d.waiver is None]
    locate(after, introduced)
    return sorted(introduced, key=Diagnostic.sort_key)


def commit(register: Register, documents: list[Document], new_files: dict[Path, bytes] | None = None,
           force: bool = False, lang: str | None = None) -> list[Path]:
    """Write an edit (every file or none), unless it gives the register a new error; `force` writes it
    anyway.  The files written, as `save_all` returns them."""
    new_files = new_files or {}
    language = lang or register.lang
    changed = changed_files(register, documents, new_files)
    if changed:
        introduced = new_errors(register, changed)
        if introduced and not force:
            raise refusal(introduced, language)
    return save_all(documents, new_files, root=register.root)


def commit_files(register: Register, files: dict[Path, tuple[bytes | None, bytes]], force: bool = False,
                 lang: str | None = None) -> list[Path]:
    """Write whole files (path -> (what was read, None for a new file; what to write)), every one or
    none, unless the change gives the register a new error; for files pdca writes whole (dossier/)."""
    language = lang or register.lang
    base = register.root.resolve()
    changed = {_inside(base, Path(path), register, language): data for path, (_, data) in files.items()}
    if changed:
        introduced = new_errors(register, changed)
        if introduced and not force:
            raise refusal(introduced, language)
    change = Transaction(register.root, language)
    for path, (original, data) in files.items():
        change.write(path, original, data)
    return change.commit()


def _inside(base: Path, path: Path, register: Register, lang: str) -> str:
    """A file's path relative to the register, its folder's links followed; refused (as the transaction
    would refuse it) when that folder lies outside the register, a dossier/ linked elsewhere."""
    folder = path.parent.resolve()
    if not folder.is_relative_to(base):
        raise PdcaError(i18n.text("edit.outside", lang, path=path, register=register.root))
    return (folder / path.name).relative_to(base).as_posix()


def refusal(introduced: list[Diagnostic], lang: str) -> PdcaError:
    """The refusal of an edit: the new errors, each at its place, and how to write it anyway."""
    details = [f"{_place(d)}: {d.text(lang)} [{d.rule}]" for d in introduced[:SHOWN]]
    if len(introduced) > SHOWN:
        details.append(i18n.text("edit.new_errors_more", lang, count=len(introduced) - SHOWN))
    details.append(i18n.text("edit.new_errors_force", lang))
    return PdcaError(i18n.text("edit.new_errors", lang, count=len(introduced)), EXIT_FINDINGS, tuple(details))


def _place(diagnostic: Diagnostic) -> str:
    return ":".join(str(part) for part in (diagnostic.file, diagnostic.line, diagnostic.column) if part)
