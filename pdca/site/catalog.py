"""权职目录 and 风险清单: posts by department with their powers, risks by area and by department, a page
per post and a page per risk (scoring with its written criteria, measures on their lines, stage history,
findings).  Levels, stages and states are pdca's computations as of the site's day."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pdca.domain import powers, scoring
from pdca.domain.numbers import Row
from pdca.model.entities import Post, Risk

if TYPE_CHECKING:
    from pdca.site.register_site import RegisterSite


def directory(site: RegisterSite) -> dict[str, Any]:
    """Posts by department (in pdca.yaml's order), each with its powers (and whether a risk point names
    each) and how many risk points it has."""
    counts: dict[str, int] = {}
    for risk in site.risks:
        if risk.post:
            counts[risk.post] = counts.get(risk.post, 0) + 1
    lines = _power_lines(site)
    departments = []
    known = {d.id for d in site.config.departments}
    for department_id, name in [*((d.id, d.name) for d in site.config.departments), (None, "-")]:
        posts = [{"name": p.name, "href": site.post_pages[p.id], "risks": counts.get(p.id, 0),
                  "powers": [{"power": power, "risks": len(risks)} for power, risks in lines.get(p.id, [])]}
                 for p in site.config.posts
                 if (p.department == department_id if department_id else p.department not in known)]
        if posts:
            departments.append({"name": name, "posts": posts})
    return {"departments": departments}


def _grouped(site: RegisterSite, key: Any, order: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The day's risks grouped by `key(risk)`, groups in `order` (id, name), the rest under "-"."""
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for risk in site.risks:
        groups.setdefault(key(risk), []).append(site.rows[risk.id])
    named = dict(order)
    found = [{"name": name, "risks": groups[ident]} for ident, name in order if ident in groups]
    rest = [row for ident, rows in sorted(groups.items(), key=lambda item: str(item[0])) if ident not in named
            for row in rows]
    return found + ([{"name": "-", "risks": rest}] if rest else [])


def by_area(site: RegisterSite) -> dict[str, Any]:
    groups = _grouped(site, lambda r: r.area, [(a.id, a.name) for a in site.config.areas])
    return {"heading": site.text("site.risks.by_area"), "intro": site.text("site.risks.count", count=len(site.risks)),
            "groups": groups, "other": {"href": site.path("departments.html"), "label": site.text("site.risks.by_department")}}


def by_department(site: RegisterSite) -> dict[str, Any]:
    groups = _grouped(site, lambda r: r.department, [(d.id, d.name) for d in site.config.departments])
    return {"heading": site.text("site.risks.by_department"),
            "intro": site.text("site.risks.count", count=len(site.risks)),
            "groups": groups, "other": {"href": site.path("risks.html"), "label": site.text("site.risks.by_area")}}


def _power_lines(site: RegisterSite) -> dict[str, list[tuple[str, list[str]]]]:
    """post id -> each power with the ids of the risk points of the day that name it (pdca.domain.powers)."""
    shown = {r.id for r in site.risks}
    return {entry.post.id: [(line.power, [r.id for r in line.risks if r.id in shown]) for line in entry.powers]
            for entry in powers.catalogue(site.register)}


def post_page(site: RegisterSite, post: Post) -> dict[str, Any]:
    risks = [site.rows[r.id] for r in site.risks if r.post == post.id]
    lines = [{"power": power, "risks": [site.rows[r] for r in ids]} for power, ids in _power_lines(site).get(post.id, [])]
    return {"post": {"id": post.id, "name": post.name, "department": site.ctx.department(post.department),
                     "powers": lines}, "risks": risks}


def risk_page(site: RegisterSite, risk: Risk) -> dict[str, Any]:
    ctx = site.ctx
    return {
        "risk": {**site.rows[risk.id], "dimension": risk.dimension, "description": risk.description,
                 "process": risk.process, "indicator": risk.indicator, "leader": risk.leader, "tags": risk.tags,
                 "identified": risk.identified,
                 "reviewed": risk.reviewed if risk.reviewed is not None and risk.reviewed <= site.day else None},
        "scoring": _scoring(site, risk),
        "lines": [{"label": ctx.label("line", line),
                   "measures": [ctx.measure_row(risk, m) for m in risk.measures if m.line == line]}
                  for line in ("before", "during", "after")],
        "history": [{"stage": ctx.label("stage", h.stage), "date": h.date, "note": h.note} for h in risk.history
                    if h.date <= site.day],  # what was known on the day, as the stage itself is
        "findings": _findings(site, risk),
        "checks": [{"id": c.id, "title": c.title, "date": c.date, "source": ctx.label("source", c.source)}
                   for c in ctx.index.checks_by_risk.get(risk.id, []) if c.date <= site.day],
    }


def _scoring(site: RegisterSite, risk: Risk) -> dict[str, Any]:
    """The scores with their labels and written criteria (as the 廉洁风险清单 gives them), the matrix
    cell's level and the level in force, and why they differ."""
    written = site.scales
    assessed = scoring.assessment(site.register, risk, site.day)

    def score(scale: str, value: int | None) -> dict[str, Any] | None:
        entries = written[scale]
        return entries[value - 1] if value is not None and 1 <= value <= len(entries) else None

    override = risk.override if assessed.override_applied else None
    return {
        "likelihood": score("likelihood", risk.likelihood), "impact": score("impact", risk.impact),
        "matrix": site.ctx.label("level", assessed.matrix), "level": site.ctx.label("level", assessed.effective),
        "legal": risk.legal_liability, "override": override.reason if override else None,
    }


def _findings(site: RegisterSite, risk: Risk) -> list[dict[str, Any]]:
    """The findings on this risk found by the day, with their state as the reports show it."""
    rows = []
    for check, finding in site.ctx.index.findings_by_risk.get(risk.id, []):
        state = site.ctx.state.finding(finding)
        if state.status is not None:
            rows.append({**site.ctx.finding_row(Row(check, finding, state)), "href": site.finding_href(finding.id)})
    rows.sort(key=lambda r: (r["found"], r["id"]))
    return rows
