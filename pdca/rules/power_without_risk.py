"""A power in the 权职目录 has no risk point.

Every power a post holds (``posts[].powers``) is a place where integrity risk arises; a risk point names
the power it arises from with ``power:`` (one of its post's powers).  Reported for the posts that have
risk points (a post with none is reported once, by post-without-risk); retired risks do not count.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain.powers import without_risk
from pdca.model.diagnostic import Severity
from pdca.model.entities import Where
from pdca.rules.base import Hit, RuleContext

NAME = "power-without-risk"
CODE = "PDCA806"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    if ctx.register.unseen("risk"):  # the risk naming a power may be one that could not be read
        return
    for entry, power in without_risk(ctx.register):
        number = entry.post.powers.index(power)
        yield ctx.hit(Where("pdca.yaml", ("posts", entry.number, "powers", number)),
                      message="records.rule.power_without_risk", target=entry.post.id, id=entry.post.id,
                      name=entry.post.name, power=power)
