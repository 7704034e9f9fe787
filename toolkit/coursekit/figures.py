"""The course's key figures as files for teachers' own slides: ``python -m coursekit figures``.

One recipe per figure: the notebook cell that draws it.  A code cell whose metadata has
``"figure": "<name>"`` is exported as ``figures/<name>.svg`` and ``.png``; its ``alt`` metadata
becomes the figure's description in ``figures/README.md``.  The exporter runs the notebook's
code cells in order, in this process (matplotlib's Agg backend, nothing displayed), and saves the
figure each tagged cell draws.

The files are reproducible (no date or software version in either format; SVG ids salted with a
fixed string).  The README records, for each figure, a hash of the PNG that the notebook itself
stores for that cell; strict nbval proves those stored figures current, so a test comparing the
hashes tells when ``make figures`` is due.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import nbformat
from matplotlib.figure import Figure

from seedsoil import course as course_mod

from .paths import manifest, project_root
from .slidetext import SCREEN_PER_SLIDE_PX, SLIDE_FIGURE_BOX, SLIDE_IMAGE_BOX, slide_box, slide_text_px

__all__ = ["SCREEN_PER_SLIDE_PX", "SLIDE_FIGURE_BOX", "SLIDE_IMAGE_BOX", "slide_box", "slide_text_px"]

DPI = 150
SVG_SALT = "seedsoil"  # fixed seed for the ids matplotlib writes into SVG files
README = "README.md"
_ROW = re.compile(r"^\| `(?P<name>[a-z0-9_]+)\.svg`.*\| (?P<hash>[0-9a-f]{12}) \|$", re.M)


def tagged_cells(root: Path | None = None) -> Iterator[tuple[str, str, nbformat.NotebookNode]]:
    """(figure name, notebook file, cell) for every cell tagged with a figure, in course order."""
    root = root or project_root()
    for nb in course_mod.load(manifest(root)).notebooks:
        notebook = nbformat.read(root / "notebooks" / nb.file, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code" and "figure" in cell.metadata:
                yield cell.metadata["figure"], nb.file, cell


def stored_png_hash(cell: nbformat.NotebookNode) -> str:
    """Short hash of the PNG the notebook stores for ``cell`` (what nbval keeps current)."""
    pngs = [o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    if len(pngs) != 1:
        raise ValueError(f"a figure cell must store exactly one PNG output, found {len(pngs)}")
    return hashlib.sha256(pngs[0].encode()).hexdigest()[:12]


def recorded_hashes(folder: Path) -> dict[str, str]:
    """The stored-PNG hashes that ``figures/README.md`` records, by figure name."""
    path = Path(folder) / README
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return {m["name"]: m["hash"] for m in _ROW.finditer(text)}


def draw(path: Path, names: set[str]) -> Iterator[tuple[str, Figure]]:
    """Run ``path``'s code cells in order; yield (name, figure) for each tagged cell in ``names``."""
    notebook = nbformat.read(path, as_version=4)
    last = max((i for i, c in enumerate(notebook.cells) if c.metadata.get("figure") in names), default=-1)
    namespace: dict = {"__name__": "__main__"}
    with _quiet(path.parent):
        for cell in notebook.cells[: last + 1]:
            if cell.cell_type != "code":
                continue
            before = set(plt.get_fignums())
            exec(compile(cell.source, f"{path.name}", "exec"), namespace)  # the notebook's own code
            new = [plt.figure(n) for n in plt.get_fignums() if n not in before]
            name = cell.metadata.get("figure")
            if name in names:
                if len(new) != 1:
                    raise ValueError(f"{path.name}: the cell tagged figure={name!r} drew {len(new)} figures")
                yield name, new[0]
            plt.close("all")


@contextlib.contextmanager
def _quiet(folder: Path) -> Iterator[None]:
    """Agg backend, the notebook's folder as working directory, tables and warnings not printed."""
    backend = matplotlib.get_backend()
    plt.switch_backend("Agg")
    with (
        matplotlib.rc_context(),
        contextlib.chdir(folder),
        warnings.catch_warnings(),
        contextlib.redirect_stdout(io.StringIO()),
    ):
        warnings.simplefilter("ignore")  # e.g. 'FigureCanvasAgg is non-interactive' from plt.show()
        try:
            yield
        finally:
            plt.close("all")
    plt.switch_backend(backend)


def save(fig: Figure, path: Path, dpi: int = DPI) -> Path:
    """Write ``fig`` reproducibly (format from the suffix: .svg or .png)."""
    path = Path(path)
    if path.suffix == ".svg":
        with matplotlib.rc_context({"svg.hashsalt": SVG_SALT}):
            fig.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
    elif path.suffix == ".png":
        fig.savefig(path, format="png", dpi=dpi, metadata={"Software": None})
    else:
        raise ValueError(f"{path}: figures are written as .svg or .png")
    return path


def readme(cells: list[tuple[str, str, nbformat.NotebookNode]]) -> str:
    """figures/README.md: every file, the notebook that draws it, what it shows, and its hash."""
    lines = [
        "# Figures for teachers' slides",
        "",
        "Generated by `make figures` from the notebook cells that draw them; do not edit.",
        "Each figure is CC BY 4.0 like the course text; cite the sources named. Use the description",
        "as the image's alt text. The last column is a hash of the figure the notebook stores,",
        "which tells the tests when these files are out of date.",
        "",
        "| file | drawn in | what it shows | notebook figure |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{name}.svg`, `{name}.png` | `{file}` | {cell.metadata['alt']} | {stored_png_hash(cell)} |"
        for name, file, cell in cells
    ]
    return "\n".join(lines) + "\n"


def export(out: Path, names: list[str] | None = None, root: Path | None = None, dpi: int = DPI) -> list[Path]:
    """Write the named figures (default: all) into ``out`` as SVG and PNG; return the files."""
    root = root or project_root()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cells = list(tagged_cells(root))
    known = [name for name, _, _ in cells]
    wanted = set(names or known)
    unknown = sorted(wanted - set(known))
    if unknown:
        raise ValueError(f"unknown figure(s) {', '.join(unknown)}; choose from: {', '.join(known)}")
    written = []
    for file in dict.fromkeys(file for name, file, _ in cells if name in wanted):
        for name, fig in draw(root / "notebooks" / file, wanted):
            written += [save(fig, out / f"{name}.{fmt}", dpi) for fmt in ("svg", "png")]
    if names is None:
        (out / README).write_text(readme(cells), encoding="utf-8")
        written.append(out / README)
    return written
