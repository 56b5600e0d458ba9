"""Find personal identifiers in plain text, so that they never reach a register kept in git.

`find(text)` returns a `Hit` (kind, start, end) for each 居民身份证号, mobile number, bank card number and
labelled address.  A hit never holds the value: callers print the file, line and kind, and nothing a hit
prints can leak what it found.

What counts, and why.  Registers are full of numbers (ids like SJ-2024-01-F1, dates, amounts, document
numbers like X纪〔2024〕7号, contract numbers like HT20240615001234), and a check that cries wolf gets
switched off, so each kind needs more than "enough digits":

- id_card: 18 characters, 17 digits and a check character (0-9 or X), a valid ISO 7064 MOD 11-2
  checksum, a province code as the first two digits (11-83; a 9 before it for the 2023 foreign permanent
  residence card) and a real birth date 1900-2100 in characters 7-14.  That is strong enough to accept
  any grouping and letters next to it.  The old 15-digit number has no checksum: any 15-digit number
  with a province code and a valid YYMMDD would match, so it counts only right after a label (身份证...).
- mobile: 11 digits 1[3-9]xxxxxxxxx, optionally +86 / 86 / 0086 first, written whole or as 3-4-4 (also
  3-8 and 7-4).  There is no checksum, so an odd grouping counts only after a label (手机, 电话...),
  or when every group has one or two digits (the way people spell a number out to slip past a check).
  Landlines (0571-88888888, 400-820-8820) are not reported: the numbers in registers are offices' and
  hotlines', which are not personal information, and a home landline is rare enough to leave to review.
- bank_card: 16-19 digits passing the Luhn check.  Luhn passes one random number in ten, so without a
  label only the common shapes count: 16 or 19 digits, whole or in groups of 4, starting 3, 4, 5 or 6
  (UnionPay 62/60, Visa, Mastercard, JCB).  Other first digits (old domestic cards start 9), 17 or 18
  digits (an id card with a typo passes Luhn one time in ten) and odd groupings count only after a
  label (银行卡, 卡号...).
- address: only when marked as one, by a label and a colon (住址：..., 家庭地址: ..., address: ...) or by
  `key=` naming an address field; and the text must look like a place (市, 区, 路, 号, 室... or digits
  in an English address), so 地址：见附件 is not reported.  Organisations' addresses (注册地址, 办公地址,
  单位地址) are not personal and are not labels.

Everywhere: a number glued to letters or to another number (HT13800138000, v1.13800138000,
2024-13800138000, 13800138000.5) is part of some other code and does not count, except that letters
next to an id_card do not stop it (its checksum makes that safe, and a letter is an easy way to hide
one); a phone or card number right before 元/万/亿/%... or after ¥/RMB is an amount.  Separate numbers
in one run are read separately: in "0571-88888888 13800138000" the mobile is found.

Evasion.  Full-width digits (１３８...), other scripts' digits, circled and superscript digits (①, ²) are
digits here; zero-width characters, bidi controls, variation selectors and combining marks between digits
are skipped; any Unicode space or dash separates groups.  This catches mistakes and lazy evasion.  It does
not catch a number spelled in words (一三八...), split across fields, or glued to letters on purpose: it is
a guard for the register, not a data-loss-prevention system.

Speed.  One precompiled regex finds digit runs that could hold 11 or more digits; everything else in the
text costs one C-level pass.  Labels are looked for only in a text that has such a run, and addresses only
in a text that contains 址 or "ddress"; a text shorter than 11 characters skips the regex.  The strings
of the example register, repeated to 16 MB (1.4 million strings), scan in about 0.35 s; 16 MB as one
text in about 0.25 s.  Walls of digits ("1 1 1 ..." a million long) stay linear, about 1 s per million
characters.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Literal

from pdca import i18n

Kind = Literal["id_card", "mobile", "bank_card", "address"]

KINDS: tuple[Kind, ...] = ("id_card", "mobile", "bank_card", "address")


def kind_name(kind: str, lang: str = "zh") -> str:
    """The kind as a person reads it (catalogue `people.pii.<kind>`): 居民身份证号, mobile phone number."""
    return i18n.text(f"people.pii.{kind}", lang)


@dataclass(frozen=True, slots=True)
class Hit:
    """A personal identifier at text[start:end].

    It holds no value on purpose: whatever prints or logs a hit cannot leak the number.
    """

    kind: Kind
    start: int
    end: int
    labelled: bool = False  # a label (身份证, 手机, 住址...) or the field's key said what it is

    def __str__(self) -> str:
        return f"{self.kind} at {self.start}-{self.end}"


# --- characters ---------------------------------------------------------------------------------------

# Characters that show as nothing: soft hyphen, zero-width spaces and joiners, bidi controls, Hangul
# fillers, variation selectors, tags, and combining marks (an accent or a keycap over a digit).
# Between two digits they are skipped, so they cannot split a number.
_IGNORABLE = (
    ("\u00ad", "\u00ad"), ("\u034f", "\u034f"), ("\u061c", "\u061c"), ("\u115f", "\u1160"),
    ("\u17b4", "\u17b5"), ("\u180b", "\u180f"), ("\u200b", "\u200f"), ("\u202a", "\u202e"),
    ("\u2060", "\u206f"), ("\u3164", "\u3164"), ("\ufe00", "\ufe0f"), ("\ufeff", "\ufeff"),
    ("\uffa0", "\uffa0"), ("\ufff0", "\ufff8"), ("\U0001bca0", "\U0001bca3"),
    ("\U0001d173", "\U0001d17a"), ("\U000e0000", "\U000e0fff"),
    ("\u0300", "\u036f"), ("\u1ab0", "\u1aff"), ("\u1dc0", "\u1dff"), ("\u20d0", "\u20ff"),
    ("\ufe20", "\ufe2f"),
)
# What people put between digit groups: spaces of any width, dashes of any length.
_SPACES = (
    (" ", " "), ("\t", "\t"), ("\u00a0", "\u00a0"), ("\u1680", "\u1680"), ("\u2000", "\u200a"),
    ("\u202f", "\u202f"), ("\u205f", "\u205f"), ("\u3000", "\u3000"),
)
_DASHES = (
    ("-", "-"), ("\u2010", "\u2015"), ("\u2212", "\u2212"), ("\u2e3a", "\u2e3b"), ("\ufe58", "\ufe58"),
    ("\ufe63", "\ufe63"), ("\uff0d", "\uff0d"),
)


def _expand(ranges: Iterable[tuple[str, str]]) -> frozenset[str]:
    return frozenset(chr(c) for lo, hi in ranges for c in range(ord(lo), ord(hi) + 1))


def _class(ranges: Iterable[tuple[str, str]]) -> str:
    """The inside of a regex [...] for these ranges."""
    return "".join(re.escape(lo) if lo == hi else f"{re.escape(lo)}-{re.escape(hi)}" for lo, hi in ranges)


_IGNORABLE_SET = _expand(_IGNORABLE)
_SPACE_SET = _expand(_SPACES)
_SEPARATOR_SET = _SPACE_SET | _expand(_DASHES)
# Between a code's letters and digits: HT-2024..., v1.13800138000, file_13800138000.
_GLUE = _expand(_DASHES) | frozenset("_./\\#＃．／＿")
_ID_X = frozenset("XxＸｘ×")  # the check character 10; × is what some input methods give for X
_PLUS = frozenset("+＋")
_CURRENCY = frozenset("¥￥$＄")
_CURRENCY_WORDS = re.compile(r"(?:RMB|CNY|USD|人民币)\s*\Z", re.IGNORECASE)
# A number followed by one of these is an amount or a count, not a phone or a card.
_UNITS = frozenset("元万亿千百%％‰吨度")


def _is_latin(ch: str) -> bool:
    return ("A" <= ch <= "Z") or ("a" <= ch <= "z") or ("Ａ" <= ch <= "Ｚ") or ("ａ" <= ch <= "ｚ")


def _digit(ch: str) -> str | None:
    """The ASCII digit a character stands for (１, ①, ², ٣ ... included), or None."""
    if "0" <= ch <= "9":
        return ch
    value = unicodedata.digit(ch, None)
    return None if value is None else str(value)


# --- patterns -------------------------------------------------------------------------------------------

_LABELS = re.compile(
    r"(?P<id_card>公民身份号码|身份证|身份号码|证件号码?"
    r"|(?<![A-Za-z])(?i:ID\s*(?:card|No\.?|number)|identity\s*card)(?![A-Za-z]))"
    r"|(?P<mobile>手机|电话|联系方式|(?<![A-Za-z])(?i:mobile|telephone|tel|phone|cell)(?![A-Za-z]))"
    r"|(?P<bank_card>银行卡|卡号|借记卡|信用卡|储蓄卡|工资卡"
    r"|(?<![A-Za-z])(?i:bank\s*card|card\s*(?:No\.?|number))(?![A-Za-z]))"
)
# What may stand between a label and its number: punctuation, spaces, 号码, 为, 是 (身份证号码为：...).
_FILLER = re.compile(r"(?:[\s:：=#＃()（）\[\]【】<>《》/／、,，.\-—~]|号码|号|码|为|是|本人|(?i:No\.?))*")
_FILLER_MAX = 12

_PERSONAL = "家庭|现|居住|户籍|常住|暂住|通讯|通信|联系|收货|个人|本人"
_ADDRESS_LABEL = (
    rf"(?:(?:{_PERSONAL})?住址|(?:{_PERSONAL})地址|(?<![\u3400-\u9fff])地址"
    r"|(?<![A-Za-z])(?i:(?:home|residential|mailing|postal|street|personal)[ _]?)?(?i:address)(?![A-Za-z]))"
)


@cache
def _address() -> re.Pattern[str]:
    """A labelled address.  Compiled on first use (a few ms): `pdca check` on a register with no
    address label never needs it."""
    return re.compile(rf"{_ADDRESS_LABEL}[ \t\u3000]*[:：][ \t\u3000]*(?P<value>[^\n\r。；;，,|]{{2,100}})")


@cache
def _address_key() -> re.Pattern[str]:
    return re.compile(_ADDRESS_LABEL)


# An "address" that belongs to a machine or an organisation, not to a person.
_NOT_PERSONAL_EN = re.compile(r"(?:e-?mail|ip|ipv[46]|web|mac|url|server|wallet|memory)[ _-]*\Z", re.IGNORECASE)
_PLACE = re.compile(r"[省市区县旗镇乡村路街道巷弄胡同号栋幢楼室单元小区组屯]|\d+\s*[A-Za-z]|[A-Za-z]\s*\d+")

_MOBILE = re.compile(r"1[3-9]\d{9}")
_MOBILE_GROUPS = frozenset({(11,), (3, 4, 4), (3, 8), (7, 4)})
_MOBILE_PREFIXES = ("", "86", "0086")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Province codes: the first two digits.  71 Taiwan, 81 Hong Kong, 82 Macao, 83 residence permits.
_PROVINCES = frozenset((
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
))
_CARD_FIRST = frozenset("3456")


@cache
def _chain() -> re.Pattern[str]:
    """Compiled on first use (a few ms): listing the non-decimal digits (①, ², ⒈ ...) walks Unicode once."""
    # Only the Basic Multilingual Plane: listing the few astral ones (Brahmi, Rumi, 🄁) in the class
    # would make every character of every text three times slower to test.  Astral decimal digits
    # (mathematical bold 𝟏 ...) are still caught, by \d.
    extra = "".join(
        re.escape(chr(c))
        for c in range(0x10000)
        if unicodedata.category(chr(c)) == "No" and unicodedata.digit(chr(c), None) is not None
    )
    digit = rf"[\d{extra}]"
    gap = f"[{_class(_IGNORABLE)}{_class(_SPACES)}{_class(_DASHES)}]*+"
    # Digits with only separators and invisible characters between them, at least 11 digits: the
    # lookahead fails fast on every shorter number (dates, amounts, ids), which is nearly all of them.
    # One flat, possessive class for the gap is much faster than spelling out "at most three
    # separators"; _split() applies that limit to the few runs this finds.
    return re.compile(f"{digit}(?=(?:{gap}{digit}){{10}})(?:{gap}{digit})*")


# --- checks ---------------------------------------------------------------------------------------------


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _valid_id18(value: str) -> bool:
    body, check = value[:17], value[17]
    region_ok = body[:2] in _PROVINCES or (body[0] == "9" and body[1:3] in _PROVINCES)
    if not region_ok or not 1900 <= int(body[6:10]) <= 2100:
        return False
    if not _real_date(int(body[6:10]), int(body[10:12]), int(body[12:14])):
        return False
    return _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS)) % 11] == check


def _valid_id15(value: str) -> bool:
    return value[:2] in _PROVINCES and _real_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))


def _luhn(value: str) -> bool:
    total = 0
    for position, ch in enumerate(reversed(value)):
        d = int(ch)
        if position % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# --- digit runs -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Group:
    digits: str
    start: int
    end: int


# How two neighbouring digit groups are joined.
_DASH = 0  # by dashes only: one code (2024-0655), so a number may not start or end there
_SPACE = 1  # by up to three characters, one a space: one number may span it, or two numbers meet there
_APART = 2  # by more than three: two separate things


def _split(text: str, start: int, end: int) -> tuple[list[_Group], list[int]]:
    """The digit groups of a run and, between each two, how they are joined."""
    groups: list[_Group] = []
    joints: list[int] = []
    digits: list[str] = []
    group_start = group_end = start
    separators, spaced = 0, False  # in the gap since the last digit
    for k in range(start, end):
        ch = text[k]
        d = _digit(ch)
        if d is not None:
            if separators:
                groups.append(_Group("".join(digits), group_start, group_end))
                joints.append(_APART if separators > 3 else _SPACE if spaced else _DASH)
                digits, group_start, separators, spaced = [], k, 0, False
            digits.append(d)
            group_end = k + 1
        elif ch in _SEPARATOR_SET:
            separators += 1
            spaced = spaced or ch in _SPACE_SET
    groups.append(_Group("".join(digits), group_start, group_end))
    return groups, joints


def _before(text: str, pos: int) -> int:
    """Index of the last visible character before pos, or -1."""
    pos -= 1
    while pos >= 0 and text[pos] in _IGNORABLE_SET:
        pos -= 1
    return pos


def _after(text: str, pos: int) -> int:
    """Index of the first visible character at or after pos, or len(text)."""
    while pos < len(text) and text[pos] in _IGNORABLE_SET:
        pos += 1
    return pos


def _neighbour(text: str, k: int, step: int) -> str | None:
    """What a number touches at text[k]: 'letter', 'digit' (directly or through a glue character), or None."""
    if not 0 <= k < len(text):
        return None
    ch = text[k]
    if _is_latin(ch) or ch == "_":
        return "letter"
    if _digit(ch) is not None:
        return "digit"
    if ch in _GLUE:
        nxt = _before(text, k) if step < 0 else _after(text, k + 1)
        if 0 <= nxt < len(text):
            if _digit(text[nxt]) is not None:
                return "digit"
            if _is_latin(text[nxt]):
                return "letter"
    return None


def _amount(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] reads as money or a count (620万元, ¥13500000000)."""
    k = _after(text, end)
    while k < len(text) and text[k] in _SPACE_SET:
        k = _after(text, k + 1)
    if k < len(text) and text[k] in _UNITS:
        return True
    k = _before(text, start)
    while k >= 0 and text[k] in _SPACE_SET:
        k = _before(text, k)
    return (k >= 0 and text[k] in _CURRENCY) or bool(_CURRENCY_WORDS.search(text, max(0, k - 8), k + 1))


class _Labels:
    """The labels of one text, looked up by the position a number starts at."""

    def __init__(self, text: str, key_kinds: frozenset[str]) -> None:
        self.text = text
        self.key_kinds = key_kinds
        found = [(m.end(), m.lastgroup or "") for m in _LABELS.finditer(text)]
        self.ends = [e for e, _ in found]
        self.kinds = [k for _, k in found]
        self.present = key_kinds | set(self.kinds)  # kinds some label in the text (or the key) names

    def at(self, start: int) -> tuple[str | None, bool]:
        """The kind a label right before `start` names, and whether it touches the number."""
        i = bisect_right(self.ends, start) - 1
        if i >= 0:
            gap = self.text[self.ends[i] : start]
            if len(gap) <= _FILLER_MAX and _FILLER.fullmatch(gap):
                return self.kinds[i], not gap
        return None, False

    def says(self, kind: str, start: int) -> tuple[bool, bool]:
        """Whether `kind` is labelled for a number at `start`, and whether the label touches it."""
        if kind not in self.present:
            return False, False
        label, touching = self.at(start)
        return kind in self.key_kinds or label == kind, label == kind and touching


def _candidates(text: str, start: int, end: int, labels: _Labels) -> Iterator[tuple[int, Hit]]:
    """Every reading of the digit run text[start:end] as an identifier, with its priority (lower wins).

    A reading is any stretch of whole groups holding 11 to 19 digits: "138 0013 8000" is one number,
    "0571-88888888 13800138000" holds one at its end.
    """
    groups, joints = _split(text, start, end)
    x = _after(text, end)
    x_at = x if x < len(text) and text[x] in _ID_X else None
    last = len(groups) - 1
    # A stretch of groups of one or two digits ("1 3 8 0 0 ...") is read as a whole: a number may not
    # start or end inside it.  Otherwise a long one would be read at every one of its groups.
    tiny = [len(g.digits) <= 2 for g in groups]
    inside = [k > 0 and tiny[k] and tiny[k - 1] and joints[k - 1] != _APART for k in range(len(groups))]
    for i in range(len(groups)):
        if inside[i]:
            continue
        digits = ""
        for j in range(i, len(groups)):
            if j > i and joints[j - 1] == _APART:
                break
            digits += groups[j].digits
            if len(digits) > 19:
                break
            if len(digits) >= 11 and not (j < last and inside[j + 1]):
                yield from _readings(text, groups, joints, i, j, digits, x_at if j == last else None, labels)


def _mobile_prefix(digits: str) -> str | None:
    """The country prefix ("", "86" or "0086") before an 11-digit 1[3-9] number, or None."""
    for prefix in _MOBILE_PREFIXES:
        if len(digits) == len(prefix) + 11 and digits.startswith(prefix) and _MOBILE.fullmatch(digits, len(prefix)):
            return prefix
    return None


def _readings(
    text: str, groups: list[_Group], joints: list[int], i: int, j: int, digits: str, x_at: int | None,
    labels: _Labels,
) -> Iterator[tuple[int, Hit]]:
    # The digits alone first: nearly every stretch fails here, before any look at its surroundings.
    with_x = x_at is not None and len(digits) == 17
    id_value = digits + "X" if with_x else digits
    is_id = _valid_id18(id_value) if len(id_value) == 18 else (
        len(digits) == 15 and "id_card" in labels.present and _valid_id15(digits)
    )
    prefix = _mobile_prefix(digits)
    is_card = (
        16 <= len(digits) <= 19
        and (digits[0] in _CARD_FIRST or "bank_card" in labels.present)
        and _luhn(digits)
    )
    if not (is_id or prefix is not None or is_card):
        return
    s, e = groups[i].start, groups[j].end
    # Inside a run, a dash binds a group to its neighbour (2024-13800138000 is one code).
    left = "digit" if i > 0 and joints[i - 1] == _DASH else _neighbour(text, _before(text, s), -1)
    right = "digit" if j < len(groups) - 1 and joints[j] == _DASH else _neighbour(text, _after(text, e), 1)
    if is_id:
        id_end = x_at + 1 if with_x and x_at is not None else e
        id_right = _neighbour(text, _after(text, id_end), 1) if with_x else right
        labelled, _ = labels.says("id_card", s)
        if left != "digit" and id_right != "digit" and (len(digits) != 15 or labelled):
            yield 0, Hit("id_card", s, id_end, labelled)
    if left == "digit" or right == "digit" or _amount(text, s, e):
        return
    lengths = [len(g.digits) for g in groups[i : j + 1]]
    if prefix is not None:
        yield from _mobile(text, prefix, lengths, s, e, left, right, labels)
    if is_card:
        yield from _bank_card(digits, lengths, s, e, left, right, labels)


def _mobile(
    text: str, prefix: str, lengths: list[int], s: int, e: int, left: str | None, right: str | None,
    labels: _Labels,
) -> Iterator[tuple[int, Hit]]:
    plus = _before(text, s)
    if plus >= 0 and text[plus] in _PLUS:  # +86 138..., the plus belongs to the number
        s, left = plus, _neighbour(text, _before(text, plus), -1)
    labelled, touching = labels.says("mobile", s)
    if right is not None or (left is not None and not touching):
        return
    drop = len(prefix)  # judge the grouping of the number itself, without 86 / 0086
    while drop:
        if lengths[0] <= drop:
            drop, lengths = drop - lengths[0], lengths[1:]
        else:
            drop, lengths = 0, [lengths[0] - drop, *lengths[1:]]
    if labelled or tuple(lengths) in _MOBILE_GROUPS or max(lengths) <= 2:
        yield 2, Hit("mobile", s, e, labelled)


def _bank_card(
    digits: str, lengths: list[int], s: int, e: int, left: str | None, right: str | None,
    labels: _Labels,
) -> Iterator[tuple[int, Hit]]:
    labelled, touching = labels.says("bank_card", s)
    if right is not None or (left is not None and not touching):
        return
    fours = len(lengths) >= 4 and all(n == 4 for n in lengths[:-1]) and lengths[-1] <= 4
    grouped = len(lengths) == 1 or fours or max(lengths) <= 2
    # Unlabelled, only the usual lengths: 16 (credit, Visa, Mastercard) and 19 (UnionPay debit).  An 18
    # digit number is far more often an id card with one digit wrong, and Luhn passes one in ten of those.
    if labelled or (digits[0] in _CARD_FIRST and len(digits) in (16, 19) and grouped):
        yield 1, Hit("bank_card", s, e, labelled)


def _resolve(candidates: Iterable[tuple[int, Hit]]) -> list[Hit]:
    """One reading per stretch of text: an id card before a card before a phone, the longer first."""
    starts: list[int] = []  # the chosen hits, disjoint, kept in order so that one overlap test is two looks
    chosen: list[Hit] = []
    for _, hit in sorted(candidates, key=lambda c: (c[0], c[1].start - c[1].end, c[1].start)):
        k = bisect_right(starts, hit.start)
        if (k > 0 and chosen[k - 1].end > hit.start) or (k < len(chosen) and chosen[k].start < hit.end):
            continue
        starts.insert(k, hit.start)
        chosen.insert(k, hit)
    return chosen


# --- addresses ------------------------------------------------------------------------------------------


def _may_have_address(text: str) -> bool:
    """Every address label holds 址 or (home ...) address: two substring tests rule out nearly all texts."""
    return "址" in text or "ddress" in text or "DDRESS" in text


def _personal_label(text: str, label_start: int) -> bool:
    return not _NOT_PERSONAL_EN.search(text, max(0, label_start - 10), label_start)


def _looks_like_place(value: str) -> bool:
    return len(value) >= 4 and bool(_PLACE.search(value))


def _addresses(text: str, key_is_address: bool) -> Iterator[Hit]:
    if key_is_address:
        value = text.strip()
        if _looks_like_place(value):
            start = len(text) - len(text.lstrip())
            yield Hit("address", start, start + len(value), True)
        return
    if not _may_have_address(text):
        return
    for m in _address().finditer(text):
        value = m.group("value").rstrip()
        if _personal_label(text, m.start()) and _looks_like_place(value):
            yield Hit("address", m.start("value"), m.start("value") + len(value), True)


_NO_KINDS: frozenset[str] = frozenset()


@lru_cache(maxsize=4096)  # a register repeats a few dozen keys many thousand times
def _key_kinds(key: str | None) -> tuple[frozenset[str], bool]:
    """What a field's key says its value is: {'mobile', ...}, and whether it is a home address."""
    if not key:
        return _NO_KINDS, False
    kinds = frozenset(m.lastgroup or "" for m in _LABELS.finditer(key))
    address = _address_key().search(key)
    return kinds, address is not None and _personal_label(key, address.start())


# --- the one entry point --------------------------------------------------------------------------------


def find(text: str, *, key: str | None = None) -> list[Hit]:
    """Personal identifiers in `text`, in order of position.

    `key` is the name of the field the text is the value of (`住址`, `mobile`, `家庭地址` ...): when it
    names a kind, the whole value counts as labelled, as if the text began with that label.
    """
    chain = _chain()
    key_kinds, key_is_address = _key_kinds(key) if key else (_NO_KINDS, False)
    plain = not key_kinds and not key_is_address
    if plain and (len(text) < 11 or chain.search(text) is None) and not _may_have_address(text):
        return []  # the common case, kept to a regex search (none for short texts) and substring tests
    labels: _Labels | None = None
    hits: list[Hit] = []
    for m in chain.finditer(text):
        if labels is None:  # most texts have no long digit run: look for labels only when one does
            labels = _Labels(text, key_kinds)
        # Readings overlap only within one run, so each run is resolved on its own.
        hits.extend(_resolve(_candidates(text, m.start(), m.end(), labels)))
    hits.extend(_addresses(text, key_is_address))
    return sorted(hits, key=lambda h: (h.start, h.end))



# --- whole files, cheaply -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Spot:
    """A personal identifier in a file: its kind and where it starts (1-based line and column, in
    characters).  Like `Hit`, it holds no value."""

    kind: Kind
    line: int
    column: int


def _byte_table(digit: bytes, gap: bytes, continuation: bytes) -> bytes:
    """A bytes.translate table for UTF-8 text: ASCII digits and the lead byte of every character that
    might be a digit or a separator become `digit`, ASCII separators `gap`, continuation bytes
    `continuation`, anything else (ASCII letters and marks, newlines, CJK ideographs) "x"."""
    table = bytearray(b"x" * 256)
    for byte in b"0123456789":
        table[byte] = digit[0]
    for byte in b" \t-":
        table[byte] = gap[0]
    for byte in range(0x80, 0xC0):
        table[byte] = continuation[0]
    for byte in range(0xC0, 0x100):
        table[byte] = digit[0]
    for byte in range(0xE4, 0xEA):  # U+4000-U+9FFF: CJK ideographs, never a digit, space or dash
        table[byte] = ord("x")
    return bytes(table)


# Separators and continuation bytes dropped: a run that could hold 11 digits is eleven "0" in a row.
_SQUEEZE = _byte_table(b"0", b"0", b"0")
_DROPPED = bytes(range(0x80, 0xC0)) + b" \t-"
_ELEVEN = b"0" * 11
# Kept in place: where such a run is, for the lines to read.
_LOCATE = _byte_table(b"0", b"1", b"c")
_RUN_BYTES = re.compile(rb"0(?:[1c]*+0){10}")
_ADDRESS_BYTES = ("址".encode(), b"ddress", b"DDRESS")


def _candidate_lines(data: bytes) -> list[int]:
    """Where the lines start that could hold an identifier: a run of eleven digits (or characters that
    might be digits) with only separators between, or an address label.  Over-approximates on purpose:
    each line found is read in full by `find`."""
    starts: set[int] = set()
    if _ELEVEN in data.translate(_SQUEEZE, _DROPPED):
        for m in _RUN_BYTES.finditer(data.translate(_LOCATE)):
            starts.add(data.rfind(b"\n", 0, m.start()) + 1)
    for label in _ADDRESS_BYTES:
        at = data.find(label)
        while at >= 0:
            starts.add(data.rfind(b"\n", 0, at) + 1)
            line_end = data.find(b"\n", at)
            at = -1 if line_end < 0 else data.find(label, line_end)
    return sorted(starts)


def _line_at(data: bytes, start: int) -> bytes:
    end = data.find(b"\n", start)
    return data[start:] if end < 0 else data[start:end]


def find_in_file(data: bytes) -> list[Spot]:
    """The personal identifiers in a UTF-8 file, in order.

    Nearly every file is ruled out by one `bytes.translate` and one substring search (a 16 MB register
    in about 40 ms); only the lines that could hold an identifier are decoded and read by `find`, each
    with the line before it, so that a label ending the line before ("手机：" and the number below) counts.
    """
    spots: list[Spot] = []
    line_number, counted_to = 1, 0
    for start in _candidate_lines(data):
        line_number += data.count(b"\n", counted_to, start)
        counted_to = start
        text = _line_at(data, start).decode("utf-8", "replace")
        before = _line_at(data, data.rfind(b"\n", 0, start - 1) + 1).decode("utf-8", "replace") if start else ""
        offset = len(before) + 1 if start else 0
        for hit in find(f"{before}\n{text}" if start else text):
            if hit.start >= offset:
                spots.append(Spot(hit.kind, line_number, hit.start - offset + 1))
    return spots
