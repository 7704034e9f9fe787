"""How large a figure's text is when its slide is projected: the rule that every figure's smallest
text reads at least 14 px on a 1280×720 projector.

Kept apart from ``coursekit.figures`` (which reads notebooks) so that it can be measured inside
the kernel of nbval's run of each notebook (``coursekit.kernelprobe``) at the cost of matplotlib
alone.
"""

from __future__ import annotations

import matplotlib.text
from matplotlib.figure import Figure

#: Where a figure sits on a slide: the room for an image under a heading and some text, in reveal's
#: slide pixels (the template caps slide images at 400 px high; 580 px in a cell tagged
#: ``slide-figure``, which has a sub-slide to itself), and the notebook's figure resolution.
SLIDE_IMAGE_BOX = (940, 400)
SLIDE_FIGURE_BOX = (940, 580)
SLIDE_FIGURE_TAG = "slide-figure"
INLINE_DPI = 100
#: reveal scales its 960×700 slide, plus a 4% margin, to fit the window: at 1280×720 a slide pixel
#: is 720 / (700 × 1.04) screen pixels.
SCREEN_PER_SLIDE_PX = 720 / (700 * 1.04)


def slide_box(cell: dict) -> tuple[int, int]:
    """The largest size (width, height) in slide pixels at which the deck shows ``cell``'s figure."""
    return SLIDE_FIGURE_BOX if SLIDE_FIGURE_TAG in cell.get("metadata", {}).get("tags", []) else SLIDE_IMAGE_BOX


def slide_text_px(fig: Figure, box: tuple[int, int] = SLIDE_IMAGE_BOX) -> tuple[float, str]:
    """The smallest text of ``fig`` in screen pixels when projected at 1280×720, and that text.

    The notebook stores the figure cropped to its content (``bbox_inches='tight'``) at 100 dpi;
    the slide shrinks it to fit ``box`` (see :func:`slide_box`) and reveal scales the slide to the window."""
    renderer = fig.canvas.get_renderer()
    crop = fig.get_tightbbox(renderer).padded(0.1)  # the inline backend's crop, in inches
    width, height = crop.width * INLINE_DPI, crop.height * INLINE_DPI
    shrink = min(1.0, box[0] / width, box[1] / height)
    hidden = {id(t) for ax in fig.axes if not ax.axison for axis in (ax.xaxis, ax.yaxis) for t in axis.findobj()}
    texts = [
        t
        for t in fig.findobj(matplotlib.text.Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden and t.get_window_extent(renderer).width > 0
    ]
    if not texts:
        return float("inf"), ""
    smallest = min(texts, key=lambda t: t.get_fontsize())
    px = smallest.get_fontsize() / 72 * INLINE_DPI * shrink * SCREEN_PER_SLIDE_PX
    return px, smallest.get_text()
