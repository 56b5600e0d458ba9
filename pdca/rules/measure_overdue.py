"""A measure is past its due date and not done (as of ``--as-of``, default today).

A warning by default: a date passing does not make a register invalid, and CI must not turn red on an
unrelated pull request because a day went by.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "measure-overdue"
CODE = "PDCA402"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    state = ctx.state
    for risk in ctx.register.risks:
        if risk.retired is not None:
            continue
        for measure in risk.measures:
            computed = state.measure(measure)
            if computed.overdue:
                yield ctx.hit(measure, "due", message="rule.measure_overdue", target=measure.id, id=measure.id,
                              days=computed.days_overdue, due=measure.due,
                              status=ctx.label("status", computed.status))
