"""seedsoil.course: the manifest loads, and malformed manifests fail with a message that says where."""

import textwrap

import pytest

from seedsoil.course import CourseError, load

GOOD = """
title: T
subtitle: S
notebooks:
  - id: a
    file: 00_a.ipynb
    title: A
    minutes: 10
    audience: students
    last_reviewed: 2026-01-01
    objectives: [{text: Explain x, assessed_by: [ex00-1]}]
  - id: b
    file: 01_b.ipynb
    title: B
    minutes: 20
    audience: students
    last_reviewed: 2026-01-01
    prerequisites: [a]
    objectives: [{text: Compute y, assessed_by: [ex01-1, d01-1]}]
planned:
  - {id: c, title: C, prerequisites: [b]}
"""


def write(tmp_path, text):
    p = tmp_path / "course.yml"
    p.write_text(textwrap.dedent(text))
    return p


def test_project_manifest_loads(course):
    assert course.notebooks[0].file == "00_start_here.ipynb"
    assert course.total_minutes == sum(nb.minutes for nb in course.notebooks)


def test_good_manifest(tmp_path):
    c = load(write(tmp_path, GOOD))
    a, b = c.notebooks
    assert c.neighbours(a) == (None, b)
    assert c.neighbours(b) == (a, None)
    assert c["b"].prerequisites == ("a",)
    assert c.by_file("notebooks/01_b.ipynb") is b
    assert [p.id for p in c.planned] == ["c"]
    assert c.total_minutes == 30


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("minutes: 10", "minutes: ten", "notebooks[0] (a): minutes must be a whole number"),
        ("minutes: 10", "minutes: 500", "minutes must be a whole number from 5 to 120"),
        (
            "objectives: [{text: Explain x, assessed_by: [ex00-1]}]",
            "objectives: [{text: Understand x, assessed_by: [ex00-1]}]",
            "objectives[0] starts with 'understand'",
        ),
        (
            "objectives: [{text: Explain x, assessed_by: [ex00-1]}]",
            "objectives: [Explain x]",
            "objectives[0] must be a mapping with 'text' and 'assessed_by'",
        ),
        (
            "objectives: [{text: Explain x, assessed_by: [ex00-1]}]",
            "objectives: [{text: Explain x, assessed_by: []}]",
            "objectives[0].assessed_by must list one or more item ids",
        ),
        (
            "objectives: [{text: Explain x, assessed_by: [ex00-1]}]",
            "objectives: [{text: Explain x, assessed_by: [exercise one]}]",
            "objectives[0].assessed_by must list one or more item ids",
        ),
        ("file: 00_a.ipynb", "file: intro.ipynb", "must look like 'NN_words_joined.ipynb'"),
        ("prerequisites: [a]", "prerequisites: [z]", "prerequisite 'z' is not an earlier notebook"),
        ("id: b", "id: a", "id 'a' is used twice"),
        (
            "last_reviewed: 2026-01-01\n    objectives: [{text: Explain",
            "last_reviewed: soon\n    objectives: [{text: Explain",
            "last_reviewed must be a date",
        ),
        (
            "    audience: students\n    last_reviewed: 2026-01-01\n",
            "    last_reviewed: 2026-01-01\n",
            "notebooks[0]: missing 'audience'",
        ),
        ("title: A", "title: A\n    colour: red", "unknown field(s) ['colour']"),
        ("file: 01_b.ipynb", "file: 00_b.ipynb", "numbers must be unique and in course order"),
        ("prerequisites: [b]}", "prerequisites: [q]}", "planned[0]: prerequisite 'q'"),
        # issue 27: a teacher's edit caught before a learner meets it
        pytest.param("id: b", "id: ../b", "id '../b' must be a short name", id="row556"),
        pytest.param("id: b", "id: <b>x</b>", "must be a short name", id="row557"),
        pytest.param("id: b", "id: [b]", "id ['b'] must be a short name", id="row558"),
        pytest.param("id: b", "id: null", "id None must be a short name", id="row559"),
        pytest.param("id: b", "id: 12", "id 12 must be a short name", id="row560"),
        pytest.param("title: B", "title: ''", "title must be one line of text of 1 to 200 characters", id="row577"),
        pytest.param(
            "title: B", "title: " + "B" * 250, "title must be one line of text of 1 to 200 characters", id="row576"
        ),
        pytest.param(
            "last_reviewed: 2026-01-01\n    prerequisites",
            "last_reviewed: 1926-01-01\n    prerequisites",
            "last_reviewed 1926-01-01 is not plausible",
            id="row568-reviewed",
        ),
        pytest.param(
            "last_reviewed: 2026-01-01\n    prerequisites",
            "last_reviewed: 2026-01-01\n    as_of: 1900-01-01\n    prerequisites",
            "as_of 1900-01-01 is not plausible",
            id="row568",
        ),
        pytest.param(
            "last_reviewed: 2026-01-01\n    prerequisites",
            "last_reviewed: 2999-01-01\n    prerequisites",
            "last_reviewed 2999-01-01 is not plausible",
            id="row567",
        ),
        pytest.param(
            "assessed_by: [ex01-1, d01-1]",
            "assessed_by: [ex00-1, d01-1]",
            "names ex00-1, which are not items of notebook 01",
            id="row571",
        ),
        pytest.param(
            "assessed_by: [ex01-1, d01-1]",
            "assessed_by: [ex99-9, d01-1]",
            "names ex99-9, which are not items of notebook 01",
            id="row570",
        ),
        pytest.param(
            "last_reviewed: 2026-01-01\n    prerequisites",
            "last_reviewed: 2026-01-01\n    as_of: 2026-01-01\n    guidelines: [no_such_key]\n    prerequisites",
            "guidelines[0] must be the guideline's name, then its citation keys in brackets",
            id="row574-unbracketed",
        ),
        pytest.param("minutes: 20", "minutes: 20\n    minutes: 25", "the key 'minutes' is given twice", id="row581"),
        ("title: T\n", "title: T\nreport_errors: javascript:alert(1)\n", "'report_errors' must be an https://"),
        ("title: T\n", "title: T\nalias: &x [1]\nagain: *x\n", "aliases (*name) are not allowed"),
        ("title: T\n", "title: T\nsessions: [{title: S, lessons: [b, a], minutes: 60}]\n", "in course order"),
        ("title: T\n", "title: T\nmoved: {00_a: a}\n", "'moved' maps an old notebook name"),
        (
            "title: T\n",
            "title: T\nhub: {url: http://hub.example.edu, repo: https://x.org/r}\n",
            "hub url must be an https://",
        ),
        (
            "title: T\n",
            "title: T\nhub: {url: https://hub.example.edu}\n",
            "'hub' must be a mapping with 'url' and 'repo'",
        ),
        (
            "title: T\n",
            "title: T\nhub: {url: https://h.edu, repo: https://x.org/r, branch: 'a b'}\n",
            "hub branch must be a git branch name",
        ),
    ],
)
def test_bad_manifest_says_where(tmp_path, old, new, message):
    assert old in GOOD
    with pytest.raises(CourseError, match=None) as info:
        load(write(tmp_path, GOOD.replace(old, new, 1)))
    assert message in str(info.value)
    assert "course.yml" in str(info.value)


def test_not_yaml(tmp_path):
    with pytest.raises(CourseError, match="not valid YAML"):
        load(write(tmp_path, "title: [unclosed"))


def test_unknown_id(course):
    with pytest.raises(KeyError, match="No notebook with id 'nope'"):
        course["nope"]


def test_row574_a_guideline_cites_keys_of_the_bibliography(tmp_path):
    import shutil

    from nbtools import ROOT

    shutil.copy(ROOT / "data" / "references.bib", tmp_path / "references.bib")
    entry = "last_reviewed: 2026-01-01\n    as_of: 2026-01-01\n    guidelines: ['{}']\n    prerequisites"
    good = GOOD.replace("last_reviewed: 2026-01-01\n    prerequisites", entry.format("ESMO 2021 [gennari2021]"))
    assert load(write(tmp_path, good))["b"].guideline_sources == (("gennari2021",),)
    bad = GOOD.replace("last_reviewed: 2026-01-01\n    prerequisites", entry.format("ESMO 2021 [no_such_key]"))
    with pytest.raises(CourseError, match=r"notebooks\[1\] \(b\): guidelines\[0\] cites 'no_such_key'"):
        load(write(tmp_path, bad))
