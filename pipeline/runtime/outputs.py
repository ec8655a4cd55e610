"""Writing a run's outputs: every file into a staging folder first, then moved in, so that a failure
leaves the previous outputs in place and a reader never sees a half-written one."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..model import RunResult
from ..report.feedback import write_feedback
from ..report.member_list import write_member_list
from ..report.summary import write_summary
from ..report.workbook import write_workbook

OUTPUT_NAMES = ("tong-hop.xlsx", "summary.json", "danh-sach.csv", "phan-hoi")


def write_outputs(result: RunResult, outbox: Path) -> dict:
    """Writes every output into a staging folder, then moves them in: a failure leaves the old ones."""
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=outbox))
    try:
        write_workbook(result, staging / "tong-hop.xlsx")
        summary = write_summary(result, staging / "summary.json")
        write_member_list(result, staging / "danh-sach.csv")
        write_feedback(result, staging / "phan-hoi")
        for name in OUTPUT_NAMES:
            target = outbox / name
            if (staging / name).is_dir():
                old = outbox / f".old-{name}"
                shutil.rmtree(old, ignore_errors=True)
                if target.exists():
                    os.replace(target, old)
                os.replace(staging / name, target)
                shutil.rmtree(old, ignore_errors=True)
            elif (staging / name).exists():
                os.replace(staging / name, target)
        return summary
    finally:
        shutil.rmtree(staging, ignore_errors=True)
