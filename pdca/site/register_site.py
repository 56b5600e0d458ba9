"""The pages of one register's site, and the names and links they share.

Every page is judged on one day: the as-of date `pdca report` would give this month's 通报 if run on
the site's day (the period's last day, never after today nor after the register's last cycle).  The
numbers come from pdca.engine.report_data and pdca.domain, as the reports have them; this module only
decides which pages there are and where they live.
"""

from __future__ import annotations

from functools import cached_property, partial
from typing import Any

from pdca import i18n
from pdca.domain.closed_loop import stage_as_of
from pdca.domain.numbers import Row
from pdca.engine import report_data, reporting
from pdca.engine.report_data import Context
from pdca.engine.report_data.lists import scales
from pdca.errors import PdcaError
from pdca.model.entities import Risk
from pdca.model.register import Register
from pdca.site import catalog, findings, overview, records, reports
from pdca.site.model import Options, Page
from pdca.site.paths import Names

#: the menu: section -> (page, catalogue id of its name)
MENU = (
    ("overview", "index.html", "site.nav.overview"),
    ("warnings", "warnings.html", "site.nav.warnings"),
    ("directory", "posts.html", "site.nav.directory"),
    ("risks", "risks.html", "site.nav.risks"),
    ("findings", "findings.html", "site.nav.findings"),
    ("records", "records.html", "site.nav.records"),
    ("reports", "reports.html", "site.nav.reports"),
)


class RegisterSite:
    """One register's pages under `prefix` (empty for a site of one register, `name/` in a group)."""

    def __init__(self, register: Register, prefix: str, options: Options, group: str | None = None) -> None:
        self.register = register
        self.prefix = prefix
        self.options = options
        self.lang = options.lang
        self.group = group  # the group page, when the site holds several registers
        assert register.config is not None
        cycle = register.config.cycle
        if options.today < cycle.start:  # `pdca report` would ask for a period; the site has only a day
            raise PdcaError(i18n.text("site.not_begun", self.lang, as_of=options.today, cycle=cycle.id,
                                      start=cycle.start, end=cycle.end, register=register.name))
        month = reporting.request([register], "monthly", None, None, None, None, options.today, self.lang)
        self.month = month.period
        self.day = month.as_of
        self.ctx = Context(register, self.day, self.lang)
        self.config = register.config
        self.risks = self.ctx.risks()
        risk_names, post_names = Names(), Names()
        self.risk_pages: dict[str, str] = {}
        for risk in self.risks:  # the first of duplicate ids has the page, as the register's index has it
            self.risk_pages.setdefault(risk.id, self.path(f"risks/{risk_names.name(risk.id)}.html"))
        self.post_pages = {post.id: self.path(f"posts/{post_names.name(post.id)}.html") for post in self.config.posts}
        finding_names = Names()  # named in the register's order, whichever page asks first
        self.anchors = {f.id: f"f-{finding_names.name(f.id)}" for check in register.checks for f in check.findings}

    def path(self, page: str) -> str:
        return self.prefix + page

    def text(self, message_id: str, **params: Any) -> str:
        return i18n.text(message_id, self.lang, **params)

    @cached_property
    def monthly(self) -> dict[str, Any]:
        """This month's 通报 data: the overview shows its numbers."""
        return report_data.build("monthly", self.ctx, self.month)

    @cached_property
    def rows(self) -> dict[str, dict[str, Any]]:
        """A line per risk, as every list of risks shows it."""
        return {risk.id: self._row(risk) for risk in reversed(self.risks)}  # reversed: the first duplicate wins

    def _row(self, risk: Risk) -> dict[str, Any]:
        ctx = self.ctx
        level, stage = ctx.level(risk), stage_as_of(risk, self.day)
        post = ctx.index.posts.get(risk.post) if risk.post else None
        return {
            "id": risk.id, "title": risk.title, "href": self.risk_pages[risk.id],
            "level": level, "level_label": ctx.label("level", level),
            "stage": stage, "stage_label": ctx.label("stage", stage),
            "likelihood": risk.likelihood, "impact": risk.impact,
            "area": ctx.area(risk.area), "department": ctx.department(risk.department),
            "post": post.name if post else (risk.post or "-"),
            "post_href": self.post_pages.get(risk.post) if risk.post else None,
            "owner": risk.owner,
        }

    @cached_property
    def scales(self) -> dict[str, Any]:
        """The scales with their written criteria, as the 廉洁风险清单 gives them."""
        return scales(self.ctx)

    @cached_property
    def workload(self) -> list[Row]:
        """The findings of the findings table: the cycle's, as the reports count them."""
        return self.ctx.workload()

    @cached_property
    def _in_table(self) -> set[str]:
        return {row.finding.id for row in self.workload}

    def finding_anchor(self, finding_id: str) -> str:
        """Where a finding's line of the findings table is (its id attribute)."""
        return self.anchors[finding_id]

    def prepare(self) -> None:
        """Work out what many pages share, once, before the pages are written (by several processes,
        perhaps: pdca.site.parallel)."""
        for shared in (self.monthly, self.rows, self.scales, self._in_table):
            assert shared is not None

    def finding_href(self, finding_id: str) -> str | None:
        """A link to a finding's line of the findings table; None for one the table does not hold (closed
        before the cycle began)."""
        if finding_id not in self._in_table:
            return None
        return self.path(f"findings.html#{self.finding_anchor(finding_id)}")

    def frame(self) -> dict[str, Any]:
        """What every page of this register shows around its own content."""
        return {
            "organization": self.config.organization,
            "site_name": self.text("site.name", organization=self.config.organization),
            "byline": self.text("site.byline", cycle=self.ctx.cycle.id, start=self.ctx.cycle.start,
                                end=self.ctx.cycle.end, as_of=self.day),
            "menu": [{"section": section, "path": self.path(page), "label": self.text(label)}
                     for section, page, label in MENU],
            "group": self.group,
            "home": self.path("index.html"),
        }

    def pages(self) -> list[Page]:
        """Every page of the register's site, in a fixed order."""
        frame = self.frame()

        def page(path: str, template: str, title: str, section: str, data: Any) -> Page:
            return Page(self.path(path), template, title, section, data, frame)

        listed = [
            page("index.html", "overview.html.j2", self.text("site.nav.overview"), "overview",
                 lambda: overview.overview(self)),
            page("warnings.html", "warnings.html.j2", self.text("site.warn.title"), "warnings",
                 lambda: overview.warnings(self)),
            page("posts.html", "directory.html.j2", self.text("site.directory.title"), "directory",
                 lambda: catalog.directory(self)),
            page("risks.html", "risk-list.html.j2", self.text("site.risks.by_area"), "risks",
                 lambda: catalog.by_area(self)),
            page("departments.html", "risk-list.html.j2", self.text("site.risks.by_department"), "risks",
                 lambda: catalog.by_department(self)),
            page("findings.html", "findings.html.j2", self.text("site.findings.title"), "findings",
                 lambda: findings.table(self)),
            page("records.html", "records.html.j2", self.text("site.records.title"), "records",
                 lambda: records.page(self)),
        ]
        for cell in overview.cells(self):
            listed.append(page(cell["page"], "risk-list.html.j2", cell["title"], "overview",
                               partial(overview.cell_page, self, cell)))
        for post in _first_of_each(self.config.posts):
            listed.append(Page(self.post_pages[post.id], "post.html.j2", post.name, "directory",
                               partial(catalog.post_page, self, post), frame))
        for risk in _first_of_each(self.risks):
            listed.append(Page(self.risk_pages[risk.id], "risk.html.j2", f"{risk.id} {risk.title}", "risks",
                               partial(catalog.risk_page, self, risk), frame))
        wanted = reports.plan(self)
        listed.append(page("reports.html", "reports.html.j2", self.text("site.reports.title"), "reports",
                           lambda: reports.listing(self, wanted)))
        for report in wanted:
            listed.append(Page(report.path, "report.html.j2", report.title, "reports",
                               partial(reports.page, self, report), frame))
        return listed


def _first_of_each(entries: list[Any]) -> list[Any]:
    """The first entry of each id (a duplicate id, reported by pdca check, shares the first one's page)."""
    seen: dict[str, Any] = {}
    for entry in entries:
        seen.setdefault(entry.id, entry)
    return list(seen.values())
