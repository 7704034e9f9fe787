"""Link check (issue 13): no broken relative link or anchor in the built site or in the notebooks."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

from nbtools import NOTEBOOK_FILES, ROOT, read_notebook

EXTERNAL = ("http://", "https://", "mailto:", "data:", "javascript:")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name"):
            if attrs.get(name):
                self.ids.add(attrs[name])
        for name in ("href", "src"):
            if attrs.get(name) and tag in ("a", "link", "script", "img"):
                self.links.append(attrs[name])


def _parse(path):
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def _pages(built):
    return sorted(p for p in built.rglob("*.html") if "_static" not in p.parts and "shots" not in p.parts)


def test_no_broken_relative_link_or_anchor_in_the_built_site(built_course):
    ids = {}
    broken = []
    pages = _pages(built_course)
    assert len(pages) >= 2 * len(NOTEBOOK_FILES) + 6
    for page in pages:
        for link in _parse(page).links:
            if link.startswith(EXTERNAL) or link.startswith("#/"):  # reveal's own slide links
                continue
            parts = urlsplit(link)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                broken.append(f"{page.relative_to(built_course)}: {link} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _parse(target).ids
                anchor = unquote(html.unescape(parts.fragment))
                if anchor not in ids[target] and parts.fragment not in ids[target]:
                    broken.append(f"{page.relative_to(built_course)}: {link} (no such anchor)")
    assert broken == [], "\n".join(broken[:20])


_MD_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("file", NOTEBOOK_FILES)
def test_no_broken_relative_link_or_anchor_in_the_notebooks(file):
    nb = read_notebook(file)
    text_outputs = " ".join(str(o) for c in nb.cells for o in c.get("outputs", []))
    glossary = (ROOT / "notebooks" / "glossary.md").read_text(encoding="utf-8")
    broken = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for link in _MD_LINK.findall(cell.source):
            if link.startswith(EXTERNAL):
                continue
            path, _, anchor = link.partition("#")
            if path:
                if not (ROOT / "notebooks" / path).exists():
                    broken.append(f"{link} (no such file)")
                elif path == "glossary.md" and anchor and f'<a id="{anchor}">' not in glossary:
                    broken.append(f"{link} (no such glossary entry)")
            elif anchor.startswith("ref-") and anchor not in re.findall(r'id=\\?"(ref-[^"\\]+)', text_outputs):
                broken.append(f"{link} (not in this notebook's references)")
    assert broken == [], f"{file}: " + "; ".join(broken)
