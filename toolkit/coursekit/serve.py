"""Serve the built course on this machine only, and only what is inside it (``make serve``).

Python's own ``http.server`` follows symbolic links: a link inside ``_build/`` to ``~/.ssh`` would
be served. This handler resolves every path and refuses (404) anything whose real location is
outside the served folder; it binds 127.0.0.1, so nothing on the network reaches it.
"""

from __future__ import annotations

import functools
import http.server
import os
from pathlib import Path


class InsideOnlyHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler that serves no file whose real path leaves the served folder."""

    def translate_path(self, path: str) -> str:
        found = super().translate_path(path)
        root = os.path.realpath(self.directory)
        real = os.path.realpath(found)
        if real != root and not real.startswith(root + os.sep):
            return os.path.join(root, ".refused-outside-the-course", "404")  # does not exist: 404
        return found

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if os.environ.get("SEEDSOIL_SERVE_QUIET"):
            return
        super().log_message(format, *args)


def server(directory: Path, port: int = 8000) -> http.server.ThreadingHTTPServer:
    """An HTTP server for ``directory`` on 127.0.0.1:``port`` (0: any free port)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory} does not exist: build the course first (make course)")
    handler = functools.partial(InsideOnlyHandler, directory=str(directory))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
