"""A scoring matrix in which a higher likelihood or impact gives a laxer level.

The seed's rule: the more likely, or the more harmful, the stricter the level (一级 is the strictest).
A custom ``scoring.matrix`` in pdca.yaml must keep that order: moving up one likelihood row or one
impact column never gives a larger level number.  Each offending pair of cells is reported at the
matrix's line.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain.scoring import cell, monotone_breaks
from pdca.model.diagnostic import Severity
from pdca.model.entities import Where
from pdca.rules.base import Hit, RuleContext

NAME = "matrix-monotone"
CODE = "PDCA204"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    config = ctx.register.config
    assert config is not None
    scoring = config.scoring
    rows = len(scoring.likelihood)
    for likelihood, impact, up_likelihood, up_impact in monotone_breaks(scoring):
        higher = "axis.likelihood" if up_likelihood != likelihood else "axis.impact"
        where = Where("pdca.yaml", ("scoring", "matrix", rows - up_likelihood, up_impact - 1))
        yield ctx.hit(where, message="rule.matrix_monotone", target="scoring",
                      likelihood=likelihood, impact=impact,
                      level=ctx.label("level", cell(scoring, likelihood, impact)),
                      higher=ctx.say(higher), up_likelihood=up_likelihood, up_impact=up_impact,
                      up_level=ctx.label("level", cell(scoring, up_likelihood, up_impact)))
