"""Where each page of the site lives, and the relative links between pages.

An id is written by the register's many hands: it may hold `/`, `..`, `?`, `#`, Chinese, or differ from
another id only in case.  A page is never named by the id as written: its file name keeps ASCII letters,
digits, `-` and `_`, and a number is added when two ids would give names that a file system which does not
tell case apart (Windows, macOS) would take for one.  Names are handed out in the order ids are given,
so the same register always gives the same names.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_LONGEST = 80
#: names Windows keeps for devices, with or without an extension
_DEVICES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}


class Names:
    """File names (without extension) for the ids of one kind of page."""

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._given: dict[str, str] = {}

    def name(self, ident: str) -> str:
        """The file name of an id: the same id always gets the same name."""
        found = self._given.get(ident)
        if found is None:
            found = self._given[ident] = self.fresh(ident)
        return found

    def fresh(self, text: str) -> str:
        """A name made from `text` that no earlier call gave (two registers in folders of one name)."""
        base = _UNSAFE.sub("_", text).strip("_-")[:_LONGEST] or "_"  # no leading "-": not an option to a shell
        if base.lower() in _DEVICES:
            base += "_"
        candidate, number = base, 1
        while candidate.lower() in self._taken:
            number += 1
            candidate = f"{base}-{number}"
        self._taken.add(candidate.lower())
        return candidate


def relative(source: str, target: str) -> str:
    """A link from the page at `source` to `target` (both relative to the site's root, `/`-separated;
    `target` may end in a `#fragment`): relative, so the site works from any folder and from file://."""
    path, _, fragment = target.partition("#")
    here, _, _ = source.rpartition("/")
    there, _, name = path.rpartition("/")
    link = name if here == there else "../" * source.count("/") + path
    return f"{link}#{fragment}" if fragment else link
