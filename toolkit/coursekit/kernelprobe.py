"""Runs inside the kernel of nbval's one run of each notebook, so that no test runs it again.

``coursekit.nbval_strict`` installs this probe before a notebook's first cell, tells it about each
cell before the cell runs, and asks for its report after the last cell. It records, without
changing any output:

- **figures**: the smallest text of every figure the inline backend shows, in screen pixels when
  its slide is projected at 1280×720 (``coursekit.slidetext``: at least 14 px);
- **grading**: the answers that the notebook's solution cells pass to ``check()``; after the last
  cell, every object the notebook holds is changed in place, as a curious learner might, and the
  same answers must grade the same (the answer keys are computed from pristine data).

It imports matplotlib and the student library only, which the notebooks import anyway.
"""

from __future__ import annotations

import contextlib
import copy
import json

_state: dict = {"cell": None, "solution": False, "box": None, "figures": [], "answers": [], "check": None}


def install() -> None:
    from matplotlib.backend_bases import FigureCanvasBase

    import seedsoil.exercises as exercises

    from .slidetext import slide_text_px

    if _state["check"] is not None:
        return
    shown = FigureCanvasBase.print_figure

    def print_figure(canvas, *args, **kwargs):
        result = shown(canvas, *args, **kwargs)  # the stored PNG first, untouched
        if _state["cell"] is not None:
            try:
                px, text = slide_text_px(canvas.figure, tuple(_state["box"]))
            except Exception as error:  # a figure the measure cannot read is reported, not fatal
                px, text = None, f"{type(error).__name__}: {error}"
            _state["figures"].append([_state["cell"], px if px != float("inf") else None, text])
        return result

    FigureCanvasBase.print_figure = print_figure
    check = _state["check"] = exercises.check

    def recording_check(exercise, answer):
        if _state["solution"]:
            _state["answers"].append((exercise, copy.deepcopy(answer)))
        return check(exercise, answer)

    recording_check.__doc__ = check.__doc__
    exercises.check = recording_check  # the setup cell's `from seedsoil.exercises import check`


def before_cell(index: int, solution: bool, box: list[int]) -> None:
    _state.update(cell=index, solution=solution, box=box)


def _spoil(value) -> None:
    """Change ``value`` in place, as badly as a curious learner could."""
    import numpy as np
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        for column in list(value.columns):  # the same object, every column overwritten
            value[column] = "spoiled"
    elif isinstance(value, pd.Series):
        value.iloc[:] = 0 if pd.api.types.is_numeric_dtype(value) else "spoiled"
    elif isinstance(value, (dict, list, set)):
        value.clear()
    elif isinstance(value, np.ndarray) and value.flags.writeable:
        value.fill(0)
    elif hasattr(value, "P") and isinstance(value.P, np.ndarray):  # a spread.Chain
        _spoil(value.P)


_IPYTHON_NAMES = {"In", "Out", "exit", "quit", "get_ipython", "open"}


def report() -> str:
    """After the last cell: the figures' text sizes, and how the solutions' answers grade before
    and after every object of the notebook was changed in place (JSON)."""
    import warnings

    from IPython import get_ipython

    check = _state["check"]
    answers = _state["answers"]
    before = [check(exercise, copy.deepcopy(answer)).correct for exercise, answer in answers]
    namespace = get_ipython().user_ns
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, value in list(namespace.items()):
            if not name.startswith("_") and name not in _IPYTHON_NAMES:
                with contextlib.suppress(Exception):
                    _spoil(value)
    after = [check(exercise, copy.deepcopy(answer)).correct for exercise, answer in answers]
    return json.dumps(
        {
            "figures": _state["figures"],
            "graded": [[exercise, b, a] for (exercise, _), b, a in zip(answers, before, after)],
        }
    )
