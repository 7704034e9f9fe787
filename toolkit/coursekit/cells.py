"""Markers of the notebook cells that the toolkit generates from ``course.yml``.

Each generated cell starts with its marker, so the stamp finds it again (idempotent stamping)
and the glossary linker leaves it alone.
"""

import re

ABOUT = "<!-- seedsoil:about -->"
OBJECTIVES = "<!-- seedsoil:objectives -->"
NAV = "<!-- seedsoil:nav -->"
#: A content note before survival or autopsy figures: the first line names what follows
#: (``<!-- seedsoil:content-note survival -->``, ``... autopsy -->`` or both); the stamp writes
#: the rest, so every note reads the same and signposts support the same way.
CONTENT_NOTE = "<!-- seedsoil:content-note"
#: The room's short version of a content note (a slide), and its speaker notes, generated after it.
CONTENT_SLIDE = "<!-- seedsoil:content-slide"
#: The title slide's speaker notes: what the "About" box says, for the teacher.
TITLE_NOTES = "<!-- seedsoil:title-notes -->"
#: A concept question's options, lettered as its poll shows them (``... options exNN-k -->``).
OPTIONS = "<!-- seedsoil:options"
#: A quiz question as a poll slide (``... quiz qNN -->``), and its speaker notes.
QUIZ = "<!-- seedsoil:quiz"
QUIZ_NOTES = "<!-- seedsoil:quiz-notes"
GENERATED = (ABOUT, OBJECTIVES, NAV, CONTENT_NOTE, CONTENT_SLIDE, TITLE_NOTES, OPTIONS, QUIZ, QUIZ_NOTES)
MINUTES = ("<!-- seedsoil:minutes -->", "<!-- /seedsoil:minutes -->")  # block in TEACHING.md
PLANS = ("<!-- seedsoil:plans -->", "<!-- /seedsoil:plans -->")  # lesson plans in TEACHING.md
SCHEDULE = ("<!-- seedsoil:schedule -->", "<!-- /seedsoil:schedule -->")  # class sessions in TEACHING.md
TIMING = ("<!-- seedsoil:timing-model -->", "<!-- /seedsoil:timing-model -->")  # the model, in TEACHING.md
#: The heading of an item a class works on: an exercise (its poll in the deck), an explain or
#: predict item, a discussion prompt, or a quiz question (a poll slide of its own). Groups: kind,
#: id, title. A generated quiz cell starts with its marker line, so the heading may follow one.
ITEM_HEADING = re.compile(
    r"^(?:<!-- seedsoil:quiz q\d\d -->\n)?### (Exercise|Explain|Predict|Discuss|Quiz) ((?:ex|d)\d\d-\d+|q\d\d) — (.*)"
)
