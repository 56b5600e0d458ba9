"""Which entry a person means when they name one on the command line.

Every command resolves what it is given here: the selectors --department, --area and --post (by id or
by the name pdca.yaml gives), and ids of risks, measures, checks and findings.  A value is taken as
written, else as a name, else in another case or width (cg-005, ＣＧ－００５) when that names one entry
only.  A value that names nothing is refused with the closest entry (and, for a selector, the choices),
so no command runs on a typo and reports an empty result as "nothing to do".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pdca import i18n
from pdca.errors import EXIT_USAGE, PdcaError
from pdca.model.register import Register

#: kind -> the index table of the entries a person may name
_TABLES = {"department": "departments", "area": "areas", "post": "posts", "risk": "risks", "check": "checks",
           "finding": "findings", "measure": "measures"}
#: kinds that pdca.yaml lists with a name, which may stand for the id; their choices are listed when
#: a value names none of them (risks and findings are too many to list)
NAMED = ("department", "area", "post")
#: how many choices a refusal lists
_SHOWN = 30


class Unknown(PdcaError):
    """A value that names no entry (exit 2)."""


def one(register: Register, kind: str, value: str, lang: str, option: str | None = None) -> str:
    """The id of the entry of `kind` that `value` names in a register (`option` is how it was given,
    for the message)."""
    return resolve(kind, choices(register, kind), value, lang, option)


def entry(register: Register, kind: str, value: str, lang: str, option: str | None = None) -> Any:
    """The entry of `kind` that `value` names in a register."""
    return getattr(register.index, _TABLES[kind])[one(register, kind, value, lang, option)]


def many(register: Register, kind: str, values: Iterable[str], lang: str) -> list[str]:
    """The ids several values name, each once, in the order given; every value that names nothing is
    refused at once (the first as the message, the others below it)."""
    found: list[str] = []
    refused: list[str] = []
    for value in values:
        try:
            found.append(one(register, kind, value, lang))
        except Unknown as exc:
            refused.append(exc.message)
    if refused:
        raise Unknown(refused[0], EXIT_USAGE, tuple(refused[1:]))
    return list(dict.fromkeys(found))


def among(registers: Sequence[Register], kind: str, value: str, lang: str, option: str | None = None) -> frozenset[str]:
    """The ids `value` names in several registers (a name may stand for a different id in each); refused
    when it names nothing in any of them, with the choices of them all."""
    found: set[str] = set()
    for register in registers:
        try:
            found.add(one(register, kind, value, lang, option))
        except Unknown:
            continue
    if found:
        return frozenset(found)
    merged: dict[str, str | None] = {}
    for register in registers:
        for key, name in choices(register, kind).items():
            merged.setdefault(key, name)
    raise _unknown(kind, merged, value, lang, option)


def first(registers: Iterable[Register], kind: str, value: str, lang: str | None,
          option: str | None = None) -> tuple[Register, str]:
    """The first register with an entry `value` names, and its id: an exact id in any register before a
    name or another case in any (registers are read one by one, until one has the id).  `lang` None:
    the first register's language."""
    seen: list[Register] = []
    for register in registers:
        if register.config is None:
            continue
        if value in getattr(register.index, _TABLES[kind]):
            return register, value
        seen.append(register)
    language = lang or (seen[0].lang if seen else "zh")
    for register in seen:
        try:
            return register, one(register, kind, value, language, option)
        except Unknown:
            continue
    merged: dict[str, str | None] = {}
    for register in seen:
        for key, name in choices(register, kind).items():
            merged.setdefault(key, name)
    raise _unknown(kind, merged, value, language, option)


def choices(register: Register, kind: str) -> dict[str, str | None]:
    """id -> name (None for kinds that have no name) of the entries of a kind."""
    table = getattr(register.index, _TABLES[kind])
    if kind not in NAMED:
        return dict.fromkeys(table)
    return {key: entry.name for key, entry in table.items()}


def resolve(kind: str, table: Mapping[str, str | None], value: str, lang: str, option: str | None = None) -> str:
    """The id `value` names among `table` (id -> name): the id itself, a name, or either written in
    another case or width when that leaves one entry."""
    named = matches(table, value)
    if len(named) == 1:
        return named[0]
    if named:
        raise PdcaError(i18n.text("cli.ambiguous", lang, value=value, kind=i18n.kind_name(kind, lang),
                                  choices=_listing(named, table, lang)), EXIT_USAGE)
    raise _unknown(kind, table, value, lang, option)


def matches(table: Mapping[str, str | None], value: str) -> list[str]:
    """The ids `value` may name among `table` (id -> name), the closest reading first: the id itself, else
    the ids of that name, else those whose id or name it is in another case or width (none, one or more)."""
    return Table(table).matches(value)


class Table:
    """Entries (id -> name) to read many values against, each in constant time (an import's rows), as
    `matches` reads them; entries may be added as they are made."""

    def __init__(self, table: Mapping[str, str | None] | None = None) -> None:
        self.names: dict[str, str | None] = {}
        self._named: dict[str, list[str]] = {}
        self._typed: dict[str, list[str]] = {}
        for key, name in (table or {}).items():
            self.add(key, name)

    def add(self, key: str, name: str | None) -> None:
        self.names[key] = name
        if name is not None:
            self._named.setdefault(name, []).append(key)
        for written in {key, name} - {None}:
            found = self._typed.setdefault(_key(written), [])  # type: ignore[arg-type]
            if key not in found:
                found.append(key)

    def matches(self, value: str) -> list[str]:
        if value in self.names:
            return [value]
        return list(self._named.get(value) or self._typed.get(_key(value), []))


def _unknown(kind: str, table: Mapping[str, str | None], value: str, lang: str, option: str | None) -> Unknown:
    hint = i18n.render(closest(table, value), lang)
    if kind in NAMED:
        return Unknown(i18n.text("cli.unknown_choice", lang, option=option or f"--{kind}", value=value,
                                 kind=i18n.kind_name(kind, lang), hint=hint,
                                 choices=_listing(list(table), table, lang)), EXIT_USAGE)
    return Unknown(i18n.text("cli.unknown_id", lang, kind=i18n.kind_name(kind, lang), id=value, hint=hint),
                   EXIT_USAGE)


def closest(table: Mapping[str, str | None], value: str) -> i18n.Msg | str:
    """'(did you mean X?)' for the entry closest to `value`: one that differs only in leading zeros
    (CG-05 for CG-005) first, else the most similar id or name in any case; '' when none is close."""
    written = {key: key for key in table} | {name: name for name in table.values() if name}
    loose = _loose(value)
    padded = sorted(key for key in table if _loose(key) == loose)
    if padded:
        return i18n.Msg("schema.hint", {"suggestion": padded[0]})
    keys: dict[str, str] = {}
    for shown in sorted(written):
        keys.setdefault(_key(shown), shown)
    close = difflib.get_close_matches(_key(value), list(keys), n=1, cutoff=0.6)
    return i18n.Msg("schema.hint", {"suggestion": keys[close[0]]}) if close else ""


def _listing(keys: Sequence[str], table: Mapping[str, str | None], lang: str) -> str:
    shown = [i18n.text("sep.aside", lang, text=key, aside=table[key]) if table.get(key) else key
             for key in keys[:_SHOWN]]
    if len(keys) > _SHOWN:
        shown.append(i18n.text("cli.more", lang, count=len(keys) - _SHOWN))
    return i18n.join(shown, lang)


def _key(text: str) -> str:
    """A value as compared: full-width letters and digits as ASCII, any case, no surrounding space."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _loose(text: str) -> str:
    """A value as compared for a suggestion: also without leading zeros in numbers (CG-05, CG-005)."""
    return re.sub(r"\d+", lambda number: number.group().lstrip("0") or "0", _key(text))
