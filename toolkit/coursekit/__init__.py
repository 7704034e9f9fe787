"""coursekit: the toolkit that builds, stamps, exports, screenshots and measures the Seed & Soil course.

It runs in a clone of the project and depends on the student library ``seedsoil``; the library
never imports it (``tests/test_layers.py`` checks).  Modules:

- ``paths``: the project's folders;
- ``cells``: the markers of the notebook cells generated from the manifest;
- ``stamp``: writes those cells, the glossary page and the teacher's-guide minutes table;
- ``glossary``: the glossary page and the links from each term's first use;
- ``notebooks``: reading, executing and storing notebooks as JupyterLab writes them;
- ``build``: the offline course in ``_build/`` (reading pages, slides, student copies);
- ``figures``: exports the figures that notebook cells draw, for teachers' own slides;
- ``bundle``: the student bundle (notebooks, wheel, requirements, setup page);
- ``browser``: drives Debian's Chromium for the browser tests and screenshots;
- ``bench``: time and memory of each notebook against its import-only floor.

Command line: ``python -m coursekit --help``.
"""

import sys

# nbformat validates notebooks with jsonschema, which, when ``rfc3987_syntax`` is installed (as a
# dependency of JupyterLab's event schemas), compiles an IRI grammar at import: about a second of
# every toolkit command, for a format notebooks never use. Without it jsonschema skips that check.
sys.modules.setdefault("rfc3987_syntax", None)
