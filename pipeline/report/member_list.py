"""danh-sach.csv: the consolidated member list, UTF-8 with BOM so that Excel opens it correctly."""

from __future__ import annotations

from pathlib import Path

from ..consolidate import RunResult
from ..merge import ACCEPTED
from .atomic import atomic_path

COLUMNS = [
    "district",
    "commune",
    "hamlet",
    "team",
    "name",
    "role",
    "phone",
    "phone_national",
    "flags",
    "source_file",
    "source_sheet",
    "source_row",
]
_ROLE_ORDER = {"Tổ trưởng": 0, "Tổ phó": 1, "Tổ viên": 2}


def member_list(result: RunResult):
    """Returns the accepted members in the columns of SPEC §5, ordered by place, team and role."""
    accepted = result.rows[result.rows["outcome"].eq(ACCEPTED)]
    table = accepted.assign(team=accepted["team_name"], role_order=accepted["role"].map(_ROLE_ORDER))
    table = table.sort_values(
        ["district", "commune", "hamlet", "team", "role_order", "source_file", "source_sheet", "source_row"],
        kind="stable",
    )
    return table[COLUMNS]


def write_member_list(result: RunResult, path: Path) -> None:
    """Writes danh-sach.csv atomically."""
    table = member_list(result)
    with atomic_path(path) as temporary:
        table.to_csv(temporary, index=False, encoding="utf-8-sig")
