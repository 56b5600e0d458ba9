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

Errors are `VaultError`, carrying a message id of the catalogue (`dossier.vault.*`) and its parameters;
none of them ever contains key material or plaintext.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

import pyrage
from pyrage import ssh, x25519

from pdca import i18n

Identity: TypeAlias = x25519.Identity | ssh.Identity
Recipient: TypeAlias = x25519.Recipient | ssh.Recipient

class VaultError(Exception):
    """A problem the user can act on; `text(lang)` says it (catalogue `dossier.vault.*`).  Never holds
    key material or plaintext."""

    def __init__(self, message_id: str, **params: object) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.params = params

    def text(self, lang: str = "zh") -> str:
        return i18n.text(self.message_id, lang, **self.params)

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
        raise VaultError("dossier.vault.no_recipients")
    parsed: list[Recipient] = []
    seen: set[str] = set()
    for position, raw in enumerate(recipients, start=1):
        text = raw.strip() if isinstance(raw, str) else ""
        if text.upper().startswith(_SECRET_PREFIXES):
            # Do not echo even a prefix: this is key material in the wrong place.
            raise VaultError("dossier.vault.recipient_is_secret", position=position)
        if text in seen:  # the same key twice would only add a second stanza
            continue
        try:
            if text.startswith("age1"):
                parsed.append(x25519.Recipient.from_str(text))
            elif text.startswith(("ssh-ed25519 ", "ssh-rsa ")):
                parsed.append(ssh.Recipient.from_str(text))
            else:
                raise VaultError("dossier.vault.recipient_malformed", position=position, prefix=_prefix(text))
        except pyrage.RecipientError:
            raise VaultError("dossier.vault.recipient_malformed", position=position, prefix=_prefix(text)) from None
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
        raise VaultError("dossier.vault.identity_file_missing", path=shown) from None
    except PermissionError:
        raise VaultError("dossier.vault.identity_file_denied", path=shown) from None
    except OSError as error:  # a directory, an I/O error: the system's own words, which hold no key
        raise VaultError("dossier.vault.identity_file_unreadable", path=shown, reason=error.strerror or "") from None
    if b"-----BEGIN OPENSSH PRIVATE KEY-----" in data:
        return [_ssh_identity(data, shown)]
    # A key saved on Windows: Notepad's BOM and CRLF, or UTF-16 from PowerShell 5's `age-keygen > file`.
    wide = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    try:
        text = data.decode("utf-16" if wide else "utf-8-sig")
    except UnicodeDecodeError:
        raise VaultError("dossier.vault.identity_file_not_text", path=shown) from None
    identities: list[Identity] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            identities.append(x25519.Identity.from_str(line))
        except pyrage.IdentityError:
            raise VaultError("dossier.vault.identity_file_malformed", path=shown, line=number) from None
    if not identities:
        raise VaultError("dossier.vault.identity_file_empty", path=shown)
    return identities


def _ssh_identity(data: bytes, shown: str) -> ssh.Identity:
    try:
        return ssh.Identity.from_buffer(data)
    except pyrage.IdentityError as error:
        # pyrage says "ssh key must be decrypted first" for a key with a passphrase: the only text we
        # look at, and it holds nothing of the key.
        encrypted = "decrypted" in str(error)
        message_id = "dossier.vault.identity_file_ssh_encrypted" if encrypted else "dossier.vault.identity_file_ssh_malformed"
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
        raise VaultError("dossier.vault.not_age")
    if _END not in lines:
        raise VaultError("dossier.vault.damaged_end")
    body = "".join(lines[1 : lines.index(_END)])
    try:
        data = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise VaultError("dossier.vault.damaged_base64") from None
    if not data.startswith(_MAGIC) or b"\n---" not in data:
        raise VaultError("dossier.vault.damaged_header")
    return data


def _stanza_types(data: bytes) -> set[bytes]:
    header = data[: data.index(b"\n---")]
    return {line.split(b" ")[1] for line in header.split(b"\n") if line.startswith(b"-> ") and b" " in line[3:]}


def decrypt(armored: str, identities: Sequence[Identity]) -> str:
    """The text in an armored age ciphertext, decrypted with any of `identities`."""
    data = _unarmor(armored)
    if not identities:
        raise VaultError("dossier.vault.no_identities")
    types = _stanza_types(data)
    if types == {b"scrypt"}:
        raise VaultError("dossier.vault.passphrase")
    try:
        plaintext = pyrage.decrypt(data, list(identities))
    except pyrage.DecryptError as error:
        # age cannot tell "not for this key" from "a recipient line was altered": both are a stanza no
        # identity can open.  Everything after the header (its MAC, the payload) is authenticated, so
        # any other failure is tampering or truncation.  pyrage names the first case only in English.
        if "No matching keys" in str(error):
            raise VaultError("dossier.vault.wrong_key") from None
        raise VaultError("dossier.vault.tampered") from None
    try:
        return plaintext.decode("utf-8")
    except UnicodeDecodeError:
        raise VaultError("dossier.vault.not_text") from None


def rekey(armored: str, identities: Sequence[Identity], new_recipients: Sequence[str]) -> str:
    """The same content encrypted to `new_recipients` instead: to add or remove a reader.

    The recipients are checked before anything is decrypted.  Removing a recipient does not revoke
    what git history already holds (see the module's notes).
    """
    parse_recipients(new_recipients)
    return encrypt(decrypt(armored, identities), new_recipients)
