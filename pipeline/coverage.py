"""Which hamlets have a team, per commune and per district, and which districts are on time.

Everything is keyed on the registry's place ids; the names are carried along for the reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .model import CommuneState, Outcome, SubmissionStatus
from .vietnamese import vietnam_date

_COUNTS = {"teams": 0, "members": 0}


@dataclass(frozen=True)
class Coverage:
    hamlets: pd.DataFrame  # district, commune, hamlet, source, *_id, teams, members, covered
    communes: pd.DataFrame  # district, commune, commune_id, hamlets, hamlets_covered, teams, members, ...
    districts: pd.DataFrame  # name, district_id, status, first_submitted, communes, communes_submitted, ...
    teams: pd.DataFrame  # one row per counted team: district, commune, hamlet, hamlet_id, team, members


def compute_coverage(
    registry_table: pd.DataFrame, rows: pd.DataFrame, first_seen_by_file: dict[str, float], deadline: date
) -> Coverage:
    """Returns hamlet, commune and district coverage from the settled rows."""
    accepted = rows[rows["outcome"].eq(Outcome.ACCEPTED)]
    teams = _teams(accepted)
    hamlets = _hamlets(registry_table, teams)
    # A unit submitted when a file of it was read with counted rows, even if a correction sent later has
    # since replaced them: the correction does not move the date of the first submission. A list whose
    # every row was rejected is not a submission.
    submitted_rows = rows[rows["outcome"].isin([Outcome.ACCEPTED, Outcome.SUPERSEDED])]
    first_seen = submitted_rows["source_file"].map(first_seen_by_file)
    communes = _communes(hamlets, teams, accepted, submitted_rows, first_seen, deadline)
    districts = _districts(communes, teams, accepted, submitted_rows, first_seen, deadline)
    return Coverage(hamlets=hamlets, communes=communes, districts=districts, teams=teams)


def _teams(accepted: pd.DataFrame) -> pd.DataFrame:
    """Returns one row per hamlet team with an accepted member.

    A steering group ("Tổ chỉ đạo ...") is not a hamlet team: its people are counted, the team is not.
    """
    return (
        accepted[accepted["hamlet_team"]]
        .groupby("team_key", sort=False)
        .agg(
            district=("district", "first"),
            district_id=("district_id", "first"),
            commune=("commune", "first"),
            commune_id=("commune_id", "first"),
            hamlet=("hamlet", "first"),
            hamlet_id=("hamlet_id", "first"),
            team=("team", "first"),
            members=("name", "size"),
        )
        .reset_index(drop=True)
    )


def _hamlets(registry_table: pd.DataFrame, teams: pd.DataFrame) -> pd.DataFrame:
    placed = teams[teams["hamlet_id"].ne("")]
    per_hamlet = placed.groupby("hamlet_id").agg(teams=("team", "size"), members=("members", "sum"))
    columns = ["district", "commune", "hamlet", "source", "district_id", "commune_id", "hamlet_id"]
    hamlets = registry_table[columns].join(per_hamlet, on="hamlet_id")
    hamlets = hamlets.fillna(_COUNTS).astype({"teams": int, "members": int})
    return hamlets.assign(covered=hamlets["teams"].gt(0))


def _communes(
    hamlets: pd.DataFrame,
    teams: pd.DataFrame,
    accepted: pd.DataFrame,
    submitted_rows: pd.DataFrame,
    first_seen: pd.Series,
    deadline: date,
) -> pd.DataFrame:
    first_by_commune = _earliest(first_seen, submitted_rows["commune_id"])
    communes = (
        hamlets.groupby("commune_id", sort=False)
        .agg(
            district=("district", "first"),
            district_id=("district_id", "first"),
            commune=("commune", "first"),
            hamlets=("hamlet", "size"),
            hamlets_covered=("covered", "sum"),
        )
        .join(_count(teams, "commune_id", "teams"))
        .join(_count(accepted, "commune_id", "members"))
        .fillna(_COUNTS)
        .astype({"hamlets_covered": int, "teams": int, "members": int})
        .reset_index()
    )
    first_dates = _dates(communes["commune_id"], first_by_commune)
    submitted = communes["commune_id"].isin(first_by_commune.index)
    return communes.assign(
        submitted=submitted,
        state=[
            CommuneState.NOT_SUBMITTED
            if not sent
            else CommuneState.PARTIAL
            if covered < total
            else CommuneState.COMPLETE
            for sent, covered, total in zip(
                submitted, communes["hamlets_covered"], communes["hamlets"], strict=True
            )
        ],
        first_submitted=first_dates,
        status=_statuses(first_dates, deadline),
    )


def _districts(
    communes: pd.DataFrame,
    teams: pd.DataFrame,
    accepted: pd.DataFrame,
    submitted_rows: pd.DataFrame,
    first_seen: pd.Series,
    deadline: date,
) -> pd.DataFrame:
    """Returns one row per district of the registry; none for a registry without districts (since 2025)."""
    first_by_district = _earliest(first_seen, submitted_rows["district_id"])
    table = (
        communes[communes["district_id"].ne("")]
        .groupby("district_id", sort=False)
        .agg(
            name=("district", "first"),
            communes=("commune", "size"),
            communes_submitted=("submitted", "sum"),
            hamlets=("hamlets", "sum"),
            hamlets_covered=("hamlets_covered", "sum"),
        )
        # Teams and people whose commune stays unplaced still belong to their district's count.
        .join(_count(teams, "district_id", "teams"))
        .join(_count(accepted, "district_id", "members"))
        .fillna(_COUNTS)
        .astype({"teams": int, "members": int, "communes_submitted": int})
        .reset_index()
    )
    first_dates = _dates(table["district_id"], first_by_district)
    return table.assign(first_submitted=first_dates, status=_statuses(first_dates, deadline))


def _earliest(first_seen: pd.Series, place_ids: pd.Series) -> pd.Series:
    """Returns the earliest first-seen time of the submitted rows of each placed unit (by its id)."""
    placed = place_ids.ne("")
    return first_seen[placed].groupby(place_ids[placed]).min()


def _count(table: pd.DataFrame, place_id: str, name: str) -> pd.Series:
    """Returns how many rows of the table each unit has, named `name`: its teams or its members."""
    return table.groupby(place_id).size().rename(name)


def _dates(ids: pd.Series, first_seen_by_id: pd.Series) -> list[date | None]:
    return [vietnam_date(first_seen_by_id[key]) if key in first_seen_by_id.index else None for key in ids]


def _statuses(first_dates: list[date | None], deadline: date) -> list[SubmissionStatus]:
    """Returns on_time, late or missing for each first submission date."""
    return [
        SubmissionStatus.MISSING
        if day is None
        else SubmissionStatus.ON_TIME
        if day <= deadline
        else SubmissionStatus.LATE
        for day in first_dates
    ]
