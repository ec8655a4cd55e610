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

    Within one commune: the same name and the same phone, or the same name in the same team when one of
    the two has no phone. The first row in file order is the one kept.
    """
    if rows.empty:
        return pd.Series(dtype="int64")
    ordered = rows.sort_values(LOCATION, kind="stable")
    with_phone = ordered[ordered["phone"].ne("")]
    by_phone = with_phone.groupby(["commune_key", "name_key", "phone"], sort=False).head(1)
    keep_of = {}
    first_with_phone = dict(
        zip(
            zip(by_phone["commune_key"], by_phone["name_key"], by_phone["phone"], strict=True),
            by_phone.index,
            strict=True,
        )
    )
    for index, key in zip(
        with_phone.index,
        zip(with_phone["commune_key"], with_phone["name_key"], with_phone["phone"], strict=True),
        strict=True,
    ):
        if first_with_phone[key] != index:
            keep_of[index] = first_with_phone[key]
    # Same name in the same team, one phone missing: merge into the first listing of that name there.
    kept = ordered.drop(index=list(keep_of))
    first_in_team = kept.groupby(["team_key", "name_key"], sort=False).head(1)
    first_of = dict(
        zip(
            zip(first_in_team["team_key"], first_in_team["name_key"], strict=True),
            first_in_team.index,
            strict=True,
        )
    )
    for index, team, name, phone in zip(
        kept.index, kept["team_key"], kept["name_key"], kept["phone"], strict=True
    ):
        first = first_of[(team, name)]
        if first != index and (phone == "" or kept.at[first, "phone"] == ""):
            keep_of[index] = first
    return pd.Series(keep_of, dtype="int64")


def file_accounting(rows: pd.DataFrame) -> pd.DataFrame:
    """Returns rows_read and each outcome's count per source file; the four outcomes sum to rows_read."""
    counts = pd.crosstab(rows["source_file"], rows["outcome"])
    for outcome in (ACCEPTED, REJECTED, MERGED, SUPERSEDED):
        if outcome not in counts:
            counts[outcome] = 0
    counts = counts[[ACCEPTED, REJECTED, MERGED, SUPERSEDED]]
    return counts.assign(read=counts.sum(axis=1))
