"""`pdca diff`: what a change means for risk, not a YAML diff.

Two loaded registers (the base, and the head) are compared entity by entity, by id: moving an entry
to another file is not a change.  Each change says what happened; the ones a reviewer must look at
twice are flagged (a level lowered, a deadline pushed back in place rather than extended, an irregular
extension, a finding closed without evidence or by its own owner, a confirmed repeat withdrawn, a risk
deleted instead of retired, history, extensions or decisions rewritten, the matrix changed).

Over 400 lines on purpose: each flag is a few lines beside the comparison it belongs to, and a reviewer
of a new flag needs to see all of them in one place to keep them consistent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pdca import i18n
from pdca.domain import people as people_
from pdca.domain import scoring
from pdca.domain.powers import powers_changed
from pdca.domain.scoring import assess
from pdca.errors import PdcaError
from pdca.model.entities import NOT_A_REPEAT, Activity, AssessmentSheet, Decision, Finding, Measure, Pledge, Risk
from pdca.model.register import Register


@dataclass
class Change:
    kind: str  # risk-added, level, stage, finding-closed ... (stable names, for JSON)
    id: str
    message: str
    flag: bool = False
    people: set[str] = field(default_factory=set)  # owners and leaders concerned
    departments: set[str] = field(default_factory=set)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "message": self.message, "flag": self.flag,
                "people": sorted(self.people), "departments": sorted(self.departments)}


@dataclass
class RegisterDiff:
    register: str
    changes: list[Change]
    reviewers: dict[str, list[str]]  # department name -> reviewers from pdca.yaml

    @property
    def flags(self) -> list[Change]:
        return [c for c in self.changes if c.flag]

    @property
    def people(self) -> list[str]:
        """Everyone concerned, each once however their name is spelled from entry to entry."""
        return people_.distinct({p for c in self.changes for p in c.people})

    @property
    def departments(self) -> list[str]:
        return sorted({d for c in self.changes for d in c.departments})


def compare(base: Register | None, head: Register, lang: str) -> RegisterDiff:
    differ = _Differ(base, head, lang)
    differ.run()
    return RegisterDiff(head.repository_name or head.name, differ.changes, differ.reviewers())


def removed(base: Register, lang: str) -> RegisterDiff:
    """A register the base revision holds and the head does not: one flagged change, naming the risks
    that went with it, their owners and departments."""
    differ = _Differ(None, base, lang)
    risks = sorted(base.index.risks.values(), key=lambda r: r.id)
    separator = i18n.text("sep.list", lang)
    differ.add("register-removed", base.repository_name or base.name, "diff.register_removed", flag=True,
               people=tuple(p for r in risks for p in (r.owner, r.leader)),
               departments=tuple(r.department for r in risks),
               count=len(risks), risks=separator.join(r.id for r in risks) or "-")
    return RegisterDiff(base.repository_name or base.name, differ.changes, differ.reviewers())


class _Differ:
    def __init__(self, base: Register | None, head: Register, lang: str) -> None:
        self.base = base if base is not None and base.config is not None else None
        self.head = head
        self.lang = lang
        self.changes: list[Change] = []

    def t(self, message_id: str, **params: Any) -> str:
        return i18n.text(message_id, self.lang, **params)

    def level_name(self, level: int | None) -> str:
        return i18n.label("level", level, self.lang) if level else "-"

    def add(self, kind: str, entity_id: str, message_id: str, flag: bool = False,
            people: tuple[str | None, ...] = (), departments: tuple[str | None, ...] = (), **params: Any) -> None:
        names = self.head.index.departments if self.head.config else {}
        self.changes.append(Change(
            kind, entity_id, self.t(message_id, id=entity_id, **params), flag,
            {p for p in people if p}, {names[d].name if d in names else d for d in departments if d},
        ))

    def run(self) -> None:
        head = self.head.index
        base_index = self.base.index if self.base else None
        base_risks = base_index.risks if base_index else {}
        self._matrix()
        self._config()
        for risk_id, risk in sorted(head.risks.items()):
            before = base_risks.get(risk_id)
            if before is None:
                self.add("risk-added", risk_id, "diff.risk_added", people=(risk.owner,), departments=(risk.department,),
                         title=risk.title, level=self.level_name(scoring.level(self.head, risk)))
                continue
            self._risk(before, risk)
        for risk_id, risk in sorted(base_risks.items()):
            if risk_id not in head.risks:
                self.add("risk-removed", risk_id, "diff.risk_removed", flag=True, people=(risk.owner,),
                         departments=(risk.department,), title=risk.title)
        self._measures()
        self._findings()
        base_checks = base_index.checks if base_index else {}
        for check_id, check in sorted(head.checks.items()):
            if check_id not in base_checks:
                self.add("check-added", check_id, "diff.check_added", title=check.title, source=check.source,
                         count=len(check.findings), departments=tuple(check.departments))
        self._powers()
        self._decisions()
        self._records()

    # --- the records of the method -------------------------------------------------------------

    def _powers(self) -> None:
        """A post whose powers changed, flagged when a risk of that post was not reviewed in the same
        change (duties changed, risks must be assessed again: the rule powers-unreviewed)."""
        if self.base is None:
            return
        separator = i18n.text("sep.list", self.lang)
        for change in powers_changed(self.base, self.head):
            unreviewed = self.t("diff.records.unreviewed", risks=separator.join(change.unreviewed)) \
                if change.unreviewed else ""
            self.add("powers", change.post.id, "diff.records.powers", flag=bool(change.unreviewed),
                     departments=(change.post.department,), name=change.post.name,
                     added=separator.join(change.added) or "-", removed=separator.join(change.removed) or "-",
                     unreviewed=unreviewed)

    def _decisions(self) -> None:
        """Meeting decisions are followed like findings, and their changes read like a finding's."""
        head = self.head.index.decisions
        base = self.base.index.decisions if self.base else {}
        for decision_id, decision in sorted(head.items()):
            old = base.get(decision_id)
            people, departments = (decision.owner, decision.leader), (decision.department,)
            if old is None:
                self.add("decision-new", decision_id, "diff.records.decision_new", people=people,
                         departments=departments, decision=decision.decision, deadline=decision.deadline or "-")
                self._closing(decision, None)
                continue
            if old.status != decision.status:
                self.add("decision-status", decision_id, "diff.finding_status", people=people, departments=departments,
                         before=i18n.label("decision_status", old.status, self.lang),
                         after=i18n.label("decision_status", decision.status, self.lang))
                self._closing(decision, old)
            if old.deadline != decision.deadline:
                later = old.deadline is not None and (decision.deadline is None or decision.deadline > old.deadline)
                self.add("deadline-pushed" if later else "deadline", decision_id,
                         "diff.records.deadline_pushed" if later else "diff.records.deadline", flag=later,
                         people=people, departments=departments, before=old.deadline or "-",
                         after=decision.deadline or "-")
            self._extensions(old, decision, people, departments)
            self._actions(old, decision, people, departments)
            self._fields("decision-field", old, decision, _DECISION_FIELDS, people, departments)
        for decision_id, decision in sorted(base.items()):
            if decision_id not in head:
                self.add("decision-removed", decision_id, "diff.records.decision_removed", flag=True,
                         people=(decision.owner,), departments=(decision.department,), decision=decision.decision)

    def _records(self) -> None:
        """Activities, pledges and 考核单 added; any of them deleted is flagged (a record of what was done
        does not disappear), and so is a campaign item taken out of its campaign."""
        head, base = self.head.index, self.base.index if self.base else None
        tables: list[tuple[str, Mapping[str, Record], Mapping[str, Record]]] = [
            ("activity", head.activities, base.activities if base else {}),
            ("pledge", head.pledges, base.pledges if base else {}),
            ("assessment", head.assessments, base.assessments if base else {})]
        for kind, new, old in tables:
            for entry_id, entry in sorted(new.items()):
                if entry_id not in old:
                    self.add(f"{kind}-added", entry_id, f"diff.records.{kind}_added", **self._said(entry))
            for entry_id, entry in sorted(old.items()):
                if entry_id not in new:
                    self.add(f"{kind}-removed", entry_id, f"diff.records.{kind}_removed", flag=True, **self._said(entry))
        if self.base is None or self.base.config is None or self.head.config is None:
            return
        before = {(c.id, i.id): i for c in self.base.config.campaigns for i in c.items}
        after = {(c.id, i.id): (c, i) for c in self.head.config.campaigns for i in c.items}
        for (campaign_id, item_id), (campaign, item) in sorted(after.items()):
            if (campaign_id, item_id) not in before:
                self.add("campaign-item-added", item_id, "diff.records.item_added", campaign=campaign.name, title=item.title)
        for key, item in sorted(before.items()):
            if key not in after:
                self.add("campaign-item-removed", item.id, "diff.records.item_removed", flag=True, title=item.title)

    def _said(self, entry: Record) -> dict[str, Any]:
        """What a message about an activity, a pledge or a 考核单 names."""
        if isinstance(entry, Activity):
            return {"kind": i18n.label("activity", entry.kind, self.lang), "title": entry.title, "date": entry.date,
                    "departments": tuple(entry.departments)}
        if isinstance(entry, Pledge):
            return {"kind": i18n.label("pledge", entry.kind, self.lang), "date": entry.date,
                    "count": len(entry.departments) + len(entry.posts), "departments": tuple(entry.departments)}
        return {"date": entry.date, "reason": entry.reason, "departments": (entry.department,),
                "people": (entry.person,)}

    # --- risks ---------------------------------------------------------------------------------

    def _matrix(self) -> None:
        if self.base is None or self.base.config is None or self.head.config is None:
            return
        old, new = self.base.config.scoring, self.head.config.scoring
        if old == new:
            return
        affected = []
        for risk in self.head.risks:
            before, after = assess(risk, old).effective, assess(risk, new).effective
            if before != after:
                affected.append(f"{risk.id}({self.level_name(before)}→{self.level_name(after)})")
        self.add("matrix", "scoring", "diff.matrix", flag=True, count=len(affected),
                 risks=i18n.join(affected, self.lang) or "-")

    def _risk(self, before: Risk, after: Risk) -> None:
        assert self.base is not None
        old_level = scoring.level(self.base, before)
        new_level = scoring.level(self.head, after)
        people, departments = (after.owner, after.leader), (after.department,)
        if old_level != new_level:
            causes = []
            for name in ("likelihood", "impact", "legal_liability"):
                if getattr(before, name) != getattr(after, name):
                    old, new = _show(getattr(before, name)), _show(getattr(after, name))
                    causes.append(f"{i18n.field_name(name, self.lang)} {old}→{new}")
            if before.override != after.override:
                causes.append(i18n.field_name("override", self.lang))
            if not causes:
                causes.append(self.t("diff.cause_matrix"))
            lowered = old_level is not None and new_level is not None and new_level > old_level
            self.add("level", after.id, "diff.level_lowered" if lowered else "diff.level", flag=lowered,
                     people=people, departments=departments, before=self.level_name(old_level),
                     after=self.level_name(new_level), causes=", ".join(causes))
        if before.stage != after.stage:
            self.add("stage", after.id, "diff.stage", people=people, departments=departments,
                     before=i18n.label("stage", before.stage, self.lang),
                     after=i18n.label("stage", after.stage, self.lang))
        if after.retired is not None and before.retired is None:
            self.add("risk-retired", after.id, "diff.risk_retired", people=people, departments=departments,
                     reason=after.retired.reason)
        if after.retired is None and before.retired is not None:
            self.add("risk-unretired", after.id, "diff.risk_unretired", flag=True, people=people, departments=departments)
        explained = ("likelihood", "impact") if old_level != new_level else ()  # already the level's cause
        self._fields("risk-field", before, after, tuple(f for f in _RISK_FIELDS if f not in explained), people,
                     departments)
        old_history = [h.model_dump() for h in before.history]
        new_history = [h.model_dump() for h in after.history]
        if new_history[: len(old_history)] != old_history:
            self.add("history-rewritten", after.id, "diff.history", flag=True, people=people, departments=departments)

    def _measures(self) -> None:
        head = self.head.index.measures
        base = self.base.index.measures if self.base else {}
        for measure_id, (risk, measure) in sorted(head.items()):
            old = base.get(measure_id)
            people, departments = (measure.owner or risk.owner,), (risk.department,)
            if old is None:
                if self.base is not None and risk.id in self.base.index.risks:
                    self.add("measure-added", measure_id, "diff.measure_added", people=people, departments=departments,
                             title=measure.title, line=i18n.label("line", measure.line, self.lang))
                continue
            before: Measure = old[1]
            if before.status != measure.status:
                dropped = measure.status == "dropped"
                self.add("measure-dropped" if dropped else "measure-status", measure_id,
                         "diff.measure_dropped" if dropped else "diff.measure_status", people=people,
                         departments=departments,
                         before=i18n.label("status", before.status, self.lang),
                         after=i18n.label("status", measure.status, self.lang))
            if before.due is not None and (measure.due is None or measure.due > before.due):
                self.add("due-pushed", measure_id, "diff.due_pushed", flag=True, people=people, departments=departments,
                         before=before.due, after=measure.due or "-")
            self._fields("measure-field", before, measure, _MEASURE_FIELDS, people, departments)
        for measure_id, (risk, measure) in sorted(base.items()):
            if measure_id not in head and risk.id in self.head.index.risks:
                self.add("measure-removed", measure_id, "diff.measure_removed", flag=True,
                         people=(measure.owner or risk.owner,), departments=(risk.department,), title=measure.title)

    # --- findings ------------------------------------------------------------------------------

    def _findings(self) -> None:
        head = self.head.index.findings
        base = self.base.index.findings if self.base else {}
        for finding_id, (_check, finding) in sorted(head.items()):
            old = base.get(finding_id)
            people, departments = (finding.owner, finding.leader), (finding.department,)
            if old is None:
                self.add("finding-new", finding_id, "diff.finding_new", people=people, departments=departments,
                         problem=finding.problem, deadline=finding.deadline or "-")
                self._closing(finding, None)
                continue
            self._finding(old[1], finding, people, departments)
        for finding_id, (_check, finding) in sorted(base.items()):
            if finding_id not in head:
                self.add("finding-removed", finding_id, "diff.finding_removed", flag=True,
                         people=(finding.owner,), departments=(finding.department,), problem=finding.problem)

    def _finding(self, before: Finding, after: Finding, people: tuple[str | None, ...],
                 departments: tuple[str | None, ...]) -> None:
        if before.status != after.status:
            kind, message = {
                "done": ("finding-rectified", "diff.finding_done"),
                "closed": ("finding-closed", "diff.finding_closed"),
            }.get(after.status, ("finding-status", "diff.finding_status"))
            if before.status == "done" and after.status == "rectifying":
                kind, message = "finding-returned", "diff.finding_returned"
            self.add(kind, after.id, message, people=people, departments=departments,
                     before=i18n.label("finding_status", before.status, self.lang),
                     after=i18n.label("finding_status", after.status, self.lang))
            self._closing(after, before)
        if before.deadline != after.deadline:
            later = before.deadline is not None and (after.deadline is None or after.deadline > before.deadline)
            self.add("deadline-pushed" if later else "deadline", after.id,
                     "diff.deadline_pushed" if later else "diff.deadline", flag=later, people=people,
                     departments=departments, before=before.deadline or "-", after=after.deadline or "-")
        self._extensions(before, after, people, departments)
        self._actions(before, after, people, departments)
        self._repeat(before, after, people, departments)
        moved = ("evidence", "result") if before.status != after.status else ()  # part of the transition
        self._fields("finding-field", before, after, tuple(f for f in _FINDING_FIELDS if f not in moved), people,
                     departments)
        if after.status == "closed" and before.status == "closed" and (
                before.evidence != after.evidence or before.closed != after.closed):
            self._closing(after, None)

    def _extensions(self, before: Finding | Decision, after: Finding | Decision, people: tuple[str | None, ...],
                    departments: tuple[str | None, ...]) -> None:
        """New extensions (延期) as such, flagged when irregular; earlier ones rewritten, flagged."""
        old = [e.model_dump() for e in before.extensions]
        if [e.model_dump() for e in after.extensions[: len(old)]] != old:
            self.add("extensions-rewritten", after.id, "diff.extensions_rewritten", flag=True, people=people,
                     departments=departments)
            return
        deadline = before.extensions[-1].until if before.extensions else after.deadline
        for extension in after.extensions[len(old):]:
            problems = []
            if not people_.named(extension.approved_by):
                problems.append(self.t("diff.extension_nobody"))
            elif people_.same(extension.approved_by, after.owner):
                problems.append(self.t("diff.extension_own"))
            if deadline is not None and extension.date > deadline:
                problems.append(self.t("diff.extension_late"))
            params: dict[str, Any] = {"deadline": deadline or "-", "until": extension.until,
                                      "by": extension.approved_by, "date": extension.date, "reason": extension.reason}
            if problems:
                self.add("extension", after.id, "diff.extension_irregular", flag=True, people=people,
                         departments=departments, problem=i18n.join(problems, self.lang), **params)
            else:
                self.add("extension", after.id, "diff.extension", people=people, departments=departments, **params)
            deadline = extension.until

    def _actions(self, before: Finding | Decision, after: Finding | Decision, people: tuple[str | None, ...],
                 departments: tuple[str | None, ...]) -> None:
        old = [a.model_dump() for a in before.actions]
        if [a.model_dump() for a in after.actions[: len(old)]] != old:
            self.add("actions-rewritten", after.id, "diff.actions_rewritten", flag=True, people=people,
                     departments=departments)
            return
        for action in after.actions[len(old):]:
            self.add("action", after.id, "diff.action", people=people, departments=departments,
                     step=i18n.label("escalation", action.kind, self.lang), ref=action.ref,
                     date=action.date)

    def _repeat(self, before: Finding, after: Finding, people: tuple[str | None, ...],
                departments: tuple[str | None, ...]) -> None:
        """A repeat confirmed or dismissed is said as such; a confirmed one withdrawn or moved is flagged
        (it changes the suggested handling)."""
        old, new = before.repeat_of, after.repeat_of
        if old == new:
            return
        if old is None and new == NOT_A_REPEAT:
            self.add("repeat-dismissed", after.id, "diff.repeat_dismissed", people=people, departments=departments)
        elif old is None:
            self.add("repeat-confirmed", after.id, "diff.repeat_confirmed", people=people, departments=departments,
                     source=new)
        else:
            self.add("repeat-changed", after.id, "diff.repeat_changed", flag=True, people=people,
                     departments=departments, before=old, after=new or "-")

    def _fields(self, kind: str, before: Any, after: Any, names: tuple[str, ...], people: tuple[str | None, ...],
                departments: tuple[str | None, ...]) -> None:
        """Every other field that changed, said plainly (likelihood and impact even when the level holds)."""
        for name in names:
            old, new = getattr(before, name), getattr(after, name)
            if old != new:
                self.add(kind, after.id, "diff.field", people=people, departments=departments,
                         field=i18n.field_name(name, self.lang), before=_show(old), after=_show(new))

    def _config(self) -> None:
        """Waivers and rule settings: a change here can hide problems, so every one is flagged."""
        if self.base is None or self.base.config is None or self.head.config is None:
            return
        old, new = self.base.config, self.head.config
        old_waivers = {(w.rule, w.target): w for w in old.waivers}
        for waiver in new.waivers:
            previous = old_waivers.get((waiver.rule, waiver.target))
            if previous is None or previous.until < waiver.until:
                self.add("waiver", waiver.target, "diff.waiver", flag=True, rule=waiver.rule, until=waiver.until,
                         approver=waiver.approver, reason=waiver.reason)
        for name in sorted(set(old.rules) | set(new.rules)):
            if old.rules.get(name) != new.rules.get(name):
                self.add("rules", name, "diff.rules", flag=True, before=_show(old.rules.get(name)),
                         after=_show(new.rules.get(name)))

    def _closing(self, finding: Finding | Decision, before: Finding | Decision | None) -> None:
        if finding.status != "closed" or (before is not None and before.status == "closed"):
            return
        people, departments = (finding.owner,), (finding.department,)
        if finding.evidence is None:
            self.add("closed-without-evidence", finding.id, "diff.closed_no_evidence", flag=True, people=people,
                     departments=departments)
        if finding.closed is not None and not people_.named(finding.closed.by):
            self.add("closed-by-nobody", finding.id, "diff.closed_by_nobody", flag=True, people=people,
                     departments=departments, by=finding.closed.by)
        elif finding.closed is not None and people_.same(finding.closed.by, finding.owner):
            self.add("closed-by-owner", finding.id, "diff.closed_by_owner", flag=True, people=people,
                     departments=departments, by=finding.closed.by)

    # --- who reviews ---------------------------------------------------------------------------

    def reviewers(self) -> dict[str, list[str]]:
        config = self.head.config
        if config is None:
            return {}
        touched = {d for c in self.changes for d in c.departments}
        return {d.name: list(d.reviewers) for d in config.departments if d.name in touched and d.reviewers}


_RISK_FIELDS = ("title", "area", "department", "post", "owner", "leader", "dimension", "description", "likelihood",
                "impact")
_MEASURE_FIELDS = ("title", "line", "owner")
_FINDING_FIELDS = ("problem", "task", "department", "owner", "leader", "evidence", "result", "risk")
#: a record of the method that is added or deleted, never changed in ways a reviewer must see
Record = Activity | Pledge | AssessmentSheet
_DECISION_FIELDS = ("decision", "department", "owner", "leader", "evidence", "result", "risk")


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "-" if value is None else str(value)



def between(roots: list[Path], base: str, head: str | None, lang: str | None,
            include_deleted: bool) -> tuple[list[RegisterDiff], str]:
    """What changed in each register between two revisions (head None: the working tree), and the
    language to say it in.  A register file that cannot be read at either revision stops it: its
    entries would look deleted.  With `include_deleted`, register folders under registers/ that the
    base holds and the head does not are reported too."""
    diffs = []
    language = lang
    for root in roots:
        after = load_at(root, head, lang)
        if after is None:
            continue
        language = language or after.lang
        before = load_at(root, base, lang)
        for loaded in (before, after):
            if loaded is None:
                continue
            unreadable = sorted({p.file for p in loaded.problems if p.rule in ("yaml-syntax", "encoding")}
                                | ({"pdca.yaml"} if loaded.config is None else set()))
            if unreadable:
                raise PdcaError(i18n.text("diff.unreadable", language or "zh", register=loaded.name,
                                          files=", ".join(unreadable)))
        diffs.append(compare(before, after, language or after.lang))
    if include_deleted:
        for gone in deleted_registers(Path.cwd(), base, head, lang):
            diffs.append(removed(gone, language or gone.lang))
    return diffs, language or "zh"


def load_at(root: Path, revision: str | None, lang: str | None, cache: bool = True) -> Register | None:
    """The register at `root` as it is at a git revision (None: the working tree); None when it did not
    exist then."""
    from pdca.io import git
    from pdca.load import loader

    if revision is None:
        return loader.load(root, lang)
    top = git.toplevel(root, lang or "zh")
    commit = git.resolve(top, revision, lang or "zh")
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    source = git.GitSource(top, commit, "" if prefix == "." else prefix)
    if not source.exists():
        return None
    return loader.load(root, lang, source=source, cache=cache)


def deleted_registers(cwd: Path, base: str, head: str | None, lang: str | None) -> list[Register]:
    """The registers under `cwd/registers/` at `base` that the head (None: the working tree) no longer has."""
    from pdca.io import git

    top = git.toplevel(cwd, lang or "zh")
    under = cwd.resolve().relative_to(top.resolve()).as_posix()
    under = "" if under == "." else under
    kept = None if head is None else set(git.register_roots(top, git.resolve(top, head, lang or "zh"), under))
    gone = []
    for name in git.register_roots(top, git.resolve(top, base, lang or "zh"), under):
        still_there = name in kept if kept is not None else (top / name / "pdca.yaml").is_file()
        if still_there:
            continue
        before = load_at(top / name, base, lang, cache=False)
        if before is not None and before.config is not None:
            gone.append(before)
    return gone
