"""Supersession, de-duplication and row accounting: every data row ends in exactly one outcome."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

import pandas as pd

from schemas.mau2 import ROLE_RANK, ROLES

from .codes import make_issue
from .model import FileStatus, Issue, Outcome, Severity, SourceFile
from .text import fold

ACCEPTED, REJECTED, MERGED, SUPERSEDED = (outcome.value for outcome in Outcome)
OUTCOMES = [ACCEPTED, REJECTED, MERGED, SUPERSEDED]
LOCATION = ["source_file", "source_sheet", "source_row"]
_PERSON_FIELDS = {"name", "role", "phone"}  # issues about one person's cells, not about their team


@dataclass(frozen=True)
class Merged:
    rows: pd.DataFrame  # every data row with `outcome`, `kept_role` and `superseded_by` ("" when not)
    duplicates: pd.DataFrame  # one line per merged row: the row and the accepted row it merged into


def submission_order(files: list[SourceFile]) -> dict[str, int]:
    """Returns each file's rank oldest to newest: first seen (pipeline.arrivals), then modified time, then
    name.

    Names compare without their extension, so that "DS (sửa lần 2).xlsx" comes after "DS.xlsx".
    """

    def newness(file: SourceFile) -> tuple:
        return (
            file.arrived,
            file.modified,
            str(PurePosixPath(file.path).with_suffix("")),
        )

    ordered = sorted(files, key=newness)
    return {file.path: rank for rank, file in enumerate(ordered)}


_PERSON_KEYS = [*LOCATION, "role", "phone", "team_key", "name_key", "commune_key"]


def settle_rows(rows: pd.DataFrame, issues: list[Issue], order: dict[str, int]) -> Merged:
    """Returns the rows with their outcome: superseded, rejected, merged or accepted (that order of rule)."""
    # A file speaks for the communes of its own district: its rows there replace older ones. Rows of
    # another district's file (their text names this district) count while this district has sent
    # nothing of its own; they replace nothing, and its own list replaces them (SPEC §8, issue 9).
    own = rows["file_district"].eq("") | rows["district"].eq("") | rows["district"].eq(rows["file_district"])
    rank = rows["source_file"].map(order).where(own)
    newest = rank.groupby(rows["commune_key"]).transform("max")  # NaN: the district sent none of its own
    newest_file = (
        rows.loc[rank.eq(newest), ["commune_key", "source_file"]]
        .groupby("commune_key")["source_file"]
        .first()
    )
    superseded = rank.lt(newest) | (~own & newest.notna())

    error_locations = {
        (issue.file, issue.sheet, issue.row) for issue in issues if issue.severity is Severity.ERROR
    }
    located = pd.MultiIndex.from_frame(rows[LOCATION]).isin(list(error_locations))
    rejected = ~superseded & pd.Series(located, index=rows.index)

    # Only the columns that tell a person apart: the rows have ~40, each copy of them costs ~150 MB
    # at national scale, and sorting and grouping copy.
    candidates = rows.loc[~superseded & ~rejected, _PERSON_KEYS]
    merged_into, kept_roles = _duplicates_of(candidates)
    outcome = pd.Series(ACCEPTED, index=rows.index)
    outcome[superseded] = SUPERSEDED
    outcome[rejected] = REJECTED
    outcome[merged_into.index] = MERGED
    settled = rows.assign(
        kept_role=kept_roles.reindex(rows.index).fillna(rows["role"]),
        outcome=outcome,
        superseded_by=rows["commune_key"].map(newest_file).where(superseded, ""),
    )
    duplicates = pd.DataFrame(
        {
            "merged_row": merged_into.index,
            "kept_row": merged_into.to_numpy(),
        }
    )
    return Merged(settled, duplicates)


def _duplicates_of(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Returns, for every row that repeats a person already listed, the index of the row kept for them;
    and the role each kept row ends with.

    Within one team, listings of one name where the phones agree or one is missing are one listing: kept on
    the first with a phone, with the best role among them. Then, within one commune (SPEC §8), listings with
    the same name and phone are one person, counted once on the listing with the best role.
    """
    if rows.empty:
        return pd.Series(dtype="int64"), pd.Series(dtype=object)
    ordered = rows.sort_values(LOCATION, kind="stable")
    labels = ordered.index.to_series(index=ordered.index)
    rank = ordered["role"].map(ROLE_RANK).fillna(len(ROLE_RANK))
    has_phone = ordered["phone"].ne("")
    in_team = [ordered["team_key"], ordered["name_key"]]
    same_phone_in_team = labels.groupby([*in_team, ordered["phone"]]).transform("first")
    first_with_a_phone = labels.where(has_phone).groupby(in_team).transform("first")
    team_anchor = first_with_a_phone.fillna(labels.groupby(in_team).transform("first")).astype("int64")
    in_team_into = same_phone_in_team.where(has_phone, team_anchor)
    kept_in_team = pd.Index(in_team_into.unique())
    best_rank = rank.groupby(in_team_into).min()  # a leader listed twice in a team stays the leader
    listings = ordered.loc[kept_in_team].assign(_rank=best_rank.loc[kept_in_team].to_numpy())
    by_role = listings.sort_values(["_rank", *LOCATION], kind="stable")
    person = [by_role["commune_key"], by_role["name_key"], by_role["phone"]]
    kept_for = by_role.index.to_series(index=by_role.index).groupby(person).transform("first")
    kept_for = kept_for.where(by_role["phone"].ne(""), by_role.index.to_series(index=by_role.index))
    merged_into = in_team_into.map(kept_for).astype("int64")

    final_rank = rank.groupby(merged_into).min()
    roles = final_rank.map(dict(enumerate(ROLES))).fillna(ordered.loc[final_rank.index, "role"])
    return merged_into[merged_into.ne(labels)], roles


def standing_issues(issues: list[Issue], rows: pd.DataFrame) -> list[Issue]:
    """Returns the issues that still speak for a counted row or a file.

    A replaced row's issues are moot; a merged row's own cells are too, but a commune's or team's warning
    that happens to sit on it still speaks for the rows that were kept.
    """
    superseded, merged = (_locations(rows[rows["outcome"].eq(outcome)]) for outcome in (SUPERSEDED, MERGED))
    return [
        issue
        for issue in issues
        if (location := (issue.file, issue.sheet, issue.row)) not in superseded
        and not (location in merged and issue.column in _PERSON_FIELDS)
    ]


class AccountingError(AssertionError):
    """A data row the reader read did not end in exactly one outcome: a bug, never bad data."""


def file_accounting(rows: pd.DataFrame) -> pd.DataFrame:
    """Returns rows_read and each outcome's count per source file; the four outcomes sum to rows_read."""
    counts = pd.crosstab(rows["source_file"], rows["outcome"]).reindex(columns=OUTCOMES, fill_value=0)
    return counts.assign(read=counts.sum(axis=1))


def check_every_row_accounted(files: list[SourceFile], accounting: pd.DataFrame) -> None:
    """Raises AccountingError unless each file's outcomes add up to the rows its sheets held."""
    for file in files:
        read = sum(sheet.rows for sheet in file.sheets if sheet.has_table)
        settled = int(accounting.loc[file.path, "read"]) if file.path in accounting.index else 0
        if file.status is not FileStatus.DUPLICATE and read != settled:
            raise AccountingError(f"{file.path}: the reader read {read} rows, {settled} were settled")


def superseded_files(files: list[SourceFile], rows: pd.DataFrame) -> tuple[list[SourceFile], list[Issue]]:
    """Returns the files marked where a later submission replaced their rows, and an issue for each.

    A file whose every row was replaced becomes `superseded`; one replaced in part stays `processed` with
    a note naming the communes and the later files.
    """
    replaced = rows[rows["outcome"].eq(SUPERSEDED)]
    read_per_file = rows["source_file"].value_counts()
    place = replaced["commune"].where(replaced["commune"].ne(""), replaced["commune_text"])
    by_file = {
        path: (
            ", ".join(sorted(set(group["superseded_by"]))),
            ", ".join(sorted(set(place[group.index]))),
            len(group),
        )
        for path, group in replaced.groupby("source_file")
    }
    result, issues = [], []
    for file in files:
        if file.status is not FileStatus.PROCESSED or file.path not in by_file:
            result.append(file)
            continue
        newer, communes, count = by_file[file.path]
        whole = count == read_per_file[file.path]
        issue = make_issue(
            "file_superseded", value="cả tệp này" if whole else communes, detail=newer, file=file.path
        )
        status = FileStatus.SUPERSEDED if whole else file.status
        result.append(replace(file, status=status, message=issue.message))
        issues.append(issue)
        # Copied without keeping dates, a "(sửa lần 2)" file can look older than the list it corrects.
        if _names_a_correction(file.path) and not any(
            _names_a_correction(path) for path in newer.split(", ")
        ):
            issues.append(make_issue("file_correction_older", value=file.path, detail=newer, file=file.path))
    return result, issues


_CORRECTION = re.compile(r"\b(?:sua|bo sung|dieu chinh|cap nhat|lan [2-9])\b")


def _names_a_correction(path: str) -> bool:
    """True when a file's name says it corrects an earlier list: "(sửa lần 2)", "bổ sung", "điều chỉnh"."""
    return bool(_CORRECTION.search(fold(PurePosixPath(path).stem)))


def _locations(rows: pd.DataFrame) -> set[tuple]:
    return set(zip(rows["source_file"], rows["source_sheet"], rows["source_row"], strict=True))
