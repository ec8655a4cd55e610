"""When a file counts as sent: its first-seen time, the one rule behind submission order and on time/late.

A content new to the nightly state counts from its modification time, but never from before the latest
earlier run (it was not in the inbox that night, or that run would have seen it), and never from after
the run's own date. A content seen before keeps the time first recorded for it, whatever its name or
folder now. Without a state (a library call, a first night) every file counts from its modification time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .model import SourceFile
from .vietnamese import VIETNAM, vietnam_date


@dataclass(frozen=True)
class Arrivals:
    """The state's memory of earlier runs: what was seen when, and the date of the latest earlier run."""

    known: Mapping[str, float] = field(default_factory=dict)  # sha256 -> first-seen POSIX time
    previous_run: date | None = None  # the latest run date before this run's
    paths: frozenset[str] = frozenset()  # where earlier runs read the contents they saw

    def first_seen(self, file: SourceFile, as_of: date) -> float:
        """Returns the POSIX time from which the file counts as sent, by the rule above."""
        seen = self.known.get(file.sha256) if file.sha256 else None
        if seen is None:
            seen = file.modified
            if self.previous_run is not None and vietnam_date(seen) < self.previous_run:
                seen = start_of(self.previous_run)
        return min(seen, end_of(as_of))


def start_of(day: date) -> float:
    """Returns the POSIX time of the first second of a Vietnam calendar day."""
    return datetime.combine(day, time(), VIETNAM).timestamp()


def end_of(day: date) -> float:
    """Returns the POSIX time of the last second of a Vietnam calendar day."""
    return start_of(day + timedelta(days=1)) - 1
