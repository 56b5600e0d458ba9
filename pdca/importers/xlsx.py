"""Importing a 廉洁风险防控清单 kept in Excel: the header row found whatever its wording, merged cells
filled, numbered measures split, levels mapped onto likelihood and impact, and every assumption said.

A row names a risk the register holds (by its 编号, else by its name and department) or a new one.  A new
risk is added; a risk the register holds has the fields that differ changed in place
(`pdca.importers.updates`), so a workbook pdca exported (pdca.formats.xlsx), edited in Excel and
imported again updates the register it came from.  Each cell is read by `pdca.importers.values`, which
says every cell it cannot read with its address; `pdca.importers.cells` reads only what a sheet holds
and refuses what is past its caps.

Over 400 lines on purpose: real 清单 differ in every column, and the guesses that read them depend on
one another (the header row found decides which columns are merged, which decides how measures split);
they are kept together so each guess is read with the ones it relies on.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from pdca import i18n
from pdca.domain.ids import Ids
from pdca.domain.scoring import cell
from pdca.engine import lookup
from pdca.errors import PdcaError
from pdca.formats.xlsx import _MEASURE_STATUS, _STAGE
from pdca.importers import cells as sheet_cells
from pdca.importers import updates, values
from pdca.importers.cells import Grid
from pdca.importers.values import UNREADABLE, Row, plain
from pdca.io.yaml_edit import Document, Editor, block_item
from pdca.model.entities import DIMENSIONS, LINES, MeasureKind, Risk, Scoring
from pdca.model.register import Register

#: header words people use, normalised (no spaces, no punctuation) -> field
HEADERS = {
    "编号": "id", "风险编号": "id", "风险点编号": "id", "序号": "seq",
    "部门": "department", "责任部门": "department", "所属部门": "department", "单位部门": "department",
    "责任单位": "department", "牵头部门": "department", "部门名称": "department", "责任科室": "department",
    "岗位": "post", "岗位名称": "post", "风险岗位": "post", "关键岗位": "post",
    "重点领域": "area", "领域": "area", "业务领域": "area", "风险领域": "area",
    "风险类别": "dimension", "风险类型": "dimension", "风险维度": "dimension", "类别": "dimension",
    "风险点": "title", "风险点名称": "title", "廉洁风险点": "title", "风险名称": "title", "岗位风险点": "title",
    "风险描述": "description", "表现形式": "description", "风险表现形式": "description", "主要表现": "description",
    "风险描述表现形式": "description", "风险表现": "description", "具体表现": "description", "风险点描述": "description",
    "风险等级": "level", "等级": "level", "风险级别": "level", "风险程度": "level", "级别": "level",
    "主要风险点": "title", "风险内容": "description", "廉洁风险表现形式": "description", "防控责任人": "owner",
    "可能性": "likelihood", "危害程度": "impact", "影响程度": "impact", "涉及违法犯罪": "legal_liability",
    "防控措施": "m_title", "风险防控措施": "m_title", "防控措施内容": "m_title", "主要防控措施": "m_title",
    "管控措施": "m_title", "防控举措": "m_title", "具体措施": "m_title", "防范措施": "m_title", "风险防范措施": "m_title",
    "防线": "m_line", "措施防线": "m_line", "措施类型": "m_kind", "措施编号": "m_id", "措施责任人": "m_owner",
    "落实责任人": "m_owner",
    "完成期限": "m_due", "完成时限": "m_due", "完成时间": "m_due", "整改时限": "m_due", "整改期限": "m_due",
    "落实时限": "m_due", "时间节点": "m_due",
    "措施状态": "m_status", "完成日期": "m_done", "佐证材料": "m_evidence",
    "责任人": "owner", "责任领导": "leader", "分管领导": "leader", "主管领导": "leader", "阶段": "stage",
    "等级调整": "override_level", "调整理由": "override_reason", "调整日期": "override_date", "标签": "tags",
    "退出日期": "retired_date",
    "退出理由": "retired_reason",
    "业务事项": "process", "流程环节": "process", "监测指标": "indicator", "识别日期": "identified", "复核日期": "reviewed",
    "识别时间": "identified", "复核时间": "reviewed",
}
#: where one numbered measure ends and the next begins: ① …, (1) …, 1、 …, 1. … (not 10.5), or a new line
_MEASURE_SPLIT = re.compile(r"[①-⑳]|[（(]\d{1,2}[）)]|(?:^|(?<=[\s。;；,，:：]))\d{1,2}(?:[、)）]|[.．](?!\d))|\n+")
_DIMENSION_WORDS = [("道德", "职业道德"), ("岗位", "岗位职责"), ("职责", "岗位职责"), ("流程", "业务流程"),
                    ("业务", "业务流程"), ("制度", "制度机制"), ("机制", "制度机制"), ("环境", "内外部环境"),
                    ("外部", "内外部环境")]
LEVEL_WORDS = {"一级": 1, "高": 1, "较高": 1, "重大": 1, "1": 1, "二级": 2, "中": 2, "中等": 2, "一般": 2, "2": 2,
               "三级": 3, "低": 3, "较低": 3, "3": 3}
_PREFERRED_CELLS = {1: (4, 4), 2: (3, 3), 3: (2, 1)}
STATUS_WORDS = {v: k for k, v in _MEASURE_STATUS.items()} | {k: k for k in _MEASURE_STATUS}
STAGE_WORDS = {v: k for k, v in _STAGE.items()} | {k: k for k in _STAGE}
KIND_WORDS = {kind: kind for kind in MeasureKind.__args__}  # type: ignore[attr-defined]
#: pdca's own sheets in an exported workbook: summaries made from the register, not read back
_OWN_SHEETS = ("四个清单", "统计情况表")


def _key(header: Any) -> str:
    return re.sub(r"[\s/／、()（）:：\-_]", "", str(header or ""))


@dataclass
class Imported:
    risks: list[dict[str, Any]] = field(default_factory=list)  # new risks
    updates: list[updates.Update] = field(default_factory=list)  # risks the register holds (changed or not)
    departments: dict[str, str] = field(default_factory=dict)  # name -> id (new ones)
    areas: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (id, prefix) (new ones)
    posts: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> post (new ones)
    assumptions: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)  # cells not read or not imported, by address
    hidden_sheets: list[str] = field(default_factory=list)  # hidden in Excel, so not imported
    own_sheets: list[str] = field(default_factory=list)  # pdca's summaries, not read back
    sheet: str = ""
    header_row: int = 0
    _said: set[str] = field(default_factory=set)

    def assume(self, text: str) -> None:
        """Say an assumption once, however many rows make it (a set: 50,000 rows, not 50,000² steps)."""
        if text not in self._said:
            self._said.add(text)
            self.assumptions.append(text)

    def cell(self, text: str) -> None:
        """Say what became of a cell or column once, however many rows a merged cell fills."""
        if text not in self._said:
            self._said.add(text)
            self.cells.append(text)


@dataclass
class _Names:
    """The departments, areas and posts known so far (the register's, then the ones this import makes),
    and one id allocator for each, kept for the whole import."""

    departments: dict[str, str]  # name -> id
    areas: dict[str, tuple[str, str]]  # name -> (id, prefix)
    posts: dict[tuple[str, str], str]  # (department id, name) -> id
    department_ids: Ids = field(init=False)
    area_ids: Ids = field(init=False)
    post_ids: Ids = field(init=False)
    #: the same, to read a cell against as pdca.engine.lookup does (an id or a name, in any case or width)
    department_table: lookup.Table = field(init=False)
    area_table: lookup.Table = field(init=False)
    post_tables: dict[str | None, lookup.Table] = field(init=False)  # by department; None: every post
    _library: dict[str, tuple[str, str]] | None = None

    def __post_init__(self) -> None:
        self.department_ids = Ids(self.departments.values())
        self.area_ids = Ids(ident for ident, _ in self.areas.values())
        self.post_ids = Ids(self.posts.values())
        self.department_table = lookup.Table({ident: name for name, ident in self.departments.items()})
        self.area_table = lookup.Table({ident: name for name, (ident, _) in self.areas.items()})
        self.post_tables = {}
        for (department, name), ident in self.posts.items():
            self.add_post(department, name, ident)

    def add_post(self, department: str, name: str, ident: str) -> None:
        self.posts[(department, name)] = ident
        for key in (department, None):
            self.post_tables.setdefault(key, lookup.Table()).add(ident, name)

    def library_areas(self) -> dict[str, tuple[str, str]]:
        """The reference library's areas by name, read once (not once per new area)."""
        if self._library is None:
            from pdca import library

            self._library = {a.area.name: (a.area.id, a.area.prefix) for a in library.areas()}
        return self._library


@dataclass
class _Header:
    """The header row of a sheet: which column holds which field, and the columns left out."""

    first_row: int  # the first data row
    columns: dict[int, str]  # column -> field
    names: dict[int, str]  # column -> the header as the sheet writes it
    ignored: list[str] = field(default_factory=list)  # 备注（J3）: headers no field has
    doubled: list[dict[str, str]] = field(default_factory=list)  # a second column of a field already read


def _headers(grid: Grid, mapping: dict[str, str], lang: str) -> _Header | None:
    """The best header in a sheet's first 30 rows (the one naming most fields, with 风险点), or None.
    A header may take two rows: 防控措施 merged over 事前 / 事中 / 事后 below it."""
    best: _Header | None = None
    for row in grid.rows[:bisect_left(grid.rows, 31)]:
        header = _header_at(grid, row, mapping, lang)
        if "title" in header.columns.values() and (best is None or len(header.columns) > len(best.columns)):
            best = header
    return best


def _header_at(grid: Grid, row: int, mapping: dict[str, str], lang: str) -> _Header:
    found = _Header(row + 1, {}, {})
    first_of: dict[str, int] = {}
    ignored: dict[str, str] = {}  # the header cell (a merged one once) -> how it is listed
    for column in grid.columns(row, row + 1):  # a column empty in both rows says nothing
        written, below_written = grid.get(row, column), grid.get(row + 1, column)
        name, below = _key(written), _key(below_written)
        target = mapping.get(name) or HEADERS.get(name)
        shown = plain(written) or ""
        if target == "m_title" and below in LINES:  # 防控措施 / 事前
            target, found.first_row, shown = f"m_title@{LINES[below]}", row + 2, f"{shown}/{below_written}"
        elif below and (mapping.get(below) or HEADERS.get(below)) and written == grid.get(
                row, column - 1 if column > 1 else column + 1) and not target:
            target, found.first_row, shown = mapping.get(below) or HEADERS.get(below), row + 2, plain(below_written) or ""
        address = f"{get_column_letter(column)}{row}"
        if not target:
            if name:
                ignored.setdefault(grid.address(row, column), i18n.text("sep.aside", lang, text=shown, aside=address))
        elif target in first_of and not target.startswith("m_title@"):
            first = first_of[target]
            found.doubled.append({"cell": address, "header": shown, "first": f"{get_column_letter(first)}{row}",
                                  "first_header": found.names[first]})
        else:
            first_of[target] = column
            found.columns[column], found.names[column] = target, shown
    found.ignored = list(ignored.values())
    return found


def _note_rows(grid: Grid) -> set[int]:
    """The rows that hold a note merged across most of the table (not data)."""
    return {r0 for r0, c0, r1, c1 in grid.merged if c1 - c0 + 1 >= max(3, grid.width // 2) and r0 == r1}


def read(path: Path, register: Register, mapping: dict[str, str], lang: str, sheet_name: str | None = None) -> Imported:
    """Turn a workbook into new entries and changes to the register's (not written yet), with assumptions,
    skipped rows and cells.  Every visible sheet with a 风险点 header is read (or the one named, even a
    hidden one).  A workbook or sheet past the caps of `pdca.importers.cells` is refused with a message
    that says them."""
    try:
        workbook = sheet_cells.open_workbook(path)
    except sheet_cells.TooLarge:
        raise PdcaError(i18n.text("import.too_large_file", lang, path=path, megabytes=sheet_cells.MAX_UNPACKED >> 20)) from None
    try:
        return _read(workbook, path, register, {_key(k): v for k, v in mapping.items() if _key(k)}, lang, sheet_name)
    except sheet_cells.TooLarge as exc:
        raise PdcaError(i18n.text("import.too_large", lang, sheet=exc.sheet, rows=f"{sheet_cells.MAX_ROWS:,}",
                                  cells=f"{sheet_cells.MAX_CELLS:,}")) from None
    finally:
        workbook.close()


@dataclass
class _Reading:
    """What one import reads against: the register, the names and ids known so far, the result."""

    register: Register
    names: _Names
    taken: Ids
    result: Imported
    lang: str
    by_title: dict[tuple[str, str | None], list[str]]  # (title, department id) -> ids of the register's risks
    matched: dict[str, tuple[updates.Update, str]] = field(default_factory=dict)  # risk id -> its update, where


def _read(workbook: Workbook, path: Path, register: Register, wanted: dict[str, str], lang: str,
          sheet_name: str | None) -> Imported:
    assert register.config is not None
    result = Imported()
    index = register.index
    names = _Names({d.name: d.id for d in register.config.departments},
                   {a.name: (a.id, a.prefix or a.id.upper()) for a in register.config.areas},
                   {(p.department, p.name): p.id for p in register.config.posts})
    taken = Ids(set(index.risks) | set(index.measures) | set(index.checks) | set(index.findings))
    by_title: dict[tuple[str, str | None], list[str]] = {}
    for risk in register.risks:
        by_title.setdefault((risk.title, risk.department), []).append(risk.id)
    reading = _Reading(register, names, taken, result, lang, by_title)
    used_sheets = []
    for sheet in workbook.worksheets:
        if sheet_name is not None and sheet.title != sheet_name:
            continue
        if sheet_name is None and sheet.title in _OWN_SHEETS:  # pdca's own lists and statistics, not risks
            result.own_sheets.append(sheet.title)
            continue
        if sheet_name is None and sheet.sheet_state != "visible":  # rows a reviewer in Excel never sees
            result.hidden_sheets.append(sheet.title)
            continue
        assert isinstance(sheet, ReadOnlyWorksheet)
        first_row = _read_sheet(sheet_cells.read(workbook, sheet), wanted, reading)
        if first_row:
            used_sheets.append((sheet.title, first_row))
    if not used_sheets:
        if result.hidden_sheets:
            raise PdcaError(i18n.text("import.only_hidden", lang, path=path, sheets="、".join(result.hidden_sheets)))
        raise ValueError("no header")
    result.sheet = "、".join(name for name, _ in used_sheets)
    result.header_row = used_sheets[0][1] - 1
    return result


@dataclass
class _Current:
    """The risk the rows being read belong to: a new one, or one the register holds."""

    key: tuple[str | None, ...]
    new: dict[str, Any] | None = None
    update: updates.Update | None = None


def _read_sheet(grid: Grid, wanted: dict[str, str], reading: _Reading) -> int:
    """The risks of one sheet into the result; its first data row, or 0 when it has no header."""
    result, lang = reading.result, reading.lang
    header = _headers(grid, wanted, lang)
    if header is None:
        return 0
    if header.ignored:  # said with the cells: what a column holds is not imported either
        result.cell(i18n.text("import.ignored", lang, sheet=grid.title, columns="、".join(header.ignored)))
    for doubled in header.doubled:
        result.cell(i18n.text("import.doubled", lang, sheet=grid.title, **doubled))
    fields = {f.split("@")[0] for f in header.columns.values()}
    where = {name: column for column, name in header.columns.items()}
    notes = _note_rows(grid)
    current: _Current | None = None
    for number in grid.rows[bisect_left(grid.rows, header.first_row):]:  # rows with nothing in them say nothing
        if number in notes:
            result.skipped.append(i18n.text("import.note_row", lang, sheet=grid.title, row=number))
            continue
        row = Row(grid, number, where, header.names, result.cell, lang)
        if all(row.raw(name) in (None, "") for name in where):
            continue
        title = row.text("title")
        if not title:
            result.skipped.append(i18n.text("import.no_title", lang, sheet=grid.title, row=number))
            continue
        key = (row.text("id"), title, row.text("department"), row.text("post"))
        if current is None or current.key != key:
            current = _start(row, key, fields, reading)
        _measures(row, current, reading)
    return header.first_row


def _start(row: Row, key: tuple[str | None, ...], fields: set[str], reading: _Reading) -> _Current:
    """The first row of a risk: a change to one the register holds, or a new one."""
    result = reading.result
    held = _held(row, reading)
    existing = _existing(row, held, reading)
    if existing is not None and existing.id in reading.matched:  # named again further down: its measures only
        update, first = reading.matched[existing.id]
        result.skipped.append(i18n.text("import.again", reading.lang, at=row.at("title"), id=existing.id, first=first))
        return _Current(key, update=update)
    if existing is not None:
        update = updates.compare(existing, held, row, reading.register, _level_of(row))
        reading.matched[existing.id] = (update, row.at("title"))
        result.updates.append(update)  # changed or not: its measures come in the rows below
        return _Current(key, update=update)
    if "area" not in fields:
        result.assume(i18n.text("import.no_area", reading.lang))
    if "dimension" not in fields:
        result.assume(i18n.text("import.no_dimension", reading.lang))
    risk = _risk(row, held, reading)
    result.risks.append(risk)
    return _Current(key, new=risk)


def _existing(row: Row, held: dict[str, Any], reading: _Reading) -> Risk | None:
    """The register's risk a row names: by its 编号, else by its name and department."""
    index = reading.register.index
    ident = row.text("id")
    if ident and ident in index.risks:
        return index.risks[ident]
    department = held.get("department")
    same = reading.by_title.get((row.text("title") or "", department if isinstance(department, str) else None), [])
    found = next((ident for ident in same if ident not in reading.matched), None)  # two of a name: in turn
    return index.risks[found] if found else None


def _held(row: Row, reading: _Reading) -> dict[str, Any]:
    """The risk fields the sheet has columns for, as the register writes them: None for an empty cell,
    UNREADABLE for one that could not be read (and was said to be)."""
    names, result = reading.names, reading.result
    scoring = reading.register.config.scoring if reading.register.config else Scoring()
    found: dict[str, Any] = {}
    for name in ("title", "owner", "description", "process", "indicator", "leader", "override_reason", "retired_reason"):
        if row.held(name):
            found[name] = row.text(name)
    if row.held("department"):
        found["department"] = _department(row.text("department"), names, result)
    if row.held("area"):
        area = row.text("area")
        found["area"] = _area(area, names, result)[0] if area else None
    if row.held("post"):
        found["post"] = _post(row, found.get("department"), names, result)
    if row.held("dimension"):
        found["dimension"] = _dimension(row)
    for axis in ("likelihood", "impact"):
        if row.held(axis):
            found[axis] = values.score(row, axis, list(getattr(scoring, axis)))
    if row.held("legal_liability"):
        found["legal_liability"] = values.yes_no(row, "legal_liability")
    if row.held("stage"):
        found["stage"] = values.choice(row, "stage", STAGE_WORDS)
    if row.held("override_level"):
        found["override_level"] = values.choice(row, "override_level", LEVEL_WORDS)
    for name in ("identified", "reviewed", "override_date", "retired_date"):
        if row.held(name):
            found[name] = values.day(row, name)
    if row.held("tags"):
        found["tags"] = values.words(row, "tags")
    return found


def _level_of(row: Row) -> int | None:
    """The level a 风险等级 cell states (高, 二级 ...), None when empty or unknown (said)."""
    text = row.text("level")
    if not text:
        return None
    level = LEVEL_WORDS.get(text.replace("风险", "").strip())
    if level is None:
        row.refuse("level", "import.level_unknown")
    return level


def _department(name: str | None, names: _Names, result: Imported) -> str | None:
    """The id of a department named in the sheet (by name or id); a new one is made (and said) the
    first time."""
    from pdca.engine.starter import DEPARTMENT_IDS

    if not name:
        return None
    if name not in names.departments:
        known = names.department_table.matches(name)
        if len(known) == 1:
            return known[0]
        new_id = DEPARTMENT_IDS.get(name)
        if new_id is None or new_id in names.department_ids.taken:
            new_id = names.department_ids.next("dept-")
        names.department_ids.take(new_id)
        names.departments[name] = result.departments[name] = new_id
        names.department_table.add(new_id, name)
    return names.departments[name]


def _area(name: str, names: _Names, result: Imported) -> tuple[str, str]:
    """(id, prefix) of an area named in the sheet (by name or id): the library's when it has one by that
    name."""
    if name not in names.areas:
        known = names.area_table.matches(name)
        if len(known) == 1:
            return next(v for v in names.areas.values() if v[0] == known[0])
        found = names.library_areas().get(name)
        if found is None or found[0] in names.area_ids.taken:
            ident = names.area_ids.next("area-")
            found = (ident, f"DR{ident.split('-')[1]}")
        names.area_ids.take(found[0])
        names.areas[name] = result.areas[name] = found
        names.area_table.add(found[0], name)
    return names.areas[name]


def _post(row: Row, department: Any, names: _Names, result: Imported) -> Any:
    """The id of a post named in the sheet: one of the department's (by name or id), else the only post
    of that name; a new post (of a department the row names) collects the 业务事项 of its rows as powers."""
    name = row.text("post")
    if not name:
        return None
    department = department if isinstance(department, str) else None
    # the department's posts; a row without a department: the one post of that name anywhere
    table = names.post_tables.get(department)
    found = table.matches(name) if table is not None else []
    if len(found) == 1:
        _add_power(result, found[0], row.text("process"))
        return found[0]
    if department is None:
        return row.refuse("post", "import.post_without_department")
    ident = names.post_ids.next(f"{department}-")
    names.add_post(department, name, ident)
    result.posts[ident] = {"id": ident, "name": name, "department": department, "powers": [], "_powers": set()}
    _add_power(result, ident, row.text("process"))
    return ident


def _add_power(result: Imported, post: str, process: str | None) -> None:
    new = result.posts.get(post)
    if new is not None and process and process not in new["_powers"]:
        new["_powers"].add(process)
        new["powers"].append(process)


def _dimension(row: Row) -> Any:
    """One of the five dimensions, from the word or a word in it (业务流程风险); UNREADABLE (said) else."""
    value = row.text("dimension")
    if value is None or value in DIMENSIONS:
        return value
    for word, dimension in _DIMENSION_WORDS:
        if word in value:
            return dimension
    return row.refuse("dimension", "import.dimension_unknown")


def _risk(row: Row, held: dict[str, Any], reading: _Reading) -> dict[str, Any]:
    """A new risk from its first row: an id of its area (the sheet's, when free), defaults said."""
    result, lang, taken = reading.result, reading.lang, reading.taken
    read = {k: (None if v is UNREADABLE else v) for k, v in held.items()}
    area, prefix = _area(row.text("area") or "导入", reading.names, result)
    risk_id = row.text("id")
    wanted = risk_id
    if not risk_id or risk_id in taken.taken:
        risk_id = taken.next(f"{prefix}-", 3)
    else:
        taken.take(risk_id)
    if wanted and wanted != risk_id:
        result.assume(i18n.text("import.id_taken", lang, old=wanted, new=risk_id))
    if row.held("dimension") and held["dimension"] is UNREADABLE:
        result.assume(i18n.text("import.dimension_default", lang))
    likelihood, impact = _scores(read, _level_of(row), row.text("level"), reading)
    stage = read.get("stage") or "P"
    if stage == "A":
        result.assume(i18n.text("import.stage_a", lang))  # its checks are not in a risk sheet
    risk: dict[str, Any] = {
        "id": risk_id, "title": read["title"], "area": area, "department": read.get("department"),
        "post": read.get("post"), "owner": read.get("owner"), "dimension": read.get("dimension") or "业务流程",
        "description": read.get("description"), "process": read.get("process"), "indicator": read.get("indicator"),
        "leader": read.get("leader"), "likelihood": likelihood, "impact": impact,
        "legal_liability": True if read.get("legal_liability") else None, "stage": stage,
        "identified": read.get("identified"), "reviewed": read.get("reviewed"), "tags": read.get("tags"),
    }
    if read.get("retired_date") is not None:
        risk["retired"] = {"date": read["retired_date"], "reason": read.get("retired_reason") or "导入"}
    if read.get("override_level") is not None:
        risk["override"] = {"level": read["override_level"], "reason": read.get("override_reason") or "导入",
                            "date": read.get("override_date")}
    risk["measures"] = []  # measures last
    return risk


def _scores(read: dict[str, Any], level: int | None, stated: str | None,
            reading: _Reading) -> tuple[int | None, int | None]:
    """Likelihood and impact of a new risk: as the sheet gives them, else the cell of the matrix nearest
    its middle that gives the level the sheet states (said once per level word)."""
    likelihood, impact = read.get("likelihood"), read.get("impact")
    if likelihood is not None and impact is not None:
        return likelihood, impact
    if level is None:
        return None, None
    scoring = reading.register.config.scoring if reading.register.config else Scoring()
    preferred: tuple[int | None, int | None] = _PREFERRED_CELLS[level]
    if cell(scoring, *preferred) != level:  # a register with its own matrix
        candidates = [(lk, im) for lk in range(1, len(scoring.likelihood) + 1) for im in range(1, len(scoring.impact) + 1)
                      if cell(scoring, lk, im) == level]
        preferred = min(candidates, key=lambda li: abs(li[0] - 3) + abs(li[1] - 3)) if candidates else (None, None)
    reading.result.assume(i18n.text("import.level_assumed", reading.lang, level=stated,
                                    likelihood=preferred[0], impact=preferred[1]))
    return preferred


def _measures(row: Row, current: _Current, reading: _Reading) -> None:
    """The measures a row holds, for a new risk or one the register holds (changed in place, or new)."""
    read = _measure_fields(row)
    parts = _measure_parts(row)
    if not parts:  # a 完成期限 with no measure to go with it
        for name in ("m_id", "m_line", "m_kind", "m_owner", "m_due", "m_status", "m_done", "m_evidence"):
            if row.text(name):
                row.refuse(name, "import.no_measure")
    for title, line in parts:
        if current.update is not None:
            if not updates.measure(current.update, title, line, read, row):
                _new_measure(current.update.new_measures, current.update.seen, current.update.risk.id, title, line,
                             read, row, reading)
        elif current.new is not None:
            _new_measure(current.new["measures"], current.new.setdefault("_titles", set()), current.new["id"], title,
                         line, read, row, reading)


def _measure_parts(row: Row) -> list[tuple[str, str | None]]:
    """(title, line) of each measure a row holds: a column per line (防控措施 / 事前 …), or one column
    split at its numbers (1. ① (1) …), the line a measure's words say (事后纪检抽查) first."""
    named = values.choice(row, "m_line", LINES) if row.held("m_line") else None
    columns: list[tuple[str, str | None]] = [(n, n.split("@")[1]) for n in row.columns if n.startswith("m_title@")]
    columns.append(("m_title", None if named is UNREADABLE else named))
    parts: list[tuple[str, str | None]] = []
    for name, line in columns:
        text = row.text(name)
        if not text:
            continue
        single = line is not None and row.text("m_id") is not None  # one measure per row (pdca's export)
        pieces = [text] if single else [p.strip(" ;；。,，\n") for p in _MEASURE_SPLIT.split(text)]
        for piece in filter(None, pieces):
            said = next((LINES[w] for w in ("事前", "事中", "事后") if piece.startswith(w)), None)
            parts.append((piece, said or line))
    return parts


def _measure_fields(row: Row) -> dict[str, Any]:
    """The measure fields the sheet has columns for (None: empty; UNREADABLE: said)."""
    found: dict[str, Any] = {}
    for name, target in (("m_owner", "owner"), ("m_evidence", "evidence")):
        if row.held(name):
            found[target] = row.text(name)
    for name, target, table in (("m_kind", "kind", KIND_WORDS), ("m_status", "status", STATUS_WORDS)):
        if row.held(name):
            found[target] = values.choice(row, name, table)
    for name, target in (("m_due", "due"), ("m_done", "done")):
        if row.held(name):
            found[target] = values.day(row, name)
    return found


def _new_measure(measures: list[dict[str, Any]], titles: set[str], risk_id: str, title: str, line: str | None,
                 read: dict[str, Any], row: Row, reading: _Reading) -> None:
    """A measure the risk does not have yet, once per title; no line said: 事中 (said)."""
    if title in titles:
        return
    titles.add(title)
    if line is None:
        line = "during"
        reading.result.assume(i18n.text("import.line_assumed", reading.lang))
    given = {k: (None if v is UNREADABLE else v) for k, v in read.items()}
    measures.append(_clean({
        "id": new_measure_id(row.text("m_id"), risk_id, reading.taken), "title": title, "line": line,
        "kind": given.get("kind"), "owner": given.get("owner"), "due": given.get("due"),
        "status": given.get("status") or "planned", "done": given.get("done"), "evidence": given.get("evidence"),
    }))


def new_measure_id(wanted: str | None, risk_id: str, taken: Ids) -> str:
    """The sheet's 措施编号 when it is free, else the risk's next."""
    if not wanted or wanted in taken.taken:
        return taken.next(f"{risk_id}-M", 1)
    taken.take(wanted)
    return wanted


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in item.items():
        if key.startswith("_") or value in (None, "", []):
            continue
        if isinstance(value, dict):
            value = _clean(value)
        out[key] = [_clean(v) for v in value] if isinstance(value, list) and value and isinstance(value[0], dict) else value
    return out


def plan(register: Register, imported: Imported, lang: str) -> tuple[list[Document], dict[Path, bytes]]:
    """The edits that bring what was read into the register, not written yet: new departments, areas and
    posts in pdca.yaml; changed fields of the register's risks in place; new risks appended to the file
    of their area (risks/<area>.yaml when it has none)."""
    from pdca.engine.scaffold import risks_file

    editor = Editor(register.root, lang)
    config = editor.document("pdca.yaml")
    for name, ident in imported.departments.items():
        config.append(("departments",), {"id": ident, "name": name})
    for name, (ident, prefix) in imported.areas.items():
        config.append(("areas",), {"id": ident, "name": name, "prefix": prefix})
    for post in imported.posts.values():
        config.append(("posts",), _clean(post), block_fields=True)
    for update in imported.updates:
        updates.apply(update, register, editor)
    new_files: dict[Path, bytes] = {}
    by_file: dict[str, list[dict[str, Any]]] = {}
    for risk in imported.risks:
        by_file.setdefault(risks_file(register, risk["area"]), []).append(_clean(risk))
    for rel, risks in by_file.items():
        if not (register.root / rel).exists():
            new_files[register.root / rel] = ("risks:\n" + "".join(f"  - {block_item(r, 4)}\n" for r in risks)).encode("utf-8")
            continue
        document = editor.document(rel)
        if document.empty:  # only comments so far: keep them, and start the list below
            document.append_text("risks:\n" + "".join(f"  - {block_item(r, 4)}\n" for r in risks))
            continue
        for risk in risks:
            document.append(("risks",), risk, block_fields=True)
    return editor.all(), new_files
