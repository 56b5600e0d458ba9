"""Moving through PDCA: pdca advance and pdca cycle start, as the smallest edits of the YAML."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from pdca.cli.options import (
    ForceOpt,
    LangOpt,
    RegisterOpt,
    editable,
    finish,
    lang_of,
    out,
    register_and_ids,
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
    arguments: Annotated[Optional[list[str]], typer.Argument(metavar="[REGISTER] ID...", help="Risk ids, e.g. CG-001 CG-002.")] = None,
    to: Annotated[Stage, typer.Option("--to", help="The stage to move into.")] = ...,  # type: ignore[assignment]
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why (needed to move back); written to history.")] = None,
    area: Annotated[Optional[str], typer.Option("--area", help="Every risk of this area that is behind --to.")] = None,
    department: Annotated[Optional[str], typer.Option("--department", help="Every risk of this department that is behind --to.")] = None,
    everything: Annotated[bool, typer.Option("--all", help="Every risk that is behind --to.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")] = False,
    force: ForceOpt = False,
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
    folder, risk_ids = register_and_ids(arguments, register, chosen)
    loaded = editable(folder, chosen, every_risk=bool(area or department or everything))
    language = chosen or loaded.lang
    day = parse_date(as_of, language)
    if not risk_ids and not (area or department or everything):
        raise PdcaError(say("advance.which", language))
    named, picked = advancing.select(loaded, risk_ids, area, department, everything, language)
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
    finish(documents, loaded, dry_run, language, force)


cycle_app = typer.Typer(help="Cycles of the PDCA spiral.", no_args_is_help=True)


@cycle_app.command("start")
def cycle_start(
    cycle_id: Annotated[str, typer.Argument(metavar="ID", help="The new cycle's id, e.g. 2025.")],
    start: Annotated[str, typer.Option("--start", metavar="YYYY-MM-DD", help="First day of the new cycle.")],
    end: Annotated[str, typer.Option("--end", metavar="YYYY-MM-DD", help="Last day of the new cycle.")],
    force: Annotated[bool, typer.Option("--force", help="Open it even though some risks are not in A yet, or the change gives the register an error pdca check would report.")] = False,
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
    finish(documents, loaded, dry_run, language, force)
    out(say("cycle.opened", language, id=cycle_id, start=first, end=last, count=len(moves), open=len(carried),
               waiting=sum(1 for f in carried if f.status == "done")))
