"""One canonical layout for a YAML text, every comment kept: the only ruamel.yaml user.

ruamel's round-trip mode keeps comments, quoting and flow style while the keys of each mapping are put
in a given order and the indentation made uniform (mappings 2, sequences "  - ").  The result is
checked, not trusted: the data must read back the same (numbers spelled the same) and every comment
must still be there, else the text is left as it was.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from pdca.io import yaml_read


@dataclass(frozen=True)
class KeyOrder:
    """The order of a mapping's keys, and the orders of the mappings found under some of them."""

    keys: tuple[str, ...]
    children: dict[str, KeyOrder] = field(default_factory=dict)


class Unsafe(Exception):
    """Formatting would change the data or lose a comment; `args[0]` is a message id."""


def comments(text: str) -> list[str]:
    """The comments of a YAML text (a # at a line's start or after a space, outside quotes)."""
    found = []
    for line in text.splitlines():
        quote = None
        for number, char in enumerate(line):
            if quote:
                if char == quote:
                    quote = None
            elif char in "\"'" and (number == 0 or line[number - 1] in " :[{,-"):
                quote = char
            elif char == "#" and (number == 0 or line[number - 1] in " \t"):
                found.append(line[number:].strip())
                break
    return sorted(found)


def canonical(text: str, top: KeyOrder | dict[str, KeyOrder]) -> str:
    """The text in canonical layout.  `top` orders the document itself (a mapping), or, as a dict,
    orders what is found under each top-level key (`risks:` -> a risk's keys).  The text must already
    read cleanly (pdca.io.yaml_read.load gives no problems)."""
    crlf = "\r\n" in text
    yaml = _yaml()
    try:
        document = yaml.load(text)
    except (YAMLError, ValueError, OverflowError, RecursionError):
        # the checking path read it, but ruamel builds values it does not: a date such as 2024-02-30 (an
        # invalid-date error of the model), an integer past Python's digit limit, deep nesting
        raise Unsafe("fmt.unreadable") from None
    if document is None:
        return text
    if isinstance(top, KeyOrder):
        _order(document, top)
    elif isinstance(document, CommentedMap):
        for key, order in top.items():
            if key in document:
                _order(document[key], order)
    out = io.StringIO()
    yaml.dump(document, out)
    result = out.getvalue()
    if _spelled(yaml_read.load(result)[0]) != _spelled(yaml_read.load(text)[0]):
        raise Unsafe("fmt.values")
    if comments(result) != comments(text):
        raise Unsafe("fmt.comments")
    if crlf:
        result = result.replace("\r\n", "\n").replace("\n", "\r\n")
    return result


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _order(node: Any, order: KeyOrder) -> None:
    if isinstance(node, CommentedSeq):
        for item in node:
            _order(item, order)
        return
    if not isinstance(node, CommentedMap):
        return
    wanted = [k for k in order.keys if k in node] + [k for k in node if k not in order.keys]
    # a comment belongs where it was written: a mapping with whole-line comments between its keys (or
    # after its last one, before the next entry) keeps its order; comments at a line's end move with it
    if wanted != list(node) and _only_end_of_line_comments(node):
        for key in wanted:
            node.move_to_end(key)
    for key, child in order.children.items():
        if key in node:
            _order(node[key], child)


def _only_end_of_line_comments(node: CommentedMap) -> bool:
    for tokens in node.ca.items.values():
        for token in tokens if isinstance(tokens, list) else [tokens]:
            for one in token if isinstance(token, list) else [token]:
                value = getattr(one, "value", None)
                if isinstance(value, str) and "\n" in value.rstrip("\n"):
                    return False
    return True


def _spelled(value: Any) -> Any:
    """Data with every number as it is written (+1 and 1 are the same number but not the same text, and
    a text field keeps the text)."""
    if isinstance(value, dict):
        return {k: _spelled(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_spelled(v) for v in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ("number", getattr(value, "source", None) or str(value))
    return value
