"""Supersession, de-duplication and row accounting: every data row ends in exactly one outcome."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import pandas as pd

from schemas.members import ROLE_RANK, ROLES

from .model import Issue, Severity, SourceFile

ACCEPTED, REJECTED, MERGED, SUPERSEDED = "accepted", "rejected", "merged", "superseded"
LOCATION = ["source_file", "source_sheet", "source_row"]


@dataclass(frozen=True)
class Merged:
    rows: pd.DataFrame  # every data row with `outcome`, and `merged_into` / `superseded_by` where relevant
    duplicates: pd.DataFrame  # one line per merged row: the row and the accepted row it merged into


def submission_order(files: list[SourceFile], first_seen: dict[str, float] | None = None) -> dict[str, int]:
    """Returns each file's rank oldest to newest: first seen, then modified time, then name.

    Names compare without their extension, so that "DS (sửa lần 2).xlsx" comes after "DS.xlsx".
    """
    seen = first_seen or {}

    def newness(file: SourceFile) -> tuple:
        return (
            seen.get(file.sha256, file.modified),
            file.modified,
            str(PurePosixPath(file.path).with_suffix("")),
        )

    ordered = sorted(files, key=newness)
    return {file.path: rank for rank, file in enumerate(ordered)}


def settle_rows(rows: pd.DataFrame, issues: list[Issue], order: dict[str, int]) -> Merged:
    """Returns the rows with their outcome: superseded, rejected, merged or accepted (that order of rule)."""
    rank = rows["source_file"].map(order)
    newest = rank.groupby(rows["commune_key"]).transform("max")
    newest_file = rows.assign(rank=rank).loc[rank.eq(newest)].groupby("commune_key")["source_file"].first()
    superseded = rank.lt(newest)

    error_locations = {
        (issue.file, issue.sheet, issue.row) for issue in issues if issue.severity is Severity.ERROR
    }
    located = pd.Series(list(zip(*(rows[column] for column in LOCATION), strict=True)), index=rows.index)
    rejected = ~superseded & located.isin(error_locations)

    candidates = rows[~superseded & ~rejected]
    merged_into, kept_roles = _duplicates_of(candidates)
    outcome = pd.Series(ACCEPTED, index=rows.index)
    outcome[superseded] = SUPERSEDED
    outcome[rejected] = REJECTED
    outcome[merged_into.index] = MERGED
    settled = rows.assign(
        role=kept_roles.reindex(rows.index).fillna(rows["role"]),
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


def file_accounting(rows: pd.DataFrame) -> pd.DataFrame:
    """Returns rows_read and each outcome's count per source file; the four outcomes sum to rows_read."""
    counts = pd.crosstab(rows["source_file"], rows["outcome"])
    for outcome in (ACCEPTED, REJECTED, MERGED, SUPERSEDED):
        if outcome not in counts:
            counts[outcome] = 0
    counts = counts[[ACCEPTED, REJECTED, MERGED, SUPERSEDED]]
    return counts.assign(read=counts.sum(axis=1))
