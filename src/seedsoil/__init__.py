"""seedsoil: the student library of the Seed & Soil course on metastatic breast cancer.

What a notebook imports; the vocabulary of the lessons.  Every module can be imported on its own.

Data and sources
    ``data`` (the sourced tables), ``references`` (the bibliography and citations),
    ``course`` (the manifest: notebooks, objectives, prerequisites), ``resources`` (where the
    shipped files are).
Models, one per lesson topic
    ``cascade`` (02, the metastatic cascade), ``soil`` (03, blood flow and enrichment),
    ``sites`` (04, where it spreads; confidence intervals), ``spread`` (05, Markov chains),
    ``recurrence`` (06, hazards and Kaplan-Meier), ``claims`` (09, judging health claims).
Showing
    ``diagrams`` (networkx + matplotlib figures), ``tables`` (tables for notebooks and slides),
    ``style`` (the course's colour-blind-safe figure style).
Exercises
    ``exercises`` (``check()``, what notebooks call), ``feedback`` (the kinds of check),
    ``answers`` (the answer key), ``quiz`` (the review quiz), ``setup_check`` (is this computer
    ready? ``python -m seedsoil.setup_check``).

The course toolkit (``coursekit``, in the project's ``toolkit/`` folder) builds, stamps and tests
the course; this library never imports it.
"""

__version__ = "0.2.0"

__all__ = [
    "answers",
    "cascade",
    "claims",
    "course",
    "data",
    "diagrams",
    "exercises",
    "feedback",
    "quiz",
    "recurrence",
    "references",
    "resources",
    "setup_check",
    "sites",
    "soil",
    "spread",
    "style",
    "tables",
]
