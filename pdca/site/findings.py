"""整改事项: one table of the cycle's findings (the reports' 问题累计), with what a filter needs.

The table is whole in the HTML, readable without JavaScript; the filters (department, source, status,
overdue) are a small script in the page that hides rows, and the choices they offer are the values the
rows hold."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pdca.site.register_site import RegisterSite


def table(site: RegisterSite) -> dict[str, Any]:
    rows = []
    for row in site.workload:
        line = site.ctx.finding_row(row)
        line["anchor"] = site.finding_anchor(line["id"])
        line["risk_href"] = site.risk_pages.get(line["risk"] or "")
        rows.append(line)

    def choices(key: str) -> list[str]:
        return sorted({str(r[key]) for r in rows})

    shown = site.text("site.findings.shown", shown="{shown}", total="{total}")
    return {
        "rows": rows,
        "filters": [
            {"name": "department", "label": site.text("report.column.department"), "choices": choices("department")},
            {"name": "source", "label": site.text("report.column.source"), "choices": choices("source")},
            {"name": "status", "label": site.text("report.column.status"), "choices": choices("status")},
        ],
        "shown": shown,
        "total": site.text("site.findings.total", count=len(rows)),
    }
