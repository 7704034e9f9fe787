"""One module per lesson, named by the lesson's id in ``course.yml`` (not its number, so that
reordering the course moves nothing): the lesson's exercise checks, the poll each exercise becomes
in the deck, its explain items, its discussions' notes for the teacher, and the figures it draws.

A notebook imports its own module as ``lesson`` (``from seedsoil.lessons import treatment as
lesson``) and calls ``lesson.forest_plot(...)``. Importing this package imports every lesson module,
which registers every check (:mod:`seedsoil.exercises` does so).

The models a lesson computes with (``cascade``, ``soil``, ``sites``, ``spread`` ...) and the engines
(``feedback``, ``drawing``, ``render``) are modules by kind, one level up.
"""

import importlib
import pkgutil

#: Every lesson module, by lesson id.
MODULES = {info.name: importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)}


def polls() -> dict:
    """Every exercise's poll (``seedsoil.polls.Poll``), by exercise id, from the lesson modules."""
    from ..polls import gather

    if not hasattr(polls, "_found"):
        polls._found = gather(MODULES.values())
    return polls._found


def discussions() -> dict:
    """Every discussion's teacher notes (``seedsoil.polls.Discussion``), by prompt id."""
    from ..polls import gather_discussions

    if not hasattr(discussions, "_found"):
        discussions._found = gather_discussions(MODULES.values())
    return discussions._found
