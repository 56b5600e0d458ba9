"""Editing commands: advance, cycle start, the finding lifecycle, new entries, fmt.

Each edit is the smallest change to the YAML, written for every file or for none, refused when a file
changed on disk since it was read; --dry-run shows it as a diff.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from pdca.cli.options import (
    DateOpt,
    DryRunOpt,
    Lang,
    LangOpt,
    RegisterOpt,
    RegistersArg,
    editable,
    event_date,
    finish,
    lang_of,
    out,
    say,
)
from pdca.cli.options import as_of as parse_date
from pdca.errors import PdcaError


class Stage(str, Enum):
    P = "P"
    D = "D"
    C = "C"
    A = "A"


def advance(
    risk_ids: Annotated[Optional[list[str]], typer.Argument(metavar="ID...", help="Risk ids, e.g. CG-001 CG-002.")] = None,
    to: Annotated[Stage, typer.Option("--to", help="The stage to move into.")] = ...,  # type: ignore[assignment]
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why (needed to move back); written to history.")] = None,
    area: Annotated[Optional[str], typer.Option("--area", help="Every risk of this area that is behind --to.")] = None,
    department: Annotated[Optional[str], typer.Option("--department", help="Every risk of this department that is behind --to.")] = None,
    everything: Annotated[bool, typer.Option("--all", help="Every risk that is behind --to.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help="The date written to history. Default: today.")] = None,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Move risks through PDCA (P→D→C→A), editing the YAML in place: the stage, and a history entry.

    A move whose gate fails is refused with the condition that failed, and several ids move all or
    nothing. Moving back (say C to D after a new problem) needs --reason; back to P only through
    `pdca cycle start`. Exit status: 0 moved, 1 refused (nothing changed), 2 used wrongly.

    Examples:

    \b
      pdca advance CG-001 --to C
      pdca advance CG-001 CG-002 --to A --dry-run
      pdca advance GC-003 --to D --reason "复查发现签证问题,措施需补充"
      pdca advance --area procurement --to D
    """
    from pdca.engine import advance as advancing

    chosen = lang_of(lang)
    loaded = editable(register, chosen, every_risk=bool(area or department or everything))
    language = chosen or loaded.lang
    day = parse_date(as_of, language)
    if not risk_ids and not (area or department or everything):
        raise PdcaError(say("advance.which", language))
    named, picked = advancing.select(loaded, risk_ids or [], area, department, everything, language)
    moves, refusals = advancing.plan(loaded, named, picked, to.value, reason, language)
    if refusals:
        for line in refusals:
            out(f"pdca: {line}", err=True)
        raise PdcaError(say("advance.refused", language, count=len(refusals)), exit_code=1)
    if not moves:
        out(say("advance.nothing", language))
        return
    documents = advancing.apply(loaded, moves, day, language)
    from pdca import i18n

    for move in moves:
        out(say("advance.moved", language, id=move.risk.id,
                   before=i18n.label("stage", move.before, language),
                   after=i18n.label("stage", move.after, language)))
    finish(documents, loaded.root, dry_run, language)


cycle_app = typer.Typer(help="Cycles of the PDCA spiral.", no_args_is_help=True)


@cycle_app.command("start")
def cycle_start(
    cycle_id: Annotated[str, typer.Argument(metavar="ID", help="The new cycle's id, e.g. 2025.")],
    start: Annotated[str, typer.Option("--start", metavar="YYYY-MM-DD", help="First day of the new cycle.")],
    end: Annotated[str, typer.Option("--end", metavar="YYYY-MM-DD", help="Last day of the new cycle.")],
    force: Annotated[bool, typer.Option("--force", help="Open it even though some risks are not in A yet.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")] = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Open the next cycle (A→P, the spiral turns): write it in pdca.yaml and send every risk that is not
    retired back to P for re-identification and re-grading. Unfinished findings stay open and are
    reported as carried over.

    Example:

    \b
      pdca cycle start 2025 --start 2025-01-01 --end 2025-12-31
    """
    from pdca.engine import advance as advancing

    chosen = lang_of(lang)
    loaded = editable(register, chosen, every_risk=True)
    language = chosen or loaded.lang
    first, last = parse_date(start, language, "--start"), parse_date(end, language, "--end")
    documents, moves = advancing.cycle_start(loaded, cycle_id, first, last, force, language)
    carried = [f for c in loaded.checks for f in c.findings if f.status != "closed"]
    finish(documents, loaded.root, dry_run, language)
    out(say("cycle.opened", language, id=cycle_id, start=first, end=last, count=len(moves), open=len(carried),
               waiting=sum(1 for f in carried if f.status == "done")))


finding_app = typer.Typer(help="A finding's life: done (整改完成), close (销号), return (退回补充), extend (延期), "
                               "act (a decision: 通报/考核/问责).", no_args_is_help=True)


def _lifecycle(action: Any, finding_id: str, register: Path | None, lang: Lang | None, dry_run: bool,
               date: str | None, **options: Any) -> None:
    from pdca import i18n

    chosen = lang_of(lang)
    loaded = editable(register, chosen)
    language = chosen or loaded.lang
    before = loaded.index.findings.get(finding_id)
    documents = action(loaded, finding_id, day=event_date(date, language), lang=language, **options)
    after = {"done": "done", "close": "closed", "send_back": "rectifying"}[action.__name__]
    assert before is not None
    out(say("finding.moved", language, id=finding_id,
               before=i18n.label("finding_status", before[1].status, language),
               after=i18n.label("finding_status", after, language)))
    finish(documents, loaded.root, dry_run, language)


@finding_app.command("done")
def finding_done(
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="The finding, e.g. SJ-2024-01-F1.")],
    result: Annotated[str, typer.Option("--result", help="What was done (结果清单).")],
    evidence: Annotated[str, typer.Option("--evidence", help="Where the proof lives, e.g. OA-2024-0655.")],
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """整改完成: a finding that is open or rectifying is done, with its result and evidence.

    Example:

    \b
      pdca finding done SJ-2024-01-F1 --result "已修订《供应商管理办法》" --evidence OA-2024-0655
    """
    from pdca.engine import finding_edits

    _lifecycle(finding_edits.done, finding_id, register, lang, dry_run, date, result=result, evidence=evidence)


@finding_app.command("close")
def finding_close(
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="The finding, e.g. SJ-2024-01-F1.")],
    by: Annotated[str, typer.Option("--by", help="Who verified it (not its owner), e.g. 纪委办公室.")],
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """销号: a done finding is closed after verification by someone other than its owner.

    Example:

    \b
      pdca finding close SJ-2024-01-F1 --by 纪委办公室
    """
    from pdca.engine import finding_edits

    _lifecycle(finding_edits.close, finding_id, register, lang, dry_run, date, by=by)


@finding_app.command("return")
def finding_return(
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="The finding, e.g. SJ-2024-01-F1.")],
    reason: Annotated[str, typer.Option("--reason", help="What is missing; recorded in the finding's history.")],
    by: Annotated[Optional[str], typer.Option("--by", help="Who returned it.")] = None,
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """退回补充: a done finding goes back to rectifying, with the reason recorded.

    Example:

    \b
      pdca finding return SJ-2024-01-F1 --reason "佐证材料缺少会议纪要" --by 纪委办公室
    """
    from pdca.engine import finding_edits

    _lifecycle(finding_edits.send_back, finding_id, register, lang, dry_run, date, reason=reason, by=by)


@finding_app.command("extend")
def finding_extend(
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="The finding, e.g. SJ-2024-01-F1.")],
    until: Annotated[str, typer.Option("--until", metavar="YYYY-MM-DD", help="The new deadline.")],
    by: Annotated[str, typer.Option("--by", help="Who approved it (not the finding's owner), e.g. 纪委办公室.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the deadline moves.")],
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="The day it was approved. Default: today.")] = None,
    dry_run: DryRunOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """延期: record an approved extension of a finding's deadline. The original deadline stays; lateness
    counts from the new one, from the day of approval on. Refused when the approver is the finding's own
    owner or the new deadline is not later; an approval after the deadline had passed is recorded and
    pointed out by pdca check.

    Example:

    \b
      pdca finding extend ZC-2024-H1-CG-F2 --until 2024-12-31 --by 纪委办公室 --reason "平台接口11月上线"
    """
    from pdca.engine import finding_edits

    chosen = lang_of(lang)
    loaded = editable(register, chosen)
    language = chosen or loaded.lang
    day = event_date(date, language)
    new_deadline = parse_date(until, language, "--until")
    documents, note = finding_edits.extend(loaded, finding_id, new_deadline, by, reason, day, language)
    finding = loaded.index.findings[finding_id][1]
    from pdca.domain.closed_loop import effective_deadline

    out(say("finding.extended", language, id=finding_id, deadline=effective_deadline(finding, day)[0] or "-",
               until=new_deadline, by=by, date=day))
    if note:
        out(f"pdca: {note}", err=True)
    finish(documents, loaded.root, dry_run, language)


class ActionKind(str, Enum):
    notice = "notice"
    assessment = "assessment"
    accountability = "accountability"
    通报 = "通报"
    考核 = "考核"
    问责 = "问责"


@finding_app.command("act")
def finding_act(
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="The finding, e.g. SJ-2024-01-F1.")],
    kind: Annotated[ActionKind, typer.Option("--kind", help="notice (通报), assessment (考核) or accountability (问责).")],
    ref: Annotated[str, typer.Option("--ref", help="The document that records it: a 考核单 number, a 通报文号 ...")],
    by: Annotated[Optional[str], typer.Option("--by", help="Who decided, e.g. 纪委办公室.")] = None,
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Record a decision about a finding (通报, 考核 or 问责) with its document number. pdca computes
    a suggested step for late and repeated findings; only what is recorded here counts as decided.

    Examples:

    \b
      pdca finding act SJ-2024-01-F1 --kind assessment --ref KH-2024-021 --by 纪委办公室
      pdca finding act SJ-2024-01-F3 --kind 通报 --ref "纪委办通报〔2024〕7号" --date 2024-06-25
    """
    from pdca import i18n
    from pdca.engine import finding_edits
    from pdca.model.entities import ACTION_KINDS

    chosen = lang_of(lang)
    loaded = editable(register, chosen)
    language = chosen or loaded.lang
    day = event_date(date, language)
    code = {"通报": "notice", "考核": "assessment", "问责": "accountability"}.get(kind.value, kind.value)
    assert code in ACTION_KINDS
    documents = finding_edits.act(loaded, finding_id, code, ref, by, day, language)
    from pdca.domain.closed_loop import state_of

    suggested = state_of(loaded, day).finding(loaded.index.findings[finding_id][1]).escalation
    out(say("finding.acted", language, id=finding_id, kind=i18n.label("escalation", code, language),
               ref=ref, date=day,
               suggested=say("finding.act_suggested", language,
                              step=i18n.label("escalation", suggested, language)) if suggested else ""))
    finish(documents, loaded.root, dry_run, language)


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
    _placed(scaffold.new_risk(loaded, fields, parse_date(as_of, language), language), language)


@new_app.command("measure")
def new_measure(
    risk: Annotated[Optional[str], typer.Option("--risk", help="The risk it controls.")] = None,
    title: Annotated[Optional[str], typer.Option("--title")] = None,
    line: Annotated[Optional[str], typer.Option("--line", help="before|during|after (事前|事中|事后)")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="制度|流程|教育|监督|技术|第三方")] = None,
    owner: Annotated[Optional[str], typer.Option("--owner")] = None,
    due: Annotated[Optional[str], typer.Option("--due", metavar="YYYY-MM-DD")] = None,
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
    _placed(scaffold.new_measure(loaded, fields, language), language)


@new_app.command("check")
def new_check(
    source: Annotated[Optional[str], typer.Option("--source", help="巡视巡察|审计|内控合规评价|安全生产检查|大党建检查|物资检查|自查自验|信访举报|日常监督")] = None,
    title: Annotated[Optional[str], typer.Option("--title")] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD")] = None,
    departments: Annotated[Optional[str], typer.Option("--departments", help="Comma-separated department ids.")] = None,
    risks: Annotated[Optional[str], typer.Option("--risks", help="Comma-separated risk ids examined.")] = None,
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
    _placed(scaffold.new_check(loaded, fields, language), language)


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
    _placed(scaffold.new_finding(loaded, fields, language), language)


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
