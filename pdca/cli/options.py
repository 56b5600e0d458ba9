"""What the commands share: option types, reading dates and languages, loading registers, writing
output.  Output goes through `out()`, `emit()` and `write()`: control characters that came with a
register are shown as escapes (pdca.io.printable), a console that cannot show a character (a GBK
console on Windows) gets a replacement instead of a crash, and -o never renames over anything but a
regular file."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from enum import Enum
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Annotated, Any, Optional, TextIO

import typer

from pdca import i18n
from pdca.cli import language
from pdca.errors import EXIT_USAGE, PdcaError
from pdca.io import printable

if TYPE_CHECKING:
    from pdca.domain.periods import Period


class Lang(str, Enum):
    zh = "zh"
    en = "en"


def _no_cache(value: bool) -> None:
    if value:
        os.environ["PDCA_NO_CACHE"] = "1"


RegistersArg = Annotated[
    Optional[list[Path]],
    typer.Argument(
        help="Register folders (with pdca.yaml). Default: the nearest pdca.yaml at or above the current "
        "folder, else every registers/*/pdca.yaml below it.",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help="Date to judge deadlines by. Default: today.")
]
LangOpt = Annotated[
    Optional[Lang], typer.Option("--lang", help="Language of messages. Default: the register's `language`.")
]
RedactOpt = Annotated[bool, typer.Option(
    "--redact", help="Replace people's names by their post or department, for sharing beyond the 纪检 office.")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", callback=_no_cache,
                                          help="Parse every file again; do not use or fill pdca's cache.")]
RegisterOpt = Annotated[
    Optional[Path], typer.Option("--register", "-r", help="Register folder. Default: found as for `pdca check`.")
]
#: -r for a command that reads several registers, beside (or instead of) naming them as arguments
RegistersOpt = Annotated[
    Optional[list[Path]],
    typer.Option("--register", "-r", help="A register folder (may be repeated); the same as naming it as an argument.",
                 show_default=False),
]
DateOpt = Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="Default: today.")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")]
ForceOpt = Annotated[bool, typer.Option(
    "--force", help="Write even though the change gives the register an error pdca check would report.")]
#: how -o writes, for the help of every command that has it
OUTPUT_HELP = ("A file is replaced atomically; a terminal, /dev/null, a pipe or FIFO is written through; - is "
               "standard output. A symbolic link is refused (name the file itself).")


def say(message_id: str, lang: str | None, **params: Any) -> str:
    """A message; a parameter that is text (an id, a name, a path) kept to one line with its control
    characters escaped, whatever the register put in it."""
    shown = {key: printable.line(str(value)) if isinstance(value, (str, PurePath)) else value
             for key, value in params.items()}
    return i18n.text(message_id, lang or "zh", **shown)


def out(text: str, end: str = "\n", err: bool = False) -> None:
    """Print to the terminal (or a pipe), control characters escaped, whatever characters its encoding
    can show.  Standard error takes one message a call, so a line break in it is escaped too."""
    _print(printable.line(text) if err else printable.block(text), end, sys.stderr if err else sys.stdout)


class OutputFailed(Exception):
    """Standard output or error could not take what pdca wrote (a full disk, /dev/full, an I/O error):
    told apart from every other OSError, so that the CLI says so in one line and exits 2."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class Guarded:
    """A standard stream whose write errors are `OutputFailed` (a reader that left, BrokenPipeError,
    stays as it is: `pdca check | head` ends quietly)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None

    def __getattr__(self, name: str) -> Any:  # isatty, encoding, buffer, fileno ... as the stream has them
        return getattr(self._stream, name)


def _print(text: str, end: str, stream: TextIO) -> None:
    try:
        stream.write(text + end)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write((text + end).encode(encoding, "replace").decode(encoding))


def as_of(value: str | None, lang: str | None = None, option: str = "--as-of") -> dt.date:
    """A day given to an option (--as-of, --date, --until, --due, --deadline, --start, --end) in any
    of the forms pdca.domain.periods.day reads; today when none is given."""
    from pdca.domain import periods

    if value is None:
        return dt.date.today()
    try:
        return periods.day(value)
    except ValueError:
        raise PdcaError(say("cli.bad_day", lang, value=value, option=option,
                            example=periods.example("day", value))) from None


def period(kind: str, value: str, lang: str, option: str, span: tuple[dt.date, dt.date]) -> Period:
    """A month, half-year or year given to --month, --half or --year, read as pdca.domain.periods reads
    it; refused with how to write it, and the span of the register's cycles."""
    from pdca.domain import periods

    try:
        return periods.PARSERS[kind](value)
    except ValueError:
        raise PdcaError(say("cli.bad_period", lang, value=value, option=option, form=say(f"cli.form.{kind}", lang),
                            example=periods.example(kind, value), start=span[0], end=span[1])) from None


def event_date(value: str | None, lang: str | None, option: str = "--date") -> dt.date:
    """The day something happened (a finding done, closed, extended, decided): today by default, never
    after today."""
    day = as_of(value, lang, option)
    if day > dt.date.today():
        raise PdcaError(say("cli.future", lang, option=option, value=day))
    return day


def lang_of(value: Lang | None) -> str | None:
    """The language the command's --lang names, else the one `pdca --lang` named, else PDCA_LANG's;
    None leaves it to the register."""
    return value.value if value is not None else language.given()


def load_all(roots: list[Path], lang: str | None) -> list[Any]:
    """Load registers, with a progress bar on a terminal when there is much to read."""
    from pdca.cli import progress
    from pdca.load import loader

    with progress.bar(roots, say("progress.reading", lang)) as step:
        return [loader.load(root, lang, on_bytes=step) for root in roots]


def readable(registers: list[Path] | None, lang: str | None) -> list[Any]:
    """Load the registers a reading command works on; a register whose pdca.yaml is broken stops it."""
    from pdca.load import places

    roots = places.discover(list(registers or []), lang or "zh")
    loaded = load_all(roots, lang)
    for register in loaded:
        if register.config is None:
            raise PdcaError(say("cli.bad_config", lang or register.lang, register=register.name, typed=typed(register.name)))
        errors = sum(1 for p in register.problems if p.severity.value == "error")
        if errors:
            out("pdca: " + say("cli.left_out", lang or register.lang, register=register.name, count=errors), err=True)
    return loaded


#: characters a path may hold and still be typed as it is on every shell (cmd, PowerShell, sh)
_PLAIN = re.compile(r"[\w\-./\\:]+")


def typed(path: object) -> str:
    """A path as a message suggests typing it on a command line: as it is, or in double quotes when it
    holds a space or another character a shell would read (`pdca check "xgs 公司"`), as cmd,
    PowerShell and sh all take it."""
    text = str(path)
    return text if _PLAIN.fullmatch(text) else f'"{text}"'


def registers_named(arguments: list[Path] | None, options: list[Path] | None) -> list[Path]:
    """The registers a reading command was given, as arguments or with -r, each once."""
    return list(dict.fromkeys([*(arguments or []), *(options or [])]))


def register_and_ids(arguments: list[str] | None, register: Path | None, lang: str | None) -> tuple[Path | None, list[str]]:
    """The register and ids a command that takes ids was given: a leading argument that is a folder is
    the register, as -r names it (`pdca explain registers/example CG-005`)."""
    given = list(arguments or [])
    if not given or not Path(given[0]).is_dir():
        return register, given
    folder = Path(given[0])
    if register is not None and register.resolve() != folder.resolve():
        raise PdcaError(say("cli.two_registers", lang, first=folder, second=register))
    return folder, given[1:]


def one_id(arguments: list[str] | None, register: Path | None, lang: str | None) -> tuple[Path | None, str]:
    """The register and the one id of a command that works on one entry (`[REGISTER] ID`)."""
    folder, ids = register_and_ids(arguments, register, lang)
    if not ids:
        raise PdcaError(say("cli.no_id", lang))
    if len(ids) > 1:
        raise PdcaError(say("cli.one_id", lang, ids=" ".join(ids)))
    return folder, ids[0]


def editable(register: Path | None, lang: str | None, every_risk: bool = False) -> Any:
    """The one register an editing command works on, loaded; its pdca.yaml must be readable.  A command
    that edits every risk refuses a register with entries it cannot read (they would be left behind)."""
    from pdca.load import places

    roots = places.discover([register] if register else [], lang or "zh")
    if len(roots) > 1:
        raise PdcaError(say("edit.one_register", lang))
    loaded = readable([roots[0]], lang)[0]
    errors = sum(1 for p in loaded.problems if p.severity.value == "error")
    if every_risk and errors:
        raise PdcaError(say("edit.unreadable_entries", lang or loaded.lang, register=loaded.name, count=errors,
                                 typed=typed(loaded.name)))
    return loaded


def finish(documents: list[Any], register: Any, dry_run: bool, lang: str, force: bool = False,
           new_files: dict[Path, bytes] | None = None) -> None:
    """Write an edit (every file or none), unless it gives the register a new error (`--force` writes
    anyway), or show it as a diff with --dry-run, with the refusal it would meet."""
    from pdca.engine import verify
    from pdca.io.yaml_edit import unified_diff

    root = register.root
    new_files = new_files or {}
    if dry_run:
        out(unified_diff(documents, root, new_files), end="")
        introduced = verify.new_errors(register, verify.changed_files(register, documents, new_files))
        if introduced and not force:
            raise verify.refusal(introduced, lang)
        out(say("edit.dry_run", lang))
        return
    base = root.resolve()
    for path in verify.commit(register, documents, new_files, force=force, lang=lang):
        out(say("edit.written", lang, path=path.relative_to(base) if path.is_relative_to(base) else path))


def redact(registers: list[Any], wanted: bool, lang: str, names: Path | None = None) -> None:
    """People as a report or export shows them: with --redact, no one's name; otherwise a registered
    person's id as their display name from the office's mapping (--names, else PDCA_NAMES), else their
    post or department (pdca.engine.redact)."""
    if wanted:
        from pdca.engine.redact import redact as replace_names

        replace_names(registers, lang)  # all at once: a name one register gives is withheld from every one
    elif any(register.people for register in registers):
        from pdca.engine.redact import show_people
        from pdca.load import names as display_names

        show_people(registers, display_names.read(display_names.chosen(names), lang))


#: paths that name pdca's own standard output or error: written to the stream, never opened or renamed
_STANDARD = {"-": "stdout", "/dev/stdout": "stdout", "/dev/fd/1": "stdout", "/proc/self/fd/1": "stdout",
             "/dev/stderr": "stderr", "/dev/fd/2": "stderr", "/proc/self/fd/2": "stderr"}


def emit(text: str, output: Path | None, lang: str, exact: bool = False) -> None:
    """A command's document (a report, a diff, an export) to stdout or -o.  Its control characters are
    escaped wherever it goes (for JSON that changes nothing it means), unless `exact` (CSV: data kept
    byte for byte, escaped only when it is shown on a terminal)."""
    if not exact:
        text = printable.block(text)
    stream = _standard(output)
    if stream is None:
        assert output is not None
        write(output, text.encode("utf-8"), lang)
        return
    if exact and stream.isatty():
        text = printable.block(text.replace("\r\n", "\n"))
    _print(text, "", stream)


def _standard(output: Path | None) -> TextIO | None:
    """The stream an -o value names (none given, -, /dev/stdout ...), or None for a path to write."""
    if output is None:
        return sys.stdout
    name = _STANDARD.get(str(output))
    return None if name is None else (sys.stdout if name == "stdout" else sys.stderr)


def write(path: Path, data: bytes, lang: str) -> None:
    """Write what a command made to -o (pdca.io.files.write_output: a regular file atomically, a
    device or pipe through) and say which file was written, as the editing commands do; or say why it
    cannot be written (exit 2)."""
    from pdca.io.files import Refused, Target, target, write_output

    stream = _standard(path)
    if stream is not None:
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a text-only stream (a test capturing output)
            stream.write(data.decode("utf-8", "replace"))
            return
        try:
            buffer.write(data)
            buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None
        return
    try:
        write_output(path, data)
    except Refused as exc:
        raise _refused(exc.path, exc.target, lang) from None
    except OSError as exc:
        raise PdcaError(say("cli.cannot_write", lang, path=path, error=i18n.os_reason(exc, lang or "zh")), EXIT_USAGE) from None
    if target(path) is Target.FILE:  # standard output is free: the document went to the file
        out(say("edit.written", lang, path=path))


def writable(paths: list[Path], lang: str) -> None:
    """Refuse before anything is written when one of several outputs is not a place pdca writes."""
    from pdca.io.files import Target, target

    for path in paths:
        kind = target(path)
        if kind not in (Target.FILE, Target.STREAM):
            raise _refused(path, kind, lang)


def _refused(path: Path, kind: Any, lang: str) -> PdcaError:
    from pdca.io.files import Target

    message = {Target.FOLDER: "cli.is_folder", Target.LINK: "cli.output_link"}.get(kind, "cli.output_special")
    return PdcaError(say(message, lang, path=path), EXIT_USAGE)


def names_stream(output: Path) -> bool:
    """True when an -o value is standard output or error (-, /dev/stdout ...) rather than a path."""
    return str(output) in _STANDARD
