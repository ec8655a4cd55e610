"""The inbox's rules for its files, shared by the walk (ingest.inbox), the workers and the reader: how
a file is named and fingerprinted, which files are not opened at all, and the result of a file refused.

Everything here is plain picklable data or works on paths only; it opens no spreadsheet.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from ..codes import make_issue
from ..model import FileStatus, Issue, RawRow, SourceFile

_PROBLEM_STATUS = {  # a refused file's status by its issue code; any other code: unreadable
    "file_skipped": FileStatus.SKIPPED,
    "file_link_outside": FileStatus.SKIPPED,
    "file_duplicate": FileStatus.DUPLICATE,
}


@dataclass(frozen=True)
class FileResult:
    """One file read: what it is, its data rows (RawRow records) and its issues."""

    source: SourceFile
    rows: list[RawRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def relative_name(path: Path, inbox: Path) -> str:
    """Returns the path relative to the inbox with forward slashes, as the name every output shows."""
    return shown_name(Path(os.path.relpath(path, inbox)).as_posix())


def shown_name(name: str) -> str:
    """Returns a file system name as text that can be written anywhere: bytes that are not UTF-8 (a name
    made on Windows-1258, say) and control or format characters become U+FFFD; the real path, kept apart,
    is what opens the file."""
    shown = os.fsencode(name).decode("utf-8", "replace")
    if shown.isprintable():
        return shown
    # A newline, ESC or bidi override in a name would leak into every output that shows it.
    return "".join("\ufffd" if unicodedata.category(char) in ("Cc", "Cf") else char for char in shown)


def distinct_names(paths: list[Path], inbox: Path) -> dict[Path, str]:
    """Returns each path's shown name, made distinct where two names are shown alike (they differ only in
    bytes that are not UTF-8): the later one, by its real path, gets " (2)", " (3)"... before its suffix."""
    names: dict[Path, str] = {}
    taken: set[str] = set()
    for path in sorted(paths, key=lambda path: (relative_name(path, inbox), path)):
        name = shown = PurePosixPath(relative_name(path, inbox))
        number = 1
        while str(name) in taken:
            number += 1
            name = shown.with_name(f"{shown.stem} ({number}){shown.suffix}")
        taken.add(str(name))
        names[path] = str(name)
    return names


def renamed(result: FileResult, name: str) -> FileResult:
    """Returns the result of a file shown under another name: its source, rows and issues all name it."""
    if name == result.source.path:
        return result
    return FileResult(
        replace(result.source, path=name),
        [row._replace(source_file=name) for row in result.rows],
        [replace(issue, file=name) for issue in result.issues],
    )


def skip_reason(path: Path, inbox: Path) -> tuple[str, str] | None:
    """Returns (issue code, detail) when the file must not be opened at all, judged by its name and link."""
    if path.name.startswith("~$"):
        return "file_skipped", "tệp khóa tạm do Office tạo khi tệp đang mở"
    if path.name.startswith("."):
        return "file_skipped", "tệp ẩn (tên bắt đầu bằng dấu chấm)"
    if path.is_symlink():
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # a loop of links
            return "file_skipped", "liên kết hỏng (vòng lặp liên kết)"
        if not target.is_relative_to(inbox.resolve()):
            return "file_link_outside", shown_name(str(target))
    if not path.is_file():
        return "file_skipped", "không phải tệp thông thường (liên kết hỏng, thư mục hoặc thiết bị)"
    return None


SETTLING_SECONDS = 60  # a file modified more recently than this before the run may still be copying


def still_copying(path: Path, started: float | None) -> tuple[str, str] | None:
    """Returns (file_incomplete, detail) when the file was modified less than a minute before the run
    started (None without a start time): it is left for a later run, which reads it whole."""
    if started is None:
        return None
    try:
        modified = path.stat().st_mtime
    except OSError:
        return None
    if modified <= started - SETTLING_SECONDS:
        return None
    return "file_incomplete", ""  # its message says it: not copied whole yet, a later run reads it


def refused(path: Path, inbox: Path, code: str, detail: str = "", sha256: str = "") -> FileResult:
    """Returns the result of a file that is not read, with the issue that says why."""
    name = relative_name(path, inbox)
    issue = make_issue(code, detail=detail, file=name)
    try:
        stat = path.stat()
        size, modified = stat.st_size, stat.st_mtime
    except OSError:
        size, modified = 0, 0.0
    status = _PROBLEM_STATUS.get(code, FileStatus.UNREADABLE)
    source = SourceFile(name, sha256, size, modified, status, message=issue.message)
    return FileResult(source, [], [issue])


def file_sha256(path: Path) -> str:
    """Returns the SHA-256 of the file read in blocks, or "" when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()
