"""A dossier entry whose content is not age ciphertext: the 廉政档案 in plain text.

Every entry of dossier/*.yaml holds its content encrypted with age to the discipline office's keys
(``pdca dossier add`` writes it so): ASCII armor from ``-----BEGIN AGE ENCRYPTED FILE-----`` to
``-----END AGE ENCRYPTED FILE-----``.  Anything else there is plain text that everyone who can read the
repository can read, for good: remove the entry, remove it from the git history (docs/privacy.md), and
add it again with ``pdca dossier add``.  The diagnostic never shows the content.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdca.domain.dossier import is_armored
from pdca.model.diagnostic import Severity
from pdca.rules.base import Hit, RuleContext

NAME = "dossier-unencrypted"
CODE = "PDCA703"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}


def check(ctx: RuleContext) -> Iterator[Hit]:
    for entry in ctx.register.dossier:
        if not is_armored(entry.content):
            yield ctx.hit(entry, "content", message="dossier.rule.unencrypted", target=entry.id, id=entry.id)
