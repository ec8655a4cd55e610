"""Fix-it copies (issue 13): each district gets its own files back with every problem marked on its
cell (severity colour, a Vietnamese comment) and a first sheet listing them with links; corrected and
sent again, the copy is read with no problem left in the cells that were marked."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from campaign import DEADLINE, HEADER
from fixtures_mau2 import settle, write_csv, write_xlsm, write_xlsx

from pipeline.codes import CODES
from pipeline.ingest import original_workbook
from pipeline.model import FileStatus, SourceFile
from pipeline.report.fixit import FIXIT_SUFFIX, NOTE_SHEET
from pipeline.runtime.run import run_consolidation, run_demo

ERROR_FILL, WARNING_FILL = "00FFC7CE", "00FFEB9C"
COMMUNE = "Xã Đại Phước"
ROWS = [  # TT, commune, team, name, role, phone: Mẫu 2 with a problem on most rows
    [1, COMMUNE, "Tổ CNSCĐ ấp Hạ", "Lê Văn An", "Tổ trưởng", "0912 000 001"],
    [None, None, None, "Lê Văn Bình", "Tổ phó", "0294 3834314"],  # landline: warning on F
    [None, None, None, "", "Tổ viên", "0912 000 003"],  # no name: error on D
    [None, None, None, '=HYPERLINK("http://x")', "Tổ viên", "0912 000 004"],  # not a name: error on D
    [None, None, None, "Lê Văn Dũng", "Tổ viên", "0842 271 08"],  # 9 digits: warning on F
]


def _copies(outbox: Path) -> dict[str, Path]:
    return {path.name: path for path in (outbox / "phan-hoi").rglob(f"*{FIXIT_SUFFIX}")}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    _, outputs = run_demo(folder)
    return outputs.outbox


def test_every_problem_of_the_demo_is_on_its_cell_in_its_files_copy(demo):
    summary = json.loads((demo / "summary.json").read_text(encoding="utf-8"))
    copies = _copies(demo)
    located = [i for i in summary["issues"] if i["severity"] in ("error", "warning") and i["cell"]]
    assert located and {Path(i["file"]).stem + FIXIT_SUFFIX for i in located} == set(copies)
    for issue in located:
        book = openpyxl.load_workbook(copies[Path(issue["file"]).stem + FIXIT_SUFFIX])
        cell = book[issue["sheet"]][issue["cell"]]
        assert cell.comment is not None and issue["message"] in cell.comment.text, issue
        assert CODES[issue["code"]].action in cell.comment.text
        assert cell.fill.fgColor.rgb == (ERROR_FILL if issue["severity"] == "error" else WARNING_FILL)
    for name, path in copies.items():
        book = openpyxl.load_workbook(path)
        assert book.sheetnames[0] == NOTE_SHEET and book.active.title == NOTE_SHEET
        listed = list(book[NOTE_SHEET].iter_rows(min_row=5, values_only=True))
        own = [i for i in located if Path(i["file"]).stem + FIXIT_SUFFIX == name]
        assert sorted(row[2] for row in listed) == sorted(i["cell"] for i in own)
        links = [cell.hyperlink.location for cell in book[NOTE_SHEET]["C"][4:]]
        assert all(link and link.endswith(tuple(i["cell"] for i in own)) for link in links)


def test_the_letter_names_the_copies(demo):
    (letter_book,) = [path for path in (demo / "phan-hoi").glob("*.xlsx") if "cang-long" in path.name]
    texts = [
        c
        for row in openpyxl.load_workbook(letter_book)["Thư gửi huyện"].iter_rows(values_only=True)
        for c in row
        if c
    ]
    assert any(FIXIT_SUFFIX.strip() in str(text) and "đánh dấu" in str(text) for text in texts)


def _run(inbox: Path, outbox: Path) -> dict:
    run_consolidation(settle(inbox), outbox, None, DEADLINE, date(2022, 8, 16))
    return json.loads((outbox / "summary.json").read_text(encoding="utf-8"))


def test_a_copy_corrected_where_it_is_marked_is_read_without_those_problems(tmp_path):
    path = write_xlsx(tmp_path / "inbox" / "cang-long" / "ds.xlsx", {"DS": [["DANH SÁCH"], HEADER, *ROWS]})
    first = _run(path.parents[1], tmp_path / "outbox")
    marked = {(i["cell"], i["severity"]) for i in first["issues"] if i["severity"] != "info"}
    assert marked == {("F4", "warning"), ("D5", "error"), ("D6", "error"), ("F7", "warning")}
    (copy,) = _copies(tmp_path / "outbox").values()
    book = openpyxl.load_workbook(copy)
    corrections = {"F4": "0912 000 002", "D5": "Lê Văn Cường", "D6": "Lê Văn Đức", "F7": "0912 000 005"}
    for coordinate, value in corrections.items():
        assert book["DS"][coordinate].comment is not None
        book["DS"][coordinate] = value
    again = tmp_path / "again" / "cang-long" / "ds.xlsx"
    again.parent.mkdir(parents=True)
    book.save(again)
    second = _run(again.parents[1], tmp_path / "outbox-again")
    assert [i for i in second["issues"] if i["severity"] != "info"] == []
    assert second["totals"]["members"] == 5


def test_a_macro_workbook_comes_back_as_a_plain_workbook(tmp_path):
    write_xlsm(tmp_path / "inbox" / "cang-long" / "ds.xlsm", {"DS": [["DANH SÁCH"], HEADER, *ROWS]})
    _run(tmp_path / "inbox", tmp_path / "outbox")
    (copy,) = _copies(tmp_path / "outbox").values()
    assert copy.name == "ds - can sua.xlsx"
    with zipfile.ZipFile(copy) as archive:
        assert not [name for name in archive.namelist() if "vba" in name.lower()]
    assert openpyxl.load_workbook(copy)["DS"]["D5"].fill.fgColor.rgb == ERROR_FILL


def test_a_csv_comes_back_as_a_workbook_laid_out_as_it_was_sent(tmp_path):
    write_csv(tmp_path / "inbox" / "cang-long" / "danh sach.csv", [["DANH SÁCH"], HEADER, *ROWS])
    _run(tmp_path / "inbox", tmp_path / "outbox")
    (copy,) = _copies(tmp_path / "outbox").values()
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames == [NOTE_SHEET, "danh sach"]
    sheet = book["danh sach"]
    assert [cell.value for cell in sheet[2]] == HEADER and sheet["D6"].value == '=HYPERLINK("http://x")'
    assert sheet["D6"].data_type == "s" and sheet["D6"].fill.fgColor.rgb == ERROR_FILL
    # Text of an input is never a formula in the note sheet either
    values = {
        row[3]: cell
        for row, cell in zip(
            book[NOTE_SHEET].iter_rows(min_row=5, values_only=True), book[NOTE_SHEET]["D"][4:], strict=True
        )
    }
    assert values['=HYPERLINK("http://x")'].data_type == "s"


def test_a_file_changed_since_it_was_read_is_not_marked(tmp_path):
    path = write_xlsx(tmp_path / "ds.xlsx", {"DS": [HEADER, *ROWS]})
    source = SourceFile("ds.xlsx", "0" * 64, 10, 0.0, FileStatus.PROCESSED, file_format="xlsx")
    assert original_workbook(path, source) is None


def _two_files(inbox: Path) -> None:
    write_xlsx(inbox / "cang-long" / "ds.xlsx", {"DS": [["DANH SÁCH"], HEADER, *ROWS]})
    other = [[1, "Xã Huyền Hội", "Tổ CNSCĐ ấp Trà On", "Võ Văn An", "Tổ trưởng", "0912 000 09"]]
    write_xlsx(inbox / "cang-long" / "huyen hoi.xlsx", {"DS": [HEADER, *other]})


def test_last_nights_copy_is_taken_over_when_nothing_changed_and_made_again_when_it_did(tmp_path):
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    _two_files(inbox)
    for night in (16, 17):
        run_consolidation(settle(inbox), outbox, None, DEADLINE, date(2022, 8, night))
        if night == 16:
            first = {name: path.read_bytes() for name, path in _copies(outbox).items()}
    assert {name: path.read_bytes() for name, path in _copies(outbox).items()} == first  # the same bytes
    write_xlsx(inbox / "cang-long" / "ds.xlsx", {"DS": [["DANH SÁCH"], HEADER, *ROWS[:3]]})  # corrected a bit
    run_consolidation(settle(inbox), outbox, None, DEADLINE, date(2022, 8, 18))
    again = _copies(outbox)
    assert again["huyen hoi - can sua.xlsx"].read_bytes() == first["huyen hoi - can sua.xlsx"]
    assert again["ds - can sua.xlsx"].read_bytes() != first["ds - can sua.xlsx"]
    marked = openpyxl.load_workbook(again["ds - can sua.xlsx"])["DS"]
    assert marked["D5"].comment is not None and marked["D6"].comment is None  # row 6 is gone


def test_copies_made_by_worker_processes_are_those_made_here(tmp_path, monkeypatch):
    from pipeline.runtime import fixit_copies

    made = {}
    for parallel_from in (100, 1):
        monkeypatch.setattr(fixit_copies, "PARALLEL_FROM", parallel_from)
        inbox, outbox = tmp_path / f"inbox{parallel_from}", tmp_path / f"outbox{parallel_from}"
        _two_files(inbox)
        run_consolidation(settle(inbox), outbox, None, DEADLINE, date(2022, 8, 16))
        made[parallel_from] = {
            name: sorted(
                (c.coordinate, c.comment.text)
                for row in openpyxl.load_workbook(path)["DS"].iter_rows()
                for c in row
                if c.comment
            )
            for name, path in _copies(outbox).items()
        }
    assert made[1] == made[100] and len(made[1]) == 2


def test_a_copy_holds_no_formula_and_no_link_out_of_the_workbook(tmp_path):
    """Found by the blind QA corpus: the district's own formulas and its links to a web address or a
    file on a disk were kept in the copy that is sent on."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "DS"
    for row in [["DANH SÁCH"], HEADER, *ROWS]:
        sheet.append(row)
    sheet["A4"] = "=ROW()-2"  # their own numbering, a formula
    sheet["A1"].hyperlink = "http://example.com/evil"
    sheet["B1"].hyperlink = "file:///etc/passwd"
    path = tmp_path / "inbox" / "cang-long" / "ds.xlsx"
    path.parent.mkdir(parents=True)
    book.save(path)
    _run(tmp_path / "inbox", tmp_path / "outbox")
    (copy,) = _copies(tmp_path / "outbox").values()
    copied = openpyxl.load_workbook(copy)
    cells = [cell for sheet in copied for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert [cell.hyperlink.target for cell in cells if cell.hyperlink and cell.hyperlink.target] == []
    assert all(cell.hyperlink.location for cell in cells if cell.hyperlink)  # the note sheet's, inside


def test_a_corrected_copy_sent_back_gets_a_copy_of_what_is_left_only(tmp_path):
    """Found by the blind QA corpus: a copy sent back kept its old marks, its old note sheet beside the
    new one, and its name grew a second "- can sua"."""
    path = write_xlsx(tmp_path / "inbox" / "cang-long" / "ds.xlsx", {"DS": [["DANH SÁCH"], HEADER, *ROWS]})
    book = openpyxl.load_workbook(path)
    book["DS"]["F7"].comment = openpyxl.comments.Comment("Số cũ của anh Dũng, chờ xác nhận", "Huyện")
    book.save(path)
    _run(tmp_path / "inbox", tmp_path / "outbox")
    (copy,) = _copies(tmp_path / "outbox").values()
    marked = openpyxl.load_workbook(copy)
    note = marked["DS"]["F7"].comment.text
    assert note.startswith("Cảnh báo:") and note.endswith("Số cũ của anh Dũng, chờ xác nhận")
    for coordinate, value in {"F4": "0912 000 002", "D5": "Lê Văn Cường", "D6": "Lê Văn Đức"}.items():
        marked["DS"][coordinate] = value  # all corrected but F7
    sent_back = tmp_path / "again" / "cang-long" / copy.name
    sent_back.parent.mkdir(parents=True)
    marked.save(sent_back)
    _run(tmp_path / "again", tmp_path / "outbox-again")
    (second,) = _copies(tmp_path / "outbox-again").values()
    assert second.name == "ds - can sua.xlsx"
    book = openpyxl.load_workbook(second)
    assert book.sheetnames == [NOTE_SHEET, "DS"]
    commented = {c.coordinate: c for row in book["DS"].iter_rows() for c in row if c.comment}
    assert set(commented) == {"F7"} and commented["F7"].fill.fgColor.rgb == WARNING_FILL
    assert commented["F7"].comment.text.count("Cảnh báo:") == 1  # not the old comment again
    assert book["DS"]["D5"].fill.fill_type is None and book["DS"]["F4"].fill.fill_type is None
    assert [row[2] for row in book[NOTE_SHEET].iter_rows(min_row=5, values_only=True)] == ["F7"]


def test_merged_cells_of_an_xls_are_merged_again_in_its_copy(tmp_path):
    from fixtures_mau2 import write_xls

    rows = [["DANH SÁCH"], HEADER, *[list(row) for row in ROWS]]
    write_xls(
        tmp_path / "inbox" / "cang-long" / "ban cu.xls", {"DS": rows}, merges={"DS": ["B3:B7", "C3:C7"]}
    )
    _run(tmp_path / "inbox", tmp_path / "outbox")
    (copy,) = _copies(tmp_path / "outbox").values()
    sheet = openpyxl.load_workbook(copy)["DS"]
    assert {str(cells) for cells in sheet.merged_cells.ranges} == {"B3:B7", "C3:C7"}
    assert sheet["B3"].value == COMMUNE and sheet["D5"].fill.fgColor.rgb == ERROR_FILL
