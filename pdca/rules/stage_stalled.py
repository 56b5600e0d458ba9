"""A risk has stood in the same PDCA stage (P, D or C) for too long.

Counts from the latest ``history`` entry of its current stage (else ``identified``); parameter
``days`` (default 180).  Risks in A wait for the next cycle and retired risks are not counted.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain.closed_loop import stage_since, stalled
from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "stage-stalled"
CODE = "PDCA408"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {"days": 180}


def check(ctx: RuleContext) -> Iterator[Hit]:
    limit = int(ctx.params["days"])
    for risk in ctx.register.risks:
        days = stalled(risk, ctx.as_of, limit)
        if days is not None:
            yield ctx.hit(risk, "stage", message="rule.stage_stalled", target=risk.id, id=risk.id,
                          stage=ctx.label("stage", risk.stage), days=days, since=stage_since(risk))
