"""A dossier entry is past its retention period: delete it.

Personal information is kept no longer than its purpose needs (PIPL art. 19, 47).  pdca.yaml says how
long the 廉政档案 keeps an entry, ``dossier.retention_years`` (default 5): an entry dated before that
many years ago, counted back from the as-of date, is reported.  ``pdca dossier purge --expired`` deletes
such entries from the register; git history still holds them until it is rewritten, or until the keys
that can read them are destroyed (docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain.dossier import expired
from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "dossier-retention"
CODE = "PDCA706"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    config = ctx.register.config
    assert config is not None
    years = config.dossier.retention_years if config.dossier is not None else 5
    for entry in ctx.register.dossier:
        if expired(entry, ctx.as_of, years):
            yield ctx.hit(entry, "date", message="dossier.rule.retention", target=entry.id, id=entry.id,
                          date=entry.date, years=years)
