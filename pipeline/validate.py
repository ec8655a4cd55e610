"""Runs the pandera models lazily and turns every failure case into an Issue record."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from schemas.mau2 import DEPUTY, LEADER
from schemas.members import MemberRow, TeamComposition
from schemas.settled import SettledRow

from .codes import CODES, make_issue
from .model import Issue, Severity

# The Mẫu 2 field a rule is about, and where its typed value and message detail are found.
_RULE_COLUMNS = {
    "name_problem": ("name", "name_text", None),
    "name_script_problem": ("name", "name_text", None),
    "role_problem": ("role", "role_text", None),
    "phone_problem": ("phone", "phone_text", "phone_detail"),
}


# The team-composition codes: the checks of schemas.members.TeamComposition (the rule lives there).
TEAM_CODES = tuple(
    check.name
    for column in TeamComposition.to_schema().columns.values()
    for check in column.checks
    if check.name in CODES
)


def member_issues(rows: pd.DataFrame) -> list[Issue]:
    """Returns one Issue per rule a member row breaks, located at its file, sheet and row."""
    failures = _failure_cases(MemberRow, rows)
    # A place still to fill is one error; its empty phone or role cell is part of it, not more to fix.
    vacant = rows.index[rows["name_problem"].eq("name_vacant").to_numpy()]
    failures = failures[~failures["index"].isin(vacant) | failures["column"].eq("name_problem")]
    context = ["source_file", "source_sheet", "source_row", "name_text", "role_text", "phone_text"]
    context += ["phone_detail", "name_letter", "role_letter", "phone_letter"]
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
                column_letter=getattr(case, f"{column}_letter"),
            )
        )
    return issues


def team_issues(rows: pd.DataFrame, team_keys: list[str]) -> list[Issue]:
    """Returns the team-composition warnings of settled rows (by kept_role), at the first row of each team."""
    counted = rows.assign(
        is_leader=rows["kept_role"].eq(LEADER),
        is_deputy=rows["kept_role"].eq(DEPUTY),
    )
    teams = counted.groupby(team_keys, sort=False, dropna=False).agg(
        leaders=("is_leader", "sum"),
        deputies=("is_deputy", "sum"),
        members=("name", "size"),
        team=("team", "first"),  # the typed name, else the hamlet
        source_file=("source_file", "first"),
        source_sheet=("source_sheet", "first"),
        source_row=("source_row", "first"),
        team_letter=("team_letter", "first"),
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
                column_letter=team["team_letter"],
            )
        )
    return issues


def shared_phone_issues(accepted: pd.DataFrame) -> list[Issue]:
    """Returns a warning on every row whose phone also belongs to another person or another team.

    The message names the other listings, so that the district does not have to hunt for them.
    """
    with_phone = accepted[accepted["phone"].ne("")]
    spread = with_phone.groupby("phone")[["name_key", "team_key"]].transform("nunique")
    shared = with_phone[spread["name_key"].gt(1) | spread["team_key"].gt(1)]
    listing = (
        shared["name"]
        + " ("
        + shared["team"]
        + ", "
        + shared["source_file"]
        + " dòng "
        + shared["source_row"].astype(str)
        + ")"
    )
    issues = []
    for _, group in shared.assign(listing=listing).groupby("phone", sort=False):
        first_listings, count = (
            list(group["listing"].iloc[:4]),
            len(group),
        )  # linear, even for one office phone
        for row in group.itertuples(index=False):
            others = [other for other in first_listings if other != row.listing][:3]
            rest = count - 1 - len(others)
            shown = "; ".join(others) + (f" và {rest} nơi khác" if rest > 0 else "")
            issues.append(
                make_issue(
                    "phone_shared",
                    value=row.phone_text,
                    detail=f"{row.phone_national} cũng được ghi cho {shown}",
                    file=row.source_file,
                    sheet=row.source_sheet,
                    row=int(row.source_row),
                    column="phone",
                    column_letter=row.phone_letter,
                )
            )
    return issues


def row_flags(rows: pd.DataFrame, issues: list[Issue]) -> pd.Series:
    """Returns the ';'-joined warning and info codes of each row.

    Where one Excel row holds several people (a team per row, people across columns), an issue at one
    person's name or phone cell flags that person only; an issue at any other cell flags them all.
    """
    codes: dict[tuple, list[tuple[str, str]]] = {}
    for issue in issues:
        if issue.row is not None and issue.severity is not Severity.ERROR:
            key = (issue.file, issue.sheet, issue.row)
            codes.setdefault(key, []).append((issue.column_letter, issue.code))
    keys = list(zip(rows["source_file"], rows["source_sheet"], rows["source_row"], strict=True))
    letters_of_rows = zip(rows["name_letter"], rows["phone_letter"], strict=True)
    own = [{name, phone} - {""} for name, phone in letters_of_rows]
    people_cells: dict[tuple, set[str]] = {}
    for key, letters in zip(keys, own, strict=True):
        people_cells.setdefault(key, set()).update(letters)
    shared = rows["place_flags"].str.split(";")  # a commune's or team's place warning, on each of its rows
    flags = []
    for key, letters, group in zip(keys, own, shared, strict=True):
        others = people_cells[key] - letters
        mine = [code for letter, code in codes.get(key, []) if letter not in others]
        flags.append(";".join(dict.fromkeys([*mine, *(code for code in group if code)])))
    return pd.Series(flags, index=rows.index, dtype=object)


def _failure_cases(model: type[pa.DataFrameModel], table: pd.DataFrame) -> pd.DataFrame:
    """Returns pandera's failure cases (check, column, index) in row order; empty when all pass."""
    # Only the model's columns: pandera copies what it is given, and the rows have ~40 columns.
    columns = [column for column in model.to_schema().columns if column in table]
    try:
        model.validate(table[columns], lazy=True, inplace=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        unexpected = cases[~cases["check"].isin(CODES)]
        if not unexpected.empty:
            raise AssertionError(
                f"{model.__name__} rejected its input:\n{unexpected.to_string()}"
            ) from errors
        return cases.sort_values(["index", "check"], kind="stable")[["check", "column", "index"]]
    return pd.DataFrame(columns=["check", "column", "index"])


def counted_issues(accepted: pd.DataFrame) -> list[Issue]:
    """Returns the warnings that only the counted rows can tell: team composition and shared phones."""
    return team_issues(accepted[accepted["hamlet_team"]], ["team_key"]) + shared_phone_issues(accepted)


def check_settled(rows: pd.DataFrame) -> pd.DataFrame:
    """Returns the settled rows once the row contract (schemas.settled.SettledRow) holds; raises otherwise.

    A failure is a bug in a stage, never bad data: bad data is an Issue.
    """
    return SettledRow.validate(rows, lazy=True, inplace=True)  # checked, not copied: nothing is coerced
