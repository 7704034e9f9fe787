"""The course manifest, ``course.yml``: the one place that orders the series.

The index page, the navigation footers, the "About this notebook" cells, the slide list, the
course map and the tests all read it through :func:`load`; :func:`course_graph` is the course
as a network (notebooks and their prerequisites).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from . import inputs, references
from .resources import data_dir, manifest
from .text import EncodingProblem, YamlProblem, load_yaml, read_text

#: First words an objective may start with: observable, checkable actions (Bloom-style verbs).
MEASURABLE_VERBS = frozenset(
    """list name identify describe explain compare contrast distinguish classify compute calculate
    estimate predict interpret draw sketch order rank run use apply judge evaluate justify
    summarise summarize locate recognise recognize trace define read test fit simulate match""".split()
)

FILE_PATTERN = re.compile(r"^(\d\d)_[a-z0-9]+(?:_[a-z0-9]+)*\.ipynb$")


class CourseError(ValueError):
    """``course.yml`` is malformed; the message names the entry and field."""


@dataclass(frozen=True)
class Objective:
    """A learning objective and the items that assess it: exercise ids (exNN-k, also explain and
    predict items), discussion prompts (dNN-k) or quiz questions (qNN) of the same notebook."""

    text: str
    assessed_by: tuple[str, ...]

    def __str__(self) -> str:
        return self.text


#: How an assessing item is named: an exercise, a discussion prompt or a quiz question.
ITEM_ID = re.compile(r"^(ex\d\d-\d+|d\d\d-\d+|q\d\d)$")


@dataclass(frozen=True)
class Notebook:
    id: str
    file: str
    title: str
    minutes: int
    audience: str
    last_reviewed: dt.date
    objectives: tuple[Objective, ...]
    prerequisites: tuple[str, ...] = ()
    as_of: dt.date | None = None
    guidelines: tuple[str, ...] = ()
    guideline_sources: tuple[tuple[str, ...], ...] = ()  # each guideline's keys in references.bib (or data tables)
    #: What the notebook's content notes warn of (see CONTENT_NOTES): "survival", "autopsy", "recurrence"…
    content_notes: tuple[str, ...] = ()

    @property
    def number(self) -> str:
        return self.file[:2]

    @property
    def stem(self) -> str:
        return self.file.removesuffix(".ipynb")


@dataclass(frozen=True)
class Planned:
    """A notebook announced in the course map but not written yet."""

    id: str
    title: str
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Session:
    """One class session of the suggested schedule: its lessons in order, its length and break."""

    title: str
    lessons: tuple[str, ...]
    minutes: int
    break_minutes: int
    note: str = ""


@dataclass(frozen=True)
class Course:
    title: str
    subtitle: str
    notebooks: tuple[Notebook, ...]
    planned: tuple[Planned, ...] = field(default=())
    path: Path | None = None
    sessions: tuple[Session, ...] = field(default=())
    #: Pages of lessons that moved or were renamed: (old file stem, the lesson id it now is).
    moved: tuple[tuple[str, str], ...] = field(default=())
    #: Where a reader reports a factual error: an issue tracker's "new issue" address (https) or
    #: a mailto: address; every page and deck links to it, pre-filled with the page and section.
    report_errors: str = ""
    #: The class's JupyterHub and the students' repository its nbgitpuller links pull (optional).
    hub: Hub | None = None

    def __getitem__(self, nb_id: str) -> Notebook:
        for nb in self.notebooks:
            if nb.id == nb_id:
                return nb
        raise KeyError(f"No notebook with id {nb_id!r} in course.yml; ids: {[n.id for n in self.notebooks]}")

    def by_file(self, file: str) -> Notebook:
        if not isinstance(file, (str, Path)):
            raise TypeError(f"by_file() needs a notebook file name, such as '00_start_here.ipynb', got {file!r}")
        name = Path(file).name
        for nb in self.notebooks:
            if nb.file == name:
                return nb
        raise KeyError(f"{name} is not listed in course.yml")

    def neighbours(self, nb: Notebook) -> tuple[Notebook | None, Notebook | None]:
        """The previous and next notebook in course order (None at the ends)."""
        if nb not in self.notebooks:
            raise ValueError(f"{getattr(nb, 'file', nb)!r} is not a notebook of this course.yml")
        i = self.notebooks.index(nb)
        prev = self.notebooks[i - 1] if i > 0 else None
        nxt = self.notebooks[i + 1] if i + 1 < len(self.notebooks) else None
        return prev, nxt

    @property
    def total_minutes(self) -> int:
        return sum(nb.minutes for nb in self.notebooks)


def load(path: str | Path | None = None) -> Course:
    """Read and validate ``course.yml`` (default: the project's)."""
    path = inputs.path("path", path) or manifest()
    if not path.is_file():
        raise CourseError(f"{path}: no such manifest (course.yml lives in the data/ folder)")
    try:
        text = read_text(path)
    except EncodingProblem as exc:
        raise CourseError(str(exc)) from None
    return _parse(path, text)


@functools.lru_cache(maxsize=4)
def _parse(path: Path, text: str) -> Course:
    """The course in ``text`` (cached: a Course is immutable, and checks read it often)."""
    try:
        raw = load_yaml(text, str(path))
    except YamlProblem as exc:
        raise CourseError(str(exc)) from None
    if not isinstance(raw, dict):
        raise CourseError(f"{path}: expected a mapping with 'title' and 'notebooks'")
    for key in ("title", "subtitle", "notebooks"):
        if key not in raw:
            raise CourseError(f"{path}: missing top-level key '{key}'")
    entries = raw["notebooks"]
    if not isinstance(entries, list) or not entries:
        raise CourseError(f"{path}: 'notebooks' must be a non-empty list")

    notebooks: list[Notebook] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        notebooks.append(_notebook(path, i, entry, seen))
        seen.add(notebooks[-1].id)

    numbers = [nb.number for nb in notebooks]
    if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
        raise CourseError(f"{path}: notebook file numbers must be unique and in course order, got {numbers}")
    for i, nb in enumerate(notebooks):  # an objective is checked by items of its own notebook
        for j, objective in enumerate(nb.objectives):
            n = nb.number
            foreign = [x for x in objective.assessed_by if not x.startswith((f"ex{n}-", f"d{n}-", "q"))]
            if foreign:
                raise CourseError(
                    f"{path}: notebooks[{i}] ({nb.id}): objectives[{j}].assessed_by names {', '.join(foreign)}, "
                    f"which are not items of notebook {n} (its items are ex{n}-k and d{n}-k)"
                )

    planned: list[Planned] = []
    for i, entry in enumerate(raw.get("planned") or []):
        where = f"{path}: planned[{i}]"
        if not isinstance(entry, dict) or not {"id", "title"} <= entry.keys():
            raise CourseError(f"{where}: needs 'id' and 'title'")
        if entry["id"] in seen:
            raise CourseError(f"{where}: id {entry['id']!r} is used twice")
        prereq = tuple(entry.get("prerequisites") or ())
        for p in prereq:
            if p not in seen:
                raise CourseError(f"{where}: prerequisite {p!r} is not an earlier notebook")
        seen.add(entry["id"])
        planned.append(Planned(entry["id"], entry["title"], prereq))

    sessions = _sessions(path, raw.get("sessions") or [], {nb.id: nb for nb in notebooks})
    moved = raw.get("moved") or {}
    stems = {nb.stem for nb in notebooks}
    if not isinstance(moved, dict) or not all(
        isinstance(k, str) and re.fullmatch(r"\d\d_[a-z0-9_]+", k) and k not in stems and v in seen
        for k, v in moved.items()
    ):
        raise CourseError(
            f"{path}: 'moved' maps an old notebook name (such as 07_old_name, not a current one) to a lesson id"
        )
    report = raw.get("report_errors", "")
    if (
        not isinstance(report, str)
        or report
        and not re.fullmatch(r"(https://[^\s<>\"']+|mailto:[^\s<>\"'@]+@[^\s<>\"']+)", report)
    ):
        raise CourseError(f"{path}: 'report_errors' must be an https:// address or a mailto: address, got {report!r}")
    return Course(
        raw["title"],
        raw["subtitle"],
        tuple(notebooks),
        tuple(planned),
        path,
        sessions,
        tuple(moved.items()),
        report,
        _hub(path, raw.get("hub")),
    )


@dataclass(frozen=True)
class Hub:
    """Where a class runs the notebooks: the hub's address, and the git repository of student
    notebooks (and its branch) that the nbgitpuller links pull."""

    url: str
    repo: str
    branch: str = "main"


def https_address(value: object) -> str | None:
    """``value`` as an https:// address, or None if it is not one; written as a host and path
    (hub.example.edu, github.com/you/notebooks), it gets the scheme."""
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(/[^\s<>\"'?#]*)?", value):
        value = "https://" + value
    return value if isinstance(value, str) and re.fullmatch(r"https://[^\s<>\"'?#]+", value) else None


def _hub(path: Path, entry: object) -> Hub | None:
    if entry is None:
        return None
    if not isinstance(entry, dict) or not {"url", "repo"} <= set(entry) or set(entry) - {"url", "repo", "branch"}:
        raise CourseError(f"{path}: 'hub' must be a mapping with 'url' and 'repo' (and 'branch'), got {entry!r}")
    found = {key: https_address(entry[key]) for key in ("url", "repo")}
    for key, value in found.items():
        if value is None:
            raise CourseError(
                f"{path}: hub {key} must be an https:// address (or a host such as hub.example.edu), got {entry[key]!r}"
            )
    branch = entry.get("branch", "main")
    if not isinstance(branch, str) or not re.fullmatch(r"[A-Za-z0-9._/-]{1,100}", branch):
        raise CourseError(f"{path}: hub branch must be a git branch name, got {branch!r}")
    return Hub(found["url"].rstrip("/"), found["repo"], branch)


#: A class session long enough to need a break has one of at least this many minutes.
BREAK_AFTER, MIN_BREAK = 90, 10


def _sessions(path: Path, entries: object, by_id: dict) -> tuple[Session, ...]:
    """The suggested class sessions: each lesson once, in course order; each session's lessons
    and its break fit its minutes; a session over BREAK_AFTER minutes has a break."""
    if not isinstance(entries, list):
        raise CourseError(f"{path}: 'sessions' must be a list")
    found, order = [], []
    for i, entry in enumerate(entries):
        where = f"{path}: sessions[{i}]"
        if not isinstance(entry, dict) or not {"title", "lessons", "minutes"} <= entry.keys():
            raise CourseError(f"{where}: needs 'title', 'lessons' and 'minutes' (and 'break' over {BREAK_AFTER})")
        lessons = entry["lessons"]
        if not isinstance(lessons, list) or not all(isinstance(x, str) and x in by_id for x in lessons):
            raise CourseError(f"{where}: 'lessons' must list lesson ids of course.yml, got {lessons!r}")
        minutes, pause = entry["minutes"], entry.get("break", 0)
        if not all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in (minutes, pause)):
            raise CourseError(f"{where}: 'minutes' and 'break' must be whole numbers of minutes")
        if minutes > BREAK_AFTER and pause < MIN_BREAK:
            raise CourseError(f"{where}: a session of {minutes} minutes needs a break of at least {MIN_BREAK}")
        teaching = sum(by_id[x].minutes for x in lessons)
        if teaching + pause > minutes:
            raise CourseError(
                f"{where}: its lessons take {teaching} minutes and its break {pause}: more than its {minutes} minutes"
            )
        order += lessons
        found.append(Session(str(entry["title"]), tuple(lessons), minutes, pause, str(entry.get("note", ""))))
    if found and order != list(by_id):
        raise CourseError(f"{path}: 'sessions' must list every lesson once, in course order, got {order}")
    return tuple(found)


def _notebook(path: Path, i: int, entry: object, earlier: set[str]) -> Notebook:
    where = f"{path}: notebooks[{i}]"
    if not isinstance(entry, dict):
        raise CourseError(f"{where}: expected a mapping")
    required = ("id", "file", "title", "minutes", "audience", "last_reviewed", "objectives")
    for key in required:
        if key not in entry:
            raise CourseError(f"{where}: missing '{key}'")
    where = f"{path}: notebooks[{i}] ({entry['id']})"
    known = set(required) | {"prerequisites", "as_of", "guidelines", "content_notes"}
    unknown = set(entry) - known
    if unknown:
        raise CourseError(f"{where}: unknown field(s) {sorted(unknown)}; allowed: {sorted(known)}")
    if not isinstance(entry["id"], str) or not ID_PATTERN.fullmatch(entry["id"]):
        raise CourseError(
            f"{path}: notebooks[{i}]: id {entry['id']!r} must be a short name of lower-case letters, digits "
            "and underscores, starting with a letter (it names the lesson's module and page anchors)"
        )
    if entry["id"] in earlier:
        raise CourseError(f"{where}: id {entry['id']!r} is used twice")
    if not FILE_PATTERN.match(str(entry["file"])):
        raise CourseError(f"{where}: file {entry['file']!r} must look like 'NN_words_joined.ipynb'")
    for key in ("title", "audience"):
        text = entry[key]
        if not isinstance(text, str) or not text.strip() or len(text) > 200 or "\n" in text.strip():
            raise CourseError(f"{where}: {key} must be one line of text of 1 to 200 characters, got {text!r}")
    minutes = entry["minutes"]
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 5 <= minutes <= 120:
        raise CourseError(f"{where}: minutes must be a whole number from 5 to 120, got {minutes!r}")
    for key in ("last_reviewed", "as_of"):
        if key in entry and (not isinstance(entry[key], dt.date) or isinstance(entry[key], dt.datetime)):
            raise CourseError(f"{where}: {key} must be a date written YYYY-MM-DD, got {entry[key]!r}")
        if key in entry and not EARLIEST <= entry[key] <= dt.date.today():
            raise CourseError(
                f"{where}: {key} {entry[key].isoformat()} is not plausible: a course date lies between "
                f"{EARLIEST.isoformat()} and today"
            )
    objectives = entry["objectives"]
    if not isinstance(objectives, list) or not objectives:
        raise CourseError(f"{where}: objectives must be a non-empty list")
    parsed = []
    for j, obj in enumerate(objectives):
        if not isinstance(obj, dict) or set(obj) != {"text", "assessed_by"}:
            raise CourseError(f"{where}: objectives[{j}] must be a mapping with 'text' and 'assessed_by'")
        ids = obj["assessed_by"]
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and ITEM_ID.match(i) for i in ids):
            raise CourseError(
                f"{where}: objectives[{j}].assessed_by must list one or more item ids "
                f"(exercises exNN-k, discussion prompts dNN-k, quiz questions qNN), got {ids!r}"
            )
        parsed.append(Objective(str(obj["text"]), tuple(ids)))
        obj = obj["text"]
        verb = str(obj).split()[0].lower() if str(obj).strip() else ""
        if verb not in MEASURABLE_VERBS:
            raise CourseError(
                f"{where}: objectives[{j}] starts with {verb!r}; start with a measurable verb "
                f"such as explain, compare, compute, classify (see MEASURABLE_VERBS)"
            )
    prereq = tuple(entry.get("prerequisites") or ())
    for p in prereq:
        if p not in earlier:
            raise CourseError(f"{where}: prerequisite {p!r} is not an earlier notebook")
    guidelines, guideline_sources = _guidelines(path, where, entry.get("guidelines"))
    notes = entry.get("content_notes") or []
    if not isinstance(notes, list) or not set(notes) <= set(CONTENT_NOTES):
        raise CourseError(f"{where}: content_notes must be a list of {', '.join(CONTENT_NOTES)}, got {notes!r}")
    return Notebook(
        id=str(entry["id"]),
        file=str(entry["file"]),
        title=str(entry["title"]),
        minutes=minutes,
        audience=str(entry["audience"]),
        last_reviewed=entry["last_reviewed"],
        objectives=tuple(parsed),
        prerequisites=prereq,
        as_of=entry.get("as_of"),
        guidelines=guidelines,
        guideline_sources=guideline_sources,
        content_notes=tuple(notes),
    )


#: A guideline consulted, in words, then its sources in brackets: "... (Gennari et al. 2021) [gennari2021]".
GUIDELINE = re.compile(r"(?P<name>[^\[\]\n]{3,300}?)\s*\[(?P<keys>[^\[\]\n]+)\]")


def _guidelines(path: Path, where: str, value: object) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Each guideline's name and its sources: citation keys of references.bib (beside course.yml)
    or a table of the data package written data/name.csv (whose rows cite their own sources)."""
    if value is None:
        return (), ()
    if not isinstance(value, list):
        raise CourseError(f"{where}: guidelines must be a list, got {value!r}")
    bib = path.parent / "references.bib"
    known = set(references.load(bib)) if bib.is_file() else None
    # the tables beside course.yml, or (a manifest copied alone) the installed package's
    tables = path.parent if (path.parent / "datapackage.json").is_file() else data_dir()
    names, sources = [], []
    for k, text in enumerate(value):
        match = GUIDELINE.fullmatch(text.strip()) if isinstance(text, str) else None
        if not match:
            raise CourseError(
                f"{where}: guidelines[{k}] must be the guideline's name, then its citation keys in brackets, "
                f"such as 'ESMO metastatic breast cancer guideline (Gennari et al. 2021) [gennari2021]'; got {text!r}"
            )
        keys = tuple(key.strip() for key in match["keys"].split(";"))
        for key in keys:
            table = re.fullmatch(r"data/([a-z_]+)\.csv", key)
            exists = (tables / f"{table[1]}.csv").is_file() if table else known is None or key in known
            if not exists:
                raise CourseError(
                    f"{where}: guidelines[{k}] cites {key!r}, which is not a key of {bib} nor a data table"
                )
        names.append(match["name"].strip())
        sources.append(keys)
    return tuple(names), tuple(sources)


#: A lesson id: it names the lesson's module (seedsoil.lessons.<id>) and anchors in the pages.
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,40}")
#: No course date is older than this (the oldest source is 1889, but a review or an as-of date is not).
EARLIEST = dt.date(2020, 1, 1)

#: What a notebook's content note can warn of (the stamp writes the note's text).
CONTENT_NOTES = ("survival", "autopsy", "recurrence", "family", "emergencies", "course")


def course_graph(course: Course | None = None) -> nx.DiGraph:
    """The course as a directed graph: one node per notebook, an edge from each prerequisite.

    Node attributes: ``title``, ``status`` ('ready' or 'planned'), ``minutes`` (ready only) and
    ``layer`` (longest chain of prerequisites before it; the map's column).
    """
    if course is not None and not isinstance(course, Course):
        raise TypeError(
            f"course_graph() needs a course from seedsoil.course.load(), or nothing, got {type(course).__name__}"
        )
    course = course or load()
    g = nx.DiGraph()
    for nb in course.notebooks:
        g.add_node(nb.id, title=f"{nb.number} {nb.title}", status="ready", minutes=nb.minutes)
    for p in course.planned:
        g.add_node(p.id, title=p.title, status="planned")
    for nb in (*course.notebooks, *course.planned):
        for pre in nb.prerequisites:
            g.add_edge(pre, nb.id)
    for node in nx.topological_sort(g):
        preds = list(g.predecessors(node))
        g.nodes[node]["layer"] = 1 + max(g.nodes[p]["layer"] for p in preds) if preds else 0
    return g
