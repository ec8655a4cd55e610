"""A fix-it copy made by editing the .xlsx's parts (report.fixit_package) is the copy openpyxl makes:
the same sheets, values, marks, comments, note sheet and links, read back with openpyxl; and a file
the quick path does not edit safely is left to openpyxl."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from fixtures_mau2 import HEADER, settle, write_xlsx

from pipeline.report.fixit import AUTHOR, FIXIT_SUFFIX, NOTE_SHEET
from pipeline.runtime import fixit_copies
from pipeline.runtime.run import run_consolidation

COMMUNE = "Xã Đại Phước"
TEAM = "Tổ CNSCĐ ấp Hạ"
MEMBERS = [  # name, role, phone: a problem on most rows
    ("Lê Văn An", "Tổ trưởng", "0912 000 001"),
    ("Lê Văn Bình", "Tổ phó", "0294 3834314"),  # landline: warning on the phone
    ("", "Tổ viên", "0912 000 003"),  # no name: error on a cell that is not in the file
    ("Lê Văn Dũng", "Tổ viên", "0842 271 08"),  # 9 digits: warning
    ("Lê & <Văn> Em", "Tổ viên", ""),  # no phone: a cell that is not in the file
]


def _xlsxwriter_file(path: Path) -> Path:
    """A Mẫu 2 as Excel-like tools write it: shared strings, merged commune and team over the team's
    rows, formulas with their values, a column format, a second sheet with a print area, a hidden
    sheet, the second sheet active."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True, "border": 1, "text_wrap": True})
    cell = book.add_format({"border": 1, "valign": "top"})
    text = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet("DS")
    sheet.set_column(5, 5, 18, text)
    sheet.merge_range("A1:F1", "DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG", bold)
    for col, title in enumerate(HEADER):
        sheet.write_string(1, col, title, bold)
    last = 2 + len(MEMBERS) - 1
    sheet.merge_range(2, 1, last, 1, COMMUNE, cell)
    sheet.merge_range(2, 2, last, 2, TEAM, cell)
    for offset, (name, role, phone) in enumerate(MEMBERS):
        row = 2 + offset
        sheet.write_formula(row, 0, "=ROW()-2", cell, offset + 1)  # their numbering, a formula
        if name:
            sheet.write_string(row, 3, name, cell)
        sheet.write_string(row, 4, role, cell)
        if phone:
            sheet.write_string(row, 5, phone)
    sheet.write_formula(last + 2, 0, '="Tổng: "&COUNTA(D3:D7)', None, " Tổng: 4 ")  # a text result
    notes = book.add_worksheet("Ghi chú")
    notes.write_string(0, 0, "Gửi kèm danh sách")
    notes.print_area("A1:B2")
    book.add_worksheet("Ẩn").hide()
    notes.activate()
    book.close()
    return path


def _openpyxl_file(path: Path) -> Path:
    rows = [["DANH SÁCH"], HEADER]
    for offset, (name, role, phone) in enumerate(MEMBERS):
        rows.append(
            [offset + 1, COMMUNE if offset == 0 else None, TEAM if offset == 0 else None, name, role, phone]
        )
    return write_xlsx(path, {"DS": rows}, merges={"DS": ["B3:B7", "C3:C7"]})


def _copies(inbox: Path, outbox: Path) -> dict[str, Path]:
    run_consolidation(settle(inbox), outbox, None, date(2022, 8, 17), date(2022, 8, 16))
    return {path.name: path for path in (outbox / "phan-hoi").rglob(f"*{FIXIT_SUFFIX}")}


def _read(path: Path) -> dict:
    """What a reader sees of a copy: sheets, values, fills, comments, merges, links, print titles."""
    book = openpyxl.load_workbook(path)
    seen: dict = {"sheets": [(s.title, s.sheet_state) for s in book.worksheets], "active": book.active.title}
    for sheet in book.worksheets:
        cells = [cell for row in sheet.iter_rows() for cell in row]
        seen[sheet.title] = {
            "values": {c.coordinate: c.value for c in cells if c.value is not None},
            "types": {c.coordinate: c.data_type for c in cells if c.value is not None},
            "fills": {c.coordinate: c.fill.fgColor.rgb for c in cells if c.fill.fill_type == "solid"},
            "bold": sorted(c.coordinate for c in cells if c.font.b),
            "formats": {c.coordinate: c.number_format for c in cells if c.number_format != "General"},
            "comments": {c.coordinate: (c.comment.author, c.comment.text) for c in cells if c.comment},
            "links": {c.coordinate: c.hyperlink.location for c in cells if c.hyperlink},
            "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
            "heights": {r: d.height for r, d in sheet.row_dimensions.items() if d.height},
            "titles": sheet.print_title_rows,
            "area": sheet.print_area,
            "frozen": sheet.freeze_panes,
            "selected": sheet.sheet_view.tabSelected,
        }
    return seen


@pytest.mark.parametrize("make", [_xlsxwriter_file, _openpyxl_file])
def test_the_quick_copy_is_the_copy_openpyxl_makes(tmp_path, monkeypatch, make):
    make(tmp_path / "inbox" / "cang-long" / "ds.xlsx")
    quick = _copies(tmp_path / "inbox", tmp_path / "quick")
    monkeypatch.setattr(fixit_copies, "write_fixit_package", lambda *args: False)  # openpyxl makes it
    slow = _copies(tmp_path / "inbox", tmp_path / "slow")
    assert list(quick) == list(slow) == ["ds - can sua.xlsx"]
    with zipfile.ZipFile(quick["ds - can sua.xlsx"]) as archive:
        assert "xl/worksheets/fixitNote.xml" in archive.namelist()  # made the quick way
    seen, expected = _read(quick["ds - can sua.xlsx"]), _read(slow["ds - can sua.xlsx"])
    for part in ("values", "types", "fills", "comments", "links", "merged", "heights", "titles"):
        assert seen[NOTE_SHEET][part] == expected[NOTE_SHEET][part], part
    assert seen["DS"]["fills"] and seen["DS"]["comments"]
    for part in ("values", "types", "fills", "comments", "merged", "bold"):
        assert seen["DS"][part] == expected["DS"][part], part
    # A cell marked that was not in the file takes its column's format (openpyxl's gets none).
    added = {"F7": "@"} if make is _xlsxwriter_file else {}
    assert seen["DS"]["formats"] == {**expected["DS"]["formats"], **added}
    assert seen["sheets"] == expected["sheets"] and seen["active"] == expected["active"] == NOTE_SHEET
    assert [bool(seen[title]["selected"]) for title, _ in seen["sheets"]] == [True] + [False] * (
        len(seen["sheets"]) - 1
    )
    if "Ghi chú" in seen:
        assert seen["Ghi chú"]["area"] == expected["Ghi chú"]["area"] == "'Ghi chú'!$A$1:$B$2"
    assert seen[NOTE_SHEET]["frozen"] == expected[NOTE_SHEET]["frozen"] == "A5"


def test_the_quick_copy_holds_no_formula_and_marks_cells_that_were_not_there(tmp_path):
    _xlsxwriter_file(tmp_path / "inbox" / "cang-long" / "ds.xlsx")
    (copy,) = _copies(tmp_path / "inbox", tmp_path / "outbox").values()
    with zipfile.ZipFile(copy) as archive:
        assert all(b"<f>" not in archive.read(name) for name in archive.namelist() if name.endswith(".xml"))
        assert "xl/calcChain.xml" not in archive.namelist()
    sheet = openpyxl.load_workbook(copy)["DS"]
    assert sheet["A4"].value == 2 and sheet["A9"].value == " Tổng: 4 "  # the values the formulas showed
    summary = json.loads((tmp_path / "outbox" / "summary.json").read_text(encoding="utf-8"))
    empty = {i["cell"] for i in summary["issues"] if i["severity"] == "error" and i["cell"].startswith("D")}
    assert empty == {"D5"} and sheet["D5"].value is None
    assert sheet["D5"].fill.fgColor.rgb == "00FFC7CE" and sheet["D5"].comment.author == AUTHOR
    assert sheet["F4"].fill.fgColor.rgb == "00FFEB9C" and sheet["F4"].number_format == "@"  # its own, filled


def test_files_the_quick_path_does_not_edit_go_to_openpyxl(tmp_path):
    path = _openpyxl_file(tmp_path / "inbox" / "cang-long" / "ds.xlsx")
    book = openpyxl.load_workbook(path)
    book["DS"]["D3"].comment = openpyxl.comments.Comment("Đã xác nhận", "Huyện")  # their own comment
    book.save(path)
    (copy,) = _copies(tmp_path / "inbox", tmp_path / "outbox").values()
    with zipfile.ZipFile(copy) as archive:
        assert "xl/worksheets/fixitNote.xml" not in archive.namelist()
    assert openpyxl.load_workbook(copy)["DS"]["D3"].comment.text.endswith("Đã xác nhận")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_a_quick_copy_with_its_marks(tmp_path):
    _xlsxwriter_file(tmp_path / "inbox" / "cang-long" / "ds.xlsx")
    (copy,) = _copies(tmp_path / "inbox", tmp_path / "outbox").values()
    out = tmp_path / "converted"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(copy)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    book = openpyxl.load_workbook(out / copy.name)
    assert book.sheetnames[0] == NOTE_SHEET
    assert book["DS"]["D5"].comment is not None and book["DS"]["D5"].fill.fgColor.rgb.endswith("FFC7CE")
