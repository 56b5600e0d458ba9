"""The four lists (问题清单, 任务清单, 责任清单, 结果清单) and the 廉洁风险清单."""

from __future__ import annotations

from typing import Any

from pdca.domain import numbers
from pdca.domain.periods import Period
from pdca.engine.report_data.context import Context, header


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
    return {**header(ctx, period, "lists"), "findings": rows,
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
    return {**header(ctx, period, "register"), "areas": areas, "total": len(risks), "scoring": scales(ctx)}


def scales(ctx: Context) -> dict[str, Any]:
    """The scales with their written criteria (what a 4 means here), for the register's readers."""
    written = ctx.config.scoring
    criteria = written.criteria

    def scale(labels: list[str], sentences: list[str]) -> list[dict[str, Any]]:
        return [{"score": n, "label": name, "criterion": sentences[n - 1] if len(sentences) >= n else None}
                for n, name in enumerate(labels, start=1)]

    return {"likelihood": scale(written.likelihood, criteria.likelihood if criteria else []),
            "impact": scale(written.impact, criteria.impact if criteria else []),
            "criteria": criteria is not None and bool(criteria.likelihood or criteria.impact)}
