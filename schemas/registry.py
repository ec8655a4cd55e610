"""The registry of places (province, district, commune, hamlet) as a pandera model.

The loader (pipeline.places.registry) renames the columns and cleans every cell to text first; this model
only says which tables are acceptable, so each failure case becomes one Vietnamese problem line.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .dtypes import Text

SOURCES = ["official", "wikipedia", "sample"]
NON_EMPTY = {"min_value": 1}


class RegistryTable(pa.DataFrameModel):
    """One row per hamlet (ấp / khóm) of a commune (xã / phường / thị trấn)."""

    province: Series[Text] | None
    district: Series[Text] | None = pa.Field(str_length=NON_EMPTY)  # huyện; absent since 1/7/2025
    district_code: Series[Text] | None
    commune: Series[Text] = pa.Field(str_length=NON_EMPTY)
    commune_code: Series[Text] | None
    commune_type: Series[Text] | None
    # A blank hamlet is how a registry file shows a commune without any hamlet.
    hamlet: Series[Text] = pa.Field(str_length=NON_EMPTY)
    hamlet_type: Series[Text] | None
    source: Series[Text] | None = pa.Field(isin=SOURCES)
    aliases: Series[Text] | None  # other names of the hamlet, ";"-separated
    place_key: Series[Text]  # province|district|commune|hamlet folded (case, diacritics, spacing ignored)

    class Config:
        strict = False  # extra columns of a province's own file are kept, not refused

    @pa.dataframe_check(name="hamlet_duplicate")
    def hamlet_unique_in_commune(cls, table: pd.DataFrame) -> Series[bool]:
        """Two rows naming the same hamlet of one commune (ignoring case, diacritics and spacing)."""
        # A blank hamlet is reported by its own check; it is not a duplicate of another blank.
        return table["hamlet"].eq("") | ~table["place_key"].duplicated(keep=False)
