"""One call that makes every course figure readable on a projector and for colour-blind readers.

>>> from seedsoil import style
>>> style.use()

The palette is Okabe & Ito's eight colours, which stay distinguishable for the common forms of
colour-vision deficiency.  Figures also encode meaning redundantly (labels, markers, hatches),
so nothing depends on colour alone.
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

# Okabe M, Ito K. Color Universal Design (2008). Black is kept for text, not the cycle.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

#: Colours for the plotting cycle, ordered so that neighbours contrast strongly; yellow last
#: because it is faint on white.
PALETTE = [
    OKABE_ITO[name] for name in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "yellow")
]

#: Hatches to pair with PALETTE when bars must be told apart without colour.
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "++"]

FIGSIZE = (8.0, 4.5)  # 16:9, fits a slide; a fixed size keeps nbval's '<Figure size …>' stable


def rc_params() -> dict:
    """The matplotlib settings that :func:`use` applies, as a dict (useful for ``rc_context``)."""
    return {
        "axes.prop_cycle": cycler(color=PALETTE),
        "figure.figsize": FIGSIZE,
        "figure.dpi": 100,
        "savefig.dpi": 150,
        # White, not transparent: transparent figures vanish in dark themes.
        "figure.facecolor": "white",
        "axes.facecolor": "white",
        "savefig.facecolor": "white",
        "savefig.transparent": False,
        # Projector-readable text.
        "font.size": 13,
        "axes.titlesize": 15,
        "axes.labelsize": 13,
        "xtick.labelsize": 12,
        "ytick.labelsize": 12,
        "legend.fontsize": 12,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlelocation": "left",
        "text.color": "black",
        "axes.labelcolor": "black",
        "xtick.color": "black",
        "ytick.color": "black",
        # Reproducible SVG exports (ids and metadata do not change between runs).
        "svg.hashsalt": "seedsoil",
        "svg.fonttype": "none",
    }


def use() -> None:
    """Apply the course style to all figures drawn after this call."""
    mpl.rcParams.update(rc_params())
