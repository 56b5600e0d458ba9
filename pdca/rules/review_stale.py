"""A risk point has not been reviewed for too long (dynamic management, 动态管理).

Counts from ``reviewed``, or ``identified`` when it was never reviewed; parameter ``months`` (default
6).  Retired risks are not counted.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain.closed_loop import review_overdue
from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "review-stale"
CODE = "PDCA403"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {"months": 6}


def check(ctx: RuleContext) -> Iterator[Hit]:
    months = int(ctx.params["months"])
    for risk in ctx.register.risks:
        if review_overdue(risk, months, ctx.as_of) is None:
            continue
        field = "reviewed" if risk.reviewed else "identified"
        yield ctx.hit(risk, field, message="rule.review_stale", target=risk.id, id=risk.id,
                      months=months, reviewed=risk.reviewed or risk.identified)
