"""Danh sách tổ in the Mẫu 2 layout, to be forwarded as is: grouped by district under a heading row,
teams numbered within their district, TT, commune and team name written once per team and merged over
its rows, then Họ tên, Chức vụ, Điện thoại; Huyện, Ấp/khóm, notes and the source after them.

The flat list for sorting and filtering is danh-sach.csv. A national list has ~450,000 rows: the rows
are written as SpreadsheetML text in chunks (`xml_rows`, in xlsxwriter's constant memory mode), each
cell's text made once per distinct value.
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
from .xml_rows import XmlRowsSheet, column_names, number_end, row_start, style_id, text_end

if TYPE_CHECKING:
    from xlsxwriter.format import Format
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
_CHUNK_ROWS = 10_000  # rows of XML handed to the sheet at once (and members between progress reports)


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
    sheet = workbook.add_worksheet(labels.SHEET_MEMBERS, worksheet_class=XmlRowsSheet)
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


def _write_blocks(sheet: XmlRowsSheet, formats: Formats, blocks: MemberBlocks) -> int:
    """Writes the districts and their teams from the second row on, as XML rows; returns the last row."""
    texts = blocks.texts
    count = len(texts["name"])
    team_ends, district_ends = _ends(blocks.team_starts), _ends(blocks.district_starts)
    team_lines = _team_lines(blocks)
    styles = [style_id(formats.cell(column.kind)) for column in COLUMNS]
    quoted = [formats.cell(column.kind, quoted=True) for column in COLUMNS]  # given an index when used
    heading_style = style_id(formats.get("label", bg_color="#F2F2F2", border=1))
    letters = column_names(len(COLUMNS))
    # Each cell as the text after its reference: its style and value (most values repeat).
    ends = [_cell_ends(texts[field], styles[col], quoted[col]) for col, field in enumerate(_FIELDS, start=1)]
    members = list(zip(letters[MERGED:], ends[MERGED - 1 :], strict=True))
    blank = [f' s="{style}"/>' for style in styles[:MERGED]]
    heading_blanks = "".join(f'<c r="{letter}{{}}" s="{heading_style}"/>' for letter in letters[1:])
    advance("workbook", 0, count)
    row, team, district, number = 0, -1, -1, 0
    chunk: list[str] = []
    chunk_first = 1
    for index in range(count):
        if blocks.district_starts[index]:
            district += 1
            end = int(district_ends[district])
            row += 1
            teams = int(blocks.team_starts[index:end].sum())
            heading = f"{texts['district'][index]}: {teams} tổ, {end - index} thành viên"
            sheet.merge.append([row, 0, row, len(COLUMNS) - 1])
            chunk.append(
                f'{row_start(row)}<c r="A{row + 1}" s="{heading_style}"{text_end(heading)}'
                + heading_blanks.format(*[row + 1] * (len(COLUMNS) - 1))
                + "</row>"
            )
            number = 0
        row += 1
        r = row + 1
        if blocks.team_starts[index]:
            team += 1
            number += 1
            end = int(team_ends[team])
            # The merged commune and team name wrap over the team's rows; the first row takes what they lack.
            lines = int(blocks.lines[index]) + max(0, team_lines[team] - int(blocks.lines[index:end].sum()))
            if end - index > 1:
                for col in range(MERGED):
                    sheet.merge.append([row, col, row + end - index - 1, col])
            merged = (
                f'<c r="A{r}" s="{styles[0]}"{number_end(number)}'
                f'<c r="B{r}"{ends[0][index]}<c r="C{r}"{ends[1][index]}'
            )
        else:
            lines = int(blocks.lines[index])
            merged = f'<c r="A{r}"{blank[0]}<c r="B{r}"{blank[1]}<c r="C{r}"{blank[2]}'
        height = lines * LINE_HEIGHT + 2 if lines > 1 else None
        chunk.append(
            row_start(row, height)
            + merged
            + "".join([f'<c r="{letter}{r}"{cell[index]}' for letter, cell in members])
            + "</row>"
        )
        if len(chunk) >= _CHUNK_ROWS or index == count - 1:
            sheet.write_xml_rows(chunk_first, row, len(COLUMNS) - 1, "".join(chunk))
            chunk, chunk_first = [], row + 1
            advance("workbook", index + 1, count)
    return row


def _cell_ends(values: list[str], style: int, quoted: Format) -> list[str]:
    """Returns the end of each value's cell: its style (quoted for text Excel would run) and the text."""
    made: dict[str, str] = {}
    ends = []
    for value in values:
        end = made.get(value)
        if end is None:
            chosen = style_id(quoted) if value.startswith(FORMULA_STARTS) else style
            end = made[value] = f' s="{chosen}"{text_end(value)}'
        ends.append(end)
    return ends


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
