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

from pdca import yamlio
from pdca.models import (
    Activity,
    Area,
    Check,
    Closed,
    Config,
    Cycle,
    Department,
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
    Config: {"cycle": Cycle, "departments": Department, "areas": Area, "posts": Post, "scoring": Scoring,
             "waivers": Waiver},
    Risk: {"override": Override, "retired": Retired, "history": HistoryEntry, "measures": Measure},
    Check: {"findings": Finding},
    Finding: {"closed": Closed, "history": FindingEvent},
}
_TOP: dict[str, type[BaseModel]] = {"risks": Risk, "checks": Check, "activities": Activity}


class FormatError(Exception):
    """The file is not YAML that can be formatted; the message says why."""


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
    for key in [k for k in keys if k in node] + [k for k in node if k not in keys]:
        node.move_to_end(key)
    for key, child in _CHILDREN.get(model, {}).items():
        if key in node:
            _order(node[key], child)


def format_bytes(data: bytes, config: bool) -> bytes:
    """The canonical form of one file's bytes (unchanged bytes when already canonical)."""
    text, problem = yamlio.decode(data)
    if text is None:
        raise FormatError(problem.message if problem else "encoding")
    bom = data.startswith(codecs.BOM_UTF8)
    crlf = "\r\n" in text
    yaml = _yaml()
    try:
        document = yaml.load(text)
    except YAMLError as exc:
        raise FormatError(str(exc).splitlines()[0]) from None
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
    if crlf:
        result = result.replace("\r\n", "\n").replace("\n", "\r\n")
    return (codecs.BOM_UTF8 if bom else b"") + result.encode("utf-8")
