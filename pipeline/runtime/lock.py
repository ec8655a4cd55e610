"""One run at a time per outbox: an advisory lock on outbox/.lock, held for the whole run."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class LockHeld(Exception):
    """Another run holds the outbox (exit code 3)."""


@contextmanager
def outbox_lock(outbox: Path) -> Iterator[None]:
    """Holds the outbox's lock until the block ends; raises LockHeld when another run holds it."""
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
