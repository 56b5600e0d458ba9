"""pdca check, pdca rules, pdca schema: validating registers and saying how."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from pdca import i18n
from pdca.cli.options import (
    AsOfOpt,
    LangOpt,
    NoCacheOpt,
    RegistersArg,
    lang_of,
    load_all,
    out,
    say,
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
    people = "people"
    dossier = "dossier"
    pledges = "pledges"
    decisions = "decisions"
    assessments = "assessments"


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
    from pdca.load import places

    chosen = lang_of(lang)
    day = parse_date(as_of, chosen)
    roots = places.discover(list(registers or []), chosen or "zh")
    result = checking.run(roots, day, chosen, diff_base, load=load_all)
    if quiet:
        result = checking.errors_only(result)
    get(format.value)(result, sys.stdout, chosen or result.registers[0].lang)
    raise typer.Exit(result.exit_code)


def rules(
    name: Annotated[Optional[str], typer.Argument(help="Show one rule's documentation.")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Every rule's documentation as Markdown (docs/rules.md).")] = False,
    lang: LangOpt = None,
) -> None:
    """List the rules `pdca check` applies, or document one with a passing and a failing example.

    Change a rule's severity, or switch it off, under `rules:` in pdca.yaml:

      rules:
        review-stale: {severity: warning, months: 6}
        post-without-risk: off
    """
    import shutil

    from pdca.cli import language
    from pdca.engine import rule_docs
    from pdca.formats import rule_text
    from pdca.rules import RULES

    if markdown:
        out(rule_docs.reference(), end="")
        return
    chosen = lang_of(lang) or language.of(())  # no register to take a language from: as --help
    columns = min(shutil.get_terminal_size().columns, _TEXT_COLUMNS)  # COLUMNS, else the terminal, else 80
    if name is None:
        out(rule_text.listing(chosen, columns), end="")
        return
    if name not in RULES:
        raise PdcaError(say("rule_doc.unknown", chosen, name=name, hint=i18n.hint(RULES, name, chosen)))
    out(rule_text.document(name, chosen, columns), end="")


#: text wider than this is hard to read, however wide the terminal (Click's help stops there too)
_TEXT_COLUMNS = 80


def schema(
    kind: Annotated[SchemaKind, typer.Argument(metavar="KIND", show_choices=False, help="Which file's schema.")] = SchemaKind.all,
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
