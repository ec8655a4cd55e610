"""Runs the pandera models lazily and turns every failure case into an Issue record."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from schemas.members import MemberRow, TeamComposition

from .codes import CODES, make_issue
from .model import Issue

# The Mẫu 2 column a rule is about, and where its original value and message detail are found.
_RULE_COLUMNS = {
    "name": ("name", "name_raw", None),
    "role_problem": ("role", "role_raw", None),
    "phone_problem": ("phone", "phone_raw", "phone_detail"),
}


def member_issues(rows: pd.DataFrame) -> list[Issue]:
    """Returns one Issue per rule a member row breaks, located at its file, sheet and row."""
    failures = _failure_cases(MemberRow, rows)
    context = [
        "source_file",
        "source_sheet",
        "source_row",
        "name_raw",
        "role_raw",
        "phone_raw",
        "phone_detail",
    ]
    located = failures.join(rows[context], on="index")
    issues = []
    for case in located.itertuples(index=False):
        column, value_column, detail_column = _RULE_COLUMNS[case.column]
        issues.append(
            make_issue(
                case.check,
                value=getattr(case, value_column),
                detail=getattr(case, detail_column) if detail_column else "",
                file=case.source_file,
                sheet=case.source_sheet,
                row=int(case.source_row),
                column=column,
            )
        )
    return issues


def team_issues(rows: pd.DataFrame, team_keys: list[str]) -> list[Issue]:
    """Returns the team-composition warnings, located at the first row of each team."""
    counted = rows.assign(
        is_leader=rows["role"].eq("Tổ trưởng"),
        is_deputy=rows["role"].eq("Tổ phó"),
    )
    teams = counted.groupby(team_keys, sort=False, dropna=False).agg(
        leaders=("is_leader", "sum"),
        deputies=("is_deputy", "sum"),
        members=("name", "size"),
        team=("team_name", "first"),  # the typed name, else the hamlet
        source_file=("source_file", "first"),
        source_sheet=("source_sheet", "first"),
        source_row=("source_row", "first"),
    )
    teams = teams.reset_index(drop=True).astype({"leaders": int, "deputies": int, "members": int})
    details = {"team_many_leaders": "leaders", "team_too_small": "members"}
    issues = []
    for case in _failure_cases(TeamComposition, teams).itertuples(index=False):
        team = teams.loc[case.index]
        detail_column = details.get(case.check)
        issues.append(
            make_issue(
                case.check,
                value=team["team"],
                detail=int(team[detail_column]) if detail_column else "",
                file=team["source_file"],
                sheet=team["source_sheet"],
                row=int(team["source_row"]),
                column="team",
            )
        )
    return issues


def _failure_cases(model: type[pa.DataFrameModel], table: pd.DataFrame) -> pd.DataFrame:
    """Returns pandera's failure cases (check, column, index) in row order; empty when all pass."""
    try:
        model.validate(table, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        unexpected = cases[~cases["check"].isin(CODES)]
        if not unexpected.empty:
            raise AssertionError(
                f"{model.__name__} rejected its input:\n{unexpected.to_string()}"
            ) from errors
        return cases.sort_values(["index", "check"], kind="stable")[["check", "column", "index"]]
    return pd.DataFrame(columns=["check", "column", "index"])
