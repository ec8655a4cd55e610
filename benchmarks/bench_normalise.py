"""Times phone normalisation of generated cells: the full path cell by cell against normalise_phones.

`make bench` runs it. Both paths run in the same process on the same cells with cold caches; the ratio
of the two times (the speed-up) is what to compare between machines, not the times themselves.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

import pandas as pd

from pipeline import phones

# Realistic operator prefixes (phones.md §1) to generate data with; the pipeline asks phonenumbers.
_OPERATOR_PREFIXES = (
    "32 33 34 35 36 37 38 39 56 58 70 76 77 78 79 81 82 83 84 85 86 88 90 91 93 94 96 97 98".split()
)
_PLAIN_WRITINGS: list[Callable[[str], object]] = [
    lambda n: f"0{n}",
    lambda n: f"0{n[:3]} {n[3:6]} {n[6:]}",
    lambda n: f"0{n[:3]}.{n[3:6]}.{n[6:]}",
    lambda n: f"0{n[:3]}-{n[3:6]}-{n[6:]}",
    lambda n: f"+84 {n[:3]} {n[3:6]} {n[6:]}",
    lambda n: f"84{n}",
    lambda n: f"(+84) 0{n}",
    lambda n: f"'0{n}",
    int,  # a number cell: the leading zero is lost
    lambda n: float(n),
]
_OTHER_WRITINGS: list[Callable[[str], object]] = [
    lambda n: f"0{n} - 098{n[3:]}1",  # two numbers
    lambda n: f"Zalo: 0{n}",
    lambda n: f"016{n[2:]}1",  # legacy 11-digit number
    lambda n: f"0294 {n[:7]}",  # landline
    lambda n: "không có",
    lambda n: None,
]


def generated_cells(count: int, other_share: float, seed: int = 2022) -> pd.Series:
    """Returns phone cells with distinct numbers: plain mobiles in many writings, other_share of others."""
    rng = random.Random(seed)
    cells = []
    for _ in range(count):
        number = rng.choice(_OPERATOR_PREFIXES) + f"{rng.randrange(10**7):07d}"
        writings = _OTHER_WRITINGS if rng.random() < other_share else _PLAIN_WRITINGS
        cells.append(rng.choice(writings)(number))
    return pd.Series(cells, dtype=object)


def _timed(normalise: Callable[[pd.Series], Any], cells: pd.Series, repeat: int) -> tuple[float, Any]:
    """Returns the best time of repeat runs, each with cold caches, and the result of the last one."""
    best = float("inf")
    for _ in range(repeat):
        phones._normalise_text.cache_clear()  # every run pays for every distinct cell
        start = time.perf_counter()
        result = normalise(cells)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=100_000, help="number of phone cells (default 100000)")
    parser.add_argument("--other-share", type=float, default=0.05, help="share of non-plain cells (0.05)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each path; the best counts (1)")
    options = parser.parse_args()

    cells = generated_cells(options.cells, options.other_share)
    full_seconds, full = _timed(
        lambda series: [phones.normalise_phone(cell) for cell in series], cells, options.repeat
    )
    fast_seconds, fast = _timed(phones.normalise_phones, cells, options.repeat)
    fast_rows = list(fast.itertuples(index=False, name=None))
    if fast_rows != [(r.e164, r.national, r.code, r.detail) for r in full]:
        raise SystemExit("the two paths disagree: run the tests")
    plain_share = phones.plain_mobile_numbers(cells)["e164"].notna().mean()

    print(f"phone cells:  {len(cells):,} ({plain_share:.1%} taken by the fast path)")
    for label, seconds in [("full path", full_seconds), ("fast path", fast_seconds)]:
        print(f"{label}:    {seconds:6.2f} s   {seconds / len(cells) * 1e6:5.1f} µs per cell")
    print(f"speed-up:     {full_seconds / fast_seconds:.1f}x  (normalise_phone per cell / normalise_phones)")


if __name__ == "__main__":
    main()
