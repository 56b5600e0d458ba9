"""Reading register YAML: fast, safe, and with positions on demand.

This is the read path of `pdca check`, `report` and `export`.  Files are composed into nodes by libyaml
(PyYAML's C parser) and turned into plain Python data by our own walker, which is where pdca's reading
of YAML is decided, once:

* YAML 1.2 core schema for plain scalars: only ``true``/``false`` are booleans (``yes``, ``no``, ``on``
  are strings), integers are decimal, ``0o`` or ``0x``; there is no implicit timestamp, so dates stay
  strings and the models parse them (``2024-02-30`` becomes a message, not a crash).
* Duplicate keys are reported, not silently overwritten.
* Tags other than the core ones (``!!python/object`` ...) are refused; nothing is ever constructed
  from a tag.
* Aliases are allowed, but a document whose aliases would expand past a bound (the "billion laughs")
  is refused before anything is built; libyaml itself refuses nesting deeper than 1000 levels and we
  refuse deeper than `MAX_DEPTH`.

Positions are not kept while loading (valid files never need them).  `positions()` reads a file again
and follows key paths to 1-based lines and columns (`locate()` does it on a composed node tree):
`position()` is the single place where 0-based marks become 1-based.

Over 400 lines on purpose: every safety bound on untrusted YAML (tags, aliases, depth, size, encoding)
lives in this one reader, so a reviewer can see that no path around them exists.
"""

from __future__ import annotations

import codecs
import re
import sys
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

try:
    from yaml._yaml import CParser as _Parser  # libyaml: about ten times faster
except ImportError:  # pragma: no cover - PyYAML built without libyaml

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.tokens import ScalarToken

from pdca.io import yaml_mistakes

YAMLError = yaml.YAMLError
MAX_DEPTH = 64
#: A document may expand through aliases to this many nodes plus ten times its own size.
ALIAS_BUDGET = 100_000

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "binary")}
_MAP_TAGS = {"", _TAG + "map", _TAG + "omap"}
_SEQ_TAGS = {"", _TAG + "seq"}

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}
_MAYBE_NOT_STR = frozenset("0123456789+-.~nNtTfF")
#: ids (ASCII, no spaces) joined by full-width commas: `CG-001，CG-002`
_WIDE_COMMA_IDS = re.compile(r"[!-~]+(?:[ \t\u3000]*，[ \t\u3000]*[!-~]+)+\Z")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a file's bytes or YAML. `line`/`column` are 1-based; None: whole file."""

    rule: str
    message: str  # a message id of pdca.i18n
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    column: int | None = None


class _Composer(_Parser):
    """libyaml composition with every implicit tag left empty: the walker resolves scalars itself."""

    def resolve(self, kind: object, value: object, implicit: object) -> str:
        return ""

    def descend_resolver(self, *args: object) -> None:
        pass

    def ascend_resolver(self, *args: object) -> None:
        pass


def decode(data: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 (a BOM is dropped) or a problem that names the encoding the file seems to be in."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    wide = _wide_encoding(data)
    if wide is not None:
        return None, wide
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            return None, Problem("encoding", "encoding.unknown", {"byte": f"0x{data[exc.start]:02X}"}, line, column)
        return None, Problem("encoding", "encoding.gbk", {}, line, column)


def _wide_encoding(data: bytes) -> Problem | None:
    """UTF-32 or UTF-16, by their byte-order marks or, without one, by where the zero bytes fall.
    UTF-32 is asked first: its little-endian mark begins with UTF-16's."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return Problem("encoding", "encoding.utf32", {"codec": "UTF-32"}, 1, 1)  # iconv reads the mark
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not _looks_utf16(data):
        return None  # the usual case, a UTF-8 file, costs these three checks and nothing more
    codec = _looks_utf32(data)
    if codec is not None:
        return Problem("encoding", "encoding.utf32", {"codec": codec}, 1, 1)
    return Problem("encoding", "encoding.utf16", {}, 1, 1)


def _looks_utf16(data: bytes) -> bool:
    head = data[:200]
    return len(head) >= 4 and head.count(0) * 3 >= len(head)


def _looks_utf32(data: bytes) -> str | None:
    """UTF-32LE or UTF-32BE (as iconv names them) when every character of the file's head is four
    bytes whose two high bytes are zero: any character of the Basic Multilingual Plane, ASCII and
    Chinese alike.  UTF-16 text has a non-zero byte in each of those places."""
    head = data[: len(data[:200]) // 4 * 4]
    if not head.strip(b"\0"):
        return None
    if not head[2::4].strip(b"\0") and not head[3::4].strip(b"\0"):
        return "UTF-32LE"
    if not head[0::4].strip(b"\0") and not head[1::4].strip(b"\0"):
        return "UTF-32BE"
    return None


def compose(text: str) -> Node | None:
    """The node tree of a single-document file; raises yaml.YAMLError."""
    node: Node | None = _Composer(text).get_single_node()
    return node


def load(text: str) -> tuple[Any, list[Problem]]:
    data, problems, _ = load_detailed(text)
    return data, problems


def load_detailed(text: str) -> tuple[Any, list[Problem], bool]:
    """Plain data (dicts, lists, str, int, float, bool, None), the problems found on the way, and
    whether the data is plain JSON (text keys, no number whose text says more).

    A problem with no data (None returned for the document) means the file could not be read;
    otherwise the data is usable and the problems point at the offending spots.

    A document without anchors (the usual case) is built from libyaml's events as they come, so that
    no more than the data is ever held: the node tree of a 7 MB file is about 200 MB.  A document with
    an anchor (`&`) is composed first, since its aliases must be counted before anything is built; both
    ways read alike (tests/test_memory.py compares them).
    """
    if "&" not in text:  # without anchors there are no aliases to count: stream
        try:
            return _Stream(text).document()
        except yaml.YAMLError as exc:
            return None, _syntax_problems(exc, text), True
        except RecursionError:
            return None, [Problem("yaml-syntax", "yaml.too_deep", {"depth": MAX_DEPTH}, 1, 1)], True
    return _load_composed(text)


def _load_composed(text: str) -> tuple[Any, list[Problem], bool]:
    """`load_detailed` through the node tree: needed for aliases, and the reference the stream is held to."""
    try:
        root = compose(text)
    except yaml.YAMLError as exc:
        return None, _syntax_problems(exc, text), True
    except RecursionError:
        return None, [Problem("yaml-syntax", "yaml.too_deep", {"depth": MAX_DEPTH}, 1, 1)], True
    if root is None:
        return None, [], True
    walker = _Walker()
    if "&" in text:  # only a document with anchors can have aliases
        try:
            distinct, expanded = _sizes(root)
        except _Recursive:
            return None, [Problem("yaml-syntax", "yaml.recursive", {}, *_pos(root))], True
        if expanded > ALIAS_BUDGET + 10 * distinct:
            return None, [Problem("yaml-syntax", "yaml.alias_bomb", {"nodes": expanded}, *_pos(root))], True
    try:
        data = walker.build(root, 0)
    except _TooDeep as exc:
        return None, [Problem("yaml-syntax", "yaml.too_deep", {"depth": MAX_DEPTH}, *_pos(exc.node))], True
    return data, walker.problems, walker.plain_json


#: libyaml's words for the common mistakes -> a message id that says them in the user's language
_LIBYAML = {
    "did not find expected ',' or ']'": "yaml.unclosed_sequence",
    "did not find expected ',' or '}'": "yaml.unclosed_mapping",
    "found unexpected end of stream": "yaml.unexpected_end",
    "mapping values are not allowed here": "yaml.mapping_here",
    "mapping values are not allowed in this context": "yaml.mapping_here",
    "could not find expected ':'": "yaml.no_colon",
    "did not find expected key": "yaml.indentation",
    "did not find expected '-' indicator": "yaml.indentation",
    "found undefined alias": "yaml.undefined_alias",
    "found character that cannot start any token": "yaml.bad_token",
}


def _syntax_problems(exc: yaml.YAMLError, text: str) -> list[Problem]:
    """What is wrong with a file libyaml could not read, where it is wrong.  Full-width signs in YAML
    syntax (`likelihood： 3`) are named first, at their own line and column: libyaml fails later, at
    whatever they made of the lines after.  Put right, the file is read again; what is still wrong
    then is a mistake of its own."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    mistakes = yaml_mistakes.scan(text, _text_lines(text, mark.line if mark is not None else 0))
    if not mistakes:
        return [_syntax_problem(exc, text)]
    found = [Problem("yaml-syntax", m.message, m.params, m.line, m.column) for m in mistakes]
    repaired = yaml_mistakes.repair(text, mistakes)
    try:
        compose(repaired)
    except yaml.YAMLError as again:
        found.append(_syntax_problem(again, repaired))
    except RecursionError:
        found.append(Problem("yaml-syntax", "yaml.too_deep", {"depth": MAX_DEPTH}, 1, 1))
    return found


def _text_lines(text: str, before: int | None = None) -> frozenset[int]:
    """0-based lines that continue a scalar begun on an earlier line, as libyaml reads them: text,
    whatever signs it holds.  Only lines before `before` (where libyaml stopped; None: the whole file)
    are known, since a scalar may run on into the mistake that stopped it."""
    inside: set[int] = set()
    tokens = _Parser(text)
    try:
        while (token := tokens.get_token()) is not None:
            start, end = token.start_mark, token.end_mark
            if before is not None and start.line >= before:
                break
            if token.__class__ is ScalarToken and end.line > start.line:
                last = end.line if end.column else end.line - 1  # a block scalar ends where the next line starts
                inside.update(range(start.line + 1, (last if before is None else min(last, before - 1)) + 1))
    except yaml.YAMLError:
        pass
    return frozenset(inside)


def _syntax_problem(exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    context_mark = getattr(exc, "context_mark", None)
    if "quoted scalar" in context and context_mark is not None:  # where the quote opens, not the file's end
        return Problem("yaml-syntax", "yaml.unclosed_quote", {}, *position(context_mark))
    if "simple key" in context and context_mark is not None:  # the line that lacks its colon, not the next one
        mark = context_mark
    line, column = position(mark) if mark is not None else (None, None)
    if mark is not None and ("tab" in problem or _char_at(text, mark.line, mark.column) == "\t"):
        return Problem("yaml-syntax", "yaml.tab", {}, line, column)
    if "nesting depth" in problem:
        return Problem("yaml-syntax", "yaml.too_deep", {"depth": 1000}, line, column)
    if "single document" in context or "another document" in problem:
        return Problem("yaml-syntax", "yaml.multi_document", {}, line, column)
    for words, message in _LIBYAML.items():
        if problem.startswith(words):
            if message in ("yaml.mapping_here", "yaml.indentation") and mark is not None:
                out_of_step = yaml_mistakes.indentation(text, mark.line, mark.column, message)
                if out_of_step is not None:
                    return Problem("yaml-syntax", *out_of_step)
            return Problem("yaml-syntax", message, {}, line, column)
    return Problem("yaml-syntax", "yaml.syntax", {"problem": problem}, line, column)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def position(mark: Any) -> tuple[int, int]:
    """libyaml's 0-based mark as the 1-based (line, column) people count in: the one conversion."""
    return mark.line + 1, mark.column + 1


def _pos(node: Node) -> tuple[int, int]:
    return position(node.start_mark)


class _TooDeep(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


class _Recursive(Exception):
    """An alias inside the node it refers to: the data would be infinite."""


def _sizes(root: Node) -> tuple[int, int]:
    """(distinct nodes, nodes after alias expansion), linear in the distinct nodes; raises _Recursive
    for a node that contains itself through an alias."""
    expanded: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in expanded:
            continue
        if isinstance(node, ScalarNode):
            expanded[key] = 1
            continue
        children = (
            [n for pair in node.value for n in pair] if isinstance(node, MappingNode) else list(node.value)
        )
        if children_done:
            expanded[key] = 1 + sum(expanded.get(id(c), 1) for c in children)
            open_nodes.discard(key)
        else:
            if key in open_nodes:
                raise _Recursive()
            open_nodes.add(key)
            stack.append((node, True))
            for child in children:
                if id(child) in open_nodes:
                    raise _Recursive()
                if id(child) not in expanded:
                    stack.append((child, False))
    return len(expanded), expanded[id(root)]


_intern = sys.intern


class _Walker:
    """Nodes to plain data; collects duplicate keys and refused tags as problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.plain_json = True  # the data is plain JSON: text keys, no number whose text says more

    def build(self, node: Node, depth: int) -> Any:
        if node.__class__ is ScalarNode:
            tag = node.tag
            if tag == "":
                if node.style:
                    return node.value
                value = _plain(node.value)
                if value.__class__ is str and len(value) < 24:
                    return _intern(value)  # ids, statuses, dates repeat thousands of times: keep one copy
                if value.__class__ is YamlInt or value.__class__ is YamlFloat:
                    self.plain_json = False
                elif value.__class__ is NumberTooLong:
                    return self._too_long(node)
                return value
            return self._tagged_scalar(node)
        if depth > MAX_DEPTH:
            raise _TooDeep(node)
        if node.__class__ is MappingNode:
            if node.tag not in _MAP_TAGS:
                return self._refuse(node)
            return self._mapping(node, depth + 1)
        if node.tag not in _SEQ_TAGS:
            return self._refuse(node)
        if typing.cast(SequenceNode, node).flow_style:
            return self._flow_sequence(typing.cast(SequenceNode, node), depth + 1)
        return [self.build(item, depth + 1) for item in node.value]

    def _flow_sequence(self, node: SequenceNode, depth: int) -> list[Any]:
        """A [a, b] list.  `[CG-001，CG-002]` (a full-width comma from a Chinese input method between ids)
        is a mistake in YAML syntax, said where the comma is, and read as the ids it separates; between
        words (`[微权力，小切口]`) it may be text, and is left alone."""
        items: list[Any] = []
        for item in node.value:
            if item.__class__ is ScalarNode and "，" in item.value and not item.style and item.tag == "" \
                    and _WIDE_COMMA_IDS.match(item.value):
                parts = [part.strip(" \t\u3000") for part in item.value.split("，")]
                line, column = _pos(item)
                if item.start_mark.line == item.end_mark.line:
                    column += item.value.index("，")
                self.problems.append(Problem("yaml-syntax", "yaml.fullwidth_comma",
                                             {"char": "，", "fixed": ", ".join(parts)}, line, column))
                items += parts
            else:
                items.append(self.build(item, depth))
        return items

    def _mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        merged: list[dict[Any, Any]] = []
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                self.problems.append(Problem("yaml-syntax", "yaml.complex_key", {}, *_pos(key_node)))
                continue
            if key_node.tag == "" and not key_node.style and key_node.value == "<<":
                merged.extend(self._merge_sources(value_node, depth))
                continue
            key = self.build(key_node, depth)
            if key.__class__ is not str:
                self.plain_json = False
            if key in out:
                self.problems.append(Problem("duplicate-key", "yaml.duplicate_key", {"key": key}, *_pos(key_node)))
            out[key] = self.build(value_node, depth)
        for source in merged:
            for key, value in source.items():
                out.setdefault(key, value)
        return out

    def _merge_sources(self, node: Node, depth: int) -> list[dict[Any, Any]]:
        value = self.build(node, depth)
        sources = value if isinstance(value, list) else [value]
        if all(isinstance(s, dict) for s in sources):
            return sources
        self.problems.append(Problem("yaml-syntax", "yaml.bad_merge", {}, *_pos(node)))
        return []

    def _tagged_scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag not in _SCALAR_TAGS and tag != "!":
            return self._refuse(node)
        if tag in ("!", _TAG + "str", _TAG + "timestamp", _TAG + "binary"):
            return value
        resolved = _plain(value)
        if resolved.__class__ is NumberTooLong:
            return self._too_long(node)
        expected: dict[str, type | tuple[type, ...]] = {
            _TAG + "int": int, _TAG + "float": (int, float), _TAG + "bool": bool, _TAG + "null": type(None),
        }
        if isinstance(resolved, expected[tag]) and not (tag == _TAG + "int" and isinstance(resolved, bool)):
            return float(typing.cast(float, resolved)) if tag == _TAG + "float" else resolved
        self.problems.append(
            Problem("yaml-syntax", "yaml.bad_tagged", {"tag": tag.replace(_TAG, "!!"), "value": value}, *_pos(node))
        )
        return value

    def _too_long(self, node: ScalarNode) -> str:
        """A number Python would refuse to turn into text: said where it is, and kept as its text."""
        self.problems.append(Problem("yaml-syntax", "yaml.number_too_long", {"digits": MAX_DIGITS}, *_pos(node)))
        return str(node.value)

    def _refuse(self, node: Node) -> None:
        self.problems.append(Problem("yaml-syntax", "yaml.tag", {"tag": node.tag.replace(_TAG, "!!")}, *_pos(node)))
        return None


_Event = Any  # a yaml.events event: ScalarEvent has a node's tag, value, style and marks; the others their marks


class _Stream(_Walker):
    """libyaml's events to plain data as they are parsed: the same reading as `_Walker` over the node tree
    `compose` builds, event for event, without the tree.  Only for documents without anchors: an alias is
    then always undefined, a ComposerError as `compose` raises it.  A tag of `!` or none reads as the
    empty tag, as `_Composer.resolve` makes it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.next: Callable[[], _Event] = _Parser(text).get_event
        self.too_deep: Any = None  # the start of the first collection nested deeper than MAX_DEPTH

    def document(self) -> tuple[Any, list[Problem], bool]:
        """What `_load_composed` gives for the text: its only document's data, or the one problem."""
        following = self.next
        following()  # the stream's start
        if following().__class__ is StreamEndEvent:
            return None, [], True  # no document
        first = following()  # the root node's first event (the document's start is passed)
        data = self.node(first, 0)
        following()  # the document's end
        after = following()
        if after.__class__ is not StreamEndEvent:
            raise ComposerError("expected a single document in the stream", first.start_mark,
                                "but found another document", after.start_mark)
        if self.too_deep is not None:
            return None, [Problem("yaml-syntax", "yaml.too_deep", {"depth": MAX_DEPTH}, *position(self.too_deep))], True
        return data, self.problems, self.plain_json

    def node(self, event: _Event, depth: int) -> Any:
        """The data of the node that begins with `event`, its events consumed (the walker's `build`)."""
        kind = event.__class__
        if kind is ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                if event.style:
                    return event.value
                value = _plain(event.value)
                if value.__class__ is str and len(value) < 24:
                    return _intern(value)  # ids, statuses, dates repeat thousands of times: keep one copy
                if value.__class__ is YamlInt or value.__class__ is YamlFloat:
                    self.plain_json = False
                elif value.__class__ is NumberTooLong:
                    return self._too_long(event)
                return value
            return self._tagged_scalar(event)
        if kind is AliasEvent:
            raise ComposerError(None, None, "found undefined alias", event.start_mark)
        if depth > MAX_DEPTH or self.too_deep is not None:  # nothing more is built: the data is not used
            if self.too_deep is None:
                self.too_deep = event.start_mark
            _skip(self.next, event)
            return None
        tag = event.tag
        if tag is not None and tag != "!" and tag not in (_MAP_TAGS if kind is MappingStartEvent else _SEQ_TAGS):
            self._refuse(event)
            _skip(self.next, event)
            return None
        if kind is MappingStartEvent:
            return self._stream_mapping(depth + 1)
        if event.flow_style:
            return self._stream_flow_sequence(depth + 1)
        following, node = self.next, self.node
        items = []
        while (item := following()).__class__ is not SequenceEndEvent:
            items.append(node(item, depth + 1))
        return items

    def _stream_flow_sequence(self, depth: int) -> list[Any]:
        """The walker's `_flow_sequence`, on events."""
        items: list[Any] = []
        following = self.next
        while (item := following()).__class__ is not SequenceEndEvent:
            if item.__class__ is ScalarEvent and "，" in item.value and not item.style \
                    and (item.tag is None or item.tag == "!") and _WIDE_COMMA_IDS.match(item.value):
                parts = [part.strip(" \t\u3000") for part in item.value.split("，")]
                marks: Any = (item.start_mark, item.end_mark)
                line, column = position(marks[0])
                if marks[0].line == marks[1].line:
                    column += item.value.index("，")
                self.problems.append(Problem("yaml-syntax", "yaml.fullwidth_comma",
                                             {"char": "，", "fixed": ", ".join(parts)}, line, column))
                items += parts
            else:
                items.append(self.node(item, depth))
        return items

    def _stream_mapping(self, depth: int) -> dict[Any, Any]:
        """The walker's `_mapping`, on events."""
        out: dict[Any, Any] = {}
        merged: list[dict[Any, Any]] = []
        following, node = self.next, self.node
        while (key_event := following()).__class__ is not MappingEndEvent:
            if key_event.__class__ is not ScalarEvent:
                if key_event.__class__ is not AliasEvent:
                    self.problems.append(Problem("yaml-syntax", "yaml.complex_key", {}, *position(key_event.start_mark)))
                _skip(self.next, key_event)
                _skip(self.next, following())
                continue
            if key_event.value == "<<" and not key_event.style and (key_event.tag is None or key_event.tag == "!"):
                value_event = following()
                value = node(value_event, depth)
                sources = value if isinstance(value, list) else [value]
                if all(isinstance(s, dict) for s in sources):
                    merged.extend(sources)
                else:
                    self.problems.append(Problem("yaml-syntax", "yaml.bad_merge", {}, *position(value_event.start_mark)))
                continue
            key = node(key_event, depth)
            if key.__class__ is not str:
                self.plain_json = False
            if key in out:
                self.problems.append(Problem("duplicate-key", "yaml.duplicate_key", {"key": key},
                                             *position(key_event.start_mark)))
            out[key] = node(following(), depth)
        for source in merged:
            for key, value in source.items():
                out.setdefault(key, value)
        return out


def _skip(following: Callable[[], _Event], event: _Event) -> None:
    """Consume the rest of the node that begins with `event`, building nothing (as the walker leaves a
    refused node's children alone); an alias in it is undefined all the same (no anchors: see _Stream)."""
    open_collections = 0 if event.__class__ in (ScalarEvent, AliasEvent) else 1
    while True:
        if event.__class__ is AliasEvent:
            raise ComposerError(None, None, "found undefined alias", typing.cast(Any, event).start_mark)
        if not open_collections:
            return
        event = following()
        kind = event.__class__
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            open_collections += 1
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            open_collections -= 1


class YamlInt(int):
    """An integer whose text says more than its value (`007`, `0x10`): a text field keeps the text."""

    source: str


class YamlFloat(float):
    """A float whose text says more than its value (`2024.10`, `1e3`): a text field keeps the text."""

    source: str


#: Integers are read up to Python's own limit for turning digits into a number and back (4300 digits by
#: default): past it `int()` and `str()` raise, and the work grows with the square of the length.
MAX_DIGITS = min(sys.int_info.default_max_str_digits, sys.get_int_max_str_digits() or sys.int_info.default_max_str_digits)
_TOO_BIG = 10**MAX_DIGITS


@dataclass(frozen=True, slots=True)
class NumberTooLong:
    """What a plain scalar is read as when it is an integer of more than `MAX_DIGITS` digits: not a
    number pdca can hold, and not the same text either (an editor quotes such a text)."""

    text: str


def _number(kind: type[YamlInt] | type[YamlFloat], value: int | float, text: str) -> Any:
    if str(value) == text:
        return value
    number = kind(value)
    number.source = text
    return number


def read_scalar(text: str) -> Any:
    """What pdca reads a plain (unquoted) scalar as: the editing path asks before writing one."""
    return _plain(text)


def _plain(value: str) -> Any:
    """A plain scalar read by the YAML 1.2 core schema (no timestamps)."""
    if value and value[0] not in _MAYBE_NOT_STR:
        return value
    if value in _SPECIAL:
        return _SPECIAL[value]
    if _INT.match(value):
        if len(value) - (value[0] in "+-") > MAX_DIGITS:
            return NumberTooLong(value)
        return _number(YamlInt, int(value), value)
    if _FLOAT.match(value):
        return _number(YamlFloat, float(value), value)
    if _OCT.match(value):
        return _power_of_two(value, 8)
    if _HEX.match(value):
        return _power_of_two(value, 16)
    return value


def _power_of_two(text: str, base: int) -> Any:
    """An 0o or 0x integer (read in linear time whatever its length, but as long in decimal digits as
    any other integer once printed)."""
    value = int(text[2:], base)
    return NumberTooLong(text) if value >= _TOO_BIG else _number(YamlInt, value, text)


_Entry = Callable[[MappingNode, str], "tuple[Node, Node] | None"]


def _last_entry(node: MappingNode, key: str) -> tuple[Node, Node] | None:
    """(key node, value node) of `key` in a mapping; of a key written twice, the last one."""
    for key_node, value_node in reversed(node.value):
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def walk(root: Node | None, path: tuple[str | int, ...], entry: _Entry = _last_entry) -> tuple[Node | None, Node | None]:
    """Follow a key path: (the node at its end, or None when the path does not exist; the deepest node
    reached: a mapping key, or a sequence item).  Of a key written twice, the last one counts (its value
    is what the register uses).  The one walker: locating diagnostics and editing both use it."""
    node, reached = root, root
    for step in path:
        if isinstance(node, MappingNode):
            found = entry(node, str(step))
            if found is None:
                return None, reached
            reached, node = found
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = reached = node.value[step]
        else:
            return None, reached
    return node, reached


def mistakes_behind(text: str, paths: list[tuple[str | int, ...]]) -> tuple[list[Problem], set[int]]:
    """For a file that was read but whose content has the wrong shape at `paths`: the full-width signs
    in YAML syntax (pdca.io.yaml_mistakes) that lie in the entry at one of the paths (its key and its
    value; for a key that is missing, the keys beside it, one of which may be it with a full-width
    colon), as problems, and the numbers of the paths they explain.  A sign elsewhere is left alone:
    nothing shows it is not text."""
    if not yaml_mistakes.scan(text):  # the quick look first: mostly there is nothing to find
        return [], set()
    try:
        root = compose(text)
        mistakes = yaml_mistakes.scan(text, _text_lines(text))
    except (yaml.YAMLError, RecursionError):
        return [], set()
    explaining: dict[int, yaml_mistakes.Mistake] = {}
    explained: set[int] = set()
    for number, path in enumerate(paths):
        spans = _spans(root, path)
        inside = [m for m in mistakes if any(start <= (m.line - 1, m.column - 1) < end for start, end in spans)]
        if inside:
            explained.add(number)
            explaining.update((id(m), m) for m in inside)
    found = sorted(explaining.values(), key=lambda m: (m.line, m.column))
    return [Problem("yaml-syntax", m.message, m.params, m.line, m.column) for m in found], explained


_Span = tuple[tuple[int, int], tuple[int, int]]


def _spans(root: Node | None, path: tuple[str | int, ...]) -> list[_Span]:
    """0-based (start, end) of the text a path stands for: its key and value; for a missing key, the
    other keys of its mapping."""
    node, reached = walk(root, path)
    if node is not None and reached is not None:
        return [(_mark(reached.start_mark), max(_mark(reached.end_mark), _mark(node.end_mark)))]
    parent, _ = walk(root, path[:-1]) if path else (None, None)
    if isinstance(parent, MappingNode):
        return [(_mark(key.start_mark), _mark(key.end_mark)) for key, _ in parent.value]
    return []


def _mark(mark: Any) -> tuple[int, int]:
    return mark.line, mark.column


def locate(root: Node | None, path: tuple[str | int, ...]) -> tuple[int, int]:
    """1-based (line, column) of the deepest node on `path` that exists: the key of a mapping entry, the
    start of a sequence item.  A missing tail resolves to its nearest existing parent."""
    return Locator(root).locate(path)


def positions(text: str, paths: list[tuple[str | int, ...]]) -> list[tuple[int, int]]:
    """`locate()` of many paths in one file, in the order given; raises yaml.YAMLError as `compose` does.
    The file's events are read once and only the positions asked for are kept: its node tree is about
    thirty times the file's size, and a check with warnings in every file of a large register held them
    all.  A file with anchors is composed (an alias leads back to where its anchor is written)."""
    if "&" in text:
        locator = Locator(compose(text))
        return [locator.locate(path) for path in paths]
    return _Positions(text, paths).found()


class _PathTree:
    """The key paths asked for, step by step: those that end here (their numbers) and those that go on."""

    __slots__ = ("ends", "steps")

    def __init__(self) -> None:
        self.ends: list[int] = []
        self.steps: dict[str | int, _PathTree] = {}


class _Positions:
    """`positions()` for a document without anchors: `walk` of every path at once, over the events.  Each
    path gets the position of the deepest node it reaches; of a key written twice, the last one counts
    (its value's paths are found again there, over the first one's)."""

    def __init__(self, text: str, paths: list[tuple[str | int, ...]]) -> None:
        self.next: Callable[[], _Event] = _Parser(text).get_event
        self.found_at: list[tuple[int, int]] = [(1, 1)] * len(paths)  # (1, 1): the file has no document
        self.tree = _PathTree()
        for number, path in enumerate(paths):
            tree = self.tree
            for step in path:
                tree = tree.steps.setdefault(step, _PathTree())
            tree.ends.append(number)

    def found(self) -> list[tuple[int, int]]:
        following = self.next
        following()  # the stream's start
        if following().__class__ is StreamEndEvent:
            return self.found_at
        first = following()  # the root node's first event
        self.visit(first, [self.tree], position(first.start_mark))
        following()  # the document's end
        after = following()
        if after.__class__ is not StreamEndEvent:
            raise ComposerError("expected a single document in the stream", first.start_mark,
                                "but found another document", after.start_mark)
        return self.found_at

    def visit(self, event: _Event, trees: list[_PathTree], reached: tuple[int, int]) -> None:
        """The node that begins with `event`, reached at `reached`, for the paths that come to it by `trees`."""
        for tree in trees:
            for number in tree.ends:
                self.found_at[number] = reached
        kind, following = event.__class__, self.next
        if kind is MappingStartEvent:
            keys: dict[str, list[_PathTree]] = {}
            for tree in trees:
                for step, below in tree.steps.items():
                    keys.setdefault(str(step), []).append(below)
            seen: set[str] = set()
            while (key := following()).__class__ is not MappingEndEvent:
                if key.__class__ is not ScalarEvent:  # a complex key: no path goes through it
                    _skip(following, key)
                    _skip(following, following())
                    continue
                wanted = keys.get(key.value)
                if wanted is None:
                    _skip(following, following())
                    continue
                seen.add(key.value)
                self.visit(following(), wanted, position(key.start_mark))
            self._end([below for text, trees_below in keys.items() if text not in seen for below in trees_below], reached)
        elif kind is SequenceStartEvent:
            items: dict[int, list[_PathTree]] = {}
            elsewhere: list[_PathTree] = []
            for tree in trees:
                for step, below in tree.steps.items():
                    if isinstance(step, int) and step >= 0:
                        items.setdefault(int(step), []).append(below)
                    else:
                        elsewhere.append(below)
            count = 0
            while (item := following()).__class__ is not SequenceEndEvent:
                wanted_item = items.get(count)
                if wanted_item is None:
                    _skip(following, item)
                else:
                    self.visit(item, wanted_item, position(item.start_mark))
                count += 1
            self._end(elsewhere + [below for index, trees_below in items.items() if index >= count
                                   for below in trees_below], reached)
        else:
            _skip(following, event)
            self._end([below for tree in trees for below in tree.steps.values()], reached)

    def _end(self, trees: list[_PathTree], reached: tuple[int, int]) -> None:
        """The paths that go on by `trees` end here: the node they need next does not exist."""
        while trees:
            tree = trees.pop()
            for number in tree.ends:
                self.found_at[number] = reached
            trees.extend(tree.steps.values())


class Locator:
    """`locate()` for many paths in one file.  A mapping is indexed by its keys the first time a path
    passes through it, so placing a diagnostic on each of a mapping's n keys costs n steps, not the n²
    of a scan per diagnostic (20,000 unknown keys in one entry took 13 s that way)."""

    def __init__(self, root: Node | None) -> None:
        self.root = root
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}  # id of a mapping node -> its entries

    def _entry(self, node: MappingNode, key: str) -> tuple[Node, Node] | None:
        keys = self._keys.get(id(node))
        if keys is None:  # later entries overwrite earlier ones: the last of a duplicated key counts
            keys = self._keys[id(node)] = {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
        return keys.get(key)

    def locate(self, path: tuple[str | int, ...]) -> tuple[int, int]:
        _, reached = walk(self.root, path, self._entry)
        return _pos(reached) if reached is not None else (1, 1)


def last_item_line(text: str, path: tuple[str | int, ...]) -> int:
    """The 1-based line where the last item of the sequence at `path` starts (1 when there is none)."""
    node, _ = walk(compose(text), path)
    return position(node.value[-1].start_mark)[0] if isinstance(node, SequenceNode) and node.value else 1
