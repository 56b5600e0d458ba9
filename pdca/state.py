"""Closed-loop state as of a date: overdue, repeats (屡查屡犯), escalation (通报/考核/问责), waiting for 销号.

All of it is computed, never stored (register-format.md, "Computed, never stored"), in this one place;
rules, `status`, `export` and the reports read it from here.

"As of" is taken literally, from the dates the register records: a finding whose check is dated after
the as-of date was not found yet; one marked done (or closed) on a later date was still being rectified
then; a measure done later was still in progress.  So a report for June made in November from the same
register says what June looked like.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard

from pdca.dates import add_months
from pdca.models import Check, Config, Finding, Measure, Risk
from pdca.register import Register

Escalation = Literal["notice", "assessment", "accountability"]
ESCALATIONS: tuple[Escalation, ...] = ("notice", "assessment", "accountability")
DEFAULT_THRESHOLDS: dict[str, int] = {"notice": 1, "assessment": 31, "accountability": 91}
UNFINISHED = ("open", "rectifying")


@dataclass(frozen=True, slots=True)
class MeasureState:
    status: str  # the status as of the date
    overdue: bool
    days_overdue: int


@dataclass(frozen=True, slots=True)
class FindingState:
    check: Check
    status: str | None  # the status as of the date; None: its check is later, it was not found yet
    overdue: bool
    days_overdue: int
    repeat: bool
    repeat_source: str | None  # the earlier finding this one repeats
    repeat_depth: int  # 1: a repeat, 2: a repeat of a repeat, ...
    escalation: Escalation | None
    awaiting_verification: bool  # done (整改完成) and not yet closed (销号)
    days_awaiting_verification: int
    carried_over: bool  # found before the current cycle and still unfinished


def whole_days(value: Any) -> TypeGuard[int]:
    """A number of days pdca.yaml may set: a whole number, at least 1 (not true/false)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def thresholds(config: Config | None) -> dict[str, int]:
    """Days overdue at which each escalation step starts; `rules: {escalation: {...}}` in pdca.yaml.
    Values that are not whole numbers are ignored here (the linter reports them)."""
    result = dict(DEFAULT_THRESHOLDS)
    configured = config.rules.get("escalation") if config is not None else None
    if isinstance(configured, dict):
        for step in ESCALATIONS:
            value = configured.get(step)
            if whole_days(value):
                result[step] = value
    return result


def escalation_for(days_overdue: int, repeat_depth: int, limits: dict[str, int]) -> Escalation | None:
    """The strongest step that applies: by days overdue, and 考核 for a repeat, 问责 for a repeat of one."""
    rank = 0
    if days_overdue >= limits["accountability"]:
        rank = 3
    elif days_overdue >= limits["assessment"]:
        rank = 2
    elif days_overdue >= limits["notice"]:
        rank = 1
    rank = max(rank, min(repeat_depth + 1, 3) if repeat_depth else 0)
    return ESCALATIONS[rank - 1] if rank else None


class State:
    """The computed state of one register as of a date."""

    def __init__(self, register: Register, as_of: dt.date) -> None:
        self.register = register
        self.as_of = as_of
        self.limits = thresholds(register.config)
        cycle = register.config.cycle if register.config else None
        self._cycle_start = cycle.start if cycle else None
        self.measures: dict[int, MeasureState] = {}
        for risk in register.risks:
            for measure in risk.measures:
                self.measures[id(measure)] = self._measure(measure)
        self.findings: dict[int, FindingState] = {}
        self._sources = self._repeat_sources()
        for check in register.checks:
            for finding in check.findings:
                self.findings[id(finding)] = self._finding(check, finding)

    def measure(self, measure: Measure) -> MeasureState:
        return self.measures[id(measure)]

    def finding(self, finding: Finding) -> FindingState:
        return self.findings[id(finding)]

    def _measure(self, measure: Measure) -> MeasureState:
        status = measure_status(measure, self.as_of)
        if measure.due is not None and measure.due < self.as_of and status in ("planned", "in_progress"):
            return MeasureState(status, True, (self.as_of - measure.due).days)
        return MeasureState(status, False, 0)

    def _repeat_sources(self) -> dict[int, Finding | str]:
        """Each finding -> the earlier finding it repeats: its `repeat_of`, or else the latest finding on
        the same risk that was done (or closed) before the date of the check that found this one."""
        index = self.register.index
        sources: dict[int, Finding | str] = {}
        for check in self.register.checks:
            for finding in check.findings:
                if finding.repeat_of is not None and finding.repeat_of != finding.id:
                    # named by hand; an unknown id is still a repeat (unknown-reference reports it)
                    earlier = index.findings.get(finding.repeat_of)
                    sources[id(finding)] = earlier[1] if earlier is not None else finding.repeat_of
                    continue
                if finding.repeat_of is not None:
                    continue
                if finding.risk is None:
                    continue
                candidates = [
                    other for _, other in index.findings_by_risk.get(finding.risk, ())
                    if other is not finding and other.status in ("done", "closed")
                    and other.done is not None and other.done < check.date
                ]
                if candidates:
                    sources[id(finding)] = max(candidates, key=lambda f: (f.done, f.id))
        return sources

    def _depth(self, finding: Finding) -> int:
        depth, seen = 0, {id(finding)}
        current = self._sources.get(id(finding))
        while current is not None:
            depth += 1
            if isinstance(current, str) or id(current) in seen:  # unknown, or a loop of repeat_of links
                break
            seen.add(id(current))
            current = self._sources.get(id(current))
        return depth

    def _finding(self, check: Check, finding: Finding) -> FindingState:
        as_of = self.as_of
        status = finding_status(check, finding, as_of)
        overdue = (
            status in UNFINISHED and not finding.long_term
            and finding.deadline is not None and finding.deadline < as_of
        )
        days = (as_of - finding.deadline).days if overdue and finding.deadline is not None else 0
        source = self._sources.get(id(finding)) if status is not None else None
        depth = self._depth(finding) if source is not None else 0
        waiting = status == "done"
        waited = (as_of - finding.done).days if waiting and finding.done is not None else 0
        carried = status in UNFINISHED and self._cycle_start is not None and check.date < self._cycle_start
        return FindingState(
            check=check,
            status=status,
            overdue=overdue,
            days_overdue=days,
            repeat=source is not None,
            repeat_source=source if isinstance(source, str) or source is None else source.id,
            repeat_depth=depth,
            escalation=escalation_for(days, depth, self.limits),
            awaiting_verification=waiting,
            days_awaiting_verification=waited,
            carried_over=carried,
        )


def finding_status(check: Check, finding: Finding, as_of: dt.date) -> str | None:
    """A finding's status as of a date, from the dates it records (None: not found yet)."""
    if check.date > as_of:
        return None
    closed = finding.closed
    if finding.status == "closed" and closed is not None and closed.date <= as_of:
        return "closed"
    if finding.status in ("done", "closed"):
        return "done" if finding.done is not None and finding.done <= as_of else "rectifying"
    return finding.status


def measure_status(measure: Measure, as_of: dt.date) -> str:
    """A measure's status as of a date: one done later was still in progress."""
    if measure.status == "done" and measure.done is not None and measure.done > as_of:
        return "in_progress"
    return measure.status


def review_due(risk: Risk, months: int) -> dt.date | None:
    """When a risk is next due for review (dynamic management): `months` after its last review, or
    after it was identified when it was never reviewed."""
    last = risk.reviewed or risk.identified
    return add_months(last, months) if last is not None else None


def days_in_stage(risk: Risk, as_of: dt.date) -> int | None:
    since = stage_since(risk)
    return (as_of - since).days if since is not None else None


def review_overdue(risk: Risk, months: int, as_of: dt.date) -> dt.date | None:
    """The review date a risk in use has missed by `as_of` (rule review-stale, `pdca status`), else None."""
    due = review_due(risk, months)
    return due if risk.retired is None and due is not None and due < as_of else None


def stalled(risk: Risk, as_of: dt.date, limit: int) -> int | None:
    """Days a risk in use has stood in a stage other than A, when more than `limit` (rule stage-stalled,
    `pdca status`), else None."""
    days = days_in_stage(risk, as_of)
    return days if risk.stage != "A" and risk.retired is None and days is not None and days > limit else None


def stage_as_of(risk: Risk, as_of: dt.date) -> str | None:
    """The stage a risk stood in on a date, from its history (None: not identified yet, or retired)."""
    if risk.identified is not None and risk.identified > as_of:
        return None
    if risk.retired is not None and risk.retired.date <= as_of:
        return None
    stage = None
    for entry in risk.history:
        if entry.date <= as_of:
            stage = entry.stage
    if stage is not None:
        return stage
    return "P" if risk.history else risk.stage


def stage_since(risk: Risk) -> dt.date | None:
    """The day the risk entered its current stage: its latest history entry for that stage, else the
    day it was identified."""
    for entry in reversed(risk.history):
        if entry.stage == risk.stage:
            return entry.date
    return risk.identified


def half_year(day: dt.date) -> tuple[dt.date, dt.date, str]:
    """(first day, last day, label like 2024H1) of the half-year containing `day`."""
    if day.month <= 6:
        return dt.date(day.year, 1, 1), dt.date(day.year, 6, 30), f"{day.year}H1"
    return dt.date(day.year, 7, 1), dt.date(day.year, 12, 31), f"{day.year}H2"


def covered_half(check: Check) -> str:
    """The half-year a check covers: its `period`, else the half-year of its date."""
    return check.period or half_year(check.date)[2]


def self_checks(register: Register, half: str) -> list[Check]:
    """The 自查自验 checks that cover a half-year (e.g. 2024H1)."""
    return [c for c in register.checks if c.source == "自查自验" and covered_half(c) == half]


def self_check_gaps(register: Register, half: str) -> list[str]:
    """Departments responsible for a risk that no 自查自验 covering the half-year (e.g. 2024H1) listed,
    in the order of pdca.yaml."""
    in_scope = {r.department for r in register.risks if r.department is not None and r.retired is None}
    covered = {department for check in self_checks(register, half) for department in check.departments}
    order = [d.id for d in register.config.departments] if register.config else []
    missing = in_scope - covered
    return [d for d in order if d in missing] + sorted(missing - set(order))


def state_of(register: Register, as_of: dt.date) -> State:
    """The register's state as of a date, computed once per register and date."""
    key = ("state", as_of)
    if key not in register.cache:
        register.cache[key] = State(register, as_of)
    state: State = register.cache[key]
    return state
