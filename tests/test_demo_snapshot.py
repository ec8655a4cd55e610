"""The demo gives the same summary.json and danh-sach.csv as the snapshot in tests/data.

The snapshot was taken from the demo of commit e04b2f0, before issue 8 rebuilt the house (sub-packages,
the row contract, place ids, one Totals); the rebuilt pipeline must give the same outputs. A deliberate
change of the demo's outputs is recorded by re-running scripts/snapshot_demo.py in the same commit.
"""

import json
import shutil
import sys
from pathlib import Path

import pytest

from pipeline.places import load_registry
from pipeline.runtime.run import DEMO_AS_OF, DEMO_DEADLINE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from snapshot_demo import SNAPSHOT, snapshot  # noqa: E402

pytestmark = pytest.mark.xdist_group("sample")  # on the worker that holds the session's sample inbox


@pytest.fixture(scope="module")
def demo_outbox(sample_run) -> Path:
    return sample_run.outbox  # the demo: the sample inbox on the embedded registry, as of 30/8/2022


def test_the_session_run_is_the_demo(sample_run):
    assert (sample_run.result.deadline, sample_run.result.as_of) == (DEMO_DEADLINE, DEMO_AS_OF)
    assert sample_run.result.registry.source == load_registry().source


@pytest.fixture(scope="module")
def demo_snapshot(demo_outbox) -> dict:
    return snapshot(demo_outbox)


def test_the_demo_gives_the_snapshot_outputs(demo_snapshot):
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    # Totals may gain keys (SPEC §7: more keys may be added); the snapshot's own keys keep their values.
    assert {key: demo_snapshot["totals"].get(key) for key in expected["totals"]} == expected["totals"]
    assert demo_snapshot["sections"] == expected["sections"]
    assert demo_snapshot["issues"] == expected["issues"]
    assert demo_snapshot["danh_sach_rows"] == expected["danh_sach_rows"]
    assert demo_snapshot["danh_sach_csv"] == expected["danh_sach_csv"]


def test_the_snapshot_would_see_a_changed_member_list(tmp_path, demo_outbox, demo_snapshot):
    outbox = tmp_path / "outbox"
    shutil.copytree(demo_outbox, outbox)
    member_list = outbox / "danh-sach.csv"
    member_list.write_bytes(member_list.read_bytes().replace("Tổ viên".encode(), "Tổ phó".encode(), 1))
    assert snapshot(outbox)["danh_sach_csv"] != demo_snapshot["danh_sach_csv"]
