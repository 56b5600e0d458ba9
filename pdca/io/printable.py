"""Text as pdca shows it: control characters that arrive in a register (in an id, a title, a file name)
are shown as escapes, never sent to a terminal, a CI log or a report.

A terminal obeys what it is sent: ESC sequences retitle the window, clear the screen, move the cursor
or hide text; a carriage return overwrites a line; a bidi override (U+202E) shows the rest of a line
backwards (the "Trojan Source" trick); a line break inside a value forges the next line of a table or
a diagnostic.  Every such character becomes `\\n`, `\\t`, `\\r` or `\\uXXXX`: visible, and the same
character again when the text is JSON (so escaping a JSON document changes nothing it means).  Chinese,
punctuation and every other printable character stay as they are.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_CONTROLS = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))]  # C0, DEL, C1
# Bidi marks, embeddings, overrides and isolates, and the Unicode line and paragraph separators.
_INVISIBLE = list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def _escaped(match: re.Match[str]) -> str:
    character = match.group()
    return _NAMED.get(character) or f"\\u{ord(character):04x}"


# A search that finds nothing is all a clean text costs (a long JSON document, a report).
_LINE = re.compile("[" + re.escape("".join(_CONTROLS + _INVISIBLE)) + "]")
_BLOCK = re.compile("[" + re.escape("".join(ch for ch in _CONTROLS + _INVISIBLE if ch not in "\n\t")) + "]")


def line(text: str) -> str:
    """One value or one message, kept on one line: every control character escaped, \\n and \\t too."""
    return _LINE.sub(_escaped, text)


def block(text: str) -> str:
    """A document of several lines: every control character escaped except line breaks and tabs."""
    return _BLOCK.sub(_escaped, text)


def is_plain(text: str) -> bool:
    """True when `text` has nothing `line` would escape."""
    return _LINE.search(text) is None
