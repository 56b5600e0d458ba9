"""A finding is past its rectification deadline (限期整改) and still open or rectifying.

The message names the step it suggests (建议, for the discipline office to decide; never a decision):
通报 (notice) from 1 day, 考核 (assessment) from 31 days or for a confirmed repeat finding; thresholds
under ``rules: {escalation: {...}}``.  Lateness counts from the effective deadline: an approved
extension (``extensions``) moves it.  Decisions already recorded in ``actions`` are named.  Findings at the 问责
(accountability) step are reported by ``finding-accountability`` instead, so the two can be given
different severities.  ``long_term`` findings are never overdue.  A warning by default: a deadline
passing does not make a register invalid.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "finding-overdue"
CODE = "PDCA404"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    yield from overdue(ctx, accountability=False)


def overdue(ctx: RuleContext, accountability: bool) -> Iterator[Hit]:
    state = ctx.state
    for check_ in ctx.register.checks:
        for finding in check_.findings:
            computed = state.finding(finding)
            if not computed.overdue or (computed.escalation == "accountability") != accountability:
                continue
            deadline: object = finding.deadline or "-"
            if computed.extension is not None and computed.effective_deadline != finding.deadline:
                deadline = ctx.say("deadline.extended", deadline=finding.deadline or "-",
                                   until=computed.effective_deadline)
            decided: object = ""
            strongest = [a for a in computed.actions if a.kind == computed.action]
            if strongest:
                decided = ctx.say("decided.suffix", ref=strongest[-1].ref,
                                  action=ctx.label("escalation", strongest[-1].kind))
            yield ctx.hit(finding, "deadline", message="rule.finding_overdue", target=finding.id, id=finding.id,
                          days=computed.days_overdue, deadline=deadline,
                          step=ctx.label("escalation", computed.escalation) if computed.escalation
                          else ctx.say("step.none"),
                          repeat=ctx.say("repeat.suffix") if computed.repeat else "",
                          decided=decided)
