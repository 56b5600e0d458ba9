"""Importing a 廉洁风险防控清单 kept in Excel: the header row found whatever its wording, merged cells
filled, numbered measures split, levels mapped onto likelihood and impact, and every assumption said.

The workbook pdca exports (pdca.formats.xlsx) reads back the same way.

Over 400 lines on purpose: real 清单 differ in every column, and the guesses that read them depend on
one another (the header row found decides which columns are merged, which decides how measures split);
they are kept together so each guess is read with the ones it relies on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from pdca import i18n
from pdca.domain.ids import Ids
from pdca.domain.scoring import cell
from pdca.formats.xlsx import _MEASURE_STATUS, _STAGE
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
    sheet: str = ""
    header_row: int = 0


def _headers(sheet: Worksheet, values: dict[tuple[int, int], Any], mapping: dict[str, str]
             ) -> tuple[int, int, dict[int, str], list[str]]:
    """(score, first data row, column -> field, ignored column names) of the best header in a sheet.
    A header may take two rows: 防控措施 merged over 事前 / 事中 / 事后 below it."""
    best: tuple[int, int, dict[int, str], list[str]] = (0, 0, {}, [])
    width = sheet.max_column
    for row in range(1, min(sheet.max_row, 30) + 1):
        columns: dict[int, str] = {}
        ignored: list[str] = []
        two_rows = False
        for column in range(1, width + 1):
            name = _key(values.get((row, column)))
            below = _key(values.get((row + 1, column)))
            target = mapping.get(name) or HEADERS.get(name)
            if target == "m_title" and below in LINES:  # 防控措施 / 事前
                target, two_rows = f"m_title@{LINES[below]}", True
            elif below and (mapping.get(below) or HEADERS.get(below)) and values.get((row, column)) == values.get(
                    (row, column - 1 if column > 1 else column + 1)) and not target:
                target, two_rows = mapping.get(below) or HEADERS.get(below), True
            if target and target not in columns.values() or (target and target.startswith("m_title@")):
                columns[column] = target
            elif name and not target:
                ignored.append(f"{values.get((row, column))}")
        if "title" in columns.values() and len(columns) > best[0]:
            best = (len(columns), row + (2 if two_rows else 1), columns, ignored)
    return best


def _filled(sheet: Worksheet) -> dict[tuple[int, int], Any]:
    """Every cell's value, with merged ranges filled from their top-left cell."""
    values: dict[tuple[int, int], Any] = {}
    for row in sheet.iter_rows():
        for item in row:
            values[(int(item.row or 0), int(item.column or 0))] = item.value
    for merged in sheet.merged_cells.ranges:
        top = values.get((merged.min_row, merged.min_col))
        for row_number in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                values[(row_number, column)] = top
    return values


def _filled_and_notes(sheet: Worksheet) -> tuple[dict[tuple[int, int], Any], set[int]]:
    """Every cell's value with merged ranges filled from their top-left cell, and the rows that hold a
    note merged across most of the table (not data)."""
    values = _filled(sheet)
    notes = {merged.min_row for merged in sheet.merged_cells.ranges
             if merged.max_col - merged.min_col + 1 >= max(3, sheet.max_column // 2) and merged.min_row == merged.max_row}
    return values, notes


def read(path: Path, register: Register, mapping: dict[str, str], lang: str, sheet_name: str | None = None) -> Imported:
    """Turn a workbook into register entries (not written yet), with assumptions and skipped rows.
    Every sheet with a 风险点 header is read (or the one named)."""
    assert register.config is not None
    workbook = load_workbook(path, data_only=True)
    wanted = {_key(k): v for k, v in mapping.items()}
    result = Imported()
    index = register.index
    department_ids = {d.name: d.id for d in register.config.departments}
    area_ids = {a.name: (a.id, a.prefix or a.id.upper()) for a in register.config.areas}
    post_ids = {(p.department, p.name): p.id for p in register.config.posts}
    existing = {(r.title, r.department): r.id for r in register.risks}
    taken = Ids(set(index.risks) | set(index.measures) | set(index.checks) | set(index.findings))
    used_sheets = []
    for sheet in workbook.worksheets:
        if sheet_name is not None and sheet.title != sheet_name:
            continue
        if sheet_name is None and sheet.title in _OWN_SHEETS:  # pdca's own lists and statistics, not risks
            continue
        values, notes = _filled_and_notes(sheet)
        score, first_row, columns, ignored = _headers(sheet, values, wanted)
        if not score:
            continue
        used_sheets.append((sheet.title, first_row))
        if ignored:
            result.assumptions.append(i18n.text("import.ignored", lang, sheet=sheet.title, columns="、".join(ignored)))
        fields = {f.split("@")[0] for f in columns.values()}
        if "area" not in fields:
            result.assumptions.append(i18n.text("import.no_area", lang))
        if "dimension" not in fields:
            result.assumptions.append(i18n.text("import.no_dimension", lang))
        current: dict[str, Any] | None = None
        for row in range(first_row, sheet.max_row + 1):
            if row in notes:
                result.skipped.append(i18n.text("import.note_row", lang, sheet=sheet.title, row=row))
                continue
            cells: dict[str, Any] = {}
            for column, name in columns.items():
                cells[name] = values.get((row, column))
            if all(v in (None, "") for v in cells.values()):
                continue
            title = _text(cells.get("title"))
            if not title:
                result.skipped.append(i18n.text("import.no_title", lang, row=row) + f"({sheet.title})")
                continue
            key = (_text(cells.get("id")), title, _text(cells.get("department")), _text(cells.get("post")))
            if current is None or current["_key"] != key:
                department = department_ids.get(_text(cells.get("department")) or "")
                if (title, department) in existing:
                    result.skipped.append(i18n.text("import.already", lang, row=row, id=existing[(title, department)]))
                    current = {"_key": key, "_skip": True, "measures": []}
                    continue
                current = _risk(cells, row, result, register, department_ids, area_ids, post_ids, taken, lang)
                current["_key"] = key
                result.risks.append(current)
            if not current.get("_skip"):
                _measures(cells, row, current, result, taken, lang)
    if not used_sheets:
        raise ValueError("no header")
    result.assumptions = list(dict.fromkeys(result.assumptions))
    result.sheet = "、".join(name for name, _ in used_sheets)
    result.header_row = used_sheets[0][1] - 1
    return result


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


def _risk(cells: dict[str, Any], row: int, result: Imported, register: Register, department_ids: dict[str, str],
          area_ids: dict[str, tuple[str, str]], post_ids: dict[tuple[str, str], str], taken: Ids,
          lang: str) -> dict[str, Any]:
    from pdca.engine.starter import DEPARTMENT_IDS

    assert register.config is not None
    department_name = _text(cells.get("department"))
    department = None
    if department_name:
        if department_name not in department_ids:
            new_id = DEPARTMENT_IDS.get(department_name)
            if new_id is None or new_id in department_ids.values():
                new_id = Ids(department_ids.values()).next("dept-")
            department_ids[department_name] = new_id
            result.departments[department_name] = new_id
        department = department_ids[department_name]
    area_name = _text(cells.get("area")) or "导入"
    if area_name not in area_ids:
        from pdca import library

        known = {a.area.name: (a.area.id, a.area.prefix) for a in library.areas()}
        used = {ident for ident, _ in area_ids.values()}
        found = known.get(area_name)
        if found is None or found[0] in used:
            ident = Ids(used).next("area-")
            found = (ident, f"DR{ident.split('-')[1]}")
        area_ids[area_name] = found
        result.areas[area_name] = area_ids[area_name]
    area, prefix = area_ids[area_name]
    post = None
    post_name = _text(cells.get("post"))
    if post_name and department:
        if (department, post_name) not in post_ids:
            post_ids[(department, post_name)] = Ids(post_ids.values()).next(f"{department}-")
            result.posts[(department, post_name)] = {"id": post_ids[(department, post_name)], "name": post_name,
                                                     "department": department, "powers": []}
        post = post_ids[(department, post_name)]
        if (department, post_name) in result.posts:
            powers = result.posts[(department, post_name)]["powers"]
            process = _text(cells.get("process"))
            if process and process not in powers:
                powers.append(process)
    risk_id = _text(cells.get("id"))
    wanted = risk_id
    if not risk_id or risk_id in taken.taken:
        risk_id = taken.next(f"{prefix}-", 3)
    else:
        taken.taken.add(risk_id)
    if wanted and wanted != risk_id:
        result.assumptions.append(i18n.text("import.id_taken", lang, old=wanted, new=risk_id))
    dimension = _dimension(_text(cells.get("dimension")), row, result, lang)
    likelihood, impact = _scores(cells, register.config.scoring, row, result, lang)
    stage = _STAGE_BACK.get(_text(cells.get("stage")) or "", "P")
    if stage == "A" and i18n.text("import.stage_a", lang) not in result.assumptions:
        result.assumptions.append(i18n.text("import.stage_a", lang))  # its checks are not in a risk sheet
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
        result.assumptions.append(i18n.text("import.dimension_guess", lang, row=row, value=value))
    return "业务流程"


def _scores(cells: dict[str, Any], scoring: Scoring, row: int, result: Imported, lang: str) -> tuple[int | None, int | None]:
    likelihood, impact = cells.get("likelihood"), cells.get("impact")
    if type(likelihood) is int and type(impact) is int:
        if 1 <= likelihood <= len(scoring.likelihood) and 1 <= impact <= len(scoring.impact):
            return likelihood, impact
        result.assumptions.append(i18n.text("import.score_range", lang, row=row, likelihood=likelihood, impact=impact))
    level_text = _text(cells.get("level"))
    level = _LEVEL_WORDS.get((level_text or "").replace("风险", "").strip())
    if level is None:
        if level_text:
            result.assumptions.append(i18n.text("import.level_unknown", lang, row=row, value=level_text))
        return None, None
    preferred = _PREFERRED_CELLS[level]
    if cell(scoring, *preferred) != level:  # a register with its own matrix: the cell nearest the middle
        candidates = [(lk, im) for lk in range(1, len(scoring.likelihood) + 1) for im in range(1, len(scoring.impact) + 1)
                      if cell(scoring, lk, im) == level]
        preferred = min(candidates, key=lambda li: abs(li[0] - 3) + abs(li[1] - 3)) if candidates else (None, None)  # type: ignore[assignment]
    assumption = i18n.text("import.level_assumed", lang, level=level_text, likelihood=preferred[0], impact=preferred[1])
    if assumption not in result.assumptions:
        result.assumptions.append(assumption)
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
    for part in parts:
        if any(m["title"] == part for m in risk["measures"]):
            continue
        said = next((LINES[w] for w in ("事前", "事中", "事后") if part.startswith(w)), None)  # the text says
        line = said or explicit_line
        if line is None:
            line = "during"
            note = i18n.text("import.line_assumed", lang)
            if note not in result.assumptions:
                result.assumptions.append(note)
        measure_id = _text(cells.get("m_id"))
        if not measure_id or measure_id in taken.taken:
            measure_id = taken.next(f"{risk['id']}-M", 1)
        else:
            taken.taken.add(measure_id)
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
