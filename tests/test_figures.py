"""Figures for teachers' slides: one recipe per figure, the notebook cell tagged with its name.

The notebooks' own figures are compared byte for byte by strict nbval (coursekit.nbval_strict);
figures/README.md records a hash of each stored figure, so these tests tell when the exported
files are behind the notebooks:  make figures
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import pytest

from coursekit import figures

from nbtools import ROOT

CELLS = list(figures.tagged_cells())
NAMES = [name for name, _, _ in CELLS]


def test_every_tagged_figure_is_exported_and_current():
    assert len(NAMES) == len(set(NAMES)) >= 14, "figure names are unique"
    recorded = figures.recorded_hashes(ROOT / "figures")
    for name, file, cell in CELLS:
        for fmt in ("svg", "png"):
            assert (ROOT / "figures" / f"{name}.{fmt}").is_file(), f"figures/{name}.{fmt} missing: make figures"
        assert recorded.get(name) == figures.stored_png_hash(cell), (
            f"figures/{name}.* were exported from an older version of the figure in {file}: make figures"
        )
        assert len(cell.metadata["alt"].split()) >= 12, f"{name}: the alt text is its description"
    assert set(recorded) == set(NAMES), "figures/README.md lists exactly the tagged figures"
    exported = {p.stem for p in (ROOT / "figures").glob("*.png")}
    assert exported == set(NAMES), "no stale files in figures/"


@pytest.fixture
def small_course(tmp_path):
    """A one-notebook copy of the project whose figure cell is tagged 'demo'."""
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "data" / "course.yml").write_text(
        "title: T\nsubtitle: S\nnotebooks:\n  - {id: a, file: 00_a.ipynb, title: A, minutes: 10, "
        "audience: all, last_reviewed: 2026-01-01, objectives: [{text: Compute x, assessed_by: [ex00-1]}]}\n"
    )
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nx = [1, 2, 3]"),
            nbformat.v4.new_code_cell(
                "fig, ax = plt.subplots()\nax.plot(x, x)\nax.set_title('demo')\nplt.show()",
                metadata={"figure": "demo", "alt": "a line"},
            ),
            nbformat.v4.new_code_cell("print('after the figure: not run')\nraise SystemExit"),
        ]
    )
    nb.cells[1].outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})]
    nbformat.write(nb, root / "notebooks" / "00_a.ipynb")
    return root


def test_export_runs_the_notebook_cells_and_writes_reproducible_files(small_course, tmp_path):
    before = dict(matplotlib.rcParams)
    written = figures.export(tmp_path / "out", root=small_course)
    assert sorted(p.name for p in written) == ["README.md", "demo.png", "demo.svg"]
    again = figures.export(tmp_path / "again", root=small_course)
    for a, b in zip(written, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} is not reproducible"
    svg = (tmp_path / "out" / "demo.svg").read_text()
    assert "demo" in svg and "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert figures.recorded_hashes(tmp_path / "out") == {
        "demo": figures.stored_png_hash(nbformat.read(small_course / "notebooks" / "00_a.ipynb", as_version=4).cells[1])
    }
    assert dict(matplotlib.rcParams) == before and plt.get_fignums() == []


def test_bad_names_and_formats(small_course, tmp_path):
    with pytest.raises(ValueError, match="unknown figure.*nope.*choose from: demo"):
        figures.export(tmp_path, ["nope"], root=small_course)
    fig = plt.figure()
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        figures.save(fig, tmp_path / "x.pdf")
    plt.close(fig)


# --- readable on a projected slide (issue 12) -----------------------------------------------------


# Every figure's text is measured where the figure is drawn, in nbval's one run of each notebook
# (coursekit.kernelprobe; the item "<notebook>::figure text"); the measure itself is tested here.


def test_slide_text_px_shrinks_with_the_figure_and_the_slide_box():
    fig, ax = plt.subplots(figsize=(8.0, 4.0))
    ax.set_axis_off()
    fig.subplots_adjust(0, 0, 1, 1)
    ax.text(0.5, 0.98, "small", fontsize=8, va="top")  # top and bottom: the crop keeps the height
    ax.text(0.5, 0.02, "large", fontsize=14, va="bottom")
    px, text = figures.slide_text_px(fig)
    assert text == "small" and px == pytest.approx(8 / 72 * 100 * figures.SCREEN_PER_SLIDE_PX, rel=0.1)
    # the same figure twice as tall is shown at about half the size in a 400-px box
    fig.set_size_inches(8.0, 8.0)
    tall, _ = figures.slide_text_px(fig)
    assert tall < 0.6 * px
    # a cell tagged slide-figure has more room, so its text stays larger
    tagged = nbformat.v4.new_code_cell(metadata={"tags": ["slide-figure"]})
    roomy, _ = figures.slide_text_px(fig, figures.slide_box(tagged))
    assert roomy > tall
    plt.close(fig)


def test_a_forest_plots_alt_text_names_every_trial_it_draws():
    """The alt text is the figure for a reader who cannot see it: a trial added to the table must
    be added to it too (VERITAC-2 once was drawn but not described)."""
    from seedsoil import data

    treatments = data.load("treatments").dropna(subset=["hazard_ratio"])
    nb = nbformat.read(ROOT / "notebooks" / "09_reading_the_evidence.ipynb", as_version=4)
    found = 0
    for cell in nb.cells:
        alt = cell.metadata.get("alt", "")
        for endpoint in ("overall survival", "progression-free survival"):
            if alt.startswith(f"Forest plot of {endpoint}"):
                found += 1
                trials = treatments[treatments.endpoint == endpoint]["trial"]
                missing = [t for t in trials if t.split("/")[0].split(" (")[0] not in alt]
                assert missing == [], f"{endpoint}: the alt text leaves out {missing}"
                assert f"{len(trials)} trials" in alt
    assert found == 2
