"""A risk stands in a PDCA stage whose gate it does not meet.

A risk in stage S must meet every gate up to S (register-format.md, "Stages and their gates"):

* into D 执行: likelihood, impact, owner and department; a measure that is not dropped; a level-1
  risk has measures on at least two lines (事前/事中/事后);
* into C 检查: every measure that is not dropped is done, with its ``done`` date and ``evidence``;
* into A 处置: a check dated in the current cycle examined the risk, and none of its findings is open
  or rectifying.

``pdca advance`` refuses such a move with the same words; this rule catches a stage edited by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain.gates import gate_failures
from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "stage-gate"
CODE = "PDCA301"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    # the check that examined a risk may be one that could not be read: that gate is not judged
    unjudged = {"gate.not_examined"} if ctx.register.unseen("check") else set()
    for risk in ctx.register.risks:
        if risk.stage == "P":
            continue
        stage = ctx.label("stage", risk.stage)
        for failure in gate_failures(risk, risk.stage, ctx.register):
            if failure.message in unjudged:
                continue
            yield ctx.hit(risk, *failure.path, message="rule.gate", target=risk.id, stage=stage,
                          condition=failure.said())
