"""Supersession, de-duplication and row accounting: every data row ends in exactly one outcome."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import pandas as pd

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
    merged_into = _duplicates_of(candidates)
    outcome = pd.Series(ACCEPTED, index=rows.index)
    outcome[superseded] = SUPERSEDED
    outcome[rejected] = REJECTED
    outcome[merged_into.index] = MERGED
    settled = rows.assign(
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


_ROLE_RANK = {"Tổ trưởng": 0, "Tổ phó": 1}  # everyone else ranks after them


def _duplicates_of(rows: pd.DataFrame) -> pd.Series:
    """Returns, for every row that repeats a person already listed, the index of the row it repeats.

    Within one commune (SPEC §8): the same name with the same phone, wherever in the commune — one real
    person is counted once, and the listing kept is the one with the highest role, then the first; or the
    same name in the same team where one of the two has no phone, kept on the listing with a phone.
    """
    if rows.empty:
        return pd.Series(dtype="int64")
    ordered = rows.sort_values(LOCATION, kind="stable")
    labels = ordered.index.to_series(index=ordered.index)
    has_phone = ordered["phone"].ne("")
    by_role = ordered.assign(_rank=ordered["role"].map(_ROLE_RANK).fillna(len(_ROLE_RANK)))
    by_role = by_role.sort_values(["_rank", *LOCATION], kind="stable")
    person_with_phone = [by_role["commune_key"], by_role["name_key"], by_role["phone"]]
    kept_for_phone = (
        by_role.index.to_series(index=by_role.index).groupby(person_with_phone).transform("first").loc[labels]
    )
    in_team = [ordered["team_key"], ordered["name_key"]]
    first_with_a_phone = labels.where(has_phone).groupby(in_team).transform("first")
    team_anchor = first_with_a_phone.fillna(labels.groupby(in_team).transform("first")).astype("int64")
    # A listing without a phone joins its team's listing with a phone, and goes wherever that one goes.
    anchor_of_anchor = team_anchor.map(kept_for_phone.where(has_phone)).fillna(team_anchor).astype("int64")
    merged_into = kept_for_phone.where(has_phone, anchor_of_anchor)
    return merged_into[merged_into.ne(labels)].astype("int64")


def file_accounting(rows: pd.DataFrame) -> pd.DataFrame:
    """Returns rows_read and each outcome's count per source file; the four outcomes sum to rows_read."""
    counts = pd.crosstab(rows["source_file"], rows["outcome"])
    for outcome in (ACCEPTED, REJECTED, MERGED, SUPERSEDED):
        if outcome not in counts:
            counts[outcome] = 0
    counts = counts[[ACCEPTED, REJECTED, MERGED, SUPERSEDED]]
    return counts.assign(read=counts.sum(axis=1))
