"""tong-hop.xlsx: the provincial workbook that province staff open (SPEC §6)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..model import SubmissionStatus
from ..vietnamese import DATE_FORMAT, WHOLE_PERCENT_FORMAT
from . import labels
from .atomic import atomic_path
from .workbook_coverage import (
    STATUS_HIGHLIGHT,
    commune_table,
    coverage_ratio,
    district_table,
    gap_table,
    province_table,
)
from .workbook_layout import Column, Formats, Table, new_workbook, set_print, write_rows, write_table
from .workbook_members import write_member_sheet
from .workbook_progress import write_progress_sheets
from .workbook_tables import duplicate_table, issue_table, source_table

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from ..model import RunResult

_WIDTHS = (34, 14, 14, 30, 12, 12, 12)  # Tổng quan: A holds labels and district names, D the timing text
_LAST_COL = len(_WIDTHS) - 1
_ROW_PIXELS = 20  # the default row height, to size the chart to the rows beside it


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
    """Returns the per-district table of Tổng quan: status, timing against the deadline and coverage."""
    records = [
        (
            district.name or labels.NO_DISTRICT,
            labels.DISTRICT_STATUS.get(district.status, district.status),
            district.first_submitted,
            labels.district_timing(district.status, district.first_submitted, result.as_of, result.deadline),
            int(district.hamlets),
            int(district.hamlets_covered),
            coverage_ratio(district.hamlets_covered, district.hamlets),
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
        Column("Tỷ lệ phủ", _WIDTHS[6], "percent"),
    )
    return Table(columns, records)


def _write_overview(workbook: Workbook, formats: Formats, result: RunResult) -> None:
    """Adds Tổng quan: title, deadline, key figures, missing districts, the district table, a chart."""
    sheet = workbook.add_worksheet(labels.SHEET_OVERVIEW)
    for col, width in enumerate(_WIDTHS):
        sheet.set_column(col, col, width)
    figures_row = _write_heading(sheet, formats, result) + 1
    last = write_rows(sheet, formats, key_figures(result), figures_row)

    missing_row = last + 2
    if result.registry.has_districts:
        unit = "Huyện"
        districts = result.coverage.districts
        missing = districts.loc[districts["status"].eq(SubmissionStatus.MISSING), "name"].tolist()
    else:  # since 1/7/2025 there are no districts: the communes are the units that report
        unit = "Xã/phường"
        communes = result.coverage.communes
        missing = communes.loc[~communes["submitted"], "commune"].tolist()
    sheet.write_string(missing_row, 0, f"{unit} chưa gửi danh sách ({len(missing)})", formats.get("label"))
    missing_format = formats.get("note") if missing else formats.get("plain")
    sheet.merge_range(
        missing_row, 1, missing_row, _LAST_COL, ", ".join(missing) or "Không có", missing_format
    )

    table_row = missing_row + 2
    districts = district_overview(result)
    last = write_rows(sheet, formats, districts, table_row)
    sheet.autofilter(table_row, 0, last, len(districts.columns) - 1)
    sheet.freeze_panes(1, 0)
    set_print(sheet, 0)
    _insert_chart(workbook, sheet, table_row, last, first_row=figures_row, rows=table_row - figures_row - 1)


def _write_heading(sheet: Worksheet, formats: Formats, result: RunResult) -> int:
    """Writes the title, the dates, the registry source and any sample-data note; returns the next row."""
    sheet.merge_range(0, 0, 0, _LAST_COL, labels.TITLE, formats.get("title"))
    sheet.set_row(0, 30)
    label, date_format = formats.get("label"), formats.get("plain", num_format=DATE_FORMAT, align="left")
    sheet.write_string(1, 0, "Số liệu tính đến ngày", label)
    sheet.write_datetime(1, 1, result.as_of, date_format)
    sheet.write_string(2, 0, "Hạn gửi danh sách", label)
    sheet.write_datetime(2, 1, result.deadline, date_format)
    deadline_format = formats.get("bad" if result.as_of > result.deadline else "good", bold=True)
    sheet.merge_range(2, 2, 2, 3, labels.deadline_text(result.as_of, result.deadline), deadline_format)
    sheet.write_string(3, 0, "Nguồn danh mục địa bàn", label)
    source = labels.registry_source(str(result.registry.source))
    sheet.merge_range(3, 1, 3, _LAST_COL, source, formats.get("plain"))
    if result.registry.sample_hamlets <= 0:
        return 4
    sheet.merge_range(4, 0, 4, _LAST_COL, _sample_note(result), formats.get("note"))
    sheet.set_row(4, 48)
    return 5


def _insert_chart(
    workbook: Workbook, sheet: Worksheet, header_row: int, last_row: int, first_row: int, rows: int
) -> None:
    """Inserts the bar chart of coverage per district, fed by the district table of the same sheet."""
    if last_row <= header_row:
        return
    name = labels.SHEET_OVERVIEW
    chart = workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Tỷ lệ ấp/khóm có tổ",
            "categories": [name, header_row + 1, 0, last_row, 0],
            "values": [name, header_row + 1, 6, last_row, 6],
            "data_labels": {"value": True, "num_format": WHOLE_PERCENT_FORMAT},
            "fill": {"color": "#2E75B6"},
        }
    )
    chart.set_title({"name": "Tỷ lệ ấp/khóm có tổ theo huyện", "name_font": {"size": 12}})
    chart.set_x_axis(
        {"min": 0, "max": 1, "num_format": WHOLE_PERCENT_FORMAT, "major_gridlines": {"visible": True}}
    )
    chart.set_y_axis({"reverse": True})  # the first district of the table at the top
    chart.set_legend({"none": True})
    chart.set_size({"width": 560, "height": max(rows, 12) * _ROW_PIXELS})
    sheet.insert_chart(first_row, 5, chart, {"x_offset": 10, "object_position": 1})


def _sample_note(result: RunResult) -> str:
    total = len(result.registry.table)
    return (
        f"Lưu ý: {result.registry.sample_hamlets}/{total} ấp/khóm trong danh mục địa bàn là dữ liệu mẫu, "
        "không phải danh mục chính thức; số ấp/khóm và tỷ lệ phủ của các địa bàn này chỉ để tham khảo."
    )
