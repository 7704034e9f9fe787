"""The web assets a built course loads, copied from the pinned npm packages, and the one way the
build writes a file (only when its content changes, never half-written)."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

#: Files copied from node_modules into _build/_static (only what the pages load).
STATIC_FILES = {
    "reveal.js/dist/reveal.css": "reveal.js/dist/reveal.css",
    "reveal.js/dist/reset.css": "reveal.js/dist/reset.css",
    "reveal.js/dist/reveal.js": "reveal.js/dist/reveal.js",
    # 'white' does not @import web fonts (simple, the nbconvert default, does)
    "reveal.js/dist/theme/white.css": "reveal.js/dist/theme/white.css",
    "reveal.js/dist/theme/fonts/source-sans-pro": "reveal.js/dist/theme/fonts/source-sans-pro",
    "reveal.js/plugin/notes": "reveal.js/plugin/notes",
    "requirejs/require.js": "require.js",
    "minisearch/dist/umd/index.js": "minisearch.js",  # the reading site's offline search
    "jquery/dist/jquery.min.js": "jquery.min.js",
    "mathjax/MathJax.js": "mathjax/MathJax.js",
    "mathjax/config/TeX-AMS_CHTML-full.js": "mathjax/config/TeX-AMS_CHTML-full.js",
    "mathjax/config/Safe.js": "mathjax/config/Safe.js",
    "mathjax/extensions": "mathjax/extensions",
    "mathjax/jax/input/TeX": "mathjax/jax/input/TeX",
    "mathjax/jax/output/CommonHTML": "mathjax/jax/output/CommonHTML",
    "mathjax/jax/element": "mathjax/jax/element",
    "mathjax/localization/en": "mathjax/localization/en",
    "mathjax/fonts/HTML-CSS/TeX/woff": "mathjax/fonts/HTML-CSS/TeX/woff",
}

#: Where the lesson pages and decks (one folder down) find the scripts nbconvert's templates load.
ASSET_URLS = {
    "require_js_url": "../_static/require.js",
    "jquery_url": "../_static/jquery.min.js",
    "mathjax_url": "../_static/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
}


def missing(root: Path) -> list[str]:
    """The assets that ``node_modules`` lacks (``npm ci`` installs them)."""
    modules = root / "node_modules"
    return [src for src in STATIC_FILES if not (modules / src).exists()]


def copy_static(root: Path, out: Path) -> None:
    """Copy what is missing or differs into ``out/_static``."""
    modules = root / "node_modules"
    for src, dest in STATIC_FILES.items():
        s, d = modules / src, out / "_static" / dest
        files = [(f, d / f.relative_to(s)) for f in sorted(s.rglob("*")) if f.is_file()] if s.is_dir() else [(s, d)]
        for f, target in files:
            if not (target.is_file() and filecmp.cmp(f, target, shallow=False)):
                write_atomic(target, f.read_bytes())


#: Files this process wrote during the current build (workers' files are counted in report.built).
CHANGED: list[Path] = []


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``path`` only if its content changes, and never half-written: a browser (or a test on
    another worker) reading the site while it is rebuilt sees the old file or the new one."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_file() and path.read_bytes() == data:
        return
    CHANGED.append(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
