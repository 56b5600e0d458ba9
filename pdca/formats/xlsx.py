"""Excel both ways: `pdca export --format xlsx` (a workbook to hand to leaders) and `pdca import xlsx`
(the 廉洁风险防控清单 sheets people keep today).  With pdca.importers (which reads them), the only openpyxl user.

Export writes the 廉洁风险清单 (one row per measure, risk cells merged, levels coloured, header frozen),
the four lists and the 统计情况表.  Import finds the header row whatever the column order and wording,
fills merged cells, splits numbered measures, maps levels and categories with stated assumptions, and
lists every row it could not use with its row number.  An exported workbook imports to the same register
content.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from pdca import i18n
from pdca.domain import scoring
from pdca.domain.periods import Period
from pdca.io import printable
from pdca.model.register import Register

RISK_SHEET = "廉洁风险清单"
#: the columns of the 廉洁风险清单 sheet: header -> field (measure fields start with m_)
RISK_COLUMNS = [
    ("编号", "id"), ("重点领域", "area"), ("责任部门", "department"), ("岗位", "post"), ("风险点", "title"),
    ("风险类别", "dimension"), ("表现形式", "description"), ("业务事项", "process"), ("监测指标", "indicator"),
    ("可能性", "likelihood"), ("危害程度", "impact"), ("涉及违法犯罪", "legal_liability"), ("风险等级", "level"),
    ("等级调整", "override_level"), ("调整理由", "override_reason"), ("调整日期", "override_date"), ("阶段", "stage"),
    ("识别日期", "identified"), ("复核日期", "reviewed"), ("责任人", "owner"), ("责任领导", "leader"),
    ("标签", "tags"), ("退出日期", "retired_date"), ("退出理由", "retired_reason"),
    ("措施编号", "m_id"), ("防控措施", "m_title"), ("防线", "m_line"), ("措施类型", "m_kind"), ("措施责任人", "m_owner"),
    ("完成期限", "m_due"), ("措施状态", "m_status"), ("完成日期", "m_done"), ("佐证材料", "m_evidence"),
    ("权力事项", "power"),  # last: added after the others, so that workbooks made before keep their columns
]
_FILLS = {1: "FFC7CE", 2: "FFEB9C", 3: "C6EFCE"}
# One object each, set on every cell that has it: openpyxl finds a style's index by hashing it, and an
# equal new object also costs a field-by-field comparison (a third of a large export's time).
_LEVEL_FILLS = {level: PatternFill("solid", fgColor=colour) for level, colour in _FILLS.items()}
_TOP = Alignment(vertical="top", wrap_text=True)
_MEASURE_STATUS = {k: i18n.label("status", k, "zh") for k in ("planned", "in_progress", "done", "dropped")}
_STAGE = {k: i18n.label("stage", k, "zh") for k in ("P", "D", "C", "A")}


def _text_width(value: Any) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def _width_upto(value: Any, most: int) -> int:
    """`min(_text_width(value), most)`, without measuring a text that has `most` characters or more
    (each is at least one column wide)."""
    text = str(value)
    return most if len(text) >= most else min(_text_width(text), most)


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    target = sheet.cell(row, column)
    if isinstance(value, str):  # control characters (a Word soft break \v) cannot be stored in a cell
        value = ILLEGAL_CHARACTERS_RE.sub(" ", value)[:32767]
    target.value = value
    if isinstance(value, str) and value.startswith("="):  # text, never a formula (formula injection)
        target.data_type = "s"
    return target


def _merge(sheet: Worksheet, first_row: int, column: int, last_row: int) -> None:
    """One column of rows merged: `merge_cells` without its check against every range merged before,
    which made a workbook of 1,000 risks take minutes (the ranges pdca merges never overlap), and
    without `MergedCellRange.format`, which copies the top cell's borders and protection onto every
    merged cell: pdca's cells have no borders and the default protection (style index 0, what a cell
    never styled has), so it changed nothing in the file and took half the export's time."""
    letter = get_column_letter(column)
    merged = MergedCellRange(sheet, f"{letter}{first_row}:{letter}{last_row}")
    sheet.merged_cells.ranges.add(merged)
    cells = sheet._cells  # what merge_cells does after its check, less format()
    for row in range(first_row + 1, last_row + 1):
        cells[row, column] = MergedCell(sheet, row, column)


def _finish(sheet: Worksheet, widths: dict[int, int]) -> None:
    sheet.freeze_panes = "A2"
    for number, width in widths.items():
        sheet.column_dimensions[get_column_letter(number)].width = max(6, min(width + 2, 60))
    for header in sheet[1]:
        header.font = Font(bold=True)
        header.alignment = Alignment(vertical="center", wrap_text=True)


def export(register: Register, as_of: dt.date) -> bytes:
    """The workbook as bytes."""
    from pdca.engine import report_data

    assert register.config is not None
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = RISK_SHEET
    widths: dict[int, int] = {}
    for column, (header, _) in enumerate(RISK_COLUMNS, start=1):
        _put(sheet, 1, column, header)
        widths[column] = _text_width(header)
    row = 2
    areas = {a.id: a.name for a in register.config.areas}
    departments = {d.id: d.name for d in register.config.departments}
    posts = {p.id: p.name for p in register.config.posts}
    for risk in sorted(register.risks, key=lambda r: r.id):
        level = scoring.level(register, risk, as_of)
        risk_values = {
            "id": risk.id, "area": areas.get(risk.area, risk.area),
            "department": departments.get(risk.department or "", risk.department),
            "post": posts.get(risk.post or "", risk.post), "power": risk.power, "title": risk.title,
            "dimension": risk.dimension,
            "description": risk.description, "process": risk.process, "indicator": risk.indicator,
            "likelihood": risk.likelihood, "impact": risk.impact, "legal_liability": "是" if risk.legal_liability else "否",
            "level": i18n.label("level", level, "zh") if level else None, "stage": _STAGE[risk.stage],
            "override_level": i18n.label("level", risk.override.level, "zh") if risk.override else None,
            "override_reason": risk.override.reason if risk.override else None,
            "override_date": risk.override.date if risk.override else None,
            "tags": "、".join(risk.tags) or None, "retired_date": risk.retired.date if risk.retired else None,
            "retired_reason": risk.retired.reason if risk.retired else None,
            "identified": risk.identified, "reviewed": risk.reviewed, "owner": risk.owner, "leader": risk.leader,
        }
        measures: list[Any] = list(risk.measures) or [None]
        for offset, measure in enumerate(measures):
            values = dict(risk_values)
            if measure is not None:
                values.update({
                    "m_id": measure.id, "m_title": measure.title, "m_line": i18n.label("line", measure.line, "zh"),
                    "m_kind": measure.kind, "m_owner": measure.owner, "m_due": measure.due,
                    "m_status": _MEASURE_STATUS[measure.status], "m_done": measure.done, "m_evidence": measure.evidence,
                })
            for column, (_, name) in enumerate(RISK_COLUMNS, start=1):
                value = values.get(name)
                if offset and not name.startswith("m_"):
                    continue  # merged below
                target = _put(sheet, row + offset, column, value)
                target.alignment = _TOP
                if isinstance(value, dt.date):
                    target.number_format = "yyyy-mm-dd"
                widths[column] = max(widths[column], _width_upto(value or "", 40))
                if name == "level" and level in _FILLS:
                    target.fill = _LEVEL_FILLS[level]
        if len(measures) > 1:
            for column, (_, name) in enumerate(RISK_COLUMNS, start=1):
                if not name.startswith("m_"):
                    _merge(sheet, row, column, row + len(measures) - 1)
        row += len(measures)
    _finish(sheet, widths)

    lists = workbook.create_sheet("四个清单")
    headers = ["编号", "来源", "检查", "发现日期", "问题(问题清单)", "整改任务(任务清单)", "整改期限", "延期至",
               "责任部门(责任清单)", "责任人", "分管领导", "状态(结果清单)", "完成日期", "整改结果", "佐证材料", "销号日期",
               "销号人", "逾期天数", "建议处理", "已处理", "处理文号"]
    for column, header in enumerate(headers, start=1):
        _put(lists, 1, column, header)
    context = report_data.Context(register, as_of, "zh")
    for number, found in enumerate(context.found(), start=2):
        row_values = context.finding_row(found)
        check, finding = found.check, found.finding
        cells = [row_values["id"], row_values["source"], check.title, check.date, finding.problem, finding.task,
                 finding.deadline, row_values["effective_deadline"] if row_values["extended"] else None,
                 row_values["department"], finding.owner, finding.leader, row_values["status"],
                 row_values["done"], row_values["result"], row_values["evidence"], row_values["closed_date"],
                 row_values["closed_by"], found.state.days_overdue or None, row_values["escalation"],
                 row_values["action"], "；".join(a["ref"] for a in row_values["actions"]) or None]
        for column, value in enumerate(cells, start=1):
            target = _put(lists, number, column, value)
            if isinstance(value, dt.date):
                target.number_format = "yyyy-mm-dd"
    _finish(lists, {n: max(8, _text_width(h)) for n, h in enumerate(headers, start=1)})

    cycle = context.cycle
    stats_sheet(workbook.create_sheet("统计情况表"),
                report_data.stats(context, Period("year", cycle.start, cycle.end, cycle.id)), "zh")
    _record_sheets(workbook, register, as_of)
    return _saved(workbook, as_of)


#: the sheets of the method's records in an exported workbook (their names: records.sheet.<name>); made
#: from the register and not read back by `pdca import xlsx`
OWN_RECORD_SHEETS = ("powers", "pledges", "activities", "decisions", "assessments", "campaigns")
#: each sheet's columns: a table of the resolved register (pdca.engine.export) and the keys it shows
_RECORD_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "powers": ("powers", ("department", "post", "power", "risks")),
    "pledges": ("pledges", ("id", "kind", "date", "for_cycle", "departments", "posts", "evidence", "note")),
    "activities": ("activities", ("id", "date", "kind", "title", "departments", "posts", "risks", "finding", "evidence",
                                  "note")),
    "decisions": ("decisions", ("id", "meeting", "date", "minutes", "decision", "department", "owner", "deadline",
                                "effective_deadline", "status_as_of", "done", "result", "evidence", "days_overdue",
                                "escalation", "action")),
    "assessments": ("assessments", ("id", "date", "department", "person", "reason", "evidence", "sources")),
    "campaigns": ("campaign_items", ("campaign", "id", "group", "title", "risks", "findings", "measures", "progress")),
}


def _record_sheets(workbook: Workbook, register: Register, as_of: dt.date) -> None:
    """A sheet per record of the method (权职目录, 两个责任, activities, 会议决议督办, 考核单, 专项整治), the same
    values `pdca export` gives, with names for ids and labels for codes."""
    from pdca.engine.export import resolve

    document = resolve(register, as_of)
    config = register.config
    assert config is not None
    names = {"department": {d.id: d.name for d in config.departments}, "post": {p.id: p.name for p in config.posts},
             "campaign": {c.id: c.name for c in config.campaigns}}
    labels = {("activities", "kind"): "activity", ("pledges", "kind"): "pledge", ("decisions", "meeting"): "meeting",
              ("decisions", "status_as_of"): "decision_status", ("decisions", "escalation"): "escalation",
              ("decisions", "action"): "escalation", ("campaigns", "progress"): "progress"}
    for sheet_name, (table, columns) in _RECORD_COLUMNS.items():
        sheet = workbook.create_sheet(i18n.text(f"records.sheet.{sheet_name}", "zh"))
        headers = [i18n.text(f"records.column.{column}", "zh") for column in columns]
        for number, header in enumerate(headers, start=1):
            _put(sheet, 1, number, header)
        for row, entry in enumerate(document[table], start=2):
            for number, column in enumerate(columns, start=1):
                value = _record_value(entry.get(column), names.get("department" if column == "departments" else
                                                                   "post" if column == "posts" else column, {}),
                                      labels.get((sheet_name, column)))
                if isinstance(value, str) and _ISO_DAY.fullmatch(value):
                    value = dt.date.fromisoformat(value)
                target = _put(sheet, row, number, value)
                target.alignment = _TOP
                if isinstance(value, dt.date):
                    target.number_format = "yyyy-mm-dd"
        _finish(sheet, {n: max(8, _text_width(h)) for n, h in enumerate(headers, start=1)})


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _record_value(value: Any, names: dict[str, str], label: str | None) -> Any:
    """A cell of a record sheet: an id by its name, a code by its word, a list joined with 、, a date as one."""
    if isinstance(value, list):
        return "、".join(names.get(str(v), str(v)) for v in value) or None
    if isinstance(value, bool):
        return i18n.text("value.yes" if value else "value.no", "zh")
    if label is not None and value is not None:
        return i18n.label(label, value, "zh")
    if isinstance(value, str):
        return names.get(value, value)
    return value


_STATS_COLUMNS = ("risks", "level_1", "level_2", "level_3", "measures", "measures_done", "findings", "new")
_STATS_AFTER = ("completed", "in_progress", "long_term", "overdue", "closed_count", "repeats", "rectification_rate",
                "closure_rate")


def stats_sheet(sheet: Worksheet, data: dict[str, Any], lang: str, title: str | None = None,
                byline: str | None = None, note: str | None = None) -> None:
    """The 统计情况表 on a sheet, from the stats report's data: with a title, a merged title row and a
    byline above a frozen header, 序号, and the totals row last (in bold); numbers right-aligned."""
    def word(key: str) -> str:
        return i18n.text(f"report.column.{key}", lang)

    first = "area" if data.get("by", "area") == "area" else "department"
    headers = [word("seq"), word(first), *(word(k) for k in _STATS_COLUMNS), *data["sources"],
               *(word(k) for k in _STATS_AFTER)]
    top = 1
    if title is not None:
        _put(sheet, 1, 1, title).font = Font(bold=True, size=16)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        sheet.cell(1, 1).alignment = Alignment(horizontal="center")
        _put(sheet, 2, 1, byline)
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
        top = 3
    for column, header in enumerate(headers, start=1):
        cell = _put(sheet, top, column, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    lines = [*data["rows"], data["total"]]
    for offset, line in enumerate(lines, start=1):
        total = offset == len(lines)
        values = [None if total else offset, line["name"], line["risks"], *line["levels"], line["measures"],
                  line["measures_done"], line["findings"], line["new"], *line["sources"], line["completed"],
                  line["in_progress"], line["long_term"], line["overdue"], line["closed"], line["repeats"],
                  line["rectification_rate"], line["closure_rate"]]
        for column, value in enumerate(values, start=1):
            cell = _put(sheet, top + offset, column, value)
            if column != 2:
                cell.alignment = Alignment(horizontal="right")
            if total:
                cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(top + 1, 3).coordinate
    for number, header in enumerate(headers, start=1):
        widest = max([_text_width(header), *(_text_width(v.value or "") for v in sheet[get_column_letter(number)][top:])])
        sheet.column_dimensions[get_column_letter(number)].width = max(6, min(widest + 2, 40))
    if note is not None:
        below = top + len(lines) + 2
        _put(sheet, below, 1, note).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=below, start_column=1, end_row=below, end_column=len(headers))
        sheet.row_dimensions[below].height = 15 * (1 + _text_width(note) // 160)


def stats_report(registers: list[Register], period: Period, as_of: dt.date, lang: str, by: str) -> bytes:
    """`pdca report --kind stats --format xlsx`: the 统计情况表 as a workbook to fill in and forward, a
    sheet per register (named by its folder when there are several), the same numbers as the Markdown
    report's (pdca.engine.report_data)."""
    from pdca.engine import report_data
    from pdca.formats import markdown_report

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for register in registers:
        data = report_data.build("stats", report_data.Context(register, as_of, lang), period, by)
        name = i18n.text("report.stats.sheet", lang) if len(registers) == 1 else register.root.resolve().name
        sheet = workbook.create_sheet(_sheet_name(name, workbook.sheetnames))
        byline = i18n.text("report.stats.byline", lang, period=period.label(lang), start=period.start,
                           end=period.end, as_of=as_of, by=i18n.text(f"report.stats.by_{by}", lang))
        total = data["total"]
        note = i18n.text("report.stats.note", lang, as_of=as_of, start=period.start, end=period.end,
                         carried=i18n.text("report.stats.carried", lang, count=total["carried"]) if total["carried"] else "",
                         unlinked=i18n.text("report.stats.unlinked", lang) if by == "area" else "")
        stats_sheet(sheet, data, lang, markdown_report.title("stats", [register], period, lang, by), byline, note)
    return _saved(workbook, as_of)


def _sheet_name(name: str, taken: list[str]) -> str:
    """A sheet name Excel accepts (at most 31 characters, none of []:*?/\\ or a control character, no quote
    at either end), unique in the workbook.  The name is a register folder's, which a pull request names."""
    base = "".join("_" if c in "[]:*?/\\" or not printable.is_plain(c) else c for c in name)[:31] or "sheet"
    base = re.sub(r"^'|'$", "_", base)
    candidate, number = base, 2
    while candidate.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    return candidate


def _saved(workbook: Workbook, day: dt.date) -> bytes:
    """The workbook's bytes, the same for the same data: its properties dated `day`, not now."""
    moment = dt.datetime(day.year, day.month, day.day)
    workbook.properties.created = moment
    workbook.properties.modified = moment
    out = io.BytesIO()
    workbook.save(out)
    return _fixed_zip(out.getvalue(), moment)


def _fixed_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The zip entries' timestamps set to `moment`, and the document's modified date (which openpyxl
    sets to now as it saves), so the bytes do not depend on when they were made."""
    import re
    import zipfile

    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=moment.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", content)
            target.writestr(info, content)
    return out.getvalue()

