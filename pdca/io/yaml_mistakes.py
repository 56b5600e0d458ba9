"""Where a YAML mistake really is, when libyaml notices it somewhere else.

libyaml reports a mistake where the grammar breaks, often a line or more after the mistake itself:
`likelihood： 3` (a full-width colon from a Chinese input method) reads as text, and the error surfaces
at the next key; a key indented too deep fails at its colon.  This module reads the text of such a file
for the signs a Chinese keyboard puts where YAML needs ASCII ones (：，　－［］｛｝“”＃) and for
indentation out of step (too deep, too little, a list's "-" out of line, a level that does not exist).

It runs only for a file that failed to parse or whose content did not have the expected shape: a
valid file never pays for it.  It reads lines, not YAML: block scalars (``|``, ``>``), comments and
the lines libyaml read as the inside of a multi-line scalar (`text_lines`) are skipped, and a sign
counts only where YAML syntax stands (after a key-like word, at the start of a line, as a list's
separator, between ids in a flow list), so Chinese punctuation in text is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_WIDE_SPACE = "\u3000"
_SPACE = " \t" + _WIDE_SPACE
_KEY = re.compile(
    r"(?P<key>[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)[ \t]*(?:(?P<wide>：)|:(?=[ \t\u3000]|\Z))"
)
_BLOCK = re.compile(r"[|>][0-9+-]*[ \t]*(?:#.*)?\Z")
_SIGNS = re.compile("[\u3000－：，［］｛｝“‘＃]")  # every mistake `scan` names is one of these
_COMMENT = re.compile(r"(?<![ \t])[ \t]+#.*\Z")  # from the start of a run of spaces only: linear
_OPENERS = {"[": "[", "{": "{", "［": "[", "｛": "{"}
_CLOSERS = {"]": "]", "}": "}", "］": "]", "｝": "}"}
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
_SHOWN = 60  # characters of a corrected line a message quotes


@dataclass(frozen=True, slots=True)
class Mistake:
    """A sign in the wrong place: 1-based line and column of the first wrong character, a message id,
    its parameters, and the edits that put it right ((0-based column, replacement) on that line)."""

    line: int
    column: int
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    edits: tuple[tuple[int, str], ...] = ()


@dataclass(slots=True)
class _Line:
    """What a line of the file is, as far as indentation goes."""

    indent: int  # leading spaces
    starts: list[int]  # 0-based columns where a node starts: each "- " and the key or value after them
    key: str | None = None
    colon: int | None = None  # column of the key's colon
    value: str = ""  # what follows the key's colon (comment removed)


def scan(text: str, text_lines: frozenset[int] = frozenset()) -> list[Mistake]:
    """Full-width signs where YAML syntax needs ASCII ones, in the order of the file.  `text_lines`:
    0-based lines known to continue a scalar begun above (libyaml read them as text), left alone."""
    found: list[Mistake] = []
    for number, line, kind in _lines(text):
        if kind == "node" and number not in text_lines and _SIGNS.search(line):
            found += _line_mistakes(number, line)
    return found


def repair(text: str, mistakes: Iterable[Mistake]) -> str:
    """The text with the mistakes' edits made: same lines, so a later error keeps its line."""
    by_line: dict[int, list[tuple[int, str]]] = {}
    for mistake in mistakes:
        by_line.setdefault(mistake.line - 1, []).extend(mistake.edits)
    lines = text.split("\n")
    for index, edits in by_line.items():
        lines[index] = _edited(lines[index], edits)
    return "\n".join(lines)


def _edited(line: str, edits: list[tuple[int, str]]) -> str:
    chars = list(line)
    for column, replacement in edits:  # each replaces one character: the columns after it stay put
        chars[column] = replacement
    return "".join(chars)


def _lines(text: str) -> Iterable[tuple[int, str, str]]:
    """(0-based number, line without its line break, kind): kind is "blank", "comment", "block" (inside
    a block scalar) or "node"."""
    block_indent: int | None = None
    for number, raw in enumerate(text.split("\n")):
        line = raw[:-1] if raw.endswith("\r") else raw
        content = line.strip(" \t")
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not content or indent > block_indent):
            yield number, line, "block"
            continue
        block_indent = None
        if not content or content.startswith("#"):
            yield number, line, "blank" if not content else "comment"
            continue
        if not _BLOCK.search(line):  # the usual line: it cannot open a block scalar, no need to parse it
            yield number, line, "node"
            continue
        parsed = _parse(line)
        if parsed.key is not None and _BLOCK.match(parsed.value):
            block_indent = parsed.starts[-1]  # its lines are indented more than the key
        elif parsed.key is None and _BLOCK.match(line[parsed.starts[-1]:]):
            block_indent = parsed.starts[-2] if len(parsed.starts) > 1 else -1  # more than the "-"
        yield number, line, "node"


def _parse(line: str) -> _Line:
    """Indentation, the columns where nodes start, and the key of a line (ASCII and full-width signs
    alike, so that a line with a mistake still lines up)."""
    pos = len(line) - len(line.lstrip(_SPACE))
    parsed = _Line(len(line) - len(line.lstrip(" ")), [pos])
    while pos < len(line) and line[pos] in "-－" and (pos + 1 == len(line) or line[pos + 1] in _SPACE):
        pos += 1
        while pos < len(line) and line[pos] in _SPACE:
            pos += 1
        parsed.starts.append(pos)
    match = _KEY.match(line, pos)
    if match is not None:
        parsed.key = match["key"]
        parsed.colon = match.end() - 1
        parsed.value = _COMMENT.sub("", line[match.end():]).strip(_SPACE)
    return parsed


def _line_mistakes(number: int, line: str) -> list[Mistake]:
    """The mistakes of one line, each with the whole line put right in its message."""
    found: list[tuple[str, int, dict[str, Any], list[tuple[int, str]]]] = []
    pos = len(line) - len(line.lstrip(_SPACE))
    wide = [i for i in range(pos) if line[i] == _WIDE_SPACE]
    if wide and (pos == len(line) or _starts_node(line)):  # not text indented the Chinese way: 　　正文
        found.append(("yaml.fullwidth_indent", wide[0], {}, [(i, "  ") for i in wide]))
    if line[pos:pos + 1] == "＃" and line[pos + 1:pos + 2] in ("", " ", _WIDE_SPACE):  # not ＃1机组 in text
        found.append(("yaml.fullwidth_hash", pos, {}, [(pos, "#")]))
        pos = len(line)  # the rest is the comment
    while pos < len(line) and line[pos] in "-－" and (pos + 1 == len(line) or line[pos + 1] in _SPACE):
        if line[pos] == "－":
            found.append(("yaml.fullwidth_dash", pos, {}, [(pos, "-")]))
        pos = _separator(line, pos + 1, found)
    match = _KEY.match(line, pos)
    if match is not None:
        if match["wide"]:
            colon = match.start("wide")
            after = line[colon + 1:colon + 2]
            found.append(("yaml.fullwidth_colon", colon, {}, [(colon, ":" if after in (" ", "\t", "") else ": ")]))
        pos = _separator(line, match.end(), found)
    found += _value_mistakes(line, pos)
    if not found:
        return []
    fixed = _edited(line, [edit for *_, edits in found for edit in edits]).strip(_SPACE)
    shown = fixed if len(fixed) <= _SHOWN else fixed[:_SHOWN] + "…"
    return [Mistake(number + 1, column + 1, message, {**params, "fixed": shown}, tuple(edits))
            for message, column, params, edits in found]


def _starts_node(line: str) -> bool:
    """Whether a line starts with a list's "-" or a key (the signs may be full-width)."""
    parsed = _parse(line)
    return len(parsed.starts) > 1 or parsed.key is not None


def _separator(line: str, pos: int, found: list[Any]) -> int:
    """Past the spaces after a "-" or a key's colon; full-width spaces among them are mistakes."""
    start, pos = pos, _past_spaces(line, pos)
    wide = [i for i in range(start, pos) if line[i] == _WIDE_SPACE]
    if wide:
        found.append(("yaml.fullwidth_space", wide[0], {}, [(i, " ") for i in wide]))
    return pos


def _value_mistakes(line: str, pos: int) -> list[tuple[str, int, dict[str, Any], list[tuple[int, str]]]]:
    value = _COMMENT.sub("", line[pos:]).rstrip(_SPACE)
    if not value:
        return []
    first = value[0]
    if first in "[{" or (first in "［｛" and value[-1] in "］｝" and _listed(value[1:-1])):
        return _flow_mistakes(line, pos)
    if first in "“‘" and (": " in value or " #" in line[pos:]):
        closing = "”" if first == "“" else "’"
        edits = [(pos, '"')] + ([(pos + len(value) - 1, '"')] if value.endswith(closing) else [])
        return [("yaml.fullwidth_quote", pos, {"char": first}, edits)]
    return []


def _listed(inside: str) -> bool:
    """Whether what full-width brackets enclose reads as items (`［a, b］`, `［CG-001］`), not as a
    bracketed phrase of Chinese text (`［重要］`)."""
    return "," in inside or "，" in inside or inside.isascii()


def _flow_mistakes(line: str, start: int) -> list[tuple[str, int, dict[str, Any], list[tuple[int, str]]]]:
    """Full-width brackets, commas and colons in a one-line flow collection ([a, b] or {k: v}): one
    mistake, at the first wrong sign, whose fix puts them all right."""
    stack: list[str] = []
    edits: list[tuple[int, str]] = []
    first: tuple[str, int, str] | None = None
    pos, quote = start, ""
    while pos < len(line):
        char = line[pos]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#" and pos > start and line[pos - 1] in " \t":
            break
        elif char in _OPENERS or char in _CLOSERS or char in "，：":
            wrong = _flow_sign(line, pos, stack)
            if wrong is not None:
                edits.append((pos, wrong[1]))
                first = first or (wrong[0], pos, char)
            if char in _OPENERS:
                stack.append(_OPENERS[char])
            elif char in _CLOSERS:
                if stack:
                    stack.pop()
                if not stack:
                    break
        pos += 1
    if first is None:
        return []
    message, column, char = first
    return [(message, column, {"char": char}, edits)]


def _flow_sign(line: str, pos: int, stack: list[str]) -> tuple[str, str] | None:
    """(message, replacement) when the sign at `pos` is full-width where flow syntax stands."""
    char = line[pos]
    after = line[pos + 1:pos + 2]
    spaced = "" if after in (" ", "") else " "
    if char in "［］｛｝":
        return "yaml.fullwidth_bracket", (_OPENERS.get(char) or _CLOSERS[char])
    if not stack:
        return None
    if char == "，" and ((stack[-1] == "[" and _between_ids(line, pos)) or _KEY.match(line, _past_spaces(line, pos + 1))):
        return "yaml.fullwidth_comma", "," + spaced
    if char == "：" and stack[-1] == "{" and _after_flow_key(line, pos):
        return "yaml.fullwidth_colon", ":" + spaced
    return None


def _between_ids(line: str, pos: int) -> bool:
    """Whether the sign at `pos` stands between two ASCII words (ids), not in Chinese text."""
    back, ahead = _back_past(line, pos - 1, _SPACE), _past_spaces(line, pos + 1)
    before, after = line[back:back + 1] if back >= 0 else "", line[ahead:ahead + 1]
    return before.isascii() and after.isascii() and before not in ("", "[", ",") and after not in ("", "]", ",")


def _after_flow_key(line: str, pos: int) -> bool:
    """Whether the sign at `pos` follows a key that follows a "{" or a comma: `{stage：`.  Reads back
    from `pos` over the key only, so that a long line costs no more than its length."""
    end = _back_past(line, pos - 1, " \t")
    start = _back_past(line, end, _KEY_CHARS) + 1
    if start > end or not (line[start].isascii() and (line[start].isalpha() or line[start] == "_")):
        return False
    before = _back_past(line, start - 1, " \t")
    return before >= 0 and line[before] in "{,，"


def _back_past(line: str, pos: int, chars: str | frozenset[str]) -> int:
    """The last index at or before `pos` whose character is not one of `chars` (-1: none)."""
    while pos >= 0 and line[pos] in chars:
        pos -= 1
    return pos


def _past_spaces(line: str, pos: int) -> int:
    while pos < len(line) and line[pos] in _SPACE:
        pos += 1
    return pos


def _node_lines(text: str, upto: int) -> list[tuple[int, _Line]]:
    """(0-based number, what it holds) of the lines that hold nodes, up to line `upto` and the first
    one after it."""
    found: list[tuple[int, _Line]] = []
    for number, line, kind in _lines(text):
        if kind != "node":
            continue
        found.append((number, _parse(line)))
        if number > upto:
            break
    return found


_Said = tuple[str, dict[str, Any], int, int]


def indentation(text: str, line: int, column: int, problem: str) -> _Said | None:
    """For libyaml's indentation errors at 0-based (line, column): (message id, parameters, 1-based line
    and column of the line that is out of step), or None when indentation does not explain it.

    "mapping values are not allowed" at the colon of a line's first key, under a key that already has a
    value: the line is indented too deep, or (when the lines after it line up with it) the line above
    is indented too little.  "did not find expected key/-" at a line's first node: a list item's "-"
    out of line with the list's, or a line that lines up with no level above it, or with a list's "-"
    without being an item of the list."""
    nodes = _node_lines(text, line)
    at = next((number for number, (found, _) in enumerate(nodes) if found == line), None)
    if not at:  # not a line that holds nodes, or the first one
        return None
    here, above = nodes[at][1], [info for _, info in nodes[:at]]
    if problem == "yaml.mapping_here":
        after = nodes[at + 1][1] if at + 1 < len(nodes) else None
        return _too_shallow(nodes[at - 1], above[:-1], here, after) or _too_deep(here, above[-1], line, column)
    if column != here.starts[0]:
        return None
    levels, items = _levels(above)
    if len(here.starts) > 1:
        return _item_out_of_line(column, items, line)
    if column in items:
        return ("yaml.indent_not_item", {"found": column, "expected": items[column]}, line + 1, column + 1)
    if column in levels:
        return None
    return ("yaml.indent_unaligned", {"found": column, "expected": above[-1].starts[-1]}, line + 1, column + 1)


def _too_deep(here: _Line, previous: _Line, line: int, column: int) -> _Said | None:
    """A key more indented than the key above it, which already has a value."""
    if here.colon != column or previous.key is None or not previous.value or _BLOCK.match(previous.value):
        return None
    key_column = previous.starts[-1]
    if here.starts[0] <= key_column:
        return None
    return ("yaml.indent_deeper", {"found": here.starts[0], "expected": key_column, "key": previous.key},
            line + 1, here.starts[0] + 1)


def _too_shallow(previous: tuple[int, _Line], before: list[_Line], here: _Line, after: _Line | None) -> _Said | None:
    """The key above `here` moved left of its neighbours: `here` and the line after it line up with a
    level of keys open before it, which it left.  (When the line after lines up with the key above
    instead, `here` is the one too deep.)"""
    number, key = previous
    column = here.starts[0]
    if after is None or after.starts[0] != column or len(key.starts) > 1 or key.key is None or key.indent >= column:
        return None
    levels, items = _levels(before)
    if column not in levels or column in items:
        return None
    return ("yaml.indent_shallower", {"found": key.indent, "expected": column}, number + 1, key.indent + 1)


def _item_out_of_line(column: int, items: dict[int, int], line: int) -> _Said | None:
    """A list item whose "-" lines up with no open list's "-": with the content of the item above
    (one level too deep) or with nothing (the list nearest it)."""
    if not items or column in items:
        return None
    content_of = [dash for dash, content in items.items() if content == column]
    expected = max(content_of) if content_of else min(items, key=lambda dash: (abs(dash - column), -dash))
    return ("yaml.indent_item", {"found": column, "expected": expected}, line + 1, column + 1)


def _levels(above: list[_Line]) -> tuple[list[int], dict[int, int]]:
    """The indentation levels still open after the lines `above` (each line less indented than every
    line after it opens one), and of those that are a list's "-", the column of the item's content."""
    levels: set[int] = set()
    items: dict[int, int] = {}
    lowest: int | None = None
    for info in reversed(above):
        if lowest is None or info.starts[0] < lowest:
            for number, start in enumerate(info.starts):
                if lowest is None or start < lowest:
                    levels.add(start)
                    if number + 1 < len(info.starts):
                        items.setdefault(start, info.starts[number + 1])
            lowest = info.starts[0]
        if lowest == 0:
            break
    return sorted(levels), items
