"""Importing a 廉洁风险防控清单 kept in Excel: the header row found whatever its wording, merged cells
filled, numbered measures split, levels mapped onto likelihood and impact, and every assumption said.

The workbook pdca exports (pdca.formats.xlsx) reads back the same way.  The cells come from
`pdca.importers.cells`, which reads only what a sheet holds and refuses what is past its caps.

Over 400 lines on purpose: real 清单 differ in every column, and the guesses that read them depend on
one another (the header row found decides which columns are merged, which decides how measures split);
they are kept together so each guess is read with the ones it relies on.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from pdca import i18n
from pdca.domain.ids import Ids
from pdca.domain.scoring import cell
from pdca.errors import PdcaError
from pdca.formats.xlsx import _MEASURE_STATUS, _STAGE
from pdca.importers import cells as sheet_cells
from pdca.importers.cells import Grid
from pdca.model.entities import DIMENSIONS, LINES, Scoring
from pdca.model.register import Register

#: header words people use, normalised (no spaces, no punctuation) -> field
HEADERS = {
    "编号": "id", "风险编号": "id", "风险点编号": "id", "序号": "seq",
    "部门": "department", "责任部门": "department", "所属部门": "department", "单位部门": "department",
    "岗位": "post", "岗位名称": "post", "风险岗位": "post", "关键岗位": "post",
    "重点领域": "area", "领域": "area", "业务领域": "area", "风险领域": "area",
    "风险类别": "dimension", "风险类型": "dimension", "风险维度": "dimension", "类别": "dimension",
    "风险点": "title", "风险点名称": "title", "廉洁风险点": "title", "风险名称": "title",
    "风险描述": "description", "表现形式": "description", "风险表现形式": "description", "主要表现": "description",
    "风险描述表现形式": "description",
    "风险等级": "level", "等级": "level", "风险级别": "level", "风险程度": "level", "级别": "level",
    "主要风险点": "title", "风险内容": "description", "廉洁风险表现形式": "description", "防控责任人": "owner",
    "可能性": "likelihood", "危害程度": "impact", "影响程度": "impact", "涉及违法犯罪": "legal_liability",
    "防控措施": "m_title", "风险防控措施": "m_title", "防控措施内容": "m_title", "主要防控措施": "m_title",
    "防线": "m_line", "措施防线": "m_line", "措施类型": "m_kind", "措施编号": "m_id", "措施责任人": "m_owner",
    "完成期限": "m_due", "措施状态": "m_status", "完成日期": "m_done", "佐证材料": "m_evidence",
    "责任人": "owner", "责任领导": "leader", "分管领导": "leader", "阶段": "stage",
    "等级调整": "override_level", "调整理由": "override_reason", "调整日期": "override_date", "标签": "tags",
    "退出日期": "retired_date",
    "退出理由": "retired_reason",
    "业务事项": "process", "流程环节": "process", "监测指标": "indicator", "识别日期": "identified", "复核日期": "reviewed",
}
#: where one numbered measure ends and the next begins: ① …, (1) …, 1、 …, 1. … (not 10.5), or a new line
_MEASURE_SPLIT = re.compile(r"[①-⑳]|[（(]\d{1,2}[）)]|(?:^|(?<=[\s。;；,，:：]))\d{1,2}(?:[、)）]|[.．](?!\d))|\n+")
_DIMENSION_WORDS = [("道德", "职业道德"), ("岗位", "岗位职责"), ("职责", "岗位职责"), ("流程", "业务流程"),
                    ("业务", "业务流程"), ("制度", "制度机制"), ("机制", "制度机制"), ("环境", "内外部环境"),
                    ("外部", "内外部环境")]
_LEVEL_WORDS = {"一级": 1, "高": 1, "较高": 1, "重大": 1, "1": 1, "二级": 2, "中": 2, "中等": 2, "一般": 2, "2": 2,
                "三级": 3, "低": 3, "较低": 3, "3": 3}
_PREFERRED_CELLS = {1: (4, 4), 2: (3, 3), 3: (2, 1)}
_STATUS_BACK = {v: k for k, v in _MEASURE_STATUS.items()}
_STAGE_BACK = {v: k for k, v in _STAGE.items()} | {k: k for k in _STAGE}


def _key(header: Any) -> str:
    return re.sub(r"[\s/／、()（）:：\-_]", "", str(header or ""))


@dataclass
class Imported:
    risks: list[dict[str, Any]] = field(default_factory=list)
    departments: dict[str, str] = field(default_factory=dict)  # name -> id (new ones)
    areas: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (id, prefix) (new ones)
    posts: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (department id, name) -> post
    assumptions: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    hidden_sheets: list[str] = field(default_factory=list)  # hidden in Excel, so not imported
    sheet: str = ""
    header_row: int = 0
    _said: set[str] = field(default_factory=set)

    def assume(self, text: str) -> None:
        """Say an assumption once, however many rows make it (a set: 50,000 rows, not 50,000² steps)."""
        if text not in self._said:
            self._said.add(text)
            self.assumptions.append(text)


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
    _library: dict[str, tuple[str, str]] | None = None

    def __post_init__(self) -> None:
        self.department_ids = Ids(self.departments.values())
        self.area_ids = Ids(ident for ident, _ in self.areas.values())
        self.post_ids = Ids(self.posts.values())

    def library_areas(self) -> dict[str, tuple[str, str]]:
        """The reference library's areas by name, read once (not once per new area)."""
        if self._library is None:
            from pdca import library

            self._library = {a.area.name: (a.area.id, a.area.prefix) for a in library.areas()}
        return self._library


def _headers(grid: Grid, mapping: dict[str, str]) -> tuple[int, int, dict[int, str], list[str]]:
    """(score, first data row, column -> field, ignored column names) of the best header in a sheet's
    first 30 rows.  A header may take two rows: 防控措施 merged over 事前 / 事中 / 事后 below it."""
    best: tuple[int, int, dict[int, str], list[str]] = (0, 0, {}, [])
    for row in grid.rows[:bisect_left(grid.rows, 31)]:
        columns: dict[int, str] = {}
        ignored: list[str] = []
        two_rows = False
        for column in grid.columns(row, row + 1):  # a column empty in both rows says nothing
            name = _key(grid.get(row, column))
            below = _key(grid.get(row + 1, column))
            target = mapping.get(name) or HEADERS.get(name)
            if target == "m_title" and below in LINES:  # 防控措施 / 事前
                target, two_rows = f"m_title@{LINES[below]}", True
            elif below and (mapping.get(below) or HEADERS.get(below)) and grid.get(row, column) == grid.get(
                    row, column - 1 if column > 1 else column + 1) and not target:
                target, two_rows = mapping.get(below) or HEADERS.get(below), True
            if target and target not in columns.values() or (target and target.startswith("m_title@")):
                columns[column] = target
            elif name and not target:
                ignored.append(f"{grid.get(row, column)}")
        if "title" in columns.values() and len(columns) > best[0]:
            best = (len(columns), row + (2 if two_rows else 1), columns, ignored)
    return best


def _note_rows(grid: Grid) -> set[int]:
    """The rows that hold a note merged across most of the table (not data)."""
    return {r0 for r0, c0, r1, c1 in grid.merged if c1 - c0 + 1 >= max(3, grid.width // 2) and r0 == r1}


def read(path: Path, register: Register, mapping: dict[str, str], lang: str, sheet_name: str | None = None) -> Imported:
    """Turn a workbook into register entries (not written yet), with assumptions and skipped rows.
    Every visible sheet with a 风险点 header is read (or the one named, even a hidden one).  A workbook
    or sheet past the caps of `pdca.importers.cells` is refused with a message that says them."""
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


def _read(workbook: Workbook, path: Path, register: Register, wanted: dict[str, str], lang: str,
          sheet_name: str | None) -> Imported:
    assert register.config is not None
    result = Imported()
    index = register.index
    names = _Names({d.name: d.id for d in register.config.departments},
                   {a.name: (a.id, a.prefix or a.id.upper()) for a in register.config.areas},
                   {(p.department, p.name): p.id for p in register.config.posts})
    existing = {(r.title, r.department): r.id for r in register.risks}
    taken = Ids(set(index.risks) | set(index.measures) | set(index.checks) | set(index.findings))
    used_sheets = []
    for sheet in workbook.worksheets:
        if sheet_name is not None and sheet.title != sheet_name:
            continue
        if sheet_name is None and sheet.title in _OWN_SHEETS:  # pdca's own lists and statistics, not risks
            continue
        if sheet_name is None and sheet.sheet_state != "visible":  # rows a reviewer in Excel never sees
            result.hidden_sheets.append(sheet.title)
            continue
        assert isinstance(sheet, ReadOnlyWorksheet)
        grid = sheet_cells.read(workbook, sheet)
        first_row = _read_sheet(grid, wanted, result, register, names, existing, taken, lang)
        if first_row:
            used_sheets.append((sheet.title, first_row))
    if not used_sheets:
        if result.hidden_sheets:
            raise PdcaError(i18n.text("import.only_hidden", lang, path=path, sheets="、".join(result.hidden_sheets)))
        raise ValueError("no header")
    result.sheet = "、".join(name for name, _ in used_sheets)
    result.header_row = used_sheets[0][1] - 1
    return result


def _read_sheet(grid: Grid, wanted: dict[str, str], result: Imported, register: Register, names: _Names,
                existing: dict[tuple[str, str | None], str], taken: Ids, lang: str) -> int:
    """The risks of one sheet into `result`; its first data row, or 0 when it has no header."""
    score, first_row, columns, ignored = _headers(grid, wanted)
    if not score:
        return 0
    notes = _note_rows(grid)
    if ignored:
        result.assume(i18n.text("import.ignored", lang, sheet=grid.title, columns="、".join(ignored)))
    fields = {f.split("@")[0] for f in columns.values()}
    if "area" not in fields:
        result.assume(i18n.text("import.no_area", lang))
    if "dimension" not in fields:
        result.assume(i18n.text("import.no_dimension", lang))
    current: dict[str, Any] | None = None
    for row in grid.rows[bisect_left(grid.rows, first_row):]:  # rows with nothing in them say nothing
        if row in notes:
            result.skipped.append(i18n.text("import.note_row", lang, sheet=grid.title, row=row))
            continue
        cells = {name: grid.get(row, column) for column, name in columns.items()}
        if all(v in (None, "") for v in cells.values()):
            continue
        title = _text(cells.get("title"))
        if not title:
            result.skipped.append(i18n.text("import.no_title", lang, row=row) + f"({grid.title})")
            continue
        key = (_text(cells.get("id")), title, _text(cells.get("department")), _text(cells.get("post")))
        if current is None or current["_key"] != key:
            department = names.departments.get(_text(cells.get("department")) or "")
            if (title, department) in existing:
                result.skipped.append(i18n.text("import.already", lang, row=row, id=existing[(title, department)]))
                current = {"_key": key, "_skip": True, "measures": []}
                continue
            current = _risk(cells, row, result, register, names, taken, lang)
            current["_key"] = key
            result.risks.append(current)
        if not current.get("_skip"):
            _measures(cells, row, current, result, taken, lang)
    return first_row


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    text = str(value).strip()
    return text or None


_OWN_SHEETS = {"四个清单", "统计情况表"}
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _date(value: Any) -> dt.date | None:
    """A date as offices write it: a real Excel date, an Excel serial number, 2024-01-15, 2024/1/15,
    2024.01.15 or 2024年1月15日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        from openpyxl.utils.datetime import from_excel

        converted = from_excel(value)
        return converted.date() if isinstance(converted, dt.datetime) else None
    match = _DATE_TEXT.match(_text(value) or "")
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _department(name: str | None, names: _Names, result: Imported) -> str | None:
    """The id of a department named in the sheet; a new one is made (and said) the first time."""
    from pdca.engine.starter import DEPARTMENT_IDS

    if not name:
        return None
    if name not in names.departments:
        new_id = DEPARTMENT_IDS.get(name)
        if new_id is None or new_id in names.department_ids.taken:
            new_id = names.department_ids.next("dept-")
        names.department_ids.take(new_id)
        names.departments[name] = result.departments[name] = new_id
    return names.departments[name]


def _area(name: str, names: _Names, result: Imported) -> tuple[str, str]:
    """(id, prefix) of an area named in the sheet: the library's when it has one by that name."""
    if name not in names.areas:
        found = names.library_areas().get(name)
        if found is None or found[0] in names.area_ids.taken:
            ident = names.area_ids.next("area-")
            found = (ident, f"DR{ident.split('-')[1]}")
        names.area_ids.take(found[0])
        names.areas[name] = result.areas[name] = found
    return names.areas[name]


def _post(name: str | None, department: str | None, process: str | None, names: _Names, result: Imported) -> str | None:
    """The id of a post named in the sheet; a new post collects the 业务事项 of its rows as powers."""
    if not name or not department:
        return None
    if (department, name) not in names.posts:
        names.posts[(department, name)] = names.post_ids.next(f"{department}-")
        result.posts[(department, name)] = {"id": names.posts[(department, name)], "name": name,
                                            "department": department, "powers": [], "_powers": set()}
    new = result.posts.get((department, name))
    if new is not None and process and process not in new["_powers"]:
        new["_powers"].add(process)
        new["powers"].append(process)
    return names.posts[(department, name)]


def _risk(cells: dict[str, Any], row: int, result: Imported, register: Register, names: _Names, taken: Ids,
          lang: str) -> dict[str, Any]:
    assert register.config is not None
    department = _department(_text(cells.get("department")), names, result)
    area, prefix = _area(_text(cells.get("area")) or "导入", names, result)
    post = _post(_text(cells.get("post")), department, _text(cells.get("process")), names, result)
    risk_id = _text(cells.get("id"))
    wanted = risk_id
    if not risk_id or risk_id in taken.taken:
        risk_id = taken.next(f"{prefix}-", 3)
    else:
        taken.take(risk_id)
    if wanted and wanted != risk_id:
        result.assume(i18n.text("import.id_taken", lang, old=wanted, new=risk_id))
    dimension = _dimension(_text(cells.get("dimension")), row, result, lang)
    likelihood, impact = _scores(cells, register.config.scoring, row, result, lang)
    stage = _STAGE_BACK.get(_text(cells.get("stage")) or "", "P")
    if stage == "A":
        result.assume(i18n.text("import.stage_a", lang))  # its checks are not in a risk sheet
    risk: dict[str, Any] = {
        "id": risk_id, "title": _text(cells.get("title")), "area": area, "department": department, "post": post,
        "owner": _text(cells.get("owner")), "dimension": dimension, "description": _text(cells.get("description")),
        "process": _text(cells.get("process")), "indicator": _text(cells.get("indicator")), "leader": _text(cells.get("leader")),
        "likelihood": likelihood, "impact": impact,
        "legal_liability": True if _text(cells.get("legal_liability")) in ("是", "true", "True") else None,
        "stage": stage, "identified": _date(cells.get("identified")), "reviewed": _date(cells.get("reviewed")),
        "measures": [],
    }
    tags = [t for t in re.split(r"[、,，;；\s]+", _text(cells.get("tags")) or "") if t]
    if tags:
        risk["tags"] = tags
    retired = _date(cells.get("retired_date"))
    if retired is not None:
        risk["retired"] = {"date": retired, "reason": _text(cells.get("retired_reason")) or "导入"}
    override = _LEVEL_WORDS.get(_text(cells.get("override_level")) or "")
    if override is not None:
        risk["override"] = {"level": override, "reason": _text(cells.get("override_reason")) or "导入"}
        decided = _date(cells.get("override_date"))
        if decided is not None:
            risk["override"]["date"] = decided
    risk["measures"] = risk.pop("measures")  # keep measures last
    return risk


def _dimension(value: str | None, row: int, result: Imported, lang: str) -> str:
    if value in DIMENSIONS:
        return value
    for word, dimension in _DIMENSION_WORDS:
        if value and word in value:
            return dimension
    if value:
        result.assume(i18n.text("import.dimension_guess", lang, row=row, value=value))
    return "业务流程"


def _scores(cells: dict[str, Any], scoring: Scoring, row: int, result: Imported, lang: str) -> tuple[int | None, int | None]:
    likelihood, impact = cells.get("likelihood"), cells.get("impact")
    if type(likelihood) is int and type(impact) is int:
        if 1 <= likelihood <= len(scoring.likelihood) and 1 <= impact <= len(scoring.impact):
            return likelihood, impact
        result.assume(i18n.text("import.score_range", lang, row=row, likelihood=likelihood, impact=impact))
    level_text = _text(cells.get("level"))
    level = _LEVEL_WORDS.get((level_text or "").replace("风险", "").strip())
    if level is None:
        if level_text:
            result.assume(i18n.text("import.level_unknown", lang, row=row, value=level_text))
        return None, None
    preferred = _PREFERRED_CELLS[level]
    if cell(scoring, *preferred) != level:  # a register with its own matrix: the cell nearest the middle
        candidates = [(lk, im) for lk in range(1, len(scoring.likelihood) + 1) for im in range(1, len(scoring.impact) + 1)
                      if cell(scoring, lk, im) == level]
        preferred = min(candidates, key=lambda li: abs(li[0] - 3) + abs(li[1] - 3)) if candidates else (None, None)  # type: ignore[assignment]
    assumption = i18n.text("import.level_assumed", lang, level=level_text, likelihood=preferred[0], impact=preferred[1])
    result.assume(assumption)
    return preferred


def _measures(cells: dict[str, Any], row: int, risk: dict[str, Any], result: Imported, taken: Ids, lang: str) -> None:
    for name in cells:
        if name.startswith("m_title@"):  # a column per line: 防控措施 / 事前 | 事中 | 事后
            _measure_cell(_text(cells[name]), name.split("@")[1], cells, row, risk, result, taken, lang)
    _measure_cell(_text(cells.get("m_title")), LINES.get(_text(cells.get("m_line")) or ""), cells, row, risk, result,
                  taken, lang)


def _measure_cell(text: str | None, explicit_line: str | None, cells: dict[str, Any], row: int, risk: dict[str, Any],
                  result: Imported, taken: Ids, lang: str) -> None:
    if not text:
        return
    single = explicit_line is not None and _text(cells.get("m_id")) is not None  # one measure per row (pdca's export)
    parts = [text] if single else [part.strip(" ;；。,，\n") for part in _MEASURE_SPLIT.split(text)]
    parts = [p for p in parts if p]
    titles = risk.setdefault("_titles", {m["title"] for m in risk["measures"]})  # a set: one look-up per part
    for part in parts:
        if part in titles:
            continue
        titles.add(part)
        said = next((LINES[w] for w in ("事前", "事中", "事后") if part.startswith(w)), None)  # the text says
        line = said or explicit_line
        if line is None:
            line = "during"
            result.assume(i18n.text("import.line_assumed", lang))
        measure_id = _text(cells.get("m_id"))
        if not measure_id or measure_id in taken.taken:
            measure_id = taken.next(f"{risk['id']}-M", 1)
        else:
            taken.take(measure_id)
        risk["measures"].append({
            "id": measure_id, "title": part, "line": line, "kind": _text(cells.get("m_kind")),
            "owner": _text(cells.get("m_owner")), "due": _date(cells.get("m_due")),
            "status": _STATUS_BACK.get(_text(cells.get("m_status")) or "", "planned"),
            "done": _date(cells.get("m_done")), "evidence": _text(cells.get("m_evidence")),
        })


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in item.items():
        if key.startswith("_") or value in (None, "", []):
            continue
        out[key] = [_clean(v) for v in value] if isinstance(value, list) and value and isinstance(value[0], dict) else value
    return out


def write(register: Register, imported: Imported, lang: str, force: bool = False) -> list[Path]:
    """Add what was read to the register: new departments, areas and posts in pdca.yaml, risks in
    risks/<area>.yaml (appended when the file exists).  All files change together or not at all, and
    not when the result would fail `pdca check` where the register passes it now (unless `force`)."""
    from pdca.engine import verify
    from pdca.io.yaml_edit import Document, block_item

    documents = []
    config = Document(register.root / "pdca.yaml", lang)
    for name, ident in imported.departments.items():
        config.append(("departments",), {"id": ident, "name": name})
    for name, (ident, prefix) in imported.areas.items():
        config.append(("areas",), {"id": ident, "name": name, "prefix": prefix})
    for post in imported.posts.values():
        config.append(("posts",), _clean(post), block_fields=True)
    documents.append(config)
    new_files: dict[Path, bytes] = {}
    by_area: dict[str, list[dict[str, Any]]] = {}
    for risk in imported.risks:
        by_area.setdefault(risk["area"], []).append(_clean(risk))
    for area, risks in by_area.items():
        path = register.root / "risks" / f"{area}.yaml"
        if path.exists():
            document = Document(path, lang)
            for risk in risks:
                document.append(("risks",), risk, block_fields=True)
            documents.append(document)
        else:
            new_files[path] = ("risks:\n" + "".join(f"  - {block_item(r, 4)}\n" for r in risks)).encode("utf-8")
    return verify.commit(register, documents, new_files, force, lang)
