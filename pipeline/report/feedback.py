"""phan-hoi/[<province-slug>/]<district-slug>.xlsx: per district, its status, errors to fix and gaps."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..model import SubmissionStatus
from ..text import fold
from ..totals import is_to_fix
from . import labels
from .atomic import atomic_path
from .feedback_letter import (
    COMMUNE_COLUMNS,
    FILE_COLUMNS,
    SHEET_TEAMS,
    STATUS_LEVEL,
    DistrictCase,
    district_communes,
    district_files,
    team_table,
    write_letter,
)
from .workbook_coverage import GAP_COLUMNS, gap_tables
from .workbook_layout import Table, new_workbook, write_table
from .workbook_tables import ISSUE_COLUMNS, district_issue_tables

if TYPE_CHECKING:
    from ..model import RunResult


def district_slug(district: str) -> str:
    """Returns the file name stem of a district: ASCII, lower case, words joined by dashes."""
    return fold(district).replace(" ", "-")


def district_slugs(districts: list[str]) -> dict[str, str]:
    """Returns each district's slug; a slug met again (same name in two provinces) gets -2, -3 ..."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for district in districts:
        slug = base = district_slug(district) or "khong-ro-huyen"
        counter = 1
        while slug in taken:
            counter += 1
            slug = f"{base}-{counter}"
        slugs[district] = slug
        taken.add(slug)
    return slugs


def feedback_paths(result: RunResult) -> dict[str, str]:
    """Returns each registry district's feedback file, relative to phan-hoi/: `<district-slug>.xlsx`, and
    `<province-slug>/<district-slug>.xlsx` with a registry of several provinces."""
    places = result.registry.district_places
    if not result.registry.several_provinces:
        slugs = district_slugs(list(places["district"]))
        return {district: f"{slug}.xlsx" for district, slug in slugs.items()}
    paths = {}
    for province, districts in places.groupby("province", sort=False):
        folder = district_slug(str(province)) or "khong-ro-tinh"
        slugs = district_slugs(list(districts["district_name"]))
        for label, name in zip(districts["district"], districts["district_name"], strict=True):
            paths[label] = f"{folder}/{slugs[name]}.xlsx"
    return paths


def districts_with_feedback(result: RunResult) -> list[str]:
    """Returns, in registry order, the districts with an issue in their files or a hamlet without a team."""
    hamlets = result.coverage.hamlets
    with_gaps = set(hamlets.loc[~hamlets["covered"].astype(bool), "district"])
    district_of_file = result.file_districts
    with_issues = {district_of_file.get(issue.file, "") for issue in result.issues}
    registry_order = list(dict.fromkeys([*result.coverage.districts["name"], *hamlets["district"]]))
    # A district outside the registry cannot own a file's rows; "" means no district level or unknown.
    return [district for district in registry_order if district and district in with_gaps | with_issues]


def write_feedback(result: RunResult, folder: Path, copies: dict[str, list[str]] | None = None) -> list[Path]:
    """Writes one workbook per district with issues or gaps; returns them in registry order. `copies`
    are the fix-it copies written beside them for each district (relative to the folder), which its
    letter names.

    The folder is expected fresh (the run writes into a staging folder): nothing else in it is touched.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = feedback_paths(result)
    issue_tables, gaps = district_issue_tables(result), gap_tables(result)
    rows = {row.name: row for row in result.coverage.districts.itertuples(index=False)}
    to_fix = {result.file_districts.get(issue.file, "") for issue in result.issues if is_to_fix(issue)}
    written = []
    files, communes = district_files(result), district_communes(result)  # for every letter at once
    issues_of: dict[str, list] = {}
    for issue in result.issues:
        issues_of.setdefault(result.file_districts.get(issue.file, ""), []).append(issue)
    for district in districts_with_feedback(result):
        path = folder / paths.get(district, f"{district_slug(district)}.xlsx")
        path.parent.mkdir(parents=True, exist_ok=True)
        issues = issue_tables.get(district, Table(ISSUE_COLUMNS, []))
        district_gaps = gaps.get(district, Table(GAP_COLUMNS, []))
        row = rows.get(district)
        case = DistrictCase(
            district,
            row.status if row is not None else SubmissionStatus.MISSING,
            row.first_submitted if row is not None else None,
            issues_of.get(district, []),
            len(district_gaps.records),
            (copies or {}).get(district, []),
            files.get(district, Table(FILE_COLUMNS, [])),
            communes.get(district, Table(COMMUNE_COLUMNS, [])),
        )
        _write_district(result, case, (issues, district_gaps), rows, district in to_fix, path)
        written.append(path)
    return written


def district_status(result: RunResult, district: str, rows: dict | None = None) -> tuple[str, str, str]:
    """Returns a district's status code, its status line against the deadline and its coverage line;
    `rows` is the coverage table's rows by district name, when the caller has built it once."""
    status, first_submitted, covered, hamlets = SubmissionStatus.MISSING, None, 0, 0
    if rows is None:
        rows = {row.name: row for row in result.coverage.districts.itertuples(index=False)}
    row = rows.get(district)
    if row is not None:
        status, first_submitted = row.status, row.first_submitted
        covered, hamlets = int(row.hamlets_covered), int(row.hamlets)
    return (
        status,
        labels.district_status_line(status, first_submitted, result.deadline),
        f"Ấp/khóm có tổ: {covered}/{hamlets}",
    )


_HEADER_ROW = 3  # under the status line, the coverage line and a blank line


def _write_district(
    result: RunResult, case: DistrictCase, tables: tuple[Table, Table], rows: dict, fix: bool, path: Path
) -> None:
    """Writes one district's feedback workbook: the letter, its status and Lỗi cần sửa, Ấp chưa có tổ,
    then Tổ chưa đủ thành phần."""
    district = case.district
    page_header = f"{labels.FEEDBACK_TITLE} - {district}"
    note = "" if fix else labels.NOTHING_TO_FIX
    issues, gaps = tables
    with atomic_path(path) as temporary:
        workbook, formats = new_workbook(temporary, page_header, result.as_of)
        write_letter(workbook, formats, result, case)
        sheet = write_table(workbook, formats, labels.SHEET_ISSUES, issues, page_header, _HEADER_ROW, note)
        status, status_line, coverage_line = district_status(result, district, rows)
        last_col = len(issues.columns) - 1
        sheet.merge_range(
            0,
            0,
            0,
            last_col,
            status_line,
            formats.get(STATUS_LEVEL[SubmissionStatus(status)], bold=True),
        )
        sheet.merge_range(1, 0, 1, last_col, coverage_line, formats.get("label"))
        write_table(workbook, formats, labels.SHEET_GAPS, gaps, page_header)
        teams = team_table(case.issues)
        teams_note = "" if teams.records else "Các tổ đều đủ thành phần."
        write_table(workbook, formats, SHEET_TEAMS, teams, page_header, note=teams_note)
        workbook.close()
