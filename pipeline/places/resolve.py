"""Places every row in its district, commune and hamlet of the registry (pure: returns new tables)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import NamedTuple

import pandas as pd

from ..codes import make_issue
from ..model import Issue
from ..text import fold, map_distinct
from .index import PlaceIndex, is_hamlet_team


@dataclass(frozen=True)
class Placed:
    # the input rows plus district, commune, hamlet, team_name, team_key, commune_key and hamlet_team
    # (False for rows that belong to no hamlet team: steering groups, rows without team or hamlet)
    rows: pd.DataFrame
    issues: list[Issue]


class CommunePlace(NamedTuple):
    district: str
    commune: str  # "" when it cannot be placed
    error: Issue | None  # the error every row of the group gets when it cannot be placed
    notes: list[Issue]  # warnings and infos, once for the group


def file_district(
    index: PlaceIndex, source_file: str, title_text: str, copies: list[str] | tuple[str, ...] = ()
) -> str | None:
    """Returns the district of a file from its sub-folders (innermost first), its name, then its title;
    then from the folders and names of its identical copies that were not read."""
    for copy in [source_file, *copies]:
        path = PurePosixPath(copy)
        for part in [*reversed(path.parent.parts), path.stem, title_text]:
            district = index.district_in_text(part) if part else None
            if district:
                return district
    return None


def resolve_places(
    rows: pd.DataFrame, index: PlaceIndex, copies: dict[str, list[str]] | None = None
) -> Placed:
    """Returns the rows with their registry places, and the issues met while placing them.

    `copies` names, for a file, the paths of identical files that were not read: their folders count too.
    """
    if rows.empty:
        empty = rows.assign(
            commune_text="",
            hamlet_text="",
            district="",
            team_name="",
            team_key="",
            commune_key="",
            hamlet_team=True,
        )
        return Placed(empty, [])
    issues: list[Issue] = []
    titles = rows.groupby("source_file", sort=False)["title_text"].first()
    copies = copies or {}
    districts_by_file = {
        name: file_district(index, name, title, copies.get(name, ())) for name, title in titles.items()
    }
    if index.has_districts:
        # A compilation whose every row names its district ("xã X, huyện Y") needs no district of its own.
        unknown = rows["source_file"].isin(
            [name for name, district in districts_by_file.items() if not district]
        )
        texts = rows.loc[unknown, ["source_file", "commune"]]
        named = map_distinct(
            texts["commune"], lambda text: bool(text) and index.district_in_text(text) is not None
        )
        unsure = set(texts.loc[~named.astype(bool), "source_file"])
        issues += [make_issue("district_unknown", file=name) for name in districts_by_file if name in unsure]

    with_communes, commune_issues = _place_communes(rows, index, districts_by_file)
    placed, hamlet_issues = _place_hamlets(_hamlets_from_context(with_communes, index), index)
    issues += commune_issues + hamlet_issues

    # An unplaced commune is only itself within its own file: it never supersedes another file's rows.
    unplaced_key = "?" + placed["source_file"] + "|" + map_distinct(placed["commune"], fold)
    resolved = placed["commune_resolved"]
    commune_key = placed["district"] + "|" + resolved.where(resolved.ne(""), unplaced_key)
    hamlet_or_text = placed["hamlet_resolved"].where(placed["hamlet_resolved"].ne(""), placed["hamlet"])
    team_name = placed["team"].where(placed["team"].ne(""), hamlet_or_text)
    # A team is its hamlet and what its name says beyond the hamlet: one team's name spelled three ways
    # ("Tổ CNSCĐ ấp X", "Tổ công nghệ số cộng đồng ấp X") is one team, "Tổ số 1" and "Tổ số 2" of one
    # hamlet are two. Without a hamlet, its name.
    named = hamlet_or_text.where(hamlet_or_text.ne(""), placed["team"])
    place = map_distinct(named, _bare_place)
    bare_team = map_distinct(placed["team"], _bare_place)
    beyond = [
        "" if not team or f" {hamlet} " in f" {team} " else team
        for team, hamlet in zip(bare_team, place, strict=True)
    ]
    team_key = commune_key + "|" + place + "|" + pd.Series(beyond, index=placed.index)
    result = placed.assign(
        commune_text=placed["commune"],
        commune=resolved,
        hamlet_text=placed["hamlet"],
        hamlet=placed["hamlet_resolved"],
        team_name=team_name,
        commune_key=commune_key,
        team_key=team_key,
        hamlet_team=team_name.ne("")
        & map_distinct(placed["team"], lambda team: not team or is_hamlet_team(team)),
    ).drop(columns=["commune_resolved", "hamlet_resolved"])
    return Placed(result, issues)


def _place_communes(
    rows: pd.DataFrame, index: PlaceIndex, districts_by_file: dict[str, str | None]
) -> tuple[pd.DataFrame, list[Issue]]:
    """Returns the rows with district and commune_resolved, and the issues of placing their communes."""
    # Where no commune is typed, a team name such as "Tổ CNSCĐ ấp Chợ, xã Hòa Tân" may name it.
    hinted = rows.assign(team_hint=rows["team"].where(rows["commune"].eq(""), ""))
    keys = ["source_file", "source_sheet", "commune", "title_text", "team_hint"]
    groups = hinted.groupby(keys, sort=False)["source_row"].min().reset_index()
    places = [
        _place_commune(index, districts_by_file[group.source_file], group)
        for group in groups.itertuples(index=False)
    ]
    table = groups.drop(columns="source_row").assign(
        district=[place.district for place in places],
        commune_resolved=[place.commune for place in places],
        commune_error=[place.error for place in places],
    )
    placed = hinted.merge(table, on=keys, how="left", validate="many_to_one").set_axis(rows.index)
    # A row that cannot be placed is rejected, so its error must name that very row.
    unplaced = placed[placed["commune_error"].notna()]
    errors = [
        replace(error, row=int(row))
        for error, row in zip(unplaced["commune_error"], unplaced["source_row"], strict=True)
    ]
    notes = [note for place in places for note in place.notes]
    return placed.drop(columns=["commune_error", "team_hint"]), notes + errors


def _hamlets_from_context(rows: pd.DataFrame, index: PlaceIndex) -> pd.DataFrame:
    """Returns the rows with the hamlet named by their sheet or title where no team or hamlet is typed.

    A sheet per hamlet ("Ấp Chợ") under a title "TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG ẤP CHỢ" lists only members.
    """
    bare = rows["team"].eq("") & rows["hamlet"].eq("") & rows["commune_resolved"].ne("")
    if not bare.any():
        return rows
    keys = ["district", "commune_resolved", "source_sheet", "title_text"]
    groups = rows.loc[bare, keys].drop_duplicates()
    found = {}
    for group in groups.itertuples(index=False):
        district = group.district or None
        for match in (
            index.match_hamlet(group.source_sheet, district, group.commune_resolved),
            index.hamlet_from_team(group.title_text, district, group.commune_resolved),
        ):
            if match.status == "exact":
                found[tuple(group)] = match.value
                break
    hamlets = [found.get(key, "") for key in zip(*(rows.loc[bare, key] for key in keys), strict=True)]
    return rows.assign(hamlet=rows["hamlet"].mask(bare, pd.Series(hamlets, index=rows.index[bare])))


def _place_hamlets(rows: pd.DataFrame, index: PlaceIndex) -> tuple[pd.DataFrame, list[Issue]]:
    """Returns the rows with hamlet_resolved, and the issues of placing each file's teams."""
    keys = ["source_file", "district", "commune_resolved", "team", "hamlet"]  # per file: see its own issues
    teams = rows.groupby(keys, sort=False)[["source_sheet", "source_row"]].first().reset_index()
    places = [_place_hamlet(index, team) for team in teams.itertuples(index=False)]
    table = teams[keys].assign(hamlet_resolved=[hamlet for hamlet, _ in places])
    placed = rows.merge(table, on=keys, how="left", validate="many_to_one").set_axis(rows.index)
    return placed, [issue for _, issue in places if issue]


def _place_commune(index: PlaceIndex, district_of_file: str | None, group) -> CommunePlace:
    """Returns where one commune text (with its file's hints) belongs."""
    where = {"file": group.source_file, "sheet": group.source_sheet, "row": int(group.source_row)}
    if group.commune:
        return _place_typed_commune(index, district_of_file, group.commune, where)
    # No commune typed: a sheet per commune is named after it, the template's line under the title names
    # it ("xã/phường/thị trấn ..."), or the file name does. Only an exact match counts from these.
    for hint in _commune_hints(group):
        match = index.match_commune(hint, district_of_file)
        if match.status == "exact":
            return CommunePlace(match.district or district_of_file or "", match.value, None, [])
    return CommunePlace(
        district_of_file or "", "", make_issue("commune_missing", column="commune", **where), []
    )


def _place_typed_commune(
    index: PlaceIndex, district_of_file: str | None, text: str, where: dict
) -> CommunePlace:
    notes = []
    text_district = index.district_in_text(text)
    district = text_district or district_of_file
    if text_district and district_of_file and text_district != district_of_file:
        notes.append(_note("district_mismatch", text, _elsewhere(text_district, district_of_file), where))
    match = index.match_commune(text, district)
    if match.status == "unknown" and text_district:
        # "Cầu Kè" typed in Huyện Cầu Kè's file is its town: the bare name was taken for the district's.
        town = index.match_commune(f"Thị trấn {text}", text_district)
        match = town if town.status == "exact" else match
    if match.status == "unknown" and district and not text_district:
        wider = index.match_commune(text, None)  # a commune of another district, filed in the wrong folder
        if wider.status in ("exact", "fuzzy") and wider.district:
            notes.append(_note("district_mismatch", text, _elsewhere(wider.district, district), where))
            match, district = wider, wider.district
    if match.status == "fuzzy":
        notes.append(_note("commune_fuzzy", text, match.value, where))
    if match.status in ("exact", "fuzzy"):
        return CommunePlace(match.district or district or "", match.value, None, notes)
    if match.status == "ambiguous":
        notes.append(_note("commune_ambiguous", text, ", ".join(match.candidates), where))
        return CommunePlace(district or "", "", None, notes)
    hint = f" (gần giống: {', '.join(match.candidates)})" if match.candidates else ""
    scope = f" trong {district}" if district else ""
    return CommunePlace(district or "", "", _note("commune_unknown", text, scope + hint, where), notes)


def _elsewhere(found: str, expected: str) -> str:
    return f"{found}, không thuộc {expected} (theo thư mục hoặc tên tệp); đã xếp vào {found}"


def _note(code: str, value: str, detail: str, where: dict) -> Issue:
    return make_issue(code, value=value, detail=detail, column="commune", **where)


_TEAM_WORDS = re.compile(
    r"^(?:to (?:cong nghe so cong dong|cong nghe cong dong|cong nghe so|cns cong dong|cnscd|cns cd|cns) )?"
    r"(?:ap |khom )?"
)


def _bare_place(text: str) -> str:
    """Returns a team or hamlet text without team and unit words: "Tổ CNSCĐ ấp Xoài Rùm" -> "xoai rum"."""
    folded = fold(text)
    return _TEAM_WORDS.sub("", folded, count=1) or folded


_PUNCTUATION = re.compile(r"[,;:()\[\]|/_\u2013\u2014]|\s-\s")  # "xa_Chau_Dien_to_cns.xlsx" too
_COMMUNE_WORDS = {"xa", "phuong", "p", "tt"}


def _commune_hints(group) -> list[str]:
    """Returns texts that may name the commune: the team name, the sheet name, the title, the file name."""
    stem = PurePosixPath(group.source_file).stem
    hints = [*_mentions(group.team_hint), group.source_sheet]
    for text in (group.title_text, group.source_sheet, stem):
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


def _place_hamlet(index: PlaceIndex, team) -> tuple[str, Issue | None]:
    """Returns the registry hamlet of a team ("" when it cannot be placed) and the issue met, if any."""
    if not team.commune_resolved:
        return "", None
    where = {"file": team.source_file, "sheet": team.source_sheet, "row": int(team.source_row)}
    if not team.team and not team.hamlet:
        return "", make_issue("team_missing", column="team", **where)
    if team.hamlet:
        match = index.match_hamlet(team.hamlet, team.district or None, team.commune_resolved)
        text, column = team.hamlet, "hamlet"
    elif not is_hamlet_team(team.team):
        return "", make_issue("team_not_hamlet", value=team.team, column="team", **where)
    else:
        match = index.hamlet_from_team(team.team, team.district or None, team.commune_resolved)
        text, column = team.team, "team"
    if match.status == "exact":
        return match.value, None
    if match.status == "fuzzy":
        return match.value, make_issue("hamlet_fuzzy", value=text, detail=match.value, column=column, **where)
    if match.status == "ambiguous":
        detail = ", ".join(match.candidates)
        return "", make_issue("hamlet_ambiguous", value=text, detail=detail, column=column, **where)
    return "", make_issue("hamlet_unknown", value=text, detail=team.commune_resolved, column=column, **where)
