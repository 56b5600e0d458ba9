"""A row that names a risk the register holds changes the fields that differ, in place.

Only what the sheet has a column for is compared, so what a workbook does not hold (history, notes, a
declared level) is kept; the YAML keeps its comments, order and layout (pdca.io.yaml_edit).  What a
workbook cannot change is said with the cell's address, never dropped without a word: an emptied cell
(the register's value is kept: a blank is more often a cell not filled in than a value to delete), a
stage (moved by `pdca advance`, which checks the gates and records it), a 风险等级 typed over (it is
computed from likelihood and impact).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pdca import i18n
from pdca.domain import scoring
from pdca.importers.values import UNREADABLE, Row
from pdca.io.yaml_edit import Editor
from pdca.model.entities import Measure, Risk
from pdca.model.register import Register

#: risk fields a sheet column gives as they are
_RISK_FIELDS = ("title", "area", "department", "post", "owner", "dimension", "description", "process", "indicator",
                "leader", "likelihood", "impact", "legal_liability", "identified", "reviewed", "tags")
#: measure field -> the sheet field of its column
MEASURE_COLUMNS = {"title": "m_title", "line": "m_line", "kind": "m_kind", "owner": "m_owner", "due": "m_due",
                   "status": "m_status", "done": "m_done", "evidence": "m_evidence"}
#: nested risk fields: field -> (subfield -> sheet field); the first subfield says whether there is one
_NESTED = {"override": {"level": "override_level", "reason": "override_reason", "date": "override_date"},
           "retired": {"date": "retired_date", "reason": "retired_reason"}}


@dataclass
class Update:
    """The changes one risk of the register gets from the sheet."""

    risk: Risk
    fields: dict[str, Any] = field(default_factory=dict)  # field -> value; override/retired: subfield -> value
    headers: list[str] = field(default_factory=list)  # the headers of the changed cells, for the output
    measures: dict[str, dict[str, Any]] = field(default_factory=dict)  # measure id -> field -> value
    measure_headers: dict[str, list[str]] = field(default_factory=dict)
    new_measures: list[dict[str, Any]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # the measures already read (by id), and new titles

    @property
    def changed(self) -> bool:
        return bool(self.fields or self.measures or self.new_measures)

    def said(self, lang: str) -> str:
        """CG-001：责任人、可能性；CG-001-M1 措施状态；新增措施 CG-001-M3"""
        parts = [i18n.join(dict.fromkeys(self.headers), lang)] if self.headers else []
        parts += [i18n.text("import.measure_changed", lang, id=ident, fields=i18n.join(dict.fromkeys(headers), lang))
                  for ident, headers in self.measure_headers.items()]
        parts += [i18n.text("import.measure_added", lang, id=item["id"]) for item in self.new_measures]
        return i18n.text("import.updated", lang, id=self.risk.id, changes=i18n.text("sep.clauses", lang).join(parts))


def compare(risk: Risk, held: dict[str, Any], row: Row, register: Register, level: int | None) -> Update:
    """What the first row of a risk the register holds changes (its measures come row by row)."""
    update = Update(risk)
    for name in _RISK_FIELDS:
        if name in held:
            _field(update, row, name, name, held[name], getattr(risk, name))
    for name, parts in _NESTED.items():
        _nested(update, row, name, parts, held)
    stage = held.get("stage")
    if stage not in (None, UNREADABLE) and stage != risk.stage:
        row.refuse("stage", "import.stage_change", old=i18n.label("stage", risk.stage, row.lang),
                   new=i18n.label("stage", stage, row.lang))
    scores = {"likelihood", "impact", "legal_liability", "override"} & set(update.fields)
    if level is not None and not scores and level not in _levels(register, risk):
        row.refuse("level", "import.level_computed")
    return update


def _levels(register: Register, risk: Risk) -> set[int | None]:
    """The levels an export may show for a risk: the matrix's, and the override's from its date on."""
    found = scoring.assessment(register, risk)
    return {found.base, found.effective}


def _field(update: Update, row: Row, name: str, column: str, value: Any, old: Any) -> None:
    """One risk field: changed when the cell differs; an emptied cell keeps the register's value (said)."""
    if value is UNREADABLE or _same(value, old):
        return
    if value is None:
        row.refuse(column, "import.cleared", old=_shown(old, row.lang))
        return
    update.fields[name] = value
    update.headers.append(row.headers[row.columns[column]])


def _same(value: Any, old: Any) -> bool:
    """Equal as the register means it: an empty list or False is no value."""
    return (value or None) == (old or None) if isinstance(value, (list, bool, type(None))) else value == old


def _shown(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return i18n.text("value.yes" if value else "value.no", lang)
    if isinstance(value, list):
        return i18n.join(value, lang)
    return str(value)


def _nested(update: Update, row: Row, name: str, parts: dict[str, str], held: dict[str, Any]) -> None:
    """An override or a retirement: set whole when the register has none, else the parts that differ."""
    first = next(iter(parts))
    if parts[first] not in held or held[parts[first]] is UNREADABLE:
        return
    old = getattr(update.risk, name)
    if held[parts[first]] is None:
        if old is not None:
            row.refuse(parts[first], "import.cleared", old=_shown(getattr(old, first), row.lang))
        return
    new = {part: held.get(column) for part, column in parts.items()}
    if old is None:
        new["reason"] = new.get("reason") or "导入"
        update.fields[name] = {k: v for k, v in new.items() if v not in (None, UNREADABLE)}
        update.headers.extend(row.headers[row.columns[c]] for c in parts.values() if row.held(c))
        return
    changes: dict[str, Any] = {}
    for part, column in parts.items():
        if column in held and held[column] is not UNREADABLE and held[column] != getattr(old, part):
            if held[column] is None:
                row.refuse(column, "import.cleared", old=_shown(getattr(old, part), row.lang))
                continue
            changes[part] = held[column]
            update.headers.append(row.headers[row.columns[column]])
    if changes:
        update.fields[name] = changes


def measure(update: Update, title: str, line: str | None, read: dict[str, Any], row: Row) -> bool:
    """Compare a measure of the row with the register's (by its 措施编号, else by its title); False when
    the risk has no such measure (it is a new one)."""
    ident = row.text("m_id")
    found = next((m for m in update.risk.measures if m.id == ident), None) if ident else None
    found = found or next((m for m in update.risk.measures if m.title == title), None)
    if found is None:
        return False
    if found.id in update.seen:
        if found.id == ident:  # a row copied with its 措施编号: said, a new measure needs none
            row.refuse("m_id", "import.measure_again")
        return True
    update.seen.add(found.id)
    given = {**read, "title": title}
    if line is not None:
        given["line"] = line
    for name, value in given.items():
        _measure_field(update, found, row, name, value)
    return True


def _measure_field(update: Update, found: Measure, row: Row, name: str, value: Any) -> None:
    old = getattr(found, name)
    if value is UNREADABLE or value == old:
        return
    column = MEASURE_COLUMNS[name]
    if value is None:
        row.refuse(column, "import.cleared", old=_shown(old, row.lang))
        return
    update.measures.setdefault(found.id, {})[name] = value
    header = row.headers.get(row.columns.get(column, -1)) or row.headers[row.columns[_title_column(row)]]
    update.measure_headers.setdefault(found.id, []).append(header)


def _title_column(row: Row) -> str:
    return "m_title" if row.held("m_title") else next(n for n in row.columns if n.startswith("m_title@"))


def apply(update: Update, register: Register, editor: Editor) -> None:
    """The edits of one update, in the file that holds the risk."""
    risk = update.risk
    where = register.where(risk)
    document = editor.document(where.file)
    for name, value in update.fields.items():
        if name in _NESTED and getattr(risk, name) is not None:
            for part, part_value in value.items():
                document.set((*where.path, name, part), part_value)
        else:
            document.set((*where.path, name), value)
    for measure_id, changes in update.measures.items():
        found = next(m for m in risk.measures if m.id == measure_id)
        for name, value in changes.items():
            document.set((*register.where(found).path, name), value)
    for item in update.new_measures:
        document.append((*where.path, "measures"), item, block_fields=True)
