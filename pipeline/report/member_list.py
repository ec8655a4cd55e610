"""danh-sach.csv: the consolidated member list, UTF-8 with BOM so that Excel opens it correctly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..merge import ACCEPTED
from ..model import RunResult
from ..text import FORMULA_STARTS
from . import labels
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
# The free-text columns, guarded against spreadsheet formulas; phone keeps its "+84..." (E.164) as is.
TEXT_COLUMNS = [
    "province",
    "district",
    "commune",
    "hamlet",
    "team",
    "name",
    "role",
    "flags",
    "source_file",
    "source_sheet",
]


def member_list(result: RunResult) -> pd.DataFrame:
    """Returns the accepted members in the columns of SPEC §5, ordered by place, team and role."""
    accepted = result.rows[result.rows["outcome"].eq(ACCEPTED)]
    # A person listed twice is counted once, with the best role of their listings (SPEC §8).
    table = accepted.assign(
        role=accepted["kept_role"], role_order=accepted["kept_role"].map(labels.ROLE_ORDER)
    )
    table = table.sort_values(
        ["district", "commune", "hamlet", "team", "role_order", "source_file", "source_sheet", "source_row"],
        kind="stable",
    )
    if not result.registry.several_provinces:
        return table[COLUMNS]
    # A national list: the province first, the district by its registry name (a label is "name, province")
    registry = result.registry
    return table.assign(
        province=table["district"].map(registry.district_provinces).fillna(""),
        district=table["district"].map(registry.district_names).fillna(table["district"]),
    )[["province", *COLUMNS]]


def formula_safe(table: pd.DataFrame) -> pd.DataFrame:
    """Returns the member list with an apostrophe before each free text that Excel would run."""
    texts = [column for column in TEXT_COLUMNS if column in table]
    return table.assign(**{column: table[column].map(_formula_safe_text) for column in texts})


def _formula_safe_text(value: object) -> object:
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def write_member_list(result: RunResult, path: Path) -> None:
    """Writes danh-sach.csv atomically, its free text never read by Excel as a formula."""
    table = formula_safe(member_list(result))
    with atomic_path(path) as temporary:
        table.to_csv(temporary, index=False, encoding="utf-8-sig")
