"""A suggested 通报/考核/问责 has had no matching decision for too long (考核意见未落实).

pdca computes a suggested step for late and confirmed repeat findings; the discipline office decides
and records what it decided in the finding's ``actions`` (``pdca finding act``).  This warns when the
suggested step has been stronger than the strongest recorded decision for more than ``days`` days
(default 15), counted from the day the step was reached.  A weaker decision does not end it: a
finding suggested for 考核 that was only 通报 is still waiting.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "action-pending"
CODE = "PDCA411"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {"days": 15}


def check(ctx: RuleContext) -> Iterator[Hit]:
    limit = int(ctx.params["days"])
    state = ctx.state
    for check_ in ctx.register.checks:
        for finding in check_.findings:
            computed = state.finding(finding)
            days = computed.action_pending_days
            if days <= limit:
                continue
            decided = (ctx.say("decided.weaker", action=ctx.label("escalation", computed.action))
                       if computed.action else ctx.say("decided.none"))
            yield ctx.hit(finding, *(("actions",) if finding.actions else ()), message="rule.action_pending",
                          target=finding.id, id=finding.id, days=days, decided=decided,
                          step=ctx.label("escalation", computed.escalation))
