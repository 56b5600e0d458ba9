"""A confirmed ``repeat_of`` that does not look like a repeat (屡查屡犯).

A repeat is the same problem found again after it was rectified, in the same unit.  This warns when
the finding named in ``repeat_of``

* belongs to another department (both name one), or
* was not yet done when the check that found this one was held: the same problem still open is not
  a repeat, it is the old finding not yet rectified.

A confirmed repeat escalates (考核, and 问责 for a repeat of a repeat), so a doubtful link is worth a
second look.  ``repeat_of`` naming the finding itself, a later finding or no finding at all is an error
(``unknown-reference``, ``date-order``).
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.model.entities import COMPLETED, NOT_A_REPEAT
from pdca.rules.base import Hit, RuleContext

NAME = "repeat-doubtful"
CODE = "PDCA410"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    index = ctx.index
    for check_ in ctx.register.checks:
        for finding in check_.findings:
            named = finding.repeat_of
            if named is None or named == NOT_A_REPEAT or named == finding.id or named not in index.findings:
                continue
            earlier_check, earlier = index.findings[named]
            if earlier_check.date >= check_.date:
                continue  # date-order reports it
            if finding.department and earlier.department and finding.department != earlier.department:
                yield ctx.hit(finding, "repeat_of", message="rule.repeat_other_department", target=finding.id,
                              id=finding.id, source=named, department=_name(ctx, finding.department),
                              source_department=_name(ctx, earlier.department))
            if earlier.done is None or earlier.status not in COMPLETED or earlier.done >= check_.date:
                yield ctx.hit(finding, "repeat_of", message="rule.repeat_not_rectified", target=finding.id,
                              id=finding.id, source=named, date=check_.date)


def _name(ctx: RuleContext, department: str) -> str:
    found = ctx.index.departments.get(department)
    return found.name if found else department
