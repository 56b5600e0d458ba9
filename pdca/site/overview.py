"""The 驾驶舱 (overview): this month's 通报 numbers, the heat map with a page per cell, and the 红黄蓝
warnings.  Every number is the monthly report's (pdca.engine.report_data), for the same day."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pdca.site.register_site import RegisterSite

COLOURS = ("red", "yellow", "blue")


def overview(site: RegisterSite) -> dict[str, Any]:
    data = site.monthly
    return {
        "risks": data["risks"],
        "measures": data["measures"],
        "findings": data["findings"],
        "heatmap": heatmap(site),
        "month": data["period"]["label"],
        "month_report": site.path(f"reports/monthly-{site.month.key}.html"),
        "warnings_page": site.path("warnings.html"),
        "warnings": [{"colour": w["colour"], "label": w["label"], "rule": w["rule"],
                      "findings": len(w["findings"]), "measures": len(w["measures"])}
                     for w in warning_groups(site)],
        "scoring": {"likelihood": site.config.scoring.likelihood, "impact": site.config.scoring.impact},
    }


def heatmap(site: RegisterSite) -> dict[str, Any]:
    """The monthly report's heat map, each cell with the page of its risks (none for an empty cell)."""
    grid = site.monthly["heatmap"]
    impacts = {i["impact"]: i["label"] for i in grid["impact"]}
    rows = []
    for row in grid["rows"]:
        cells = []
        for cell in row["cells"]:
            described = site.text("site.heatmap.cell", likelihood=row["likelihood"], likelihood_label=row["label"],
                                  impact=cell["impact"], impact_label=impacts[cell["impact"]], count=cell["count"],
                                  level=cell["level_label"])
            cells.append({**cell, "likelihood": row["likelihood"], "described": described,
                          "page": _cell_page(site, row["likelihood"], cell["impact"]) if cell["count"] else None})
        rows.append({**row, "cells": cells})
    return {"impact": grid["impact"], "rows": rows}


def _cell_page(site: RegisterSite, likelihood: int, impact: int) -> str:
    return site.path(f"heatmap/{likelihood}-{impact}.html")


def cells(site: RegisterSite) -> list[dict[str, Any]]:
    """The heat map's cells that hold risks, each with its page and title."""
    found = []
    for row in heatmap(site)["rows"]:
        for cell in row["cells"]:
            if cell["page"] is not None:
                title = site.text("site.heatmap.title_cell", likelihood=row["likelihood"], likelihood_label=row["label"],
                                  impact=cell["impact"],
                                  impact_label=site.config.scoring.impact[cell["impact"] - 1])
                found.append({**cell, "title": title})
    return found


def cell_page(site: RegisterSite, cell: dict[str, Any]) -> dict[str, Any]:
    """The risks of one cell: those the heat map counted there (existing on the day, with these scores)."""
    members = [site.rows[r.id] for r in site.risks
               if (r.likelihood, r.impact) == (cell["likelihood"], cell["impact"])]
    intro = site.text("site.heatmap.intro", level=cell["level_label"], count=cell["count"])
    return {"heading": cell["title"], "intro": intro, "groups": [{"name": None, "risks": members}],
            "back": site.path("index.html")}


# --- 红黄蓝 warnings ------------------------------------------------------------------------------


def colour(row: dict[str, Any], yellow: int, blue: int) -> str | None:
    """Red when overdue, yellow when due within `yellow` days, blue within `blue` days, else none."""
    if row["overdue"]:
        return "red"
    left = row.get("days_left")
    if left is None:
        return None
    if left <= yellow:
        return "yellow"
    return "blue" if left <= blue else None


def warning_groups(site: RegisterSite) -> list[dict[str, Any]]:
    """The unfinished findings (not 长期坚持) and measures of the day, by colour, most urgent first."""
    options, ctx = site.options, site.ctx
    findings = [row for row in site.monthly["open_findings"] if not row["long_term"]]
    measures = [ctx.measure_row(risk, m) for risk in site.risks for m in risk.measures
                if ctx.state.measure(m).status in ("planned", "in_progress")]
    rules = {
        "red": site.text("site.warn.rule_red"),
        "yellow": site.text("site.warn.rule_yellow", days=options.yellow_days),
        "blue": site.text("site.warn.rule_blue", low=options.yellow_days + 1, days=options.blue_days),
    }
    groups = []
    for name in COLOURS:
        chosen_findings = [dict(f, href=site.finding_href(f["id"]), risk_href=site.risk_pages.get(f["risk"] or ""))
                           for f in findings if colour(f, options.yellow_days, options.blue_days) == name]
        chosen_measures = [dict(m, risk_href=site.risk_pages.get(m["risk"]))
                           for m in measures if colour(m, options.yellow_days, options.blue_days) == name]
        for rows in (chosen_findings, chosen_measures):
            rows.sort(key=lambda r: (-r["days_overdue"], r["days_left"] if r["days_left"] is not None else 0, r["id"]))
        groups.append({"colour": name, "label": site.text(f"site.warn.{name}"), "rule": rules[name],
                       "findings": chosen_findings, "measures": chosen_measures})
    return groups


def warnings(site: RegisterSite) -> dict[str, Any]:
    return {"groups": warning_groups(site)}
