"""A finding declared done (整改完成) has waited too long for verification and 销号.

Counts days from the finding's ``done`` date while its status is ``done``; parameter ``days``
(default 15).  The 纪检 office verifies and closes it with ``closed: {date, by}``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "verification-pending"
CODE = "PDCA406"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {"days": 15}


def check(ctx: RuleContext) -> Iterator[Hit]:
    limit = int(ctx.params["days"])
    state = ctx.state
    for check_ in ctx.register.checks:
        for finding in check_.findings:
            computed = state.finding(finding)
            if computed.awaiting_verification and computed.days_awaiting_verification > limit:
                yield ctx.hit(finding, "status", message="rule.verification_pending", target=finding.id,
                              id=finding.id, days=computed.days_awaiting_verification, done=finding.done)
