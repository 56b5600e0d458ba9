"""The office's own words in a report: reports/<period>.yaml beside the register's data.

A 通报 says what the data cannot: what the problems mean (存在的问题), what happens next (下步工作), and a
leader's instruction or a note (领导批示 / 说明).  The 纪检 officer writes them per period in a small YAML
file; the report puts them in their sections, and leaves the sections out when there is no file.
`pdca report --narrative-template` prints a starter file with the computed facts as hints.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from pdca import i18n
from pdca.domain.periods import Period
from pdca.engine.report_data import Context
from pdca.errors import PdcaError
from pdca.io import yaml_read
from pdca.load import schema_errors
from pdca.model.entities import NARRATIVE_FOLDER, Narrative
from pdca.model.register import Register

FOLDER = NARRATIVE_FOLDER
#: the reports that carry the office's own words: the 通报, the half-year self-check, the cycle's review
KINDS = ("monthly", "self-check", "annual")


def relative_path(period: Period) -> str:
    """reports/2024-06.yaml, reports/2024H1.yaml, reports/2024.yaml."""
    return f"{FOLDER}/{period.key}.yaml"


def read(register: Register, period: Period, lang: str) -> Narrative | None:
    """The narrative of a period, or None when the register has none; a file that cannot be used is
    refused with its place and what is wrong, never half used."""
    rel = relative_path(period)
    try:
        data = register.source.read(rel)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PdcaError(_problem(register, rel, None, None, i18n.text("file.unreadable", lang, error=exc.strerror or exc),
                                 lang)) from None
    text, problem = yaml_read.decode(data)
    if text is None:
        message = i18n.text(problem.message, lang, **problem.params) if problem else "?"
        raise PdcaError(_problem(register, rel, None, None, message, lang))
    value, problems = yaml_read.load(text)
    if problems:
        first = problems[0]
        raise PdcaError(_problem(register, rel, first.line, first.column, i18n.text(first.message, lang, **first.params),
                                 lang))
    if value is None:
        return Narrative()
    try:
        return Narrative.model_validate(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        path = tuple(error["loc"])
        line, column = _locate(text, path)
        message = schema_errors.message_of(error, Narrative).render(lang)
        raise PdcaError(_problem(register, rel, line, column, message, lang)) from None


def _locate(text: str, path: tuple[Any, ...]) -> tuple[int | None, int | None]:
    tree = yaml_read.compose(text)
    return yaml_read.locate(tree, path) if tree is not None else (None, None)


def _problem(register: Register, rel: str, line: int | None, column: int | None, message: str, lang: str) -> str:
    where = ":".join(str(part) for part in (f"{register.name}/{rel}", line, column) if part)
    return i18n.text("narrative.invalid", lang, where=where, problem=message)


def as_data(narrative: Narrative | None) -> dict[str, list[str]] | None:
    """What a template sees: the paragraphs of each section (None: no narrative for the period)."""
    if narrative is None:
        return None
    return {"problems": list(narrative.problems), "next_steps": list(narrative.next_steps),
            "remarks": list(narrative.remarks)}


def starter(register: Register, period: Period, as_of: dt.date, lang: str) -> str:
    """A narrative file to start from: each section empty, with the facts the data shows as comments
    (units with overdue findings, confirmed and suspected repeats, decisions still pending)."""
    ctx = Context(register, as_of, lang)
    rows = ctx.workload()
    overdue: dict[str, int] = {}
    for row in rows:
        if row.state.overdue:
            name = ctx.department(row.finding.department)
            overdue[name] = overdue.get(name, 0) + 1
    repeats = [row.finding.id for row in rows if row.state.repeat]
    suspected = [row.finding.id for row in rows if row.state.repeat_suspected]
    facts = [i18n.text("narrative.fact.overdue", lang, department=name, count=count)
             for name, count in sorted(overdue.items(), key=lambda item: (-item[1], item[0]))]
    if repeats:
        facts.append(i18n.text("narrative.fact.repeats", lang, ids=i18n.join(repeats, lang)))
    if suspected:
        facts.append(i18n.text("narrative.fact.suspected", lang, ids=i18n.join(suspected, lang)))
    lines = [f"# {i18n.text('narrative.starter.head', lang, path=relative_path(period), period=period.label(lang))}",
             f"# {i18n.text('narrative.starter.facts', lang, as_of=as_of)}"]
    lines += [f"#   - {fact}" for fact in facts] or [f"#   - {i18n.text('narrative.fact.none', lang)}"]
    lines += ["", f"# {i18n.text('narrative.starter.problems', lang)}", "problems: |", "  ",
              "", f"# {i18n.text('narrative.starter.next_steps', lang)}", "next_steps: |", "  ",
              "", f"# {i18n.text('narrative.starter.remarks', lang)}", "remarks: |", "  ", ""]
    return "\n".join(lines)
