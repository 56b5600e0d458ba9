"""A department had no 自查自验 (half-year self-check) in a half-year that has ended.

The seed asks every department to check itself each half-year (半年度自查自验).  A department is in
scope when it is responsible for a risk point that is not retired; it is covered by a check with
``source: 自查自验`` that lists it under ``departments`` and is dated in that half-year, or says which
half-year it covers with ``period: 2024H1`` (a self-check held at the 年中分析会 in early July).  Only
half-years of the current cycle that ended before the as-of date are judged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pdca.domain.closed_loop import self_check_gaps
from pdca.domain.periods import half_year
from pdca.model.diagnostic import Severity
from pdca.model.entities import Where
from pdca.rules.base import Hit, RuleContext

NAME = "self-check-missing"
CODE = "PDCA407"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    config = ctx.register.config
    assert config is not None
    if ctx.register.unseen("check"):  # the self-check may be one that could not be read
        return
    positions = {department.id: number for number, department in enumerate(config.departments)}
    start, _, _ = half_year(config.cycle.start)
    while start <= config.cycle.end:
        first, last, label = half_year(start)
        if last >= ctx.as_of:
            break
        if last >= config.cycle.start:
            for department in self_check_gaps(ctx.register, label):
                where = Where("pdca.yaml", ("departments", positions[department]) if department in positions else ())
                yield ctx.hit(where, message="rule.self_check_missing", target=department,
                              department=department, half=label)
        start = last + dt.timedelta(days=1)
