"""`pdca status`: what a 纪检 officer must chase now, as tables in the terminal.

`build()` gathers the items (pure, from the computed state); `render()` draws them with rich: colour by
escalation on a terminal, plain text when piped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pdca import i18n
from pdca.domain.dates import add_days
from pdca.model.entities import Check, Finding, Measure, Risk
from pdca.model.register import Register
from pdca.engine.settings import settings
from pdca.domain.periods import half_year
from pdca.domain.closed_loop import FindingState, review_overdue, self_check_gaps, stage_since, stalled, state_of

SOON_DAYS = 30


@dataclass(frozen=True)
class Filters:
    department: str | None = None
    area: str | None = None
    level: int | None = None


@dataclass
class Item:
    register: Register
    risk: Risk | None
    values: dict[str, Any]


@dataclass
class Status:
    as_of: dt.date
    several: bool
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
    pending_days: int = 15


def build(registers: list[Register], as_of: dt.date, filters: Filters) -> Status:
    status = Status(as_of, len(registers) > 1)
    _, _, status.half = half_year(as_of)
    for register in registers:
        _collect(register, as_of, filters, status)
        departments = register.index.departments
        for department in self_check_gaps(register, status.half):
            if filters.department in (None, department):
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


def _collect(register: Register, as_of: dt.date, filters: Filters, status: Status) -> None:
    index = register.index
    state = state_of(register, as_of)
    params = settings(register)[0].params
    status.pending_days = int(params["action-pending"]["days"])
    months = int(params["review-stale"]["months"])
    stalled_days = int(params["stage-stalled"]["days"])
    pending_days = int(params["action-pending"]["days"])

    def passes(risk: Risk | None, department: str | None) -> bool:
        if filters.department is not None and department != filters.department:
            return False
        if filters.area is not None and (risk is None or risk.area != filters.area):
            return False
        return filters.level is None or (risk is not None and index.level(risk) == filters.level)

    def department_name(department: str | None) -> str:
        if department is None:
            return "-"
        return index.departments[department].name if department in index.departments else department

    for check in register.checks:
        for finding in check.findings:
            risk = index.risks.get(finding.risk) if finding.risk else None
            if not passes(risk, finding.department):
                continue
            computed = state.finding(finding)
            if computed.overdue:
                status.overdue.append(Item(register, risk, _finding(finding, check, computed, department_name)))
            if computed.action_pending_days > pending_days:
                values = _finding(finding, check, computed, department_name)
                values["days"] = computed.action_pending_days
                status.pending.append(Item(register, risk, values))
            if computed.repeat_suspected:
                values = _finding(finding, check, computed, department_name)
                values["candidates"] = "、".join(computed.repeat_suspected)
                status.suspected.append(Item(register, risk, values))
            if computed.awaiting_verification:
                values = _finding(finding, check, computed, department_name)
                values["days"] = computed.days_awaiting_verification
                status.awaiting.append(Item(register, risk, values))
    soon = add_days(as_of, SOON_DAYS)
    for risk in register.risks:
        if risk.retired is not None or not passes(risk, risk.department):
            continue
        for measure in risk.measures:
            computed_measure = state.measure(measure)
            if computed_measure.overdue:
                status.measures_overdue.append(Item(register, risk, _measure(measure, risk, computed_measure.days_overdue, computed_measure.status)))
            elif computed_measure.status in ("planned", "in_progress") and measure.due is not None and as_of <= measure.due <= soon:
                status.measures_soon.append(Item(register, risk, _measure(measure, risk, (measure.due - as_of).days, computed_measure.status)))
        due = review_overdue(risk, months, as_of)
        if due is not None:
            status.stale.append(Item(register, risk, {"id": risk.id, "title": risk.title, "due": due,
                                                      "last": risk.reviewed or risk.identified,
                                                      "owner": risk.owner or "-"}))
        days = stalled(risk, as_of, stalled_days)
        if days is not None:
            status.stalled.append(Item(register, risk, {"id": risk.id, "title": risk.title, "stage": risk.stage,
                                                        "since": stage_since(risk), "days": days}))


def _finding(finding: Finding, check: Check, computed: FindingState, department_name: Any) -> dict[str, Any]:
    return {
        "id": finding.id, "problem": finding.problem, "department": department_name(finding.department),
        "deadline": computed.effective_deadline, "extended": computed.effective_deadline != finding.deadline,
        "days": computed.days_overdue, "escalation": computed.escalation, "action": computed.action,
        "refs": "、".join(a.ref for a in computed.actions) or None,
        "repeat": computed.repeat, "owner": finding.owner or "-", "leader": finding.leader or "-",
        "source": check.source, "done": finding.done, "risk": finding.risk,
    }


def _measure(measure: Measure, risk: Risk, days: int, status: str) -> dict[str, Any]:
    return {"id": measure.id, "title": measure.title, "risk": risk.id, "due": measure.due, "days": days,
            "status": status, "owner": measure.owner or risk.owner or "-"}


# --- drawing ---------------------------------------------------------------------------------

_STYLE = {"notice": "yellow", "assessment": "dark_orange", "accountability": "bold red"}
_T = {
    "title": ("{org}廉洁风险防控待办(截至 {as_of})", "{org} integrity-risk work to chase (as of {as_of})"),
    "overdue": ("逾期整改事项", "Overdue findings"),
    "pending": ("建议处理超过 {pending} 天尚无处理决定", "Suggested handling with no decision for over {pending} days"),
    "suspected": ("疑似屡查屡犯,待纪检核实(repeat_of: 编号 确认,repeat_of: none 排除)",
                  "Suspected repeats to confirm (repeat_of: ID) or dismiss (repeat_of: none)"),
    "awaiting": ("待核验销号", "Awaiting verification (销号)"),
    "measures_overdue": ("逾期措施", "Overdue measures"),
    "measures_soon": ("{days} 天内到期的措施", "Measures due within {days} days"),
    "stale": ("复核过期的风险点", "Risks due for review"),
    "stalled": ("阶段停滞的风险点", "Risks stalled in a stage"),
    "no_self_check": ("{half} 尚未开展自查自验的部门", "Departments without a self-check (自查自验) in {half}"),
    "none": ("无", "none"),
    "all_clear": ("没有需要跟进的事项。", "Nothing to chase."),
}
_COLUMNS = {
    "register": ("登记册", "register"), "department": ("责任部门", "department"), "id": ("编号", "id"),
    "problem": ("问题", "problem"), "deadline": ("整改期限", "deadline"), "days": ("天数", "days"),
    "escalation": ("建议处理", "suggested"), "action": ("已处理", "decided"), "refs": ("文号", "reference"),
    "candidates": ("此前已整改", "rectified before"), "owner": ("责任人", "owner"), "leader": ("分管领导", "leader"),
    "done": ("完成日期", "done"), "source": ("来源", "source"), "title": ("名称", "title"),
    "risk": ("风险点", "risk"), "due": ("期限", "due"), "status": ("状态", "status"), "last": ("上次复核", "last review"),
    "stage": ("阶段", "stage"), "since": ("进入日期", "since"),
}
_SECTIONS: list[tuple[str, list[str]]] = [
    ("overdue", ["department", "id", "problem", "deadline", "days", "escalation", "action", "owner", "leader"]),
    ("pending", ["department", "id", "problem", "days", "escalation", "action", "refs"]),
    ("suspected", ["department", "id", "problem", "risk", "candidates"]),
    ("awaiting", ["id", "problem", "department", "done", "days", "source"]),
    ("measures_overdue", ["id", "title", "risk", "due", "days", "status", "owner"]),
    ("measures_soon", ["id", "title", "risk", "due", "days", "status", "owner"]),
    ("stale", ["id", "title", "last", "due", "owner"]),
    ("stalled", ["id", "title", "stage", "since", "days"]),
    ("no_self_check", ["department", "id"]),
]


def render(status: Status, organization: str, lang: str, console: Console) -> None:
    def t(key: str, **params: Any) -> str:
        zh, en = _T[key]
        return (en if lang == "en" else zh).format(**params)

    console.print(f"[bold]{escape(t('title', org=organization, as_of=status.as_of))}[/bold]")
    shown = 0
    for name, columns in _SECTIONS:
        items: list[Item] = getattr(status, name)
        if not items:
            continue
        shown += 1
        title = t(name, days=SOON_DAYS, half=status.half, pending=status.pending_days)
        table = Table(show_edge=False)
        if status.several:
            columns = ["register", *columns]
        for column in columns:
            table.add_column(i18n.label(_COLUMNS, column, lang),
                             justify="right" if column == "days" else "left", overflow="fold")
        for item in items:
            table.add_row(*(_cell(item, column, lang) for column in columns),
                          style=_STYLE.get(item.values.get("escalation") or "", ""))
        console.print()
        console.print(f"[bold]{escape(title)} ({len(items)})[/bold]")
        console.print(table)
    if not shown:
        console.print(t("all_clear"))


def _cell(item: Item, column: str, lang: str) -> str:
    if column == "register":
        return escape(item.register.name)
    value = item.values.get(column)
    if column == "escalation":
        text = i18n.label(i18n.ESCALATION_NAMES, value, lang) if value else "-"
        if item.values.get("repeat"):
            text += " (屡查屡犯)" if lang == "zh" else " (repeat)"
        return text
    if column == "action":
        return i18n.label(i18n.ESCALATION_NAMES, value, lang) if value else "-"
    if column == "deadline" and item.values.get("extended"):
        return escape(f"{value} ({'延期' if lang == 'zh' else 'extended'})")
    if column == "status":
        return i18n.label(i18n.STATUS_NAMES, value, lang)
    if column == "stage":
        return i18n.label(i18n.STAGE_NAMES, value, lang)
    return escape("-" if value is None else str(value))
