"""Consolidates the Mẫu 2 lists of community digital technology teams (Tổ công nghệ số cộng đồng).

The public API; everything else is an implementation detail of its package:

- `consolidate(inbox, registry, deadline, as_of)` -> `RunResult`: the whole run, writing nothing;
- `check_rows(inbox, registry, paths=...)` -> `CheckedRows`: read, normalise, place and validate only
  (what a district's pre-flight check needs: no supersession, no coverage);
- `run_consolidation(...)`: a run with its guards (lock, log) that writes the outputs to the outbox;
- `load_registry(path=None)`: the places (the embedded Trà Vinh 2022 list without a path).

Packages: `ingest` (the only reader of input files), `places` (registry, matching, placing rows),
`report` (the only writers of outputs), `runtime` (one run's guards; the home of the nightly state),
`demo` (the sample inbox). Stage modules: `normalise`, `validate`, `merge`, `coverage`, `totals`;
shared data in `model`, issue codes in `codes`, Vietnamese forms in `vietnamese`, text in `text`.
"""

import pandas as _pandas

from .consolidate import CheckedRows, check_rows, consolidate
from .model import (
    FileStatus,
    Issue,
    Outcome,
    RawRow,
    RunResult,
    Severity,
    SourceFile,
    SubmissionStatus,
    Totals,
)
from .places import Registry, RegistryError, load_registry
from .runtime import ConfigurationError, LockHeld, run_consolidation, run_demo

# Copy on write: a frame derived from another (assign, a selection, a sort) shares its columns until one
# is changed. The settled rows have ~50 columns of ~450,000 rows at national scale: without it every step
# copied them whole. It is also pandas 3's only mode.
_pandas.set_option("mode.copy_on_write", True)

__all__ = [
    "CheckedRows",
    "ConfigurationError",
    "FileStatus",
    "Issue",
    "LockHeld",
    "Outcome",
    "RawRow",
    "Registry",
    "RegistryError",
    "RunResult",
    "Severity",
    "SourceFile",
    "SubmissionStatus",
    "Totals",
    "check_rows",
    "consolidate",
    "load_registry",
    "run_consolidation",
    "run_demo",
]
