"""Reading a province's registry file: its first sheet with a registry header, as a tidy table of text.

CSV (UTF-8 with or without BOM, UTF-16, Windows-1258), .xlsx, .xls and .ods; title rows above the header,
Vietnamese or English column names, empty lines. What cannot be read becomes a Vietnamese problem line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..csvtext import csv_records, decode_text
from ..text import clean_text, fold, identity_key, map_distinct, strip_diacritics

LABELS = {"district": "huyện", "commune": "xã/phường/thị trấn", "hamlet": "ấp/khóm"}
HEADER_ROWS_SEARCHED = 20  # a province's file may carry title rows above its header

# Header texts after fold() (a leading "ten" = "Tên" dropped), accepted for each column.
_HEADERS = {
    "province": "province|tinh|tinh thanh|tinh thanh pho",
    "district": "district|huyen|quan huyen|huyen thi xa thanh pho|huyen thi xa tp|huyen thi xa|cap huyen"
    "|don vi cap huyen",
    "district_code": "district code|ma huyen|ma quan huyen|ma don vi cap huyen",
    "commune": "commune|ward|xa|xa phuong thi tran|xa phuong tt|xa phuong|phuong xa|cap xa|don vi cap xa",
    "commune_code": "commune code|ward code|ma xa|ma xa phuong|ma don vi cap xa",
    "commune_type": "commune type|loai xa|loai don vi cap xa",
    "hamlet": "hamlet|ap|khom|ap khom|khom ap|thon|thon ap|ap thon|ap khom thon",
    "hamlet_type": "hamlet type|loai ap|loai ap khom",
    "source": "source|nguon|nguon du lieu",
    "aliases": "aliases|alias|ten khac|ten goi khac|bi danh",
}
HEADER_NAMES = {text: column for column, texts in _HEADERS.items() for text in texts.split("|")}


def read_grid(path: Path) -> pd.DataFrame | str:
    """Returns the file's first sheet with a registry header as a grid of cells, or a problem line."""
    if not path.is_file():
        return f"Không tìm thấy tệp {path}; kiểm tra lại đường dẫn."
    try:
        if path.suffix.lower() == ".csv":
            return csv_grid(decode_text(path.read_bytes()))
        if path.suffix.lower() not in (".xlsx", ".xlsm", ".xls", ".ods"):
            return (
                f"Tệp {path.name} không phải .csv, .xlsx, .xls hay .ods; lưu lại danh mục bằng một dạng đó."
            )
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="calamine")
    except Exception as error:  # any reader failure is a configuration problem, told to the officer
        return f"Không đọc được tệp {path.name} ({type(error).__name__}: {error}); mở bằng Excel và lưu lại."
    for grid in sheets.values():
        if header_row(grid) is not None:
            return grid
    return next(iter(sheets.values()), pd.DataFrame())


def csv_grid(text: str) -> pd.DataFrame:
    """Returns the CSV cells as a grid of text; blank lines kept so that row numbers stay true."""
    return pd.DataFrame(list(csv_records(text)), dtype=object)


def header_row(grid: pd.DataFrame) -> int | None:
    """Returns the position of the first row naming both the commune and the hamlet columns."""
    for position in range(min(len(grid), HEADER_ROWS_SEARCHED)):
        names = {column_name(cell) for cell in grid.iloc[position]}
        if {"commune", "hamlet"} <= names:
            return position
    return None


def column_name(header: object) -> str | None:
    """Returns the registry column a header stands for ("Ấp/Khóm" -> "hamlet"), or None."""
    text = fold(header)
    return HEADER_NAMES.get(text) or HEADER_NAMES.get(text.removeprefix("ten "))  # "Tên xã" = "Xã"


def tidy(grid: pd.DataFrame | str) -> tuple[pd.DataFrame | None, list[str]]:
    """Returns the table with registry column names, clean text and a `row` number; or the problems."""
    if isinstance(grid, str):
        return None, [grid]
    header = header_row(grid)
    if header is None:
        return None, [
            "Không tìm thấy dòng tiêu đề có cột xã/phường/thị trấn (commune) và cột ấp/khóm "
            "(hamlet); thêm dòng tiêu đề, ví dụ: Huyện, Xã, Ấp/Khóm."
        ]
    names = [column_name(cell) for cell in grid.iloc[header]]
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        return None, [
            f"Có nhiều cột cùng là {LABELS.get(name, name)} ({name}); giữ lại một cột." for name in repeated
        ]
    keep = {position: name for position, name in enumerate(names) if name}
    body = grid.iloc[header + 1 :, list(keep)].rename(columns=keep)
    # Names repeat (Ấp 1, Xã An Hiệp, every row's province): each distinct cell is cleaned once.
    table = pd.DataFrame({name: map_distinct(body[name], clean_text) for name in body}, index=body.index)
    table = table.assign(row=[position + 1 for position in range(header + 1, len(grid))])
    places = [column for column in ("district", "commune", "hamlet") if column in table]
    table = table[table[places].ne("").any(axis=1)]  # empty lines are layout, not data
    if "district" in table and table["district"].eq("").all():
        table = table.drop(columns="district")  # an empty district column: a registry without districts
    source = table["source"].str.lower() if "source" in table else pd.Series("", index=table.index)
    # A province's own file without a source column is its official list.
    table = table.assign(source=source.where(source.ne(""), "official"))
    if "aliases" not in table:
        table = table.assign(aliases="")
    if table.empty:
        return None, ["Danh mục không có dòng dữ liệu nào; mỗi dòng ghi một ấp/khóm và xã của nó."]
    levels = [column for column in ("province", "district", "commune", "hamlet") if column in table]
    place_key = pd.Series("", index=table.index)
    for level in levels:
        place_key = place_key.str.cat(name_keys(place_key, table[level]), sep="|")
    return table.assign(place_key=place_key), []


def name_keys(parents: pd.Series, names: pd.Series) -> pd.Series:
    """Returns the key of each name within its parent place: the folded name (case, diacritics and
    spacing ignored), except where names of one parent differ only in their marks ("Xã Vĩnh Hưng" and
    "Xã Vĩnh Hùng" of one district: 21 districts of the 2022 list have such twins), which keep them.
    A name typed without any mark beside a marked one ("Ap Phu Hoa", "Ấp Phú Hòa") is the same place."""
    folded = map_distinct(names, fold)
    frame = pd.DataFrame({"parent": parents, "folded": folded, "name": names})
    # Names of one key in one parent: nearly always one. Only those with several are looked at closely.
    pairs = frame.drop_duplicates()
    several = pairs[pairs.duplicated(["parent", "folded"], keep=False)]
    if several.empty:
        return folded
    marked = several.assign(marked=several["name"].map(identity_key)).drop_duplicates(["parent", "marked"])
    marked = marked.assign(unmarked=marked["marked"].map(lambda name: strip_diacritics(name) == name))
    groups = marked.groupby(["parent", "folded"], sort=False)
    twins = marked[groups["marked"].transform("size").gt(1) & ~groups["unmarked"].transform("any")]
    if twins.empty:
        return folded
    kept = pd.MultiIndex.from_frame(twins[["parent", "folded"]])
    clash = pd.MultiIndex.from_frame(frame[["parent", "folded"]]).isin(kept)
    return folded.where(~clash, map_distinct(names.where(clash, ""), identity_key))
