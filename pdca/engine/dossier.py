"""`pdca dossier`: the 廉政档案, per entry, encrypted with age to the recipients of pdca.yaml.

A person's entries live in dossier/<person>.yaml (or the file that already holds them), metadata in
clear (id, person, kind, date, the fingerprint of the recipients) and content as armored ciphertext.
pdca writes these files whole, in one layout, so an unchanged entry is the same bytes every time and a
diff shows only the entries that changed; a file pdca cannot read as it wrote it is not touched.
Comments are not kept there: a comment is plain text in git, which a dossier file must not hold.

Decrypted text is returned to the caller and never written to disk here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pdca import i18n
from pdca.domain import people
from pdca.domain.dossier import expired, fingerprint
from pdca.domain.ids import Ids
from pdca.engine import verify
from pdca.errors import EXIT_FINDINGS, PdcaError
from pdca.io import yaml_read
from pdca.io.yaml_edit import scalar
from pdca.load import schema_errors
from pdca.model.entities import DOSSIER_KINDS, DossierEntry, Person, is_file_name, normalise_dossier_kind
from pdca.model.register import Register
from pdca.privacy import vault

FOLDER = "dossier"


@dataclass(frozen=True)
class Written:
    ids: tuple[str, ...]  # the entries written (added, encrypted again) or removed
    files: tuple[str, ...]  # relative to the register root


def person(register: Register, value: str, lang: str) -> Person:
    """The registered person `value` names: their id as written, else in another case or width."""
    found = register.index.people.get(value)
    if found is None:
        typed = people.id_keys(register.index.people).get(people.key(value))
        found = register.index.people.get(typed) if typed else None
    if found is None:
        raise PdcaError(i18n.text("dossier.unknown_person", lang, id=value,
                                  hint=i18n.hint(register.index.people, value, lang)))
    return found


def kind_of(value: str, lang: str) -> str:
    """The entry kind a value names (petition, or its Chinese word 信访 ...); refused with the choices."""
    kind = normalise_dossier_kind(value)
    if kind not in DOSSIER_KINDS:
        raise PdcaError(i18n.text("dossier.unknown_kind", lang, kind=value, choices=", ".join(DOSSIER_KINDS)))
    return str(kind)


def recipients(register: Register, lang: str) -> list[str]:
    """pdca.yaml's recipients, each checked as a public key (never echoing a secret one)."""
    config = register.config
    listed = config.dossier.recipients if config is not None and config.dossier is not None else []
    if not listed:
        raise PdcaError(i18n.text("dossier.no_recipients", lang))
    try:
        vault.parse_recipients(listed)
    except vault.VaultError as error:
        raise PdcaError(i18n.text("dossier.bad_recipients", lang, reason=error.text(lang))) from None
    return list(listed)


def identities(path: Path, lang: str) -> list[vault.Identity]:
    try:
        return vault.load_identities(path)
    except vault.VaultError as error:
        raise PdcaError(error.text(lang)) from None


def entries_of(register: Register, person_id: str) -> list[DossierEntry]:
    """A person's entries, oldest first."""
    return sorted((e for e in register.dossier if e.person == person_id), key=lambda e: (e.date, e.id))


def decrypt(entry: DossierEntry, keys: Sequence[vault.Identity], lang: str) -> str:
    try:
        return vault.decrypt(entry.content, keys)
    except vault.VaultError as error:
        raise PdcaError(i18n.text("dossier.cannot_decrypt", lang, id=entry.id, reason=error.text(lang))) from None


def show(register: Register, person_id: str, keys: Sequence[vault.Identity], lang: str,
         entries: Iterable[DossierEntry] | None = None) -> list[tuple[DossierEntry, str]]:
    """Every entry of a person (or `entries`) with its text; all decrypted before any is returned, so
    one that cannot be read stops the whole and nothing is shown by halves."""
    chosen = list(entries) if entries is not None else entries_of(register, person_id)
    return [(entry, decrypt(entry, keys, lang)) for entry in chosen]


# --- writing ------------------------------------------------------------------------------------


def text_of(data: bytes, lang: str) -> str:
    """An entry's text as it came (standard input, the editor's file): UTF-8, a BOM dropped and Windows
    line ends made plain ones, so what is shown later is what was written.  Any other encoding (a
    notes file saved as GBK by a Chinese Windows editor) is refused before anything is encrypted:
    decoded wrongly, it would be sealed as mojibake no one can correct without the key."""
    text, problem = yaml_read.decode(data)
    if text is None:
        assert problem is not None
        raise PdcaError(i18n.text("dossier.not_utf8", lang, problem=i18n.text(problem.message, lang, **problem.params)),
                        EXIT_FINDINGS)
    return text.replace("\r\n", "\n")



def add(register: Register, person_id: str, kind: str, day: dt.date, text: str, lang: str,
        force: bool = False) -> Written:
    """A new entry for a person, its text encrypted to every recipient of pdca.yaml."""
    who = person(register, person_id, lang)
    kind = kind_of(kind, lang)
    if not text.strip():
        raise PdcaError(i18n.text("dossier.empty", lang), EXIT_FINDINGS)
    listed = recipients(register, lang)
    taken = Ids(e.id for e in register.dossier)
    taken.taken |= register.invalid_ids.get("dossier", set())
    try:
        entry = DossierEntry.model_validate({
            "id": taken.next(f"{who.id}-", 2), "person": who.id, "kind": kind, "date": day,
            "sealed_for": fingerprint(listed), "content": vault.encrypt(text, listed)})
    except ValidationError as exc:
        detail = "; ".join(schema_errors.message_of(e, DossierEntry).render(lang) for e in exc.errors())
        raise PdcaError(i18n.text("new.invalid", lang, detail=detail)) from None
    rel = _home(register, who, lang)
    return _write(register, {rel: [*_in_file(register, rel), entry]}, (entry.id,), force, lang)


def rekey(register: Register, keys: Sequence[vault.Identity], lang: str, everything: bool = False,
          force: bool = False) -> Written:
    """Every entry not encrypted to pdca.yaml's recipients of now (`everything`: every entry) decrypted
    and encrypted again to them.  All are decrypted first: one that cannot be read stops it all."""
    listed = recipients(register, lang)
    current = fingerprint(listed)
    stale = [e for e in register.dossier if everything or e.sealed_for != current]
    renewed = {e.id: e.model_copy(update={"content": vault.encrypt(decrypt(e, keys, lang), listed),
                                          "sealed_for": current}) for e in stale}
    files = {rel: [renewed.get(e.id, e) for e in _in_file(register, rel)]
             for rel in sorted({_file_of(register, e) for e in stale})}
    return _write(register, files, tuple(renewed), force, lang)


def purge(register: Register, as_of: dt.date, lang: str, person_id: str | None = None,
          only_expired: bool = True, force: bool = False) -> Written:
    """Remove entries from the register: those past retention (of one person, or of everyone), or
    every entry of one person.  Needs no key.  Git history keeps them (docs/privacy.md)."""
    config = register.config
    years = config.dossier.retention_years if config is not None and config.dossier is not None else 5
    who = person(register, person_id, lang).id if person_id is not None else None
    gone = [e for e in register.dossier
            if (who is None or e.person == who) and (not only_expired or expired(e, as_of, years))]
    removed = {e.id for e in gone}
    files = {rel: [e for e in _in_file(register, rel) if e.id not in removed]
             for rel in sorted({_file_of(register, e) for e in gone})}
    return _write(register, files, tuple(sorted(removed)), force, lang)


def _file_of(register: Register, entry: DossierEntry) -> str:
    return register.where(entry).file


def _in_file(register: Register, rel: str) -> list[DossierEntry]:
    return [e for e in register.dossier if _file_of(register, e) == rel]


def _home(register: Register, who: Person, lang: str) -> str:
    """The file that holds most of a person's entries, else dossier/<person>.yaml."""
    homes = Counter(_file_of(register, e) for e in register.dossier if e.person == who.id)
    if homes:
        return homes.most_common(1)[0][0]
    if not is_file_name(who.id):
        raise PdcaError(i18n.text("dossier.id_not_a_file_name", lang, id=who.id))
    return f"{FOLDER}/{who.id}.yaml"


def _write(register: Register, files: dict[str, list[DossierEntry]], ids: tuple[str, ...], force: bool,
           lang: str) -> Written:
    """Each file written whole from its entries, all files or none (and none that pdca could not read
    as it writes them: an entry that failed validation there would be lost)."""
    broken = sorted({p.file for p in register.problems} & set(files))
    if broken:
        raise PdcaError(i18n.text("dossier.file_broken", lang, file=broken[0]))
    changes: dict[Path, tuple[bytes | None, bytes]] = {}
    for rel, entries in files.items():
        path = register.root / rel
        original = path.read_bytes() if rel in register.files and path.exists() else None
        changes[path] = (original, layout(entries, register.lang))
    verify.commit_files(register, changes, force, lang)
    return Written(ids, tuple(files))


def layout(entries: list[DossierEntry], lang: str) -> bytes:
    """A dossier file as pdca writes it: one header comment, then the entries in order."""
    lines = [f"# {i18n.text('dossier.file_header', lang)}", "dossier:" if entries else "dossier: []"]
    for entry in entries:
        lines += [f"  - id: {scalar(entry.id)}", f"    person: {scalar(entry.person)}", f"    kind: {entry.kind}",
                  f"    date: {entry.date.isoformat()}"]
        if entry.sealed_for:
            lines.append(f"    sealed_for: {scalar(entry.sealed_for)}")  # 16 hex digits may read as a number
        lines.append("    content: |")
        lines += [f"      {line.strip()}" for line in entry.content.strip().splitlines()]
    return ("\n".join(lines) + "\n").encode("utf-8")


def by_person(register: Register) -> dict[str, list[DossierEntry]]:
    grouped: dict[str, list[DossierEntry]] = defaultdict(list)
    for entry in sorted(register.dossier, key=lambda e: (e.person, e.date, e.id)):
        grouped[entry.person].append(entry)
    return dict(grouped)
