"""Every count and rate pdca prints, defined and computed here once.

The monthly 通报, the 统计情况表, the four lists, the annual review, `pdca status` and `pdca export` read
their numbers from these functions, so the same register and date give the same figures everywhere.

Definitions (each report's note repeats the ones it uses):

* The cycle's findings (问题累计): every finding found in the cycle up to the as-of date, and those found
  earlier that were not yet closed (销号) when the cycle began: an item carries into the next cycle and
  stays counted until it is closed.
* 已完成: done (整改完成) or closed (已销号) by the as-of date.  正在推进: not yet done.  长期坚持: a
  `long_term` item not yet done; it is tracked, never overdue, and counted in a column of its own.
* 整改完成率 = 已完成 ÷ (已完成 + 逾期未完成): an item not yet due is not a failure, and 长期坚持 items
  are left out.  销号率 = 已销号 ÷ 已完成.  A rate with nothing to count is shown as "—", never 0.0%.
* 建议 (suggested handling) counts findings whose computed step is 通报/考核/问责 as of the date; 已处理
  counts the decisions recorded in `actions` (by their date).
* Meeting decisions (会议决议督办) are counted as findings are: 已落实 = done or closed by the date, 逾期 as
  computed by the closed loop, 落实率 = 已落实 ÷ (已落实 + 逾期未落实).
* 两个责任: departments that signed the 责任书 of the cycle ÷ all departments; key posts that signed the 承诺书
  ÷ all key posts.  每月一课: months of the cycle ended by the date that had one ÷ those months.  廉洁谈话:
  departments in scope whose head had one in the cycle ÷ departments in scope (pdca.domain.duties).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from pdca.domain import campaigns, duties, scoring
from pdca.domain.closed_loop import FindingState, LoopState, State, stage_as_of, state_of
from pdca.domain.periods import Period, cycle_of
from pdca.model.entities import (
    ACTION_KINDS,
    ACTIVITY_KINDS,
    COMPLETED,
    STAGES,
    UNFINISHED,
    AssessmentSheet,
    Check,
    Cycle,
    Decision,
    Finding,
    Measure,
    Risk,
)
from pdca.model.register import Register

LEVELS = (1, 2, 3)
NOTHING = "—"  # a rate with nothing to count


@dataclass(frozen=True, slots=True)
class Row:
    """A finding with its check and its state as of the date."""

    check: Check
    finding: Finding
    state: FindingState


def rate(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else NOTHING


def found(register: Register, state: State) -> list[Row]:
    """Every finding found by the as-of date, in check date and id order."""
    rows = []
    for check in register.checks:
        for finding in check.findings:
            computed = state.finding(finding)
            if computed.status is not None:
                rows.append(Row(check, finding, computed))
    rows.sort(key=lambda row: (row.check.date, row.finding.id))
    return rows


def waiting_for_decision(state: FindingState, days: int) -> bool:
    """A suggested step stronger than any decision recorded, for more than `days` days (处理意见未落实;
    rule action-pending, `pdca status`, the monthly 通报)."""
    return state.action_pending_days > days


def closed_before(finding: Finding, day: dt.date) -> bool:
    """Closed (销号) on a recorded date before `day`."""
    return finding.status == "closed" and finding.closed is not None and finding.closed.date < day


def workload(rows: list[Row], cycle: Cycle) -> list[Row]:
    """The cycle's findings: found in it, or found before it and not closed when it began."""
    return [r for r in rows if r.check.date >= cycle.start or not closed_before(r.finding, cycle.start)]


def carried(row: Row, cycle: Cycle) -> bool:
    """Found before the cycle began (and so carried into it)."""
    return row.check.date < cycle.start


# --- findings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingTally:
    found: int  # 问题累计
    new: int  # found in the period
    carried: int  # found before the cycle began
    completed: int  # 已完成 (整改完成 or 已销号)
    closed: int  # 已销号
    awaiting: int  # 整改完成, awaiting 销号
    in_progress: int  # 正在推进 (not 长期坚持)
    long_term: int  # 长期坚持, not yet done
    overdue: int  # 逾期未完成
    not_due: int  # 正在推进 and not yet due
    repeats: int  # 屡查屡犯 confirmed
    suspected: int  # 疑似屡查屡犯 awaiting 纪检's word
    completed_in_period: int
    closed_in_period: int
    newly_overdue: int  # overdue, with the effective deadline in the period
    waiting: int  # suggested handling with no matching decision for more than the allowed days
    suggested: dict[str, int] = field(default_factory=dict)  # 建议 by step, as of the date
    decided: dict[str, int] = field(default_factory=dict)  # 已处理 by kind, recorded in the period
    decided_total: dict[str, int] = field(default_factory=dict)  # 已处理 by kind, recorded by the date
    by_source: dict[str, int] = field(default_factory=dict)

    @property
    def rectification_rate(self) -> str:
        return rate(self.completed, self.completed + self.overdue)

    @property
    def closure_rate(self) -> str:
        return rate(self.closed, self.completed)


def findings(rows: list[Row], period: Period, cycle: Cycle, allowed_days: int = 15) -> FindingTally:
    status = Counter(r.state.status for r in rows)
    unfinished = [r for r in rows if r.state.status in UNFINISHED]
    suggested: Counter[str] = Counter(r.state.escalation for r in rows if r.state.escalation)
    decided: Counter[str] = Counter(a.kind for r in rows for a in r.state.actions if a.date in period)
    decided_total: Counter[str] = Counter(a.kind for r in rows for a in r.state.actions)
    return FindingTally(
        found=len(rows),
        new=sum(1 for r in rows if r.check.date in period),
        carried=sum(1 for r in rows if carried(r, cycle)),
        completed=status["done"] + status["closed"],
        closed=status["closed"],
        awaiting=status["done"],
        in_progress=sum(1 for r in unfinished if not r.finding.long_term),
        long_term=sum(1 for r in unfinished if r.finding.long_term),
        overdue=sum(1 for r in rows if r.state.overdue),
        not_due=sum(1 for r in unfinished if not r.finding.long_term and not r.state.overdue),
        repeats=sum(1 for r in rows if r.state.repeat),
        suspected=sum(1 for r in rows if r.state.repeat_suspected),
        completed_in_period=sum(1 for r in rows if r.state.status in COMPLETED and r.finding.done in period),
        closed_in_period=sum(1 for r in rows if r.state.status == "closed" and r.finding.closed is not None
                             and r.finding.closed.date in period),
        newly_overdue=sum(1 for r in rows if r.state.overdue and r.state.effective_deadline in period),
        waiting=sum(1 for r in rows if waiting_for_decision(r.state, allowed_days)),
        suggested={k: suggested[k] for k in ACTION_KINDS},
        decided={k: decided[k] for k in ACTION_KINDS},
        decided_total={k: decided_total[k] for k in ACTION_KINDS},
        by_source=dict(Counter(r.check.source for r in rows)),
    )


# --- measures and risks ----------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureTally:
    total: int  # 防控措施 in force: not dropped
    done: int
    in_progress: int
    planned: int
    dropped: int
    overdue: int
    due_in_period: int
    done_of_due_in_period: int


def due_measures(risks: list[Risk], state: State, period: Period) -> list[Measure]:
    """Measures in force whose due date falls in the period."""
    return [m for r in risks for m in r.measures if state.measure(m).status != "dropped" and m.due in period]


def measures(risks: list[Risk], state: State, period: Period) -> MeasureTally:
    status: Counter[str] = Counter()
    overdue = 0
    for risk in risks:
        for measure in risk.measures:
            computed = state.measure(measure)
            status[computed.status] += 1
            overdue += computed.overdue
    due_now = due_measures(risks, state, period)
    due, done_of_due = len(due_now), sum(1 for m in due_now if state.measure(m).status == "done")
    return MeasureTally(
        total=sum(status.values()) - status["dropped"], done=status["done"], in_progress=status["in_progress"],
        planned=status["planned"], dropped=status["dropped"], overdue=overdue, due_in_period=due,
        done_of_due_in_period=done_of_due,
    )


@dataclass(frozen=True)
class Timeliness:
    """按期: what fell due in a period, and how much of it was done by its (effective) deadline."""

    measures_due: int
    measures_on_time: int
    findings_due: int  # not 长期坚持, effective deadline passed by the as-of date (and in the period)
    findings_on_time: int

    @property
    def measures_rate(self) -> str:
        return rate(self.measures_on_time, self.measures_due)

    @property
    def findings_rate(self) -> str:
        return rate(self.findings_on_time, self.findings_due)


def timeliness(rows: list[Row], risks: list[Risk], state: State, period: Period, as_of: dt.date) -> Timeliness:
    due = due_measures(risks, state, period)
    on_time = sum(1 for m in due if state.measure(m).status == "done" and m.done and m.due and m.done <= m.due)
    last = min(as_of, period.end)
    findings_due = [r for r in rows if not r.finding.long_term and r.state.effective_deadline is not None
                    and r.state.effective_deadline <= last]
    done_on_time = sum(1 for r in findings_due
                       if r.state.status in COMPLETED and r.finding.done is not None
                       and r.state.effective_deadline is not None and r.finding.done <= r.state.effective_deadline)
    return Timeliness(len(due), on_time, len(findings_due), done_on_time)


@dataclass(frozen=True)
class RiskTally:
    total: int
    by_level: dict[int, int]
    unscored: int
    by_stage: dict[str, int]


def existing(register: Register, as_of: dt.date) -> list[Risk]:
    """Risks that existed on the as-of date (identified by then, not yet retired), by id."""
    return sorted((r for r in register.risks if stage_as_of(r, as_of) is not None), key=lambda r: r.id)


def risks(register: Register, members: list[Risk], as_of: dt.date) -> RiskTally:
    levels = Counter(scoring.level(register, r, as_of) for r in members)
    stages = Counter(stage_as_of(r, as_of) for r in members)
    return RiskTally(
        total=len(members),
        by_level={lv: levels.get(lv, 0) for lv in LEVELS},
        unscored=levels.get(None, 0),
        by_stage={st: stages.get(st, 0) for st in STAGES},
    )


def summary(register: Register, as_of: dt.date, allowed_days: int = 15) -> dict[str, Any]:
    """The cycle's totals as of a date, as plain data (`pdca export`): the same numbers the reports print."""
    assert register.config is not None
    state = state_of(register, as_of)
    cycle = cycle_of(register.config, as_of)
    whole = Period("cycle", cycle.start, cycle.end, cycle.id)
    members = existing(register, as_of)
    counted = findings(workload(found(register, state), cycle), whole, cycle, allowed_days)
    risk_counts = risks(register, members, as_of)
    return {
        "cycle": cycle.id,
        "risks": {"total": risk_counts.total, "by_level": {str(k): v for k, v in risk_counts.by_level.items()},
                  "unscored": risk_counts.unscored, "by_stage": risk_counts.by_stage},
        "measures": asdict(measures(members, state, whole)),
        "findings": {**asdict(counted), "rectification_rate": counted.rectification_rate,
                     "closure_rate": counted.closure_rate},
    }


# --- the records of the method: 会议决议督办, 两个责任, 三不 education, 专项整治 ---------------------


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """A meeting decision with its closed-loop state as of the date (the same computation as a finding's)."""

    decision: Decision
    state: LoopState


def decision_rows(register: Register, state: State, cycle: Cycle) -> list[DecisionRow]:
    """The cycle's meeting decisions by the as-of date, by meeting date and id: taken in the cycle, or
    earlier and not closed (销号) when it began, as for findings."""
    rows = []
    for decision in register.decisions:
        computed = state.decision(decision)
        if computed.status is None:
            continue
        closed_earlier = decision.status == "closed" and decision.closed is not None \
            and decision.closed.date < cycle.start
        if decision.date >= cycle.start or not closed_earlier:
            rows.append(DecisionRow(decision, computed))
    rows.sort(key=lambda row: (row.decision.date, row.decision.id))
    return rows


@dataclass(frozen=True)
class DecisionTally:
    total: int  # 决议事项 followed
    new: int  # taken at meetings in the period
    completed: int  # 已落实 (done) or 已销号 (closed)
    closed: int
    awaiting: int  # done, awaiting 销号
    in_progress: int  # not yet done (not 长期坚持)
    overdue: int
    suggested: dict[str, int] = field(default_factory=dict)  # 建议 by step, as of the date
    decided: dict[str, int] = field(default_factory=dict)  # 已处理 by kind, recorded in the period

    @property
    def completion_rate(self) -> str:
        """落实率 = 已落实 ÷ (已落实 + 逾期未落实), as the 整改完成率 of findings."""
        return rate(self.completed, self.completed + self.overdue)


def decisions(rows: list[DecisionRow], period: Period) -> DecisionTally:
    status = Counter(r.state.status for r in rows)
    suggested: Counter[str] = Counter(r.state.escalation for r in rows if r.state.escalation)
    decided: Counter[str] = Counter(a.kind for r in rows for a in r.state.actions if a.date in period)
    return DecisionTally(
        total=len(rows),
        new=sum(1 for r in rows if r.decision.date in period),
        completed=status["done"] + status["closed"],
        closed=status["closed"],
        awaiting=status["done"],
        in_progress=sum(1 for r in rows if r.state.status in UNFINISHED and not r.decision.long_term),
        overdue=sum(1 for r in rows if r.state.overdue),
        suggested={k: suggested[k] for k in ACTION_KINDS},
        decided={k: decided[k] for k in ACTION_KINDS},
    )


def sheets_in(register: Register, period: Period) -> list[AssessmentSheet]:
    """The 考核单 issued in a period, by date and id."""
    return sorted((s for s in register.assessments if s.date in period), key=lambda s: (s.date, s.id))


def sheet_sources(register: Register) -> dict[str, list[str]]:
    """考核单 id -> the findings and decisions whose recorded actions name it (`sheet:`), by id."""
    found: dict[str, list[str]] = {}
    followed: list[Finding | Decision] = [f for c in register.checks for f in c.findings] + list(register.decisions)
    for item in followed:
        for action in item.actions:
            if action.sheet is not None and item.id not in found.setdefault(action.sheet, []):
                found[action.sheet].append(item.id)
    return {sheet: sorted(ids) for sheet, ids in found.items()}


def method(register: Register, as_of: dt.date) -> dict[str, Any]:
    """Whether the method was carried out in the cycle of the date, as plain data (`pdca export`, the
    reports): 两个责任 coverage, 每月一课 months, 廉洁谈话 coverage, activities by kind, meeting decisions,
    考核单 and 专项整治 progress."""
    assert register.config is not None
    state = state_of(register, as_of)
    cycle = cycle_of(register.config, as_of)
    whole = Period("cycle", cycle.start, cycle.end, cycle.id)
    coverage = duties.pledge_coverage(register, cycle, as_of)
    months = [m for m in duties.months_of(cycle) if m.end < as_of]
    gaps = {m.key for m in duties.lesson_gaps(register, cycle, as_of)}
    scope = duties.talk_scope(register)
    talked = duties.talked(register, cycle, as_of)
    held = [a for a in register.activities if cycle.start <= a.date <= min(as_of, cycle.end)]
    kinds: Counter[str] = Counter(a.kind for a in held)
    tally = decisions(decision_rows(register, state, cycle), whole)
    items = campaigns.progress(register, state)
    return {
        "pledges": {
            "responsibility": {"expected": len(coverage.departments), "signed": len(coverage.signed_departments),
                               "missing": list(coverage.missing_departments)},
            "integrity": {"expected": len(coverage.key_posts), "signed": len(coverage.signed_posts),
                          "missing": list(coverage.missing_posts)},
        },
        "lessons": {"months": len(months), "held": len(months) - len(gaps), "missing": sorted(gaps)},
        "talks": {"departments": len(scope), "talked": len(talked), "missing": [d for d in scope if d not in talked]},
        "activities": {kind: kinds[kind] for kind in ACTIVITY_KINDS},
        "decisions": {**asdict(tally), "completion_rate": tally.completion_rate},
        "assessments": sum(1 for s in register.assessments if cycle.start <= s.date <= as_of),
        "campaign_items": {word: sum(1 for i in items if i.progress == word) for word in campaigns.PROGRESS},
    }
