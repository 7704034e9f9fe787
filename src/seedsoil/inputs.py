"""Checks of the arguments a learner passes to the library's functions.

Each check names the argument and what was expected, so a mistake reads as a sentence about
the learner's own call rather than a message from deep inside numpy, pandas or matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from numbers import Integral, Real

import numpy as np


def _name(value: object) -> str:
    return type(value).__name__


def is_number(value: object) -> bool:
    """A real number (int, float, numpy number, Fraction, Decimal), not a bool or text."""
    return not isinstance(value, bool) and isinstance(value, (Real, Decimal))


def seed(value: object) -> int:
    """A seed for numpy's generator: a whole number from 0 up, so results can be reproduced."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError("seed must be a whole number, so that results can be reproduced")
    if value < 0:
        raise ValueError(f"seed must be a whole number of at least 0, got {value}")
    return int(value)


def whole(name: str, value: object, low: int, high: int | None = None) -> int:
    """A whole number between ``low`` and ``high`` (inclusive; no upper limit if None)."""
    wanted = f"from {low} to {high:,}" if high is not None else f"of at least {low}"
    if isinstance(value, bool) or not isinstance(value, Integral) or value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be a whole number {wanted}, got {value!r}")
    return int(value)


def finite(name: str, value: object, *, positive: bool = False) -> float:
    """A finite real number (a positive one if asked)."""
    if not is_number(value):
        raise TypeError(f"{name} must be a number, got {value!r} ({_name(value)})")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if positive and number <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return number


def mapping(name: str, value: object, example: str) -> Mapping:
    """A non-empty mapping (a dict), e.g. site -> percent."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict such as {example}, got {_name(value)}")
    if not value:
        raise ValueError(f"{name} is empty: give at least one entry, such as {example}")
    return value


def names(name: str, value: object, *, allow_empty: bool = False) -> list[str]:
    """A list of names. One name on its own is refused, since iterating over it would give
    its letters ('bone' -> 'b', 'o', ...): the message shows how to write a list of one."""
    if isinstance(value, str):
        raise TypeError(f"{name} must be a list of names, such as [{value!r}], not the text {value!r}")
    if not isinstance(value, Iterable) or isinstance(value, Mapping):
        raise TypeError(f"{name} must be a list of names, got {_name(value)}")
    out = list(value)
    bad = [v for v in out if not isinstance(v, str)]
    if bad:
        raise TypeError(f"{name} must hold names (text); got {bad[0]!r}")
    if not out and not allow_empty:
        raise ValueError(f"{name} is empty: give at least one name")
    repeated = sorted({v for v in out if out.count(v) > 1})
    if repeated:
        raise ValueError(f"{name} names {', '.join(map(repr, repeated))} more than once")
    return out


def numbers(name: str, values: object) -> np.ndarray:
    """A one-dimensional list of finite numbers, as a float array."""
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable) and not is_number(values):
        raise TypeError(f"{name} must be a number or a list of numbers, got {_name(values)}")
    if hasattr(values, "dtype") and np.issubdtype(values.dtype, np.number) and np.ndim(values) == 1:
        items = np.asarray(values)  # already numbers (e.g. a simulated cohort's times): no conversion one by one
    else:
        items = [values] if is_number(values) else list(values)
    if isinstance(items, np.ndarray):
        array = items.astype(float)
    else:
        bad = [v for v in items if not is_number(v)]
        if bad:
            raise TypeError(f"{name} must hold numbers only; got {bad[0]!r} ({_name(bad[0])})")
        array = np.asarray([float(v) for v in items], dtype=float)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers (no NaN or infinity)")
    return array
