"""`--format text`: diagnostics grouped by file, coloured on a terminal, plain when piped.  A file name
or message is one line with its control characters escaped (pdca.io.printable), whatever a register
puts in it."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from pdca import i18n
from pdca.engine.lint import CheckRun
from pdca.formats.reporters import summary
from pdca.io.printable import line as one_line

_STYLE = {"error": "bold red", "warning": "yellow", "waived": "dim"}


def report(run: CheckRun, out: TextIO, lang: str) -> None:
    console = Console(file=out, highlight=False, soft_wrap=True)
    for path, group in groupby(run.diagnostics, key=lambda d: d.display_path):
        console.print(f"[bold]{escape(one_line(path))}[/bold]")
        for d in group:
            where = f"{d.line}:{d.column}" if d.line is not None else "-"
            kind = "waived" if d.waiver is not None else d.severity.value
            word = i18n.text(f"check.{kind}", lang)
            style = _STYLE[kind]
            mark = f" [bold]{i18n.text('check.new', lang)}[/bold]" if d.new else ""
            console.print(
                f"  {where:<8} [{style}]{word}[/{style}]{mark}  {escape(one_line(d.text(lang)))}  [dim]\\[{d.rule}][/dim]"
            )
        console.print()
    style = "bold red" if run.errors else "yellow" if run.warnings else "green"
    console.print(f"[{style}]{escape(summary.line(run, lang))}[/{style}]")
