"""A small pool of long-lived worker processes that each parse one file at a time, isolated.

A reader written in Rust can panic (pyo3 raises a BaseException), abort the process, loop, or allocate
without bound on a corrupt file. Each worker runs under an address-space limit; the parent gives each
task a deadline. Whatever goes wrong marks only that file unreadable, and a fresh worker takes the dead
one's place. Tasks and results are plain picklable data over a Pipe.
"""

from __future__ import annotations

import faulthandler
import logging
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection, wait
from pathlib import Path

from .file import ReadLimits, read_one_file
from .rules import FileResult, file_sha256, refused, relative_name

log = logging.getLogger(__name__)

# The function a worker runs per file; a module attribute so that tests can swap it before the fork.
parse_file: Callable[[Path, Path, ReadLimits], FileResult] = read_one_file


def _address_space_in_use() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _worker_main(connection: Connection, limits: ReadLimits) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    faulthandler.disable()  # a reader that aborts is reported by the parent; no dump on the terminal
    # The forked worker already maps the parent's libraries; the file may use memory_bytes on top.
    address_space = _address_space_in_use() + limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        path, inbox = task
        reply: tuple[str, object]
        try:
            reply = ("ok", parse_file(path, inbox, limits))
        except MemoryError:
            reply = ("memory", None)
        except BaseException as error:  # noqa: BLE001 - a Rust panic is a BaseException; report it all
            reply = ("error", f"{type(error).__name__}: {error}"[:500])
        try:
            connection.send(reply)
        except MemoryError:
            connection.send(("memory", None))
        except Exception as error:  # noqa: BLE001 - a result that cannot be pickled must still be answered
            connection.send(("error", f"{type(error).__name__}: {error}"[:500]))


class _Worker:
    def __init__(self, context: multiprocessing.context.ForkContext, limits: ReadLimits) -> None:
        parent_end, child_end = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child_end, limits), daemon=True)
        self.process.start()
        child_end.close()
        self.connection = parent_end
        self.task: tuple[Path, Path] | None = None
        self.deadline = 0.0

    def give(self, task: tuple[Path, Path], timeout: float) -> None:
        self.task, self.deadline = task, time.monotonic() + timeout
        self.connection.send(task)

    def stop(self, force: bool = False) -> None:
        if not force:
            try:
                self.connection.send(None)
            except OSError:
                force = True
            self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def _number(value: float) -> str:
    return f"{value:.3g}".replace(".", ",")  # Vietnamese decimal comma: "0,5"


def _failure_detail(worker: _Worker, kind: str, limits: ReadLimits, error: str = "") -> str:
    if kind == "timeout":
        return f"đọc tệp quá {_number(limits.timeout_seconds)} giây nên đã dừng"
    if kind == "memory":
        return f"đọc tệp cần quá nhiều bộ nhớ (giới hạn {_number(limits.memory_bytes / 1024**3)} GiB)"
    if kind == "error":
        return "trình đọc gặp lỗi không xử lý được"
    code = worker.process.exitcode
    if code is not None and code < 0 and -code == signal.SIGKILL:
        return "trình đọc bị hệ điều hành dừng (có thể do dùng quá nhiều bộ nhớ)"
    return "trình đọc dừng đột ngột khi đọc tệp (tệp có thể bị hỏng)"


def read_isolated(
    paths: Iterable[Path],
    inbox: Path,
    limits: ReadLimits,
    workers: int,
    on_done: Callable[[Path], None] | None = None,
) -> dict[Path, FileResult]:
    """Returns the result of each file, parsed in `workers` isolated processes; calls on_done per file."""
    pending = deque((path, inbox) for path in paths)
    results = _Results(on_done)
    context = multiprocessing.get_context("fork")
    pool = [_Worker(context, limits) for _ in range(min(workers, len(pending)))]
    try:
        while pending or any(worker.task for worker in pool):
            for index, worker in enumerate(pool):
                if worker.task is None and pending:
                    task = pending.popleft()
                    try:
                        worker.give(task, limits.timeout_seconds)
                    except OSError:  # the worker died before it got the file: that file fails, not the run
                        path, inbox = task
                        detail = _failure_detail(worker, "died", limits)
                        results[path] = refused(path, inbox, "file_unreadable", detail, file_sha256(path))
                        worker.task = None
                        worker.stop(force=True)
                        pool[index] = _Worker(context, limits)
            if not any(worker.task for worker in pool):
                continue
            busy = [worker for worker in pool if worker.task]
            timeout = max(0.0, min(worker.deadline for worker in busy) - time.monotonic())
            ready = wait([worker.connection for worker in busy], timeout=timeout)
            for index, worker in enumerate(pool):
                if worker.task is None:
                    continue
                outcome = _collect(worker, ready, limits, results)
                if outcome == "replace":
                    worker.stop(force=True)
                    pool[index] = _Worker(context, limits)
    finally:
        for worker in pool:
            worker.stop(force=worker.task is not None)
    return results


class _Results(dict):
    """The results so far; tells the caller (a progress bar) each time a file is done."""

    def __init__(self, on_done: Callable[[Path], None] | None) -> None:
        super().__init__()
        self.on_done = on_done

    def __setitem__(self, path: Path, result: FileResult) -> None:
        super().__setitem__(path, result)
        if self.on_done:
            self.on_done(path)


def _collect(worker: _Worker, ready: list, limits: ReadLimits, results: dict[Path, FileResult]) -> str:
    """Stores the worker's result if it has one; returns "replace" when the worker must be replaced."""
    assert worker.task is not None, "a worker is collected only while it holds a task"
    path, inbox = worker.task
    if worker.connection in ready:
        try:
            kind, payload = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=5)
            kind, payload = "died", None
        if kind == "ok":
            results[path] = payload
            worker.task = None
            return "keep"
        log.warning(
            "worker failed on %s: %s %s", relative_name(path, inbox), kind, payload or worker.process.exitcode
        )
        detail = _failure_detail(worker, kind, limits, payload)
        results[path] = refused(path, inbox, "file_unreadable", detail, file_sha256(path))
        worker.task = None
        return "replace"  # a worker that failed may be in any state: start afresh
    if time.monotonic() >= worker.deadline:
        log.warning("worker timed out on %s", relative_name(path, inbox))
        detail = _failure_detail(worker, "timeout", limits)
        results[path] = refused(path, inbox, "file_unreadable", detail, file_sha256(path))
        worker.task = None
        return "replace"
    return "keep"
