"""The 党风廉政意见回复 for one person (凡提四必: before a promotion or an award, the discipline office
answers for the person's integrity): what the register and the 廉政档案 hold about them, in the window
of the dossier's retention ending on the as-of date.

- findings where they were the owner or the responsible leader, with their status as of the date and
  the decisions recorded on them (通报/考核/问责 with the document that records each);
- the talks they took part in (activities whose kind is a talk: 提醒谈话, 廉洁谈话, 诫勉谈话 ...);
- their dossier entries dated inside the window, decrypted;
- a concluding line, drafted from those facts, that the officer confirms (`confirmed`) or writes.

pdca does not judge the person: the draft only says whether anything is on record, and the document
is marked as a draft until the officer has confirmed its conclusion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from pdca import i18n
from pdca.domain import people
from pdca.domain.closed_loop import state_of
from pdca.domain.dossier import in_window, retention_start
from pdca.engine import dossier
from pdca.engine.redact import show_people
from pdca.errors import PdcaError
from pdca.model.entities import Action, Activity, Check, DossierEntry, Finding, Person
from pdca.model.register import Register
from pdca.privacy import vault


def is_talk(kind: str) -> bool:
    """Whether an activity is a talk: its kind is written 提醒谈话, 廉洁谈话, 诫勉谈话 ... or, as a typed
    kind, reminder_talk, integrity_talk ..."""
    return "谈话" in kind or "talk" in kind.lower()


@dataclass(frozen=True)
class FindingRecord:
    check: Check
    finding: Finding
    role: str  # "owner" or "leader"
    status: str | None  # as of the date
    actions: tuple[Action, ...]  # decisions recorded on or before the date


@dataclass
class Opinion:
    person: Person
    name: str | None  # the display name, when the office's mapping gives one
    post: str | None  # the post's name
    department: str | None  # the department's name
    as_of: dt.date
    since: dt.date  # the first day the opinion covers
    years: int
    findings: list[FindingRecord] = field(default_factory=list)
    talks: list[Activity] = field(default_factory=list)
    entries: list[tuple[DossierEntry, str]] = field(default_factory=list)  # with the decrypted text
    conclusion: str | None = None  # the officer's own line; None: the draft stands
    confirmed: bool = False

    @property
    def on_record(self) -> bool:
        """Whether anything is recorded about the person in the window (the draft conclusion says which)."""
        return bool(self.findings or self.entries)

    @property
    def shown_as(self) -> str:
        return self.name or self.post or self.department or self.person.id


def build(register: Register, person_id: str, as_of: dt.date, keys: Sequence[vault.Identity] | None,
          names: dict[str, str], lang: str, conclusion: str | None = None, confirmed: bool = False) -> Opinion:
    """Everything the 意见回复 says, read from the register (whose people are then shown by name or post,
    in memory, as reports show them)."""
    who = dossier.person(register, person_id, lang)
    config = register.config
    years = config.dossier.retention_years if config is not None and config.dossier is not None else 5
    since = retention_start(as_of, years)
    by_key = people.id_keys(register.index.people)
    findings = _findings(register, who, by_key, since, as_of)
    talks = [a for a in register.activities if since <= a.date <= as_of and is_talk(a.kind)
             and any(who.id in people.registered(p, by_key) for p in a.participants)]
    window = [e for e in dossier.entries_of(register, who.id) if in_window(e, as_of, years)]
    if window and not keys:
        raise PdcaError(i18n.text("dossier.opinion.needs_key", lang, count=len(window)))
    entries = dossier.show(register, who.id, keys or [], lang, window)
    show_people([register], names)  # the other people named in these records, as reports show them
    post = register.index.posts.get(who.post) if who.post else None
    department_id = who.department or (post.department if post else None)
    department = register.index.departments.get(department_id) if department_id else None
    return Opinion(who, names.get(who.id), post.name if post else None, department.name if department else None,
                   as_of, since, years, findings, sorted(talks, key=lambda a: (a.date, a.id)), entries,
                   conclusion, confirmed or conclusion is not None)


def _findings(register: Register, who: Person, by_key: dict[str, str], since: dt.date,
              as_of: dt.date) -> list[FindingRecord]:
    state = state_of(register, as_of)
    found = []
    for check in sorted(register.checks, key=lambda c: (c.date, c.id)):
        if not since <= check.date <= as_of:
            continue
        for finding in check.findings:
            role = ("owner" if who.id in people.registered(finding.owner, by_key) else
                    "leader" if who.id in people.registered(finding.leader, by_key) else None)
            if role is not None:
                computed = state.finding(finding)
                found.append(FindingRecord(check, finding, role, computed.status, computed.actions))
    return found
