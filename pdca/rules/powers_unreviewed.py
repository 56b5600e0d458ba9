"""A change gives a post other powers without reviewing the post's risk points (``check --diff``).

When the duties of a post change, its integrity risks must be assessed again (dynamic management).  With
``pdca check --diff BASE`` (and in ``pdca diff``), a post whose ``powers`` differ from BASE is reported
when a risk point of that post, not retired, was not reviewed in the same change: its ``reviewed`` date
did not move.  A risk new in the change counts as reviewed.  Without ``--diff`` there is no change to
judge and this rule says nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain.powers import powers_changed
from pdca.model.diagnostic import Severity
from pdca.model.entities import Where
from pdca.rules.base import Hit, RuleContext

NAME = "powers-unreviewed"
CODE = "PDCA808"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    if ctx.base is None:
        return
    for change in powers_changed(ctx.base, ctx.register):
        if change.unreviewed:
            yield ctx.hit(Where("pdca.yaml", ("posts", change.number, "powers")), message="records.rule.powers_unreviewed",
                          target=change.post.id, id=change.post.id, name=change.post.name,
                          risks=ctx.listing(change.unreviewed))
