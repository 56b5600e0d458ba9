"""Periods a report covers (a month, a half-year, a year) and the cycles of a register.

A register knows its current cycle (`cycle:` in pdca.yaml) and the earlier ones (`past_cycles:`,
appended by `pdca cycle start`).  A report may cover a period that overlaps one of them; anything else
is refused with the range that is known, so a typo (`--year 24`) never gives an empty report.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pdca import i18n

if TYPE_CHECKING:  # not imported by `--as-of` alone: the models and pydantic are not on a warm check's path
    from pdca.model.entities import Config, Cycle


@dataclass(frozen=True)
class Period:
    kind: str  # month | half | year
    start: dt.date
    end: dt.date
    key: str  # 2024-06 | 2024H1 | 2024

    def label(self, lang: str) -> str:
        year = self.start.year
        if self.kind == "cycle":
            calendar_year = (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) \
                and year == self.end.year
            return i18n.text("period.year", lang, year=year) if calendar_year else \
                i18n.text("period.cycle", lang, id=self.key)
        if self.kind == "month":
            return i18n.text("period.month", lang, year=year, month=self.start.month,
                             month_name=i18n.text(f"month.{self.start.month}", lang))
        if self.kind == "half":
            return i18n.text(f"period.half.{1 if self.start.month == 1 else 2}", lang, year=year)
        return i18n.text("period.year", lang, year=year)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


# The forms people type for a day, a month, a half-year and a year: one parser each, used by every
# option that takes one (--as-of, --date, --until, --due, --deadline, --start, --end; --month, --half,
# --year).  Full-width digits and marks (２０２４－０６, typed with a Chinese input method) count as
# their ASCII forms.
_DAYS = tuple(re.compile(form) for form in (
    r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{4})/(\d{1,2})/(\d{1,2})", r"(\d{4})\.(\d{1,2})\.(\d{1,2})",
    r"(\d{4})年(\d{1,2})月(\d{1,2})日?", r"(\d{4})(\d{2})(\d{2})"))
_MONTH = re.compile(r"(\d{4})(?:[-/.](\d{1,2})|年(\d{1,2})月?)\Z")
_HALF = re.compile(r"(\d{4})(?:\s*[-/.]?\s*[Hh]([12])|年?([上下])半年度?)\Z")
_YEAR = re.compile(r"(\d{4})(?:年度?)?\Z")
#: what each kind is shown with when a value is refused (never a value that is refused)
EXAMPLES = {"day": "2024-06-30", "month": "2024-06", "half": "2024H1", "year": "2024"}


def _typed(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def day(text: str) -> dt.date:
    """2024-06-30 (also 2024-6-30, 2024/06/30, 2024.6.30, 2024年6月30日, 20240630)."""
    typed = _typed(text)
    for form in _DAYS:
        found = form.fullmatch(typed)
        if found:
            year_number, month_number, day_number = map(int, found.groups())
            return dt.date(year_number, month_number, day_number)  # ValueError for 2024-02-30 or year 0
    raise ValueError(text)


def day_or_month_end(text: str) -> dt.date:
    """A day as `day` reads it, or a month (2025年12月, 2025.12, 2025-12) read as its last day: a deadline
    written by the month means the end of it."""
    try:
        return day(text)
    except ValueError:
        return month(text).end


def month(key: str) -> Period:
    """2024-06 (also 2024-6, 2024/6, 2024.6, 2024年6月)."""
    found = _MONTH.match(_typed(key))
    if not found:
        raise ValueError(key)
    year_number, number = int(found.group(1)), int(found.group(2) or found.group(3))
    if not 1 <= number <= 12 or year_number < 1:
        raise ValueError(key)
    last = calendar.monthrange(year_number, number)[1]
    return Period("month", dt.date(year_number, number, 1), dt.date(year_number, number, last),
                  f"{year_number:04d}-{number:02d}")


def half(key: str) -> Period:
    """2024H1 or 2024H2 (also 2024h1, 2024-H1, 2024 H1, 2024年上半年, 2024下半年)."""
    found = _HALF.match(_typed(key))
    if not found or int(found.group(1)) < 1:
        raise ValueError(key)
    first = found.group(2) == "1" or found.group(3) == "上"
    start, end, label = half_year(dt.date(int(found.group(1)), 1 if first else 7, 1))
    return Period("half", start, end, label)


def year(key: str) -> Period:
    """2024 (four digits; also 2024年, 2024年度)."""
    found = _YEAR.match(_typed(key))
    if not found or int(found.group(1)) < 1:
        raise ValueError(key)
    number = int(found.group(1))
    return Period("year", dt.date(number, 1, 1), dt.date(number, 12, 31), f"{number:04d}")


PARSERS = {"month": month, "half": half, "year": year}


def example(kind: str, text: str) -> str:
    """What to write instead of a refused `text` for a `kind` (day, month, half, year): made from what was
    typed when it is a day or period of another kind (2024-06 for --as-of gives 2024-06-30), else the
    kind's usual example.  Never `text` itself, which was refused."""
    end = _end_of_any(text)
    if end is None:
        return EXAMPLES[kind]
    if kind == "day":
        return end.isoformat()
    if kind == "half":
        return half_year(end)[2]
    return month_of(end).key if kind == "month" else f"{end.year:04d}"


def _end_of_any(text: str) -> dt.date | None:
    """The last day of what `text` is as any kind, or None when it is none of them."""
    try:
        return day(text)
    except ValueError:
        pass
    for parse in PARSERS.values():
        try:
            return parse(text).end
        except ValueError:
            continue
    return None


def month_of(day: dt.date) -> Period:
    return month(f"{day.year:04d}-{day.month:02d}")


def half_year(day: dt.date) -> tuple[dt.date, dt.date, str]:
    """(first day, last day, label like 2024H1) of the half-year containing `day`."""
    if day.month <= 6:
        return dt.date(day.year, 1, 1), dt.date(day.year, 6, 30), f"{day.year}H1"
    return dt.date(day.year, 7, 1), dt.date(day.year, 12, 31), f"{day.year}H2"


def cycles(config: Config) -> list[Cycle]:
    """Every cycle the register knows, oldest first, the current one last."""
    return sorted(config.past_cycles, key=lambda c: c.start) + [config.cycle]


def cycle_of(config: Config, day: dt.date) -> Cycle:
    """The cycle a day belongs to: the known cycle containing it, else the current cycle."""
    for cycle in reversed(cycles(config)):
        if cycle.start <= day <= cycle.end:
            return cycle
    return config.cycle


def known(config: Config, period: Period) -> bool:
    """Whether a period overlaps a cycle the register knows."""
    return any(c.start <= period.end and period.start <= c.end for c in cycles(config))


def span(config: Config) -> tuple[dt.date, dt.date]:
    """The first and last day of the cycles the register knows."""
    known_cycles = cycles(config)
    return min(c.start for c in known_cycles), max(c.end for c in known_cycles)


def default_month(config: Config, today: dt.date) -> Period | None:
    """The latest month of the current cycle that is not after today (None: the cycle has not begun)."""
    cycle = config.cycle
    if today < cycle.start:
        return None
    return month_of(min(today, cycle.end))


def default_half(config: Config, today: dt.date) -> Period | None:
    """The latest half-year of the known cycles that has ended by today (a self-check looks back on a
    half that is over), else the half-year of the current cycle that has begun."""
    found = default_month(config, today)
    if found is None:
        return None
    first, _ = span(config)
    current = half(half_year(found.start)[2])
    previous = half(half_year(current.start - dt.timedelta(days=1))[2])
    if current.end <= today:
        return current
    return previous if previous.end >= first else current


def cycle_period(cycle: Cycle) -> Period:
    """A whole cycle as a period (the annual review covers the cycle, whatever months it spans)."""
    return Period("cycle", cycle.start, cycle.end, cycle.id)


def default_cycle(config: Config, today: dt.date) -> Period | None:
    """The current cycle, once it has begun."""
    return cycle_period(config.cycle) if today >= config.cycle.start else None
