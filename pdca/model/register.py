"""A loaded register and the indexes every rule, report and command looks things up in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pdca.model.diagnostic import Diagnostic

if TYPE_CHECKING:  # the models (and pydantic) are not imported by a run answered from the cache
    from pdca.model.entities import (
        Activity,
        Area,
        AssessmentSheet,
        Check,
        Config,
        Decision,
        Department,
        DossierEntry,
        Finding,
        Located,
        Measure,
        Person,
        Pledge,
        Post,
        Risk,
        Where,
    )


@dataclass(eq=False)  # one register is one object: identity, so computed values can be kept per register
class Register:
    root: Path
    name: str  # the root as shown to the user: relative to the working directory where possible
    lang: str
    repository_name: str | None = None  # the root relative to its git work tree, when it is in one
    source: Any = None  # where the files are read from (pdca.io.sources): the folder, or a git revision
    config: Config | None = None
    files: list[str] = field(default_factory=list)  # every file read, relative to root
    risks: list[Risk] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)  # 两个责任: 责任书 and 承诺书 signed
    decisions: list[Decision] = field(default_factory=list)  # 会议决议督办
    assessments: list[AssessmentSheet] = field(default_factory=list)  # 考核单 issued through OA
    people: list[Person] = field(default_factory=list)  # people/*.yaml: pseudonymous ids, no names
    dossier: list[DossierEntry] = field(default_factory=list)  # dossier/*.yaml: metadata, content encrypted
    #: kind ("risk", "finding", "department" ...) -> ids of entries that failed validation: a reference
    #: to one of those is not reported as unknown on top of the entry's own error
    invalid_ids: dict[str, set[str]] = field(default_factory=dict)
    #: kind -> the files in which entries of that kind could not be read (a file that failed to parse,
    #: an entry without a readable id): a reference to that kind may point into them
    unreadable: dict[str, set[str]] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)  # found while reading
    fatal: bool = False  # pdca.yaml could not be read: nothing else can be checked
    #: id(entity) -> where it was read; the register keeps its entities alive, so ids stay valid
    locations: dict[int, Where] = field(default_factory=dict)
    #: how free text read after loading (the office's words, reports/*.yaml) is shown: names withheld
    #: under --redact, registered people's ids as display names otherwise (pdca.engine.redact)
    shown: Callable[[str], str] | None = None

    def where(self, entity: Located) -> Where:
        return self.locations[id(entity)]

    def unseen(self, kind: str) -> bool:
        """Whether entries of a kind may exist that were not read: in a file that could not be read, or
        failing validation.  A rule that looks for what is missing does not judge that kind then."""
        return kind in self.unreadable or bool(self.invalid_ids.get(kind))

    @cached_property
    def index(self) -> Index:
        return Index(self)


class Index:
    """Lookups by id (the first of duplicates wins; duplicate-id reports the rest)."""

    def __init__(self, register: Register) -> None:
        config = register.config
        self.config = config
        self.departments: dict[str, Department] = _by_id(config.departments if config else [])
        self.areas: dict[str, Area] = _by_id(config.areas if config else [])
        self.posts: dict[str, Post] = _by_id(config.posts if config else [])
        self.risks: dict[str, Risk] = _by_id(register.risks)
        self.checks: dict[str, Check] = _by_id(register.checks)
        self.activities: dict[str, Activity] = _by_id(register.activities)
        self.measures: dict[str, tuple[Risk, Measure]] = {}
        for risk in register.risks:
            for measure in risk.measures:
                self.measures.setdefault(measure.id, (risk, measure))
        self.findings: dict[str, tuple[Check, Finding]] = {}
        self.findings_by_risk: dict[str, list[tuple[Check, Finding]]] = defaultdict(list)
        self.checks_by_risk: dict[str, list[Check]] = defaultdict(list)
        for check in register.checks:
            examined = set(check.risks)
            for finding in check.findings:
                self.findings.setdefault(finding.id, (check, finding))
                if finding.risk is not None:
                    self.findings_by_risk[finding.risk].append((check, finding))
                    examined.add(finding.risk)
            for risk_id in sorted(examined):
                self.checks_by_risk[risk_id].append(check)
        self.invalid_ids = register.invalid_ids
        self.pledges: dict[str, Pledge] = _by_id(register.pledges)
        self.decisions: dict[str, Decision] = _by_id(register.decisions)
        self.assessments: dict[str, AssessmentSheet] = _by_id(register.assessments)
        self.people: dict[str, Person] = _by_id(register.people)


def _by_id(items: list) -> dict:  # type: ignore[type-arg]
    out: dict = {}  # type: ignore[type-arg]
    for item in items:
        out.setdefault(item.id, item)
    return out
