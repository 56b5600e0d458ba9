"""`pdca remind` (早提醒): what each owner and each department must hear about on a day.  Pure: a
register and an as-of date in, digests out; every date and number comes from pdca.domain.closed_loop.

An item is a measure or a finding in one of four sections, the first that applies:

* overdue: a measure or finding past its (effective) deadline;
* due: not yet due, at most `within` days before it (a `long_term` finding is never due);
* awaiting: a finding declared done (整改完成), not yet verified and closed (销号);
* escalation: a finding whose suggested step (通报/考核/问责, a 建议) is stronger than any decision
  recorded; an overdue item shows its suggestion in its own line instead.

Fixed offsets let a daily job remind of each item at predictable moments without storing what it
sent.  An item is due for a reminder on a day (a "moment") when it is

* `T-n`: n days before its deadline, n in `before` (default 7 and 1);
* `T+n`: n days overdue, on the first day and every `every` days after (T+1, T+8, T+15 ...);
* `done+n`: awaiting 销号 for n days, every `every` days (done+7, done+14 ...);
* `notice+n` (or assessment, accountability): n days since that step was suggested with no decision
  taken, on the day it is reached and every `every` days after.

Without `everything`, a digest holds only the items with a moment that day; with it, every item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from pdca import i18n
from pdca.domain import numbers, people
from pdca.domain.closed_loop import FindingState, MeasureState, state_of
from pdca.engine import lint
from pdca.errors import EXIT_USAGE, PdcaError
from pdca.model.diagnostic import Diagnostic, Severity
from pdca.model.entities import (
    UNFINISHED,
    Check,
    Config,
    DingTalkRobot,
    Finding,
    Measure,
    Reminders,
    Risk,
    SmtpSettings,
    WecomRobot,
)
from pdca.model.register import Register
from pdca.rules import secret_in_yaml
from pdca.rules.base import RuleContext

Section = Literal["overdue", "due", "awaiting", "escalation"]
SECTIONS: tuple[Section, ...] = ("overdue", "due", "awaiting", "escalation")
Audience = Literal["department", "owner"]


@dataclass(frozen=True)
class Item:
    """One measure or finding as a reminder states it."""

    register: str
    kind: Literal["finding", "measure"]
    id: str
    text: str  # the finding's problem, the measure's title
    section: Section
    status: str  # as of the date
    risk: str | None
    risk_title: str | None
    department: str | None
    department_name: str | None
    owner: str | None
    deadline: dt.date | None  # as written: a finding's deadline, a measure's due date
    effective_deadline: dt.date | None  # moved by the extension approved by the date
    days_overdue: int
    days_left: int | None
    done: dt.date | None = None
    days_awaiting: int = 0
    repeat_source: str | None = None
    escalation: str | None = None  # a suggested step not yet acted on
    escalation_days: int = 0  # days since it was suggested
    action: str | None = None  # the strongest decision recorded, weaker than the suggestion
    action_ref: str | None = None
    moments: tuple[str, ...] = ()  # why it is due for a reminder today ("T-7", "T+1" ...)


@dataclass(frozen=True)
class Digest:
    """The items one department (for its leader and its group chat) or one owner hears about."""

    register: str
    audience: Audience
    key: str  # a department id, or an owner as pdca.domain.people compares names
    name: str
    items: tuple[Item, ...]

    def sections(self) -> Iterator[tuple[Section, list[Item]]]:
        for section in SECTIONS:
            found = [item for item in self.items if item.section == section]
            if found:
                yield section, found


@dataclass(frozen=True)
class Plan:
    """Every digest of a run, departments first (in pdca.yaml order), then owners."""

    as_of: dt.date
    everything: bool
    digests: list[Digest] = field(default_factory=list)


def settings_of(config: Config | None) -> Reminders:
    return config.reminders if config is not None and config.reminders is not None else Reminders()


# --- items -----------------------------------------------------------------------------------------


def items(register: Register, as_of: dt.date, within: int | None, everything: bool) -> list[Item]:
    """Every measure and finding a reminder names on the date, in id order."""
    settings = settings_of(register.config)
    window = settings.within if within is None else within
    found: list[Item] = []
    state = state_of(register, as_of)
    for risk in numbers.existing(register, as_of):
        for measure in risk.measures:
            item = _measure(register, risk, measure, state.measure(measure), window, settings)
            if item is not None and (everything or item.moments):
                found.append(item)
    for check in register.checks:
        for finding in check.findings:
            item = _finding(register, check, finding, state.finding(finding), window, settings)
            if item is not None and (everything or item.moments):
                found.append(item)
    return sorted(found, key=lambda i: (i.id, i.kind))


def _measure(register: Register, risk: Risk, measure: Measure, computed: MeasureState, window: int,
             settings: Reminders) -> Item | None:
    if computed.status not in ("planned", "in_progress"):
        return None
    section = _section(computed.overdue, computed.days_left, window, awaiting=False, pending=False)
    if section is None:
        return None
    moments = [*_deadline_moments(computed.days_overdue, computed.days_left, window, settings)]
    return Item(
        register=register.name, kind="measure", id=measure.id, text=measure.title, section=section,
        status=computed.status, risk=risk.id, risk_title=risk.title, department=risk.department,
        department_name=_department_name(register, risk.department), owner=measure.owner or risk.owner,
        deadline=measure.due, effective_deadline=measure.due, days_overdue=computed.days_overdue,
        days_left=computed.days_left, moments=tuple(moments),
    )


def _finding(register: Register, check: Check, finding: Finding, computed: FindingState, window: int,
             settings: Reminders) -> Item | None:
    if computed.status is None or computed.status == "closed":
        return None
    due_left = computed.days_left if computed.status in UNFINISHED and not finding.long_term else None
    section = _section(computed.overdue, due_left, window, computed.awaiting_verification, computed.action_pending)
    if section is None:
        return None
    moments = [*_deadline_moments(computed.days_overdue, due_left, window, settings)]
    waited = computed.days_awaiting_verification
    if computed.awaiting_verification and waited >= 1 and waited % settings.every == 0:
        moments.append(f"done+{waited}")
    pending = computed.action_pending_days
    if computed.action_pending and pending % settings.every == 0:
        moments.append(f"{computed.escalation}+{pending}")
    risk = register.index.risks.get(finding.risk) if finding.risk else None
    return Item(
        register=register.name, kind="finding", id=finding.id, text=finding.problem, section=section,
        status=computed.status, risk=finding.risk, risk_title=risk.title if risk is not None else None,
        department=finding.department, department_name=_department_name(register, finding.department),
        owner=finding.owner, deadline=finding.deadline, effective_deadline=computed.effective_deadline,
        days_overdue=computed.days_overdue, days_left=due_left,
        done=finding.done if computed.awaiting_verification else None, days_awaiting=waited,
        repeat_source=computed.repeat_source,
        escalation=computed.escalation if computed.action_pending else None,
        escalation_days=pending, action=computed.action if computed.action_pending else None,
        action_ref=_latest_ref(computed) if computed.action_pending else None, moments=tuple(moments),
    )


def _section(overdue: bool, days_left: int | None, window: int, awaiting: bool, pending: bool) -> Section | None:
    if overdue:
        return "overdue"
    if days_left is not None and days_left <= window:
        return "due"
    if awaiting:
        return "awaiting"
    return "escalation" if pending else None


def _deadline_moments(days_overdue: int, days_left: int | None, window: int, settings: Reminders) -> Iterator[str]:
    if days_overdue >= 1 and (days_overdue - 1) % settings.every == 0:
        yield f"T+{days_overdue}"
    if days_left is not None and days_left <= window and days_left in settings.before:
        yield f"T-{days_left}"


def _latest_ref(computed: FindingState) -> str | None:
    """The document of the latest decision of the strongest kind recorded."""
    decided = [a for a in computed.actions if a.kind == computed.action]
    return max(decided, key=lambda a: a.date).ref if decided else None


def _department_name(register: Register, department: str | None) -> str | None:
    if department is None:
        return None
    found = register.index.departments.get(department)
    return found.name if found is not None else department


# --- digests ---------------------------------------------------------------------------------------

_ORDER = {section: number for number, section in enumerate(SECTIONS)}


def _urgency(item: Item) -> tuple[int, int, str]:
    """Sections in order; in each, the most pressing first: longest overdue, nearest deadline, longest
    waiting."""
    days = {"overdue": -item.days_overdue, "due": item.days_left or 0, "awaiting": -item.days_awaiting,
            "escalation": -item.escalation_days}[item.section]
    return _ORDER[item.section], days, item.id


def digest(register: Register, audience: Audience, key: str, name: str, chosen: Iterable[Item]) -> Digest:
    return Digest(register.name, audience, key, name, tuple(sorted(chosen, key=_urgency)))


def department_digests(register: Register, found: list[Item]) -> list[Digest]:
    """One digest per department with items: pdca.yaml's order, then departments it does not list."""
    by_department: dict[str, list[Item]] = {}
    for item in found:
        if item.department is not None:
            by_department.setdefault(item.department, []).append(item)
    order = [d.id for d in register.config.departments] if register.config else []
    keys = [d for d in order if d in by_department] + sorted(set(by_department) - set(order))
    return [digest(register, "department", d, _department_name(register, d) or d, by_department[d]) for d in keys]


def owner_digests(register: Register, found: list[Item]) -> list[Digest]:
    """One digest per person an item's owner names (a field naming two people reaches both), by name."""
    by_person: dict[str, list[Item]] = {}
    spelled: dict[str, str] = {}
    for item in found:
        for person in people.names(item.owner):
            by_person.setdefault(person, []).append(item)
            if item.owner is not None and people.names(item.owner) == [person]:
                spelled.setdefault(person, item.owner.strip())
    return [digest(register, "owner", p, spelled.get(p, p), by_person[p]) for p in sorted(by_person)]


def build(registers: list[Register], as_of: dt.date, within: int | None = None, everything: bool = False) -> Plan:
    """The digests of every register: each department's, then each owner's."""
    plan = Plan(as_of, everything)
    for register in registers:
        found = items(register, as_of, within, everything)
        plan.digests.extend(department_digests(register, found))
        plan.digests.extend(owner_digests(register, found))
    return plan


def for_department(register: Register, found: list[Item], department: str) -> Digest:
    """A department's digest, empty when it has nothing: only its own items (a group chat sees no more)."""
    name = _department_name(register, department) or department
    return digest(register, "department", department, name, (i for i in found if i.department == department))


def for_owner(register: Register, found: list[Item], owner: str) -> Digest:
    """The digest of the person pdca.yaml names (as pdca.domain.people compares names), maybe empty."""
    return digest(register, "owner", people.key(owner) or owner, owner, (i for i in found if people.same(i.owner, owner)))


def mentions(found: Iterable[Item], users: dict[str, str]) -> tuple[str, ...]:
    """The chat user ids of the owners of these items, as pdca.yaml maps owners to ids."""
    ids = {user_id for item in found for owner, user_id in users.items() if people.same(item.owner, owner)}
    return tuple(sorted(ids))


@dataclass(frozen=True)
class Delivery:
    """One digest for one recipient of a channel, as pdca.yaml routes it."""

    channel: str  # wecom, dingtalk or email
    digest: Digest
    robot: WecomRobot | DingTalkRobot | None = None
    mentions: tuple[str, ...] = ()  # chat user ids of the owners of its items
    addresses: tuple[str, ...] = ()
    server: SmtpSettings | None = None


def deliveries(register: Register, found: list[Item], channel: str, send_empty: bool) -> list[Delivery] | None:
    """Where each digest goes by `channel`, in pdca.yaml's order; None when pdca.yaml does not route
    that channel.  A chat robot serves a department's group and gets that department's digest; mail
    goes to each owner and to each department's leader.  Empty digests only with `send_empty`."""
    settings = settings_of(register.config)
    out: list[Delivery] = []
    if channel == "email":
        if settings.email is None:
            return None
        mail = settings.email
        for department, addresses in mail.departments.items():
            out.append(Delivery(channel, for_department(register, found, department), addresses=tuple(addresses),
                                server=mail.server))
        for owner, addresses in mail.owners.items():
            out.append(Delivery(channel, for_owner(register, found, owner), addresses=tuple(addresses),
                                server=mail.server))
    else:
        routes = settings.wecom if channel == "wecom" else settings.dingtalk
        if routes is None:
            return None
        for department, robot in routes.departments.items():
            chosen = for_department(register, found, department)
            out.append(Delivery(channel, chosen, robot=robot, mentions=mentions(chosen.items, routes.users)))
    return [d for d in out if d.digest.items or send_empty]


# --- the routing of pdca.yaml, checked before anything is sent ---------------------------------------


def routing_problems(register: Register, as_of: dt.date, lang: str) -> list[Diagnostic]:
    """What stops sending, located: schema errors in the reminders block, a department it names that
    pdca.yaml does not define, a secret written anywhere in pdca.yaml (checked whatever `rules:` says
    of rule secret-in-yaml: nothing is sent from a register that gives its keys away)."""
    found = [p for p in register.problems if p.file == "pdca.yaml" and p.path[:1] == ("reminders",)]
    config = register.config
    if config is not None:
        ctx = RuleContext(register, as_of, lang, {})
        for hit in secret_in_yaml.check(ctx):
            found.append(Diagnostic(hit.file, None, None, secret_in_yaml.NAME, Severity.ERROR, hit.message,
                                    register=register.name, path=hit.path))
        found += _unknown_departments(register, config)
    lint.locate(register, found)
    return found


def _unknown_departments(register: Register, config: Config) -> list[Diagnostic]:
    settings = settings_of(config)
    known = register.index.departments
    found = []
    for channel, routes in (("wecom", settings.wecom), ("dingtalk", settings.dingtalk), ("email", settings.email)):
        if routes is None:
            continue
        for department in routes.departments:
            if department not in known:
                path = ("reminders", channel, "departments", department)
                message = i18n.Msg("remind.unknown_department", {
                    "field": secret_in_yaml.dotted(path[:-1]), "id": department, "hint": i18n.suggest(known, department)})
                found.append(Diagnostic("pdca.yaml", None, None, "unknown-reference", Severity.ERROR, message,
                                        register=register.name, path=path))
    return found


def refusal(register: Register, problems: list[Diagnostic], lang: str) -> PdcaError:
    """Nothing is sent while the routing is wrong: each problem at its place, exit 2."""
    details = tuple(f"{_place(d)}: {d.text(lang)} [{d.rule}]" for d in problems)
    headline = i18n.text("remind.config_invalid", lang, register=register.name, count=len(problems))
    return PdcaError(headline, EXIT_USAGE, details)


def _place(diagnostic: Diagnostic) -> str:
    return ":".join(str(part) for part in (diagnostic.file, diagnostic.line, diagnostic.column) if part)
