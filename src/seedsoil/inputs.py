"""Checks of the arguments a learner passes to the library's functions.

Each check names the argument and what was expected, so a mistake reads as a sentence about
the learner's own call rather than a message from deep inside numpy, pandas or matplotlib.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from numbers import Integral, Real
from pathlib import Path

import numpy as np
import pandas as pd


def _name(value: object) -> str:
    return type(value).__name__


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:20]}…({len(text)} characters)"


#: The most items a list given to the library may hold (an endless generator is refused, not read).
MAX_ITEMS = 1_000_000


def bounded(name: str, values: Iterable) -> list:
    out = list(itertools.islice(values, MAX_ITEMS + 1))
    if len(out) > MAX_ITEMS:
        raise ValueError(f"{name} has more than {MAX_ITEMS:,} items (an endless generator?): give a list")
    return out


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
    try:
        number = float(value)
    except (OverflowError, ValueError):  # 10**400, Decimal('sNaN')
        raise ValueError(f"{name} must be a finite number of ordinary size, got {_short(value)}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if positive and number <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return number


def path(name: str, value: object) -> Path | None:
    """A file or folder given as text or a pathlib.Path (None for the default)."""
    if value is None:
        return None
    if not isinstance(value, (str, os.PathLike)) or isinstance(value, str) and not value.strip():
        raise TypeError(f"{name} must be a path, as text or a pathlib.Path, got {_short(value)} ({_name(value)})")
    return Path(value)


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
    out = bounded(name, value)
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
    dtype = getattr(values, "dtype", None)
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_numeric_dtype(dtype):
        # a nullable column of a data table (Int64, Float64): a missing value is said as such
        if pd.isna(values).any():
            raise ValueError(f"{name} has a missing value (<NA>); drop it first, for example with .dropna()")
        values = values.to_numpy(dtype=float)
        dtype = values.dtype
    if isinstance(dtype, np.dtype) and np.issubdtype(dtype, np.number) and np.ndim(values) == 1:
        items = np.asarray(values)  # already numbers (e.g. a simulated cohort's times): no conversion one by one
    else:
        items = [values] if is_number(values) else bounded(name, values)
    if isinstance(items, np.ndarray):
        array = items.astype(float)
    else:
        bad = [v for v in items if not is_number(v)]
        if bad:
            raise TypeError(f"{name} must hold numbers only; got {bad[0]!r} ({_name(bad[0])})")
        try:
            array = np.asarray([float(v) for v in items], dtype=float)
        except (OverflowError, ValueError):
            raise ValueError(f"{name} must hold finite numbers of ordinary size") from None
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers (no NaN or infinity)")
    return array
