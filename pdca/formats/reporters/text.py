"""`--format text`: diagnostics grouped by file, coloured on a terminal, plain when piped.  A file name
or message is one line with its control characters escaped (pdca.io.printable), whatever a register
puts in it.

Piped output (CI logs, `> file`), where rich would only strip its own markup again, is written as plain
text without importing rich: a register with thousands of diagnostics spent a sixth of its run there.
Whatever rich would print differently from the plain text (an emoji code such as `:ok:`, a tab, a
forced terminal) goes through rich, so the output is the same byte for byte either way."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from itertools import groupby
from typing import TextIO

from pdca import i18n
from pdca.engine.check_run import CheckRun
from pdca.formats.reporters import summary
from pdca.io.printable import line as one_line

_STYLE = {"error": "bold red", "warning": "yellow", "waived": "dim"}

#: a line as pieces of text, each with its rich style ("" for none)
_Line = list[tuple[str, str]]

#: what rich's Console.print would change in plain text: emoji codes (rich's own pattern), tabs
#: (expanded), the control characters rich strips
_RICH_CHANGES = re.compile(r":\S*?:|[\t\x07\x08\x0b\x0c\r]")


def report(run: CheckRun, out: TextIO, lang: str) -> None:
    lines = list(_lines(run, lang))
    if _needs_rich(out, lines):
        _write_rich(lines, out)
    else:
        out.write("".join("".join(text for text, _ in pieces) + "\n" for pieces in lines))


def report_with_rich(run: CheckRun, out: TextIO, lang: str) -> None:
    """The report as rich prints it, whatever `out` is (what `report` must equal on a pipe)."""
    _write_rich(list(_lines(run, lang)), out)


def _lines(run: CheckRun, lang: str) -> Iterator[_Line]:
    for path, group in groupby(run.diagnostics, key=lambda d: d.display_path):
        yield [(one_line(path), "bold")]
        for d in group:
            where = f"{d.line}:{d.column}" if d.line is not None else "-"
            kind = "waived" if d.waiver is not None else d.severity.value
            line: _Line = [(f"  {where:<8} ", ""), (i18n.text(f"check.{kind}", lang), _STYLE[kind])]
            if d.new:
                line += [(" ", ""), (i18n.text("check.new", lang), "bold")]
            line += [(f"  {one_line(d.text(lang))}  ", ""), (f"[{d.rule}]", "dim")]
            yield line
        yield []
    yield [(summary.line(run, lang), "bold red" if run.errors else "yellow" if run.warnings else "green")]


def _needs_rich(out: TextIO, lines: list[_Line]) -> bool:
    """Whether rich would print anything but the plain text: on a terminal (or what rich takes for
    one: TTY_COMPATIBLE, FORCE_COLOR, a notebook), or for text it changes."""
    if os.environ.get("TTY_COMPATIBLE", "") != "" or os.environ.get("FORCE_COLOR") is not None:
        return True
    if "ipykernel" in sys.modules or "idlelib" in sys.modules:
        return True
    isatty = getattr(out, "isatty", None)
    try:
        if isatty is not None and isatty():
            return True
    except ValueError:  # a closed stream: rich would say it is not a terminal
        pass
    return any(_RICH_CHANGES.search(text) for pieces in lines for text, _ in pieces)


def _write_rich(lines: list[_Line], out: TextIO) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=out, highlight=False, soft_wrap=True)
    for pieces in lines:
        console.print("".join(f"[{style}]{escape(text)}[/{style}]" if style else escape(text) for text, style in pieces))
