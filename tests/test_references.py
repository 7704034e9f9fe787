"""seedsoil.references and data/references.bib."""

import pytest

from seedsoil import references
from seedsoil.references import CitationError, bibliography, cite

BIB = """
@article{smith2020,
  author = {Smith, Ann and Jones, Bo and Lee, Cy},
  title = {A {Title}},
  journal = {J Test},
  year = {2020},
  volume = {3},
  pages = {1--9},
  doi = {10.1/abc}
}
@misc{who2021,
  author = {{World Health Organization}},
  title = {Fact sheet},
  year = {2021},
  url = {https://example.org/facts}
}
"""


def test_project_bibliography_entries_have_an_identifier():
    refs = references.load()
    assert refs, "references.bib is empty"
    missing = [k for k, r in refs.items() if not (r.doi or r.pmid or r.url)]
    assert missing == [], f"entries without DOI, PMID or URL: {missing}"
    for key, ref in refs.items():
        assert ref.fields.get("title") and ref.fields.get("year"), key


def test_cite_and_format(tmp_path):
    p = tmp_path / "r.bib"
    p.write_text(BIB)
    refs = references.load(p)
    smith = refs["smith2020"]
    assert smith.short() == "Smith et al. 2020"
    assert smith.formatted(links=False) == "Smith A, Jones B, Lee C (2020). A Title. *J Test* 3, 1–9. doi:10.1/abc."
    assert smith.formatted().endswith("*J Test* 3, 1–9. [doi:10.1/abc](https://doi.org/10.1/abc).")
    who = refs["who2021"]
    assert who.short() == "World Health Organization 2021"
    assert "example.org/facts" in who.identifiers() and "https" not in who.identifiers()


def test_a_corporate_author_with_and_in_its_name_stays_one_author():
    from seedsoil.references import _split_authors

    assert _split_authors("{U.S. Food and Drug Administration}") == ["{U.S. Food and Drug Administration}"]
    names = _split_authors("Smith, A and {Ears and Eyes Group} and others")
    assert names == ["Smith, A", "{Ears and Eyes Group}", "others"]
    assert cite("fda2025prosense") == "U.S. Food and Drug Administration 2025"


def test_project_cite_and_bibliography():
    assert cite("paget1889") == "Paget 1889"
    md = bibliography(["fidler2003", "paget1889", "fidler2003"]).markdown()
    assert md.index("fidler2003") < md.index("paget1889")
    assert md.count('<a id="ref-fidler2003">') == 1
    assert "doi:10.1038/nrc1098" in md and "PMID 12778135" in md
    # a reader can follow each source: the DOI to doi.org, the PMID to PubMed
    assert "[doi:10.1038/nrc1098](https://doi.org/10.1038/nrc1098)" in md
    assert "[PMID 12778135](https://pubmed.ncbi.nlm.nih.gov/12778135/)" in md
    assert "(https://doi.org/10.1016/S0140-6736%2800%2949915-0)" in md  # brackets in a DOI escaped
    assert "https" not in repr(bibliography(["fidler2003"]))  # plain text where nothing is clickable


def test_unknown_key_and_empty():
    with pytest.raises(CitationError, match="'nope' is not in data/references.bib"):
        cite("nope")
    with pytest.raises(ValueError, match="at least one"):
        bibliography([])


def test_duplicate_and_broken_entries_name_the_line(tmp_path):
    p = tmp_path / "dup.bib"
    p.write_text(BIB + "\n@article{smith2020, title={again}, year={2021}, doi={10.1/x}}\n")
    with pytest.raises(ValueError, match=r"line \d+: duplicate citation key 'smith2020'"):
        references.load(p)
    p = tmp_path / "broken.bib"
    p.write_text("@article{x, title={unclosed}\n")
    with pytest.raises(ValueError, match="line 1: could not parse"):
        references.load(p)
    with pytest.raises(FileNotFoundError):
        references.load(tmp_path / "none.bib")


def test_names_with_latex_accents_are_decoded_not_hand_parsed(tmp_path):
    """Fran{\\c c}ois-Cl{\\'e}ment shows as François-Clément, so her initials are FC (not 'FcC'),
    and a von part ('de') stays with the surname."""
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{b1,\n  author = {Bidard, Fran{\\c c}ois-Cl{\\'e}ment and L{\\'e}gar{\\'e}, France and others},\n"
        "  title = {A {PROTAC} trial},\n  journal = {J},\n  year = {2025},\n  doi = {10.1/x}\n}\n"
        '@article{b2,\n  author = {de Bruijn, Peter and Sm{\\"o}rgrav, {\\AA}se},\n  title = {T},\n'
        "  journal = {J},\n  year = {2002},\n  pmid = {1}\n}\n",
        encoding="utf-8",
    )
    refs = references.load(bib)
    assert refs["b1"].formatted(links=False).startswith("Bidard FC, Légaré F et al. (2025). A PROTAC trial.")
    assert refs["b1"].short() == "Bidard et al. 2025"
    assert refs["b2"].formatted(links=False).startswith("de Bruijn P, Smörgrav Å (2002).")


def test_the_course_shows_bidards_initials_decoded():
    """The SERENA-6 report's first author, in 08's references as the page, deck, student notebook
    and search index read them (the stored output of its References cell)."""
    from nbtools import read_notebook

    text = "".join(
        str(output.get("data", {}))
        for cell in read_notebook("08_treating_metastatic_disease.ipynb").cells
        if "bibliography(" in cell.source
        for output in cell.outputs
    )
    assert "Bidard FC" in text and "FcC" not in text
