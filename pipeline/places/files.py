"""Which district a file belongs to: its folders, its name, its title, its copies, else its rows."""

from __future__ import annotations

from pathlib import PurePosixPath

import pandas as pd

from ..codes import make_issue
from ..model import Issue
from ..text import map_distinct
from .index import PlaceIndex


def file_district(
    index: PlaceIndex, source_file: str, title_text: str, copies: list[str] | tuple[str, ...] = ()
) -> str | None:
    """Returns the district of a file from its sub-folders (innermost first), its name, then its title;
    then from the folders and names of its identical copies that were not read.

    A district is read within the one province these name (`inbox/Ben Tre/Chau Thanh/`): a district name
    of several provinces with no province, or two provinces named, tells nothing.
    """
    for copy in [source_file, *copies]:
        parts = _parts(copy, title_text)
        province = _one_province(index, parts)
        for part in parts:
            district = index.district_in_text(part, province)
            if district:
                return district
    return None


def file_province(
    index: PlaceIndex, source_file: str, title_text: str, copies: list[str] | tuple[str, ...] = ()
) -> str | None:
    """Returns the one province that a file's folders, name and title name (or those of its copies);
    None when none or several: then only a district or the commune text can tell it."""
    for copy in [source_file, *copies]:
        if province := _one_province(index, _parts(copy, title_text)):
            return province
    return None


def _parts(source_file: str, title_text: str) -> list[str]:
    """Returns the texts that may name a file's place: its sub-folders (innermost first), name, title."""
    path = PurePosixPath(source_file)
    return [part for part in [*reversed(path.parent.parts), path.stem, title_text] if part]


def _one_province(index: PlaceIndex, parts: list[str]) -> str | None:
    provinces = set().union(*(index.provinces_in_text(part) for part in parts))
    return next(iter(provinces)) if len(provinces) == 1 else None


def district_of_each_file(
    index: PlaceIndex, paths: list[str], rows: pd.DataFrame, copies: dict[str, list[str]]
) -> dict[str, str]:
    """Returns the district of each file: the one its rows were placed with (folder, name, title, copies;
    a misfiled file's new home), else the one all its rows are in; a file without rows by its path."""
    placed = rows.groupby("source_file")["file_district"].first().to_dict() if not rows.empty else {}
    hints = {
        path: placed[path] if path in placed else file_district(index, path, "", copies.get(path, ())) or ""
        for path in paths
    }
    return districts_of_files(rows, hints)


def districts_of_files(rows: pd.DataFrame, hints: dict[str, str] | None = None) -> dict[str, str]:
    """Returns each file's district: from its folder, name or title, else the one all its rows are in.

    A compilation whose rows are in several districts belongs to none ("").
    """
    known = {path: district for path, district in (hints or {}).items() if district}
    placed = rows[rows["district"].fillna("").ne("")]
    districts = placed.groupby("source_file")["district"].unique()
    single = {path: found[0] for path, found in districts.items() if len(found) == 1}
    paths = set(hints or {}) | set(districts.index)
    return {path: known.get(path) or single.get(path, "") for path in sorted(paths)}


def unknown_districts(
    rows: pd.DataFrame, index: PlaceIndex, districts_by_file: dict, provinces_by_file: dict | None = None
) -> list[Issue]:
    """Returns district_unknown for each file whose district is told neither by it nor by its rows,
    saying where its communes were looked for: its province, or the whole registry."""
    if not index.has_districts:
        return []
    # A compilation whose every row names its district ("xã X, huyện Y") needs no district of its own.
    unknown = rows["source_file"].isin([name for name, district in districts_by_file.items() if not district])
    texts = rows.loc[unknown, ["source_file", "commune_text"]]
    named = map_distinct(
        texts["commune_text"], lambda text: bool(text) and index.district_in_text(text) is not None
    )
    unsure = set(texts.loc[~named.astype(bool), "source_file"])
    provinces = provinces_by_file or {}

    def searched(name: str) -> str:
        if province := provinces.get(name):
            return province
        return "cả danh mục (mọi tỉnh)" if index.registry.several_provinces else "cả tỉnh"

    return [
        make_issue("district_unknown", detail=searched(name), file=name)
        for name in districts_by_file
        if name in unsure
    ]
