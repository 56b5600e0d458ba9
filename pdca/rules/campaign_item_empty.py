"""An item of a 专项整治 campaign links nothing.

A campaign (``campaigns:`` in pdca.yaml, e.g. 5个方面19个问题清单, 7个小切口) lists named items; each is
tracked through what it links: ``risks``, ``findings`` or ``measures``.  An item that links none of them
cannot show any progress.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.model.entities import Where
from pdca.rules.base import Hit, RuleContext

NAME = "campaign-item-empty"
CODE = "PDCA807"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    config = ctx.register.config
    assert config is not None
    for number, campaign in enumerate(config.campaigns):
        for place, item in enumerate(campaign.items):
            if not (item.risks or item.findings or item.measures):
                yield ctx.hit(Where("pdca.yaml", ("campaigns", number, "items", place)), "id",
                              message="records.rule.campaign_item_empty", target=item.id, id=item.id,
                              campaign=campaign.name)
