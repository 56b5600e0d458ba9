"""The one-line summary of a check run, as the text format ends and the concise format tells stderr."""

from __future__ import annotations

from pdca import i18n
from pdca.engine.check_run import CheckRun


def line(run: CheckRun, lang: str) -> str:
    """Errors, warnings and files (or that nothing was found), then the waived and, with --diff, the new
    errors.  Every count is the whole run's: `--quiet` lists fewer diagnostics, it does not count fewer."""
    if run.errors or run.warnings:
        said = i18n.text("summary.counts", lang, errors=run.errors, warnings=run.warnings, files=run.files)
    else:
        said = i18n.text("summary.clean", lang, files=run.files)
    if run.waived:
        said += i18n.text("summary.waived", lang, waived=run.waived)
    if run.ratcheted:
        said += i18n.text("summary.new", lang, new=run.new_errors)
    return said
