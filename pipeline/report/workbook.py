"""tong-hop.xlsx: the provincial workbook that province staff open (SPEC §6)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..model import SubmissionStatus
from ..vietnamese import DATE_FORMAT, WHOLE_PERCENT_FORMAT, number_text
from . import labels
from .atomic import atomic_path
from .heading import HEADING_ROWS, write_document_heading
from .workbook_coverage import (
    STATUS_HIGHLIGHT,
    commune_table,
    coverage_ratio,
    district_table,
    gap_table,
    province_table,
)
from .workbook_layout import (
    CHARS_PER_WIDTH,
    LEVEL_COLOURS,
    LINE_HEIGHT,
    Column,
    Formats,
    Table,
    coverage_level,
    new_workbook,
    set_print,
    text_lines,
    write_rows,
    write_table,
)
from .workbook_members import write_member_sheet
from .workbook_progress import write_progress_sheets
from .workbook_tables import duplicate_table, issue_table, source_table

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from ..model import RunResult

_WIDTHS = (34, 14, 14, 30, 12, 12, 12, 10)  # Tổng quan: A holds labels and district names, D the timing
_LAST_COL = len(_WIDTHS) - 1
_HEADING_ROWS = HEADING_ROWS + 1  # the document heading and a blank line: then the title
_NAMES_SHOWN = 200  # districts or communes named on the line of those that have not sent
GOAL = 1.0  # every hamlet has a team


def write_workbook(result: RunResult, path: Path) -> None:
    """Writes the provincial workbook to `path`, replacing any previous one only once it is complete."""
    with atomic_path(Path(path)) as temporary:
        workbook, formats = new_workbook(temporary, labels.TITLE.capitalize(), result.as_of, row_by_row=True)
        _write_overview(workbook, formats, result)
        if result.registry.several_provinces:
            write_table(workbook, formats, labels.SHEET_PROVINCES, province_table(result))
        write_table(workbook, formats, labels.SHEET_DISTRICTS, district_table(result))
        write_table(workbook, formats, labels.SHEET_COMMUNES, commune_table(result))
        write_member_sheet(workbook, formats, result)
        write_table(workbook, formats, labels.SHEET_GAPS, gap_table(result))
        write_table(workbook, formats, labels.SHEET_ISSUES, issue_table(result))
        write_table(workbook, formats, labels.SHEET_DUPLICATES, duplicate_table(result))
        write_table(workbook, formats, labels.SHEET_FILES, source_table(result))
        write_progress_sheets(workbook, formats, result)
        workbook.close()


def key_figures(result: RunResult) -> Table:
    """Returns the key figures of Tổng quan: what was read and how far the province is from the goal."""
    totals = result.totals

    def share(count: int, total: int) -> tuple:
        return (count, total, coverage_ratio(count, total))

    figures = [
        ("Tệp nhận được", totals.files, None, None),
        ("Tệp đã xử lý", *share(totals.files_processed, totals.files)),
        ("Dòng dữ liệu đã đọc", totals.rows_read, None, None),
        ("Dòng được chấp nhận", *share(totals.rows_accepted, totals.rows_read)),
        ("Dòng bị loại do lỗi", *share(totals.rows_rejected, totals.rows_read)),
        ("Dòng trùng, đã gộp", *share(totals.rows_merged, totals.rows_read)),
        ("Dòng đã thay bằng bản gửi sau", *share(totals.rows_superseded, totals.rows_read)),
        ("Huyện đã gửi danh sách", *share(totals.districts_submitted, totals.districts)),
        ("Xã/phường/thị trấn đã gửi", *share(totals.communes_submitted, totals.communes)),
        ("Ấp/khóm có tổ", *share(totals.hamlets_covered, totals.hamlets)),
        ("Số tổ công nghệ số cộng đồng", totals.teams, None, None),
        ("Số thành viên", totals.members, None, None),
        ("Lỗi (xem trang Lỗi cần sửa)", totals.errors, None, None),
        ("Cảnh báo cần sửa", totals.warnings, None, None),
    ]
    columns = (
        Column("Chỉ tiêu", _WIDTHS[0], "wrap"),
        Column("Số lượng", _WIDTHS[1], "number"),
        Column("Trên tổng số", _WIDTHS[2], "number"),
        Column("Tỷ lệ", _WIDTHS[3], "percent"),
    )
    return Table(columns, figures)


def district_overview(result: RunResult) -> Table:
    """Returns the per-district table of Tổng quan: status, timing against the deadline, coverage and the
    goal (100%), which the chart draws as a line over the bars."""
    records = [
        (
            district.name or labels.NO_DISTRICT,
            labels.DISTRICT_STATUS.get(district.status, district.status),
            district.first_submitted,
            labels.district_timing(district.status, district.first_submitted, result.as_of, result.deadline),
            int(district.hamlets),
            int(district.hamlets_covered),
            coverage_ratio(district.hamlets_covered, district.hamlets),
            GOAL,
        )
        for district in result.coverage.districts.itertuples(index=False)
    ]
    columns = (
        Column("Huyện", _WIDTHS[0], "wrap"),
        Column("Trạng thái", _WIDTHS[1], highlight=STATUS_HIGHLIGHT),
        Column("Ngày gửi đầu tiên", _WIDTHS[2], "date"),
        Column("Thời hạn", _WIDTHS[3], "wrap"),
        Column("Số ấp/khóm", _WIDTHS[4], "number"),
        Column("Có tổ", _WIDTHS[5], "number"),
        Column("Tỷ lệ phủ", _WIDTHS[6], "percent", graded=True),
        Column("Mục tiêu", _WIDTHS[7], "percent"),
    )
    return Table(columns, records)


def _write_overview(workbook: Workbook, formats: Formats, result: RunResult) -> None:
    """Adds Tổng quan: the document heading, the dates, key figures, who has not sent, the district
    table and its chart."""
    sheet = workbook.add_worksheet(labels.SHEET_OVERVIEW)
    for col, width in enumerate(_WIDTHS):
        sheet.set_column(col, col, width)
    figures_row = _write_heading(sheet, formats, result) + 1
    last = write_rows(sheet, formats, key_figures(result), figures_row)

    row = last + 2
    for label, names in _not_submitted(result):
        sheet.write_string(row, 0, f"{label} ({len(names)})", formats.get("label"))
        text = _names_text(names)
        sheet.merge_range(
            row, 1, row, _LAST_COL, text, formats.get("note") if names else formats.get("plain")
        )
        lines = text_lines((text,), [(0, int(sum(_WIDTHS[1:]) * CHARS_PER_WIDTH))])
        if lines > 1:
            sheet.set_row(row, lines * LINE_HEIGHT + 2)
        row += 1

    table_row = row + 1
    districts = district_overview(result)
    last = write_rows(sheet, formats, districts, table_row)
    sheet.autofilter(table_row, 0, last, len(districts.columns) - 1)
    sheet.freeze_panes(_HEADING_ROWS + 1, 0)  # the document heading and the title stay in view
    set_print(sheet, None)
    _insert_chart(workbook, sheet, districts, table_row, last, first_row=figures_row)


def _not_submitted(result: RunResult) -> list[tuple[str, list[str]]]:
    """Returns (label, names) of the districts and of the communes that have sent nothing yet."""
    communes = result.coverage.communes
    missing = communes[~communes["submitted"]]
    if not result.registry.has_districts:  # since 1/7/2025 the communes are the units that report
        return [("Xã/phường chưa gửi danh sách", missing["commune"].tolist())]
    districts = result.coverage.districts
    absent = districts.loc[districts["status"].eq(SubmissionStatus.MISSING), "name"].tolist()
    # A commune of a district that sent nothing is counted under its district; the others by name.
    others = missing[~missing["district"].isin(absent)]
    communes_text = [
        f"{commune} ({district})"
        for district, commune in zip(others["district"], others["commune"], strict=True)
    ]
    return [("Huyện chưa gửi danh sách", absent), ("Xã khác chưa gửi danh sách", communes_text)]


def _names_text(names: list[str]) -> str:
    """Returns the names joined, the first _NAMES_SHOWN of them when there are more."""
    if not names:
        return "Không có"
    shown = ", ".join(names[:_NAMES_SHOWN])
    if len(names) > _NAMES_SHOWN:
        shown += f" và {number_text(len(names) - _NAMES_SHOWN)} nơi khác (xem trang {labels.SHEET_COMMUNES})"
    return shown


def _write_heading(sheet: Worksheet, formats: Formats, result: RunResult) -> int:
    """Writes the heading of an administrative document (issuing body, national motto, place and date),
    the title, the dates, the registry source and any sample-data note; returns the next row."""
    write_document_heading(sheet, formats, result.registry.provinces, result.as_of, _LAST_COL)
    top = _HEADING_ROWS
    sheet.merge_range(top, 0, top, _LAST_COL, labels.TITLE, formats.get("title"))
    sheet.set_row(top, 30)
    label, date_format = formats.get("label"), formats.get("plain", num_format=DATE_FORMAT, align="left")
    sheet.write_string(top + 1, 0, "Số liệu tính đến ngày", label)
    sheet.write_datetime(top + 1, 1, result.as_of, date_format)
    sheet.write_string(top + 2, 0, "Hạn gửi danh sách", label)
    sheet.write_datetime(top + 2, 1, result.deadline, date_format)
    deadline_format = formats.get("bad" if result.as_of > result.deadline else "good", bold=True)
    sheet.merge_range(
        top + 2, 2, top + 2, 3, labels.deadline_text(result.as_of, result.deadline), deadline_format
    )
    sheet.write_string(top + 3, 0, "Nguồn danh mục địa bàn", label)
    source = labels.registry_source(str(result.registry.source))
    sheet.merge_range(top + 3, 1, top + 3, _LAST_COL, source, formats.get("plain"))
    if result.registry.sample_hamlets <= 0:
        return top + 4
    sheet.merge_range(top + 4, 0, top + 4, _LAST_COL, _sample_note(result), formats.get("note"))
    sheet.set_row(top + 4, 48)
    return top + 5


def _insert_chart(
    workbook: Workbook, sheet: Worksheet, districts: Table, header_row: int, last_row: int, first_row: int
) -> None:
    """Inserts the column chart of coverage per district (bars coloured by level, the 100% goal drawn
    as a line), fed by the district table of the same sheet, beside the key figures."""
    if last_row <= header_row:
        return
    name = labels.SHEET_OVERVIEW
    ratio_col, goal_col = len(districts.columns) - 2, len(districts.columns) - 1
    colours = [LEVEL_COLOURS[coverage_level(record[ratio_col])] for record in districts.records]
    chart = workbook.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": "Tỷ lệ ấp/khóm có tổ",
            "categories": [name, header_row + 1, 0, last_row, 0],
            "values": [name, header_row + 1, ratio_col, last_row, ratio_col],
            "data_labels": {"value": True, "num_format": WHOLE_PERCENT_FORMAT},
            "points": [{"fill": {"color": colour}, "border": {"none": True}} for colour in colours],
            "gap": 60,
        }
    )
    goal = workbook.add_chart({"type": "line"})
    goal.add_series(
        {
            "name": "Mục tiêu 100%",
            "categories": [name, header_row + 1, 0, last_row, 0],
            "values": [name, header_row + 1, goal_col, last_row, goal_col],
            "line": {"color": "#C00000", "width": 2, "dash_type": "dash"},
            "marker": {"type": "none"},
        }
    )
    chart.combine(goal)
    chart.set_title({"name": "Tỷ lệ ấp/khóm có tổ theo huyện (mục tiêu 100%)", "name_font": {"size": 12}})
    chart.set_y_axis(
        {
            "min": 0,
            "max": 1,
            "major_unit": 0.25,
            "num_format": WHOLE_PERCENT_FORMAT,
            "major_gridlines": {"visible": True},
        }
    )
    chart.set_x_axis({"num_font": {"rotation": -45}})
    chart.set_legend({"position": "bottom", "delete_series": [0]})  # the bars are coloured by level
    chart.set_size({"width": 620, "height": 360})
    sheet.insert_chart(first_row, 4, chart, {"x_offset": 10, "object_position": 1})


def _sample_note(result: RunResult) -> str:
    total = len(result.registry.table)
    return (
        f"Lưu ý: {result.registry.sample_hamlets}/{total} ấp/khóm trong danh mục địa bàn là dữ liệu mẫu, "
        "không phải danh mục chính thức; số ấp/khóm và tỷ lệ phủ của các địa bàn này chỉ để tham khảo."
    )
