"""One cell of an imported sheet read as the register writes it (a date, a score, one of a list), or
said to be unreadable with its address (D7): nothing a sheet holds is dropped without a word.

Dates are read by the one parser of the forms people type (pdca.domain.periods): 2025-06-30, 2025/6/30,
2025.6.30, 2025年6月30日, a month (2025年12月, 2025.12) as its last day, and what Excel itself stores:
a date cell, a date that lost its format (a serial number), 2025.12 typed into a number cell.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pdca import i18n
from pdca.domain import periods
from pdca.importers.cells import Grid


class _Unreadable:
    """A cell that holds something that could not be read (and was said to be)."""

    def __repr__(self) -> str:
        return "UNREADABLE"


UNREADABLE: Any = _Unreadable()
#: Excel's serial numbers of 1990-01-01 and 2100-12-31: a number in a date column within them is a date
#: cell that lost its format; outside them (2025, 12) it is no date at all
_SERIALS = (32874, 73415)
_YEAR_MONTH = re.compile(r"(\d{4})\.(\d{1,2})")
_YES = {"是", "true", "yes", "y", "√"}
_NO = {"否", "false", "no", "n", "×"}


@dataclass
class Row:
    """One row of a sheet with the fields its columns hold; what cannot be read is said through `say`."""

    grid: Grid
    number: int
    columns: dict[str, int]  # field -> column
    headers: dict[int, str]  # column -> its header, as the sheet writes it
    say: Callable[[str], None]  # what became of a cell (each said once)
    lang: str

    def held(self, name: str) -> bool:
        return name in self.columns

    def raw(self, name: str) -> Any:
        column = self.columns.get(name)
        return None if column is None else self.grid.get(self.number, column)

    def text(self, name: str) -> str | None:
        return plain(self.raw(name))

    def at(self, name: str) -> str:
        """Where a field's cell is, as a person finds it: the sheet and the cell (D7)."""
        return i18n.text("import.at", self.lang, sheet=self.grid.title,
                         cell=self.grid.address(self.number, self.columns[name]))

    def refuse(self, name: str, message: str, **params: Any) -> Any:
        """Say that a field's cell cannot be read (once per cell, however many rows a merged cell spans)."""
        value = params.pop("value", self.text(name))
        self.say(i18n.text(message, self.lang, cell=self.at(name), header=self.headers[self.columns[name]],
                           value=value, **params))
        return UNREADABLE


def plain(value: Any) -> str | None:
    """A cell as text (a date as 2024-01-15), None when it is empty."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def day(row: Row, name: str) -> Any:
    """A date, None for an empty cell, UNREADABLE (said) for anything else."""
    value = row.raw(name)
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number_day(row, name, value)
    try:
        return periods.day_or_month_end(str(value))
    except ValueError:
        return row.refuse(name, "import.cell_date")


def _number_day(row: Row, name: str, value: float) -> Any:
    """A number in a date column: 2025.12 typed into Excel (a month), 20250630, or an Excel serial."""
    if isinstance(value, float) and not value.is_integer():
        written = repr(value)  # what was typed, as far as the number keeps it
        found = _YEAR_MONTH.fullmatch(written)
        if found and found.group(2) == "1":  # 2025.10 is stored as 2025.1: January or October
            return row.refuse(name, "import.cell_month_ambiguous", value=written, year=found.group(1))
        try:
            return periods.month(written).end if found else row.refuse(name, "import.cell_date", value=written)
        except ValueError:
            return row.refuse(name, "import.cell_date", value=written)
    number = int(value)
    try:
        return periods.day(str(number))
    except ValueError:
        pass
    if _SERIALS[0] <= number <= _SERIALS[1]:
        from openpyxl.utils.datetime import from_excel

        converted = from_excel(number)
        if isinstance(converted, dt.datetime):
            return converted.date()
    return row.refuse(name, "import.cell_date", value=str(number))


def choice(row: Row, name: str, table: Mapping[str, Any]) -> Any:
    """The value a word of a fixed list stands for (事前 -> before); an unknown word is said (UNREADABLE)."""
    word = row.text(name)
    if word is None:
        return None
    found = table.get(word, table.get(_typed(word)))
    if found is not None:
        return found
    chinese = [w for w in table if not w.isascii()]  # the words a sheet writes, not the codes of the YAML
    shown = i18n.join(dict.fromkeys(chinese or list(table)), row.lang)
    return row.refuse(name, "import.cell_choice", choices=shown)


def score(row: Row, name: str, labels: list[str]) -> Any:
    """A likelihood or impact: a number on the register's scale or one of its labels (高)."""
    value = row.raw(name)
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() \
            and 1 <= value <= len(labels):
        return int(value)
    text = _typed(plain(value) or "")
    if text.isdigit() and 1 <= int(text) <= len(labels):
        return int(text)
    if text in labels:
        return labels.index(text) + 1
    scale = i18n.join((f"{number} {label}" for number, label in enumerate(labels, start=1)), row.lang)
    return row.refuse(name, "import.cell_score", scale=scale)


def yes_no(row: Row, name: str) -> Any:
    """是 or 否 (also true/false, yes/no, √/×)."""
    value = row.raw(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    word = _typed(plain(value) or "").casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    return row.refuse(name, "import.cell_yes_no")


def words(row: Row, name: str) -> list[str] | None:
    """Tags: words separated by 、 , ; or spaces."""
    text = row.text(name)
    return [t for t in re.split(r"[、,，;；\s]+", text) if t] if text else None


def _typed(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()
