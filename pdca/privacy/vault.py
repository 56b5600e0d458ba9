"""Per-entry encryption of 廉政档案 content with age, through the `pyrage` binding.

A dossier entry keeps its metadata (date, kind, who recorded it) in clear and its content (a 信访
summary, a 个人有关事项 note, talk notes) as ASCII-armored age ciphertext, encrypted to the discipline
office's public keys.  Armor is plain text, so it sits in YAML as a block scalar:

    content: |
      -----BEGIN AGE ENCRYPTED FILE-----
      YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSB4Z1k5NFg3VjZKZjRRcC9R
      ...
      -----END AGE ENCRYPTED FILE-----

Each entry is its own ciphertext, so changing one entry changes only its lines in a diff.  age encrypts
with a fresh random key every time: re-encrypting unchanged content gives different text, so a caller
should call `encrypt` only for an entry whose content changed (and `rekey` when the recipients change).

Recipients: X25519 keys (`age1...`, from age-keygen) and, because pyrage supports them directly, SSH
keys (`ssh-ed25519 ...`, `ssh-rsa ...`).  Identities: an age identity file (`AGE-SECRET-KEY-1...` lines,
`#` comments, as age-keygen writes it) or an unencrypted OpenSSH private key file.

What this does not do:
- age does not say who a ciphertext is for, by design; there is no `recipients_of`.  To add or remove a
  reader, `rekey` every entry (decrypt with a current key, encrypt to the new set).
- Removing a recipient does not revoke anything: every earlier version of every entry is still in git
  history, encrypted to the old set, and whoever held a removed key can still read those.  If a key
  leaks, rekeying protects only what is written afterwards.
- Plaintext never goes to disk here: pyrage works on bytes in memory and no temporary file is made.
  Python cannot wipe a str, so decrypted text stays in this process's memory until it is collected.

Errors are `VaultError`, carrying a message id from `MESSAGES` and its parameters; none of them ever
contains key material or plaintext.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

import pyrage
from pyrage import ssh, x25519

Identity: TypeAlias = x25519.Identity | ssh.Identity
Recipient: TypeAlias = x25519.Recipient | ssh.Recipient

# Messages people read, Chinese first.  `message(id, lang, **params)` renders one.
MESSAGES: dict[str, tuple[str, str]] = {
    "vault.no_recipients": (
        "没有收件人：至少需要一个纪检部门的 age 公钥（age1…）",
        "no recipients: at least one age public key (age1...) of the discipline office is needed",
    ),
    "vault.recipient_malformed": (
        "第 {position} 个收件人公钥格式不正确（开头为“{prefix}”）：应为 age1… 或 ssh-ed25519/ssh-rsa 公钥",
        (
            "recipient {position} is not a valid public key (it starts “{prefix}”): expected age1... or an "
            "ssh-ed25519/ssh-rsa public key"
        ),
    ),
    "vault.recipient_is_secret": (
        "第 {position} 个收件人是私钥，不是公钥：私钥不得写入登记簿或配置，请改用对应的公钥，并尽快更换这把私钥",
        (
            "recipient {position} is a secret key, not a public key: never put a secret key in a register or "
            "its configuration; use its public key instead, and replace that secret key soon"
        ),
    ),
    "vault.no_identities": (
        "无法解密：没有提供私钥",
        "cannot decrypt: no identities were given",
    ),
    "vault.identity_file_missing": (
        "找不到私钥文件：{path}",
        "identity file not found: {path}",
    ),
    "vault.identity_file_denied": (
        "无法读取私钥文件：{path}（没有读取权限）",
        "cannot read the identity file {path} (permission denied)",
    ),
    "vault.identity_file_unreadable": (
        "无法读取私钥文件：{path}（{reason}）",
        "cannot read the identity file {path} ({reason})",
    ),
    "vault.identity_file_not_text": (
        "私钥文件 {path} 不是文本文件（age 私钥文件是 UTF-8 文本）",
        "the identity file {path} is not text (an age identity file is UTF-8 text)",
    ),
    "vault.identity_file_malformed": (
        "私钥文件 {path} 第 {line} 行不是有效的 age 私钥（应为 AGE-SECRET-KEY-1…，注释行以 # 开头）",
        (
            "line {line} of the identity file {path} is not a valid age identity (expected AGE-SECRET-KEY-1..., "
            "comments start with #)"
        ),
    ),
    "vault.identity_file_empty": (
        "私钥文件 {path} 中没有私钥",
        "the identity file {path} holds no identity",
    ),
    "vault.identity_file_ssh_encrypted": (
        "私钥文件 {path} 是设有口令的 SSH 私钥，pdca 不能读取：请使用 age 私钥文件",
        (
            "the identity file {path} is a passphrase-protected SSH key, which pdca cannot use: use an age "
            "identity file"
        ),
    ),
    "vault.identity_file_ssh_malformed": (
        "私钥文件 {path} 看起来是 SSH 私钥，但无法识别其内容",
        "the identity file {path} looks like an SSH private key but cannot be read as one",
    ),
    "vault.not_age": (
        "无法解密：内容不是 age 加密数据（应以 -----BEGIN AGE ENCRYPTED FILE----- 开头）",
        "cannot decrypt: this is not age-encrypted data (it should start with -----BEGIN AGE ENCRYPTED FILE-----)",
    ),
    "vault.damaged_end": (
        "无法解密：密文不完整，缺少结尾行 -----END AGE ENCRYPTED FILE-----（被截断？），请从 git 历史中恢复该条目",
        (
            "cannot decrypt: the ciphertext is incomplete, its -----END AGE ENCRYPTED FILE----- line is missing "
            "(truncated?); restore the entry from git history"
        ),
    ),
    "vault.damaged_base64": (
        "无法解密：密文的 Base64 编码已损坏（字符被改动或缺失），请从 git 历史中恢复该条目",
        (
            "cannot decrypt: the ciphertext's base64 text is damaged (characters changed or missing); restore "
            "the entry from git history"
        ),
    ),
    "vault.damaged_header": (
        "无法解密：密文的文件头不完整或已损坏，请从 git 历史中恢复该条目",
        "cannot decrypt: the ciphertext's header is incomplete or damaged; restore the entry from git history",
    ),
    "vault.passphrase": (
        "无法解密：该密文是用口令加密的，pdca 只使用公钥加密",
        "cannot decrypt: this ciphertext was encrypted with a passphrase; pdca uses public keys only",
    ),
    "vault.wrong_key": (
        "无法解密：该条目不是加密给这些私钥的（或其收件人信息已被改动）",
        "cannot decrypt: this entry is not encrypted to these keys (or its recipient lines were altered)",
    ),
    "vault.tampered": (
        "无法解密：密文未通过完整性校验，已被篡改或截断，请从 git 历史中恢复该条目",
        (
            "cannot decrypt: the ciphertext failed its integrity check (altered or truncated); restore the entry "
            "from git history"
        ),
    ),
    "vault.not_text": (
        "解密成功，但内容不是 UTF-8 文本",
        "decrypted, but the content is not UTF-8 text",
    ),
}


def message(message_id: str, lang: str = "zh", **params: object) -> str:
    """The message in Chinese (`zh`, the default) or English (`en`), with its parameters filled in."""
    zh, en = MESSAGES[message_id]
    return (en if lang == "en" else zh).format(**params)


class VaultError(Exception):
    """A problem the user can act on; `text(lang)` says it.  Never holds key material or plaintext."""

    def __init__(self, message_id: str, **params: object) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.params = params

    def text(self, lang: str = "zh") -> str:
        return message(self.message_id, lang, **self.params)

    def __str__(self) -> str:
        return self.text("zh")


_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
_END = "-----END AGE ENCRYPTED FILE-----"
_MAGIC = b"age-encryption.org/v1\n"
_SECRET_PREFIXES = ("AGE-SECRET-KEY-", "AGE-PLUGIN-", "-----BEGIN")


# --- recipients -----------------------------------------------------------------------------------------


def _prefix(text: str) -> str:
    """Enough of a public key to find it in a list; a public key is not secret."""
    return text[:12] + "…" if len(text) > 12 else text


def parse_recipients(recipients: Sequence[str]) -> list[Recipient]:
    """Check every recipient before encrypting anything, and say which one is wrong and how."""
    if isinstance(recipients, str):  # one key passed bare would be read letter by letter
        raise TypeError("recipients must be a list of public keys, not one string")
    if not recipients:
        raise VaultError("vault.no_recipients")
    parsed: list[Recipient] = []
    seen: set[str] = set()
    for position, raw in enumerate(recipients, start=1):
        text = raw.strip() if isinstance(raw, str) else ""
        if text.upper().startswith(_SECRET_PREFIXES):
            # Do not echo even a prefix: this is key material in the wrong place.
            raise VaultError("vault.recipient_is_secret", position=position)
        if text in seen:  # the same key twice would only add a second stanza
            continue
        try:
            if text.startswith("age1"):
                parsed.append(x25519.Recipient.from_str(text))
            elif text.startswith(("ssh-ed25519 ", "ssh-rsa ")):
                parsed.append(ssh.Recipient.from_str(text))
            else:
                raise VaultError("vault.recipient_malformed", position=position, prefix=_prefix(text))
        except pyrage.RecipientError:
            raise VaultError("vault.recipient_malformed", position=position, prefix=_prefix(text)) from None
        seen.add(text)
    return parsed


# --- identities -----------------------------------------------------------------------------------------


def load_identities(path: str | os.PathLike[str]) -> list[Identity]:
    """The identities in an age identity file (or an unencrypted OpenSSH private key file).

    Errors name the file and a line number, never what is on the line.
    """
    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise VaultError("vault.identity_file_missing", path=shown) from None
    except PermissionError:
        raise VaultError("vault.identity_file_denied", path=shown) from None
    except OSError as error:  # a directory, an I/O error: the system's own words, which hold no key
        raise VaultError("vault.identity_file_unreadable", path=shown, reason=error.strerror or "") from None
    if b"-----BEGIN OPENSSH PRIVATE KEY-----" in data:
        return [_ssh_identity(data, shown)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise VaultError("vault.identity_file_not_text", path=shown) from None
    identities: list[Identity] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            identities.append(x25519.Identity.from_str(line))
        except pyrage.IdentityError:
            raise VaultError("vault.identity_file_malformed", path=shown, line=number) from None
    if not identities:
        raise VaultError("vault.identity_file_empty", path=shown)
    return identities


def _ssh_identity(data: bytes, shown: str) -> ssh.Identity:
    try:
        return ssh.Identity.from_buffer(data)
    except pyrage.IdentityError as error:
        # pyrage says "ssh key must be decrypted first" for a key with a passphrase: the only text we
        # look at, and it holds nothing of the key.
        encrypted = "decrypted" in str(error)
        message_id = "vault.identity_file_ssh_encrypted" if encrypted else "vault.identity_file_ssh_malformed"
        raise VaultError(message_id, path=shown) from None


# --- encrypt, decrypt, rekey ----------------------------------------------------------------------------


def encrypt(plaintext: str, recipients: Sequence[str]) -> str:
    """`plaintext` as ASCII-armored age ciphertext that any one of `recipients` can decrypt."""
    parsed = parse_recipients(recipients)
    return pyrage.encrypt(plaintext.encode("utf-8"), parsed, armored=True).decode("ascii")


def _unarmor(armored: str) -> bytes:
    """The binary age file inside the armor, or a VaultError saying what is wrong with it.

    Read here rather than by pyrage so that YAML's re-indentation, CRLF line ends or a re-wrapped body
    do not matter, and so that "not age", "damaged" and "tampered" are told apart reliably.
    """
    lines = [line.strip() for line in armored.strip().splitlines()]
    if not lines or lines[0] != _BEGIN:
        raise VaultError("vault.not_age")
    if _END not in lines:
        raise VaultError("vault.damaged_end")
    body = "".join(lines[1 : lines.index(_END)])
    try:
        data = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise VaultError("vault.damaged_base64") from None
    if not data.startswith(_MAGIC) or b"\n---" not in data:
        raise VaultError("vault.damaged_header")
    return data


def _stanza_types(data: bytes) -> set[bytes]:
    header = data[: data.index(b"\n---")]
    return {line.split(b" ")[1] for line in header.split(b"\n") if line.startswith(b"-> ") and b" " in line[3:]}


def decrypt(armored: str, identities: Sequence[Identity]) -> str:
    """The text in an armored age ciphertext, decrypted with any of `identities`."""
    data = _unarmor(armored)
    if not identities:
        raise VaultError("vault.no_identities")
    types = _stanza_types(data)
    if types == {b"scrypt"}:
        raise VaultError("vault.passphrase")
    try:
        plaintext = pyrage.decrypt(data, list(identities))
    except pyrage.DecryptError as error:
        # age cannot tell "not for this key" from "a recipient line was altered": both are a stanza no
        # identity can open.  Everything after the header (its MAC, the payload) is authenticated, so
        # any other failure is tampering or truncation.  pyrage names the first case only in English.
        if "No matching keys" in str(error):
            raise VaultError("vault.wrong_key") from None
        raise VaultError("vault.tampered") from None
    try:
        return plaintext.decode("utf-8")
    except UnicodeDecodeError:
        raise VaultError("vault.not_text") from None


def rekey(armored: str, identities: Sequence[Identity], new_recipients: Sequence[str]) -> str:
    """The same content encrypted to `new_recipients` instead: to add or remove a reader.

    The recipients are checked before anything is decrypted.  Removing a recipient does not revoke
    what git history already holds (see the module's notes).
    """
    parse_recipients(new_recipients)
    return encrypt(decrypt(armored, identities), new_recipients)
