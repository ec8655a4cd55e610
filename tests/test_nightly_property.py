"""Random campaigns replayed night by night: rows accounted per file and per run, the newest list of
each commune is the one counted, and a second replay of the same campaign gives the same outputs."""

import csv
import json
import os
import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from campaign import REGISTRY, run_night, write_list, write_registry
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pipeline.vietnamese import VIETNAM

pytestmark = pytest.mark.xdist_group("nightly")

COMMUNES = [
    (district, commune, hamlets)
    for district, communes in REGISTRY.items()
    for commune, hamlets in communes.items()
]
POOL = [("Nguyễn Văn An", "Tổ trưởng"), ("Trần Thị Bình", "Tổ phó"), ("Lê Văn Cường", "Tổ viên"),
        ("Phạm Thị Dung", "Tổ viên"), ("Võ Văn Em", "Tổ viên")]  # fmt: skip
FIRST_NIGHT = date(2022, 8, 15)


@st.composite
def campaigns(draw):
    """Returns the nights of a campaign: per night, the lists dropped in and the files taken out."""
    nights, number = [], 0
    for night in range(draw(st.integers(2, 3))):
        drops = []
        for _ in range(draw(st.integers(0, 2))):
            commune = draw(st.integers(0, len(COMMUNES) - 1))
            people = draw(st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=4, unique=True))
            days_before = draw(st.integers(0, 4))  # modified that many days before the night
            number += 1
            drops.append((f"f{number}.xlsx", commune, sorted(people), days_before))
        dropped_before = [name for earlier in nights for name, *_ in earlier["drops"]]
        removed = (
            draw(st.lists(st.sampled_from(dropped_before), unique=True, max_size=1)) if dropped_before else []
        )
        nights.append({"drops": drops, "removed": removed, "night": night})
    return nights


def _replay(root: Path, nights: list[dict], written: dict[str, bytes]) -> list[dict]:
    """Replays the campaign in `root`; returns per night its summary, member list and the truth of its
    inbox. The files are the bytes in `written` when it has them (a second replay), else new ones."""
    inbox, outbox = root / "inbox", root / "outbox"
    inbox.mkdir(parents=True)
    registry = write_registry(root / "registry.csv")
    present: dict[str, tuple] = {}  # file -> (commune, people, first_seen, modified)
    replayed, previous_run = [], None
    for night in nights:
        as_of = FIRST_NIGHT + timedelta(days=night["night"])
        for name in night["removed"]:
            (inbox / name).unlink(missing_ok=True)
            present.pop(name, None)
        for order, (name, commune, people, days_before) in enumerate(night["drops"]):
            district, commune_name, hamlets = COMMUNES[commune]
            number = int(name[1:-5])  # each file its own phones, so that no two files are identical
            team = [(POOL[i][0], POOL[i][1], f"091{number:03d}{i:04d}") for i in people]
            path = inbox / name
            if name in written:
                path.write_bytes(written[name])
            else:
                write_list(path, district, commune_name, {hamlets[0]: team}, None)
                written[name] = path.read_bytes()
            modified = datetime.combine(
                as_of - timedelta(days=days_before), time(8, order), VIETNAM
            ).timestamp()
            os.utime(path, (modified, modified))
            # the first-seen rule, written again here: never before the latest earlier run
            floor = datetime.combine(previous_run, time(), VIETNAM).timestamp() if previous_run else modified
            present[name] = (commune, people, max(modified, floor), modified)
        summary = run_night(inbox, outbox, registry, as_of)
        with (outbox / "danh-sach.csv").open(encoding="utf-8-sig", newline="") as handle:
            listed = list(csv.DictReader(handle))
        replayed.append({"summary": summary, "listed": listed, "present": dict(present),
                         "csv": (outbox / "danh-sach.csv").read_bytes()})  # fmt: skip
        previous_run = as_of
    return replayed


@settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(nights=campaigns())
def test_random_campaigns_count_every_row_once_and_replay_the_same(tmp_path_factory, nights):
    root, written = tmp_path_factory.mktemp("replay"), {}
    first = _replay(root, nights, written)
    for night in first:
        summary, listed, present = night["summary"], night["listed"], night["present"]
        totals = summary["totals"]
        parts = ("rows_accepted", "rows_rejected", "rows_merged", "rows_superseded")
        for file in summary["files"]:
            assert file["rows_read"] == sum(file[part] for part in parts), file["path"]
        assert totals["rows_read"] == sum(totals[part] for part in parts)
        assert totals["rows_read"] == sum(len(people) for _, people, *_ in present.values())
        newest: dict[int, str] = {}
        for name, (commune, *_) in sorted(present.items(), key=lambda item: (item[1][2:], item[0])):
            newest[commune] = name  # the last one, by first seen, then modified, then name
        expected = {(name, POOL[i][0]) for commune, name in newest.items() for i in present[name][1]}
        assert {(row["source_file"], row["name"]) for row in listed} == expected
        assert summary["history"][-1]["members"] == len(listed)
    shutil.rmtree(root)  # the same campaign again, in the same place, from the same files
    second = _replay(root, nights, written)
    for one, two in zip(first, second, strict=True):
        assert one["csv"] == two["csv"]
        stamps = [json.loads(json.dumps(n["summary"])) for n in (one, two)]
        for summary in stamps:
            summary.pop("generated_at")
        assert stamps[0] == stamps[1]
