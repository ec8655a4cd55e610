"""The figures of a run, computed once: what every output shows (CLI, summary.json, the workbook)."""

from __future__ import annotations

import pandas as pd

from .coverage import Coverage
from .model import FileStatus, Issue, Outcome, Severity, SourceFile, SubmissionStatus, Totals


def is_to_fix(issue: Issue) -> bool:
    """True for a problem a district must fix (an error or a warning); an info is a repair already made.

    Every such issue is a line of Lỗi cần sửa, so the counts of the totals are the lines an officer sees.
    """
    return issue.severity in (Severity.ERROR, Severity.WARNING)


def compute_totals(
    files: list[SourceFile],
    rows: pd.DataFrame,
    coverage: Coverage,
    issues: list[Issue],
    has_districts: bool,
) -> Totals:
    """Returns every figure of the run from its files, settled rows, coverage and issues."""
    outcomes = rows["outcome"].value_counts()
    accepted = rows[rows["outcome"].eq(Outcome.ACCEPTED)]
    severities = pd.Series([str(issue.severity) for issue in issues], dtype=object).value_counts()
    districts = coverage.districts
    return Totals(
        files=len(files),
        files_processed=sum(file.status is FileStatus.PROCESSED for file in files),
        districts=len(districts),
        districts_submitted=int(districts["status"].ne(SubmissionStatus.MISSING).sum()),
        communes=len(coverage.communes),
        communes_submitted=int(coverage.communes["submitted"].sum()),
        hamlets=len(coverage.hamlets),
        hamlets_covered=int(coverage.hamlets["covered"].sum()),
        teams=len(coverage.teams),
        members=len(accepted),
        # people whose commune could not be told between districts (a registry with districts only)
        members_without_district=int(accepted["district"].eq("").sum()) if has_districts else 0,
        teams_without_district=int(coverage.teams["district"].eq("").sum()) if has_districts else 0,
        rows_read=len(rows),
        rows_accepted=int(outcomes.get(Outcome.ACCEPTED, 0)),
        rows_rejected=int(outcomes.get(Outcome.REJECTED, 0)),
        rows_merged=int(outcomes.get(Outcome.MERGED, 0)),
        rows_superseded=int(outcomes.get(Outcome.SUPERSEDED, 0)),
        errors=int(severities.get(Severity.ERROR, 0)),
        warnings=int(severities.get(Severity.WARNING, 0)),
        infos=int(severities.get(Severity.INFO, 0)),
    )
