"""pdca dossier: the 廉政档案, encrypted per entry with age; the 党风廉政意见回复 written from it."""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from pdca.cli.options import (
    OUTPUT_HELP,
    AsOfOpt,
    DateOpt,
    ForceOpt,
    LangOpt,
    RegisterOpt,
    editable,
    emit,
    event_date,
    lang_of,
    out,
    say,
    write,
)
from pdca.cli.options import as_of as parse_date
from pdca.errors import EXIT_FINDINGS, PdcaError

dossier_app = typer.Typer(help="廉政档案: entries encrypted with age to the keys in pdca.yaml (add, show, list, rekey, "
                                "purge), and the 党风廉政意见回复 (opinion).", no_args_is_help=True)

PersonArg = Annotated[str, typer.Argument(metavar="PERSON", help="A person's id from people/*.yaml, e.g. P-0001.")]
IdentityOpt = Annotated[Path, typer.Option("--identity", "-i", metavar="KEYFILE", help="Your age identity file (age-keygen), or an OpenSSH private key without a passphrase.")]


class OpinionFormat(str, Enum):
    md = "md"
    docx = "docx"


def _register(register: Path | None, lang: Any) -> tuple[Any, str]:
    chosen = lang_of(lang)
    loaded = editable(register, chosen)
    return loaded, chosen or loaded.lang


@dossier_app.command("add")
def add(
    person: PersonArg,
    kind: Annotated[str, typer.Option("--kind", "-k", help="petition 信访 | personal_matters 个人有关事项 | sanction 处分/组织处理 | talk 谈话 | analysis 廉情分析 | other 其他 (either word).")],
    date: DateOpt = None,
    edit: Annotated[bool, typer.Option("--edit", help="Write the text in your editor ($VISUAL or $EDITOR), even when standard input is not a terminal.")] = False,
    force: ForceOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Add an entry to a person's 廉政档案: its text from standard input, or from your editor when
    standard input is a terminal, encrypted to every recipient of pdca.yaml before anything is written.

    The editor works on a file readable only by you, in memory where the system has it (/dev/shm),
    overwritten and deleted when the editor closes.

    Examples:

    \b
      pdca dossier add P-0001 --kind talk --date 2024-06-12 < 谈话记录.txt
      pdca dossier add P-0001 --kind petition          # opens $EDITOR
    """
    from pdca.engine import dossier

    loaded, language = _register(register, lang)
    day = event_date(date, language)
    dossier.person(loaded, person, language)  # an unknown person or kind is refused before any text is asked for
    dossier.kind_of(kind, language)
    text = dossier.text_of(_from_editor(language) if edit or sys.stdin.isatty() else sys.stdin.buffer.read(), language)
    written = dossier.add(loaded, person, kind, day, text, language, force)
    out(say("dossier.added", language, id=written.ids[0], file=written.files[0]))


@dossier_app.command("show")
def show(
    person: PersonArg,
    identity: IdentityOpt,
    pipe: Annotated[bool, typer.Option("--pipe", help="Print even when standard output is not a terminal (a pipe or a file: the text may then reach a disk).")] = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Decrypt a person's entries to the terminal, oldest first. Nothing is written to a file; output
    that is not a terminal is refused unless --pipe.

    Example:

    \b
      pdca dossier show P-0001 -i ~/.config/pdca/纪委.key
    """
    from pdca import i18n
    from pdca.engine import dossier

    loaded, language = _register(register, lang)
    if not pipe and not sys.stdout.isatty():
        raise PdcaError(say("dossier.not_a_terminal", language))
    who = dossier.person(loaded, person, language)
    entries = dossier.show(loaded, who.id, dossier.identities(identity, language), language)
    if not entries:
        out(say("dossier.none", language, id=who.id))
    for entry, text in entries:
        out(say("dossier.entry_head", language, id=entry.id, date=entry.date,
                kind=i18n.text(f"dossier.opinion.kind.{entry.kind}", language)))
        out(text.rstrip("\n"))
        out("")


@dossier_app.command("list")
def list_entries(
    person: Annotated[Optional[str], typer.Argument(metavar="PERSON", help="Only this person's entries.")] = None,
    as_of: AsOfOpt = None,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """List dossier entries without decrypting anything: id, person, kind, date, and whether each is
    encrypted to the recipients of now and inside its retention period.

    Example:

    \b
      pdca dossier list --as-of 2024-06-30
    """
    from pdca import i18n
    from pdca.domain.dossier import expired, fingerprint
    from pdca.engine import dossier

    loaded, language = _register(register, lang)
    day = parse_date(as_of, language)
    config = loaded.config
    settings = config.dossier if config is not None else None
    current = fingerprint(settings.recipients) if settings is not None and settings.recipients else None
    years = settings.retention_years if settings is not None else 5
    who = dossier.person(loaded, person, language).id if person else None
    for person_id, entries in dossier.by_person(loaded).items():
        for entry in entries:
            if who is not None and person_id != who:
                continue
            notes = [say("dossier.list.rekey", language)] if entry.sealed_for != current else []
            notes += [say("dossier.list.expired", language)] if expired(entry, day, years) else []
            out("\t".join([entry.id, entry.person, i18n.text(f"dossier.opinion.kind.{entry.kind}", language),
                           entry.date.isoformat(), i18n.text("sep.list", language).join(notes)]).rstrip("\t"))


@dossier_app.command("rekey")
def rekey(
    identity: IdentityOpt,
    everything: Annotated[bool, typer.Option("--all", help="Every entry, not only those encrypted to another list of recipients (after a key is lost or leaked).")] = False,
    force: ForceOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Encrypt entries again to the recipients pdca.yaml lists now, after one was added or removed.
    Every entry is decrypted first; one that cannot be read stops it all and nothing is written.

    Git history keeps the earlier ciphertexts, readable with the keys they were made for: removing a
    recipient protects what is written from then on (docs/privacy.md).

    Example:

    \b
      pdca dossier rekey -i ~/.config/pdca/纪委.key
    """
    from pdca.engine import dossier

    loaded, language = _register(register, lang)
    written = dossier.rekey(loaded, dossier.identities(identity, language), language, everything, force)
    out(say("dossier.rekeyed", language, count=len(written.ids), files=len(written.files)))


@dossier_app.command("purge")
def purge(
    person: Annotated[Optional[str], typer.Argument(metavar="PERSON", help="Only this person's entries (all of them, unless --expired).")] = None,
    expired_only: Annotated[bool, typer.Option("--expired", help="Only entries past retention (dossier.retention_years).")] = False,
    as_of: AsOfOpt = None,
    force: ForceOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Delete dossier entries from the register: those past retention (--expired), or all of one
    person's. Needs no key. The entries stay in git history until it is rewritten or the keys that
    read them are destroyed: docs/privacy.md says how.

    Examples:

    \b
      pdca dossier purge --expired --as-of 2024-06-30
      pdca dossier purge P-0001                       # the whole dossier of one person
    """
    from pdca.engine import dossier

    loaded, language = _register(register, lang)
    if person is None and not expired_only:
        raise PdcaError(say("dossier.purge_what", language))
    written = dossier.purge(loaded, parse_date(as_of, language), language, person, expired_only or person is None,
                            force)
    out(say("dossier.purged", language, count=len(written.ids)))
    if written.ids:
        out(say("dossier.purged_history", language), err=True)


@dossier_app.command("opinion")
def opinion(
    person: PersonArg,
    as_of: Annotated[str, typer.Option("--as-of", metavar="YYYY-MM-DD", help="The day the opinion speaks for; it covers the retention period before it.")],
    identity: Annotated[Optional[Path], typer.Option("--identity", "-i", metavar="KEYFILE", help="Your age identity file: needed when the person has dossier entries in the period.")] = None,
    names: Annotated[Optional[Path], typer.Option("--names", metavar="FILE", help="The office's names mapping (default: $PDCA_NAMES); without one the person is named by post.")] = None,
    to: Annotated[Optional[str], typer.Option("--to", help="主送: who asked for the opinion, e.g. 公司党委组织部.")] = None,
    conclusion: Annotated[Optional[str], typer.Option("--conclusion", help="The concluding line, in the officer's words (confirms it).")] = None,
    confirm: Annotated[bool, typer.Option("--confirm", help="The officer confirms the drafted concluding line.")] = False,
    format: Annotated[OpinionFormat, typer.Option("--format", "-f", help="md: Markdown; docx: a Word 公文 (needs -o or a pipe).")] = OpinionFormat.md,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output. " + OUTPUT_HELP)] = None,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Write the 党风廉政意见回复 for a person (凡提四必): the findings where they were the owner or the
    responsible leader with what was decided on them, their talks, their dossier entries inside the
    retention period, and a concluding line. Until the officer confirms it (--confirm, or --conclusion
    in their own words) the document says it is a draft.

    The document holds decrypted text: keep it as you keep the dossier.

    Examples:

    \b
      pdca dossier opinion P-0001 --as-of 2024-06-30 -i 纪委.key --to 公司党委组织部
      pdca dossier opinion P-0001 --as-of 2024-06-30 -i 纪委.key --confirm -f docx -o 意见回复.docx
    """
    from pdca.engine import dossier
    from pdca.engine import opinion as build
    from pdca.formats import opinion as document
    from pdca.load import names as display_names

    loaded, language = _register(register, lang)
    day = parse_date(as_of, language)
    keys = dossier.identities(identity, language) if identity is not None else None
    mapping = display_names.read(display_names.chosen(names), language)
    made = build.build(loaded, person, day, keys, mapping, language, conclusion, confirm)
    issuer = loaded.config.issuer if loaded.config is not None else None
    if format is OpinionFormat.docx and output is None and sys.stdout.isatty():
        raise PdcaError(say("report.binary_needs_output", language, format=format.value))
    with _private_files():  # it holds decrypted text: a file of it is readable by its owner only
        if format is OpinionFormat.md:
            emit(document.markdown(made, language, to, issuer), output, language)
        else:
            write(output or Path("-"), document.docx(made, language, to, issuer), language)
    if not made.confirmed:
        out(say("dossier.opinion.unconfirmed", language), err=True)


@contextlib.contextmanager
def _private_files() -> Iterator[None]:
    """Files created meanwhile are readable and writable by their owner only (umask 077)."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _from_editor(lang: str) -> bytes:
    """The text written in the user's editor, in a file only they can read, overwritten and deleted
    after.  The editor is the user's own ($VISUAL, $EDITOR), never one a register names."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise PdcaError(say("dossier.no_editor", lang), EXIT_FINDINGS)
    memory = Path("/dev/shm")
    handle, name = tempfile.mkstemp(prefix="pdca-dossier-", suffix=".txt",
                                    dir=memory if memory.is_dir() and os.access(memory, os.W_OK) else None)
    path = Path(name)
    try:
        os.close(handle)
        try:
            done = subprocess.run([*_editor_argv(command), str(path)], check=False)
        except OSError as exc:
            raise PdcaError(say("dossier.editor_failed", lang, editor=command, error=exc.strerror or exc)) from None
        if done.returncode != 0:
            raise PdcaError(say("dossier.editor_failed", lang, editor=command, error=done.returncode))
        return path.read_bytes()
    finally:
        _shred(path)


def _editor_argv(command: str) -> list[str]:
    """The editor's command line: a path to a program as it stands (C:\\Program Files\\Notepad++\\notepad++.exe,
    its spaces and backslashes kept), else split as a shell would (on Windows keeping backslashes)."""
    if Path(command).is_file():
        return [command]
    if os.name == "nt":
        return [part.strip('"') for part in shlex.split(command, posix=False)]
    return shlex.split(command)


def _shred(path: Path) -> None:
    """Overwrite a file with zeros, then delete it: what a deleted file leaves on a disk is zeros."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as opened:
            opened.write(b"\0" * size)
            opened.flush()
            os.fsync(opened.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)
