"""A meeting decision (会议决议督办) is past its deadline and not yet carried out.

Decisions of the 月度例会, 周例会 and 专题会 (``decisions/*.yaml``) are followed like findings, with the
same computation: the effective deadline (``extensions``), days overdue, and the step it suggests (建议,
for the discipline office to decide: 通报 from 1 day, 考核 from 31, 问责 from 91; thresholds under
``rules: {escalation: {...}}``).  Decisions recorded in ``actions`` are named, with their 考核单.
``long_term`` decisions are never overdue.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "decision-overdue"
CODE = "PDCA805"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    state = ctx.state
    for decision in ctx.register.decisions:
        computed = state.decision(decision)
        if not computed.overdue:
            continue
        deadline: object = decision.deadline or "-"
        if computed.extension is not None and computed.effective_deadline != decision.deadline:
            deadline = ctx.say("deadline.extended", deadline=decision.deadline or "-", until=computed.effective_deadline)
        decided: object = ""
        strongest = [a for a in computed.actions if a.kind == computed.action]
        if strongest:
            decided = ctx.say("decided.suffix", ref=strongest[-1].ref, action=ctx.label("escalation", strongest[-1].kind))
        yield ctx.hit(decision, "deadline", message="records.rule.decision_overdue", target=decision.id, id=decision.id,
                      days=computed.days_overdue, deadline=deadline,
                      step=ctx.label("escalation", computed.escalation) if computed.escalation else ctx.say("step.none"),
                      decided=decided)
