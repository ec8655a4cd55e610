"""Places every row in its district, commune and hamlet of the registry (pure: returns new tables)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePosixPath

import pandas as pd

from .codes import make_issue
from .model import Issue
from .places import PlaceIndex, PlaceMatch, is_hamlet_team
from .text import fold


@dataclass(frozen=True)
class Placed:
    rows: pd.DataFrame  # the input rows plus district, commune, hamlet, team_name, team_key, commune_key
    issues: list[Issue]


def file_district(index: PlaceIndex, source_file: str, title_text: str) -> str | None:
    """Returns the district of a file from its sub-folders (innermost first), its name, then its title."""
    path = PurePosixPath(source_file)
    for part in [*reversed(path.parent.parts), path.stem, title_text]:
        district = index.district_in_text(part) if part else None
        if district:
            return district
    return None


def resolve_places(rows: pd.DataFrame, index: PlaceIndex) -> Placed:
    """Returns the rows with their registry places, and the issues met while placing them."""
    if rows.empty:
        empty = rows.assign(district="", commune="", hamlet="", team_name="", team_key="", commune_key="")
        return Placed(empty, [])
    issues: list[Issue] = []
    files = rows.groupby("source_file", sort=False)["title_text"].first()
    districts_by_file = {name: file_district(index, name, title) for name, title in files.items()}
    for name, district in districts_by_file.items():
        if district is None and index.has_districts:
            issues.append(make_issue("district_unknown", file=name))

    keys = ["source_file", "source_sheet", "commune", "title_text"]
    communes = rows.groupby(keys, sort=False)["source_row"].min().reset_index()
    placed_communes = [
        _place_commune(index, districts_by_file[record.source_file], record, issues)
        for record in communes.itertuples(index=False)
    ]
    commune_table = communes.drop(columns="source_row").assign(
        district=[place[0] for place in placed_communes],
        commune_resolved=[place[1] for place in placed_communes],
        commune_error=[place[2] for place in placed_communes],
    )
    with_communes = rows.merge(commune_table, on=keys, how="left", validate="many_to_one")
    with_communes.index = rows.index
    # A row that cannot be placed is rejected, so its error must name that very row.
    unplaced = with_communes[with_communes["commune_error"].notna()]
    issues.extend(
        replace(error, row=int(row_number))
        for error, row_number in zip(unplaced["commune_error"], unplaced["source_row"], strict=True)
    )
    with_communes = with_communes.drop(columns="commune_error")

    team_keys = ["district", "commune_resolved", "team", "hamlet"]
    teams = with_communes[[*team_keys, "source_file", "source_sheet", "source_row"]].drop_duplicates(
        team_keys
    )
    hamlets = [_place_hamlet(index, team, issues) for team in teams.itertuples(index=False)]
    team_table = teams[team_keys].assign(hamlet_resolved=hamlets)
    placed = with_communes.merge(team_table, on=team_keys, how="left", validate="many_to_one")
    placed.index = rows.index

    commune_key = (
        placed["district"]
        + "|"
        + placed["commune_resolved"].where(
            placed["commune_resolved"].ne(""), "?" + placed["commune"].map(fold)
        )
    )
    team_name = placed["team"].where(placed["team"].ne(""), placed["hamlet_resolved"])
    result = placed.assign(
        commune_text=placed["commune"],
        commune=placed["commune_resolved"],
        hamlet_text=placed["hamlet"],
        hamlet=placed["hamlet_resolved"],
        team_name=team_name,
        commune_key=commune_key,
        team_key=commune_key + "|" + team_name.map(fold),
    ).drop(columns=["commune_resolved", "hamlet_resolved"])
    return Placed(result, issues)


def _place_commune(index: PlaceIndex, district_of_file, record, issues: list[Issue]):
    """Returns (district, commune) for one commune text, or (district, "") when it cannot be placed."""
    where = {"file": record.source_file, "sheet": record.source_sheet, "row": int(record.source_row)}
    # The commune column is best; a sheet per commune often leaves it blank and names the sheet instead.
    candidates = [text for text in (record.commune, record.source_sheet, record.title_text) if text]
    text_district = index.district_in_text(record.commune) if record.commune else None
    district = text_district or district_of_file
    if text_district and district_of_file and text_district != district_of_file:
        issues.append(
            make_issue(
                "district_mismatch", value=text_district, detail=district_of_file, column="commune", **where
            )
        )
    for position, text in enumerate(candidates):
        match = index.match_commune(text, district)
        if match.status == "unknown" and district and not text_district:
            wider = index.match_commune(text, None)
            if wider.status in ("exact", "fuzzy"):
                found = wider.district or None
                issues.append(
                    make_issue("district_mismatch", value=found, detail=district, column="commune", **where)
                )
                match, district = wider, found
        if match.status in ("exact", "fuzzy"):
            if match.status == "fuzzy":
                issues.append(
                    make_issue("commune_fuzzy", value=text, detail=match.value, column="commune", **where)
                )
            return match.district or district or "", match.value, None
        # A commune typed in its column is judged as typed; a sheet name or title only helps when it matches.
        if match.status == "ambiguous" or (position == 0 and record.commune):
            return _unplaced(match, text, district, issues, where)
    return district or "", "", make_issue("commune_missing", column="commune", **where)


def _unplaced(match: PlaceMatch, text: str, district, issues: list[Issue], where: dict):
    if match.status == "ambiguous":
        issues.append(
            make_issue(
                "commune_ambiguous", value=text, detail=", ".join(match.candidates), column="commune", **where
            )
        )
        return district or "", "", None
    hint = f" (gần giống: {', '.join(match.candidates)})" if match.candidates else ""
    scope = f" trong {district}" if district else ""
    error = make_issue("commune_unknown", value=text, detail=scope + hint, column="commune", **where)
    return district or "", "", error


def _place_hamlet(index: PlaceIndex, team, issues: list[Issue]) -> str:
    """Returns the registry hamlet of a team, or "" (with a warning) when it cannot be placed."""
    if not team.commune_resolved:
        return ""
    where = {"file": team.source_file, "sheet": team.source_sheet, "row": int(team.source_row)}
    district = team.district or None
    if team.hamlet:
        match, text, column = (
            index.match_hamlet(team.hamlet, district, team.commune_resolved),
            team.hamlet,
            "hamlet",
        )
    elif team.team and not is_hamlet_team(team.team):
        issues.append(make_issue("team_not_hamlet", value=team.team, column="team", **where))
        return ""
    else:
        match = index.hamlet_from_team(team.team, district, team.commune_resolved)
        text, column = team.team, "team"
    if match.status in ("exact", "fuzzy"):
        if match.status == "fuzzy":
            issues.append(make_issue("hamlet_fuzzy", value=text, detail=match.value, column=column, **where))
        return match.value
    if match.status == "ambiguous":
        issues.append(
            make_issue(
                "hamlet_ambiguous", value=text, detail=", ".join(match.candidates), column=column, **where
            )
        )
    else:
        issues.append(
            make_issue("hamlet_unknown", value=text, detail=team.commune_resolved, column=column, **where)
        )
    return ""
