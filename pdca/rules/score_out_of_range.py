"""Likelihood or impact lies outside the scoring scale of pdca.yaml.

The default scales run 1..5 (极低 .. 极高, 轻微 .. 特别严重); a register with its own scales in
``scoring:`` has its own bounds.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "score-out-of-range"
CODE = "PDCA201"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    assert ctx.register.config is not None
    scoring = ctx.register.config.scoring
    for risk in ctx.register.risks:
        for field, scale in (("likelihood", scoring.likelihood), ("impact", scoring.impact)):
            value = getattr(risk, field)
            if value is not None and value > len(scale):
                yield ctx.hit(risk, field, message="rule.score_range", target=risk.id,
                              field=ctx.field(field), value=value, max=len(scale))
