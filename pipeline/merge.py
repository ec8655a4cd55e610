"""Supersession, de-duplication and row accounting: every data row ends in exactly one outcome."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .model import Issue, Severity, SourceFile

ACCEPTED, REJECTED, MERGED, SUPERSEDED = "accepted", "rejected", "merged", "superseded"
LOCATION = ["source_file", "source_sheet", "source_row"]


@dataclass(frozen=True)
class Merged:
    rows: pd.DataFrame  # every data row with `outcome`, and `merged_into` / `superseded_by` where relevant
    duplicates: pd.DataFrame  # one line per merged row: the row and the accepted row it merged into


def submission_order(files: list[SourceFile], first_seen: dict[str, float] | None = None) -> dict[str, int]:
    """Returns each file's rank oldest to newest: first seen, then modified time, then name."""
    seen = first_seen or {}
    ordered = sorted(files, key=lambda file: (seen.get(file.sha256, file.modified), file.modified, file.path))
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


def _duplicates_of(rows: pd.DataFrame) -> pd.Series:
    """Returns, for every row that repeats a person already listed, the index of the row it repeats.

    Within one team: the same name with the same phone, or the same name where one of the two has no
    phone. The row kept is the first listing with a phone, else the first listing. The same person in two
    teams is not merged: that is two memberships, and the shared phone is a warning (SPEC §8).
    """
    if rows.empty:
        return pd.Series(dtype="int64")
    ordered = rows.sort_values(LOCATION, kind="stable")
    labels = ordered.index.to_series(index=ordered.index)
    person = [ordered["team_key"], ordered["name_key"]]
    has_phone = ordered["phone"].ne("")
    first_with_same_phone = labels.groupby([*person, ordered["phone"]]).transform("first")
    first_with_a_phone = labels.where(has_phone).groupby(person).transform("first")
    anchor = first_with_a_phone.fillna(labels.groupby(person).transform("first"))
    merged_into = first_with_same_phone.where(has_phone, anchor)
    return merged_into[merged_into.ne(labels)].astype("int64")


def file_accounting(rows: pd.DataFrame) -> pd.DataFrame:
    """Returns rows_read and each outcome's count per source file; the four outcomes sum to rows_read."""
    counts = pd.crosstab(rows["source_file"], rows["outcome"])
    for outcome in (ACCEPTED, REJECTED, MERGED, SUPERSEDED):
        if outcome not in counts:
            counts[outcome] = 0
    counts = counts[[ACCEPTED, REJECTED, MERGED, SUPERSEDED]]
    return counts.assign(read=counts.sum(axis=1))
