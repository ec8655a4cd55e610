"""Measures one command as a separate process: wall time, CPU time and peak memory of its process tree.

CPU time is the RUSAGE_CHILDREN delta around the run (user + sys of the process and of every worker it
waited for). Peak memory is the largest sum of RSS over the process and all its descendants, sampled
every SAMPLE_SECONDS with psutil where installed, else from /proc.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.05
REPO = Path(__file__).resolve().parent.parent
_STAGE = re.compile(r"stage (\S+): ([0-9.]+) s")


@dataclass(frozen=True)
class Measurement:
    """What one run of a tool cost, and how it ended."""

    tool: str
    scale: str
    wall_s: float
    cpu_s: float
    peak_mb: float
    exit_code: int | None  # None when it timed out
    timed_out: bool = False
    stderr_tail: str = ""

    @property
    def ok(self) -> bool:
        """Returns whether the tool ran to the end with exit code 0."""
        return self.exit_code == 0 and not self.timed_out


def measure(tool: str, scale: str, command: list[str], timeout: float, cwd: Path = REPO) -> Measurement:
    """Returns the measurement of one run of `command`, killed (its whole group) after `timeout` seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    sampler = _PeakSampler(process.pid)
    sampler.start()
    timed_out = False
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(process.pid, signal.SIGKILL)  # the group this run started: the tool and its workers
        _, stderr = process.communicate()
    wall = time.perf_counter() - started
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    tail = stderr.decode("utf-8", "replace").strip()[-2000:]
    exit_code = None if timed_out else process.returncode
    return Measurement(tool, scale, round(wall, 3), round(cpu, 3), round(sampler.peak_mb, 1), exit_code,
                       timed_out, tail)  # fmt: skip


class _PeakSampler(threading.Thread):
    """Samples the RSS of a process tree in the background; keeps the largest sum seen."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_mb = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss_bytes(self.pid) / 2**20)
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        """Stops sampling and waits for the sampler to end."""
        self._done.set()
        self.join()


def tree_rss_bytes(pid: int) -> int:
    """Returns the summed RSS of a process and all its descendants (0 once it is gone)."""
    try:
        import psutil
    except ImportError:
        return _proc_tree_rss(pid)
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            pass  # ended between the listing and the reading
    return total


def _proc_tree_rss(pid: int) -> int:
    """Returns the summed RSS of a process tree read from /proc (without psutil)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    page, total, pending = os.sysconf("SC_PAGE_SIZE"), 0, [pid]
    while pending:
        current = pending.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        pending += parents.get(current, [])
    return total


def python_command(*arguments: str) -> list[str]:
    """Returns the command running this interpreter with the given arguments."""
    return [sys.executable, *arguments]


def last_run_stages(log: Path) -> list[tuple[str, float]]:
    """Returns the (stage, seconds) lines of the last run in a tong-hop.log; empty when there are none."""
    if not log.exists():
        return []
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    starts = [index for index, line in enumerate(lines) if "run started" in line]
    last = lines[starts[-1] :] if starts else lines
    return [(match[1], float(match[2])) for line in last if (match := _STAGE.search(line))]
