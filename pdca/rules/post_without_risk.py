"""A post in the 权职目录 holds powers but no risk point names it.

Every post with powers should have its integrity risks identified (the seed: risk points per post,
so that nobody thinks "I hold no power, there is nothing to find").
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.model.entities import Where
from pdca.rules.base import Hit, RuleContext

NAME = "post-without-risk"
CODE = "PDCA401"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    config = ctx.register.config
    assert config is not None
    if ctx.register.unseen("risk"):  # the risk naming a post may be one that could not be read
        return
    covered = {risk.post for risk in ctx.register.risks if risk.retired is None}
    for number, post in enumerate(config.posts):
        if post.powers and post.id not in covered:
            yield ctx.hit(Where("pdca.yaml", ("posts", number)), "id", message="rule.post_without_risk",
                          target=post.id, id=post.id, name=post.name, count=len(post.powers))
