"""A department has not signed its 责任书, or a key post its 承诺书, by the date the cycle asks (两个责任).

Each cycle every department signs the 《党风廉政建设责任书》 and the holders of every key post the
《廉洁从业承诺书》 (层层签订).  A signing is a record in ``pledges/*.yaml``: ``kind: responsibility`` (责任书)
lists the ``departments`` that signed, ``kind: integrity`` (承诺书) the key ``posts`` whose holders did;
it counts for the cycle it names (``cycle:``), else for the cycle of its date.  A post is a key post when
pdca.yaml says so (``key: true``), else when it holds powers.  Reported once the date has passed: the end
of the cycle's ``months``-th month (default 3, the end of its first quarter).  Asked only of a register
that keeps pledge records: a file in ``pledges/`` (``pledges: []`` is enough; ``pdca init`` writes one).
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain.duties import department_places, overdue, pledge_coverage
from pdca.model.diagnostic import Severity
from pdca.model.entities import Where
from pdca.rules.base import Hit, RuleContext

NAME = "pledge-missing"
CODE = "PDCA801"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {"months": 3}


def check(ctx: RuleContext) -> Iterator[Hit]:
    register, config = ctx.register, ctx.register.config
    assert config is not None
    found = overdue(register, "pledges", "pledge", ctx.as_of, int(ctx.params["months"]))
    if found is None:  # nothing to judge yet, or a signing may be in a file not read
        return
    cycle, due = found
    coverage = pledge_coverage(register, cycle, ctx.as_of)
    positions = department_places(register)
    for department in coverage.missing_departments:
        yield ctx.hit(Where("pdca.yaml", ("departments", positions[department])), message="records.rule.no_responsibility",
                      target=department, department=department, cycle=cycle.id, due=due)
    posts = {p.id: n for n, p in reversed(list(enumerate(config.posts)))}
    for post in coverage.missing_posts:
        yield ctx.hit(Where("pdca.yaml", ("posts", posts[post])), message="records.rule.no_integrity_pledge",
                      target=post, post=post, name=ctx.index.posts[post].name, cycle=cycle.id, due=due)
