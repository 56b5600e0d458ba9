"""`pdca fmt`: one canonical layout for register files, every comment kept.

The only ruamel.yaml user: its round-trip mode keeps comments, quoting and flow style while the keys
of each entry are put in the order of the register format and the indentation made uniform (mappings
2, sequences "  - ").  Formatting is idempotent; a BOM and CRLF line endings are kept.
"""

from __future__ import annotations

import codecs
import io
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from pdca.io import yaml_read
from pdca.model.entities import (
    Action,
    Activity,
    Area,
    Check,
    Closed,
    Config,
    Criteria,
    Cycle,
    Department,
    Extension,
    Finding,
    FindingEvent,
    HistoryEntry,
    Measure,
    Override,
    Post,
    Retired,
    Risk,
    Scoring,
    Waiver,
)

#: which model orders the keys of a mapping found under a key (None: the file's top level)
_CHILDREN: dict[type[BaseModel], dict[str, type[BaseModel]]] = {
    Config: {"cycle": Cycle, "past_cycles": Cycle, "departments": Department, "areas": Area, "posts": Post,
             "scoring": Scoring, "waivers": Waiver},
    Scoring: {"criteria": Criteria},
    Risk: {"override": Override, "retired": Retired, "history": HistoryEntry, "measures": Measure},
    Check: {"findings": Finding},
    Finding: {"closed": Closed, "extensions": Extension, "actions": Action, "history": FindingEvent},
}
_TOP: dict[str, type[BaseModel]] = {"risks": Risk, "checks": Check, "activities": Activity}


class FormatError(Exception):
    """The file cannot be formatted safely; the message says why."""


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


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _order(node: Any, model: type[BaseModel]) -> None:
    if isinstance(node, CommentedSeq):
        for item in node:
            _order(item, model)
        return
    if not isinstance(node, CommentedMap):
        return
    keys = [field.alias or name for name, field in model.model_fields.items()]
    order = [k for k in keys if k in node] + [k for k in node if k not in keys]
    # a comment belongs where it was written: a mapping with whole-line comments between its keys (or
    # after its last one, before the next entry) keeps its order; comments at a line's end move with it
    if order != list(node) and _only_end_of_line_comments(node):
        for key in order:
            node.move_to_end(key)
    for key, child in _CHILDREN.get(model, {}).items():
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


def format_bytes(data: bytes, config: bool) -> bytes:
    """The canonical form of one file's bytes (unchanged bytes when already canonical)."""
    text, problem = yaml_read.decode(data)
    if text is None:
        raise FormatError(problem.message if problem else "encoding")
    bom = data.startswith(codecs.BOM_UTF8)
    crlf = "\r\n" in text
    yaml = _yaml()
    try:
        document = yaml.load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}: " if mark is not None else ""
        raise FormatError(where + (getattr(exc, "problem", None) or str(exc).splitlines()[0])) from None
    if document is None:
        return data
    if config:
        _order(document, Config)
    elif isinstance(document, CommentedMap):
        for key, model in _TOP.items():
            if key in document:
                _order(document[key], model)
    out = io.StringIO()
    yaml.dump(document, out)
    result = out.getvalue()
    # never change what the register says, nor drop a comment: check the result, not the formatter
    if _spelled(yaml_read.load(result)[0]) != _spelled(yaml_read.load(text)[0]):
        raise FormatError("fmt.values")
    if comments(result) != comments(text):
        raise FormatError("fmt.comments")
    if crlf:
        result = result.replace("\r\n", "\n").replace("\n", "\r\n")
    return (codecs.BOM_UTF8 if bom else b"") + result.encode("utf-8")
