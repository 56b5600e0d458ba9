"""A reference to a registered person that names no one, or a person whose post or department is unknown.

A register that lists its people (people/*.yaml, each with a pseudonymous id, a post and a department)
refers to them by id in the fields that name people: owners, leaders, verifiers (``closed.by``),
approvers, deciders and participants; a dossier entry names its person by id.  A field that is written
like one of the register's ids (``P-0091`` where the ids are ``P-0001``...) but is not one is reported:
a mistyped id would otherwise be shown in reports as it is written.  A field holding a name or a post
(``采购部经理``) is not a reference and is left alone.

A person's ``post`` must be one of ``posts`` and their ``department`` one of ``departments``; when both
are given, the post must belong to that department.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pdca.domain import people
from pdca.model.diagnostic import Severity
from pdca.model.entities import Located, Where
from pdca.rules.base import Hit, RuleContext

NAME = "person-reference"
CODE = "PDCA702"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}

Place = tuple[Located | Where, tuple[str | int, ...]]


def check(ctx: RuleContext) -> Iterator[Hit]:
    register = ctx.register
    if not register.people:
        return
    yield from _people(ctx)
    by_key = people.id_keys(ctx.index.people)
    shapes = _shapes(by_key)
    for (at, subpath), field in _person_fields(ctx):
        for name in people.names(field):
            if name not in by_key and shapes.fullmatch(name):
                yield ctx.hit(at, *subpath, message="people.rule.unknown_person", id=field,
                              hint=ctx.say("people.rule.ids_like", example=next(iter(by_key.values()))))
                break
    for entry in register.dossier:
        if entry.person not in ctx.index.people:
            yield ctx.hit(entry, "person", message="people.rule.unknown_person", target=entry.id, id=entry.person,
                          hint=ctx.say("people.rule.ids_like", example=next(iter(by_key.values()))))


def _people(ctx: RuleContext) -> Iterator[Hit]:
    index = ctx.index
    for person in ctx.register.people:
        post = index.posts.get(person.post) if person.post else None
        if person.post and post is None:
            yield ctx.hit(person, "post", message="people.rule.unknown_post", target=person.id, id=person.id,
                          post=person.post)
        if person.department and person.department not in index.departments:
            yield ctx.hit(person, "department", message="people.rule.unknown_department", target=person.id,
                          id=person.id, department=person.department)
        elif post is not None and person.department and post.department != person.department:
            yield ctx.hit(person, "department", message="people.rule.post_elsewhere", target=person.id,
                          id=person.id, post=post.id, department=post.department)


def _shapes(by_key: dict[str, str]) -> re.Pattern[str]:
    """What the register's ids look like, as keys: p0001 -> p\\d+ (letters as they are, digits any)."""
    forms = sorted({re.sub(r"\d+", r"\\d+", re.escape(key)) for key in by_key if re.search(r"\d", key)})
    return re.compile("|".join(forms) if forms else r"(?!)")


def _person_fields(ctx: RuleContext) -> Iterator[tuple[Place, str]]:
    """Every field that names people, with where it is."""
    register = ctx.register
    for risk in register.risks:
        for name in ("owner", "leader"):
            if value := getattr(risk, name):
                yield (risk, (name,)), value
        for measure in risk.measures:
            if measure.owner:
                yield (measure, ("owner",)), measure.owner
    for check in register.checks:
        for finding in check.findings:
            for name in ("owner", "leader"):
                if value := getattr(finding, name):
                    yield (finding, (name,)), value
            if finding.closed is not None:
                yield (finding, ("closed", "by")), finding.closed.by
            for list_name, items, attribute in (("history", finding.history, "by"),
                                                ("extensions", finding.extensions, "approved_by"),
                                                ("actions", finding.actions, "by")):
                for number, item in enumerate(items):
                    if value := getattr(item, attribute):
                        yield (finding, (list_name, number, attribute)), value
    for activity in register.activities:
        for number, participant in enumerate(activity.participants):
            yield (activity, ("participants", number)), participant
    if register.config is not None:
        for number, waiver in enumerate(register.config.waivers):
            yield (Where("pdca.yaml", ("waivers", number)), ("approver",)), waiver.approver
