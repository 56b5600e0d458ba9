"""New entries with the next free id (pdca new ...), and one canonical layout (pdca fmt)."""

from __future__ import annotations

import sys
from typing import Annotated, Any, Optional

import typer

from pdca.cli.options import (
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


def _required(values: dict[str, Any], lang: str) -> dict[str, Any]:
    """Ask for what is missing when a person is at a terminal; otherwise say what is missing."""
    missing = [name for name, value in values.items() if value in (None, "")]
    if missing and sys.stdin.isatty() and sys.stdout.isatty():
        for name in missing:
            values[name] = typer.prompt(name)
        return values
    if missing:
        raise PdcaError(say("new.missing", lang, options=", ".join(f"--{m.replace('_', '-')}" for m in missing)))
    return values


def _placed(placed: Any, lang: str) -> None:
    out(say("new.placed", lang, id=placed.id, file=placed.file, line=placed.line))


@new_app.command("risk")
def new_risk(
    area: Annotated[Optional[str], typer.Option("--area", help="Area id (its prefix makes the id).")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="风险点.")] = None,
    dimension: Annotated[Optional[str], typer.Option("--dimension", help="职业道德|岗位职责|业务流程|制度机制|内外部环境")] = None,
    department: Annotated[Optional[str], typer.Option("--department")] = None,
    post: Annotated[Optional[str], typer.Option("--post")] = None,
    owner: Annotated[Optional[str], typer.Option("--owner")] = None,
    description: Annotated[Optional[str], typer.Option("--description", help="表现形式.")] = None,
    process: Annotated[Optional[str], typer.Option("--process", help="业务事项.")] = None,
    leader: Annotated[Optional[str], typer.Option("--leader")] = None,
    likelihood: Annotated[Optional[int], typer.Option("--likelihood", min=1)] = None,
    impact: Annotated[Optional[int], typer.Option("--impact", min=1)] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help="identified date. Default: today.")] = None,
    force: ForceOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Add a risk point in stage P with the next id of its area (CG-008 after CG-007).

    Example:

    \b
      pdca new risk --area procurement --title 紧急采购程序被滥用 --dimension 业务流程 --department purchasing
    """
    from pdca.engine import scaffold

    chosen = lang_of(lang)
    loaded = editable(register, chosen)
    language = chosen or loaded.lang
    fields = _required({"area": area, "title": title, "dimension": dimension}, language)
    fields.update(department=department, post=post, owner=owner, dimension=fields["dimension"],
                  description=description, process=process, leader=leader, likelihood=likelihood, impact=impact)
    _placed(scaffold.new_risk(loaded, fields, parse_date(as_of, language), language, force=force), language)


@new_app.command("measure")
def new_measure(
    risk: Annotated[Optional[str], typer.Option("--risk", help="The risk it controls.")] = None,
    title: Annotated[Optional[str], typer.Option("--title")] = None,
    line: Annotated[Optional[str], typer.Option("--line", help="before|during|after (事前|事中|事后)")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="制度|流程|教育|监督|技术|第三方")] = None,
    owner: Annotated[Optional[str], typer.Option("--owner")] = None,
    due: Annotated[Optional[str], typer.Option("--due", metavar="YYYY-MM-DD")] = None,
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
    fields = _required({"risk": risk, "title": title, "line": line}, language)
    fields.update(kind=kind, owner=owner, due=parse_date(due, language, "--due") if due else None)
    _placed(scaffold.new_measure(loaded, fields, language, force=force), language)


@new_app.command("check")
def new_check(
    source: Annotated[Optional[str], typer.Option("--source", help="巡视巡察|审计|内控合规评价|安全生产检查|大党建检查|物资检查|自查自验|信访举报|日常监督")] = None,
    title: Annotated[Optional[str], typer.Option("--title")] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD")] = None,
    departments: Annotated[Optional[str], typer.Option("--departments", help="Comma-separated department ids.")] = None,
    risks: Annotated[Optional[str], typer.Option("--risks", help="Comma-separated risk ids examined.")] = None,
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
    fields = _required({"source": source, "title": title, "date": date}, language)
    fields["date"] = parse_date(fields["date"], language, "--date")
    fields["departments"] = [d.strip() for d in (departments or "").split(",") if d.strip()]
    fields["risks"] = [r.strip() for r in (risks or "").split(",") if r.strip()]
    _placed(scaffold.new_check(loaded, fields, language, force=force), language)


@new_app.command("finding")
def new_finding(
    check: Annotated[Optional[str], typer.Option("--check", help="The check that found it.")] = None,
    problem: Annotated[Optional[str], typer.Option("--problem", help="问题清单.")] = None,
    department: Annotated[Optional[str], typer.Option("--department", help="责任清单: the department.")] = None,
    deadline: Annotated[Optional[str], typer.Option("--deadline", metavar="YYYY-MM-DD", help="限期整改.")] = None,
    risk: Annotated[Optional[str], typer.Option("--risk")] = None,
    task: Annotated[Optional[str], typer.Option("--task", help="任务清单.")] = None,
    owner: Annotated[Optional[str], typer.Option("--owner")] = None,
    leader: Annotated[Optional[str], typer.Option("--leader")] = None,
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
    fields = _required({"check": check, "problem": problem, "department": department, "deadline": deadline},
                       language)
    fields["deadline"] = parse_date(fields["deadline"], language, "--deadline")
    fields.update(risk=risk, task=task, owner=owner, leader=leader)
    _placed(scaffold.new_finding(loaded, fields, language, force=force), language)


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
    from pdca.load import loader

    language = lang_of(lang) or "zh"
    failed = changed = 0
    for outcome in formatting.run(loader.discover(list(registers or []), language), not check_only, language):
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
