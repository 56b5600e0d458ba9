"""The data behind each report, built from the computed state: pure, no templates, no I/O.

Every builder returns plain dicts, lists, strings and numbers (what a template may see), with the
register's own text left as it is: escaping for Markdown happens once, when the template prints it.
Labels (status, level, escalation ...) come in the report's language.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from pdca import i18n
from pdca.domain import numbers, scoring
from pdca.domain.closed_loop import (
    State,
    self_check_gaps,
    self_checks,
    stage_as_of,
    state_of,
)
from pdca.domain.dates import add_days, add_months
from pdca.domain.numbers import LEVELS, Row
from pdca.domain.periods import Period, cycle_of, month_of
from pdca.engine.settings import settings
from pdca.model.entities import COMPLETED, SOURCES, STAGES, UNFINISHED, Risk
from pdca.model.register import Register

KINDS = ("monthly", "stats", "lists", "register", "self-check", "annual")
#: risks identified within this many days of the cycle's start belong to its initial 排查, not 新增
INITIAL_DAYS = 31


# --- shared rows -----------------------------------------------------------------------------


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
        days_left = (deadline - self.as_of).days if deadline is not None and not computed.overdue else None
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
            "days_left": days_left,
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
        return {
            "id": measure.id, "title": measure.title, "risk": risk.id, "risk_title": risk.title,
            "line": self.label("line", measure.line), "kind": measure.kind,
            "owner": measure.owner or risk.owner, "due": measure.due,
            "status": self.label("status", computed.status), "status_code": computed.status,
            "done": measure.done if computed.status == "done" else None, "evidence": measure.evidence,
            "overdue": computed.overdue, "days_overdue": computed.days_overdue,
        }


def _header(ctx: Context, period: Period, kind: str) -> dict[str, Any]:
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
    }


# --- the pieces the monthly report and others share ---------------------------------------------


def _risk_counts(ctx: Context, risks: list[Risk]) -> dict[str, Any]:
    counted = numbers.risks(ctx.register, risks, ctx.as_of)
    return {
        "total": counted.total,
        "by_level": [{"level": lv, "label": ctx.label("level", lv), "count": counted.by_level[lv]}
                     for lv in LEVELS],
        "unscored": counted.unscored,
        "by_stage": [{"stage": st, "label": ctx.label("stage", st), "count": counted.by_stage[st]}
                     for st in STAGES],
    }


def _measure_counts(ctx: Context, risks: list[Risk], period: Period) -> dict[str, int]:
    counted = numbers.measures(risks, ctx.state, period)
    return {
        "total": counted.total, "planned": counted.planned, "in_progress": counted.in_progress,
        "done": counted.done, "dropped": counted.dropped, "overdue": counted.overdue,
        "due": counted.due_in_period, "done_of_due": counted.done_of_due_in_period,
    }


def _steps(ctx: Context, counts: dict[str, int]) -> list[dict[str, Any]]:
    return [{"kind": kind, "label": ctx.label("escalation", kind), "count": counts[kind]}
            for kind in counts]


def _finding_counts(ctx: Context, rows: list[Row], period: Period) -> dict[str, Any]:
    counted = numbers.findings(rows, period, ctx.cycle, ctx.allowed_days)
    return {
        "found": counted.found, "new": counted.new, "carried": counted.carried,
        "completed": counted.completed, "closed": counted.closed, "awaiting": counted.awaiting,
        "in_progress": counted.in_progress, "long_term": counted.long_term, "overdue": counted.overdue,
        "not_due": counted.not_due, "repeats": counted.repeats, "suspected": counted.suspected,
        "completed_in_period": counted.completed_in_period, "closed_in_period": counted.closed_in_period,
        "newly_overdue": counted.newly_overdue, "waiting": counted.waiting, "allowed_days": ctx.allowed_days,
        "rectification_rate": counted.rectification_rate, "closure_rate": counted.closure_rate,
        "suggested": _steps(ctx, counted.suggested), "decided": _steps(ctx, counted.decided),
        "decided_total": _steps(ctx, counted.decided_total),
        "by_source": [{"source": s, "label": ctx.label("source", s), "count": counted.by_source[s]}
                      for s in SOURCES if counted.by_source.get(s)],
    }


def _heatmap(ctx: Context, risks: list[Risk]) -> dict[str, Any]:
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


def _trend(ctx: Context, rows: list[Row], until: dt.date) -> dict[str, Any]:
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


# --- monthly 通报 ------------------------------------------------------------------------------


def _stricter(ctx: Context, risks: list[Risk]) -> list[dict[str, Any]]:
    """Risks whose level on the as-of date is stricter than their matrix cell (legal liability, or an
    override decided by then)."""
    out = []
    for risk in risks:
        assessment = scoring.assessment(ctx.register, risk, ctx.as_of)
        if assessment.effective is not None and assessment.matrix is not None and assessment.effective != assessment.matrix:
            reason = risk.override.reason if risk.override is not None and assessment.override_applied else None
            out.append({"id": risk.id, "title": risk.title, "level": ctx.label("level", assessment.effective),
                        "matrix": ctx.label("level", assessment.matrix),
                        "legal": risk.legal_liability and reason is None, "reason": reason})
    return out


def _decisions(ctx: Context, rows: list[Row], period: Period) -> list[dict[str, Any]]:
    """Decisions recorded in the period, one line each, in date order."""
    out = []
    for row in rows:
        for action in row.state.actions:
            if action.date in period:
                out.append({**ctx.finding_row(row), "decision": ctx.label("escalation", action.kind),
                            "decision_date": action.date, "ref": action.ref, "decided_by": action.by})
    out.sort(key=lambda r: (r["decision_date"], r["id"]))
    return out


def monthly(ctx: Context, period: Period) -> dict[str, Any]:
    risks = ctx.risks()
    rows = ctx.workload()
    following = month_of(add_days(period.end, 1))  # the calendar's last month is followed by itself
    due_findings = [
        ctx.finding_row(r) for r in rows
        if r.state.status in UNFINISHED and r.state.effective_deadline in following and not r.finding.long_term
    ]
    due_measures = [
        ctx.measure_row(r, m) for r in risks for m in r.measures
        if ctx.state.measure(m).status in ("planned", "in_progress") and m.due in following
    ]
    overdue = [ctx.finding_row(r) for r in rows if r.state.overdue]
    overdue.sort(key=lambda row: (-row["days_overdue"], row["id"]))
    overdue_measures = [ctx.measure_row(r, m) for r in risks for m in r.measures if ctx.state.measure(m).overdue]
    overdue_measures.sort(key=lambda row: (-row["days_overdue"], row["id"]))
    activities = [
        {"id": a.id, "kind": ctx.label("activity", a.kind), "title": a.title, "date": a.date,
         "departments": [ctx.department(d) for d in a.departments], "participants": a.participants, "note": a.note}
        for a in sorted(ctx.register.activities, key=lambda a: (a.date, a.id)) if a.date in period
    ]
    levels = _risk_counts(ctx, risks)
    counts = _finding_counts(ctx, rows, period)
    pending = [ctx.finding_row(r) for r in rows if numbers.waiting_for_decision(r.state, ctx.allowed_days)]
    pending.sort(key=lambda row: (-row["action_pending_days"], row["id"]))
    return {
        **_header(ctx, period, "monthly"),
        "following": {"key": following.key, "label": following.label(ctx.lang)},
        "risks": levels,
        "measures": _measure_counts(ctx, risks, period),
        "stricter": _stricter(ctx, risks),
        "findings": counts,
        "new_findings": [ctx.finding_row(r) for r in rows if r.check.date in period],
        "open_findings": [ctx.finding_row(r) for r in rows if r.state.status in UNFINISHED],
        "closed_findings": [
            ctx.finding_row(r) for r in rows
            if r.state.status == "closed" and r.finding.closed is not None and r.finding.closed.date in period
        ],
        "awaiting": [ctx.finding_row(r) for r in rows if r.state.awaiting_verification],
        "overdue": overdue,
        "overdue_measures": overdue_measures,
        "repeats": [ctx.finding_row(r) for r in rows if r.state.repeat],
        "suspected": [ctx.finding_row(r) for r in rows if r.state.repeat_suspected],
        "decisions": _decisions(ctx, rows, period),
        "pending": pending,
        "heatmap": _heatmap(ctx, risks),
        "due_next": {"findings": due_findings, "measures": due_measures},
        "activities": activities,
        "charts": {"levels": levels["by_level"], "sources": counts["by_source"], "trend": _trend(ctx, rows, period.end)},
    }


# --- 统计情况表 ---------------------------------------------------------------------------------


def stats(ctx: Context, period: Period, by: str = "area") -> dict[str, Any]:
    """A row per area (or department): risks by level, measures, the cycle's findings by source, 已完成 /
    正在推进 / 长期坚持, 逾期, 销号, repeats and the two rates.  Findings are the cycle's (see pdca.domain.numbers),
    with those found in the period in a column of their own."""
    risks = ctx.risks()
    rows = ctx.workload()
    sources = [s["source"] for s in _finding_counts(ctx, rows, period)["by_source"]]
    source_labels = [ctx.label("source", s) for s in sources]

    def key_of_risk(risk: Risk) -> str | None:
        return risk.area if by == "area" else risk.department

    def key_of_finding(row: Row) -> str | None:
        if by == "department":
            return row.finding.department
        risk = ctx.index.risks.get(row.finding.risk) if row.finding.risk else None
        return risk.area if risk else None

    order = [a.id for a in ctx.config.areas] if by == "area" else [d.id for d in ctx.config.departments]
    groups: dict[str | None, dict[str, Any]] = {}

    def group(key: str | None) -> dict[str, Any]:
        if key not in groups:
            groups[key] = {"risks": [], "findings": []}
        return groups[key]

    for risk in risks:
        group(key_of_risk(risk))["risks"].append(risk)
    for row in rows:
        group(key_of_finding(row))["findings"].append(row)

    def line(name: str, members: dict[str, Any]) -> dict[str, Any]:
        counted_risks = numbers.risks(ctx.register, members["risks"], ctx.as_of)
        measures = numbers.measures(members["risks"], ctx.state, period)
        counts = numbers.findings(members["findings"], period, ctx.cycle, ctx.allowed_days)
        return {
            "name": name,
            "risks": counted_risks.total,
            "levels": [counted_risks.by_level[lv] for lv in LEVELS],
            "measures": measures.total,
            "measures_done": measures.done,
            "findings": counts.found,
            "new": counts.new,
            "carried": counts.carried,
            "sources": [counts.by_source.get(s, 0) for s in sources],
            "completed": counts.completed,
            "in_progress": counts.in_progress,
            "long_term": counts.long_term,
            "overdue": counts.overdue,
            "closed": counts.closed,
            "repeats": counts.repeats,
            "rectification_rate": counts.rectification_rate,
            "closure_rate": counts.closure_rate,
        }

    unlinked = i18n.text("report.unlinked", ctx.lang)
    names = ctx.area if by == "area" else ctx.department
    table = [line(names(key), groups[key]) for key in order if key in groups]
    table += [line(names(key) if key else unlinked, groups[key]) for key in sorted(groups, key=str)
              if key not in order]
    everything = {"risks": risks, "findings": rows}
    return {**_header(ctx, period, "stats"), "by": by, "sources": source_labels, "rows": table,
            "total": line(i18n.text("report.total", ctx.lang), everything)}


# --- the four lists --------------------------------------------------------------------------


def lists(ctx: Context, period: Period) -> dict[str, Any]:
    """问题清单, 任务清单, 责任清单, 结果清单: the cycle's findings found in the period, and the earlier ones
    not yet closed (销号) when it began (the lists follow an item until 销号)."""
    rows = []
    carried = 0
    for row in ctx.workload():
        earlier = row.check.date < period.start
        if earlier and numbers.closed_before(row.finding, period.start):
            continue
        if row.check.date in period or earlier:
            data = ctx.finding_row(row)
            data["earlier"] = earlier
            rows.append(data)
            carried += numbers.carried(row, ctx.cycle)
    return {**_header(ctx, period, "lists"), "findings": rows,
            "new": sum(1 for r in rows if not r["earlier"]), "earlier": sum(1 for r in rows if r["earlier"]),
            "carried": carried}


# --- 廉洁风险清单 --------------------------------------------------------------------------------


def register_list(ctx: Context, period: Period) -> dict[str, Any]:
    risks = ctx.risks()
    posts = ctx.index.posts
    areas = []
    post_order = {post.id: number for number, post in enumerate(ctx.config.posts)}
    for area in [*ctx.config.areas, None]:
        members = [r for r in risks if (r.area == area.id if area else r.area not in ctx.index.areas)]
        if not members:
            continue
        entries = []
        for risk in sorted(members, key=lambda r: (post_order.get(r.post or "", len(post_order)), r.id)):
            by_line: dict[str, list[str]] = {"before": [], "during": [], "after": []}
            for measure in risk.measures:
                if ctx.state.measure(measure).status != "dropped":
                    by_line[measure.line].append(measure.title)
            post = posts.get(risk.post) if risk.post else None
            level = ctx.level(risk)
            entries.append({
                "id": risk.id, "title": risk.title, "description": risk.description,
                "post": post.name if post else (risk.post or "-"), "department": ctx.department(risk.department),
                "dimension": risk.dimension, "level": level, "level_label": ctx.label("level", level),
                "likelihood": risk.likelihood, "impact": risk.impact,
                "before": by_line["before"], "during": by_line["during"], "after": by_line["after"],
                "owner": risk.owner, "leader": risk.leader,
            })
        areas.append({"id": area.id if area else None, "name": area.name if area else "-", "risks": entries})
    return {**_header(ctx, period, "register"), "areas": areas, "total": len(risks), "scoring": _scoring(ctx)}


def _scoring(ctx: Context) -> dict[str, Any]:
    """The scales with their written criteria (what a 4 means here), for the register's readers."""
    scales = ctx.config.scoring
    criteria = scales.criteria

    def scale(labels: list[str], sentences: list[str]) -> list[dict[str, Any]]:
        return [{"score": n, "label": name, "criterion": sentences[n - 1] if len(sentences) >= n else None}
                for n, name in enumerate(labels, start=1)]

    return {"likelihood": scale(scales.likelihood, criteria.likelihood if criteria else []),
            "impact": scale(scales.impact, criteria.impact if criteria else []),
            "criteria": criteria is not None and bool(criteria.likelihood or criteria.impact)}


# --- 半年度自查自验 -------------------------------------------------------------------------------


def self_check(ctx: Context, period: Period) -> dict[str, Any]:
    """Per department, the seed's five questions answered from the data, and the gaps.  A 自查自验
    counts for the half-year it covers (its `period`, else its date), and the findings of every check
    covering the half are listed whatever its date (the 年中分析会 is held in July)."""
    risks = ctx.risks()
    gaps = self_check_gaps(ctx.register, period.key)
    covering = self_checks(ctx.register, period.key)
    # a check held after the as-of date (the 年中分析会 in July) still shows what it found, as it stood
    # on its own date
    rows = [Row(check, finding, state_of(ctx.register, max(ctx.as_of, check.date)).finding(finding))
            for check in covering for finding in check.findings]
    initial_until = add_days(ctx.cycle.start, INITIAL_DAYS)
    departments = []
    for department in ctx.config.departments:
        own = [r for r in risks if r.department == department.id]
        checks = [{"id": c.id, "title": c.title, "date": c.date} for c in covering if department.id in c.departments]
        if not own and department.id not in gaps and not checks:
            continue
        identified = [r for r in own if r.identified in period]
        new_risks = [r for r in identified if r.identified is not None and r.identified > initial_until]
        measures = [(r, m) for r in own for m in r.measures if ctx.state.measure(m).status != "dropped"]
        done_in = [(r, m) for r, m in measures if ctx.state.measure(m).status == "done" and m.done in period]
        posts = [p for p in ctx.config.posts if p.department == department.id and p.powers]
        covered = {r.post for r in own}
        due = [(r, m) for r, m in measures if m.due in period]
        finished = [(r, m) for r, m in due if ctx.state.measure(m).status == "done" and m.done is not None]
        on_time = sum(1 for _, m in finished if m.due is not None and m.done is not None and m.done <= m.due)
        late = len(finished) - on_time
        overdue = [ctx.measure_row(r, m) for r, m in measures if ctx.state.measure(m).overdue]
        findings = [ctx.finding_row(row) for row in rows if row.finding.department == department.id]
        departments.append({
            "id": department.id, "name": department.name, "checks": checks, "checked": bool(checks),
            "exempt": not department.self_check,
            "identified": len(identified), "initial": len(identified) - len(new_risks),
            "new_risks": [{"id": r.id, "title": r.title, "identified": r.identified} for r in new_risks],
            "rules_made": [m.title for _, m in done_in if m.kind == "制度"],
            "processes": [m.title for _, m in done_in if m.kind == "流程"],
            "posts": len(posts), "posts_uncovered": [p.name for p in posts if p.id not in covered],
            "measures_due": len(due), "on_time": on_time, "late": late,
            "not_done": len(due) - on_time - late, "overdue": overdue,
            "findings": findings,
        })
    return {**_header(ctx, period, "self-check"), "departments": departments,
            "gaps": [ctx.department(d) for d in gaps], "initial_until": initial_until,
            "exempt": [d.name for d in ctx.config.departments if not d.self_check]}


def self_check_as_of(register: Register, period: Period) -> dt.date:
    """The default as-of date of a half-year's self-check report: the half's last day, or the day of
    the latest 自查自验 that covers it when that is later (the 年中分析会 is held in early July)."""
    return max([period.end, *(c.date for c in self_checks(register, period.key))])


# --- the cycle's annual review -----------------------------------------------------------------


def annual(ctx: Context, period: Period) -> dict[str, Any]:
    risks = ctx.risks()
    rows = ctx.workload()
    timely = numbers.timeliness(rows, risks, ctx.state, period, ctx.as_of)
    moves: Counter[str] = Counter()
    for risk in risks:
        for entry in risk.history:
            if entry.date in period:
                moves[entry.stage] += 1
    carried_findings = [ctx.finding_row(r) for r in rows if r.state.status in (*UNFINISHED, "done")]
    carried_measures = [ctx.measure_row(r, m) for r in risks for m in r.measures
                        if ctx.state.measure(m).status in ("planned", "in_progress")]
    not_in_act = [{"id": r.id, "title": r.title, "stage": ctx.label("stage", stage_as_of(r, ctx.as_of))}
                  for r in risks if stage_as_of(r, ctx.as_of) != "A"]
    counts = _finding_counts(ctx, rows, period)
    levels = _risk_counts(ctx, risks)
    return {
        **_header(ctx, period, "annual"),
        "risks": levels,
        "identified": sum(1 for r in risks if r.identified in period),
        "moves": [{"stage": st, "label": ctx.label("stage", st), "count": moves.get(st, 0)}
                  for st in STAGES],
        "measures": _measure_counts(ctx, risks, period),
        "measures_on_time": timely.measures_on_time,
        "measures_on_time_rate": timely.measures_rate,
        "findings": counts,
        "findings_due": timely.findings_due,
        "rectified_on_time": timely.findings_on_time,
        "rectified_on_time_rate": timely.findings_rate,
        "repeat_rate": numbers.rate(counts["repeats"], counts["found"]),
        "carried_findings": carried_findings,
        "carried_measures": carried_measures,
        "not_in_act": not_in_act,
        "charts": {"levels": levels["by_level"], "sources": counts["by_source"],
                   "trend": _trend(ctx, rows, period.end)},
    }


def build(kind: str, ctx: Context, period: Period, by: str = "area") -> dict[str, Any]:
    """The data of one report kind (see KINDS)."""
    if kind == "stats":
        return stats(ctx, period, by)
    builders = {"monthly": monthly, "lists": lists, "register": register_list, "self-check": self_check,
                "annual": annual}
    return builders[kind](ctx, period)
