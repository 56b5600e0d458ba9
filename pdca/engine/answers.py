"""What `pdca new` takes for each field, checked one answer at a time: an area, department or post by its
id or its name, a dimension, line or source from its list, a score on the register's scale, text the
register format accepts.  The same checks serve options and the questions asked at a terminal, so an
answer is refused (and asked again) at once, not after every question has been answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from pdca import i18n
from pdca.engine import lookup
from pdca.errors import PdcaError
from pdca.io import yaml_read
from pdca.load import schema_errors
from pdca.model.entities import DIMENSIONS, LINES, SOURCES, Check, Finding, Measure, MeasureKind, Risk
from pdca.model.register import Register

#: the models whose fields the questions fill, by the kind of entry
MODELS: dict[str, type[BaseModel]] = {"risk": Risk, "measure": Measure, "check": Check, "finding": Finding}
#: the smallest valid entry of each kind, for checking one field on its own
_SAMPLES: dict[str, dict[str, Any]] = {
    "risk": {"id": "X-1", "title": "t", "area": "a", "dimension": DIMENSIONS[0]},
    "measure": {"id": "X-1-M1", "title": "t", "line": "before"},
    "check": {"id": "X-1", "source": SOURCES[0], "title": "t", "date": "2024-01-01"},
    "finding": {"id": "X-1-F1", "problem": "t", "department": "d", "deadline": "2024-01-01"},
}
KINDS: tuple[str, ...] = MeasureKind.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Choice:
    value: str  # what is written (an id, a dimension)
    name: str  # what people call it ("" when it is the value itself)

    def render(self, lang: str) -> str:
        return i18n.text("new.choice", lang, value=self.value, name=self.name) if self.name else self.value


def choices(register: Register, field: str, department: str | None = None) -> list[Choice]:
    """The allowed values of a field that has a list: areas, departments and posts of the register (the
    posts of `department` when one is chosen), dimensions, lines, sources, measure kinds."""
    config = register.config
    if field == "area":
        return [Choice(a.id, a.name) for a in (config.areas if config else [])]
    if field in ("department", "departments"):
        return [Choice(d.id, d.name) for d in (config.departments if config else [])]
    if field == "post":
        posts = config.posts if config else []
        return [Choice(p.id, p.name) for p in posts if department is None or p.department == department]
    fixed = {"dimension": DIMENSIONS, "source": SOURCES, "kind": KINDS,
             "line": tuple(word for word in LINES if not word.isascii())}
    return [Choice(value, "") for value in fixed.get(field, ())]


def resolve(register: Register, field: str, answer: str, lang: str, department: str | None = None) -> str:
    """The value an answer names: a choice by its value or its name, as pdca.engine.lookup reads them (an id
    in another case or width when that names one); an unknown answer is refused with the closest and the list."""
    allowed = choices(register, field, department)
    text = answer.strip()
    if field == "line" and text in LINES:  # before/during/after as well as 事前/事中/事后
        return text
    table = {c.value: c.name or None for c in allowed}
    found = lookup.matches(table, text)
    if len(found) == 1:
        return found[0]
    kind = i18n.text(f"new.ask.{'department' if field == 'departments' else field}", lang)
    shown = [c for c in allowed if c.value in found] or allowed  # a name that two share: those two
    raise PdcaError(i18n.text("new.not_a_choice", lang, kind=kind, value=text,
                              hint=i18n.render(lookup.closest(table, text), lang) if not found else "",
                              choices=listing(shown, lang)))


def listing(allowed: list[Choice], lang: str) -> str:
    return i18n.join((c.render(lang) for c in allowed), lang) if allowed else i18n.text("new.none_yet", lang)


def scale(register: Register, axis: str) -> list[str]:
    """The labels of likelihood or impact, 1 first."""
    config = register.config
    return list(getattr(config.scoring, axis)) if config else []


def score(register: Register, axis: str, answer: str, lang: str) -> int:
    """A likelihood or impact: a number on the register's scale, or one of its labels (高)."""
    labels = scale(register, axis)
    text = answer.strip()
    if text in labels:
        return labels.index(text) + 1
    if text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= len(labels):  # not ², not 5,000 digits
        return int(text)
    raise PdcaError(i18n.text("new.not_a_score", lang, kind=i18n.text(f"new.ask.{axis}", lang), value=text,
                              scale=scale_text(labels, lang)))


def scale_text(labels: list[str], lang: str) -> str:
    return i18n.join((f"{number} {label}" for number, label in enumerate(labels, start=1)), lang)


def text_field(kind: str, field: str, answer: str, lang: str) -> str:
    """Text the register format takes for this field (not blank, no control characters ...), or why not."""
    sample = {**_SAMPLES[kind], field: answer}
    model = MODELS[kind]
    try:
        model.model_validate(sample)
    except ValidationError as exc:
        mine = [e for e in exc.errors() if e["loc"][:1] == (field,)]
        if mine:
            detail = i18n.text("sep.clauses", lang).join(schema_errors.message_of(e, model).render(lang) for e in mine)
            raise PdcaError(i18n.text("new.invalid", lang, detail=detail)) from None
    return answer


def same_title(register: Register, title: str) -> list[tuple[str, str, int]]:
    """(id, file, line) of the risks already registered under this title (spaces and case aside): most
    often the same risk registered twice."""
    wanted = _plain(title)
    found = []
    for risk in register.risks:
        if _plain(risk.title) == wanted:
            where = register.where(risk)
            found.append((risk.id, where.file, _line(register, where.file, where.path)))
    return found


def _line(register: Register, rel: str, path: tuple[str | int, ...]) -> int:
    """The line an entry starts on (1 when the file cannot be read again)."""
    try:
        text, _ = yaml_read.decode((register.root / rel).read_bytes())
        return yaml_read.locate(yaml_read.compose(text), path)[0] if text is not None else 1
    except (OSError, yaml_read.YAMLError):
        return 1


def _plain(text: str) -> str:
    return "".join(text.split()).casefold()
