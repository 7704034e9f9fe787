"""The drawing engine the lessons' figures share: checks of the tables a figure is given, wrapped
labels, boxes joined by arrows that miss every other box, layered layouts.
"""

from __future__ import annotations

import textwrap

import networkx as nx
import numpy as np
import pandas as pd


def wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False))


def require_columns(table, columns: tuple[str, ...], where: str) -> None:
    """Check that a chart was given a non-empty table with the columns it draws."""

    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{where}() needs a pandas DataFrame, not {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"{where}(): the table has no column {', '.join(map(repr, missing))}; it needs {', '.join(columns)}"
        )
    if table.empty:
        raise ValueError(f"{where}(): the table is empty")


def require_values(table: pd.DataFrame, column: str, allowed, where: str) -> None:
    """Check that a column holds only the categories a chart knows how to draw."""
    unknown = sorted(set(table[column]) - set(allowed), key=str)
    if unknown:
        raise ValueError(
            f"{where}(): {column} {', '.join(map(repr, unknown))} is not one it can draw; use {', '.join(allowed)}"
        )


def require_finite(table: pd.DataFrame, columns: tuple[str, ...], where: str, *, minimum: float | None = None) -> None:
    """Check that the columns a chart draws hold finite numbers (NaN allowed only where noted)."""
    for column in columns:
        values = pd.to_numeric(table[column], errors="coerce")
        if values.isna().any() or not np.isfinite(values.to_numpy(float)).all():
            raise ValueError(f"{where}(): column {column!r} must hold finite numbers")
        if minimum is not None and (values < minimum).any():
            raise ValueError(f"{where}(): column {column!r} must hold numbers of at least {minimum:g}")


def box_arrow(ax, boxes: dict, pos: dict, u, v, **style) -> None:
    """An arrow from box ``u`` to box ``v`` that runs edge to edge, so no head hides under a box;
    ``style`` adds to or overrides the arrow properties (width, shrink, curve, line style)."""
    props = dict(
        arrowstyle="-|>",
        color="#333333",
        patchA=boxes[u].get_bbox_patch(),
        patchB=boxes[v].get_bbox_patch(),
    )
    ax.annotate("", xy=pos[v], xytext=pos[u], zorder=2, arrowprops=props | style)


#: Curvatures tried, in order, for an arrow that would otherwise run behind a box (arc3 ``rad``).
BENDS = (0.0, 0.12, -0.12, 0.22, -0.22, 0.32, -0.32, 0.45, -0.45, 0.6, -0.6)


def boxes_crossed(p0, p2, rad: float, others) -> int:
    """How many of the display-space boxes ``others`` the arc3 curve from ``p0`` to ``p2`` enters."""
    (x1, y1), (x2, y2) = p0, p2
    control = np.array([(x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)])
    t = np.linspace(0, 1, 60)[:, None]
    curve = (1 - t) ** 2 * np.asarray(p0) + 2 * (1 - t) * t * control + t**2 * np.asarray(p2)
    x, y = curve[:, 0], curve[:, 1]
    return sum(bool(((x > b.x0) & (x < b.x1) & (y > b.y0) & (y < b.y1)).any()) for b in others)


def clear_arrows(fig, ax, boxes: dict, pos: dict, edges, **style) -> None:
    """Arrows for ``edges`` that do not run behind a box they do not join.

    Each arrow is straight if it can be, otherwise the least curved arc (matplotlib's arc3) that
    misses every other box. Call once the figure's layout is final: box sizes depend on it.
    """
    fig.canvas.draw()  # the boxes' sizes are known only once their text is laid out
    extent = {n: b.get_bbox_patch().get_window_extent().padded(4) for n, b in boxes.items()}
    for u, v in edges:
        p0, p2 = ax.transData.transform(pos[u]), ax.transData.transform(pos[v])
        others = [extent[n] for n in boxes if n not in (u, v)]
        crossed = {rad: boxes_crossed(p0, p2, rad, others) for rad in BENDS}
        rad = min(BENDS, key=lambda r: (crossed[r], abs(r)))
        box_arrow(ax, boxes, pos, u, v, connectionstyle=f"arc3,rad={rad}", **style)


def layered_positions(g: nx.DiGraph, layer: str = "layer") -> dict[str, tuple[float, float]]:
    """Columns by the node attribute ``layer``; within a column, nodes keep the graph's order.

    (networkx's multipartite_layout orders a column by string hashes, which change between runs,
    so figures would not be reproducible.)
    """
    columns: dict[int, list[str]] = {}
    for node, data in g.nodes(data=True):
        columns.setdefault(data[layer], []).append(node)
    pos = {}
    for x, nodes in columns.items():
        for i, node in enumerate(nodes):
            pos[node] = (float(x), (len(nodes) - 1) / 2 - i)
    return pos


SUBTYPE_LABELS = {
    "all": "all subtypes",
    "hr_pos_her2_neg": "HR+/HER2−",
    "her2_pos": "HER2+",
    "triple_negative": "triple-negative",
    "hr_pos": "HR+",
    "hr_neg": "HR−",
    "luminal_a": "luminal A",
    "luminal_b": "luminal B",
    "her2_overexpressing": "HER2-overexpressing",
    "her2_low": "HER2-low",
    "hr_pos_her2_low": "HR+/HER2-low",
    "gbrca_her2_neg": "germline BRCA, HER2−",
    "de_novo_stage_iv": "de novo stage IV",
    "bone_metastases": "bone metastases",
    "brain_metastases": "brain metastases",
}


def set_title(ax, title: object) -> None:
    """A learner's title, drawn as written: a '$' in it is a dollar sign, not the start of
    matplotlib's mathtext (whose parser would fail on '$\\frac{$' deep inside matplotlib)."""
    if not isinstance(title, str):
        raise TypeError(f"title must be text, got {type(title).__name__}")
    ax.set_title(title, parse_math=False)
