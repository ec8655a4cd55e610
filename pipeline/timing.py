"""How long each stage of a run takes, logged as `stage <name>: <seconds> s` (benchmarks/ reads it), and
how far the long ones are, for whoever watches (the command line shows it on a terminal)."""

from __future__ import annotations

import logging
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

log = logging.getLogger("pipeline.stages")

Watcher = Callable[[str, int, int], None]  # (stage, done, total): (name, 0, 0) when a stage begins
_watchers: list[Watcher] = []


@contextmanager
def watching(watcher: Watcher) -> Iterator[None]:
    """Calls `watcher` as each stage begins and as the long ones advance, for the block's duration."""
    _watchers.append(watcher)
    try:
        yield
    finally:
        _watchers.remove(watcher)


def advance(name: str, done: int, total: int) -> None:
    """Says that `done` of the `total` items of a stage are finished."""
    for watcher in _watchers:
        watcher(name, done, total)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Logs the wall time of the block as one stage of the run."""
    advance(name, 0, 0)
    began = time.perf_counter()
    try:
        yield
    finally:
        log_stage(name, time.perf_counter() - began)


def log_stage(name: str, seconds: float) -> None:
    """Logs a stage's time, and the most memory this process has held so far (where it peaks)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    log.info("stage %s: %.2f s (peak %.0f MB)", name, seconds, peak)
