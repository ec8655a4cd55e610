"""Fixtures built once per test session: the embedded registry, its place index, the sample province inbox
and one consolidated run of it.

They are shared by every test that asks for them, so a test must never change them: a test that needs to
change the sample inbox copies it into its own tmp_path first (shutil.copytree keeps the files' dates).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from pipeline.consolidate import consolidate
from pipeline.demo.sample import SampleInbox, write_sample_inbox
from pipeline.places.index import PlaceIndex
from pipeline.places.registry import Registry, load_registry
from pipeline.report.summary import build_summary
from pipeline.runtime.run import RunOutputs, run_consolidation

DEADLINE, AS_OF = date(2022, 8, 27), date(2022, 8, 30)  # what the sample inbox is dated against


@pytest.fixture(scope="session")
def embedded_registry() -> Registry:
    """The registry the tool ships with (Trà Vinh 2022), loaded once."""
    return load_registry()


@pytest.fixture(scope="session")
def embedded_index(embedded_registry: Registry) -> PlaceIndex:
    """The place index of the embedded registry, built once."""
    return PlaceIndex(embedded_registry)


@pytest.fixture(scope="session")
def sample_inbox(embedded_registry: Registry, tmp_path_factory: pytest.TempPathFactory) -> SampleInbox:
    """The sample province inbox (what `make demo` writes) on the embedded registry; read-only."""
    return write_sample_inbox(tmp_path_factory.mktemp("sample") / "inbox", embedded_registry.table)


@pytest.fixture(scope="session")
def sample_run(sample_inbox: SampleInbox, tmp_path_factory: pytest.TempPathFactory) -> RunOutputs:
    """One whole run of the sample inbox (every output written), as of 30/8/2022; read-only."""
    outbox = tmp_path_factory.mktemp("sample-run") / "outbox"
    return run_consolidation(sample_inbox.root, outbox, None, DEADLINE, AS_OF)


@pytest.fixture(scope="session")
def summary_of(embedded_registry: Registry) -> Callable[[Path], dict]:
    """Returns a function giving the summary.json data of an inbox consolidated on the embedded registry
    (deadline 27/8/2022, as of 30/8/2022), computed by the library without writing any output."""

    def summarise(inbox: Path) -> dict:
        result = consolidate(inbox, embedded_registry, DEADLINE, AS_OF)
        return json.loads(json.dumps(build_summary(result), ensure_ascii=False))  # as summary.json reads

    return summarise
