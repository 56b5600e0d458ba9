"""A finding may repeat an earlier one (疑似屡查屡犯) and 纪检 has not yet said whether it does.

Its risk had an earlier finding that was done (or closed) before the check that found this one.  The
same risk point is not the same problem, so pdca never treats this as a repeat by itself: 纪检 looks
at both and confirms it (``repeat_of: ID``, then 屡查屡犯 escalates) or dismisses it
(``repeat_of: none``).  Until then the finding is shown as 疑似屡查屡犯 and nothing escalates.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "repeat-suspected"
CODE = "PDCA409"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    state = ctx.state
    for check_ in ctx.register.checks:
        for finding in check_.findings:
            candidates = state.finding(finding).repeat_suspected
            if not candidates or _names_unread(ctx, finding.repeat_of):
                continue
            written_null = "repeat_of" in finding.model_fields_set  # `repeat_of: null` or `repeat_of:`
            yield ctx.hit(finding, *(("repeat_of",) if written_null else ()), message="rule.repeat_suspected",
                          target=finding.id, id=finding.id, risk=finding.risk, candidates=ctx.listing(candidates),
                          null_hint=ctx.say("repeat.null_hint") if written_null else "")


def _names_unread(ctx: RuleContext, named: str | None) -> bool:
    """Whether `repeat_of` may name a finding that could not be read (纪检 may have said already)."""
    register = ctx.register
    if named is None or named in ctx.index.findings:
        return False
    return "finding" in register.unreadable or named in register.invalid_ids.get("finding", ())
