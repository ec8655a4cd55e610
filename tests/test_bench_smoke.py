"""The benchmark harness on a tiny national inbox: every tool runs, the figures and the report are sane.

It needs neither vietnam-provinces nor psutil (the bench extra): without them the registry is the small
built-in list and memory is read from /proc.
"""

from __future__ import annotations

from benchmarks import datasets, results
from benchmarks.run import bench


def test_the_harness_measures_every_tool_on_a_tiny_inbox(tmp_path):
    run = bench(["tiny"], tmp_path / "data", tmp_path, timeout=60, processes=1)

    tiny = run.datasets["tiny"]
    assert (tiny.files, len(list(tiny.inbox.iterdir()))) == (6, 3)  # 3 provinces
    assert [(m.tool, m.ok) for m in [run.startup, *run.measurements]] == [
        ("startup", True), ("consolidate", True), ("naive", True), ("floor", True),
    ]  # fmt: skip
    assert all(m.wall_s > 0 and m.cpu_s > 0 and m.peak_mb > 10 for m in run.measurements)
    rows_read, rows_accepted = run.accepted["tiny"]
    assert rows_read == tiny.rows and rows_accepted >= 0.9 * rows_read
    section = results.report(run)
    assert "| consolidate | tiny |" in section and "consolidate / floor, tiny:" in section


def test_results_keep_the_previous_run(tmp_path):
    path = tmp_path / "results.md"
    results.write_results("first\n", path)
    results.write_results("second\n", path)
    text = path.read_text(encoding="utf-8")
    latest, previous = text.split(results.LATEST)[1].split(results.PREVIOUS)
    assert ("second" in latest, "first" in previous, "first" in latest) == (True, True, False)


def test_a_cached_data_set_is_reused(tmp_path):
    first = datasets.dataset("tiny", tmp_path, processes=1)
    again = datasets.dataset("tiny", tmp_path, processes=1)
    assert (first.cached, again.cached, again.rows) == (False, True, first.rows)
