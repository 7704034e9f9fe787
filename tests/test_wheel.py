"""The student library installs anywhere: its wheel, in a new venv, in a folder outside the
repository whose name has a space, runs every student notebook without an error.

The venv is new and the wheel is installed into it as a learner would (not editable, nothing
from the clone).  Its third-party dependencies come from the project's pinned environment through
a ``.pth`` file, so the test needs no network; a separate check proves that the wheel declares
every third-party package the library imports.  The kernel runs the new venv's interpreter.
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
import json, sys
from pathlib import Path
import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

folder = Path(sys.argv[1])
# One kernel of the new venv runs the notebooks in turn, its namespace reset before each
# (a learner's kernel restart, without paying the interpreter start eleven times).
km = KernelManager(kernel_name="python3")
km.start_kernel(cwd=str(folder))
results = {}
try:
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        reset = nbformat.v4.new_code_cell("%reset -f\nimport matplotlib.pyplot as plt\nplt.close('all')")
        nb.cells.insert(0, reset)
        NotebookClient(nb, km=km, timeout=120, allow_errors=True).execute()
        errors, texts = [], []
        for i, cell in enumerate(nb.cells[1:]):
            for out in cell.get("outputs", []):
                if out.output_type == "error":
                    errors.append(f"cell {i}: {out.ename}: {out.evalue}")
                texts.append(out.get("text", "") + str(out.get("data", {}).get("text/plain", "")))
        results[path.name] = {"errors": errors, "text": "\n".join(texts)}
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import sys, seedsoil.resources\nprint(sys.executable)\nprint(seedsoil.resources.data_dir())")])
    NotebookClient(probe, km=km, timeout=120).execute()
finally:
    km.shutdown_kernel(now=True)
executable, data = probe.cells[0].outputs[0]["text"].splitlines()
results["_where"] = {"kernel": executable, "data": data}
print(json.dumps(results))
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
    assert {"seedsoil/exercises.py", "seedsoil/answers.py", "seedsoil/setup_check.py"} <= set(names)


def test_wheel_declares_every_package_the_library_imports(wheel):
    z = zipfile.ZipFile(wheel)
    meta = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
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


def test_student_notebooks_run_from_the_wheel_outside_the_repository(wheel, tmp_path):
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

    work = learner / "notebooks"
    work.mkdir()
    for file in NOTEBOOK_FILES:
        nbformat.write(student_copy(read_notebook(file)), work / file)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SEEDSOIL_DATA", "SEEDSOIL_ROOT")}
    env["JUPYTER_PATH"] = str(kernels / "share" / "jupyter")
    done = subprocess.run(
        [str(python), "-c", RUNNER, str(work)], cwd=work, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)

    where = results.pop("_where")  # the kernel ran the new venv and read the wheel's own data
    assert where["kernel"].startswith(str(venv)) and where["data"].startswith(str(site)), where
    assert sorted(results) == sorted(NOTEBOOK_FILES)
    for file, result in results.items():
        assert result["errors"] == [], f"{file}: {result['errors']}"
        assert "Could not check" not in result["text"] and "could not be checked" not in result["text"], file
        assert "No answer yet" in result["text"], f"{file}: the exercise stubs give their feedback"


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
