"""The 廉政档案's rules of time and of keys, pure: which entries are past retention, which fall inside
the window a 党风廉政意见回复 covers, and whether an entry is encrypted to the recipients pdca.yaml
lists now.

age hides who a ciphertext is for (by design), so an entry records a fingerprint of the recipient list
it was encrypted to (`sealed_for`): a short hash of the public keys, which are not secret.  It is a
hint for `pdca check` and `pdca dossier rekey`, not a guarantee: anyone may edit it, and decrypting is
what proves who can read an entry.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Iterable

from pdca.model.entities import DossierEntry

ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_END = "-----END AGE ENCRYPTED FILE-----"
_MAGIC = b"age-encryption.org/v1\n"


def _key_part(recipient: str) -> str:
    """The key itself: an SSH key's trailing comment (ssh-ed25519 AAAA... 纪委) is not part of it."""
    fields = recipient.split()
    return " ".join(fields[:2]) if len(fields) > 2 and fields[0].startswith("ssh-") else " ".join(fields)


def fingerprint(recipients: Iterable[str]) -> str:
    """16 hex digits standing for a set of public keys, in any order, each counted once."""
    keys = sorted({_key_part(r) for r in recipients if r.strip()})
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:16]


def is_armored(content: str) -> bool:
    """Whether a dossier entry's content is age ciphertext in ASCII armor (not plain text): the begin
    and end lines, base64 between them that decodes to an age header.  Decrypting is not tried."""
    lines = [line.strip() for line in content.strip().splitlines()]
    if len(lines) < 3 or lines[0] != ARMOR_BEGIN or lines[-1] != ARMOR_END:
        return False
    try:
        data = base64.b64decode("".join(lines[1:-1]), validate=True)
    except (binascii.Error, ValueError):
        return False
    return data.startswith(_MAGIC)


def retention_start(as_of: dt.date, years: int) -> dt.date:
    """The first day still inside a retention window of `years` ending on `as_of` (29 February goes to
    28 February in a common year)."""
    year = as_of.year - years
    try:
        return as_of.replace(year=year) + dt.timedelta(days=1)
    except ValueError:
        return dt.date(year, 3, 1)


def expired(entry: DossierEntry, as_of: dt.date, years: int) -> bool:
    """Past retention: dated before the window of `years` that ends on `as_of`."""
    return entry.date < retention_start(as_of, years)


def in_window(entry: DossierEntry, as_of: dt.date, years: int) -> bool:
    """Inside the window a 意见回复 as of `as_of` covers: not expired, not after `as_of`."""
    return not expired(entry, as_of, years) and entry.date <= as_of
