"""What a rule sees (models and key paths, never files) and what it gives back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from pdca import i18n
from pdca.domain.closed_loop import State, state_of
from pdca.model.diagnostic import Severity
from pdca.model.entities import Located, Where
from pdca.model.register import Index, Register


@dataclass(slots=True)
class Hit:
    file: str
    path: tuple[str | int, ...]
    message: str
    target: str | None = None


@dataclass
class RuleContext:
    register: Register
    as_of: dt.date
    lang: str
    params: dict[str, Any]

    @property
    def index(self) -> Index:
        return self.register.index

    @property
    def state(self) -> State:
        """Overdue, repeats and escalation as of the as-of date."""
        return state_of(self.register, self.as_of)

    def hit(self, at: Located | Where, *subpath: str | int, message: str, target: str | None = None,
            **params: Any) -> Hit:
        """A problem at an entity (or a place in pdca.yaml) and, below it, `subpath`; `message` is a
        message id of pdca.i18n."""
        where = at if isinstance(at, Where) else self.register.where(at)
        return Hit(where.file, where.path + subpath, i18n.text(message, self.lang, **params), target)

    def field(self, name: str) -> str:
        return i18n.field_name(name, self.lang)

    def kind(self, name: str) -> str:
        return i18n.kind_name(name, self.lang)

    def label(self, table: dict[Any, tuple[str, str]], key: Any) -> str:
        return i18n.label(table, key, self.lang)


class Rule(Protocol):
    NAME: str
    CODE: str
    SEVERITY: Severity
    PARAMS: dict[str, Any]
    __doc__: str | None


def summary(rule: Any) -> str:
    """The first paragraph of a rule's documentation, on one line."""
    paragraph = (rule.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(line.strip() for line in paragraph.splitlines())
