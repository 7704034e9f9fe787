"""The student library installs anywhere: its wheel, in a new venv, in a folder outside the
repository whose name has a space, loads its data and grades every exercise as the repository does.

The venv is new and the wheel is installed into it as a learner would (not editable, nothing
from the clone).  Its third-party dependencies come from the project's pinned environment through
a ``.pth`` file, so the test needs no network; a separate check proves that the wheel declares
every third-party package the library imports.

The lessons themselves are executed once per test run, by nbval (with the repository's library);
here the wheel answers every poll option of every exercise, every stub and every student
notebook's setup cell, which is what differs between the two installs. That a student copy (the
notebook without its solution cells) runs is checked on its code (tests/test_notebooks.py).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest

from coursekit.build import student_copy

from nbtools import NOTEBOOK_FILES, ROOT, read_notebook

RUNNER = r"""
import contextlib, io, json, os, sys
import matplotlib
matplotlib.use("Agg")
from pathlib import Path

asked = json.loads(Path(sys.argv[1]).read_text())
out = {}
import seedsoil.resources, seedsoil.setup_check
from seedsoil import course, data, references
from seedsoil.exercises import check, exercise_ids

out["where"] = {"python": sys.executable, "data": str(seedsoil.resources.data_dir())}
buffer = io.StringIO()
with contextlib.redirect_stdout(buffer):
    out["ready"] = seedsoil.setup_check.run()
out["setup_check"] = buffer.getvalue()
out["tables"] = {name: len(data.load(name)) for name in asked["tables"]}
out["references"] = len(references.load())
out["lessons"] = [nb.file for nb in course.load().notebooks]
out["ids"] = exercise_ids()
out["stubs"] = {i: str(check(i, ...)) for i in exercise_ids()}
graded = []
for exercise, answer, part in asked["polls"]:
    fb = check(exercise, {part: answer} if part else answer)
    graded.append([fb.correct, fb.setup_problem, fb.message])
out["polls"] = graded
# each student notebook's setup cell, as a learner's first cell runs (not the lesson itself)
errors = {}
for name, source in asked["setup_cells"].items():
    try:
        exec(compile(source, name, "exec"), {"__name__": "__main__"})
    except Exception as error:
        errors[name] = f"{type(error).__name__}: {error}"
out["setup_errors"] = errors
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        cwd=out,
    )
    (whl,) = out.glob("seedsoil-*.whl")
    return whl


def test_wheel_ships_data_references_and_manifest_but_not_the_toolkit(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("course.yml", "datapackage.json", "references.bib", "metastatic_sites.csv"):
        assert f"seedsoil/coursedata/{name}" in names
    assert not any(n.startswith("coursekit") for n in names)
    assert {"seedsoil/exercises.py", "seedsoil/lessons/treatment.py", "seedsoil/setup_check.py"} <= set(names)


def test_wheel_declares_every_package_the_library_imports(wheel):
    z = zipfile.ZipFile(wheel)
    meta = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    # it ships code (MIT) and the course's data and references (CC BY 4.0), and says so
    assert "License-Expression: MIT AND CC-BY-4.0" in meta
    declared = {
        line.split(":", 1)[1].strip().split()[0].split(";")[0].split(">")[0].lower()
        for line in meta.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    }
    imported = set()
    for name in z.namelist():
        if name.startswith("seedsoil/") and name.endswith(".py"):
            for node in ast.walk(ast.parse(z.read(name))):
                if isinstance(node, ast.Import):
                    imported |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m not in ("seedsoil",)}
    optional = {"frictionless"}  # validation of edited data only: the `validate` extra
    as_distribution = {"yaml": "pyyaml", "IPython": "ipython"}
    missing = {as_distribution.get(m, m).lower() for m in third_party - optional} - declared
    assert missing == set(), f"the library imports {missing} but the wheel does not require them"


def test_the_wheel_works_outside_the_repository(wheel, tmp_path):
    """A learner's venv: its tables, references and manifest load from the wheel, every exercise
    grades every poll option as the repository's library does, every stub says "No answer yet",
    every student notebook's setup cell runs, and the setup check says the machine is ready."""
    from coursekit import polls as polls_mod

    learner = tmp_path / "my course folder"  # a space, as on many laptops
    venv = learner / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # the wheel itself, installed the way pip does (unpacked into site-packages, not editable)
    zipfile.ZipFile(wheel).extractall(site)
    (site / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    kernels = learner / "jupyter"
    subprocess.run(
        [str(python), "-m", "ipykernel", "install", "--prefix", str(kernels), "--name", "python3"],
        check=True,
        capture_output=True,
    )

    polls = list(polls_mod.load().values())
    asked = {
        "tables": [r["name"] for r in json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"]],
        "polls": [[p.exercise, answer, p.part] for p in polls for _, answer in p.options],
        "setup_cells": {
            file: next(
                c.source for c in student_copy(read_notebook(file)).cells if "setup" in c.metadata.get("tags", [])
            )
            for file in NOTEBOOK_FILES
        },
    }
    (learner / "asked.json").write_text(json.dumps(asked), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SEEDSOIL_DATA", "SEEDSOIL_ROOT")}
    env["JUPYTER_PATH"] = str(kernels / "share" / "jupyter")
    done = subprocess.run(
        [str(python), "-c", RUNNER, str(learner / "asked.json")],
        cwd=learner,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.splitlines()[-1])

    # the new venv ran, and read the wheel's own data, not the clone's
    assert found["where"]["python"].startswith(str(venv)) and found["where"]["data"].startswith(str(site))
    assert found["ready"] is True and "Ready for the course." in found["setup_check"], found["setup_check"]
    assert all(n > 0 for n in found["tables"].values()) and found["references"] > 100
    assert found["lessons"] == NOTEBOOK_FILES
    assert found["setup_errors"] == {}
    from seedsoil.exercises import exercise_ids

    assert found["ids"] == exercise_ids()
    for exercise, said in found["stubs"].items():
        assert "No answer yet" in said or "Write" in said, f"{exercise}: {said}"
    verdicts = iter(found["polls"])
    for poll in polls:
        accepted = []
        for correct, setup_problem, message in (next(verdicts) for _ in poll.options):
            assert not setup_problem and "could not be checked" not in message, f"{poll.exercise}: {message}"
            part = poll.part and any(line.startswith(f"{poll.part}: right") for line in message.splitlines())
            accepted.append(bool(part) if poll.part else correct is True)
        assert accepted == poll.graded(), f"{poll.exercise}: the wheel grades the poll's options differently"


def test_bundle_holds_what_a_teacher_hands_out(wheel, built_course):
    from coursekit.bundle import NAME, bundle

    path = bundle(ROOT, wheel, built_course)
    assert path == built_course / "seedsoil-student.zip"
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    assert {f"{NAME}/notebooks/{f}" for f in NOTEBOOK_FILES} <= names
    assert {
        f"{NAME}/{wheel.name}",
        f"{NAME}/requirements.txt",
        f"{NAME}/SETUP.md",
        f"{NAME}/notebooks/glossary.md",
    } <= names
    requirements = z.read(f"{NAME}/requirements.txt").decode().splitlines()
    assert f"./{wheel.name}" in requirements
    assert {"pandas", "matplotlib", "jupyterlab", "ipykernel"} <= {r.split("==")[0] for r in requirements if "==" in r}
    for file in NOTEBOOK_FILES:
        nb = nbformat.reads(z.read(f"{NAME}/notebooks/{file}").decode(), as_version=4)
        assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells), file
        assert not any(c.metadata.get("slideshow", {}).get("slide_type") == "notes" for c in nb.cells), file


def test_bundle_needs_a_wheel_and_a_build(tmp_path):
    from coursekit.bundle import bundle

    with pytest.raises(FileNotFoundError, match="make dist"):
        bundle(ROOT, tmp_path / "nothing.whl", tmp_path)
    fake = tmp_path / "seedsoil-0-py3-none-any.whl"
    fake.write_bytes(b"")
    with pytest.raises(FileNotFoundError, match="make course"):
        bundle(ROOT, fake, tmp_path)
