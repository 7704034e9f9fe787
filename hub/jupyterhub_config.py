"""JupyterHub for the course on this machine: `make hub` (see TEACHING.md, "Running it for a class").

A demo: every address is 127.0.0.1, anyone may log in under any name (DummyAuthenticator), and
each user's server is a local process of this project's virtual environment, which has the
student library. It is also where a real deployment starts: swap the authenticator for the
university's (OAuth, LTI, LDAP) and the spawner for a system-user or Kubernetes one, keep the
nbgitpuller links and the limits.

Settings from the environment (`coursekit hub` sets them):
  SEEDSOIL_HUB_DIR    state, user homes and logs (default: .hub/ in the project)
  SEEDSOIL_HUB_PORT   the address students open (default 8765); the hub's own API listens on
                      the next port and the proxy's API on the one after
  SEEDSOIL_HUB_REPO   the students' repository: logging in pulls it with nbgitpuller (optional)
  SEEDSOIL_HUB_TOKEN  the token of the "provisioner" service, which creates users and starts
                      servers through the REST API (default: read from, or written to,
                      SEEDSOIL_HUB_DIR/state/provisioner.token)
"""

import os
import secrets
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - JupyterHub defines it when it reads this file

PROJECT = Path(__file__).resolve().parent.parent
HUB_DIR = Path(os.environ.get("SEEDSOIL_HUB_DIR", PROJECT / ".hub"))
STATE, HOMES = HUB_DIR / "state", HUB_DIR / "homes"
for folder in (STATE, HOMES):
    folder.mkdir(parents=True, exist_ok=True)
PORT = int(os.environ.get("SEEDSOIL_HUB_PORT", "8765"))
VENV_BIN = Path(sys.executable).parent  # the environment JupyterHub runs in has the student library

# Only this machine: the proxy (what students open), the hub, the proxy's API and every user's server.
c.JupyterHub.bind_url = f"http://127.0.0.1:{PORT}/"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{PORT + 1}"
c.JupyterHub.hub_connect_ip = "127.0.0.1"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 2}"
c.Spawner.ip = "127.0.0.1"

# configurable-http-proxy comes pinned from npm (package-lock.json), not from a global install.
c.ConfigurableHTTPProxy.command = [str(PROJECT / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")  # a restarted hub stops a stale proxy
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# Demo log-in: any name, no password. Replace for a class (TEACHING.md says with what).
c.JupyterHub.authenticator_class = "jupyterhub.auth.DummyAuthenticator"
c.Authenticator.allow_all = True
c.Authenticator.admin_users = {"teacher"}

token_file = STATE / "provisioner.token"
token = os.environ.get("SEEDSOIL_HUB_TOKEN")
if not token:
    if not token_file.exists():
        token_file.write_text(secrets.token_hex(32), encoding="utf-8")
        token_file.chmod(0o600)
    token = token_file.read_text(encoding="utf-8").strip()
c.JupyterHub.services = [{"name": "provisioner", "api_token": token}]
c.JupyterHub.load_roles = [
    {
        "name": "provisioner",
        "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"],
        "services": ["provisioner"],
    }
]

# Each user's server: a local process in the user's own home folder.
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
if os.getuid() == 0:  # containers and CI run as root; a real hub runs each student as themselves
    c.Spawner.args = ["--allow-root"]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
if os.environ.get("SEEDSOIL_HUB_REPO"):  # logging in pulls the student notebooks and opens lesson 00
    from coursekit.hub import pull_query

    c.Spawner.default_url = "/git-pull?" + pull_query(os.environ["SEEDSOIL_HUB_REPO"], notebook="00_start_here.ipynb")


def _student_settings(spawner) -> str:
    """A student's JupyterLab reads hub/student as well as its own ~/.jupyter (where its settings
    and workspaces stay, one per student): nbgrader's teacher tools off, as they share this
    environment with the teacher, and no news feed, which asks the web. The teacher (an
    administrator) keeps nbgrader."""
    return "" if spawner.user.admin else str(PROJECT / "hub" / "student")


c.Spawner.environment = {
    "PATH": f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin",  # the venv first; git for nbgitpuller
    "VIRTUAL_ENV": str(VENV_BIN.parent),
    "MPLCONFIGDIR": str(STATE / "matplotlib"),
    "JUPYTER_CONFIG_PATH": _student_settings,  # JupyterHub calls it with each user's spawner
}
# Ten students starting at once take about 20 s each on two cores (make bench): room to spare.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
c.JupyterHub.concurrent_spawn_limit = 50
# What a class needs on a real hub (the local spawner does not enforce them; Kubernetes does):
# about 300 MB per student with a lesson's kernel running (make bench), so 1 GB leaves room.
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_limit = 1.0
