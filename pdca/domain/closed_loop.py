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
from weakref import WeakKeyDictionary

from pdca.domain.dates import add_days, add_months
from pdca.domain.periods import cycle_of, half_year
from pdca.model.entities import (
    COMPLETED,
    NOT_A_REPEAT,
    UNFINISHED,
    Action,
    Check,
    Config,
    Extension,
    Finding,
    Measure,
    Risk,
)
from pdca.model.register import Register

Escalation = Literal["notice", "assessment", "accountability"]
ESCALATIONS: tuple[Escalation, ...] = ("notice", "assessment", "accountability")
DEFAULT_THRESHOLDS: dict[str, int] = {"notice": 1, "assessment": 31, "accountability": 91}


@dataclass(frozen=True, slots=True)
class MeasureState:
    status: str  # the status as of the date
    overdue: bool
    days_overdue: int
    days_left: int | None  # days until the due date while not overdue (0: due today); None without one


@dataclass(frozen=True, slots=True)
class FindingState:
    as_of: dt.date
    check: Check
    status: str | None  # the status as of the date; None: its check is later, it was not found yet
    effective_deadline: dt.date | None  # the deadline, moved by the latest extension approved by the date
    extension: Extension | None  # that extension
    overdue: bool  # judged against the effective deadline
    days_overdue: int
    days_left: int | None  # days until the effective deadline while not overdue (0: due today); None without one
    repeat: bool  # 屡查屡犯 confirmed by 纪检: `repeat_of` names an earlier finding
    repeat_source: str | None  # the earlier finding this one repeats (confirmed)
    repeat_depth: int  # 1: a repeat, 2: a repeat of a repeat, ... (confirmed links only)
    repeat_suspected: tuple[str, ...]  # same risk, done before this was found; awaiting 纪检's word
    escalation: Escalation | None  # the suggested step (建议), never a decision
    escalation_since: dt.date | None  # the day the suggested step was first reached
    actions: tuple[Action, ...]  # recorded decisions dated on or before the date
    action: Escalation | None  # the strongest of them
    awaiting_verification: bool  # done (整改完成) and not yet closed (销号)
    days_awaiting_verification: int
    carried_over: bool  # found before the cycle of the date began and not yet closed (销号)

    @property
    def action_pending(self) -> bool:
        """A suggested step stronger than any decision recorded by the date (建议处理 not yet acted on)."""
        return self.escalation is not None and rank(self.action) < rank(self.escalation)

    @property
    def action_pending_days(self) -> int:
        """Days the suggested step has been stronger than any recorded decision (0: none outstanding)."""
        if not self.action_pending or self.escalation_since is None:
            return 0
        return max((self.as_of - self.escalation_since).days, 0)


def days_until(due: dt.date | None, as_of: dt.date) -> int | None:
    """Days from the as-of date to a due date not yet passed (0: due that day); None when there is
    none, or it has passed (then it is days overdue that count)."""
    return (due - as_of).days if due is not None and due >= as_of else None


def rank(step: str | None) -> int:
    """0 for none, 1 通报, 2 考核, 3 问责."""
    return ESCALATIONS.index(step) + 1 if step in ESCALATIONS else 0


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
    """The strongest step that applies: by days overdue, and 考核 for a confirmed repeat, 问责 for a
    confirmed repeat of a repeat."""
    step = max(_by_days(days_overdue, limits), _by_repeat(repeat_depth))
    return ESCALATIONS[step - 1] if step else None


def _by_days(days_overdue: int, limits: dict[str, int]) -> int:
    for step in (3, 2, 1):
        if days_overdue >= limits[ESCALATIONS[step - 1]]:
            return step
    return 0


def _by_repeat(repeat_depth: int) -> int:
    return min(repeat_depth + 1, 3) if repeat_depth else 0


def effective_deadline(finding: Finding, as_of: dt.date) -> tuple[dt.date | None, Extension | None]:
    """The deadline in force on a date: the `until` of the latest extension approved by then."""
    approved = [e for e in finding.extensions if e.date <= as_of]
    if not approved:
        return finding.deadline, None
    latest = max(enumerate(approved), key=lambda pair: (pair[1].date, pair[0]))[1]
    return latest.until, latest


def recorded_actions(finding: Finding, as_of: dt.date) -> tuple[tuple[Action, ...], Escalation | None]:
    """The decisions recorded by a date, and the strongest of them."""
    actions = tuple(a for a in finding.actions if a.date <= as_of)
    strongest = max((a.kind for a in actions), key=rank, default=None)
    return actions, strongest


class State:
    """The computed state of one register as of a date."""

    def __init__(self, register: Register, as_of: dt.date) -> None:
        self.register = register
        self.as_of = as_of
        self.limits = thresholds(register.config)
        cycle = cycle_of(register.config, as_of) if register.config else None
        self._cycle_start = cycle.start if cycle else None
        self.measures: dict[int, MeasureState] = {}
        for risk in register.risks:
            for measure in risk.measures:
                self.measures[id(measure)] = self._measure(measure)
        self.findings: dict[int, FindingState] = {}
        self._sources = self._confirmed_sources()
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
            return MeasureState(status, True, (self.as_of - measure.due).days, None)
        return MeasureState(status, False, 0, days_until(measure.due, self.as_of))

    def _confirmed_sources(self) -> dict[int, Finding]:
        """Each finding -> the earlier finding its `repeat_of` names (屡查屡犯 confirmed by 纪检)."""
        sources: dict[int, Finding] = {}
        for check in self.register.checks:
            for finding in check.findings:
                earlier = confirmed_source(self.register, check, finding)
                if earlier is not None:
                    sources[id(finding)] = earlier
        return sources

    def suspected(self, check: Check, finding: Finding) -> tuple[str, ...]:
        """Earlier findings on the same risk that were done (or closed) before this one was found, when
        纪检 has not yet said whether this is a repeat (`repeat_of` absent): candidates, never a repeat."""
        if finding.repeat_of == NOT_A_REPEAT or finding.risk is None:
            return ()
        if finding.repeat_of is not None and confirmed_source(self.register, check, finding) is not None:
            return ()
        candidates = [
            other for _, other in self.register.index.findings_by_risk.get(finding.risk, ())
            if other is not finding and other.status in COMPLETED and other.done is not None
            and other.done < check.date
        ]
        return tuple(f.id for f in sorted(candidates, key=lambda f: (f.done, f.id)))

    def _depth(self, finding: Finding) -> int:
        depth, seen = 0, {id(finding)}
        current = self._sources.get(id(finding))
        while current is not None:
            depth += 1
            if id(current) in seen:  # a loop of repeat_of links
                break
            seen.add(id(current))
            current = self._sources.get(id(current))
        return depth

    def _finding(self, check: Check, finding: Finding) -> FindingState:
        as_of = self.as_of
        status = finding_status(check, finding, as_of)
        deadline, extension = effective_deadline(finding, as_of)
        overdue = status in UNFINISHED and not finding.long_term and deadline is not None and deadline < as_of
        days = (as_of - deadline).days if overdue and deadline is not None else 0
        found = status is not None
        source = self._sources.get(id(finding)) if found else None
        depth = self._depth(finding) if source is not None else 0
        step = escalation_for(days, depth, self.limits)
        actions, strongest = recorded_actions(finding, as_of) if found else ((), None)
        waiting = status == "done"
        waited = (as_of - finding.done).days if waiting and finding.done is not None else 0
        carried = (status in (*UNFINISHED, "done") and self._cycle_start is not None
                   and check.date < self._cycle_start)
        return FindingState(
            as_of=as_of,
            check=check,
            status=status,
            effective_deadline=deadline,
            extension=extension,
            overdue=overdue,
            days_overdue=days,
            days_left=None if overdue else days_until(deadline, as_of),
            repeat=source is not None,
            repeat_source=source.id if source is not None else None,
            repeat_depth=depth,
            repeat_suspected=self.suspected(check, finding) if found else (),
            escalation=step,
            escalation_since=_since(step, deadline, days, depth, check, self.limits),
            actions=actions,
            action=strongest,
            awaiting_verification=waiting,
            days_awaiting_verification=waited,
            carried_over=carried,
        )


def confirmed_source(register: Register, check: Check, finding: Finding) -> Finding | None:
    """The finding `repeat_of` names, when it can be a repeat of it: a finding of this register found by
    a check dated before this one (a repeat follows rectification; the same day, itself, a later one or
    a loop cannot).  None otherwise: the rules report a bad link, and it confirms nothing."""
    named = finding.repeat_of
    if named is None or named == NOT_A_REPEAT or named == finding.id:
        return None
    earlier = register.index.findings.get(named)
    return earlier[1] if earlier is not None and earlier[0].date < check.date else None


def _since(step: Escalation | None, deadline: dt.date | None, days: int, depth: int, check: Check,
           limits: dict[str, int]) -> dt.date | None:
    """The day the suggested step was first reached: when the lateness crossed its threshold, or the
    day the check found a confirmed repeat, whichever came first."""
    if step is None:
        return None
    wanted = rank(step)
    dates = []
    if deadline is not None and _by_days(days, limits) >= wanted:
        dates.append(add_days(deadline, limits[step]))
    if _by_repeat(depth) >= wanted:
        dates.append(check.date)
    return min(dates) if dates else None


def finding_status(check: Check, finding: Finding, as_of: dt.date) -> str | None:
    """A finding's status as of a date, from the dates it records (None: not found yet)."""
    if check.date > as_of:
        return None
    closed = finding.closed
    if finding.status == "closed" and closed is not None and closed.date <= as_of:
        return "closed"
    if finding.status in COMPLETED:
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


def covered_half(check: Check) -> str:
    """The half-year a check covers: its `period`, else the half-year of its date."""
    return check.period or half_year(check.date)[2]


def self_checks(register: Register, half: str) -> list[Check]:
    """The 自查自验 checks that cover a half-year (e.g. 2024H1)."""
    return [c for c in register.checks if c.source == "自查自验" and covered_half(c) == half]


def self_check_gaps(register: Register, half: str) -> list[str]:
    """Departments responsible for a risk that no 自查自验 covering the half-year (e.g. 2024H1) listed,
    in the order of pdca.yaml.  A body with no duty to self-check (`self_check: false`, e.g. 公司领导班子)
    is never a gap."""
    exempt = {d.id for d in register.config.departments if not d.self_check} if register.config else set()
    in_scope = {r.department for r in register.risks
                if r.department is not None and r.retired is None and r.department not in exempt}
    covered = {department for check in self_checks(register, half) for department in check.departments}
    order = [d.id for d in register.config.departments] if register.config else []
    missing = in_scope - covered
    return [d for d in order if d in missing] + sorted(missing - set(order))


def latest_recorded(register: Register) -> dt.date:
    """The latest day the register records something happening (identified, reviewed, a stage moved, a
    measure or finding done, a check held, an extension approved, a decision, an activity), kept within
    the current cycle: the as-of date of a report that names no period."""
    days: list[dt.date] = []
    for risk in register.risks:
        days += [d for d in (risk.identified, risk.reviewed) if d is not None]
        days += [h.date for h in risk.history]
        days += [m.done for m in risk.measures if m.done is not None]
        if risk.retired is not None:
            days.append(risk.retired.date)
    for check in register.checks:
        days.append(check.date)
        for finding in check.findings:
            days += [d for d in (finding.done, finding.closed.date if finding.closed else None) if d is not None]
            days += [e.date for e in finding.extensions] + [a.date for a in finding.actions]
            days += [h.date for h in finding.history]
    days += [a.date for a in register.activities]
    assert register.config is not None
    cycle = register.config.cycle
    return max(cycle.start, min(max(days, default=cycle.start), cycle.end))


def state_of(register: Register, as_of: dt.date) -> State:
    """The register's state as of a date, computed once per register and date."""
    states = _STATES.setdefault(register, {})
    if as_of not in states:
        states[as_of] = State(register, as_of)
    return states[as_of]


_STATES: WeakKeyDictionary[Register, dict[dt.date, State]] = WeakKeyDictionary()
