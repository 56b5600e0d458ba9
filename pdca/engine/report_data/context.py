"""What every report builder shares: the context (register, state as of a date, cycle, language),
the header, and the counts, heat map and trend several reports show."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from pdca import i18n
from pdca.domain import numbers, scoring
from pdca.domain.closed_loop import State, state_of
from pdca.domain.dates import add_months
from pdca.domain.numbers import LEVELS, Row
from pdca.domain.periods import Period, cycle_of
from pdca.engine.settings import settings
from pdca.model.entities import COMPLETED, SOURCES, STAGES, Risk
from pdca.model.register import Register


class Context:
    """What every builder needs: the register, its state as of the date, the cycle the date falls in,
    the language."""

    def __init__(self, register: Register, as_of: dt.date, lang: str) -> None:
        assert register.config is not None
        self.register = register
        self.config = register.config
        self.index = register.index
        self.state: State = state_of(register, as_of)
        self.as_of = as_of
        self.lang = lang
        self.cycle = cycle_of(self.config, as_of)
        #: days a suggested step may wait for its decision (rule action-pending)
        self.allowed_days = int(settings(register)[0].params["action-pending"]["days"])

    def label(self, table: str, key: Any) -> str:
        return i18n.label(table, key, self.lang) if key is not None else "-"

    def department(self, department: str | None) -> str:
        if department is None:
            return "-"
        found = self.index.departments.get(department)
        return found.name if found else department

    def area(self, area: str | None) -> str:
        found = self.index.areas.get(area) if area else None
        return found.name if found else (area or "-")

    def level(self, risk: Risk) -> int | None:
        """The risk's level as it stood on the as-of date."""
        return scoring.level(self.register, risk, self.as_of)

    def found(self) -> list[Row]:
        """Every finding found by the as-of date, in check date and id order."""
        return numbers.found(self.register, self.state)

    def workload(self) -> list[Row]:
        """The cycle's findings (see pdca.domain.numbers)."""
        return numbers.workload(self.found(), self.cycle)

    def risks(self) -> list[Risk]:
        """Risks that existed on the as-of date (identified by then, not yet retired), by id."""
        return numbers.existing(self.register, self.as_of)

    def finding_row(self, row: Row) -> dict[str, Any]:
        check, finding, computed = row.check, row.finding, row.state
        deadline = computed.effective_deadline
        completed = computed.status in COMPLETED
        extension = computed.extension
        return {
            "id": finding.id,
            "check": check.id,
            "check_title": check.title,
            "source": self.label("source", check.source),
            "found": check.date,
            "risk": finding.risk,
            "problem": finding.problem,
            "task": finding.task,
            "department": self.department(finding.department),
            "owner": finding.owner,
            "leader": finding.leader,
            "deadline": finding.deadline,
            "effective_deadline": deadline,
            "extended": extension is not None and deadline != finding.deadline,
            "extension": ({"until": extension.until, "date": extension.date, "by": extension.approved_by,
                           "reason": extension.reason} if extension is not None else None),
            "long_term": finding.long_term,
            "status": self.label("finding_status", computed.status),
            "status_code": computed.status,
            "done": finding.done if completed else None,
            "result": finding.result if completed else None,
            "evidence": finding.evidence if completed else None,
            "closed_date": finding.closed.date if finding.closed and computed.status == "closed" else None,
            "closed_by": finding.closed.by if finding.closed and computed.status == "closed" else None,
            "overdue": computed.overdue,
            "days_overdue": computed.days_overdue,
            "days_left": computed.days_left,
            "escalation": self.label("escalation", computed.escalation) if computed.escalation else None,
            "escalation_code": computed.escalation,
            "action": self.label("escalation", computed.action) if computed.action else None,
            "action_code": computed.action,
            "actions": [{"kind": self.label("escalation", a.kind), "kind_code": a.kind, "date": a.date,
                         "ref": a.ref, "by": a.by} for a in computed.actions],
            "action_pending_days": computed.action_pending_days,
            "repeat": computed.repeat,
            "repeat_source": computed.repeat_source,
            "repeat_depth": computed.repeat_depth,
            "repeat_suspected": list(computed.repeat_suspected),
            "carried_over": computed.carried_over,
            "days_waiting": computed.days_awaiting_verification,
        }

    def measure_row(self, risk: Risk, measure: Any) -> dict[str, Any]:
        computed = self.state.measure(measure)
        pending = computed.status in ("planned", "in_progress")
        # days to the due date, as finding_row has them for a deadline (the site's 红黄蓝 warnings)
        days_left = (measure.due - self.as_of).days if pending and measure.due is not None and not computed.overdue else None
        return {
            "id": measure.id, "title": measure.title, "risk": risk.id, "risk_title": risk.title,
            "line": self.label("line", measure.line), "kind": measure.kind,
            "owner": measure.owner or risk.owner, "due": measure.due,
            "status": self.label("status", computed.status), "status_code": computed.status,
            "done": measure.done if computed.status == "done" else None, "evidence": measure.evidence,
            "overdue": computed.overdue, "days_overdue": computed.days_overdue, "days_left": days_left,
        }


def header(ctx: Context, period: Period, kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "organization": ctx.config.organization,
        "register": ctx.register.name,
        "cycle": ctx.cycle.id,
        "cycle_start": ctx.cycle.start,
        "cycle_end": ctx.cycle.end,
        "as_of": ctx.as_of,
        "period": {"key": period.key, "label": period.label(ctx.lang), "start": period.start, "end": period.end},
        "lang": ctx.lang,
        "issuer": issuer(ctx),
    }


def issuer(ctx: Context) -> dict[str, Any] | None:
    """Who signs the report (落款) and its date (成文日期: the as-of date, 2024年6月30日), when pdca.yaml
    names an issuer."""
    found = ctx.config.issuer
    if found is None:
        return None
    return {"name": found.name, "to": found.to, "cc": list(found.cc), "number": found.number,
            "red_header": found.red_header, "date": i18n.written_date(ctx.as_of, ctx.lang)}


# --- the pieces the monthly report and others share ---------------------------------------------


def risk_counts(ctx: Context, risks: list[Risk]) -> dict[str, Any]:
    counted = numbers.risks(ctx.register, risks, ctx.as_of)
    return {
        "total": counted.total,
        "by_level": [{"level": lv, "label": ctx.label("level", lv), "count": counted.by_level[lv]}
                     for lv in LEVELS],
        "unscored": counted.unscored,
        "by_stage": [{"stage": st, "label": ctx.label("stage", st), "count": counted.by_stage[st]}
                     for st in STAGES],
    }


def measure_counts(ctx: Context, risks: list[Risk], period: Period) -> dict[str, int]:
    counted = numbers.measures(risks, ctx.state, period)
    return {
        "total": counted.total, "planned": counted.planned, "in_progress": counted.in_progress,
        "done": counted.done, "dropped": counted.dropped, "overdue": counted.overdue,
        "due": counted.due_in_period, "done_of_due": counted.done_of_due_in_period,
    }


def steps(ctx: Context, counts: dict[str, int]) -> list[dict[str, Any]]:
    return [{"kind": kind, "label": ctx.label("escalation", kind), "count": counts[kind]}
            for kind in counts]


def finding_counts(ctx: Context, rows: list[Row], period: Period) -> dict[str, Any]:
    counted = numbers.findings(rows, period, ctx.cycle, ctx.allowed_days)
    return {
        "found": counted.found, "new": counted.new, "carried": counted.carried,
        "completed": counted.completed, "closed": counted.closed, "awaiting": counted.awaiting,
        "in_progress": counted.in_progress, "long_term": counted.long_term, "overdue": counted.overdue,
        "not_due": counted.not_due, "repeats": counted.repeats, "suspected": counted.suspected,
        "completed_in_period": counted.completed_in_period, "closed_in_period": counted.closed_in_period,
        "newly_overdue": counted.newly_overdue, "waiting": counted.waiting, "allowed_days": ctx.allowed_days,
        "rectification_rate": counted.rectification_rate, "closure_rate": counted.closure_rate,
        "suggested": steps(ctx, counted.suggested), "decided": steps(ctx, counted.decided),
        "decided_total": steps(ctx, counted.decided_total),
        "by_source": [{"source": s, "label": ctx.label("source", s), "count": counted.by_source[s]}
                      for s in SOURCES if counted.by_source.get(s)],
    }


def heatmap(ctx: Context, risks: list[Risk]) -> dict[str, Any]:
    scales = ctx.config.scoring
    counts = Counter((r.likelihood, r.impact) for r in risks)
    rows = []
    size = len(scales.likelihood)
    for offset, cells in enumerate(scales.matrix):
        likelihood = size - offset
        rows.append({
            "likelihood": likelihood,
            "label": scales.likelihood[likelihood - 1],
            "cells": [{"impact": impact, "level": level, "level_label": ctx.label("level", level),
                       "count": counts.get((likelihood, impact), 0)}
                      for impact, level in enumerate(cells, start=1)],
        })
    return {"impact": [{"impact": n, "label": name} for n, name in enumerate(scales.impact, start=1)], "rows": rows}


def trend(ctx: Context, rows: list[Row], until: dt.date) -> dict[str, Any]:
    """New and closed findings per month, over the twelve months up to `until` that fall in the cycle
    (or simply the twelve months up to `until`, for a date outside the cycle)."""
    months = [dt.date(until.year, until.month, 1)]
    cycle_start = ctx.cycle.start
    floor = dt.date(cycle_start.year, cycle_start.month, 1) if cycle_start <= until else dt.date.min
    while len(months) < 12:
        previous = add_months(months[0], -1)
        if previous == months[0] or previous < floor:  # the calendar's first month has none before it
            break
        months.insert(0, previous)
    keys = [f"{m.year:04d}-{m.month:02d}" for m in months]
    new = Counter(f"{r.check.date.year:04d}-{r.check.date.month:02d}" for r in rows)
    closed = Counter(
        f"{r.finding.closed.date.year:04d}-{r.finding.closed.date.month:02d}" for r in rows
        if r.state.status == "closed" and r.finding.closed
    )
    labels = [i18n.text("period.month_short", ctx.lang, month=m.month, month_abbr=i18n.text(f"month_abbr.{m.month}", ctx.lang))
              for m in months]
    return {"months": labels, "keys": keys, "new": [new.get(k, 0) for k in keys],
            "closed": [closed.get(k, 0) for k in keys]}
