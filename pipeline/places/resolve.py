"""Places every row in its district, commune and hamlet of the registry (pure: returns new tables)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import NamedTuple

import pandas as pd

from ..codes import make_issue
from ..model import Issue, Severity
from ..text import fold, map_distinct
from .files import file_district, file_province, unknown_districts
from .index import PlaceIndex, is_hamlet_team
from .registry import Registry
from .words import bare_place


@dataclass(frozen=True)
class Placed:
    # the input rows plus PLACE_COLUMNS and hamlet_team (False for rows that belong to no hamlet team:
    # steering groups, rows without team or hamlet)
    rows: pd.DataFrame
    issues: list[Issue]


class CommunePlace(NamedTuple):
    district: str
    commune: str  # "" when it cannot be placed
    error: Issue | None  # the error every row of the group gets when it cannot be placed
    notes: list[Issue]  # warnings and infos, once for the group
    commune_id: str = ""  # the registry's id of the commune, "" when it cannot be placed


def resolve_places(
    rows: pd.DataFrame, index: PlaceIndex, copies: dict[str, list[str]] | None = None
) -> Placed:
    """Returns the rows with their registry places, and the issues met while placing them.

    `copies` names, for a file, the paths of identical files that were not read: their folders count too.
    """
    if rows.empty:
        return Placed(rows.assign(**{column: "" for column in PLACE_COLUMNS}, hamlet_team=True), [])
    copies = copies or {}
    titles = rows.groupby("source_file", sort=False)["title_text"].first()
    districts_by_file = {
        name: file_district(index, name, title, copies.get(name, ())) for name, title in titles.items()
    }
    # A file without a district may still lie in a province's folder: its communes are looked for there.
    provinces_by_file = {
        name: index.province_of(districts_by_file[name])
        or file_province(index, name, title, copies.get(name, ()))
        for name, title in titles.items()
    }
    issues = unknown_districts(rows, index, districts_by_file, provinces_by_file)
    misfiled = _misfiled_files(rows, index, districts_by_file)
    issues += [
        make_issue("file_misfiled", value=districts_by_file[path], detail=district, file=path)
        for path, district in misfiled.items()
    ]
    districts_by_file |= misfiled
    with_communes, commune_issues = _place_communes(rows, index, districts_by_file, provinces_by_file)
    placed, hamlet_issues = _place_hamlets(_hamlets_from_context(with_communes, index), index)
    file_districts = {path: district or "" for path, district in districts_by_file.items()}
    placed = placed.assign(file_district=placed["source_file"].map(file_districts))
    return Placed(_with_keys(placed, index.registry), issues + commune_issues + hamlet_issues)


# What placing adds to a row: registry names (for people), ids and keys (for the pipeline).
PLACE_COLUMNS = ["district", "commune", "hamlet", "team", "district_id", "commune_id", "hamlet_id"]
PLACE_COLUMNS += ["commune_key", "team_key", "file_district", "place_flags"]


def unfilled_columns(issues: tuple[Issue, ...], rows: pd.DataFrame) -> list[Issue]:
    """Returns the reader's issues without column_missing where the sheet supplied that value anyway.

    A sheet per commune, a title line or section rows give the commune and team that a missing column
    would have held; then the warning would only send the district looking for a non-problem.
    """
    supplied = {
        column: set(
            rows[resolved]
            .ne("")
            .groupby([rows["source_file"], rows["source_sheet"]])
            .all()
            .loc[lambda ok: ok]
            .index
        )
        for column, resolved in (("commune", "commune"), ("team", "team"))
    }
    return [
        issue
        for issue in issues
        if not (
            issue.code == "column_missing" and (issue.file, issue.sheet) in supplied.get(issue.column, set())
        )
    ]


def _with_keys(placed: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """Returns the placed rows with the ids of their places and the keys of their commune and team."""
    commune_id, hamlet_id = placed["commune_id"], placed["hamlet_id"]
    district_id = placed["district"].map(registry.district_ids).fillna("")
    # An unplaced commune is only itself within its own file: it never supersedes another file's rows.
    unplaced_key = (
        district_id + "|?" + placed["source_file"] + "|" + map_distinct(placed["commune_text"], fold)
    )
    commune_key = commune_id.where(commune_id.ne(""), unplaced_key)
    hamlet_or_text = placed["hamlet"].where(placed["hamlet"].ne(""), placed["hamlet_hint"])
    team = placed["team_text"].where(placed["team_text"].ne(""), hamlet_or_text)
    # A team is its hamlet and what its name says beyond the hamlet: one team's name spelled three ways
    # ("Tổ CNSCĐ ấp X", "Tổ công nghệ số cộng đồng ấp X") is one team, "Tổ số 1" and "Tổ số 2" of one
    # hamlet are two. Without a hamlet, its name.
    named = hamlet_or_text.where(hamlet_or_text.ne(""), placed["team_text"])
    place = map_distinct(named, bare_place)
    bare_team = map_distinct(placed["team_text"], bare_place)
    beyond = [
        "" if not typed or f" {hamlet} " in f" {typed} " else typed
        for typed, hamlet in zip(bare_team, place, strict=True)
    ]
    team_place = hamlet_id.where(hamlet_id.ne(""), place)
    team_key = commune_key + "|" + team_place + "|" + pd.Series(beyond, index=placed.index)
    return placed.assign(
        team=team,
        district_id=district_id,
        commune_key=commune_key,
        team_key=team_key,
        hamlet_team=team.ne("")
        & map_distinct(placed["team_text"], lambda typed: not typed or is_hamlet_team(typed)),
        # the place warnings of the row's commune and team, told on their first row, flagged on every row
        place_flags=(placed["commune_notes"].fillna("") + ";" + placed["hamlet_notes"].fillna("")).str.strip(
            ";"
        ),
    ).drop(columns=["hamlet_hint", "commune_notes", "hamlet_notes"])


def _place_communes(
    rows: pd.DataFrame,
    index: PlaceIndex,
    districts_by_file: dict[str, str | None],
    provinces_by_file: dict[str, str | None],
) -> tuple[pd.DataFrame, list[Issue]]:
    """Returns the rows with their district and commune, and the issues of placing their communes."""
    # Where no commune is typed, a team name such as "Tổ CNSCĐ ấp Chợ, xã Hòa Tân" may name it.
    hinted = rows.assign(team_hint=rows["team_text"].where(rows["commune_text"].eq(""), ""))
    keys = ["source_file", "source_sheet", "commune_text", "title_text", "team_hint"]
    groups = (
        hinted.groupby(keys, sort=False)
        .agg(source_row=("source_row", "min"), commune_letter=("commune_letter", "first"))
        .reset_index()
    )
    places = [
        _place_commune(
            index, districts_by_file[group.source_file], provinces_by_file.get(group.source_file), group
        )
        for group in groups.itertuples(index=False)
    ]
    table = groups.drop(columns=["source_row", "commune_letter"]).assign(
        district=[place.district for place in places],
        commune=[place.commune for place in places],
        commune_id=[place.commune_id for place in places],
        commune_error=[place.error for place in places],
        commune_notes=[_codes(place.notes) for place in places],
    )
    placed = hinted.merge(table, on=keys, how="left", validate="many_to_one").set_axis(rows.index)
    # A row that cannot be placed is rejected, so its error must name that very row.
    unplaced = placed[placed["commune_error"].notna()]
    errors = [
        replace(error, row=int(row), column_letter=letter)
        for error, row, letter in zip(
            unplaced["commune_error"], unplaced["source_row"], unplaced["commune_letter"], strict=True
        )
    ]
    notes = [note for place in places for note in place.notes]
    return placed.drop(columns=["commune_error", "team_hint"]), notes + errors + _each_team(placed, notes)


def _each_team(placed: pd.DataFrame, notes: list[Issue]) -> list[Issue]:
    """Returns the ambiguous-commune warning again at the first row of each further team it covers.

    Its rows are counted without a commune: every team must be told, not only the first one listed.
    """
    ambiguous = {
        (note.file, note.sheet, note.row): note for note in notes if note.code == "commune_ambiguous"
    }
    if not ambiguous:
        return []
    unplaced = placed[placed["commune"].eq("") & placed["commune_text"].ne("")]
    firsts = unplaced.groupby(["source_file", "source_sheet", "commune_text", "team_text"], sort=False).agg(
        first=("source_row", "min"), letter=("commune_letter", "first")
    )
    group_firsts = unplaced.groupby(["source_file", "source_sheet", "commune_text"])["source_row"].min()
    repeated = []
    for (path, sheet, commune, _), team in firsts.iterrows():
        note = ambiguous.get((path, sheet, int(group_firsts[path, sheet, commune])))
        if note is not None and int(team["first"]) != note.row:
            repeated.append(replace(note, row=int(team["first"]), column_letter=team["letter"]))
    return repeated


def _hamlets_from_context(rows: pd.DataFrame, index: PlaceIndex) -> pd.DataFrame:
    """Returns the rows with `hamlet_hint`: the typed hamlet, else the hamlet their sheet or title names
    where no team or hamlet is typed.

    A sheet per hamlet ("Ấp Chợ") under a title "TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG ẤP CHỢ" lists only members.
    """
    bare = rows["team_text"].eq("") & rows["hamlet_text"].eq("") & rows["commune"].ne("")
    if not bare.any():
        return rows.assign(hamlet_hint=rows["hamlet_text"])
    keys = ["district", "commune", "source_sheet", "title_text"]
    groups = rows.loc[bare, keys].drop_duplicates()
    found = {}
    for group in groups.itertuples(index=False):
        district = group.district or None
        for match in (
            index.match_hamlet(group.source_sheet, district, group.commune),
            index.hamlet_from_team(group.title_text, district, group.commune),
        ):
            if match.status == "exact":
                found[tuple(group)] = match.value
                break
    hamlets = [found.get(key, "") for key in zip(*(rows.loc[bare, key] for key in keys), strict=True)]
    from_context = pd.Series(hamlets, index=rows.index[bare], dtype=object)
    return rows.assign(hamlet_hint=rows["hamlet_text"].mask(bare, from_context))


def _place_hamlets(rows: pd.DataFrame, index: PlaceIndex) -> tuple[pd.DataFrame, list[Issue]]:
    """Returns the rows with their registry hamlet, and the issues of placing each file's teams."""
    keys = ["source_file", "district", "commune", "team_text", "hamlet_hint"]  # per file: its own issues
    located = ["source_sheet", "source_row", "hamlet_text", "team_letter", "hamlet_letter"]
    teams = rows.groupby(keys, sort=False)[located].first().reset_index()
    places = [_place_hamlet(index, team) for team in teams.itertuples(index=False)]
    table = teams[keys].assign(
        hamlet=[hamlet for hamlet, _, _ in places],
        hamlet_id=[hamlet_id for _, hamlet_id, _ in places],
        hamlet_notes=[_codes([issue] if issue else []) for _, _, issue in places],
    )
    placed = rows.merge(table, on=keys, how="left", validate="many_to_one").set_axis(rows.index)
    return placed, [issue for _, _, issue in places if issue]


def _codes(issues: list[Issue]) -> str:
    """Returns the ';'-joined codes of the warnings and infos that a whole group of rows shares."""
    return ";".join(issue.code for issue in issues if issue.severity is not Severity.ERROR)


def _place_commune(
    index: PlaceIndex, district_of_file: str | None, province: str | None, group
) -> CommunePlace:
    """Returns where one commune text (with its file's hints) belongs."""
    where = {"file": group.source_file, "sheet": group.source_sheet, "row": int(group.source_row)}
    where["column_letter"] = group.commune_letter
    if group.commune_text:
        return _place_typed_commune(index, district_of_file, province, group.commune_text, where)
    # No commune typed: a sheet per commune is named after it, the template's line under the title names
    # it ("xã/phường/thị trấn ..."), or the file name does. Only an exact match counts from these.
    for hint in _commune_hints(group):
        match = index.match_commune(hint, district_of_file, province)
        if match.status == "exact":
            return CommunePlace(
                match.district or district_of_file or "", match.value or "", None, [], match.id
            )
    by_sheet = index.match_commune(group.source_sheet, district_of_file, province)
    if by_sheet.status == "ambiguous":  # a sheet "Dinh An": the thị trấn or the xã? Counted, and asked
        note = _note("commune_ambiguous", group.source_sheet, ", ".join(by_sheet.candidates), where)
        return CommunePlace(district_of_file or "", "", None, [note])
    return CommunePlace(
        district_of_file or "", "", make_issue("commune_missing", column="commune", **where), []
    )


def _place_typed_commune(
    index: PlaceIndex, district_of_file: str | None, province: str | None, text: str, where: dict
) -> CommunePlace:
    notes = []
    # "huyện Châu Thành" in a file of Bến Tre's folder: the district of that name in the file's province
    text_district = index.district_in_text(text) or (
        index.district_in_text(text, province) if province else None
    )
    district = text_district or district_of_file
    if text_district and district_of_file and text_district != district_of_file:
        notes.append(_note("district_mismatch", text, _elsewhere(text_district, district_of_file), where))
    match = index.match_commune(text, district, province)
    if match.status == "unknown" and text_district:
        # "Cầu Kè" typed in Huyện Cầu Kè's file is its town: the bare name was taken for the district's.
        town = index.match_commune(f"Thị trấn {text}", text_district)
        match = town if town.status == "exact" else match
    if match.status == "unknown" and district:
        # A commune of another district is never moved there: that district's own list speaks for it.
        elsewhere = _exact_elsewhere(index, text, district)
        if elsewhere:
            owners = " hoặc ".join(f"{name} thuộc {owner}" for name, owner in elsewhere)
            detail = f"{district}; theo danh mục hành chính, {owners}"
            error = _note("commune_not_in_district", text, detail, where)
            return CommunePlace(district, "", error, notes)
    twins = _exact_elsewhere(index, text, district) if match.status == "fuzzy" and district else []
    if district and twins:
        # "Phương Thạnh" in Cầu Kè's file: a slip for its Phong Thạnh, or Càng Long's Phương Thạnh? Asked.
        candidates = [f"{match.value} ({district})", *(f"{name} ({owner})" for name, owner in twins)]
        notes.append(_note("commune_ambiguous", text, ", ".join(candidates), where))
        return CommunePlace(district, "", None, notes)
    if match.status == "fuzzy":
        notes.append(_note("commune_fuzzy", text, match.value or "", where))
    if match.status in ("exact", "fuzzy"):
        return CommunePlace(match.district or district or "", match.value or "", None, notes, match.id)
    if match.status == "ambiguous":
        notes.append(_note("commune_ambiguous", text, ", ".join(match.candidates), where))
        return CommunePlace(district or "", "", None, notes)
    hint = f" (gần giống: {', '.join(match.candidates)})" if match.candidates else ""
    scope = f" trong {district}" if district else ""
    return CommunePlace(district or "", "", _note("commune_unknown", text, scope + hint, where), notes)


def _exact_elsewhere(index: PlaceIndex, text: str, district: str) -> list[tuple[str, str]]:
    """Returns (commune, district) of the communes of other districts that the text names exactly."""
    return [place for place in index.exact_communes(text) if place[1] != district]


def _elsewhere(found: str, expected: str) -> str:
    return f"{found}, không thuộc {expected} (theo thư mục hoặc tên tệp); đã xếp vào {found}"


def _misfiled_files(
    rows: pd.DataFrame, index: PlaceIndex, districts_by_file: dict[str, str | None]
) -> dict[str, str]:
    """Returns the district of each evidently misfiled file: every commune it names lies in one other
    district, none in its own (a district's list saved in another district's folder)."""
    typed = rows.loc[rows["commune_text"].ne(""), ["source_file", "commune_text"]].drop_duplicates()
    misfiled = {}
    for path, texts in typed.groupby("source_file")["commune_text"]:
        own = districts_by_file.get(path)
        if not own or any(index.district_in_text(text) for text in texts):
            continue
        if any(index.match_commune(text, own).status != "unknown" for text in texts):
            continue
        owners = [{owner for _, owner in index.exact_communes(text)} for text in texts]
        if all(len(found) == 1 for found in owners) and len(set.union(*owners)) == 1:
            misfiled[str(path)] = owners[0].pop()
    return misfiled


def _note(code: str, value: str, detail: str, where: dict) -> Issue:
    return make_issue(code, value=value, detail=detail, column="commune", **where)


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
    phrases: list[str] = []
    for start, parts in enumerate(folded):
        head = parts[0] if parts else ""
        two_words = head == "thi" and start + 1 < len(folded) and folded[start + 1][:1] == ["tran"]
        if head in _COMMUNE_WORDS or two_words:
            phrases.extend(" ".join(words[start:end]) for end in range(min(len(words), start + 6), start, -1))
    return phrases


def _place_hamlet(index: PlaceIndex, team) -> tuple[str, str, Issue | None]:
    """Returns the registry hamlet of a team and its id ("" when it cannot be placed) and the issue met."""
    if not team.commune:
        return "", "", None
    where = {"file": team.source_file, "sheet": team.source_sheet, "row": int(team.source_row)}
    in_team = {**where, "column": "team", "column_letter": team.team_letter}
    if not team.team_text and not team.hamlet_hint:
        return "", "", make_issue("team_missing", **in_team)
    if team.hamlet_text:
        match = index.match_hamlet(team.hamlet_hint, team.district or None, team.commune)
        text, where = team.hamlet_hint, {**where, "column": "hamlet", "column_letter": team.hamlet_letter}
    elif team.hamlet_hint:  # named by the sheet or the title, not by a cell
        match = index.match_hamlet(team.hamlet_hint, team.district or None, team.commune)
        text, where = team.hamlet_hint, {**where, "column": "hamlet"}
    elif not is_hamlet_team(team.team_text):
        return "", "", make_issue("team_not_hamlet", value=team.team_text, **in_team)
    else:
        match = index.hamlet_from_team(team.team_text, team.district or None, team.commune)
        text, where = team.team_text, in_team
    if match.status == "exact":
        return match.value or "", match.id, None
    if match.status == "fuzzy":
        return (
            match.value or "",
            match.id,
            make_issue("hamlet_fuzzy", value=text, detail=match.value, **where),
        )
    if match.status == "ambiguous":
        detail = ", ".join(match.candidates)
        return "", "", make_issue("hamlet_ambiguous", value=text, detail=detail, **where)
    return "", "", make_issue("hamlet_unknown", value=text, detail=team.commune, **where)
