"""A rule's documentation: its docstring, and its examples taken from its cases (pdca/rules/cases).

The cases are what tests/test_rules.py runs against real register files, so an example in the docs is
an example that is known to pass or fail exactly as shown.  A case is a passing example for a rule
when the rule reports nothing in it, a failing one when it does.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pdca.io import yaml_read
from pdca.rules import RULES


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str]
    expect: list[str]  # "file:line:column rule"
    config_append: str | None = None
    as_of: str = "2024-06-30"
    messages: list[str] = field(default_factory=list)
    base_files: dict[str, str] = field(default_factory=dict)  # before the change (a rule judging `check --diff`)

    def reports(self, rule: str) -> list[str]:
        return [line for line in self.expect if line.split()[-1] == rule]


@cache
def cases(rule: str) -> tuple[Case, ...]:
    """The cases of a rule (none for rules that need bytes or a killed process to show)."""
    resource = importlib.resources.files("pdca.rules.cases").joinpath(f"{rule}.yaml")
    if not resource.is_file():
        return ()
    loaded: list[dict[str, Any]] = yaml_read.load(resource.read_text(encoding="utf-8"))[0]
    return tuple(Case(c["id"], dict(c.get("files") or {}), list(c.get("expect") or []), c.get("config_append"),
                      str(c.get("as_of", "2024-06-30")), list(c.get("messages") or []),
                      dict(c.get("base_files") or {})) for c in loaded)


def examples(rule: str) -> tuple[Case | None, Case | None]:
    """The first passing and the first failing case of a rule."""
    found = cases(rule)
    passing = next((c for c in found if not c.reports(rule)), None)
    failing = next((c for c in found if c.reports(rule)), None)
    return passing, failing


def text(rule: str, markdown: bool = False) -> str:
    """A rule's documentation as plain text (`pdca rules NAME`) or Markdown (docs/rules.md)."""
    module = RULES[rule]
    params = ", ".join(f"{k}={v}" for k, v in module.PARAMS.items()) or "-"
    head = (f"## {rule}\n\n`{module.CODE}` · default severity **{module.SEVERITY.value}** · parameters: {params}\n"
            if markdown else f"{rule} ({module.CODE}), default severity {module.SEVERITY.value}, parameters: {params}\n")
    out = [head, (module.__doc__ or "").strip(), ""]
    passing, failing = examples(rule)
    for title, case in (("Passing", passing), ("Failing", failing)):
        if case is None:
            continue
        out.append(f"{title} ({case.id}, as of {case.as_of}):" + ("" if markdown else ""))
        out.append("")
        if case.config_append:
            out += _block("pdca.yaml (added)", case.config_append, markdown)
        for name, content in case.base_files.items():
            out += _block(f"{name} (BASE, before the change)", content, markdown)
        for name, content in case.files.items():
            out += _block(name, content, markdown)
        if case.reports(rule):
            out.append("reports:" if not markdown else "`pdca check` reports:")
            out.append("")
            out += [f"    {line}" for line in case.reports(rule)]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _block(name: str, content: str, markdown: bool) -> list[str]:
    if markdown:
        return [f"`{name}`:", "", "```yaml", content.rstrip("\n"), "```", ""]
    return [f"  {name}:", *(f"    {line}" for line in content.rstrip("\n").splitlines()), ""]


def reference() -> str:
    """docs/rules.md: every rule, in the order `pdca rules` lists them."""
    parts = ["# Rules\n",
             "What `pdca check` reports, rule by rule. Generated from the rules themselves "
             "(`pdca rules --markdown > docs/rules.md`); every example is run by the test suite.\n",
             "Change a rule's severity, or switch it off, in pdca.yaml:\n",
             "```yaml\nrules:\n  review-stale: {severity: warning, months: 6}\n  post-without-risk: off\n```\n"]
    parts += [text(rule, markdown=True) for rule in RULES]
    return "\n".join(parts)
