"""Two layers, one direction: notebooks -> seedsoil (student library) <- coursekit (toolkit).

The import graph is read from the source (every import, also those inside functions): the
library never imports the toolkit, neither layer has an import cycle, and notebooks import the
library only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

from nbtools import NOTEBOOK_FILES, ROOT, read_notebook

LAYERS = {"seedsoil": ROOT / "src" / "seedsoil", "coursekit": ROOT / "toolkit" / "coursekit"}


def module_name(package: str, path: Path) -> str:
    """``coursekit.build.decks`` for toolkit/coursekit/build/decks.py; a package's __init__ is the package."""
    parts = [package, *path.relative_to(LAYERS[package]).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(tree: ast.AST, package: str, module: str) -> set[str]:
    """Absolute names of the modules (of either layer) that ``module`` imports; ``package`` is the
    package ``module`` is in (itself, for a package's __init__)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1]) if node.level <= len(parts) else None
                if node.module:
                    found.add(f"{base}.{node.module}")
                else:  # `from . import x`: the module x of the package (or, if x is a name, the package)
                    found |= {f"{base}.{a.name}" for a in node.names}
            elif node.module:
                found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
    return {name for name in found if name and name.split(".")[0] in LAYERS}


def graph() -> nx.DiGraph:
    g = nx.DiGraph()
    modules = {}
    packages = {}
    for layer, folder in LAYERS.items():
        for path in sorted(folder.rglob("*.py")):
            name = module_name(layer, path)
            modules[name] = ast.parse(path.read_text(encoding="utf-8"))
            packages[name] = name if path.stem == "__init__" else name.rpartition(".")[0]
            g.add_node(name)
    for name, tree in modules.items():
        for target in imports(tree, packages[name], name):
            if target not in modules:
                target = target.rpartition(".")[0]  # a name defined in a package, not a module
            if target in modules and target != name:
                g.add_edge(name, target)
    return g


GRAPH = graph()


def test_the_graph_sees_both_layers():
    assert {"seedsoil.exercises", "seedsoil.answers", "coursekit.build", "coursekit.stamp"} <= set(GRAPH)
    assert GRAPH.has_edge("seedsoil.exercises", "seedsoil.answers")
    assert GRAPH.has_edge("coursekit.build.pages", "coursekit.glossary")
    assert GRAPH.has_edge("coursekit.build", "coursekit.build.state")


def test_library_never_imports_the_toolkit():
    wrong = [(a, b) for a, b in GRAPH.edges if a.startswith("seedsoil") and b.startswith("coursekit")]
    assert wrong == []


@pytest.mark.parametrize("layer", list(LAYERS))
def test_no_import_cycles(layer):
    sub = GRAPH.subgraph(n for n in GRAPH if n.startswith(layer))
    assert list(nx.simple_cycles(sub)) == []


def test_engine_does_not_know_the_answer_key():
    assert nx.descendants(GRAPH, "seedsoil.feedback") == set()


def test_notebooks_import_the_library_only():
    for file in NOTEBOOK_FILES:
        for cell in read_notebook(file).cells:
            if cell.cell_type == "code":
                assert "coursekit" not in cell.source, f"{file} imports the toolkit"


def test_the_cycle_check_can_fail():
    tree = ast.parse("from . import b")
    assert imports(tree, "seedsoil", "seedsoil.a") == {"seedsoil.b"}
    g = nx.DiGraph([("seedsoil.a", "seedsoil.b"), ("seedsoil.b", "seedsoil.a")])
    assert list(nx.simple_cycles(g))
