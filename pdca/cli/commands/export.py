"""pdca export: the resolved register as JSON, CSV or an Excel workbook."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from pdca.cli.options import (
    OUTPUT_HELP,
    AsOfOpt,
    LangOpt,
    NoCacheOpt,
    RedactOpt,
    RegistersArg,
    RegistersOpt,
    emit,
    lang_of,
    names_stream,
    readable,
    registers_named,
    say,
    writable,
    write,
)
from pdca.cli.options import as_of as parse_date
from pdca.cli.options import redact as apply_redact
from pdca.errors import PdcaError


class ExportFormat(str, Enum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class Table(str, Enum):
    risks = "risks"
    measures = "measures"
    findings = "findings"
    checks = "checks"
    activities = "activities"
    pledges = "pledges"
    decisions = "decisions"
    assessments = "assessments"
    campaigns = "campaigns"
    campaign_items = "campaign_items"
    powers = "powers"


def export(
    registers: RegistersArg = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="json: one document; csv: one file per table.")] = ExportFormat.json,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (for csv: a folder, unless --table) instead of stdout. " + OUTPUT_HELP)] = None,
    table: Annotated[Optional[Table], typer.Option("--table", metavar="TABLE", help="csv: only this table (then -o is a file, or stdout).")] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    redact: RedactOpt = False,
    no_cache: NoCacheOpt = False,
    register: RegistersOpt = None,
) -> None:
    """Export the resolved register: every risk, measure, finding, check and activity with the values
    pdca computes (level, overdue, days overdue, repeat, escalation, waiting for 销号 ...), and the records
    of the method: pledges (两个责任), meeting decisions (followed like findings), 考核单, 专项整治 campaigns
    and their items with progress, the 权职目录 (a row per power with its risks).

    CSV files are UTF-8 with a BOM so that Excel shows Chinese correctly; headers follow --lang.

    Examples:

    \b
      pdca export --as-of 2024-06-30 > register.json
      pdca export registers/example --format csv -o out/        # out/risks.csv, measures.csv, ...
      pdca export --format csv --table findings --lang en > findings.csv
    """
    from pdca.engine.export import names, resolve_all
    from pdca.formats import tables

    chosen = lang_of(lang)
    day = parse_date(as_of, chosen)
    loaded = readable(registers_named(registers, register), chosen)
    language = chosen or loaded[0].lang
    apply_redact(loaded, redact, language)
    if format is ExportFormat.xlsx:
        from pdca.formats import xlsx

        if output is None or len(loaded) > 1:
            raise PdcaError(say("cli.xlsx_needs", language))
        write(output, xlsx.export(loaded[0], day), language)
        return
    document = resolve_all(loaded, day)
    if format is ExportFormat.json:
        emit(tables.to_json(document), output, language)
        return
    if table is not None:
        emit(tables.csv_file(document, table.value, language, names(loaded)).decode("utf-8"), output, language, exact=True)
        return
    if output is None or names_stream(output):
        raise PdcaError(say("cli.csv_needs", language))
    if output.exists() and not output.is_dir():
        raise PdcaError(say("cli.not_folder", language, path=output))
    writable([output / f"{name}.csv" for name in tables.TABLES], language)  # all refused, or all written
    named = names(loaded)
    for name in tables.TABLES:
        write(output / f"{name}.csv", tables.csv_file(document, name, language, named), language)
