"""Output formats of `pdca check`: a registry from the name users type to the class that writes it."""

from __future__ import annotations

from typing import Protocol, TextIO

from pdca.linter import CheckRun


class Reporter(Protocol):
    def __call__(self, run: CheckRun, out: TextIO, lang: str) -> None: ...


def get(name: str) -> Reporter:
    if name == "text":
        from pdca.reporters.text import report
    elif name == "json":
        from pdca.reporters.json import report
    elif name == "github":
        from pdca.reporters.github import report
    elif name == "sarif":
        from pdca.reporters.sarif import report
    else:
        raise KeyError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}")
    return report


FORMATS = ("text", "json", "github", "sarif")
