"""The Typer app: the commands in the order `pdca --help` lists them, and errors turned into exit codes.

The CLI is the only place that imports Typer.  Each command module imports what it needs inside the
command, so `pdca --help` stays quick.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from typing import Annotated

import typer
import typer.core
import typer.main
from typer import _click as click
from typer._click.exceptions import NoArgsIsHelpError
from typer.exceptions import Abort

from pdca import __version__
from pdca.cli import language
from pdca.cli.commands import check, dossier, entries, export, findings, remind, report, review, site, stages, start, status
from pdca.cli.options import Guarded, LangOpt, OutputFailed, out, say
from pdca.errors import EXIT_USAGE, PdcaError

app = typer.Typer(
    name="pdca",
    help="廉洁风险防控 as a PDCA loop over YAML registers in git. / 以 PDCA 循环管理廉洁风险登记册。",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: start-up stays quick (rich's help renderer costs ~0.1 s to import)
)


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


app.command()(check.check)
app.command()(export.export)
app.command()(report.report)
app.command()(site.site)
app.command()(status.status)
app.command()(remind.remind)
app.command()(stages.advance)
app.add_typer(stages.cycle_app, name="cycle")
app.add_typer(findings.finding_app, name="finding")
app.add_typer(entries.new_app, name="new")
app.command()(entries.fmt)
app.command()(review.diff)
app.command()(review.owners)
app.command()(start.init)
app.add_typer(start.library_app, name="library")
app.add_typer(start.import_app, name="import")
app.add_typer(dossier.dossier_app, name="dossier")
app.command()(status.explain)
app.command()(check.rules)
app.command()(check.schema)


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
    """The Click command Typer builds from `app`, built once: building it reads every command's
    signature and costs more than checking a small register."""
    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    _speak_on(command)
    return command


def _speak_on(command: click.Command) -> None:
    """Give `command` and every command below it a context that formats help in the run's language."""
    command.context_class = _Context
    for sub in command.commands.values() if isinstance(command, typer.core.TyperGroup) else ():
        _speak_on(sub)


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
