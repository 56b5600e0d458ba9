"""People as a report shows them: registered ids made readable, and `--redact` for sharing beyond the
纪检 office.

`show_people`: a register that lists its people (people/*.yaml) refers to them by pseudonymous id
(`owner: P-0001`); wherever such an id stands, in a person field or in free text, a report or export
shows the display name from the mapping the office keeps outside the repository (`PDCA_NAMES`), else
the person's post, else their department.  A name written in the register as a name stays as written.

`redact`: owners, leaders, verifiers, approvers, deciders and participants are replaced by their post or
department (or a word for their role); a registered person by their own post or department, never by
a display name; every person any register of the run names is withheld from free text too (a result, a
note, a task), however the name is written there: "张 伟", "张\u200b伟", "ZHANG WEI" for "Zhang Wei",
one of the people of "张伟、李娜".  Which people a field names, and how two spellings are compared, is
`pdca.domain.people`.  The registers are changed in memory only, for the one command.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from pdca import i18n
from pdca.domain import people
from pdca.model.entities import Person
from pdca.model.register import Register


def _roles(register: Register) -> set[str]:
    """Keys of what a person field may hold that is not a person: a department or a post."""
    config = register.config
    if config is None:
        return set()
    written = [d.name for d in config.departments] + [d.id for d in config.departments]
    written += [p.name for p in config.posts] + [p.id for p in config.posts]
    return {people.key(role) for role in written}


def _person_fields(register: Register) -> Iterable[str | None]:
    """Every field of the register that names people."""
    for risk in register.risks:
        yield risk.owner
        yield risk.leader
        yield from (m.owner for m in risk.measures)
    for check in register.checks:
        for finding in check.findings:
            yield finding.owner
            yield finding.leader
            yield finding.closed.by if finding.closed is not None else None
            yield from (e.by for e in finding.history)
            yield from (e.approved_by for e in finding.extensions)
            yield from (a.by for a in finding.actions)
    for activity in register.activities:
        yield from activity.participants
    for decision in register.decisions:
        yield from (decision.owner, decision.leader, decision.closed.by if decision.closed is not None else None)
        yield from (e.approved_by for e in decision.extensions)
        yield from (a.by for a in decision.actions)
    yield from (sheet.person for sheet in register.assessments)
    if register.config is not None:
        yield from (w.approver for w in register.config.waivers)


def names(register: Register) -> set[str]:
    """The people the register names (their keys): person fields cut into the people they name,
    less departments and posts."""
    roles = _roles(register)
    return {name for field in _person_fields(register) for name in people.keys(field)} - roles


def role_of(person: Person, register: Register) -> str | None:
    """What stands for a registered person where no name may or can be shown: their post, else their
    department; None when the register knows neither."""
    index = register.index
    post = index.posts.get(person.post) if person.post else None
    if post is not None:
        return post.name
    department = index.departments.get(person.department) if person.department else None
    return department.name if department is not None else None


class _Withholder:
    """Finds people in free text and puts a word in their place: one word for everyone (`word`), or a
    word per person (`words`, by key)."""

    def __init__(self, keys: Iterable[str], word: str, words: dict[str, str] | None = None) -> None:
        self.words = dict.fromkeys(keys, word) | (words or {})
        forms = sorted(self.words, key=lambda k: (-len(k), k))  # longest first: 张伟明 before 张伟
        self.pattern = re.compile("|".join(map(re.escape, forms))) if forms else None
        self.keys = frozenset(forms)
        self.word = word

    def names_someone(self, field: str | None) -> bool:
        return bool(people.keys(field) & self.keys)

    def text(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        folded = people.folded_text(text)
        match = self.pattern.search(folded)
        if match is None:
            return text
        origin = people.folded_origins(text)
        pieces, done = [], 0
        while match is not None:
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            if _whole_word(text, start, end, match.group()):
                pieces += [text[done:start], self.words[match.group()]]
                done, position = end, match.end()
            else:
                position = match.start() + 1
            match = self.pattern.search(folded, position)
        return "".join(pieces) + text[done:] if pieces else text

    def model(self, model: BaseModel) -> None:
        """Every text field of an entity and of what it holds (its id, which names no one, aside)."""
        for name, value in list(model.__dict__.items()):
            if name == "id":
                continue
            if isinstance(value, str):
                if (text := self.text(value)) is not value:
                    setattr(model, name, text)
            elif isinstance(value, BaseModel):
                self.model(value)
            elif isinstance(value, list):
                if any(isinstance(v, str) for v in value):
                    setattr(model, name, [self.text(v) if isinstance(v, str) else v for v in value])
                for item in value:
                    if isinstance(item, BaseModel):
                        self.model(item)


def _spaced(ch: str) -> bool:
    """A letter or digit of a script written with spaces between words (Latin, Cyrillic...), where
    a name is a whole word: "Li Na" is not in "Carolina"."""
    return ch.isalnum() and unicodedata.category(ch) != "Lo"


def _whole_word(text: str, start: int, end: int, form: str) -> bool:
    before = people.fold(text[start - 1]) if start > 0 else ""
    after = people.fold(text[end]) if end < len(text) else ""
    if _spaced(form[0]) and before and _spaced(before[-1]):
        return False
    return not (_spaced(form[-1]) and after and _spaced(after[0]))


def _registered_words(register: Register, word: str, names: dict[str, str] | None) -> dict[str, str]:
    """key -> what stands for each registered person: the display name (`names`), else the role, else
    `word` (None: the id itself, which is pseudonymous)."""
    shown: dict[str, str] = {}
    for person in register.people:
        name = (names or {}).get(person.id)
        shown.setdefault(people.key(person.id), name or role_of(person, register) or word or person.id)
    return shown


def _entities(register: Register) -> Iterable[BaseModel]:
    yield from register.risks
    yield from register.checks
    yield from register.activities
    if register.config is not None:
        yield from register.config.waivers


def show_people(registers: Sequence[Register], names: dict[str, str]) -> None:
    """Every registered person's id in the registers' entities (in memory) replaced by their display
    name from `names` (id -> name), else their post or department: what reports and exports show."""
    for register in registers:
        if not register.people:
            continue
        shown = _Withholder((), "", _registered_words(register, "", names))
        for entity in _entities(register):
            shown.model(entity)
        register.shown = shown.text


def redact(registers: Sequence[Register], lang: str) -> None:
    """Replace every person's name in the registers' entities (in memory), with the people of all of
    them: a name one register gives as an owner is withheld from another's notes too.  A registered
    person stands as their post or department, never as a name."""
    word = i18n.text("redact.withheld", lang)
    everyone = set().union(*(names(register) for register in registers))
    for register in registers:
        withheld = _Withholder(everyone, word, _registered_words(register, word, None))
        _redact_one(register, withheld, lang)
        register.shown = withheld.text  # the office's words, read later, lose the names too


def _only_registered(field: str | None, by_key: dict[str, str]) -> bool:
    """Whether a field names registered people and no one else (P-0001, P-0001、P-0002)."""
    named = people.names(field)
    return bool(named) and all(name in by_key for name in named)


def _redact_one(register: Register, withheld: _Withholder, lang: str) -> None:
    departments, posts = register.index.departments, register.index.posts
    leader, verifier = i18n.text("redact.leader", lang), i18n.text("redact.verifier", lang)
    approver = i18n.text("redact.approver", lang)

    def role(post: str | None, department: str | None) -> str:
        if post and post in posts:
            return posts[post].name
        if department and department in departments:
            return departments[department].name
        return withheld.word

    by_key = people.id_keys(register.index.people)

    def instead(field: str | None, word: str) -> str | None:
        if not withheld.names_someone(field):
            return field
        return withheld.text(field or "") if _only_registered(field, by_key) else word

    for risk in register.risks:
        owner = role(risk.post, risk.department)
        risk.owner, risk.leader = instead(risk.owner, owner), instead(risk.leader, leader)
        for measure in risk.measures:
            measure.owner = instead(measure.owner, owner)
        withheld.model(risk)
    for check in register.checks:
        for finding in check.findings:
            finding.owner = instead(finding.owner, role(None, finding.department))
            finding.leader = instead(finding.leader, leader)
            if finding.closed is not None:
                finding.closed.by = instead(finding.closed.by, verifier) or verifier
            for event in finding.history:
                event.by = instead(event.by, verifier)
            for extension in finding.extensions:
                extension.approved_by = instead(extension.approved_by, approver) or approver
            for action in finding.actions:
                action.by = instead(action.by, withheld.word)
        withheld.model(check)
    for activity in register.activities:
        if activity.participants:
            count = len({n for p in activity.participants for n in people.names(p)}) or len(activity.participants)
            activity.participants = [i18n.text("redact.participants", lang, count=count)]
        withheld.model(activity)
    for decision in register.decisions:
        decision.owner = instead(decision.owner, role(None, decision.department))
        decision.leader = instead(decision.leader, leader)
        if decision.closed is not None:
            decision.closed.by = instead(decision.closed.by, verifier) or verifier
        for extension in decision.extensions:
            extension.approved_by = instead(extension.approved_by, approver) or approver
        for action in decision.actions:
            action.by = instead(action.by, withheld.word)
        withheld.model(decision)
    for sheet in register.assessments:
        sheet.person = instead(sheet.person, role(None, sheet.department))
        withheld.model(sheet)
    for pledge in register.pledges:
        withheld.model(pledge)
    if register.config is not None:
        for waiver in register.config.waivers:
            waiver.approver = instead(waiver.approver, approver) or approver
            withheld.model(waiver)
