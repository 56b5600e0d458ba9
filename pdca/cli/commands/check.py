"""pdca check, pdca rules, pdca schema: validating registers and saying how."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from pdca.cli.options import (
    AsOfOpt,
    LangOpt,
    NoCacheOpt,
    RegistersArg,
    lang_of,
    load_all,
    out,
)
from pdca.cli.options import as_of as parse_date
from pdca.errors import PdcaError
from pdca.formats.reporters import FORMATS

Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


class SchemaKind(str, Enum):
    all = "all"
    config = "config"
    risks = "risks"
    checks = "checks"
    activities = "activities"


def check(
    registers: RegistersArg = None,
    format: Annotated[Format, typer.Option("--format", "-f", help=(
        "Output format: text (grouped by file, for people), concise (one `path:line:col: severity [rule] message` "
        "line each, severity always error, warning or note; the summary on stderr), json, github (annotations), "
        "sarif (code scanning), gitlab (Code Quality)."))] = Format.text,  # type: ignore[attr-defined]
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    diff_base: Annotated[Optional[str], typer.Option("--diff", metavar="BASE", help=(
        "Ratchet: report everything, fail only on what changed since BASE (a git revision) introduced. "
        "github, gitlab, sarif and concise then mark what BASE already had as a notice (github), info "
        "(gitlab), note (sarif, concise); json marks each problem `new`."))] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=(
        "Errors only: warnings and waived problems are not listed, in any format. The summary still counts "
        "them; the exit status is the same."))] = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Validate registers: schema, references, levels, stage gates, dates.

    Exit status: 0 no errors (warnings allowed), 1 errors found, 2 a register could not be read or the
    command was used wrongly.

    Examples:

    \b
      pdca check                                  # the register here, or registers/*/
      pdca check registers/example --as-of 2024-06-30
      pdca check --format github                  # annotations in GitHub Actions
      pdca check --format sarif > pdca.sarif      # for code scanning
      pdca check --diff origin/main               # fail only on problems this change brings
      pdca check --quiet --format concise         # errors only, one line each, for editors and grep
    """
    from pdca.engine import check as checking
    from pdca.formats.reporters import get
    from pdca.load import loader

    chosen = lang_of(lang)
    day = parse_date(as_of, chosen)
    roots = loader.discover(list(registers or []), chosen or "zh")
    result = checking.run(roots, day, chosen, diff_base, load=load_all)
    if quiet:
        result = checking.errors_only(result)
    get(format.value)(result, sys.stdout, chosen or result.registers[0].lang)
    raise typer.Exit(result.exit_code)


def rules(
    name: Annotated[Optional[str], typer.Argument(help="Show one rule's documentation.")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Every rule's documentation as Markdown (docs/rules.md).")] = False,
) -> None:
    """List the rules `pdca check` applies, or document one with a passing and a failing example.

    Change a rule's severity, or switch it off, under `rules:` in pdca.yaml:

      rules:
        review-stale: {severity: warning, months: 6}
        post-without-risk: off
    """
    from pdca.engine import rule_docs
    from pdca.rules import RULES, get
    from pdca.rules.base import summary

    if markdown:
        out(rule_docs.reference(), end="")
        return
    if name is not None:
        try:
            rule = get(name)
        except KeyError as exc:
            raise PdcaError(str(exc.args[0])) from None
        out(rule_docs.text(rule.NAME), end="")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False, box=None, pad_edge=False)
    for column in ("rule", "code", "severity", "parameters", "what it reports"):
        table.add_column(column)
    for rule in RULES.values():
        params = ", ".join(f"{k}={v}" for k, v in rule.PARAMS.items())
        table.add_row(rule.NAME, rule.CODE, rule.SEVERITY.value, params, summary(rule))
    Console(highlight=False).print(table)


def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file's schema.")] = SchemaKind.all,
) -> None:
    """Print the JSON Schema of register files, for editors.

    Put `# yaml-language-server: $schema=pdca-risks.schema.json` at the top of a risks file to get
    completion and validation in VS Code and other editors.

    Examples:

    \b
      pdca schema risks > pdca-risks.schema.json
      pdca schema > pdca.schema.json            # one schema for every kind of file
    """
    import json

    from pdca.model.json_schema import schema as build

    out(json.dumps(build(kind.value), ensure_ascii=False, indent=2))
