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
    message: i18n.Msg  # what to say: a message id and its parameters, put into words when printed
    target: str | None = None
    #: at most this severity, whatever the rule's: a note about what could not be checked is no error
    at_most: Severity | None = None


@dataclass
class RuleContext:
    register: Register
    as_of: dt.date
    lang: str
    params: dict[str, Any]
    #: the register before the change under review (`check --diff BASE`), for the rules that judge a change
    base: Register | None = None

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
        return Hit(where.file, where.path + subpath, i18n.Msg(message, params), target)

    def field(self, name: str) -> i18n.Field:
        return i18n.Field(name)

    def kind(self, name: str) -> i18n.Msg:
        return i18n.Msg(f"kind.{name}")

    def label(self, table: str, key: Any) -> i18n.Label:
        return i18n.Label(table, key)

    def say(self, message: str, **params: Any) -> i18n.Msg:
        """Words for a parameter, said in the language the diagnostic is shown in."""
        return i18n.Msg(message, params)

    def listing(self, items: Any) -> i18n.Listing:
        return i18n.Listing(tuple(items))


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
