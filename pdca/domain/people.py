"""Comparing people by name: "黄志刚", "黄 志刚", "黄志刚　" and "黄\u200b志刚" are one person.

A register names people in free text, typed by many hands on many keyboards.  Wherever pdca asks
"is this the same person" (销号 by the finding's own owner, an extension approved by its owner), it
compares a normalised key: Unicode NFKC (full-width letters and spaces become plain ones), every
whitespace and invisible format character removed, case folded.
"""

from __future__ import annotations

import unicodedata


def key(name: str) -> str:
    """The form two names are compared in."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch) != "Cf")


def same(first: str | None, second: str | None) -> bool:
    """Whether two names denote the same person (never true when either is missing or blank)."""
    if first is None or second is None:
        return False
    left = key(first)
    return bool(left) and left == key(second)
