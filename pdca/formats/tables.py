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

TABLES = ("risks", "measures", "findings", "checks", "activities", "pledges", "decisions", "assessments", "campaigns",
          "campaign_items", "powers")
#: nested values, flattened into one CSV column per part
NESTED = {"override": ("level", "reason", "date"), "retired": ("date", "reason"), "closed": ("date", "by")}
#: the CSV columns of each table, fixed whatever the data holds (a test keeps them equal to the JSON keys)
COLUMNS: dict[str, tuple[str, ...]] = {
    "risks": ("id", "title", "area", "department", "post", "power", "owner", "dimension", "description", "process",
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
    "activities": ("id", "kind", "title", "date", "departments", "posts", "participants", "risks", "check", "finding",
                   "evidence", "note"),
    "pledges": ("id", "kind", "date", "cycle", "departments", "posts", "evidence", "note", "for_cycle"),
    "decisions": ("id", "meeting", "date", "minutes", "decision", "department", "owner", "leader", "deadline", "status",
                  "done", "result", "evidence", "closed_date", "closed_by", "long_term", "risk", "extensions", "actions",
                  "note", "status_as_of", "effective_deadline", "overdue", "days_overdue", "escalation",
                  "escalation_since", "action", "action_pending_days", "awaiting_verification",
                  "days_awaiting_verification", "carried_over"),
    "assessments": ("id", "date", "department", "person", "reason", "evidence", "note", "sources"),
    "campaigns": ("id", "name", "start", "end", "items"),
    "campaign_items": ("id", "campaign", "group", "title", "risks", "findings", "measures", "note", "progress",
                       "risks_checked", "measures_total", "measures_done", "findings_total", "findings_completed",
                       "overdue_count"),
    "powers": ("post", "department", "power", "risks"),
}

#: columns that hold ids of what pdca.yaml names (id -> the kind of entry): in CSV each is followed by a
#: column of the names (department_name), so a table opened in Excel says 物资采购部 where the YAML says
#: purchasing, and a tool still finds the id
NAMED = {"area": "area", "department": "department", "departments": "department", "post": "post"}
#: register name -> kind -> id -> name, for the name columns
Names = dict[str, dict[str, dict[str, str]]]

#: columns whose values are names in a table of names (pdca.i18n.label), in Chinese output
_LABELLED = {"status": "status", "status_as_of": "status", "line": "line", "stage": "stage",
             "escalation": "escalation", "action": "escalation", "level": "level", "declared_level": "level",
             "matrix_level": "level", "override_level": "level"}
#: (table, column) -> the table of names a column uses in that table only
_TABLE_LABELS = {("findings", "status"): "finding_status", ("findings", "status_as_of"): "finding_status",
                 ("decisions", "status"): "decision_status", ("decisions", "status_as_of"): "decision_status",
                 ("activities", "kind"): "activity", ("pledges", "kind"): "pledge", ("decisions", "meeting"): "meeting",
                 ("campaign_items", "progress"): "progress"}


def to_json(document: dict[str, Any]) -> str:
    """The document as `json.dumps(document, ensure_ascii=False, indent=2)` writes it, a newline after.

    With `indent`, the standard library encodes in Python, a generator per container: two thirds of a
    10k-risk export's time beyond loading.  `_indented` writes the same text with one plain recursive
    function; anything it was not written for (a key that is not text, a value that is not JSON's)
    goes to `json.dumps` itself, so the output is the same whatever the document holds."""
    parts: list[str] = []
    try:
        _indented(document, "\n", parts, {})
    except _NotPlain:
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    parts.append("\n")
    return "".join(parts)


class _NotPlain(Exception):
    """A value `_indented` leaves to `json.dumps`."""


_STRING = json.encoder.encode_basestring  # the C function json.dumps uses for text


def _indented(value: Any, newline: str, out: list[str], keys: dict[str, str]) -> None:
    """`value` as json.dumps(ensure_ascii=False, indent=2) writes it, `newline` being the line break
    and indentation of the line it starts on.  Text, numbers, true, false and null inside a container
    are written in its loop (most values are; a call for each was half the time); `keys`: each key as
    JSON text, worked out once (every entry of a table has the same keys)."""
    kind = value.__class__
    if kind is dict:
        if not value:
            out.append("{")
            out.append("}")
            return
        inner = newline + "  "
        lead = "{" + inner
        for key, item in value.items():
            name = keys.get(key)
            if name is None:
                if key.__class__ is not str:
                    raise _NotPlain
                name = keys[key] = _STRING(key) + ": "
            scalar = _scalar(item)
            if scalar is None:
                out.append(lead + name)
                _indented(item, inner, out, keys)
            else:
                out.append(lead + name + scalar)
            lead = "," + inner
        out.append(newline + "}")
    elif kind is list:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        lead = "[" + inner
        for item in value:
            scalar = _scalar(item)
            if scalar is None:
                out.append(lead)
                _indented(item, inner, out, keys)
            else:
                out.append(lead + scalar)
            lead = "," + inner
        out.append(newline + "]")
    else:
        scalar = _scalar(value)
        if scalar is None:
            raise _NotPlain
        out.append(scalar)


def _scalar(value: Any) -> str | None:
    """A value that is not a container as JSON text; None for a list or a dict."""
    kind = value.__class__
    if kind is str:
        return _STRING(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:  # json's floatstr, allow_nan as json.dumps has it by default
        return ("NaN" if value != value else "Infinity" if value == _INFINITY else
                "-Infinity" if value == -_INFINITY else float.__repr__(value))
    if kind is dict or kind is list:
        return None
    raise _NotPlain  # tuples, subclasses of str, int or dict...: as json.dumps has them


_INFINITY = float("inf")


def csv_columns(table: str) -> tuple[str, ...]:
    """The CSV columns of a table: the JSON keys, each id of a named entry followed by its names."""
    return tuple(name for column in COLUMNS[table] for name in ((column, f"{column}_name") if column in NAMED else (column,)))


def rows(document: dict[str, Any], table: str, names: Names | None = None) -> list[dict[str, Any]]:
    """The flat rows of one table, over every register of the document; with `names`, the names of the
    entries the NAMED columns refer to as well."""
    documents = document.get("registers", [document])
    several = len(documents) > 1
    out = []
    for one in documents:
        known = (names or {}).get(one["register"], {})
        for item in one[table]:
            row = {"register": one["register"]} if several else {}
            for key, value in item.items():
                if key in NESTED:
                    for part in NESTED[key]:
                        row[f"{key}_{part}"] = value.get(part) if isinstance(value, dict) else None
                else:
                    row[key] = value
                if names is not None and key in NAMED:
                    row[f"{key}_name"] = _names_of(value, known.get(NAMED[key], {}))
            out.append(row)
    return out


def _names_of(value: Any, names: dict[str, str]) -> Any:
    """The name of an id (a list of ids: their names); None for an id pdca.yaml does not name, which
    `pdca check` reports."""
    if isinstance(value, list):
        return [names[v] for v in value if v in names] or None
    return names.get(value) if isinstance(value, str) else None


def csv_file(document: dict[str, Any], table: str, lang: str, names: Names) -> bytes:
    """One table as a CSV file for Excel: UTF-8 with a byte-order mark, so Chinese shows right."""
    return ("\ufeff" + to_csv(document, table, lang, names)).encode("utf-8")


def to_csv(document: dict[str, Any], table: str, lang: str, names: Names) -> str:
    """One table as CSV: headers and values in `lang`, the names beside the ids of named entries, cells
    that a spreadsheet would run as a formula neutralised, written for Excel (the caller adds the BOM)."""
    table_rows = rows(document, table, names)
    columns = (["register"] if "registers" in document else []) + list(csv_columns(table))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_header(column, lang) for column in columns])
    for row in table_rows:
        writer.writerow([_cell(column, row.get(column), lang, table) for column in columns])
    return buffer.getvalue()


def _header(column: str, lang: str) -> str:
    """A column's header: its Chinese name, or in English the key itself (what other tools read)."""
    return i18n.catalogue(lang).get(f"column.{column}", column)


def _cell(column: str, value: Any, lang: str, table: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return i18n.text("value.yes" if value else "value.no", lang)
    if isinstance(value, list):
        if value and isinstance(value[0], dict):  # history
            return neutralise("; ".join(" ".join(str(v) for v in entry.values() if v is not None) for entry in value))
        return neutralise("; ".join(str(v) for v in value))
    names = _TABLE_LABELS.get((table, column)) or _LABELLED.get(column)
    if lang == "zh" and names is not None:  # English keeps the codes, for other tools
        return i18n.label(names, value, lang)
    return neutralise(str(value))


def neutralise(text: str) -> str:
    """A cell that starts like a formula (= + - @, or a tab or carriage return) gets a leading
    apostrophe, so a spreadsheet shows it as text instead of running it (CSV injection)."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text
