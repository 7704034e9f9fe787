"""seedsoil: the student library of the Seed & Soil course on metastatic breast cancer.

What a notebook imports; the vocabulary of the lessons.  Kind at the top, lesson inside: the
modules below are by kind, and ``lessons`` holds one module per lesson.

Data and sources
    ``data`` (the sourced tables), ``references`` (the bibliography and citations),
    ``course`` (the manifest: notebooks, objectives, prerequisites), ``resources`` (where the
    shipped files are), ``text`` (text from data files made safe to show; YAML read safely),
    ``inputs`` (checks of a function's arguments, with messages that name them).
Models, one per topic
    ``cascade`` (the metastatic cascade), ``soil`` (blood flow and enrichment), ``sites`` (where
    it spreads; confidence intervals), ``spread`` (Markov chains), ``recurrence`` (hazards and
    Kaplan-Meier), ``hereditary`` (a carrier's risk), ``claims`` (judging health claims),
    ``followup`` (staging, HER2 categories, RECIST), ``living`` (living with the disease).
Lessons
    ``lessons`` (one module per lesson, named by its id in course.yml: the lesson's exercise
    checks, their polls, its explain items and its figures).
Engines
    ``feedback`` (the kinds of check, the registry of items), ``polls`` (an exercise as a poll
    for a room), ``exercises`` (``check()``, what notebooks call), ``quiz`` (the review quiz),
    ``drawing`` (what the lessons' figures share), ``render`` (the presentation layer: tables and
    feedback boxes in every view),
    ``style`` (the course's colour-blind-safe figure style), ``setup_check`` (is this computer
    ready? ``python -m seedsoil.setup_check``).

The course toolkit (``coursekit``, in the project's ``toolkit/`` folder) builds, stamps and tests
the course; this library never imports it.
"""

__version__ = "0.3.0"

__all__ = [
    "cascade",
    "claims",
    "course",
    "data",
    "drawing",
    "exercises",
    "feedback",
    "followup",
    "hereditary",
    "inputs",
    "lessons",
    "living",
    "polls",
    "quiz",
    "recurrence",
    "references",
    "render",
    "resources",
    "setup_check",
    "sites",
    "soil",
    "spread",
    "style",
    "text",
]
