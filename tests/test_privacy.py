"""pdca.privacy: finding personal identifiers (pii) and encrypting dossier entries (vault).

Real inputs throughout: identifiers are generated here with their real check digits (computed by this
file, not by the module under test), keys are real age and SSH keys, ciphertexts are really damaged.
"""

from __future__ import annotations

import base64
import datetime
import io
import re
import shutil
import subprocess
import sys
import time
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest
import yaml
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from pdca import i18n
from pdca.privacy import pii, vault
from pdca.privacy.pii import Hit, find
from pdca.privacy.vault import VaultError, decrypt, encrypt, load_identities, rekey

EXAMPLE = Path(__file__).resolve().parent.parent / "registers" / "example"

# --- identifiers made the way issuers make them ---------------------------------------------------------


def id_number(region: str, birth: str, sequence: str) -> str:
    """A 居民身份证号 with its GB 11643 (ISO 7064 MOD 11-2) check character."""
    body = region + birth + sequence
    assert len(body) == 17
    weights = [2 ** (17 - i) % 11 for i in range(17)]  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def luhn_number(partial: str) -> str:
    """`partial` with the Luhn check digit appended."""
    for check in "0123456789":
        digits = [int(d) for d in reversed(partial + check)]
        total = sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits))
        if total % 10 == 0:
            return partial + check
    raise AssertionError("unreachable")


IDS = [
    id_number("110105", "19491231", "002"),  # Beijing, ends in X
    id_number("330106", "19850214", "123"),  # Hangzhou
    id_number("440305", "20000229", "456"),  # Shenzhen, a leap day
    id_number("510104", "19700101", "007"),  # Chengdu
    id_number("650102", "19991231", "998"),  # Urumqi
]
CARDS = [
    luhn_number("621700123456789"),  # UnionPay, 16
    luhn_number("622848001234567890"),  # UnionPay debit, 19
    luhn_number("411111111111111"),  # Visa, 16
    luhn_number("510510510510510"),  # Mastercard, 16
    luhn_number("356600020000000"),  # JCB, 16
]
MOBILES = ["13800138000", "15912345678", "18600001111", "19912345678", "17700007777"]


def one_digit_changed(value: str) -> Iterator[str]:
    for i, ch in enumerate(value):
        for other in "0123456789X" if i == len(value) - 1 else "0123456789":
            if other != ch.upper():
                yield value[:i] + other + value[i + 1 :]


def kinds(text: str, **kw: Any) -> list[tuple[str, str]]:
    """(kind, the text it covers) for each hit: what a test can compare in one line."""
    return [(h.kind, text[h.start : h.end]) for h in find(text, **kw)]


def test_generated_identifiers_are_what_they_claim() -> None:
    assert any(i.endswith("X") for i in IDS)
    assert len({len(c) for c in CARDS}) == 2
    assert id_number("110105", "19491231", "002") == "11010519491231002X"  # a number published as a sample


# --- pii: what must be found ----------------------------------------------------------------------------


@pytest.mark.parametrize("number", IDS)
def test_id_card_found_bare_and_in_text_with_offsets(number: str) -> None:
    assert find(number) == [Hit("id_card", 0, 18)]
    text = f"经核实，举报人反映的当事人（{number}）于2024年6月收受礼金。"
    start = text.index(number)
    assert find(text) == [Hit("id_card", start, start + 18)]
    labelled = f"身份证号码：{number}"
    assert find(labelled) == [Hit("id_card", 6, 24, labelled=True)]


def test_id_card_lowercase_and_fullwidth_x() -> None:
    number = IDS[0]
    for x in ("x", "Ｘ"):
        assert kinds(number[:17] + x) == [("id_card", number[:17] + x)]


@pytest.mark.parametrize("number", IDS)
def test_id_card_with_one_digit_changed_is_not_found(number: str) -> None:
    for changed in one_digit_changed(number):
        assert find(changed) == [], changed
        assert find(f"身份证：{changed}") == [], changed


def test_id_card_needs_a_real_date_and_region() -> None:
    assert find(id_number("110105", "19490230", "002")) == []  # 30 February
    assert find(id_number("110105", "18991231", "002")) == []  # before 1900
    assert find(id_number("110105", "19491331", "002")) == []  # month 13
    assert find(id_number("990105", "19491231", "002")) == []  # no province 99
    assert find(id_number("000105", "19491231", "002")) == []
    # The 2023 foreign permanent residence card: 9, then a province code.
    assert kinds(id_number("911000", "19800101", "123")) == [("id_card", id_number("911000", "19800101", "123"))]


def test_id_card_grouped_or_spelled_out() -> None:
    number = IDS[1]
    grouped = f"{number[:6]} {number[6:14]} {number[14:]}"
    assert kinds(f"当事人 {grouped} 在职") == [("id_card", grouped)]
    spaced = " ".join(number)
    assert kinds(spaced) == [("id_card", spaced)]


def test_old_fifteen_digit_id_only_when_labelled() -> None:
    old = "330106850214123"  # region, YYMMDD, sequence
    assert find(old) == []
    assert find(f"合同编号 {old}") == []
    assert kinds(f"身份证号：{old}") == [("id_card", old)]
    assert find(f"身份证号：{old}") == [Hit("id_card", 5, 20, labelled=True)]
    assert find("身份证号：330106851314123") == []  # month 13
    assert kinds(old, key="身份证号") == [("id_card", old)]


@pytest.mark.parametrize("number", MOBILES)
def test_mobile_written_the_usual_ways(number: str) -> None:
    a, b, c = number[:3], number[3:7], number[7:]
    for written in (
        number, f"{a} {b} {c}", f"{a}-{b}-{c}", f"+86 {number}", f"+86-{a}-{b}-{c}", f"86{number}",
        f"0086 {number}", f"＋８６ {a}　{b}　{c}", f"{a}–{b}–{c}",
    ):
        for text in (written, f"请联系{written}。", f"联系人张某，手机：{written}，工作日"):
            start = text.index(written)
            assert find(text) == [Hit("mobile", start, start + len(written), labelled="手机" in text)], text


def test_mobile_with_one_digit_changed_at_the_front_is_not_found() -> None:
    for number in ("12800138000", "10800138000", "11800138000", "23800138000"):
        assert find(number) == []
        assert find(f"手机 {number}") == []
    assert find("1380013800") == []  # ten digits
    assert find("138001380001") == []  # twelve


@pytest.mark.parametrize("number", CARDS)
def test_bank_card_found_whole_and_in_fours(number: str) -> None:
    fours = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    for written in (number, fours, fours.replace(" ", "-")):
        text = f"退还至其本人银行账户 {written}，已核实"
        start = text.index(written)
        assert find(text) == [Hit("bank_card", start, start + len(written))], text
    assert find(f"卡号：{number}") == [Hit("bank_card", 3, 3 + len(number), labelled=True)]


@pytest.mark.parametrize("number", CARDS)
def test_bank_card_with_one_digit_changed_is_not_found(number: str) -> None:
    for changed in one_digit_changed(number):
        if "X" not in changed:
            assert find(changed) == [], changed
            assert find(f"银行卡号 {changed}") == [], changed


def test_bank_card_unusual_shapes_need_a_label() -> None:
    old_domestic = luhn_number("955880123456789012")  # 19 digits, starts 9
    eighteen = luhn_number("62170012345678901")
    odd_groups = luhn_number("621700123456789")
    odd_groups = f"{odd_groups[:6]} {odd_groups[6:]}"
    for number in (old_domestic, eighteen, odd_groups):
        assert find(number) == [], number
        assert kinds(f"银行卡号：{number}") == [("bank_card", number)]
        assert kinds(number, key="银行卡号") == [("bank_card", number)]


def test_labels_for_odd_mobile_groupings() -> None:
    assert find("138 00 138 000") == []
    assert kinds("手机号码为 138 00 138 000") == [("mobile", "138 00 138 000")]
    assert kinds("tel13800138000") == [("mobile", "13800138000")]
    assert kinds("138 00 138 000", key="mobile") == [("mobile", "138 00 138 000")]


def test_several_identifiers_in_one_text() -> None:
    card, number = CARDS[1], IDS[2]
    text = f"当事人：李某，身份证{number}，手机 139-0013-9000，工资卡 {card}；另一号码13800138000。"
    assert kinds(text) == [
        ("id_card", number), ("mobile", "139-0013-9000"), ("bank_card", card), ("mobile", "13800138000"),
    ]
    landline_then_mobile = "电话 0571-88888888 13800138000"
    assert kinds(landline_then_mobile) == [("mobile", "13800138000")]


def test_address_only_when_labelled() -> None:
    place = "浙江省杭州市西湖区文三路100号3幢2单元501室"
    for label in ("住址：", "家庭住址: ", "现住址：", "家庭地址：", "地址：", "户籍地址 ： "):
        text = f"{label}{place}"
        assert find(text) == [Hit("address", len(label), len(text), labelled=True)], text
    text = f"信访人反映：住址：{place}；联系电话 13800138000"
    assert kinds(text) == [("address", place), ("mobile", "13800138000")]
    assert kinds("Home address: 12 Main Street, Springfield") == [("address", "12 Main Street")]
    assert kinds(place, key="家庭住址") == [("address", place)]
    assert kinds(f"  {place}  ", key="home_address") == [("address", place)]
    assert find(place) == []  # an unlabelled place is not a person's address


def test_addresses_that_are_not_personal() -> None:
    for text in (
        "注册地址：浙江省杭州市西湖区文三路100号", "办公地址：杭州市西湖区", "单位地址：杭州市滨江区江南大道1号",
        "地址：见附件", "住址：略", "email address: a@example.com", "IP address: 10.0.0.1",
        "核实供应商注册地址与实际经营地址不一致", "经营地址为杭州市西湖区文三路100号",
    ):
        assert find(text) == [], text
    assert find("杭州市西湖区", key="注册地址") == []


# --- pii: evasion -----------------------------------------------------------------------------------------


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in text)


@pytest.mark.parametrize(
    "number, kind",
    [(IDS[0], "id_card"), (IDS[2], "id_card"), (MOBILES[0], "mobile"), (CARDS[0], "bank_card"), (CARDS[1], "bank_card")],
)
def test_evasion_is_seen_through(number: str, kind: pii.Kind) -> None:
    zws = "\u200b"
    variants = [
        fullwidth(number),
        zws.join(number),  # a zero-width space between every two digits
        "\u2060".join(number[:6]) + number[6:],  # word joiners
        number[:2] + "\ufeff" + number[2:5] + "\u200d\u200c" + number[5:],  # BOM, joiners
        number[:3] + "\u202e" + number[3:],  # a bidi override
        "\ufe0f\u20e3".join(number),  # keycap marks on the digits
        "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] if d.isdigit() else d for d in number),  # Arabic-Indic digits
        "".join("𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗"[int(d)] if d.isdigit() else d for d in number),  # mathematical bold
        fullwidth(number[:7]) + zws + number[7:],
    ]
    if "X" not in number:
        variants.append("".join("⓪①②③④⑤⑥⑦⑧⑨"[int(d)] for d in number))  # circled
    for written in variants:
        text = f"经查，{written}，情况属实"
        start = text.index(written)
        assert find(text) == [Hit(kind, start, start + len(written))], ascii(written)


def test_evasion_with_fullwidth_label_and_separators() -> None:
    text = "手机：１３８　００１３　８０００"
    assert kinds(text) == [("mobile", "１３８　００１３　８０００")]
    assert kinds("身份证号：" + fullwidth("330106850214123")) == [("id_card", fullwidth("330106850214123"))]


def test_hits_never_show_the_value() -> None:
    corpus = f"身份证 {IDS[0]} 手机 {MOBILES[0]} 卡号 {CARDS[1]} 住址：杭州市西湖区文三路100号"
    hits = find(corpus)
    assert {h.kind for h in hits} == {"id_card", "mobile", "bank_card", "address"}
    for hit in hits:
        shown = repr(hit) + str(hit) + repr([hit]) + f"{hit}"
        value = corpus[hit.start : hit.end]
        assert value not in shown
        assert not any(value[i : i + 4] in shown for i in range(len(value) - 3)), shown
    assert not hasattr(hits[0], "__dict__")  # slots: nowhere to hang the value later


def test_kind_names() -> None:
    assert pii.kind_name("id_card") == "居民身份证号"
    assert pii.kind_name("mobile", "en") == "mobile phone number"
    assert set(pii.KINDS) == {"id_card", "mobile", "bank_card", "address"}
    assert set(pii.KINDS) == set(typing.get_args(pii.Kind))


# --- pii: what must not be found ------------------------------------------------------------------------

ORDINARY = [
    "SJ-2024-01-F1", "XC-2024-01-F3", "OA-2024-0655", "ZC-2024-H1-CW-F3", "CW-001-M2",
    "2024-06-30", "20240630", "2024年6月30日", "2024-01-12 2024-02-06 2024-05-28 2024-07-25",
    "620万元", "38.6万元", "1234567.89", "12,345,678.90元", "合同金额 13500000000 元", "¥13800138000",
    "RMB 15912345678", "计 4111111111111111 元", "X纪〔2024〕7号", "会议纪要〔2024〕5号", "中共X委发〔2024〕12号",
    "0571-88888888", "0571 8888 8888", "010-62345678 转 8001", "400-820-8820", "举报电话 12388",
    "电话：0571-88888888", "HT20240615001234", "HT-2024-13800138000", "PO1380013800012",
    "SN4111111111111111", "file_13800138000.pdf", "v1.13800138000", "合同号 CG-2024-0615-001234",
    "发票号码 24332000000012345678", "统一社会信用代码 91330100MA2AXXXX1K", "1719734400000",
    "某100MW光伏项目签证工程量虚增，涉及金额38.6万元", "共 13 人，2024 年 6 月 30 日前完成",
    "项目编号 2024061500123456", "序号 1 2 3 4 5 6 7 8 9 10 11 12", "电话核实", "加油卡管理",
    "第1-3、5-8项", "1990-03-07 100", "3.1415926535897932384626",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_register_content_is_not_pii(text: str) -> None:
    assert find(text) == []


def example_strings() -> Iterator[tuple[Path, str | None, str]]:
    """(file, key, text) for every key and scalar of every YAML file of the example register."""

    def walk(node: object, key: str | None) -> Iterator[tuple[str | None, str]]:
        if isinstance(node, dict):
            for k, v in node.items():
                yield None, str(k)
                yield from walk(v, str(k))
        elif isinstance(node, list):
            for item in node:
                yield from walk(item, key)
        elif node is not None:
            yield key, str(node)

    files = sorted(p for p in EXAMPLE.rglob("*.yaml") if not any(part.startswith(".") for part in p.parts))
    assert len(files) >= 15
    for path in files:
        for key, text in walk(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader), None):
            yield path, key, text


def test_example_register_has_no_pii() -> None:
    count = 0
    for path, key, text in example_strings():
        assert find(text) == [], (path.name, key)
        assert find(text, key=key) == [], (path.name, key)
        count += 1
    assert count > 3000
    for path in EXAMPLE.rglob("*.yaml"):  # the raw text too: comments are in git as well
        raw = path.read_text(encoding="utf-8")
        assert find(raw) == [], path.name
        assert all(find(line) == [] for line in raw.splitlines()), path.name


def test_example_register_with_pii_planted_is_caught() -> None:
    """The no-false-positive scan above is not vacuous: the same strings with a number planted are caught."""
    texts = [text for _, _, text in example_strings() if len(text) > 20][:200]
    assert len(texts) == 200
    for i, text in enumerate(texts):
        planted = [IDS[i % 5], MOBILES[i % 5], CARDS[i % 5]][i % 3]
        mixed = text[:10] + "，" + planted + "，" + text[10:]
        hits = find(mixed)
        assert len(hits) == 1 and mixed[hits[0].start : hits[0].end] == planted, mixed


# --- pii: speed -------------------------------------------------------------------------------------------


@pytest.mark.slow  # seconds by design: it measures
def test_scan_speed_on_register_text_and_hostile_text() -> None:
    strings = [text for _, _, text in example_strings()]
    size = sum(len(s.encode()) for s in strings)
    repeat = 4_000_000 // size + 1  # 4 MB here; the report measures 16 MB
    find("warm up")
    started = time.perf_counter()
    for _ in range(repeat):
        for s in strings:
            find(s)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"{repeat * size / 1e6:.1f} MB in {elapsed:.2f}s"  # about 0.1 s on a 2-core CI box

    # Walls of digits, separators and labels, 200,000 characters each: linear, about a second per
    # million characters; anything quadratic would take minutes.
    hostile = [
        "1" * 200_000, "1 " * 100_000, "4 " * 100_000, "4444 " * 40_000, "13800138000-" * 16_000,
        "13800138000 " * 16_000, "1\u200b" * 100_000, ("1" + " " * 20) * 10_000, "手机：" * 70_000 + "13800138000",
        "卡号 " + "4 " * 100_000, "住址：" + "杭" * 200_000, ("13800138000 " * 3 + "元") * 5_000,
    ]
    for text in hostile:
        started = time.perf_counter()
        find(text)
        assert time.perf_counter() - started < 3.0, text[:20]
    assert len(find("13800138000 " * 16_000)) == 16_000


# --- vault ------------------------------------------------------------------------------------------------

NOTE = "2024年6月12日，纪委办公室与某同志开展提醒谈话。本人对收受购物卡一事作了说明，表示将于一周内退还。\n" * 40


def new_key() -> tuple[pyrage.x25519.Identity, str]:
    identity = pyrage.x25519.Identity.generate()
    return identity, str(identity.to_public())


def error_of(call: Any, *args: Any) -> VaultError:
    with pytest.raises(VaultError) as caught:
        call(*args)
    error = caught.value
    assert error.__cause__ is None  # no pyrage traceback behind it
    assert error.__context__ is None or error.__suppress_context__
    assert error.text("zh").startswith(("无法", "没有", "找不到", "第", "私钥", "解密")), error.text("zh")
    return error


def flip_base64_char(armored: str, line_index: int, column: int) -> str:
    """The armor with one character of its base64 text changed to another base64 character."""
    lines = armored.split("\n")
    line = lines[line_index]
    replacement = "B" if line[column] != "B" else "C"
    lines[line_index] = line[:column] + replacement + line[column + 1 :]
    return "\n".join(lines)


def binary_of(armored: str) -> bytes:
    return base64.b64decode("".join(armored.strip().split("\n")[1:-1]))


def armor(data: bytes) -> str:
    text = base64.b64encode(data).decode()
    body = "\n".join(text[i : i + 64] for i in range(0, len(text), 64))
    return f"-----BEGIN AGE ENCRYPTED FILE-----\n{body}\n-----END AGE ENCRYPTED FILE-----\n"


def change_header_char(armored: str, after: bytes, offset: int, to: str = "") -> str:
    """The ciphertext with one character of its age header changed, `offset` after `after`.

    By default to another base64 character, so that the header still parses.
    """
    data = bytearray(binary_of(armored))
    at = data.index(after) + len(after) + offset
    data[at] = ord(to or ("A" if data[at] != ord("A") else "B"))
    return armor(bytes(data))


def test_round_trip_one_recipient() -> None:
    me, my_public = new_key()
    armored = encrypt(NOTE, [my_public])
    assert armored.startswith("-----BEGIN AGE ENCRYPTED FILE-----\n")
    assert armored.endswith("-----END AGE ENCRYPTED FILE-----\n")
    assert all(len(line) <= 64 for line in armored.splitlines())
    assert "谈话" not in armored and armored.isascii()
    assert decrypt(armored, [me]) == NOTE
    assert encrypt(NOTE, [my_public]) != armored  # a fresh file key each time
    assert decrypt(encrypt("", [my_public]), [me]) == ""


def test_round_trip_two_recipients_each_alone_can_decrypt() -> None:
    alice, alice_public = new_key()
    bob, bob_public = new_key()
    armored = encrypt(NOTE, [alice_public, bob_public])
    assert decrypt(armored, [alice]) == NOTE
    assert decrypt(armored, [bob]) == NOTE
    assert decrypt(armored, [new_key()[0], bob]) == NOTE  # the one that fits is found among several


def test_wrong_key_fails_clearly() -> None:
    _, public = new_key()
    stranger, _ = new_key()
    error = error_of(decrypt, encrypt(NOTE, [public]), [stranger])
    assert error.message_id == "dossier.vault.wrong_key"
    assert error.text("zh").startswith("无法解密：")
    assert "not encrypted to these keys" in error.text("en")
    assert error_of(decrypt, encrypt(NOTE, [public]), []).message_id == "dossier.vault.no_identities"


def test_tampered_ciphertext_fails_clearly() -> None:
    me, public = new_key()
    armored = encrypt(NOTE, [public])
    lines = armored.split("\n")
    middle = len(lines) // 2
    assert middle > 6  # well inside the payload, past the header
    assert error_of(decrypt, flip_base64_char(armored, middle, 30), [me]).message_id == "dossier.vault.tampered"
    # The recipient line's wrapped key changed: age cannot tell that from a ciphertext for someone else,
    # which is why the message says "or its recipient lines were altered".
    assert armor(binary_of(armored)) == armored
    changed = change_header_char(armored, b"-> X25519 ", 44 + 10)
    assert error_of(decrypt, changed, [me]).message_id == "dossier.vault.wrong_key"
    # A character of the header that is no longer base64: the header does not parse.
    changed = change_header_char(armored, b"-> X25519 ", 10, to="!")
    assert error_of(decrypt, changed, [me]).message_id == "dossier.vault.tampered"


def test_tampered_header_mac_fails_clearly() -> None:
    me, public = new_key()
    armored = encrypt("短", [public])
    assert error_of(decrypt, change_header_char(armored, b"\n--- ", 8), [me]).message_id == "dossier.vault.tampered"


def test_truncated_ciphertext_fails_clearly() -> None:
    me, public = new_key()
    armored = encrypt(NOTE, [public])
    assert error_of(decrypt, armored[: len(armored) // 2], [me]).message_id == "dossier.vault.damaged_end"
    lines = armored.rstrip("\n").split("\n")
    shortened = "\n".join([*lines[:-4], lines[-1]]) + "\n"  # whole lines of the payload gone, END kept
    assert error_of(decrypt, shortened, [me]).message_id == "dossier.vault.tampered"
    header_only = "\n".join([lines[0], lines[1], lines[-1]]) + "\n"
    assert error_of(decrypt, header_only, [me]).message_id == "dossier.vault.damaged_header"
    broken = armored.replace(lines[3], lines[3][:20] + "!" + lines[3][21:])
    assert error_of(decrypt, broken, [me]).message_id == "dossier.vault.damaged_base64"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "谈话记录：本人表示已退还",
        "-----BEGIN PGP MESSAGE-----\nhQEMA\n-----END PGP MESSAGE-----\n",
        "age-encryption.org/v1\n-> X25519 abc\n",
        "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSB4Z1k5NFg3VjZKZjRRcC9R",
    ],
)
def test_not_age_data_fails_clearly(text: str) -> None:
    me, _ = new_key()
    assert error_of(decrypt, text, [me]).message_id == "dossier.vault.not_age"


# Made by pyrage.passphrase.encrypt("谈话记录".encode(), "correct horse", armored=True): kept here because
# scrypt takes seconds by design.
PASSPHRASE_ENCRYPTED = """\
-----BEGIN AGE ENCRYPTED FILE-----
YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IHNjcnlwdCA0SSt1azJZbUx3UHRHTExU
YTF3L3l3IDE5CjM3ZG8ra3R2OTJhblp6QTNxaStaN3d3M0VKRWF6NFpDQlN3WElh
R3hhM1EKLS0tIDJscTh3TXhOMUdodU1LUjlicUdGNVJHYlpDU1dVeVhZWjhveTlX
Ny84d1kK77ZtJFjeS0xmaZmIMIxPJsMRMynFKXxkEWBt3d4JL94oFKNr4lxUU60x
O+g=
-----END AGE ENCRYPTED FILE-----
"""


def test_passphrase_ciphertext_is_named() -> None:
    me, _ = new_key()
    assert b"-> scrypt " in binary_of(PASSPHRASE_ENCRYPTED)
    assert error_of(decrypt, PASSPHRASE_ENCRYPTED, [me]).message_id == "dossier.vault.passphrase"


def test_decrypted_bytes_that_are_not_text_fail_clearly() -> None:
    me, public = new_key()
    armored = pyrage.encrypt(b"\xff\xfe not utf-8", [me.to_public()], armored=True).decode()
    assert error_of(decrypt, armored, [me]).message_id == "dossier.vault.not_text"
    assert decrypt(encrypt("好", [public]), [me]) == "好"


def test_recipients_must_be_a_list() -> None:
    _, public = new_key()
    with pytest.raises(TypeError):
        encrypt(NOTE, public)  # a str is a Sequence[str]: only the runtime check catches this


def test_armor_survives_yaml_and_diffs_only_its_entry() -> None:
    me, public = new_key()
    ruamel = YAML()
    entries = {"entries": [
        {"date": "2024-06-12", "kind": "提醒谈话", "content": LiteralScalarString(encrypt(NOTE, [public]))},
        {"date": "2024-07-01", "kind": "信访", "content": LiteralScalarString(encrypt("第二条", [public]))},
    ]}
    before = io.StringIO()
    ruamel.dump(entries, before)
    loaded = ruamel.load(before.getvalue())
    assert decrypt(str(loaded["entries"][0]["content"]), [me]) == NOTE
    loaded["entries"][1]["content"] = LiteralScalarString(encrypt("第二条（已修改）", [public]))
    after = io.StringIO()
    ruamel.dump(loaded, after)
    old_lines, new_lines = before.getvalue().splitlines(), after.getvalue().splitlines()
    first_entry_end = next(i for i, line in enumerate(old_lines) if "2024-07-01" in line)
    assert new_lines[:first_entry_end + 2] == old_lines[:first_entry_end + 2]  # entry 1 untouched
    assert decrypt(str(ruamel.load(after.getvalue())["entries"][1]["content"]), [me]) == "第二条（已修改）"
    # Indented, CRLF and re-wrapped armor, as editors and YAML tools may leave it, still decrypts.
    armored = encrypt(NOTE, [public])
    assert decrypt("\r\n".join("    " + line for line in armored.splitlines()), [me]) == NOTE


def test_malformed_recipient_is_named_by_position_and_prefix() -> None:
    _, good = new_key()
    bad = "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgp"
    error = error_of(encrypt, NOTE, [good, bad])
    assert error.message_id == "dossier.vault.recipient_malformed"
    assert error.params == {"position": 2, "prefix": "age1qyqszqgp…"}
    assert error.text("zh").startswith("第 2 个收件人公钥格式不正确（开头为“age1qyqszqgp…”）")
    assert "recipient 2" in error.text("en")
    for wrong in ("", "   ", "ssh-ed25519 AAAAnotakey", "bob@example.com", good[:-1], good + "q"):
        assert error_of(encrypt, NOTE, [wrong]).message_id == "dossier.vault.recipient_malformed", wrong
    assert error_of(encrypt, NOTE, []).message_id == "dossier.vault.no_recipients"


def test_secret_key_given_as_recipient_is_refused_without_echo() -> None:
    identity, public = new_key()
    secret = str(identity)
    assert secret.startswith("AGE-SECRET-KEY-1")
    error = error_of(encrypt, NOTE, [public, secret])
    assert error.message_id == "dossier.vault.recipient_is_secret"
    assert error.params == {"position": 2}
    for shown in (error.text("zh"), error.text("en"), str(error), repr(error)):
        assert secret[16:24] not in shown


def test_rekey_removing_a_recipient() -> None:
    alice, alice_public = new_key()
    bob, bob_public = new_key()
    old = encrypt(NOTE, [alice_public, bob_public])
    new = rekey(old, [alice], [alice_public])
    assert decrypt(new, [alice]) == NOTE
    assert error_of(decrypt, new, [bob]).message_id == "dossier.vault.wrong_key"
    assert decrypt(old, [bob]) == NOTE  # what git history holds stays readable to bob: no revocation
    carol, carol_public = new_key()
    added = rekey(new, [alice], [alice_public, carol_public])
    assert decrypt(added, [carol]) == NOTE
    # A bad new recipient is refused before anything is decrypted, even with the wrong key.
    assert error_of(rekey, old, [carol], [alice_public, "age1nope"]).message_id == "dossier.vault.recipient_malformed"


def test_identity_file_with_comments(tmp_path: Path) -> None:
    alice, alice_public = new_key()
    bob, bob_public = new_key()
    path = tmp_path / "keys.txt"
    path.write_text(
        f"# created: 2024-06-12T10:00:00+08:00\n# public key: {alice_public}\n{alice}\n\n"
        f"  # the deputy's key\n{bob}  \n",
        encoding="utf-8",
    )
    identities = load_identities(path)
    assert len(identities) == 2
    assert decrypt(encrypt(NOTE, [bob_public]), identities) == NOTE
    assert decrypt(encrypt(NOTE, [alice_public]), load_identities(str(path))) == NOTE


def test_identity_file_errors(tmp_path: Path) -> None:
    missing = tmp_path / "none.txt"
    error = error_of(load_identities, missing)
    assert error.message_id == "dossier.vault.identity_file_missing" and error.params["path"] == str(missing)
    assert error_of(load_identities, tmp_path).message_id == "dossier.vault.identity_file_unreadable"

    identity, _ = new_key()
    secret = str(identity)
    malformed = tmp_path / "malformed.txt"
    malformed.write_text(f"# key\n{secret[:-3]}\n", encoding="utf-8")
    error = error_of(load_identities, malformed)
    assert error.message_id == "dossier.vault.identity_file_malformed" and error.params["line"] == 2
    pasted = tmp_path / "pasted.txt"
    pasted.write_text(f"{secret}\nthe password is hunter2\n", encoding="utf-8")
    error = error_of(load_identities, pasted)
    assert error.params["line"] == 2
    for e in (error_of(load_identities, malformed), error):
        shown = e.text("zh") + e.text("en") + repr(e.params)
        assert secret[16:30] not in shown and "hunter2" not in shown

    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing here\n\n", encoding="utf-8")
    assert error_of(load_identities, empty).message_id == "dossier.vault.identity_file_empty"
    not_ssh = tmp_path / "id_broken"
    not_ssh.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n")
    assert error_of(load_identities, not_ssh).message_id == "dossier.vault.identity_file_ssh_malformed"
    binary = tmp_path / "binary.key"
    binary.write_bytes(b"\x80\xfe\x00AGE")
    assert error_of(load_identities, binary).message_id == "dossier.vault.identity_file_not_text"
    wide = tmp_path / "wide.key"  # begins with UTF-16's byte-order mark: read as UTF-16 (PowerShell's `>`)
    wide.write_bytes(b"\xff\xfe\x00AGE")
    assert error_of(load_identities, wide).message_id == "dossier.vault.identity_file_malformed"


ssh_keygen = shutil.which("ssh-keygen")


@pytest.mark.skipif(ssh_keygen is None, reason="ssh-keygen (openssh-client) is not installed")
def test_ssh_keys(tmp_path: Path) -> None:
    assert ssh_keygen is not None
    key = tmp_path / "id_ed25519"
    subprocess.run([ssh_keygen, "-q", "-t", "ed25519", "-N", "", "-C", "纪委", "-f", str(key)], check=True)
    public = (tmp_path / "id_ed25519.pub").read_text(encoding="utf-8").strip()
    age_identity, age_public = new_key()
    armored = encrypt(NOTE, [public, age_public])
    assert decrypt(armored, load_identities(key)) == NOTE
    assert decrypt(armored, [age_identity]) == NOTE

    locked = tmp_path / "id_locked"
    subprocess.run([ssh_keygen, "-q", "-t", "ed25519", "-N", "passphrase", "-f", str(locked)], check=True)
    assert error_of(load_identities, locked).message_id == "dossier.vault.identity_file_ssh_encrypted"
    assert error_of(encrypt, NOTE, [public.split()[0] + " AAAAC3Nza"]).message_id == "dossier.vault.recipient_malformed"


def test_plaintext_is_not_written_to_disk() -> None:
    """Every file Python opens for writing while encrypting, decrypting and rekeying is recorded.

    pyrage works in Rust, outside Python's audit hooks; the module never hands it a path, which the
    test of its source below checks.
    """
    opened: list[str] = []
    watching = [True]

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if watching[0] and event == "open" and len(args) > 1 and args[1] not in (None, "r", "rb"):
            opened.append(str(args[0]))

    sys.addaudithook(hook)
    me, public = new_key()
    try:
        armored = encrypt(NOTE, [public])
        decrypt(armored, [me])
        rekey(armored, [me], [public])
    finally:
        watching[0] = False
    assert opened == []
    source = Path(vault.__file__).read_text(encoding="utf-8")
    assert not re.search(r"encrypt_file|decrypt_file|encrypt_io|decrypt_io|tempfile|NamedTemporary|write_", source)


# --- messages ---------------------------------------------------------------------------------------------


def test_messages_come_from_the_catalogue_in_both_languages() -> None:
    error = VaultError("dossier.vault.identity_file_malformed", path="keys.txt", line=7)
    assert str(error) == "私钥文件 keys.txt 第 7 行不是有效的 age 私钥（应为 AGE-SECRET-KEY-1…，注释行以 # 开头）"
    assert error.text("en").startswith("line 7 of the identity file keys.txt")


def test_vault_error_ids_raised_are_in_the_catalogue() -> None:
    source = Path(vault.__file__).read_text(encoding="utf-8")
    raised = set(re.findall(r'VaultError\(\s*"([\w.]+)"', source)) | set(re.findall(r'"(dossier\.vault\.\w+)"', source))
    assert raised <= set(i18n.catalogue("zh")) and raised <= set(i18n.catalogue("en"))
    assert {"dossier.vault.wrong_key", "dossier.vault.tampered", "dossier.vault.not_age", "dossier.vault.identity_file_missing"} <= raised


def test_dates_in_the_generated_ids_are_real() -> None:
    for number in IDS:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


# --- pii: whole files, as pdca check reads them ------------------------------------------------------------


def spots_line_by_line(text: str) -> list[tuple[str, int, int]]:
    """What `find` says of each line with the line before it: the slow reading `find_in_file` must match."""
    lines = text.split("\n")
    found = []
    for number, line in enumerate(lines, start=1):
        before = lines[number - 2] if number > 1 else None
        window = line if before is None else f"{before}\n{line}"
        offset = 0 if before is None else len(before) + 1
        found += [(h.kind, number, h.start - offset + 1) for h in find(window) if h.start >= offset]
    return found


def planted_files() -> Iterator[tuple[str, str, int]]:
    """Each file of the example register, then the same with an identifier and an address planted at
    every 7th line, the identifier written plainly or in one of the ways people hide them; and how many
    lines were planted."""
    fw = fullwidth
    disguises = [
        lambda n: n, fw, lambda n: "\u200b".join(n), lambda n: f"{n[:3]} {n[3:7]} {n[7:]}" if len(n) == 11 else n,
        lambda n: "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] if d.isdigit() else d for d in n), lambda n: "\u3000".join(n),
    ]
    values = [*IDS, *MOBILES, *CARDS]
    for path in sorted(EXAMPLE.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        yield path.name, text, 0
        lines = text.split("\n")
        for k in range(0, len(lines), 7):
            value = values[k % len(values)]
            lines[k] = lines[k] + f"  # 核实：{disguises[k % len(disguises)](value)}，住址：杭州市西湖区文三路{k}号"
        yield f"{path.name} (planted)", "\n".join(lines), len(range(0, len(lines), 7))


def test_file_scan_finds_what_a_line_by_line_reading_finds() -> None:
    for name, text, planted in planted_files():
        spots = [(s.kind, s.line, s.column) for s in pii.find_in_file(text.encode("utf-8"))]
        assert spots == spots_line_by_line(text), name
        # every planted identifier was found, in every disguise, and its address: nothing else
        assert len(spots) == 2 * planted and {line for _, line, _ in spots} == set(range(1, 7 * planted, 7)), name


def test_file_scan_of_the_example_register_finds_nothing() -> None:
    for path in EXAMPLE.rglob("*.yaml"):
        assert pii.find_in_file(path.read_bytes()) == [], path.name


def test_file_scan_reads_crlf_and_a_label_on_the_line_before() -> None:
    data = b"a: 1\r\nmobile:\r\n  138 00 138 000\r\nb: 2\r\n"
    assert pii.find_in_file(data) == [pii.Spot("mobile", 3, 3)]
    assert pii.find_in_file(b"") == [] and pii.find_in_file(b"13800138000") == [pii.Spot("mobile", 1, 1)]
    assert pii.find_in_file("\ufeff13800138000".encode()) == [pii.Spot("mobile", 1, 2)]
