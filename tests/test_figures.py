"""Figures: image comparison of every exported diagram against tests/baseline/, and the exported
files in figures/ regenerate byte for byte.

After an intended change to a figure, regenerate both and look at them before committing:
    python -m seedsoil figures
    python -m seedsoil figures --out tests/baseline --formats png --dpi 50
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.testing.compare import compare_images

from seedsoil import figures

from nbtools import ROOT

BASELINE = ROOT / "tests" / "baseline"


@pytest.mark.parametrize("name", list(figures.FIGURES))
def test_figure_matches_baseline(tmp_path, name):
    (actual,) = figures.render(name, tmp_path, formats=("png",), dpi=50)
    expected = BASELINE / f"{name}.png"
    assert expected.is_file(), f"no baseline for {name}: see this module's docstring"
    # tol is an RMS difference on a 0-255 scale: room for anti-aliasing, not for a changed figure
    result = compare_images(str(expected), str(actual), tol=2)
    assert result is None, result


def test_exported_figures_regenerate_identically(tmp_path):
    written = figures.export(tmp_path)
    assert {p.name for p in written} == {f"{n}.{fmt}" for n in figures.FIGURES for fmt in ("svg", "png")} | {"README.md"}
    assert set(figures.DESCRIPTIONS) == set(figures.FIGURES)
    assert all(len(d.split()) >= 12 for d in figures.DESCRIPTIONS.values())
    for path in written:
        committed = ROOT / "figures" / path.name
        assert committed.is_file(), f"figures/{path.name} missing: run python -m seedsoil figures"
        assert committed.read_bytes() == path.read_bytes(), f"figures/{path.name} is out of date"
    svg = (tmp_path / "cascade.svg").read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg


def test_a_changed_figure_fails_the_comparison(tmp_path):
    with figures.course_style():
        fig = figures.draw("cascade")
        fig.axes[0].set_title("a different title")
        actual = figures.save(fig, tmp_path / "cascade.png", dpi=50)
        plt.close(fig)
    assert compare_images(str(BASELINE / "cascade.png"), str(actual), tol=2) is not None


def test_drawing_does_not_change_the_callers_settings(tmp_path):
    import matplotlib

    before = dict(matplotlib.rcParams)
    figures.render("evidence_pyramid", tmp_path, formats=("png",), dpi=20)
    assert dict(matplotlib.rcParams) == before


def test_bad_names_and_formats():
    with pytest.raises(ValueError, match="unknown figure 'nope'"):
        figures.draw("nope")
    fig = plt.figure()
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        figures.save(fig, ROOT / "x.pdf")
    plt.close(fig)
