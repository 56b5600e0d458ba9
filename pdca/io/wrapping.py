"""Text fitted to a terminal's columns, Chinese included.

A terminal gives a Chinese character (and full-width punctuation) two columns, and Chinese has no
spaces to break lines at: Python's textwrap counts characters and breaks only at spaces, so a Chinese
sentence comes out twice as wide as asked, or cut in the middle of a word it took for one long word.
Here a line may break at a space or next to a wide character, never before closing punctuation
(，。：）…) nor after opening punctuation (（“《), the way Chinese text is set.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator

#: punctuation a line must not start with / end with (the usual line-breaking rules for Chinese)
_NO_LINE_START = set("，。、；：？！）］｝》」』】〕〉”’…—·,.;:?!)]}%")
_NO_LINE_END = set("（［｛《「『【〔〈“‘([{")


@functools.cache  # a page of Chinese text repeats its characters: looked up once each
def char_width(ch: str) -> int:
    """The columns a character takes: two for wide and full-width ones, none for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def width(text: str) -> int:
    """The columns a line of text takes in a terminal."""
    return sum(char_width(ch) for ch in text) if not text.isascii() else len(text)


def wrap(text: str, columns: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """One paragraph as lines of at most `columns` columns (indent included), words kept whole
    unless a word alone is wider than a line.  The spaces between words stay as they were, except
    where a line breaks."""
    rest = indent if subsequent is None else subsequent
    lines: list[str] = []
    current, used = indent, width(indent)
    empty = True
    for separator, atom in _atoms(text):
        size = width(atom)
        gap = 0 if empty else width(separator)
        if not empty and used + gap + size > columns:
            lines.append(current)
            current, used, empty, gap = rest, width(rest), True, 0
        if empty and used + size > columns:  # a word wider than a line: cut it where it must be cut
            for piece in _cut(atom, max(columns - used, 1), max(columns - width(rest), 1)):
                if not empty:
                    lines.append(current)
                    current, used = rest, width(rest)
                current, used, empty = current + piece, used + width(piece), False
            continue
        current += (separator if gap else "") + atom
        used += gap + size
        empty = False
    lines.append(current)
    return [line.rstrip() for line in lines]


def joined(lines: list[str]) -> str:
    """Lines of one paragraph as one: a space between words, none between Chinese characters."""
    text = ""
    for line in (line.strip() for line in lines):
        wide = text and line and char_width(text[-1]) == 2 and char_width(line[0]) == 2
        text = f"{text}{'' if wide or not text else ' '}{line}"
    return text


#: Click's mark before a paragraph to be kept as it is (examples in --help)
_VERBATIM = "\b"
_CODE_INDENT = "    "
_BULLET = "* "


def fill(text: str, columns: int, indent: str = "") -> list[str]:
    """Text of several paragraphs (a blank line between them) as lines of at most `columns` columns.
    A paragraph is rewrapped, its items ("* ...") each with a hanging indent; a paragraph after a
    \\b line (Click's mark) or indented four spaces (code, a command, a file) is kept as it is."""
    lines: list[str] = []
    for paragraph in _paragraphs(text):
        if lines:
            lines.append("")
        if paragraph[0].strip() == _VERBATIM:
            lines += [indent + line for line in paragraph[1:]]
        elif all(line.startswith(_CODE_INDENT) for line in paragraph):
            lines += [indent + line for line in paragraph]
        else:
            for item in _items(paragraph):
                lead = indent + " " * (len(item[0]) - len(item[0].lstrip()))
                head = item[0].lstrip()
                if head.startswith(_BULLET):
                    lines += wrap(joined([head[len(_BULLET):], *item[1:]]), columns, lead + _BULLET,
                                  lead + " " * len(_BULLET))
                else:
                    lines += wrap(joined(item), columns, lead)
    return lines


def _paragraphs(text: str) -> Iterator[list[str]]:
    paragraph: list[str] = []
    for line in text.expandtabs().splitlines():
        if line.strip():
            paragraph.append(line.rstrip())
        elif paragraph:
            yield paragraph
            paragraph = []
    if paragraph:
        yield paragraph


def _items(paragraph: list[str]) -> Iterator[list[str]]:
    """A paragraph's text before its first item, then each item ("* " and the lines that follow it)."""
    item: list[str] = []
    for line in paragraph:
        if line.lstrip().startswith(_BULLET) and item:
            yield item
            item = []
        item.append(line)
    yield item


def _atoms(text: str) -> Iterator[tuple[str, str]]:
    """(separator before it, atom): an atom is a run of narrow characters, or one wide character,
    with the punctuation that may not be parted from it glued on."""
    atoms: list[tuple[str, str]] = []
    separator, word = "", ""

    def close() -> None:
        nonlocal word, separator
        if word:
            atoms.append((separator, word))
            word, separator = "", ""

    for ch in text:
        if ch.isspace():  # kept as it is between two words; a line break takes its place
            close()
            separator += ch
            continue
        if char_width(ch) == 2:
            close()
            atoms.append((separator, ch))
            separator = ""
            continue
        word += ch
    close()
    return iter(_glue(atoms))


def _glue(atoms: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Closing punctuation joins the atom before it, opening punctuation the atom after it."""
    glued: list[tuple[str, str]] = []
    for separator, atom in atoms:
        if glued and separator == "" and (atom[0] in _NO_LINE_START or glued[-1][1][-1] in _NO_LINE_END):
            glued[-1] = (glued[-1][0], glued[-1][1] + atom)
        else:
            glued.append((separator, atom))
    return glued


def _cut(word: str, first: int, later: int) -> Iterator[str]:
    """A word too wide for a line, in pieces of at most `first` and then `later` columns."""
    piece, used, limit = "", 0, first
    for ch in word:
        size = char_width(ch)
        if piece and used + size > limit:
            yield piece
            piece, used, limit = "", 0, later
        piece += ch
        used += size
    if piece:
        yield piece
