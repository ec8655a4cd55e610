"""The data passed between the stages: issues, source files and their statuses."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the row is not counted
    WARNING = "warning"  # the row is counted and listed to fix
    INFO = "info"  # a repair that was made


class FileStatus(StrEnum):
    PROCESSED = "processed"
    DUPLICATE = "duplicate"  # same SHA-256 as a file already read
    SUPERSEDED = "superseded"  # every commune in it was replaced by a newer submission
    UNREADABLE = "unreadable"
    NO_TABLE = "no_table"
    SKIPPED = "skipped"  # not a spreadsheet (lock file, document, image ...)


@dataclass(frozen=True)
class Issue:
    """One problem found in the input, located where the district officer must look."""

    code: str
    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
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
