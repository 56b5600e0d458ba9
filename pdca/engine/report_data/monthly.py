"""The monthly 通报."""

from __future__ import annotations

from typing import Any

from pdca.domain import numbers, scoring
from pdca.domain.dates import add_days
from pdca.domain.numbers import Row
from pdca.domain.periods import Period, month_of
from pdca.engine.report_data.context import (
    Context,
    finding_counts,
    header,
    heatmap,
    measure_counts,
    risk_counts,
    trend,
)
from pdca.engine.report_data.records import records
from pdca.model.entities import UNFINISHED, Risk


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
    kept = records(ctx, period)
    levels = risk_counts(ctx, risks)
    counts = finding_counts(ctx, rows, period)
    pending = [ctx.finding_row(r) for r in rows if numbers.waiting_for_decision(r.state, ctx.allowed_days)]
    pending.sort(key=lambda row: (-row["action_pending_days"], row["id"]))
    return {
        **header(ctx, period, "monthly"),
        "following": {"key": following.key, "label": following.label(ctx.lang)},
        "risks": levels,
        "measures": measure_counts(ctx, risks, period),
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
        "heatmap": heatmap(ctx, risks),
        "due_next": {"findings": due_findings, "measures": due_measures},
        "activities": kept["education"]["activities"],
        **kept,
        "charts": {"levels": levels["by_level"], "sources": counts["by_source"], "trend": trend(ctx, rows, period.end)},
    }
