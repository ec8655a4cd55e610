"""The look shared by every sheet: cell formats, header rows, frozen panes, filters and A4 print setup."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..text import FORMULA_STARTS
from ..vietnamese import DATE_FORMAT, DATETIME_FORMAT, PERCENT_FORMAT
from .xml_rows import XmlRowsSheet, column_names, number_end, row_start, style_id, text_end

# Input text is never a formula, a URL or a number: "=SUM(A1)" and "+84912345678" stay text.
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "remove_timezone": True,
}

FONT = {"font_name": "Times New Roman", "font_size": 12}  # the font of Vietnamese official documents
LINE_HEIGHT = 16  # points per line of 12-point text
_XML_CHUNK_ROWS = 10_000  # rows of a big table handed to its sheet at once
CHARS_PER_WIDTH = 1.15  # Times New Roman 12 characters per unit of column width, roughly
_KINDS: dict[str, dict[str, Any]] = {
    "text": {"valign": "top"},
    "wrap": {"valign": "top", "text_wrap": True},
    "number": {"valign": "top", "num_format": "#,##0"},
    "percent": {"valign": "top", "num_format": PERCENT_FORMAT},
    "date": {"valign": "top", "num_format": DATE_FORMAT, "align": "left"},
    "datetime": {"valign": "top", "num_format": DATETIME_FORMAT, "align": "left"},
}
_STYLES: dict[str | None, dict[str, Any]] = {
    None: {},
    "muted": {"font_color": "#7F7F7F", "italic": True},  # info issues: a repair made, nothing to do
    "total": {"bold": True, "top": 2, "bg_color": "#F2F2F2"},
}
_NAMED = {
    "header": {
        "bold": True,
        "bg_color": "#DDEBF7",
        "border": 1,
        "text_wrap": True,
        "valign": "vcenter",
        "align": "center",
    },
    "title": {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"},
    "label": {"bold": True, "valign": "top"},
    "plain": {"text_wrap": True, "valign": "top"},
    "note": {"bold": True, "font_color": "#C00000", "text_wrap": True, "valign": "top"},
}
HIGHLIGHTS = {
    "bad": {"bg_color": "#FFC7CE", "font_color": "#9C0006"},
    "warn": {"bg_color": "#FFEB9C", "font_color": "#9C5700"},
    "good": {"bg_color": "#C6EFCE", "font_color": "#006100"},
}
# Coverage against the goal of 100%: below half is red, below the goal amber, the goal reached green.
# The same levels colour the coverage cells of every table and the bars of the coverage chart.
COVERAGE_LEVELS = ((0.5, "bad"), (1.0, "warn"))
LEVEL_COLOURS = {"bad": "#C0504D", "warn": "#F1C232", "good": "#6AA84F", None: "#A6A6A6"}


def coverage_level(ratio: float | None) -> str | None:
    """Returns "bad", "warn" or "good" for a coverage ratio; None when there is nothing to cover."""
    if ratio is None:
        return None
    return next((level for bound, level in COVERAGE_LEVELS if ratio < bound), "good")


@dataclass(frozen=True)
class Column:
    """One column of a sheet table: its header, width in characters, kind of value and highlights."""

    header: str
    width: float
    kind: str = "text"  # text | wrap | number | percent | date | datetime
    highlight: tuple[tuple[str, str], ...] = ()  # (cell text, "bad"|"warn"|"good")
    graded: bool = False  # a coverage ratio, coloured by COVERAGE_LEVELS


@dataclass(frozen=True)
class Table:
    """A sheet table: its columns, one tuple of values per row, and an optional style per row."""

    columns: tuple[Column, ...]
    records: list[tuple]
    # None | "muted" | "total" per record; total rows are left out of the autofilter
    styles: list[str | None] = field(default_factory=list)


class Formats:
    """The workbook's cell formats, created once each on first use."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self._made: dict[tuple, object] = {}

    def get(self, name: str, **extra: object):
        """Returns the named format ("header", "title", a highlight ...) with `extra` properties."""
        key = (name, tuple(sorted(extra.items())))
        if key not in self._made:
            base = _NAMED.get(name, HIGHLIGHTS.get(name, {}))
            self._made[key] = self.workbook.add_format({**FONT, **base, **extra})
        return self._made[key]

    def cell(self, kind: str, style: str | None = None, quoted: bool = False):
        """Returns the format of a table cell of this kind in this row style; `quoted` keeps text that
        looks like a formula text even when an officer edits the cell (Excel's quote prefix)."""
        extra = {"quote_prefix": True} if quoted else {}
        return self.get(f"cell:{kind}:{style}", border=1, **_KINDS[kind], **_STYLES[style], **extra)


def new_workbook(path: Path, title: str, created: date, row_by_row: bool = False) -> tuple[Workbook, Formats]:
    """Returns an xlsxwriter workbook that never turns text into formulas, with its formats.

    `row_by_row` (xlsxwriter's constant memory mode): each row is written out when the next begins, so
    a national member list is never held whole; every sheet must then be written top to bottom.
    Otherwise the workbook is built in memory (no temporary file per part: one workbook per district).
    """
    mode = {"constant_memory": True} if row_by_row else {"in_memory": True}
    workbook = xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, **mode})
    # A fixed creation time: the same inputs give the same file.
    workbook.set_properties({"title": title, "created": datetime.combine(created, datetime.min.time())})
    return workbook, Formats(workbook)


def write_value(sheet: Worksheet, row: int, col: int, value: object, cell_format) -> None:
    """Writes one value with the type it has: text always as a string, dates as Excel dates."""
    if isinstance(value, str) and value:
        sheet.write_string(row, col, value, cell_format)
    elif value is None or value == "" or pd.isna(value):
        sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, cell_format)
    elif isinstance(value, bool | np.bool_):
        sheet.write_string(row, col, "Có" if value else "Không", cell_format)
    elif isinstance(value, numbers.Real):
        sheet.write_number(row, col, float(value), cell_format)
    else:
        sheet.write_string(row, col, str(value), cell_format)


def write_rows(sheet: Worksheet, formats: Formats, table: Table, first_row: int = 0, note: str = "") -> int:
    """Writes the header and the rows of a table from `first_row`; returns the last row written.

    A `note` takes one line right under the header, across the table, before the rows.
    """
    for col, column in enumerate(table.columns):
        sheet.write_string(first_row, col, column.header, formats.get("header"))
    sheet.set_row(first_row, header_height(table.columns))
    styles = table.styles or [None] * len(table.records)
    cell_formats = {
        style: [formats.cell(column.kind, style) for column in table.columns] for style in set(styles)
    }
    wrapped = [
        (col, max(int(column.width * CHARS_PER_WIDTH), 1))
        for col, column in enumerate(table.columns)
        if column.kind == "wrap"
    ]
    if note:
        sheet.merge_range(first_row + 1, 0, first_row + 1, len(table.columns) - 1, note, formats.get("plain"))
    records_row = first_row + 1 if note else first_row
    # A table of a constant-memory workbook as XML rows (its rows, as every row there, are written once).
    if isinstance(sheet, XmlRowsSheet) and sheet.constant_memory and table.records:
        _write_xml_records(sheet, formats, table, records_row, styles, wrapped)
        return _finish_columns(sheet, formats, table, first_row, records_row + len(table.records))
    write_string = sheet.write_string
    for offset, (record, style) in enumerate(zip(table.records, styles, strict=True), start=1):
        row = records_row + offset
        lines = text_lines(record, wrapped)
        if lines > 1:  # before the row's cells: row by row, a row is written out when the next begins
            sheet.set_row(row, lines * LINE_HEIGHT + 2)
        for col, (value, cell_format) in enumerate(zip(record, cell_formats[style], strict=True)):
            if type(value) is str and value:  # most cells: text, written at once
                if value.startswith(FORMULA_STARTS):  # typed by a district: text, even once edited
                    cell_format = formats.cell(table.columns[col].kind, style, quoted=True)
                write_string(row, col, value, cell_format)
            else:
                write_value(sheet, row, col, value, cell_format)
    return _finish_columns(sheet, formats, table, first_row, records_row + len(table.records))


def _finish_columns(sheet: Worksheet, formats: Formats, table: Table, first_row: int, last_row: int) -> int:
    """Colours the graded and highlighted columns of a table written down to last_row; returns it."""
    for col, column in enumerate(table.columns):
        if column.graded and last_row > first_row:
            _grade(sheet, formats, first_row + 1, col, last_row)
        for text, level in column.highlight:
            sheet.conditional_format(
                first_row + 1,
                col,
                max(last_row, first_row + 1),
                col,
                {"type": "cell", "criteria": "==", "value": _quoted(text), "format": formats.get(level)},
            )
    return last_row


def _write_xml_records(
    sheet: XmlRowsSheet,
    formats: Formats,
    table: Table,
    records_row: int,
    styles: list[str | None],
    wrapped: list[tuple[int, int]],
) -> None:
    """Writes the records as XML rows (a big table of a constant-memory workbook): the cells
    write_value() writes, a chunk of rows at a time."""
    letters = column_names(len(table.columns))
    cell_formats = {style: [formats.cell(c.kind, style) for c in table.columns] for style in set(styles)}
    sheet.write_out(records_row + 1)  # the header first: formats get their indexes in the order of use
    chunk: list[str] = []
    first = records_row + 1
    for offset, (record, style) in enumerate(zip(table.records, styles, strict=True), start=1):
        row = records_row + offset
        lines = text_lines(record, wrapped)
        cells = []
        for col, value in enumerate(record):
            cell_format = cell_formats[style][col]
            if type(value) is str and value.startswith(FORMULA_STARTS):  # typed by a district: stays text
                cell_format = formats.cell(table.columns[col].kind, style, quoted=True)
            cell_style = style_id(cell_format)
            cells.append(f'<c r="{letters[col]}{row + 1}" s="{cell_style}"{_value_end(value, sheet)}')
        height = lines * LINE_HEIGHT + 2 if lines > 1 else None
        chunk.append(row_start(row, height) + "".join(cells) + "</row>")
        if len(chunk) == _XML_CHUNK_ROWS or offset == len(table.records):
            sheet.write_xml_rows(first, row, len(table.columns) - 1, "".join(chunk))
            chunk, first = [], row + 1


def _value_end(value: object, sheet: XmlRowsSheet) -> str:
    """Returns the end of a cell holding the value, as write_value() writes it."""
    if isinstance(value, str):
        return text_end(value)
    if value is None or pd.isna(value):
        return "/>"
    if isinstance(value, date):
        return number_end(sheet.excel_date(value))
    if isinstance(value, bool | np.bool_):
        return text_end("Có" if value else "Không")
    if isinstance(value, numbers.Real):
        return number_end(float(value))
    return text_end(str(value))


def header_height(columns: tuple[Column, ...]) -> float:
    """Returns the height of a header row: bold headers run wider than body text; every header wraps,
    and takes at least two lines."""
    widths = [(col, max(int(column.width * CHARS_PER_WIDTH * 0.85), 1)) for col, column in enumerate(columns)]
    return max(text_lines(tuple(column.header for column in columns), widths), 2) * LINE_HEIGHT + 4


def text_lines(record: tuple, wrapped: list[tuple[int, int]]) -> int:
    """Returns how many lines the tallest wrapped cell of a row needs: (column, characters per line) pairs."""
    # Not every reader fits row heights to wrapped text on opening (LibreOffice does not), so we do.
    lines = 1
    for col, per_line in wrapped:
        value = record[col]
        if isinstance(value, str) and (len(value) > per_line or "\n" in value):
            lines = max(lines, sum(math.ceil(max(len(part), 1) / per_line) for part in value.split("\n")))
    return min(lines, 15)


def set_widths(sheet: Worksheet, columns: tuple[Column, ...]) -> None:
    """Sets each column's width."""
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width)


def set_print(sheet: Worksheet, header_row: int | None, page_header: str = "") -> None:
    """Sets A4 landscape, fit to one page wide, the header row repeated (None: a sheet of several
    tables, nothing repeated), page numbers and the sheet name in the footer."""
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    if header_row is not None:
        sheet.repeat_rows(header_row)
    sheet.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    if page_header:
        sheet.set_header("&C" + page_header.replace("&", "&&"))
    sheet.set_footer("&L&A&RTrang &P/&N")


def write_table(
    workbook: Workbook,
    formats: Formats,
    name: str,
    table: Table,
    page_header: str = "",
    header_row: int = 0,
    note: str = "",
) -> Worksheet:
    """Adds a sheet holding the table as a filtered list: header on `header_row`, frozen below it.

    The rows above the header are left for the caller; a `note` takes the line under the header.
    """
    sheet = workbook.add_worksheet(name, worksheet_class=XmlRowsSheet)
    write_rows(sheet, formats, table, header_row, note)
    filtered = sum(1 for style in table.styles if style != "total") if table.styles else len(table.records)
    sheet.autofilter(header_row, 0, header_row + filtered + bool(note), len(table.columns) - 1)
    sheet.freeze_panes(header_row + 1, 0)
    set_widths(sheet, table.columns)
    set_print(sheet, header_row, page_header)
    return sheet


def _grade(sheet: Worksheet, formats: Formats, first_row: int, col: int, last_row: int) -> None:
    """Colours a column of coverage ratios by COVERAGE_LEVELS; empty cells (nothing to cover) stay plain."""
    cell = xl_rowcol_to_cell(first_row, col)
    lower = 0.0
    for bound, level in (*COVERAGE_LEVELS, (None, "good")):
        test = f"{cell}>={lower}" + (f",{cell}<{bound}" if bound is not None else "")
        sheet.conditional_format(
            first_row,
            col,
            last_row,
            col,
            {"type": "formula", "criteria": f"=AND(ISNUMBER({cell}),{test})", "format": formats.get(level)},
        )
        lower = bound or lower


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
