import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest
from settled import registry_of, result_of, settled_rows
from spec_contract import SHEETS

from pipeline.codes import CODES, make_issue
from pipeline.coverage import compute_coverage
from pipeline.merge import standing_issues
from pipeline.model import FileStatus, RunResult, SheetReport, SourceFile
from pipeline.places.registry import Registry
from pipeline.report import labels
from pipeline.report.atomic import atomic_path
from pipeline.report.workbook import write_workbook
from pipeline.report.workbook_tables import district_issue_tables, duplicate_table, issue_table
from pipeline.vietnamese import VIETNAM

CL, CK, TC = "Huyện Càng Long", "Huyện Cầu Kè", "Huyện Tiểu Cần"
AT, TT, HA = "Xã An Trường", "Thị trấn Càng Long", "Xã Hòa Ân"
NEW, OLD = "cang-long/ds.xlsx", "cang-long/ds-cu.xlsx"
CAU_KE, BROKEN = "cau-ke/danh sach.xlsx", "tieu-can/hong.xlsx"
PLACES = [  # district, commune, hamlet, registry source
    (CL, AT, "Ấp 1", "official"),
    (CL, AT, "Ấp 2", "official"),
    (CL, AT, "Ấp 3", "official"),
    (CL, TT, "Khóm 1", "official"),
    (CL, TT, "Khóm 2", "official"),
    (CK, HA, "Ấp Chợ", "sample"),
    (CK, HA, "Ấp Trà Kha A", "sample"),
    (TC, "Xã Hiếu Tử", "Ấp Tân Trung Giồng", "official"),
    (TC, "Xã Hiếu Tử", "Ấp Sóc Cầu", "official"),
]
AP1, AP2, KHOM1, CHO = "Tổ CNSCĐ ấp 1", "Tổ CNSCĐ ấp 2", "Tổ CNSCĐ khóm 1", "-Tổ CNSCĐ ấp Chợ"
TWO_FLAGS = "phone_landline;text_legacy_encoding"
MEMBERS = [  # file, row, commune, hamlet, team, name, role, phone, outcome, flags
    (NEW, 7, AT, "Ấp 1", AP1, "Nguyễn Văn A", "Tổ viên", "+84912345678", "accepted", ""),
    (NEW, 8, AT, "Ấp 1", AP1, "Trần Thị B", "Tổ trưởng", "+84912000111", "accepted", ""),
    (NEW, 9, AT, "Ấp 1", AP1, "=SUM(A1)", "Tổ viên", "", "rejected", ""),
    (NEW, 10, AT, "Ấp 1", AP1, "Nguyễn Văn A", "Tổ viên", "+84912345678", "merged", ""),
    (NEW, 11, AT, "Ấp 2", AP2, "Lê Văn C", "Tổ phó", "", "accepted", "phone_missing"),
    (NEW, 12, TT, "Khóm 1", KHOM1, "Phạm Văn D", "Tổ trưởng", "+84913111222", "accepted", ""),
    (OLD, 5, AT, "Ấp 1", AP1, "Nguyễn Văn A", "Tổ viên", "+84912345678", "superseded", ""),
    (CAU_KE, 5, HA, "Ấp Chợ", CHO, "Võ Thị E", "Tổ trưởng", "+84294385085", "accepted", TWO_FLAGS),
]


def _when(*args) -> float:
    return datetime(*args, tzinfo=VIETNAM).timestamp()


FILES = [
    SourceFile(
        NEW,
        "a" * 64,
        9000,
        _when(2022, 8, 19, 10, 0),
        FileStatus.PROCESSED,
        None,
        "xlsx",
        (SheetReport("Sheet1", True, 6), SheetReport("Tổng hợp", False)),
    ),
    SourceFile(
        OLD,
        "b" * 64,
        8000,
        _when(2022, 8, 15, 9, 30),
        FileStatus.SUPERSEDED,
        "Đã được thay bằng bản gửi sau: cang-long/ds.xlsx.",
        "xlsx",
        (SheetReport("Sheet1", True, 1),),
    ),
    SourceFile(
        CAU_KE,
        "c" * 64,
        7000,
        _when(2022, 8, 29, 8, 0),
        FileStatus.PROCESSED,
        None,
        "xls",
        (SheetReport("Hòa Ân", True, 1),),
    ),
    SourceFile(
        BROKEN, "d" * 64, 10, _when(2022, 8, 20, 7, 0), FileStatus.UNREADABLE, "Không đọc được tệp: tệp hỏng."
    ),
]
ISSUES = [
    make_issue(
        "name_invalid", value="=SUM(A1)", file=NEW, sheet="Sheet1", row=9, column="name", column_letter="D"
    ),
    make_issue("phone_missing", file=NEW, sheet="Sheet1", row=11, column="phone"),
    make_issue(
        "phone_landline", value="+84 294 3850 853", file=CAU_KE, sheet="Hòa Ân", row=5, column="phone"
    ),
    make_issue(
        "text_legacy_encoding",
        value="Vâ ThÞ E",
        detail="TCVN3",
        file=CAU_KE,
        sheet="Hòa Ân",
        row=5,
        column="name",
    ),
    make_issue("file_unreadable", detail="tệp hỏng", file=BROKEN),
]


def _member_rows(members, registry) -> pd.DataFrame:
    """Returns settled rows as consolidate() leaves them, from the MEMBERS tuples."""
    columns = ["source_file", "source_row", "commune", "hamlet", "team", "name", "role", "phone", "outcome"]
    rows = pd.DataFrame(members, columns=[*columns, "flags"])
    district_of = {commune: district for district, commune, _, _ in PLACES}
    rows = rows.assign(
        source_sheet=rows["source_file"].map({CAU_KE: "Hòa Ân"}).fillna("Sheet1"),
        district=rows["commune"].map(district_of),
        superseded_by=rows["outcome"].eq("superseded").map({True: NEW, False: ""}),
    )
    return settled_rows(rows, registry)


def build_result() -> RunResult:
    """Three districts: Càng Long on time with every outcome, Cầu Kè late, Tiểu Cần missing."""
    registry = registry_of(
        pd.DataFrame(PLACES, columns=["district", "commune", "hamlet", "source"]), "embedded: test"
    )
    rows = _member_rows(MEMBERS, registry)
    duplicates = pd.DataFrame({"merged_row": [3], "kept_row": [0]})
    return result_of(date(2022, 8, 30), date(2022, 8, 27), registry, FILES, rows, ISSUES, duplicates)


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("outbox") / "tong-hop.xlsx"
    write_workbook(build_result(), path)
    return path


@pytest.fixture(scope="module")
def book(workbook_path):
    return openpyxl.load_workbook(workbook_path)


def _values(sheet, first_row=2):
    return [tuple(row) for row in sheet.iter_rows(min_row=first_row, values_only=True)]


def _label_rows(sheet):
    return {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], str)}


def test_sheet_names_in_order(book):
    assert book.sheetnames == SHEETS


def test_every_sheet_has_frozen_header_filter_and_print_setup(book):
    for name in SHEETS:
        sheet = book[name]
        overview = name == "Tổng quan"  # several tables under a document heading: nothing repeated
        assert sheet.freeze_panes == ("A6" if overview else "A2"), name
        assert sheet.auto_filter.ref, name
        assert sheet.print_title_rows == (None if overview else "$1:$1"), name
        assert sheet.oddFooter.left.text == "&A" and sheet.oddFooter.right.text == "Trang &P/&N", name
        assert sheet.page_setup.orientation == "landscape", name
        assert sheet.page_setup.paperSize == 9, name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
        # one page wide (1 is the default, left out of the file), as many pages tall as needed
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0, name
    assert book["Lỗi cần sửa"].auto_filter.ref == "A1:K6"
    assert book["Lỗi cần sửa"]["A1"].font.b


def test_overview_shows_deadline_figures_missing_districts_and_sample_note(book):
    sheet = book["Tổng quan"]
    # The heading of an administrative document; this registry names no province
    assert (sheet["A2"].value, sheet["D1"].value, sheet["D2"].value, sheet["D3"].value) == (
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "……, ngày 30 tháng 8 năm 2022",
    )
    assert sheet["A5"].value == "TỔNG HỢP TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"
    figures = _label_rows(sheet)
    assert figures["Số liệu tính đến ngày"][0] == datetime(2022, 8, 30)
    assert figures["Hạn gửi danh sách"][:2] == (datetime(2022, 8, 27), "đã quá hạn 3 ngày")
    assert sheet["B7"].number_format == "dd/mm/yyyy"
    assert figures["Tệp nhận được"][0] == 4
    assert figures["Dòng dữ liệu đã đọc"][0] == 8
    assert figures["Dòng được chấp nhận"][:2] == (5, 8)
    assert [
        figures[k][0] for k in ("Dòng bị loại do lỗi", "Dòng trùng, đã gộp", "Dòng đã thay bằng bản gửi sau")
    ] == [1, 1, 1]
    assert figures["Huyện đã gửi danh sách"][:2] == (2, 3)
    assert figures["Xã/phường/thị trấn đã gửi"][:2] == (3, 4)
    assert figures["Ấp/khóm có tổ"][:3] == (4, 9, pytest.approx(4 / 9))
    assert figures["Số tổ công nghệ số cộng đồng"][0] == 4
    assert figures["Số thành viên"][0] == 5
    assert figures["Huyện chưa gửi danh sách (1)"][0] == TC
    assert figures["Xã khác chưa gửi danh sách (0)"][0] == "Không có"  # Hiếu Tử is Tiểu Cần's
    assert figures["Nguồn danh mục địa bàn"][0] == "Danh mục có sẵn trong phần mềm: test"
    note = next(value for value in figures if value.startswith("Lưu ý:"))
    assert "2/9 ấp/khóm" in note and "dữ liệu mẫu" in note
    assert "Nguồn danh mục" not in note and "test" not in note  # the source is on the line above
    assert figures["Lỗi (xem trang Lỗi cần sửa)"][0] == 2 and figures["Cảnh báo cần sửa"][0] == 2
    assert figures[CL][:3] == (
        "Đúng hạn",
        datetime(2022, 8, 15),
        "Gửi trước hạn 12 ngày",
    )  # the first file, since corrected
    assert figures[CK][:3] == ("Trễ hạn", datetime(2022, 8, 29), "Gửi trễ 2 ngày")
    assert figures[TC][:4] == ("Chưa gửi", None, "Chưa gửi, đã quá hạn 3 ngày", 2)


def test_overview_has_a_coverage_chart_fed_by_the_district_table(workbook_path):
    with zipfile.ZipFile(workbook_path) as archive:
        names = sorted(name for name in archive.namelist() if name.startswith("xl/charts/chart"))
        charts = [archive.read(name).decode("utf-8") for name in names]
    overview = [chart for chart in charts if "'Tổng quan'!" in chart]
    assert len(overview) == 1 and len(charts) == 2  # the other one: Tiến độ's
    chart = overview[0]
    assert '<c:barDir val="col"/>' in chart and "'Tổng quan'!$G$" in chart and "'Tổng quan'!$A$" in chart
    assert "<c:lineChart>" in chart and "'Tổng quan'!$H$" in chart  # the goal, 100% on every district
    # One bar per district coloured by its level: Càng Long 3/5 amber, Cầu Kè 1/2 amber, Tiểu Cần 0 red
    colours = re.findall(r'<c:dPt><c:idx val="(\d)"/>.*?<a:srgbClr val="(\w+)"/>', chart)
    assert colours == [("0", "F1C232"), ("1", "F1C232"), ("2", "C0504D")]


def test_coverage_cells_are_coloured_by_level(book):
    rules = book["Theo huyện"].conditional_formatting
    formulas = sorted(rule.formula[0] for cells in rules for rule in cells.rules if rule.type == "expression")
    assert formulas == [
        "AND(ISNUMBER(H2),H2>=0.0,H2<0.5)",
        "AND(ISNUMBER(H2),H2>=0.5,H2<1.0)",
        "AND(ISNUMBER(H2),H2>=1.0)",
    ]


@pytest.mark.parametrize(
    ("provinces", "heading"),
    [
        (("Tỉnh Trà Vinh",), ("UBND TỈNH TRÀ VINH", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Trà Vinh")),
        (("Thành phố Cần Thơ",), ("UBND THÀNH PHỐ CẦN THƠ", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Cần Thơ")),
        (("Tỉnh Bến Tre", "Tỉnh Trà Vinh"), ("", "BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "Hà Nội")),
    ],
)
def test_the_issuing_body_is_the_registrys_province(provinces, heading):
    assert labels.issuing_body(provinces) == heading


def test_the_date_line_is_written_as_official_documents_write_it():
    assert labels.document_date("Trà Vinh", date(2023, 2, 5)) == "Trà Vinh, ngày 05 tháng 02 năm 2023"
    assert labels.document_date("Trà Vinh", date(2022, 12, 30)) == "Trà Vinh, ngày 30 tháng 12 năm 2022"


def test_district_sheet_has_one_row_per_district_and_a_total(book):
    rows = _values(book["Theo huyện"])
    assert rows[0] == (CL, "Đúng hạn", datetime(2022, 8, 15), 2, 2, 5, 3, 0.6, 3, 4)
    assert rows[2][:3] == (TC, "Chưa gửi", None)
    assert rows[3] == ("Tổng cộng", "2/3 đã gửi", None, 4, 3, 9, 4, pytest.approx(4 / 9), 4, 5)
    assert book["Theo huyện"]["H2"].number_format == "0.0%"
    assert book["Theo huyện"].auto_filter.ref == "A1:J4"  # the total row stays out of the filter


def test_coverage_gives_stable_state_codes_and_the_workbook_words():
    coverage = build_result().coverage
    assert list(coverage.communes["state"]) == ["partial", "partial", "partial", "not_submitted"]
    one_hamlet = registry_of(
        pd.DataFrame([(CL, AT, "Ấp 1", "official")], columns=["district", "commune", "hamlet", "source"])
    )
    first_seen = {NEW: _when(2022, 8, 19, 10, 0)}
    rows = _member_rows(MEMBERS[:1], one_hamlet)
    complete = compute_coverage(one_hamlet.table, rows, first_seen, date(2022, 8, 27))
    assert list(complete.communes["state"]) == ["complete"]
    assert labels.COMMUNE_STATE == {
        "not_submitted": "Chưa gửi danh sách",
        "partial": "Đã gửi, còn ấp/khóm chưa có tổ",
        "complete": "Đủ",
    }


def test_commune_sheet_gives_each_commune_its_state(book):
    rows = _values(book["Theo xã"])
    assert rows[0] == (CL, "Xã An Trường", "Đã gửi, còn ấp/khóm chưa có tổ", 3, 2, pytest.approx(2 / 3), 2, 3)
    assert rows[3] == (TC, "Xã Hiếu Tử", "Chưa gửi danh sách", 2, 0, 0, 0, 0)


def test_member_list_follows_mau_2_grouped_by_district_with_teams_merged(book):
    sheet = book["Danh sách tổ"]
    assert [cell.value for cell in sheet[1]] == [
        "TT",
        "Tên xã/phường/thị trấn",
        "Tên Tổ công nghệ số cộng đồng",
        "Họ tên",
        "Chức vụ",
        "Điện thoại di động (đã đăng ký Zalo)",
        "Huyện",
        "Ấp/khóm",
        "Ghi chú",
        "Nguồn (tệp, trang, dòng)",
    ]
    rows = _values(sheet)
    blank = (None,) * 9
    assert rows[0] == (f"{CL}: 3 tổ, 4 thành viên", *blank)
    assert rows[1] == (
        1,
        AT,
        AP1,
        "Trần Thị B",
        "Tổ trưởng",
        "0912 000 111",
        CL,
        "Ấp 1",
        None,
        f"{NEW} (Sheet1, dòng 8)",
    )
    # The team's second member: TT, commune and team are the merged cells of the first row.
    assert rows[2] == (
        None,
        None,
        None,
        "Nguyễn Văn A",
        "Tổ viên",
        "0912 345 678",
        CL,
        "Ấp 1",
        None,
        f"{NEW} (Sheet1, dòng 7)",
    )
    assert [(row[0], row[3], row[4], row[8]) for row in rows[3:5]] == [
        (2, "Lê Văn C", "Tổ phó", "Thiếu SĐT"),
        (3, "Phạm Văn D", "Tổ trưởng", None),
    ]
    assert rows[5] == (f"{CK}: 1 tổ, 1 thành viên", *blank)
    assert rows[6][:4] == (1, HA, CHO, "Võ Thị E")  # numbered again in each district
    assert rows[6][8:] == ("Số máy bàn; Đã chuyển chữ mã cũ sang Unicode", f"{CAU_KE} (Hòa Ân, dòng 5)")
    assert sheet["C8"].value == CHO and sheet["C8"].data_type == "s" and sheet["C8"].quotePrefix
    assert sheet["F3"].data_type == "s"  # phones are text
    merged = sorted(str(cells) for cells in sheet.merged_cells.ranges)
    assert merged == sorted(["A2:J2", "A3:A4", "B3:B4", "C3:C4", "A7:J7"])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J8"
    assert sheet.oddHeader.center.text == "DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"  # Mẫu 2's title


def test_gap_sheet_lists_every_uncovered_hamlet_with_its_commune_state(book):
    rows = _values(book["Ấp chưa có tổ"])
    assert rows == [
        (CL, "Xã An Trường", "Ấp 3", "Đã gửi, còn ấp/khóm chưa có tổ", None),
        (CL, "Thị trấn Càng Long", "Khóm 2", "Đã gửi, còn ấp/khóm chưa có tổ", None),
        (
            CK,
            "Xã Hòa Ân",
            "Ấp Trà Kha A",
            "Đã gửi, còn ấp/khóm chưa có tổ",
            "Ấp/khóm mẫu, chưa phải danh mục chính thức",
        ),
        (TC, "Xã Hiếu Tử", "Ấp Tân Trung Giồng", "Chưa gửi danh sách", None),
        (TC, "Xã Hiếu Tử", "Ấp Sóc Cầu", "Chưa gửi danh sách", None),
    ]


def test_issue_sheet_lists_errors_first_with_location_value_and_action(book):
    sheet = book["Lỗi cần sửa"]
    rows = _values(sheet)
    assert [row[0] for row in rows] == ["Lỗi", "Lỗi", "Cảnh báo", "Cảnh báo", "Thông tin"]
    name_row = next(row for row in rows if row[8] == "name_invalid")
    assert name_row == (
        "Lỗi",
        CL,
        NEW,
        "Sheet1",
        9,
        "Họ tên",
        "D9",  # the cell to fix
        "=SUM(A1)",
        "name_invalid",
        'Họ tên "=SUM(A1)" không phải là tên người.',
        CODES["name_invalid"].action,
    )
    row_number = rows.index(name_row) + 2
    assert sheet.cell(row_number, 8).data_type == "s"  # text, never a formula
    landline = next(row for row in rows if row[8] == "phone_landline")
    assert landline[1:8] == (CK, CAU_KE, "Hòa Ân", 5, "Điện thoại", None, "+84 294 3850 853")
    assert sheet.cell(rows.index(landline) + 2, 8).data_type == "s"
    broken = next(row for row in rows if row[8] == "file_unreadable")
    assert broken[1:6] == (None, BROKEN, None, None, None)
    assert sheet.cell(6, 1).font.i  # information in a lighter style, after what must be fixed


def test_duplicate_sheet_puts_the_merged_row_beside_the_kept_one(book):
    assert _values(book["Trùng lặp"]) == [
        (
            CL,
            "Xã An Trường",
            "Tổ CNSCĐ ấp 1",
            "Nguyễn Văn A",
            "0912 345 678",
            NEW,
            "Sheet1",
            10,
            "Tổ CNSCĐ ấp 1",
            "Nguyễn Văn A",
            "0912 345 678",
            NEW,
            "Sheet1",
            7,
        )
    ]


def test_source_sheet_accounts_every_file(book):
    rows = {row[0]: row for row in _values(book["Nguồn dữ liệu"])}
    assert rows[NEW][1:] == (
        "Đã xử lý",
        None,
        CL,
        "Sheet1 (6 dòng); Tổng hợp (không có bảng)",
        6,
        4,
        1,
        1,
        0,
        datetime(2022, 8, 19, 10, 0),
        datetime(2022, 8, 19),  # no nightly state: it counts from its modification
        "aaaaaaaaaaaa",
    )
    assert rows[OLD][1:3] == ("Đã thay thế", "Đã được thay bằng bản gửi sau: cang-long/ds.xlsx.")
    assert rows[OLD][5:10] == (1, 0, 0, 0, 1)
    assert rows[BROKEN][1:10] == (
        "Không đọc được",
        "Không đọc được tệp: tệp hỏng.",
        None,
        None,
        0,
        0,
        0,
        0,
        0,
    )


def test_the_overview_counts_exactly_the_errors_and_warnings_the_issue_sheet_lists(tmp_path):
    # A rejected row's other warnings are listed (the district fixes the whole row): so they count too.
    rejected_row_warning = make_issue("phone_missing", file=NEW, sheet="Sheet1", row=9, column="phone")
    registry, rows = build_result().registry, build_result().rows
    result = result_of(
        date(2022, 8, 30), date(2022, 8, 27), registry, FILES, rows, [*ISSUES, rejected_row_warning]
    )
    path = tmp_path / "tong-hop.xlsx"
    write_workbook(result, path)
    book = openpyxl.load_workbook(path)
    figures = _label_rows(book["Tổng quan"])
    listed = [(row[0], row[2], row[4], row[8]) for row in _values(book["Lỗi cần sửa"])]
    assert ("Cảnh báo", NEW, 9, "phone_missing") in listed
    errors = sum(severity == "Lỗi" for severity, *_ in listed)
    warnings = sum(severity == "Cảnh báo" for severity, *_ in listed)
    assert (result.totals.errors, result.totals.warnings) == (errors, warnings) == (2, 3)
    assert figures["Lỗi (xem trang Lỗi cần sửa)"][0] == 2 and figures["Cảnh báo cần sửa"][0] == 3


def test_issues_of_a_merged_row_stand_only_for_its_team_not_its_cells():
    rows = build_result().rows
    issues = [
        make_issue("column_missing", value="Chức vụ", file=NEW, sheet="Sheet1", column="role"),
        make_issue("phone_missing", file=NEW, sheet="Sheet1", row=10, column="phone"),  # merged row's cell
        make_issue("team_no_deputy", file=NEW, sheet="Sheet1", row=10, column="team"),  # its team's
        make_issue("phone_missing", file=NEW, sheet="Sheet1", row=11, column="phone"),
    ]
    standing = standing_issues(issues, rows)
    assert [(issue.row, issue.code) for issue in standing] == [
        (None, "column_missing"),
        (10, "team_no_deputy"),
        (11, "phone_missing"),
    ]


def test_on_the_deadline_day_the_overview_says_it_is_the_last_day(tmp_path):
    result = replace(build_result(), as_of=date(2022, 8, 27))
    path = tmp_path / "tong-hop.xlsx"
    write_workbook(result, path)
    figures = _label_rows(openpyxl.load_workbook(path)["Tổng quan"])
    assert figures["Hạn gửi danh sách"][1] == "hôm nay là hạn cuối"
    assert figures[TC][2] == "Chưa gửi, hôm nay là hạn cuối"


def test_duplicate_pairs_keep_their_order_and_fall_back_to_the_phone_as_typed():
    result = build_result()
    rows = result.rows.assign(phone_national=result.rows["phone_national"].where(result.rows.index != 0, ""))
    rows = rows.assign(phone_text=rows["phone_text"].where(rows.index != 0, "0912.345.678"))
    pairs = pd.DataFrame({"merged_row": [3, 6], "kept_row": [0, 1]})
    table = duplicate_table(replace(result, rows=rows, duplicates=pairs))
    assert [(record[3], record[7], record[9], record[10], record[13]) for record in table.records] == [
        ("Nguyễn Văn A", 10, "Nguyễn Văn A", "0912.345.678", 7),
        ("Nguyễn Văn A", 5, "Trần Thị B", "0912 000 111", 8),
    ]
    assert all(isinstance(record[7], int) and isinstance(record[13], int) for record in table.records)


def test_issues_grouped_by_district_match_the_full_list_filtered():
    result = build_result()
    every = issue_table(result)
    by_district = district_issue_tables(result)
    assert set(by_district) == {CL, CK, ""}
    for district, table in by_district.items():
        chosen = [i for i, record in enumerate(every.records) if (record[1] or "") == district]
        assert table.records == [every.records[i] for i in chosen]
        assert table.styles == [every.styles[i] for i in chosen]


def test_a_registry_without_sample_hamlets_has_no_note(tmp_path):
    result = build_result()
    registry = Registry(result.registry.table.assign(source="official"), "x.csv", True, 0)
    path = tmp_path / "tong-hop.xlsx"
    write_workbook(replace(result, registry=registry), path)
    texts = [
        cell for row in openpyxl.load_workbook(path)["Tổng quan"].iter_rows(values_only=True) for cell in row
    ]
    assert not any(isinstance(text, str) and text.startswith("Lưu ý:") for text in texts)
    assert "x.csv" in texts  # a registry file is named by its path


def test_an_empty_inbox_gives_a_complete_workbook_with_every_hamlet_as_a_gap(tmp_path):
    result = build_result()
    rows = _member_rows([], result.registry)
    empty = result_of(date(2022, 8, 20), result.deadline, result.registry, [], rows, [])
    path = tmp_path / "tong-hop.xlsx"
    write_workbook(empty, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    figures = _label_rows(book["Tổng quan"])
    assert figures["Hạn gửi danh sách"][1] == "còn 7 ngày"
    assert figures["Dòng dữ liệu đã đọc"][0] == 0 and figures["Ấp/khóm có tổ"][:2] == (0, 9)
    assert figures["Huyện chưa gửi danh sách (3)"][0] == f"{CL}, {CK}, {TC}"
    assert _values(book["Danh sách tổ"]) == [] and _values(book["Nguồn dữ liệu"]) == []
    assert len(_values(book["Ấp chưa có tổ"])) == 9


def test_writing_replaces_the_workbook_only_when_complete(tmp_path):
    target = tmp_path / "tong-hop.xlsx"
    target.write_bytes(b"previous")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"previous"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tong-hop.xlsx"]
    with atomic_path(target) as temporary:
        assert temporary.parent == tmp_path and temporary != target
        temporary.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tong-hop.xlsx"]


def test_same_result_gives_the_same_bytes(tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook(build_result(), first)
    write_workbook(build_result(), second)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook(workbook_path, tmp_path):
    completed = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(workbook_path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "tong-hop.pdf").stat().st_size > 0
