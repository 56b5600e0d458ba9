"""Starting out: pdca init, the reference library, importing a register kept in Excel."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from pdca.cli.options import DryRunOpt, ForceOpt, LangOpt, RegisterOpt, editable, finish, lang_of, out, say, typed
from pdca.errors import PdcaError


def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The folder of the new register.")],
    org: Annotated[str, typer.Option("--org", help="The organisation, e.g. 测试公司.")],
    areas: Annotated[Optional[str], typer.Option("--areas", help="Comma-separated library areas (id or name). Default: all.")] = None,
    cycle: Annotated[Optional[str], typer.Option("--cycle", metavar="YYYY", help="The cycle's year, four digits. Default: this year.")] = None,
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

    language = lang_of(lang) or "zh"
    keys = [a.strip() for a in (areas or "").split(",") if a.strip()]
    year = starter.cycle_year(cycle, language)
    starter.create(folder, org, keys, year, empty, language)
    from pdca.load import loader, places

    created = loader.load(folder, language)
    shown = places.display_name(folder)
    out(say("init.done", language, path=shown, typed=typed(shown), areas=len(created.config.areas) if created.config else 0,
               risks=len(created.risks)))


library_app = typer.Typer(help="The reference risk library (风险库) to identify risks against.", no_args_is_help=True)


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

    from pdca import i18n, library

    table = Table(show_edge=False, box=None)
    for column in ("id", "area", "title", "level", "dimension"):
        table.add_column(column)
    known = [a.area.id for a in library.areas()] + [a.area.name for a in library.areas()]
    if area and area not in known:
        raise PdcaError(say("init.unknown_area", None, area=area, hint="", areas=", ".join(known)))
    for entry_area in library.areas():
        if area and area not in (entry_area.area.id, entry_area.area.name):
            continue
        for entry in entry_area.entries:
            table.add_row(entry.id, entry_area.area.name, entry.title,
                          i18n.label("level", library.suggested_level(entry), "zh"),
                          entry.dimension)
    Console(highlight=False, width=None if sys.stdout.isatty() else 200).print(table)


@library_app.command("show")
def library_show(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. LIB-CG-01")],
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show one library entry as a risk to paste under `risks:` of a risks file: with the register's next
    free id and its own area, department and post ids, it passes `pdca check` as pasted.

    Example:

    \b
      pdca library show LIB-CG-01 -r registers/xgs
    """
    import datetime as dt

    from pdca import i18n, library
    from pdca.engine import starter

    chosen = lang_of(lang)
    found = library.entry(entry_id)
    if found is None:
        raise PdcaError(say("library.unknown", chosen, id=entry_id, hint=i18n.render(
            i18n.suggest(library.entry_ids(), entry_id.upper()), chosen or "zh")))
    loaded = _register_for_paste(register, chosen)
    language = chosen or (loaded.lang if loaded is not None else "zh")
    paste = starter.library_paste(*found, loaded, dt.date.today())
    out(say("library.paste", language, id=found[1].id, area=found[0].area.name, file=paste.file))
    for line in paste.lines:
        out(line)
    for note in paste.notes:
        out("pdca: " + note.render(language), err=True)


def _register_for_paste(register: Path | None, lang: str | None) -> Any:
    """The register named with -r, else the one register found as for `pdca check`; None when there is
    not exactly one (the entry is then shown with the ids `pdca init` gives)."""
    from pdca.load import loader, places

    if register is not None:
        return editable(register, lang)
    try:
        roots = places.discover([], lang or "zh")
    except PdcaError:
        return None
    if len(roots) != 1:
        return None
    loaded = loader.load(roots[0], lang)
    return loaded if loaded.config is not None else None


import_app = typer.Typer(help="Bring registers kept elsewhere into pdca.", no_args_is_help=True)


@import_app.command("xlsx")
def import_xlsx(
    workbook: Annotated[Path, typer.Argument(metavar="FILE", help="An .xlsx 廉洁风险防控清单.")],
    mapping: Annotated[Optional[str], typer.Option("--map", help="Column overrides: 列名=字段,... e.g. 主要风险=title,管控措施=m_title")] = None,
    sheet: Annotated[Optional[str], typer.Option("--sheet", help="Only this sheet (even a hidden one). Default: every visible sheet with a 风险点 header.")] = None,
    dry_run: DryRunOpt = False,
    force: ForceOpt = False,
    register: RegisterOpt = None,
    lang: LangOpt = None,
) -> None:
    """Import a 廉洁风险防控清单 kept in Excel into the register: the header row is found whatever the
    column order and wording (序号, 部门, 岗位, 风险类别, 风险点, 风险描述/表现形式, 风险等级, 防控措施, 完成时限,
    责任人, 责任领导 ...), merged cells are filled, numbered measures split, 高/中/低 or 一级/二级/三级 mapped onto
    likelihood and impact, and the departments, posts and areas needed are created. A row naming a risk
    the register holds (by 编号, else by name and department) changes the fields that differ, in place:
    a workbook made by `pdca export --format xlsx`, edited and imported again updates the register.
    Every assumption, every row that could not be used and every cell that could not be read (with its
    address, e.g. D7) is printed. --dry-run shows the change as a diff and writes nothing.

    Examples:

    \b
      pdca import xlsx 2024年廉洁风险防控清单.xlsx -r registers/xgs
      pdca import xlsx 清单.xlsx --map 主要风险=title,管控措施=m_title
      pdca import xlsx 清单.xlsx --dry-run
    """
    from pdca.importers import xlsx

    chosen = lang_of(lang)
    loaded = editable(register, chosen)
    language = chosen or loaded.lang
    errors = sum(1 for p in loaded.problems if p.severity.value == "error")
    if errors:  # an area or department it cannot read would be created again, beside the broken one
        raise PdcaError(say("import.register_errors", language, register=loaded.name, typed=typed(loaded.name), count=errors))
    overrides = dict(pair.split("=", 1) for pair in (mapping or "").split(",") if "=" in pair)
    fields = set(xlsx.HEADERS.values())
    for column, field_name in overrides.items():
        if field_name not in fields:
            raise PdcaError(say("import.bad_map", language, column=column, field=field_name,
                                 fields=", ".join(sorted(f for f in fields if f != "seq"))))
    try:
        imported = xlsx.read(workbook, loaded, overrides, language, sheet)
    except PdcaError:  # said by the importer (past a cap, only hidden sheets)
        raise
    except ValueError:
        raise PdcaError(say("import.no_sheet", language, path=workbook)) from None
    except Exception:  # noqa: BLE001 - a damaged or foreign file is a message, whatever openpyxl raises
        raise PdcaError(say("import.unreadable", language, path=workbook)) from None
    _said(imported, language)
    documents, new_files = xlsx.plan(loaded, imported, language)
    finish(documents, loaded, dry_run, language, force, new_files)


def _said(imported: Any, language: str) -> None:
    """What was read, what changes, and every assumption, row and cell that needs a look, each once."""
    measures = sum(len(r["measures"]) for r in imported.risks)
    changed = [u for u in imported.updates if u.changed]
    out(say("import.read", language, sheet=imported.sheet, row=imported.header_row,
            risks=len(imported.risks) + len(imported.updates),
            measures=measures + sum(len(u.seen) for u in imported.updates)))
    out(say("import.changes", language, new=len(imported.risks), measures=measures, updated=len(changed),
            same=len(imported.updates) - len(changed)))
    sections = [("import.updates", [u.said(language) for u in changed]), ("import.assumptions", imported.assumptions),
                ("import.cells", imported.cells), ("import.skipped", imported.skipped)]
    for heading, lines in sections:
        if lines:
            out(say(heading, language))
            for line in lines:
                out(f"  - {line}")
    if imported.hidden_sheets:
        out(say("import.hidden_sheets", language, sheets="、".join(imported.hidden_sheets)))
    if imported.own_sheets:
        out(say("import.own_sheets", language, sheets="、".join(imported.own_sheets)))
