"""An ``override`` tries to make a risk's level laxer than computed.

An override may only make the level stricter (一级 is the strictest), and it needs a reason.  A laxer
override is ignored: the computed level stands.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain import scoring
from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "override-lowers-level"
CODE = "PDCA203"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    for risk in ctx.register.risks:
        assessment = scoring.assessment(ctx.register, risk)
        if assessment.override_rejected and risk.override is not None:
            yield ctx.hit(risk, "override", message="rule.override_lowers", target=risk.id,
                          computed=ctx.label("level", assessment.base),
                          override=ctx.label("level", risk.override.level))
