"""The coverage sheets of the workbook as plain tables: per district, per commune, hamlets without a team."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..model import CommuneState, SubmissionStatus
from . import labels
from .workbook_layout import Column, Table

if TYPE_CHECKING:
    from ..model import RunResult

LAST = 10**9  # sorts places that are not in the registry after those that are
STATUS_HIGHLIGHT = (
    (labels.DISTRICT_STATUS[SubmissionStatus.MISSING], "bad"),
    (labels.DISTRICT_STATUS[SubmissionStatus.LATE], "warn"),
    (labels.DISTRICT_STATUS[SubmissionStatus.ON_TIME], "good"),
)
STATE_HIGHLIGHT = (
    (labels.COMMUNE_STATE[CommuneState.NOT_SUBMITTED], "bad"),
    (labels.COMMUNE_STATE[CommuneState.PARTIAL], "warn"),
    (labels.COMMUNE_STATE[CommuneState.COMPLETE], "good"),
)
GAP_COLUMNS = (
    Column("Huyện", 22, "wrap"),
    Column("Xã/phường/thị trấn", 22, "wrap"),
    Column("Ấp/khóm", 22, "wrap"),
    Column("Tình trạng của xã", 30, "wrap", STATE_HIGHLIGHT),
    Column("Ghi chú danh mục", 30, "wrap"),
)


def coverage_ratio(covered: int, total: int) -> float | None:
    """Returns covered / total, or None when there is nothing to cover."""
    return covered / total if total else None


def registry_ranks(hamlets: pd.DataFrame) -> tuple[dict, dict, dict]:
    """Returns the registry position of each district, (district, commune) and (district, commune, hamlet)."""
    keys = list(zip(hamlets["district"], hamlets["commune"], hamlets["hamlet"], strict=True))
    district_rank: dict = {}
    commune_rank: dict = {}
    for district, commune, _ in keys:
        district_rank.setdefault(district, len(district_rank))
        commune_rank.setdefault((district, commune), len(commune_rank))
    return district_rank, commune_rank, {key: rank for rank, key in enumerate(keys)}


# What Theo tỉnh and Theo huyện count for each of their rows, after its name and status
_COVERAGE_COLUMNS = (
    Column("Số xã", 9, "number"),
    Column("Số xã đã gửi", 10, "number"),
    Column("Số ấp/khóm", 11, "number"),
    Column("Số ấp/khóm có tổ", 12, "number"),
    Column("Tỷ lệ phủ", 10, "percent", graded=True),
    Column("Số tổ", 9, "number"),
    Column("Số thành viên", 11, "number"),
)


def district_table(result: RunResult) -> Table:
    """Returns Theo huyện: one row per district and a total row."""
    districts = result.coverage.districts
    records = [
        (
            district.name or labels.NO_DISTRICT,
            labels.DISTRICT_STATUS.get(district.status, district.status),
            district.first_submitted,
            int(district.communes),
            int(district.communes_submitted),
            int(district.hamlets),
            int(district.hamlets_covered),
            coverage_ratio(district.hamlets_covered, district.hamlets),
            int(district.teams),
            int(district.members),
        )
        for district in districts.itertuples(index=False)
    ]
    totals = result.totals
    styles: list[str | None] = [None] * len(records)
    if totals.members_without_district or totals.teams_without_district:
        # People whose commune could not be told between districts: counted, in no district's row.
        records.append(
            (labels.UNPLACED_DISTRICT, "", None, 0, 0, 0, 0, None, totals.teams_without_district,
             totals.members_without_district)
        )  # fmt: skip
        styles.append("muted")
    total = (
        labels.TOTAL,
        f"{totals.districts_submitted}/{totals.districts} đã gửi",
        None,
        totals.communes,
        totals.communes_submitted,
        totals.hamlets,
        totals.hamlets_covered,
        coverage_ratio(totals.hamlets_covered, totals.hamlets),
        totals.teams,
        totals.members,
    )
    columns = (
        Column("Huyện", 26, "wrap"),
        Column("Trạng thái", 13, highlight=STATUS_HIGHLIGHT),
        Column("Ngày gửi đầu tiên", 13, "date"),
        *_COVERAGE_COLUMNS,
    )
    return Table(columns, [*records, total], [*styles, "total"])


def province_table(result: RunResult) -> Table:
    """Returns Theo tỉnh: one row per province of a national registry, in registry order, and a total row."""
    places = result.registry.district_provinces
    districts = result.coverage.districts
    submitted = districts["status"].ne(SubmissionStatus.MISSING)
    counted = ["communes", "communes_submitted", "hamlets", "hamlets_covered", "teams", "members"]
    table = (
        districts[counted]
        .assign(
            province=districts["name"].map(places).fillna(""), districts=1, submitted=submitted.astype(int)
        )
        .groupby("province", sort=False)
        .sum()
        .reindex(result.registry.provinces, fill_value=0)
    )
    records = [
        (
            province,
            int(row.districts),
            int(row.submitted),
            int(row.communes),
            int(row.communes_submitted),
            int(row.hamlets),
            int(row.hamlets_covered),
            coverage_ratio(row.hamlets_covered, row.hamlets),
            int(row.teams),
            int(row.members),
        )
        for province, row in table.iterrows()
    ]
    totals = result.totals
    styles: list[str | None] = [None] * len(records)
    if totals.members_without_district or totals.teams_without_district:
        # as in Theo huyện: counted, in no province's row, so that the rows add up to the total
        records.append(
            (labels.UNPLACED_PROVINCE, 0, 0, 0, 0, 0, 0, None, totals.teams_without_district,
             totals.members_without_district)
        )  # fmt: skip
        styles.append("muted")
    total = (
        labels.TOTAL, totals.districts, totals.districts_submitted, totals.communes,
        totals.communes_submitted, totals.hamlets, totals.hamlets_covered,
        coverage_ratio(totals.hamlets_covered, totals.hamlets), totals.teams, totals.members,
    )  # fmt: skip
    columns = (
        Column("Tỉnh/thành phố", 26, "wrap"),
        Column("Số huyện", 9, "number"),
        Column("Số huyện đã gửi", 10, "number"),
        *_COVERAGE_COLUMNS,
    )
    return Table(columns, [*records, total], [*styles, "total"])


def commune_records(result: RunResult) -> list[tuple[str, tuple]]:
    """Returns (district, record) of every commune in registry order, its record what Theo xã and a
    district's letter show of it: name, state, hamlets, hamlets covered, coverage, teams, members."""
    return [
        (
            commune.district,
            (
                commune.commune,
                labels.COMMUNE_STATE.get(commune.state, commune.state),
                int(commune.hamlets),
                int(commune.hamlets_covered),
                coverage_ratio(commune.hamlets_covered, commune.hamlets),
                int(commune.teams),
                int(commune.members),
            ),
        )
        for commune in result.coverage.communes.itertuples(index=False)
    ]


def commune_columns(widths: tuple[float, ...]) -> tuple[Column, ...]:
    """Returns the columns of a commune record (commune_records), in these widths."""
    titles = ("Xã/phường/thị trấn", "Tình trạng", "Số ấp/khóm", "Có tổ", "Tỷ lệ", "Số tổ", "Số thành viên")
    kinds = ("wrap", "wrap", "number", "number", "percent", "number", "number")
    columns = [Column(title, width, kind) for title, width, kind in zip(titles, widths, kinds, strict=True)]
    columns[1] = Column(titles[1], widths[1], "wrap", STATE_HIGHLIGHT)
    columns[4] = Column(titles[4], widths[4], "percent", graded=True)
    return tuple(columns)


def commune_table(result: RunResult) -> Table:
    """Returns Theo xã: one row per commune, in registry order, with its state."""
    records = [(district, *record) for district, record in commune_records(result)]
    return Table((Column("Huyện", 24, "wrap"), *commune_columns((24, 30, 11, 9, 9, 9, 11))), records)


def gap_table(result: RunResult) -> Table:
    """Returns Ấp chưa có tổ: every uncovered hamlet, in registry order."""
    return Table(GAP_COLUMNS, [record for _, record in _gap_records(result)])


def gap_tables(result: RunResult) -> dict[str, Table]:
    """Returns Ấp chưa có tổ of each district with a hamlet without a team, built in one pass."""
    records: dict[str, list[tuple]] = {}
    for district, record in _gap_records(result):
        records.setdefault(district, []).append(record)
    return {district: Table(GAP_COLUMNS, rows) for district, rows in records.items()}


def _gap_records(result: RunResult) -> list[tuple[str, tuple]]:
    """Returns (district, sheet record) of every uncovered hamlet, in registry order."""
    hamlets = result.coverage.hamlets
    uncovered = hamlets[~hamlets["covered"].astype(bool)]
    codes = result.coverage.communes.set_index(["district", "commune"])["state"].to_dict()
    states = {commune: labels.COMMUNE_STATE.get(code, code) for commune, code in codes.items()}
    not_submitted = labels.COMMUNE_STATE[CommuneState.NOT_SUBMITTED]
    return [
        (
            district,
            (
                district,
                commune,
                hamlet,
                states.get((district, commune), not_submitted),
                labels.SAMPLE_HAMLET if source == "sample" else "",
            ),
        )
        for district, commune, hamlet, source in zip(
            uncovered["district"], uncovered["commune"], uncovered["hamlet"], uncovered["source"], strict=True
        )
    ]
