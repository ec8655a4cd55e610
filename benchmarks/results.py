"""The benchmark's figures as text: the table, the ratios, the four targets, the stages; results.md.

results.md keeps two sections: "## Latest run" (this run) and "## Previous run" (the latest run of the
file as it was), so that it shows a before and an after.
"""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .datasets import Dataset
from .harness import Measurement

RESULTS = Path(__file__).resolve().parent / "results.md"
LATEST, PREVIOUS = "## Latest run", "## Previous run"
TARGETS = {"naive_ratio": 0.5, "floor_ratio": 2.0, "peak_mb": 1500.0, "linearity": 1.5}


@dataclass(frozen=True)
class Run:
    """Everything one bench run measured."""

    datasets: dict[str, Dataset]  # by scale
    measurements: list[Measurement]
    startup: Measurement
    stages: dict[str, list[tuple[str, float]]]  # by scale: the last run's stage lines of consolidate
    accepted: dict[str, tuple[int, int]]  # by scale: consolidate's (rows_read, rows_accepted)

    def get(self, tool: str, scale: str) -> Measurement | None:
        """Returns the measurement of a tool at a scale, if it was measured."""
        return next((m for m in self.measurements if m.tool == tool and m.scale == scale), None)


def machine() -> str:
    """Returns one line about the machine: cores, CPU model, RAM, Python version."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                 if line.startswith("model name")]  # fmt: skip
        model = names[0] if names else model
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores, {model}, {ram:.1f} GB RAM, Python {platform.python_version()} "
            f"({sys.platform})")  # fmt: skip


def ratio(run: Run, scale: str, other: str) -> float | None:
    """Returns consolidate's wall time over another tool's at a scale; None unless both ran."""
    mine, theirs = run.get("consolidate", scale), run.get(other, scale)
    if mine is None or theirs is None or not (mine.ok and theirs.ok) or theirs.wall_s <= 0:
        return None
    return mine.wall_s / theirs.wall_s


def linearity(run: Run) -> tuple[float, float] | None:
    """Returns (time ratio, rows ratio) national/province of consolidate, start-up subtracted."""
    province, national = run.get("consolidate", "province"), run.get("consolidate", "national")
    if province is None or national is None or not (province.ok and national.ok):
        return None
    base = run.startup.wall_s
    times = (national.wall_s - base) / max(province.wall_s - base, 1e-6)
    rows = run.datasets["national"].rows / run.datasets["province"].rows
    return times, rows


def report(run: Run) -> str:
    """Returns the Markdown section of one run (without its "## " heading)."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Date: {when}  ", f"Machine: {machine()}", "", *_data_lines(run), "", *_table(run), ""]
    lines += [*_ratio_lines(run), "", *_target_lines(run), "", *_stage_lines(run)]
    return "\n".join(lines) + "\n"


def _data_lines(run: Run) -> list[str]:
    """Returns one line per data set: files, rows, hamlets, generation time."""
    lines = ["| data set | files | data rows | registry hamlets | generated in |", "|---|---:|---:|---:|---|"]
    for scale, data in run.datasets.items():
        made = "cached" if data.cached else f"{data.seconds:.1f} s"
        lines.append(f"| {scale} | {data.files:,} | {data.rows:,} | {data.hamlets:,} | {made} |")
    return lines


def _table(run: Run) -> list[str]:
    """Returns the table of figures: wall s, CPU s, peak MB per tool and scale."""
    lines = ["| tool | scale | wall s | CPU s | peak MB | result |", "|---|---|---:|---:|---:|---|"]
    for m in [run.startup, *run.measurements]:
        result = "timed out" if m.timed_out else ("ok" if m.ok else f"exit {m.exit_code}")
        if m.tool == "consolidate" and m.scale in run.accepted:
            read, accepted = run.accepted[m.scale]
            result += f", {accepted:,} of {read:,} rows accepted"
        lines.append(
            f"| {m.tool} | {m.scale} | {m.wall_s:.2f} | {m.cpu_s:.2f} | {m.peak_mb:.0f} | {result} |"
        )
    return lines


def _ratio_lines(run: Run) -> list[str]:
    """Returns the wall-time ratios and the linearity check."""
    lines = []
    for scale in run.datasets:
        for other in ("naive", "floor"):
            value = ratio(run, scale, other)
            shown = "n/a (a tool did not finish)" if value is None else f"{value:.2f}"
            lines.append(f"- consolidate / {other}, {scale}: {shown}")
    linear = linearity(run)
    if linear is None:
        lines.append("- linearity: n/a (consolidate did not finish at both scales)")
    else:
        times, rows = linear
        lines.append(f"- linearity: national/province time {times:.1f}x (start-up "
                     f"{run.startup.wall_s:.2f} s subtracted) for {rows:.1f}x the rows: "
                     f"{times / rows:.2f}x of linear")  # fmt: skip
    return lines


def targets(run: Run) -> list[tuple[str, bool | None]]:
    """Returns each target with whether it is met (None: not measured)."""
    naive = [ratio(run, scale, "naive") for scale in run.datasets]
    floor = [ratio(run, scale, "floor") for scale in run.datasets]
    peaks = [m.peak_mb for m in run.measurements if m.tool == "consolidate" and m.ok]
    linear = linearity(run)

    def all_of(values: list[float | None], limit: float) -> bool | None:
        return None if not values or None in values else all(v is not None and v <= limit for v in values)

    return [
        (f"consolidate <= {TARGETS['naive_ratio']} x naive (wall)", all_of(naive, TARGETS["naive_ratio"])),
        (f"consolidate <= {TARGETS['floor_ratio']:.0f} x floor (wall)",
         all_of(floor, TARGETS["floor_ratio"])),
        (f"peak memory <= {TARGETS['peak_mb']:,.0f} MB", all_of(list(peaks), TARGETS["peak_mb"])),
        (f"linear within {TARGETS['linearity']}x",
         None if linear is None else linear[0] / linear[1] <= TARGETS["linearity"]),
    ]  # fmt: skip


def _target_lines(run: Run) -> list[str]:
    """Returns one line per target: met, not met, or not measured."""
    words = {True: "met", False: "NOT met", None: "not measured"}
    return ["Targets:", *[f"- {name}: {words[met]}" for name, met in targets(run)]]


def _stage_lines(run: Run) -> list[str]:
    """Returns where the time goes per stage of consolidate, from its log, per scale."""
    lines = ["Where the time goes (consolidate's `stage NAME: S s` log lines, last run):"]
    for scale, stages in run.stages.items():
        if not stages:
            lines.append(f"- {scale}: no stage lines in tong-hop.log")
            continue
        total = sum(seconds for _, seconds in stages) or 1.0
        lines += ["", f"| stage ({scale}) | s | share |", "|---|---:|---:|"]
        lines += [f"| {name} | {seconds:.2f} | {seconds / total:.0%} |" for name, seconds in stages]
    return lines


def write_results(section: str, path: Path = RESULTS) -> None:
    """Writes results.md: this run as the latest, the file's latest run (if any) as the previous one."""
    previous = ""
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if LATEST in text:
            previous = text.split(LATEST, 1)[1].split(PREVIOUS, 1)[0].strip() + "\n"
    heading = (
        "# Benchmark results\n\nWritten by `make bench` (benchmarks/run.py); see benchmarks/README.md.\n\n"
    )
    body = f"{LATEST}\n\n{section}\n{PREVIOUS}\n\n{previous or 'None yet.'}\n"
    path.write_text(heading + body, encoding="utf-8")
