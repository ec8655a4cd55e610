"""Builds settled rows and run results by hand, for the writers' tests (no inbox, no reading)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipeline.consolidate import assemble_result
from pipeline.ingest import rows_frame
from pipeline.model import RAW_COLUMNS, Issue, RawRow, RunResult, SourceFile
from pipeline.places.files import districts_of_files
from pipeline.places.registry import Registry, with_place_ids
from schemas.settled import SettledRow


def registry_of(places: pd.DataFrame, source: str = "test", has_districts: bool = True) -> Registry:
    """Returns a registry of the given district/commune/hamlet/source table, with its place ids."""
    table = places.assign(district=places["district"] if has_districts else "")
    table = table if "source" in table else table.assign(source="official")
    sample = int(table["source"].eq("sample").sum())
    return Registry(with_place_ids(table), source=source, has_districts=has_districts, sample_hamlets=sample)


def settled_rows(rows: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """Returns the rows with every column of the row contract: what is not given gets its plain default."""
    text = [name for name, column in SettledRow.to_schema().columns.items() if str(column.dtype) == "str"]
    defaults = {name: "" for name in text if name not in rows}
    filled = rows.assign(**defaults)
    national = filled["phone"].map(lambda phone: f"0{phone[3:6]} {phone[6:9]} {phone[9:]}" if phone else "")
    commune_id = _ids_of(registry, filled, ["district", "commune"], "commune_id")
    extra = {
        "phone_cell": None,
        "name_key": filled["name"].str.lower(),
        "name_problem": None,
        "role_problem": None,
        "phone_problem": None,
        "phone_detail": None,
        "phone_national": national,
        "phone_text": national,
        "district_id": filled["district"].map(registry.district_ids).fillna(""),
        "commune_id": commune_id,
        "hamlet_id": _ids_of(registry, filled, ["district", "commune", "hamlet"], "hamlet_id"),
        "commune_key": commune_id.where(commune_id.ne(""), filled["commune"]),
        "kept_role": filled["role"],
        "hamlet_team": True,
    }
    filled = filled.assign(**{name: value for name, value in extra.items() if name not in rows})
    if "team_key" not in rows:
        filled = filled.assign(team_key=filled["commune_key"] + "|" + filled["team"])
    ordered = filled[list(SettledRow.to_schema().columns)]
    return SettledRow.validate(ordered.astype({"source_row": "int64", "hamlet_team": bool}))


def _ids_of(registry: Registry, rows: pd.DataFrame, names: list[str], id_column: str) -> pd.Series:
    """Returns the registry id of the place each row names ("" when the registry has no such place)."""
    ids = registry.table[[*names, id_column]].drop_duplicates(names)
    found = rows[names].merge(ids, on=names, how="left")[id_column].fillna("")
    return found.set_axis(rows.index)


def result_of(
    as_of: date,
    deadline: date,
    registry: Registry,
    files: list[SourceFile],
    rows: pd.DataFrame,
    issues: list[Issue],
    duplicates: pd.DataFrame | None = None,
) -> RunResult:
    """Returns the run result of hand-made settled rows, its figures computed as a run computes them."""
    pairs = duplicates if duplicates is not None else pd.DataFrame({"merged_row": [], "kept_row": []})
    return assemble_result(
        as_of, deadline, registry, list(files), rows, pairs, list(issues), districts_of_files(rows)
    )


def raw_rows(records: list[dict]) -> pd.DataFrame:
    """Returns reader rows (pipeline.model.RawRow) from dicts, as the reader frames them; what a dict leaves
    out is empty."""
    defaults = {field: "" for field in RAW_COLUMNS} | {
        "phone_cell": None,
        "source_sheet": "DS",
        "source_row": 2,
    }
    return rows_frame([RawRow(**(defaults | record)) for record in records])
