"""Places every row in its district, commune and hamlet of the registry (pure: returns new tables)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

import pandas as pd

from .codes import make_issue
from .model import Issue
from .places import PlaceIndex, PlaceMatch, is_hamlet_team
from .text import fold, map_distinct


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
        empty = rows.assign(
            district="", commune="", hamlet="", team_name="", team_key="", commune_key="", hamlet_team=True
        )
        return Placed(empty, [])
    issues: list[Issue] = []
    files = rows.groupby("source_file", sort=False)["title_text"].first()
    districts_by_file = {name: file_district(index, name, title) for name, title in files.items()}
    for name, district in districts_by_file.items():
        if district is None and index.has_districts:
            issues.append(make_issue("district_unknown", file=name))

    # Where no commune is typed, a team name such as "Tổ CNSCĐ ấp Chợ, xã Hòa Tân" may name it.
    rows = rows.assign(team_hint=rows["team"].where(rows["commune"].eq(""), ""))
    keys = ["source_file", "source_sheet", "commune", "title_text", "team_hint"]
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

    # An unplaced commune is only itself within its own file: it never supersedes another file's rows.
    unplaced_key = "?" + placed["source_file"] + "|" + map_distinct(placed["commune"], fold)
    commune_key = (
        placed["district"]
        + "|"
        + placed["commune_resolved"].where(placed["commune_resolved"].ne(""), unplaced_key)
    )
    team_name = placed["team"].where(placed["team"].ne(""), placed["hamlet_resolved"])
    result = placed.assign(
        commune_text=placed["commune"],
        commune=placed["commune_resolved"],
        hamlet_text=placed["hamlet"],
        hamlet=placed["hamlet_resolved"],
        team_name=team_name,
        commune_key=commune_key,
        team_key=commune_key + "|" + map_distinct(team_name, fold),
        hamlet_team=placed["team"].map(lambda team: not team or is_hamlet_team(team)),
    ).drop(columns=["commune_resolved", "hamlet_resolved", "team_hint"])
    return Placed(result, issues)


def _place_commune(index: PlaceIndex, district_of_file, record, issues: list[Issue]):
    """Returns (district, commune, error) for one commune text; commune is "" when it cannot be placed."""
    where = {"file": record.source_file, "sheet": record.source_sheet, "row": int(record.source_row)}
    if record.commune:
        return _place_typed_commune(index, district_of_file, record.commune, issues, where)
    # No commune typed: a sheet per commune is named after it, the template's line under the title names
    # it ("xã/phường/thị trấn ..."), or the file name does. Only an exact match counts from these.
    for hint in _commune_hints(record):
        match = index.match_commune(hint, district_of_file)
        if match.status == "exact":
            return match.district or district_of_file or "", match.value, None
    return district_of_file or "", "", make_issue("commune_missing", column="commune", **where)


def _place_typed_commune(index: PlaceIndex, district_of_file, text: str, issues: list[Issue], where: dict):
    text_district = index.district_in_text(text)
    district = text_district or district_of_file
    if text_district and district_of_file and text_district != district_of_file:
        issues.append(
            make_issue(
                "district_mismatch", value=text_district, detail=district_of_file, column="commune", **where
            )
        )
    match = index.match_commune(text, district)
    if match.status == "unknown" and district and not text_district:
        wider = index.match_commune(text, None)  # a commune of another district, filed in the wrong folder
        if wider.status in ("exact", "fuzzy") and wider.district:
            issues.append(
                make_issue(
                    "district_mismatch", value=wider.district, detail=district, column="commune", **where
                )
            )
            match, district = wider, wider.district
    if match.status in ("exact", "fuzzy"):
        if match.status == "fuzzy":
            issues.append(
                make_issue("commune_fuzzy", value=text, detail=match.value, column="commune", **where)
            )
        return match.district or district or "", match.value, None
    return _unplaced(match, text, district, issues, where)


_PUNCTUATION = re.compile(r"[,;:()\[\]|/\u2013\u2014]|\s-\s")
_COMMUNE_WORDS = {"xa", "phuong", "p", "tt"}


def _commune_hints(record) -> list[str]:
    """Returns texts that may name the commune: the sheet name, then commune mentions in title and names."""
    stem = PurePosixPath(record.source_file).stem
    hints = [*_mentions(record.team_hint), record.source_sheet]
    for text in (record.title_text, record.source_sheet, stem):
        hints.extend(_mentions(text))
    return hints


def _mentions(text: str) -> list[str]:
    """Returns "xã Long Đức"-like phrases found in free text, longest first at each place they start."""
    words = _PUNCTUATION.sub(" ", text).split()
    folded = [fold(word).split() for word in words]
    phrases = []
    for start, parts in enumerate(folded):
        head = parts[0] if parts else ""
        two_words = head == "thi" and start + 1 < len(folded) and folded[start + 1][:1] == ["tran"]
        if head in _COMMUNE_WORDS or two_words:
            phrases.extend(" ".join(words[start:end]) for end in range(min(len(words), start + 6), start, -1))
    return phrases


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
