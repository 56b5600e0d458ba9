"""Editing register files as carefully as a person would.

Every change is a text splice at a node's position: the rest of the file stays byte for byte as it was
(comments, quoting, indentation, key order, a BOM, CRLF line endings).  Positions come from the same
libyaml composition `pdca check` reads with, so the editing path and the checking path agree.  A file is
written atomically (temp file + rename), only when something changed, and only if nobody changed it on
disk since it was read; otherwise the edit is refused and the file is left alone.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pdca import i18n
from pdca.errors import PdcaError
from pdca.io import yaml_read
from pdca.io.sources import real, within
from pdca.io.transaction import Transaction, register_root

#: characters YAML will not take raw even inside double quotes, and the escapes it has for them
_YAML_ESCAPES = {**{c: f"\\x{c:02x}" for c in range(0x7F, 0xA0)}, 0x85: "\\N", 0x2028: "\\L", 0x2029: "\\P",
                 0xFEFF: "\\uFEFF"}
_SPECIAL = re.compile("[\x7f-\x9f\u2028\u2029\ufeff]")
_NULLS = {"", "~", "null", "Null", "NULL"}
_UNSAFE = re.compile(r"""[,\[\]{}#&*!|>'"%@`\\]|: |:$|^[-?:\s]|\s$|[\x00-\x1f\x7f]""")


def scalar(value: Any) -> str:
    """A value as YAML text that pdca reads back as the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text and not _UNSAFE.search(text) and not _SPECIAL.search(text) and yaml_read.read_scalar(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False).translate(_YAML_ESCAPES)  # a YAML double-quoted scalar


def flow(value: Any) -> str:
    """A value in flow style: {a: 1, b: [x, y]}."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def block_item(item: dict[str, Any], column: int, newline: str = "\n") -> str:
    """A mapping as the body of a block sequence item ("- " is the caller's): its first key on the dash's
    line, the others at `column`; lists of mappings nested as block items."""
    lines = []
    for number, (key, value) in enumerate(item.items()):
        prefix = "" if number == 0 else " " * column
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{prefix}{scalar(key)}:")
            lines.extend(f"{' ' * (column + 2)}- {block_item(v, column + 4, newline)}" for v in value)
        else:
            lines.append(f"{prefix}{scalar(key)}: {flow(value)}")
    return newline.join(lines)


@dataclass(frozen=True)
class _Splice:
    start: int
    end: int
    text: str


class Document:
    """One YAML file opened for editing."""

    def __init__(self, path: Path, lang: str = "zh", register: Path | None = None) -> None:
        """`register`: the root of the register the file belongs to (else the nearest pdca.yaml above
        it); a file that leads out of it is neither read nor written."""
        self.path = path
        self.lang = lang
        self.register = register if register is not None else register_root(path)
        try:
            if not within(real(self.register), path):
                raise PdcaError(i18n.text("edit.outside", lang, path=path, register=self.register))
            self.original = path.read_bytes()
        except OSError as exc:
            raise PdcaError(i18n.text("edit.unreadable", lang, path=path, error=i18n.os_reason(exc, lang))) from None
        self.bom = self.original.startswith(codecs.BOM_UTF8)
        text, problem = yaml_read.decode(self.original)
        if text is None:
            error = i18n.text(problem.message, lang, **problem.params) if problem else "?"
            raise PdcaError(i18n.text("edit.unreadable", lang, path=path, error=error))
        self.text = text
        self.newline = "\r\n" if "\r\n" in text else "\n"
        try:
            root = yaml_read.compose(text)
        except yaml_read.YAMLError as exc:
            raise PdcaError(i18n.text("edit.unparseable", lang, path=path, error=exc)) from None
        self.empty = root is None  # nothing but comments (or nothing at all)
        self._created: dict[tuple[str | int, ...], tuple[int, int, bool]] = {}  # lists this edit creates
        self.root: Node = root if root is not None else MappingNode("", [])
        self._splices: list[_Splice] = []
        # an anchored node is shared by its aliases: a splice at one place would change (or break)
        # every other; such files are edited by hand
        self.anchored = "&" in text and _has_anchor(text)

    # --- finding nodes -----------------------------------------------------------------------

    def node(self, path: tuple[str | int, ...]) -> Node | None:
        return yaml_read.walk(self.root, path)[0]

    def _need(self, path: tuple[str | int, ...], kind: type[Node]) -> Any:
        node = self.node(path)
        if not isinstance(node, kind):
            where = ".".join(str(p) for p in path)
            raise PdcaError(i18n.text("edit.no_node", self.lang, path=self.path, where=where))
        return node

    # --- edits ---------------------------------------------------------------------------------

    def _editable(self) -> None:
        if self.anchored:
            raise PdcaError(i18n.text("edit.anchors", self.lang, path=self.path))

    def _splice(self, start: int, end: int, text: str) -> None:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise PdcaError(i18n.text("edit.bad_text", self.lang)) from None
        for other in self._splices:  # one edit per place: overlapping edits would garble the text
            if start < other.end and other.start < end or (start == end == other.start == other.end and
                                                            text == other.text):
                raise PdcaError(i18n.text("edit.overlap", self.lang, path=self.path))
        self._splices.append(_Splice(start, end, text))

    def set(self, path: tuple[str | int, ...], value: Any) -> None:
        """Give `path` a value: replace the value's text if the key is there, else add the key."""
        self._editable()
        mapping: MappingNode = self._need(path[:-1], MappingNode)
        key = str(path[-1])
        existing = next((v for k, v in reversed(mapping.value) if isinstance(k, ScalarNode) and k.value == key), None)
        text = flow(value)
        if existing is None:
            self.add_key(path[:-1], key, value)
        elif isinstance(existing, ScalarNode) and existing.value == "" and existing.start_mark.index == existing.end_mark.index:
            self._splice(existing.start_mark.index, existing.end_mark.index, " " + text)
        else:
            self._splice(existing.start_mark.index, self._value_end(existing), text)

    def add_key(self, path: tuple[str | int, ...], key: str, value: Any) -> None:
        self._editable()
        mapping: MappingNode = self._need(path, MappingNode)
        if mapping.flow_style:
            self._into_flow(mapping, f"{scalar(key)}: {flow(value)}")
            return
        if not mapping.value:
            raise PdcaError(i18n.text("edit.no_node", self.lang, path=self.path, where=key))
        column = mapping.value[0][0].start_mark.column
        at = self._line_end(self._content_end(mapping))
        self._splice(at, at, f"{self.newline}{' ' * column}{scalar(key)}: {flow(value)}")

    def _into_flow(self, node: Node, text: str) -> None:
        """Add an entry before the closing bracket of a flow collection (after a trailing comma, if the
        collection has one)."""
        close = node.end_mark.index - 1
        before = self.text[node.start_mark.index + 1 : close].rstrip()
        separator = "" if not node.value else (" " if before.endswith(",") else ", ")
        at = close if not before.endswith(",") else node.start_mark.index + 1 + len(before)
        self._splice(at, at, f"{separator}{text}")

    def append(self, path: tuple[str | int, ...], item: Any, block_fields: bool = False) -> None:
        """Add an item at the end of the sequence at `path` (creating the key when it is missing), in the
        style of the items already there: a flow mapping per line, or a block mapping."""
        self._editable()
        sequence = self.node(path)
        if path in self._created:  # a list this document is creating: the new item joins it
            splice_number, column, block = self._created[path]
            old = self._splices[splice_number]
            if column < 0:  # a flow list [a] that this edit wrote in place of an empty one
                self._splices[splice_number] = _Splice(old.start, old.end, f"{old.text[:-1]}, {flow(item)}]")
                return
            body = self._item_text(item, column + 2, block)
            self._splices[splice_number] = _Splice(old.start, old.end,
                                                   f"{old.text}{self.newline}{' ' * column}- {body}")
            return
        empty_flow = isinstance(sequence, SequenceNode) and sequence.flow_style and not sequence.value
        if sequence is None or empty_flow or (
                isinstance(sequence, ScalarNode) and not sequence.style and sequence.value in _NULLS):
            parent: MappingNode = self._need(path[:-1], MappingNode)
            if parent.flow_style and sequence is not None:  # {history: [], ...}: the list takes the value's place
                self._splice(sequence.start_mark.index, sequence.end_mark.index, f"[{flow(item)}]")
                self._created[path] = (len(self._splices) - 1, -1, False)
                return
            if parent.flow_style:
                self.add_key(path[:-1], str(path[-1]), [item])
                return
            column = parent.value[0][0].start_mark.column if parent.value else 0
            body = self._item_text(item, column + 4, block_fields)
            if sequence is not None:  # `history:` with nothing (or ~, null, []) after it: the list takes its place
                key = next(k for k, v in parent.value if v is sequence)
                colon = self.text.index(":", key.end_mark.index)
                self._splice(colon, max(colon + 1, sequence.end_mark.index),
                             f":{self.newline}{' ' * (column + 2)}- {body}")
            else:
                at = self._line_end(self._content_end(parent))
                self._splice(at, at, f"{self.newline}{' ' * column}{scalar(str(path[-1]))}:"
                                     f"{self.newline}{' ' * (column + 2)}- {body}")
            self._created[path] = (len(self._splices) - 1, column + 2, block_fields)
            return
        if not isinstance(sequence, SequenceNode):
            raise PdcaError(i18n.text("edit.no_node", self.lang, path=self.path, where=".".join(map(str, path))))
        if sequence.flow_style:
            self._into_flow(sequence, flow(item))
            return
        dash = sequence.start_mark.column
        last = sequence.value[-1] if sequence.value else None
        block = block_fields or (isinstance(last, MappingNode) and not last.flow_style)
        at = self._past_comments(self._line_end(self._content_end(sequence)), dash)
        gap = self.newline if self._spaced(sequence) else ""
        self._splice(at, at, f"{self.newline}{gap}{' ' * dash}- {self._item_text(item, dash + 2, block)}")

    def _item_text(self, item: Any, column: int, block: bool) -> str:
        return block_item(item, column, self.newline) if block and isinstance(item, dict) else flow(item)

    def _past_comments(self, at: int, column: int) -> int:
        """Past the comment lines right after `at` that are indented deeper than `column`: they belong to
        the item above (a note under its last field), so a new item goes after them."""
        while True:
            start = self.text.find("\n", at)
            if start < 0:
                return at
            line_end = self._line_end(start + 1)
            line = self.text[start + 1 : line_end]
            stripped = line.lstrip(" ")
            if not stripped.startswith("#") or len(line) - len(stripped) <= column:
                return at
            at = line_end

    def _spaced(self, sequence: SequenceNode) -> bool:
        """Whether the items of a block sequence are separated by blank lines (then a new one is too)."""
        items = sequence.value
        if len(items) < 2:
            return False
        between = self.text[self._content_end(items[-2]) : items[-1].start_mark.index]
        return "\n\n" in between.replace("\r\n", "\n").replace(" ", "")

    def _content_end(self, node: Node) -> int:
        """The end of the last character that belongs to a node: block collections end at the next
        token, and a block scalar (| or >) ends after its line break, so both are brought back."""
        if isinstance(node, ScalarNode):
            end = int(node.end_mark.index)
            if node.style in ("|", ">"):
                header = self.text[node.start_mark.index : self.text.find("\n", node.start_mark.index)]
                keep = "+" in header  # |+ keeps its trailing blank lines: only the last break is not content
                while end > node.start_mark.index and self.text[end - 1] in "\r\n":
                    end -= 1
                    if keep and self.text[end] == "\n":
                        break
            return end
        if getattr(node, "flow_style", False):
            return int(node.end_mark.index)
        if isinstance(node, MappingNode) and node.value:
            key, value = node.value[-1]
            if isinstance(value, ScalarNode) and value.start_mark.index == value.end_mark.index:
                return int(key.end_mark.index)
            return self._content_end(value)
        if isinstance(node, SequenceNode) and node.value:
            return self._content_end(node.value[-1])
        return int(node.start_mark.index)

    def _value_end(self, node: Node) -> int:
        if isinstance(node, ScalarNode) or not getattr(node, "flow_style", False):
            return self._content_end(node)
        return int(node.end_mark.index)

    def _line_end(self, index: int) -> int:
        """Where the line holding `index` ends (before its line break)."""
        end = self.text.find("\n", index)
        if end < 0:
            return len(self.text)
        return end - 1 if end > 0 and self.text[end - 1] == "\r" else end

    def append_text(self, text: str) -> None:
        """`text` (lines ending in \\n) added at the end of the file as it is, in the file's line endings:
        the first list of a file that holds only comments so far."""
        end = len(self.text)
        before = "" if not self.text or self.text.endswith("\n") else self.newline
        self._splice(end, end, before + text.replace("\n", self.newline))

    # --- results -------------------------------------------------------------------------------

    def result(self) -> str:
        text = self.text
        # from the end backwards; of several inserts at one place, the first made ends up first
        ordered = sorted(enumerate(self._splices), key=lambda p: (p[1].start, p[1].end, p[0]), reverse=True)
        for _, splice in ordered:
            text = text[: splice.start] + splice.text + text[splice.end :]
        return text

    @property
    def changed(self) -> bool:
        return self.result() != self.text

    def data(self) -> bytes:
        return (codecs.BOM_UTF8 if self.bom else b"") + self.result().encode("utf-8")

    def save(self) -> bool:
        """Write the edits, atomically; False when there was nothing to change."""
        if not self.changed:
            return False
        replace(self.path, self.original, self.data(), self.lang, self.register)
        return True


class Editor:
    """The documents of one folder (a register) that one command edits, each opened once."""

    def __init__(self, root: Path, lang: str) -> None:
        self.root = root
        self.lang = lang
        self.documents: dict[str, Document] = {}

    def document(self, rel: str) -> Document:
        if rel not in self.documents:
            self.documents[rel] = Document(self.root / rel, self.lang, self.root)
        return self.documents[rel]

    def all(self) -> list[Document]:
        return [self.documents[name] for name in sorted(self.documents)]


def unified_diff(documents: list[Document], root: Path, new_files: dict[Path, bytes] | None = None) -> str:
    """What the edits would change, as a unified diff (for --dry-run); a new file from /dev/null."""
    import difflib

    out: list[str] = []
    for document in documents:
        if not document.changed:
            continue
        name = document.path.relative_to(root).as_posix()
        out.extend(difflib.unified_diff(document.text.splitlines(True), document.result().splitlines(True),
                                        f"a/{name}", f"b/{name}"))
    base = root.resolve()
    for path, data in sorted((new_files or {}).items()):
        name = Path(path).resolve().relative_to(base).as_posix()
        out.extend(difflib.unified_diff([], data.decode("utf-8").splitlines(True), "/dev/null", f"b/{name}"))
    return "".join(out)


def replace(path: Path, original: bytes, data: bytes, lang: str, root: Path | None = None) -> None:
    """Write `data` over `path` atomically, unless the file no longer holds `original`.  `root`: the
    register's folder (else the nearest pdca.yaml above `path`); nothing outside it is written."""
    change = Transaction(root if root is not None else register_root(path), lang)
    change.write(path, original, data)
    change.commit()


def _has_anchor(text: str) -> bool:
    import yaml

    loader = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
    return any(getattr(event, "anchor", None) for event in yaml.parse(text, Loader=loader))


def save_all(documents: list[Document], new_files: dict[Path, bytes] | None = None,
             root: Path | None = None, lang: str | None = None) -> list[Path]:
    """Save several files as one change, with any new files: all of them, or none (pdca.io.transaction).
    `root`: the register's folder, else the documents' register (else the nearest pdca.yaml above the
    first new file); nothing outside it is written."""
    changed = [d for d in documents if d.changed]
    created = new_files or {}
    if not changed and not created:
        return []
    if root is None:
        root = documents[0].register if documents else register_root(next(iter(created)))
    lang = lang or (documents[0].lang if documents else "zh")
    change = Transaction(root, lang)
    for document in changed:
        change.write(document.path, document.original, document.data())
    for path, data in created.items():
        change.write(path, None, data)
    return change.commit()
