"""A file's bytes in a known format -> its sheets as grids of raw cell values (row 0 = Excel row 1).

Workbooks go through python-calamine (values only: formulas are never evaluated, macros never run);
CSV and HTML through the standard library. Merged ranges are spread over the rows they span.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import NamedTuple

import python_calamine

from ..csvtext import csv_records, decode_text
from ..vietnamese import number_text
from .html import html_grid

Grid = list[list]
_MAX_CELLS_PER_SHEET = 20_000_000


class SheetGrid(NamedTuple):
    """One sheet of a file: its name and grid; a hidden sheet is not read and has an empty grid."""

    name: str
    grid: Grid
    hidden: bool = False
    # merged ranges ((first row, first column), (last row, last column)), from 0; their value is in the
    # grid on every row they cover
    merged: tuple = ()


class ReadProblem(Exception):
    """The file cannot be read: carries the issue code and the Vietnamese detail for its message."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code, self.detail = code, detail


MAX_COLUMNS = 16_384  # what Excel and LibreOffice hold: a wider record is not one row of a list


def _too_many_rows(sheet_name: str, rows: int, max_rows: int) -> ReadProblem:
    return ReadProblem(
        "file_too_large",
        f"trang tính “{sheet_name}” có {number_text(rows)} dòng, tối đa {number_text(max_rows)} dòng",
    )


def workbook_sheets(data: bytes, max_rows: int) -> Iterator[SheetGrid]:
    """Yields every worksheet of an xlsx/xlsm/xlsb/xls/ods workbook; hidden ones are yielded unread."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as error:
        raise ReadProblem("file_encrypted") from error
    except (python_calamine.CalamineError, python_calamine.ZipError) as error:
        raise ReadProblem("file_unreadable", "cấu trúc bảng tính bị hỏng") from error
    except python_calamine.XmlError as error:
        raise ReadProblem("file_unreadable", "nội dung XML của bảng tính bị hỏng") from error
    for metadata in workbook.sheets_metadata:
        if metadata.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue  # chart and macro sheets hold no cells
        if metadata.visible != python_calamine.SheetVisibleEnum.Visible:
            yield SheetGrid(metadata.name, [], hidden=True)  # hidden or very hidden: an old draft, a lookup
            continue
        try:
            sheet = workbook.get_sheet_by_name(metadata.name)
        except (python_calamine.CalamineError, python_calamine.XmlError, python_calamine.ZipError) as error:
            raise ReadProblem("file_unreadable", f"trang tính “{metadata.name}” bị hỏng") from error
        yield SheetGrid(
            metadata.name, _sheet_grid(sheet, max_rows), merged=tuple(sheet.merged_cell_ranges or ())
        )


def _sheet_grid(sheet: python_calamine.CalamineSheet, max_rows: int) -> Grid:
    if sheet.end is None:
        return []
    height, width = sheet.end[0] + 1, sheet.end[1] + 1
    if height > max_rows:
        raise _too_many_rows(sheet.name, height, max_rows)
    if height * width > _MAX_CELLS_PER_SHEET:
        raise ReadProblem(
            "file_too_large", f"trang tính “{sheet.name}” có quá nhiều ô ({height} dòng × {width} cột)"
        )
    grid = sheet.to_python(skip_empty_area=False)
    for (first_row, column), (last_row, _) in sheet.merged_cell_ranges or ():
        if first_row >= len(grid) or column >= width:
            continue
        value = grid[first_row][column]
        for row in range(first_row + 1, min(last_row, len(grid) - 1) + 1):
            grid[row][column] = value
    return grid


def csv_grid(data: bytes, max_rows: int, sheet_name: str) -> Grid:
    """Returns the records of a CSV file as a grid (record 1 = row 1, as a spreadsheet shows it)."""
    grid: Grid = []
    try:
        for record in csv_records(decode_text(data)):
            grid.append(record)
            if len(grid) > max_rows:
                raise _too_many_rows(sheet_name, len(grid), max_rows)
            if len(record) > MAX_COLUMNS:
                raise ReadProblem(
                    "file_too_large",
                    f"dòng {number_text(len(grid))} của tệp CSV có {number_text(len(record))} ô, "
                    "một bảng tính có "
                    f"tối đa {number_text(MAX_COLUMNS)} cột (có thể các dòng đã mất dấu xuống dòng)",
                )
    except csv.Error as error:
        raise ReadProblem("file_unreadable", "tệp CSV sai định dạng") from error
    return _rectangular(grid)


def html_sheet(data: bytes, max_rows: int, sheet_name: str) -> Grid:
    """Returns the tables of an HTML file saved as .xls as one grid."""
    try:
        return _rectangular(html_grid(decode_text(data), max_rows))
    except OverflowError as error:
        raise _too_many_rows(sheet_name, error.args[0], max_rows) from error


def _rectangular(grid: Grid) -> Grid:
    width = max((len(row) for row in grid), default=0)
    return [row + [""] * (width - len(row)) if len(row) < width else row for row in grid]
