"""Runtime: one run with its guards (configuration checks, the lock, the log, atomic outputs).

The home of what a run keeps between nights. The CLI uses `run_consolidation`, `run_demo` and the two
refusals, `ConfigurationError` and `LockHeld`.
"""

from .run import ConfigurationError, LockHeld, RunOutputs, run_consolidation, run_demo, vietnam_today

__all__ = ["ConfigurationError", "LockHeld", "RunOutputs", "run_consolidation", "run_demo", "vietnam_today"]
