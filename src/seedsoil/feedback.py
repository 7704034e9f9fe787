"""The feedback engine: :class:`Feedback`, the kinds of check an exercise can use, and the registry.

A check turns a learner's answer into a :class:`Feedback` that says *correct* (and why), *not
yet* (with a specific hint), or *no answer yet* while the stub still holds ``...``.  The kinds are
:func:`number`, :func:`choice` (a concept question), :func:`items` (in order or not),
:func:`sorting`, :func:`explain` and :func:`predict`; :func:`register` files a check under its
exercise id with its kind, and :func:`spec` asks a check to describe itself (what a number check
expects and which wrong values it diagnoses, a choice's options...), so that tests, the answer
key and the polls ask the registry instead of keeping lists.  This module knows nothing of the
course: each lesson's checks live in :mod:`seedsoil.lessons`, and :mod:`seedsoil.exercises` puts
the two together.
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

NO_ANSWER = Ellipsis  # the stub's placeholder: ``answer = ...``


@dataclass(frozen=True)
class Feedback:
    """The result of checking an answer.

    ``correct`` is True, False, or None when there is no verdict: no answer yet, or (with
    ``setup_problem``) the course package could not load what the check needs.
    """

    exercise: str
    correct: bool | None
    message: str
    setup_problem: bool = False
    #: Survival and mortality questions: plain "Right" and "Not quite", no game tick or cross.
    neutral: bool = False
    #: Explain and predict items once answered: not graded; the learner compares with what is shown.
    self_check: bool = False

    def __post_init__(self):
        if self.correct is not None and not isinstance(self.correct, (bool, np.bool_)):
            raise TypeError(f"Feedback for {self.exercise}: correct must be True, False or None, got {self.correct!r}")
        if isinstance(self.correct, np.bool_):
            object.__setattr__(self, "correct", bool(self.correct))  # frozen: set once, here

    @property
    def status(self) -> str:
        if self.setup_problem:
            return "Could not check (setup problem)"
        if self.self_check and self.correct is None:
            return "Compare"
        if self.neutral:
            return {True: "Right", False: "Not quite", None: "No answer yet"}[self.correct]
        return {True: "Correct", False: "Not yet", None: "No answer yet"}[self.correct]

    def __bool__(self) -> bool:
        return bool(self.correct)

    def __str__(self) -> str:
        return f"[{self.exercise}] {self.status}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _box(self) -> tuple[str, str]:
        """(kind of box, symbol): the status is spelled out in words and marked by a symbol too."""
        kind, symbol = {True: ("correct", "✔"), False: ("wrong", "✘"), None: ("pending", "…")}[self.correct]
        if self.setup_problem:
            return "setup", "⚠"
        if self.status == "Compare":
            return "pending", "✎"
        return kind, "" if self.neutral else symbol

    def _repr_html_(self) -> str:
        from .render import feedback_html

        kind, symbol = self._box()
        return feedback_html(kind, symbol, self.status, self.exercise, self.message)

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The notebook's box; for a stub not yet answered, what a reading page says instead (where
        no cell can be run)."""
        from .render import ON_A_PAGE, PAGE_MIME, feedback_html

        data = {"text/html": self._repr_html_(), "text/plain": str(self)}
        if self.correct is None and not self.setup_problem and not self.self_check:
            data[PAGE_MIME] = feedback_html("pending", "", "In JupyterLab", self.exercise, ON_A_PAGE)
        return data


def neutral(feedback: Feedback) -> Feedback:
    """The same feedback in plain words, for questions about survival or death (no ✔ or ✘)."""
    if not isinstance(feedback, Feedback):  # a check describing itself (spec): nothing to word
        return feedback
    return dataclasses.replace(feedback, neutral=True)


def neutral_number(*args, **kwargs) -> Feedback:
    """A numeric check about survival or death: plain wording, no game tick."""
    return neutral(number(*args, **kwargs))


Check = Callable[[Any], Feedback]
REGISTRY: dict[str, Check] = {}


#: The kind of each registered item: "number" (a computed number), "concept" (multiple choice, an
#: explanation for every option), "items" (a set of names), "ordering" (names in order),
#: "sorting" (items into categories), "quiz" (several questions at once), "explain" (a few
#: sentences, then a model answer and rubric) or "predict" (a guess before the data).
KINDS: dict[str, str] = {}
ITEM_KINDS = ("number", "concept", "items", "ordering", "sorting", "quiz", "explain", "predict")
#: The lesson (module of :mod:`seedsoil.lessons`) that registered each item.
LESSON_OF: dict[str, str] = {}


def register(exercise: str, kind: str) -> Callable[[Check], Check]:
    """Decorator: register a check function under an exercise id, with its kind of item."""
    if kind not in ITEM_KINDS:
        raise ValueError(f"register(): kind must be one of {ITEM_KINDS}, not {kind!r}")

    def deco(fn: Check) -> Check:
        if exercise in REGISTRY:
            raise ValueError(f"exercise id {exercise!r} is registered twice")
        REGISTRY[exercise] = fn
        KINDS[exercise] = kind
        LESSON_OF[exercise] = fn.__module__.rpartition(".")[2]
        return fn

    return deco


def ids(kind: str | None = None) -> list[str]:
    """The registered item ids (of one ``kind``), sorted."""
    if kind is not None and kind not in ITEM_KINDS:
        raise ValueError(f"kind must be one of {ITEM_KINDS}, not {kind!r}")
    return sorted(i for i in REGISTRY if kind is None or KINDS[i] == kind)


class _Spec:
    """Passed as the answer, it asks a check to describe itself instead of judging (see spec())."""

    def __repr__(self) -> str:
        return "SPEC"


SPEC = _Spec()


@dataclass(frozen=True)
class NumberSpec:
    expected: float
    rel_tol: float
    abs_tol: float
    unit: str
    misconceptions: dict


@dataclass(frozen=True)
class ChoiceSpec:
    correct: frozenset
    options: tuple[str, ...]
    explanations: dict


@dataclass(frozen=True)
class ItemsSpec:
    expected: tuple[str, ...]
    ordered: bool


@dataclass(frozen=True)
class ExplainSpec:
    model: str
    rubric: tuple[str, ...]


@dataclass(frozen=True)
class PredictSpec:
    actual: float
    unit: str


def spec(exercise: str):
    """What the check of ``exercise`` expects: a NumberSpec, ChoiceSpec, ItemsSpec, ExplainSpec or
    PredictSpec (None for a check that is not built from one kind, such as the quiz)."""
    if exercise not in REGISTRY:
        raise ValueError(f"no item {exercise!r} is registered")
    found = REGISTRY[exercise](SPEC)
    return found if isinstance(found, (NumberSpec, ChoiceSpec, ItemsSpec, ExplainSpec, PredictSpec)) else None


def explain_item(exercise: str, model: str, rubric: list[str]) -> None:
    """Register an *explain* item: the learner writes a few sentences, then sees ``model`` and the
    ``rubric`` (2 to 4 points) to check them against."""

    import sys

    def _explain(answer) -> Feedback:
        return explain(exercise, answer, model, rubric)

    _explain.__module__ = sys._getframe(1).f_globals.get("__name__", __name__)  # the lesson that asked
    register(exercise, kind="explain")(_explain)


# --- building blocks for checks -------------------------------------------------------------


def number(
    exercise: str,
    answer: Any,
    expected: float,
    *,
    rel_tol: float = 0.0,
    abs_tol: float = 0.0,
    unit: str = "",
    why: str = "",
    hint: str = "",
    misconceptions: Mapping[float, str] | None = None,
) -> Feedback:
    """Feedback for a numeric answer compared with ``expected`` within a tolerance.

    ``misconceptions`` maps the value a typical mistake gives to the explanation of that mistake
    (within 2%): a learner who gives the relative reduction instead of the absolute one is told
    so, not merely "too high".
    """
    for name, value in (("expected", expected), ("rel_tol", rel_tol), ("abs_tol", abs_tol)):
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            raise TypeError(f"number(): {name} must be a finite real number, got {value!r}")  # an author's mistake
        if name != "expected" and value < 0:
            raise ValueError(f"number(): {name} must be 0 or more, got {value!r}")
    if answer is SPEC:
        return NumberSpec(float(expected), rel_tol, abs_tol, unit, dict(misconceptions or {}))
    if isinstance(answer, np.ndarray) and answer.ndim == 0 and np.issubdtype(answer.dtype, np.number):
        answer = answer.item()  # a one-number array, as some numpy results are
    if isinstance(answer, Decimal) and answer.is_finite():
        answer = float(answer)  # a number, as exact arithmetic gives it
    if isinstance(answer, bool) or not isinstance(answer, Real):
        return Feedback(exercise, False, f"The answer should be a number (for example 12.5), not {kind_of(answer)}.")
    try:
        float(answer)
    except OverflowError:
        return Feedback(exercise, False, f"{_fmt(answer)} is far too {'high' if answer > 0 else 'low'}. {hint}".strip())
    if math.isnan(float(answer)):
        why = "check for a division by zero or a missing value"
        return Feedback(exercise, False, f"The answer is 'not a number' (NaN): {why}.")
    suffix = f" {unit}" if unit else ""
    if math.isclose(float(answer), expected, rel_tol=rel_tol, abs_tol=abs_tol):
        return Feedback(exercise, True, f"{_to_tolerance(expected, abs_tol)}{suffix}. {why}".strip())
    for value, explanation in (misconceptions or {}).items():
        if math.isclose(float(answer), value, rel_tol=0.02):
            return Feedback(exercise, False, f"{_fmt(answer)}{suffix}: {explanation}")
    if expected and "percent" in unit and math.isclose(100 * float(answer), expected, rel_tol=0.02):
        return Feedback(
            exercise, False, f"{_fmt(answer)} looks like a fraction; the answer is asked in {unit} (a fraction × 100)."
        )
    if expected and not unit and 0 < abs(expected) <= 1 and math.isclose(float(answer) / 100, expected, rel_tol=0.02):
        return Feedback(exercise, False, f"{_fmt(answer)} looks like a percentage; give the fraction between 0 and 1.")
    direction = "too high" if answer > expected else "too low"
    return Feedback(exercise, False, f"{_fmt(answer)}{suffix} is {direction}. {hint}".strip())


def explain(exercise: str, answer: Any, model: str, rubric: Iterable[str], *, min_words: int = 8) -> Feedback:
    """An *explain* item: the learner writes a short answer in words; once it is written, the
    feedback shows a model answer and a short rubric to check it against (self-assessment, no grade).
    The model answer is held back until the learner has written something of their own."""
    rubric = list(rubric)
    if not 2 <= len(rubric) <= 4:
        raise ValueError(f"explain(): {exercise} needs a rubric of 2 to 4 points, got {len(rubric)}")
    if answer is SPEC:
        return ExplainSpec(model, tuple(rubric))
    if answer is NO_ANSWER or (isinstance(answer, str) and not answer.strip()):
        return Feedback(exercise, None, "Write your answer in the quotes, then run the cell again.")
    if not isinstance(answer, str):
        return Feedback(exercise, False, f"Write your answer as words in quotes, not {kind_of(answer)}.")
    # a word has two letters or more, and repeats count once towards half of them: 'a b c d e f g h'
    # or the same word eight times is not yet an answer to compare with the model
    found = re.findall(r"[^\W\d_]{2,}", answer.casefold())
    words = len(found) if len(set(found)) >= min_words // 2 else len(set(found))
    if words < min_words:
        return Feedback(
            exercise,
            None,
            f"Write a little more ({words} word{'s' if words != 1 else ''} so far; aim for a sentence "
            "or two), then run the cell again.",
        )
    points = "\n".join(f"☐ {point}" for point in rubric)
    return Feedback(
        exercise,
        None,
        f"A model answer: {model}\nCheck your own answer against these points:\n{points}",
        self_check=True,
    )


def predict(exercise: str, answer: Any, actual: float, *, unit: str = "", close: float, why: str) -> Feedback:
    """A *predict-then-reveal* item: the learner writes a guess before the figure is drawn; the
    feedback compares it with what the data give (no grade: a far guess is how one learns)."""
    if answer is SPEC:
        return PredictSpec(float(actual), unit)
    if answer is NO_ANSWER:
        return Feedback(exercise, None, "Write your guess as a number, then run the cell again.")
    if isinstance(answer, bool) or not isinstance(answer, Real) or answer != answer:
        return Feedback(exercise, False, f"Write your guess as a number, not {kind_of(answer)}.")
    if not -1e300 < answer < 1e300:
        return Feedback(exercise, False, f"Write your guess as an ordinary number, not {kind_of(answer)}.")
    suffix = f" {unit}" if unit else ""
    gap = abs(float(answer) - actual)
    verdict = "Close." if gap <= close else ("Higher than the data." if answer > actual else "Lower than the data.")
    return Feedback(
        exercise,
        None,
        f"You guessed {_fmt(answer)}{suffix}; the data give {_fmt(round(actual, 3))}{suffix}. {verdict} {why}",
        self_check=True,
    )


def choice(
    exercise: str,
    answer: Any,
    correct: str | Iterable[str],
    explanations: dict[str, str],
) -> Feedback:
    """Feedback for a multiple-choice answer; ``explanations`` has one entry per option.
    ``correct`` is the right option, or several options that are all right."""
    right = {correct} if isinstance(correct, str) else set(correct)
    options = list(explanations)
    if not options or not right <= set(options):  # an author's mistake, said before any learner meets it
        raise ValueError(f"choice(): {exercise} needs options (explanations) that include the right one(s) {right}")
    if answer is SPEC:
        return ChoiceSpec(frozenset(right), tuple(options), dict(explanations))
    if not isinstance(answer, str):
        return Feedback(
            exercise,
            False,
            f"Answer with one of these, in quotes: {', '.join(map(repr, options))} (not {kind_of(answer)}).",
        )
    key = normalise(answer)
    lookup = {normalise(o): o for o in options}
    if key not in lookup:
        return Feedback(
            exercise,
            False,
            f"{shown_key(answer, quoted=True)} is not an option. Choose one of: {', '.join(map(repr, options))}.",
        )
    option = lookup[key]
    return Feedback(exercise, option in right, explanations[option])


def as_names(answer: Any) -> list[str] | Feedback:
    """An answer that should be a collection of names, as a list: a list or tuple, a pandas Series,
    a numpy array of text or a generator are all read (once); a table, a single text, a mapping,
    or items that are not text get a Feedback that says what to give instead."""
    as_list = Feedback("", False, "The answer should be a list of names, for example ['a', 'b'].")
    if isinstance(answer, pd.DataFrame):
        return Feedback(
            "",
            False,
            "The answer is a whole table; give the names as a list, for example list(table['id']) or "
            "list(table.index).",
        )
    if isinstance(answer, (str, bytes, bytearray, Mapping)) or not isinstance(answer, Iterable):
        return as_list
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        return Feedback("", False, f"The answer is a {answer.ndim}-dimensional array; give one list of names.")
    try:  # read once (a generator cannot be read twice), and never without end
        answer = list(itertools.islice(answer, MAX_ITEMS + 1))
    except TypeError:
        return as_list  # e.g. a numpy array holding one number
    if len(answer) > MAX_ITEMS:
        return Feedback("", False, f"The answer has more than {MAX_ITEMS} items; a short list of names is expected.")
    odd = [a for a in answer if not isinstance(a, str)]
    if odd:
        return Feedback(
            "",
            False,
            f"The answer should be a list of names in quotes, but it holds {kind_of(odd[0])}"
            + (" (a list of print() results? print shows a value but gives None)" if odd[0] is None else "")
            + ".",
        )
    return [str(a) for a in answer]


def items(
    exercise: str,
    answer: Any,
    expected: Iterable[str],
    *,
    ordered: bool = False,
    why: str = "",
) -> Feedback:
    """Feedback for an answer that is a collection of names (optionally in order)."""
    expected = list(expected)
    if answer is SPEC:
        return ItemsSpec(tuple(expected), ordered)
    answer = as_names(answer)
    if isinstance(answer, Feedback):
        return Feedback(exercise, answer.correct, answer.message)
    given = [" ".join(a.strip().lower().split()) for a in answer]
    want = [e.lower() for e in expected]
    if ordered:
        if given == want:
            return Feedback(exercise, True, why or "Right names in the right order.")
        if sorted(given) == sorted(want):
            wrong = [
                f"{a} (you put it {_ordinal(k + 1)}; it comes {_ordinal(want.index(g) + 1)})"
                for k, (a, g) in enumerate(zip(answer, given))
                if want[k] != g
            ]
            return Feedback(
                exercise, False, "You have the right names, but these are out of place: " + "; ".join(wrong) + "."
            )
    elif sorted(given) == sorted(want):
        return Feedback(exercise, True, why or "All present, nothing extra.")
    missing = [e for e, w in zip(expected, want) if w not in given]
    extra = [_shown(a) for a, g in zip(answer, given) if g not in want]
    twice = [e for e, w in zip(expected, want) if given.count(w) > 1]
    parts = []
    if missing:
        parts.append(f"{len(missing)} missing")
    if extra:
        parts.append("not expected: " + ", ".join(extra))
    if twice:
        parts.append("named more than once: " + ", ".join(twice))
    return Feedback(exercise, False, "; ".join(parts) + ".")


#: The most items a list answer is read to (a list of names is short; range(10**7) is not).
MAX_ITEMS = 1_000


def shown_key(key: Any, *, quoted: bool = False) -> str:
    """A key or value of a learner's dict as feedback names it: text as written (in quotes if
    ``quoted``), anything else by its repr, or by its kind if even that fails."""
    if isinstance(key, str) and not quoted:
        return _shown(key)
    try:
        return _shown(repr(key))
    except Exception:  # a learner's object whose repr() raises
        return kind_of(key)


def _shown(value: Any, width: int = 60) -> str:
    """An item of a learner's answer as feedback shows it: text shortened, anything else named."""
    if isinstance(value, str):
        return value if len(value) <= width else value[: width - 1] + "…"
    return kind_of(value)


#: US spellings (and close synonyms) of words in the course's answers, mapped to the course's own.
SPELLINGS = {
    "colonization": "colonisation",
    "tumor": "tumour",
    "estrogen": "oestrogen",
    "metastases": "metastasis",
    "lymph node": "lymph nodes",
    "seed-and-soil": "seed and soil",
    "seed & soil": "seed and soil",
    "bloodflow": "blood flow",
}


def normalise(text: str) -> str:
    """An option as a learner might type it, made comparable: case, spaces, _ and - ignored, US
    spellings taken as British ("colonization" is "colonisation")."""
    key = " ".join(str(text).strip().lower().replace("_", " ").split())
    for us, uk in SPELLINGS.items():
        key = re.sub(rf"\b{re.escape(us)}\b", uk, key)
    return key.replace("-", " ")


def kind_of(value: Any) -> str:
    """What a value is, in words for a learner rather than Python's type names."""
    if isinstance(value, str):
        return f"the text {value!r} (a word in quotes)"
    if value is None:
        return "nothing (None)"
    if isinstance(value, bool):
        return f"{value} (a yes/no value)"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a dictionary"
    if isinstance(value, Real):
        return f"the number {_fmt(value)}"
    return f"a {type(value).__name__}"


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _to_tolerance(x: float, abs_tol: float) -> str:
    """``x`` with as many decimals as the tolerance can tell apart (0.01 -> 2, 0.2 -> 1, 0.5 -> 1),
    or without one 3 significant figures below 100 and whole numbers above: 5.5 percent, not
    5.52995; 555,556 cells, not 5.56e+05."""
    if float(x).is_integer():
        return f"{int(x):,}"
    if abs_tol > 0:
        return f"{x:,.{max(0, math.ceil(-math.log10(abs_tol)))}f}"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def format_number(x: float) -> str:
    """A number as feedback writes it (1e+06, 0.25, 12; a huge integer by its number of digits)."""
    return _fmt(x)


def _fmt(x: float) -> str:
    if isinstance(x, int) and abs(x) >= 10**15:
        return f"a number with {len(str(abs(x)))} digits"
    return f"{x:g}" if isinstance(x, float) else str(x)


#: How many unknown keys feedback names: a dict of a million keys must not give a page of them.
SHOWN_UNKNOWN = 5


def some_of(keys: set) -> str:
    """The first few keys, in a stable order (their shown forms, as keys of mixed types cannot be
    compared), and how many more."""
    named = heapq.nsmallest(SHOWN_UNKNOWN, map(shown_key, keys))
    more = f" and {len(keys) - len(named):,} more" if len(keys) > len(named) else ""
    return ", ".join(named) + more


def sorting(exercise: str, answer: Any, key: dict[str, str], reasons: dict[str, str]) -> Feedback:
    """Feedback for sorting items into categories: one line per item, right or wrong, with why.

    ``answer`` maps item -> category; ``key`` maps item -> correct category; ``reasons`` maps
    item -> the explanation shown whether the answer was right or not.
    """
    if not isinstance(answer, dict):
        return Feedback(
            exercise, False, "Answer with a dict mapping each item to a category, e.g. {'claim_id': 'supported'}."
        )
    categories = sorted(set(key.values()))
    if answer and all(v is NO_ANSWER for v in answer.values()):
        return Feedback(
            exercise, None, f"Replace each ... with one of: {', '.join(categories)}; then run the cell again."
        )
    lines, right = [], 0
    for item, correct in key.items():
        given = answer.get(item, NO_ANSWER)
        if given is NO_ANSWER:
            lines.append(f"{item}: no answer yet (choose one of {', '.join(categories)}).")
            continue
        if not isinstance(given, str) or given.strip().lower() not in categories:
            lines.append(f"{item}: {shown_key(given, quoted=True)} is not a category ({', '.join(categories)}).")
            continue
        if given.strip().lower() == correct:
            right += 1
            lines.append(f"{item}: right, {correct}. {reasons[item]}")
        else:
            lines.append(f"{item}: not {given.strip().lower()} but {correct}. {reasons[item]}")
    unknown = set(answer) - set(key)
    if unknown:
        lines.append(f"Not items of this exercise: {some_of(unknown)}.")
    summary = f"{right} of {len(key)} right."
    return Feedback(exercise, right == len(key) and not unknown, summary + "\n" + "\n".join(lines))
