"""The whole run, top to bottom: read, normalise, place, validate (check_rows), then settle and cover."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd

from .arrivals import Arrivals
from .coverage import compute_coverage
from .ingest import read_inbox
from .merge import (
    check_every_row_accounted,
    file_accounting,
    settle_rows,
    standing_issues,
    submission_order,
    superseded_files,
)
from .model import FileStatus, Issue, Outcome, RunResult, SourceFile
from .normalise import normalise_rows
from .places import Registry, index_of, resolve_places
from .places.files import district_of_each_file
from .places.resolve import unfilled_columns
from .timing import stage
from .totals import compute_totals
from .validate import check_settled, counted_issues, member_issues, row_flags

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckedRows:
    """Files read and their rows normalised, placed and validated; nothing settled or counted yet."""

    files: list[SourceFile]
    rows: pd.DataFrame  # the reader's columns, the canonical ones and the places
    issues: list[Issue]  # the reader's, placing's and each member row's
    file_districts: dict[str, str]  # the district each file belongs to ("" when unknown)


def check_rows(
    inbox: Path,
    registry: Registry,
    paths: list[Path] | None = None,
    on_file_done: Callable[[], None] | None = None,
    left_out: tuple[Path, ...] = (),
    started: float | None = None,
    read_before: Collection[str] = (),
) -> CheckedRows:
    """Returns the files of the inbox (or only `paths` in it, never those under the folders `left_out`)
    read, normalised, placed and validated; files modified within a minute of `started` are not read."""
    with stage("read"):
        ingested = read_inbox(
            inbox,
            paths=paths,
            on_file_done=on_file_done,
            left_out=left_out,
            started=started,
            read_before=read_before,
        )
    files = list(ingested.files)
    log.info("read %d files, %d data rows", len(files), len(ingested.rows))
    copies: dict[str, list[str]] = {}
    for file in files:
        if file.duplicate_of:
            copies.setdefault(file.duplicate_of, []).append(file.path)
    with stage("normalise"):
        normalised = normalise_rows(ingested.rows.reset_index(drop=True))
    with stage("place"):
        index = index_of(registry)
        placed = resolve_places(normalised, index, copies)
    with stage("validate"):
        issues = [
            *unfilled_columns(ingested.issues, placed.rows),
            *placed.issues,
            *member_issues(placed.rows),
        ]
        paths_read = [file.path for file in files]
        districts = district_of_each_file(index, paths_read, placed.rows, copies)
    return CheckedRows(files, placed.rows, issues, districts)


def consolidate(
    inbox: Path,
    registry: Registry,
    deadline: date,
    as_of: date,
    on_file_done: Callable[[], None] | None = None,
    left_out: tuple[Path, ...] = (),
    arrivals: Arrivals | None = None,
    started: float | None = None,
) -> RunResult:
    """Returns the consolidated result of every file in the inbox but the folders `left_out` (reads the
    inbox, writes nothing). `arrivals` is the nightly state's memory (none: files count from their
    modification time); `started`, the POSIX time the run started (files modified within a minute of it
    are still being copied and not read)."""
    arrivals = arrivals or Arrivals()
    checked = check_rows(
        inbox,
        registry,
        on_file_done=on_file_done,
        left_out=left_out,
        started=started,
        read_before=arrivals.paths,
    )
    files = [replace(file, first_seen=arrivals.first_seen(file, as_of)) for file in checked.files]
    processed = [file for file in files if file.status is FileStatus.PROCESSED]
    with stage("settle"):
        settled = settle_rows(checked.rows, checked.issues, submission_order(processed))
        accepted = settled.rows[settled.rows["outcome"].eq(Outcome.ACCEPTED)]
        issues = standing_issues(checked.issues, settled.rows) + counted_issues(accepted)
    with stage("contract"):
        rows = check_settled(settled.rows.assign(flags=row_flags(settled.rows, issues)))
    with stage("coverage"):
        result = assemble_result(
            as_of, deadline, registry, files, rows, settled.duplicates, issues, checked.file_districts
        )
        check_every_row_accounted(checked.files, result.accounting)
    return result


def assemble_result(
    as_of: date,
    deadline: date,
    registry: Registry,
    files: list[SourceFile],
    rows: pd.DataFrame,
    duplicates: pd.DataFrame,
    issues: list[Issue],
    file_districts: dict[str, str],
) -> RunResult:
    """Returns the run's result from its settled rows: coverage, accounting, file notes and the totals."""
    first_seen = {file.path: file.arrived for file in files}
    coverage = compute_coverage(registry.table, rows, first_seen, deadline)
    files, supersession_notes = superseded_files(files, rows)
    issues = sorted_issues(issues + supersession_notes)
    return RunResult(
        as_of=as_of,
        deadline=deadline,
        registry=registry,
        files=files,
        rows=rows,
        duplicates=duplicates,
        issues=issues,
        coverage=coverage,
        accounting=file_accounting(rows),
        file_districts=file_districts,
        totals=compute_totals(files, rows, coverage, issues, registry.has_districts),
    )


def sorted_issues(issues: list[Issue]) -> list[Issue]:
    """Returns the issues by file, sheet, row, column and code: the order every output lists them in."""
    return sorted(
        issues, key=lambda issue: (issue.file, issue.sheet, issue.row or 0, issue.column, issue.code)
    )
