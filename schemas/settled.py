"""The rows a run returns: every data row read, with what each stage added (the row contract).

Strict: a column that no stage declares, or a declared one missing, is a bug in the pipeline. Typed
values (`*_text`, `phone_cell`) and canonical values sit in separate columns; no stage overwrites a
column another stage wrote.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from .dtypes import Text
from .mau2 import ROLES

OUTCOMES = ["accepted", "rejected", "merged", "superseded"]
_LETTER = r"^[A-Z]{0,3}$"  # an Excel column letter, "" when the table has no such column


class SettledRow(pa.DataFrameModel):
    # --- the reader (pipeline.model.RawRow): where the row is and what was typed there
    source_file: Series[Text]
    source_sheet: Series[Text]
    source_row: Series[int] = pa.Field(ge=1)
    commune_text: Series[Text]
    team_text: Series[Text]
    hamlet_text: Series[Text]
    name_text: Series[Text]
    role_text: Series[Text]
    phone_cell: Series[object] = pa.Field(nullable=True)
    title_text: Series[Text]
    commune_letter: Series[Text] = pa.Field(str_matches=_LETTER)
    team_letter: Series[Text] = pa.Field(str_matches=_LETTER)
    hamlet_letter: Series[Text] = pa.Field(str_matches=_LETTER)
    name_letter: Series[Text] = pa.Field(str_matches=_LETTER)
    role_letter: Series[Text] = pa.Field(str_matches=_LETTER)
    phone_letter: Series[Text] = pa.Field(str_matches=_LETTER)
    # --- normalisation: canonical person, role and phone, and the code of what was wrong with them
    name: Series[Text]
    name_key: Series[Text]  # the person's identity: case, spacing and tone placement ignored
    name_problem: Series[Text] = pa.Field(nullable=True)
    name_script_problem: Series[Text] = pa.Field(nullable=True)  # letters of another script in the name
    role: Series[Text] = pa.Field(isin=ROLES)  # the role this row gives
    role_problem: Series[Text] = pa.Field(nullable=True)
    phone_text: Series[Text]  # the phone cell as typed, for messages
    phone: Series[Text] = pa.Field(str_matches=r"^(?:\+84\d{9,10})?$")
    phone_national: Series[Text]
    phone_problem: Series[Text] = pa.Field(nullable=True)
    phone_detail: Series[Text] = pa.Field(nullable=True)
    # --- places: registry names for people, ids and keys for the pipeline ("" when not placed)
    district: Series[Text]
    commune: Series[Text]
    hamlet: Series[Text]
    team: Series[Text]  # the team as listed: its typed name, else its hamlet
    district_id: Series[Text]
    commune_id: Series[Text]
    hamlet_id: Series[Text]
    commune_key: Series[Text]  # the commune id, or the unplaced commune text within its own file
    team_key: Series[Text]
    hamlet_team: Series[bool]  # False for a steering group or a row without team or hamlet
    file_district: Series[Text]  # the district the row's file belongs to ("" when it names none)
    place_flags: Series[Text]  # codes of the place warnings its commune and team share, ';'-joined
    # --- settling: the row's outcome (SPEC §8)
    outcome: Series[Text] = pa.Field(isin=OUTCOMES)
    kept_role: Series[Text] = pa.Field(isin=ROLES)  # the person's role once their listings are merged
    superseded_by: Series[Text]  # the newer file that replaced this row's commune
    flags: Series[Text]  # the ';'-joined warning and info codes of the row

    class Config:
        strict = True
        coerce = False
