"""The data behind each report, built from the computed state: pure, no templates, no I/O.

Every builder returns plain dicts, lists, strings and numbers (what a template may see), with the
register's own text left as it is: escaping for Markdown happens once, when the template prints it.
Labels (status, level, escalation ...) come in the report's language.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pdca import messages
from pdca.dates import add_days
from pdca.models import SOURCES, STAGES, Check, Finding, Measure, Risk
from pdca.register import Register
from pdca.state import FindingState, State, half_year, self_check_gaps, self_checks, stage_as_of, state_of

LEVELS = (1, 2, 3)
KINDS = ("monthly", "stats", "lists", "register", "self-check", "annual")
#: risks identified within this many days of the cycle's start belong to its initial 排查, not 新增
INITIAL_DAYS = 31


@dataclass(frozen=True)
class Period:
    kind: str  # month | half | year
    start: dt.date
    end: dt.date
    key: str  # 2024-06 | 2024H1 | 2024

    def label(self, lang: str) -> str:
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月" if lang == "zh" else self.start.strftime("%B %Y")
        if self.kind == "half":
            half = "上半年" if self.start.month == 1 else "下半年"
            english = "first" if self.start.month == 1 else "second"
            return f"{self.start.year}年{half}" if lang == "zh" else f"the {english} half of {self.start.year}"
        return f"{self.start.year}年度" if lang == "zh" else str(self.start.year)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def month(key: str) -> Period:
    year, number = (int(part) for part in key.split("-"))
    last = calendar.monthrange(year, number)[1]
    return Period("month", dt.date(year, number, 1), dt.date(year, number, last), f"{year:04d}-{number:02d}")


def half(key: str) -> Period:
    year, which = int(key[:4]), key[4:].upper()
    if which not in ("H1", "H2"):
        raise ValueError(key)
    start, end, label = half_year(dt.date(year, 1 if which == "H1" else 7, 1))
    return Period("half", start, end, label)


def year(key: str) -> Period:
    number = int(key)
    return Period("year", dt.date(number, 1, 1), dt.date(number, 12, 31), f"{number:04d}")


# --- shared rows -----------------------------------------------------------------------------


class Context:
    """What every builder needs: the register, its state as of the date, the language."""

    def __init__(self, register: Register, as_of: dt.date, lang: str) -> None:
        assert register.config is not None
        self.register = register
        self.config = register.config
        self.index = register.index
        self.state: State = state_of(register, as_of)
        self.as_of = as_of
        self.lang = lang

    def label(self, table: dict[Any, tuple[str, str]], key: Any) -> str:
        return messages.label(table, key, self.lang) if key is not None else "-"

    def department(self, department: str | None) -> str:
        if department is None:
            return "-"
        found = self.index.departments.get(department)
        return found.name if found else department

    def area(self, area: str | None) -> str:
        found = self.index.areas.get(area) if area else None
        return found.name if found else (area or "-")

    def found(self) -> list[tuple[Check, Finding, FindingState]]:
        """Every finding found by the as-of date, in check date and id order."""
        rows = []
        for check in self.register.checks:
            for finding in check.findings:
                computed = self.state.finding(finding)
                if computed.status is not None:
                    rows.append((check, finding, computed))
        rows.sort(key=lambda row: (row[0].date, row[1].id))
        return rows

    def risks(self) -> list[Risk]:
        """Risks that existed on the as-of date (identified by then, not yet retired), by id."""
        return sorted((r for r in self.register.risks if stage_as_of(r, self.as_of) is not None), key=lambda r: r.id)

    def finding_row(self, check: Check, finding: Finding, computed: FindingState) -> dict[str, Any]:
        deadline = finding.deadline
        days_left = (deadline - self.as_of).days if deadline is not None and not computed.overdue else None
        return {
            "id": finding.id,
            "check": check.id,
            "check_title": check.title,
            "source": self.label(messages.SOURCE_NAMES, check.source),
            "found": check.date,
            "risk": finding.risk,
            "problem": finding.problem,
            "task": finding.task,
            "department": self.department(finding.department),
            "owner": finding.owner,
            "leader": finding.leader,
            "deadline": deadline,
            "long_term": finding.long_term,
            "status": self.label(messages.FINDING_STATUS_NAMES, computed.status),
            "status_code": computed.status,
            "done": finding.done if computed.status in ("done", "closed") else None,
            "result": finding.result if computed.status in ("done", "closed") else None,
            "evidence": finding.evidence if computed.status in ("done", "closed") else None,
            "closed_date": finding.closed.date if finding.closed and computed.status == "closed" else None,
            "closed_by": finding.closed.by if finding.closed and computed.status == "closed" else None,
            "overdue": computed.overdue,
            "days_overdue": computed.days_overdue,
            "days_left": days_left,
            "escalation": self.label(messages.ESCALATION_NAMES, computed.escalation) if computed.escalation else None,
            "escalation_code": computed.escalation,
            "repeat": computed.repeat,
            "repeat_source": computed.repeat_source,
            "repeat_depth": computed.repeat_depth,
            "carried_over": computed.carried_over,
            "days_waiting": computed.days_awaiting_verification,
        }

    def measure_row(self, risk: Risk, measure: Measure) -> dict[str, Any]:
        computed = self.state.measure(measure)
        return {
            "id": measure.id, "title": measure.title, "risk": risk.id, "risk_title": risk.title,
            "line": self.label(messages.LINE_NAMES, measure.line), "kind": measure.kind,
            "owner": measure.owner or risk.owner, "due": measure.due,
            "status": self.label(messages.STATUS_NAMES, computed.status), "status_code": computed.status,
            "done": measure.done if computed.status == "done" else None, "evidence": measure.evidence,
            "overdue": computed.overdue, "days_overdue": computed.days_overdue,
        }


def _rate(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "-"


def _header(ctx: Context, period: Period, kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "organization": ctx.config.organization,
        "register": ctx.register.name,
        "cycle": ctx.config.cycle.id,
        "cycle_start": ctx.config.cycle.start,
        "cycle_end": ctx.config.cycle.end,
        "as_of": ctx.as_of,
        "period": {"key": period.key, "label": period.label(ctx.lang), "start": period.start, "end": period.end},
        "lang": ctx.lang,
    }


# --- the pieces the monthly report and others share ---------------------------------------------


def _levels_and_stages(ctx: Context, risks: list[Risk]) -> dict[str, Any]:
    levels = Counter(ctx.index.level(r) for r in risks)
    stages = Counter(stage_as_of(r, ctx.as_of) for r in risks)
    return {
        "total": len(risks),
        "by_level": [{"level": lv, "label": ctx.label(messages.LEVEL_NAMES, lv), "count": levels.get(lv, 0)}
                     for lv in LEVELS],
        "unscored": levels.get(None, 0),
        "by_stage": [{"stage": st, "label": ctx.label(messages.STAGE_NAMES, st), "count": stages.get(st, 0)}
                     for st in STAGES],
    }


def _measure_counts(ctx: Context, risks: list[Risk]) -> dict[str, int]:
    counts = Counter()  # type: Counter[str]
    for risk in risks:
        for measure in risk.measures:
            computed = ctx.state.measure(measure)
            counts["total"] += 1
            counts[computed.status] += 1
            counts["overdue"] += computed.overdue
    return {key: counts.get(key, 0) for key in ("total", "planned", "in_progress", "done", "dropped", "overdue")}


def _finding_counts(rows: list[tuple[Check, Finding, FindingState]], period: Period) -> dict[str, Any]:
    rectified = sum(1 for _, _, s in rows if s.status in ("done", "closed"))
    closed = sum(1 for _, _, s in rows if s.status == "closed")
    return {
        "found": len(rows),
        "new": sum(1 for c, _, _ in rows if c.date in period),
        "rectified_in_period": sum(1 for _, f, s in rows if s.status in ("done", "closed") and f.done in period),
        "closed_in_period": sum(1 for _, f, s in rows if s.status == "closed" and f.closed and f.closed.date in period),
        "unfinished": sum(1 for _, _, s in rows if s.status in ("open", "rectifying")),
        "overdue": sum(1 for _, _, s in rows if s.overdue),
        "awaiting": sum(1 for _, _, s in rows if s.awaiting_verification),
        "repeats": sum(1 for _, _, s in rows if s.repeat),
        "rectified": rectified,
        "closed": closed,
        "rectification_rate": _rate(rectified, len(rows)),
        "closure_rate": _rate(closed, len(rows)),
    }


def _heatmap(ctx: Context, risks: list[Risk]) -> dict[str, Any]:
    scoring = ctx.config.scoring
    counts = Counter((r.likelihood, r.impact) for r in risks)
    rows = []
    size = len(scoring.likelihood)
    for offset, cells in enumerate(scoring.matrix):
        likelihood = size - offset
        rows.append({
            "likelihood": likelihood,
            "label": scoring.likelihood[likelihood - 1],
            "cells": [{"impact": impact, "level": level, "level_label": ctx.label(messages.LEVEL_NAMES, level),
                       "count": counts.get((likelihood, impact), 0)}
                      for impact, level in enumerate(cells, start=1)],
        })
    return {"impact": [{"impact": n, "label": name} for n, name in enumerate(scoring.impact, start=1)], "rows": rows}


def _trend(ctx: Context, rows: list[tuple[Check, Finding, FindingState]], until: dt.date) -> dict[str, Any]:
    """New and closed findings per month, over the twelve months up to `until` that fall in the cycle
    (or simply the twelve months up to `until`, for a date outside the cycle)."""
    months = [dt.date(until.year, until.month, 1)]
    cycle_start = ctx.config.cycle.start
    floor = dt.date(cycle_start.year, cycle_start.month, 1) if cycle_start <= until else dt.date.min
    while len(months) < 12:
        first = months[0]
        previous = dt.date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1) if first.year > 1 or first.month > 1 else None
        if previous is None or previous < floor:
            break
        months.insert(0, previous)
    keys = [f"{m.year:04d}-{m.month:02d}" for m in months]
    new = Counter(f"{c.date.year:04d}-{c.date.month:02d}" for c, _, _ in rows)
    closed = Counter(
        f"{f.closed.date.year:04d}-{f.closed.date.month:02d}" for _, f, s in rows if s.status == "closed" and f.closed
    )
    labels = [f"{m.month}月" if ctx.lang == "zh" else m.strftime("%b") for m in months]
    return {"months": labels, "keys": keys, "new": [new.get(k, 0) for k in keys],
            "closed": [closed.get(k, 0) for k in keys]}


def _by_source(ctx: Context, rows: list[tuple[Check, Finding, FindingState]]) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter(c.source for c, _, _ in rows)
    return [{"source": s, "label": ctx.label(messages.SOURCE_NAMES, s), "count": counts[s]}
            for s in SOURCES if counts.get(s)]


# --- monthly 通报 ------------------------------------------------------------------------------


def _stricter(ctx: Context, risks: list[Risk]) -> list[dict[str, Any]]:
    """Risks whose level is stricter than their matrix cell (legal liability or an override)."""
    out = []
    for risk in risks:
        assessment = ctx.index.assessment(risk)
        if assessment.effective is not None and assessment.matrix is not None and assessment.effective != assessment.matrix:
            reason = (risk.override.reason if risk.override is not None and not assessment.override_rejected
                      and (not risk.legal_liability) else None)
            out.append({"id": risk.id, "title": risk.title, "level": ctx.label(messages.LEVEL_NAMES, assessment.effective),
                        "matrix": ctx.label(messages.LEVEL_NAMES, assessment.matrix),
                        "legal": risk.legal_liability, "reason": reason})
    return out


def monthly(ctx: Context, period: Period) -> dict[str, Any]:
    risks = ctx.risks()
    rows = ctx.found()
    next_start = add_days(period.end, 1)  # the calendar's last month is followed by itself
    following = month(f"{next_start.year:04d}-{next_start.month:02d}")
    due_findings = [
        ctx.finding_row(c, f, s) for c, f, s in rows
        if s.status in ("open", "rectifying") and f.deadline in following and not f.long_term
    ]
    due_measures = [
        ctx.measure_row(r, m) for r in risks for m in r.measures
        if ctx.state.measure(m).status in ("planned", "in_progress") and m.due in following
    ]
    overdue = [ctx.finding_row(c, f, s) for c, f, s in rows if s.overdue]
    overdue.sort(key=lambda row: (-row["days_overdue"], row["id"]))
    overdue_measures = [ctx.measure_row(r, m) for r in risks for m in r.measures if ctx.state.measure(m).overdue]
    overdue_measures.sort(key=lambda row: (-row["days_overdue"], row["id"]))
    activities = [
        {"id": a.id, "kind": ctx.label(messages.ACTIVITY_NAMES, a.kind), "title": a.title, "date": a.date,
         "departments": [ctx.department(d) for d in a.departments], "participants": a.participants, "note": a.note}
        for a in sorted(ctx.register.activities, key=lambda a: (a.date, a.id)) if a.date in period
    ]
    levels = _levels_and_stages(ctx, risks)
    due_now = [m for r in risks for m in r.measures if m.status != "dropped" and m.due in period]
    return {
        **_header(ctx, period, "monthly"),
        "following": {"key": following.key, "label": following.label(ctx.lang)},
        "risks": levels,
        "measures": _measure_counts(ctx, risks),
        "measures_due": {"total": len(due_now),
                         "done": sum(1 for m in due_now if ctx.state.measure(m).status == "done")},
        "newly_overdue": [ctx.finding_row(c, f, s) for c, f, s in rows if s.overdue and f.deadline in period],
        "stricter": _stricter(ctx, risks),
        "findings": _finding_counts(rows, period),
        "new_findings": [ctx.finding_row(c, f, s) for c, f, s in rows if c.date in period],
        "open_findings": [ctx.finding_row(c, f, s) for c, f, s in rows if s.status in ("open", "rectifying")],
        "closed_findings": [
            ctx.finding_row(c, f, s) for c, f, s in rows
            if s.status == "closed" and f.closed is not None and f.closed.date in period
        ],
        "awaiting": [ctx.finding_row(c, f, s) for c, f, s in rows if s.awaiting_verification],
        "overdue": overdue,
        "overdue_measures": overdue_measures,
        "repeats": [ctx.finding_row(c, f, s) for c, f, s in rows if s.repeat],
        "heatmap": _heatmap(ctx, risks),
        "due_next": {"findings": due_findings, "measures": due_measures},
        "activities": activities,
        "charts": {"levels": levels["by_level"], "sources": _by_source(ctx, rows), "trend": _trend(ctx, rows, period.end)},
    }


# --- 统计情况表 ---------------------------------------------------------------------------------


def stats(ctx: Context, period: Period, by: str = "area") -> dict[str, Any]:
    """A row per area (or department): risks by level, measures, findings by source, rectified, 销号,
    overdue, repeats and the two rates.  Findings are counted over the cycle up to the as-of date (the
    table stands, it is not a monthly slice), with those found in the period in a column of their own."""
    risks = ctx.risks()
    cycle_start = ctx.config.cycle.start
    rows = [(c, f, s) for c, f, s in ctx.found() if c.date >= cycle_start or s.status in ("open", "rectifying")]
    sources = [s["source"] for s in _by_source(ctx, rows)]
    source_labels = [ctx.label(messages.SOURCE_NAMES, s) for s in sources]

    def key_of_risk(risk: Risk) -> str | None:
        return risk.area if by == "area" else risk.department

    def key_of_finding(finding: Finding) -> str | None:
        if by == "department":
            return finding.department
        risk = ctx.index.risks.get(finding.risk) if finding.risk else None
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
        group(key_of_finding(row[1]))["findings"].append(row)

    def line(name: str, members: dict[str, Any]) -> dict[str, Any]:
        levels = Counter(ctx.index.level(r) for r in members["risks"])
        measures = _measure_counts(ctx, members["risks"])
        counts = _finding_counts(members["findings"], period)
        by_source: Counter[str] = Counter(c.source for c, _, _ in members["findings"])
        return {
            "name": name,
            "risks": len(members["risks"]),
            "levels": [levels.get(lv, 0) for lv in LEVELS],
            "measures": measures["total"] - measures["dropped"],
            "measures_done": measures["done"],
            "findings": counts["found"],
            "new": counts["new"],
            "sources": [by_source.get(s, 0) for s in sources],
            "rectified": counts["rectified"],
            "closed": counts["closed"],
            "overdue": counts["overdue"],
            "repeats": counts["repeats"],
            "rectification_rate": counts["rectification_rate"],
            "closure_rate": counts["closure_rate"],
        }

    unlinked = "未关联" if ctx.lang == "zh" else "(none)"
    names = ctx.area if by == "area" else ctx.department
    table = [line(names(key), groups[key]) for key in order if key in groups]
    table += [line(names(key) if key else unlinked, groups[key]) for key in sorted(groups, key=str)
              if key not in order]
    everything = {"risks": risks, "findings": rows}
    return {**_header(ctx, period, "stats"), "by": by, "sources": source_labels, "rows": table,
            "total": line("合计" if ctx.lang == "zh" else "Total", everything)}


# --- the four lists --------------------------------------------------------------------------


def lists(ctx: Context, period: Period) -> dict[str, Any]:
    """问题清单, 任务清单, 责任清单, 结果清单: the findings found in the period, and the earlier ones that
    were still open at its start (the lists follow an item until 销号)."""
    rows = []
    for c, f, s in ctx.found():
        earlier_open = c.date < period.start and (
            s.status in ("open", "rectifying", "done") or (f.closed is not None and f.closed.date >= period.start))
        if c.date in period or earlier_open:
            row = ctx.finding_row(c, f, s)
            row["earlier"] = c.date < period.start
            rows.append(row)
    return {**_header(ctx, period, "lists"), "findings": rows,
            "new": sum(1 for r in rows if not r["earlier"]), "carried": sum(1 for r in rows if r["earlier"])}


# --- 廉洁风险清单 --------------------------------------------------------------------------------


def register_list(ctx: Context, period: Period) -> dict[str, Any]:
    risks = ctx.risks()
    posts = ctx.index.posts
    areas = []
    for area in [*ctx.config.areas, None]:
        members = [r for r in risks if (r.area == area.id if area else r.area not in ctx.index.areas)]
        if not members:
            continue
        entries = []
        post_order = {post.id: number for number, post in enumerate(ctx.config.posts)}
        for risk in sorted(members, key=lambda r: (post_order.get(r.post or "", len(post_order)), r.id)):
            by_line: dict[str, list[str]] = {"before": [], "during": [], "after": []}
            for measure in risk.measures:
                if measure.status != "dropped":
                    by_line[measure.line].append(measure.title)
            post = posts.get(risk.post) if risk.post else None
            entries.append({
                "id": risk.id, "title": risk.title, "description": risk.description,
                "post": post.name if post else (risk.post or "-"), "department": ctx.department(risk.department),
                "dimension": risk.dimension, "level": ctx.index.level(risk),
                "level_label": ctx.label(messages.LEVEL_NAMES, ctx.index.level(risk)),
                "before": by_line["before"], "during": by_line["during"], "after": by_line["after"],
                "owner": risk.owner, "leader": risk.leader,
            })
        areas.append({"id": area.id if area else None, "name": area.name if area else "-", "risks": entries})
    return {**_header(ctx, period, "register"), "areas": areas, "total": len(risks)}


# --- 半年度自查自验 -------------------------------------------------------------------------------


def self_check(ctx: Context, period: Period) -> dict[str, Any]:
    """Per department, the seed's five questions answered from the data, and the gaps.  A 自查自验
    counts for the half-year it covers (its `period`, else its date)."""
    risks = ctx.risks()
    gaps = self_check_gaps(ctx.register, period.key)
    covering = self_checks(ctx.register, period.key)
    covering_ids = {c.id for c in covering}
    rows = ctx.found()
    initial_until = add_days(ctx.config.cycle.start, INITIAL_DAYS)
    departments = []
    for department in ctx.config.departments:
        own = [r for r in risks if r.department == department.id]
        if not own and department.id not in gaps:
            continue
        identified = [r for r in own if r.identified in period]
        new_risks = [r for r in identified if r.identified is not None and r.identified > initial_until]
        measures = [(r, m) for r in own for m in r.measures if m.status != "dropped"]
        done_in = [(r, m) for r, m in measures if ctx.state.measure(m).status == "done" and m.done in period]
        posts = [p for p in ctx.config.posts if p.department == department.id and p.powers]
        covered = {r.post for r in own}
        due = [(r, m) for r, m in measures if m.due in period]

        def finished(measure: Measure) -> bool:
            return ctx.state.measure(measure).status == "done" and measure.done is not None

        on_time = sum(1 for _, m in due if finished(m) and m.due is not None and m.done is not None and m.done <= m.due)
        late = sum(1 for _, m in due if finished(m) and m.due is not None and m.done is not None and m.done > m.due)
        overdue = [ctx.measure_row(r, m) for r, m in measures if ctx.state.measure(m).overdue]
        checks = [{"id": c.id, "title": c.title, "date": c.date} for c in covering if department.id in c.departments]
        findings = [ctx.finding_row(c, f, st) for c, f, st in rows
                    if c.id in covering_ids and f.department == department.id]
        departments.append({
            "id": department.id, "name": department.name, "checks": checks, "checked": department.id not in gaps,
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
            "gaps": [ctx.department(d) for d in gaps], "initial_until": initial_until}


# --- the cycle's annual review -----------------------------------------------------------------


def annual(ctx: Context, period: Period) -> dict[str, Any]:
    risks = ctx.risks()
    rows = ctx.found()
    in_year = [(c, f, s) for c, f, s in rows if c.date in period]
    measures = [(r, m) for r in risks for m in r.measures if m.status != "dropped" and m.due in period]
    done_on_time = sum(1 for _, m in measures
                       if ctx.state.measure(m).status == "done" and m.done and m.due and m.done <= m.due)
    due_findings = [(c, f, s) for c, f, s in in_year
                    if not f.long_term and f.deadline is not None and f.deadline <= min(ctx.as_of, period.end)]
    rectified_on_time = sum(1 for _, f, s in due_findings
                            if s.status in ("done", "closed") and f.done is not None and f.deadline is not None
                            and f.done <= f.deadline)
    moves: Counter[str] = Counter()
    for risk in risks:
        for entry in risk.history:
            if entry.date in period:
                moves[entry.stage] += 1
    carried_findings = [ctx.finding_row(c, f, s) for c, f, s in rows if s.status in ("open", "rectifying")]
    carried_measures = [ctx.measure_row(r, m) for r in risks for m in r.measures
                        if ctx.state.measure(m).status in ("planned", "in_progress")]
    not_in_act = [{"id": r.id, "title": r.title, "stage": ctx.label(messages.STAGE_NAMES, stage_as_of(r, ctx.as_of))}
                  for r in risks if stage_as_of(r, ctx.as_of) != "A"]
    counts = _finding_counts(in_year, period)
    levels = _levels_and_stages(ctx, risks)
    by_source = _by_source(ctx, in_year)
    return {
        **_header(ctx, period, "annual"),
        "risks": levels,
        "identified": sum(1 for r in risks if r.identified in period),
        "moves": [{"stage": st, "label": ctx.label(messages.STAGE_NAMES, st), "count": moves.get(st, 0)}
                  for st in STAGES],
        "measures_due": len(measures),
        "measures_on_time": done_on_time,
        "measures_on_time_rate": _rate(done_on_time, len(measures)),
        "measures_overdue": sum(1 for row in carried_measures if row["overdue"]),
        "findings": counts,
        "findings_due": len(due_findings),
        "rectified_on_time": rectified_on_time,
        "rectified_on_time_rate": _rate(rectified_on_time, len(due_findings)),
        "repeat_rate": _rate(counts["repeats"], counts["found"]),
        "by_source": by_source,
        "carried_findings": carried_findings,
        "carried_measures": carried_measures,
        "not_in_act": not_in_act,
        "charts": {"levels": levels["by_level"], "sources": by_source,
                   "trend": _trend(ctx, rows, period.end)},
    }


def build(kind: str, ctx: Context, period: Period, by: str = "area") -> dict[str, Any]:
    """The data of one report kind (see KINDS)."""
    if kind == "stats":
        return stats(ctx, period, by)
    builders = {"monthly": monthly, "lists": lists, "register": register_list, "self-check": self_check,
                "annual": annual}
    return builders[kind](ctx, period)
