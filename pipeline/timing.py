"""How long each stage of a run takes, logged as `stage <name>: <seconds> s` (benchmarks/ reads it)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("pipeline.stages")


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Logs the wall time of the block as one stage of the run."""
    began = time.perf_counter()
    try:
        yield
    finally:
        log_stage(name, time.perf_counter() - began)


def log_stage(name: str, seconds: float) -> None:
    log.info("stage %s: %.2f s", name, seconds)
