"""Inbox -> raw Mẫu 2 rows with their provenance (file, sheet, Excel row), and what became of each file.

The only stage that touches input files. Each file is parsed in an isolated worker process (see
ingest.worker) with limits on size, rows, time and memory, so that no file can take the run down.

Row semantics (one row per DATA row of a Mẫu 2 table):
- source_file: the path relative to the inbox, with forward slashes, as shown (bytes of a name that are
  not UTF-8 become U+FFFD; two names then shown alike are told apart by " (2)" before the suffix);
- source_sheet: the sheet name; for CSV and HTML files the file name without its extension, which is
  the sheet name Excel shows when it opens such a file;
- source_row: the 1-based row number Excel shows (for CSV: the record number, the header line counted);
- commune, team, hamlet, name, role: clean NFC text, repaired from legacy encodings, "" when empty; a name
  split over two columns ("Họ và tên đệm" | "Tên") is joined;
  commune, team and hamlet carried down from the rows above within one table (a new commune resets the
  team and hamlet, a new team the hamlet; a new table starts with none);
- section rows are context, not data rows: a row of a table with no role and no phone whose text (in
  the TT column, the first columns up to the name, or the commune/team columns), after a leading
  numbering ("I.", "1)", "a)", "-"), opens with a commune word (xã, phường, thị trấn, TT, P.1, UBND xã)
  sets the commune ("I. XÃ LONG ĐỨC" -> "XÃ LONG ĐỨC"), or with a team word (ấp, khóm, tổ công nghệ
  số, tổ CNSCĐ, tổ CNS, tổ số N) sets the team; a value typed in the commune/team columns of a data
  row still wins for that row and carries down;
- phone: the raw cell value (str for a text cell, float/int for a number cell, None when empty);
- title_text: the text of the rows above the table (title, commune, date), joined.
Hidden and very hidden sheets are not read (a sheet_hidden info each). Hidden folders (name starting
with ".") are not walked, nor the folders left out (the outbox, when it lies inside the inbox); links to
folders are not followed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from ..model import RAW_COLUMNS, Issue, RawRow, SourceFile
from ..timing import advance
from .file import ReadLimits, read_one_file
from .formats import named_as_spreadsheet
from .rules import (
    FileResult,
    distinct_names,
    file_sha256,
    refused,
    relative_name,
    renamed,
    skip_reason,
    still_copying,
)
from .worker import read_isolated

INBOX_README = "README.md"

__all__ = ["RAW_COLUMNS", "IngestResult", "ReadLimits", "read_file", "read_inbox", "rows_frame"]


@dataclass(frozen=True)
class IngestResult:
    files: tuple[SourceFile, ...]  # every file found under the inbox, in sorted path order
    rows: pd.DataFrame  # RAW_COLUMNS, one row per data row
    issues: tuple[Issue, ...]  # file and sheet issues, text_legacy_encoding infos


def read_inbox(
    inbox: Path,
    *,
    paths: list[Path] | None = None,
    limits: ReadLimits | None = None,
    workers: int = 2,
    on_file_done: Callable[[], None] | None = None,
    left_out: tuple[Path, ...] = (),
    started: float | None = None,
    read_before: Collection[str] = (),
) -> IngestResult:
    """Returns every file under the inbox (or only `paths` in it), the data rows read from them and the
    issues met on the way.

    A file identical (SHA-256) to an earlier one is not parsed: it is reported as a duplicate of it.
    `workers=0` parses in this process (no isolation; for debugging only). `on_file_done` is called once
    per file, for a progress bar. The folders `left_out` (the outbox) are not walked wherever they lie.
    With `started` (the POSIX time the run started), a file modified less than a minute before it is
    still being copied: it is reported file_incomplete and not read, so that a later run reads it whole.
    Of identical copies, the one at a path in `read_before` (an earlier night's) is read.
    """
    inbox = Path(inbox)
    limits = limits or ReadLimits()
    results: dict[Path, FileResult] = {}
    candidates = []
    chosen = None if paths is None else {Path(path).absolute() for path in paths}
    for path in _inbox_files(inbox, left_out):
        if chosen is not None and path.absolute() not in chosen:
            continue
        reason = skip_reason(path, inbox) or still_copying(path, started)
        if reason:
            results[path] = refused(path, inbox, *reason)
        else:
            candidates.append(path)
    to_parse, duplicates = _split_duplicates(candidates, inbox, frozenset(read_before))
    results.update(duplicates)
    total, finished = len(results) + len(to_parse), 0

    def done(_path: Path) -> None:
        nonlocal finished
        finished += 1
        advance("read", finished, total)
        if on_file_done:
            on_file_done()

    for path in results:
        done(path)  # skipped and duplicate files are done already
    if workers > 0:
        results.update(read_isolated(to_parse, inbox, limits, workers, done))
    else:
        for path in to_parse:
            results[path] = _read_guarded(path, inbox, limits)
            done(path)
    names = distinct_names(list(results), inbox)
    ordered = [renamed(results[path], name) for path, name in sorted(names.items(), key=lambda item: item[1])]
    return IngestResult(
        files=tuple(result.source for result in ordered),
        rows=rows_frame([row for result in ordered for row in result.rows]),
        issues=tuple(issue for result in ordered for issue in result.issues),
    )


def read_file(
    path: Path, inbox: Path, limits: ReadLimits | None = None
) -> tuple[SourceFile, pd.DataFrame, list[Issue]]:
    """Returns one file read in this process: its SourceFile, its data rows and its issues."""
    result = _read_guarded(Path(path), Path(inbox), limits or ReadLimits())
    return result.source, rows_frame(result.rows), list(result.issues)


def _split_duplicates(
    paths: list[Path], inbox: Path, read_before: frozenset[str]
) -> tuple[list[Path], dict[Path, FileResult]]:
    """Returns the files to parse, and a duplicate result for each later copy of an identical file.

    The copy read is a real file rather than a link to it, then the one an earlier night read, then the
    first submitted, then by name.
    """
    originals: dict[str, Path] = {}  # by content and by whether the name says spreadsheet
    duplicates: dict[Path, FileResult] = {}

    def preference(path: Path) -> tuple:
        name = relative_name(path, inbox)
        return path.is_symlink(), name not in read_before, _modified(path), name

    for path in sorted(paths, key=preference):
        digest = file_sha256(path)
        # The same bytes named .docx and .xlsx are two verdicts (a document skipped, a list that failed).
        key = f"{digest}|{named_as_spreadsheet(path.suffix)}"
        original = originals.setdefault(key, path) if digest else path
        if original != path:
            result = refused(path, inbox, "file_duplicate", relative_name(original, inbox), digest)
            source = replace(result.source, duplicate_of=relative_name(original, inbox))
            duplicates[path] = replace(result, source=source)
    return [path for path in paths if path not in duplicates], duplicates


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _read_guarded(path: Path, inbox: Path, limits: ReadLimits) -> FileResult:
    try:
        return read_one_file(path, inbox, limits)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - a reader panic (pyo3 PanicException) is a BaseException
        return refused(path, inbox, "file_unreadable", "trình đọc gặp lỗi không xử lý được")


def _inbox_files(inbox: Path, left_out: tuple[Path, ...]) -> list[Path]:
    """Returns the files under the inbox, and the links to folders outside it (reported, not followed);
    the folders left out, and links into them, are compared by their resolved paths, however named."""
    found = []
    resolved_inbox = inbox.resolve()
    resolved_left_out = tuple(folder.resolve() for folder in left_out)
    for directory, folders, files in os.walk(inbox):
        base = Path(directory)
        for folder in list(folders):
            link = base / folder
            if link.is_symlink() and not _resolves_inside(link, resolved_inbox):
                found.append(link)
        folders[:] = [
            folder
            for folder in folders
            if not folder.startswith(".") and not _resolves_into(base / folder, resolved_left_out)
        ]
        found.extend(
            base / name
            for name in files
            if not ((base / name).is_symlink() and _resolves_into(base / name, resolved_left_out))
        )
    # The inbox's own README (it keeps the empty folder in git) is not a submission.
    return [path for path in found if path != inbox / INBOX_README]


def _resolves_inside(link: Path, resolved_inbox: Path) -> bool:
    try:
        return link.resolve().is_relative_to(resolved_inbox)
    except (OSError, RuntimeError):  # a loop of links
        return False


def _resolves_into(path: Path, resolved_folders: tuple[Path, ...]) -> bool:
    if not resolved_folders:
        return False
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a loop of links: never one of the folders left out
        return False
    return any(resolved.is_relative_to(folder) for folder in resolved_folders)


def rows_frame(rows: list[RawRow]) -> pd.DataFrame:
    """Returns reader rows as the pipeline takes them: RAW_COLUMNS, cells as objects, Excel rows as ints."""
    frame = pd.DataFrame(rows, columns=RAW_COLUMNS, dtype=object)
    return frame.assign(source_row=frame["source_row"].astype("int64"))
