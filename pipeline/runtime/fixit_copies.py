"""Making the fix-it copies of a run: each district file opened again, marked and saved.

A plain .xlsx is copied by editing its parts (`report.fixit_package`, ~10 ms); any other file is opened
and saved with openpyxl (~60 ms). A national run has ~1,400 files to mark. Two things keep that off the
nightly run's clock:
- a copy whose file, problems and code are those of last night's copy is that copy, taken over as it is
  (its key is written in the copy's keywords);
- with many copies to make, a worker process makes them while this process writes the other outputs
  (one: the second core is enough for them, and each process costs ~110 MB).
A file that cannot be opened again (gone, changed since it was read, broken) gets no copy: its problems
are in the district's feedback workbook all the same.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import shutil
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from ..ingest import originals
from ..ingest.originals import original_bytes, workbook_of
from ..report import fixit, fixit_package
from ..report.fixit import FixitTask, copy_key, write_fixit_copy
from ..report.fixit_package import write_fixit_package

log = logging.getLogger(__name__)

PARALLEL_FROM = 24  # copies to make before worker processes pay for their start (~1 s)
WORKERS = 1
# What a copy is made of besides its file and problems: the code that opens and marks it.
_CODE = hashlib.sha256(
    b"".join(Path(module.__file__ or "").read_bytes() for module in (fixit, fixit_package, originals))
).hexdigest()


def with_keys(tasks: list[FixitTask]) -> list[FixitTask]:
    """Returns the tasks with the key of what each copy is made of: file content, problems, code."""
    return [
        replace(
            task,
            key=hashlib.sha256(
                repr((_CODE, task.file.sha256, task.issues, task.letters)).encode()
            ).hexdigest(),
        )
        for task in tasks
    ]


class FixitCopies:
    """The copies of a run, made in the background when there are many; `written()` waits for them."""

    def __init__(self, tasks: list[FixitTask], inbox: Path, folder: Path, previous: Path) -> None:
        self.tasks = with_keys(tasks)
        self.arguments = (inbox, folder, previous)
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future] = []
        if len(self.tasks) >= PARALLEL_FROM:
            # spawn: a worker starts small, not as a copy of this process and the run's rows
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(WORKERS, mp_context=context)
            chunks = [self.tasks[start::WORKERS] for start in range(WORKERS)]
            self.futures = [self.pool.submit(make_copies, chunk, *self.arguments) for chunk in chunks]

    def written(self) -> dict[str, list[str]]:
        """Returns the copies written by district (paths relative to phan-hoi/), in the tasks' order."""
        if self.pool is None:
            done = set(make_copies(self.tasks, *self.arguments))
        else:
            done = {target for future in self.futures for target in future.result()}
            self.close()
        by_district: dict[str, list[str]] = {}
        for task in self.tasks:
            if task.target in done:
                by_district.setdefault(task.district, []).append(task.target)
        return by_district

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> FixitCopies:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def make_copies(tasks: list[FixitTask], inbox: Path, folder: Path, previous: Path) -> list[str]:
    """Makes the copies of the tasks into `folder` (last night's taken over from `previous` when their
    key is the same); returns the targets written."""
    written = []
    for task in tasks:
        target, last = folder / task.target, previous / task.target
        try:
            if copy_key(last) == task.key:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(last, target)
            else:
                data = original_bytes(inbox / task.file.path, task.file)
                if data is None:
                    continue  # gone, or changed since it was read: its marks would fall on other cells
                # A plain .xlsx is edited part by part; what that cannot edit safely, openpyxl opens.
                if task.file.file_format != "xlsx" or not write_fixit_package(task, data, target):
                    opened = workbook_of(data, task.file)
                    if opened is None:
                        continue
                    write_fixit_copy(task, *opened, target)
        except Exception as error:  # noqa: BLE001 - one file that will not open again costs only its copy
            log.warning("no fix-it copy of %s: %r", task.file.path, error)
            continue
        written.append(task.target)
    return written
