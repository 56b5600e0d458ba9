"""A reference names something the register does not have.

Checked: a risk's area, department and post; a post's department; a check's departments and risks;
a finding's risk, department and repeat_of (``none`` is not a reference: it records that the finding
was looked at and is not a repeat); an activity's departments, risks and check.  The message
suggests the closest existing id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pdca import i18n
from pdca.model.diagnostic import Severity
from pdca.model.entities import NOT_A_REPEAT, Located, Where
from pdca.rules.base import Hit, RuleContext

NAME = "unknown-reference"
CODE = "PDCA102"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    index = ctx.index
    register = ctx.register
    config = register.config
    assert config is not None
    invalid = index.invalid_ids
    valid: dict[str, Iterable[str]] = {
        "area": index.areas, "department": index.departments, "post": index.posts,
        "risk": index.risks, "check": index.checks, "finding": index.findings,
    }
    tables = {kind: set(ids) | invalid.get(kind, set()) for kind, ids in valid.items()}

    def refs(where: Located | Where, field: str, kind: str, values: str | list[str] | None, target: str) -> Iterator[Hit]:
        table = tables[kind]
        many = isinstance(values, list)
        for number, value in enumerate(values if isinstance(values, list) else [values]):
            if value is None or value in table:
                continue
            at = (field, number) if many else (field,)
            yield ctx.hit(where, *at, message="rule.unknown_reference", target=target, field=ctx.field(field),
                          kind=ctx.kind(kind), id=value, hint=i18n.suggest(table, value))

    for number, post in enumerate(config.posts):
        yield from refs(Where("pdca.yaml", ("posts", number)), "department", "department", post.department, post.id)
    for risk in register.risks:
        yield from refs(risk, "area", "area", risk.area, risk.id)
        yield from refs(risk, "department", "department", risk.department, risk.id)
        yield from refs(risk, "post", "post", risk.post, risk.id)
    for check_ in register.checks:
        yield from refs(check_, "departments", "department", check_.departments, check_.id)
        yield from refs(check_, "risks", "risk", check_.risks, check_.id)
        for finding in check_.findings:
            yield from refs(finding, "risk", "risk", finding.risk, finding.id)
            yield from refs(finding, "department", "department", finding.department, finding.id)
            if finding.repeat_of == finding.id:
                yield ctx.hit(finding, "repeat_of", message="rule.repeat_self", target=finding.id, id=finding.id)
            elif finding.repeat_of != NOT_A_REPEAT:
                yield from refs(finding, "repeat_of", "finding", finding.repeat_of, finding.id)
    for activity in register.activities:
        yield from refs(activity, "departments", "department", activity.departments, activity.id)
        yield from refs(activity, "risks", "risk", activity.risks, activity.id)
        yield from refs(activity, "check", "check", activity.check, activity.id)
