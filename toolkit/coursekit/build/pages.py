"""The reading site: lesson pages (nbconvert's lab template in the site's shell), the site pages
written from Markdown (glossary, teacher's guide, setup, key points, answer key, search) and the
course home."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import jinja2
from nbconvert import HTMLExporter

from seedsoil import course as course_mod

from .. import answerkey, glossary, sanitize, site
from . import links
from .assets import write_atomic


def exporter(common: dict, *, learner: bool = False) -> HTMLExporter:
    """nbconvert's HTML exporter with the course's reading-page template (a learner's: without
    teacher's notes or solutions)."""
    html = sanitize.sanitizing(HTMLExporter, template_name="seedsoil_html", theme="light", **common)
    html.register_preprocessor(site.ReadingPagePreprocessor(enabled=True, learner=learner), enabled=True)
    return html


def _env(root: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / "templates"), autoescape=True, keep_trailing_newline=True
    )


def render_page(
    course: course_mod.Course,
    root: Path,
    markdown_text: str,
    title: str,
    scripts: tuple[str, ...] = (),
    *,
    trusted: bool = False,
    learner: bool = False,
) -> str:
    """A site page (glossary, teacher's guide…) from Markdown, in the site's shell, with links
    pointed at the site."""
    from nbconvert.filters import markdown2html

    rendered = markdown2html(markdown_text)
    # the guide, glossary, key points and answer key come from contributions: cleaned; the search
    # page's form is the toolkit's own
    body = links.rewrite(rendered if trusted else sanitize.clean(rendered), course.notebooks, links.SITE)
    page = (
        _env(root)
        .get_template("site_page.html.j2")
        .render(course=course, title=title, body=body, site=site.nav(course, learner=learner), scripts=scripts)
    )
    return site.add_contents(page)


#: The site pages: file -> (title, a function of (course, root, polls) giving its Markdown).
def _site_pages(polls: dict) -> dict[str, tuple[str, Callable[[course_mod.Course, Path], str]]]:
    return {
        "glossary.html": ("Glossary", lambda course, root: glossary.page(course, root / "data")),
        "teaching.html": ("Teacher's guide", lambda course, root: (root / "TEACHING.md").read_text(encoding="utf-8")),
        "setup.html": ("Setup", lambda course, root: (root / "SETUP.md").read_text(encoding="utf-8")),
        "keypoints.html": ("Key points", site.keypoints_markdown),
        answerkey.PAGE: ("Answer key", lambda course, root: answerkey.answer_key_markdown(course, root, polls)),
    }


SITE_FILES = ("glossary.html", "teaching.html", "setup.html", "keypoints.html", answerkey.PAGE)


#: Site pages for teachers only: a learner's build leaves them out.
TEACHER_PAGES = ("teaching.html", answerkey.PAGE, "currency.html")


def render_site_pages(
    course: course_mod.Course, root: Path, out: Path, polls: dict, *, learner: bool = False
) -> list[str]:
    """Write the glossary, the teacher's guide, the setup page, key points, the answer key and the
    search page next to the index; return the files written (relative to ``out``). A learner's
    build has no teacher's guide, answer key or currency report."""
    written = []
    for name, (title, markdown) in _site_pages(polls).items():
        if learner and name in TEACHER_PAGES:
            (out / name).unlink(missing_ok=True)
            continue
        write_atomic(out / name, render_page(course, root, markdown(course, root), title, learner=learner))
        written.append(name)
    # Search last: its index is made from the pages just written.
    write_atomic(out / "search-script.js", site.SEARCH_SCRIPT)
    search = render_page(
        course,
        root,
        site.SEARCH_BODY,
        "Search",
        ("_static/minisearch.js", site.SEARCH_INDEX, "search-script.js"),
        trusted=True,
        learner=learner,
    )
    write_atomic(out / "search.html", search)
    write_atomic(out / site.SEARCH_INDEX, site.search_index_script(course, out))
    write_atomic(out / "student" / glossary.PAGE, (root / "notebooks" / glossary.PAGE).read_bytes())
    written += ["search-script.js", "search.html", site.SEARCH_INDEX, f"student/{glossary.PAGE}"]
    # the currency report, its ages counted from the newest check in the data (the same on any day)
    from .. import currency

    if not learner:
        rep = currency.report(course, root, currency.newest_check(root / "data"))
        write_atomic(out / "currency.html", currency.page(rep, course))
        written.append("currency.html")
    for old, lesson in course.moved:  # bookmarks to a lesson that moved still arrive
        nb = course[lesson]
        for rel, target in (
            (f"html/{old}.html", f"{nb.stem}.html"),
            (f"slides/{old}.slides.html", f"{nb.stem}.slides.html"),
        ):
            write_atomic(out / rel, redirect_page(target, f"{nb.number} {nb.title}"))
            written.append(rel)
    return written


def redirect_page(target: str, title: str) -> str:
    """A page that sends a reader on to where a lesson now is (and says so, without scripts)."""
    href, text = html.escape(target, quote=True), html.escape(title)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n<link rel="canonical" href="{href}">\n'
        f"<title>Moved: {text}</title>\n</head>\n<body>\n<main>\n<h1>This lesson has moved</h1>\n"
        f'<p>It is now <a href="{href}">{text}</a>.</p>\n</main>\n</body>\n</html>\n'
    )


def render_index(course: course_mod.Course, root: Path, *, learner: bool = False) -> str:
    from ..hub import pull_link

    notebooks = [
        {
            "nb": nb,
            "prerequisites": [course[p] for p in nb.prerequisites],
            # the class's hub (course.yml names it): one click pulls the notebooks and opens this one
            "hub_link": pull_link(course.hub.url, course.hub.repo, course.hub.branch, nb.file) if course.hub else "",
        }
        for nb in course.notebooks
    ]
    return (
        _env(root)
        .get_template("course_index.html.j2")
        .render(course=course, notebooks=notebooks, site=site.nav(course, learner=learner))
    )
