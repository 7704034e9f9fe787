"""coursekit.browser helpers that need no browser."""

import pytest

from coursekit import browser as web


@pytest.mark.parametrize(
    "url, local",
    [
        ("http://127.0.0.1:8000/index.html", True),
        ("http://localhost/x", True),
        ("http://[::1]:80/", True),
        ("data:image/png;base64,AAAA", True),
        ("about:blank", True),
        ("https://unpkg.com/reveal.js@4.0.2/dist/reveal.js", False),
        ("http://fonts.googleapis.com/css", False),
        ("ws://example.org/socket", False),
    ],
)
def test_is_local(url, local):
    assert web.is_local(url) is local


def test_serve_refuses_a_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="build the course first"):
        with web.serve(tmp_path / "nope"):
            pass


def test_serve_serves_files(tmp_path):
    import urllib.request

    (tmp_path / "a.txt").write_text("hello")
    with web.serve(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:")
        assert urllib.request.urlopen(base + "a.txt").read() == b"hello"


def test_missing_chromium_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(web, "CANDIDATES", (str(tmp_path / "none"),))
    monkeypatch.setenv("SEEDSOIL_CHROMIUM", str(tmp_path / "none"))
    monkeypatch.setattr(web.shutil, "which", lambda name: None)
    with pytest.raises(web.BrowserMissing, match="apt-get install chromium"):
        web.chromium_path()
