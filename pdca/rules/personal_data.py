"""A personal identifier is written in plain text in a register file.

A register is read by everyone who can read the repository, and git keeps every version for good.  A
居民身份证号, a mobile number, a bank card number or a home address has no place in it (the Personal
Information Protection Law asks for necessity, and for encryption of what must be kept): refer to a
person by their pseudonymous id (people/*.yaml), and put what the 廉政档案 must hold in an encrypted
dossier entry (``pdca dossier add``).

Every file of the register is read as text, comments included: pdca.yaml, risks/, checks/,
activities/, people/, dossier/ (its clear metadata) and reports/.  Found:

* 居民身份证号: 18 characters with a valid check character, a province code and a real birth date
  (the old 15-digit number only after a label such as 身份证号);
* mobile numbers: 11 digits 1[3-9]..., with or without +86, whole or grouped 3-4-4;
* bank card numbers: 16 or 19 digits starting 3-6 that pass the Luhn check (other lengths after a
  label such as 卡号);
* home addresses, only where marked as one (住址：..., 家庭地址：..., address: ...);
* an age secret key (``AGE-SECRET-KEY-1...``): the key that opens the dossier.

Full-width digits, zero-width characters and the like between digits are seen through.  Dates,
amounts, document numbers, ids and office telephone numbers are not reported.  The diagnostic names the
file, the line, the column and the kind, never the value.

To fix: remove the value, then remove it from the repository's history too (docs/privacy.md: a
commit that deletes it leaves it in every earlier commit).  A number that only looks like one (a
contract number that happens to pass the Luhn check) is accepted with the comment ``# pdca: not-pii``
on its line; a reviewer should see why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pdca.i18n import Msg
from pdca.model.diagnostic import Severity

NAME = "personal-data"
CODE = "PDCA701"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}

#: the comment that accepts a line's number as not personal (reviewed by a person)
ACCEPTED = re.compile(rb"#.*\bpdca:\s*not-pii\b")
_SECRET_KEY = b"AGE-SECRET-KEY-1"


def scan(data: bytes) -> Iterator[tuple[int, int, Msg]]:
    """(line, column, message) for each personal identifier in a file's bytes; a line marked
    ``# pdca: not-pii`` is left alone."""
    from pdca.privacy import pii  # imported when a file is read: a check answered from the run cache needs none

    spots = pii.find_in_file(data)
    if spots:
        starts = [0, *(m.end() for m in re.finditer(b"\n", data))]
        for spot in spots:
            end = starts[spot.line] - 1 if spot.line < len(starts) else len(data)
            if not ACCEPTED.search(data, starts[spot.line - 1], end):
                yield spot.line, spot.column, Msg("people.rule.personal_data", {"kind": Msg(f"people.pii.{spot.kind}")})
    at = data.find(_SECRET_KEY)
    while at >= 0:
        line_start = data.rfind(b"\n", 0, at) + 1
        column = len(data[line_start:at].decode("utf-8", "replace")) + 1
        yield data.count(b"\n", 0, at) + 1, column, Msg("people.rule.secret_key")
        at = data.find(_SECRET_KEY, at + len(_SECRET_KEY))

