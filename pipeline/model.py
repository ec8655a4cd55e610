"""The data passed between the stages: raw rows, issues, source files, outcomes, totals and the run.

The row contract: the reader's columns (RawRow) hold what was typed and are never overwritten; each
later stage adds columns of its own (see schemas.settled.SettledRow for the rows a run returns).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pandas as pd

    from .coverage import Coverage
    from .places.registry import Registry
    from .progress import Progress


class Severity(StrEnum):
    ERROR = "error"  # the row is not counted
    WARNING = "warning"  # the row is counted and listed to fix
    INFO = "info"  # a repair that was made


class Outcome(StrEnum):
    """What became of one data row (SPEC §8): exactly one of these."""

    ACCEPTED = "accepted"  # in danh-sach.csv
    REJECTED = "rejected"  # an error names it
    MERGED = "merged"  # a repeat of an accepted row (Trùng lặp names both)
    SUPERSEDED = "superseded"  # a later submission replaced its commune


class SubmissionStatus(StrEnum):
    """Whether a district (or, without districts, a commune) sent its list in time."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"


class CommuneState(StrEnum):
    """A commune's state: no counted row yet, some hamlets still without a team, every hamlet covered."""

    NOT_SUBMITTED = "not_submitted"
    PARTIAL = "partial"
    COMPLETE = "complete"


class FileStatus(StrEnum):
    PROCESSED = "processed"
    DUPLICATE = "duplicate"  # same SHA-256 as a file already read
    SUPERSEDED = "superseded"  # every commune in it was replaced by a newer submission
    UNREADABLE = "unreadable"
    NO_TABLE = "no_table"
    SKIPPED = "skipped"  # not a spreadsheet (lock file, document, image ...)


class RawRow(NamedTuple):
    """One data row of a Mẫu 2 table as the reader read it: where it is and what was typed there."""

    source_file: str  # relative to the inbox, with forward slashes
    source_sheet: str
    source_row: int  # 1-based, as Excel shows it
    commune_text: str  # clean text, carried down from the rows above
    team_text: str
    hamlet_text: str
    name_text: str
    role_text: str
    phone_cell: object  # the raw cell: str, int, float, or None when empty
    title_text: str  # the rows above the table, joined
    # The Excel column letter of each field in the row's table ("" when the table has no such column).
    commune_letter: str = ""
    team_letter: str = ""
    hamlet_letter: str = ""
    name_letter: str = ""
    role_letter: str = ""
    phone_letter: str = ""


RAW_COLUMNS = list(RawRow._fields)


@dataclass(frozen=True)
class Issue:
    """One problem found in the input, located where the district officer must look."""

    code: str
    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None  # the Excel row
    column: str = ""  # the Mẫu 2 field: name, role, phone, commune, team, hamlet
    value: str = ""
    column_letter: str = ""  # the Excel column of that field in the row's table, "" when unknown

    @property
    def cell(self) -> str:
        """Returns the cell as Excel names it ("F37"), or "" when the issue is not about one cell."""
        return f"{self.column_letter}{self.row}" if self.column_letter and self.row else ""

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell or None,
            "value": self.value,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
        }


@dataclass(frozen=True)
class SheetReport:
    """What the reader found in one sheet."""

    name: str
    has_table: bool
    rows: int = 0
    note: str = ""


@dataclass(frozen=True)
class SourceFile:
    """One file found in the inbox and what became of it when it was read."""

    path: str  # relative to the inbox, with forward slashes
    sha256: str
    size: int
    modified: float  # POSIX time of last modification
    status: FileStatus
    message: str | None = None
    file_format: str = ""
    sheets: tuple[SheetReport, ...] = field(default_factory=tuple)
    duplicate_of: str | None = None  # for a duplicate: the path of the identical file that was read
    first_seen: float | None = None  # POSIX time it counts as sent from (pipeline.arrivals); None: modified

    @property
    def arrived(self) -> float:
        """Returns the POSIX time the file counts as sent from: its first-seen time, else its modification."""
        return self.modified if self.first_seen is None else self.first_seen


@dataclass(frozen=True)
class Totals:
    """Every figure of a run, computed once; the CLI, summary.json and the workbook only format it."""

    files: int
    files_processed: int
    districts: int  # in the registry (0 without districts)
    districts_submitted: int
    communes: int
    communes_submitted: int
    hamlets: int
    hamlets_covered: int
    teams: int  # hamlet teams with at least one accepted member
    members: int  # accepted people: the rows of danh-sach.csv
    members_without_district: int  # accepted people whose commune could not be told between districts
    teams_without_district: int
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    rows_merged: int
    rows_superseded: int
    errors: int  # problems to fix: every error
    warnings: int  # problems to fix: warnings of counted rows and of files
    infos: int  # repairs made, nothing to fix

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class RunResult:
    """What a run found: the inputs' fate, the settled rows, the issues, the coverage and the totals."""

    as_of: date
    deadline: date
    registry: Registry
    files: list[SourceFile]
    rows: pd.DataFrame  # every data row read, settled (schemas.settled.SettledRow)
    duplicates: pd.DataFrame  # merged_row, kept_row: indexes into rows
    issues: list[Issue]
    coverage: Coverage
    accounting: pd.DataFrame  # per source file: read and each outcome
    file_districts: dict[str, str]  # the district each file belongs to ("" when unknown)
    totals: Totals
    progress: Progress | None = None  # history and changes from the nightly state; None: no state
    generated_at: datetime | None = None  # when the run wrote its outputs; None: not a run
