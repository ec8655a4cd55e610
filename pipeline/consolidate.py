"""The whole run, top to bottom: read, normalise, place, validate, settle, cover."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePosixPath

import pandas as pd

from .codes import make_issue
from .coverage import Coverage, compute_coverage
from .ingest.inbox import read_inbox
from .merge import ACCEPTED, MERGED, SUPERSEDED, file_accounting, settle_rows, submission_order
from .model import FileStatus, Issue, SourceFile
from .normalise import normalise_rows
from .places.index import PlaceIndex
from .places.registry import Registry
from .places.resolve import file_district, resolve_places
from .text import fold
from .validate import member_issues, team_issues

log = logging.getLogger(__name__)
_PERSON_COLUMNS = {"name", "role", "phone"}  # issues about one person's cells, not about their team


@dataclass(frozen=True)
class RunResult:
    as_of: date
    deadline: date
    registry: Registry
    files: list[SourceFile]
    rows: pd.DataFrame  # every data row read, with its outcome
    duplicates: pd.DataFrame  # merged_row, kept_row: indexes into rows
    issues: list[Issue]
    coverage: Coverage
    accounting: pd.DataFrame  # per source file: read, accepted, rejected, merged, superseded
    file_districts: dict[str, str]  # the district each file belongs to ("" when unknown)


def consolidate(
    inbox: Path,
    registry: Registry,
    deadline: date,
    as_of: date,
    on_file_done: Callable[[], None] | None = None,
) -> RunResult:
    """Returns the consolidated result of every file in the inbox (reads the inbox, writes nothing)."""
    ingested = read_inbox(inbox, on_file_done=on_file_done)
    files = list(ingested.files)
    raw_rows = ingested.rows.reset_index(drop=True)
    log.info("read %d files, %d data rows", len(files), len(raw_rows))

    rows = normalise_rows(raw_rows)
    index = PlaceIndex(registry)
    copies: dict[str, list[str]] = {}
    for file in files:
        if file.duplicate_of:
            copies.setdefault(file.duplicate_of, []).append(file.path)
    placed = resolve_places(rows, index, copies)
    rows = placed.rows
    issues = [
        *_unfilled_columns(ingested.issues, rows),
        *placed.issues,
        *member_issues(rows),
    ]
    order = submission_order([file for file in files if file.status is FileStatus.PROCESSED])
    settled = settle_rows(rows, issues, order)
    rows = settled.rows

    # A replaced row's issues are moot; a merged row's own cells are too, but a commune's or team's warning
    # that happens to sit on it still speaks for the rows that were kept.
    superseded, merged = (_locations(rows[rows["outcome"].eq(outcome)]) for outcome in (SUPERSEDED, MERGED))
    issues = [
        issue
        for issue in issues
        if (location := (issue.file, issue.sheet, issue.row)) not in superseded
        and not (location in merged and issue.column in _PERSON_COLUMNS)
    ]
    accepted = rows[rows["outcome"].eq(ACCEPTED)]
    issues += team_issues(accepted[accepted["hamlet_team"]], ["team_key"]) + _shared_phone_issues(accepted)

    rows = rows.assign(flags=_row_flags(rows, issues))
    first_seen = {file.path: file.modified for file in files}
    coverage = compute_coverage(registry.table, rows, first_seen, deadline)
    accounting = file_accounting(rows)
    _check_every_row_accounted(files, accounting)
    files, superseded_notes = _superseded_files(files, rows)
    issues += superseded_notes
    titles = rows.groupby("source_file")["title_text"].first().to_dict() if not rows.empty else {}
    hints = {
        file.path: file_district(index, file.path, titles.get(file.path, ""), copies.get(file.path, ())) or ""
        for file in files
    }
    return RunResult(
        as_of,
        deadline,
        registry,
        files,
        rows,
        settled.duplicates,
        _sorted(issues),
        coverage,
        accounting,
        districts_of_files(rows, hints),
    )


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


def _unfilled_columns(issues: tuple[Issue, ...], rows: pd.DataFrame) -> list[Issue]:
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
        for column, resolved in (("commune", "commune"), ("team", "team_name"))
    }
    return [
        issue
        for issue in issues
        if not (
            issue.code == "column_missing" and (issue.file, issue.sheet) in supplied.get(issue.column, set())
        )
    ]


def _shared_phone_issues(accepted: pd.DataFrame) -> list[Issue]:
    """Returns a warning on every row whose phone also belongs to another person or another team.

    The message names the other listings, so that the district does not have to hunt for them.
    """
    with_phone = accepted[accepted["phone"].ne("")]
    spread = with_phone.groupby("phone")[["name_key", "team_key"]].transform("nunique")
    shared = with_phone[spread["name_key"].gt(1) | spread["team_key"].gt(1)]
    listing = (
        shared["name"]
        + " ("
        + shared["team_name"]
        + ", "
        + shared["source_file"]
        + " dòng "
        + shared["source_row"].astype(str)
        + ")"
    )
    issues = []
    for _, group in shared.assign(listing=listing).groupby("phone", sort=False):
        first_listings, count = (
            list(group["listing"].iloc[:4]),
            len(group),
        )  # linear, even for one office phone
        for row in group.itertuples(index=False):
            others = [other for other in first_listings if other != row.listing][:3]
            rest = count - 1 - len(others)
            shown = "; ".join(others) + (f" và {rest} nơi khác" if rest > 0 else "")
            issues.append(
                make_issue(
                    "phone_shared",
                    value=row.phone_raw,
                    detail=f"{row.phone_national} cũng được ghi cho {shown}",
                    file=row.source_file,
                    sheet=row.source_sheet,
                    row=int(row.source_row),
                    column="phone",
                )
            )
    return issues


def _row_flags(rows: pd.DataFrame, issues: list[Issue]) -> pd.Series:
    """Returns the ';'-joined warning and info codes of each row."""
    codes: dict[tuple, list[str]] = {}
    for issue in issues:
        if issue.row is not None and issue.severity != "error":
            codes.setdefault((issue.file, issue.sheet, issue.row), []).append(issue.code)
    keys = zip(rows["source_file"], rows["source_sheet"], rows["source_row"], strict=True)
    return pd.Series([";".join(dict.fromkeys(codes.get(key, []))) for key in keys], index=rows.index)


def _superseded_files(files: list[SourceFile], rows: pd.DataFrame) -> tuple[list[SourceFile], list[Issue]]:
    """Returns the files marked where a later submission replaced their rows, and an issue for each.

    A file whose every row was replaced becomes `superseded`; one replaced in part stays `processed` with
    a note naming the communes and the later files.
    """
    replaced = rows[rows["outcome"].eq(SUPERSEDED)]
    read_per_file = rows["source_file"].value_counts()
    place = replaced["commune"].where(replaced["commune"].ne(""), replaced["commune_text"])
    by_file = {
        path: (
            ", ".join(sorted(set(group["superseded_by"]))),
            ", ".join(sorted(set(place[group.index]))),
            len(group),
        )
        for path, group in replaced.groupby("source_file")
    }
    result, issues = [], []
    for file in files:
        if file.status is not FileStatus.PROCESSED or file.path not in by_file:
            result.append(file)
            continue
        newer, communes, count = by_file[file.path]
        whole = count == read_per_file[file.path]
        issue = make_issue(
            "file_superseded", value="cả tệp này" if whole else communes, detail=newer, file=file.path
        )
        status = FileStatus.SUPERSEDED if whole else file.status
        result.append(replace(file, status=status, message=issue.message))
        issues.append(issue)
        # Copied without keeping dates, a "(sửa lần 2)" file can look older than the list it corrects.
        if _names_a_correction(file.path) and not any(
            _names_a_correction(path) for path in newer.split(", ")
        ):
            issues.append(make_issue("file_correction_older", value=file.path, detail=newer, file=file.path))
    return result, issues


_CORRECTION = re.compile(r"\b(?:sua|bo sung|dieu chinh|cap nhat|lan [2-9])\b")


def _names_a_correction(path: str) -> bool:
    """True when a file's name says it corrects an earlier list: "(sửa lần 2)", "bổ sung", "điều chỉnh"."""
    return bool(_CORRECTION.search(fold(PurePosixPath(path).stem)))


class AccountingError(AssertionError):
    """A data row the reader read did not end in exactly one outcome: a bug, never bad data."""


def _check_every_row_accounted(files: list[SourceFile], accounting: pd.DataFrame) -> None:
    """Raises AccountingError unless each file's outcomes add up to the rows its sheets held."""
    for file in files:
        read = sum(sheet.rows for sheet in file.sheets if sheet.has_table)
        settled = int(accounting.loc[file.path, "read"]) if file.path in accounting.index else 0
        if file.status is not FileStatus.DUPLICATE and read != settled:
            raise AccountingError(f"{file.path}: the reader read {read} rows, {settled} were settled")


def _locations(rows: pd.DataFrame) -> set[tuple]:
    return set(zip(rows["source_file"], rows["source_sheet"], rows["source_row"], strict=True))


def _sorted(issues: list[Issue]) -> list[Issue]:
    return sorted(
        issues, key=lambda issue: (issue.file, issue.sheet, issue.row or 0, issue.column, issue.code)
    )
