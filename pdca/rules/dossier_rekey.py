"""A dossier entry is encrypted to another list of recipients than the one pdca.yaml gives now.

After a recipient is added to or removed from ``dossier.recipients``, every entry must be encrypted
again (``pdca dossier rekey -i KEYFILE``): until then a new reader cannot read the old entries, and a
removed one still can.  Each entry records a fingerprint of the recipients it was encrypted to
(``sealed_for``, a short hash of the public keys); an entry without one, or with another, is reported.
Rekeying protects what is written from then on only: git history keeps the earlier ciphertexts,
readable with the keys they were made for (docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain.dossier import fingerprint
from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "dossier-rekey"
CODE = "PDCA705"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    config = ctx.register.config
    assert config is not None
    if config.dossier is None or not config.dossier.recipients:
        return  # dossier-recipients says that the list is missing
    current = fingerprint(config.dossier.recipients)
    for entry in ctx.register.dossier:
        if entry.sealed_for != current:
            yield ctx.hit(entry, "sealed_for" if entry.sealed_for else "id", message="dossier.rule.rekey",
                          target=entry.id, id=entry.id)
