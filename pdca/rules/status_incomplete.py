"""A status claims more than the record shows.

* a measure ``done`` needs its ``done`` date;
* a finding ``done`` (整改完成) or ``closed`` (已销号) needs ``done``, ``result`` and ``evidence``; a
  ``closed`` one also needs ``closed: {date, by}``, and ``by`` (who verified it) names someone who is
  not its owner: names are compared ignoring spaces, zero-width and other invisible characters,
  full-width forms, punctuation and case, and an owner field that names several people ("张伟、李娜",
  "张伟/李娜", "张伟 和 李娜") makes each of them an owner;
* ``closed:`` on a finding that is not ``closed`` contradicts its status;
* a finding needs a ``deadline`` (限期整改) unless it is ``long_term``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain import people
from pdca.model.diagnostic import Severity
from pdca.model.entities import COMPLETED, Located
from pdca.rules.base import Hit, RuleContext

NAME = "status-incomplete"
CODE = "PDCA302"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    def missing(at: Located, kind: str, entity_id: str, status: str, fields: list[str]) -> Hit:
        return ctx.hit(at, "status", message="rule.status_missing", target=entity_id, kind=ctx.kind(kind),
                       id=entity_id, status=ctx.label("finding_status" if kind == "finding" else "status", status),
                       fields=ctx.listing(ctx.field(f) for f in fields))

    for risk in ctx.register.risks:
        for measure in risk.measures:
            if measure.status == "done" and measure.done is None:
                yield missing(measure, "measure", measure.id, "done", ["done"])
    for check_ in ctx.register.checks:
        for finding in check_.findings:
            where, status = finding, finding.status
            if status in COMPLETED:
                needed = ["done", "result", "evidence"] + (["closed"] if status == "closed" else [])
                lacking = [name for name in needed if getattr(finding, name) is None]
                if lacking:
                    yield missing(where, "finding", finding.id, status, lacking)
            if finding.closed is not None:
                if status != "closed":
                    yield ctx.hit(where, "closed", message="rule.closed_not_closed", target=finding.id,
                                  id=finding.id, status=ctx.label("finding_status", status))
                elif not people.named(finding.closed.by):
                    yield ctx.hit(where, "closed", "by", message="rule.closed_by_nobody", target=finding.id,
                                  id=finding.id, by=finding.closed.by)
                elif people.same(finding.closed.by, finding.owner):
                    yield ctx.hit(where, "closed", message="rule.closed_by_owner", target=finding.id,
                                  id=finding.id, by=finding.closed.by)
            if finding.deadline is None and not finding.long_term:
                yield ctx.hit(where, message="rule.no_deadline", target=finding.id, id=finding.id)
