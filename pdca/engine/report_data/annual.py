"""The cycle's annual review."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pdca.domain import numbers
from pdca.domain.closed_loop import stage_as_of
from pdca.domain.periods import Period
from pdca.engine.report_data.context import Context, finding_counts, header, measure_counts, risk_counts, trend
from pdca.engine.report_data.records import records
from pdca.model.entities import STAGES, UNFINISHED


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
    counts = finding_counts(ctx, rows, period)
    levels = risk_counts(ctx, risks)
    return {
        **header(ctx, period, "annual"),
        "risks": levels,
        "identified": sum(1 for r in risks if r.identified in period),
        "moves": [{"stage": st, "label": ctx.label("stage", st), "count": moves.get(st, 0)}
                  for st in STAGES],
        "measures": measure_counts(ctx, risks, period),
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
        **records(ctx, period),
        "charts": {"levels": levels["by_level"], "sources": counts["by_source"],
                   "trend": trend(ctx, rows, period.end)},
    }
