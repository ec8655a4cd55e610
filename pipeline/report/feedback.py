"""phan-hoi/<district-slug>.xlsx: for each district, its errors to fix and its hamlets without a team."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..text import fold
from . import labels
from .atomic import atomic_path
from .workbook_coverage import gap_table
from .workbook_layout import new_workbook, write_table
from .workbook_tables import issue_table

if TYPE_CHECKING:
    from ..consolidate import RunResult


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


def districts_with_feedback(result: RunResult) -> list[str]:
    """Returns, in registry order, the districts with an issue in their files or a hamlet without a team."""
    hamlets = result.coverage.hamlets
    with_gaps = set(hamlets.loc[~hamlets["covered"].astype(bool), "district"])
    district_of_file = result.file_districts
    with_issues = {district_of_file.get(issue.file, "") for issue in result.issues}
    registry_order = list(dict.fromkeys([*result.coverage.districts["name"], *hamlets["district"]]))
    # A district outside the registry cannot own a file's rows; "" means no district level or unknown.
    return [district for district in registry_order if district and district in with_gaps | with_issues]


def write_feedback(result: RunResult, folder: Path) -> list[Path]:
    """Writes one workbook per district with issues or gaps; returns their paths in registry order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    all_districts = list(dict.fromkeys(result.coverage.districts["name"]))
    slugs = district_slugs([district for district in all_districts if district])
    written = []
    for district in districts_with_feedback(result):
        path = folder / f"{slugs.get(district, district_slug(district))}.xlsx"
        _write_district(result, district, path)
        written.append(path)
    _remove_stale(folder, set(slugs.values()), written)
    return written


def _write_district(result: RunResult, district: str, path: Path) -> None:
    """Writes one district's feedback workbook: Lỗi cần sửa, then Ấp chưa có tổ."""
    page_header = f"{labels.FEEDBACK_TITLE} - {district}"
    with atomic_path(path) as temporary:
        workbook, formats = new_workbook(temporary, page_header, result.as_of)
        write_table(workbook, formats, labels.SHEET_ISSUES, issue_table(result, district), page_header)
        write_table(workbook, formats, labels.SHEET_GAPS, gap_table(result, district), page_header)
        workbook.close()


def _remove_stale(folder: Path, district_stems: set[str], written: list[Path]) -> None:
    """Removes last run's feedback of districts that now have nothing to fix, and nothing else."""
    kept = {path.name for path in written}
    for stem in district_stems:
        stale = folder / f"{stem}.xlsx"
        if stale.name not in kept:
            stale.unlink(missing_ok=True)
