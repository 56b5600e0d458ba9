"""Which pages a site has: one register's pages at the root, or for several registers a group page at
the root with a part per register and each register's pages in a folder of its own."""

from __future__ import annotations

from typing import Any

from pdca import i18n
from pdca.model.register import Register
from pdca.site.model import Options, Page
from pdca.site.overview import warning_groups
from pdca.site.paths import Names
from pdca.site.register_site import RegisterSite

GROUP = "index.html"


def plan(registers: list[Register], options: Options) -> list[Page]:
    """Every page of the site, in a fixed order (the same registers and day give the same pages)."""
    if len(registers) == 1:
        sites = [RegisterSite(registers[0], "", options)]
        return _prepared(sites, sites[0].pages())
    folders = Names()
    sites = [RegisterSite(register, folders.fresh(register.root.resolve().name) + "/", options, group=GROUP)
             for register in registers]
    title = i18n.text("site.group.title", options.lang)
    frame: dict[str, Any] = {"site_name": title, "byline": "", "menu": [], "group": None, "home": GROUP}
    group = Page(GROUP, "group.html.j2", title, "group",
                 lambda: {"parts": [_part(site) for site in sites]}, frame)
    return _prepared(sites, [group, *(page for site in sites for page in site.pages())])


def _prepared(sites: list[RegisterSite], pages: list[Page]) -> list[Page]:
    for site in sites:
        site.prepare()
    return pages


def _part(site: RegisterSite) -> dict[str, Any]:
    """A register's part of the group page: its numbers, as its own overview has them, and a way in."""
    data = site.monthly
    return {
        "name": site.register.root.resolve().name,
        "organization": site.config.organization,
        "byline": site.frame()["byline"],
        "home": site.path("index.html"),
        "risks": data["risks"],
        "findings": data["findings"],
        "warnings": [{"colour": w["colour"], "label": w["label"], "count": len(w["findings"]) + len(w["measures"])}
                     for w in warning_groups(site)],
        "links": [{"path": item["path"], "label": item["label"]} for item in site.frame()["menu"][1:]],
    }
