"""The course on a JupyterHub (issue 29): the students' repository, nbgitpuller links, "Open on your
hub" on the reading site, and a real hub on 127.0.0.1 that three students use at once.

The integration test starts JupyterHub with hub/jupyterhub_config.py (its proxy from npm), creates
three users through the REST API, makes each user's server pull the student notebooks with
nbgitpuller from a local git repository, runs lesson 00's setup cell and first exercise through the
kernel's websocket with a right, a wrong and no answer, and reads check()'s feedback; then it stops
the hub and finds nothing left running. Every wait has a bound.
"""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest

from coursekit.hub import (
    TARGET,
    LocalHub,
    _free,
    free_ports,
    leftovers,
    links,
    pull_link,
    setup_and_first_exercise,
    student_repo,
)
from seedsoil.course import load

from coursecopy import read_manifest, small_course, write_manifest
from nbtools import ROOT

HUB = "https://hub.example.edu"
REPO = "https://github.com/seed-and-soil/student-notebooks"


def test_a_pull_link_opens_the_lesson_from_the_students_repository():
    link = pull_link(HUB, REPO, "main", "04_where_it_spreads.ipynb")
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{HUB}/hub/user-redirect/git-pull"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {
        "repo": REPO,
        "branch": "main",
        "urlpath": f"lab/tree/{TARGET}/04_where_it_spreads.ipynb",
        "targetpath": TARGET,
    }
    with pytest.raises(ValueError, match="must be an https:// address"):
        pull_link("http://hub.example.edu", REPO)
    # written as a host, as the teacher's guide does: https is implied
    assert pull_link("hub.example.edu", "github.com/seed-and-soil/student-notebooks") == pull_link(HUB, REPO)


def test_hublink_prints_the_whole_course_and_every_lesson(course):
    run = subprocess.run(
        [sys.executable, "-m", "coursekit", "hublink", "--hub", HUB, "--repo", REPO],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    printed = [line.strip() for line in run.stdout.splitlines()]
    expected = links(course, HUB, REPO)
    assert len(expected) == len(course.notebooks) + 1
    for what, link in expected:
        assert printed[printed.index(what) + 1] == link
    without = subprocess.run([sys.executable, "-m", "coursekit", "hublink"], capture_output=True, text=True, timeout=60)
    assert without.returncode == 2 and "give --hub" in without.stderr


@pytest.mark.full
def test_the_reading_site_opens_each_lesson_on_the_hub_course_yml_names(tmp_path, monkeypatch, built_course):
    from coursekit.build import build

    root = small_course(tmp_path)
    manifest = read_manifest(root)
    manifest["hub"] = {"url": "hub.example.edu", "repo": REPO, "branch": "main"}  # a host: https implied
    write_manifest(root, manifest)
    monkeypatch.setenv("SEEDSOIL_ROOT", str(root))
    out = build(root / "_build", log=lambda m: None).out
    course = load(root / "data" / "course.yml")
    index = (out / "index.html").read_text(encoding="utf-8")
    for nb in course.notebooks:
        link = pull_link(HUB, REPO, "main", nb.file).replace("&", "&amp;")
        assert f'href="{link}"' in index and "Open on your hub" in index
        page = (out / "html" / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert f'href="{link}"' in page and "Open on your hub" in page
        assert page.index("Open on your hub") < page.index("<h1")  # at the top, not after the references
    # without a hub in course.yml, the laptop route only
    plain = (built_course / "index.html").read_text(encoding="utf-8")
    assert "Open on your hub" not in plain and "Student notebook" in plain


@pytest.mark.full
def test_the_students_repository_holds_the_student_copies_and_commits_only_a_change(tmp_path, built_course, course):
    repo = student_repo(ROOT, built_course, tmp_path / "course")
    files = sorted(p.name for p in repo.glob("*.ipynb"))
    assert files == sorted(nb.file for nb in course.notebooks)
    assert (repo / "glossary.md").is_file()  # the notebooks' glossary links open
    for name in files:
        nb = nbformat.read(repo / name, as_version=4)
        assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells), name
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    student_repo(ROOT, built_course, repo)  # the same course again: no new commit
    again = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    assert head == again and len(head.strip()) == 40


@pytest.mark.full
def test_three_students_pull_the_course_on_a_local_hub_and_get_their_feedback(tmp_path, built_course):
    folder = tmp_path / "hub"
    repo = student_repo(ROOT, built_course, folder / "course")
    port = free_ports()
    answers = {  # lesson 00's first exercise: the course's total minutes
        "ada": ("sum(nb.minutes for nb in c.notebooks)", "Correct"),
        "ben": ("10", "Not yet"),
        "cai": ("...", "No answer yet"),
    }
    with LocalHub(ROOT, folder, port) as hub:
        hub.add_users(sorted(answers))
        assert set(answers) <= {u["name"] for u in hub.api("GET", "/users")}
        for name in answers:
            hub.start_server(name)
        for name, (answer, verdict) in answers.items():
            token = hub.user_token(name)
            hub.pull(name, token, f"file://{repo}")
            notebook = hub.contents(name, token, f"{TARGET}/00_start_here.ipynb")["content"]
            setup, exercise = setup_and_first_exercise(notebook)
            kernel = hub.kernel(name, token)
            assert hub.run(name, token, kernel, setup).error == ""
            result = hub.run(name, token, kernel, exercise.replace("answer = ...", f"answer = {answer}", 1))
            assert result.error == "" and f"[ex00-1] {verdict}" in result.output, (name, result)
        # a student's JupyterLab reads the students' settings: no teacher's nbgrader, no news from the web
        where = hub.run(name, token, kernel, "import os; print(os.environ.get('JUPYTER_CONFIG_PATH'))").output
        assert where.strip() == str(ROOT / "hub" / "student")
        process = hub.process
    assert process.poll() is not None
    assert list(leftovers(folder)) == []
    assert all(_free(p) for p in range(port, port + 3))


def test_a_taken_port_is_said_before_the_hub_starts(tmp_path):
    import socket

    from coursekit.hub import HubError

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(HubError, match=f"port {port} on 127.0.0.1 is in use"):
            LocalHub(ROOT, tmp_path, port).start()


def test_a_binder_link_builds_the_learners_image_and_pulls_the_students_repository():
    from coursekit.hub import binder_link

    link = binder_link("you/seed-and-soil", REPO)
    parts = urlsplit(link)
    assert f"{parts.netloc}{parts.path}" == "mybinder.org/v2/gh/you/seed-and-soil/main"
    pull = urlsplit(parse_qs(parts.query)["urlpath"][0])
    assert pull.path == "git-pull"
    assert {k: v[0] for k, v in parse_qs(pull.query).items()}["repo"] == REPO
    with pytest.raises(ValueError, match="GitHub owner/name"):
        binder_link("not a project", REPO)
