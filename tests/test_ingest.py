"""The reader on .xlsx: header finding, carry-down, merged cells, footers, provenance, the public API."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures_mau2 import HEADER, TEAM_A, TEAM_B, standard_expected, standard_rows, write_xlsx

from pipeline.ingest.inbox import RAW_COLUMNS, IngestResult, ReadLimits, read_file, read_inbox
from pipeline.model import FileStatus, SheetReport
from schemas.mau2 import FIELDS

RAW_FIELDS = {field: "phone_cell" if field == "phone" else f"{field}_text" for field in FIELDS}


def flat(rows: pd.DataFrame) -> list[tuple]:
    columns = ["source_row", "commune_text", "team_text", "name_text", "role_text"]
    return list(rows[columns].itertuples(index=False, name=None))


def read_one(path: Path, inbox: Path):
    return read_file(path, inbox)


def test_standard_sheet_rows_carry_down_and_provenance(tmp_path):
    path = write_xlsx(tmp_path / "Càng Long" / "long-duc.xlsx", {"Long Đức": standard_rows()})
    source, rows, issues = read_one(path, tmp_path)
    assert list(rows.columns) == RAW_COLUMNS
    assert flat(rows) == standard_expected()
    assert set(rows["source_file"]) == {"Càng Long/long-duc.xlsx"}
    assert set(rows["source_sheet"]) == {"Long Đức"}
    assert rows["phone_cell"].tolist() == ["0912345678", 912345679, None, "0913 000 111", "0913000222"]
    assert set(rows["title_text"]) == {
        "UBND HUYỆN CÀNG LONG DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG xã long đức huyện Càng Long"
    }
    assert rows["hamlet_text"].tolist() == [""] * 5
    assert source.status is FileStatus.PROCESSED and source.message is None
    assert source.file_format == "xlsx" and len(source.sha256) == 64
    assert source.sheets == (SheetReport("Long Đức", has_table=True, rows=5),)
    assert issues == []


def test_read_inbox_returns_every_file_sorted_with_rows(tmp_path):
    write_xlsx(tmp_path / "b.xlsx", {"S": standard_rows("Xã B")})
    write_xlsx(tmp_path / "a" / "c.xlsx", {"S": standard_rows("Xã A")})
    result = read_inbox(tmp_path)
    assert isinstance(result, IngestResult)
    assert [file.path for file in result.files] == ["a/c.xlsx", "b.xlsx"]
    assert result.rows["source_file"].tolist() == ["a/c.xlsx"] * 5 + ["b.xlsx"] * 5
    assert result.rows["source_row"].dtype == "int64"
    assert result.issues == ()


def test_empty_inbox_gives_empty_frame_with_the_columns(tmp_path):
    result = read_inbox(tmp_path)
    assert result.files == () and list(result.rows.columns) == RAW_COLUMNS and result.rows.empty


def test_merged_cells_spread_over_their_rows_and_titles_are_not_repeated(tmp_path):
    rows = standard_rows()
    rows[1] = ["DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG", None, None, None, None, None]
    merges = ["A2:F2", "B7:B12", "C7:C9", "C11:C12", "A7:A9", "A11:A12"]
    path = write_xlsx(tmp_path / "merged.xlsx", {"Sheet1": rows}, {"Sheet1": merges})
    _, frame, _ = read_one(path, tmp_path)
    assert flat(frame) == standard_expected()
    assert frame["title_text"].iloc[0].count("DANH SÁCH") == 1


def test_merged_team_cell_across_a_blank_row_keeps_the_team(tmp_path):
    rows = [
        HEADER,
        [1, "Xã A", "Tổ ấp 1", "An", "Tổ trưởng", "0912345678"],
        [None] * 6,
        [None, None, None, "Bình", "Tổ viên", "0912345679"],
    ]
    path = write_xlsx(tmp_path / "m.xlsx", {"S": rows}, {"S": ["C2:C4", "B2:B4"]})
    _, frame, _ = read_one(path, tmp_path)
    assert flat(frame) == [
        (2, "Xã A", "Tổ ấp 1", "An", "Tổ trưởng"),
        (4, "Xã A", "Tổ ấp 1", "Bình", "Tổ viên"),
    ]


def test_two_row_header_with_merged_group_title(tmp_path):
    rows = [
        ["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG XÃ HÒA AN"],
        ["STT", "Tên xã", "Tên tổ", "Thông tin thành viên", None, None, "Ghi chú"],
        [None, None, None, "Họ và tên", "Chức vụ trong tổ", "Số điện thoại (Zalo)", None],
        [1, "Xã Hòa Ân", "Tổ CNSCĐ ấp Chợ", "Đặng Thị Út", "Tổ trưởng", "0912000001", None],
        [None, None, None, "Hồ Văn Tư", "Tổ phó", "0912000002", "mới"],
    ]
    merges = ["A2:A3", "B2:B3", "C2:C3", "D2:F2", "G2:G3"]
    path = write_xlsx(tmp_path / "two-rows.xlsx", {"S": rows}, {"S": merges})
    _, frame, issues = read_one(path, tmp_path)
    assert flat(frame) == [
        (4, "Xã Hòa Ân", "Tổ CNSCĐ ấp Chợ", "Đặng Thị Út", "Tổ trưởng"),
        (5, "Xã Hòa Ân", "Tổ CNSCĐ ấp Chợ", "Hồ Văn Tư", "Tổ phó"),
    ]
    assert frame["phone_cell"].tolist() == ["0912000001", "0912000002"]
    assert issues == []


def test_two_row_header_without_merges_combines_both_rows(tmp_path):
    rows = [
        ["TT", "Tên xã/phường/thị trấn", "Tên Tổ công nghệ số cộng đồng", "Thành viên"],
        [None, None, None, "Họ tên", "Chức vụ", "Điện thoại"],
        [1, "Phường 1", "Tổ CNSCĐ khóm 3", "Lâm Văn Sáu", "Tổ trưởng", "0912000003"],
    ]
    _, frame, issues = read_one(write_xlsx(tmp_path / "x.xlsx", {"S": rows}), tmp_path)
    assert flat(frame) == [(3, "Phường 1", "Tổ CNSCĐ khóm 3", "Lâm Văn Sáu", "Tổ trưởng")]
    assert issues == []


def test_name_split_over_surname_and_given_name_columns_is_joined(tmp_path):
    rows = [
        ["TT", "Tên xã", "Tên tổ", "Họ và tên đệm", "Tên", "Chức vụ", "Điện thoại"],
        [1, "Xã Hiếu Tử", "Tổ CNSCĐ ấp Chợ", "Nguyễn Văn", "An", "Tổ trưởng", "0912345678"],
        [2, None, None, "Trần Thị", None, "Tổ phó", "0987654321"],
        [3, None, None, None, "Cường", "Tổ viên", "0977123456"],
    ]
    _, frame, issues = read_one(write_xlsx(tmp_path / "split.xlsx", {"S": rows}), tmp_path)
    assert flat(frame) == [
        (2, "Xã Hiếu Tử", "Tổ CNSCĐ ấp Chợ", "Nguyễn Văn An", "Tổ trưởng"),
        (3, "Xã Hiếu Tử", "Tổ CNSCĐ ấp Chợ", "Trần Thị", "Tổ phó"),
        (4, "Xã Hiếu Tử", "Tổ CNSCĐ ấp Chợ", "Cường", "Tổ viên"),
    ]
    assert issues == []


def test_name_split_under_a_merged_full_name_title_reads_both_header_rows(tmp_path):
    rows = [
        ["TT", "Tên xã", "Tên tổ", "Họ và tên", None, "Chức vụ", "Điện thoại"],
        [None, None, None, "Họ, chữ lót", "Tên", None, None],
        [1, "Xã Hiếu Tử", "Tổ CNSCĐ ấp Chợ", "Nguyễn Văn", "An", "Tổ trưởng", "0912345678"],
        [2, None, None, "Trần Thị", "Bình", "Tổ phó", "0987654321"],
    ]
    merges = ["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2", "G1:G2"]
    source, frame, issues = read_one(
        write_xlsx(tmp_path / "split.xlsx", {"S": rows}, {"S": merges}), tmp_path
    )
    assert flat(frame) == [
        (3, "Xã Hiếu Tử", "Tổ CNSCĐ ấp Chợ", "Nguyễn Văn An", "Tổ trưởng"),
        (4, "Xã Hiếu Tử", "Tổ CNSCĐ ấp Chợ", "Trần Thị Bình", "Tổ phó"),
    ]
    assert source.sheets == (SheetReport("S", has_table=True, rows=2),)
    assert issues == []


@pytest.mark.parametrize("extra_column", [None, "Tên"], ids=["full-name", "full-name-and-given-name"])
def test_full_name_column_is_read_alone(tmp_path, extra_column):
    rows = [
        ["TT", "Tên xã", "Tên tổ", "Họ và tên", extra_column, "Chức vụ", "Điện thoại"],
        [1, "Xã Hiếu Tử", "Tổ CNSCĐ ấp Chợ", "Nguyễn Văn An", "An", "Tổ trưởng", "0912345678"],
    ]
    _, frame, issues = read_one(write_xlsx(tmp_path / "full.xlsx", {"S": rows}), tmp_path)
    assert flat(frame) == [(2, "Xã Hiếu Tử", "Tổ CNSCĐ ấp Chợ", "Nguyễn Văn An", "Tổ trưởng")]
    assert issues == []


def test_reordered_and_extra_columns_with_hamlet_carried_down(tmp_path):
    rows = [
        [
            "Họ và tên",
            "Giới tính",
            "Năm sinh",
            "SĐT",
            "Chức danh",
            "Ấp/Khóm",
            "Tên tổ",
            "Xã/phường",
            "Email",
            "Zalo",
            "Ghi chú",
        ],
        [
            "Ngô Thị Hoa",
            "Nữ",
            1990,
            "0912000004",
            "Tổ trưởng",
            "Ấp Chợ",
            "Tổ CNS ấp Chợ",
            "Xã Phước Hưng",
            "a@b.vn",
            "có",
            "x",
        ],
        ["Ngô Văn Hải", "Nam", 1992, "0912000005", "Tổ viên", None, None, None, None, None, None],
        [
            "Lý Văn Hùng",
            "Nam",
            1988,
            "0912000006",
            "Tổ trưởng",
            "Ấp Mới",
            "Tổ CNS ấp Mới",
            None,
            None,
            None,
            None,
        ],
    ]
    _, frame, issues = read_one(write_xlsx(tmp_path / "x.xlsx", {"S": rows}), tmp_path)
    assert frame[
        ["source_row", "commune_text", "team_text", "hamlet_text", "name_text", "role_text", "phone_cell"]
    ].values.tolist() == [
        [2, "Xã Phước Hưng", "Tổ CNS ấp Chợ", "Ấp Chợ", "Ngô Thị Hoa", "Tổ trưởng", "0912000004"],
        [3, "Xã Phước Hưng", "Tổ CNS ấp Chợ", "Ấp Chợ", "Ngô Văn Hải", "Tổ viên", "0912000005"],
        [4, "Xã Phước Hưng", "Tổ CNS ấp Mới", "Ấp Mới", "Lý Văn Hùng", "Tổ trưởng", "0912000006"],
    ]
    assert issues == []


@pytest.mark.parametrize(
    "field, wording",
    [
        ("commune", "Tên xã/phường/thị trấn"),
        ("commune", "TÊN XÃ"),
        ("commune", "Xã/phường"),
        ("commune", "Đơn vị"),
        ("commune", "Xã, phường, thị trấn"),
        ("commune", "ten xa phuong thi tran"),
        ("team", "Tên Tổ công nghệ số cộng đồng"),
        ("team", "Tên tổ"),
        ("team", "Tổ CNSCĐ"),
        ("team", "Tổ công nghệ số"),
        ("name", "Họ tên"),
        ("name", "HỌ VÀ TÊN"),
        ("name", "Họ, tên"),
        ("name", "Họ và tên thành viên"),
        ("role", "Chức vụ"),
        ("role", "Chức danh"),
        ("role", "Chức vụ trong tổ"),
        ("role", "Chức vụ trong Tổ"),
        ("phone", "Điện thoại di động (đã đăng ký Zalo)"),
        ("phone", "Điện thoại"),
        ("phone", "SĐT"),
        ("phone", "Số điện thoại"),
        ("phone", "Số điện thoại (Zalo)"),
        ("phone", "Di động"),
        ("phone", "ĐTDĐ"),
        ("hamlet", "Ấp/Khóm"),
        ("hamlet", "Ấp"),
        ("hamlet", "Khóm"),
        ("hamlet", "Ấp, khóm"),
    ],
)
def test_header_wording_variants(tmp_path, field, wording):
    header = {
        "commune": "Tên xã",
        "team": "Tên tổ",
        "hamlet": "Ấp/Khóm",
        "name": "Họ tên",
        "role": "Chức vụ",
        "phone": "Điện thoại",
    }
    header[field] = wording
    values = {
        "commune": "Xã A",
        "team": "Tổ 1",
        "hamlet": "Ấp 1",
        "name": "An",
        "role": "Tổ viên",
        "phone": "0912345678",
    }
    fields = list(header)
    path = write_xlsx(tmp_path / "x.xlsx", {"S": [[header[f] for f in fields], [values[f] for f in fields]]})
    _, frame, _ = read_one(path, tmp_path)
    read = [RAW_FIELDS[f] for f in fields]
    assert frame[read].values.tolist() == [[values[f] for f in fields]]


def test_several_tables_in_one_sheet_reset_carry_down_and_keep_their_titles(tmp_path):
    rows = [
        ["DANH SÁCH xã Long Đức"],
        HEADER,
        [1, "Xã Long Đức", "Tổ ấp 1", "An", "Tổ trưởng", "0912000001"],
        [None, None, None, "Bình", "Tổ viên", "0912000002"],
        [],
        ["DANH SÁCH xã Long Sơn"],
        ["STT", "Họ tên", "Chức vụ", "SĐT", "Tên tổ"],
        [1, "Cường", "Tổ trưởng", "0912000003", "Tổ ấp 2"],
        [2, "Dũng", "Tổ viên", "0912000004", None],
    ]
    _, frame, issues = read_one(write_xlsx(tmp_path / "x.xlsx", {"S": rows}), tmp_path)
    assert flat(frame) == [
        (3, "Xã Long Đức", "Tổ ấp 1", "An", "Tổ trưởng"),
        (4, "Xã Long Đức", "Tổ ấp 1", "Bình", "Tổ viên"),
        (8, "", "Tổ ấp 2", "Cường", "Tổ trưởng"),
        (9, "", "Tổ ấp 2", "Dũng", "Tổ viên"),
    ]
    assert frame["title_text"].tolist() == ["DANH SÁCH xã Long Đức"] * 2 + ["DANH SÁCH xã Long Sơn"] * 2
    assert [(i.code, i.row, i.column) for i in issues] == [("column_missing", 7, "commune")]


def test_several_sheets_and_a_sheet_without_table(tmp_path):
    sheets = {
        "Long Đức": standard_rows("Xã Long Đức"),
        "Tổng hợp": [["Tổng số tổ", 2]],
        "Long Sơn": standard_rows("Xã Long Sơn"),
    }
    source, frame, issues = read_one(write_xlsx(tmp_path / "x.xlsx", sheets), tmp_path)
    assert frame.groupby("source_sheet", sort=False).size().to_dict() == {"Long Đức": 5, "Long Sơn": 5}
    assert source.sheets[1] == SheetReport("Tổng hợp", has_table=False, note="không có bảng Mẫu 2")
    assert [(i.code, i.sheet, i.severity.value) for i in issues] == [("sheet_no_table", "Tổng hợp", "info")]
    assert issues[0].message == "Trang tính không có bảng Mẫu 2 nên được bỏ qua."
    assert source.status is FileStatus.PROCESSED


def test_file_without_any_table_is_no_table(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", {"A": [["Báo cáo tiến độ"], ["Đã thành lập", 12]], "B": []})
    source, frame, issues = read_one(path, tmp_path)
    assert source.status is FileStatus.NO_TABLE and frame.empty
    assert source.message.startswith("Không tìm thấy bảng Mẫu 2 trong tệp")
    assert [(i.code, i.sheet) for i in issues] == [
        ("file_no_table", ""),
        ("sheet_no_table", "A"),
        ("sheet_no_table", "B"),
    ]


def test_missing_commune_and_team_columns_are_reported(tmp_path):
    rows = [["Xã Long Đức"], ["TT", "Họ tên", "Chức vụ"], [1, "An", "Tổ trưởng"]]
    _, frame, issues = read_one(write_xlsx(tmp_path / "x.xlsx", {"S": rows}), tmp_path)
    assert flat(frame) == [(3, "", "", "An", "Tổ trưởng")]
    assert frame["phone_cell"].tolist() == [None]
    assert [(i.code, i.row, i.column, i.message) for i in issues] == [
        ("column_missing", 2, "commune", "Bảng thiếu cột Tên xã/phường/thị trấn."),
        ("column_missing", 2, "team", "Bảng thiếu cột Tên Tổ công nghệ số cộng đồng."),
        ("column_missing", 2, "phone", "Bảng thiếu cột Điện thoại di động (đã đăng ký Zalo)."),
    ]


@pytest.mark.parametrize(
    "footer",
    [
        [None, "Người lập biểu", None, None, "TM. UBND XÃ"],
        [None, None, None, None, "KT. CHỦ TỊCH", None],
        [None, None, None, "Trà Vinh, ngày 20 tháng 8 năm 2022"],
        [None, None, None, None, "Long Đức, ngày ... tháng ... năm 2022", None],
        [None, "Xác nhận của UBND xã"],
        [None, None, None, "CHỦ TỊCH", None, None],
    ],
)
def test_footer_rows_end_the_table(tmp_path, footer):
    rows = [
        HEADER,
        [1, "Xã A", "Tổ 1", "An", "Tổ trưởng", "0912000001"],
        [None, None, None, "Bình", "Chủ tịch Hội Nông dân ấp", "0912000002"],
        footer,
        [None, None, None, "Nguyễn Văn Ký", None, None],
    ]
    _, frame, _ = read_one(write_xlsx(tmp_path / "x.xlsx", {"S": rows}), tmp_path)
    assert frame["name_text"].tolist() == ["An", "Bình"]
    assert frame["role_text"].tolist() == ["Tổ trưởng", "Chủ tịch Hội Nông dân ấp"]


def test_column_numbers_team_rows_blank_rows_and_repeated_headers(tmp_path):
    rows = [
        HEADER,
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        [None, "Xã Tân An", None, None, None, None],
        [None, None, "Tổ ấp Tân Đông", None, None, None],
        [1, None, None, "An", "Tổ trưởng", "0912000001"],
        [],
        [],
        HEADER,
        [2, None, None, "Bình", "Tổ viên", "0912000002"],
        [None, None, "Tổ ấp Tân Tây"],
        [3, None, None, "Cường", "TỔ TRƯỞNG", "0912000003"],
    ]
    _, frame, _ = read_one(write_xlsx(tmp_path / "x.xlsx", {"S": rows}), tmp_path)
    assert flat(frame) == [
        (5, "Xã Tân An", "Tổ ấp Tân Đông", "An", "Tổ trưởng"),
        (9, "Xã Tân An", "Tổ ấp Tân Đông", "Bình", "Tổ viên"),
        (11, "Xã Tân An", "Tổ ấp Tân Tây", "Cường", "TỔ TRƯỞNG"),
    ]


def test_new_commune_resets_the_team(tmp_path):
    rows = [
        HEADER,
        [1, "Xã A", "Tổ 1", "An", "Tổ trưởng", "0912000001"],
        [2, "Xã B", None, "Bình", "Tổ trưởng", "0912000002"],
    ]
    _, frame, _ = read_one(write_xlsx(tmp_path / "x.xlsx", {"S": rows}), tmp_path)
    assert flat(frame) == [(2, "Xã A", "Tổ 1", "An", "Tổ trưởng"), (3, "Xã B", "", "Bình", "Tổ trưởng")]


def test_rows_with_only_a_phone_or_a_role_are_data(tmp_path):
    rows = [HEADER, [1, "Xã A", "Tổ 1", None, "Tổ viên", None], [None, None, None, None, None, 912000001]]
    _, frame, _ = read_one(write_xlsx(tmp_path / "x.xlsx", {"S": rows}), tmp_path)
    assert frame[["source_row", "name_text", "role_text", "phone_cell"]].values.tolist() == [
        [2, "", "Tổ viên", None],
        [3, "", "", 912000001],
    ]


def test_text_is_cleaned_to_nfc_single_spaced(tmp_path):
    nfd_name = "Nguye\u0302\u0303n  Va\u0306n\u00a0An\n"
    rows = [HEADER, [1, " Xã\u00a0Long  Đức ", "Tổ\u200b 1", nfd_name, "Tổ trưởng ", "0912 345 678 "]]
    _, frame, _ = read_one(write_xlsx(tmp_path / "x.xlsx", {"S": rows}), tmp_path)
    assert flat(frame) == [(2, "Xã Long Đức", "Tổ 1", "Nguyễn Văn An", "Tổ trưởng")]
    assert frame["phone_cell"].tolist() == ["0912 345 678 "]  # raw, for the phone normaliser


def test_read_limits_defaults():
    assert ReadLimits() == ReadLimits(50 * 1024 * 1024, 100_000, 60, 2 * 1024**3, 500 * 1024 * 1024)


def test_standard_rows_helpers_agree():
    assert TEAM_A != TEAM_B and len(standard_rows()) == 15


def test_role_in_the_team_wins_over_the_job_title(tmp_path):
    rows = [["Họ tên", "Chức vụ", "Chức vụ trong tổ", "SĐT"], ["An", "Trưởng ấp", "Tổ trưởng", "0912000001"]]
    _, frame, _ = read_one(write_xlsx(tmp_path / "x.xlsx", {"S": rows}), tmp_path)
    assert frame[["name_text", "role_text"]].values.tolist() == [["An", "Tổ trưởng"]]
