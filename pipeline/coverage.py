"""Which hamlets have a team, per commune and per district, and which districts are on time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pandas as pd

from .merge import ACCEPTED, SUPERSEDED

VIETNAM = timezone(timedelta(hours=7))  # all dates of the run are Vietnam dates (UTC+7)
ON_TIME, LATE, MISSING = "on_time", "late", "missing"
# The state of a commune: no counted row yet, some hamlets still without a team, every hamlet covered.
NOT_SUBMITTED, PARTIAL, COMPLETE = "not_submitted", "partial", "complete"


@dataclass(frozen=True)
class Coverage:
    hamlets: pd.DataFrame  # district, commune, hamlet, source, teams, members, covered
    communes: pd.DataFrame  # district, commune, hamlets, hamlets_covered, teams, members, submitted, state
    districts: pd.DataFrame  # name, status, first_submitted, communes, communes_submitted, hamlets, ...
    teams: pd.DataFrame  # one row per counted team: district, commune, hamlet, team, members


def vietnam_date(timestamp: float) -> date:
    """Returns the Vietnam calendar date of a POSIX time."""
    return datetime.fromtimestamp(timestamp, VIETNAM).date()


def compute_coverage(
    registry_table: pd.DataFrame, rows: pd.DataFrame, first_seen_by_file: dict[str, float], deadline: date
) -> Coverage:
    """Returns hamlet, commune and district coverage from the settled rows."""
    accepted = rows[rows["outcome"].eq(ACCEPTED)]
    # A steering group ("Tổ chỉ đạo ...") is not a hamlet team: its people are listed, it is not counted.
    teams = (
        accepted[accepted["hamlet_team"]]
        .groupby("team_key", sort=False)
        .agg(
            district=("district", "first"),
            commune=("commune", "first"),
            hamlet=("hamlet", "first"),
            team=("team_name", "first"),
            members=("name", "size"),
        )
        .reset_index(drop=True)
    )
    placed_teams = teams[teams["hamlet"].ne("")]
    per_hamlet = placed_teams.groupby(["district", "commune", "hamlet"]).agg(
        teams=("team", "size"), members=("members", "sum")
    )
    hamlets = registry_table[["district", "commune", "hamlet", "source"]].merge(
        per_hamlet.reset_index(), on=["district", "commune", "hamlet"], how="left"
    )
    hamlets = hamlets.fillna({"teams": 0, "members": 0}).astype({"teams": int, "members": int})
    hamlets = hamlets.assign(covered=hamlets["teams"].gt(0))

    # A unit submitted when a file of it was read with counted rows, even if a correction sent later has
    # since replaced them: the correction does not move the date of the first submission. A list whose
    # every row was rejected is not a submission.
    submitted_rows = rows[rows["outcome"].isin([ACCEPTED, SUPERSEDED])]
    submissions = submitted_rows[submitted_rows["commune"].ne("")]
    submitted = set(zip(submissions["district"], submissions["commune"], strict=True))
    per_commune_teams = (
        teams[teams["commune"].ne("")]
        .groupby(["district", "commune"])
        .agg(teams=("team", "size"), members=("members", "sum"))
    )
    communes = (
        hamlets.groupby(["district", "commune"], sort=False)
        .agg(hamlets=("hamlet", "size"), hamlets_covered=("covered", "sum"))
        .join(per_commune_teams)
        .fillna({"teams": 0, "members": 0})
        .astype({"hamlets_covered": int, "teams": int, "members": int})
        .reset_index()
    )
    communes = communes.assign(
        submitted=[key in submitted for key in zip(communes["district"], communes["commune"], strict=True)]
    )
    communes = communes.assign(state=communes.apply(_commune_state, axis=1))
    first_seen = submissions["source_file"].map(first_seen_by_file)
    first_by_commune = first_seen.groupby([submissions["district"], submissions["commune"]]).min()
    commune_dates = [
        vietnam_date(first_by_commune[key]) if key in first_by_commune.index else None
        for key in zip(communes["district"], communes["commune"], strict=True)
    ]
    communes = communes.assign(first_submitted=commune_dates, status=_statuses(commune_dates, deadline))
    districts = _district_table(communes, teams, submitted_rows, first_seen_by_file, deadline)
    return Coverage(hamlets=hamlets, communes=communes, districts=districts, teams=teams)


def _commune_state(commune: pd.Series) -> str:
    if not commune["submitted"]:
        return NOT_SUBMITTED
    if commune["hamlets_covered"] < commune["hamlets"]:
        return PARTIAL
    return COMPLETE


def _district_table(
    communes: pd.DataFrame,
    teams: pd.DataFrame,
    submissions: pd.DataFrame,
    first_seen_by_file: dict[str, float],
    deadline: date,
) -> pd.DataFrame:
    first_seen = submissions["source_file"].map(first_seen_by_file)
    first_by_district = first_seen.groupby(submissions["district"]).min()
    # A registry without districts (the two-level structure since 1/7/2025) has no district table.
    table = (
        communes[communes["district"].ne("")]
        .groupby("district", sort=False)
        .agg(
            communes=("commune", "size"),
            communes_submitted=("submitted", "sum"),
            hamlets=("hamlets", "sum"),
            hamlets_covered=("hamlets_covered", "sum"),
        )
        # Teams whose commune stays unplaced still belong to their district's count.
        .join(teams.groupby("district").agg(teams=("team", "size"), members=("members", "sum")))
        .fillna({"teams": 0, "members": 0})
        .astype({"teams": int, "members": int})
        .reset_index()
        .rename(columns={"district": "name"})
    )
    first_dates = [
        vietnam_date(first_by_district[name]) if name in first_by_district.index else None
        for name in table["name"]
    ]
    return table.assign(first_submitted=first_dates, status=_statuses(first_dates, deadline)).astype(
        {"communes_submitted": int}
    )


def _statuses(first_dates: list[date | None], deadline: date) -> list[str]:
    """Returns on_time, late or missing for each first submission date."""
    return [MISSING if day is None else ON_TIME if day <= deadline else LATE for day in first_dates]
