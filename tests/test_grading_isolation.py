"""Grading never depends on what a learner did before (issue 18).

Each notebook's cells are run in one namespace, as a learner's kernel would. The answers of its
solution cells are graded; then every object the notebook received (tables, dicts, lists, series,
models) is changed in place, as a learner trying things out might; the same answers must grade
the same, because the answer keys are computed from pristine data, never from an object a
notebook holds.
"""

from __future__ import annotations

import contextlib
import copy
import io
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from seedsoil.exercises import check

from nbtools import NOTEBOOK_FILES, ROOT, read_notebook, tags


def _spoil(value) -> None:
    """Change ``value`` in place, as badly as a curious learner could."""
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


@pytest.mark.parametrize("file", NOTEBOOK_FILES)
def test_exercises_grade_the_same_after_every_object_is_changed(file, monkeypatch):
    monkeypatch.chdir(ROOT / "notebooks")
    backend = matplotlib.get_backend()
    plt.switch_backend("Agg")
    recorded = []

    in_solution = [False]

    def recording_check(exercise, answer):
        if in_solution[0]:
            recorded.append((exercise, copy.deepcopy(answer)))
        return check(exercise, answer)

    namespace: dict = {"__name__": "__main__"}
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            for cell in read_notebook(file).cells:
                if cell.cell_type != "code":
                    continue
                in_solution[0] = "solution" in tags(cell)
                exec(compile(cell.source, file, "exec"), namespace)
                namespace["check"] = recording_check  # after the setup cell's import
                plt.close("all")
    finally:
        plt.switch_backend(backend)
    assert recorded, f"{file}: no solution was graded"
    before = [check(exercise, answer).correct for exercise, answer in recorded]
    # every graded solution is right (explain and predict items are not graded: None)
    assert all(b is not False for b in before), f"{file}: a solution does not grade as right"
    for name, value in list(namespace.items()):
        if not name.startswith("__"):
            with contextlib.suppress(Exception):
                _spoil(value)
    after = [check(exercise, copy.deepcopy(answer)).correct for exercise, answer in recorded]
    changed = [exercise for (exercise, _), b, a in zip(recorded, before, after) if a != b]
    assert not changed, f"{file}: these exercises grade differently after the notebook's objects changed: {changed}"
