"""A status claims more than the record shows.

* a measure ``done`` needs its ``done`` date;
* a finding ``done`` (整改完成) or ``closed`` (已销号) needs ``done``, ``result`` and ``evidence``; a
  ``closed`` one also needs ``closed: {date, by}``, and ``by`` (who verified it) names someone who is
  not its owner: names are compared ignoring spaces, zero-width and other invisible characters,
  full-width forms, punctuation and case, and an owner field that names several people ("张伟、李娜",
  "张伟/李娜", "张伟 和 李娜") makes each of them an owner;
* ``closed:`` on a finding that is not ``closed`` contradicts its status;
* a finding needs a ``deadline`` (限期整改) unless it is ``long_term``.

A meeting decision (会议决议督办) is followed like a finding, and held to the same: ``done`` or ``closed``
need ``done``, ``result`` and ``evidence``, ``closed`` its ``closed: {date, by}`` by someone other than
its owner, and ``closed:`` only on a closed one.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain import people
from pdca.model.diagnostic import Severity
from pdca.model.entities import COMPLETED, Decision, Finding, Located
from pdca.rules.base import Hit, RuleContext

NAME = "status-incomplete"
CODE = "PDCA302"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    def missing(at: Located, kind: str, entity_id: str, status: str, fields: list[str]) -> Hit:
        return ctx.hit(at, "status", message="rule.status_missing", target=entity_id, kind=ctx.kind(kind),
                       id=entity_id, status=ctx.label({"finding": "finding_status", "decision": "decision_status"}.get(
                           kind, "status"), status),
                       fields=ctx.listing(ctx.field(f) for f in fields))

    for risk in ctx.register.risks:
        for measure in risk.measures:
            if measure.status == "done" and measure.done is None:
                yield missing(measure, "measure", measure.id, "done", ["done"])
    followed: list[tuple[str, Finding | Decision]] = [
        ("finding", f) for c in ctx.register.checks for f in c.findings]
    followed += [("decision", d) for d in ctx.register.decisions]
    for kind, item in followed:
        status = item.status
        if status in COMPLETED:
            needed = ["done", "result", "evidence"] + (["closed"] if status == "closed" else [])
            lacking = [name for name in needed if getattr(item, name) is None]
            if lacking:
                yield missing(item, kind, item.id, status, lacking)
        yield from _closing(ctx, kind, item)
        if kind == "finding" and item.deadline is None and not item.long_term:
            yield ctx.hit(item, message="rule.no_deadline", target=item.id, id=item.id)


def _closing(ctx: RuleContext, kind: str, item: Finding | Decision) -> Iterator[Hit]:
    """`closed:` only on a closed item, verified by someone named who is not its owner."""
    if item.closed is None:
        return
    labels = "finding_status" if kind == "finding" else "decision_status"
    said = "rule." if kind == "finding" else "records.rule.decision_"  # the same words, for a decision
    if item.status != "closed":
        yield ctx.hit(item, "closed", message=f"{said}closed_not_closed", target=item.id, id=item.id,
                      status=ctx.label(labels, item.status))
    elif not people.named(item.closed.by):
        yield ctx.hit(item, "closed", "by", message=f"{said}closed_by_nobody", target=item.id, id=item.id,
                      by=item.closed.by)
    elif people.same(item.closed.by, item.owner):
        yield ctx.hit(item, "closed", message=f"{said}closed_by_owner", target=item.id, id=item.id,
                      by=item.closed.by)
