"""A finding's life: pdca finding done, close, return, extend and act."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from pdca.cli.options import (
    DateOpt,
    DryRunOpt,
    ForceOpt,
    Lang,
    LangOpt,
    RegisterOpt,
    editable,
    event_date,
    finish,
    lang_of,
    one_id,
    out,
    say,
)
from pdca.cli.options import as_of as parse_date

finding_app = typer.Typer(help="A finding's life: done (整改完成), close (销号), return (退回补充), extend (延期), "
                               "act (a decision: 通报/考核/问责).", no_args_is_help=True)


def _finding(arguments: list[str], register: Path | None, lang: Lang | None) -> tuple[Any, str, str]:
    """(the register, the finding's id as the register writes it, the language) of a finding command:
    the register named before the id or with -r, the id in any case (pdca.engine.lookup)."""
    from pdca.engine import lookup

    chosen = lang_of(lang)
    folder, finding_id = one_id(arguments, register, chosen)
    loaded = editable(folder, chosen)
    language = chosen or loaded.lang
    return loaded, lookup.one(loaded, "finding", finding_id, language), language


def _lifecycle(action: Any, arguments: list[str], register: Path | None, lang: Lang | None, dry_run: bool,
               force: bool, date: str | None, **options: Any) -> None:
    from pdca import i18n

    loaded, finding_id, language = _finding(arguments, register, lang)
    before = loaded.index.findings.get(finding_id)
    documents = action(loaded, finding_id, day=event_date(date, language), lang=language, **options)
    after = {"done": "done", "close": "closed", "send_back": "rectifying"}[action.__name__]
    assert before is not None
    out(say("finding.moved", language, id=finding_id,
               before=i18n.label("finding_status", before[1].status, language),
               after=i18n.label("finding_status", after, language)))
    finish(documents, loaded, dry_run, language, force)


@finding_app.command("done")
def finding_done(
    arguments: Annotated[list[str], typer.Argument(metavar="[REGISTER] ID", help="The finding, e.g. SJ-2024-01-F1.")],
    result: Annotated[str, typer.Option("--result", help="What was done (结果清单).")],
    evidence: Annotated[str, typer.Option("--evidence", help="Where the proof lives, e.g. OA-2024-0655.")],
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
    force: ForceOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """整改完成: a finding that is open or rectifying is done, with its result and evidence.

    Example:

    \b
      pdca finding done SJ-2024-01-F1 --result "已修订《供应商管理办法》" --evidence OA-2024-0655
    """
    from pdca.engine import finding_edits

    _lifecycle(finding_edits.done, arguments, register, lang, dry_run, force, date, result=result, evidence=evidence)


@finding_app.command("close")
def finding_close(
    arguments: Annotated[list[str], typer.Argument(metavar="[REGISTER] ID", help="The finding, e.g. SJ-2024-01-F1.")],
    by: Annotated[str, typer.Option("--by", help="Who verified it (not its owner), e.g. 纪委办公室.")],
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
    force: ForceOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """销号: a done finding is closed after verification by someone other than its owner.

    Example:

    \b
      pdca finding close SJ-2024-01-F1 --by 纪委办公室
    """
    from pdca.engine import finding_edits

    _lifecycle(finding_edits.close, arguments, register, lang, dry_run, force, date, by=by)


@finding_app.command("return")
def finding_return(
    arguments: Annotated[list[str], typer.Argument(metavar="[REGISTER] ID", help="The finding, e.g. SJ-2024-01-F1.")],
    reason: Annotated[str, typer.Option("--reason", help="What is missing; recorded in the finding's history.")],
    by: Annotated[Optional[str], typer.Option("--by", help="Who returned it.")] = None,
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
    force: ForceOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """退回补充: a done finding goes back to rectifying, with the reason recorded.

    Example:

    \b
      pdca finding return SJ-2024-01-F1 --reason "佐证材料缺少会议纪要" --by 纪委办公室
    """
    from pdca.engine import finding_edits

    _lifecycle(finding_edits.send_back, arguments, register, lang, dry_run, force, date, reason=reason, by=by)


@finding_app.command("extend")
def finding_extend(
    arguments: Annotated[list[str], typer.Argument(metavar="[REGISTER] ID", help="The finding, e.g. SJ-2024-01-F1.")],
    until: Annotated[str, typer.Option("--until", metavar="YYYY-MM-DD", help="The new deadline.")],
    by: Annotated[str, typer.Option("--by", help="Who approved it (not the finding's owner), e.g. 纪委办公室.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the deadline moves.")],
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="The day it was approved. Default: today.")] = None,
    dry_run: DryRunOpt = False,
    force: ForceOpt = False,
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

    loaded, finding_id, language = _finding(arguments, register, lang)
    day = event_date(date, language)
    new_deadline = parse_date(until, language, "--until")
    documents, note = finding_edits.extend(loaded, finding_id, new_deadline, by, reason, day, language)
    finding = loaded.index.findings[finding_id][1]
    from pdca.domain.closed_loop import effective_deadline

    out(say("finding.extended", language, id=finding_id, deadline=effective_deadline(finding, day)[0] or "-",
               until=new_deadline, by=by, date=day))
    if note:
        out(f"pdca: {note}", err=True)
    finish(documents, loaded, dry_run, language, force)


class ActionKind(str, Enum):
    notice = "notice"
    assessment = "assessment"
    accountability = "accountability"
    通报 = "通报"
    考核 = "考核"
    问责 = "问责"


@finding_app.command("act")
def finding_act(
    arguments: Annotated[list[str], typer.Argument(metavar="[REGISTER] ID", help="The finding, e.g. SJ-2024-01-F1.")],
    kind: Annotated[ActionKind, typer.Option("--kind", help="notice (通报), assessment (考核) or accountability (问责).")],
    ref: Annotated[str, typer.Option("--ref", help="The document that records it: a 考核单 number, a 通报文号 ...")],
    by: Annotated[Optional[str], typer.Option("--by", help="Who decided, e.g. 纪委办公室.")] = None,
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
    force: ForceOpt = False,
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

    loaded, finding_id, language = _finding(arguments, register, lang)
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
    finish(documents, loaded, dry_run, language, force)
