"""The first sheet of a district's feedback workbook: a short letter from the Department to the district.

It reads top to bottom as an administrative letter: the heading (issuing body, national motto, place and
date), to whom, then what the district sent and when, its status against the deadline, the coverage of
its communes, what is to fix and what to do next. The sheets after it hold the details.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..codes import CODES
from ..merge import ACCEPTED
from ..model import Severity, SubmissionStatus
from ..validate import TEAM_CODES
from ..vietnamese import date_text, number_text, vietnam_date
from . import labels
from .heading import HEADING_ROWS, write_document_heading
from .workbook_coverage import commune_columns, commune_records
from .workbook_layout import (
    CHARS_PER_WIDTH,
    LINE_HEIGHT,
    Column,
    Formats,
    Table,
    set_print,
    text_lines,
    write_rows,
)
from .workbook_tables import FILE_STATUS_HIGHLIGHT

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from ..model import Issue, RunResult

SHEET_LETTER = "Thư gửi huyện"
SHEET_TEAMS = "Tổ chưa đủ thành phần"
_WIDTHS = (34, 16, 20, 12, 12, 12, 12)
_LAST_COL = len(_WIDTHS) - 1
_TEXT_WIDTH = int(sum(_WIDTHS) * CHARS_PER_WIDTH)
STATUS_LEVEL = {  # the colour of a district status, in its letter and its Lỗi cần sửa
    SubmissionStatus.ON_TIME: "good",
    SubmissionStatus.LATE: "warn",
    SubmissionStatus.MISSING: "bad",
}


@dataclass(frozen=True)
class DistrictCase:
    """What the letter says about one district: its coverage row, its files, its issues, its gaps."""

    district: str
    status: str
    first_submitted: date | None
    issues: list[Issue]  # the issues of its files
    gaps: int  # its hamlets without a team
    fixit: list[str]  # the fix-it copies written for it, relative to phan-hoi/
    files: Table  # its files (district_files)
    communes: Table  # its communes (district_communes)


def write_letter(workbook: Workbook, formats: Formats, result: RunResult, case: DistrictCase) -> Worksheet:
    """Adds the letter sheet of a district's feedback workbook."""
    sheet = workbook.add_worksheet(SHEET_LETTER)
    for col, width in enumerate(_WIDTHS):
        sheet.set_column(col, col, width)
    row = _write_heading(sheet, formats, result, case.district)
    row = _paragraph(sheet, formats, row, _opening(result, case), "plain")
    row = _section(sheet, formats, row, "1. Tình trạng gửi danh sách")
    level = STATUS_LEVEL.get(SubmissionStatus(case.status), "bad")
    row = _paragraph(sheet, formats, row, _status_text(result, case), level, bold=True)
    row = _section(sheet, formats, row + 1, "2. Các tệp đã nhận")
    files = case.files
    if files.records:
        row = write_rows(sheet, formats, files, row) + 1
    else:
        row = _paragraph(sheet, formats, row, "Chưa nhận được tệp nào của huyện.", "note")
    row = _section(sheet, formats, row + 1, "3. Độ phủ theo xã/phường/thị trấn")
    communes = case.communes
    row = write_rows(sheet, formats, communes, row) + 1
    row = _section(sheet, formats, row + 1, "4. Những điểm cần sửa")
    for line in _counts(case):
        row = _paragraph(sheet, formats, row, line, "plain")
    row = _section(sheet, formats, row + 1, "5. Việc cần làm tiếp theo")
    for number, line in enumerate(next_steps(result, case), start=1):
        row = _paragraph(sheet, formats, row, f"{number}) {line}", "plain")
    row = _paragraph(sheet, formats, row + 1, "Trân trọng./.", "plain", bold=True)
    sheet.hide_gridlines(2)
    set_print(sheet, None, f"{labels.FEEDBACK_TITLE} - {case.district}")
    sheet.set_portrait()
    return sheet


def _write_heading(sheet: Worksheet, formats: Formats, result: RunResult, district: str) -> int:
    """Writes the document heading, the title and to whom; returns the next row."""
    write_document_heading(sheet, formats, result.registry.provinces, result.as_of, _LAST_COL)
    title = HEADING_ROWS + 1
    sheet.merge_range(title, 0, title, _LAST_COL, labels.FEEDBACK_TITLE.upper(), formats.get("title"))
    sheet.set_row(title, 30)
    to_whom = f"Kính gửi: Ủy ban nhân dân {district}"
    sheet.merge_range(title + 1, 0, title + 1, _LAST_COL, to_whom, formats.get("label", align="center"))
    return title + 3


def _paragraph(
    sheet: Worksheet, formats: Formats, row: int, text: str, style: str, bold: bool = False
) -> int:
    """Writes a line of the letter across the sheet, as tall as its text; returns the next row."""
    cell_format = formats.get(style, text_wrap=True, valign="top", **({"bold": True} if bold else {}))
    sheet.merge_range(row, 0, row, _LAST_COL, text, cell_format)
    lines = text_lines((text,), [(0, _TEXT_WIDTH)])
    if lines > 1:
        sheet.set_row(row, lines * LINE_HEIGHT + 2)
    return row + 1


def _section(sheet: Worksheet, formats: Formats, row: int, title: str) -> int:
    sheet.merge_range(row, 0, row, _LAST_COL, title, formats.get("label"))
    return row + 1


def _opening(result: RunResult, case: DistrictCase) -> str:
    agency = labels.AGENCY_NAMES[labels.issuing_body(result.registry.provinces)[1]]
    return (
        f"{agency} đã tổng hợp danh sách Tổ công nghệ số cộng đồng của {case.district} "
        f"đến ngày {date_text(result.as_of)}. Kết quả và những việc cần làm như sau:"
    )


def _status_text(result: RunResult, case: DistrictCase) -> str:
    status = labels.district_status_line(case.status, case.first_submitted, result.deadline)
    deadline = f"hạn gửi {date_text(result.deadline)}, {labels.deadline_text(result.as_of, result.deadline)}"
    return f"{status.removeprefix('Trạng thái: ')} ({deadline})."


def _counts(case: DistrictCase) -> list[str]:
    errors = sum(issue.severity is Severity.ERROR for issue in case.issues)
    warnings = sum(issue.severity is Severity.WARNING for issue in case.issues)
    teams = sum(issue.code in TEAM_CODES for issue in case.issues)
    return [
        f"- Lỗi phải sửa: {number_text(errors)}; cảnh báo cần xem lại: {number_text(warnings)} "
        f"(trang «{labels.SHEET_ISSUES}», mỗi dòng ghi tệp, trang, dòng, cột và cách sửa).",
        f"- Ấp/khóm chưa có tổ: {number_text(case.gaps)} (trang «{labels.SHEET_GAPS}»).",
        f"- Tổ chưa đủ thành phần: {number_text(teams)} (trang «{SHEET_TEAMS}»).",
    ]


def next_steps(result: RunResult, case: DistrictCase) -> list[str]:
    """Returns what the district is asked to do next, in the order it should do it."""
    deadline = date_text(result.deadline)
    steps = []
    if case.status == SubmissionStatus.MISSING:
        steps.append(f"Gửi danh sách Tổ công nghệ số cộng đồng theo Mẫu 2 của từng xã trước ngày {deadline}.")
    if any(issue.severity is Severity.ERROR for issue in case.issues):
        steps.append(
            "Sửa các lỗi ở trang «Lỗi cần sửa» ngay trong tệp đã gửi (các dòng có lỗi chưa được tính), "
            "rồi gửi lại cả tệp đã sửa; tệp gửi sau sẽ thay tệp cũ của cùng xã."
        )
    if case.fixit:
        steps.append(
            "Bản sao tệp của huyện đã được đánh dấu sẵn các ô cần sửa (tô màu, có ghi chú trên từng ô): "
            + "; ".join(case.fixit)
            + "."
        )
    if any(issue.severity is Severity.WARNING for issue in case.issues):
        steps.append("Xem lại các cảnh báo (số điện thoại, chức vụ, thành phần tổ) và sửa nếu cần.")
    if case.gaps:
        steps.append(
            f"Thành lập tổ cho {number_text(case.gaps)} ấp/khóm chưa có tổ (trang «{labels.SHEET_GAPS}») "
            "và bổ sung vào danh sách."
        )
    if not steps:
        steps.append("Danh sách của huyện đã đủ và không có lỗi; không cần làm gì thêm.")
    return steps


FILE_COLUMNS = (  # the letter's columns: the widths are the sheet's
    Column("Tệp", _WIDTHS[0], "wrap"),
    Column("Ngày nhận", _WIDTHS[1], "date"),
    Column("Tình trạng", _WIDTHS[2], "wrap", FILE_STATUS_HIGHLIGHT),
    Column("Số dòng đọc", _WIDTHS[3], "number"),
    Column("Được chấp nhận", _WIDTHS[4], "number"),
)  # fmt: skip
COMMUNE_COLUMNS = commune_columns(_WIDTHS)


def district_files(result: RunResult) -> dict[str, Table]:
    """Returns the files of each district: when each was received, what became of it, its rows."""
    accounting = result.accounting
    records: dict[str, list[tuple]] = {}
    for file in sorted(result.files, key=lambda file: file.path):
        counts = accounting.loc[file.path] if file.path in accounting.index else None
        status = str(file.status)
        records.setdefault(result.file_districts.get(file.path, ""), []).append(
            (
                file.path,
                vietnam_date(file.arrived) if file.arrived else None,
                labels.FILE_STATUS.get(status, status),
                int(counts["read"]) if counts is not None else 0,
                int(counts[ACCEPTED]) if counts is not None else 0,
            )
        )
    return {district: Table(FILE_COLUMNS, rows) for district, rows in records.items()}


def district_communes(result: RunResult) -> dict[str, Table]:
    """Returns the communes of each district with their state and coverage, as Theo xã shows them."""
    records: dict[str, list[tuple]] = {}
    for district, record in commune_records(result):
        records.setdefault(district, []).append(record)
    return {district: Table(COMMUNE_COLUMNS, rows) for district, rows in records.items()}


def team_table(issues: list[Issue]) -> Table:
    """Returns Tổ chưa đủ thành phần: each team problem, where the team starts and what to do."""
    records = [
        (issue.value, issue.message, CODES[issue.code].action, issue.file, issue.sheet, issue.row)
        for issue in issues
        if issue.code in TEAM_CODES
    ]
    columns = (
        Column("Tổ", 30, "wrap"),
        Column("Thiếu hoặc thừa", 34, "wrap"),
        Column("Cách sửa", 34, "wrap"),
        Column("Tệp", 30, "wrap"),
        Column("Trang", 14, "wrap"),
        Column("Dòng đầu của tổ", 9, "number"),
    )
    return Table(columns, records)
