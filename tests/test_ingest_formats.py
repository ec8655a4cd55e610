"""Formats detected by content: xlsx, xlsm, xls, ods, csv, HTML-as-xls, wrong extensions; files that are
skipped or cannot be read."""

from __future__ import annotations

import os

import pytest
from fixtures_mau2 import (
    HEADER,
    standard_expected,
    standard_rows,
    write_csv,
    write_encrypted_xlsx,
    write_html,
    write_ods,
    write_xls,
    write_xlsm,
    write_xlsx,
    write_zip,
)

from pipeline.ingest.inbox import read_file, read_inbox
from pipeline.model import FileStatus


def flat(rows):
    columns = ["source_row", "commune_text", "team_text", "name_text", "role_text"]
    return list(rows[columns].itertuples(index=False, name=None))


def test_xlsm_is_read_for_values_only(tmp_path):
    path = write_xlsm(tmp_path / "macro.xlsm", {"S": standard_rows()})
    source, rows, _ = read_file(path, tmp_path)
    assert source.file_format == "xlsm" and flat(rows) == standard_expected()


def test_binary_xls_with_merged_cells(tmp_path):
    merges = {"Long Đức": ["B7:B12", "C7:C9", "C11:C12"]}
    path = write_xls(tmp_path / "cu.xls", {"Long Đức": standard_rows()}, merges)
    source, rows, issues = read_file(path, tmp_path)
    assert source.file_format == "xls" and source.status is FileStatus.PROCESSED
    assert flat(rows) == standard_expected()
    assert rows["phone_cell"].tolist() == ["0912345678", 912345679.0, None, "0913 000 111", "0913000222"]
    assert set(rows["source_sheet"]) == {"Long Đức"} and issues == []


def test_ods_with_spanned_cells(tmp_path):
    path = write_ods(tmp_path / "libre.ods", {"Long Đức": standard_rows()}, {"Long Đức": ["B7:B12", "C7:C9"]})
    source, rows, _ = read_file(path, tmp_path)
    assert source.file_format == "ods" and flat(rows) == standard_expected()
    assert rows["phone_cell"].tolist()[:2] == ["0912345678", 912345679.0]


@pytest.mark.parametrize(
    "encoding, delimiter",
    [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("cp1258", ","), ("cp1258", ";"), ("utf-8", "\t")],
)
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "Long Đức.csv", standard_rows(phone_as_number=False), encoding, delimiter)
    source, rows, issues = read_file(path, tmp_path)
    assert source.file_format == "csv" and source.status is FileStatus.PROCESSED
    assert flat(rows) == standard_expected()
    assert set(rows["source_sheet"]) == {"Long Đức"}  # the file's stem, as Excel names the sheet
    assert rows["phone_cell"].tolist() == ["0912345678", "0912345679", None, "0913 000 111", "0913000222"]
    assert source.sheets[0].name == "Long Đức" and issues == []


def test_csv_rows_are_records_as_a_spreadsheet_shows_them(tmp_path):
    rows = [
        ["Danh sách"],
        HEADER,
        [1, "Xã A", "Tổ 1", "An", "Tổ trưởng\nkiêm trưởng ấp", "0912000001"],
        [None, None, None, "Bình", "Tổ viên", "0912000002"],
    ]
    _, frame, _ = read_file(write_csv(tmp_path / "x.csv", rows), tmp_path)
    assert flat(frame) == [
        (3, "Xã A", "Tổ 1", "An", "Tổ trưởng kiêm trưởng ấp"),
        (4, "Xã A", "Tổ 1", "Bình", "Tổ viên"),
    ]


def test_html_table_saved_as_xls_with_rowspan_and_colspan(tmp_path):
    rows = [
        [("DANH SÁCH THÀNH VIÊN", 1, 6)],
        HEADER,
        [
            ("1", 2, 1),
            ("Phường 1", 3, 1),
            ("Tổ CNSCĐ khóm 3", 2, 1),
            "Hứa Văn Sang",
            "Tổ trưởng",
            "0912000001",
        ],
        ["Tạ Thị Mai", "Tổ phó", "0912000002"],
        ["2", "Tổ CNSCĐ khóm 4", "Lữ Văn Tài", "Tổ trưởng", "0912000003"],
    ]
    path = write_html(tmp_path / "web-export.xls", "UBND THÀNH PHỐ TRÀ VINH", rows)
    source, frame, _ = read_file(path, tmp_path)
    assert source.file_format == "html"
    assert flat(frame) == [
        (4, "Phường 1", "Tổ CNSCĐ khóm 3", "Hứa Văn Sang", "Tổ trưởng"),
        (5, "Phường 1", "Tổ CNSCĐ khóm 3", "Tạ Thị Mai", "Tổ phó"),
        (6, "Phường 1", "Tổ CNSCĐ khóm 4", "Lữ Văn Tài", "Tổ trưởng"),
    ]
    assert set(frame["title_text"]) == {"UBND THÀNH PHỐ TRÀ VINH DANH SÁCH THÀNH VIÊN"}
    assert set(frame["source_sheet"]) == {"web-export"}


def test_html_in_windows_1258(tmp_path):
    rows = [HEADER, ["1", "Xã Hòa Lợi", "Tổ ấp Bến Có", "Thạch Thị Sa Rươl", "Tổ viên", "0912000001"]]
    path = write_html(tmp_path / "x.xls", "Danh sách", rows, encoding="cp1258")
    _, frame, _ = read_file(path, tmp_path)
    assert flat(frame) == [(3, "Xã Hòa Lợi", "Tổ ấp Bến Có", "Thạch Thị Sa Rươl", "Tổ viên")]


@pytest.mark.parametrize(
    "writer, real_format, wrong_name",
    [
        (write_xlsx, "xlsx", "a.xls"),
        (write_xls, "xls", "b.xlsx"),
        (write_ods, "ods", "c.xlsx"),
        (write_xlsx, "xlsx", "d.ods"),
        (write_xlsx, "xlsx", "no-extension"),
    ],
)
def test_workbook_with_the_wrong_extension_is_read_by_content(tmp_path, writer, real_format, wrong_name):
    written = writer(tmp_path / f"made.{real_format}", {"S": standard_rows()})
    path = tmp_path / wrong_name
    written.rename(path)
    source, rows, _ = read_file(path, tmp_path)
    assert source.file_format == real_format and flat(rows) == standard_expected()


def test_csv_named_xls_is_read_as_csv(tmp_path):
    path = write_csv(tmp_path / "export.xls", standard_rows(phone_as_number=False))
    source, rows, _ = read_file(path, tmp_path)
    assert source.file_format == "csv" and flat(rows) == standard_expected()


def test_encrypted_workbook_is_unreadable(tmp_path):
    path = write_encrypted_xlsx(tmp_path / "mat-khau.xlsx", {"S": standard_rows()})
    source, rows, issues = read_file(path, tmp_path)
    assert source.status is FileStatus.UNREADABLE and rows.empty
    assert source.message == "Tệp được đặt mật khẩu nên không đọc được."
    assert [(issue.code, issue.file) for issue in issues] == [("file_encrypted", "mat-khau.xlsx")]


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("~$bao-cao.xlsx", b"\x0bnguoi dung" + b"\x00" * 150, "tệp khóa tạm do Office tạo khi tệp đang mở"),
        (".DS_Store", b"\x00\x00\x00\x01Bud1", "tệp ẩn (tên bắt đầu bằng dấu chấm)"),
        ("ghi-chu.txt", "Gửi kèm danh sách tổ".encode(), "tệp văn bản (.txt)"),
        ("cong-van.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "tệp PDF"),
        ("anh.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "tệp hình ảnh"),
        ("anh.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "tệp hình ảnh"),
    ],
)
def test_files_that_are_not_spreadsheets_are_skipped_with_the_reason(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    result = read_inbox(tmp_path)
    (source,) = result.files
    assert source.status is FileStatus.SKIPPED
    assert source.message == f"Bỏ qua tệp không phải bảng tính: {reason}."
    assert [(issue.code, issue.severity.value) for issue in result.issues] == [("file_skipped", "info")]


def test_word_document_is_skipped(tmp_path):
    write_zip(
        tmp_path / "quyet-dinh.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}
    )
    source, _, _ = read_file(tmp_path / "quyet-dinh.docx", tmp_path)
    assert (source.status, source.message) == (
        FileStatus.SKIPPED,
        "Bỏ qua tệp không phải bảng tính: tài liệu Word (.docx).",
    )


def test_truncated_workbook_is_incomplete_and_read_again_next_time(tmp_path):
    whole = write_xlsx(tmp_path / "dang-chep.xlsx", {"S": standard_rows()}).read_bytes()
    (tmp_path / "dang-chep.xlsx").write_bytes(whole[: len(whole) // 2])
    source, _, issues = read_file(tmp_path / "dang-chep.xlsx", tmp_path)
    assert source.status is FileStatus.UNREADABLE and [i.code for i in issues] == ["file_incomplete"]
    (tmp_path / "dang-chep.xlsx").write_bytes(whole)  # the copy finished: nothing cached, read in full
    source, rows, _ = read_file(tmp_path / "dang-chep.xlsx", tmp_path)
    assert source.status is FileStatus.PROCESSED and len(rows) == 5


def test_empty_file_is_unreadable(tmp_path):
    (tmp_path / "rong.xlsx").write_bytes(b"")
    source, _, issues = read_file(tmp_path / "rong.xlsx", tmp_path)
    assert (source.status, source.message) == (
        FileStatus.UNREADABLE,
        "Không đọc được tệp: tệp rỗng (0 byte).",
    )
    assert [i.code for i in issues] == ["file_unreadable"]


def test_garbage_with_a_spreadsheet_extension_is_unreadable(tmp_path):
    (tmp_path / "hong.xlsx").write_bytes(bytes(range(256)) * 8)
    source, _, _ = read_file(tmp_path / "hong.xlsx", tmp_path)
    assert source.status is FileStatus.UNREADABLE
    assert source.message == "Không đọc được tệp: nội dung không phải bảng tính .xlsx hợp lệ."


def test_corrupt_sheet_xml_is_unreadable(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", {"S": standard_rows()})
    write_zip(
        tmp_path / "corrupt.xlsx",
        {
            **{name: data for name, data in _zip_members(path).items() if name != "xl/worksheets/sheet1.xml"},
            "xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>99</v></c>",
        },
    )
    path.unlink()
    result = read_inbox(tmp_path)
    assert [(file.path, file.status) for file in result.files] == [("corrupt.xlsx", FileStatus.UNREADABLE)]
    assert result.files[0].message.startswith("Không đọc được tệp: ")


def _zip_members(path):
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_links_pointing_outside_the_inbox_are_not_followed(tmp_path):
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    write_xlsx(outside / "secret.xlsx", {"S": standard_rows()})
    write_xlsx(inbox / "real.xlsx", {"S": standard_rows()})
    os.symlink(outside / "secret.xlsx", inbox / "link.xlsx")
    os.symlink(outside, inbox / "folder-link")
    os.symlink(inbox / "real.xlsx", inbox / "inside-link.xlsx")
    result = read_inbox(inbox)
    assert [(file.path, file.status) for file in result.files] == [
        ("folder-link", FileStatus.SKIPPED),
        ("inside-link.xlsx", FileStatus.DUPLICATE),  # the same file as real.xlsx: read once
        ("link.xlsx", FileStatus.SKIPPED),
        ("real.xlsx", FileStatus.PROCESSED),
    ]
    assert (
        result.files[2].message
        == f"Bỏ qua liên kết trỏ ra ngoài thư mục nhận tệp: {outside / 'secret.xlsx'}."
    )
    assert set(result.rows["source_file"]) == {"real.xlsx"}


def test_sub_folders_are_read_and_hidden_folders_are_not(tmp_path):
    write_xlsx(tmp_path / "Huyện Cầu Kè" / "đợt 2" / "x.xlsx", {"S": standard_rows()})
    write_xlsx(tmp_path / ".thung-rac" / "y.xlsx", {"S": standard_rows()})
    result = read_inbox(tmp_path)
    assert [file.path for file in result.files] == ["Huyện Cầu Kè/đợt 2/x.xlsx"]


def test_html_table_nested_in_a_layout_table(tmp_path):
    inner = "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
        for row in [HEADER, ["1", "Xã An Quảng Hữu", "Tổ ấp Chợ", "Kim Thị Nga", "Tổ viên", "0912000001"]]
    )
    page = (
        f"<html><body><table><tr><td>Cổng thông tin</td></tr><tr><td><table>{inner}</table></td></tr></table>"
    )
    (tmp_path / "portal.xls").write_text(page, encoding="utf-8")
    _, frame, _ = read_file(tmp_path / "portal.xls", tmp_path)
    assert flat(frame) == [(3, "Xã An Quảng Hữu", "Tổ ấp Chợ", "Kim Thị Nga", "Tổ viên")]


def test_ole_file_that_is_not_a_workbook_is_skipped(tmp_path):
    import olefile  # installed with msoffcrypto-tool

    path = write_xls(tmp_path / "Thumbs.db", {"S": [["x"]]})
    data = bytearray(path.read_bytes())
    ole = olefile.OleFileIO(bytes(data))
    stream_names = ole.listdir()
    ole.close()
    assert ["Workbook"] in stream_names
    offset = bytes(data).find("Workbook".encode("utf-16-le"))
    data[offset : offset + 16] = "Thumbnai".encode("utf-16-le")  # rename the stream: no longer a workbook
    path.write_bytes(bytes(data))
    source, _, _ = read_file(path, tmp_path)
    assert (source.status, source.message) == (
        FileStatus.SKIPPED,
        "Bỏ qua tệp không phải bảng tính: tệp OLE không phải bảng tính (ví dụ Thumbs.db).",
    )


def test_link_loop_is_skipped(tmp_path):
    os.symlink(tmp_path / "b.xlsx", tmp_path / "a.xlsx")
    os.symlink(tmp_path / "a.xlsx", tmp_path / "b.xlsx")
    result = read_inbox(tmp_path)
    assert [(file.path, file.status) for file in result.files] == [
        ("a.xlsx", FileStatus.SKIPPED),
        ("b.xlsx", FileStatus.SKIPPED),
    ]
