"""Rows written as SpreadsheetML text (report.xml_rows) are the rows xlsxwriter writes, byte for byte."""

import zipfile
from datetime import date, datetime

import numpy as np
import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.report import workbook_members
from pipeline.report.workbook import write_workbook
from pipeline.report.workbook_layout import WORKBOOK_OPTIONS
from pipeline.report.xml_rows import (
    XmlRowsSheet,
    column_names,
    number_end,
    row_start,
    style_id,
    text_cells,
    text_end,
)

SHEET = "xl/worksheets/sheet1.xml"
AWKWARD = [
    "Nguyễn Văn A",
    "",
    " leading space",
    "trailing tab\t",
    "a & b < c > d \"quoted\" 'single'",
    "line\nbreak",
    "control \x01\x07\x1f here",
    "_x0041_ looks like an escape",
    "not a char \ufffe\uffff",
    "=SUM(A1)",
    "emoji 🙂 and 𝔘",
]


def _sheet_xml(path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(SHEET)


def _by_xlsxwriter(path, rows, heights):
    """The reference: every cell written with xlsxwriter's own methods."""
    book = xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, "constant_memory": True})
    plain, bold = book.add_format({"border": 1}), book.add_format({"bold": True})
    sheet = book.add_worksheet()
    sheet.write_string(0, 0, "header", bold)
    for row, values in enumerate(rows, start=1):
        if heights[row - 1]:
            sheet.set_row(row, heights[row - 1])
        for col, value in enumerate(values):
            if isinstance(value, float):
                sheet.write_number(row, col, value, plain)
            elif value:
                sheet.write_string(row, col, value, plain)
            else:
                sheet.write_blank(row, col, None, plain)
    sheet.write_string(len(rows) + 1, 0, "after", bold)
    book.close()


def _by_xml_rows(path, rows, heights, chunk):
    """The same cells as XML rows, handed over `chunk` rows at a time between xlsxwriter's own rows."""
    book = xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, "constant_memory": True})
    plain, bold = book.add_format({"border": 1}), book.add_format({"bold": True})
    sheet = book.add_worksheet(worksheet_class=XmlRowsSheet)
    sheet.write_string(0, 0, "header", bold)
    style_id(bold)  # the reference's order of first use: the header row's format comes first
    letters, style = column_names(max(map(len, rows))), style_id(plain)
    for first in range(0, len(rows), chunk):
        xml = []
        for row in range(first + 1, min(first + chunk, len(rows)) + 1):
            values = rows[row - 1]
            ends = [number_end(value) if isinstance(value, float) else text_end(value) for value in values]
            cells = "".join(f'<c r="{letters[col]}{row + 1}" s="{style}"{e}' for col, e in enumerate(ends))
            xml.append(row_start(row, heights[row - 1] or None) + cells + "</row>")
        last = min(first + chunk, len(rows))
        sheet.write_xml_rows(first + 1, last, max(map(len, rows)) - 1, "".join(xml))
    sheet.write_string(len(rows) + 1, 0, "after", bold)
    book.close()


@pytest.mark.parametrize("chunk", [1, 3, 100])
def test_xml_rows_are_the_rows_xlsxwriter_writes(tmp_path, chunk):
    rows = [[text, float(number), AWKWARD[-1 - number]] for number, text in enumerate(AWKWARD)]
    heights = [34 if number % 3 == 0 else 0 for number in range(len(rows))]
    _by_xlsxwriter(tmp_path / "cells.xlsx", rows, heights)
    _by_xml_rows(tmp_path / "rows.xlsx", rows, heights, chunk)
    assert _sheet_xml(tmp_path / "rows.xlsx") == _sheet_xml(tmp_path / "cells.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "rows.xlsx").active
    assert sheet["A6"].value == AWKWARD[4] and sheet["B6"].value == 4  # read back as written
    assert sheet["A13"].value == "after"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_written_as_xlsxwriter_writes_it(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("text")
    if text.startswith("<r>") and text.endswith("</r>"):
        return  # xlsxwriter takes such text as rich-string XML; we always write it as text
    _by_xlsxwriter(folder / "cells.xlsx", [[text]], [0])
    _by_xml_rows(folder / "rows.xlsx", [[text]], [0], 1)
    assert _sheet_xml(folder / "rows.xlsx") == _sheet_xml(folder / "cells.xlsx")
    # a column at once, each distinct text once
    assert list(text_cells([text, "x", text], lambda _: 7)) == [
        f' s="7"{text_end(text)}',
        f' s="7"{text_end("x")}',
    ] + [f' s="7"{text_end(text)}']


def test_rows_must_come_after_the_rows_already_written(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet(worksheet_class=XmlRowsSheet)
    sheet.write_string(3, 0, "row 4")
    with pytest.raises(ValueError, match="do not follow"):
        sheet.write_xml_rows(2, 2, 0, '<row r="3"/>')
    book.close()
    memory = xlsxwriter.Workbook(str(tmp_path / "y.xlsx"))
    with pytest.raises(ValueError, match="constant_memory"):
        memory.add_worksheet(worksheet_class=XmlRowsSheet).write_xml_rows(1, 1, 0, "")
    memory.close()


def test_the_member_sheet_is_the_same_whatever_the_chunk(sample_run, tmp_path, monkeypatch):
    write_workbook(sample_run.result, tmp_path / "whole.xlsx")
    monkeypatch.setattr(workbook_members, "_CHUNK_ROWS", 7)  # chunks end inside teams and districts
    write_workbook(sample_run.result, tmp_path / "chunked.xlsx")
    assert (tmp_path / "chunked.xlsx").read_bytes() == (tmp_path / "whole.xlsx").read_bytes()


def _table_workbook(path, table, worksheet_class):
    """A constant-memory workbook of one table, written by write_rows() on a sheet of the class."""
    from pipeline.report.workbook_layout import new_workbook, write_rows

    workbook, formats = new_workbook(path, "x", date(2022, 8, 30), row_by_row=True)
    write_rows(workbook.add_worksheet("Bảng", worksheet_class), formats, table, note="Ghi chú dưới tiêu đề")
    workbook.close()


@pytest.mark.parametrize("count", [4, 1_205])  # within one chunk, and over a chunk's end
def test_a_table_as_xml_rows_is_the_table_written_cell_by_cell(tmp_path, monkeypatch, count):
    from xlsxwriter.worksheet import Worksheet

    from pipeline.report import workbook_layout

    monkeypatch.setattr(workbook_layout, "_XML_CHUNK_ROWS", 500)
    from pipeline.report.workbook_layout import Column, Table

    columns = (
        Column("Tên", 20, "wrap"),
        Column("Số", 8, "number"),
        Column("Ngày", 12, "date"),
        Column("Lúc", 16, "datetime"),
        Column("Tỷ lệ", 8, "percent", graded=True),
        Column("Có?", 6),
    )
    values = [  # every kind of value a table holds
        ("Nguyễn Văn A", 3, date(2022, 8, 1), datetime(2022, 8, 1, 7, 30), 0.5, True),
        ("=SUM(A1) " * 12, np.int64(7), None, None, float("nan"), np.bool_(False)),
        ("", 2.25, date(2021, 1, 31), datetime(2022, 12, 31, 23, 59), 1.0, None),
        ("a & <b>\x01", None, None, None, None, "x"),
    ]
    records = [values[n % len(values)] for n in range(count)]
    styles = [("muted" if n % 7 == 0 else None) for n in range(count - 1)] + ["total"]
    table = Table(columns, records, styles)
    _table_workbook(tmp_path / "rows.xlsx", table, XmlRowsSheet)
    _table_workbook(tmp_path / "cells.xlsx", table, Worksheet)  # xlsxwriter's own cells
    for part in (SHEET, "xl/styles.xml"):
        with (
            zipfile.ZipFile(tmp_path / "rows.xlsx") as rows,
            zipfile.ZipFile(tmp_path / "cells.xlsx") as cells,
        ):
            assert rows.read(part) == cells.read(part), part
    sheet = openpyxl.load_workbook(tmp_path / "rows.xlsx")["Bảng"]
    assert sheet["A3"].value == "Nguyễn Văn A" and sheet["C3"].value == datetime(2022, 8, 1)
    assert sheet["A4"].quotePrefix and sheet.max_row == 2 + count
