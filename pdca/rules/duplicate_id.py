"""An id is used twice.

Risks, measures, checks, findings, activities, pledges, meeting decisions and 考核单 share one namespace:
an id names one thing in the register, so a finding can point at it without saying what kind it is.
Departments, areas, posts and campaigns in pdca.yaml must be unique within their own list, and the items
of a campaign within it; so must people (people/*.yaml) and dossier entries (dossier/*.yaml).
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.model.entities import Located, Where
from pdca.rules.base import Hit, RuleContext

NAME = "duplicate-id"
CODE = "PDCA101"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    register = ctx.register
    seen: dict[str, tuple[str, Located]] = {}
    entities: list[tuple[str, Located]] = [("risk", r) for r in register.risks]
    entities += [("measure", m) for r in register.risks for m in r.measures]
    entities += [("check", c) for c in register.checks]
    entities += [("finding", f) for c in register.checks for f in c.findings]
    entities += [("activity", a) for a in register.activities]
    entities += [("pledge", p) for p in register.pledges] + [("decision", d) for d in register.decisions]
    entities += [("assessment", a) for a in register.assessments]
    for kind, entity in entities:
        first = seen.get(entity.id)
        if first is None:
            seen[entity.id] = (kind, entity)
            continue
        yield ctx.hit(entity, "id", message="rule.duplicate_id", target=entity.id, id=entity.id,
                      other=ctx.register.where(first[1]).file, kind=ctx.kind(first[0]))
    config = register.config
    assert config is not None
    for section, kind in (("departments", "department"), ("areas", "area"), ("posts", "post")):
        ids: set[str] = set()
        for number, item in enumerate(getattr(config, section)):
            if item.id in ids:
                yield ctx.hit(Where("pdca.yaml", (section, number)), "id", message="rule.duplicate_config_id",
                              target=item.id, id=item.id, kind=ctx.kind(kind))
            ids.add(item.id)
    for items, message in ((register.people, "people.rule.duplicate"), (register.dossier, "dossier.rule.duplicate")):
        seen_ids: set[str] = set()
        for item in items:
            if item.id in seen_ids:
                yield ctx.hit(item, "id", message=message, target=item.id, id=item.id)
            seen_ids.add(item.id)
    yield from _campaigns(ctx)


def _campaigns(ctx: RuleContext) -> Iterator[Hit]:
    config = ctx.register.config
    assert config is not None
    campaigns: set[str] = set()
    for number, campaign in enumerate(config.campaigns):
        if campaign.id in campaigns:
            yield ctx.hit(Where("pdca.yaml", ("campaigns", number)), "id", message="rule.duplicate_config_id",
                          target=campaign.id, id=campaign.id, kind=ctx.kind("campaign"))
        campaigns.add(campaign.id)
        items: set[str] = set()
        for place, item in enumerate(campaign.items):
            if item.id in items:
                yield ctx.hit(Where("pdca.yaml", ("campaigns", number, "items", place)), "id",
                              message="rule.duplicate_config_id", target=item.id, id=item.id,
                              kind=ctx.kind("campaign_item"))
            items.add(item.id)
