"""What `pdca check` finds: one Diagnostic per problem, with a 1-based position in a register file."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum

from pdca.i18n import Msg, to_data

#: parameters that say where something else is (a file name): not what the problem is
_PLACES = {"other"}


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


@dataclass(slots=True)
class Diagnostic:
    file: str  # relative to the register root, '/' separated
    line: int | None
    column: int | None
    rule: str
    severity: Severity
    message: Msg  # what it says, put into words in the language it is shown in
    register: str = ""  # the register root as the user named it (for paths relative to the cwd)
    target: str | None = None  # the id of the risk, measure, check or finding concerned
    path: tuple[str | int, ...] = field(default=())  # key path inside the file, for locating
    waiver: dict[str, str] | None = None  # the waiver that accepts it: shown, not counted
    repository_root: str | None = None  # the register root relative to its git work tree
    new: bool | None = None  # with `check --diff BASE`: whether the change introduced it

    def text(self, lang: str) -> str:
        return self.message.render(lang)

    def identity(self) -> tuple[str, str, str, str, bool]:
        """What makes two diagnostics the same problem, wherever its line or file moved: the rule, the
        entity it is about (else its file), what it says (its message and parameters, leaving out those
        that say where something else is), and whether a waiver accepts it (a problem that loses its
        waiver is new)."""
        said = {k: v for k, v in self.message.params.items() if k not in _PLACES} if self.target else self.message.params
        what = json.dumps([self.message.id, {k: to_data(v) for k, v in said.items()}], ensure_ascii=False, sort_keys=True)
        return (self.register, self.rule, self.target or self.file, what, self.waiver is not None)

    @property
    def repository_path(self) -> str:
        """The file relative to the repository root, where CI annotations and code scanning look;
        relative to the working directory outside git."""
        if self.repository_root is None:
            return self.display_path
        return f"{self.repository_root}/{self.file}" if self.repository_root not in ("", ".") else self.file

    @property
    def display_path(self) -> str:
        """The file as seen from the working directory: what editors and CI annotations need."""
        if not self.register or self.register == ".":
            return self.file
        return f"{self.register.rstrip('/')}/{self.file}"

    def sort_key(self) -> tuple[str, str, bool, int, int, str, str]:
        return (self.register, self.file, self.line is None, self.line or 0, self.column or 0, self.rule,
                self.text("zh"))

    def as_json(self, lang: str) -> dict[str, object]:
        out: dict[str, object] = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.text(lang),
        }
        if self.waiver is not None:
            out["waived"] = self.waiver
        if self.new is not None:
            out["new"] = self.new
        return out
