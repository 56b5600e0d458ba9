"""pdca status and pdca explain: what needs attention now, and how a level was reached."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from pdca.cli.options import (
    AsOfOpt,
    LangOpt,
    NoCacheOpt,
    RegisterOpt,
    RegistersArg,
    lang_of,
    readable,
    say,
)
from pdca.cli.options import as_of as parse_date
from pdca.errors import EXIT_FINDINGS, PdcaError


def status(
    registers: RegistersArg = None,
    department: Annotated[Optional[str], typer.Option("--department", help="Only this department (its id).")] = None,
    area: Annotated[Optional[str], typer.Option("--area", help="Only risks of this area (its id).")] = None,
    level: Annotated[Optional[int], typer.Option("--level", min=1, max=3, help="Only risks of this level (1-3).")] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """What needs attention now: overdue findings by department with their 通报/考核/问责 step,
    findings awaiting 销号, measures overdue or due within 30 days, risks due for review or stalled in
    a stage, departments without a 自查自验 this half-year.

    Examples:

    \b
      pdca status --as-of 2024-06-30
      pdca status --department purchasing --level 1
    """
    from pdca.engine import status_view
    from pdca.formats import terminal

    chosen = lang_of(lang)
    day = parse_date(as_of, chosen)
    loaded = readable(registers, chosen)
    language = chosen or loaded[0].lang
    data = status_view.build(loaded, day, status_view.Filters(department, area, level), language)
    terminal.status(data, language)


def explain(
    risk_id: Annotated[str, typer.Argument(metavar="ID", help="A risk id, e.g. CG-001.")],
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show how a risk's level was reached: inputs, scale labels, the matrix cell, override.

    Example:

    \b
      pdca explain CG-001 -r registers/example
    """
    from pdca.formats import terminal
    from pdca.load import loader

    chosen = lang_of(lang)
    roots = loader.discover([register] if register else [], chosen or "zh")
    found = loader.find_risk(roots, risk_id, chosen)
    if found is None:
        raise PdcaError(say("cli.no_risk", chosen, id=risk_id, registers=", ".join(loader.display_name(r) for r in roots)),
                        exit_code=EXIT_FINDINGS)
    loaded, risk = found
    terminal.explain(loaded, risk, chosen or loaded.lang)
