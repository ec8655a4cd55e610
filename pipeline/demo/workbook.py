"""The files of the demo inbox as planned (communes, teams, members) and their drawing as .xlsx workbooks."""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from schemas import mau2

from ..vietnamese import date_text
from . import pools

_ZIP_TIME = (2022, 8, 20, 0, 0, 0)
_WIDTHS = {"tt": 5, "commune": 24, "team": 32, "hamlet": 16, "name": 26, "role": 18, "phone": 20, "note": 18}
_THIN = Side(style="thin")


@dataclass(frozen=True)
class Member:
    name: str  # as written, like every field below ("" for an empty cell)
    role: str
    phone: str | int
    nsn: str = ""  # the mobile number behind the cell, without trunk 0
    note: str = ""
    facts: tuple[tuple[str, dict], ...] = ()  # (kind, detail), recorded at the row where it lands


@dataclass(frozen=True)
class Team:
    hamlet: str  # ấp / khóm, as in the registry
    label: str  # team name as written
    hamlet_label: str  # the Ấp/Khóm column, where the file has one
    members: tuple[Member, ...]


@dataclass(frozen=True)
class Block:
    """One commune (xã / phường / thị trấn) as one file lists it."""

    commune: str
    label: str
    teams: tuple[Team, ...]
    counted: bool = True  # False when a later file supersedes this commune

    @property
    def rows(self) -> int:
        """Returns the number of data rows (people) the commune takes in the table."""
        return sum(len(team.members) for team in self.teams)


@dataclass(frozen=True)
class Submission:
    path: str
    district: str
    style: pools.FileStyle
    blocks: tuple[Block, ...]
    submitted: datetime
    signers: tuple[str, str]
    summary_sheet: bool = False


@dataclass(frozen=True)
class WrittenRow:
    """Where one member landed in a file: its sheet and Excel row, and the row of its first copy."""

    sheet: str
    row: int
    first_row: int  # the row where the same person (name and number) first appears in the table
    block: Block
    team: Team
    member: Member


def workbook_bytes(submission: Submission) -> tuple[bytes, list[WrittenRow]]:
    """Returns a submission's .xlsx content, byte-identical for the same plan, and where its rows went."""
    workbook = Workbook()
    workbook.properties.created = workbook.properties.modified = datetime(2022, 8, 20)
    workbook.properties.creator = workbook.properties.lastModifiedBy = "Admin"
    first: Worksheet = workbook.active
    if submission.summary_sheet:  # a sheet with counts only, before the lists
        _write_summary(first, submission)
        first = workbook.create_sheet()
    written = []
    for index, (title, blocks) in enumerate(sheet_groups(submission)):
        sheet = first if index == 0 else workbook.create_sheet()
        sheet.title = title
        written += _write_table(sheet, submission, blocks)
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()  # save_workbook() would stamp the clock
    return buffer.getvalue(), written


def sheet_groups(submission: Submission) -> list[tuple[str, tuple[Block, ...]]]:
    """Returns the list sheets of a file: one per commune, or one for all."""
    if submission.style.sheet_per_commune:
        return [(block.commune[:31], (block,)) for block in submission.blocks]
    return [(submission.style.sheet_title, submission.blocks)]


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one fixed time, so that equal content gives equal bytes."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs) -> None:
        self.writestr(arcname or os.path.basename(filename), Path(filename).read_bytes())


def _write_table(sheet: Worksheet, submission: Submission, blocks: tuple[Block, ...]) -> list[WrittenRow]:
    """Writes titles, header, member rows and footer of one Mẫu 2 table; returns where its rows went."""
    style, columns = submission.style, submission.style.columns
    merges: list[tuple[int, int, int, int]] = []  # applied last, over the formatted cells
    header_row = _write_titles(sheet, submission, blocks, merges)
    row = _write_header(sheet, style, header_row, merges)
    written: list = []
    first_rows: dict = {}
    number = 0
    for position, block in enumerate(blocks):
        row += 1 if position and style.blank_between_communes else 0
        block_start = row
        for team_index, team in enumerate(block.teams):
            number, team_start = number + 1, row
            for index, member in enumerate(team.members):
                lead = index == 0
                commune = block.label if lead and (style.merge != "block" or team_index == 0) else None
                values = {"tt": number if lead else None, "commune": commune, "note": member.note,
                          "team": team.label if lead else None, "hamlet": team.hamlet_label if lead else None,
                          "name": member.name, "role": member.role, "phone": member.phone}  # fmt: skip
                for column, key in enumerate(columns, 1):
                    if values[key] not in (None, ""):
                        sheet.cell(row, column, values[key])
                first = first_rows.setdefault((member.name, member.nsn), row)
                written.append(WrittenRow(sheet.title, row, first, block, team, member))
                row += 1
            spanned = ("tt", "team", "hamlet") + (("commune",) if style.merge == "team" else ())
            if style.merge and row - team_start > 1:
                merges += [_down(columns, key, team_start, row - 1) for key in spanned if key in columns]
        if style.merge == "block" and row - block_start > 1:
            merges.append(_down(columns, "commune", block_start, row - 1))
    _format_table(sheet, columns, header_row, row - 1)
    for first_row, first_column, last_row, last_column in merges:
        sheet.merge_cells(
            start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column
        )
    _write_footer(sheet, submission, row + 1, len(columns))
    return written


def _down(columns: tuple[str, ...], key: str, first_row: int, last_row: int) -> tuple[int, int, int, int]:
    """Returns the merged range of one column of the table over the given rows."""
    column = columns.index(key) + 1
    return first_row, column, last_row, column


def _write_titles(sheet: Worksheet, submission: Submission, blocks: tuple, merges: list) -> int:
    """Writes the letterhead and title lines above the table; returns the header's row."""
    width = len(submission.style.columns)
    unit, bare = pools.split_unit(submission.district)
    sheet["A1"] = f"UBND {submission.district.upper()}"
    if submission.style.national_motto:
        sheet.cell(1, 4, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        sheet.cell(2, 4, "Độc lập - Tự do - Hạnh phúc")
    place = f"{unit.lower()} {bare}".strip()
    if submission.style.sheet_per_commune:
        commune_unit, commune_bare = pools.split_unit(blocks[0].commune)
        place = f"{commune_unit.lower()} {commune_bare}, {place}".strip()
    day = submission.submitted
    lines = (
        mau2.TITLE,
        place,
        f"(Số liệu đến ngày {date_text(day)})",
    )
    for row, text in enumerate(lines, 4):
        sheet.cell(row, 1, text).font = Font(bold=row == 4, italic=row == 6, size=13 if row == 4 else 12)
        sheet.cell(row, 1).alignment = Alignment(horizontal="center")
        merges.append((row, 1, row, width))
    return 8


def _write_header(sheet: Worksheet, style: pools.FileStyle, row: int, merges: list) -> int:
    """Writes the header (one or two rows, optional column numbers); returns the first data row."""
    labels = pools.HEADER_WORDINGS[style.wording] | pools.EXTRA_HEADERS
    group = [column for column, key in enumerate(style.columns, 1) if key in ("name", "role", "phone")]
    two_rows = style.two_row_header and group == list(range(group[0], group[-1] + 1))
    for column, key in enumerate(style.columns, 1):
        if two_rows and column in group:
            sheet.cell(row + 1, column, labels[key])
        else:
            sheet.cell(row, column, labels[key])
            merges += [(row, column, row + 1, column)] if two_rows else []
    if two_rows:
        sheet.cell(row, group[0], pools.MEMBER_GROUP_HEADER)
        merges.append((row, group[0], row, group[-1]))
    for cells in sheet.iter_rows(min_row=row, max_row=row + two_rows, max_col=len(style.columns)):
        for cell in cells:
            cell.font = Font(bold=True)
    row += 2 if two_rows else 1
    for column in range(1, len(style.columns) + 1) if style.number_row else ():
        sheet.cell(row, column, column).font = Font(italic=True)
    return row + 1 if style.number_row else row


def _format_table(sheet: Worksheet, columns: tuple[str, ...], header_row: int, last_row: int) -> None:
    """Gives the table what an officer gives it: borders, wrapped text, column widths."""
    first = sheet.cell(header_row, 1)
    first.border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
    first.alignment = Alignment(wrap_text=True, vertical="center")
    for row in sheet.iter_rows(min_row=header_row, max_row=last_row, max_col=len(columns)):
        for cell in row:
            # The ids of the first cell's border and alignment, over the font each cell has: the same
            # file as assigning the style objects, without openpyxl hashing them once per cell.
            style = cell._style if cell._style is not None else StyleArray()
            style.borderId, style.alignmentId = first._style.borderId, first._style.alignmentId
            cell._style = style
    for column, key in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[key]


def _write_footer(sheet: Worksheet, submission: Submission, row: int, width: int) -> None:
    """Writes the place and date line, the signature titles and the signers' names below the table."""
    right, day = max(width - 1, 3), submission.submitted
    town = pools.split_unit(submission.district)[1]  # "Trà Vinh", "Càng Long" ...
    dated = sheet.cell(row, right, f"{town}, ngày {day.day} tháng {day.month} năm {day.year}")
    dated.font = Font(italic=True)
    sheet.cell(row + 1, 2, "Người lập biểu").font = Font(bold=True)
    sheet.cell(row + 1, right, "CHỦ TỊCH").font = Font(bold=True)
    sheet.cell(row + 5, 2, submission.signers[0])
    sheet.cell(row + 5, right, submission.signers[1])


def _write_summary(sheet: Worksheet, submission: Submission) -> None:
    """Writes the district's summary sheet: counts per commune, no member table."""
    sheet.title = "Tổng hợp"
    sheet["A1"] = f"UBND {submission.district.upper()}"
    sheet["A3"] = "TỔNG HỢP SỐ LƯỢNG TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"
    sheet.append([])
    sheet.append(["STT", "Đơn vị", "Số ấp, khóm có tổ", "Số tổ", "Số thành viên"])
    for number, block in enumerate(submission.blocks, 1):
        sheet.append([number, block.label, len(block.teams), len(block.teams), block.rows])
    teams = sum(len(block.teams) for block in submission.blocks)
    sheet.append(["", "Tổng cộng", teams, teams, sum(block.rows for block in submission.blocks)])
