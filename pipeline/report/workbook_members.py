"""Danh sách tổ in the Mẫu 2 layout, to be forwarded as is: grouped by district under a heading row,
teams numbered within their district, TT, commune and team name written once per team and merged over
its rows, then Họ tên, Chức vụ, Điện thoại; Huyện, Ấp/khóm, notes and the source after them.

The flat list for sorting and filtering is danh-sach.csv. The sheet is written row by row (xlsxwriter's
constant memory mode, a national list has ~450,000 rows): each cell is written once, in row order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from schemas import mau2

from ..text import FORMULA_STARTS, map_distinct
from ..timing import advance
from . import labels
from .workbook_layout import (
    CHARS_PER_WIDTH,
    LINE_HEIGHT,
    Column,
    Formats,
    header_height,
    set_print,
    set_widths,
)
from .workbook_tables import accepted_rows

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from ..model import RunResult

COLUMNS = (
    Column(mau2.NUMBER_TITLE, 6, "number"),
    Column(mau2.COLUMN_TITLES["commune"], 20, "wrap"),
    Column(mau2.COLUMN_TITLES["team"], 30, "wrap"),
    Column(mau2.COLUMN_TITLES["name"], 24, "wrap"),
    Column(mau2.COLUMN_TITLES["role"], 11),
    Column(mau2.COLUMN_TITLES["phone"], 17),
    Column("Huyện", 20, "wrap"),
    Column("Ấp/khóm", 16, "wrap"),
    Column("Ghi chú", 18, "wrap"),
    Column("Nguồn (tệp, trang, dòng)", 50, "wrap"),
)
MERGED = 3  # TT, commune and team: once per team, merged over its rows
_FIELDS = ("commune", "team", "name", "kept_role", "phone_national", "district", "hamlet", "notes", "source")
_ROW_COLUMNS = [  # what the sheet shows of a row, and what orders the rows
    "district", "commune", "commune_text", "hamlet", "team", "name", "kept_role", "phone_national",
    "flags", "source_file", "source_sheet", "source_row",
]  # fmt: skip
_MAX_LINES = 15
_PROGRESS_ROWS = 10_000  # members written between two progress reports


@dataclass(frozen=True)
class MemberBlocks:
    """The accepted members in sheet order, as columns of text, with where each team and district starts."""

    texts: dict[str, list[str]]  # one list per field of _FIELDS, one text per member
    lines: np.ndarray  # lines of wrapped text each member's row needs (the merged cells aside)
    team_starts: np.ndarray  # True on the first row of a team
    district_starts: np.ndarray  # True on the first row of a district


def member_blocks(result: RunResult) -> MemberBlocks:
    """Returns the accepted members sorted by place, team and role, cut into teams and districts."""
    rows = accepted_rows(result, _ROW_COLUMNS)
    source = (
        rows["source_file"].astype(str)
        + " ("
        + rows["source_sheet"].astype(str)
        + ", dòng "
        + rows["source_row"].astype(int).astype(str)
        + ")"
    )
    unplaced = labels.UNPLACED_DISTRICT if result.registry.has_districts else ""
    # A commune the registry could not tell is shown as the district typed it, so that it can be read.
    typed = rows["commune_text"].fillna("") if "commune_text" in rows else ""
    table = rows.assign(
        notes=map_distinct(rows["flags"], labels.flag_notes) if len(rows) else "",
        source=source,
        district=rows["district"].replace("", unplaced),
        commune=rows["commune"].where(rows["commune"].ne(""), typed),
    )
    texts = {field: table[field].fillna("").astype(str).tolist() for field in _FIELDS}
    team_key = table[["district", "commune", "hamlet", "team"]]
    team_starts = (team_key != team_key.shift()).any(axis=1).to_numpy()
    # Without districts (since 1/7/2025) the list is one block: no heading rows.
    district_starts = (table["district"] != table["district"].shift()).to_numpy()
    if not result.registry.has_districts:
        district_starts = np.zeros(len(table), dtype=bool)
    lines = np.ones(len(table), dtype=int)
    for col, column in enumerate(COLUMNS[MERGED:], start=MERGED):
        if column.kind == "wrap":
            per_line = max(int(column.width * CHARS_PER_WIDTH), 1)
            lengths = table[_FIELDS[col - 1]].fillna("").astype(str).str.len().to_numpy()
            lines = np.maximum(lines, -(-lengths // per_line))
    return MemberBlocks(texts, np.minimum(lines, _MAX_LINES), team_starts, district_starts)


def write_member_sheet(workbook: Workbook, formats: Formats, result: RunResult) -> Worksheet:
    """Adds Danh sách tổ: the header, then each district's heading row and its teams, merged per team."""
    sheet = workbook.add_worksheet(labels.SHEET_MEMBERS)
    set_widths(sheet, COLUMNS)
    header = formats.get("header")
    for col, column in enumerate(COLUMNS):
        sheet.write_string(0, col, column.header, header)
    sheet.set_row(0, header_height(COLUMNS))
    blocks = member_blocks(result)
    last = _write_blocks(sheet, formats, blocks)
    sheet.autofilter(0, 0, max(last, 1), len(COLUMNS) - 1)
    sheet.freeze_panes(1, 0)
    set_print(sheet, 0, mau2.TITLE)  # the title of Mẫu 2 on every printed page
    return sheet


def _write_blocks(sheet: Worksheet, formats: Formats, blocks: MemberBlocks) -> int:
    """Writes the districts and their teams from the second row on; returns the last row written."""
    texts = blocks.texts
    count = len(texts["name"])
    team_ends, district_ends = _ends(blocks.team_starts), _ends(blocks.district_starts)
    team_lines = _team_lines(blocks)
    cell = [formats.cell(column.kind) for column in COLUMNS]
    quoted = [formats.cell(column.kind, quoted=True) for column in COLUMNS]
    district_heading = formats.get("label", bg_color="#F2F2F2", border=1)
    write_string, write_number, write_blank = sheet.write_string, sheet.write_number, sheet.write_blank
    members = [texts[field] for field in _FIELDS[MERGED - 1 :]]  # name, role, phone, district ... source
    row, team, district, number = 0, -1, -1, 0
    for index in range(count):
        if index % _PROGRESS_ROWS == 0:
            advance("workbook", index, count)
        if blocks.district_starts[index]:
            district += 1
            end = int(district_ends[district])
            row += 1
            teams = int(blocks.team_starts[index:end].sum())
            heading = f"{texts['district'][index]}: {teams} tổ, {end - index} thành viên"
            sheet.merge_range(row, 0, row, len(COLUMNS) - 1, heading, district_heading)
            number = 0
        row += 1
        first = bool(blocks.team_starts[index])
        if first:
            team += 1
            number += 1
            end = int(team_ends[team])
            # The merged commune and team name wrap over the team's rows; the first row takes what they lack.
            lines = int(blocks.lines[index]) + max(0, team_lines[team] - int(blocks.lines[index:end].sum()))
            if end - index > 1:
                for col in range(MERGED):
                    _merge_down(sheet, row, col, row + end - index - 1)
        else:
            lines = int(blocks.lines[index])
        if lines > 1:  # before the row's cells: row by row, a row is written out when the next begins
            sheet.set_row(row, lines * LINE_HEIGHT + 2)
        if first:
            write_number(row, 0, number, cell[0])
            for col, field in ((1, "commune"), (2, "team")):
                value = texts[field][index]
                write_string(row, col, value, quoted[col] if value.startswith(FORMULA_STARTS) else cell[col])
        else:
            for col in range(MERGED):
                write_blank(row, col, None, cell[col])
        for col, values in enumerate(members, start=MERGED):
            value = values[index]
            if value:
                write_string(row, col, value, quoted[col] if value.startswith(FORMULA_STARTS) else cell[col])
            else:
                write_blank(row, col, None, cell[col])
    return row


def _merge_down(sheet: Worksheet, first_row: int, col: int, last_row: int) -> None:
    """Merges a column's cells over rows still to be written. merge_range() cannot do it row by row: it
    writes the blank cells below at once, which ends the current row in constant memory mode. Recorded
    as merge_range records it; the cells are written in row order by the caller."""
    sheet.merge.append([first_row, col, last_row, col])


def _team_lines(blocks: MemberBlocks) -> list[int]:
    """Returns the lines each team's merged commune and team name need, to grow its first row to."""
    starts = np.flatnonzero(blocks.team_starts)
    needed = []
    for col, field in ((1, "commune"), (2, "team")):
        per_line = max(int(COLUMNS[col].width * CHARS_PER_WIDTH), 1)
        lengths = np.array([len(blocks.texts[field][start]) for start in starts], dtype=int)
        needed.append(-(-lengths // per_line))
    return np.minimum(np.maximum.reduce(needed), _MAX_LINES).tolist() if needed and len(starts) else []


def _ends(starts: np.ndarray) -> np.ndarray:
    """Returns one past the last row of each block, from the flags of the blocks' first rows."""
    return np.append(np.flatnonzero(starts)[1:], len(starts))
