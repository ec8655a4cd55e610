"""Tiến độ and Thay đổi: the campaign night by night, and what changed since the previous date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..progress import Progress, progress_of
from ..vietnamese import date_text
from . import labels
from .workbook_coverage import coverage_ratio
from .workbook_layout import Column, Formats, Table, write_table

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

    from ..model import RunResult

FIRST_RUN = "Lần chạy đầu tiên"
_DEADLINE_MARK = "Hạn gửi danh sách"
_PAST_DEADLINE = "Đã quá hạn"
_DEADLINE_BAR = "Cột hạn gửi của biểu đồ"
_DEADLINE_COLUMN = 10  # Tiến độ's last column, hidden: the deadline bar's value on the deadline's row

# What changed, in the order each district lists it: (key of `changes`, what the row says)
CHANGE_KINDS = (
    ("districts_first_submitted", "Huyện gửi danh sách lần đầu"),
    ("files_added", "Tệp mới nhận"),
    ("gaps_closed", "Ấp/khóm đã có tổ"),
    ("gaps_opened", "Ấp/khóm không còn tổ"),
    ("members_added", "Thêm thành viên"),
    ("members_removed", "Bớt thành viên"),
)


def progress_table(history: list[dict], deadline: date) -> Table:
    """Returns Tiến độ: one row per run date, oldest first, the deadline's date marked."""
    marked = deadline_row(history, deadline)
    records = []
    for number, entry in enumerate(history):
        day = date.fromisoformat(entry["as_of"])
        note = FIRST_RUN if number == 0 else ""
        if number == marked:
            note = "; ".join(filter(None, (note, _DEADLINE_MARK if day == deadline else _PAST_DEADLINE)))
        records.append(
            (
                day,
                entry["files_processed"],
                entry["districts_submitted"],
                entry["communes_submitted"],
                entry["hamlets_covered"],
                entry["hamlets"],
                coverage_ratio(entry["hamlets_covered"], entry["hamlets"]),
                entry["teams"],
                entry["members"],
                note,
                entry["hamlets"] if number == marked else None,  # the chart's deadline bar: the goal
            )
        )
    columns = (
        Column("Ngày", 12, "date"),
        Column("Tệp đã xử lý", 10, "number"),
        Column("Huyện đã gửi", 10, "number"),
        Column("Xã/phường/thị trấn đã gửi", 14, "number"),
        Column("Ấp/khóm có tổ", 11, "number"),
        Column("Tổng số ấp/khóm", 11, "number"),
        Column("Tỷ lệ ấp/khóm có tổ", 11, "percent", graded=True),
        Column("Số tổ", 9, "number"),
        Column("Số thành viên", 11, "number"),
        Column("Ghi chú", 28, "wrap"),
        Column(_DEADLINE_BAR, 10, "number"),  # hidden: the values of the chart's deadline bar
    )
    return Table(columns, records)


def deadline_row(history: list[dict], deadline: date) -> int | None:
    """Returns the row of the deadline: its own date, else the first date after it (None: not reached)."""
    for number, entry in enumerate(history):
        if date.fromisoformat(entry["as_of"]) >= deadline:
            return number
    return None


def changes_table(result: RunResult, changes: dict) -> tuple[Table, str]:
    """Returns Thay đổi (one row per change, grouped by district) and the line that says since when."""
    since = changes["since"]
    if since is None:
        heading = f"{FIRST_RUN} ({date_text(result.as_of)}): chưa có ngày trước để so sánh."
    else:
        heading = (
            f"Thay đổi từ ngày {date_text(date.fromisoformat(since))} đến ngày {date_text(result.as_of)}."
        )
    order = {kind: number for number, (kind, _) in enumerate(CHANGE_KINDS)}
    records = sorted(
        (record for kind, what in CHANGE_KINDS for record in _change_rows(result, kind, what, changes[kind])),
        key=lambda record: (record[0] == "", record[0], order[record[-1]], record[1:-1]),
    )
    columns = (
        Column("Huyện", 22, "wrap"),
        Column("Xã/phường/thị trấn", 22, "wrap"),
        Column("Ấp/khóm", 20, "wrap"),
        Column("Thay đổi", 22, "wrap"),
        Column("Chi tiết (tổ, họ và tên hoặc tệp)", 48, "wrap"),
    )
    rows = [record[:-1] for record in records] or [("", "", "", "Không có thay đổi", "")]
    return Table(columns, rows), heading


def _change_rows(result: RunResult, kind: str, what: str, items: list) -> list[tuple]:
    if kind == "districts_first_submitted":
        return [(name, "", "", what, "", kind) for name in items]
    if kind == "files_added":
        return [(result.file_districts.get(path, ""), "", "", what, path, kind) for path in items]
    if kind.startswith("members"):
        return [
            (
                item["district"],
                item["commune"],
                item["hamlet"],
                what,
                f"{item['name']} ({item['team']})",
                kind,
            )
            for item in items
        ]
    return [(item["district"], item["commune"], item["hamlet"], what, "", kind) for item in items]


def write_progress_sheets(workbook: Workbook, formats: Formats, result: RunResult) -> None:
    """Adds Tiến độ (the table and a line chart of hamlets covered and members) and Thay đổi."""
    progress = progress_of(result)
    sheet = write_table(
        workbook, formats, labels.SHEET_PROGRESS, progress_table(progress.history, result.deadline)
    )
    sheet.set_column(_DEADLINE_COLUMN, _DEADLINE_COLUMN, None, None, {"hidden": True})
    _insert_progress_chart(workbook, sheet, progress, result.deadline)
    changes, heading = changes_table(result, progress.changes)
    write_table(workbook, formats, labels.SHEET_CHANGES, changes, note=heading)


def _insert_progress_chart(workbook: Workbook, sheet, progress: Progress, deadline: date) -> None:
    name, last = labels.SHEET_PROGRESS, len(progress.history)
    chart = workbook.add_chart({"type": "line"})
    # (title, column of the table, marker, colour, on the right-hand axis)
    for title, col, marker, colour, right in (
        ("Ấp/khóm có tổ", 4, "circle", "#2E75B6", False),
        ("Số thành viên", 8, "square", "#70AD47", True),
    ):
        chart.add_series(
            {
                "name": title,
                "categories": [name, 1, 0, last, 0],
                "values": [name, 1, col, last, col],
                "marker": {"type": marker},
                "line": {"color": colour, "width": 2.25},
                "y2_axis": right,
            }
        )
    marked = deadline_row(progress.history, deadline)
    if marked is not None:  # the deadline: a bar as high as the goal (every hamlet) on its date
        goal = workbook.add_chart({"type": "column"})
        goal.add_series(
            {
                "name": f"Hạn gửi ({date_text(deadline)})",
                "categories": [name, 1, 0, last, 0],
                "values": [name, 1, _DEADLINE_COLUMN, last, _DEADLINE_COLUMN],
                "fill": {"color": "#C00000"},
                "gap": 400,
            }
        )
        chart.combine(goal)
        chart.show_hidden_data()  # the bar's values sit in a hidden column
    chart.set_title({"name": "Ấp/khóm có tổ và số thành viên theo ngày", "name_font": {"size": 12}})
    chart.set_x_axis({"num_format": "dd/mm", "date_axis": False})
    chart.set_y_axis({"name": "Ấp/khóm có tổ", "min": 0, "major_gridlines": {"visible": True}})
    chart.set_y2_axis({"name": "Số thành viên", "min": 0})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 360})
    sheet.insert_chart(last + 3, 0, chart, {"object_position": 1})
