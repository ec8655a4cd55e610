"""The benchmark: consolidate against the naive pandas script and the calamine floor, at two scales.

`python benchmarks/run.py [--scale province|national|both] [--timeout S] [--data DIR] [--no-write]`.
Each tool runs once per scale as a separate process; the figures are printed and written to
benchmarks/results.md (the previous run kept beside them). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root holds the benchmarks package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import datasets, results  # noqa: E402
from benchmarks.harness import Measurement, last_run_stages, measure, python_command  # noqa: E402

HERE = Path(__file__).resolve().parent
DEADLINE = "2022-08-17"
TIMEOUTS = {"province": 300.0, "national": 900.0}  # seconds per measured process; BENCH_TIMEOUT overrides


def consolidate_command(data: datasets.Dataset, outbox: Path) -> list[str]:
    """Returns the command line of consolidate on a data set."""
    return python_command(
        "-m", "pipeline", "consolidate", "--inbox", str(data.inbox), "--outbox", str(outbox),
        "--registry", str(data.registry), "--deadline", DEADLINE, "--as-of", DEADLINE, "--quiet",
    )  # fmt: skip


def measure_scale(data: datasets.Dataset, work: Path, timeout: float) -> tuple[list[Measurement], Path]:
    """Returns the measurements of consolidate, naive and floor on a data set, and consolidate's outbox."""
    outbox = work / f"outbox-{data.name}"
    commands = {
        "consolidate": consolidate_command(data, outbox),
        "naive": python_command(
            str(HERE / "naive.py"), str(data.inbox), str(work / f"naive-{data.name}.xlsx")
        ),
        "floor": python_command(
            str(HERE / "floor.py"), str(data.inbox), str(work / f"floor-{data.name}.xlsx")
        ),
    }
    measured = []
    for tool, command in commands.items():
        measurement = measure(tool, data.name, command, timeout)
        print(_line(measurement), flush=True)
        measured.append(measurement)
    return measured, outbox


def accepted_rows(outbox: Path) -> tuple[int, int] | None:
    """Returns (rows_read, rows_accepted) from consolidate's summary.json, if it wrote one."""
    summary = outbox / "summary.json"
    if not summary.exists():
        return None
    totals = json.loads(summary.read_text(encoding="utf-8"))["totals"]
    return totals["rows_read"], totals["rows_accepted"]


def bench(
    scales: list[str], data_dir: Path, work: Path, timeout: float | None, processes: int = 2
) -> results.Run:
    """Returns the run: data sets made (or cached), start-up measured, every tool measured per scale."""
    made = {}
    for scale in scales:
        made[scale] = datasets.dataset(scale, data_dir, processes)
        data = made[scale]
        how = "cached" if data.cached else f"generated in {data.seconds:.1f} s"
        print(
            f"{scale}: {data.files:,} files, {data.rows:,} rows, {data.hamlets:,} hamlets ({how})", flush=True
        )
    startup = measure("startup", "-", python_command("-m", "pipeline", "--help"), 60)
    print(_line(startup), flush=True)
    measurements, stages, accepted = [], {}, {}
    for scale, data in made.items():
        measured, outbox = measure_scale(data, work, timeout or TIMEOUTS.get(scale, 900.0))
        measurements += measured
        stages[scale] = last_run_stages(outbox / "tong-hop.log")
        counts = accepted_rows(outbox)
        if counts:
            accepted[scale] = counts
        tail = measured[0].stderr_tail
        if tail:
            print(f"consolidate {scale} stderr (tail):\n{tail[-800:]}", flush=True)
    return results.Run(made, measurements, startup, stages, accepted)


def _line(m: Measurement) -> str:
    """Returns one printed line of a measurement."""
    end = "timed out" if m.timed_out else f"exit {m.exit_code}"
    figures = f"wall {m.wall_s:8.2f} s  CPU {m.cpu_s:8.2f} s  peak {m.peak_mb:7.0f} MB"
    return f"  {m.tool:<12} {m.scale:<9} {figures}  {end}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["province", "national", "both"], default="both")
    default_timeout = os.environ.get("BENCH_TIMEOUT")
    parser.add_argument(
        "--timeout",
        type=float,
        default=float(default_timeout) if default_timeout else None,
        help="seconds per measured process (default: 300 province, 900 national; BENCH_TIMEOUT)",
    )
    parser.add_argument("--data", type=Path, default=datasets.DATA_DIR, help="cache of generated data")
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md as it is")
    options = parser.parse_args()
    scales = ["province", "national"] if options.scale == "both" else [options.scale]
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        run = bench(scales, options.data, Path(work), options.timeout)
    section = results.report(run)
    print("\n" + section)
    if not options.no_write:
        results.write_results(section)
        print(f"written: {results.RESULTS}")


if __name__ == "__main__":
    main()
