"""seedsoil: the vocabulary of the Seed & Soil course on metastatic breast cancer.

Modules: ``course`` (the manifest), ``style`` (figure style), ``exercises`` (instant feedback),
``references`` (bibliography), ``diagrams`` (networkx + matplotlib figures), ``stamp`` (cells
generated from course.yml) and ``build`` (the offline course).
"""

__version__ = "0.1.0"
