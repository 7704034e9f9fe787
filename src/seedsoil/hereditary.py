"""Hereditary risk (lesson ``hereditary``): a carrier's breast cancer risk over the years, with and
without risk-reducing mastectomy.

>>> from seedsoil import hereditary
>>> hereditary.carrier_risk(30)["difference"]   # percentage points fewer after mastectomy
"""

from __future__ import annotations

import math

from . import data, inputs


def carrier_risk(years: float) -> dict[str, float]:
    """The notebook 10 model of a carrier's breast cancer risk over ``years`` after early adulthood.

    A constant yearly incidence (the middle of the prospective cohort's range) gives the risk
    without surgery, 1 - exp(-rate * years); the PROSE relative reduction (ovaries intact) applied
    to it gives the risk after risk-reducing mastectomy.  All values are percentages.
    """
    years = inputs.finite("years", years, positive=True)
    h = data.load("hereditary_risk").set_index("outcome")["value_percent"]
    rate = (
        h["yearly breast cancer incidence after early adulthood (low end)"]
        + h["yearly breast cancer incidence after early adulthood (high end)"]
    ) / 200
    reduction = h["reduction in breast cancer risk after mastectomy (ovaries intact)"] / 100
    without = 100 * (1 - math.exp(-rate * years))
    return {
        "rate": 100 * rate,
        "reduction": 100 * reduction,
        "without": without,
        "with": without * (1 - reduction),
        "difference": without * reduction,
    }
