"""The house: layers and the pure core (import-linter), no import cycle between any
two modules (imports inside functions and under TYPE_CHECKING count), and packages
that are used only through the names their `__init__` makes public."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

import paper_tui

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("digest", "search", "store", "library", "export", "cli", "ui")
BOTTOM = {"paper_tui.model", "paper_tui.text", "paper_tui.collector", "paper_tui.lazy"}
"""The modules every layer may import directly."""


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("paper_tui", cache_dir=None)


def strongly_connected(graph: grimp.ImportGraph) -> list[list[str]]:
    """The groups of modules that import each other in a ring (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return groups


def test_import_linter_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 kept, 0 broken" in done.stdout


def test_no_two_modules_import_each_other_even_indirectly(graph: grimp.ImportGraph) -> None:
    assert strongly_connected(graph) == []


def test_the_cycle_finder_finds_a_ring() -> None:
    ring = grimp.ImportGraph()
    for name in ("a", "a.b", "a.c", "a.d"):
        ring.add_module(name)
    ring.add_import(importer="a.b", imported="a.c")
    ring.add_import(importer="a.c", imported="a.d")
    ring.add_import(importer="a.d", imported="a.b")
    assert strongly_connected(ring) == [["a.b", "a.c", "a.d"]]


def _package_of(module: str) -> str | None:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 and parts[1] in PACKAGES else None


def test_other_packages_import_only_a_package_or_its_public_modules(
    graph: grimp.ImportGraph,
) -> None:
    crossings = []
    for importer in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(importer):
            home = _package_of(imported)
            if home is None or home == _package_of(importer) or imported == home:
                continue
            public = importlib.import_module(home).__all__
            if imported.rsplit(".", 1)[1] not in public:
                crossings.append(f"{importer} -> {imported}")
    assert crossings == []


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_name_is_found_where_the_package_says(package: str) -> None:
    module = importlib.import_module(f"paper_tui.{package}")
    for name in module.__all__:
        assert getattr(module, name) is not None, name


def test_the_top_level_holds_at_most_eight_modules() -> None:
    top = [
        info.name for info in pkgutil.iter_modules(paper_tui.__path__) if not info.ispkg
    ]
    assert len(top) <= 8, top
    assert set(top) >= {"model", "text"}
    assert {f"paper_tui.{name}" for name in top} >= BOTTOM
