"""Which report, for which period, as of which day, and whether the register is fit to report on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pdca import i18n
from pdca.domain import periods
from pdca.domain.closed_loop import latest_recorded
from pdca.domain.periods import Period
from pdca.engine import report_data
from pdca.engine.lint import check
from pdca.errors import PdcaError
from pdca.model.diagnostic import Diagnostic, Severity
from pdca.model.register import Register


@dataclass(frozen=True)
class Request:
    kind: str
    period: Period
    as_of: dt.date


_DEFAULT_KIND = {"month": "monthly", "half": "self-check", "year": "annual"}


def request(registers: list[Register], kind: str | None, month: str | None, half: str | None, year: str | None,
            as_of: dt.date | None, today: dt.date, lang: str) -> Request:
    """Which report, for which period, as of which day.  Deterministic: with no --as-of the day comes
    from the period (its last day; for a half-year's self-check, the latest 自查自验 covering it) or,
    for the register list, from the register itself, never from the clock.  A period no cycle of the
    register covers, or written wrongly, is refused with the range the register knows."""
    config = registers[0].config
    assert config is not None
    if sum(x is not None for x in (month, half, year)) > 1:
        raise PdcaError(i18n.text("cli.one_period", lang))
    first, last = periods.span(config)
    where = {"start": first, "end": last}
    given = month or half or year
    try:
        if half is not None:
            period: Period | None = periods.half(half)
        elif year is not None:
            period = periods.year(year)
        elif month is not None:
            period = periods.month(month)
        else:
            period = None
    except ValueError:
        raise PdcaError(i18n.text("report.bad_period", lang, value=given, **where)) from None
    if period is None:
        wanted = kind or "monthly"
        if wanted == "register":
            day = as_of or latest_recorded(registers[0])
            return Request(wanted, periods.month_of(day), day)
        default = {"self-check": periods.default_half, "annual": periods.default_year}.get(wanted, periods.default_month)
        period = default(config, today)
        if period is None:
            raise PdcaError(i18n.text("report.not_begun", lang, **where, cycle=config.cycle.id))
    for register in registers:
        assert register.config is not None
        if not periods.known(register.config, period):
            low, high = periods.span(register.config)
            raise PdcaError(i18n.text("report.outside_cycles", lang, period=period.label(lang), start=low,
                                          end=high, register=register.name))
    chosen = kind or _DEFAULT_KIND[period.kind]
    if as_of is None:
        as_of = (max(report_data.self_check_as_of(r, period) for r in registers) if chosen == "self-check"
                 else period.end)
    return Request(chosen, period, as_of)


def blocking_errors(registers: list[Register], as_of: dt.date) -> list[Diagnostic]:
    """The errors `pdca check` finds that a report must not silently stand on (waived ones excepted)."""
    return [d for d in check(registers, as_of).diagnostics if d.severity is Severity.ERROR and d.waiver is None]
