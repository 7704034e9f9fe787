"""Shared parts of the browser tests: skip without Chromium (unless required), helpers.

The fixtures (base, chromium, visit) are in conftest.py.
"""

from __future__ import annotations

import os

import pytest

from coursekit import browser as web

REQUIRED = os.environ.get("SEEDSOIL_REQUIRE_BROWSER") == "1"
PLACEHOLDER = "No description has been provided"


def require_browser() -> None:
    """Call at the top of a browser test module: skip it when Chromium is missing, unless
    SEEDSOIL_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure."""
    try:
        import playwright.sync_api  # noqa: F401

        web.chromium_path()
    except (ImportError, web.BrowserMissing) as exc:  # pragma: no cover - depends on the machine
        if REQUIRED:
            raise RuntimeError(f"SEEDSOIL_REQUIRE_BROWSER=1 but the browser tests cannot run: {exc}") from exc
        pytest.skip(f"browser tests skipped: {exc}", allow_module_level=True)


def offline_and_quiet(path, recorder):
    assert recorder.outside == [], f"{path} requested {recorder.outside}"
    assert recorder.errors == [], f"{path} logged {recorder.errors}"
