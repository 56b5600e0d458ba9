"""A department's head has had no 廉洁谈话 in the cycle by the date the cycle asks.

The seed holds 廉洁谈话 with department heads (谈责任、谈自律、谈作风).  A talk is an activity with
``kind: integrity_talk`` (廉洁谈话) dated in the cycle; it reached a department's head when it lists the
department under ``departments``, or the department's ``head`` post (pdca.yaml) under ``posts``.  Every
department responsible for a risk point in use is asked, once the end of the cycle's ``months``-th month
(default 6) has passed.  Asked only of a register that keeps activity records: a file in
``activities/`` (``pdca init`` writes one).
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain.duties import department_places, overdue, talk_gaps
from pdca.model.diagnostic import Severity
from pdca.model.entities import Where
from pdca.rules.base import Hit, RuleContext

NAME = "talk-missing"
CODE = "PDCA803"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {"months": 6}


def check(ctx: RuleContext) -> Iterator[Hit]:
    register = ctx.register
    found = overdue(register, "activities", "activity", ctx.as_of, int(ctx.params["months"]))
    if found is None:  # nothing to judge yet, or the talk may be in a file not read
        return
    cycle, due = found
    positions = department_places(register)
    for department in talk_gaps(register, cycle, ctx.as_of):
        where = Where("pdca.yaml", ("departments", positions[department]) if department in positions else ())
        yield ctx.hit(where, message="records.rule.no_talk", target=department, department=department,
                      cycle=cycle.id, due=due)
