"""Which sheets of a workbook are read: hidden and very hidden sheets are not."""

from __future__ import annotations

import pytest
from fixtures_mau2 import standard_expected, standard_rows, write_ods, write_xls, write_xlsx

from pipeline.ingest.inbox import read_file
from pipeline.ingest.sheets import workbook_sheets
from pipeline.model import FileStatus, SheetReport

HIDDEN_NOTE = "trang tính bị ẩn, không đọc"


def flat(rows):
    columns = ["source_row", "commune_text", "team_text", "name_text", "role_text"]
    return list(rows[columns].itertuples(index=False, name=None))


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_xlsx_sheet_is_not_read_and_reported(tmp_path, state):
    sheets = {"Bản cũ": standard_rows("Xã Long Vĩnh"), "Mẫu 2": standard_rows("Xã Long Đức")}
    path = write_xlsx(tmp_path / "x.xlsx", sheets, hidden={"Bản cũ": state})
    source, frame, issues = read_file(path, tmp_path)
    assert flat(frame) == standard_expected("Xã Long Đức")
    assert set(frame["source_sheet"]) == {"Mẫu 2"}
    assert source.status is FileStatus.PROCESSED
    assert source.sheets == (
        SheetReport("Bản cũ", has_table=False, note=HIDDEN_NOTE),
        SheetReport("Mẫu 2", has_table=True, rows=5),
    )
    assert [(i.code, i.sheet, i.severity.value, i.row) for i in issues] == [
        ("sheet_hidden", "Bản cũ", "info", None)
    ]
    assert issues[0].message == "Trang tính bị ẩn nên không được đọc."
    assert issues[0].file == "x.xlsx"


def test_file_whose_only_list_is_hidden_has_no_table(tmp_path):
    sheets = {"Danh sách": standard_rows(), "Ghi chú": [["Đã gửi bản chính"]]}
    path = write_xlsx(tmp_path / "x.xlsx", sheets, hidden={"Danh sách": "hidden"})
    source, frame, issues = read_file(path, tmp_path)
    assert source.status is FileStatus.NO_TABLE and frame.empty
    assert [(i.code, i.sheet) for i in issues] == [
        ("file_no_table", ""),
        ("sheet_hidden", "Danh sách"),
        ("sheet_no_table", "Ghi chú"),
    ]


@pytest.mark.parametrize("writer", [write_xls, write_ods])
def test_hidden_sheet_of_xls_and_ods_is_not_read(tmp_path, writer):
    name = "x.xls" if writer is write_xls else "x.ods"
    sheets = {"Bản cũ": standard_rows("Xã Long Vĩnh"), "Mẫu 2": standard_rows("Xã Long Đức")}
    path = writer(tmp_path / name, sheets, None, hidden=("Bản cũ",))
    source, frame, issues = read_file(path, tmp_path)
    assert flat(frame) == standard_expected("Xã Long Đức")
    assert [report.has_table for report in source.sheets] == [False, True]
    assert [(i.code, i.sheet) for i in issues] == [("sheet_hidden", "Bản cũ")]


def test_workbook_sheets_yields_hidden_sheets_unread(tmp_path):
    sheets = {"A": [["x"]], "B": [["y"]]}
    data = write_xlsx(tmp_path / "x.xlsx", sheets, hidden={"B": "hidden"}).read_bytes()
    assert [(sheet.name, sheet.grid, sheet.hidden) for sheet in workbook_sheets(data, 100)] == [
        ("A", [["x"]], False),
        ("B", [], True),
    ]
