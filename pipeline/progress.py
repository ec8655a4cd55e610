"""Progress over the nights: one history entry per run date, and what changed since the previous date.

What a date leaves for the next to compare with is its Snapshot: the accepted members (identified by
district, commune, hamlet and normalised name), the hamlets without a team and the districts that had
sent nothing. The nightly state (pipeline.runtime.state) stores snapshots; this module only compares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .model import FileStatus, Outcome, RunResult, SubmissionStatus

HISTORY_KEYS = (
    "files_processed",
    "districts_submitted",
    "communes_submitted",
    "hamlets_covered",
    "teams",
    "members",
)
FIGURE_KEYS = (*HISTORY_KEYS, "hamlets")  # what a date keeps: the history and the registry's hamlets, for %
MEMBER_KEYS = ("district", "commune", "hamlet", "team", "name")
PLACE_KEYS = ("district", "commune", "hamlet")
READ_STATUSES = (FileStatus.PROCESSED, FileStatus.SUPERSEDED, FileStatus.NO_TABLE)  # contents opened and read

MemberKey = tuple[str, str, str, str]  # district, commune, hamlet, normalised name
Place = tuple[str, str, str]  # district, commune, hamlet


@dataclass(frozen=True)
class Snapshot:
    """What one run date leaves for the next one to compare with."""

    as_of: date
    figures: dict[str, int]  # FIGURE_KEYS
    members: dict[MemberKey, dict[str, str]] = field(default_factory=dict)  # key -> MEMBER_KEYS
    gaps: frozenset[Place] = frozenset()
    missing_districts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Progress:
    """The run's history (oldest first, this date included), its changes since the previous date, and
    the snapshot it leaves for the next date."""

    history: list[dict]  # {"as_of", *FIGURE_KEYS}
    changes: dict  # the `changes` of summary.json
    snapshot: Snapshot


def snapshot_of(result: RunResult) -> Snapshot:
    """Returns the snapshot of a run: its figures, its accepted members, its gaps, its missing districts."""
    figures = {key: int(getattr(result.totals, key)) for key in FIGURE_KEYS}
    accepted = result.rows.loc[result.rows["outcome"].eq(Outcome.ACCEPTED), [*MEMBER_KEYS, "name_key"]]
    accepted = accepted.drop_duplicates(["district", "commune", "hamlet", "name_key"])  # one listing each
    keys = zip(
        accepted["district"], accepted["commune"], accepted["hamlet"], accepted["name_key"], strict=True
    )
    members = dict(zip(keys, accepted[list(MEMBER_KEYS)].to_dict("records"), strict=True))
    hamlets = result.coverage.hamlets
    gaps = frozenset(hamlets.loc[~hamlets["covered"], list(PLACE_KEYS)].itertuples(index=False, name=None))
    districts = result.coverage.districts
    missing = frozenset(districts.loc[districts["status"].eq(SubmissionStatus.MISSING), "name"])
    return Snapshot(result.as_of, figures, members, gaps, missing)


def history_entry(snapshot: Snapshot) -> dict:
    """Returns the history entry of a snapshot: its date and its figures."""
    return {"as_of": snapshot.as_of.isoformat(), **snapshot.figures}


def changes_between(previous: Snapshot | None, current: Snapshot, files_added: list[str]) -> dict:
    """Returns what changed from the previous date's snapshot (None on the first date) to this one.

    On the first date there is nothing to compare with: `since` is null and only the files read for the
    first time are listed.
    """
    changes: dict = {
        "since": previous.as_of.isoformat() if previous else None,
        "files_added": sorted(files_added),
    }
    if previous is None:
        return changes | {
            "members_added": [],
            "members_removed": [],
            "gaps_closed": [],
            "gaps_opened": [],
            "districts_first_submitted": [],
        }
    added = [current.members[key] for key in sorted(current.members.keys() - previous.members.keys())]
    removed = [previous.members[key] for key in sorted(previous.members.keys() - current.members.keys())]
    return changes | {
        "members_added": added,
        "members_removed": removed,
        "gaps_closed": [_place(place) for place in sorted(previous.gaps - current.gaps)],
        "gaps_opened": [_place(place) for place in sorted(current.gaps - previous.gaps)],
        "districts_first_submitted": sorted(previous.missing_districts - current.missing_districts),
    }


def _place(place: Place) -> dict[str, str]:
    return dict(zip(PLACE_KEYS, place, strict=True))


def progress_of(result: RunResult) -> Progress:
    """Returns the run's progress: from the nightly state, else (a run with no state) its own entry alone,
    with nothing to compare with."""
    if result.progress is not None:
        return result.progress
    snapshot = snapshot_of(result)
    read = [file.path for file in result.files if file.status in READ_STATUSES]
    return Progress([history_entry(snapshot)], changes_between(None, snapshot, read), snapshot)
