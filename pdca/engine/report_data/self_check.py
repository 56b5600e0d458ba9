"""半年度自查自验: per department, the seed's five questions answered from the data, and the gaps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pdca.domain.closed_loop import self_check_gaps, self_checks, state_of
from pdca.domain.dates import add_days
from pdca.domain.numbers import Row
from pdca.domain.periods import Period
from pdca.engine.report_data.context import Context, header
from pdca.model.register import Register

#: risks identified within this many days of the cycle's start belong to its initial 排查, not 新增
INITIAL_DAYS = 31


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
    return {**header(ctx, period, "self-check"), "departments": departments,
            "gaps": [ctx.department(d) for d in gaps], "initial_until": initial_until,
            "exempt": [d.name for d in ctx.config.departments if not d.self_check]}


def self_check_as_of(register: Register, period: Period) -> dt.date:
    """The default as-of date of a half-year's self-check report: the half's last day, or the day of
    the latest 自查自验 that covers it when that is later (the 年中分析会 is held in early July)."""
    return max([period.end, *(c.date for c in self_checks(register, period.key))])
