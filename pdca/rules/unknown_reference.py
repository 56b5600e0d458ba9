"""A reference names something the register does not have.

Checked: a risk's area, department and post; a post's department; a check's departments and risks;
a finding's risk, department and repeat_of (``none`` is not a reference: it records that the finding
was looked at and is not a repeat); an activity's departments, risks and check.  The message
suggests the closest existing id.

Also the records of the method: an activity's posts and finding (``none``: nothing prompted it); a
pledge's departments and posts; a meeting decision's department and risk; a 考核单's department; the
``sheet`` (考核单) an action of a finding or decision names; a department's ``head`` post; the items of a
campaign (risks, findings, measures); and a risk's ``power``, which must be one of its post's powers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from pdca import i18n
from pdca.model.diagnostic import Severity
from pdca.model.entities import NOT_A_REPEAT, NOTHING_PROMPTED, Decision, Finding, Located, Where
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
        "measure": index.measures, "assessment": index.assessments,
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
    yield from _records(ctx, refs)
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


def _records(ctx: RuleContext, refs: Callable[..., Iterator[Hit]]) -> Iterator[Hit]:
    """The references of the method's records (两个责任, activities, 会议决议督办, 考核单, 权职目录, 专项整治)."""
    register, config = ctx.register, ctx.register.config
    assert config is not None
    for number, department in enumerate(config.departments):
        yield from refs(Where("pdca.yaml", ("departments", number)), "head", "post", department.head, department.id)
    for activity in register.activities:
        yield from refs(activity, "posts", "post", activity.posts, activity.id)
        if activity.finding != NOTHING_PROMPTED:
            yield from refs(activity, "finding", "finding", activity.finding, activity.id)
    for pledge in register.pledges:
        yield from refs(pledge, "departments", "department", pledge.departments, pledge.id)
        yield from refs(pledge, "posts", "post", pledge.posts, pledge.id)
    for decision in register.decisions:
        yield from refs(decision, "department", "department", decision.department, decision.id)
        yield from refs(decision, "risk", "risk", decision.risk, decision.id)
    for sheet in register.assessments:
        yield from refs(sheet, "department", "department", sheet.department, sheet.id)
    followed: list[Finding | Decision] = [f for c in register.checks for f in c.findings] + list(register.decisions)
    for item in followed:
        at = register.where(item)
        for number, action in enumerate(item.actions):
            yield from refs(Where(at.file, (*at.path, "actions", number)), "sheet", "assessment", action.sheet, item.id)
    for number, campaign in enumerate(config.campaigns):
        for place, entry in enumerate(campaign.items):
            where = Where("pdca.yaml", ("campaigns", number, "items", place))
            for field, kind in (("risks", "risk"), ("findings", "finding"), ("measures", "measure")):
                yield from refs(where, field, kind, getattr(entry, field), entry.id)
    posts = ctx.index.posts
    for risk in register.risks:
        post = posts.get(risk.post) if risk.post else None
        if risk.power is not None and post is not None and risk.power not in post.powers:
            yield ctx.hit(risk, "power", message="records.rule.unknown_power", target=risk.id, id=risk.id,
                          power=risk.power, post=post.id, hint=i18n.suggest(post.powers, risk.power))
        elif risk.power is not None and risk.post is None:
            yield ctx.hit(risk, "power", message="records.rule.power_without_post", target=risk.id, id=risk.id)
