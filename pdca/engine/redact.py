"""`--redact`: people's names out, for sharing a report or an export beyond the 纪检 office.

Owners, leaders, verifiers and participants are replaced by their post or department; any of those
names that also appears in free text (a result, a note, a task) is withheld there too.  The register is
changed in memory only, for the one command.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from pdca.model.register import Register

_WITHHELD = {"zh": "(已隐去)", "en": "(withheld)"}
_LEADER = {"zh": "分管领导", "en": "leader in charge"}
_VERIFIER = {"zh": "核验人", "en": "verifier"}
_PEOPLE = {"zh": "参加人员", "en": "participants"}


def names(register: Register) -> set[str]:
    """The people the register names: values of person fields that are not a department or post."""
    config = register.config
    roles = {d.name for d in config.departments} | {p.name for p in config.posts} if config else set()
    found: set[str] = set()
    for risk in register.risks:
        found.update(v for v in (risk.owner, risk.leader) if v)
        found.update(m.owner for m in risk.measures if m.owner)
    for check in register.checks:
        for finding in check.findings:
            found.update(v for v in (finding.owner, finding.leader) if v)
            if finding.closed is not None:
                found.add(finding.closed.by)
            found.update(e.by for e in finding.history if e.by)
    for activity in register.activities:
        found.update(activity.participants)
    return {name for name in found if name not in roles}


def redact(register: Register, lang: str) -> None:
    """Replace every person's name in the register's entities (in memory)."""
    people = names(register)
    if not people:
        return
    pattern = re.compile("|".join(re.escape(n) for n in sorted(people, key=len, reverse=True)))
    withheld = _WITHHELD.get(lang, _WITHHELD["zh"])
    index = register.index
    departments = index.departments
    posts = index.posts

    def role(post: str | None, department: str | None) -> str:
        if post and post in posts:
            return posts[post].name
        if department and department in departments:
            return departments[department].name
        return withheld

    def scrub(model: BaseModel) -> None:
        for name, value in list(model.__dict__.items()):
            if isinstance(value, str):
                setattr(model, name, pattern.sub(withheld, value))
            elif isinstance(value, BaseModel):
                scrub(value)
            elif isinstance(value, list):
                setattr(model, name, [pattern.sub(withheld, v) if isinstance(v, str) else v for v in value])
                for item in value:
                    if isinstance(item, BaseModel):
                        scrub(item)

    for risk in register.risks:
        owner = role(risk.post, risk.department)
        if risk.owner in people:
            risk.owner = owner
        if risk.leader in people:
            risk.leader = _LEADER.get(lang, _LEADER["zh"])
        for measure in risk.measures:
            if measure.owner in people:
                measure.owner = owner
        scrub(risk)
    for check in register.checks:
        for finding in check.findings:
            if finding.owner in people:
                finding.owner = role(None, finding.department)
            if finding.leader in people:
                finding.leader = _LEADER.get(lang, _LEADER["zh"])
            if finding.closed is not None and finding.closed.by in people:
                finding.closed.by = _VERIFIER.get(lang, _VERIFIER["zh"])
            for event in finding.history:
                if event.by in people:
                    event.by = _VERIFIER.get(lang, _VERIFIER["zh"])
        scrub(check)
    for activity in register.activities:
        if activity.participants:
            count = len(activity.participants)
            activity.participants = [f"{_PEOPLE.get(lang, _PEOPLE['zh'])} {count}"]
        scrub(activity)
