"""The nightly state: what earlier runs saw, kept in an SQLite file inside the outbox.

`outbox/.state/history.sqlite` (schema version in `PRAGMA user_version`) records
- per file content (SHA-256): when it was first seen, the path it had, the run date that first read it;
- per run date: its figures (the history), its accepted members, its hamlets without a team and its
  districts that had sent nothing (what the next date compares with).
A second run of one date replaces that date's records; a content keeps its first record for ever. The
state is written in one transaction after the outputs are staged, so a run killed at any moment leaves
either the old state or the new one. Deleting the `.state` folder starts the history over.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

from ..arrivals import Arrivals
from ..model import RunResult
from ..progress import (
    FIGURE_KEYS,
    MEMBER_KEYS,
    PLACE_KEYS,
    READ_STATUSES,
    Progress,
    Snapshot,
    changes_between,
    history_entry,
    progress_of,
    snapshot_of,
)
from ..vietnamese import vietnam_date
from .guards import ConfigurationError

STATE_FOLDER = ".state"
REGISTRY_CACHE = f"{STATE_FOLDER}/registry"  # the registry as the last run read it (registry_cache)
STATE_NAME = "history.sqlite"
SCHEMA_VERSION = 1

_SCHEMA = f"""
CREATE TABLE contents (
    sha256 TEXT PRIMARY KEY,
    first_seen REAL NOT NULL,        -- POSIX time the content counts as sent from
    first_seen_date TEXT NOT NULL,   -- its Vietnam date, for people reading the state
    path TEXT NOT NULL,              -- the path it had when first read
    first_read TEXT NOT NULL         -- the run date that first read it
);
CREATE TABLE runs (
    as_of TEXT PRIMARY KEY,
    generated_at TEXT NOT NULL,
    {", ".join(f"{key} INTEGER NOT NULL" for key in FIGURE_KEYS)}
);
CREATE TABLE members (
    as_of TEXT NOT NULL REFERENCES runs(as_of) ON DELETE CASCADE,
    name_key TEXT NOT NULL,
    {", ".join(f"{key} TEXT NOT NULL" for key in MEMBER_KEYS)},
    PRIMARY KEY (as_of, district, commune, hamlet, name_key)
);
CREATE TABLE gaps (
    as_of TEXT NOT NULL REFERENCES runs(as_of) ON DELETE CASCADE,
    {", ".join(f"{key} TEXT NOT NULL" for key in PLACE_KEYS)},
    PRIMARY KEY (as_of, district, commune, hamlet)
);
CREATE TABLE missing_districts (
    as_of TEXT NOT NULL REFERENCES runs(as_of) ON DELETE CASCADE,
    district TEXT NOT NULL,
    PRIMARY KEY (as_of, district)
);
"""


def state_path(outbox: Path) -> Path:
    return outbox / STATE_FOLDER / STATE_NAME


class NightlyState:
    """The state of one outbox, open for one run (the caller holds the outbox's lock)."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self._db = connection
        self.path = path

    def arrivals(self, as_of: date) -> Arrivals:
        """Returns what earlier runs saw: each content's first-seen time and path, and the latest earlier
        run date."""
        rows = self._db.execute("SELECT sha256, first_seen, path FROM contents").fetchall()
        known = {sha256: first_seen for sha256, first_seen, _ in rows}
        return Arrivals(known, self._previous_date(as_of), frozenset(path for *_, path in rows))

    def _previous_date(self, as_of: date) -> date | None:
        """Returns the latest run date before `as_of` (None: no earlier run)."""
        (previous,) = self._db.execute(
            "SELECT max(as_of) FROM runs WHERE as_of < ?", (as_of.isoformat(),)
        ).fetchone()
        return date.fromisoformat(previous) if previous else None

    def progress(self, result: RunResult) -> Progress:
        """Returns the run's history (this date's entry in its place), its changes since the previous
        date and its snapshot; writes nothing."""
        snapshot = snapshot_of(result)
        entries = {
            row[0]: dict(zip(("as_of", *FIGURE_KEYS), row, strict=True))
            for row in self._db.execute(
                f"SELECT as_of, {', '.join(FIGURE_KEYS)} FROM runs WHERE as_of != ?",
                (result.as_of.isoformat(),),
            )
        }
        entries[result.as_of.isoformat()] = history_entry(snapshot)
        history = [entries[key] for key in sorted(entries)]
        previous = self._previous_date(result.as_of)
        since = self._snapshot(previous) if previous else None
        return Progress(history, changes_between(since, snapshot, self._files_added(result)), snapshot)

    def _files_added(self, result: RunResult) -> list[str]:
        """Returns the paths of the contents read for the first time by this date's runs."""
        earlier = dict(
            self._db.execute(
                "SELECT sha256, first_read FROM contents WHERE first_read != ?", (result.as_of.isoformat(),)
            )
        )
        return sorted(
            file.path for file in result.files if file.status in READ_STATUSES and file.sha256 not in earlier
        )

    def _snapshot(self, as_of: date) -> Snapshot:
        key = (as_of.isoformat(),)
        row = self._db.execute(f"SELECT {', '.join(FIGURE_KEYS)} FROM runs WHERE as_of = ?", key).fetchone()
        figures = dict(zip(FIGURE_KEYS, row, strict=True))
        members = {
            (row[0], row[1], row[2], row[5]): dict(zip(MEMBER_KEYS, row[:5], strict=True))
            for row in self._db.execute(
                f"SELECT {', '.join(MEMBER_KEYS)}, name_key FROM members WHERE as_of = ?", key
            )
        }
        gaps = frozenset(self._db.execute(f"SELECT {', '.join(PLACE_KEYS)} FROM gaps WHERE as_of = ?", key))
        missing = frozenset(
            row[0] for row in self._db.execute("SELECT district FROM missing_districts WHERE as_of = ?", key)
        )
        return Snapshot(as_of, figures, members, gaps, missing)

    def record(self, result: RunResult) -> None:
        """Records the run in one transaction: its new contents, and its date's figures, members, gaps
        and missing districts (replacing an earlier run of the same date)."""
        snapshot = progress_of(result).snapshot
        as_of = result.as_of.isoformat()
        generated = result.generated_at.isoformat(timespec="seconds") if result.generated_at else ""
        with self._db:  # one transaction: committed whole, or rolled back
            self._db.executemany(
                "INSERT OR IGNORE INTO contents VALUES (?, ?, ?, ?, ?)",
                [
                    (file.sha256, file.arrived, vietnam_date(file.arrived).isoformat(), file.path, as_of)
                    for file in result.files
                    if file.sha256 and file.status in READ_STATUSES
                ],
            )
            self._db.execute("DELETE FROM runs WHERE as_of = ?", (as_of,))
            self._db.execute(
                f"INSERT INTO runs VALUES (?, ?, {', '.join('?' for _ in FIGURE_KEYS)})",
                (as_of, generated, *(snapshot.figures[key] for key in FIGURE_KEYS)),
            )
            self._db.executemany(
                f"INSERT INTO members VALUES (?, ?, {', '.join('?' for _ in MEMBER_KEYS)})",
                [
                    (as_of, key[3], *(member[name] for name in MEMBER_KEYS))
                    for key, member in snapshot.members.items()
                ],
            )
            self._db.executemany(
                "INSERT INTO gaps VALUES (?, ?, ?, ?)", [(as_of, *gap) for gap in sorted(snapshot.gaps)]
            )
            self._db.executemany(
                "INSERT INTO missing_districts VALUES (?, ?)",
                [(as_of, district) for district in sorted(snapshot.missing_districts)],
            )


@contextmanager
def open_state(outbox: Path) -> Iterator[NightlyState]:
    """Opens (creating on first use) the outbox's state for the block; ConfigurationError (exit 2, with
    what to do) when it is damaged or of a newer version."""
    path = state_path(outbox)
    path.parent.mkdir(exist_ok=True)
    try:
        connection = sqlite3.connect(path, isolation_level="DEFERRED")
    except sqlite3.Error as error:
        raise ConfigurationError(_unusable(path, error)) from error
    with closing(connection):
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            _migrate(connection, path)
        except sqlite3.DatabaseError as error:
            raise ConfigurationError(_unusable(path, error)) from error
        yield NightlyState(connection, path)


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version == SCHEMA_VERSION:
        return
    if version == 0 and not connection.execute("SELECT name FROM sqlite_master").fetchall():
        connection.executescript(f"BEGIN; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
        return
    raise ConfigurationError(
        f"Tệp trạng thái {path} có phiên bản {version}, công cụ này dùng phiên bản {SCHEMA_VERSION}. "
        "Hãy dùng bản công cụ mới hơn, hoặc xóa thư mục .state trong thư mục kết quả để bắt đầu lại lịch sử."
    )


def _unusable(path: Path, error: Exception) -> str:
    return (
        f"Không dùng được tệp trạng thái {path} ({error}). Nếu tệp bị hỏng, hãy xóa thư mục .state trong "
        "thư mục kết quả: lần chạy sau sẽ bắt đầu lại lịch sử (các tệp trong hộp thư đến được đọc lại)."
    )
