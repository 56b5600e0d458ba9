"""What the commands share: option types, reading dates and languages, loading registers, writing
output.  Output goes through `out()` so that a console that cannot show a character (a GBK console on
Windows) gets a replacement instead of a crash."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from pdca import i18n
from pdca.errors import EXIT_USAGE, PdcaError


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
                                          help="Parse every file again; do not use or fill .pdca_cache/.")]
RegisterOpt = Annotated[
    Optional[Path], typer.Option("--register", "-r", help="Register folder. Default: found as for `pdca check`.")
]
DateOpt = Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="Default: today.")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")]


def say(message_id: str, lang: str | None, **params: Any) -> str:
    return i18n.text(message_id, lang or "zh", **params)


def out(text: str, end: str = "\n", err: bool = False) -> None:
    """Print to the terminal (or a pipe), whatever characters its encoding can show."""
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(text + end)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write((text + end).encode(encoding, "replace").decode(encoding))


def as_of(value: str | None, lang: str | None = None, option: str = "--as-of") -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PdcaError(say("cli.as_of", lang, value=value, option=option)) from None


def event_date(value: str | None, lang: str | None, option: str = "--date") -> dt.date:
    """The day something happened (a finding done, closed, extended, decided): today by default, never
    after today."""
    day = as_of(value, lang, option)
    if day > dt.date.today():
        raise PdcaError(say("cli.future", lang, option=option, value=day))
    return day


def lang_of(value: Lang | None) -> str | None:
    return value.value if value is not None else None


def load_all(roots: list[Path], lang: str | None) -> list[Any]:
    """Load registers, with a progress bar on a terminal when there is much to read."""
    from pdca.cli import progress
    from pdca.load import loader

    with progress.bar(roots, say("progress.reading", lang)) as step:
        return [loader.load(root, lang, on_bytes=step) for root in roots]


def readable(registers: list[Path] | None, lang: str | None) -> list[Any]:
    """Load the registers a reading command works on; a register whose pdca.yaml is broken stops it."""
    from pdca.load import loader

    roots = loader.discover(list(registers or []), lang or "zh")
    loaded = load_all(roots, lang)
    for register in loaded:
        if register.config is None:
            raise PdcaError(say("cli.bad_config", lang or register.lang, register=register.name))
        errors = sum(1 for p in register.problems if p.severity.value == "error")
        if errors:
            out("pdca: " + say("cli.left_out", lang or register.lang, register=register.name, count=errors), err=True)
    return loaded


def editable(register: Path | None, lang: str | None, every_risk: bool = False) -> Any:
    """The one register an editing command works on, loaded; its pdca.yaml must be readable.  A command
    that edits every risk refuses a register with entries it cannot read (they would be left behind)."""
    from pdca.load import loader

    roots = loader.discover([register] if register else [], lang or "zh")
    if len(roots) > 1:
        raise PdcaError(say("edit.one_register", lang))
    loaded = readable([roots[0]], lang)[0]
    errors = sum(1 for p in loaded.problems if p.severity.value == "error")
    if every_risk and errors:
        raise PdcaError(say("edit.unreadable_entries", lang or loaded.lang, register=loaded.name, count=errors))
    return loaded


def finish(documents: list[Any], root: Path, dry_run: bool, lang: str) -> None:
    """Write an edit (every file or none), or show it as a diff with --dry-run."""
    from pdca.io.yaml_edit import save_all, unified_diff

    if dry_run:
        out(unified_diff(documents, root), end="")
        out(say("edit.dry_run", lang))
        return
    base = root.resolve()
    for path in save_all(documents):
        out(say("edit.written", lang, path=path.relative_to(base) if path.is_relative_to(base) else path))


def redact(registers: list[Any], wanted: bool, lang: str) -> None:
    if wanted:
        from pdca.engine.redact import redact as replace_names

        replace_names(registers, lang)  # all at once: a name one register gives is withheld from every one


def emit(text: str, output: Path | None, lang: str) -> None:
    if output is None:
        out(text, end="")
        return
    write(output, text.encode("utf-8"), lang)


def write(path: Path, data: bytes, lang: str) -> None:
    """Write a file atomically, or say why it cannot be written (exit 2)."""
    from pdca.io.files import write_atomic

    if path.is_dir():
        raise PdcaError(say("cli.is_folder", lang, path=path))
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise PdcaError(say("cli.cannot_write", lang, path=path, error=exc.strerror or exc), EXIT_USAGE) from None
