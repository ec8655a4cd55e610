"""The rows a run returns: every data row read, with what each stage added (the row contract).

Strict: a column that no stage declares, or a declared one missing, is a bug in the pipeline. Typed
values (`*_text`, `phone_cell`) and canonical values sit in separate columns; no stage overwrites a
column another stage wrote.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from .mau2 import ROLES

OUTCOMES = ["accepted", "rejected", "merged", "superseded"]
_LETTER = r"^[A-Z]{0,3}$"  # an Excel column letter, "" when the table has no such column


class SettledRow(pa.DataFrameModel):
    # --- the reader (pipeline.model.RawRow): where the row is and what was typed there
    source_file: Series[str]
    source_sheet: Series[str]
    source_row: Series[int] = pa.Field(ge=1)
    commune_text: Series[str]
    team_text: Series[str]
    hamlet_text: Series[str]
    name_text: Series[str]
    role_text: Series[str]
    phone_cell: Series[object] = pa.Field(nullable=True)
    title_text: Series[str]
    commune_letter: Series[str] = pa.Field(str_matches=_LETTER)
    team_letter: Series[str] = pa.Field(str_matches=_LETTER)
    hamlet_letter: Series[str] = pa.Field(str_matches=_LETTER)
    name_letter: Series[str] = pa.Field(str_matches=_LETTER)
    role_letter: Series[str] = pa.Field(str_matches=_LETTER)
    phone_letter: Series[str] = pa.Field(str_matches=_LETTER)
    # --- normalisation: canonical person, role and phone, and the code of what was wrong with them
    name: Series[str]
    name_key: Series[str]  # the person's identity: case, spacing and tone placement ignored
    name_problem: Series[str] = pa.Field(nullable=True)
    name_script_problem: Series[str] = pa.Field(nullable=True)  # letters of another script in the name
    role: Series[str] = pa.Field(isin=ROLES)  # the role this row gives
    role_problem: Series[str] = pa.Field(nullable=True)
    phone_text: Series[str]  # the phone cell as typed, for messages
    phone: Series[str] = pa.Field(str_matches=r"^(?:\+84\d{9,10})?$")
    phone_national: Series[str]
    phone_problem: Series[str] = pa.Field(nullable=True)
    phone_detail: Series[str] = pa.Field(nullable=True)
    # --- places: registry names for people, ids and keys for the pipeline ("" when not placed)
    district: Series[str]
    commune: Series[str]
    hamlet: Series[str]
    team: Series[str]  # the team as listed: its typed name, else its hamlet
    district_id: Series[str]
    commune_id: Series[str]
    hamlet_id: Series[str]
    commune_key: Series[str]  # the commune id, or the unplaced commune text within its own file
    team_key: Series[str]
    hamlet_team: Series[bool]  # False for a steering group or a row without team or hamlet
    file_district: Series[str]  # the district the row's file belongs to ("" when it names none)
    place_flags: Series[str]  # codes of the place warnings its commune and team share, ';'-joined
    # --- settling: the row's outcome (SPEC §8)
    outcome: Series[str] = pa.Field(isin=OUTCOMES)
    kept_role: Series[str] = pa.Field(isin=ROLES)  # the person's role once their listings are merged
    superseded_by: Series[str]  # the newer file that replaced this row's commune
    flags: Series[str]  # the ';'-joined warning and info codes of the row

    class Config:
        strict = True
        coerce = False
