"""An id is used twice.

Risks, measures, checks, findings and activities share one namespace: an id names one thing in the
register, so a finding can point at it without saying what kind it is.  Departments, areas and posts
in pdca.yaml must be unique within their own list, and so must people (people/*.yaml) and dossier
entries (dossier/*.yaml).
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
