"""The office's own words in a report: reports/<period>.yaml beside the register's data.

A 通报 says what the data cannot: what the problems mean (存在的问题), what happens next (下步工作), and a
leader's instruction or a note (领导批示 / 说明).  The 纪检 officer writes them per period in a small YAML
file; the report puts them in their sections, and leaves the sections out when there is no file.
`pdca report --narrative-template` prints a starter file with the computed facts as hints.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from pdca import i18n
from pdca.domain.periods import Period
from pdca.errors import PdcaError
from pdca.io import printable, yaml_read
from pdca.load import schema_errors
from pdca.model.diagnostic import Diagnostic, Severity
from pdca.model.entities import Narrative
from pdca.model.layout import NARRATIVE_FOLDER
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
        raise PdcaError(_problem(register, rel, None, None, i18n.text("file.unreadable", lang, error=i18n.os_reason(exc, lang)),
                                 lang)) from None
    narrative, issue = _parse(data)
    if issue is not None:
        raise PdcaError(_problem(register, rel, issue.line, issue.column, issue.message.render(lang), lang))
    if narrative is not None and register.shown is not None:  # --redact: no name in the words either
        shown = register.shown
        narrative = narrative.model_copy(update={section: [shown(p) for p in getattr(narrative, section)]
                                                 for section in ("problems", "next_steps", "remarks")})
    return narrative


@dataclass(frozen=True)
class Issue:
    """Why a narrative file cannot be used, and where."""

    rule: str  # as pdca check names it: encoding, yaml-syntax or schema
    message: i18n.Msg
    line: int | None = None
    column: int | None = None


#: how a narrative file is named: the key of its period (2024-06, 2024H1, 2024)
_PERIOD_KEY = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])|H[12])?")


def problems(register: Register) -> list[Diagnostic]:
    """What `pdca check` says of reports/*.yaml: each file a report could not use, at the place of its
    first problem (as the report would refuse it), and a file named for no period (no report reads it)."""
    try:
        files = register.source.files(FOLDER)
    except OSError:  # a folder that leads out of the register: the loader's guard says so
        return []
    found = []
    for rel in files:
        stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if not _PERIOD_KEY.fullmatch(stem):
            found.append(Diagnostic(rel, None, None, "schema", Severity.ERROR,
                                    i18n.Msg("narrative.bad_name", {"name": rel.rsplit("/", 1)[-1]}),
                                    register=register.name))
            continue
        try:
            data = register.source.read(rel)
        except OSError as exc:
            issue: Issue | None = Issue("encoding", i18n.Msg("file.unreadable", {"error": exc.strerror or str(exc)}))
        else:
            issue = _parse(data)[1]
        if issue is not None:
            found.append(Diagnostic(rel, issue.line, issue.column, issue.rule, Severity.ERROR, issue.message,
                                    register=register.name))
    return found


def _parse(data: bytes) -> tuple[Narrative | None, Issue | None]:
    """A narrative file's words, or the first reason they cannot be used."""
    text, problem = yaml_read.decode(data)
    if text is None:
        said = i18n.Msg(problem.message, dict(problem.params)) if problem else i18n.Msg("file.unreadable", {"error": "?"})
        return None, Issue("encoding", said)
    value, problems_found = yaml_read.load(text)
    if problems_found:
        first = problems_found[0]
        return None, Issue("yaml-syntax", i18n.Msg(first.message, dict(first.params)), first.line, first.column)
    if value is None:
        return Narrative(), None
    try:
        return Narrative.model_validate(value), None
    except ValidationError as exc:
        error = exc.errors()[0]
        behind = yaml_read.mistakes_behind(text, [tuple(error["loc"])])[0]
        if behind:  # a full-width colon or space where YAML needs its own: say that, not the shape
            first = behind[0]
            return None, Issue("yaml-syntax", i18n.Msg(first.message, dict(first.params)), first.line, first.column)
        line, column = _locate(text, tuple(error["loc"]))
        return None, Issue("schema", schema_errors.message_of(error, Narrative), line, column)


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
    from pdca.engine.report_data import Context  # the report's data: only for the starter

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
    # a fact names departments and ids: a line break in one must not end its comment and start a key
    lines += [f"#   - {printable.line(fact)}" for fact in facts] or [f"#   - {i18n.text('narrative.fact.none', lang)}"]
    lines += ["", f"# {i18n.text('narrative.starter.problems', lang)}", "problems: |", "  ",
              "", f"# {i18n.text('narrative.starter.next_steps', lang)}", "next_steps: |", "  ",
              "", f"# {i18n.text('narrative.starter.remarks', lang)}", "remarks: |", "  ", ""]
    return "\n".join(lines)
