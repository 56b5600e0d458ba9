"""New ids: the next free number after a prefix (CG-008 after CG-007, SJ-2024-03-F2 after F1).

One allocator for `pdca new` and the Excel import.  It keeps the highest number seen per prefix, so
handing out thousands of ids costs the same per id as handing out one (an import of 300,000 rows must
not rescan every id for each row).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_NUMBERED = re.compile(r"^(.*?)(\d+)$")


class Ids:
    """The ids taken in a register, and the next free one for a prefix."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken: set[str] = set(taken)
        self._highest: dict[str, tuple[int, int]] = {}  # prefix -> (highest number, widest digits)
        self._handed: dict[str, int] = {}  # prefix asked for -> the number of the last id handed out
        for ident in self.taken:
            self._note(ident)

    def _note(self, ident: str) -> None:
        found = _NUMBERED.match(ident)
        if found:
            prefix, digits = found.group(1), found.group(2)
            number, width = self._highest.get(prefix, (0, 0))
            self._highest[prefix] = (max(number, int(digits)), max(width, len(digits)))

    def take(self, ident: str) -> None:
        """Mark an id as taken (one the sheet or the user chose), so `next` steps past it at once."""
        self.taken.add(ident)
        self._note(ident)

    def next(self, prefix: str, width: int = 2) -> str:
        """The id after the highest one with this prefix, as wide as the widest there (at least
        `width` digits); taken at once, so the next call gives the one after."""
        number, widest = self._highest.get(prefix, (0, 0))
        number = max(number, self._handed.get(prefix, 0))
        digits = max(widest, width)
        candidate = f"{prefix}{number + 1:0{digits}d}"
        while candidate in self.taken:  # a prefix of another prefix ("CG-1" and "CG-10"): step on
            number += 1
            candidate = f"{prefix}{number + 1:0{digits}d}"
        # remembered under the prefix asked for: ids stepped over here may be noted under another
        # prefix ("CG-1" + "01" is noted as "CG-" 101), and the next call must not step over them again
        self._handed[prefix] = number + 1
        self.take(candidate)
        return candidate
