"""pdca status and pdca explain: what needs attention now, and how a level was reached."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from pdca.cli.options import (
    AsOfOpt,
    LangOpt,
    NoCacheOpt,
    RegisterOpt,
    RegistersArg,
    RegistersOpt,
    lang_of,
    one_id,
    readable,
    registers_named,
)
from pdca.cli.options import as_of as parse_date
from pdca.cli.options import redact as apply_redact

if TYPE_CHECKING:
    from pdca.model.register import Register


def status(
    registers: RegistersArg = None,
    department: Annotated[Optional[str], typer.Option("--department", help="Only this department (its id).")] = None,
    area: Annotated[Optional[str], typer.Option("--area", help="Only risks of this area (its id).")] = None,
    level: Annotated[Optional[int], typer.Option("--level", min=1, max=3, help="Only risks of this level (1-3).")] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    no_cache: NoCacheOpt = False,
    register: RegistersOpt = None,
) -> None:
    """What needs attention now: overdue findings by department with their 通报/考核/问责 step,
    findings awaiting 销号, measures overdue or due within 30 days, risks due for review or stalled in
    a stage, departments without a 自查自验 this half-year; overdue meeting decisions (会议决议督办) with
    their suggested step, 责任书/承诺书 not signed, department heads without a 廉洁谈话 and months without a
    每月一课, once the dates the rules ask by have passed.

    Examples:

    \b
      pdca status --as-of 2024-06-30
      pdca status --department purchasing --level 1
    """
    from pdca.engine import lookup, status_view
    from pdca.formats import terminal

    chosen = lang_of(lang)
    day = parse_date(as_of, chosen)
    loaded = readable(registers_named(registers, register), chosen)
    language = chosen or loaded[0].lang
    departments = lookup.among(loaded, "department", department, language, "--department") if department else None
    areas = lookup.among(loaded, "area", area, language, "--area") if area else None
    apply_redact(loaded, False, language)  # registered people by name (PDCA_NAMES) or post, as reports show them
    data = status_view.build(loaded, day, status_view.Filters(departments, areas, level), language)
    terminal.status(data, language)


def explain(
    arguments: Annotated[list[str], typer.Argument(metavar="[REGISTER] ID", help="A risk id, e.g. CG-001.")],
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show how a risk's level was reached: inputs, scale labels, the matrix cell, override.

    Example:

    \b
      pdca explain CG-001 -r registers/example
    """
    from pdca.engine import lookup
    from pdca.formats import terminal
    from pdca.load import places

    chosen = lang_of(lang)
    folder, risk_id = one_id(arguments, register, chosen)
    roots = places.discover([folder] if folder else [], chosen or "zh")
    loaded, found = lookup.first(_loaded(roots, chosen), "risk", risk_id, chosen)
    terminal.explain(loaded, loaded.index.risks[found], chosen or loaded.lang)


def _loaded(roots: list[Path], lang: str | None) -> Iterator[Register]:
    """The registers, each read only when the ones before it do not have the id."""
    from pdca.load import loader

    for root in roots:
        yield loader.load(root, lang)
