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
    # A reference to an entry that failed validation is not reported again.  When a file could not be
    # read (a YAML or encoding error, an entry whose id cannot be read), a reference to the kind of thing
    # that file defines may point into it: it is held back, and one note says how many and which files
    # to put right first (kind -> references held back).
    held_back: dict[str, int] = {}

    def refs(where: Located | Where, field: str, kind: str, values: str | list[str] | None, target: str) -> Iterator[Hit]:
        table = tables[kind]
        many = isinstance(values, list)
        for number, value in enumerate(values if isinstance(values, list) else [values]):
            if value is None or value in table:
                continue
            if kind in register.unreadable:
                held_back[kind] = held_back.get(kind, 0) + 1
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
    if held_back:
        yield _held_back_note(ctx, held_back)


def _held_back_note(ctx: RuleContext, held_back: dict[str, int]) -> Hit:
    """One warning for every reference not checked, on the first file that could not be read."""
    unreadable = ctx.register.unreadable
    kinds = sorted(held_back)
    files = sorted({rel for kind in kinds for rel in unreadable[kind]})
    hit = ctx.hit(Where(files[0], ()), message="rule.references_held_back", count=sum(held_back.values()),
                  kinds=ctx.listing(ctx.kind(kind) for kind in kinds), files=ctx.listing(files))
    hit.at_most = Severity.WARNING
    return hit
