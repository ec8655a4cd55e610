"""Reading one inbox file, in whatever process runs it: bytes -> format -> sheets -> data rows.

The result is plain picklable data (a SourceFile, RawRow records, Issues) that a worker process can send.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from schemas.mau2 import COLUMN_TITLES

from ..codes import make_issue
from ..model import FileStatus, Issue, RawRow, SheetReport, SourceFile
from ..vietnamese import size_text
from .formats import detect_format
from .header import Header
from .legacy import LegacyTextFixer
from .rules import FileResult, file_sha256, refused, relative_name, shown_name, skip_reason
from .sheets import Grid, ReadProblem, SheetGrid, csv_grid, html_sheet, workbook_sheets
from .table import scan_sheet


@dataclass(frozen=True)
class ReadLimits:
    """What one file may cost before it is refused."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_rows_per_sheet: int = 100_000
    timeout_seconds: float = 60
    memory_bytes: int = 2 * 1024**3
    max_uncompressed_bytes: int = 500 * 1024 * 1024


def read_one_file(path: Path, inbox: Path, limits: ReadLimits) -> FileResult:
    """Returns everything read from one inbox file; bad files become a status and an issue, never raise."""
    reason = skip_reason(path, inbox)
    if reason:
        return refused(path, inbox, *reason)
    try:
        with path.open("rb") as stream:
            data = stream.read(limits.max_file_bytes + 1)  # a file still growing is never read past the limit
    except OSError:
        return refused(
            path, inbox, "file_unreadable", "không mở được tệp (tệp đã bị xóa hoặc không có quyền đọc)"
        )
    if len(data) > limits.max_file_bytes:
        size = max(len(data), path.stat().st_size)
        detail = f"{size_text(size)}, tối đa {size_text(limits.max_file_bytes)}"
        return refused(path, inbox, "file_too_large", detail, file_sha256(path))
    sha256 = hashlib.sha256(data).hexdigest()
    verdict = detect_format(data, shown_name(path.suffix), limits.max_uncompressed_bytes)
    if verdict.problem:
        return refused(path, inbox, verdict.problem, verdict.detail, sha256)
    try:
        return _read_tables(path, inbox, data, sha256, verdict.file_format, limits)
    except ReadProblem as problem:
        return refused(path, inbox, problem.code, problem.detail, sha256)


def sheets_of(file_format: str, data: bytes, stem: str, max_rows: int) -> Iterable[SheetGrid]:
    """Returns the sheets of a file of a detected format: a CSV or HTML file is one sheet named `stem`."""
    if file_format == "csv":
        return [SheetGrid(stem, csv_grid(data, max_rows, stem))]
    if file_format == "html":
        return [SheetGrid(stem, html_sheet(data, max_rows, stem))]
    return workbook_sheets(data, max_rows)


def _read_tables(path: Path, inbox: Path, data: bytes, sha256: str, file_format: str, limits: ReadLimits):
    name = relative_name(path, inbox)
    rows: list[RawRow] = []
    issues: list[Issue] = []
    reports: list[SheetReport] = []
    fonts = _LazyFonts(data) if file_format in ("xlsx", "xlsm") else None
    stem = PurePosixPath(name).stem
    for sheet_name, grid, hidden, _ in sheets_of(file_format, data, stem, limits.max_rows_per_sheet):
        if hidden:
            reports.append(SheetReport(sheet_name, has_table=False, note="trang tính bị ẩn, không đọc"))
            issues.append(make_issue("sheet_hidden", file=name, sheet=sheet_name))
            continue
        scan, fixer = _scan_with_repair(grid, name, sheet_name, fonts)
        if not scan.headers:
            reports.append(SheetReport(sheet_name, has_table=False, note="không có bảng Mẫu 2"))
            issues.append(make_issue("sheet_no_table", file=name, sheet=sheet_name))
            continue
        issues.extend(_missing_columns(scan.headers, name, sheet_name))
        issues.extend(fixer.issues)
        reports.append(SheetReport(sheet_name, has_table=True, rows=len(scan.rows)))
        rows.extend(scan.rows)
    stat = path.stat()
    status, message = FileStatus.PROCESSED, None
    if not any(report.has_table for report in reports):
        status = FileStatus.NO_TABLE
        no_table = make_issue("file_no_table", file=name)
        issues = [no_table, *issues]
        message = no_table.message
    source = SourceFile(name, sha256, len(data), stat.st_mtime, status, message, file_format, tuple(reports))
    return FileResult(source, rows, issues)


def _scan_with_repair(grid: Grid, file: str, sheet: str, fonts: _LazyFonts | None):
    fixer = LegacyTextFixer(file, sheet)
    scan = scan_sheet(grid, fixer, file, sheet)
    if fixer.found_legacy and fonts is not None:  # the cell's font (.VnTime / VNI-Times) decides: read again
        fixer = LegacyTextFixer(file, sheet, fonts.lookup(sheet))
        scan = scan_sheet(grid, fixer, file, sheet)
    return scan, fixer


def _missing_columns(headers: tuple[Header, ...], file: str, sheet: str) -> list[Issue]:
    return [
        make_issue(
            "column_missing",
            detail=COLUMN_TITLES[column],  # named to the district as the Mẫu 2 template names it
            file=file,
            sheet=sheet,
            row=header.first_row + 1,
            column=column,
        )
        for header in headers
        for column in header.missing
    ]


class _LazyFonts:
    """The font name of each cell of an xlsx, loaded with openpyxl only when legacy text was seen."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.workbook: Any = None  # an openpyxl workbook once loaded, False when it cannot be

    def lookup(self, sheet_name: str):
        if self.workbook is None:
            import openpyxl  # slow to import and to load: only for workbooks with legacy text

            try:
                self.workbook = openpyxl.load_workbook(io.BytesIO(self.data), data_only=True)
            except Exception:  # noqa: BLE001 - without fonts the repair falls back to its own judgement
                self.workbook = False
        if not self.workbook or sheet_name not in self.workbook.sheetnames:
            return None
        worksheet = self.workbook[sheet_name]

        def font_of(row: int, column: int) -> str | None:
            return worksheet.cell(row + 1, column + 1).font.name

        return font_of
