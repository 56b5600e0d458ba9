"""`--format github`: workflow commands that GitHub Actions shows as annotations on the pull request.
An error or a warning is `::error` or `::warning`; a waived problem, and with --diff BASE a problem that
BASE already had, is a `::notice`: the pull request shows in red only what it brought.

https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from typing import TextIO

from pdca.engine.check_run import CheckRun
from pdca.io.printable import line as one_line


def _data(value: str) -> str:
    """A command's message as the runner reads it back: %, CR and LF encoded (the toolkit's escapeData),
    every other control character escaped first, so that one diagnostic is one annotation and the log
    shows no escape sequence."""
    return one_line(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    """A property (file=, title=): also : and , encoded, which would end it (the toolkit's escapeProperty)."""
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def report(run: CheckRun, out: TextIO, lang: str) -> None:
    for d in run.diagnostics:
        props = [f"file={_property(d.repository_path)}"]
        if d.line is not None:
            props.append(f"line={d.line}")
        if d.column is not None:
            props.append(f"col={d.column}")
        props.append(f"title={_property('pdca ' + d.rule)}")
        # Waived, or with --diff already there at BASE: shown, but not red (or yellow) on a passing job.
        level = "notice" if d.waiver is not None or d.new is False else d.severity.value
        out.write(f"::{level} {','.join(props)}::{_data(d.text(lang))}\n")
