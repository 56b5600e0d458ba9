"""The reports as pages: every monthly 通报 of the cycle up to this month, the 统计情况表 (by area and by
department), the four lists, the 廉洁风险清单, each half-year's 自查自验 and the annual review.

Each is `pdca report` run on the site's day: the same request (pdca.engine.reporting), the same data and
template (pdca.formats.markdown_report, a register's own templates included), the same Markdown, shown as
HTML (pdca.site.markdown_html).  There is no second set of words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from pdca.domain import periods
from pdca.domain.dates import add_days
from pdca.engine import reporting
from pdca.engine.reporting import Request
from pdca.formats import markdown_report
from pdca.site.markdown_html import to_html
from pdca.site.paths import Names, relative

if TYPE_CHECKING:
    from pdca.site.register_site import RegisterSite


@dataclass(frozen=True)
class Report:
    kind: str
    by: str
    request: Request
    name: str  # what the list of reports calls it
    title: str  # the page's title
    path: str


def plan(site: RegisterSite) -> list[Report]:
    """The reports of the site's cycle, up to the site's day, in the order the list shows them."""
    cycle, lang, today = site.ctx.cycle, site.lang, site.options.today
    wanted: list[tuple[str, str, str | None, str | None, str | None]] = []  # kind, by, month, half, year
    halves: list[str] = []
    month = periods.month_of(cycle.start)
    while month.start <= site.month.start:
        wanted.append(("monthly", "area", month.key, None, None))
        half = periods.half_year(month.start)[2]
        if half not in halves:
            halves.append(half)
        month = periods.month_of(add_days(month.end, 1))
    key = site.month.key
    wanted += [("stats", "area", key, None, None), ("stats", "department", key, None, None),
               ("lists", "area", key, None, None), ("register", "area", None, None, None)]
    wanted += [("self-check", "area", None, half, None) for half in halves]
    wanted.append(("annual", "area", None, None, None))
    found = []
    for kind, by, month_key, half_key, year in wanted:
        request = reporting.request([site.register], kind, month_key, half_key, year, None, today, lang)
        found.append(_report(site, kind, by, request))
    return found


def _report(site: RegisterSite, kind: str, by: str, request: Request) -> Report:
    label = request.period.label(site.lang)
    stem = {"monthly": f"monthly-{request.period.key}", "stats": f"stats-{by}-{request.period.key}",
            "lists": f"lists-{request.period.key}", "register": "register",
            "self-check": f"self-check-{request.period.key}", "annual": f"annual-{request.period.key}"}[kind]
    name_id = f"site.reports.{kind}" if kind != "stats" else f"site.reports.stats_{by}"
    name = site.text(name_id)
    shown = label if kind != "register" else site.text("site.reports.as_of", as_of=request.as_of)
    return Report(kind, by, request, name, site.text("site.reports.title_one", name=name, period=shown),
                  site.path(f"reports/{_file_name(stem)}.html"))


def _file_name(stem: str) -> str:
    """A period key as a file name (a cycle's id is the register's text)."""
    return Names().name(stem)


def listing(site: RegisterSite, reports: list[Report]) -> dict[str, Any]:
    """The reports by kind, each with its period and as-of date."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for report in reports:
        groups.setdefault(report.name, []).append(
            {"href": report.path, "period": report.request.period.label(site.lang), "as_of": report.request.as_of,
             "title": report.title})
    return {"groups": [{"name": name, "reports": items} for name, items in groups.items()]}


def page(site: RegisterSite, report: Report) -> dict[str, Any]:
    """The report's Markdown, exactly as `pdca report` prints it (without Mermaid charts), as HTML whose
    ids of risks and findings link to their pages."""
    request = report.request
    markdown = markdown_report.render(request.kind, [site.register], request.period, request.as_of, site.lang,
                                      charts=False, by=report.by)
    if site.options.errors:
        markdown = markdown_report.banner(site.options.errors, site.lang) + markdown
    pages = {**site.risk_pages, **{row.finding.id: f"{site.path('findings.html')}#{site.finding_anchor(row.finding.id)}"
                                   for row in site.workload}}

    def link(text: str) -> str | None:
        target = pages.get(text)
        return relative(report.path, target) if target is not None else None

    return {"body": Markup(to_html(markdown, link)), "as_of": request.as_of}
