"""The list sheets of the workbook as plain tables: members, issues, duplicates and source files."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from ..codes import CODES
from ..merge import ACCEPTED, MERGED, REJECTED, SUPERSEDED
from ..model import Issue
from ..vietnamese import VIETNAM, vietnam_date
from . import labels
from .workbook_coverage import LAST, registry_ranks
from .workbook_layout import Column, Table

if TYPE_CHECKING:
    from ..model import RunResult

_SEVERITY_HIGHLIGHT = ((labels.SEVERITY["error"], "bad"), (labels.SEVERITY["warning"], "warn"))
# A file that could not be read as a list, in red wherever files are listed (Nguồn dữ liệu, the letters).
FILE_STATUS_HIGHLIGHT = ((labels.FILE_STATUS["unreadable"], "bad"), (labels.FILE_STATUS["no_table"], "bad"))
ISSUE_COLUMNS = (
    Column("Mức độ", 12, highlight=_SEVERITY_HIGHLIGHT),
    Column("Huyện", 20, "wrap"),
    Column("Tệp", 30, "wrap"),
    Column("Trang", 14, "wrap"),
    Column("Dòng", 7, "number"),
    Column("Cột", 11),
    Column("Ô", 7),  # the cell as Excel names it: F37
    Column("Giá trị gốc", 22, "wrap"),
    Column("Mã lỗi", 20),
    Column("Nội dung", 45, "wrap"),
    Column("Cách sửa", 45, "wrap"),
)


def accepted_rows(result: RunResult, columns: list[str] | None = None) -> pd.DataFrame:
    """Returns the accepted rows (only `columns`, when given) in the order of the member list: by the
    registry's order of places, then team, role and where each was read."""
    rows = result.rows
    if rows.empty:
        return rows
    # A national list has ~450,000 rows of ~40 columns: the selection and the sort copy only what is asked.
    wanted = rows if columns is None else rows[[column for column in columns if column in rows]]
    accepted = wanted[rows["outcome"].eq(ACCEPTED)].fillna({"hamlet": "", "team": "", "flags": ""})
    district_rank, commune_rank, hamlet_rank = registry_ranks(result.coverage.hamlets)
    communes = pd.Series(
        list(zip(accepted["district"], accepted["commune"], strict=True)), index=accepted.index
    )
    hamlets = pd.Series(
        list(zip(accepted["district"], accepted["commune"], accepted["hamlet"], strict=True)),
        index=accepted.index,
    )
    keyed = accepted.assign(
        _district=accepted["district"].map(district_rank).fillna(LAST),
        _commune=communes.map(commune_rank).fillna(LAST),
        _hamlet=hamlets.map(hamlet_rank).fillna(LAST),
        _role=accepted["kept_role"].map(labels.ROLE_ORDER).fillna(len(labels.ROLE_ORDER)),
    )
    order = [
        "_district",
        "district",
        "_commune",
        "commune",
        "_hamlet",
        "hamlet",
        "team",
        "_role",
        "source_file",
        "source_sheet",
        "source_row",
    ]
    return keyed.sort_values(order, kind="stable")


def issue_table(result: RunResult) -> Table:
    """Returns Lỗi cần sửa: every issue, errors first, then warnings, then information."""
    records = _issue_records(result)
    return Table(ISSUE_COLUMNS, [record for _, record, _ in records], [style for _, _, style in records])


def district_issue_tables(result: RunResult) -> dict[str, Table]:
    """Returns Lỗi cần sửa of each district that has an issue, sorted once for all districts."""
    records_by_district: dict[str, list[tuple]] = {}
    styles_by_district: dict[str, list[str | None]] = {}
    for district, record, style in _issue_records(result):
        records_by_district.setdefault(district, []).append(record)
        styles_by_district.setdefault(district, []).append(style)
    return {
        district: Table(ISSUE_COLUMNS, records, styles_by_district[district])
        for district, records in records_by_district.items()
    }


def _issue_records(result: RunResult) -> list[tuple[str, tuple, str | None]]:
    """Returns (district, sheet record, row style) of every issue, in the order of Lỗi cần sửa."""
    district_of_file = result.file_districts
    district_rank = registry_ranks(result.coverage.hamlets)[0]

    def order(issue: Issue) -> tuple:
        place = district_of_file.get(issue.file, "")
        return (
            labels.SEVERITY_ORDER.get(str(issue.severity), 3),
            district_rank.get(place, LAST),
            place,
            issue.file,
            issue.sheet,
            issue.row or 0,
            issue.column,
            issue.code,
        )

    records = []
    for issue in sorted(result.issues, key=order):
        severity, district = str(issue.severity), district_of_file.get(issue.file, "")
        entry = CODES.get(issue.code)
        record = (
            labels.SEVERITY.get(severity, severity),
            district,
            issue.file,
            issue.sheet,
            issue.row,
            labels.ISSUE_COLUMN.get(issue.column, issue.column),
            issue.cell or None,
            issue.value,
            issue.code,
            issue.message,
            entry.action if entry else "",
        )
        records.append((district, record, "muted" if severity == "info" else None))
    return records


_PAIR_FIELDS = ["team", "name", "phone", "source_file", "source_sheet", "source_row"]


def duplicate_table(result: RunResult) -> Table:
    """Returns Trùng lặp: each merged row beside the accepted row it was merged into."""
    pairs = _duplicate_pairs(result) if not result.duplicates.empty else pd.DataFrame()
    records = list(pairs.itertuples(index=False, name=None))
    columns = (
        Column("Huyện", 18, "wrap"),
        Column("Xã/phường/thị trấn", 18, "wrap"),
        Column("Tên tổ (dòng trùng)", 24, "wrap"),
        Column("Họ tên (dòng trùng, đã gộp)", 22, "wrap"),
        Column("Điện thoại (dòng trùng)", 15),
        Column("Tệp (dòng trùng)", 24, "wrap"),
        Column("Trang (dòng trùng)", 12, "wrap"),
        Column("Dòng (dòng trùng)", 9, "number"),
        Column("Tên tổ (dòng được giữ)", 24, "wrap"),
        Column("Họ tên (dòng được giữ)", 22, "wrap"),
        Column("Điện thoại (dòng được giữ)", 15),
        Column("Tệp (dòng được giữ)", 24, "wrap"),
        Column("Trang (dòng được giữ)", 12, "wrap"),
        Column("Dòng (dòng được giữ)", 9, "number"),
    )
    return Table(columns, records)


def _duplicate_pairs(result: RunResult) -> pd.DataFrame:
    """Returns per merged row: the kept row's district and commune, the merged row's details, the kept's."""
    rows = result.rows
    national, raw = rows["phone_national"].fillna(""), rows["phone_text"].fillna("")
    details = rows.assign(phone=national.where(national.ne(""), raw))[_PAIR_FIELDS]
    pairs = result.duplicates[["merged_row", "kept_row"]].astype(int)
    both = (
        pairs.merge(rows[["district", "commune"]], left_on="kept_row", right_index=True, how="left")
        .merge(details.add_suffix("_merged"), left_on="merged_row", right_index=True, how="left")
        .merge(details.add_suffix("_kept"), left_on="kept_row", right_index=True, how="left")
    )
    return both.drop(columns=["merged_row", "kept_row"]).astype(
        {"source_row_merged": int, "source_row_kept": int}
    )


def source_table(result: RunResult) -> Table:
    """Returns Nguồn dữ liệu: every file found, what became of it and how its rows were counted."""
    district_of_file = result.file_districts
    accounting = result.accounting
    records = []
    for file in sorted(result.files, key=lambda file: file.path):
        counts = accounting.loc[file.path] if file.path in accounting.index else None
        status = str(file.status)
        sheets = "; ".join(
            f"{sheet.name} ({sheet.rows} dòng)" if sheet.has_table else f"{sheet.name} (không có bảng)"
            for sheet in file.sheets
        )
        records.append(
            (
                file.path,
                labels.FILE_STATUS.get(status, status),
                file.message or "",
                district_of_file.get(file.path, ""),
                sheets,
                *(
                    int(counts[key]) if counts is not None else 0
                    for key in ("read", ACCEPTED, REJECTED, MERGED, SUPERSEDED)
                ),
                _vietnam_time(file.modified),
                vietnam_date(file.arrived) if file.arrived else None,
                (file.sha256 or "")[:12],
            )
        )
    columns = (
        Column("Tệp", 34, "wrap"),
        Column("Trạng thái", 15, highlight=FILE_STATUS_HIGHLIGHT),
        Column("Ghi chú", 36, "wrap"),
        Column("Huyện", 20, "wrap"),
        Column("Trang tính", 28, "wrap"),
        Column("Số dòng đọc", 9, "number"),
        Column("Được chấp nhận", 10, "number"),
        Column("Bị loại", 8, "number"),
        Column("Trùng, đã gộp", 9, "number"),
        Column("Đã thay thế", 9, "number"),
        Column("Ngày sửa tệp", 16, "datetime"),
        Column("Tính là nhận ngày", 12, "date"),  # the first-seen date (pipeline.arrivals)
        Column("SHA-256 (12 ký tự đầu)", 15),
    )
    return Table(columns, records)


def _vietnam_time(timestamp: float) -> datetime | None:
    """Returns the Vietnam wall-clock time of a POSIX time, as Excel stores it (no time zone)."""
    return datetime.fromtimestamp(timestamp, VIETNAM).replace(tzinfo=None) if timestamp else None
