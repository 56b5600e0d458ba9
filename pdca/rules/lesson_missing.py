"""A month of the cycle went by without a 每月一课.

The seed keeps a 每月一课 (a lesson every month: a 廉政 film, 《零容忍》, a case study).  A lesson is an
activity with ``kind: lesson`` (每月一课) dated in the month.  A month is judged once it has ended.  Asked
only of a register that keeps activity records: a file in ``activities/`` (``pdca init`` writes one).
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain.duties import keeps, lesson_gaps
from pdca.domain.periods import cycle_of
from pdca.model.diagnostic import Severity
from pdca.model.entities import Where
from pdca.rules.base import Hit, RuleContext

NAME = "lesson-missing"
CODE = "PDCA802"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    register, config = ctx.register, ctx.register.config
    assert config is not None
    if not keeps(register, "activities") or register.unseen("activity"):  # the lesson may be in a file not read
        return
    cycle = cycle_of(config, ctx.as_of)
    past = [n for n, c in enumerate(config.past_cycles) if c is cycle]
    where = Where("pdca.yaml", ("past_cycles", past[0]) if past else ("cycle",))
    for month in lesson_gaps(register, cycle, ctx.as_of):
        yield ctx.hit(where, message="records.rule.no_lesson", target=month.key, month=month.key)
