"""`make serve` serves the built course on this machine, and nothing outside it (issue 27: Python's
http.server followed a symbolic link out of _build/)."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest

from coursekit.serve import server


@pytest.fixture
def served(tmp_path):
    site = tmp_path / "_build"
    site.mkdir()
    (site / "index.html").write_text("<p>course</p>", encoding="utf-8")
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key.txt").write_text("private", encoding="utf-8")
    (site / "link").symlink_to(secret)
    (site / "file-link.txt").symlink_to(secret / "key.txt")
    httpd = server(site, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_serves_the_course_and_refuses_what_a_symlink_points_outside(served):
    """Review row669; and row670: a link a teacher left in _build/ survives a rebuild (the build
    replaces only what it wrote) but is never followed."""
    assert _get(served + "index.html") == (200, "<p>course</p>")
    for path in ("link/key.txt", "file-link.txt", "link/", "../secret/key.txt", "%2e%2e/secret/key.txt"):
        status, body = _get(served + path)
        assert status == 404 and "private" not in body, path


def test_binds_this_machine_only(tmp_path):
    httpd = server(tmp_path, 0)
    try:
        assert httpd.server_address[0] == "127.0.0.1"
    finally:
        httpd.server_close()


def test_row671_a_taken_port_is_said_in_one_line(tmp_path):
    """Review row 671: `make serve` on a port another server holds ended in a traceback."""
    import subprocess
    import sys

    (tmp_path / "index.html").write_text("<p>course</p>", encoding="utf-8")
    holder = server(tmp_path, 0)
    try:
        port = holder.server_address[1]
        run = subprocess.run(
            [sys.executable, "-m", "coursekit", "serve", "--port", str(port), "--out", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        holder.server_close()
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert f"port {port} is in use" in run.stderr and len(run.stderr.strip().splitlines()) == 1
