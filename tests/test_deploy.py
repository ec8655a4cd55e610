"""The scheduled run as the README installs it: `make nightly`, the systemd units and the cron line."""

import configparser
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from campaign import CL, write_list, write_registry

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def _unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # systemd keys are case-sensitive
    unit.read(DEPLOY / name, encoding="utf-8")
    return unit


def test_the_service_runs_make_nightly_in_the_tool_folder_and_the_timer_starts_it_nightly():
    service = _unit("to-cns-tong-hop.service")["Service"]
    assert service["Type"] == "oneshot" and service["ExecStart"] == "/usr/bin/make nightly"
    assert service["User"] and service["WorkingDirectory"].startswith("/")
    assert service["SuccessExitStatus"] == "3"  # another run holding the outbox is not a failure
    timer = _unit("to-cns-tong-hop.timer")
    assert timer["Timer"]["OnCalendar"] == "*-*-* 01:30:00 Asia/Ho_Chi_Minh"
    assert timer["Timer"]["Persistent"] == "true" and timer["Install"]["WantedBy"] == "timers.target"


def test_the_cron_line_runs_make_nightly_at_night_in_vietnam_time():
    lines = [
        line for line in (DEPLOY / "crontab.txt").read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    entries = [line for line in lines if not line.startswith("#")]
    assert entries[0] == "CRON_TZ=Asia/Ho_Chi_Minh"
    minute, hour, day, month, weekday, command = entries[1].split(maxsplit=5)
    assert (minute, hour, day, month, weekday) == ("30", "1", "*", "*", "*")
    assert command.startswith("cd /opt/to-cns-tong-hop && /usr/bin/make nightly >> outbox/")


def test_the_readme_tells_the_it_officer_how_to_install_check_and_start_over():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in ("systemctl enable --now to-cns-tong-hop.timer", "deploy/crontab.txt", "rm -rf outbox/.state",
                 "run finished (outcome=ok)", "make nightly"):  # fmt: skip
        assert text in readme


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_nightly_consolidates_the_inbox_into_the_outbox(tmp_path):
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    registry = write_registry(tmp_path / "registry.csv")
    team = {"Ấp Hạ": [("Nguyễn Văn An", "Tổ trưởng", "0912345678")]}
    write_list(inbox / "a.xlsx", CL, "Xã Đại Phước", team, date(2022, 8, 14))
    variables = [
        f"INBOX={inbox}",
        f"OUTBOX={outbox}",
        f"REGISTRY={registry}",
        "DEADLINE=2022-08-17",
        "AS_OF=2022-08-16",
    ]
    environment = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}
    command = ["make", "-s", "-C", str(ROOT), "nightly", *variables]
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stderr
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    assert (summary["as_of"], summary["deadline"], summary["totals"]["members"]) == (
        "2022-08-16",
        "2022-08-17",
        1,
    )
    assert [entry["as_of"] for entry in summary["history"]] == ["2022-08-16"]
