"""A finding is overdue and has reached the 问责 (accountability) step.

From 91 days overdue by default (``rules: {escalation: {accountability: 91}}``), or overdue while
being a repeat of a repeat finding (屡查屡犯).  Separate from ``finding-overdue`` so that an organisation
can make this one an error while ordinary lateness stays a warning.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext
from pdca.rules.finding_overdue import overdue

NAME = "finding-accountability"
CODE = "PDCA405"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    yield from overdue(ctx, accountability=True)
