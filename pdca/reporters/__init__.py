"""Output formats of `pdca check`: a registry from the name users type to the module that writes it.

The CLI's --format choices come from FORMATS; a module is imported only when its format is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:  # the registry stays light: the CLI imports it for its --format choices
    from pdca.linter import CheckRun


class Reporter(Protocol):
    def __call__(self, run: CheckRun, out: TextIO, lang: str) -> None: ...


REPORTERS: dict[str, str] = {
    "text": "pdca.reporters.text",
    "json": "pdca.reporters.json",
    "github": "pdca.reporters.github",
    "sarif": "pdca.reporters.sarif",
    "gitlab": "pdca.reporters.gitlab",
}
FORMATS = tuple(REPORTERS)


def get(name: str) -> Reporter:
    try:
        module = importlib.import_module(REPORTERS[name])
    except KeyError:
        raise KeyError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}") from None
    report: Reporter = module.report
    return report
