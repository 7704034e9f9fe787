"""Instant feedback for the course's exercises: ``check("<exercise id>", answer)``.

Every exercise in a notebook ends with a call to :func:`check`.  It never raises for a learner's
answer: it returns a :class:`~seedsoil.feedback.Feedback` that says *correct* (and why), *not yet*
(with a specific hint), or *no answer yet* while the stub still holds ``...``.  When the course
package itself is broken (its data cannot be found or read), the feedback says so and how to fix
it; it never blames the answer.

Exercise ids are stable (``"ex00-1"``: notebook 00, exercise 1) so that links and student copies
keep working when exercises are edited.  Each lesson's checks live in its module of
:mod:`seedsoil.lessons`, computed from the course's own data and manifest, never typed twice.
A concept question also takes the letter of its option as the poll shows it (``"B"``).
"""

from __future__ import annotations

import re
from typing import Any

from . import data as data_mod
from . import lessons  # noqa: F401  (importing the lessons registers their checks)
from .course import CourseError
from .data import DataError
from .feedback import KINDS, LESSON_OF, NO_ANSWER, REGISTRY, Feedback
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
        answer = _from_letter(exercise, answer)
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
        missing = _data_missing(exercise)
        if missing:  # the check cannot run even on its own expected answer: the data lack a row
            return Feedback(
                exercise,
                None,
                f"Your answer could not be checked because the course's data lack what this exercise "
                f"needs ({missing}). This is a setup problem, not a problem with your answer: run "
                f"seedsoil.data.validate_all() to see which table and row. {HELP}",
                setup_problem=True,
            )
        return Feedback(
            exercise,
            False,
            f"Your answer could not be checked ({type(exc).__name__}: {exc}). "
            "Look at the type of answer the exercise asks for.",
        )


def _data_missing(exercise: str) -> str:
    """'' if the check of ``exercise`` can describe its expected answer from the data; else what
    went wrong (a KeyError for a deleted row, an IndexError for an empty selection...)."""
    from .feedback import SPEC

    try:
        REGISTRY[exercise](SPEC)
    except LookupError as exc:  # a row or column the check looks up is gone: the data's fault
        return f"{type(exc).__name__}: {exc}"
    except Exception:  # noqa: BLE001 - another failure is the check's own, reported as it is
        return ""
    return ""


def _needs() -> list:
    """What the exercises, the quiz and the polls need from the data, as data.Problems."""
    from . import lessons, quiz
    from .data import Problem

    found = []
    for exercise in sorted(REGISTRY):
        missing = _data_missing(exercise)
        if missing:
            found.append(
                Problem(
                    "data",
                    None,
                    None,
                    f"exercise {exercise} (lessons/{LESSON_OF[exercise]}.py) needs a row "
                    f"the tables no longer have: {missing}",
                )
            )
    for exercise, poll in lessons.polls().items():
        for text, answer in poll.options:
            try:
                REGISTRY[exercise]({poll.part: answer} if poll.part else answer)
            except Exception as exc:  # noqa: BLE001
                found.append(
                    Problem("data", None, None, f"poll {exercise}, option {text!r}: {type(exc).__name__}: {exc}")
                )
    try:
        for q in quiz.items():
            q.explain()
    except Exception as exc:  # noqa: BLE001
        found.append(
            Problem(
                "data",
                None,
                None,
                f"the quiz (quiz.py) needs a row the tables no longer have: {type(exc).__name__}: {exc}",
            )
        )
    return found


data_mod.NEEDS.append(_needs)


def _from_letter(exercise: str, answer: Any) -> Any:
    """A concept question answered with the letter its option has on the poll slide and in the
    notebook ("B", or "b" where no option is itself called "b") means that option's answer."""
    from .feedback import normalise, spec
    from .polls import LETTERS, letter_answer

    if KINDS[exercise] != "concept" or not isinstance(answer, str) or len(answer.strip()) != 1:
        return answer
    letter = answer.strip()
    found = lessons.polls()
    if letter.upper() not in LETTERS or exercise not in found:
        return answer
    if normalise(letter) in {normalise(o) for o in spec(exercise).options}:  # the option is that letter
        return answer
    try:
        return letter_answer(found, exercise, letter)
    except IndexError:
        return answer


friendly_name_errors()
