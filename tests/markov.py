"""Markov-chain results the tests compare the course's model with (not part of the student library)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from seedsoil import inputs
from seedsoil.spread import Chain


def absorption(chain: Chain, absorbing: Iterable[str]) -> pd.DataFrame:
    """Probability of ending in each absorbing site, from each transient site (B = (I − Q)⁻¹ R)."""
    if not isinstance(chain, Chain):
        raise TypeError(f"expected a spread.Chain, not {type(chain).__name__}")
    absorbing = inputs.names("absorbing", absorbing)
    idx = [chain.index(s) for s in absorbing]
    for s, i in zip(absorbing, idx):
        if chain.P[i, i] != 1:
            raise ValueError(f"site {s!r} is not absorbing: P[{s}, {s}] = {chain.P[i, i]:g}, not 1")
    transient = [i for i in range(len(chain.sites)) if i not in idx]
    if not transient:
        raise ValueError("every site is absorbing: nothing to compute")
    Q = chain.P[np.ix_(transient, transient)]
    R = chain.P[np.ix_(transient, idx)]
    try:
        B = np.linalg.solve(np.eye(len(transient)) - Q, R)
    except np.linalg.LinAlgError:
        raise ValueError("some transient sites never reach an absorbing site") from None
    return pd.DataFrame(B, index=[chain.sites[i] for i in transient], columns=absorbing)
