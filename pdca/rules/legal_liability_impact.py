"""A risk marked ``legal_liability: true`` whose impact is scored below 严重.

The seed defines 一级 as a risk that is likely, *or* that could cause serious harm, "如涉及违法犯罪，可能
受到法律追究的".  Legal liability is therefore a severe consequence: its impact score should be one
that the matrix grades 一级 whatever the likelihood (4 严重 or 5 特别严重 with the default scales).  The
level is 一级 either way; this keeps the impact score honest for statistics and the heat map.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain.scoring import severe_impacts
from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "legal-liability-impact"
CODE = "PDCA206"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    config = ctx.register.config
    assert config is not None
    scoring = config.scoring
    severe = severe_impacts(scoring)
    labels = scoring.impact
    shown = ctx.listing(ctx.say("score.shown", score=n, label=labels[n - 1]) for n in severe)
    for risk in ctx.register.risks:
        impact = risk.impact
        if not risk.legal_liability or impact is None or not 1 <= impact <= len(labels) or impact >= min(severe):
            continue
        yield ctx.hit(risk, "impact", message="rule.legal_liability_impact", target=risk.id, id=risk.id,
                      impact=impact, label=labels[impact - 1], severe=shown)
