"""pdca report: what leaders read."""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from pdca.cli.options import (
    OUTPUT_HELP,
    LangOpt,
    NoCacheOpt,
    RedactOpt,
    RegistersArg,
    RegistersOpt,
    emit,
    lang_of,
    out,
    readable,
    registers_named,
    say,
    write,
)
from pdca.cli.options import as_of as parse_date
from pdca.cli.options import period as parse_period
from pdca.cli.options import redact as apply_redact
from pdca.errors import EXIT_FINDINGS, PdcaError


class ReportKind(str, Enum):
    monthly = "monthly"
    stats = "stats"
    lists = "lists"
    register = "register"
    self_check = "self-check"
    annual = "annual"
    powers = "powers"


class ReportFormat(str, Enum):
    md = "md"
    docx = "docx"
    xlsx = "xlsx"


class GroupBy(str, Enum):
    area = "area"
    department = "department"


def report(
    registers: RegistersArg = None,
    month: Annotated[Optional[str], typer.Option("--month", metavar="YYYY-MM", help="A month: the 通报 (default kind).")] = None,
    half: Annotated[Optional[str], typer.Option("--half", metavar="YYYYH1|YYYYH2", help="A half-year (default kind: self-check).")] = None,
    year: Annotated[Optional[str], typer.Option("--year", metavar="YYYY", help="A year (default kind: annual).")] = None,
    kind: Annotated[Optional[ReportKind], typer.Option("--kind", "-k", help="Which report.")] = None,
    by: Annotated[GroupBy, typer.Option("--by", help="stats: a row per area or per department.")] = GroupBy.area,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="md: Markdown; docx: a Word 公文 (needs -o or a pipe); xlsx: the 统计情况表 as a workbook (--kind stats).")] = ReportFormat.md,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report here instead of stdout. " + OUTPUT_HELP)] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help="Default: the period's last day (see below).")] = None,
    lang: LangOpt = None,
    no_charts: Annotated[bool, typer.Option("--no-charts", help="Plain Markdown: no Mermaid charts.")] = False,
    charts: Annotated[bool, typer.Option("--charts", help="docx: the charts, as tables (Word cannot show Mermaid).")] = False,
    number: Annotated[Optional[int], typer.Option("--number", min=1, help="docx: the 发文字号's serial number, in the issuer's number pattern.")] = None,
    narrative_template: Annotated[bool, typer.Option("--narrative-template", help="Print a starter for the period's reports/<period>.yaml (the office's own words), with the facts as hints.")] = False,
    list_templates: Annotated[bool, typer.Option("--list-templates", help="List the templates and where each comes from.")] = False,
    redact: RedactOpt = False,
    force: Annotated[bool, typer.Option("--force", help="Render even though the register has errors; the report says so at its top.")] = False,
    no_cache: NoCacheOpt = False,
    register: RegistersOpt = None,
) -> None:
    """Render a Markdown report for leaders: the monthly 通报 (default), the 统计情况表 (stats), the four
    lists, the 廉洁风险清单 (register), the half-year 自查自验 (self-check), the annual review or the 权职目录
    (powers: posts, their powers and the risk points each gives rise to).

    The as-of date is the last day of the period unless --as-of says otherwise (for a half-year's
    self-check, the day of the latest 自查自验 that covers it; for --kind register, the latest date the
    register records; likewise for --kind powers), so the same register always gives the same report. With no period, the latest
    month (half-year, year) of the current cycle that has begun. A register with errors gives no report
    (exit 1, the errors on stderr) unless --force. A register's own templates/ folder overrides a
    report: <kind>.<lang>.md.j2 for one language, else <kind>.md.j2 for all (see --list-templates).

    Examples:

    \b
      pdca report --month 2024-06 -o 2024-06-通报.md
      pdca report --month 2024-06 --kind stats --by department
      pdca report --half 2024H1                     # 半年度自查自验
      pdca report --year 2024 --lang en             # annual review in English
      pdca report --kind powers                     # 权职目录: powers and their risk points
      pdca report --month 2024-06 --format docx --number 7 -o 2024-06-通报.docx
      pdca report --month 2024-06 --kind stats --format xlsx -o 统计情况表.xlsx
      pdca report --month 2024-06 --narrative-template > registers/example/reports/2024-06.yaml
    """
    from pdca.engine import reporting
    from pdca.formats import markdown_report

    chosen = lang_of(lang)
    loaded = readable(registers_named(registers, register), chosen)
    if list_templates:
        for name, origin in markdown_report.list_templates(loaded):
            out(f"{name}\t{origin}")
        return
    language = chosen or loaded[0].lang
    _periods_written_right(loaded[0], {"month": month, "half": half, "year": year}, language)
    asked = parse_date(as_of, language) if as_of else None
    wanted = reporting.request(loaded, kind.value if kind else None, month, half, year, asked, dt.date.today(),
                               language)
    _formats_fit(format, wanted.kind, charts, no_charts, number, narrative_template, language)
    errors = reporting.blocking_errors(loaded, wanted.as_of)
    if errors and not force:
        from pdca.engine.lint import CheckRun
        from pdca.formats.reporters import get

        get("text")(CheckRun(loaded, errors), sys.stderr, language)
        raise PdcaError(say("report.has_errors", language, count=len(errors)), exit_code=EXIT_FINDINGS)
    apply_redact(loaded, redact, language)
    if narrative_template:
        from pdca.engine import narrative

        if len(loaded) > 1:
            raise PdcaError(say("report.narrative_one", language))
        if output is not None and output.is_file() and output.stat().st_size:  # the office's words, perhaps
            raise PdcaError(say("report.narrative_exists", language, path=output))
        emit(narrative.starter(loaded[0], wanted.period, wanted.as_of, language), output, language)
        return
    if format is ReportFormat.md:
        markdown = markdown_report.render(wanted.kind, loaded, wanted.period, wanted.as_of, language,
                                          charts=not no_charts, by=by.value)
        if errors:
            markdown = markdown_report.banner(len(errors), language) + markdown
        emit(markdown, output, language)
        return
    if output is None and sys.stdout.isatty():
        raise PdcaError(say("report.binary_needs_output", language, format=format.value))
    if format is ReportFormat.xlsx:
        from pdca.formats import xlsx

        write(output or Path("-"), xlsx.stats_report(loaded, wanted.period, wanted.as_of, language, by.value), language)
        return
    from pdca.formats import word_report

    write(output or Path("-"), word_report.render(wanted.kind, loaded, wanted.period, wanted.as_of, language,
                                                  number=number, charts=charts, by=by.value), language)


def _formats_fit(format: ReportFormat, kind: str, charts: bool, no_charts: bool, number: int | None,
                 narrative_template: bool, lang: str) -> None:
    """Refuse options that the chosen format or kind would silently ignore."""
    if narrative_template and (format is not ReportFormat.md or number is not None or charts):
        raise PdcaError(say("report.narrative_alone", lang))
    if format is ReportFormat.xlsx and kind != "stats":
        raise PdcaError(say("report.xlsx_stats_only", lang, kind=kind))
    if charts and format is not ReportFormat.docx:
        raise PdcaError(say("report.option_for", lang, option="--charts", format="docx"))
    if no_charts and format is not ReportFormat.md:
        raise PdcaError(say("report.option_for", lang, option="--no-charts", format="md"))
    if number is not None and format is not ReportFormat.docx:
        raise PdcaError(say("report.option_for", lang, option="--number", format="docx"))


def _periods_written_right(register: Any, given: dict[str, str | None], lang: str) -> None:
    """Refuse a --month, --half or --year written wrongly, with how that option is written."""
    from pdca.domain.periods import span

    for kind, value in given.items():
        if value is not None:
            parse_period(kind, value, lang, f"--{kind}", span(register.config))
