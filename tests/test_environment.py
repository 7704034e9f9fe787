"""One pinned set of packages: requirements.txt pins every dependency the project declares, and
requirements.lock pins every package that set needs, transitive ones included, at those versions."""

import json
import re
import tomllib

import yaml

from nbtools import ROOT


def pins(lines):
    out = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            name, _, version = line.partition("==")
            assert version, f"{line!r} is not pinned with =="
            out[name.lower().replace("_", "-")] = version
    return out


def declared(pyproject):
    project = tomllib.loads(pyproject.read_text())["project"]
    names = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        names += extra
    return {re.split(r"[<>=\[\s]", d.strip())[0].lower().replace("_", "-") for d in names}


def test_environment_installs_the_pinned_set_and_both_layers():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip == ["-r requirements.lock", "-e .", "-e toolkit"]
    assert "python=3.11" in env["dependencies"]


def test_declared_dependencies_are_pinned_in_requirements():
    pinned = set(pins((ROOT / "requirements.txt").read_text().splitlines()))
    for pyproject in (ROOT / "pyproject.toml", ROOT / "toolkit" / "pyproject.toml"):
        assert declared(pyproject) - {"seedsoil"} <= pinned, pyproject


def test_web_assets_are_pinned_exactly():
    pkg = json.loads((ROOT / "package.json").read_text())["dependencies"]
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    for name, version in pkg.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} must be an exact version"
        assert lock[f"node_modules/{name}"]["version"] == version
    # nbconvert's reveal template expects the reveal.js 4.x layout and the MathJax 2 API
    assert pkg["reveal.js"] == "4.0.2" and pkg["mathjax"].startswith("2.7.")


def test_the_lock_pins_everything_exactly_and_agrees_with_requirements():
    text = (ROOT / "requirements.lock").read_text()
    locked = pins(text.splitlines())  # every line is name==version
    assert len(locked) > 100, "the lock holds the transitive packages too"
    for name, version in pins((ROOT / "requirements.txt").read_text().splitlines()).items():
        assert locked.get(name) == version, f"{name}: requirements.txt pins {version}, the lock {locked.get(name)}"
    assert "uv" in locked, "the installer make uses is pinned too"


def test_binder_installs_what_a_learner_needs_at_the_locked_versions():
    """repo2docker reads binder/ before environment.yml: the learner's image gets the student
    library (not editable, from postBuild), its dependencies, JupyterLab and nbgitpuller, each at
    the lock's version, and none of the toolkit's, tests' or lint's packages (issue 29)."""
    binder = pins((ROOT / "binder" / "requirements.txt").read_text().splitlines())
    locked = pins((ROOT / "requirements.lock").read_text().splitlines())
    assert {name: locked.get(name) for name in binder} == binder
    needs = declared(ROOT / "pyproject.toml") - {"frictionless"} - {"jupyterlab", "ipykernel"}
    assert needs | {"jupyterlab", "ipykernel", "nbgitpuller"} <= set(binder)
    for tool in ("playwright", "ruff", "pytest", "nbval", "jupyterhub", "nbgrader", "hypothesis", "frictionless"):
        assert tool not in binder, tool
    post = (ROOT / "binder" / "postBuild").read_text()
    assert "pip install --no-cache-dir --no-deps ." in post and "-e" not in post.split()
    page = json.loads((ROOT / "binder" / "page_config.json").read_text())
    assert page["disabledExtensions"]["@jupyterlab/apputils-extension:announcements"] is True  # asks the web
