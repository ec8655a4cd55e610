"""Demo: the deterministic sample inbox (files, clerk habits and the facts planted in them).

The rest uses `write_sample_inbox`; tests read its `SampleInbox` facts.
"""

from .sample import PlantedFact, SampleInbox, write_sample_inbox

__all__ = ["PlantedFact", "SampleInbox", "write_sample_inbox"]
