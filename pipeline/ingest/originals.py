"""A district's own file opened again as a workbook, for the fix-it copy the province sends back.

An .xlsx or .xlsm is opened with openpyxl as it is (sheets, formatting, values; macros are never run and
are dropped, so the copy is a plain .xlsx). Any other format (.xls, .xlsb, .ods, .csv, HTML saved as .xls)
is read with the readers that read it for the run, and its cells and merged ranges are laid out in a new
workbook as it was sent (its widths and fonts are not kept). The copy holds values only: a formula of the
district's file comes as the value it last showed. A file changed since the run read it is not opened:
its marks would fall on the wrong cells.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path, PurePosixPath

import openpyxl
from openpyxl.workbook.workbook import Workbook

from ..model import SourceFile
from .file import ReadLimits, sheets_of

_EDITABLE = {"xlsx", "xlsm"}
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def original_bytes(path: Path, source: SourceFile) -> bytes | None:
    """Returns the file's bytes; None when it is gone or has changed since the run read it."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == source.sha256 else None


def original_workbook(
    path: Path, source: SourceFile, limits: ReadLimits | None = None
) -> tuple[Workbook, dict[str, str]] | None:
    """Returns the file as a workbook and the title of each of its sheets by the name the run read it
    under; None when the file is gone, has changed since it was read, or cannot be opened."""
    data = original_bytes(path, source)
    return None if data is None else workbook_of(data, source, limits)


def workbook_of(
    data: bytes, source: SourceFile, limits: ReadLimits | None = None
) -> tuple[Workbook, dict[str, str]] | None:
    """Returns the file's bytes (as the run read them) opened as a workbook, with the title of each of
    its sheets by the name the run read it under."""
    if source.file_format in _EDITABLE:
        # Values as last calculated: the copy holds no formula (nor anything a formula would fetch).
        book = openpyxl.load_workbook(io.BytesIO(data), keep_vba=False, data_only=True)
        book.template = False
        return book, {title: title for title in book.sheetnames}
    book = openpyxl.Workbook()
    book.remove(book.active)
    titles: dict[str, str] = {}
    limits = limits or ReadLimits()
    for sheet in sheets_of(
        source.file_format, data, PurePosixPath(source.path).stem, limits.max_rows_per_sheet
    ):
        if sheet.hidden:
            continue
        title = _title(sheet.name, set(book.sheetnames))
        titles[sheet.name] = title
        written = book.create_sheet(title)
        for row_number, row in enumerate(sheet.grid, start=1):
            for column, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = written.cell(row_number, column, value if not isinstance(value, str) else None)
                if isinstance(value, str):
                    cell.value = value
                    cell.data_type = "s"  # text as the district typed it, never a formula
        for (first_row, first_column), (last_row, last_column) in sheet.merged:
            # the grid repeats a merged value on every row: merged again, it shows once, as sent
            written.merge_cells(
                start_row=first_row + 1,
                start_column=first_column + 1,
                end_row=last_row + 1,
                end_column=last_column + 1,
            )
    return book, titles


def _title(name: str, taken: set[str]) -> str:
    """Returns a sheet title Excel accepts (31 characters, none of []:*?/\\), not yet taken."""
    base = _BAD_TITLE.sub("_", name).strip("'")[:31] or "Sheet"
    title, counter = base, 1
    while title in taken:
        counter += 1
        suffix = f" ({counter})"
        title = base[: 31 - len(suffix)] + suffix
    return title
