"""统计情况表: a row per area or department."""

from __future__ import annotations

from typing import Any

from pdca import i18n
from pdca.domain import numbers
from pdca.domain.numbers import LEVELS, Row
from pdca.domain.periods import Period
from pdca.engine.report_data.context import Context, finding_counts, header
from pdca.model.entities import Risk


def stats(ctx: Context, period: Period, by: str = "area") -> dict[str, Any]:
    """A row per area (or department): risks by level, measures, the cycle's findings by source, 已完成 /
    正在推进 / 长期坚持, 逾期, 销号, repeats and the two rates.  Findings are the cycle's (see pdca.domain.numbers),
    with those found in the period in a column of their own."""
    risks = ctx.risks()
    rows = ctx.workload()
    sources = [s["source"] for s in finding_counts(ctx, rows, period)["by_source"]]
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
    return {**header(ctx, period, "stats"), "by": by, "sources": source_labels, "rows": table,
            "total": line(i18n.text("report.total", ctx.lang), everything)}
