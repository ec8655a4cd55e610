"""Writes tests/data/demo_snapshot.json: digests of the demo's summary.json and danh-sach.csv.

tests/test_demo_snapshot.py compares every run of the demo with it, so that a change of what the demo
produces is a decision written in a commit, never an accident. Run after such a decision:

    .venv/bin/python -m pipeline demo --folder /tmp/demo
    .venv/bin/python scripts/snapshot_demo.py /tmp/demo/outbox
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "data" / "demo_snapshot.json"
ADDED_ISSUE_KEYS = ("cell",)  # keys added to issues since the snapshot format was set


def digest(value: object) -> str:
    """Returns the SHA-256 of a JSON value written canonically (sorted keys, no spaces)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot(outbox: Path) -> dict:
    """Returns the snapshot of a demo outbox: totals in full, every other section and the CSV as digests."""
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    issues = [{k: v for k, v in issue.items() if k not in ADDED_ISSUE_KEYS} for issue in summary["issues"]]
    sections = {
        key: value for key, value in summary.items() if key not in ("totals", "issues", "generated_at")
    }
    member_list = (outbox / "danh-sach.csv").read_bytes()
    return {
        "totals": summary["totals"],
        "sections": {key: digest(value) for key, value in sections.items()},
        "issues": digest(issues),
        "danh_sach_csv": hashlib.sha256(member_list).hexdigest(),
        "danh_sach_rows": member_list.count(b"\n") - 1,
    }


if __name__ == "__main__":
    SNAPSHOT.write_text(json.dumps(snapshot(Path(sys.argv[1])), indent=2) + "\n", encoding="utf-8")
    print(f"{SNAPSHOT.relative_to(ROOT)} written")
