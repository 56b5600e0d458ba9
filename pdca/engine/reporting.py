"""Which report, for which period, as of which day, and whether the register is fit to report on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pdca import i18n
from pdca.domain import periods
from pdca.domain.closed_loop import latest_recorded
from pdca.domain.periods import Period
from pdca.engine import report_data
from pdca.engine.lint import blocking
from pdca.errors import PdcaError
from pdca.model.diagnostic import Diagnostic
from pdca.model.register import Register


@dataclass(frozen=True)
class Request:
    kind: str
    period: Period
    as_of: dt.date


_DEFAULT_KIND = {"month": "monthly", "half": "self-check", "year": "annual", "cycle": "annual"}
#: the periods each kind covers; a month given for a half-year's self-check means its half-year
_PERIODS = {"monthly": ("month",), "self-check": ("half",), "annual": ("year", "cycle")}


def request(registers: list[Register], kind: str | None, month: str | None, half: str | None, year: str | None,
            as_of: dt.date | None, today: dt.date, lang: str) -> Request:
    """Which report, for which period, as of which day.

    The as-of date, unless given, is the period's last day (for a half-year's self-check, the latest
    自查自验 covering it; for the register list and the 权职目录, the latest date the register records), but never after
    today, nor after the last cycle the register knows: pdca does not say a unit is late on a day that
    has not come.  So a finished period always gives the same report.  With no period: the latest month
    of the current cycle that has begun, the latest half-year that has ended, the current cycle.  A
    period no cycle of the register covers, written wrongly, or of the wrong kind for the report, and
    an as-of date before the period, are refused with what would be right."""
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
        if wanted in ("register", "powers"):  # a list of what the register holds, as of its latest day
            day = as_of or min(latest_recorded(registers[0]), today)
            return Request(wanted, periods.month_of(day), day)
        choose = {"self-check": periods.default_half, "annual": periods.default_cycle}.get(wanted, periods.default_month)
        period = choose(config, today)
        if period is None:
            raise PdcaError(i18n.text("report.not_begun", lang, **where, cycle=config.cycle.id))
    chosen = kind or _DEFAULT_KIND[period.kind]
    period = _fit(chosen, period, config, lang)
    for register in registers:
        assert register.config is not None
        if not periods.known(register.config, period):
            low, high = periods.span(register.config)
            raise PdcaError(i18n.text("report.outside_cycles", lang, period=period.label(lang), start=low,
                                      end=high, register=register.name))
    if as_of is not None:
        if as_of < period.start:
            raise PdcaError(i18n.text("report.as_of_before", lang, as_of=as_of, period=period.label(lang),
                                      start=period.start))
        return Request(chosen, period, as_of)
    end = (max(report_data.self_check_as_of(r, period) for r in registers) if chosen == "self-check"
           else period.end)
    return Request(chosen, period, max(period.start, min(end, today, last)))


def _fit(kind: str, period: Period, config: Any, lang: str) -> Period:
    """The period a kind of report covers: a month means its half-year for a self-check and its cycle
    for the annual review; a monthly 通报 needs a month."""
    allowed = _PERIODS.get(kind)
    if allowed is None or period.kind in allowed:
        return period
    if kind == "self-check" and period.kind == "month":
        return periods.half(periods.half_year(period.end)[2])
    if kind == "annual" and period.kind in ("month", "half"):
        return periods.cycle_period(periods.cycle_of(config, period.end))
    option = {"monthly": "--month", "self-check": "--half", "annual": "--year"}[kind]
    raise PdcaError(i18n.text("report.wrong_period", lang, kind=i18n.text(f"report.kind.{kind}", lang), option=option))


def blocking_errors(registers: list[Register], as_of: dt.date) -> list[Diagnostic]:
    """The errors `pdca check` finds that a report must not silently stand on (waived ones excepted)."""
    return blocking(registers, as_of)
