"""The rules for a member row and for a team, as pandera models.

Normalisation (pipeline.normalise) turns every cell into canonical values and an outcome code; these
models hold the rules that decide which outcomes are problems. Each check is named after the issue code
it raises, so a failure case maps one to one onto an Issue (pipeline.validate).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .dtypes import Text
from .mau2 import ROLES


class MemberRow(pa.DataFrameModel):
    """One person of a team, after normalisation."""

    source_file: Series[Text]
    source_sheet: Series[Text]
    source_row: Series[int] = pa.Field(ge=1)
    name: Series[Text]
    name_problem: Series[Text] = pa.Field(nullable=True)
    name_script_problem: Series[Text] = pa.Field(nullable=True)
    role: Series[Text] = pa.Field(isin=ROLES)
    role_problem: Series[Text] = pa.Field(nullable=True)
    phone: Series[Text] = pa.Field(str_matches=r"^(?:\+84\d{9,10})?$")
    phone_problem: Series[Text] = pa.Field(nullable=True)

    @pa.check("name_problem", name="name_vacant")
    def name_not_a_vacancy(cls, problem: pd.Series) -> pd.Series:
        return problem.ne("name_vacant")

    @pa.check("name_problem", name="name_missing")
    def name_present(cls, problem: pd.Series) -> pd.Series:
        return problem.ne("name_missing")

    @pa.check("name_problem", name="name_invalid")
    def name_is_a_person(cls, problem: pd.Series) -> pd.Series:
        return problem.ne("name_invalid")

    @pa.check("name_script_problem", name="name_lookalike_letters")
    def name_latin(cls, problem: pd.Series) -> pd.Series:
        return problem.ne("name_lookalike_letters")

    @pa.check("name_script_problem", name="name_mixed_scripts")
    def name_one_script(cls, problem: pd.Series) -> pd.Series:
        return problem.ne("name_mixed_scripts")

    @pa.check("role_problem", name="role_unknown")
    def role_known(cls, problem: pd.Series) -> pd.Series:
        return problem.ne("role_unknown")

    @pa.check("role_problem", name="role_missing")
    def role_present(cls, problem: pd.Series) -> pd.Series:
        return problem.ne("role_missing")

    @pa.check("role_problem", name="role_in_name")
    def role_in_its_column(cls, problem: pd.Series) -> pd.Series:
        return problem.ne("role_in_name")

    @pa.check("phone_problem", name="phone_missing")
    def phone_present(cls, problem: pd.Series) -> pd.Series:
        return problem.ne("phone_missing")

    @pa.check("phone_problem", name="phone_invalid")
    def phone_valid(cls, problem: pd.Series) -> pd.Series:
        return problem.ne("phone_invalid")

    @pa.check("phone_problem", name="phone_landline")
    def phone_is_mobile(cls, problem: pd.Series) -> pd.Series:
        return problem.ne("phone_landline")

    @pa.check("phone_problem", name="phone_multiple")
    def phone_single(cls, problem: pd.Series) -> pd.Series:
        return problem.ne("phone_multiple")

    @pa.check("phone_problem", name="phone_legacy_converted")
    def phone_current(cls, problem: pd.Series) -> pd.Series:
        return problem.ne("phone_legacy_converted")

    class Config:
        strict = False  # the row carries provenance and place columns too
        coerce = False


class TeamComposition(pa.DataFrameModel):
    """One team's head count by role (Mẫu 1: one leader, a deputy, and members; at least 3 people)."""

    leaders: Series[int] = pa.Field(ge=0)
    deputies: Series[int] = pa.Field(ge=0)
    members: Series[int] = pa.Field(ge=0)

    @pa.check("leaders", name="team_no_leader")
    def has_leader(cls, leaders: pd.Series) -> pd.Series:
        return leaders >= 1

    @pa.check("leaders", name="team_many_leaders")
    def one_leader(cls, leaders: pd.Series) -> pd.Series:
        return leaders <= 1

    @pa.check("deputies", name="team_no_deputy")
    def has_deputy(cls, deputies: pd.Series) -> pd.Series:
        return deputies >= 1

    @pa.check("members", name="team_too_small")
    def big_enough(cls, members: pd.Series) -> pd.Series:
        return members >= 3

    class Config:
        strict = False
