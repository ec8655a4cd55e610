"""A team per row, its people across columns (Tổ trưởng | Điện thoại | Tổ phó | Điện thoại | Tổ viên | ...).

Some districts lay Mẫu 2 out this way. Each person column is read with the role its header gives and the
phone column right after it; the team's commune, hamlet and team name come from their own columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .header import header_field

# A person column's header, folded: the role, optionally with "Họ tên" before it or a number after it.
_PERSON_COLUMN = re.compile(
    r"(?:ho (?:va )?ten )?(pho to truong|to truong|to pho|to vien|thanh vien)(?: (?:thu )?\d+)?"
)
_CONTEXT = ("commune", "team", "hamlet")  # carried down in this order: a new commune resets the team
_MIN_PERSON_COLUMNS = 2  # one role header alone is an ordinary "Chức vụ"-less table, not this layout


@dataclass(frozen=True)
class PersonColumn:
    """Where one person of each team row is: their name column, its role title, the phone column."""

    name: int
    role_title: str  # the header as typed ("Tổ phó"), read as the role of every name in the column
    phone: int | None

    @property
    def columns(self) -> dict[str, int]:
        """Returns this person's columns as a table's columns: "name", and "phone" when there is one."""
        return {"name": self.name} | ({} if self.phone is None else {"phone": self.phone})


@dataclass(frozen=True)
class WideHeader:
    row: int
    context: dict[str, int]  # the "commune", "team", "hamlet" columns present, in that (carrying) order
    people: tuple[PersonColumn, ...]


def find_wide_header(row: int, keys: dict[int, str], titles: dict[int, str]) -> WideHeader | None:
    """Returns the header of a team-per-row table at `row`, or None; `keys` are the row's folded cells
    and `titles` the same cells as typed."""
    fields = {column: match[0] for column, key in keys.items() if (match := header_field(key))}
    people = []
    for column in sorted(keys):
        if _PERSON_COLUMN.fullmatch(keys[column]):
            phone = column + 1 if fields.get(column + 1) == "phone" else None
            people.append(PersonColumn(column, titles[column], phone))
    if len(people) < _MIN_PERSON_COLUMNS:
        return None
    first_column = {field: column for column, field in sorted(fields.items(), reverse=True)}
    context = {field: first_column[field] for field in _CONTEXT if field in first_column}
    return WideHeader(row, context, tuple(people))
