"""The Typer app: the commands in the order `pdca --help` lists them, and errors turned into exit codes.

The CLI is the only place that imports Typer.  Each command module imports what it needs inside the
command, so `pdca --help` stays quick.
"""

from __future__ import annotations

import functools
import gc
import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from typing import Annotated, Any

import typer
import typer.core
import typer.main
from typer import _click as click
from typer._click.exceptions import NoArgsIsHelpError
from typer.exceptions import Abort

from pdca import __version__
from pdca.cli import coercion, language
from pdca.cli.options import Guarded, LangOpt, OutputFailed, out, say
from pdca.errors import EXIT_USAGE, PdcaError

_SETTINGS: dict[str, Any] = {
    "name": "pdca",
    "help": "廉洁风险防控 as a PDCA loop over YAML registers in git. / 以 PDCA 循环管理廉洁风险登记册。",
    "no_args_is_help": True,
    "add_completion": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,  # plain help: start-up stays quick (rich's help renderer costs ~0.1 s to import)
}
app = typer.Typer(**_SETTINGS)


def _version(value: bool) -> None:
    if value:
        out(f"pdca {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    lang: LangOpt = None,  # `pdca --lang en check`: read from the command line (pdca.cli.language)
) -> None:
    """pdca: 廉洁风险防控 as a PDCA loop over YAML registers in git."""


#: every command in the order `pdca --help` lists them: name -> (module in pdca.cli.commands, attribute).
#: An attribute that is a Typer app is a group of commands.  Only the command being run is imported and
#: built (`_Commands`): importing every command module and building every command cost each run about
#: 0.05 s, a fifth of a warm `pdca check` of 10,000 risks.  A new command goes here, not on `app`.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "check"),
    "export": ("export", "export"),
    "report": ("report", "report"),
    "site": ("site", "site"),
    "status": ("status", "status"),
    "remind": ("remind", "remind"),
    "advance": ("stages", "advance"),
    "fmt": ("entries", "fmt"),
    "diff": ("review", "diff"),
    "owners": ("review", "owners"),
    "init": ("start", "init"),
    "explain": ("status", "explain"),
    "rules": ("check", "rules"),
    "schema": ("check", "schema"),
    # the groups after the commands, where Typer put them
    "cycle": ("stages", "cycle_app"),
    "finding": ("findings", "finding_app"),
    "new": ("entries", "new_app"),
    "library": ("start", "library_app"),
    "import": ("start", "import_app"),
    "dossier": ("dossier", "dossier_app"),
}


def run(argv: list[str] | None = None) -> int:
    """Run one command line and return its exit status (what `main` exits with; tests call this)."""
    no_cache = os.environ.get("PDCA_NO_CACHE")  # --no-cache sets it for this command only
    try:
        return _run(argv)
    finally:
        if no_cache is None:
            os.environ.pop("PDCA_NO_CACHE", None)
        else:
            os.environ["PDCA_NO_CACHE"] = no_cache


@functools.cache
def _command() -> typer.core.TyperGroup:
    """The root Click command, built once; each command below it is built when it is first looked up."""
    if app.registered_commands or app.registered_groups:  # they would be dropped below
        raise RuntimeError("pdca.cli.app: put a new command into COMMANDS, not on `app`")
    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    command.commands = _Commands()
    command.context_class = _Context
    coercion.install(command)
    return command


class _Commands(MutableMapping[str, click.Command]):
    """The root's commands by name, in COMMANDS' order: listing the names imports nothing; looking one
    up imports its module and builds its Click command (`pdca --help` and a usage error's list of
    commands read only the names; help that lists them with their words builds them all)."""

    def __init__(self) -> None:
        self._built: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = _build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        raise TypeError(f"pdca.cli.app: put {name} into COMMANDS")  # so that --help lists it too

    def __delitem__(self, name: str) -> None:
        raise TypeError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


def _build(name: str) -> click.Command:
    """One command (or group) as Typer builds it below the root: registered on a root of its own with
    `app`'s settings, so that it is the same Click command the whole tree would hold."""
    module, attribute = COMMANDS[name]
    target = getattr(importlib.import_module(f"pdca.cli.commands.{module}"), attribute)
    alone = typer.Typer(**_SETTINGS)
    alone.callback()(_main)
    if isinstance(target, typer.Typer):
        alone.add_typer(target, name=name)
    else:
        alone.command()(target)
    root = typer.main.get_command(alone)
    assert isinstance(root, typer.core.TyperGroup)
    command = root.commands[name]
    _prepare(command)
    return command


def _prepare(command: click.Command) -> None:
    """Give `command` and every command below it a context that formats help in the run's language, and
    options converted without pydantic where that is plain (pdca.cli.coercion)."""
    command.context_class = _Context
    coercion.install(command)
    for sub in command.commands.values() if isinstance(command, typer.core.TyperGroup) else ():
        _prepare(sub)


class _Context(click.Context):
    """Help and usage lines in the language of the run, in the catalogue's words (pdca.cli.help,
    imported only when one is formatted: `pdca check` never needs it)."""

    def make_formatter(self) -> click.HelpFormatter:
        from pdca.cli import help

        return help.formatter(self)


def _run(argv: list[str] | None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = _command()
    language.remember(args)
    try:
        done = command.main(args=args, prog_name="pdca", standalone_mode=False)  # errors come here
    except SystemExit as exc:  # Typer's own exit when a pipe closed under it
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except NoArgsIsHelpError as exc:  # `pdca finding`: the group's help, as Click shows it (stderr, 2)
        for line in exc.format_message().splitlines():
            out(line, err=True)
        return exc.exit_code
    except click.ClickException as exc:  # a command line Click could not parse
        from pdca.cli import usage_errors

        for line in usage_errors.lines(exc, language.current()):
            out(line, err=True)
        return exc.exit_code
    except Abort:  # end of input at a prompt
        out(f"pdca: {say('usage.aborted', language.current())}", err=True)
        return 1
    except PdcaError as exc:
        out(f"pdca: {exc.message}", err=True)
        for detail in exc.details:  # each on its own line, each kept to one line
            out(f"  {detail}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except OutputFailed as exc:
        return _output_failed(exc)
    return done if isinstance(done, int) else 0  # what `raise typer.Exit(code)` left


def _output_failed(exc: OutputFailed) -> int:
    """Output that could not be written (`pdca check > /dev/full`): one line on stderr, exit 2, as for
    an -o file that cannot be written; nothing more if stderr cannot take it either."""
    try:
        out(f"pdca: {say('cli.stdout_failed', None, error=exc.error.strerror or exc.error)}", err=True)
        sys.stderr.flush()
    except (OutputFailed, OSError):
        pass
    return EXIT_USAGE


def _never_fail_to_print() -> None:
    """A console or pipe that cannot show a character (a GBK console on Chinese Windows) gets a
    replacement for it, never a crash: every Chinese character pdca prints is in GBK, a few marks are not."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding not in ("utf8", "utf8sig") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main() -> None:
    # A command lives for a moment and builds large trees of small objects with no cycles: the cyclic
    # collector would only cost time (performance-notes.md), and so would freeing every object at exit.
    gc.disable()
    _never_fail_to_print()
    sys.stdout, sys.stderr = Guarded(sys.stdout), Guarded(sys.stderr)
    try:
        code = run()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `pdca check | head`: the reader left; say nothing more
        code = 1
    except OutputFailed as exc:  # what was buffered could not be written at the end
        code = _output_failed(exc)
    os._exit(code)
