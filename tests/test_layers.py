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
    assert {"seedsoil.exercises", "seedsoil.lessons.treatment", "coursekit.build", "coursekit.stamp"} <= set(GRAPH)
    assert GRAPH.has_edge("seedsoil.exercises", "seedsoil.lessons")
    assert GRAPH.has_edge("seedsoil.lessons.treatment", "seedsoil.drawing")
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
    """The feedback engine knows how a box looks (the presentation layer, which reads the data
    package's titles), never an exercise's answer."""
    below = nx.descendants(GRAPH, "seedsoil.feedback")
    assert not any(m.startswith("seedsoil.lessons") or m in ("seedsoil.exercises", "seedsoil.polls") for m in below)
    assert "seedsoil.render" in below


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


def test_models_and_engines_never_import_a_lesson():
    """Kind at the top, lesson inside: a lesson module uses the models and engines, never the
    reverse (only exercises and polls, which gather the lessons' checks and polls, import them)."""
    gatherers = {"seedsoil.exercises", "seedsoil.polls", "seedsoil.lessons", "seedsoil.setup_check"}
    wrong = [
        (a, b)
        for a, b in GRAPH.edges
        if a.startswith("seedsoil")
        and b.startswith("seedsoil.lessons")
        and not a.startswith("seedsoil.lessons")
        and a not in gatherers
    ]
    assert wrong == []


def test_no_private_name_crosses_from_the_library_to_the_toolkit():
    """The toolkit uses the library's public names only (no `from seedsoil.x import _y`, no `x._y`)."""
    found = []
    for path in sorted(LAYERS["coursekit"].rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        library = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("seedsoil"):
                found += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
                library |= {a.asname or a.name for a in node.names}
            elif isinstance(node, ast.Import):
                library |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith("seedsoil")}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                if isinstance(node.value, ast.Name) and node.value.id in library:
                    found.append(f"{path.name}: {node.value.id}.{node.attr}")
    assert found == []


def test_the_librarys_module_list_is_complete():
    """seedsoil.__all__ (and so the package's docstring, which lists the same names) names every
    module and package of the library, and CONTRIBUTING.md's table of modules names them all."""
    import seedsoil

    folder = LAYERS["seedsoil"]
    modules = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    modules |= {p.parent.name for p in folder.glob("*/__init__.py")}
    assert set(seedsoil.__all__) == modules
    for name in modules:
        assert f"``{name}``" in seedsoil.__doc__, f"the package docstring does not describe {name}"
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for name in modules:
        assert f"`{name}`" in contributing, f"CONTRIBUTING.md does not name the module {name}"
