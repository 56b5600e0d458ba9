"""pdca's words: one catalogue per language, kept as data in pdca/catalogue/<lang>.toml, and the words
of --help, usage errors and `pdca rules` in pdca/catalogue/help.<lang>.toml, read only when one is said.

Code names what it means to say, a message id and its parameters, and the words are looked up only
when something is printed.  A parameter may itself be something to say (`Msg`, `Label`, `Field`,
`Listing`): it is put in the same language as the message around it.  So a diagnostic can be made
once and shown in Chinese and in English, and a cached run can be stored as ids and parameters.
"""

from __future__ import annotations

import difflib
import errno
import importlib.resources
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

LANGS = ("zh", "en")

#: tables kept in a file of their own, help.<lang>.toml, read only when one of their words is said:
#: --help, usage errors and `pdca rules` are a third of the words, and `pdca check` says none of them
HELP_TABLES = ("help", "usage", "rule_doc")


def catalogue(lang: str) -> dict[str, str]:
    """The entries of a language's catalogue, by id ("rule.finding_overdue", "label.stage.P"); Chinese
    for a language pdca does not speak.  Without the help tables: see `every_word`."""
    return _load(_known(lang))


def help_catalogue(lang: str) -> dict[str, str]:
    """The entries of the help tables ("help.check", "usage.prefix", "rule_doc.encoding")."""
    return _load(f"help.{_known(lang)}")


def every_word(lang: str) -> dict[str, str]:
    """Every entry of a language, the help tables included."""
    return {**catalogue(lang), **help_catalogue(lang)}


def _known(lang: str) -> str:
    return "en" if lang == "en" else "zh"


def _words_of(message_id: str, lang: str) -> dict[str, str]:
    """The catalogue that holds `message_id`."""
    return help_catalogue(lang) if message_id.partition(".")[0] in HELP_TABLES else catalogue(lang)


@cache
def _load(name: str) -> dict[str, str]:
    data = tomllib.loads(importlib.resources.files("pdca.catalogue").joinpath(f"{name}.toml").read_text("utf-8"))
    flat: dict[str, str] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else key, inner)
        else:
            flat[prefix] = value

    walk("", data)
    return flat


def text(message_id: str, lang: str = "zh", **params: Any) -> str:
    """A message in a language, its parameters filled in (those that are words themselves, in the
    same language)."""
    template = _words_of(message_id, lang)[message_id]
    return template.format(**{key: render(value, lang) for key, value in params.items()}) if params else \
        template.format()


def render(value: Any, lang: str) -> Any:
    """A parameter as it is printed: words in the language, anything else as it is."""
    return value.render(lang) if isinstance(value, Said) else value


class Said:
    """Something to say, put into words only when printed."""

    def render(self, lang: str) -> str:
        raise NotImplementedError

    def to_data(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class Msg(Said):
    """A message by id, with its parameters."""

    id: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return text(self.id, lang, **self.params)

    def to_data(self) -> dict[str, Any]:
        return {"msg": self.id, "params": {k: to_data(v) for k, v in self.params.items()}}


@dataclass(frozen=True)
class Label(Said):
    """The name of a value in a table of names (stage P, level 1, source 审计): the value itself when
    the table has no name for it (a register may hold values pdca does not know)."""

    table: str
    key: Any

    def render(self, lang: str) -> str:
        return label(self.table, self.key, lang)

    def to_data(self) -> dict[str, Any]:
        return {"label": self.table, "key": self.key}


@dataclass(frozen=True)
class Field(Said):
    """A YAML key as users see it: the key, with its Chinese name beside it in Chinese."""

    name: str | int

    def render(self, lang: str) -> str:
        return field_name(self.name, lang)

    def to_data(self) -> dict[str, Any]:
        return {"field": self.name}


@dataclass(frozen=True)
class Listing(Said):
    """Several things, joined the way the language lists them (、 or ,)."""

    items: tuple[Any, ...]

    def render(self, lang: str) -> str:
        return join((render(item, lang) for item in self.items), lang)

    def to_data(self) -> dict[str, Any]:
        return {"list": [to_data(item) for item in self.items]}


@dataclass(frozen=True)
class Choices(Said):
    """The allowed values of a field as pydantic lists them ('a', 'b' or 'c'), joined in the language."""

    text: str

    def render(self, lang: str) -> str:
        return self.text.replace(" or ", text("schema.or", lang)).replace(", ", text("sep.list", lang))

    def to_data(self) -> dict[str, Any]:
        return {"choices": self.text}


def to_data(value: Any) -> Any:
    """A parameter as plain JSON data (for the run cache)."""
    if isinstance(value, Said):
        return value.to_data()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)  # dates and the like are printed as text anyway


#: how deep `to_data` nests (a message naming a field in a hint in a list): more is not pdca's
_NESTING = 8


def from_data(value: Any, depth: int = 0) -> Any:
    """The parameter `to_data` stored; ValueError for anything pdca did not write."""
    if depth > _NESTING:
        raise ValueError("too deep")
    if isinstance(value, dict):
        if set(value) == {"msg", "params"} and isinstance(value["msg"], str) and isinstance(value["params"], dict):
            if value["msg"] not in catalogue("zh"):
                raise ValueError(value["msg"])
            return Msg(value["msg"], {str(k): from_data(v, depth + 1) for k, v in value["params"].items()})
        if set(value) == {"label", "key"} and isinstance(value["label"], str) and _scalar(value["key"]):
            return Label(value["label"], value["key"])
        if set(value) == {"field"} and isinstance(value["field"], (str, int)):
            return Field(value["field"])
        if set(value) == {"choices"} and isinstance(value["choices"], str):
            return Choices(value["choices"])
        if set(value) == {"list"} and isinstance(value["list"], list):
            return Listing(tuple(from_data(v, depth + 1) for v in value["list"]))
        raise ValueError(value)
    if _scalar(value):
        return value
    raise ValueError(value)


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) or value is None


def label(table: str, key: Any, lang: str) -> str:
    """The name of `key` in a table of names (`stage`, `level`, `line`, `escalation`, `source`,
    `activity`, `finding_status`, `status`); the key itself when there is none; "-" for None."""
    if key is None:
        return "-"
    return catalogue(lang).get(f"label.{table}.{key}", str(key))


def field_name(name: str | int, lang: str) -> str:
    """A YAML key as a message shows it: `likelihood(可能性)` in Chinese, `likelihood` in English."""
    return catalogue(lang).get(f"field.{name}", str(name))


def kind_name(kind: str, lang: str) -> str:
    return text(f"kind.{kind}", lang)


def written_date(day: Any, lang: str) -> str:
    """A date as a document writes it: 2024年6月30日 (30 June 2024); a 成文日期, a 印发 date."""
    return text("report.numbering.date", lang, year=day.year, month=str(day.month), day=day.day,
                month_name=text(f"month.{day.month}", lang))


def join(items: Iterable[Any], lang: str) -> str:
    return text("sep.list", lang).join(str(item) for item in items)


def suggest(candidates: Iterable[str], word: str) -> Msg | str:
    """' (did you mean X?)' for the closest candidate, to be said later; '' when none is close."""
    close = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return Msg("schema.hint", {"suggestion": close[0]}) if close else ""


_OS_REASONS = {errno.ENOENT: "os.no_such_file", errno.EACCES: "os.denied", errno.EPERM: "os.denied",
               errno.EISDIR: "os.is_folder", errno.ENOTDIR: "os.not_folder", errno.ENOSPC: "os.disk_full",
               errno.EROFS: "os.read_only", errno.EEXIST: "os.exists"}


def os_reason(error: OSError, lang: str) -> str:
    """What the system said went wrong with a file, in the user's language: Python gives the C
    library's words, English on most systems, which would leak into a Chinese message.  A failure
    without words here keeps the system's."""
    found = _OS_REASONS.get(error.errno or 0)
    return text(found, lang) if found else str(error.strerror or error)


def hint(candidates: Iterable[str], word: str, lang: str) -> str:
    """' (did you mean X?)' for the closest candidate, or ''."""
    return str(render(suggest(candidates, word), lang))
