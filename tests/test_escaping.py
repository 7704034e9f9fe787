"""Everything a page shows is escaped (issue 18): a hostile string in a data file shows as text
and never becomes an element or an attribute of the pages or slides."""

from __future__ import annotations

import dataclasses
import datetime as dt
from html.parser import HTMLParser

from nbconvert.filters import markdown2html

from coursekit import glossary, polls, site, stamp
from seedsoil import course as course_mod
from seedsoil.references import Reference

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "img", "iframe") or any(name.startswith("on") for name, _ in attrs):
            self.found.append((tag, attrs))


class INJECTED:  # noqa: N801 - reads as a constant where it is used
    """``INJECTED.search(html)``: the elements or event attributes the hostile string would inject."""

    @staticmethod
    def search(html: str) -> list:
        parser = _Elements()
        parser.feed(html)
        return parser.found


def _rendered(markdown: str) -> str:
    return markdown2html(markdown)


def test_a_bib_title_author_and_venue_stay_text():
    ref = Reference("k", "article", {"author": HOSTILE, "title": HOSTILE, "journal": HOSTILE, "year": "2020"})
    html = _rendered(ref.formatted())
    assert not INJECTED.search(html) and "&lt;script&gt;" in html


def test_a_glossary_definition_and_term_stay_text(tmp_path, monkeypatch):
    course = course_mod.load()
    term = glossary.Term(term=HOSTILE, definition=HOSTILE, first_notebook=course.notebooks[0].id, forms=())
    monkeypatch.setattr(glossary, "terms", lambda data_dir=None: [term])
    html = _rendered(glossary.page(course))
    assert not INJECTED.search(html) and html.count("&lt;script&gt;") >= 2


def test_course_yml_titles_audience_and_objectives_stay_text_in_cells_and_shell():
    course = course_mod.load()
    nb = dataclasses.replace(
        course.notebooks[1],
        title=HOSTILE,
        audience=HOSTILE,
        objectives=(course_mod.Objective(HOSTILE, ("ex01-1",)),),
        as_of=dt.date(2026, 1, 1),
        guidelines=(HOSTILE,),
    )
    hostile = dataclasses.replace(course, notebooks=(course.notebooks[0], nb, *course.notebooks[2:]))
    first = course.notebooks[0]
    sources = (stamp.about_source(hostile, nb), stamp.objectives_source(nb), stamp.nav_source(hostile, first))
    for source in sources:
        assert not INJECTED.search(_rendered(source)), source
    # the site's shell (nbconvert's Jinja does not escape by itself)
    import jinja2

    from nbtools import ROOT

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "templates"))
    shell = env.get_template("seedsoil_shell.j2").module
    nav = site.nav(hostile, nb)
    html = str(shell.header(nav, "../")) + str(shell.lessons(nav, "../")) + str(shell.prevnext(nav, "../", "top"))
    assert not INJECTED.search(html)


def test_a_poll_question_and_its_options_stay_text():
    poll = polls.Poll("ex08-1", HOSTILE, ((HOSTILE, "local"), ("b", "systemic")), minutes=1, reveals={"B": HOSTILE})
    assert not INJECTED.search(_rendered(polls.slide_markdown("### Exercise ex08-1 — t", poll)))
    assert not INJECTED.search(_rendered(polls.notes_markdown(poll)))
