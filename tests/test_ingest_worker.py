"""Isolation: a file that hangs, raises, aborts or eats memory marks only itself unreadable."""

from __future__ import annotations

import os
import signal
import time

import pytest
from fixtures_mau2 import standard_rows, write_xlsx

from pipeline.ingest import worker
from pipeline.ingest.inbox import ReadLimits, read_inbox
from pipeline.model import FileStatus


class ReaderPanic(BaseException):
    """Stands for pyo3_runtime.PanicException, which derives from BaseException."""


def misbehaving_parser(path, inbox, limits):
    """Parses normally, except for files whose name says how to fail."""
    if "hang" in path.name:
        time.sleep(3600)
    if "panic" in path.name:
        raise ReaderPanic("called `Option::unwrap()` on a `None` value")
    if "abort" in path.name:
        os.abort()
    if "killed" in path.name:
        os.kill(os.getpid(), signal.SIGKILL)  # what the kernel's OOM killer does
    if "memory" in path.name:
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))
    return worker.read_one_file(path, inbox, limits)


@pytest.fixture
def misbehaving_inbox(tmp_path, monkeypatch):
    monkeypatch.setattr(worker, "parse_file", misbehaving_parser)  # inherited by the forked workers
    for name in ("a-good", "b-hang", "c-panic", "d-abort", "e-memory", "f-good", "g-killed"):
        write_xlsx(tmp_path / f"{name}.xlsx", {"S": standard_rows(commune=f"Xã {name}")})  # distinct content
    return tmp_path


def test_each_failure_marks_only_its_file_unreadable(misbehaving_inbox):
    (misbehaving_inbox / "e-memory.xlsx").unlink()  # see the next test: it must not race the short timeout
    limits = ReadLimits(timeout_seconds=1, memory_bytes=512 * 1024 * 1024)  # a good file takes ~0.03 s
    result = read_inbox(misbehaving_inbox, limits=limits, workers=1)  # one worker: each failure replaces it
    statuses = {file.path: (file.status, file.message) for file in result.files}
    assert statuses == {
        "a-good.xlsx": (FileStatus.PROCESSED, None),
        "b-hang.xlsx": (FileStatus.UNREADABLE, "Không đọc được tệp: đọc tệp quá 1 giây nên đã dừng."),
        "c-panic.xlsx": (FileStatus.UNREADABLE, "Không đọc được tệp: trình đọc gặp lỗi không xử lý được."),
        "d-abort.xlsx": (
            FileStatus.UNREADABLE,
            "Không đọc được tệp: trình đọc dừng đột ngột khi đọc tệp (tệp có thể bị hỏng).",
        ),
        "f-good.xlsx": (FileStatus.PROCESSED, None),
        "g-killed.xlsx": (
            FileStatus.UNREADABLE,
            "Không đọc được tệp: trình đọc bị hệ điều hành dừng (có thể do dùng quá nhiều bộ nhớ).",
        ),
    }
    assert result.rows.groupby("source_file").size().to_dict() == {"a-good.xlsx": 5, "f-good.xlsx": 5}
    failed = [(issue.file, issue.code) for issue in result.issues]
    assert failed == [
        (name, "file_unreadable") for name in ("b-hang.xlsx", "c-panic.xlsx", "d-abort.xlsx", "g-killed.xlsx")
    ]
    assert all(len(file.sha256) == 64 for file in result.files)


def test_a_file_that_eats_memory_marks_only_itself_unreadable(misbehaving_inbox):
    for name in ("b-hang", "c-panic", "d-abort", "g-killed"):
        (misbehaving_inbox / f"{name}.xlsx").unlink()
    # A generous timeout: the memory limit, not the clock, must stop this worker, however loaded the machine.
    limits = ReadLimits(timeout_seconds=600, memory_bytes=512 * 1024 * 1024)
    result = read_inbox(misbehaving_inbox, limits=limits, workers=1)
    statuses = {file.path: (file.status, file.message) for file in result.files}
    assert statuses == {
        "a-good.xlsx": (FileStatus.PROCESSED, None),
        "e-memory.xlsx": (
            FileStatus.UNREADABLE,
            "Không đọc được tệp: đọc tệp cần quá nhiều bộ nhớ (giới hạn 0,5 GiB).",
        ),
        "f-good.xlsx": (FileStatus.PROCESSED, None),
    }


def test_several_workers_read_everything_in_path_order(tmp_path):
    for index in range(7):
        write_xlsx(tmp_path / f"{index}.xlsx", {"S": standard_rows(f"Xã {index}")})
    result = read_inbox(tmp_path, workers=3)
    assert [file.path for file in result.files] == [f"{index}.xlsx" for index in range(7)]
    assert result.rows["commune_text"].unique().tolist() == [f"Xã {index}" for index in range(7)]


def test_in_process_reading_gives_the_same_result(tmp_path):
    write_xlsx(tmp_path / "x.xlsx", {"S": standard_rows()})
    isolated, in_process = read_inbox(tmp_path), read_inbox(tmp_path, workers=0)
    assert isolated.files == in_process.files and isolated.issues == in_process.issues
    assert isolated.rows.equals(in_process.rows)


def test_in_process_reading_turns_a_reader_panic_into_an_unreadable_file(tmp_path, monkeypatch):
    import pipeline.ingest.inbox

    def panicking_reader(path, inbox, limits):
        raise ReaderPanic("index out of bounds")

    monkeypatch.setattr(pipeline.ingest.inbox, "read_one_file", panicking_reader)
    write_xlsx(tmp_path / "x.xlsx", {"S": standard_rows()})
    source, rows, issues = pipeline.ingest.inbox.read_file(tmp_path / "x.xlsx", tmp_path)
    assert (source.status, source.message) == (
        FileStatus.UNREADABLE,
        "Không đọc được tệp: trình đọc gặp lỗi không xử lý được.",
    )
    assert rows.empty and [issue.code for issue in issues] == ["file_unreadable"]
