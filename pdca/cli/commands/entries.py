"""New entries with the next free id (pdca new ...), and one canonical layout (pdca fmt)."""

from __future__ import annotations

import re
import sys
from typing import Annotated, Any, Optional

import typer

from pdca.cli.options import (
    DryRunOpt,
    ForceOpt,
    LangOpt,
    RegisterOpt,
    RegistersArg,
    editable,
    lang_of,
    out,
    say,
)
from pdca.cli.options import as_of as parse_date
from pdca.errors import PdcaError

new_app = typer.Typer(help="Add a risk, measure, check or finding with the next free id.", no_args_is_help=True)

#: the fields of each kind of entry in the order they are asked at a terminal; required ones first
_REQUIRED = {"risk": ("area", "title", "dimension"), "measure": ("risk", "title", "line"),
             "check": ("source", "title", "date"), "finding": ("check", "problem", "department", "deadline")}
_OPTIONAL = {"risk": ("department", "post", "owner", "likelihood", "impact"), "measure": ("kind", "owner", "due"),
             "check": ("departments",), "finding": ("risk", "owner")}


def _at_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _complete(kind: str, values: dict[str, Any], loaded: Any, lang: str) -> dict[str, Any]:
    """The fields of a new entry: at a terminal, what the options left out is asked for, each answer
    checked at once and asked again until it is right; elsewhere a missing required option is an error."""
    missing = [name for name in _REQUIRED[kind] if values.get(name) in (None, "")]
    if not missing:
        return values
    if not _at_terminal():
        raise PdcaError(say("new.missing", lang, options=", ".join(f"--{m.replace('_', '-')}" for m in missing)))
    for name in (*_REQUIRED[kind], *_OPTIONAL[kind]):
        if values.get(name) in (None, "", []):
            values[name] = _ask(kind, name, values, loaded, lang)
            if kind == "risk" and name == "title":
                _warn_duplicates(loaded, values["title"], lang)
    return values


def _ask(kind: str, name: str, values: dict[str, Any], loaded: Any, lang: str) -> Any:
    """One question, asked until the answer is one the register takes (or skipped, when optional)."""
    required = name in _REQUIRED[kind]
    label = say(f"new.ask.{_label(kind, name)}", lang)
    hint = _hint(name, values, loaded, lang)
    question = say("new.question" if required else "new.question_optional", lang, label=label, hint=hint) if hint \
        else (label if required else say("new.question_skip", lang, label=label))
    while True:
        try:
            answer = typer.prompt(question, default="", show_default=False, prompt_suffix=say("new.prompt_suffix", lang))
        except typer.Abort:  # Ctrl-D or Ctrl-C: nothing has been written
            raise PdcaError(say("new.cancelled", lang)) from None
        answer = answer.strip()
        if not answer:
            if not required:
                return None
            out("pdca: " + say("new.required", lang, label=label), err=True)
            continue
        try:
            return _checked(kind, name, answer, values, loaded, lang)
        except PdcaError as exc:
            out("pdca: " + exc.message, err=True)


def _label(kind: str, name: str) -> str:
    """The catalogue word for a field: title and owner mean different things in each kind of entry."""
    return f"{kind}_{name}" if name in ("title", "owner") else name


def _hint(name: str, values: dict[str, Any], loaded: Any, lang: str) -> str:
    """What may be answered: the choices, the scale with its labels, or the form of a date."""
    from pdca.engine import answers

    if name in ("likelihood", "impact"):
        return answers.scale_text(answers.scale(loaded, name), lang)
    if name in ("due", "date", "deadline"):
        return say("new.hint_date", lang)
    allowed = answers.choices(loaded, name, values.get("department") if name == "post" else None)
    if not allowed:
        return ""
    return say("new.hint_choices", lang, choices=answers.listing(allowed, lang))


def _checked(kind: str, name: str, answer: str, values: dict[str, Any], loaded: Any, lang: str) -> Any:
    """The value an answer gives the field, or PdcaError saying why it cannot."""
    from pdca.engine import answers, lookup

    if name in ("likelihood", "impact"):
        return answers.score(loaded, name, answer, lang)
    if name in ("due", "date", "deadline"):
        return parse_date(answer, lang, f"--{name}")
    if name in ("risk", "check"):
        return lookup.one(loaded, name, answer.strip(), lang, f"--{name}")
    if name == "departments":
        return [answers.resolve(loaded, "departments", part, lang) for part in _parts(answer)]
    if answers.choices(loaded, name) or name in ("area", "department", "post"):
        department = values.get("department") if name == "post" else None
        return answers.resolve(loaded, name, answer, lang, department)
    return answers.text_field(kind, name, answer, lang)


def _parts(text: str | None) -> list[str]:
    return [part.strip() for part in re.split(r"[,，、]", text or "") if part.strip()]


def _warn_duplicates(loaded: Any, title: str | None, lang: str) -> None:
    """A risk of the same title is most often the same risk registered twice: say where it is."""
    from pdca.engine import answers

    for ident, file, line in answers.same_title(loaded, title or ""):
        out("pdca: " + say("new.duplicate", lang, id=ident, file=file, line=line), err=True)


def _add(addition: Any, loaded: Any, dry_run: bool, force: bool, lang: str) -> None:
    """Write the new entry and say where it went, or with --dry-run show it as a diff and write nothing."""
    placed = addition.placed
    if dry_run:  # as `pdca advance --dry-run`: the diff, then the refusal the write would meet
        out(addition.preview(loaded), end="")
        refusal = addition.refusal(loaded, force, lang)
        if refusal is not None:
            raise refusal
        out(say("new.would_place", lang, id=placed.id, file=placed.file, line=placed.line))
        out(say("edit.dry_run", lang))
        return
    addition.save(loaded, force, lang)
    out(say("new.placed", lang, id=placed.id, file=placed.file, line=placed.line))


@new_app.command("risk")
def new_risk(
    area: Annotated[Optional[str], typer.Option("--area", help="Area id or name (its prefix makes the id).")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="风险点.")] = None,
    dimension: Annotated[Optional[str], typer.Option("--dimension", help="职业道德|岗位职责|业务流程|制度机制|内外部环境")] = None,
    department: Annotated[Optional[str], typer.Option("--department", help="Department id or name.")] = None,
    post: Annotated[Optional[str], typer.Option("--post", help="Post id or name.")] = None,
    owner: Annotated[Optional[str], typer.Option("--owner")] = None,
    description: Annotated[Optional[str], typer.Option("--description", help="表现形式.")] = None,
    process: Annotated[Optional[str], typer.Option("--process", help="业务事项.")] = None,
    leader: Annotated[Optional[str], typer.Option("--leader")] = None,
    likelihood: Annotated[Optional[int], typer.Option("--likelihood", min=1)] = None,
    impact: Annotated[Optional[int], typer.Option("--impact", min=1)] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help="identified date. Default: today.")] = None,
    dry_run: DryRunOpt = False,
    force: ForceOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Add a risk point in stage P with the next id of its area (CG-008 after CG-007). Run at a terminal
    without options, it asks for each field, with the choices the register allows.

    Example:

    \b
      pdca new risk --area procurement --title 紧急采购程序被滥用 --dimension 业务流程 --department purchasing
    """
    from pdca.engine import scaffold

    chosen = lang_of(lang)
    loaded = editable(register, chosen)
    language = chosen or loaded.lang
    given = {"area": area, "title": title, "dimension": dimension, "department": department, "post": post,
             "owner": owner, "likelihood": likelihood, "impact": impact}
    asked = _complete("risk", dict(given), loaded, language)
    if title:  # asked at a terminal, the warning came right after the answer
        _warn_duplicates(loaded, title, language)
    fields = {**asked, "description": description, "process": process, "leader": leader}
    _add(scaffold.new_risk(loaded, fields, parse_date(as_of, language), language), loaded, dry_run, force, language)


@new_app.command("measure")
def new_measure(
    risk: Annotated[Optional[str], typer.Option("--risk", help="The risk it controls.")] = None,
    title: Annotated[Optional[str], typer.Option("--title")] = None,
    line: Annotated[Optional[str], typer.Option("--line", help="before|during|after (事前|事中|事后)")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="制度|流程|教育|监督|技术|第三方")] = None,
    owner: Annotated[Optional[str], typer.Option("--owner")] = None,
    due: Annotated[Optional[str], typer.Option("--due", metavar="YYYY-MM-DD")] = None,
    dry_run: DryRunOpt = False,
    force: ForceOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Add a planned measure under a risk, with the next id (CG-001-M4).

    Example:

    \b
      pdca new measure --risk CG-001 --title 询价单一律线上发布 --line 事中 --due 2024-09-30
    """
    from pdca.engine import scaffold

    chosen = lang_of(lang)
    loaded = editable(register, chosen)
    language = chosen or loaded.lang
    given = {"risk": risk, "title": title, "line": line, "kind": kind, "owner": owner,
             "due": parse_date(due, language, "--due") if due else None}
    fields = _complete("measure", given, loaded, language)
    _add(scaffold.new_measure(loaded, fields, language), loaded, dry_run, force, language)


@new_app.command("check")
def new_check(
    source: Annotated[Optional[str], typer.Option("--source", help="巡视巡察|审计|内控合规评价|安全生产检查|大党建检查|物资检查|自查自验|信访举报|日常监督")] = None,
    title: Annotated[Optional[str], typer.Option("--title")] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD")] = None,
    departments: Annotated[Optional[str], typer.Option("--departments", help="Comma-separated department ids or names.")] = None,
    risks: Annotated[Optional[str], typer.Option("--risks", help="Comma-separated risk ids examined.")] = None,
    dry_run: DryRunOpt = False,
    force: ForceOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Add a check (inspection, audit, self-check ...) with the next id of its source (SJ-2024-03).

    Example:

    \b
      pdca new check --source 审计 --title 下半年采购专项审计 --date 2024-10-15 --departments purchasing
    """
    from pdca.engine import scaffold

    chosen = lang_of(lang)
    loaded = editable(register, chosen)
    language = chosen or loaded.lang
    given = {"source": source, "title": title, "date": parse_date(date, language, "--date") if date else None,
             "departments": _parts(departments)}
    fields = _complete("check", given, loaded, language)
    fields["departments"] = fields.get("departments") or []
    fields["risks"] = _parts(risks)
    _add(scaffold.new_check(loaded, fields, language), loaded, dry_run, force, language)


@new_app.command("finding")
def new_finding(
    check: Annotated[Optional[str], typer.Option("--check", help="The check that found it.")] = None,
    problem: Annotated[Optional[str], typer.Option("--problem", help="问题清单.")] = None,
    department: Annotated[Optional[str], typer.Option("--department", help="责任清单: the department (id or name).")] = None,
    deadline: Annotated[Optional[str], typer.Option("--deadline", metavar="YYYY-MM-DD", help="限期整改.")] = None,
    risk: Annotated[Optional[str], typer.Option("--risk")] = None,
    task: Annotated[Optional[str], typer.Option("--task", help="任务清单.")] = None,
    owner: Annotated[Optional[str], typer.Option("--owner")] = None,
    leader: Annotated[Optional[str], typer.Option("--leader")] = None,
    dry_run: DryRunOpt = False,
    force: ForceOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Add an open finding under a check, with the next id (SJ-2024-01-F7).

    Example:

    \b
      pdca new finding --check SJ-2024-01 --problem 合同未经法务审核 --department purchasing --deadline 2024-09-30
    """
    from pdca.engine import scaffold

    chosen = lang_of(lang)
    loaded = editable(register, chosen)
    language = chosen or loaded.lang
    given = {"check": check, "problem": problem, "department": department, "risk": risk, "owner": owner,
             "deadline": parse_date(deadline, language, "--deadline") if deadline else None}
    fields = _complete("finding", given, loaded, language)
    fields.update(task=task, leader=leader)
    _add(scaffold.new_finding(loaded, fields, language), loaded, dry_run, force, language)


def fmt(
    registers: RegistersArg = None,
    check_only: Annotated[bool, typer.Option("--check", help="Change nothing; list the files that would change, exit 1 if any.")] = False,
    lang: LangOpt = None,
) -> None:
    """Put register files in one canonical layout: keys in the order of the register format, uniform
    indentation; every comment kept. Running it twice changes nothing the second time.

    Examples:

    \b
      pdca fmt                       # rewrite what needs it
      pdca fmt --check               # in CI or pre-commit: exit 1 and list files that would change
    """
    from pdca.engine import fmt as formatting
    from pdca.load import places

    language = lang_of(lang) or "zh"
    failed = changed = 0
    for outcome in formatting.run(places.discover(list(registers or []), language), not check_only, language):
        if outcome.error is not None:
            out(f"pdca: {outcome.path}: {outcome.error}", err=True)
            failed += 1
        elif outcome.changed:
            changed += 1
            out(say("fmt.would" if check_only else "fmt.done", language, path=outcome.path))
    if failed:
        raise typer.Exit(2)
    if check_only and changed:
        raise typer.Exit(1)
