"""`pdca status`: what a 纪检 officer must chase now, as tables in the terminal.

`build()` gathers the items, pure, from the computed state; pdca.formats.terminal draws them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pdca.domain import numbers, scoring
from pdca.domain.closed_loop import (
    review_overdue,
    self_check_gaps,
    stage_since,
    stalled,
    state_of,
)
from pdca.domain.numbers import Row
from pdca.domain.periods import half_year
from pdca.engine.report_data import Context
from pdca.engine.settings import settings
from pdca.model.entities import Measure, Risk
from pdca.model.register import Register

SOON_DAYS = 30


@dataclass(frozen=True)
class Filters:
    """Only these departments, areas (ids: a name may stand for a different id in each register) and level."""

    department: frozenset[str] | None = None
    area: frozenset[str] | None = None
    level: int | None = None


@dataclass
class Item:
    register: Register
    risk: Risk | None
    values: dict[str, Any]


@dataclass
class Status:
    as_of: dt.date
    registers: list[Register]
    overdue: list[Item] = field(default_factory=list)
    pending: list[Item] = field(default_factory=list)  # suggested handling with no decision for too long
    suspected: list[Item] = field(default_factory=list)  # 疑似屡查屡犯 awaiting 纪检's word
    awaiting: list[Item] = field(default_factory=list)
    measures_overdue: list[Item] = field(default_factory=list)
    measures_soon: list[Item] = field(default_factory=list)
    stale: list[Item] = field(default_factory=list)
    stalled: list[Item] = field(default_factory=list)
    no_self_check: list[Item] = field(default_factory=list)
    half: str = ""

    @property
    def several(self) -> bool:
        return len(self.registers) > 1
    pending_days: int = 15


def build(registers: list[Register], as_of: dt.date, filters: Filters, lang: str) -> Status:
    status = Status(as_of, registers)
    _, _, status.half = half_year(as_of)
    for register in registers:
        _collect(register, as_of, filters, status, lang)
        departments = register.index.departments
        for department in self_check_gaps(register, status.half):
            if filters.department is None or department in filters.department:
                name = departments[department].name if department in departments else department
                status.no_self_check.append(Item(register, None, {"department": name, "id": department}))
    status.overdue.sort(key=lambda i: (i.values["department"], -i.values["days"], i.values["id"]))
    status.pending.sort(key=lambda i: (-i.values["days"], i.values["id"]))
    status.suspected.sort(key=lambda i: i.values["id"])
    status.awaiting.sort(key=lambda i: (-i.values["days"], i.values["id"]))
    status.measures_overdue.sort(key=lambda i: (-i.values["days"], i.values["id"]))
    status.measures_soon.sort(key=lambda i: (i.values["due"], i.values["id"]))
    status.stale.sort(key=lambda i: (i.values["due"], i.values["id"]))
    status.stalled.sort(key=lambda i: (-i.values["days"], i.values["id"]))
    return status


def _collect(register: Register, as_of: dt.date, filters: Filters, status: Status, lang: str) -> None:
    index = register.index
    state = state_of(register, as_of)
    rows = Context(register, as_of, lang)
    params = settings(register)[0].params
    status.pending_days = int(params["action-pending"]["days"])
    months = int(params["review-stale"]["months"])
    stalled_days = int(params["stage-stalled"]["days"])
    pending_days = int(params["action-pending"]["days"])

    def passes(risk: Risk | None, department: str | None) -> bool:
        if filters.department is not None and department not in filters.department:
            return False
        if filters.area is not None and (risk is None or risk.area not in filters.area):
            return False
        return filters.level is None or (risk is not None and scoring.level(register, risk) == filters.level)

    for check in register.checks:
        for finding in check.findings:
            risk = index.risks.get(finding.risk) if finding.risk else None
            if not passes(risk, finding.department):
                continue
            computed = state.finding(finding)
            row = rows.finding_row(Row(check, finding, computed))  # the one row of a finding, as reports have it
            if computed.overdue:
                status.overdue.append(Item(register, risk, {**row, "days": computed.days_overdue}))
            if numbers.waiting_for_decision(computed, pending_days):
                status.pending.append(Item(register, risk, {**row, "days": computed.action_pending_days}))
            if computed.repeat_suspected:
                status.suspected.append(Item(register, risk, row))
            if computed.awaiting_verification:
                status.awaiting.append(Item(register, risk, {**row, "days": computed.days_awaiting_verification}))
    for risk in register.risks:
        if risk.retired is not None or not passes(risk, risk.department):
            continue
        for measure in risk.measures:
            computed_measure = state.measure(measure)
            if computed_measure.overdue:
                row = _measure(measure, risk, computed_measure.days_overdue, computed_measure.status)
                status.measures_overdue.append(Item(register, risk, row))
            elif computed_measure.status in ("planned", "in_progress") and computed_measure.days_left is not None \
                    and computed_measure.days_left <= SOON_DAYS:
                row = _measure(measure, risk, computed_measure.days_left, computed_measure.status)
                status.measures_soon.append(Item(register, risk, row))
        due = review_overdue(risk, months, as_of)
        if due is not None:
            status.stale.append(Item(register, risk, {"id": risk.id, "title": risk.title, "due": due,
                                                      "last": risk.reviewed or risk.identified,
                                                      "owner": risk.owner or "-"}))
        days = stalled(risk, as_of, stalled_days)
        if days is not None:
            status.stalled.append(Item(register, risk, {"id": risk.id, "title": risk.title, "stage": risk.stage,
                                                        "since": stage_since(risk), "days": days}))


def _measure(measure: Measure, risk: Risk, days: int, status: str) -> dict[str, Any]:
    return {"id": measure.id, "title": measure.title, "risk": risk.id, "due": measure.due, "days": days,
            "status": status, "owner": measure.owner or risk.owner or "-"}
