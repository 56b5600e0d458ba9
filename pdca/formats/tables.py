"""The resolved register as tables and documents: JSON, and CSV for Excel (one file per table).

Columns are fixed per table, whatever the data holds; headers and labels follow the language; cells
that a spreadsheet would run as a formula are neutralised.  Output is deterministic.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pdca import i18n

TABLES = ("risks", "measures", "findings", "checks", "activities")
#: nested values, flattened into one CSV column per part
NESTED = {"override": ("level", "reason", "date"), "retired": ("date", "reason"), "closed": ("date", "by")}
#: the CSV columns of each table, fixed whatever the data holds (a test keeps them equal to the JSON keys)
COLUMNS: dict[str, tuple[str, ...]] = {
    "risks": ("id", "title", "area", "department", "post", "owner", "dimension", "description", "process",
              "indicator", "leader", "likelihood", "impact", "legal_liability", "level", "declared_level",
              "matrix_level", "override_level", "override_reason", "override_date", "stage", "identified", "reviewed",
              "retired_date", "retired_reason", "tags", "history", "measures", "stage_since", "days_in_stage",
              "review_due"),
    "measures": ("id", "risk", "title", "line", "kind", "owner", "due", "status", "done", "evidence", "note",
                 "status_as_of", "overdue", "days_overdue"),
    "findings": ("id", "check", "source", "check_date", "risk", "problem", "task", "department", "owner", "leader",
                 "deadline", "status", "done", "result", "evidence", "closed_date", "closed_by", "long_term",
                 "repeat_of", "extensions", "actions", "history", "status_as_of", "effective_deadline", "overdue",
                 "days_overdue", "repeat", "repeat_source", "repeat_depth", "repeat_suspected", "escalation",
                 "escalation_since", "action", "action_pending_days", "awaiting_verification",
                 "days_awaiting_verification", "carried_over"),
    "checks": ("id", "source", "title", "date", "period", "departments", "risks", "note", "findings"),
    "activities": ("id", "kind", "title", "date", "departments", "participants", "risks", "check", "note"),
}

#: names of the computed columns, for CSV headers in Chinese
COMPUTED_ZH = {
    "register": "登记册", "declared_level": "声明等级", "matrix_level": "矩阵等级", "stage_since": "进入阶段日期",
    "days_in_stage": "阶段停留天数", "review_due": "应复核日期", "overdue": "是否逾期", "days_overdue": "逾期天数",
    "repeat": "屡查屡犯", "repeat_source": "重复自", "repeat_depth": "重复次数", "escalation": "建议处理",
    "repeat_suspected": "疑似屡查屡犯", "effective_deadline": "有效整改期限", "escalation_since": "建议起始日期",
    "action": "已处理", "action_pending_days": "建议未落实天数", "override_date": "调整日期",
    "awaiting_verification": "待核验销号", "days_awaiting_verification": "待核验天数",
    "carried_over": "上一周期结转", "check_date": "检查日期", "status_as_of": "截至当日状态", "override_level": "调整等级",
    "override_reason": "调整理由", "retired_date": "退出日期", "retired_reason": "退出理由",
    "closed_date": "销号日期", "closed_by": "销号人", "kind": "类型", "participants": "参加人员",
}
_LABELLED: dict[str, dict[Any, tuple[str, str]]] = {
    "status": i18n.STATUS_NAMES, "status_as_of": i18n.STATUS_NAMES, "line": i18n.LINE_NAMES, "stage": i18n.STAGE_NAMES,
    "escalation": i18n.ESCALATION_NAMES, "action": i18n.ESCALATION_NAMES, "level": i18n.LEVEL_NAMES, "declared_level": i18n.LEVEL_NAMES,
    "matrix_level": i18n.LEVEL_NAMES, "override_level": i18n.LEVEL_NAMES,
}


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def rows(document: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """The flat rows of one table, over every register of the document."""
    documents = document.get("registers", [document])
    several = len(documents) > 1
    out = []
    for one in documents:
        for item in one[table]:
            row = {"register": one["register"]} if several else {}
            for key, value in item.items():
                if key in NESTED:
                    for part in NESTED[key]:
                        row[f"{key}_{part}"] = value.get(part) if isinstance(value, dict) else None
                else:
                    row[key] = value
            out.append(row)
    return out


def csv_file(document: dict[str, Any], table: str, lang: str) -> bytes:
    """One table as a CSV file for Excel: UTF-8 with a byte-order mark, so Chinese shows right."""
    return ("\ufeff" + to_csv(document, table, lang)).encode("utf-8")


def to_csv(document: dict[str, Any], table: str, lang: str) -> str:
    """One table as CSV: headers and values in `lang`, cells that a spreadsheet would run as a formula
    neutralised, written for Excel (the caller adds the UTF-8 BOM)."""
    table_rows = rows(document, table)
    columns = (["register"] if "registers" in document else []) + list(COLUMNS[table])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_header(column, lang) for column in columns])
    for row in table_rows:
        writer.writerow([_cell(column, row.get(column), lang, table == "findings") for column in columns])
    return buffer.getvalue()


def _header(column: str, lang: str) -> str:
    if lang == "en":
        return column
    return COMPUTED_ZH.get(column) or i18n.FIELDS_ZH.get(column) or column


def _cell(column: str, value: Any, lang: str, finding: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("true" if value else "false")
    if isinstance(value, list):
        if value and isinstance(value[0], dict):  # history
            return neutralise("; ".join(" ".join(str(v) for v in entry.values() if v is not None) for entry in value))
        return neutralise("; ".join(str(v) for v in value))
    if lang == "zh" and column in _LABELLED:
        table = i18n.FINDING_STATUS_NAMES if finding and column in ("status", "status_as_of") else _LABELLED[column]
        return i18n.label(table, value, lang)
    return neutralise(str(value))


def neutralise(text: str) -> str:
    """A cell that starts like a formula (= + - @, or a tab or carriage return) gets a leading
    apostrophe, so a spreadsheet shows it as text instead of running it (CSV injection)."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text
