"""The course on a JupyterHub: the students' repository, nbgitpuller links, and a hub on this machine.

A class on a hub gets its notebooks with nbgitpuller: a link that makes each student's server pull
a git repository into their home folder and open a notebook. The repository holds the student
copies of the built course (no solutions, no teacher's notes); the student library is installed
in the hub's image. ``student_repo`` writes that repository, ``pull_link`` makes the links, and
``LocalHub`` runs JupyterHub on 127.0.0.1 with hub/jupyterhub_config.py (``make hub``, the
integration test and the load benchmark).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from seedsoil import course as course_mod

#: The folder nbgitpuller makes in each student's home.
TARGET = "seed-and-soil"
#: The branch of the students' repository.
BRANCH = "main"


class HubError(RuntimeError):
    """Something a teacher can act on: a port in use, a hub that did not start, a failed pull."""


def hub_dir(root: Path) -> Path:
    """State, homes and logs of the local hub (SEEDSOIL_HUB_DIR, or .hub/ in the project)."""
    return Path(os.environ.get("SEEDSOIL_HUB_DIR") or root / ".hub")


# --- the students' repository -------------------------------------------------------------------

README = """# {title}: student notebooks

{subtitle}. These are the notebooks without solutions, as the course hands them to students;
the teacher's material is in the course's own repository. Each notebook needs the course package
`seedsoil`, which the class's JupyterHub (or Binder) has installed.

Education, not medical advice: the notebooks explain how metastatic breast cancer works and how
it is studied; they cannot say what is right for any one person.

{lessons}
"""


def student_repo(root: Path, built: Path, dest: Path, course: course_mod.Course | None = None) -> Path:
    """Write the student notebooks of the built course in ``built`` into the git repository ``dest``
    (made if new) and commit them when they changed. Commits carry the course's own dates, not the
    clock's, so the same course gives the same commit."""
    course = course or course_mod.load(root / "data" / "course.yml")
    student = built / "student"
    missing = [nb.file for nb in course.notebooks if not (student / nb.file).is_file()]
    if missing:
        raise HubError(f"{student} lacks {', '.join(missing[:3])}: build the course first (make course)")
    if shutil.which("git") is None:
        raise HubError("git is not installed: nbgitpuller pulls the notebooks with git")
    dest.mkdir(parents=True, exist_ok=True)
    if not (dest / ".git").is_dir():
        _git(dest, "init", "--quiet", "--initial-branch", BRANCH)
    for old in dest.glob("*.ipynb"):
        old.unlink()
    for nb in course.notebooks:
        shutil.copyfile(student / nb.file, dest / nb.file)
    if (student / "glossary.md").is_file():  # the notebooks' linked words open their entries there
        shutil.copyfile(student / "glossary.md", dest / "glossary.md")
    lessons = "\n".join(f"- `{nb.file}`: {nb.title}" for nb in course.notebooks)
    (dest / "README.md").write_text(
        README.format(title=course.title, subtitle=course.subtitle, lessons=lessons), encoding="utf-8"
    )
    _git(dest, "add", "--all")
    if _git(dest, "status", "--porcelain").strip():
        when = max(nb.last_reviewed for nb in course.notebooks).isoformat() + "T12:00:00+00:00"
        _git(dest, "commit", "--quiet", "-m", f"Student notebooks of {course.title}", date=when)
    return dest


def _git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Seed & Soil",
        "GIT_AUTHOR_EMAIL": "course@seed-and-soil.invalid",
        "GIT_COMMITTER_NAME": "Seed & Soil",
        "GIT_COMMITTER_EMAIL": "course@seed-and-soil.invalid",
    }
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    run = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env)
    if run.returncode:
        raise HubError(f"git {' '.join(args)} in {repo}: {run.stderr.strip()[:300]}")
    return run.stdout


# --- nbgitpuller links ----------------------------------------------------------------------------


def https(address: str, what: str = "the hub's address") -> str:
    """``address`` as an https:// address (course.yml's rule: a host gets the scheme); this
    machine's http:// and a local file:// repository stay as they are."""
    if address.startswith(("http://127.0.0.1", "http://localhost", "file://")):
        return address
    found = course_mod.https_address(address)
    if found is None:
        raise ValueError(f"{what} must be an https:// address (or a host such as hub.example.edu), got {address!r}")
    return found


def pull_query(repo: str, branch: str = BRANCH, notebook: str | None = None) -> str:
    """nbgitpuller's query: pull ``repo`` into ~/seed-and-soil and open ``notebook`` (the folder
    when None) in JupyterLab. Links, Binder, the local hub's default page and its pulls share it."""
    path = f"lab/tree/{TARGET}" + (f"/{notebook}" if notebook else "")
    return urlencode({"repo": repo, "branch": branch, "urlpath": path, "targetpath": TARGET}, quote_via=quote)


def pull_link(hub: str, repo: str, branch: str = BRANCH, notebook: str | None = None) -> str:
    """The one-click link: on ``hub``, pull the students' ``repo`` and open ``notebook``."""
    query = pull_query(https(repo, "the students' repository"), branch, notebook)
    return f"{https(hub).rstrip('/')}/hub/user-redirect/git-pull?{query}"


def binder_link(project: str, repo: str, branch: str = BRANCH) -> str:
    """A Binder launch link for the whole course: the image built from ``project`` (GitHub
    owner/name, optionally /ref; repo2docker reads its binder/ folder), the notebooks pulled from
    the students' ``repo`` by nbgitpuller."""
    found = re.fullmatch(r"(?P<name>[\w.-]+/[\w.-]+)(?:/(?P<ref>[\w./-]+))?", project)
    if not found:
        raise ValueError(
            f"the project must be a GitHub owner/name[/branch], such as you/seed-and-soil, got {project!r}"
        )
    pull = "git-pull?" + pull_query(https(repo, "the students' repository"), branch)
    return f"https://mybinder.org/v2/gh/{found['name']}/{found['ref'] or 'main'}?" + urlencode({"urlpath": pull})


def links(course: course_mod.Course, hub: str, repo: str, branch: str = BRANCH) -> list[tuple[str, str]]:
    """(what, link) for the whole course, then for each lesson's student notebook."""
    found = [("the whole course", pull_link(hub, repo, branch))]
    return found + [(f"{nb.number} {nb.title}", pull_link(hub, repo, branch, nb.file)) for nb in course.notebooks]


# --- a hub on this machine ------------------------------------------------------------------------


def free_ports(count: int = 3) -> int:
    """A first port with ``count`` free ports in a row on 127.0.0.1 (the proxy, hub and proxy API)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        if first + count < 65536 and all(_free(first + k) for k in range(count)):
            return first
    raise HubError("no three free ports in a row on 127.0.0.1")


def _free(port: int) -> bool:
    """No server listens on 127.0.0.1:``port`` (connections closing there, in TIME_WAIT, do not
    count: the hub and the proxy bind with SO_REUSEADDR too)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@dataclass
class Result:
    """What a kernel printed for one piece of code: text output, and the error if it raised."""

    output: str
    error: str = ""


class LocalHub:
    """JupyterHub on 127.0.0.1:``port`` with hub/jupyterhub_config.py, driven through its REST API
    by the config's "provisioner" service. A context manager: leaving it stops every server, the
    proxy and the hub, and anything they left running."""

    def __init__(self, root: Path, folder: Path, port: int = 8765, *, repo: str = "", log_to_file: bool = True):
        self.root, self.folder, self.port = Path(root), Path(folder), port
        self.repo = repo  # when given, a user's first page pulls it (nbgitpuller) and opens lesson 00
        self.url = f"http://127.0.0.1:{port}"
        self.token = uuid.uuid4().hex + uuid.uuid4().hex
        self.log_to_file = log_to_file
        self.process: subprocess.Popen | None = None
        self._users: set[str] = set()

    # starting and stopping

    def __enter__(self) -> LocalHub:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 90) -> None:
        taken = [p for p in range(self.port, self.port + 3) if not _free(p)]
        if taken:
            raise HubError(
                f"port {taken[0]} on 127.0.0.1 is in use; the hub needs {self.port} to {self.port + 2} "
                "(choose others with HUB_PORT=..., for example make hub HUB_PORT=8865)"
            )
        jupyterhub = Path(sys.executable).parent / "jupyterhub"
        proxy = self.root / "node_modules" / ".bin" / "configurable-http-proxy"
        for needed, how in ((jupyterhub, "make setup"), (proxy, "npm ci (make setup does it)")):
            if not needed.exists():
                raise HubError(f"{needed} is missing: install it with {how}")
        (self.folder / "logs").mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "SEEDSOIL_HUB_DIR": str(self.folder),
            "SEEDSOIL_HUB_PORT": str(self.port),
            "SEEDSOIL_HUB_TOKEN": self.token,
            "SEEDSOIL_HUB_REPO": self.repo,
            "PATH": f"{jupyterhub.parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        }
        out = open(self.folder / "logs" / "hub.log", "ab") if self.log_to_file else None  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(jupyterhub), "-f", str(self.root / "hub" / "jupyterhub_config.py")],
            cwd=self.folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,  # stopped as a group, never by a Ctrl-C meant for a test
        )
        if out:
            out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HubError(f"JupyterHub stopped as it started (exit {self.process.returncode}): {self._log_tail()}")
            try:
                if self._request("GET", "/hub/api/", timeout=2).status_code == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise HubError(f"JupyterHub did not answer within {timeout:.0f} s: {self._log_tail()}")

    def stop(self, timeout: float = 60) -> None:
        """Stop every user's server, then the hub (which stops the proxy), then whatever is left."""
        if self.process and self.process.poll() is None:
            for name in sorted(self._users):
                try:
                    self.stop_server(name, timeout=timeout / 2)
                except (HubError, OSError):
                    pass
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout / 2)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        for proc in leftovers(self.folder):
            proc.kill()

    def _log_tail(self) -> str:
        log = self.folder / "logs" / "hub.log"
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
        return " | ".join(lines[-3:])[-600:] or "no log"

    # the REST API

    def _request(self, method: str, path: str, *, token: str | None = None, **kwargs):
        import requests

        headers = {"Authorization": f"token {token or self.token}"}
        return requests.request(method, self.url + path, headers=headers, timeout=kwargs.pop("timeout", 60), **kwargs)

    def api(self, method: str, path: str, *, ok: tuple[int, ...] = (200, 201, 202, 204), **kwargs):
        response = self._request(method, "/hub/api" + path, **kwargs)
        if response.status_code not in ok:
            raise HubError(f"{method} /hub/api{path}: HTTP {response.status_code} {response.text[:200]}")
        return response.json() if response.content else None

    def add_users(self, names: list[str]) -> None:
        self.api("POST", "/users", json={"usernames": names}, ok=(201, 409))
        self._users.update(names)

    def start_server(self, name: str, timeout: float = 180) -> float:
        """Start ``name``'s server and wait until it is ready; the seconds it took."""
        t0 = time.monotonic()
        self.api("POST", f"/users/{name}/server", ok=(201, 202, 400))
        while time.monotonic() - t0 < timeout:
            server = (self.api("GET", f"/users/{name}") or {}).get("servers", {}).get("")
            if server and server.get("ready"):
                return time.monotonic() - t0
            time.sleep(0.3)
        raise HubError(f"{name}'s server was not ready within {timeout:.0f} s: {self._log_tail()}")

    def server_pid(self, name: str) -> int | None:
        server = (self.api("GET", f"/users/{name}") or {}).get("servers", {}).get("")
        return (server or {}).get("state", {}).get("pid")

    def stop_server(self, name: str, timeout: float = 60) -> None:
        self.api("DELETE", f"/users/{name}/server", ok=(202, 204, 400))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not (self.api("GET", f"/users/{name}") or {}).get("servers"):
                return
            time.sleep(0.3)
        raise HubError(f"{name}'s server did not stop within {timeout:.0f} s")

    def user_token(self, name: str) -> str:
        body = {"scopes": [f"access:servers!user={name}"], "expires_in": 3600, "note": "seedsoil"}
        return self.api("POST", f"/users/{name}/tokens", json=body)["token"]

    # what a student's click on a link does

    def pull(self, name: str, token: str, repo: str, branch: str = BRANCH, timeout: float = 120) -> list[str]:
        """What the nbgitpuller link does for ``name``: pull ``repo`` into ~/seed-and-soil. Returns
        the progress lines; raises HubError with nbgitpuller's message if the pull failed."""
        query = pull_query(repo, branch)
        response = self._request("GET", f"/user/{name}/git-pull/api?{query}", token=token, stream=True, timeout=timeout)
        if response.status_code != 200:
            raise HubError(f"{name}: nbgitpuller answered HTTP {response.status_code}")
        lines = []
        for raw in response.iter_lines(decode_unicode=True):
            if not raw or not raw.startswith("data:"):
                continue
            event = json.loads(raw[5:])
            lines.append(str(event.get("output") or event.get("message") or event.get("phase")))
            if event.get("phase") == "finished":
                return lines
            if event.get("phase") == "error":
                raise HubError(f"{name}: nbgitpuller could not pull {repo}: {event.get('message', '')[:300]}")
        raise HubError(f"{name}: nbgitpuller's stream ended before the pull finished")

    def contents(self, name: str, token: str, path: str) -> dict:
        response = self._request("GET", f"/user/{name}/api/contents/{quote(path)}", token=token)
        if response.status_code != 200:
            raise HubError(f"{name}: {path} is not on their server (HTTP {response.status_code})")
        return response.json()

    def kernel(self, name: str, token: str, path: str = TARGET) -> str:
        response = self._request(
            "POST", f"/user/{name}/api/kernels", token=token, json={"name": "python3", "path": path}
        )
        if response.status_code != 201:
            raise HubError(f"{name}: no kernel (HTTP {response.status_code} {response.text[:200]})")
        return response.json()["id"]

    def run(self, name: str, token: str, kernel: str, code: str, timeout: float = 120) -> Result:
        """Run ``code`` in ``name``'s kernel over its websocket, as JupyterLab does; what it printed."""
        import websocket

        session = uuid.uuid4().hex
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{self.port}/user/{name}/api/kernels/{kernel}/channels?session_id={session}",
            header=[f"Authorization: token {token}"],
            timeout=timeout,
        )
        try:
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps(_execute_request(code, msg_id, session, name)))
            out, error, replied, idle = [], "", False, False
            deadline = time.monotonic() + timeout
            while not (replied and idle):
                if time.monotonic() > deadline:
                    raise HubError(f"{name}: the kernel did not finish within {timeout:.0f} s")
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream":
                    out.append(content["text"])
                elif kind in ("execute_result", "display_data"):
                    out.append(content["data"].get("text/plain", ""))
                elif kind == "error":
                    error = f"{content['ename']}: {content['evalue']}"
                elif kind == "execute_reply":
                    replied = True
                elif kind == "status" and content["execution_state"] == "idle":
                    idle = True
            return Result("".join(out), error)
        finally:
            ws.close()


def _execute_request(code: str, msg_id: str, session: str, username: str) -> dict:
    header = {"msg_id": msg_id, "msg_type": "execute_request", "username": username, "session": session}
    return {
        "header": {**header, "version": "5.3", "date": ""},
        "parent_header": {},
        "metadata": {},
        "content": {
            "code": code,
            "silent": False,
            "store_history": False,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        },
        "channel": "shell",
        "buffers": [],
    }


def setup_and_first_exercise(content: dict) -> tuple[str, str]:
    """A notebook's setup cell and first exercise, from the contents API's JSON: a student's first
    minutes in a lesson (the integration test and the load benchmark run them)."""
    import nbformat

    nb = nbformat.from_dict(content)
    setup = next(c.source for c in nb.cells if "setup" in c.metadata.get("tags", []))
    exercise = next(c.source for c in nb.cells if "exercise" in c.metadata.get("tags", []))
    return setup, exercise


def leftovers(folder: Path) -> Iterator:
    """Processes still running from ``folder`` (servers and kernels run in the users' homes under it,
    the hub and proxy in it): what a killed hub leaves behind."""
    import psutil

    inside = str(Path(folder).resolve())
    for proc in psutil.process_iter(["pid", "cwd"]):
        cwd = proc.info.get("cwd") or ""
        if proc.pid != os.getpid() and (cwd == inside or cwd.startswith(inside + os.sep)):
            yield proc


def memory_mb(pid: int) -> float:
    """Resident memory of a process and its children (a user's server and its kernels), in MB."""
    import psutil

    proc = psutil.Process(pid)
    procs = [proc, *proc.children(recursive=True)]
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 2**20
