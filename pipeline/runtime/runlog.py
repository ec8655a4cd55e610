"""The run's log in the outbox: what each run read and found, with no personal data, and why a run
was refused."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from ..model import RunResult
from ..phones import mask_phone
from ..vietnamese import VIETNAM

log = logging.getLogger("pipeline")
LOG_NAME = "tong-hop.log"


@contextmanager
def logging_to(path: Path) -> Iterator[None]:
    """Sends the pipeline's log to `path` for the block; a failure is logged before it propagates."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield
    except BaseException:
        log.exception("run failed; previous outputs left in place")
        raise
    finally:
        log.removeHandler(handler)
        handler.close()


def log_result(result: RunResult) -> None:
    """Logs each file's fate and each issue's place; personal data stays out (phones masked, no names)."""
    for file in result.files:
        counts = result.accounting.loc[file.path].to_dict() if file.path in result.accounting.index else {}
        log.info("file %s: %s %s", file.path, file.status, {key: int(value) for key, value in counts.items()})
    for issue in result.issues:
        value = (
            mask_phone(issue.value)
            if issue.column == "phone"
            else ""
            if issue.column == "name"
            else issue.value
        )
        log.info(
            "issue %s %s!%s row %s %s: %r",
            issue.severity,
            issue.file,
            issue.sheet,
            issue.row,
            issue.code,
            value,
        )


def note_refusal(log_path: Path, refusal: Exception) -> None:
    """Appends why a run was refused to the log in the outbox, when there is an outbox to write to."""
    try:
        with open(log_path, "a", encoding="utf-8") as log_file:
            stamp = datetime.now(VIETNAM).isoformat(timespec="seconds")
            log_file.write(f"{stamp} ERROR pipeline: run refused ({type(refusal).__name__}): {refusal}\n")
    except OSError:
        pass  # no writable outbox: the message on the terminal (or cron mail) is all there is
