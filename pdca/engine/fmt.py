"""`pdca fmt`: one canonical layout for every register file, every comment kept.

Keys of each entry go in the order of the register format (the order of the models' fields), the
indentation is made uniform; a BOM and CRLF line endings are kept; running it twice changes nothing.
A file that cannot be read as a register, or that formatting would change in substance, is left as
it is and said why, with the same words `pdca check` uses.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pdca import i18n
from pdca.errors import PdcaError
from pdca.io import yaml_read
from pdca.io.sources import FolderSource, OutsideRegister
from pdca.io.yaml_edit import replace
from pdca.io.yaml_format import KeyOrder, Unsafe, canonical
from pdca.load import places
from pdca.model.entities import (
    Action,
    Activity,
    Area,
    AssessmentSheet,
    Campaign,
    CampaignItem,
    Check,
    Closed,
    Config,
    Criteria,
    Cycle,
    Decision,
    Department,
    Extension,
    Finding,
    FindingEvent,
    HistoryEntry,
    Measure,
    Override,
    Pledge,
    Post,
    Retired,
    Risk,
    Scoring,
    Waiver,
)
from pdca.model.layout import CONFIG

#: which model orders the keys of a mapping found under a key
_CHILDREN: dict[type[BaseModel], dict[str, type[BaseModel]]] = {
    Config: {"cycle": Cycle, "past_cycles": Cycle, "departments": Department, "areas": Area, "posts": Post,
             "scoring": Scoring, "waivers": Waiver, "campaigns": Campaign},
    Campaign: {"items": CampaignItem},
    Scoring: {"criteria": Criteria},
    Risk: {"override": Override, "retired": Retired, "history": HistoryEntry, "measures": Measure},
    Check: {"findings": Finding},
    Finding: {"closed": Closed, "extensions": Extension, "actions": Action, "history": FindingEvent},
    Decision: {"closed": Closed, "extensions": Extension, "actions": Action},
}
_TOP: dict[str, type[BaseModel]] = {"risks": Risk, "checks": Check, "activities": Activity, "pledges": Pledge,
                                    "decisions": Decision, "assessments": AssessmentSheet}


def key_order(model: type[BaseModel]) -> KeyOrder:
    return KeyOrder(tuple(field.alias or name for name, field in model.model_fields.items()),
                    {key: key_order(child) for key, child in _CHILDREN.get(model, {}).items()})


_CONFIG_ORDER = key_order(Config)
_FILE_ORDER = {key: key_order(model) for key, model in _TOP.items()}


class FormatError(Exception):
    """The file cannot be formatted safely: a message id and its parameters."""

    def __init__(self, message_id: str, **params: Any) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.params = params

    def text(self, lang: str) -> str:
        return i18n.text(self.message_id, lang, **self.params)


def format_bytes(data: bytes, config: bool) -> bytes:
    """The canonical form of one file's bytes (unchanged bytes when already canonical)."""
    text, problem = yaml_read.decode(data)
    if text is None:
        raise FormatError(problem.message, **problem.params) if problem else FormatError("encoding.unknown", byte="?")
    _, problems = yaml_read.load(text)
    if problems:  # what `pdca check` says about the file, at its place
        first = problems[0]
        raise FormatError("fmt.unreadable_at", line=first.line or 1, column=first.column or 1,
                          problem=_Message(first.message, first.params))
    try:
        result = canonical(text, _CONFIG_ORDER if config else _FILE_ORDER)
    except Unsafe as exc:
        raise FormatError(str(exc.args[0])) from None
    bom = data.startswith(codecs.BOM_UTF8)
    formatted = (codecs.BOM_UTF8 if bom else b"") + result.encode("utf-8")
    return data if formatted == data else formatted


class _Message:
    """A message inside another, rendered in the outer one's language."""

    def __init__(self, message_id: str, params: dict[str, Any]) -> None:
        self.message_id, self.params = message_id, params

    def render(self, lang: str) -> str:
        return i18n.text(self.message_id, lang, **self.params)


@dataclass(frozen=True)
class Outcome:
    path: str  # as the user named it
    changed: bool
    error: str | None = None  # why the file was left as it is


def run(roots: list[Path], write: bool, lang: str) -> Iterator[Outcome]:
    """Every register file, formatted (written when `write` and it changed).  Files are read the way
    `pdca check` reads them: a file or folder that is a link leading out of the register is refused."""
    for root in roots:
        source = FolderSource(root)
        for rel in places.register_files(source):
            yield _one(source, rel, write, lang)


def _one(source: FolderSource, rel: str, write: bool, lang: str) -> Outcome:
    path = source.root / rel
    shown = places.display_name(path)
    try:
        before = source.read(rel)
        after = format_bytes(before, config=rel == CONFIG)
    except OutsideRegister:
        return Outcome(shown, False, i18n.text("file.symlink", lang))
    except OSError as exc:
        return Outcome(shown, False, str(exc.strerror or exc))
    except FormatError as exc:
        return Outcome(shown, False, _render(exc, lang))
    if after != before and write:
        try:
            replace(path, before, after, lang, root=source.root)
        except PdcaError as exc:  # changed meanwhile, or a link: this file is left as it is, the others go on
            return Outcome(shown, False, exc.message)
    return Outcome(shown, after != before)


def _render(error: FormatError, lang: str) -> str:
    params = {k: v.render(lang) if isinstance(v, _Message) else v for k, v in error.params.items()}
    return i18n.text(error.message_id, lang, **params)
