"""One pinned set of packages: requirements.txt, environment.yml and package.json agree."""

import json
import re

import yaml

from nbtools import ROOT


def pins(lines):
    out = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            name, _, version = line.partition("==")
            assert version, f"{line!r} is not pinned with =="
            out[name.lower()] = version
    return out


def test_requirements_and_environment_agree():
    req = pins((ROOT / "requirements.txt").read_text().splitlines())
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pins(p for p in pip if p != "-e .") == req
    assert "-e ." in pip
    assert "python=3.11" in env["dependencies"]


def test_pyproject_dependencies_are_pinned_in_requirements():
    text = (ROOT / "pyproject.toml").read_text()
    deps = re.search(r"dependencies = \[(.*?)\]", text, re.S).group(1)
    names = {re.split(r"[<>=\s]", d.strip().strip('",'))[0].lower() for d in deps.split("\n") if d.strip().strip(",")}
    assert names <= set(pins((ROOT / "requirements.txt").read_text().splitlines()))


def test_web_assets_are_pinned_exactly():
    pkg = json.loads((ROOT / "package.json").read_text())["dependencies"]
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    for name, version in pkg.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} must be an exact version"
        assert lock[f"node_modules/{name}"]["version"] == version
    # nbconvert's reveal template expects the reveal.js 4.x layout and the MathJax 2 API
    assert pkg["reveal.js"] == "4.0.2" and pkg["mathjax"].startswith("2.7.")
