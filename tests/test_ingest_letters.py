"""The Excel column letter of every field of a row, and of the cell a reader issue points at, read back
from generated files."""

from __future__ import annotations

from fixtures_mau2 import HEADER, standard_rows, write_csv, write_html, write_xlsx

from pipeline.ingest.inbox import read_file

LETTERS = ["commune_letter", "team_letter", "hamlet_letter", "name_letter", "role_letter", "phone_letter"]
STANDARD_LETTERS = ("B", "C", "", "D", "E", "F")  # TT | xã | tổ | họ tên | chức vụ | điện thoại


def letters(rows) -> list[tuple]:
    """Returns (source_row, commune, team, hamlet, name, role, phone letters) per data row."""
    return list(rows[["source_row", *LETTERS]].itertuples(index=False, name=None))


def test_standard_table_letters(tmp_path):
    path = write_xlsx(tmp_path / "long-duc.xlsx", {"Long Đức": standard_rows()})
    _, rows, _ = read_file(path, tmp_path)
    assert letters(rows) == [(row, *STANDARD_LETTERS) for row in (7, 8, 9, 11, 12)]


def test_reordered_columns_with_extra_columns(tmp_path):
    header = [
        "STT",
        "Họ và tên",
        "Năm sinh",
        "Chức vụ",
        "Ghi chú",
        "Số điện thoại",
        "Ấp/Khóm",
        "Tên tổ",
        "Tên xã",
    ]
    member = [1, "Nguyễn Văn An", 1980, "Tổ trưởng", "", "0912345678", "Ấp Chợ", "Tổ ấp Chợ", "Xã A"]
    path = write_xlsx(tmp_path / "x.xlsx", {"S": [header, member]})
    _, rows, _ = read_file(path, tmp_path)
    assert letters(rows) == [(2, "I", "H", "G", "B", "D", "F")]
    assert rows["hamlet_text"].tolist() == ["Ấp Chợ"]


def test_table_not_starting_in_column_a(tmp_path):
    shifted = [[None, None, None, *row] for row in standard_rows()]
    path = write_xlsx(tmp_path / "x.xlsx", {"S": shifted})
    _, rows, _ = read_file(path, tmp_path)
    assert letters(rows)[0] == (7, "E", "F", "", "G", "H", "I")
    assert rows["name_text"].iloc[0] == "Nguyễn Văn An"


def test_split_name_is_located_by_its_surname_column(tmp_path):
    header = ["TT", "Tên xã", "Tên tổ", "Họ và tên đệm", "Tên", "Chức vụ", "Điện thoại"]
    member = [1, "Xã A", "Tổ 1", "Nguyễn Văn", "An", "Tổ trưởng", "0912345678"]
    path = write_xlsx(tmp_path / "x.xlsx", {"S": [header, member]})
    _, rows, _ = read_file(path, tmp_path)
    assert rows["name_text"].tolist() == ["Nguyễn Văn An"]
    assert letters(rows) == [(2, "B", "C", "", "D", "F", "G")]


def test_two_tables_in_one_sheet_keep_their_own_letters(tmp_path):
    sheet = [
        HEADER,
        [1, "Xã A", "Tổ 1", "An", "Tổ trưởng", "0912345678"],
        [],
        ["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG XÃ B"],
        ["STT", "Họ tên", "Số điện thoại", "Chức vụ"],
        [1, "Bình", "0912345679", "Tổ trưởng"],
    ]
    path = write_xlsx(tmp_path / "x.xlsx", {"S": sheet})
    _, rows, issues = read_file(path, tmp_path)
    assert letters(rows) == [(2, *STANDARD_LETTERS), (6, "", "", "", "B", "D", "C")]
    # A missing column has no cell to point at: only its header row.
    assert [(issue.code, issue.row, issue.column, issue.cell) for issue in issues] == [
        ("column_missing", 5, "commune", ""),
        ("column_missing", 5, "team", ""),
    ]


def test_csv_letters_are_those_excel_shows(tmp_path):
    path = write_csv(
        tmp_path / "x.csv", [["", *HEADER], ["", 1, "Xã A", "Tổ 1", "An", "Tổ trưởng", "0912345678"]]
    )
    source, rows, _ = read_file(path, tmp_path)
    assert source.file_format == "csv"
    assert letters(rows) == [(2, "C", "D", "", "E", "F", "G")]


def test_html_saved_as_xls_letters_are_those_excel_shows(tmp_path):
    member = [1, "Xã A", "Tổ 1", "An", "Tổ trưởng", "0912345678"]
    path = write_html(tmp_path / "x.xls", "DANH SÁCH", [HEADER, member])
    source, rows, _ = read_file(path, tmp_path)
    assert source.file_format == "html"
    assert letters(rows) == [(3, *STANDARD_LETTERS)]


def test_legacy_encoding_issue_names_its_cell(tmp_path):
    rows = [
        [None, "DANH S¸CH Tæ C¤NG NGHÖ Sè"],
        [None, *HEADER],
        [None, 1, "X· Long §øc", "Tæ 1", "NguyÔn V¨n An", "Tæ tr\u00adëng", "0912345678"],
    ]
    fonts = {"S": {cell: ".VnTime" for cell in ("B1", "C3", "E3", "F3")}}
    path = write_xlsx(tmp_path / "tcvn3.xlsx", {"S": rows}, fonts=fonts)
    _, frame, issues = read_file(path, tmp_path)
    assert frame["name_text"].tolist() == ["Nguyễn Văn An"]
    assert [(issue.code, issue.column, issue.column_letter, issue.cell) for issue in issues] == [
        ("text_legacy_encoding", "title_text", "B", "B1"),
        ("text_legacy_encoding", "commune", "C", "C3"),
        ("text_legacy_encoding", "name", "E", "E3"),
        ("text_legacy_encoding", "role", "F", "F3"),
    ]
