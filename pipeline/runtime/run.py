"""One consolidation run with its guards: configuration checks, the lock, the log, the outputs."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from ..consolidate import consolidate
from ..demo.sample import write_sample_inbox
from ..model import RunResult
from ..places.registry import load_registry
from ..timing import log_stage
from ..vietnamese import VIETNAM, vietnam_today
from .guards import ConfigurationError, check_inbox, outbox_inside_inbox, prepare_outbox, registry_for_run
from .lock import LockHeld, outbox_lock
from .outputs import recover_outputs, write_outputs
from .runlog import LOG_NAME, log, log_result, logging_to, note_refusal
from .state import REGISTRY_CACHE, open_state

DEMO_MARK = ".hop-thu-mau"  # beside a demo's inbox: that inbox may be replaced
DEMO_DEADLINE, DEMO_AS_OF = date(2022, 8, 27), date(2022, 8, 30)

__all__ = ["ConfigurationError", "LockHeld", "RunOutputs", "run_consolidation", "run_demo", "vietnam_today"]


@dataclass(frozen=True)
class RunOutputs:
    result: RunResult
    summary: dict
    workbook: Path
    outbox: Path
    outbox_in_inbox: bool = False  # its files were not read: the summary warns


def run_consolidation(
    inbox: Path,
    outbox: Path,
    registry_file: Path | None,
    deadline: date,
    as_of: date | None = None,
    on_file_done: Callable[[], None] | None = None,
) -> RunOutputs:
    """Reads the inbox and replaces the outputs and the nightly state in the outbox; raises only for
    configuration (the state included) or the lock.

    The run's date is `as_of` (default: today in Vietnam); nothing written depends on the real clock but
    the run's timestamp and the rule that a file modified within a minute of the start is not yet read.
    """
    started, as_of = time.time(), as_of or vietnam_today()
    with ExitStack() as held:
        try:
            check_inbox(inbox)
            outbox_in_inbox = outbox_inside_inbox(inbox, outbox)
            loading = time.perf_counter()
            registry = registry_for_run(registry_file, outbox / REGISTRY_CACHE)
            loaded = time.perf_counter() - loading
            prepare_outbox(outbox)
            held.enter_context(outbox_lock(outbox))
            recover_outputs(outbox)  # a run killed while moving its outputs in: finish its move first
            state = held.enter_context(open_state(outbox))
        except (ConfigurationError, LockHeld) as refusal:
            note_refusal(outbox / LOG_NAME, refusal)  # the nightly run's log must say why nothing was written
            raise
        held.enter_context(logging_to(outbox / LOG_NAME))
        log.info("run started: as_of=%s inbox=%s registry=%s", as_of, inbox, registry.source)
        log_stage("registry", loaded)  # loaded before the log could be opened: it names the outbox
        if outbox_in_inbox:
            log.warning("outbox %s is inside the inbox: its files are not read", outbox)
        arrivals = state.arrivals(as_of)
        result = consolidate(inbox, registry, deadline, as_of, on_file_done, (outbox,), arrivals, started)
        result = replace(result, progress=state.progress(result), generated_at=datetime.now(VIETNAM))
        log_result(result)
        summary = write_outputs(result, outbox, commit=lambda: state.record(result), inbox=inbox)
        log.info("run finished (outcome=ok) in %.1f s: %s", time.time() - started, summary["totals"])
    return RunOutputs(result, summary, outbox / "tong-hop.xlsx", outbox, outbox_in_inbox)


def run_demo(folder: Path) -> tuple[int, RunOutputs]:
    """Writes the sample inbox into folder/inbox and consolidates it into folder/outbox; returns (files, run).

    The folder's inbox is replaced only if an earlier demo made it, so a real inbox is never deleted.
    """
    inbox, mark = folder / "inbox", folder / DEMO_MARK
    if inbox.exists() and not mark.exists():
        raise ConfigurationError(
            f"Thư mục {inbox} đã có và không phải hộp thư mẫu; chọn thư mục khác bằng --folder."
        )
    shutil.rmtree(inbox, ignore_errors=True)
    sample = write_sample_inbox(inbox, load_registry().table)
    mark.write_text("inbox/ ở đây là hộp thư mẫu do lệnh demo tạo ra.\n", encoding="utf-8")
    outputs = run_consolidation(inbox, folder / "outbox", None, DEMO_DEADLINE, DEMO_AS_OF)
    return len(sample.files), outputs
