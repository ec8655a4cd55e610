"""Writes one planned Mẫu 2 file with xlsxwriter: title rows, header, merged team cells, footer.

xlsxwriter is several times faster than openpyxl for the ~1,300 files of the national inbox; a file
holds a few hundred rows, so it is written in the normal mode, where vertical merges can be drawn.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import xlsxwriter

from pipeline.demo import pools
from schemas import mau2

from .plan import Block, FilePlan

# (columns, header wording, merge team cells, number row under the header, one sheet per commune)
LAYOUTS = (
    (("tt", "commune", "team", "name", "role", "phone"), 0, True, True, False),
    (("tt", "commune", "hamlet", "team", "name", "role", "phone", "note"), 1, False, False, False),
    (("tt", "name", "role", "phone", "commune", "hamlet", "team", "note"), 2, False, False, True),
    (("tt", "commune", "team", "name", "role", "phone", "note"), 2, True, False, True),
)
_OPTIONS = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
_CREATED = datetime(2022, 8, 20)


def write_file(plan: FilePlan, root: Path) -> int:
    """Writes the file under `root` with the plan's modification time; returns its number of data rows."""
    path = root / plan.path
    path.parent.mkdir(parents=True, exist_ok=True)
    columns, wording, merge, number_row, per_commune = LAYOUTS[plan.layout]
    workbook = xlsxwriter.Workbook(str(path), _OPTIONS)
    workbook.set_properties({"created": _CREATED, "author": "Admin"})
    bold = workbook.add_format({"bold": True})
    groups: list[tuple[str, tuple[Block, ...]]] = [("Sheet1", plan.blocks)]
    if per_commune:
        groups = [(block.name[:31], (block,)) for block in plan.blocks]
    for title, blocks in groups:
        sheet = workbook.add_worksheet(title)
        row = _write_titles(sheet, plan.district, bold, len(columns))
        row = _write_header(sheet, columns, wording, number_row, bold, row)
        row = _write_blocks(sheet, columns, merge, blocks, row)
        _write_footer(sheet, plan.district, row + 1)
    workbook.close()
    os.utime(path, (plan.mtime, plan.mtime))
    return plan.rows


def _write_titles(sheet, district: str, bold, width: int) -> int:
    """Writes the letterhead and title lines; returns the header's row (0-based)."""
    sheet.write(0, 0, f"UBND {district.upper()}", bold)
    sheet.write(0, 3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold)
    sheet.write(1, 3, "Độc lập - Tự do - Hạnh phúc")
    sheet.merge_range(3, 0, 3, width - 1, mau2.TITLE, bold)
    unit, bare = pools.split_unit(district)
    sheet.write(4, 0, f"{unit.lower()} {bare}".strip())
    sheet.write(5, 0, "(Số liệu đến ngày 16/8/2022)")
    return 7


def _write_header(sheet, columns: tuple[str, ...], wording: int, number_row: bool, bold, row: int) -> int:
    """Writes the header row (and the row of column numbers); returns the first data row."""
    labels = pools.HEADER_WORDINGS[wording] | pools.EXTRA_HEADERS
    sheet.write_row(row, 0, [labels[key] for key in columns], bold)
    if number_row:
        row += 1
        sheet.write_row(row, 0, list(range(1, len(columns) + 1)))
    return row + 1


def _write_blocks(sheet, columns: tuple[str, ...], merge: bool, blocks: tuple[Block, ...], row: int) -> int:
    """Writes the member rows, commune and team on each team's first row only; returns the next row."""
    number = 0
    spanned = [columns.index(key) for key in ("tt", "commune", "team", "hamlet") if key in columns]
    for position, block in enumerate(blocks):
        row += 1 if position and not merge else 0  # a blank row between communes
        for team in block.teams:
            number, start = number + 1, row
            for index, member in enumerate(team.members):
                lead = index == 0
                values = {"tt": number if lead else None, "commune": block.label if lead else None,
                          "team": team.label if lead else None, "hamlet": team.hamlet if lead else None,
                          "name": member.name or None, "role": member.role, "phone": member.phone,
                          "note": member.note or None}  # fmt: skip
                sheet.write_row(row, 0, [values[key] for key in columns])
                row += 1
            if merge and row - start > 1:
                lead_values = [number, block.label, team.label, team.hamlet]
                for column in spanned:
                    key = columns[column]
                    value = lead_values[("tt", "commune", "team", "hamlet").index(key)]
                    sheet.merge_range(start, column, row - 1, column, value)
    return row


def _write_footer(sheet, district: str, row: int) -> None:
    """Writes the place and date line and the signature titles below the table."""
    town = pools.split_unit(district)[1]
    sheet.write(row, 4, f"{town}, ngày 16 tháng 8 năm 2022")
    sheet.write(row + 1, 1, "Người lập biểu")
    sheet.write(row + 1, 4, "CHỦ TỊCH")
