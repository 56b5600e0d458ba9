"""`--format concise`: one line per diagnostic, `path:line:col: severity [rule] message`, for editors'
problem matchers, grep and `wc -l`; the summary line goes to stderr, so stdout holds only diagnostics.

The path is relative to the working directory, as the text format prints it (an editor opens it from
there).  The severity is always an English word, `error`, `warning` or `note`, whatever the language of
the message, so that one pattern matches every register: `note` is a problem that does not count
against the run (a waived one, or with --diff one that was already there at BASE).  A diagnostic
without a position is put at 1:1, as GitLab and SARIF readers need a line too.  No colour, ever.
"""

from __future__ import annotations

import sys
from typing import TextIO

from pdca.engine.check_run import CheckRun
from pdca.formats.reporters import summary
from pdca.io.printable import line as one_line
from pdca.model.diagnostic import Diagnostic


def severity(d: Diagnostic) -> str:
    return "note" if d.waiver is not None or d.new is False else d.severity.value


def report(run: CheckRun, out: TextIO, lang: str) -> None:
    for d in run.diagnostics:
        out.write(f"{one_line(d.display_path)}:{d.line or 1}:{d.column or 1}: {severity(d)} [{d.rule}] "
                  f"{one_line(d.text(lang))}\n")
    print(summary.line(run, lang), file=sys.stderr)  # looked up now: the CLI guards and tests capture it
