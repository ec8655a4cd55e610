"""Section rows inside a table ("I. XÃ LONG ĐỨC", "1. Ấp An Hòa") set the commune and team of the rows
below them, as consolidated district files write them instead of a commune column."""

from __future__ import annotations

import pytest
from fixtures_mau2 import HEADER, write_xlsx

from pipeline.ingest.inbox import read_file
from pipeline.ingest.sections import read_section
from pipeline.ingest.table import scan_sheet
from pipeline.model import SheetReport

SHORT_HEADER = ["STT", "Họ và tên", "Chức vụ", "Số điện thoại"]  # no commune, no team column


def flat(rows):
    columns = ["source_row", "commune_text", "team_text", "name_text", "role_text"]
    return list(rows[columns].itertuples(index=False, name=None))


def rectangular(rows: list[list]) -> list[list]:
    """Returns the rows padded with empty cells to one width, as the reader hands a sheet over."""
    width = max(len(row) for row in rows)
    return [[*row, *[None] * (width - len(row))] for row in rows]


def located(rows) -> list[tuple]:
    """Returns (excel_row, commune, team, hamlet, name) of RawRow records."""
    return [(row.source_row, row.commune_text, row.team_text, row.hamlet_text, row.name_text) for row in rows]


def scanned(grid: list[list]) -> list[tuple]:
    """Returns (excel_row, commune, team, hamlet, name) of the data rows of a grid."""
    return located(scan_sheet(rectangular(grid)).rows)


def test_merged_section_rows_set_commune_and_team(tmp_path):
    rows = [
        ["UBND THÀNH PHỐ TRÀ VINH"],
        ["DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"],
        SHORT_HEADER,
        ["I. XÃ LONG ĐỨC"],  # 4
        ["1. Tổ công nghệ số cộng đồng Ấp An Hòa"],
        [1, "Nguyễn Văn An", "Tổ trưởng", "0912000001"],
        [2, "Trần Thị Bình", "Tổ viên", "0912000002"],
        ["2. Ấp Bình Tân"],  # 8
        [1, "Lê Văn Cường", "Tổ trưởng", "0912000003"],
        [],
        ["II. PHƯỜNG 1"],  # 11
        ["1. Khóm 1"],
        [1, "Phạm Thị Dung", "Tổ trưởng", "0912000004"],
    ]
    merges = [f"A{row}:D{row}" for row in (4, 5, 8, 11, 12)]
    _, frame, issues = read_file(write_xlsx(tmp_path / "tp.xlsx", {"DS": rows}, {"DS": merges}), tmp_path)
    assert flat(frame) == [
        (6, "XÃ LONG ĐỨC", "Tổ công nghệ số cộng đồng Ấp An Hòa", "Nguyễn Văn An", "Tổ trưởng"),
        (7, "XÃ LONG ĐỨC", "Tổ công nghệ số cộng đồng Ấp An Hòa", "Trần Thị Bình", "Tổ viên"),
        (9, "XÃ LONG ĐỨC", "Ấp Bình Tân", "Lê Văn Cường", "Tổ trưởng"),
        (13, "PHƯỜNG 1", "Khóm 1", "Phạm Thị Dung", "Tổ trưởng"),
    ]
    assert set(frame["title_text"]) == {
        "UBND THÀNH PHỐ TRÀ VINH DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"
    }
    assert frame["hamlet_text"].tolist() == [""] * 4
    _, frame_again, _ = read_file(write_xlsx(tmp_path / "plain.xlsx", {"DS": rows}), tmp_path)
    assert flat(frame_again) == flat(frame)  # the same rows typed without merging
    assert [(i.code, i.column) for i in issues] == [("column_missing", "commune"), ("column_missing", "team")]


def test_section_rows_are_not_counted_as_rows(tmp_path):
    rows = [SHORT_HEADER, ["I. XÃ LONG ĐỨC"], ["1. Ấp Chợ"], [1, "An", "Tổ trưởng", "0912000001"]]
    source, frame, _ = read_file(write_xlsx(tmp_path / "x.xlsx", {"S": rows}), tmp_path)
    assert len(frame) == 1 and source.sheets == (SheetReport("S", has_table=True, rows=1),)


def test_unmerged_section_number_in_tt_column_and_commune_in_the_team_column():
    grid = [
        ["TT", "Tên tổ", "Họ và tên", "Chức vụ", "Điện thoại"],
        ["I", "XÃ HÒA TÂN"],
        [1, "Tổ CNSCĐ ấp Chợ", "An", "Tổ trưởng", "0912000001"],
        [None, None, "Bình", "Tổ viên", "0912000002"],
        [2, "Tổ CNSCĐ ấp Ba Se A", "Cường", "Tổ trưởng", "0912000003"],
        ["II", "THỊ TRẤN CẦU KÈ"],
        [1, "Tổ CNSCĐ khóm 1", "Dũng", "Tổ trưởng", "0912000004"],
    ]
    assert scanned(grid) == [
        (3, "XÃ HÒA TÂN", "Tổ CNSCĐ ấp Chợ", "", "An"),
        (4, "XÃ HÒA TÂN", "Tổ CNSCĐ ấp Chợ", "", "Bình"),
        (5, "XÃ HÒA TÂN", "Tổ CNSCĐ ấp Ba Se A", "", "Cường"),
        (7, "THỊ TRẤN CẦU KÈ", "Tổ CNSCĐ khóm 1", "", "Dũng"),
    ]


def test_section_typed_in_the_name_column_is_context_not_a_member():
    grid = [SHORT_HEADER, ["I.", "Xã Long Đức"], ["1.", "Ấp An Hòa"], [1, "An", "Tổ trưởng", "0912000001"]]
    assert scanned(grid) == [(4, "Xã Long Đức", "Ấp An Hòa", "", "An")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I. XÃ LONG ĐỨC", ("XÃ LONG ĐỨC", "")),
        ("II) Phường 1", ("Phường 1", "")),
        ("A. Thị trấn Càng Long", ("Thị trấn Càng Long", "")),
        ("- TT Càng Long", ("TT Càng Long", "")),
        ("3. UBND xã Long Đức", ("UBND xã Long Đức", "")),
        ("P.1", ("P.1", "")),
        ("XA LONG DUC", ("XA LONG DUC", "")),  # without marks only in capitals: "Xa Văn Bình" is a name
        ("IV XÃ HÒA TÂN", ("XÃ HÒA TÂN", "")),
        ("1. Ấp Chợ", ("Xã Trước", "Ấp Chợ")),
        ("1) Khóm 3", ("Xã Trước", "Khóm 3")),
        ("a) Tổ CNSCĐ ấp Chợ", ("Xã Trước", "Tổ CNSCĐ ấp Chợ")),
        ("b. Tổ CNS ấp Ba Se B", ("Xã Trước", "Tổ CNS ấp Ba Se B")),
        ("- Tổ số 2", ("Xã Trước", "Tổ số 2")),
        (
            "2.1. Tổ công nghệ số cộng đồng ấp Trà Kha A",
            ("Xã Trước", "Tổ công nghệ số cộng đồng ấp Trà Kha A"),
        ),
        ("KHÓM 4", ("Xã Trước", "KHÓM 4")),
    ],
)
def test_numbering_variants_of_section_rows(text, expected):
    # A commune section resets the team and hamlet; a team section keeps the commune and resets the hamlet.
    grid = [
        ["TT", "Ấp/Khóm", "Họ tên", "Chức vụ", "SĐT"],
        ["I. Xã Trước"],
        ["1. Ấp Trước", "Ấp Trước"],
        [text],
        [1, None, "An", "Tổ trưởng", "0912000001"],
    ]
    assert scanned(grid) == [(5, *expected, "", "An")]


@pytest.mark.parametrize(
    "text",
    [
        "DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG XÃ HÒA TÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Xã",
        "Tổ công nghệ số cộng đồng",
        "3",
        "II",
        "Nguyễn Văn An",
        # names that fold like a unit word: "Phương" is not "Phường", "Tô" is not "Tổ", "Xa" is not "Xã"
        "Phương Thị Lan",
        "Tô Sô Phal",
        "Xa Văn Bình",
        "Phuong Thi Lan",
        "3. Phương Thị Lan",
    ],
)
def test_text_that_names_no_section_is_not_one(text):
    assert read_section(text) is None


def test_team_column_value_after_a_section_and_commune_column_value_win_and_carry_down(tmp_path):
    rows = [
        HEADER,
        ["I. XÃ LONG ĐỨC"],
        [1, None, "Tổ ấp Chợ", "An", "Tổ trưởng", "0912000001"],
        [None, None, None, "Bình", "Tổ viên", "0912000002"],
        [2, "Xã Long Sơn", "Tổ ấp Mới", "Cường", "Tổ trưởng", "0912000003"],
        [None, None, None, "Dũng", "Tổ viên", "0912000004"],
        ["II. PHƯỜNG 1"],
        ["1. Khóm 1"],
        [1, None, None, "Em", "Tổ trưởng", "0912000005"],
        [2, None, "Tổ khóm 2", "Giang", "Tổ trưởng", "0912000006"],
    ]
    merges = ["A2:F2", "A7:F7", "A8:F8"]
    _, frame, issues = read_file(write_xlsx(tmp_path / "x.xlsx", {"S": rows}, {"S": merges}), tmp_path)
    assert flat(frame) == [
        (3, "XÃ LONG ĐỨC", "Tổ ấp Chợ", "An", "Tổ trưởng"),
        (4, "XÃ LONG ĐỨC", "Tổ ấp Chợ", "Bình", "Tổ viên"),
        (5, "Xã Long Sơn", "Tổ ấp Mới", "Cường", "Tổ trưởng"),
        (6, "Xã Long Sơn", "Tổ ấp Mới", "Dũng", "Tổ viên"),
        (9, "PHƯỜNG 1", "Khóm 1", "Em", "Tổ trưởng"),
        (10, "PHƯỜNG 1", "Tổ khóm 2", "Giang", "Tổ trưởng"),
    ]
    assert issues == []


def test_same_commune_typed_again_in_another_case_keeps_the_team():
    grid = [
        HEADER,
        ["I. XÃ LONG ĐỨC"],
        ["1. Ấp Chợ"],
        [1, "Xã Long Đức", None, "An", "Tổ trưởng", "0912000001"],
    ]
    assert scanned(grid) == [(4, "XÃ LONG ĐỨC", "Ấp Chợ", "", "An")]


def test_footers_titles_notes_and_nameless_members_are_not_sections():
    grid = [
        ["TT", "Họ tên", "Chức vụ", "SĐT", "Ghi chú"],
        ["I. XÃ HÒA TÂN"],
        ["1. Ấp Chợ"],
        [1, "An", "Tổ trưởng", "0912000001"],
        ["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG XÃ PHONG PHÚ"],  # a title repeated inside: not a section
        [2, None, "Tổ viên", "0912000002"],  # a member without a name is still a member
        [3, None, None, None, "Ấp Mới"],  # a note is not a section
        [4, "Bình", "Tổ viên", "0912000003"],
        ["Hòa Tân, ngày 20 tháng 8 năm 2022"],  # the footer ends the table
        [None, "Ấp Sau", "Tổ trưởng", "0912000004"],
    ]
    assert scanned(grid) == [
        (4, "XÃ HÒA TÂN", "Ấp Chợ", "", "An"),
        (6, "XÃ HÒA TÂN", "Ấp Chợ", "", ""),
        (8, "XÃ HÒA TÂN", "Ấp Chợ", "", "Bình"),
    ]


def test_hamlet_column_value_on_a_row_without_member_sets_the_hamlet_not_the_team():
    grid = [
        ["TT", "Tổ", "Ấp/Khóm", "Họ tên", "Chức vụ", "SĐT"],
        ["I. Xã Long Đức"],
        [None, "Tổ CNSCĐ số 1", "Ấp Chợ"],
        [1, None, None, "An", "Tổ trưởng", "0912000001"],
    ]
    assert scanned(grid) == [(4, "Xã Long Đức", "Tổ CNSCĐ số 1", "Ấp Chợ", "An")]


def test_section_context_does_not_cross_into_the_next_table():
    grid = [
        SHORT_HEADER,
        ["I. XÃ LONG ĐỨC"],
        ["1. Ấp Chợ"],
        [1, "An", "Tổ trưởng", "0912000001"],
        [],
        ["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"],
        ["TT", "Họ tên", "Chức vụ", "Điện thoại", "Ghi chú"],
        [1, "Bình", "Tổ trưởng", "0912000002"],
    ]
    scan = scan_sheet(rectangular(grid))
    assert len(scan.headers) == 2
    assert located(scan.rows) == [(4, "XÃ LONG ĐỨC", "Ấp Chợ", "", "An"), (8, "", "", "", "Bình")]


def test_header_repeated_after_a_section_row_continues_the_table():
    grid = [
        SHORT_HEADER,
        ["I. XÃ LONG ĐỨC"],
        [1, "An", "Tổ trưởng", "0912000001"],
        ["II. PHƯỜNG 1"],
        SHORT_HEADER,  # pasted pages: the header repeated under the next section
        ["1. Khóm 1"],
        [1, "Bình", "Tổ trưởng", "0912000002"],
    ]
    scan = scan_sheet(rectangular(grid))
    assert len(scan.headers) == 1
    assert located(scan.rows) == [
        (3, "XÃ LONG ĐỨC", "", "", "An"),
        (7, "PHƯỜNG 1", "Khóm 1", "", "Bình"),
    ]


def test_two_tables_each_under_its_own_commune_title_keep_their_title(tmp_path):
    header = [
        "TT",
        "Tên xã/phường/thị trấn",
        "Tên Tổ công nghệ số cộng đồng",
        "Họ tên",
        "Chức vụ",
        "Điện thoại",
    ]
    rows = [
        ["DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"],
        ["PHƯỜNG 5"],
        header,
        [1, None, "Tổ CNSCĐ khóm 1", "An", "Tổ trưởng", "0912000001"],
        [],
        ["DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"],
        ["PHƯỜNG 8"],  # a commune word in column A, above the next header: the next table's title
        header,
        [1, None, "Tổ CNSCĐ khóm 3", "Bình", "Tổ trưởng", "0912000002"],
    ]
    _, frame, issues = read_file(write_xlsx(tmp_path / "p5 p8.xlsx", {"Sheet1": rows}), tmp_path)
    assert flat(frame) == [
        (4, "", "Tổ CNSCĐ khóm 1", "An", "Tổ trưởng"),
        (9, "", "Tổ CNSCĐ khóm 3", "Bình", "Tổ trưởng"),
    ]
    assert frame["title_text"].tolist() == [
        "DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG PHƯỜNG 5",
        "DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG PHƯỜNG 8",
    ]
    assert issues == []


def test_a_subtotal_row_is_skipped_and_the_table_goes_on():
    grid = [
        ["TT", "Tên xã", "Tên tổ", "Họ tên", "Chức vụ", "SĐT"],
        [1, "Xã A", "Ấp Một", "An", "Tổ trưởng", "0912000001"],
        [None, None, None, "Cộng: 1 thành viên", None, None],
        [2, None, "Ấp Hai", "Bình", "Tổ trưởng", "0912000002"],
        [None, None, None, "Công an viên", "Tổ viên", None],  # a role typed in the name column is still a row
        ["Tổng cộng", None, None, None, None, None],
        [None, "Người lập biểu", None, None, "CHỦ TỊCH"],
        [None, "Nguyễn Văn Lập", None, None, "Trần Văn Chủ"],
    ]
    assert scanned(grid) == [
        (2, "Xã A", "Ấp Một", "", "An"),
        (4, "Xã A", "Ấp Hai", "", "Bình"),
        (5, "Xã A", "Ấp Hai", "", "Công an viên"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I. CHÂU ĐIỀN", ("commune", "CHÂU ĐIỀN")),  # roman numbers number communes, even without "xã"
        ("III. Phong Phú", ("commune", "Phong Phú")),
        ("1. To CNSCD ap Ba Nghe", ("team", "To CNSCD ap Ba Nghe")),  # team words, however typed
        ("3. Tổ công nghệ cộng đồng ấp Giữa", ("team", "Tổ công nghệ cộng đồng ấp Giữa")),
        ("4. Tổ công tác chuyển đổi số", ("team", "Tổ công tác chuyển đổi số")),  # not a hamlet team, a team
    ],
)
def test_sections_without_the_usual_words(text, expected):
    assert read_section(text) == expected


def test_a_working_group_section_does_not_pour_its_members_into_the_team_above():
    grid = [
        SHORT_HEADER,
        ["I. XÃ CHÂU ĐIỀN"],
        ["1. Tổ CNSCĐ ấp An Thạnh"],
        [1, "An", "Tổ trưởng", "0912000001"],
        ["2. Tổ công tác chuyển đổi số"],
        [1, "Bình", "Tổ trưởng", "0912000002"],
    ]
    assert scanned(grid) == [
        (4, "XÃ CHÂU ĐIỀN", "Tổ CNSCĐ ấp An Thạnh", "", "An"),
        (6, "XÃ CHÂU ĐIỀN", "Tổ công tác chuyển đổi số", "", "Bình"),
    ]


def test_a_member_named_cong_is_no_subtotal():
    grid = [
        ["TT", "Tên xã", "Tên tổ", "Họ và tên đệm", "Tên", "Chức vụ", "SĐT"],
        [1, "Xã A", "Ấp Một", "Nguyễn Văn", "An", "Tổ trưởng", "0912000001"],
        [2, None, None, "Nguyễn Thành", "Công", None, None],
        [3, None, None, "Lê Văn", "Cộng", "Tổ viên", None],
    ]
    assert [row[4] for row in scanned(grid)] == ["Nguyễn Văn An", "Nguyễn Thành Công", "Lê Văn Cộng"]
