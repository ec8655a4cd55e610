"""Crash safety and the lock, with real processes: a run killed at any moment (SIGKILL to its process
group) leaves the previous outputs whole and consistent with each other, and the next run is correct;
a second run exits 3 while another holds the outbox; a lock file left behind blocks nothing."""

import fcntl
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from campaign import CK, CL, DEADLINE, run_night, write_list, write_registry

from pipeline.runtime import outputs
from pipeline.runtime.state import state_path

pytestmark = pytest.mark.xdist_group("crash")

OUTPUTS = ("summary.json", "danh-sach.csv", "tong-hop.xlsx")


def _people(district: int, count: int) -> list[tuple[str, str, str]]:
    """Returns `count` people with distinct names and phones: a leader, a deputy, members."""
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"]
    given = ["An", "Bình", "Cường", "Dung", "Em", "Giang", "Hải", "Khoa", "Lan", "Minh", "Nam", "Oanh"]
    roles = ["Tổ trưởng", "Tổ phó"] + ["Tổ viên"] * count
    return [
        (f"{surnames[(i // 12 + district) % 8]} Văn {given[i % 12]}", roles[i], f"0912{district:03d}{i:03d}")
        for i in range(count)
    ]


def _command(inbox: Path, outbox: Path, registry: Path, as_of: str) -> list[str]:
    return [
        sys.executable, "-m", "pipeline", "consolidate", "--inbox", str(inbox), "--outbox", str(outbox),
        "--registry", str(registry), "--deadline", DEADLINE.isoformat(), "--as-of", as_of, "--quiet",
    ]  # fmt: skip


def _outputs(outbox: Path) -> dict[str, bytes]:
    found = {name: (outbox / name).read_bytes() for name in OUTPUTS}
    for path in sorted((outbox / "phan-hoi").glob("*.xlsx")):
        found[f"phan-hoi/{path.name}"] = path.read_bytes()
    return found


def _without_stamp(summary: bytes) -> dict:
    data = json.loads(summary)
    data.pop("generated_at")
    return data


def _state_dates(outbox: Path) -> list[str]:
    with sqlite3.connect(f"file:{state_path(outbox)}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return [row[0] for row in db.execute("SELECT as_of FROM runs ORDER BY as_of")]


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    """An outbox after the night of 15/8, an inbox changed for 16/8, the outputs a whole run of 16/8
    gives (in another outbox that had the same first night) and how long that run took as a process."""
    root = tmp_path_factory.mktemp("crash")
    inbox, registry = root / "inbox", write_registry(root / "registry.csv")
    teams = {"Ấp Hạ": _people(1, 40), "Ấp Thượng": _people(2, 40)}
    write_list(inbox / "Cang Long" / "dai-phuoc.xlsx", CL, "Xã Đại Phước", teams, date(2022, 8, 14))
    outbox, reference = root / "outbox", root / "reference"
    for folder in (outbox, reference):
        run_night(inbox, folder, registry, date(2022, 8, 15))
    write_list(
        inbox / "Cau Ke" / "hoa-an.xlsx", CK, "Xã Hòa Ân", {"Ấp Chông Nô": _people(3, 60)}, date(2022, 8, 16)
    )
    started = time.monotonic()
    subprocess.run(_command(inbox, reference, registry, "2022-08-16"), check=True)
    return inbox, outbox, registry, _outputs(reference), time.monotonic() - started


# When the kill comes, as a share of a whole run's time: starting up, reading, writing, moving in
@pytest.mark.parametrize("moment", [0.2, 0.6, 0.8, 0.9, 0.97, 1.1])
def test_a_run_killed_at_any_moment_leaves_whole_consistent_outputs(nights, moment):
    inbox, outbox, registry, after, duration = nights
    before = _outputs(outbox)
    run = subprocess.Popen(_command(inbox, outbox, registry, "2022-08-16"), start_new_session=True)
    time.sleep(moment * duration)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    now = _outputs(outbox)
    summary = json.loads(now["summary.json"])
    if summary["as_of"] == "2022-08-15":  # killed before its outputs were in: the previous ones, untouched
        assert now == before
    else:  # it had finished moving them in: the whole new set
        assert summary["as_of"] == "2022-08-16"
        assert {k: v for k, v in now.items() if k != "summary.json"} == {
            k: v for k, v in after.items() if k != "summary.json"
        }
        assert _without_stamp(now["summary.json"]) == _without_stamp(after["summary.json"])
    assert _state_dates(outbox) in (["2022-08-15"], ["2022-08-15", "2022-08-16"])


def test_after_the_kills_the_next_run_is_correct(nights):
    inbox, outbox, registry, after, _ = nights
    subprocess.run(_command(inbox, outbox, registry, "2022-08-16"), check=True)
    now = _outputs(outbox)
    assert {k: v for k, v in now.items() if k != "summary.json"} == {
        k: v for k, v in after.items() if k != "summary.json"
    }
    assert _without_stamp(now["summary.json"]) == _without_stamp(after["summary.json"])
    assert _state_dates(outbox) == ["2022-08-15", "2022-08-16"]
    assert not list(outbox.glob(".staging-*")) and not list(outbox.glob(".old-*"))


def test_a_run_stopped_while_moving_its_outputs_in_is_finished_by_the_next(tmp_path, monkeypatch):
    inbox, registry = tmp_path / "inbox", write_registry(tmp_path / "registry.csv")
    write_list(inbox / "a.xlsx", CL, "Xã Đại Phước", {"Ấp Hạ": _people(1, 3)}, date(2022, 8, 14))
    outbox = tmp_path / "outbox"
    run_night(inbox, outbox, registry, date(2022, 8, 15))
    write_list(inbox / "b.xlsx", CK, "Xã Hòa Ân", {"Ấp Chông Nô": _people(2, 3)}, date(2022, 8, 16))
    moves = []
    real_replace = os.replace

    def replace_then_fail(source, target):
        if len(moves) == 2:  # the workbook and summary.json are in; danh-sach.csv is not
            raise OSError("the machine stopped here")
        moves.append(target)
        real_replace(source, target)

    monkeypatch.setattr(outputs, "os", SimpleNamespace(replace=replace_then_fail))  # the moves only
    with pytest.raises(OSError, match="stopped here"):
        run_night(inbox, outbox, registry, date(2022, 8, 16))
    monkeypatch.setattr(outputs, "os", os)
    mixed = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    assert mixed["as_of"] == "2022-08-16" and list(outbox.glob(".staging-*"))  # a mix, for now
    outputs.recover_outputs(outbox)  # what the next run does first, under the lock
    members = (outbox / "danh-sach.csv").read_text(encoding="utf-8-sig")
    assert "Hòa Ân" in members and not list(outbox.glob(".staging-*"))


def test_a_failed_run_records_nothing_in_the_state(tmp_path, monkeypatch):
    inbox, registry = tmp_path / "inbox", write_registry(tmp_path / "registry.csv")
    write_list(inbox / "a.xlsx", CL, "Xã Đại Phước", {"Ấp Hạ": _people(1, 3)}, date(2022, 8, 14))
    outbox = tmp_path / "outbox"
    run_night(inbox, outbox, registry, date(2022, 8, 15))

    def broken(result, path):
        raise RuntimeError("disk full")

    monkeypatch.setattr(outputs, "write_member_list", broken)
    with pytest.raises(RuntimeError):
        run_night(inbox, outbox, registry, date(2022, 8, 16))
    assert _state_dates(outbox) == ["2022-08-15"]
    assert json.loads((outbox / "summary.json").read_text(encoding="utf-8"))["as_of"] == "2022-08-15"


_HOLDER = """
import fcntl, sys, time
handle = open(sys.argv[1], "w")
fcntl.flock(handle, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(60)
"""


def test_a_second_run_exits_3_while_another_process_holds_the_outbox(nights, tmp_path):
    inbox, _, registry, *_ = nights
    outbox = tmp_path / "outbox"
    run_night(inbox, outbox, registry, date(2022, 8, 15))
    before = _outputs(outbox)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(outbox / ".lock")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline() == "held\n"
        second = subprocess.run(
            _command(inbox, outbox, registry, "2022-08-16"), capture_output=True, text=True, timeout=60
        )
    finally:
        holder.kill()
        holder.wait()
    assert second.returncode == 3
    assert second.stderr.startswith("Một lần chạy khác đang ghi vào")
    assert _outputs(outbox) == before and _state_dates(outbox) == ["2022-08-15"]


def test_a_lock_file_left_by_a_killed_run_blocks_nothing(nights, tmp_path):
    inbox, _, registry, *_ = nights
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    (outbox / ".lock").write_text("12345\n")  # what a killed run leaves: a file nobody holds a lock on
    with open(outbox / ".lock") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)  # nobody holds it
    run_night(inbox, outbox, registry, date(2022, 8, 16))
    assert _state_dates(outbox) == ["2022-08-16"]
