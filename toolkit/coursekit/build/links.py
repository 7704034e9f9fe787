"""Links between the course's files, rewritten for the built site in one place.

Notebooks link to each other as ``NN_topic.ipynb``, to the glossary as ``glossary.md`` and to the
teacher's guide as ``TEACHING.md``; the built site has ``html/NN_topic.html`` (reading pages),
``slides/NN_topic.slides.html`` (decks), ``glossary.html`` and ``teaching.html``. A page in
``html/`` or ``slides/`` is one folder down from the site's root; a site page (glossary, guide,
answer key) is at the root.
"""

from __future__ import annotations

import re

#: Which built file a link to a notebook becomes, by the kind of page it is written into.
LESSON, DECK, SITE = "lesson", "deck", "site"

_URL_COMMENTS = re.compile(
    r"/\*(?:[^*]|\*(?!/))*?https?://(?:[^*]|\*(?!/))*\*/"  # /* … https://… */ in inlined CSS
    # // … https://… on a line of its own in the reveal template's script (a line, not any "//":
    # the references' links to doi.org must survive)
    r"|(?m:^[ \t]*//[^\n]*https?://[^\n]*$)"
)


def rewrite(text: str, notebooks, kind: str) -> str:
    """``text`` (HTML) with links to notebooks, the glossary and the teacher's guide pointed at
    the built files, as seen from a page of ``kind`` (LESSON, DECK or SITE).

    ``notebooks`` are the course's entries (``file`` and ``stem``)."""
    if kind not in (LESSON, DECK, SITE):
        raise ValueError(f"kind must be {LESSON!r}, {DECK!r} or {SITE!r}, not {kind!r}")
    up = "" if kind == SITE else "../"
    for nb in notebooks:
        target = {LESSON: f"{nb.stem}.html", DECK: f"{nb.stem}.slides.html", SITE: f"html/{nb.stem}.html"}[kind]
        for prefix in ("notebooks/", "../notebooks/", ""):
            text = text.replace(f'href="{prefix}{nb.file}', f'href="{target}')
    for prefix in ("notebooks/", ""):
        text = text.replace(f'href="{prefix}glossary.md', f'href="{up}glossary.html')
    for prefix in ("../", ""):
        text = text.replace(f'href="{prefix}TEACHING.md', f'href="{up}teaching.html')
    return text


def drop_url_comments(text: str) -> str:
    """Without the documentation comments nbconvert's CSS and JavaScript carry, so that the pages
    we write contain no web address outside a hyperlink (a simple, strict offline test)."""
    return _URL_COMMENTS.sub("", text)
