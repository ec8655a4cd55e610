"""Danh sách tổ in the Mẫu 2 layout, to be forwarded as is: grouped by district under a heading row,
teams numbered within their district, TT, commune and team name written once per team and merged over
its rows, then Họ tên, Chức vụ, Điện thoại; Huyện, Ấp/khóm, notes and the source after them.

The flat list for sorting and filtering is danh-sach.csv. A national list has ~450,000 rows: the rows
are written as SpreadsheetML text in chunks (`xml_rows`, in xlsxwriter's constant memory mode), each
cell's text made once per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable
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
from .xml_rows import XmlRowsSheet, column_names, number_end, row_start, style_id, text_cells, text_end

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


@dataclass(frozen=True)
class _Layout:
    """Where the members go: each one's sheet row (0-based), team number and row height, the district
    headings' texts, and the merged ranges (first row, first column, last row, last column) in row order."""

    rows: np.ndarray
    numbers: np.ndarray
    heights: list[str]  # the height attributes of each member's <row>
    headings: dict[int, str]  # member index of a district's first member -> its heading row's text
    merges: list[list[int]]


def _layout(blocks: MemberBlocks) -> _Layout:
    count = len(blocks.team_starts)
    district_starts, team_starts = blocks.district_starts, blocks.team_starts
    rows = np.arange(count) + 1 + np.cumsum(district_starts)  # after the header and the headings so far
    team_firsts = np.flatnonzero(team_starts)
    team_sizes = np.diff(np.append(team_firsts, count))
    team_ordinal = np.cumsum(team_starts)  # 1 for the first team of the sheet
    district_firsts = np.flatnonzero(district_starts)
    # Teams are numbered within their district: the ordinal less the teams of the districts before.
    before = np.zeros(count, dtype=int)
    if len(district_firsts):
        before[district_firsts] = np.diff(np.append(0, team_ordinal[district_firsts] - 1))
    numbers = team_ordinal - np.cumsum(before)
    # The merged commune and team name wrap over the team's rows; the first row takes what they lack.
    lines = blocks.lines.astype(int).copy()
    if len(team_firsts):
        lacking = np.asarray(_team_lines(blocks)) - np.add.reduceat(lines, team_firsts)
        lines[team_firsts] += np.maximum(lacking, 0)
    attributes = {n: _height_attribute(n * LINE_HEIGHT + 2) if n > 1 else "" for n in np.unique(lines)}
    heights = [attributes[n] for n in lines]
    headings, merges = {}, []
    district_ends = np.append(district_firsts[1:], count)[: len(district_firsts)]  # none: one block
    texts = blocks.texts
    for first, end in zip(district_firsts, district_ends, strict=True):
        teams = int(team_starts[first:end].sum())
        headings[int(first)] = f"{texts['district'][first]}: {teams} tổ, {end - first} thành viên"
        merges.append([int(rows[first]) - 1, 0, int(rows[first]) - 1, len(COLUMNS) - 1])
    for first, size in zip(team_firsts, team_sizes, strict=True):
        if size > 1:
            row = int(rows[first])
            merges.extend([row, col, row + int(size) - 1, col] for col in range(MERGED))
    merges.sort()
    return _Layout(rows, numbers, heights, headings, merges)


def _height_attribute(height: float) -> str:
    """Returns the attributes of a <row> of this height, as row_start() writes them."""
    return row_start(0, height).removeprefix('<row r="1"').removesuffix(">")


def _write_blocks(sheet: XmlRowsSheet, formats: Formats, blocks: MemberBlocks) -> int:
    """Writes the districts and their teams from the second row on, as XML rows, a chunk at a time;
    returns the last row written."""
    count = len(blocks.texts["name"])
    advance("workbook", 0, count)
    if not count:
        return 0
    layout = _layout(blocks)
    sheet.merge.extend(layout.merges)
    heading_style = style_id(formats.get("label", bg_color="#F2F2F2", border=1))
    styles = [style_id(formats.cell(column.kind)) for column in COLUMNS]
    quoted = [formats.cell(column.kind, quoted=True) for column in COLUMNS]  # given an index when used
    letters = column_names(len(COLUMNS))
    for start in range(0, count, _CHUNK_ROWS):
        end = min(start + _CHUNK_ROWS, count)
        numbers = (layout.rows[start:end] + 1).astype(str).astype(object)
        first = blocks.team_starts[start:end]
        row_xml = '<row r="' + numbers + '"' + np.array(layout.heights[start:end], dtype=object) + ">"
        # TT, commune and team on a team's first row; blank cells in the merged range below it.
        tt = np.where(
            first,
            [f' s="{styles[0]}"{number_end(n)}' for n in layout.numbers[start:end]],
            f' s="{styles[0]}"/>',
        )
        row_xml += '<c r="A' + numbers + '"' + tt
        for col, field in enumerate(_FIELDS, start=1):
            ends = text_cells(blocks.texts[field][start:end], _style_of(styles[col], quoted[col]))
            if col < MERGED:
                ends = np.where(first, ends, f' s="{styles[col]}"/>')
            row_xml += f'<c r="{letters[col]}' + numbers + '"' + ends
        row_xml += "</row>"
        rows = list(row_xml)
        for at in reversed(np.flatnonzero(blocks.district_starts[start:end]) + start):
            rows.insert(
                at - start, _heading_row(int(layout.rows[at]) - 1, layout.headings[at], heading_style)
            )
        first_row = int(layout.rows[start]) - (1 if start in layout.headings else 0)
        sheet.write_xml_rows(first_row, int(layout.rows[end - 1]), len(COLUMNS) - 1, "".join(rows))
        advance("workbook", end, count)
    return int(layout.rows[-1])


def _style_of(style: int, quoted: Format) -> Callable[[str], int]:
    """Returns a column's style for a text: quoted (Excel's quote prefix) for text Excel would run."""
    return lambda text: style_id(quoted) if text.startswith(FORMULA_STARTS) else style


def _heading_row(row: int, text: str, style: int) -> str:
    """Returns a district's heading row: its text in the first cell, merged over the row."""
    blanks = "".join(f'<c r="{letter}{row + 1}" s="{style}"/>' for letter in column_names(len(COLUMNS))[1:])
    return f'{row_start(row)}<c r="A{row + 1}" s="{style}"{text_end(text)}{blanks}</row>'


def _team_lines(blocks: MemberBlocks) -> list[int]:
    """Returns the lines each team's merged commune and team name need, to grow its first row to."""
    starts = np.flatnonzero(blocks.team_starts)
    needed = []
    for col, field in ((1, "commune"), (2, "team")):
        per_line = max(int(COLUMNS[col].width * CHARS_PER_WIDTH), 1)
        lengths = np.array([len(blocks.texts[field][start]) for start in starts], dtype=int)
        needed.append(-(-lengths // per_line))
    return np.minimum(np.maximum.reduce(needed), _MAX_LINES).tolist() if needed and len(starts) else []
