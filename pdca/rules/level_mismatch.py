"""A declared ``level`` differs from the level pdca computes.

The level is computed, never chosen: likelihood x impact through the matrix, level 1 whenever
``legal_liability`` is true, made stricter by a valid ``override``.  ``level`` may be written down for
readers, and then it must agree.  ``pdca explain ID`` shows how a level was reached.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca import i18n
from pdca.domain import scoring
from pdca.model.diagnostic import Severity
from pdca.model.entities import Risk
from pdca.rules.base import Hit, RuleContext

NAME = "level-mismatch"
CODE = "PDCA202"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    for risk in ctx.register.risks:
        computed = scoring.level(ctx.register, risk)
        if risk.level is None or computed is None or risk.level == computed:
            continue
        yield ctx.hit(risk, "level", message="rule.level_mismatch", target=risk.id,
                      declared=ctx.label("level", risk.level),
                      computed=ctx.label("level", computed), why=why(ctx, risk))


def why(ctx: RuleContext, risk: Risk) -> i18n.Msg:
    assessment = scoring.assessment(ctx.register, risk)
    if risk.override is not None and not assessment.override_rejected:
        return ctx.say("why.override", level=ctx.label("level", risk.override.level), reason=risk.override.reason)
    if risk.legal_liability:
        return ctx.say("why.legal")
    return ctx.say("why.matrix", likelihood=risk.likelihood, impact=risk.impact,
                   level=ctx.label("level", assessment.matrix))
