"""An ``override`` that sets the level the matrix already gives.

An override exists to make a level stricter than the matrix (with a reason and a date).  One that
equals the computed level changes nothing and only suggests a judgment that was never needed: it
can go.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain import scoring
from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "override-no-effect"
CODE = "PDCA205"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    for risk in ctx.register.risks:
        override = risk.override
        if override is None:
            continue
        assessment = scoring.assessment(ctx.register, risk)
        if assessment.base is not None and override.level == assessment.base:
            yield ctx.hit(risk, "override", message="rule.override_no_effect", target=risk.id, id=risk.id,
                          level=ctx.label("level", override.level))
