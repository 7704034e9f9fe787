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
GENERATED = (ABOUT, OBJECTIVES, NAV, CONTENT_NOTE)
MINUTES = ("<!-- seedsoil:minutes -->", "<!-- /seedsoil:minutes -->")  # block in TEACHING.md
PLANS = ("<!-- seedsoil:plans -->", "<!-- /seedsoil:plans -->")  # lesson plans in TEACHING.md
#: The heading of an item a class works on: an exercise (its poll in the deck), an explain or
#: predict item, or a discussion prompt. Groups: kind, id, title.
ITEM_HEADING = re.compile(r"^### (Exercise|Explain|Predict|Discuss) ((?:ex|d)\d\d-\d+) — (.*)")
