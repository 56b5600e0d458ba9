"""Comparing people by name: "黄志刚", "黄 志刚", "黄志刚　", "黄\u200b志刚" and "ＨＵＡＮＧ" / "huang"
are each one person, and "张伟、李娜" names two.

A register names people in free text, typed by many hands on many keyboards, and a contributor who
wants to close their own finding will try every spelling that looks the same.  So wherever pdca asks
"is this the same person" (销号 by the finding's own owner, an extension approved by its owner) or
"which people does this name" (`--redact`), it goes through this module and nowhere else:

* a field is first cut into the people it names (`names`): at list marks (、 , ; / | & + and their
  full-width forms), brackets (张伟(代) is 张伟 and a remark), " 和 "/" and ", a trailing 等/等3人, at a
  space or 和/与/及 between two Chinese names of two characters or more (张伟 李娜, 张伟和李娜; not
  黄 志刚, not 王和平), and at a space between a Chinese name and anything else (黄志刚 A1), but not
  between two words of a Latin name (Zhang Wei);
* each is compared in one form (`key`): Unicode compatibility forms unified (full-width letters, CJK
  compatibility ideographs, Kangxi radicals), case folded, accents dropped, and everything that is not
  a letter or a digit removed: spaces, zero-width and other invisible characters (U+200B-U+200F,
  U+2060, U+FEFF, soft hyphen, variation selectors, Hangul fillers, tag characters), punctuation.

Two fields name the same person (`same`) when they have a key in common.  Pieces shorter than two
characters ("代", "王" cut from a longer field) are not taken for a person, so a remark or a stray
character does not make two different people one.  `folded_text` reads free text the same way, for
`--redact` to find a name in it however it is spelled there.

Every step is linear in the length of the field (a field is untrusted text, maybe megabytes long).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import accumulate, chain, count, repeat

#: Unicode's default-ignorable code points (DerivedCoreProperties.txt): drawn as nothing, so never part
#: of how a name reads.  Most are format characters (Cf); these are the ones that are not.
_IGNORABLE = (
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF), (0x2800, 0x2800),  # the last: braille blank, drawn as a space
)
#: letters (Lo) drawn as nothing
_FILLERS = "\u115f\u1160\u3164\uffa0"
#: what a key leaves out: all but letters and digits (str.isalnum, which is what \w means), and fillers
_NOT_IN_KEY = re.compile(f"[\\W_{_FILLERS}]+")
#: inside a name but not part of it: 阿依古丽·买买提, Jean-Pierre, O'Brien
_JOINERS = frozenset(".·・‧•∙⋅'‘’`")
#: any run of spaces, made one space before the patterns below (which then stay linear in the field's
#: length: a field is untrusted text, maybe a megabyte of spaces)
_SPACES = re.compile(r"\s+")
#: marks between the people of a field (after compatibility forms are unified: ，is ,)
_BETWEEN = re.compile(r"[、,;/\\|&+()\[\]{}<>【】〔〕〖〗《》〈〉「」『』]| (?:和|与|及|或|and|or) ", re.IGNORECASE)
#: a space, or 和/与/及, that may stand between two names or inside one
_MAYBE_BETWEEN = re.compile(r"( |(?<=\S)[和与及](?=\S))")
_ET_CETERA = "等"
_COUNTED = frozenset("人名位")
_NUMERALS = "0123456789一二两三四五六七八九十"
_SHORTEST = 2  # characters: no one is named by one letter or one character cut from a longer field


def _invisible(ch: str) -> bool:
    if ch.isspace() or unicodedata.category(ch)[0] in "CMZ":  # controls, formats, marks, separators
        return True
    point = ord(ch)
    return any(low <= point <= high for low, high in _IGNORABLE)


@lru_cache(maxsize=65536)
def fold(ch: str) -> str:
    """One character the way names are compared: its compatibility form, case folded, accents and
    invisible characters dropped ("" for a space or a zero-width character)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", ch).casefold())
    return "".join(c for c in decomposed if not _invisible(c))


def _letter(ch: str) -> bool:
    """What a key keeps of a folded character: letters and digits (as `_NOT_IN_KEY` says)."""
    return ch.isalnum() and ch not in _FILLERS


class _PerCharacter(dict[int, str]):
    """A `str.translate` table filled as characters are met (a field is translated in C, not one
    character at a time in Python); at most `_REMEMBERED` characters are remembered."""

    def __init__(self, of: Callable[[str], str]) -> None:
        super().__init__()
        self.of = of

    def __missing__(self, point: int) -> str:
        value = self.of(chr(point))
        if len(self) < _REMEMBERED:
            self[point] = value
        return value


_REMEMBERED = 65536
#: a character as a reader sees it: a space for any space, nothing for an invisible one
_SHOWN = _PerCharacter(lambda ch: " " if ch.isspace() else ch if fold(ch) else "")
#: a character that may be invisible: anything but printable ASCII, CJK punctuation and ideographs
#: (the usual name field, once in compatibility form, has none and then needs no `_SHOWN`)
_UNUSUAL = re.compile("[^\u0020-\u007e\u3001-\u3029\u3400-\u4dbf\u4e00-\u9fff]")


def key(name: str) -> str:
    """The form two names are compared in: folded (as `fold` folds each character), letters and digits
    only.  Done on the whole name at once, which gives the same as character by character and is much
    faster on a long field."""
    return _NOT_IN_KEY.sub("", unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold()))


def _joiner(ch: str) -> bool:
    """A character that may sit inside a written name without being part of it (folded form): a dash,
    a dot, an apostrophe.  Spaces and invisible characters are already gone when folded."""
    return ch in _JOINERS or unicodedata.category(ch) in ("Pd", "Pc")


#: a character of free text as a name in it is looked for: folded, without what may sit inside a name
_IN_TEXT = _PerCharacter(lambda ch: "".join(c for c in fold(ch) if not _joiner(c)))


def folded_text(text: str) -> str:
    """Free text the way a name is looked for in it: each character folded, and the spaces, invisible
    characters, dots and dashes that may sit inside a written name left out (so "张 伟", "张\u200b伟"
    and "ZHANG-WEI" read 张伟 and zhangwei).  Done by `str.translate`, not a character at a time."""
    return text.translate(_IN_TEXT)


def folded_origins(text: str) -> list[int]:
    """For each character of `folded_text(text)`, the position in `text` of the character it came from."""
    lengths = map(len, map(_IN_TEXT.__getitem__, map(ord, text)))
    return list(chain.from_iterable(map(repeat, count(), lengths)))


@lru_cache(maxsize=65536)
def _han(ch: str) -> bool:
    return unicodedata.category(ch) == "Lo" and unicodedata.name(ch, "").startswith("CJK")


def _spaced_letter(ch: str) -> bool:
    """A letter of a script written with spaces between words (Latin, Cyrillic...): "Zhang Wei" is one name."""
    return ch.isalpha() and unicodedata.category(ch) != "Lo"


def _between(before: str, mark: str, after: str) -> bool | None:
    """Whether a mark between two spans separates two people: True, False, or None for "only if a name
    of two characters or more stands on each side"."""
    if not (before and after):
        return False
    if mark != " ":  # 和, 与, 及 between Chinese names, not inside one (王和平)
        return None if _han(before[-1]) and _han(after[0]) else False
    if _spaced_letter(before[-1]) and _spaced_letter(after[0]):
        return False  # Zhang Wei
    return None if _han(before[-1]) and _han(after[0]) else True  # 黄 志刚 / 张伟 李娜; 黄志刚 A1


def _split_between_names(piece: str) -> list[str]:
    """Cut at a space or 和/与/及 where it separates two people (`_between`)."""
    spans = _MAYBE_BETWEEN.split(piece)  # text, mark, text, mark, ..., text
    if len(spans) == 1:
        return spans
    letters = [0, *accumulate(map(len, map(key, spans)))]  # letters[i]: len(key("".join(spans[:i])))
    parts, start = [], 0  # start: the span where the current part begins
    for mark in range(1, len(spans), 2):
        cut = _between(spans[mark - 1], spans[mark], spans[mark + 1])
        if cut is None:
            cut = letters[mark] - letters[start] >= _SHORTEST and letters[-1] - letters[mark + 1] >= _SHORTEST
        if cut:
            parts.append("".join(spans[start:mark]))
            start = mark + 1
    parts.append("".join(spans[start:]))
    return parts


def _without_et_cetera(piece: str) -> str:
    """张伟等, 张伟等3人, 张伟等三名 -> 张伟 (when a name of two characters or more is left)."""
    if _ET_CETERA not in piece:
        return piece
    rest = piece.rstrip()
    if rest and rest[-1] in _COUNTED:
        rest = rest[:-1].rstrip()
    rest = rest.rstrip(_NUMERALS).rstrip()
    if not rest.endswith(_ET_CETERA):
        return piece
    shorter = rest[: -len(_ET_CETERA)]
    return shorter if len(key(shorter)) >= _SHORTEST else piece


def names(field: str | None) -> list[str]:
    """The keys of the people a field names, in order, each once: "张伟、李娜" -> ["张伟", "李娜"]."""
    return list(_read(field)[0]) if field else []


def keys(field: str | None) -> frozenset[str]:
    """Every key a field can be matched by: the people it names and the whole of it."""
    if not field:
        return frozenset()
    people, whole = _read(field)
    return frozenset(people) | ({whole} if whole else set())


@lru_cache(maxsize=1024)  # an owner is compared by several rules, and a field may be long
def _read(field: str) -> tuple[tuple[str, ...], str]:
    """The people a field names and the key of the whole field."""
    shown = unicodedata.normalize("NFKC", field)
    if _UNUSUAL.search(shown):
        shown = shown.translate(_SHOWN)
    found: dict[str, None] = {}
    for piece in _BETWEEN.split(_SPACES.sub(" ", shown)):
        maybe_several = " " in piece or "和" in piece or "与" in piece or "及" in piece
        for part in _split_between_names(piece) if maybe_several else (piece,):
            name = key(_without_et_cetera(part) if _ET_CETERA in part else part)
            if len(name) >= _SHORTEST and not name.isdigit():  # a number (a phone, a count) is no one
                found.setdefault(name)
    whole = key(field)
    return tuple(found) or ((whole,) if whole else ()), whole


def named(field: str | None) -> bool:
    """Whether a field names anyone at all (not only spaces, invisible characters or punctuation)."""
    return bool(field) and bool(key(field or ""))


def same(first: str | None, second: str | None) -> bool:
    """Whether two fields name a person in common: "黄 志刚" and "黄志刚", "李娜" and "张伟、李娜".
    Never true when either is missing or names no one."""
    if first is None or second is None:
        return False
    return bool(keys(first) & keys(second))


def distinct(fields: Iterable[str]) -> list[str]:
    """The fields with one spelling kept per person (the first in sorted order), sorted."""
    seen: set[str] = set()
    kept: list[str] = []
    for field in sorted(fields):
        whole = key(field) or field
        if whole not in seen:
            seen.add(whole)
            kept.append(field)
    return kept


# --- people registered by pseudonymous id (people/*.yaml) -------------------------------------------


def id_keys(ids: Iterable[str]) -> dict[str, str]:
    """key -> id of the registered people ("p0001" -> "P-0001"), so that a field naming one is read
    however the id is typed there ("P-0001", "p 0001", "Ｐ－０００１"); the first of two ids that read
    the same wins (duplicate-id reports the other)."""
    found: dict[str, str] = {}
    for person_id in ids:
        found.setdefault(key(person_id), person_id)
    return found


def registered(field: str | None, by_key: dict[str, str]) -> list[str]:
    """The ids of the registered people a field names, in order: "P-0001、P-0002" -> both; a field
    naming someone by name (黄志刚), a post or nothing names none of them."""
    if not field or not by_key:
        return []
    return [by_key[name] for name in dict.fromkeys([*names(field), key(field)]) if name in by_key]
