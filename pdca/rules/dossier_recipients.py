"""The recipients of the 廉政档案 in pdca.yaml cannot be used, or are missing.

``dossier.recipients`` lists the public keys of the discipline office (``age1...`` from age-keygen, or
``ssh-ed25519``/``ssh-rsa`` public keys): every dossier entry is encrypted to each of them.  Reported:
a recipient that is not a valid public key (named by its position and its first characters), a secret
key written where a public key belongs (named by its position only: its characters are never shown;
replace that key pair), and dossier entries while no recipient is listed.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.model.diagnostic import Severity
from pdca.model.entities import Where
from pdca.rules.base import Hit, RuleContext

NAME = "dossier-recipients"
CODE = "PDCA704"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    config = ctx.register.config
    assert config is not None
    recipients = config.dossier.recipients if config.dossier is not None else []
    if not recipients:
        if ctx.register.dossier:
            at = Where("pdca.yaml", ("dossier",) if config.dossier is not None else ("schema",))
            yield ctx.hit(at, message="dossier.rule.no_recipients", count=len(ctx.register.dossier))
        return
    from pdca.privacy import vault  # pyrage is loaded only for a register that has recipients

    for number, recipient in enumerate(recipients):
        try:
            vault.parse_recipients([recipient])
        except vault.VaultError as error:
            position = number + 1
            where = Where("pdca.yaml", ("dossier", "recipients", number))
            if error.message_id == "dossier.vault.recipient_is_secret":
                yield ctx.hit(where, message="dossier.rule.recipient_secret", position=position)
            else:
                yield ctx.hit(where, message="dossier.rule.recipient_malformed", position=position,
                              prefix=error.params.get("prefix", ""))
