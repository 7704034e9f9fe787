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
    return package if path.stem == "__init__" else f"{package}.{path.stem}"


def imports(tree: ast.AST, package: str, module: str) -> set[str]:
    """Absolute names of the modules (of either layer) that ``module`` imports."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package if node.level == 1 else None
                target = f"{base}.{node.module}" if node.module else base
                names = [f"{base}.{a.name}" for a in node.names] if not node.module else []
                found |= {target, *names}
            elif node.module:
                found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
    return {name for name in found if name and name.split(".")[0] in LAYERS}


def graph() -> nx.DiGraph:
    g = nx.DiGraph()
    modules = {}
    for package, folder in LAYERS.items():
        for path in sorted(folder.glob("*.py")):
            name = module_name(package, path)
            modules[name] = ast.parse(path.read_text(encoding="utf-8"))
            g.add_node(name)
    for name, tree in modules.items():
        package = name.split(".")[0]
        for target in imports(tree, package, name):
            if target in modules and target != name:
                g.add_edge(name, target)
    return g


GRAPH = graph()


def test_the_graph_sees_both_layers():
    assert {"seedsoil.exercises", "seedsoil.answers", "coursekit.build", "coursekit.stamp"} <= set(GRAPH)
    assert GRAPH.has_edge("seedsoil.exercises", "seedsoil.answers")
    assert GRAPH.has_edge("coursekit.build", "coursekit.glossary")


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
    assert imports(tree, "seedsoil", "seedsoil.a") == {"seedsoil", "seedsoil.b"}
    g = nx.DiGraph([("seedsoil.a", "seedsoil.b"), ("seedsoil.b", "seedsoil.a")])
    assert list(nx.simple_cycles(g))
