"""Whether the method was carried out, not only which risks exist: the 两个责任 signed (责任书 by the
departments, 承诺书 by the holders of key posts), a 每月一课 every month, a 廉洁谈话 with every department
head.  Pure: the rules, `status`, `export` and the reports read these figures from here.

Each of them is asked of a register only once it keeps that kind of record: a file in `pledges/`, a file
in `activities/` (one holding `pledges: []` is enough).  A register kept before these records existed
is not told about every department and month at once when pdca is upgraded; it starts the day it adds
the file.  `pdca init` writes both files, so a new register is asked from the start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pdca.domain.dates import add_days, add_months
from pdca.domain.periods import Period, cycle_of, month_of
from pdca.model.entities import Activity, Cycle, Pledge
from pdca.model.register import Register


def keeps(register: Register, folder: str) -> bool:
    """Whether the register keeps a kind of record: it has a file in that folder (pledges, activities)."""
    prefix = f"{folder}/"
    return any(rel.startswith(prefix) for rel in register.files)


def due_after(cycle: Cycle, months: int) -> dt.date:
    """The last day of the cycle's `months`-th month (3: the end of its first quarter), within the cycle."""
    return min(add_days(add_months(cycle.start, months), -1), cycle.end)


def overdue(register: Register, folder: str, kind: str, as_of: dt.date, months: int) -> tuple[Cycle, dt.date] | None:
    """The cycle of `as_of` and the day by which a duty recorded in `folder` was due in it, when that day
    has passed and every record of `kind` could be read; None when there is nothing to judge (the
    register keeps no such records, one may be in a file not read, or the duty is not yet due)."""
    config = register.config
    if config is None or not keeps(register, folder) or register.unseen(kind):
        return None
    cycle = cycle_of(config, as_of)
    due = due_after(cycle, months)
    return (cycle, due) if as_of > due else None


def department_places(register: Register) -> dict[str, int]:
    """Each department id -> its place in pdca.yaml's departments (the first, where one is listed twice)."""
    config = register.config
    return {d.id: n for n, d in reversed(list(enumerate(config.departments if config else [])))}


def in_order(register: Register, ids: set[str], kind: str) -> list[str]:
    """`ids` in the order pdca.yaml lists the departments (kind "department") or posts, then the rest."""
    config = register.config
    listed = [d.id for d in config.departments] if config and kind == "department" else \
        [p.id for p in config.posts] if config else []
    return [i for i in dict.fromkeys(listed) if i in ids] + sorted(ids - set(listed))


# --- 两个责任: 责任书 and 承诺书 ------------------------------------------------------------------


def pledges_of(register: Register, cycle: Cycle, as_of: dt.date) -> list[Pledge]:
    """The pledges signed for a cycle by the as-of date: those naming it (`cycle:`), or dated in it."""
    return [p for p in register.pledges if p.date <= as_of
            and (p.cycle == cycle.id if p.cycle is not None else cycle.start <= p.date <= cycle.end)]


@dataclass(frozen=True)
class PledgeCoverage:
    """Who signed for a cycle: departments the 责任书, key posts the 承诺书 (pdca.yaml order)."""

    departments: tuple[str, ...]  # every department
    signed_departments: tuple[str, ...]
    key_posts: tuple[str, ...]  # posts that are key posts (`key`, else holding powers)
    signed_posts: tuple[str, ...]

    @property
    def missing_departments(self) -> tuple[str, ...]:
        return tuple(d for d in self.departments if d not in self.signed_departments)

    @property
    def missing_posts(self) -> tuple[str, ...]:
        return tuple(p for p in self.key_posts if p not in self.signed_posts)


def pledge_coverage(register: Register, cycle: Cycle, as_of: dt.date) -> PledgeCoverage:
    config = register.config
    assert config is not None
    signed = pledges_of(register, cycle, as_of)
    departments = tuple(dict.fromkeys(d.id for d in config.departments))
    key_posts = tuple(dict.fromkeys(p.id for p in config.posts if p.is_key))
    by_department = {d for p in signed if p.kind == "responsibility" for d in p.departments}
    by_post = {post for p in signed if p.kind == "integrity" for post in p.posts}
    return PledgeCoverage(departments, tuple(d for d in departments if d in by_department),
                          key_posts, tuple(p for p in key_posts if p in by_post))


# --- 三不 education: 每月一课, 廉洁谈话 -------------------------------------------------------------


def months_of(cycle: Cycle) -> list[Period]:
    """The calendar months a cycle spans, in order."""
    months, day = [], cycle.start
    while day <= cycle.end:
        month = month_of(day)
        months.append(month)
        if month.end >= dt.date.max:
            break
        day = add_days(month.end, 1)
    return months


def lesson_months(register: Register) -> set[str]:
    """The months (2024-06) that had a 每月一课."""
    return {month_of(a.date).key for a in register.activities if a.kind == "lesson"}


def lesson_gaps(register: Register, cycle: Cycle, as_of: dt.date) -> list[Period]:
    """Months of the cycle that ended before the as-of date without a 每月一课."""
    held = lesson_months(register)
    return [m for m in months_of(cycle) if m.end < as_of and m.key not in held]


def talk_covers(activity: Activity, department: str, head: str | None) -> bool:
    """Whether a 廉洁谈话 reached a department's head: it lists the department, or its head post."""
    return activity.kind == "integrity_talk" and (
        department in activity.departments or (head is not None and head in activity.posts))


def talk_scope(register: Register) -> list[str]:
    """The departments whose heads should have a 廉洁谈话 each cycle: those responsible for a risk point in
    use (as for the half-year self-check), in pdca.yaml order."""
    return in_order(register, {r.department for r in register.risks if r.department and r.retired is None},
                    "department")


def talked(register: Register, cycle: Cycle, as_of: dt.date) -> set[str]:
    """The departments whose head had a 廉洁谈话 in the cycle by the as-of date."""
    config = register.config
    assert config is not None
    heads = {d.id: d.head for d in config.departments}
    talks = [a for a in register.activities if a.kind == "integrity_talk" and cycle.start <= a.date <= min(as_of, cycle.end)]
    return {d for d in talk_scope(register) if any(talk_covers(a, d, heads.get(d)) for a in talks)}


def talk_gaps(register: Register, cycle: Cycle, as_of: dt.date) -> list[str]:
    """Departments in scope whose head had no 廉洁谈话 in the cycle by the as-of date."""
    done = talked(register, cycle, as_of)
    return [d for d in talk_scope(register) if d not in done]


def activities_in(register: Register, period: Period) -> list[Activity]:
    """The activities held in a period, by date and id."""
    return sorted((a for a in register.activities if a.date in period), key=lambda a: (a.date, a.id))
