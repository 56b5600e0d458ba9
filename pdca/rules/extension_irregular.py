"""A deadline extension (延期) that was not granted the way extensions should be.

An extension moves a finding's effective deadline from the day it was approved.  This warns when one

* was approved after the deadline it replaces had already passed (an extension is asked for before
  the deadline, not to excuse lateness afterwards);
* was approved by the finding's own owner, or by no one named (people are compared ignoring spaces,
  zero-width and other invisible characters, full-width forms, punctuation and case; an owner field
  that names several people, "张伟、李娜", makes each of them an owner);
* does not move the deadline later.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain import people
from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "extension-irregular"
CODE = "PDCA412"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    for check_ in ctx.register.checks:
        for finding in check_.findings:
            before = finding.deadline
            for number, extension in enumerate(finding.extensions):
                at = ("extensions", number)
                if before is not None and extension.date > before:
                    yield ctx.hit(finding, *at, "date", message="rule.extension_late", target=finding.id,
                                  id=finding.id, date=extension.date, deadline=before)
                if not people.named(extension.approved_by):
                    yield ctx.hit(finding, *at, "approved_by", message="rule.extension_by_nobody", target=finding.id,
                                  id=finding.id, by=extension.approved_by)
                elif people.same(extension.approved_by, finding.owner):
                    yield ctx.hit(finding, *at, "approved_by", message="rule.extension_by_owner", target=finding.id,
                                  id=finding.id, by=extension.approved_by)
                if before is not None and extension.until <= before:
                    yield ctx.hit(finding, *at, "until", message="rule.extension_not_later", target=finding.id,
                                  id=finding.id, until=extension.until, deadline=before)
                before = extension.until
