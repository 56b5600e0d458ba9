"""A 提醒谈话 does not say which finding or risk prompted it.

A 提醒谈话 (``kind: reminder_talk``) is 早提醒、早纠正: it answers a finding running late, a risk showing
signs.  Name it: ``finding: ID`` (the finding), ``risks: [...]`` or ``check: ID``.  A talk nothing
prompted (a routine one) says so with ``finding: none``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "talk-unlinked"
CODE = "PDCA804"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    for activity in ctx.register.activities:
        if activity.kind == "reminder_talk" and activity.finding is None and not activity.risks \
                and activity.check is None:
            yield ctx.hit(activity, "kind", message="records.rule.talk_unlinked", target=activity.id, id=activity.id)
