"""A workbook's sheets as the cells they hold, read within bounds whatever the file says about itself.

An .xlsx is untrusted input.  A 5 KB file can hold one cell at XFD1048576, or merge A1:XFD1048576, and
openpyxl's normal mode then walks (or builds) seventeen billion cells.  So a sheet is streamed, only
cells that hold a value are kept, a merged range is filled only over the rows and columns that hold
values, and the work is capped:

* the workbook may unpack to at most `MAX_UNPACKED` bytes (checked before anything is parsed);
* a sheet may hold at most `MAX_ROWS` rows with content and `MAX_CELLS` cells with content, merged
  cells counted cell by cell;
* a row may hold at most Excel's 16,384 cells.

openpyxl's read-only worksheet neither gives merged ranges nor rows without padding them to their last
column, so the sheet's XML is walked here and each row is handed to openpyxl's own cell reader
(`WorkSheetParser.parse_row`: shared strings, dates, booleans read as openpyxl reads them).  That is
private API of openpyxl 3.1, used in this module only.
"""

from __future__ import annotations

import zipfile
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from openpyxl import load_workbook
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

#: generous for a 廉洁风险防控清单 (a large one has a few thousand rows), small enough to stay quick
MAX_ROWS = 50_000
MAX_CELLS = 2_000_000
MAX_UNPACKED = 512 * 1024 * 1024
_ROW_CELLS = 16_384  # Excel's own limit (column XFD)

_SHEET_DATA = f"{{{SHEET_MAIN_NS}}}sheetData"
_ROW = f"{{{SHEET_MAIN_NS}}}row"
_CELL = f"{{{SHEET_MAIN_NS}}}c"
_MERGE = f"{{{SHEET_MAIN_NS}}}mergeCell"

Span = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col


class TooLarge(Exception):
    """The workbook or a sheet is past the caps; `sheet` is None for the workbook as a whole."""

    def __init__(self, sheet: str | None) -> None:
        super().__init__(sheet)
        self.sheet = sheet


class Damaged(Exception):
    """The sheet's XML is not what Excel writes (a row of more cells than a sheet has columns)."""


@dataclass
class Grid:
    """The cells of one sheet that hold a value, merged ranges filled from their top-left cell."""

    title: str
    values: dict[tuple[int, int], Any]
    merged: list[Span]  # clipped to the rows and columns that hold values
    #: a cell filled from a merged range -> the range's top-left cell, the one a person sees and edits
    origins: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    rows: list[int] = field(init=False)  # the rows holding a value, in order
    width: int = field(init=False)  # the last column holding a value
    _by_row: dict[int, list[int]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        for row, column in self.values:
            self._by_row.setdefault(row, []).append(column)
        for columns in self._by_row.values():
            columns.sort()
        self.rows = sorted(self._by_row)
        self.width = max((c[-1] for c in self._by_row.values()), default=0)

    def get(self, row: int, column: int) -> Any:
        return self.values.get((row, column))

    def address(self, row: int, column: int) -> str:
        """The cell as Excel names it (D7); for a cell of a merged range, the range's top-left cell."""
        top, left = self.origins.get((row, column), (row, column))
        return f"{get_column_letter(left)}{top}"

    def columns(self, *rows: int) -> list[int]:
        """The columns holding a value in any of these rows, in order."""
        return sorted({c for row in rows for c in self._by_row.get(row, ())})


def open_workbook(path: Path) -> Workbook:
    """The workbook in read-only mode (nothing of a sheet is read yet); raises TooLarge for an archive
    that unpacks past `MAX_UNPACKED` (the sizes zipfile itself holds each member to)."""
    with zipfile.ZipFile(path) as archive:
        if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED:
            raise TooLarge(None)
    return load_workbook(path, read_only=True, data_only=True)


def read(workbook: Workbook, sheet: ReadOnlyWorksheet) -> Grid:
    """A sheet's cells with a value and its merged ranges, filled; raises TooLarge past the caps."""
    values: dict[tuple[int, int], Any] = {}
    spans: list[Span] = []
    rows = 0
    for item in _stream(workbook, sheet):
        if isinstance(item, tuple):
            spans.append(item)
        elif item:
            rows += 1
            values.update(item)
        if rows > MAX_ROWS or len(values) + len(spans) > MAX_CELLS:
            raise TooLarge(sheet.title)
    origins = _fill(values, spans, sheet.title)
    return Grid(sheet.title, values, _clip(values, spans), origins)


def _stream(workbook: Workbook, sheet: ReadOnlyWorksheet) -> Iterator[dict[tuple[int, int], Any] | Span]:
    """Each row's cells with a value, then each merged range, as the sheet's XML holds them.  A row is
    dropped from the tree once read, so memory holds one row, whatever the sheet's length."""
    data = None
    in_row = 0
    with sheet._get_source() as source:  # type: ignore[attr-defined]
        parser = WorkSheetParser(  # its parse_row only: the walk over the XML is the loop below
            source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,  # type: ignore[attr-defined]
            date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats,  # type: ignore[attr-defined]
        )
        for event, element in iterparse(source, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == _SHEET_DATA:
                    data = element
                continue
            if tag == _CELL:
                in_row += 1
                if in_row > _ROW_CELLS:
                    raise Damaged(sheet.title)
            elif tag == _ROW:
                number, cells = parser.parse_row(element)
                in_row = 0
                if data is not None:
                    data.clear()
                yield {(number, cast(int, c["column"])): c["value"] for c in cells if c["value"] not in (None, "")}
            elif tag == _MERGE:
                ref = element.get("ref")
                if ref:
                    min_col, min_row, max_col, max_row = range_boundaries(ref)
                    if min_col and min_row and max_col and max_row:  # not a whole row or column
                        yield (min_row, min_col, max_row, max_col)


def _clip(values: dict[tuple[int, int], Any], spans: list[Span]) -> list[Span]:
    """Merged ranges within the rows and columns that hold values (A1:XFD1048576 becomes the table)."""
    if not values:
        return []
    last_row = max(r for r, _ in values)
    last_column = max(c for _, c in values)
    return [(r0, c0, min(r1, last_row), min(c1, last_column)) for r0, c0, r1, c1 in spans
            if r0 <= last_row and c0 <= last_column]


def _fill(values: dict[tuple[int, int], Any], spans: list[Span], title: str) -> dict[tuple[int, int], tuple[int, int]]:
    """Fill each merged range from its top-left cell over the rows and columns that hold values (a row
    or column with nothing in it has nothing to fill), within the `MAX_CELLS` budget; each cell filled
    -> its range's top-left cell."""
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    rows = sorted({r for r, _ in values})
    columns = sorted({c for _, c in values})
    work = 0
    filled: list[tuple[Span, Any]] = [(span, values.get((span[0], span[1]))) for span in spans]
    for (r0, c0, r1, c1), top in filled:
        inside_rows = rows[bisect_left(rows, r0):bisect_right(rows, r1)]
        inside_columns = columns[bisect_left(columns, c0):bisect_right(columns, c1)]
        work += len(inside_rows) * len(inside_columns)
        if work > MAX_CELLS:
            raise TooLarge(title)
        for row in inside_rows:
            for column in inside_columns:
                if top is None:
                    values.pop((row, column), None)  # what Excel shows: only the top-left value
                else:
                    values[(row, column)] = top
                    if (row, column) != (r0, c0):
                        origins[(row, column)] = (r0, c0)
    return origins
