"""The package's import layers: no cycle, and no module reaching back up to a layer above its own."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from import_layers import dependency_graph, layers  # noqa: E402

BASE = {"pipeline.model", "pipeline.text", "pipeline.vietnamese", "pipeline.codes", "pipeline.timing"}
# What each area must never import (an area is a package or a stage module).
FORBIDDEN = {
    "schemas": ("pipeline",),
    "pipeline.ingest": ("pipeline.places", "pipeline.report", "pipeline.runtime", "pipeline.consolidate",
                        "pipeline.merge", "pipeline.coverage", "pipeline.demo", "pipeline.cli"),
    "pipeline.places": ("pipeline.ingest", "pipeline.report", "pipeline.runtime", "pipeline.consolidate",
                        "pipeline.demo", "pipeline.cli"),
    "pipeline.report": ("pipeline.ingest", "pipeline.runtime", "pipeline.consolidate", "pipeline.demo",
                        "pipeline.cli"),
    "pipeline.demo": ("pipeline.ingest", "pipeline.report", "pipeline.runtime", "pipeline.consolidate",
                      "pipeline.cli"),
    "pipeline.runtime": ("pipeline.cli",),
    "pipeline.consolidate": ("pipeline.report", "pipeline.runtime", "pipeline.cli"),
    # the nightly rules: pure, below the stages that use them (the state itself lives in pipeline.runtime)
    "pipeline.arrivals": ("pipeline.ingest", "pipeline.places", "pipeline.report", "pipeline.runtime",
                          "pipeline.consolidate", "pipeline.demo", "pipeline.cli"),
    "pipeline.progress": ("pipeline.ingest", "pipeline.places", "pipeline.report", "pipeline.runtime",
                          "pipeline.consolidate", "pipeline.demo", "pipeline.cli"),
}  # fmt: skip


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return dependency_graph(ROOT)


def _in(module: str, area: str) -> bool:
    return module == area or module.startswith(area + ".")


def test_there_is_no_import_cycle(graph):
    assert max(layers(graph).values()) > 5  # and it raises ValueError naming a cycle when there is one


def test_the_cycle_check_finds_a_cycle():
    with pytest.raises(ValueError, match="a -> b -> a"):
        layers({"a": {"b"}, "b": {"a"}})


def test_no_module_reaches_back_up(graph):
    reaching = [
        (module, imported)
        for module, imports in graph.items()
        for area, forbidden in FORBIDDEN.items()
        if _in(module, area)
        for imported in imports
        if any(_in(imported, above) for above in forbidden)
    ]
    assert reaching == []


def test_the_shared_base_imports_only_the_base_and_the_schemas(graph):
    outside = {
        module: sorted(
            imported for imported in graph[module] if imported not in BASE and not _in(imported, "schemas")
        )
        for module in BASE
    }
    assert outside == {module: [] for module in BASE}


def test_the_public_api_and_each_package_export_what_they_name():
    import pipeline
    from pipeline import demo, ingest, places, report, runtime

    for package in (pipeline, demo, ingest, places, report, runtime):
        assert [name for name in package.__all__ if not hasattr(package, name)] == [], package.__name__
    assert callable(pipeline.check_rows) and callable(pipeline.consolidate)
