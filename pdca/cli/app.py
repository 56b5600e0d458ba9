"""The command line: each command turns options into one core call, prints, and returns an exit code.

This is the only module that imports Typer.  Everything heavy is imported inside the command that
needs it, so `pdca --help` stays quick.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from pdca import __version__
from pdca.errors import PdcaError
from pdca.formats.reporters import FORMATS

app = typer.Typer(
    name="pdca",
    help="廉洁风险防控 as a PDCA loop over YAML registers in git. / 以 PDCA 循环管理廉洁风险登记册。",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: start-up stays quick (rich's help renderer costs ~0.1 s to import)
)


Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


class Lang(str, Enum):
    zh = "zh"
    en = "en"


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


class ReportKind(str, Enum):
    monthly = "monthly"
    stats = "stats"
    lists = "lists"
    register = "register"
    self_check = "self-check"
    annual = "annual"


class GroupBy(str, Enum):
    area = "area"
    department = "department"


class SchemaKind(str, Enum):
    all = "all"
    config = "config"
    risks = "risks"
    checks = "checks"
    activities = "activities"


RegistersArg = Annotated[
    Optional[list[Path]],
    typer.Argument(
        help="Register folders (with pdca.yaml). Default: the nearest pdca.yaml at or above the current "
        "folder, else every registers/*/pdca.yaml below it.",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help="Date to judge deadlines by. Default: today.")
]
LangOpt = Annotated[
    Optional[Lang], typer.Option("--lang", help="Language of i18n. Default: the register's `language`.")
]
def _no_cache(value: bool) -> None:
    if value:
        os.environ["PDCA_NO_CACHE"] = "1"


RedactOpt = Annotated[bool, typer.Option("--redact", help="Replace people's names by their post or department, for sharing beyond the 纪检 office.")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", callback=_no_cache,
                                          help="Parse every file again; do not use or fill .pdca_cache/.")]
RegisterOpt = Annotated[
    Optional[Path], typer.Option("--register", "-r", help="Register folder. Default: found as for `pdca check`.")
]


def _version(value: bool) -> None:
    if value:
        print(f"pdca {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """pdca: 廉洁风险防控 as a PDCA loop over YAML registers in git."""


def _say(message_id: str, lang: str | None, **params: Any) -> str:
    from pdca import i18n

    return i18n.text(message_id, lang or "zh", **params)


def _as_of(value: str | None, lang: str | None = None, option: str = "--as-of") -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PdcaError(_say("cli.as_of", lang, value=value, option=option)) from None


def _lang(value: Lang | None) -> str | None:
    return value.value if value is not None else None


@app.command()
def check(
    registers: RegistersArg = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,  # type: ignore[attr-defined]
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    diff_base: Annotated[Optional[str], typer.Option("--diff", metavar="BASE", help="Ratchet: report everything, fail only on what changed since BASE (a git revision) introduced.")] = None,
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
    """
    from pdca.io import cache
    from pdca.engine import lint
    from pdca.load import loader
    from pdca.formats.reporters import get

    chosen = _lang(lang)
    day = _as_of(as_of, chosen)
    roots = loader.discover(list(registers or []), chosen or "zh")
    # with no register file (and no pdca code) changed since, the whole run comes from .pdca_cache
    use_cache = diff_base is None and not os.environ.get("PDCA_NO_CACHE")
    key = cache.check_key(roots, day.isoformat(), chosen) if use_cache else None
    runs = cache.Cache(roots[0])
    cached = runs.load_run(key) if key else None
    if cached is not None:
        get(format.value)(cached, sys.stdout, chosen or cached.registers[0].lang)
        raise typer.Exit(cached.exit_code)
    loaded = _load_all(roots, chosen)
    run = lint.check(loaded, day)
    if key:
        runs.save_run(key, run)
    if diff_base is not None:
        from pdca.engine.diff import load_at

        before = [b for b in (load_at(root, diff_base, chosen) for root in roots) if b is not None]
        run.ratchet(lint.check(before, day))
    get(format.value)(run, sys.stdout, chosen or loaded[0].lang)
    raise typer.Exit(run.exit_code)


def _load_all(roots: list[Path], lang: str | None) -> list[Any]:
    """Load registers, with a progress bar on a terminal when there is much to read."""
    from pdca.load import loader
    from pdca.cli import progress

    with progress.bar(roots, "读取登记册" if (lang or "zh") == "zh" else "reading") as step:
        return [loader.load(root, lang, on_bytes=step) for root in roots]


def _redact(registers: list[Any], wanted: bool, lang: str) -> None:
    if wanted:
        from pdca.engine.redact import redact

        for register in registers:
            redact(register, lang)


def _readable(registers: list[Path] | None, lang: str | None) -> list[Any]:
    """Load the registers a reading command works on; a register whose pdca.yaml is broken stops it."""
    from pdca.load import loader

    roots = loader.discover(list(registers or []), lang or "zh")
    loaded = _load_all(roots, lang)
    for register in loaded:
        if register.config is None:
            raise PdcaError(_say("cli.bad_config", lang or register.lang, register=register.name))
        errors = sum(1 for p in register.problems if p.severity.value == "error")
        if errors:
            print("pdca: " + _say("cli.left_out", lang or register.lang, register=register.name, count=errors),
                  file=sys.stderr)
    return loaded


@app.command()
def export(
    registers: RegistersArg = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="json: one document; csv: one file per table.")] = ExportFormat.json,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (for csv: a folder, unless --table) instead of stdout; atomically.")] = None,
    table: Annotated[Optional[Table], typer.Option("--table", help="csv: only this table (then -o is a file, or stdout).")] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    redact: RedactOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Export the resolved register: every risk, measure, finding, check and activity with the values
    pdca computes (level, overdue, days overdue, repeat, escalation, waiting for 销号 ...).

    CSV files are UTF-8 with a BOM so that Excel shows Chinese correctly; headers follow --lang.

    Examples:

    \b
      pdca export --as-of 2024-06-30 > register.json
      pdca export registers/example --format csv -o out/        # out/risks.csv, measures.csv, ...
      pdca export --format csv --table findings --lang en > findings.csv
    """
    from pdca.engine import export as exporting

    chosen = _lang(lang)
    day = _as_of(as_of, chosen)
    loaded = _readable(registers, chosen)
    language = chosen or loaded[0].lang
    _redact(loaded, redact, language)
    document = exporting.resolve_all(loaded, day)
    if format is ExportFormat.xlsx:
        from pdca.formats import xlsx

        if output is None or len(loaded) > 1:
            raise PdcaError(_say("cli.xlsx_needs", language))
        _write(output, xlsx.export(loaded[0], day), language)
        return
    if format is ExportFormat.json:
        _emit(exporting.to_json(document), output, language)
        return
    tables = [table.value] if table else list(exporting.TABLES)
    if output is None and table is None:
        raise PdcaError(_say("cli.csv_needs", language))
    if table is not None:
        _emit("\ufeff" + exporting.to_csv(document, table.value, language), output, language)
        return
    assert output is not None
    if output.exists() and not output.is_dir():
        raise PdcaError(_say("cli.not_folder", language, path=output))
    for name in tables:
        _write(output / f"{name}.csv", ("\ufeff" + exporting.to_csv(document, name, language)).encode("utf-8"),
               language)


@app.command()
def report(
    registers: RegistersArg = None,
    month: Annotated[Optional[str], typer.Option("--month", metavar="YYYY-MM", help="A month: the 通报 (default kind).")] = None,
    half: Annotated[Optional[str], typer.Option("--half", metavar="YYYYH1|YYYYH2", help="A half-year (default kind: self-check).")] = None,
    year: Annotated[Optional[str], typer.Option("--year", metavar="YYYY", help="A year (default kind: annual).")] = None,
    kind: Annotated[Optional[ReportKind], typer.Option("--kind", "-k", help="Which report.")] = None,
    by: Annotated[GroupBy, typer.Option("--by", help="stats: a row per area or per department.")] = GroupBy.area,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the Markdown here, atomically.")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help="Default: the period's last day (see below).")] = None,
    lang: LangOpt = None,
    no_charts: Annotated[bool, typer.Option("--no-charts", help="Plain Markdown: no Mermaid charts.")] = False,
    list_templates: Annotated[bool, typer.Option("--list-templates", help="List the templates and where each comes from.")] = False,
    redact: RedactOpt = False,
    force: Annotated[bool, typer.Option("--force", help="Render even though the register has errors; the report says so at its top.")] = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Render a Markdown report for leaders: the monthly 通报 (default), the 统计情况表 (stats), the four
    lists, the 廉洁风险清单 (register), the half-year 自查自验 (self-check) or the annual review.

    The as-of date is the last day of the period unless --as-of says otherwise (for a half-year's
    self-check, the day of the latest 自查自验 that covers it; for --kind register, the latest date the
    register records), so the same register always gives the same report. With no period, the latest
    month (half-year, year) of the current cycle that has begun. A register with errors gives no report
    (exit 1, the errors on stderr) unless --force. A register's own templates/ folder overrides any
    built-in template of the same name (see --list-templates).

    Examples:

    \b
      pdca report --month 2024-06 -o 2024-06-通报.md
      pdca report --month 2024-06 --kind stats --by department
      pdca report --half 2024H1                     # 半年度自查自验
      pdca report --year 2024 --lang en             # annual review in English
    """
    from pdca.engine import lint
    from pdca.formats import markdown_report

    chosen = _lang(lang)
    loaded = _readable(registers, chosen)
    if list_templates:
        for name, origin in markdown_report.list_templates(loaded):
            print(f"{name}\t{origin}")
        return
    language = chosen or loaded[0].lang
    asked = _as_of(as_of, language) if as_of else None
    wanted = markdown_report.request(loaded, kind.value if kind else None, month, half, year, asked, dt.date.today(),
                             language)
    errors = [d for d in lint.check(loaded, wanted.as_of).diagnostics if d.severity.value == "error" and d.waiver is None]
    if errors and not force:
        from pdca.formats.reporters import get

        get("text")(lint.CheckRun(loaded, errors), sys.stderr, language)
        raise PdcaError(_say("report.has_errors", language, count=len(errors)), exit_code=1)
    _redact(loaded, redact, language)
    markdown = markdown_report.render(wanted.kind, loaded, wanted.period, wanted.as_of, language, charts=not no_charts,
                              by=by.value)
    if errors:
        markdown = markdown_report.banner(len(errors), language) + markdown
    _emit(markdown, output, language)


@app.command()
def status(
    registers: RegistersArg = None,
    department: Annotated[Optional[str], typer.Option("--department", help="Only this department (its id).")] = None,
    area: Annotated[Optional[str], typer.Option("--area", help="Only risks of this area (its id).")] = None,
    level: Annotated[Optional[int], typer.Option("--level", min=1, max=3, help="Only risks of this level (1-3).")] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """What needs attention now: overdue findings by department with their 通报/考核/问责 step,
    findings awaiting 销号, measures overdue or due within 30 days, risks due for review or stalled in
    a stage, departments without a 自查自验 this half-year.

    Examples:

    \b
      pdca status --as-of 2024-06-30
      pdca status --department purchasing --level 1
    """
    from rich.console import Console

    from pdca.engine import status_view as attention

    chosen = _lang(lang)
    day = _as_of(as_of, chosen)
    loaded = _readable(registers, chosen)
    data = attention.build(loaded, day, attention.Filters(department, area, level))
    organization = " / ".join(dict.fromkeys(r.config.organization for r in loaded if r.config))
    console = Console(highlight=False)
    if not console.is_terminal:  # piped or in CI: plain text, wide enough that tables do not fold
        console = Console(highlight=False, width=200)
    attention.render(data, organization, chosen or loaded[0].lang, console)


def _emit(text: str, output: Path | None, lang: str) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    _write(output, text.encode("utf-8"), lang)


def _write(path: Path, data: bytes, lang: str) -> None:
    """Write a file atomically, or say why it cannot be written (exit 2)."""
    from pdca.io.files import write_atomic

    if path.is_dir():
        raise PdcaError(_say("cli.is_folder", lang, path=path))
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise PdcaError(_say("cli.cannot_write", lang, path=path, error=exc.strerror or exc)) from None


class Stage(str, Enum):
    P = "P"
    D = "D"
    C = "C"
    A = "A"


def _editable(register: Path | None, lang: str | None, every_risk: bool = False) -> Any:
    """The one register an editing command works on, loaded; its pdca.yaml must be readable.  A command
    that edits every risk refuses a register with entries it cannot read (they would be left behind)."""
    from pdca.load import loader

    roots = loader.discover([register] if register else [], lang or "zh")
    if len(roots) > 1:
        raise PdcaError(_say("edit.one_register", lang))
    loaded = _readable([roots[0]], lang)[0]
    errors = sum(1 for p in loaded.problems if p.severity.value == "error")
    if every_risk and errors:
        raise PdcaError(_say("edit.unreadable_entries", lang or loaded.lang, register=loaded.name, count=errors))
    return loaded


def _finish(documents: list[Any], root: Path, dry_run: bool, lang: str) -> None:
    from pdca.io.yaml_edit import save_all, unified_diff

    if dry_run:
        sys.stdout.write(unified_diff(documents, root))
        print(_say("edit.dry_run", lang))
        return
    for path in save_all(documents):
        print(_say("edit.written", lang, path=path.relative_to(root.resolve()) if path.is_relative_to(root.resolve()) else path))


@app.command()
def advance(
    risk_ids: Annotated[Optional[list[str]], typer.Argument(metavar="ID...", help="Risk ids, e.g. CG-001 CG-002.")] = None,
    to: Annotated[Stage, typer.Option("--to", help="The stage to move into.")] = ...,  # type: ignore[assignment]
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why (needed to move back); written to history.")] = None,
    area: Annotated[Optional[str], typer.Option("--area", help="Every risk of this area that is behind --to.")] = None,
    department: Annotated[Optional[str], typer.Option("--department", help="Every risk of this department that is behind --to.")] = None,
    everything: Annotated[bool, typer.Option("--all", help="Every risk that is behind --to.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help="The date written to history. Default: today.")] = None,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Move risks through PDCA (P→D→C→A), editing the YAML in place: the stage, and a history entry.

    A move whose gate fails is refused with the condition that failed, and several ids move all or
    nothing. Moving back (say C to D after a new problem) needs --reason; back to P only through
    `pdca cycle start`. Exit status: 0 moved, 1 refused (nothing changed), 2 used wrongly.

    Examples:

    \b
      pdca advance CG-001 --to C
      pdca advance CG-001 CG-002 --to A --dry-run
      pdca advance GC-003 --to D --reason "复查发现签证问题,措施需补充"
      pdca advance --area procurement --to D
    """
    from pdca.engine import advance as advancing

    chosen = _lang(lang)
    loaded = _editable(register, chosen, every_risk=bool(area or department or everything))
    language = chosen or loaded.lang
    day = _as_of(as_of, language)
    if not risk_ids and not (area or department or everything):
        raise PdcaError(_say("advance.which", language))
    named, picked = advancing.select(loaded, risk_ids or [], area, department, everything, language)
    moves, refusals = advancing.plan(loaded, named, picked, to.value, reason, language)
    if refusals:
        for line in refusals:
            print(f"pdca: {line}", file=sys.stderr)
        raise PdcaError(_say("advance.refused", language, count=len(refusals)), exit_code=1)
    if not moves:
        print(_say("advance.nothing", language))
        return
    documents = advancing.apply(loaded, moves, day, language)
    from pdca import i18n

    for move in moves:
        print(_say("advance.moved", language, id=move.risk.id,
                   before=i18n.label(i18n.STAGE_NAMES, move.before, language),
                   after=i18n.label(i18n.STAGE_NAMES, move.after, language)))
    _finish(documents, loaded.root, dry_run, language)


cycle_app = typer.Typer(help="Cycles of the PDCA spiral.", no_args_is_help=True)
app.add_typer(cycle_app, name="cycle")


@cycle_app.command("start")
def cycle_start(
    cycle_id: Annotated[str, typer.Argument(metavar="ID", help="The new cycle's id, e.g. 2025.")],
    start: Annotated[str, typer.Option("--start", metavar="YYYY-MM-DD", help="First day of the new cycle.")],
    end: Annotated[str, typer.Option("--end", metavar="YYYY-MM-DD", help="Last day of the new cycle.")],
    force: Annotated[bool, typer.Option("--force", help="Open it even though some risks are not in A yet.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")] = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Open the next cycle (A→P, the spiral turns): write it in pdca.yaml and send every risk that is not
    retired back to P for re-identification and re-grading. Unfinished findings stay open and are
    reported as carried over.

    Example:

    \b
      pdca cycle start 2025 --start 2025-01-01 --end 2025-12-31
    """
    from pdca.engine import advance as advancing

    chosen = _lang(lang)
    loaded = _editable(register, chosen, every_risk=True)
    language = chosen or loaded.lang
    first, last = _as_of(start, language, "--start"), _as_of(end, language, "--end")
    documents, moves = advancing.cycle_start(loaded, cycle_id, first, last, force, language)
    carried = [f for c in loaded.checks for f in c.findings if f.status != "closed"]
    _finish(documents, loaded.root, dry_run, language)
    print(_say("cycle.opened", language, id=cycle_id, start=first, end=last, count=len(moves), open=len(carried),
               waiting=sum(1 for f in carried if f.status == "done")))


finding_app = typer.Typer(help="A finding's life: done (整改完成), close (销号), return (退回补充), extend (延期), "
                               "act (a decision: 通报/考核/问责).", no_args_is_help=True)
app.add_typer(finding_app, name="finding")
DateOpt = Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="Default: today.")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")]


def _lifecycle(action: Any, finding_id: str, register: Path | None, lang: Lang | None, dry_run: bool,
               date: str | None, **options: Any) -> None:
    from pdca import i18n

    chosen = _lang(lang)
    loaded = _editable(register, chosen)
    language = chosen or loaded.lang
    before = loaded.index.findings.get(finding_id)
    documents = action(loaded, finding_id, day=_as_of(date, language, "--date"), lang=language, **options)
    after = {"done": "done", "close": "closed", "send_back": "rectifying"}[action.__name__]
    assert before is not None
    print(_say("finding.moved", language, id=finding_id,
               before=i18n.label(i18n.FINDING_STATUS_NAMES, before[1].status, language),
               after=i18n.label(i18n.FINDING_STATUS_NAMES, after, language)))
    _finish(documents, loaded.root, dry_run, language)


@finding_app.command("done")
def finding_done(
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="The finding, e.g. SJ-2024-01-F1.")],
    result: Annotated[str, typer.Option("--result", help="What was done (结果清单).")],
    evidence: Annotated[str, typer.Option("--evidence", help="Where the proof lives, e.g. OA-2024-0655.")],
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """整改完成: a finding that is open or rectifying is done, with its result and evidence.

    Example:

    \b
      pdca finding done SJ-2024-01-F1 --result "已修订《供应商管理办法》" --evidence OA-2024-0655
    """
    from pdca.engine import finding_edits

    _lifecycle(finding_edits.done, finding_id, register, lang, dry_run, date, result=result, evidence=evidence)


@finding_app.command("close")
def finding_close(
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="The finding, e.g. SJ-2024-01-F1.")],
    by: Annotated[str, typer.Option("--by", help="Who verified it (not its owner), e.g. 纪委办公室.")],
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """销号: a done finding is closed after verification by someone other than its owner.

    Example:

    \b
      pdca finding close SJ-2024-01-F1 --by 纪委办公室
    """
    from pdca.engine import finding_edits

    _lifecycle(finding_edits.close, finding_id, register, lang, dry_run, date, by=by)


@finding_app.command("return")
def finding_return(
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="The finding, e.g. SJ-2024-01-F1.")],
    reason: Annotated[str, typer.Option("--reason", help="What is missing; recorded in the finding's history.")],
    by: Annotated[Optional[str], typer.Option("--by", help="Who returned it.")] = None,
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """退回补充: a done finding goes back to rectifying, with the reason recorded.

    Example:

    \b
      pdca finding return SJ-2024-01-F1 --reason "佐证材料缺少会议纪要" --by 纪委办公室
    """
    from pdca.engine import finding_edits

    _lifecycle(finding_edits.send_back, finding_id, register, lang, dry_run, date, reason=reason, by=by)


@finding_app.command("extend")
def finding_extend(
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="The finding, e.g. SJ-2024-01-F1.")],
    until: Annotated[str, typer.Option("--until", metavar="YYYY-MM-DD", help="The new deadline.")],
    by: Annotated[str, typer.Option("--by", help="Who approved it (not the finding's owner), e.g. 纪委办公室.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the deadline moves.")],
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="The day it was approved. Default: today.")] = None,
    dry_run: DryRunOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """延期: record an approved extension of a finding's deadline. The original deadline stays; lateness
    counts from the new one, from the day of approval on. Refused when the approver is the finding's own
    owner or the new deadline is not later; an approval after the deadline had passed is recorded and
    pointed out by pdca check.

    Example:

    \b
      pdca finding extend ZC-2024-H1-CG-F2 --until 2024-12-31 --by 纪委办公室 --reason "平台接口11月上线"
    """
    from pdca.engine import finding_edits

    chosen = _lang(lang)
    loaded = _editable(register, chosen)
    language = chosen or loaded.lang
    day = _as_of(date, language, "--date")
    new_deadline = _as_of(until, language, "--until")
    documents, note = finding_edits.extend(loaded, finding_id, new_deadline, by, reason, day, language)
    finding = loaded.index.findings[finding_id][1]
    from pdca.domain.closed_loop import effective_deadline

    print(_say("finding.extended", language, id=finding_id, deadline=effective_deadline(finding, day)[0] or "-",
               until=new_deadline, by=by, date=day))
    if note:
        print(f"pdca: {note}", file=sys.stderr)
    _finish(documents, loaded.root, dry_run, language)


class ActionKind(str, Enum):
    notice = "notice"
    assessment = "assessment"
    accountability = "accountability"
    通报 = "通报"
    考核 = "考核"
    问责 = "问责"


@finding_app.command("act")
def finding_act(
    finding_id: Annotated[str, typer.Argument(metavar="ID", help="The finding, e.g. SJ-2024-01-F1.")],
    kind: Annotated[ActionKind, typer.Option("--kind", help="notice (通报), assessment (考核) or accountability (问责).")],
    ref: Annotated[str, typer.Option("--ref", help="The document that records it: a 考核单 number, a 通报文号 ...")],
    by: Annotated[Optional[str], typer.Option("--by", help="Who decided, e.g. 纪委办公室.")] = None,
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Record a decision about a finding (通报, 考核 or 问责) with its document number. pdca computes
    a suggested step for late and repeated findings; only what is recorded here counts as decided.

    Examples:

    \b
      pdca finding act SJ-2024-01-F1 --kind assessment --ref KH-2024-021 --by 纪委办公室
      pdca finding act SJ-2024-01-F3 --kind 通报 --ref "纪委办通报〔2024〕7号" --date 2024-06-25
    """
    from pdca.engine import finding_edits
    from pdca import i18n
    from pdca.model.entities import ACTION_KINDS

    chosen = _lang(lang)
    loaded = _editable(register, chosen)
    language = chosen or loaded.lang
    day = _as_of(date, language, "--date")
    code = {"通报": "notice", "考核": "assessment", "问责": "accountability"}.get(kind.value, kind.value)
    assert code in ACTION_KINDS
    documents = finding_edits.act(loaded, finding_id, code, ref, by, day, language)
    from pdca.domain.closed_loop import state_of

    suggested = state_of(loaded, day).finding(loaded.index.findings[finding_id][1]).escalation
    print(_say("finding.acted", language, id=finding_id, kind=i18n.label(i18n.ESCALATION_NAMES, code, language),
               ref=ref, date=day,
               suggested=_say("finding.act_suggested", language,
                              step=i18n.label(i18n.ESCALATION_NAMES, suggested, language)) if suggested else ""))
    _finish(documents, loaded.root, dry_run, language)


new_app = typer.Typer(help="Add a risk, measure, check or finding with the next free id.", no_args_is_help=True)
app.add_typer(new_app, name="new")


def _required(values: dict[str, Any], lang: str) -> dict[str, Any]:
    """Ask for what is missing when a person is at a terminal; otherwise say what is missing."""
    missing = [name for name, value in values.items() if value in (None, "")]
    if missing and sys.stdin.isatty() and sys.stdout.isatty():
        for name in missing:
            values[name] = typer.prompt(name)
        return values
    if missing:
        raise PdcaError(_say("new.missing", lang, options=", ".join(f"--{m.replace('_', '-')}" for m in missing)))
    return values


def _placed(placed: Any, lang: str) -> None:
    print(_say("new.placed", lang, id=placed.id, file=placed.file, line=placed.line))


@new_app.command("risk")
def new_risk(
    area: Annotated[Optional[str], typer.Option("--area", help="Area id (its prefix makes the id).")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="风险点.")] = None,
    dimension: Annotated[Optional[str], typer.Option("--dimension", help="职业道德|岗位职责|业务流程|制度机制|内外部环境")] = None,
    department: Annotated[Optional[str], typer.Option("--department")] = None,
    post: Annotated[Optional[str], typer.Option("--post")] = None,
    owner: Annotated[Optional[str], typer.Option("--owner")] = None,
    description: Annotated[Optional[str], typer.Option("--description", help="表现形式.")] = None,
    process: Annotated[Optional[str], typer.Option("--process", help="业务事项.")] = None,
    leader: Annotated[Optional[str], typer.Option("--leader")] = None,
    likelihood: Annotated[Optional[int], typer.Option("--likelihood", min=1)] = None,
    impact: Annotated[Optional[int], typer.Option("--impact", min=1)] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help="identified date. Default: today.")] = None,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Add a risk point in stage P with the next id of its area (CG-008 after CG-007).

    Example:

    \b
      pdca new risk --area procurement --title 紧急采购程序被滥用 --dimension 业务流程 --department purchasing
    """
    from pdca.engine import scaffold

    chosen = _lang(lang)
    loaded = _editable(register, chosen)
    language = chosen or loaded.lang
    fields = _required({"area": area, "title": title, "dimension": dimension}, language)
    fields.update(department=department, post=post, owner=owner, dimension=fields["dimension"],
                  description=description, process=process, leader=leader, likelihood=likelihood, impact=impact)
    _placed(scaffold.new_risk(loaded, fields, _as_of(as_of, language), language), language)


@new_app.command("measure")
def new_measure(
    risk: Annotated[Optional[str], typer.Option("--risk", help="The risk it controls.")] = None,
    title: Annotated[Optional[str], typer.Option("--title")] = None,
    line: Annotated[Optional[str], typer.Option("--line", help="before|during|after (事前|事中|事后)")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="制度|流程|教育|监督|技术|第三方")] = None,
    owner: Annotated[Optional[str], typer.Option("--owner")] = None,
    due: Annotated[Optional[str], typer.Option("--due", metavar="YYYY-MM-DD")] = None,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Add a planned measure under a risk, with the next id (CG-001-M4).

    Example:

    \b
      pdca new measure --risk CG-001 --title 询价单一律线上发布 --line 事中 --due 2024-09-30
    """
    from pdca.engine import scaffold

    chosen = _lang(lang)
    loaded = _editable(register, chosen)
    language = chosen or loaded.lang
    fields = _required({"risk": risk, "title": title, "line": line}, language)
    fields.update(kind=kind, owner=owner, due=_as_of(due, language, "--due") if due else None)
    _placed(scaffold.new_measure(loaded, fields, language), language)


@new_app.command("check")
def new_check(
    source: Annotated[Optional[str], typer.Option("--source", help="巡视巡察|审计|内控合规评价|安全生产检查|大党建检查|物资检查|自查自验|信访举报|日常监督")] = None,
    title: Annotated[Optional[str], typer.Option("--title")] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD")] = None,
    departments: Annotated[Optional[str], typer.Option("--departments", help="Comma-separated department ids.")] = None,
    risks: Annotated[Optional[str], typer.Option("--risks", help="Comma-separated risk ids examined.")] = None,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Add a check (inspection, audit, self-check ...) with the next id of its source (SJ-2024-03).

    Example:

    \b
      pdca new check --source 审计 --title 下半年采购专项审计 --date 2024-10-15 --departments purchasing
    """
    from pdca.engine import scaffold

    chosen = _lang(lang)
    loaded = _editable(register, chosen)
    language = chosen or loaded.lang
    fields = _required({"source": source, "title": title, "date": date}, language)
    fields["date"] = _as_of(fields["date"], language, "--date")
    fields["departments"] = [d.strip() for d in (departments or "").split(",") if d.strip()]
    fields["risks"] = [r.strip() for r in (risks or "").split(",") if r.strip()]
    _placed(scaffold.new_check(loaded, fields, language), language)


@new_app.command("finding")
def new_finding(
    check: Annotated[Optional[str], typer.Option("--check", help="The check that found it.")] = None,
    problem: Annotated[Optional[str], typer.Option("--problem", help="问题清单.")] = None,
    department: Annotated[Optional[str], typer.Option("--department", help="责任清单: the department.")] = None,
    deadline: Annotated[Optional[str], typer.Option("--deadline", metavar="YYYY-MM-DD", help="限期整改.")] = None,
    risk: Annotated[Optional[str], typer.Option("--risk")] = None,
    task: Annotated[Optional[str], typer.Option("--task", help="任务清单.")] = None,
    owner: Annotated[Optional[str], typer.Option("--owner")] = None,
    leader: Annotated[Optional[str], typer.Option("--leader")] = None,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Add an open finding under a check, with the next id (SJ-2024-01-F7).

    Example:

    \b
      pdca new finding --check SJ-2024-01 --problem 合同未经法务审核 --department purchasing --deadline 2024-09-30
    """
    from pdca.engine import scaffold

    chosen = _lang(lang)
    loaded = _editable(register, chosen)
    language = chosen or loaded.lang
    fields = _required({"check": check, "problem": problem, "department": department, "deadline": deadline},
                       language)
    fields["deadline"] = _as_of(fields["deadline"], language, "--deadline")
    fields.update(risk=risk, task=task, owner=owner, leader=leader)
    _placed(scaffold.new_finding(loaded, fields, language), language)


@app.command()
def fmt(
    registers: RegistersArg = None,
    check_only: Annotated[bool, typer.Option("--check", help="Change nothing; list the files that would change, exit 1 if any.")] = False,
    lang: LangOpt = None,
) -> None:
    """Put register files in one canonical layout: keys in the order of the register format, uniform
    indentation; every comment kept. Running it twice changes nothing the second time.

    Examples:

    \b
      pdca fmt                       # rewrite what needs it
      pdca fmt --check               # in CI or pre-commit: exit 1 and list files that would change
    """
    from pdca.engine import fmt as formatting
    from pdca.load import loader
    from pdca.io.yaml_edit import replace

    chosen = _lang(lang)
    language = chosen or "zh"
    failed = changed = 0
    for root in loader.discover(list(registers or []), language):
        files = [root / loader.CONFIG] + [p for folder in ("risks", "checks", "activities")
                                          for p in sorted((root / folder).glob("*.y*ml")) if p.is_file()]
        for path in files:
            shown = loader.display_name(path)
            try:
                before = path.read_bytes()
                after = formatting.format_bytes(before, config=path.name == loader.CONFIG)
            except (OSError, formatting.FormatError) as exc:
                reason = str(exc)
                if reason in ("fmt.values", "fmt.comments"):
                    reason = _say(reason, language)
                print(f"pdca: {shown}: {reason}", file=sys.stderr)
                failed += 1
                continue
            if after == before:
                continue
            changed += 1
            if check_only:
                print(_say("fmt.would", language, path=shown))
            else:
                replace(path, before, after, language)
                print(_say("fmt.done", language, path=shown))
    if failed:
        raise typer.Exit(2)
    if check_only and changed:
        raise typer.Exit(1)


class DiffFormat(str, Enum):
    markdown = "markdown"
    json = "json"
    text = "text"


@app.command()
def diff(
    base: Annotated[str, typer.Argument(help="The revision to compare with: a branch, tag or commit (origin/main).")],
    head: Annotated[Optional[str], typer.Argument(help="The revision to compare. Default: the working tree.")] = None,
    register: RegisterOpt = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="markdown (for a PR comment), json or text.")] = DiffFormat.markdown,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here, atomically.")] = None,
    lang: LangOpt = None,
) -> None:
    """What changed in the register between two git revisions, as a reviewer needs it: risks added,
    removed or retired, level changes with their cause, stage moves, measures and findings changed,
    deadlines moved. What to look at twice is flagged (a level lowered, a deadline pushed back, a
    finding closed without evidence or by its own owner, a risk deleted instead of retired, a whole
    register deleted, history rewritten, the matrix changed); the people and departments concerned are
    named. Files are read
    from git objects, no checkout; moving entries between files is not a change.

    Examples:

    \b
      pdca diff origin/main                     # the working tree against main, as Markdown
      pdca diff v2024.06 v2024.07 --format json
    """
    from pdca.engine import diff as differ
    from pdca.load import loader

    chosen = _lang(lang)
    roots = loader.discover([register] if register else [], chosen or "zh")
    diffs = []
    language = chosen
    for root in roots:
        after = differ.load_at(root, head, chosen)
        if after is None:
            continue
        language = language or after.lang
        before = differ.load_at(root, base, chosen)
        for loaded in (before, after):  # a file that cannot be read would look like deleted entries
            unreadable = sorted({p.file for p in (loaded.problems if loaded else [])
                                 if p.rule in ("yaml-syntax", "encoding")} | ({"pdca.yaml"} if loaded and loaded.config is None else set()))
            if loaded is not None and unreadable:
                raise PdcaError(_say("diff.unreadable", language, register=loaded.name, files=", ".join(unreadable)))
        diffs.append(differ.compare(before, after, language))
    if not register:  # a register folder deleted whole is found in the base revision only
        for before in differ.deleted_registers(Path.cwd(), base, head, chosen):
            diffs.append(differ.removed(before, language or before.lang))
    language = language or "zh"
    if format is DiffFormat.json:
        text = differ.to_json(diffs, base, head)
    elif format is DiffFormat.text:
        text = differ.to_text(diffs, base, head, language)
    else:
        text = differ.to_markdown(diffs, base, head, language)
    _emit(text, output, language)


@app.command()
def owners(
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Print a CODEOWNERS fragment: each register file with the reviewers of the departments its risks,
    checks and findings name (`reviewers:` of departments in pdca.yaml), so a pull request that touches
    a department's risks asks that department to review.

    Example:

    \b
      pdca owners >> .github/CODEOWNERS
    """
    from pdca.engine import diff as differ

    chosen = _lang(lang)
    loaded = _editable(register, chosen)
    print(f"# pdca owners: {loaded.repository_name or loaded.name}/pdca.yaml departments[].reviewers")
    for path, names in differ.owners(loaded):
        valid = [n for n in names if n and not any(ch.isspace() for ch in n)]  # CODEOWNERS splits on spaces
        for name in sorted(set(names) - set(valid)):
            print("pdca: " + _say("owners.bad", chosen or loaded.lang, name=name), file=sys.stderr)
        if valid:
            print(f"{path} {' '.join(valid)}")


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The folder of the new register.")],
    org: Annotated[str, typer.Option("--org", help="The organisation, e.g. 测试公司.")],
    areas: Annotated[Optional[str], typer.Option("--areas", help="Comma-separated library areas (id or name). Default: all.")] = None,
    cycle: Annotated[Optional[int], typer.Option("--cycle", help="The cycle's year. Default: this year.")] = None,
    empty: Annotated[bool, typer.Option("--empty", help="A bare skeleton, no risks from the library.")] = False,
    lang: LangOpt = None,
) -> None:
    """Start a register from the reference risk library: pdca.yaml with departments, areas, posts and the
    default matrix, and a risks file per area with every field explained; it passes `pdca check`.

    Examples:

    \b
      pdca init registers/xgs --org X公司 --cycle 2025
      pdca init registers/xgs --org X公司 --areas procurement,三重一大
      pdca init registers/xgs --org X公司 --empty
    """
    from pdca.engine import starter

    language = _lang(lang) or "zh"
    keys = [a.strip() for a in (areas or "").split(",") if a.strip()]
    year = cycle or dt.date.today().year
    starter.create(folder, org, keys, year, empty, language)
    from pdca.load import loader

    created = loader.load(folder, language)
    print(_say("init.done", language, path=loader.display_name(folder), areas=len(created.config.areas) if created.config else 0,
               risks=len(created.risks)))


library_app = typer.Typer(help="The reference risk library (风险库) to identify risks against.", no_args_is_help=True)
app.add_typer(library_app, name="library")


@library_app.command("list")
def library_list(
    area: Annotated[Optional[str], typer.Option("--area", help="Only this area (id or name).")] = None,
) -> None:
    """List the library's typical risk points: id, area, title, suggested level, dimension.

    Example:

    \b
      pdca library list --area procurement
    """
    from rich.console import Console
    from rich.table import Table

    from pdca import library
    from pdca import i18n
    from pdca.model.entities import DEFAULT_MATRIX

    table = Table(show_edge=False, box=None)
    for column in ("id", "area", "title", "level", "dimension"):
        table.add_column(column)
    known = [a.area.id for a in library.areas()] + [a.area.name for a in library.areas()]
    if area and area not in known:
        raise PdcaError(_say("init.unknown_area", None, area=area, hint="", areas=", ".join(known)))
    for entry_area in library.areas():
        if area and area not in (entry_area.area.id, entry_area.area.name):
            continue
        for entry in entry_area.entries:
            level = 1 if entry.legal_liability else DEFAULT_MATRIX[5 - entry.likelihood][entry.impact - 1]
            table.add_row(entry.id, entry_area.area.name, entry.title, i18n.label(i18n.LEVEL_NAMES, level, "zh"),
                          entry.dimension)
    Console(highlight=False, width=None if sys.stdout.isatty() else 200).print(table)


@library_app.command("show")
def library_show(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. LIB-CG-01")],
    lang: LangOpt = None,
) -> None:
    """Show one library entry in full, as YAML you can copy into a risks file.

    Example:

    \b
      pdca library show LIB-CG-01
    """
    from pdca import library
    from pdca.io.yaml_edit import flow, scalar

    found = library.entry(entry_id)
    if found is None:
        raise PdcaError(_say("library.unknown", lang, id=entry_id))
    area, entry = found
    print(f"# {area.area.name}({area.area.id})")
    for key, value in entry.model_dump(exclude={"measures"}, exclude_none=True).items():
        print(f"{key}: {flow(value) if isinstance(value, list) else scalar(value)}")
    print("measures:")
    for measure in entry.measures:
        print(f"  - {flow(measure.model_dump())}")


import_app = typer.Typer(help="Bring registers kept elsewhere into pdca.", no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("xlsx")
def import_xlsx(
    workbook: Annotated[Path, typer.Argument(metavar="FILE", help="An .xlsx 廉洁风险防控清单.")],
    mapping: Annotated[Optional[str], typer.Option("--map", help="Column overrides: 列名=字段,... e.g. 主要风险=title,管控措施=m_title")] = None,
    sheet: Annotated[Optional[str], typer.Option("--sheet", help="Only this sheet. Default: every sheet with a 风险点 header.")] = None,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Import a 廉洁风险防控清单 kept in Excel into the register: the header row is found whatever the
    column order and wording (序号, 部门, 岗位, 风险类别, 风险点, 风险描述/表现形式, 风险等级, 防控措施, 责任人,
    责任领导 ...), merged cells are filled, numbered measures split, 高/中/低 or 一级/二级/三级 mapped onto
    likelihood and impact, and the departments, posts and areas needed are created. Every assumption
    and every row that could not be used is printed.

    Examples:

    \b
      pdca import xlsx 2024年廉洁风险防控清单.xlsx -r registers/xgs
      pdca import xlsx 清单.xlsx --map 主要风险=title,管控措施=m_title
    """
    from pdca.formats import xlsx

    chosen = _lang(lang)
    loaded = _editable(register, chosen)
    language = chosen or loaded.lang
    overrides = dict(pair.split("=", 1) for pair in (mapping or "").split(",") if "=" in pair)
    fields = set(xlsx.HEADERS.values())
    for column, field_name in overrides.items():
        if field_name not in fields:
            raise PdcaError(_say("import.bad_map", language, column=column, field=field_name,
                                 fields=", ".join(sorted(f for f in fields if f != "seq"))))
    try:
        imported = xlsx.read(workbook, loaded, overrides, language, sheet)
    except ValueError:
        raise PdcaError(_say("import.no_sheet", language, path=workbook)) from None
    except Exception:  # noqa: BLE001 - a damaged or foreign file is a message, whatever openpyxl raises
        raise PdcaError(_say("import.unreadable", language, path=workbook)) from None
    measures = sum(len(r["measures"]) for r in imported.risks)
    print(_say("import.read", language, sheet=imported.sheet, row=imported.header_row, risks=len(imported.risks),
               measures=measures))
    if imported.assumptions:
        print(_say("import.assumptions", language))
        for line in imported.assumptions:
            print(f"  - {line}")
    if imported.skipped:
        print(_say("import.skipped", language))
        for line in imported.skipped:
            print(f"  - {line}")
    for path in xlsx.write(loaded, imported, language):
        print(_say("edit.written", language, path=path.relative_to(loaded.root.resolve()) if path.is_relative_to(loaded.root.resolve()) else path))


@app.command()
def explain(
    risk_id: Annotated[str, typer.Argument(metavar="ID", help="A risk id, e.g. CG-001.")],
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show how a risk's level was reached: inputs, scale labels, the matrix cell, override.

    Example:

    \b
      pdca explain CG-001 -r registers/example
    """
    from pdca.engine import explain as explaining
    from pdca.load import loader

    chosen = _lang(lang)
    roots = loader.discover([register] if register else [], chosen or "zh")
    for root in roots:
        loaded = loader.load(root, chosen)
        if loaded.config is not None and risk_id in loaded.index.risks:
            explaining.show(loaded, loaded.index.risks[risk_id], chosen or loaded.lang, sys.stdout)
            return
    raise PdcaError(_say("cli.no_risk", chosen, id=risk_id, registers=", ".join(loader.display_name(r) for r in roots)),
                    exit_code=1)


@app.command()
def rules(
    name: Annotated[Optional[str], typer.Argument(help="Show one rule's documentation.")] = None,
) -> None:
    """List the rules `pdca check` applies, or document one.

    Change a rule's severity, or switch it off, under `rules:` in pdca.yaml:

      rules:
        review-stale: {severity: warning, months: 6}
        post-without-risk: off
    """
    from rich.console import Console
    from rich.table import Table

    from pdca.rules import RULES, get
    from pdca.rules.base import summary

    console = Console(highlight=False)
    if name is not None:
        try:
            rule = get(name)
        except KeyError as exc:
            raise PdcaError(str(exc.args[0])) from None
        params = ", ".join(f"{k}={v}" for k, v in rule.PARAMS.items()) or "-"
        console.print(f"[bold]{rule.NAME}[/bold] ({rule.CODE}), default severity {rule.SEVERITY.value}, "
                      f"parameters: {params}\n", markup=True)
        console.print((rule.__doc__ or "").strip(), markup=False)
        return
    table = Table(show_edge=False, box=None, pad_edge=False)
    for column in ("rule", "code", "severity", "parameters", "what it reports"):
        table.add_column(column)
    for rule in RULES.values():
        params = ", ".join(f"{k}={v}" for k, v in rule.PARAMS.items())
        table.add_row(rule.NAME, rule.CODE, rule.SEVERITY.value, params, summary(rule))
    console.print(table)


@app.command()
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

    json.dump(build(kind.value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def run(argv: list[str] | None = None) -> int:
    """Run one command line and return its exit status (what `main` exits with; tests call this)."""
    no_cache = os.environ.get("PDCA_NO_CACHE")  # --no-cache sets it for this command only
    try:
        return _run(argv)
    finally:
        if no_cache is None:
            os.environ.pop("PDCA_NO_CACHE", None)
        else:
            os.environ["PDCA_NO_CACHE"] = no_cache


def _run(argv: list[str] | None) -> int:
    try:
        app(args=argv, prog_name="pdca")  # standalone: Typer prints usage errors and exits
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except PdcaError as exc:
        print(f"pdca: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    return 0


def main() -> None:
    # A command lives for a moment and builds large trees of small objects with no cycles: the cyclic
    # collector would only cost time (performance-notes.md), and so would freeing every object at exit.
    gc.disable()
    try:
        code = run()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `pdca check | head`: the reader left; say nothing more
        code = 1
    os._exit(code)
