"""`pdca rules` and `pdca rules NAME` as plain text in a language, fitted to the terminal.

What a rule reports, in words, comes from the catalogue's [rule_doc] table (the English there is the
rule's docstring as plain text; tests/test_help.py keeps the two the same); its examples are its
cases (pdca.engine.rule_docs), which the tests run, so an example shown passes or fails as shown.
docs/rules.md is made from the docstrings by `rule_docs.reference`.
"""

from __future__ import annotations

from typing import Any

from pdca import i18n
from pdca.engine import rule_docs
from pdca.io.wrapping import fill, width, wrap
from pdca.rules import RULES

#: how far a rule's description is indented under its name in the list
_INDENT = "    "


def listing(lang: str, columns: int) -> str:
    """Every rule: its name, code, default severity and parameters, with what it reports below."""
    names = list(RULES)
    name_width = max(width(name) for name in names)
    lines = [i18n.text("rule_doc.list_heading", lang, count=len(names)), ""]
    for name in names:
        rule = RULES[name]
        parts = [name + " " * (name_width - width(name)), rule.CODE, _severity(rule, lang)]
        if rule.PARAMS:
            parts.append(_params(rule))
        lines.append("  ".join(parts))
        lines += fill(summary(name, lang), columns, _INDENT)
    return "\n".join(lines) + "\n"


def summary(name: str, lang: str) -> str:
    """The first paragraph of a rule's description: what it reports."""
    return description(name, lang).strip().split("\n\n")[0]


def description(name: str, lang: str) -> str:
    return i18n.text(f"rule_doc.doc.{name}", lang)


def document(name: str, lang: str, columns: int) -> str:
    """One rule: its heading, its description, a passing and a failing example."""
    rule = RULES[name]
    params = _params(rule) or i18n.text("rule_doc.no_params", lang)
    out = [i18n.text("rule_doc.heading", lang, name=name, code=rule.CODE, severity=_severity(rule, lang),
                     params=params), ""]
    out += fill(description(name, lang), columns)
    passing, failing = rule_docs.examples(name)
    for title, case in (("passing", passing), ("failing", failing)):
        if case is None:
            continue
        out += ["", *wrap(i18n.text(f"rule_doc.{title}", lang, case=case.id, as_of=case.as_of), columns)]
        if case.config_append:
            out += _block(i18n.text("rule_doc.config_added", lang), case.config_append)
        for file, content in case.base_files.items():  # a rule judging a change: the files before it
            out += _block(i18n.text("rule_doc.before_change", lang, file=file), content)
        for file, content in case.files.items():
            out += _block(file, content)
        if case.reports(name):
            out += ["", i18n.text("rule_doc.reports", lang), ""]
            out += [f"    {line}" for line in case.reports(name)]
    return "\n".join(out) + "\n"


def _block(name: str, content: str) -> list[str]:
    """A file of an example, as it is: YAML is not rewrapped."""
    return ["", f"  {name}:", *(f"    {line}" for line in content.rstrip("\n").splitlines())]


def _severity(rule: Any, lang: str) -> str:
    return i18n.text(f"check.{rule.SEVERITY.value}", lang)


def _params(rule: Any) -> str:
    return ", ".join(f"{key}={value}" for key, value in rule.PARAMS.items())
