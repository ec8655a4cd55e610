"""One consolidation run with its guards: configuration checks, the lock, the log, the outputs."""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..consolidate import consolidate
from ..coverage import VIETNAM
from ..demo.sample import write_sample_inbox
from ..model import RunResult
from ..phones import mask_phone
from ..places.registry import Registry, RegistryError, load_registry
from ..report.feedback import write_feedback
from ..report.member_list import write_member_list
from ..report.summary import write_summary
from ..report.workbook import write_workbook

log = logging.getLogger("pipeline")
DEMO_MARK = ".hop-thu-mau"  # beside a demo's inbox: that inbox may be replaced
DEMO_DEADLINE, DEMO_AS_OF = date(2022, 8, 27), date(2022, 8, 30)
OUTPUT_NAMES = ("tong-hop.xlsx", "summary.json", "danh-sach.csv", "phan-hoi")
LOG_NAME = "tong-hop.log"


class ConfigurationError(Exception):
    """The run cannot start: bad inbox, outbox or registry (exit code 2)."""


class LockHeld(Exception):
    """Another run holds the outbox (exit code 3)."""


@dataclass(frozen=True)
class RunOutputs:
    result: RunResult
    summary: dict
    workbook: Path
    outbox: Path


def vietnam_today() -> date:
    """Returns today's date in Vietnam (UTC+7)."""
    return datetime.now(VIETNAM).date()


def run_consolidation(
    inbox: Path,
    outbox: Path,
    registry_file: Path | None,
    deadline: date,
    as_of: date | None = None,
    on_file_done: Callable[[], None] | None = None,
) -> RunOutputs:
    """Reads the inbox and replaces the outputs in the outbox; raises only for configuration or the lock."""
    with ExitStack() as held:
        try:
            if not inbox.is_dir():
                raise ConfigurationError(
                    f"Không tìm thấy thư mục hộp thư đến {inbox}. Hãy tạo thư mục này và chép các tệp Mẫu 2 "
                    "vào, hoặc chỉ đúng thư mục bằng --inbox."
                )
            registry = _load_registry(registry_file)
            _prepare_outbox(outbox)
            held.enter_context(_lock(outbox))
        except (ConfigurationError, LockHeld) as refusal:
            _note_refusal(outbox, refusal)  # the nightly run's log must say why nothing was written
            raise
        held.enter_context(_log_to(outbox / LOG_NAME))
        log.info("run started: inbox=%s registry=%s", inbox, registry.source)
        result = consolidate(inbox, registry, deadline, as_of or vietnam_today(), on_file_done)
        _log_result(result)
        summary = _write_outputs(result, outbox)
        log.info("run finished: %s", summary["totals"])
    return RunOutputs(result, summary, outbox / "tong-hop.xlsx", outbox)


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


def _log_result(result: RunResult) -> None:
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


def _note_refusal(outbox: Path, refusal: Exception) -> None:
    """Appends why a run was refused to the log in the outbox, when there is an outbox to write to."""
    try:
        with open(outbox / LOG_NAME, "a", encoding="utf-8") as log_file:
            stamp = datetime.now(VIETNAM).isoformat(timespec="seconds")
            log_file.write(f"{stamp} ERROR pipeline: run refused ({type(refusal).__name__}): {refusal}\n")
    except OSError:
        pass  # no writable outbox: the message on the terminal (or cron mail) is all there is


def _load_registry(registry_file: Path | None) -> Registry:
    try:
        return load_registry(registry_file)
    except RegistryError as error:
        raise ConfigurationError(str(error)) from error
    except OSError as error:
        raise ConfigurationError(f"Không đọc được danh mục hành chính {registry_file}: {error}") from error


def _prepare_outbox(outbox: Path) -> None:
    try:
        outbox.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=outbox, prefix=".probe-")
        probe.close()
    except OSError as error:
        raise ConfigurationError(
            f"Không ghi được vào thư mục kết quả {outbox} (không có quyền ghi, ổ đĩa chỉ đọc, hoặc đó là "
            "một tệp chứ không phải thư mục). Hãy chọn thư mục khác bằng --outbox hoặc nhờ cán bộ CNTT "
            "cấp quyền ghi."
        ) from error


@contextmanager
def _lock(outbox: Path):
    handle = open(outbox / ".lock", "w")  # noqa: SIM115 - held for the whole run
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as error:
        handle.close()
        raise LockHeld(f"Một lần chạy khác đang ghi vào {outbox}; hãy chờ lần chạy đó kết thúc.") from error
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


@contextmanager
def _log_to(path: Path):
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


def _write_outputs(result: RunResult, outbox: Path) -> dict:
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
