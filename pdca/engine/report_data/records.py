"""What the reports show of the records of the method: 两个责任, 三不 education and talks, 会议决议督办,
考核单, 专项整治, and the 权职目录 (`--kind powers`).  Figures come from pdca.domain (numbers, duties,
campaigns, powers), computed once; here they are only put in rows a template prints."""

from __future__ import annotations

from typing import Any

from pdca.domain import campaigns, duties, numbers, powers
from pdca.domain.closed_loop import LoopState
from pdca.domain.numbers import DecisionRow
from pdca.domain.periods import Period
from pdca.engine.report_data.context import Context, header, steps
from pdca.model.entities import ACTIVITY_KINDS, COMPLETED, UNFINISHED, Activity


def _names(ctx: Context, ids: list[str], kind: str) -> list[str]:
    table = ctx.index.departments if kind == "department" else ctx.index.posts
    return [table[i].name if i in table else i for i in ids]


def activity_row(ctx: Context, activity: Activity) -> dict[str, Any]:
    return {"id": activity.id, "kind": ctx.label("activity", activity.kind), "kind_code": activity.kind,
            "title": activity.title, "date": activity.date,
            "departments": _names(ctx, activity.departments, "department"), "posts": _names(ctx, activity.posts, "post"),
            "finding": activity.finding if activity.finding != "none" else None, "risks": list(activity.risks),
            "evidence": activity.evidence, "participants": activity.participants, "note": activity.note}


def duties_done(ctx: Context) -> dict[str, Any]:
    """两个责任 coverage and the 每月一课 and 廉洁谈话 figures of the cycle as of the date, for a register that
    keeps those records (`kept` says which)."""
    cycle, register = ctx.cycle, ctx.register
    coverage = duties.pledge_coverage(register, cycle, ctx.as_of)
    ended = [m for m in duties.months_of(cycle) if m.end < ctx.as_of]
    gaps = [m.key for m in duties.lesson_gaps(register, cycle, ctx.as_of)]
    scope = duties.talk_scope(register)
    talked = duties.talked(register, cycle, ctx.as_of)
    return {
        "kept": {"pledges": duties.keeps(register, "pledges"), "activities": duties.keeps(register, "activities")},
        "responsibility": {"expected": len(coverage.departments), "signed": len(coverage.signed_departments),
                           "missing": _names(ctx, list(coverage.missing_departments), "department")},
        "integrity": {"expected": len(coverage.key_posts), "signed": len(coverage.signed_posts),
                      "missing": _names(ctx, list(coverage.missing_posts), "post")},
        "lessons": {"months": len(ended), "held": len(ended) - len(gaps), "missing": gaps},
        "talks": {"expected": len(scope), "talked": len(talked),
                  "missing": _names(ctx, [d for d in scope if d not in talked], "department")},
    }


def education(ctx: Context, period: Period) -> dict[str, Any]:
    """The activities of a period by kind, and whether its months had their 每月一课."""
    held = duties.activities_in(ctx.register, period)
    lessons = duties.lesson_months(ctx.register)
    months = [m for m in duties.months_of(ctx.cycle) if m.start <= period.end and period.start <= m.end]
    return {
        "activities": [activity_row(ctx, a) for a in held],
        "by_kind": [{"kind": k, "label": ctx.label("activity", k), "count": n}
                    for k, n in _kind_counts(held).items() if n],
        "lesson_in_period": any(m.key in lessons for m in months),
        "reminder_talks": [activity_row(ctx, a) for a in held if a.kind == "reminder_talk"],
    }


def _kind_counts(held: list[Activity]) -> dict[str, int]:
    return {kind: sum(1 for a in held if a.kind == kind) for kind in ACTIVITY_KINDS}


def decision_row(ctx: Context, row: DecisionRow) -> dict[str, Any]:
    decision, computed = row.decision, row.state
    return {
        "id": decision.id, "meeting": ctx.label("meeting", decision.meeting), "date": decision.date,
        "minutes": decision.minutes, "decision": decision.decision, "department": ctx.department(decision.department),
        "owner": decision.owner, "deadline": decision.deadline, **_loop_row(ctx, computed),
        "extended": computed.extension is not None and computed.effective_deadline != decision.deadline,
        "long_term": decision.long_term,
        "result": decision.result if computed.status in COMPLETED else None,
        "done": decision.done if computed.status in COMPLETED else None,
    }


def _loop_row(ctx: Context, computed: LoopState) -> dict[str, Any]:
    """The closed-loop cells a decision shares with a finding's row (Context.finding_row)."""
    return {
        "effective_deadline": computed.effective_deadline,
        "status": ctx.label("decision_status", computed.status), "status_code": computed.status,
        "overdue": computed.overdue, "days_overdue": computed.days_overdue, "days_left": computed.days_left,
        "escalation": ctx.label("escalation", computed.escalation) if computed.escalation else None,
        "escalation_code": computed.escalation,
        "action": ctx.label("escalation", computed.action) if computed.action else None,
        "action_code": computed.action,
        "actions": [{"kind": ctx.label("escalation", a.kind), "kind_code": a.kind, "date": a.date, "ref": a.ref,
                     "by": a.by} for a in computed.actions],
        "repeat": False,
    }


def follow_up(ctx: Context, period: Period) -> dict[str, Any]:
    """会议决议督办 of the cycle as of the date: the counts, the overdue ones with their suggested handling,
    those taken and carried out in the period; and the 考核单 issued in the period."""
    rows = numbers.decision_rows(ctx.register, ctx.state, ctx.cycle)
    tally = numbers.decisions(rows, period)
    overdue = sorted((r for r in rows if r.state.overdue), key=lambda r: (-r.state.days_overdue, r.decision.id))
    sources = numbers.sheet_sources(ctx.register)
    return {
        "kept": bool(ctx.register.decisions),
        "counts": {"total": tally.total, "new": tally.new, "completed": tally.completed, "closed": tally.closed,
                   "awaiting": tally.awaiting, "in_progress": tally.in_progress, "overdue": tally.overdue,
                   "completion_rate": tally.completion_rate, "suggested": steps(ctx, tally.suggested),
                   "decided": steps(ctx, tally.decided)},
        "overdue": [decision_row(ctx, r) for r in overdue],
        "new": [decision_row(ctx, r) for r in rows if r.decision.date in period],
        "open": [decision_row(ctx, r) for r in rows if r.state.status in UNFINISHED],
        "sheets": [{"id": s.id, "date": s.date, "department": ctx.department(s.department), "person": s.person,
                    "reason": s.reason, "evidence": s.evidence, "sources": sources.get(s.id, [])}
                   for s in numbers.sheets_in(ctx.register, period)],
        "sheets_in_cycle": sum(1 for s in ctx.register.assessments if ctx.cycle.start <= s.date <= ctx.as_of),
    }


def campaign_progress(ctx: Context) -> list[dict[str, Any]]:
    """Each campaign with its items' progress as of the date, in pdca.yaml order."""
    items = campaigns.progress(ctx.register, ctx.state)
    out = []
    for campaign in ctx.config.campaigns:
        mine = [i for i in items if i.campaign is campaign]
        out.append({
            "id": campaign.id, "name": campaign.name, "start": campaign.start, "end": campaign.end,
            "counts": [{"progress": word, "label": ctx.label("progress", word),
                        "count": sum(1 for i in mine if i.progress == word)} for word in campaigns.PROGRESS],
            "entries": [{"id": i.item.id, "group": i.item.group, "title": i.item.title,
                       "progress": ctx.label("progress", i.progress), "progress_code": i.progress,
                       "risks": i.risks, "risks_checked": i.risks_checked, "measures": i.measures,
                       "measures_done": i.measures_done, "findings": i.findings,
                       "findings_completed": i.findings_completed, "overdue": i.overdue} for i in mine],
        })
    return out


def records(ctx: Context, period: Period) -> dict[str, Any]:
    """Everything the 通报 and the annual review show of the method's records."""
    return {"duties": duties_done(ctx), "education": education(ctx, period), "follow_up": follow_up(ctx, period),
            "campaigns": campaign_progress(ctx)}


# --- 权职目录 (`pdca report --kind powers`) --------------------------------------------------------


def power_list(ctx: Context, period: Period) -> dict[str, Any]:
    """Posts by department, a row per power with the risk points that name it (and their level), and a row
    for a post's risks that name no power (or for a post holding none)."""
    def risk(r: Any) -> dict[str, Any]:
        level = ctx.level(r)
        return {"id": r.id, "title": r.title, "level": level, "level_label": ctx.label("level", level)}

    entries = powers.catalogue(ctx.register)
    departments = []
    for department in [*ctx.config.departments, None]:
        mine = [e for e in entries if (e.post.department == department.id if department
                                       else e.post.department not in ctx.index.departments)]
        if not mine:
            continue
        rows = []
        for entry in mine:
            post = {"post": entry.post.name, "key": entry.post.is_key}
            rows += [{**post, "first": n == 0, "power": line.power, "unlinked": False, "risks": [risk(r) for r in line.risks]}
                     for n, line in enumerate(entry.powers)]
            if not entry.powers:
                rows.append({**post, "first": True, "power": None, "unlinked": False, "risks": [risk(r) for r in entry.unlinked]})
            elif entry.unlinked:
                rows.append({**post, "first": False, "power": None, "unlinked": True,
                             "risks": [risk(r) for r in entry.unlinked]})
        departments.append({"name": department.name if department else "-", "rows": rows})
    lines = [line for e in entries for line in e.powers]
    return {**header(ctx, period, "powers"), "departments": departments,
            "posts": len(entries), "powers": len(lines), "without_risk": sum(1 for line in lines if not line.risks),
            "unlinked": sum(len(e.unlinked) for e in entries)}
