"""seedsoil.render, the presentation layer: tables in words for every view, feedback boxes."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from seedsoil import data, render
from seedsoil.exercises import check
from seedsoil.render import PAGE_MIME, SLIDE_MIME, show


def test_every_field_of_the_data_package_has_a_title_and_the_package_insists():
    for resource in data.descriptor()["resources"]:
        for field in resource["schema"]["fields"]:
            assert field.get("title", "").strip(), (resource["name"], field["name"])
            assert not re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", field["title"]), (resource["name"], field["title"])
    broken = {"resources": [{"name": "t", "path": "t.csv", "schema": {"fields": [{"name": "a", "type": "string"}]}}]}
    problems = list(data._descriptor_problems("datapackage.json", broken))
    assert problems and "needs a 'title'" in str(problems[0])


def test_headers_are_titles_bookkeeping_is_hidden_and_codes_read_as_words():
    treatments = data.load("treatments")
    table = show(treatments.head(3), caption="c")
    mime, _ = table._repr_mimebundle_()
    headers = re.findall(r'<th scope="col">(.*?)</th>', mime["text/html"])
    assert "Test that selects patients" in headers and "Subtype" in headers
    assert not any("_" in h for h in headers)  # no field names
    for hidden in ("Id", "Source", "Checked on", "Regulatory sources", "Note"):
        assert hidden not in headers, hidden
    assert "HR-positive, HER2-negative" in mime["text/html"] and "hr_pos_her2_neg" not in mime["text/html"]
    # a lesson may still ask for an id, by name
    assert "Id" in re.findall(r'<th scope="col">(.*?)</th>', show(treatments, ["id", "trial"])._repr_html_())


def test_a_column_without_a_title_is_refused_with_the_fix():
    with pytest.raises(ValueError, match=r"column 'hazard_per_fortnight' has no title.*labels="):
        show(pd.DataFrame({"hazard_per_fortnight": [1]}))
    fine = show(pd.DataFrame({"hazard_per_fortnight": [1]}), labels={"hazard_per_fortnight": "Hazard a fortnight"})
    assert "Hazard a fortnight" in fine._repr_html_()
    assert "Already in words" in show(pd.DataFrame({"Already in words": [1]}))._repr_html_()


def test_a_table_that_fits_a_slide_is_the_slide_and_one_that_does_not_needs_a_view_for_the_room():
    small = show(pd.DataFrame({"Site": ["bone", "lung"], "Percent": [70, 30]}), caption="small")
    data_, meta = small._repr_mimebundle_()
    assert meta[SLIDE_MIME] == {"rows": 2, "columns": 2} and "seedsoil-slide" in data_[SLIDE_MIME]

    big = pd.DataFrame({"Site": [f"s{i}" for i in range(12)], "Percent": range(12)})
    data_, meta = show(big, caption="big")._repr_mimebundle_()
    assert SLIDE_MIME not in data_  # the build refuses it on a slide (tests/test_build.py)

    pointer, meta = show(big, caption="Sites", slide=False)._repr_mimebundle_()
    assert "12 rows, on the reading page" in pointer[SLIDE_MIME] and meta[SLIDE_MIME] == {"rows": 0, "columns": 0}
    assert "<table" not in pointer[SLIDE_MIME]  # a pointer, not a cut table

    summary = big.groupby(big.index // 4).agg({"Site": "first", "Percent": "sum"})
    data_, meta = show(big, caption="big", slide=summary, slide_caption="by four")._repr_mimebundle_()
    assert meta[SLIDE_MIME] == {"rows": 3, "columns": 2} and "by four" in data_[SLIDE_MIME]
    with pytest.raises(ValueError, match="at most 6 rows and 4 columns"):
        show(big, slide=big)


def test_a_wide_table_offers_all_its_columns_one_click_away_on_a_reading_page():
    wide = pd.DataFrame({f"Column {k}": [k] for k in range(9)})
    page = show(wide, caption="wide")._repr_mimebundle_()[0][PAGE_MIME]
    assert page.count("<table") == 2 and "Show all columns (9)" in page
    narrow = page.split("<details")[0]
    assert narrow.count('<th scope="col">') == render.PAGE_COLUMNS - 1
    chosen = show(wide, page_columns=["Column 8", "Column 0"])._repr_mimebundle_()[0][PAGE_MIME].split("<details")[0]
    assert re.findall(r'<th scope="col">(.*?)</th>', chosen) == ["Column 8", "Column 0"]
    assert 'role="region"' in page and 'tabindex="0"' in page  # a box that scrolls, reachable by keyboard


def test_numbers_show_without_float_noise_and_missing_values_are_empty():
    t = show(pd.DataFrame({"A": [0.1 + 0.2, 12.0, None], "B": [123456, 2, 3]}), digits={"A": 2})
    text = t._repr_html_()
    assert "0.30" in text and "12.00" in text and "123,456" in text and "nan" not in text.lower()


def test_feedback_boxes_use_the_tokens_and_a_page_says_what_to_do_in_jupyterlab():
    pending = check("ex09-1", ...)._repr_mimebundle_()
    assert "run the cell again" in pending["text/html"]
    assert "In JupyterLab" in pending[PAGE_MIME] and "run the cell again" not in pending[PAGE_MIME]
    wrong = check("ex02-3", 100_000)._repr_html_()
    assert render.COLOURS["wrong"] in wrong and "double" in wrong and "✘" in wrong
    assert PAGE_MIME not in check("ex09-1", 24)._repr_mimebundle_()  # an answered box is the same everywhere
    css = render.css()
    for kind in ("correct", "wrong", "pending", "setup"):
        assert f".seedsoil-feedback-{kind}" in css and render.COLOURS[kind] in css
    assert f"font-size: {render.SLIDE_TABLE_PX}px" in css
