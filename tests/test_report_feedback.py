from datetime import date, datetime

import openpyxl
import pandas as pd
from settled import registry_of, result_of, settled_rows

from pipeline.codes import CODES, make_issue
from pipeline.model import FileStatus, RunResult, SourceFile
from pipeline.report.feedback import district_slug, district_slugs, write_feedback
from pipeline.vietnamese import VIETNAM

CL, CK, TC = "Huyện Càng Long", "Huyện Cầu Kè", "Huyện Tiểu Cần"
CL_FILE, CK_FILE, BROKEN = "cang-long/ds.xlsx", "cau-ke/ds.xlsx", "khong-ro/hong.xlsx"
PLACES = [  # district, commune, hamlet
    (CL, "Xã An Trường", "Ấp 1"),
    (CL, "Xã An Trường", "Ấp 2"),
    (CK, "Xã Hòa Ân", "Ấp Chợ"),
    (TC, "Xã Hiếu Tử", "Ấp Sóc Cầu"),
]
MEMBERS = [  # file, row, district, commune, hamlet, name, role, phone, outcome
    (CL_FILE, 7, CL, "Xã An Trường", "Ấp 1", "Trần Thị B", "Tổ trưởng", "", "accepted"),
    (CL_FILE, 8, CL, "Xã An Trường", "Ấp 1", "@Tổ viên", "Tổ viên", "+84912000111", "rejected"),
    (CK_FILE, 5, CK, "Xã Hòa Ân", "Ấp Chợ", "Võ Thị E", "Tổ trưởng", "+84912345678", "accepted"),
]
HEADERS = [
    "Mức độ",
    "Huyện",
    "Tệp",
    "Trang",
    "Dòng",
    "Cột",
    "Ô",
    "Giá trị gốc",
    "Mã lỗi",
    "Nội dung",
    "Cách sửa",
]


def build_result(cau_ke_sent: datetime = datetime(2022, 8, 21, tzinfo=VIETNAM), extra_issues=()) -> RunResult:
    """Càng Long with an error, a warning and a gap; Cầu Kè complete; Tiểu Cần not submitted."""
    registry = registry_of(pd.DataFrame(PLACES, columns=["district", "commune", "hamlet"]))
    columns = [
        "source_file",
        "source_row",
        "district",
        "commune",
        "hamlet",
        "name",
        "role",
        "phone",
        "outcome",
    ]
    rows = pd.DataFrame(MEMBERS, columns=columns)
    rows = rows.assign(
        source_sheet="Sheet1", team="Tổ CNSCĐ " + rows["hamlet"], flags=["phone_missing", "", ""]
    )
    files = [
        SourceFile(
            CL_FILE, "a" * 64, 100, datetime(2022, 8, 20, tzinfo=VIETNAM).timestamp(), FileStatus.PROCESSED
        ),
        SourceFile(CK_FILE, "b" * 64, 100, cau_ke_sent.timestamp(), FileStatus.PROCESSED),
        SourceFile(
            BROKEN, "c" * 64, 10, datetime(2022, 8, 21, tzinfo=VIETNAM).timestamp(), FileStatus.UNREADABLE
        ),
    ]
    issues = [
        make_issue("phone_missing", file=CL_FILE, sheet="Sheet1", row=7, column="phone"),
        make_issue(
            "name_invalid",
            value="@Tổ viên",
            file=CL_FILE,
            sheet="Sheet1",
            row=8,
            column="name",
            column_letter="D",
        ),
        make_issue("file_unreadable", detail="tệp hỏng", file=BROKEN),
        *extra_issues,
    ]
    rows = settled_rows(rows, registry)
    return result_of(date(2022, 8, 25), date(2022, 8, 27), registry, files, rows, issues)


def _rows(sheet, first_row=2) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(min_row=first_row, values_only=True)]


def _issue_rows(sheet) -> list[tuple]:
    """Returns the rows under the header of Lỗi cần sửa, which comes after the district's status."""
    return _rows(sheet, first_row=5)


def test_one_file_per_district_with_issues_or_gaps(tmp_path):
    written = write_feedback(build_result(), tmp_path / "phan-hoi")
    assert written == [
        tmp_path / "phan-hoi" / "huyen-cang-long.xlsx",
        tmp_path / "phan-hoi" / "huyen-tieu-can.xlsx",
    ]
    assert sorted(path.name for path in (tmp_path / "phan-hoi").iterdir()) == [path.name for path in written]


def test_district_file_holds_only_its_own_issues_and_gaps(tmp_path):
    folder = tmp_path / "phan-hoi"
    write_feedback(build_result(), folder)
    book = openpyxl.load_workbook(folder / "huyen-cang-long.xlsx")
    assert book.sheetnames == ["Thư gửi huyện", "Lỗi cần sửa", "Ấp chưa có tổ", "Tổ chưa đủ thành phần"]
    issues = book["Lỗi cần sửa"]
    assert (issues["A1"].value, issues["A2"].value, issues["A3"].value) == (
        "Trạng thái: Đúng hạn",
        "Ấp/khóm có tổ: 1/2",
        None,
    )
    assert [cell.value for cell in issues[4]] == HEADERS
    assert _issue_rows(issues) == [
        (
            "Lỗi",
            CL,
            CL_FILE,
            "Sheet1",
            8,
            "Họ tên",
            "D8",  # the cell to fix
            "@Tổ viên",
            "name_invalid",
            'Họ tên "@Tổ viên" không phải là tên người.',
            CODES["name_invalid"].action,
        ),
        (
            "Cảnh báo",
            CL,
            CL_FILE,
            "Sheet1",
            7,
            "Điện thoại",
            None,  # no cell: the issue came without its column letter
            None,
            "phone_missing",
            "Thiếu số điện thoại di động.",
            CODES["phone_missing"].action,
        ),
    ]
    assert issues["H5"].data_type == "s"
    assert issues.freeze_panes == "A5" and issues.auto_filter.ref == "A4:K6"
    assert issues.print_title_rows == "$4:$4"
    gaps = book["Ấp chưa có tổ"]
    assert _rows(gaps) == [(CL, "Xã An Trường", "Ấp 2", "Đã gửi, còn ấp/khóm chưa có tổ", None)]
    assert gaps.freeze_panes == "A2" and gaps.auto_filter.ref == "A1:E2"


def test_district_that_sent_nothing_gets_its_gaps_and_no_issues(tmp_path):
    folder = tmp_path / "phan-hoi"
    write_feedback(build_result(), folder)
    book = openpyxl.load_workbook(folder / "huyen-tieu-can.xlsx")
    issues = book["Lỗi cần sửa"]
    assert (issues["A1"].value, issues["A2"].value) == (
        "Trạng thái: Chưa gửi danh sách",
        "Ấp/khóm có tổ: 0/1",
    )
    assert [cell.value for cell in issues[4]] == HEADERS
    assert _issue_rows(issues) == [("Không có lỗi cần sửa.", *[None] * 10)]
    assert "A5:K5" in issues.merged_cells
    assert _rows(book["Ấp chưa có tổ"]) == [(TC, "Xã Hiếu Tử", "Ấp Sóc Cầu", "Chưa gửi danh sách", None)]


def test_late_district_with_information_only_has_nothing_to_fix(tmp_path):
    legacy = make_issue(
        "text_legacy_encoding",
        value="Vâ ThÞ E",
        detail="TCVN3",
        file=CK_FILE,
        sheet="Sheet1",
        row=5,
        column="name",
    )
    result = build_result(cau_ke_sent=datetime(2022, 8, 29, 8, 0, tzinfo=VIETNAM), extra_issues=[legacy])
    write_feedback(result, tmp_path)
    issues = openpyxl.load_workbook(tmp_path / "huyen-cau-ke.xlsx")["Lỗi cần sửa"]
    assert (issues["A1"].value, issues["A2"].value) == (
        "Trạng thái: Trễ hạn (gửi ngày 29/08/2022, trễ 2 ngày)",
        "Ấp/khóm có tổ: 1/1",
    )
    rows = _issue_rows(issues)
    assert rows[0] == ("Không có lỗi cần sửa.", *[None] * 10)
    assert [(row[0], row[8]) for row in rows[1:]] == [("Thông tin", "text_legacy_encoding")]
    assert issues.auto_filter.ref == "A4:K6"


def test_feedback_only_writes_and_leaves_clearing_the_folder_to_the_run(tmp_path):
    # The run writes into a fresh staging folder and swaps it in: last run's files never reach here.
    folder = tmp_path / "phan-hoi"
    folder.mkdir()
    (folder / "huyen-cau-ke.xlsx").write_bytes(b"last run")
    (folder / "ghi-chu.xlsx").write_bytes(b"not ours")
    write_feedback(build_result(), folder)
    assert (folder / "huyen-cau-ke.xlsx").read_bytes() == b"last run"
    assert (folder / "ghi-chu.xlsx").read_bytes() == b"not ours"


def test_slugs_are_ascii_lower_case_with_dashes():
    assert district_slug("Huyện Càng Long") == "huyen-cang-long"
    assert district_slug("Thành phố Trà Vinh") == "thanh-pho-tra-vinh"
    assert district_slug("Thị xã  Duyên Hải") == "thi-xa-duyen-hai"
    assert district_slug("Huyện Đức Cơ") == "huyen-duc-co"
    assert district_slugs(["Huyện Châu Thành", "Huyện Châu Thành ", "Huyện Cầu Kè"]) == {
        "Huyện Châu Thành": "huyen-chau-thanh",
        "Huyện Châu Thành ": "huyen-chau-thanh-2",
        "Huyện Cầu Kè": "huyen-cau-ke",
    }


def _letter(book) -> list[str]:
    """The letter's lines: every text of its sheet, top to bottom."""
    sheet = book["Thư gửi huyện"]
    return [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]


def test_the_letter_tells_a_district_its_status_what_it_sent_its_coverage_and_what_to_do(tmp_path):
    team = make_issue("team_no_deputy", value="Tổ CNSCĐ Ấp 1", file=CL_FILE, sheet="Sheet1", row=7)
    write_feedback(build_result(extra_issues=[team]), tmp_path)
    book = openpyxl.load_workbook(tmp_path / "huyen-cang-long.xlsx")
    lines = _letter(book)
    assert lines[:4] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",  # this registry names no province
        "Độc lập - Tự do - Hạnh phúc",
        "……, ngày 25 tháng 8 năm 2022",
    ]
    assert lines[4:6] == ["PHẢN HỒI DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG", f"Kính gửi: Ủy ban nhân dân {CL}"]
    assert lines[6].startswith(
        "Sở Thông tin và Truyền thông đã tổng hợp danh sách Tổ công nghệ số cộng đồng của"
    )
    assert "Đúng hạn (hạn gửi 27/08/2022, còn 2 ngày)." in lines
    at = lines.index("2. Các tệp đã nhận")
    assert lines[at + 1 : at + 11] == [
        "Tệp", "Ngày nhận", "Tình trạng", "Số dòng đọc", "Được chấp nhận",
        CL_FILE, "2022-08-20 00:00:00", "Đã xử lý", "2", "1",
    ]  # fmt: skip
    at = lines.index("3. Độ phủ theo xã/phường/thị trấn")
    assert lines[at + 1 : at + 8] == [  # the columns of Theo xã, without the district
        "Xã/phường/thị trấn", "Tình trạng", "Số ấp/khóm", "Có tổ", "Tỷ lệ", "Số tổ", "Số thành viên",
    ]  # fmt: skip
    assert lines[at + 8 : at + 15] == [
        "Xã An Trường",
        "Đã gửi, còn ấp/khóm chưa có tổ",
        "2",
        "1",
        "0.5",
        "1",
        "1",
    ]
    assert (
        "- Lỗi phải sửa: 1; cảnh báo cần xem lại: 2 (trang «Lỗi cần sửa», mỗi dòng ghi tệp, trang, dòng, cột "
        "và cách sửa)."
    ) in lines
    assert "- Ấp/khóm chưa có tổ: 1 (trang «Ấp chưa có tổ»)." in lines
    assert "- Tổ chưa đủ thành phần: 1 (trang «Tổ chưa đủ thành phần»)." in lines
    steps = [line for line in lines if line[:2] in ("1)", "2)", "3)", "4)")]
    assert [step.split(" (")[0].split(" ngay")[0] for step in steps] == [
        "1) Sửa các lỗi ở trang «Lỗi cần sửa»",
        "2) Xem lại các cảnh báo",
        "3) Thành lập tổ cho 1 ấp/khóm chưa có tổ",
    ]
    assert lines[-1] == "Trân trọng./."
    letter = book["Thư gửi huyện"]
    assert letter.page_setup.orientation == "portrait" and letter.page_setup.paperSize == 9
    assert letter["B14"].number_format == "dd/mm/yyyy" and letter["E18"].number_format == "0.0%"
    teams = _rows(book["Tổ chưa đủ thành phần"])
    assert teams == [
        (
            "Tổ CNSCĐ Ấp 1",
            'Tổ "Tổ CNSCĐ Ấp 1" chưa có Tổ phó.',
            CODES["team_no_deputy"].action,
            CL_FILE,
            "Sheet1",
            7,
        )
    ]


def test_a_district_that_sent_nothing_is_asked_to_send_its_list(tmp_path):
    write_feedback(build_result(), tmp_path)
    lines = _letter(openpyxl.load_workbook(tmp_path / "huyen-tieu-can.xlsx"))
    assert "Chưa gửi danh sách (hạn gửi 27/08/2022, còn 2 ngày)." in lines
    assert "Chưa nhận được tệp nào của huyện." in lines
    assert [line for line in lines if line.startswith(("1)", "2)", "3)"))] == [
        "1) Gửi danh sách Tổ công nghệ số cộng đồng theo Mẫu 2 của từng xã trước ngày 27/08/2022.",
        "2) Thành lập tổ cho 1 ấp/khóm chưa có tổ (trang «Ấp chưa có tổ») và bổ sung vào danh sách.",
    ]
    teams = openpyxl.load_workbook(tmp_path / "huyen-tieu-can.xlsx")["Tổ chưa đủ thành phần"]
    assert _rows(teams) == [("Các tổ đều đủ thành phần.", None, None, None, None, None)]
