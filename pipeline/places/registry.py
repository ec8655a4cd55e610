"""Loads the registry of places: the embedded Trà Vinh 2022 list or a province's own CSV / Excel file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from schemas.registry import RegistryTable

from ..text import fold, map_distinct
from .registry_file import csv_grid, name_keys, read_grid, tidy

EMBEDDED_FILE = "registry_tra_vinh_2022.csv"
EMBEDDED_SOURCE = (
    "embedded: Trà Vinh 2022 (huyện, xã: vietnam-provinces 0.5.0; ấp/khóm: Wikipedia và dữ liệu mẫu)"
)
_EMBEDDED = "embedded: "  # summary.json keeps this English key word (SPEC §7); people read describe_source


def describe_source(source: str) -> str:
    """Returns where the registry came from, in Vietnamese: the embedded list named, or the file path."""
    if source.startswith(_EMBEDDED):
        return "Danh mục có sẵn trong phần mềm: " + source.removeprefix(_EMBEDDED)
    return source


PLACE_COLUMNS = ["province", "district", "district_code", "commune", "commune_code", "commune_type"]
COLUMNS = [*PLACE_COLUMNS, "hamlet", "hamlet_type", "source", "aliases"]


@dataclass(frozen=True, eq=False)  # eq=False: a DataFrame has no single truth value to compare
class Registry:
    """The places a submission can be resolved to; one table row per hamlet. The table is never changed:
    what is derived from it is computed once (a national registry has ~100,000 rows)."""

    # district ("" without districts), commune, hamlet, source, aliases, ... and the places' ids
    # (province_id, district_id, commune_id, hamlet_id): what the pipeline keys on; names are for people.
    table: pd.DataFrame
    source: str  # "embedded: ..." or the file path
    has_districts: bool
    sample_hamlets: int  # hamlets whose source is "sample": not the official list

    @cached_property
    def provinces(self) -> tuple[str, ...]:
        """Returns the province names in registry order; empty when the registry names none."""
        if "province" not in self.table:
            return ()
        return tuple(name for name in self.table["province"].unique() if name)

    @cached_property
    def several_provinces(self) -> bool:
        """Returns whether places of more than one province are registered (a national registry)."""
        return len(self.provinces) > 1

    @cached_property
    def district_places(self) -> pd.DataFrame:
        """Returns one row per district: label (`district`), `district_name`, `province`, `district_id`."""
        columns = ["district", "district_name", "province", "district_id"]
        named = self.table[self.table["district"].ne("")]
        return named.reindex(columns=columns, fill_value="").drop_duplicates("district")

    @cached_property
    def district_names(self) -> dict[str, str]:
        """Returns the registry name of each district label (the same text with a single province)."""
        places = self.district_places
        return dict(zip(places["district"], places["district_name"], strict=True))

    @cached_property
    def district_provinces(self) -> dict[str, str]:
        """Returns the province of each district label ("" where the registry names none)."""
        places = self.district_places
        return dict(zip(places["district"], places["province"], strict=True))

    @cached_property
    def district_ids(self) -> dict[str, str]:
        """Returns the id of each district by its name; empty without districts."""
        named = self.table[self.table["district"].ne("")]
        return dict(zip(named["district"], named["district_id"], strict=True))

    @cached_property
    def districts(self) -> tuple[str, ...]:
        """Returns the district names in registry order; empty without districts."""
        return tuple(self.table["district"].unique()) if self.has_districts else ()

    def communes_of(self, district: str | None = None) -> tuple[str, ...]:
        """Returns the communes of a district (all communes when district is None), in registry order."""
        rows = self.table if district is None else self.table[self.table["district"] == district]
        return tuple(rows["commune"].unique())

    def hamlets_of(self, district: str | None, commune: str) -> tuple[str, ...]:
        """Returns the hamlets of one commune, in registry order."""
        rows = self.table[self.table["commune"] == commune]
        if district is not None and self.has_districts:
            rows = rows[rows["district"] == district]
        return tuple(rows["hamlet"])

    @cached_property
    def commune_count(self) -> int:
        """Returns how many communes the registry holds (a commune is a district and a name)."""
        return len(self.table[["district", "commune"]].drop_duplicates())

    @cached_property
    def hamlet_count(self) -> int:
        """Returns how many hamlets the registry holds."""
        return len(self.table)


class RegistryError(Exception):
    """The registry cannot be used; `problems` says, in Vietnamese, where and what to fix."""

    def __init__(self, problems: list[str], source: str = "") -> None:
        self.problems = problems
        self.source = source
        heading = (
            f"Danh mục địa bàn không dùng được ({source}):" if source else "Danh mục địa bàn không dùng được:"
        )
        super().__init__("\n".join([heading, *(f"  - {problem}" for problem in problems)]))


def load_registry(path: Path | None = None) -> Registry:
    """Returns the registry of `path` (CSV, .xlsx, .xls, .ods), or the embedded one; raises RegistryError."""
    if path is None:
        return _embedded_registry()
    return _registry_of(read_grid(Path(path)), str(path))


@cache
def _embedded_registry() -> Registry:
    """Returns the embedded registry, loaded and checked once per process (its table is never changed)."""
    text = resources.files("pipeline.places").joinpath("data", EMBEDDED_FILE).read_text(encoding="utf-8")
    return _registry_of(csv_grid(text), EMBEDDED_SOURCE)


def _registry_of(grid: pd.DataFrame | str, source: str) -> Registry:
    """Returns the registry of a grid of cells (or a problem line); raises RegistryError."""
    table, problems = tidy(grid)
    if table is not None:
        problems += _check(table)
    if problems or table is None:
        raise RegistryError(problems, source)
    has_districts = "district" in table
    table = table.assign(district=table["district"] if has_districts else "")
    ordered = [column for column in COLUMNS if column in table] + [c for c in table if c not in COLUMNS]
    table = with_place_ids(table[ordered].drop(columns=["row", "place_key"]).reset_index(drop=True))
    table = with_district_labels(table)
    sample = int(table["source"].eq("sample").sum())
    return Registry(table=table, source=source, has_districts=has_districts, sample_hamlets=sample)


def with_district_labels(table: pd.DataFrame) -> pd.DataFrame:
    """Returns the table with `district_name` (as the registry writes it) and `district` the district's
    label: its name, or "name, province" in a registry of several provinces, where district names repeat
    ("Huyện Châu Thành" is a district of ten provinces). The label is what the pipeline keys a district on
    and shows; outputs that SPEC §7 names write `district_name` and `province` apart."""
    labelled = table.assign(district_name=table["district"])
    if not several_provinces(table):
        return labelled
    named = table["district"].ne("")
    label = table["district"].where(~named, table["district"] + ", " + table["province"])
    return labelled.assign(district=label)


def several_provinces(table: pd.DataFrame) -> bool:
    """Returns whether a registry table holds places of more than one province."""
    return "province" in table and table["province"].loc[lambda names: names.ne("")].nunique() > 1


def with_place_ids(table: pd.DataFrame) -> pd.DataFrame:
    """Returns the table with a stable id for every province, district, commune and hamlet.

    An official code is the id where the registry gives one for each place and one place for each code;
    otherwise the id is the folded names of the place and those above it ("tinh tra vinh/huyen cang long").
    """
    province = (
        map_distinct(table["province"], fold) if "province" in table else pd.Series("", index=table.index)
    )
    district = province.str.cat(name_keys(province, table["district"]), sep="/").where(
        table["district"].ne(""), ""
    )
    above = ["province"] if "province" in table else []
    district = _code_or(table, "district_code", [*above, "district"], district)
    commune = district.str.cat(name_keys(district, table["commune"]), sep="/")
    commune = _code_or(table, "commune_code", [*above, "district", "commune"], commune)
    hamlet = commune.str.cat(name_keys(commune, table["hamlet"]), sep="/")
    return table.assign(province_id=province, district_id=district, commune_id=commune, hamlet_id=hamlet)


def _code_or(table: pd.DataFrame, code: str, names: list[str], fallback: pd.Series) -> pd.Series:
    """Returns the code column when it names each place once and each place has one code, else fallback."""
    if code not in table or table[code].eq("").any():
        return fallback
    pairs = table[[code, *names]].drop_duplicates()
    one_to_one = not pairs[code].duplicated().any() and not pairs[names].duplicated().any()
    return table[code] if one_to_one else fallback


def registry_summary(registry: Registry) -> str:
    """Returns a Vietnamese summary: per district its communes and hamlets, and how many are sample data."""
    table = registry.table
    lines = [describe_source(registry.source)]
    total = f"{registry.commune_count} xã/phường/thị trấn, {registry.hamlet_count} ấp/khóm"
    if registry.has_districts:
        lines.append(f"{len(registry.districts)} huyện/thị xã/thành phố, {total}.")
    else:
        lines.append(f"Không có cấp huyện (chính quyền hai cấp): {total}.")
    if registry.sample_hamlets:
        lines.append(
            f"Trong đó {registry.sample_hamlets} ấp/khóm là dữ liệu mẫu, chưa phải danh sách chính thức."
        )
    for district in registry.districts:
        rows = table[table["district"] == district]
        sample = int(rows["source"].eq("sample").sum())
        note = f" ({sample} ấp/khóm mẫu)" if sample else ""
        lines.append(
            f"- {district}: {rows['commune'].nunique()} xã/phường/thị trấn, {len(rows)} ấp/khóm{note}"
        )
    return "\n".join(lines)


def _check(table: pd.DataFrame) -> list[str]:
    """Returns one Vietnamese problem line per failure of the registry schema, in row order."""
    return _unplaced_provinces(table) + _schema_problems(table)


def _unplaced_provinces(table: pd.DataFrame) -> list[str]:
    """Returns a problem line per row without a province in a registry of several provinces."""
    if not several_provinces(table):
        return []
    missing = table[table["province"].eq("")]
    return [
        f"Dòng {int(row)}: thiếu tên tỉnh của {commune or '?'}; danh mục nhiều tỉnh phải ghi tỉnh ở mọi dòng."
        for row, commune in zip(missing["row"], missing["commune"], strict=True)
    ]


def _schema_problems(table: pd.DataFrame) -> list[str]:
    """Returns one Vietnamese problem line per failure of the registry schema, in row order."""
    try:
        RegistryTable.validate(table, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases.dropna(subset=["index"])
        # A dataframe check fails once per column of the row: one line per row and check is enough.
        cases = cases.drop_duplicates(subset=["check", "index"])
        # The rows sharing each place, once: a check per failure must not rescan the table.
        rows_of_place = table.groupby("place_key")["row"].agg(list).to_dict()
        located = [
            _problem(table, str(case.column), str(case.check), int(case.index), rows_of_place)
            for case in cases.itertuples()
        ]
        return [text for _, text in sorted(problem for problem in located if problem)]
    return []


def _problem(
    table: pd.DataFrame, column: str, check: str, index: int, rows_of_place: dict[str, list]
) -> tuple[int, str] | None:
    """Returns (row, Vietnamese problem line) of one failure case: where it is and what to fix."""
    row = table.loc[index]
    number, commune = int(row["row"]), row.get("commune", "") or "?"
    where = f"Dòng {number}"
    if check == "hamlet_duplicate":
        earlier = [str(other) for other in rows_of_place[row["place_key"]] if int(other) < number]
        if not earlier:
            return None  # the first of the rows is right; the later ones repeat it
        message = f'ấp/khóm "{row["hamlet"]}" của {commune} trùng với dòng {", ".join(earlier)}'
        return number, f"{where}: {message}; xóa dòng thừa hoặc sửa lại tên."
    if column == "hamlet":
        return number, f"{where}: {commune} thiếu tên ấp/khóm; mỗi dòng ghi một ấp/khóm, xã nào cũng phải có."
    if column == "commune":
        return number, f'{where}: thiếu tên xã/phường/thị trấn của ấp/khóm "{row["hamlet"]}"; ghi tên xã.'
    if column == "district":
        return (
            number,
            f"{where}: thiếu tên huyện của {commune}; ghi tên huyện/thị xã/thành phố vào cột huyện.",
        )
    if column == "source":
        return number, f'{where}: nguồn "{row["source"]}" không hợp lệ; ghi official, wikipedia hoặc sample.'
    return number, f'{where}: giá trị "{row.get(column, "")}" ở cột {column} không hợp lệ ({check}).'
