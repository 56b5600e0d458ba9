"""Dates that cannot be in this order.

* a risk reviewed, retired, or a measure done before the risk was identified;
* ``history`` going back in time;
* a finding's deadline or ``done`` date before the date of the check that found it;
* a finding verified (``closed.date``) before it was done;
* an extension approved, or a decision (``actions``) taken, before the check that found the finding;
* a finding whose ``repeat_of`` names a finding found on the same day or later (a repeat follows an
  earlier finding that was rectified; such a link confirms nothing and never escalates);
* cycles that overlap or go back in time: each of ``past_cycles`` (oldest first) ends before the next
  begins, and the last before the current ``cycle`` (a report on a day must know which cycle it is in).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.model.entities import Cycle, Located, Where
from pdca.rules.base import Hit, RuleContext

NAME = "date-order"
CODE = "PDCA303"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    def order(where: Located | Where, path: tuple[str | int, ...], target: str, earlier_field: str,
              earlier: dt.date | None, later_field: str, later: dt.date | None) -> Iterator[Hit]:
        if earlier is not None and later is not None and later < earlier:
            yield ctx.hit(where, *path, message="rule.date_order", target=target, later_field=ctx.field(later_field),
                          later=later, earlier_field=ctx.field(earlier_field), earlier=earlier)

    yield from _cycles(ctx)
    for risk in ctx.register.risks:
        at, first = risk, risk.identified
        yield from order(at, ("reviewed",), risk.id, "identified", first, "reviewed", risk.reviewed)
        if risk.retired is not None:
            yield from order(at, ("retired",), risk.id, "identified", first, "retired", risk.retired.date)
        for number, measure in enumerate(risk.measures):
            yield from order(at, ("measures", number, "done"), measure.id, "identified", first, "done", measure.done)
        for number in range(1, len(risk.history)):
            before, after = risk.history[number - 1], risk.history[number]
            yield from order(at, ("history", number), risk.id, "history", before.date, "history", after.date)
    for check_ in ctx.register.checks:
        for finding in check_.findings:
            yield from order(finding, ("deadline",), finding.id, "check", check_.date, "deadline", finding.deadline)
            yield from order(finding, ("done",), finding.id, "check", check_.date, "done", finding.done)
            earlier = ctx.index.findings.get(finding.repeat_of) if finding.repeat_of else None
            if earlier is not None and earlier[1] is not finding and earlier[0].date >= check_.date:
                yield ctx.hit(finding, "repeat_of", message="rule.repeat_later", target=finding.id,
                              source=finding.repeat_of, source_date=earlier[0].date, date=check_.date)
            if finding.closed is not None:
                yield from order(finding, ("closed",), finding.id, "done", finding.done, "closed", finding.closed.date)
            for number, extension in enumerate(finding.extensions):
                yield from order(finding, ("extensions", number, "date"), finding.id, "check", check_.date,
                                 "extensions", extension.date)
            for number, action in enumerate(finding.actions):
                yield from order(finding, ("actions", number, "date"), finding.id, "check", check_.date,
                                 "actions", action.date)


def _cycles(ctx: RuleContext) -> Iterator[Hit]:
    config = ctx.register.config
    if config is None:
        return
    known: list[tuple[Cycle, tuple[str | int, ...]]] = [
        *((cycle, ("past_cycles", number)) for number, cycle in enumerate(config.past_cycles)), (config.cycle, ("cycle",))]
    for (before, _), (after, path) in zip(known, known[1:]):
        if after.start <= before.end:
            yield ctx.hit(Where("pdca.yaml", path), "start", message="rule.cycle_order", target=after.id, id=after.id,
                          start=after.start, other=before.id, other_end=before.end)
