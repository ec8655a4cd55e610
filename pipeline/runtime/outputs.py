"""Writing a run's outputs so that a run killed at any moment leaves a consistent set.

Every output is first written into a staging folder inside the outbox. Then the nightly state is
committed, the folder is marked complete, and the outputs are moved in one by one (each move is an
atomic rename). A run killed before the mark leaves the previous outputs untouched; one killed while
moving leaves a complete staging folder, which the next run finishes moving in before it starts
(`recover_outputs`), so the outputs never stay a mix of two runs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..model import RunResult
from ..report.feedback import districts_with_feedback, feedback_paths, write_feedback
from ..report.fixit import fixit_tasks
from ..report.member_list import write_member_list
from ..report.summary import write_summary
from ..report.workbook import write_workbook
from ..timing import stage
from .fixit_copies import FixitCopies

OUTPUT_NAMES = ("tong-hop.xlsx", "summary.json", "danh-sach.csv", "phan-hoi")
STAGING_PREFIX = ".staging-"
COMPLETE_MARK = ".complete"


def write_outputs(
    result: RunResult, outbox: Path, commit: Callable[[], None] = lambda: None, inbox: Path | None = None
) -> dict:
    """Writes every output into a staging folder, calls `commit` (the state's transaction), then moves
    the outputs in; a failure before the move leaves the old outputs and the old state. With the
    `inbox`, the districts' feedback holds fix-it copies of their files."""
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=outbox))
    try:
        # Fix-it copies first: with many, worker processes make them while the other outputs are written.
        with _fixit_copies(result, inbox, staging / "phan-hoi", outbox / "phan-hoi") as copies:
            with stage("workbook"):
                write_workbook(result, staging / "tong-hop.xlsx")
            with stage("summary"):
                summary = write_summary(result, staging / "summary.json")
            with stage("member_list"):
                write_member_list(result, staging / "danh-sach.csv")
            with stage("fixit"):  # what is left to wait for
                written = copies.written()
        with stage("feedback"):
            write_feedback(result, staging / "phan-hoi", written)
        with stage("state"):
            commit()
        (staging / COMPLETE_MARK).touch()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _move_in(staging, outbox)  # if this fails, the complete staging stays for recover_outputs
    shutil.rmtree(staging, ignore_errors=True)
    return summary


def _fixit_copies(result: RunResult, inbox: Path | None, folder: Path, previous: Path) -> FixitCopies:
    """Starts the fix-it copies of the districts with feedback (none without the inbox)."""
    paths = feedback_paths(result)
    with_feedback = {
        district: paths[district] for district in districts_with_feedback(result) if district in paths
    }
    tasks = fixit_tasks(result, with_feedback) if inbox else []
    return FixitCopies(tasks, inbox or Path(), folder, previous)


def recover_outputs(outbox: Path) -> None:
    """Finishes moving in the outputs of a run killed while moving them; drops unfinished staging."""
    for staging in sorted(outbox.glob(f"{STAGING_PREFIX}*")):
        if (staging / COMPLETE_MARK).exists():
            _move_in(staging, outbox)
        shutil.rmtree(staging, ignore_errors=True)
    for old in outbox.glob(".old-*"):
        shutil.rmtree(old, ignore_errors=True)


def _move_in(staging: Path, outbox: Path) -> None:
    for name in OUTPUT_NAMES:
        staged, target = staging / name, outbox / name
        if staged.is_dir():
            old = outbox / f".old-{name}"
            shutil.rmtree(old, ignore_errors=True)
            if target.exists():
                os.replace(target, old)
            os.replace(staged, target)
            shutil.rmtree(old, ignore_errors=True)
        elif staged.exists():
            os.replace(staged, target)
