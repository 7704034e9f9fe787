"""Instant feedback for the course's exercises: ``check("<exercise id>", answer)``.

Every exercise in a notebook ends with a call to :func:`check`.  It never raises for a learner's
answer: it returns a :class:`~seedsoil.feedback.Feedback` that says *correct* (and why), *not yet*
(with a specific hint), or *no answer yet* while the stub still holds ``...``.  When the course
package itself is broken (its data cannot be found or read), the feedback says so and how to fix
it; it never blames the answer.

Exercise ids are stable (``"ex00-1"``: notebook 00, exercise 1) so that links and student copies
keep working when exercises are edited.  The answer key lives in :mod:`seedsoil.answers` and is
computed from the course's own data and manifest, never typed twice.
"""

from __future__ import annotations

import re
from typing import Any

from . import answers  # noqa: F401  (importing the answer key registers its checks)
from .course import CourseError
from .data import DataError
from .feedback import NO_ANSWER, REGISTRY, Feedback
from .references import CitationError
from .resources import HELP, SetupError

__all__ = ["Feedback", "check", "exercise_ids"]

# Errors that mean the package could not reach its own files: never the learner's fault.
SETUP_ERRORS = (SetupError, OSError, ImportError, DataError, CourseError, CitationError)


def name_error_hint(name: str) -> str:
    """What a learner who typed ``answer = local`` needs to hear, in plain words."""
    return (
        f"Python does not know anything called {name!r}. If {name!r} is your answer, write it in quotes: "
        f'answer = "{name}". If it is something an earlier cell makes, run that cell first '
        "(Run > Run All Above)."
    )


def friendly_name_errors(shell=None) -> bool:
    """In a notebook, add a plain-language hint under a NameError (the learner forgot the quotes, or
    skipped a cell). Called when this module is imported, which the setup cell does; True if installed."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False

    def hint(shell, etype, value, tb, tb_offset=None):
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        name = getattr(value, "name", None)
        if not name:
            found = re.search(r"name '([^']+)' is not defined", str(value))
            name = found.group(1) if found else "that"
        print("\nHint: " + name_error_hint(name))

    shell.set_custom_exc((NameError,), hint)
    return True


def exercise_ids() -> list[str]:
    """All exercise ids that :func:`check` knows, sorted."""
    return sorted(REGISTRY)


def check(exercise: str, answer: Any) -> Feedback:
    """Check ``answer`` for ``exercise`` and return feedback (never raises for a bad answer)."""
    if not isinstance(exercise, str) or exercise not in REGISTRY:
        raise ValueError(f"Unknown exercise id {exercise!r}. Known ids: {', '.join(exercise_ids())}.")
    if answer is NO_ANSWER:
        return Feedback(exercise, None, "Replace the ... with your answer and run the cell again.")
    try:
        return REGISTRY[exercise](answer)
    except SETUP_ERRORS as exc:
        return Feedback(
            exercise,
            None,
            "Your answer could not be checked because the course package could not load its own "
            f"files ({type(exc).__name__}: {exc}). This is a setup problem, not a problem with "
            f"your answer. {HELP}",
            setup_problem=True,
        )
    except Exception as exc:  # a learner's odd answer must give a hint, not a traceback
        return Feedback(
            exercise,
            False,
            f"Your answer could not be checked ({type(exc).__name__}: {exc}). "
            "Look at the type of answer the exercise asks for.",
        )


friendly_name_errors()
