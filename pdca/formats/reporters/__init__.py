"""Output formats of `pdca check`: a registry from the name users type to the module that writes it.

The CLI's --format choices come from FORMATS; a module is imported only when its format is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:  # the registry stays light: the CLI imports it for its --format choices
    from pdca.engine.check_run import CheckRun


class Reporter(Protocol):
    def __call__(self, run: CheckRun, out: TextIO, lang: str) -> None: ...


REPORTERS: dict[str, str] = {
    "text": "pdca.formats.reporters.text",
    "json": "pdca.formats.reporters.json",
    "github": "pdca.formats.reporters.github",
    "sarif": "pdca.formats.reporters.sarif",
    "gitlab": "pdca.formats.reporters.gitlab",
    "concise": "pdca.formats.reporters.concise",
}
FORMATS = tuple(REPORTERS)


def get(name: str) -> Reporter:
    try:
        module = importlib.import_module(REPORTERS[name])
    except KeyError:
        raise KeyError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}") from None
    report: Reporter = module.report
    return report
