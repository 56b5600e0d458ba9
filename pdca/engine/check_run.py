"""The result of a `pdca check` run: what was checked, what was found, what it counts and exits with.

Apart from the linter (pdca.engine.lint) so that a run restored from the cache, and the reporters that
print it, do not import the rules, the models' validators and the YAML reader (the warm path's start-up).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pdca.model.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from pdca.model.register import Register


@dataclass
class CheckRun:
    registers: list[Register]
    diagnostics: list[Diagnostic]

    @property
    def files(self) -> int:
        return sum(len(r.files) for r in self.registers)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR and d.waiver is None)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING and d.waiver is None)

    @property
    def waived(self) -> int:
        return sum(1 for d in self.diagnostics if d.waiver is not None)

    @property
    def exit_code(self) -> int:
        if any(r.fatal for r in self.registers):
            return 2
        if self.ratcheted:
            return 1 if self.new_errors else 0
        return 1 if self.errors else 0

    ratcheted: bool = False

    @property
    def new_errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.new and d.severity is Severity.ERROR and d.waiver is None)

    def ratchet(self, base: CheckRun) -> None:
        """Mark what the change introduced: a problem the base already had is not new, even if its line
        moved; the run then fails only on new errors."""
        known = Counter(d.identity() for d in base.diagnostics)
        for diagnostic in self.diagnostics:
            key = diagnostic.identity()
            diagnostic.new = known[key] <= 0
            known[key] -= 1
        self.ratcheted = True
