"""The schemas' Text type: pandera's str, checked in one call, with the same failure cases."""

import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.typing import Series

from schemas.dtypes import Text


class _Model(pa.DataFrameModel):
    text: Series[Text]
    optional: Series[Text] = pa.Field(nullable=True)


def _failures(table: pd.DataFrame) -> list[tuple]:
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        _Model.validate(table, lazy=True)
    cases = raised.value.failure_cases
    return list(cases[["column", "check", "failure_case", "index"]].itertuples(index=False, name=None))


def test_strings_pass_and_missing_values_pass_where_the_field_is_nullable():
    table = pd.DataFrame({"text": ["Ấp Hạ", ""], "optional": [None, "x"]})
    assert _Model.validate(table).equals(table)


def test_a_value_that_is_not_a_string_is_a_failure_case_with_its_row():
    table = pd.DataFrame({"text": ["Ấp Hạ", 37, "x"], "optional": [None, float("nan"), 2.5]})
    assert _failures(table) == [
        ("text", "dtype('str')", 37, 1),
        ("optional", "dtype('str')", 2.5, 2),
    ]


def test_a_missing_value_where_the_field_is_not_nullable_fails_as_pandera_says():
    table = pd.DataFrame({"text": ["Ấp Hạ", None], "optional": [None, None]})
    assert _failures(table) == [("text", "not_nullable", None, 1)]


def test_a_column_with_every_value_missing_passes_whatever_its_dtype():
    table = pd.DataFrame({"text": ["Ấp Hạ"], "optional": [float("nan")]})
    assert _Model.validate(table).equals(table)
