"""Prints the import layers of the package: each module with the modules of ours it imports at run time.

Layer 0 imports nothing of ours; a module's layer is one more than the highest layer it imports. An
import cycle is reported. Imports under `if TYPE_CHECKING:` are left out (they are not run).

    .venv/bin/python scripts/import_layers.py [ROOT]
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGES = ("pipeline", "schemas")


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _run_time_imports(tree: ast.Module) -> list[ast.ImportFrom | ast.Import]:
    """Returns the import statements that run: not those under `if TYPE_CHECKING:`."""
    typing_only = {
        id(statement)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for statement in node.body
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom | ast.Import) and id(node) not in typing_only
    ]


def imports_of(root: Path, path: Path, modules: set[str]) -> set[str]:
    """Returns the modules of ours that a module imports when it runs."""
    name = module_name(root, path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _run_time_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            stem = ".".join([*base, node.module] if node.module else base)
            submodules = [f"{stem}.{alias.name}" for alias in node.names if f"{stem}.{alias.name}" in modules]
            # "from . import pools" needs the submodule, not the whole package's __init__
            targets = submodules if len(submodules) == len(node.names) else [stem, *submodules]
        found |= {target for target in targets if target in modules and target != name}
    return found


def dependency_graph(root: Path) -> dict[str, set[str]]:
    paths = [path for package in PACKAGES for path in sorted((root / package).rglob("*.py"))]
    modules = {module_name(root, path) for path in paths}
    return {module_name(root, path): imports_of(root, path, modules) for path in paths}


def layers(graph: dict[str, set[str]]) -> dict[str, int]:
    """Returns each module's layer; raises ValueError naming a cycle."""
    layer: dict[str, int] = {}

    def visit(module: str, path: tuple[str, ...]) -> int:
        if module in path:
            raise ValueError("import cycle: " + " -> ".join([*path[path.index(module) :], module]))
        if module not in layer:
            below = [visit(dependency, (*path, module)) for dependency in graph[module]]
            layer[module] = 1 + max(below, default=-1)
        return layer[module]

    for module in graph:
        visit(module, ())
    return layer


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]
    graph = dependency_graph(root)
    by_layer = layers(graph)
    for level in range(max(by_layer.values()) + 1):
        names = sorted(module for module, found in by_layer.items() if found == level)
        print(f"{level:2d}: " + ", ".join(names))
