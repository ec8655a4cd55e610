"""One sheet's grid of cell values -> the data rows of every Mẫu 2 table in it, with commune and team
carried down.

A grid is a list of rows (row 0 is Excel row 1, column 0 is column A) holding raw cell values; merged
ranges are already spread over the rows they span. Text cells pass through `fix_text(raw, row, column,
field)`, which repairs legacy encodings and returns clean NFC text (field "" = no issue to report).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from schemas.mau2 import FIELDS

from ..model import RawRow
from ..text import clean_text, fast_clean, identity_key
from .header import Header, find_header, is_column_numbers, is_count, is_footer, is_total, quick_fold
from .sections import read_section
from .wide import WideHeader, find_wide_header

_DIGIT = re.compile(r"\d")
_CONTEXT_FIELDS = ("commune", "team", "hamlet")  # carried down, in this order: a commune resets the team
TextFixer = Callable[[str, int, int, str], str]


@dataclass(frozen=True)
class SheetScan:
    """The tables found in one sheet and their data rows."""

    headers: tuple[Header, ...]
    rows: list[RawRow] = field(default_factory=list)  # in sheet order, with the file and sheet given


def plain_fixer(raw: str, row: int, column: int, field_name: str) -> str:
    """A TextFixer that only cleans (no legacy-encoding repair)."""
    return fast_clean(raw)


# First words of the name cell that may open a header or a footer ("Họ tên", "Người lập biểu", "TM. UBND")
_SUSPECT_FIRST_WORDS = frozenset(
    "họ người lập tm tm. t/m t.m kt kt. k/t chủ phó xác tổng cộng cộng: nơi thủ ký ghi danh stt tt".split()
)


def _has_digit(value: object) -> bool:
    if isinstance(value, str):
        return _DIGIT.search(value) is not None
    return isinstance(value, int | float) and not isinstance(value, bool)


def column_letters(columns: dict[str, int]) -> dict[str, str]:
    """Returns the RawRow letter fields of a table ({"commune_letter": "B", ...}; "" for a column it lacks).

    A name split over two columns is located by its surname column, the one that holds "name".
    """
    return {
        f"{field_name}_letter": get_column_letter(columns[field_name] + 1) if field_name in columns else ""
        for field_name in FIELDS
    }


class _SheetScanner:
    def __init__(self, grid: list[list], fix_text: TextFixer, source_file: str, source_sheet: str) -> None:
        self.grid = grid
        self.fix_text = fix_text
        self.source_file, self.source_sheet = source_file, source_sheet
        self.headers: list[Header] = []
        self.rows: list[RawRow] = []

    def keys_of(self, row: int) -> dict[int, str]:
        """Returns {column: folded text} of the row's non-empty cells."""
        keys = {}
        for column, value in enumerate(self.grid[row]):
            if value is not None and value != "":
                text = self.fix_text(value, row, column, "") if isinstance(value, str) else fast_clean(value)
                key = quick_fold(text)
                if key:
                    keys[column] = key
        return keys

    def row_text(self, row: int) -> str:
        parts: list[str] = []
        for column, value in enumerate(self.grid[row]):
            if value is not None and value != "":
                text = (
                    self.fix_text(value, row, column, "title_text")
                    if isinstance(value, str)
                    else clean_text(value)
                )
                if text and (not parts or parts[-1] != text):  # a merged title repeats its text
                    parts.append(text)
        return " ".join(parts)

    def text(self, row: int, column: int, field_name: str) -> str:
        value = self.grid[row][column]
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            return self.fix_text(value, row, column, field_name)
        return clean_text(value)

    def scan(self) -> SheetScan:
        row, row_count = 0, len(self.grid)
        title_rows: list[tuple[int, str]] = []  # rows of text since the last table ended: the next title
        while row < row_count:
            wide = self.wide_header(row)
            if wide is not None:
                title = clean_text(" ".join(text for title_row, text in title_rows if title_row < row))
                row, title_rows = self.scan_wide_table(wide, title, row_count), []
                continue
            header = find_header(row, self.keys_of, row_count)
            if header is None:
                text = self.row_text(row)
                if text:
                    title_rows.append((row, text))
                row += 1
                continue
            title = clean_text(
                " ".join(text for title_row, text in title_rows if title_row < header.first_row)
            )
            self.headers.append(header)
            row, title_rows = self.scan_table(header, title, row_count)
        return SheetScan(tuple(self.headers), self.rows)

    def wide_header(self, row: int) -> WideHeader | None:
        """Returns the header of a team-per-row table at `row` (people across columns), or None."""
        keys = self.keys_of(row)
        if len(keys) < 4:
            return None
        return find_wide_header(row, keys, {column: self.text(row, column, "") for column in keys})

    def scan_wide_table(self, header: WideHeader, title: str, row_count: int) -> int:
        """Reads a team-per-row table, one RawRow per filled person column; returns where scanning resumes."""
        first = header.people[0]
        # The first person's columns stand for the table's; its roles are the headers, so none is missing.
        columns = {**header.context, **first.columns, "role": first.name}
        self.headers.append(Header(header.row, header.row, columns))
        context = ("", "", "")
        row = header.row + 1
        while row < row_count:
            kind = self.classify(row, columns)
            if kind == "footer" or kind == "header":
                return row + 1 if kind == "footer" else row
            if kind == "data_or_context":
                for field_name, column in header.context.items():
                    context = _carried(context, field_name, self.text(row, column, field_name))
                self.rows.extend(self.wide_people(row, header, context, title))
            row += 1
        return row

    def wide_people(
        self, row: int, header: WideHeader, context: tuple[str, str, str], title: str
    ) -> list[RawRow]:
        """Returns the people of one team row, each with the role of its column's header (no role cell)."""
        people = []
        for person in header.people:
            name = self.text(row, person.name, "name")
            phone = None if person.phone is None else _phone_value(self.grid[row][person.phone])
            if name or phone is not None:  # else a seat the team does not have (fewer people than columns)
                letters = column_letters({**header.context, **person.columns})
                people.append(self.raw_row(row, context, name, person.role_title, phone, title, letters))
        return people

    def raw_row(
        self,
        row: int,
        context: tuple[str, str, str],
        name: str,
        role: str,
        phone: object,
        title: str,
        letters: dict[str, str],
    ) -> RawRow:
        """Returns the RawRow of one person at `row` (0-based) of this sheet."""
        commune, team, hamlet = context
        return RawRow(
            source_file=self.source_file,
            source_sheet=self.source_sheet,
            source_row=row + 1,
            commune_text=commune,
            team_text=team,
            hamlet_text=hamlet,
            name_text=name,
            role_text=role,
            phone_cell=phone,
            title_text=title,
            **letters,
        )

    def classify(self, row: int, columns: dict[str, int]) -> str:
        """Returns "data_or_context", "blank", "numbers", "footer" or "header" for a row inside a table."""
        cells = self.grid[row]
        name_column, phone_column = columns["name"], columns.get("phone")
        name_value = cells[name_column]
        if isinstance(name_value, str) and phone_column is not None and _has_digit(cells[phone_column]):
            # The common case, a member with a phone number, decided without folding any cell.
            lowered = name_value.lower()
            first_word = lowered.split(None, 1)[0] if lowered.strip() else ""
            if first_word[:1].isalpha() and first_word not in _SUSPECT_FIRST_WORDS and "ngày" not in lowered:
                return "data_or_context"
        keys = self.keys_of(row)
        if not keys:
            return "blank"
        if is_column_numbers(keys):
            return "numbers"
        name_key = keys.get(name_column, "")
        # A total or subtotal ("Cộng", "Tổng cộng: 8 người", "Cộng xã ...") names nobody, whatever its other
        # cells count (=COUNTA in the name or phone column, =COUNTIF in the role column); a given name
        # "Công" is no total.
        given_name_column = columns.get("given_name")
        totals = any(is_total(key) for column, key in keys.items() if column != given_name_column)
        if totals and (is_total(name_key) or is_count(name_key)):
            return "blank"  # skipped, the table goes on
        if (not name_key or is_footer(name_key)) and any(is_footer(key) for key in keys.values()):
            return "footer"
        if find_header(row, self.keys_of, len(self.grid)) is not None:
            return "header"
        return "data_or_context"

    def scan_table(self, header: Header, title: str, row_count: int) -> tuple[int, list[tuple[int, str]]]:
        """Reads the table under `header`; returns the row where scanning resumes and the pending title."""
        columns = header.columns
        fields = [(columns.get(name), name) for name in ("commune", "team", "hamlet", "name", "role")]
        phone_column, given_name_column = columns.get("phone"), columns.get("given_name")
        letters = column_letters(columns)
        context = ("", "", "")  # commune, team, hamlet carried down; a new table starts afresh
        pending: list[tuple[int, str]] = []  # non-data rows since the last data row (a next title?)
        pending_title = False  # one of them is more than a section row: a repeated header opens a new table
        row = header.last_row + 1
        while row < row_count:
            kind = self.classify(row, columns)
            if kind == "blank" or kind == "numbers":
                row += 1
                continue
            if kind == "footer":
                return row + 1, []
            if kind == "header":
                repeated = find_header(row, self.keys_of, row_count)
                if repeated is not None and repeated.columns == columns and not pending_title:
                    row = repeated.last_row + 1  # the header repeated (pasted pages): same table goes on
                    continue
                return row, pending
            commune_text, team_text, hamlet_text, name, role = (
                "" if column is None else self.text(row, column, field_name) for column, field_name in fields
            )
            if given_name_column is not None:  # "Nguyễn Văn" | "An" -> "Nguyễn Văn An"
                given_name = self.text(row, given_name_column, "name")
                name = " ".join(part for part in (name, given_name) if part)
            phone = None if phone_column is None else _phone_value(self.grid[row][phone_column])
            if role or phone is not None or (name and read_section(name) is None):
                typed = zip(_CONTEXT_FIELDS, (commune_text, team_text, hamlet_text), strict=True)
                for field_name, text in typed:
                    context = _carried(context, field_name, text)
                self.rows.append(self.raw_row(row, context, name, role, phone, title, letters))
                pending, pending_title = [], False
                row += 1
                continue
            updates = self.section_updates(row, columns)
            for field_name, text in updates:
                context = _carried(context, field_name, text)
            text = self.row_text(row)
            if text:
                pending.append((row, text))
                pending_title = pending_title or not updates
            row += 1
        return row, []

    def section_updates(self, row: int, columns: dict[str, int]) -> list[tuple[str, str]]:
        """Returns the (field, text) context set by a row without member data: commune, team, hamlet.

        A cell that opens a section ("I. XÃ LONG ĐỨC", "1. Ấp An Hòa") sets the commune or the team
        whatever its column; other text counts only in the table's own commune, team and hamlet columns.
        Cells right of the name column (notes) open no section.
        """
        field_of = {columns[name]: name for name in _CONTEXT_FIELDS if name in columns}
        updates = []
        for column, value in enumerate(self.grid[row]):
            field_name = field_of.get(column)
            if value is None or value == "" or (field_name is None and column > columns["name"]):
                continue
            text = self.text(row, column, "")
            section = None if field_name == "hamlet" else read_section(text)
            if section:
                updates.append(section)
            elif field_name and text:
                updates.append((field_name, text))
        return sorted(updates, key=lambda update: _CONTEXT_FIELDS.index(update[0]))


def _carried(context: tuple[str, str, str], field_name: str, text: str) -> tuple[str, str, str]:
    """Returns (commune, team, hamlet) after `text` is met in `field_name`: a new commune resets the team
    and hamlet, a new team the hamlet; the same name written again (in any case or tone placement)
    resets nothing. Other marks make another name: "Xã Vĩnh Hùng" under "Xã Vĩnh Hưng" is the next
    commune, "ấp Tan Thanh" under "ấp Tân Thành" a team whose hamlet is to be found, not the same one."""
    commune, team, hamlet = context
    if not text:
        return context
    if field_name == "commune":
        return context if text == commune or identity_key(text) == identity_key(commune) else (text, "", "")
    if field_name == "team":
        return context if text == team or identity_key(text) == identity_key(team) else (commune, text, "")
    return commune, team, text


def _phone_value(value: object) -> object:
    """Returns the raw phone cell, or None when it is empty or only spaces."""
    if value == "" or (isinstance(value, str) and not value.strip()):
        return None
    return value


def scan_sheet(
    grid: list[list], fix_text: TextFixer = plain_fixer, source_file: str = "", source_sheet: str = ""
) -> SheetScan:
    """Returns every Mẫu 2 table of the sheet and its data rows (Excel row numbers, values carried down,
    the Excel column letter of each field), located in `source_file` and `source_sheet`."""
    return _SheetScanner(grid, fix_text, source_file, source_sheet).scan()
